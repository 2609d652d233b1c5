// How a host's vars choose its connection kind, and the one table of platforms and modes.
import { describe, expect, it } from 'vitest';
import { PLATFORM_NAMES, PLATFORMS, modeFits, platformForMode } from '../../../src/connections/platforms.js';
import { BUILTIN_KINDS, ConnectionRegistry } from '../../../src/connections/registry.js';
import { profileFor } from '../../../src/connections/ssh/profiles.js';
import { FakeApiKind } from '../../helpers/fake-api-kind.js';

describe('the connection registry', () => {
  const registry = new ConnectionRegistry([...BUILTIN_KINDS, new FakeApiKind()]);

  it('uses ssh when a host names no connection, and for the SSH names Ansible uses', () => {
    for (const c of [undefined, '', 'ssh', 'network_cli', 'paramiko', 'smart', 'ansible.netcommon.network_cli']) {
      expect(registry.kindFor({ inventory_hostname: 'fw', ansible_connection: c }).name).toBe('ssh');
    }
  });

  it('chooses the kind ansible_connection names', () => {
    expect(registry.kindFor({ inventory_hostname: 'fmc', ansible_connection: 'httpapi', firemend_platform: 'fmc' }).name).toBe('httpapi');
  });

  it('refuses a connection no kind serves, naming the host and what is supported', () => {
    expect(() => registry.kindFor({ inventory_hostname: 'fw-9', ansible_connection: 'winrm' })).toThrow(
      "host fw-9: ansible_connection 'winrm' is not supported (firemend supports ssh, httpapi, network_cli, paramiko, smart, ansible.netcommon.network_cli)",
    );
  });

  it('refuses a platform the chosen kind does not serve, naming the host', () => {
    expect(() => registry.kindFor({ inventory_hostname: 'fw-1', ansible_connection: 'httpapi', firemend_platform: 'ftd' })).toThrow(
      "host fw-1: firemend_platform 'ftd' cannot be reached with ansible_connection 'httpapi' (it serves fmc)",
    );
    expect(() => registry.kindFor({ inventory_hostname: 'x', firemend_platform: 'asa' })).toThrow(/host x: firemend_platform 'asa' cannot be reached with ansible_connection 'ssh'/);
  });

  it('resolves kind and target together, the target from the kind', () => {
    const r = new ConnectionRegistry().resolve({ inventory_hostname: 'fw', ansible_host: '10.1.1.1', ansible_password: 'pw-123456' }, {});
    expect(r.kind.name).toBe('ssh');
    expect(r.target).toMatchObject({ name: 'fw', address: '10.1.1.1', secrets: ['pw-123456', 'pw-123456'] });
  });
});

describe('the platforms table', () => {
  it("is what the SSH device profiles climb: each platform's modes are its ladder, login mode first", () => {
    for (const p of PLATFORM_NAMES) expect(profileFor(p).modes.map((m) => m.name)).toEqual([...PLATFORMS[p].modes]);
  });

  it('decides which modes fit which platform, and the platform a mode implies without an inventory', () => {
    expect(modeFits('shell', 'linux')).toBe(true);
    expect(modeFits('shell', 'ftd')).toBe(false);
    expect(modeFits('expert', 'fmc')).toBe(true);
    expect(modeFits('clish', 'asa')).toBe(false);
    expect(platformForMode('shell')).toBe('linux');
    expect(platformForMode('root')).toBe('ftd');
  });
});
