#!/usr/bin/env node
// Ansible peer: the bench's work plan as an Ansible playbook, run by Debian's ansible-core 2.14.
//
//   node bench/peers/ansible/bench.mjs --plan PLAN.json -i LAB_INVENTORY --known-hosts FILE -f FORKS [--keep DIR]
//
// The lab inventory is used as-is. Next to it a generated inventory puts each host in a group by the "shape" of
// its work (the sequence of modes) and gives it `bench_cmds`, its own rendered commands. The generated playbook
// has one play per shape and one task per wire command, in the order firemend sends them: the checks, and the
// mode changes between them (`expert`, `sudo su -` answered with the password, `exit`).
//
// Connection: ansible.netcommon.network_cli (one persistent interactive shell per host, paramiko), with this
// folder's `ftdbench` terminal/cliconf plugins (the FTD prompts). ansible.builtin.raw would open one SSH exec per
// command and cannot reach expert/root, so it could not do the same work. strategy: free (each host runs through
// its tasks independently, as firemend's hosts do). Not run with --check: netcommon's cli_command refuses every
// non-`show` command in check mode; the commands are firemend's read-only checks either way.
//
// Prints one JSON line. Talks to 127.0.0.1 only (the lab inventory's addresses are checked).
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { loadInventory } from '../../lib/inventory.mjs';
import { measure } from '../../lib/measure.mjs';
import { percentile, round } from '../../lib/stats.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const { values } = parseArgs({
  options: {
    plan: { type: 'string' },
    inventory: { type: 'string', short: 'i' },
    'known-hosts': { type: 'string' },
    forks: { type: 'string', short: 'f', default: '5' },
    keep: { type: 'string' },
    'timeout-min': { type: 'string', default: '60' },
  },
});
if (!values.plan || !values.inventory || !values['known-hosts']) {
  process.stderr.write('usage: node bench/peers/ansible/bench.mjs --plan PLAN.json -i INV --known-hosts FILE -f FORKS\n');
  process.exit(1);
}
const forks = Math.max(1, Number(values.forks));
const plan = JSON.parse(readFileSync(values.plan, 'utf8'));
const hosts = loadInventory(values.inventory);
for (const h of hosts) {
  if (h.host !== '127.0.0.1' && h.host !== 'localhost') throw new Error(`ansible peer: ${h.name} is not on 127.0.0.1`);
}

// 1. Per host: the wire sequence (ladder moves + commands), its shape, and its own command texts.
const ORDER = ['clish', 'expert', 'root'];
function wire(actions) {
  const seq = [];
  let mode = 'clish';
  for (const a of actions) {
    if (a.kind !== 'cmd') throw new Error('ansible peer: only check-mode plans (no reboots) are replayed');
    while (mode !== a.mode) {
      const i = ORDER.indexOf(mode);
      if (ORDER.indexOf(a.mode) > i) {
        seq.push({ kind: i === 0 ? 'expert' : 'sudo' });
        mode = ORDER[i + 1];
      } else {
        seq.push({ kind: 'exit' });
        mode = ORDER[i - 1];
      }
    }
    seq.push({ kind: 'cmd', step: a.step, mode: a.mode, command: a.command, answers: a.answers ?? [] });
  }
  while (mode !== 'clish') {
    seq.push({ kind: 'exit' });
    mode = ORDER[ORDER.indexOf(mode) - 1];
  }
  return seq;
}
const shapes = new Map();
for (const [name, actions] of Object.entries(plan.hosts)) {
  if (!actions.length) continue;
  const seq = wire(actions);
  const key = JSON.stringify(seq.map((s) => (s.kind === 'cmd' ? [s.step, s.mode, s.answers] : s.kind)));
  if (!shapes.has(key)) shapes.set(key, { seq, hosts: {} });
  // In expert/root firemend appends an exit-status echo; the peer sends the same bytes (fixed nonce per host).
  const nonce = randomBytes(6).toString('hex');
  const line = (s) => (s.mode === 'clish' ? s.command : `${s.command}; echo "__FM_RC_${nonce}=$?"`);
  shapes.get(key).hosts[name] = { bench_cmds: seq.filter((s) => s.kind === 'cmd').map(line) };
}

// 2. The generated inventory, playbook, config and HOME (paramiko reads ~/.ssh/known_hosts).
const dir = values.keep ? path.resolve(values.keep) : mkdtempSync(path.join(tmpdir(), 'firemend-bench-ansible-'));
mkdirSync(path.join(dir, 'home/.ssh'), { recursive: true });
copyFileSync(values['known-hosts'], path.join(dir, 'home/.ssh/known_hosts'));
const children = {};
const plays = [];
[...shapes.values()].forEach((shape, k) => {
  children[`bench_shape_${k}`] = { hosts: shape.hosts };
  const tasks = [];
  let c = 0;
  for (const s of shape.seq) {
    if (s.kind === 'expert') tasks.push({ name: 'enter expert', 'ansible.netcommon.cli_command': { command: 'expert' } });
    else if (s.kind === 'sudo')
      tasks.push({
        name: 'enter root (sudo su -)',
        'ansible.netcommon.cli_command': { command: 'sudo su -', prompt: ['[Pp]assword: ?$'], answer: ['{{ ansible_password }}'] },
        no_log: true,
      });
    else if (s.kind === 'exit') tasks.push({ name: 'leave the mode (exit)', 'ansible.netcommon.cli_command': { command: 'exit' } });
    else {
      const t = { name: `${s.step} (${s.mode})`, 'ansible.netcommon.cli_command': { command: `{{ bench_cmds[${c++}] }}` } };
      if (s.answers.length) {
        t['ansible.netcommon.cli_command'].prompt = s.answers.map((a) => a.expect);
        t['ansible.netcommon.cli_command'].answer = s.answers.map((a) => a.answer);
      }
      tasks.push(t);
    }
  }
  tasks.push({ name: 'close the connection', meta: 'reset_connection' });
  plays.push({
    name: `cloud-config-failure checks, Ansible equivalent (shape ${k})`,
    hosts: `bench_shape_${k}`,
    gather_facts: false,
    strategy: 'free',
    connection: 'ansible.netcommon.network_cli',
    vars: { ansible_network_os: 'ftdbench', ansible_network_cli_ssh_type: 'paramiko' },
    tasks,
  });
});
writeFileSync(path.join(dir, 'bench-inventory.yml'), stringify({ all: { children } }));
writeFileSync(path.join(dir, 'playbook.yml'), stringify(plays));
writeFileSync(
  path.join(dir, 'ansible.cfg'),
  [
    '[defaults]',
    `forks = ${forks}`,
    'host_key_checking = True',
    'retry_files_enabled = False',
    'interpreter_python = /usr/bin/python3',
    `terminal_plugins = ${path.join(here, 'plugins/terminal')}`,
    `cliconf_plugins = ${path.join(here, 'plugins/cliconf')}`,
    `callback_plugins = ${path.join(here, 'plugins/callback')}`,
    'callbacks_enabled = bench_timing',
    `local_tmp = ${path.join(dir, 'tmp')}`,
    '[paramiko_connection]',
    'look_for_keys = False',
    'record_host_keys = False',
    // connect_timeout is the idle time after which Ansible destroys a persistent connection: with many forks
    // on 2 cores the gap between two tasks of one host can pass a minute, and a new connection lands back at
    // `> ` mid-sequence. 600 s keeps one shell per host for the whole run, as the other contenders have.
    '[persistent_connection]',
    'connect_timeout = 600',
    'command_timeout = 120',
    '',
  ].join('\n'),
);

// 3. Run it, measured.
const timingOut = path.join(dir, 'timing.json');
const r = await measure(['ansible-playbook', '-i', path.resolve(values.inventory), '-i', path.join(dir, 'bench-inventory.yml'), path.join(dir, 'playbook.yml')], {
  cwd: dir,
  env: { ...process.env, HOME: path.join(dir, 'home'), ANSIBLE_CONFIG: path.join(dir, 'ansible.cfg'), BENCH_TIMING_OUT: timingOut, ANSIBLE_NOCOLOR: '1', PYTHONDONTWRITEBYTECODE: '1' },
  timeoutMs: Number(values['timeout-min']) * 60_000,
});
writeFileSync(path.join(dir, 'ansible-stdout.txt'), r.stdout + r.stderr);
let timing = {};
try {
  timing = JSON.parse(readFileSync(timingOut, 'utf8'));
} catch {
  // no timing when ansible-playbook died early; the exit code says so
}
const durations = Object.values(timing).map((t) => (t.end - t.start) * 1000);
const worked = [...shapes.values()].reduce((n, s) => n + Object.keys(s.hosts).length, 0);
const failedHosts = Object.entries(timing).filter(([, t]) => t.failed).map(([n]) => n);
const recapFailed = [...r.stdout.matchAll(/^(\S+)\s+:.*?unreachable=(\d+)\s+failed=(\d+)/gm)].filter((m) => Number(m[2]) + Number(m[3]) > 0).map((m) => m[1]);
const version = /ansible-playbook \[core ([\d.]+)\]/.exec((await measure(['ansible-playbook', '--version'])).stdout)?.[1] ?? null;
process.stdout.write(
  JSON.stringify({
    tool: 'ansible',
    version,
    devices: hosts.length,
    worked,
    shapes: shapes.size,
    tasks_per_host: [...shapes.values()].map((s) => s.seq.length + 1),
    forks,
    wall_s: round(r.wall_s),
    hosts_per_s: round(worked / r.wall_s, 1),
    p50_host_ms: round(percentile(durations, 50), 1),
    p95_host_ms: round(percentile(durations, 95), 1),
    cpu_s: round(r.cpu_s),
    peak_rss_mb: round(r.peak_rss_mb, 1),
    machine_cpu_s: round(r.machine_cpu_s),
    exit_code: r.code,
    failed: Math.max(failedHosts.length, recapFailed.length),
    first_errors: recapFailed.length || failedHosts.length ? [firstError(r.stdout)] : [],
    workdir: values.keep ? dir : undefined,
  }) + '\n',
);
if (!values.keep) rmSync(dir, { recursive: true, force: true });
process.exitCode = r.code === 0 ? 0 : 2;

function firstError(out) {
  const m = /^(?:fatal|failed): \[[^\]]+\].*$/m.exec(out);
  return m ? m[0].slice(0, 400) : `ansible-playbook exited ${r.code}`;
}
