// known_hosts parsing and matching, including entries hashed by `ssh-keygen -H` (captured, not computed here).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appendKnownHost,
  entriesFor,
  entryMatches,
  fingerprint,
  keyTypeOf,
  knownHostsName,
  knownKeyTypes,
  parseKnownHosts,
  verifyHostKey,
} from '../../../../src/connections/ssh/known-hosts.js';
import { KnownHostsCache, prepareHostKeyCheck } from '../../../../src/connections/ssh/host-key.js';

const KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAIPEz1YW9eh4fsc0whSvdgsaJuFve07t+BKihpgpl7IZq';
const BLOB = Buffer.from(KEY, 'base64');
const OTHER = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIKzL8rqfFbZrmEtGa27i0Vx0FfUr4A0nLsYOvN6o1u2h', 'base64');
// `ssh-keygen -H` output for "[10.1.2.3]:2222" and "ftd01.example.net" with the key above.
const HASHED = `|1|urscz7JV8U9oJlnkbToCo9i9Cvs=|cCNilp4WLNHOkfzHNH5m0wAXra4= ssh-ed25519 ${KEY}
|1|x/cPxJSZiX+gx2oyLqF7aRl3GOo=|TfXC3L8bIWCMDlJUe2c1BY6OLNM= ssh-ed25519 ${KEY}
`;

describe('known_hosts', () => {
  it('finds through its index exactly the entries a scan of every line finds, in file order', () => {
    const known = parseKnownHosts(
      [
        `[127.0.0.1]:2201 ssh-ed25519 ${KEY}`,
        `[127.0.0.1]:2202,[127.0.0.1]:2201 ssh-rsa ${KEY}`,
        `[127.0.0.1]:22* ssh-ed25519 ${KEY}`,
        `[127.0.0.1]:2*,![127.0.0.1]:2202 ecdsa-sha2-nistp256 ${KEY}`,
        `FTD01.Example.NET ssh-ed25519 ${KEY}`,
        `@revoked [127.0.0.1]:2202 ssh-ed25519 ${KEY}`,
        HASHED.trim(),
        `ftd01.example.net ssh-rsa ${KEY}`,
      ].join('\n'),
    );
    for (const [host, port] of [
      ['127.0.0.1', 2201],
      ['127.0.0.1', 2202],
      ['127.0.0.1', 2299],
      ['127.0.0.1', 22],
      ['ftd01.example.net', 22],
      ['10.1.2.3', 2222],
      ['10.9.9.9', 22],
    ] as const) {
      expect(entriesFor(known, host, port)).toEqual(known.entries.filter((e) => entryMatches(e, host, port)));
    }
    // Entries added after a lookup (accept-new into a cached file) are seen by the next one.
    known.entries.push({ line: 99, patterns: ['[127.0.0.1]:3400'], keyType: 'ssh-ed25519', key: KEY });
    expect(entriesFor(known, '127.0.0.1', 3400)).toHaveLength(1);
  });

  it('names non-standard ports in brackets, as OpenSSH writes them', () => {
    expect(knownHostsName('10.0.0.1', 22)).toBe('10.0.0.1');
    expect(knownHostsName('127.0.0.1', 2201)).toBe('[127.0.0.1]:2201');
  });

  it('matches hashed entries by HMAC-SHA1 of the host name, port included', () => {
    const known = parseKnownHosts(HASHED);
    expect(verifyHostKey(known, '10.1.2.3', 2222, BLOB).kind).toBe('match');
    expect(verifyHostKey(known, 'ftd01.example.net', 22, BLOB).kind).toBe('match');
    expect(verifyHostKey(known, '10.1.2.3', 22, BLOB).kind).toBe('unknown');
    expect(verifyHostKey(known, '10.1.2.3', 2222, OTHER).kind).toBe('changed');
  });

  it('handles comma lists, wildcards, negation, comments and markers', () => {
    const known = parseKnownHosts(
      [
        '# lab devices',
        `ftd-a,[127.0.0.1]:2201 ssh-ed25519 ${KEY}`,
        `*.dc1.example,!bad.dc1.example ssh-ed25519 ${KEY}`,
        `@revoked revoked-host ssh-ed25519 ${KEY}`,
        `@cert-authority *.example ssh-ed25519 ${KEY}`,
        'garbage-line-without-key',
        '',
      ].join('\n'),
    );
    expect(verifyHostKey(known, '127.0.0.1', 2201, BLOB).kind).toBe('match');
    expect(verifyHostKey(known, 'FTD-A', 22, BLOB).kind).toBe('match');
    expect(verifyHostKey(known, 'fw1.dc1.example', 22, BLOB).kind).toBe('match');
    expect(verifyHostKey(known, 'bad.dc1.example', 22, BLOB).kind).toBe('unknown');
    expect(verifyHostKey(known, 'revoked-host', 22, BLOB).kind).toBe('revoked');
    expect(verifyHostKey(known, 'other.example', 22, BLOB).kind).toBe('unknown');
    const changed = verifyHostKey(known, 'ftd-a', 22, OTHER);
    expect(changed.kind).toBe('changed');
    expect(changed.kind === 'changed' && changed.entry.line).toBe(2);
  });

  it('reads the key type from the blob and prints an OpenSSH fingerprint', () => {
    expect(keyTypeOf(BLOB)).toBe('ssh-ed25519');
    expect(fingerprint(BLOB)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(knownKeyTypes(parseKnownHosts(HASHED), '10.1.2.3', 2222)).toEqual(['ssh-ed25519']);
  });
});

describe('host-key policies', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'firemend-kh-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function check(policy: 'strict' | 'accept-new' | 'off', file: string, blob: Buffer, warnings: string[] = []) {
    const c = await prepareHostKeyCheck({ cache: new KnownHostsCache(), path: file, policy, name: 'ftd-x', host: '127.0.0.1', port: 2201, warn: (m) => warnings.push(m) });
    return c.verify(blob);
  }

  it('strict refuses unknown and changed keys with distinct codes', async () => {
    const file = join(dir, 'kh');
    await writeFile(file, `[127.0.0.1]:2201 ssh-ed25519 ${KEY}\n`);
    expect(await check('strict', file, BLOB)).toBeUndefined();
    expect((await check('strict', file, OTHER))?.code).toBe('E_HOSTKEY_CHANGED');
    expect((await check('strict', join(dir, 'missing'), BLOB))?.code).toBe('E_HOSTKEY_UNKNOWN');
  });

  it('accept-new records an unknown key on its own line and still refuses a changed one', async () => {
    const file = join(dir, 'kh');
    await writeFile(file, '# no newline at end');
    const warnings: string[] = [];
    expect(await check('accept-new', file, BLOB, warnings)).toBeUndefined();
    expect(await readFile(file, 'utf8')).toBe(`# no newline at end\n[127.0.0.1]:2201 ssh-ed25519 ${KEY}\n`);
    expect(warnings[0]).toMatch(/accepted new host key for ftd-x/);
    expect((await check('accept-new', file, OTHER))?.code).toBe('E_HOSTKEY_CHANGED');
    await appendKnownHost(join(dir, 'sub', 'kh2'), 'h', 22, BLOB);
    expect(await readFile(join(dir, 'sub', 'kh2'), 'utf8')).toBe(`h ssh-ed25519 ${KEY}\n`);
  });

  it('off accepts anything and warns every time', async () => {
    const warnings: string[] = [];
    expect(await check('off', join(dir, 'none'), OTHER, warnings)).toBeUndefined();
    expect(warnings[0]).toMatch(/HOST KEY CHECKING IS OFF for ftd-x/);
  });
});
