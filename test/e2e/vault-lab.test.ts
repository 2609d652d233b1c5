// A vaulted ansible_password (made with ansible-vault) logs in to the lab, and its plain value appears in no
// output: not on stdout/stderr, not in the report, not in `firemend inventory`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_PASSWORD, assertBuilt, runArgs, runCli, startTestLab, type TestLab } from './helpers.js';

const VAULT = readFileSync('test/fixtures/vault/lab-password.vault', 'utf8');
const PASS_FILE = 'test/fixtures/vault/vault-pass';

describe('vaulted ansible_password against the lab', () => {
  let t: TestLab;
  beforeAll(async () => {
    assertBuilt();
    t = await startTestLab({ devices: 2 });
    // The lab's inventory, with its clear password replaced by the !vault value.
    const text = readFileSync(t.inventory, 'utf8');
    const envelope = VAULT.replace(/^!vault \|\n/, '').split('\n').map((l) => l.trim()).filter((l) => l !== '');
    const vaulted = text.replace(/^(\s*)ansible_password: .*$/m, (_m, ind: string) => `${ind}ansible_password: !vault |\n${envelope.map((l) => `${ind}  ${l}`).join('\n')}`);
    expect(vaulted).not.toBe(text);
    writeFileSync(t.inventory, vaulted);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('shows no clear password in the inventory it checks', () => {
    expect(readFileSync(t.inventory, 'utf8')).not.toContain(LAB_PASSWORD);
  });

  it('logs in with the decrypted password and never prints it', async () => {
    const report = join(t.dir, 'report.json');
    const r = await runCli([...runArgs(t, '--check', '--output', 'json', '--report', report, '--vault-password-file', PASS_FILE)]);
    expect(r.stderr).not.toMatch(/unreachable|E_AUTH/i);
    const text = r.stdout + r.stderr + readFileSync(report, 'utf8');
    expect(text).not.toContain(LAB_PASSWORD);
    const rep = JSON.parse(readFileSync(report, 'utf8')) as { hosts: { status: string }[] };
    expect(rep.hosts.map((h) => h.status)).toEqual(['ok', 'ok']);
  });

  it('refuses a wrong vault password naming file:line, contacting nothing', async () => {
    const wrong = join(t.dir, 'wrong-pass');
    writeFileSync(wrong, 'not-the-password\n');
    const count = (): number => [...t.audit().values()].reduce((n, a) => n + a.length, 0);
    const before = count();
    const r = await runCli([...runArgs(t, '--check', '--vault-password-file', wrong)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/inventory\.yml:\d+:\d+: !vault value cannot be decrypted: wrong vault password/);
    expect(count()).toBe(before);
  });

  it('redacts the decrypted value in firemend inventory', async () => {
    const r = await runCli(['inventory', '-i', t.inventory, '--vault-password-file', PASS_FILE]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(LAB_PASSWORD);
    expect(r.stdout).toContain('<redacted>');
  });
});
