import { describe, expect, it } from 'vitest';
import { resolveFmcTarget } from '../../../../src/connections/httpapi/target.js';

const base = { inventory_hostname: 'fmc1', ansible_host: '10.0.0.5', ansible_user: 'api' };

describe('FMC targets from host vars', () => {
  it('takes the defaults: port 443, checks on, 120 requests a minute, Global', () => {
    const t = resolveFmcTarget({ ...base, firemend_password_env: 'PW' }, { PW: 'secret-pw-1' });
    expect(t).toEqual({ name: 'fmc1', address: '10.0.0.5', secrets: ['secret-pw-1'], host: '10.0.0.5', port: 443, user: 'api', password: 'secret-pw-1', validateCerts: true, rateLimitPerMinute: 120 });
  });

  it('reads port, CA file, validate_certs, domain and rate', () => {
    const t = resolveFmcTarget({ ...base, ansible_password: 'vault-pw-1', ansible_httpapi_port: '8443', firemend_ca_file: 'ca.pem', ansible_httpapi_validate_certs: 'no', fmc_domain: 'Global/Branch', fmc_rate_limit_per_minute: 300 }, {});
    expect(t).toMatchObject({ address: '10.0.0.5:8443', port: 8443, caFile: 'ca.pem', validateCerts: false, domain: 'Global/Branch', rateLimitPerMinute: 300, password: 'vault-pw-1' });
  });

  it('names the host and the variable, never the secret, when something is wrong', () => {
    expect(() => resolveFmcTarget({ ...base, firemend_password_env: 'NOPE' }, {})).toThrow('host fmc1: environment variable NOPE (named by firemend_password_env) is not set');
    expect(() => resolveFmcTarget({ ...base }, {})).toThrow(/host fmc1: no password for the FMC/);
    expect(() => resolveFmcTarget({ inventory_hostname: 'fmc1', ansible_password: 'pw-123456' }, {})).toThrow(/host fmc1: ansible_user is required/);
    expect(() => resolveFmcTarget({ ...base, ansible_password: 'pw-123456', ansible_httpapi_port: 70000 }, {})).toThrow('host fmc1: ansible_httpapi_port must be a whole number 1-65535, got 70000');
    expect(() => resolveFmcTarget({ ...base, ansible_password: 'pw-123456', ansible_httpapi_validate_certs: 'maybe' }, {})).toThrow('host fmc1: ansible_httpapi_validate_certs must be a boolean (true or false), got "maybe"');
    expect(() => resolveFmcTarget({ ...base, ansible_password: 'pw-123456', fmc_rate_limit_per_minute: 0 }, {})).toThrow(/fmc_rate_limit_per_minute must be a whole number/);
  });
});

describe('the registry', () => {
  it('chooses the httpapi kind for ansible_connection: httpapi on an fmc host, and refuses it for an ftd', async () => {
    const { ConnectionRegistry } = await import('../../../../src/connections/registry.js');
    const reg = new ConnectionRegistry();
    const r = reg.resolve({ ...base, ansible_connection: 'httpapi', firemend_platform: 'fmc', ansible_password: 'pw-123456' }, {});
    expect(r.kind.name).toBe('httpapi');
    expect(r.kind.actions).toEqual(['api']);
    expect(r.target.address).toBe('10.0.0.5');
    expect(() => reg.resolve({ ...base, ansible_connection: 'httpapi', ansible_password: 'pw-123456' }, {})).toThrow("host fmc1: firemend_platform 'ftd' cannot be reached with ansible_connection 'httpapi' (it serves fmc)");
  });
});
