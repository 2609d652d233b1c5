// A lab with device timing and a network round trip, over real SSH: every answer of the mode ladder is drawn from
// its kind and recorded, and the handshake's round trips are counted (no elapsed time is asserted).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab, type TimingProfile } from '../../../src/lab/index.js';
import { rootShell } from './ssh-helpers.js';

const tiny = { medianMs: 2, sigma: 0.2, minMs: 1, maxMs: 5 };
const profile: TimingProfile = { login: tiny, clish: tiny, shell: tiny, expert: tiny, sudo: tiny, auth: tiny, exit: tiny };

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ devices: 2, seed: 'timing', timing: profile, latencyMs: 3, rebootSeconds: 1 });
});
afterAll(async () => {
  await lab.stop();
});

describe('a lab with --timing and --latency-ms', () => {
  it('draws one delay per answer by kind, counts the handshake round trips, and reports the critical path', async () => {
    const name = lab.devices[0]!.name;
    const sh = await rootShell(lab.devices[0]!.port);
    await sh.run('echo hi');
    await sh.run('exit');
    await sh.run('exit');
    await sh.cmd('show network');
    sh.close();
    const ledger = lab.timingReport();
    const rec = ledger.devices.find((d) => d.device === name)!;
    expect(ledger.rttMs).toBe(3);
    expect(rec.sessions).toBe(1);
    expect(Object.fromEntries(Object.entries(rec.byKind).map(([k, v]) => [k, v.n]))).toEqual({ login: 1, clish: 1, expert: 1, sudo: 1, auth: 1, shell: 1, exit: 2 });
    expect(rec.answers).toBe(8);
    expect(rec.handshakeFlights).toBeGreaterThan(2);
    expect(rec.criticalMs).toBe(rec.delayMs + (rec.answers + rec.handshakeFlights) * 3);
    // The other device was never contacted.
    expect(ledger.devices.find((d) => d.device !== name)).toMatchObject({ sessions: 0, answers: 0, handshakeFlights: 0 });
  });
});
