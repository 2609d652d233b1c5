import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExtraVars } from '../../../src/cli/extra-vars.js';
import { InputError, UsageError } from '../../../src/errors.js';

describe('parseExtraVars', () => {
  it('reads key=value pairs, several per option, with quotes, keeping values as strings', async () => {
    expect(await parseExtraVars(['a=1 b="two words"', "c='x=y'"])).toEqual({ a: '1', b: 'two words', c: 'x=y' });
  });
  it('reads inline JSON with its types', async () => {
    expect(await parseExtraVars(['{"reboot_timeout": 5, "dns_servers": ["9.9.9.9"]}'])).toEqual({ reboot_timeout: 5, dns_servers: ['9.9.9.9'] });
  });
  it('reads @file.yml and @file.json, later options winning', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'firemend-ev-'));
    await writeFile(join(dir, 'a.yml'), 'x: 1\ny: [a]\n');
    await writeFile(join(dir, 'b.json'), '{"x": 2}');
    expect(await parseExtraVars([`@${join(dir, 'a.yml')}`, `@${join(dir, 'b.json')}`, 'z=3'])).toEqual({ x: 2, y: ['a'], z: '3' });
  });
  it('locates a syntax error in an @file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'firemend-ev-'));
    const f = join(dir, 'bad.yml');
    await writeFile(f, 'x: 1\ny: [a\n');
    const err = await parseExtraVars([`@${f}`]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).diagnostics[0]?.pos.file).toBe(f);
    expect((err as InputError).diagnostics[0]?.message).toMatch(/^YAML syntax error/);
  });
  it('reports a missing @file and a file that is not a map', async () => {
    await expect(parseExtraVars(['@/nonexistent/vars.yml'])).rejects.toThrow("cannot read vars file '/nonexistent/vars.yml' (ENOENT)");
    await expect(parseExtraVars(['[1, 2]'])).rejects.toThrow('--extra-vars:1:1: a vars file must be a map of variable names to values (got a list)');
  });
  it('rejects words that are not key=value', async () => {
    await expect(parseExtraVars(['a=1 oops'])).rejects.toThrow(UsageError);
    await expect(parseExtraVars(['1a=2'])).rejects.toThrow(/^-e: word 1 is not key=value/);
  });
  it('refuses a secret-named variable given on the command line, but takes it from an @file', async () => {
    for (const arg of ['ansible_password=S3cret-123', 'x=1 ftd_passwd=S3cret-123', '{"creds": [{"api_key": "S3cret-123"}]}']) {
      const err = await parseExtraVars([arg]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(/is a secret, and secrets are not taken from the command line.*firemend_password_env/);
      expect((err as Error).message).not.toContain('S3cret-123');
    }
    const dir = await mkdtemp(join(tmpdir(), 'firemend-ev-'));
    await writeFile(join(dir, 's.yml'), 'ansible_password: S3cret-123\n');
    expect(await parseExtraVars([`@${join(dir, 's.yml')}`])).toEqual({ ansible_password: 'S3cret-123' });
    expect(await parseExtraVars(['firemend_password_env=FW_PW'])).toEqual({ firemend_password_env: 'FW_PW' });
  });
  it('never quotes the argument in a parse error', async () => {
    for (const arg of ['S3cret-123', 'a=1 "S3cret-123', "k='S3cret-123"]) {
      const err = await parseExtraVars(['a=1', arg]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(/^-e argument 2: /);
      expect((err as Error).message).not.toContain('S3cret');
    }
  });
});
