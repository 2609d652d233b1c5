// Inventory vars → ConnectTarget: defaults, env lookups, jump hosts, and errors that name the variable only.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src/errors.js';
import { parseJumpSpec, resolveTarget } from '../../../../src/connections/ssh/target.js';

describe('resolveTarget', () => {
  it('fills the defaults: port 22, platform ftd, user admin, sudo password = login password', () => {
    const t = resolveTarget({ inventory_hostname: 'ftd-001', ansible_host: '127.0.0.1', ansible_password: 'pw' }, {});
    expect(t).toEqual({ name: 'ftd-001', host: '127.0.0.1', port: 22, user: 'admin', platform: 'ftd', password: 'pw', sudoPassword: 'pw' });
  });

  it('reads the password, passphrase and sudo password from the env vars the inventory names', () => {
    const t = resolveTarget(
      {
        inventory_hostname: 'fmc',
        ansible_host: '127.0.0.1',
        ansible_port: '2202',
        ansible_user: 'ops',
        firemend_platform: 'fmc',
        firemend_password_env: 'FMC_PW',
        ansible_ssh_private_key_file: '/keys/id',
        firemend_passphrase_env: 'KEY_PASS',
        firemend_sudo_password_env: 'SUDO_PW',
      },
      { FMC_PW: 'a', KEY_PASS: 'b', SUDO_PW: 'c' },
    );
    expect(t).toMatchObject({ port: 2202, user: 'ops', platform: 'fmc', password: 'a', privateKeyPath: '/keys/id', passphrase: 'b', sudoPassword: 'c' });
  });

  it('names the host and the variable, never a value, when an env var is missing', () => {
    let err: unknown;
    try {
      resolveTarget({ inventory_hostname: 'ftd-007', ansible_password: 'not-this', firemend_password_env: 'FTD_PASSWORD' }, {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe('host ftd-007: environment variable FTD_PASSWORD (named by firemend_password_env) is not set');
  });

  it('builds a jump host from user@host:port with the same credentials', () => {
    const t = resolveTarget({ inventory_hostname: 'ftd-1', ansible_host: '10.0.0.5', ansible_password: 'pw', firemend_jump_host: 'jumper@127.0.0.1:2222' }, {});
    expect(t.jump).toEqual({ name: 'ftd-1 jump 127.0.0.1', host: '127.0.0.1', port: 2222, user: 'jumper', platform: 'linux', password: 'pw' });
    const obj = resolveTarget({ inventory_hostname: 'ftd-2', ansible_password: 'pw', firemend_jump_host: { inventory_hostname: 'bastion', ansible_host: '127.0.0.1', ansible_user: 'j', ansible_password: 'jp' } }, {});
    expect(obj.jump).toMatchObject({ name: 'bastion', user: 'j', platform: 'linux', password: 'jp' });
  });

  it('uses the ssh-agent only when no password or key is configured', () => {
    expect(resolveTarget({ inventory_hostname: 'a', ansible_user: 'u' }, { SSH_AUTH_SOCK: '/tmp/agent' }).agent).toBe('/tmp/agent');
    expect(resolveTarget({ inventory_hostname: 'a', ansible_password: 'p' }, { SSH_AUTH_SOCK: '/tmp/agent' }).agent).toBeUndefined();
  });

  it('rejects an unknown platform, a bad port and a linux host without a user', () => {
    expect(() => resolveTarget({ inventory_hostname: 'x', firemend_platform: 'asa' }, {})).toThrow(/firemend_platform/);
    expect(() => resolveTarget({ inventory_hostname: 'x', ansible_port: 70000 }, {})).toThrow(/ansible_port/);
    expect(() => resolveTarget({ inventory_hostname: 'x', firemend_platform: 'linux' }, {})).toThrow(/ansible_user/);
  });

  it('parses jump specs with and without user and port', () => {
    expect(parseJumpSpec('bastion')).toEqual({ host: 'bastion' });
    expect(parseJumpSpec('u@[::1]:2200')).toEqual({ user: 'u', host: '::1', port: 2200 });
    expect(parseJumpSpec('bad spec')).toBeUndefined();
  });
});
