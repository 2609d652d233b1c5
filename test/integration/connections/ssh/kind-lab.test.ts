// The ssh kind as the engine sees it, against the simulated FTD lab over real SSH: a host's vars chosen and
// resolved through the registry, actions as data, the read-only guard inside the connection in check mode.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../../src/connections/connection.js';
import { ConnectionRegistry } from '../../../../src/connections/registry.js';
import { startLab, type Lab } from '../../../../src/lab/index.js';

const PASSWORD = 'lab-secret-pw';

describe('the ssh kind against the FTD lab', () => {
  let lab: Lab;
  let work: string;
  let vars: (n: number) => Record<string, unknown>;
  const registry = new ConnectionRegistry();
  const options = (readOnly: boolean) => ({ connectTimeoutMs: 5_000, commandTimeoutMs: 10_000, readOnly });

  beforeAll(async () => {
    lab = await startLab({ devices: 2, password: PASSWORD, rebootSeconds: 1 });
    work = await mkdtemp(join(tmpdir(), 'firemend-kind-lab-'));
    const knownHosts = join(work, 'known_hosts');
    await writeFile(knownHosts, lab.knownHosts());
    vars = (n) => {
      const d = lab.devices[n];
      if (!d) throw new Error('no such lab device');
      return { inventory_hostname: d.name, ansible_host: '127.0.0.1', ansible_port: d.port, ansible_connection: 'network_cli', ansible_password: PASSWORD, firemend_known_hosts: knownHosts, firemend_host_key_policy: 'strict' };
    };
  });
  afterAll(async () => {
    await lab?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  describe('opened read-only (check mode)', () => {
    let c: Connection;
    const sent: string[] = [];
    beforeAll(async () => {
      const { kind, target } = registry.resolve(vars(0), {});
      expect(kind.name).toBe('ssh');
      expect(target.address).toBe(`127.0.0.1:${lab.devices[0]?.port}`);
      expect(target.secrets).toContain(PASSWORD);
      c = await kind.open(target, { ...options(true), onTranscript: (direction, text) => direction === 'sent' && sent.push(text) });
    });
    afterAll(async () => c?.close());

    it('runs a read-only check command', async () => {
      const r = await c.run({ kind: 'command', command: 'show version', mode: 'clish' }, 'check');
      expect(r.output).toMatch(/Cisco Firepower Threat Defense/);
      expect(r.deviceError).toBeUndefined();
    });

    it('refuses a fix, a check that is not read-only and a reboot, sending nothing', async () => {
      const configure = { kind: 'command', command: 'configure network dns servers 1.1.1.1', mode: 'clish' } as const;
      await expect(c.run(configure, 'fix')).rejects.toMatchObject({ code: 'E_READ_ONLY' });
      await expect(c.run(configure, 'check')).rejects.toMatchObject({ code: 'E_READ_ONLY' });
      await expect(c.run({ kind: 'reboot', timeoutMs: 30_000 }, 'fix')).rejects.toMatchObject({ code: 'E_READ_ONLY' });
      expect(sent.join('')).not.toMatch(/configure|reboot/);
    });

    it('refuses an api action, which ssh cannot send', async () => {
      await expect(c.run({ kind: 'api', method: 'GET', path: '/api/x' }, 'check')).rejects.toMatchObject({ code: 'E_INPUT' });
    });
  });

  it('reboots through a reboot action when not read-only, reporting the phases', async () => {
    const { kind, target } = registry.resolve(vars(1), {});
    const c = await kind.open(target, options(false));
    try {
      const r = await c.run({ kind: 'reboot', timeoutMs: 60_000 }, 'fix');
      expect(r.reboot?.totalMs).toBeGreaterThanOrEqual(r.reboot?.downAfterMs ?? Infinity);
      expect((await c.run({ kind: 'command', command: 'show version', mode: 'clish' }, 'check')).output).toMatch(/Cisco/);
    } finally {
      await c.close();
    }
  });
});
