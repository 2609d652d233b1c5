// HA pairs in the lab over real SSH (plain ssh2 client): `show failover` on both units before, during and after
// a reboot, the role flip when the Active unit reboots, and the traffic-down record when both units are down.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../../../src/lab/index.js';
import { parseShowFailover } from '../../../src/parsers/show-failover.js';
import { Shell, connect, exec } from './ssh-helpers.js';

let lab: Lab;
let auditDir: string;

// Long enough that the mate can be asked while its peer is down (an exec takes well under a second here).
const REBOOT_SECONDS = 3;

beforeAll(async () => {
  auditDir = mkdtempSync(join(tmpdir(), 'lab-ha-'));
  lab = await startLab({ devices: 5, haPairs: 2, seed: 'ha', rebootSeconds: REBOOT_SECONDS, auditDir });
});
afterAll(async () => {
  await lab.stop();
  rmSync(auditDir, { recursive: true, force: true });
});

const port = (name: string): number => {
  const d = lab.devices.find((x) => x.name === name);
  if (!d) throw new Error(`no device ${name}`);
  return d.port;
};

async function failover(name: string): Promise<{ text: string; facts: Record<string, unknown> }> {
  const { stdout, code } = await exec(port(name), 'show failover');
  expect(code).toBe(0);
  return { text: stdout, facts: parseShowFailover(stdout) as Record<string, unknown> };
}

// Confirm a reboot in an interactive session, as an operator would; resolves once the device dropped us.
async function reboot(name: string): Promise<void> {
  const sh = await Shell.open({ port: port(name) });
  await sh.run('reboot', /'YES' or 'NO': $/);
  sh.stream.write('YES\r');
  await sh.waitClosed();
}

async function waitUp(name: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const up = await connect({ port: port(name) }).then(
      (c) => (c.end(), true),
      () => false,
    );
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not come back`);
}

interface AuditLine {
  event?: string;
  device: string;
  pair?: string[];
  trigger?: string;
  command?: string;
}

function auditOf(name: string): AuditLine[] {
  return readFileSync(join(auditDir, `${name}.jsonl`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as AuditLine);
}

describe('an HA pair in the lab', () => {
  it('writes ha_peer for both units of each pair into the inventory and none for the standalone unit', () => {
    const doc = parse(lab.inventoryYaml()) as { all: { children: { ftd: { children: Record<string, { hosts: Record<string, Record<string, unknown>> }> } } } };
    const hosts = Object.assign({}, ...Object.values(doc.all.children.ftd.children).map((g) => g.hosts)) as Record<string, Record<string, unknown>>;
    expect(hosts['ftd-001']?.['ha_peer']).toBe('ftd-002');
    expect(hosts['ftd-002']?.['ha_peer']).toBe('ftd-001');
    expect(hosts['ftd-003']?.['ha_peer']).toBe('ftd-004');
    expect(hosts['ftd-004']?.['ha_peer']).toBe('ftd-003');
    expect(hosts['ftd-005']).not.toHaveProperty('ha_peer');
    // Both units of a pair sit in the same site, hence the same SSE region.
    expect(lab.devices[0]?.region).toBe(lab.devices[1]?.region);
  });

  it('shows Failover On with Primary Active and Secondary Standby Ready, mirrored on the peer, and Failover Off when standalone', async () => {
    const a = await failover('ftd-001');
    expect(a.text).toMatch(/^Failover On \nFailover unit Primary\n/);
    expect(a.text).toContain('\tThis host: Primary - Active \n');
    expect(a.text).toContain('\tOther host: Secondary - Standby Ready \n');
    expect(a.facts).toMatchObject({ failover_on: true, unit: 'Primary', this_state: 'Active', peer_state: 'Standby Ready', last_failover_at: null });
    const b = await failover('ftd-002');
    expect(b.facts).toMatchObject({
      failover_on: true,
      unit: 'Secondary',
      this_host: { role: 'Secondary', state: 'Standby Ready' },
      other_host: { role: 'Primary', state: 'Active' },
    });
    const solo = await failover('ftd-005');
    expect(solo.text).toMatch(/^Failover Off\n/);
    expect(solo.facts).toMatchObject({ failover_on: false, this_state: null, peer_state: null });
  });

  it('fails over to the peer while the Active unit reboots, and brings the rebooted unit back as Standby Ready', async () => {
    await reboot('ftd-001');
    expect(lab.device('ftd-001').down).toBe(true);
    const during = await failover('ftd-002');
    expect(during.text).toContain('\tThis host: Secondary - Active \n');
    expect(during.text).toContain('\tOther host: Primary - Not Detected \n');
    expect(during.facts).toMatchObject({ this_state: 'Active', peer_state: 'Not Detected' });
    expect(during.facts['last_failover_at']).toMatch(/^\d\d:\d\d:\d\d UTC [A-Z][a-z]{2} \d{1,2} \d{4}$/);

    await waitUp('ftd-001');
    const back = await failover('ftd-001');
    expect(back.facts).toMatchObject({ unit: 'Primary', this_state: 'Standby Ready', peer_state: 'Active' });
    const peer = await failover('ftd-002');
    expect(peer.facts).toMatchObject({ unit: 'Secondary', this_state: 'Active', peer_state: 'Standby Ready' });
    // One unit down at a time never takes the pair's traffic down.
    expect(lab.pairOutages()).toEqual([]);
    expect(auditOf('ftd-002').some((l) => l.event === 'ha-traffic-down')).toBe(false);
  });

  it('keeps the Active unit Active when the Standby reboots', async () => {
    await reboot('ftd-001');
    const during = await failover('ftd-002');
    expect(during.facts).toMatchObject({ this_state: 'Active', peer_state: 'Not Detected' });
    await waitUp('ftd-001');
    expect((await failover('ftd-001')).facts).toMatchObject({ this_state: 'Standby Ready', peer_state: 'Active' });
    expect(lab.pairOutages()).toEqual([]);
  });

  it('records traffic down on the pair, with an audit line on both units, when both units are rebooted at once', async () => {
    await reboot('ftd-003');
    await reboot('ftd-004');
    const outages = lab.pairOutages();
    expect(outages).toHaveLength(1);
    expect(outages[0]).toMatchObject({ pair: ['ftd-003', 'ftd-004'] });
    expect(outages[0]?.endedAt).toBeUndefined();
    for (const name of ['ftd-003', 'ftd-004']) {
      const events = auditOf(name).filter((l) => l.event === 'ha-traffic-down');
      expect(events).toEqual([expect.objectContaining({ device: name, pair: ['ftd-003', 'ftd-004'], trigger: 'ftd-004' })]);
    }
    // The other pair and the standalone unit are untouched.
    expect(auditOf('ftd-001').filter((l) => l.event !== undefined)).toEqual([]);

    await waitUp('ftd-003');
    await waitUp('ftd-004');
    const ended = lab.pairOutages()[0];
    expect(ended?.endedAt).toBeGreaterThanOrEqual(ended?.startedAt ?? Infinity);
    // The first unit back takes over; the other joins it as Standby Ready.
    const states = [(await failover('ftd-003')).facts['this_state'], (await failover('ftd-004')).facts['this_state']];
    expect(states.sort()).toEqual(['Active', 'Standby Ready']);
  });
});
