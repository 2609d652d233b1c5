// Issue 12, findings 4, 7, 8 and 12 (part), through the built CLI: hostile or mistaken input files end in a
// clear, located exit 1 — never a hang, a stack trace, or a secret echoed to the terminal.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, PLAYBOOK, runCli, tempDir } from './helpers.js';

const INV = 'test/fixtures/valid/inventory.yml';
const SECRET = 'Pw-e2e-hostile-5d8e2a';
let dir: string;
const file = (name: string, text: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

// Nine levels of nine aliases: 9^9 (387 million) values if expanded.
function aliasBomb(prefix: string): string {
  let text = `${prefix}a0: &a0 [x, x, x, x, x, x, x, x, x]\n`;
  for (let i = 1; i <= 9; i++) text += `${prefix}a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
  return text;
}

beforeAll(() => {
  assertBuilt();
  dir = tempDir('hostile');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('YAML limits (finding 4)', () => {
  it('refuses an alias bomb as inventory, in playbook vars, as -e @file and as vars_files, located', async () => {
    const inv = file('bomb-inv.yml', `all:\n  vars:\n${aliasBomb('    ')}`);
    const r1 = await runCli(['inventory', '-i', inv]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(/bomb-inv\.yml:\d+:\d+: YAML aliases expand to more than \d+ values/);

    const vars = file('bomb-vars.yml', aliasBomb(''));
    const r2 = await runCli(['inventory', '-i', INV, '-e', `@${vars}`]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/bomb-vars\.yml:\d+:\d+: YAML aliases expand/);

    const pb = file('bomb-pb.yml', `- name: p\n  hosts: all\n  vars:\n${aliasBomb('    ')}  steps: []\n`);
    const r3 = await runCli(['validate', pb]);
    expect(r3.code).toBe(1);
    expect(r3.stdout + r3.stderr).toMatch(/bomb-pb\.yml:\d+:\d+: YAML aliases expand/);

    const pb2 = file('bomb-pb2.yml', `- name: p\n  hosts: all\n  vars_files: [bomb-vars.yml]\n  steps: []\n`);
    const r4 = await runCli(['validate', pb2]);
    expect(r4.code).toBe(1);
    expect(r4.stdout + r4.stderr).toMatch(/bomb-vars\.yml:\d+:\d+: YAML aliases expand/);
  });

  it('refuses 3,000-deep nesting with a located error, never a RangeError', async () => {
    const flow = file('deep-flow.yml', `all:\n  vars:\n    x: ${'['.repeat(3000)}${']'.repeat(3000)}\n`);
    const r1 = await runCli(['inventory', '-i', flow]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(/deep-flow\.yml:3:\d+: YAML nested more than 200 levels deep/);
    expect(r1.stderr).not.toMatch(/RangeError|at .*\.js:\d+/);

    const block = file('deep-block.yml', Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + '\n');
    const r2 = await runCli(['validate', block]);
    expect(r2.code).toBe(1);
    expect(r2.stdout + r2.stderr).toMatch(/deep-block\.yml:\d+:\d+: YAML nested more than 200 levels deep/);

    const plan = file('deep-plan.json', `{"version": 1, "x": ${'['.repeat(3000)}${']'.repeat(3000)}}`);
    const r3 = await runCli(['show', plan]);
    expect(r3.code).toBe(1);
    expect(r3.stderr).toMatch(/JSON nested more than 200 levels deep \(at line 1, column \d+\)/);
  });
});

describe('secrets (finding 7)', () => {
  it('redacts every secret-named var by the one rule in firemend inventory', async () => {
    const inv = file(
      'names.yml',
      `all:\n  hosts:\n    h1:\n      ansible_host: 127.0.0.1\n      fmc_api_key: k-${SECRET}\n      ftd_passwd: p-${SECRET}\n      vault_credentials: {user: u-${SECRET}}\n      apiKey: a-${SECRET}\n      note: "uses p-${SECRET} here"\n`,
    );
    const r = await runCli(['inventory', '-i', inv]);
    expect(r.code, r.stderr).toBe(0);
    const [host] = JSON.parse(r.stdout) as { vars: Record<string, unknown> }[];
    expect(host?.vars).toMatchObject({ fmc_api_key: '<redacted>', ftd_passwd: '<redacted>', vault_credentials: '<redacted>', apiKey: '<redacted>', note: 'uses <redacted> here' });
    expect(r.stdout).not.toContain(SECRET);
  });

  it('never echoes a password file given by mistake as inventory, playbook, limit file or plan', async () => {
    const pw = file('password.txt', `${SECRET}\n`);
    // A one-line file without a YAML extension is an INI inventory naming one host, in Ansible as in firemend
    // (issue 18: read inventories as ansible-core does), so `-i password.txt` is tried as a .yml file here.
    const pwYaml = file('password.yml', `${SECRET}\n`);
    const runs = [
      await runCli(['inventory', '-i', pwYaml]),
      await runCli(['validate', pw]),
      await runCli(['validate', PLAYBOOK, '-i', pw]),
      await runCli(['inventory', '-i', INV, '-l', `@${pw}`]),
      await runCli(['show', pw]),
    ];
    for (const r of runs) {
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).not.toContain(SECRET);
    }
    expect(runs[0]?.stderr).toContain('password.yml:1:1: inventory must be a map or empty (got a string)');
  });

  it('does not show a numeric password in a type error', async () => {
    const inv = file('numeric.yml', 'all:\n  hosts:\n    h1: {ansible_password: 918273645}\n');
    const r = await runCli(['inventory', '-i', inv]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("numeric.yml:3:28: 'ansible_password' must be a string (got a number)");
    expect(r.stderr).not.toContain('918273645');
  });

  it('refuses a secret on the command line with a hint, and never echoes a bad -e argument', async () => {
    const r1 = await runCli(['inventory', '-i', INV, '-e', `ansible_password=${SECRET}`]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain("'ansible_password' is a secret, and secrets are not taken from the command line");
    expect(r1.stderr).toContain('firemend_password_env');
    const r2 = await runCli(['inventory', '-i', INV, '-e', `{"creds": {"api_token": "${SECRET}"}}`]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain("'api_token' is a secret");
    for (const bad of [SECRET, `x="${SECRET}`]) {
      const r = await runCli(['inventory', '-i', INV, '-e', bad]);
      expect(r.code).toBe(1);
      expect(r.stderr).not.toContain(SECRET);
    }
    for (const r of [r1, r2]) expect(r.stderr).not.toContain(SECRET);
  });
});

describe('short secrets (finding 8)', () => {
  it('refuses a run whose host has a password too short to redact, naming the host, before contacting it', async () => {
    const inv = file('short.yml', 'all:\n  children:\n    ftd:\n      hosts:\n        fw-short: {ansible_host: 127.0.0.1, ansible_port: 9, ansible_password: "qz", dns_servers: [192.0.2.53], sse_region: us}\n');
    const r = await runCli(['run', PLAYBOOK, '-i', inv, '--check', '-e', 'reboot_timeout=5'], { XDG_STATE_HOME: join(dir, 'state') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('host fw-short: ansible_password is shorter than 6 characters');
    expect(r.stderr).not.toContain('qz');
  });
});

describe('input files (finding 12)', () => {
  it('refuses a FIFO as playbook, inventory and vars file instead of hanging', async () => {
    const fifo = join(dir, 'pipe.yml');
    execFileSync('mkfifo', [fifo]);
    const r1 = await runCli(['validate', fifo]);
    expect(r1.code).toBe(1);
    expect(r1.stdout + r1.stderr).toContain('pipe.yml:1:1: playbook is a FIFO (named pipe), not a regular file');
    const r2 = await runCli(['inventory', '-i', fifo]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('inventory is a FIFO (named pipe), not a regular file');
    const r3 = await runCli(['inventory', '-i', INV, '-e', `@${fifo}`]);
    expect(r3.code).toBe(1);
    expect(r3.stderr).toContain('is a FIFO (named pipe), not a regular file');
  });

  it('refuses NUL and invalid UTF-8 in host and group names, located', async () => {
    const nul = file('nul.yml', Buffer.from('all:\n  hosts:\n    fw\u0000one: {}\n', 'utf8'));
    const r1 = await runCli(['inventory', '-i', nul]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain('nul.yml:3:7: contains a NUL byte');
    const latin1 = file('latin1.yml', Buffer.concat([Buffer.from('all:\n  children:\n    gr'), Buffer.from([0xfc]), Buffer.from('n:\n      hosts: {a: {}}\n')]));
    const r2 = await runCli(['inventory', '-i', latin1]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('latin1.yml:3:7: is not valid UTF-8 text');
    const escaped = file('escaped.yml', 'all:\n  children:\n    "g\\0x": {}\n    ok:\n      hosts: {"fw\\ud800": {}}\n');
    const r3 = await runCli(['inventory', '-i', escaped]);
    expect(r3.code).toBe(1);
    expect(r3.stderr).toContain('escaped.yml:3:5: map key contains a NUL character or invalid Unicode');
    expect(r3.stderr).toContain('escaped.yml:5:15: map key contains a NUL character or invalid Unicode');
  });
});
