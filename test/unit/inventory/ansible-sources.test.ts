// Sources and vault beyond the conformance suite: errors located at file:line, limits, vault failures.
import { mkdtempSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { loadInventory } from '../../../src/inventory/load-inventory.js';
import { pythonLiteral } from '../../../src/inventory/python-literal.js';
import { decryptVault, VaultError } from '../../../src/vault/vault.js';

const CONF = join(import.meta.dirname, '../../ansible-conformance');
const pw = (s: string) => ({ id: 'default', password: Buffer.from(s) });

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'fm-inv-'));
  for (const [f, t] of Object.entries(files)) writeFileSync(join(d, f), t);
  return d;
}

async function problems(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (err) {
    if (err instanceof InputError) return err.diagnostics.map((d) => `${d.pos.file.split('/').pop() ?? ''}:${d.pos.line}: ${d.message}`);
    throw err;
  }
  return [];
}

describe('python literals in INI values (ast.literal_eval)', () => {
  it('types numbers, booleans, None, lists, dicts and quoted strings; leaves the rest as text', () => {
    expect(pythonLiteral('22')).toBe(22);
    expect(pythonLiteral('0o17')).toBe(15);
    expect(pythonLiteral('017')).toBe('017');
    expect(pythonLiteral('True')).toBe(true);
    expect(pythonLiteral('yes')).toBe('yes');
    expect(pythonLiteral('None')).toBeNull();
    expect(pythonLiteral("[1, 'two', (3, 4)]")).toEqual([1, 'two', [3, 4]]);
    expect(pythonLiteral("{'a': 1}")).toEqual({ a: 1 });
    expect(pythonLiteral('"x y"')).toBe('x y');
    expect(pythonLiteral('-5')).toBe(-5);
    expect(pythonLiteral('1e3')).toBe(1000);
    expect(pythonLiteral('hello world')).toBe('hello world');
  });
});

describe('INI errors', () => {
  it('names file:line for an undefined child group and a bad section', async () => {
    const d = dir({ a: '[p:children]\nnope\n', b: '[g]\nh\n[g:bogus]\n' });
    expect(await problems(loadInventory(join(d, 'a')))).toEqual(['a:2: Section [p:children] includes undefined group: nope']);
    expect(await problems(loadInventory(join(d, 'b')))).toEqual(['b:3: Section [g:bogus] has unknown type: bogus']);
  });
  it('refuses a host entry ending in a bare colon', async () => {
    const d = dir({ hosts: '[g]\nfw01:\n' });
    expect((await problems(loadInventory(join(d, 'hosts'))))[0]).toMatch(/^hosts:2: Invalid host pattern 'fw01:'/);
  });
});

describe('limits and clear refusals', () => {
  it('refuses an inventory above the size limit before parsing it', async () => {
    const d = dir({ 'big.yml': 'all:\n  hosts:\n' + '    h: {}\n'.repeat(100) });
    expect(await problems(loadInventory(join(d, 'big.yml'), { maxBytes: 100 }))).toEqual(['big.yml:1: inventory is 0.0 MiB, above the limit of 0 MiB']);
  });
  it('names an unsupported inventory plugin', async () => {
    const d = dir({ 'aws.yml': 'plugin: amazon.aws.aws_ec2\nregions: [eu-west-1]\n' });
    expect(await problems(loadInventory(join(d, 'aws.yml')))).toEqual([
      "aws.yml:1: inventory plugin amazon.aws.aws_ec2 is not supported (firemend implements YAML, INI, JSON, scripts, host lists, 'constructed' and 'fmc')",
    ]);
  });
  it('stops a script that does not finish within its timeout', async () => {
    const d = dir({ 'slow.sh': '#!/bin/sh\nexec sleep 30\n' });
    chmodSync(join(d, 'slow.sh'), 0o755);
    const got = await problems(loadInventory(join(d, 'slow.sh'), { scriptTimeoutMs: 300 }));
    expect(got[0]).toMatch(/inventory script --list timed out/);
  });
});

describe('vault', () => {
  const vaultedFile = readFileSync(join(CONF, 'vault-src/inv-vaulted.yml'), 'utf8');
  it('opens an ansible-vault 1.1 file with its password', () => {
    expect(decryptVault(vaultedFile, [pw('conformance-pass')]).toString('utf8')).toContain('whole-file-secret');
  });
  it('refuses a wrong password and a tampered body, without plaintext in the message', () => {
    expect(() => decryptVault(vaultedFile, [pw('wrong')])).toThrow(/wrong vault password, or the vault data was changed/);
    const lines = vaultedFile.split('\n');
    const last = lines[lines.length - 2] as string;
    lines[lines.length - 2] = last.slice(0, -2) + (last.endsWith('00') ? '11' : '00');
    expect(() => decryptVault(lines.join('\n'), [pw('conformance-pass')])).toThrow(VaultError);
  });
  it('reports a !vault value with a wrong password at its file:line, and a vault file without any password', async () => {
    const inv = join(CONF, 'cases/vault-values/inv.yml');
    const got = await problems(loadInventory(inv, { vault: [pw('wrong')] }));
    expect(got).toEqual([
      'inv.yml:4: !vault value cannot be decrypted: wrong vault password, or the vault data was changed (HMAC mismatch)',
      'inv.yml:13: !vault value cannot be decrypted: wrong vault password, or the vault data was changed (HMAC mismatch)',
    ]);
    const whole = await problems(loadInventory(join(CONF, 'cases/vault-file/inv.yml')));
    expect(whole[0]).toMatch(/^inv\.yml:1: vault-encrypted file is vault-encrypted and no vault password was given/);
  });
  it('marks every decrypted value as a secret of the host', async () => {
    const inv = await loadInventory(join(CONF, 'cases/vault-values/inv.yml'), { vault: [pw('conformance-pass')] });
    expect(inv.hosts.find((h) => h.name === 'fw01')?.secrets).toEqual(['S3cret-fw01!']);
  });
});
