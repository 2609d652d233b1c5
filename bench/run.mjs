#!/usr/bin/env node
// `npm run bench -- --devices N --forks F [--peers] [--skip-apply] [--ansible-sample K] [--netmiko-sample K]
//                  [--out DIR] [--cpu-prof] [--lab-cli PATH]`
//
// How long the maintenance window has to be, measured side by side in one run, everything on 127.0.0.1:
//  1. check: a fresh lab of N healthy devices (its own process); `firemend run playbooks/cloud-config-failure.yml
//     --check` over all of them; then the floor (bench/floor.mjs: the same SSH work with a bare ssh2 client, no
//     engine) replaying exactly the commands firemend sent; with --peers, Netmiko and Ansible replaying them too.
//  2. apply (unless --skip-apply): a fresh lab with `--faults mixed` (the lab scales it: ~2 % of N per fault);
//     `firemend run … --yes -e reboot_timeout=60`; then the floor replays that run's commands (fixes, reboots,
//     verifications) on another fresh lab with the same faults and seed.
// Prints one JSON line on stdout (progress goes to stderr). Every child is bounded in time and every lab is
// stopped on exit, errors included.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startLab } from './lib/lab.mjs';
import { measure } from './lib/measure.mjs';
import { percentile, round } from './lib/stats.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = path.join(root, 'dist/src/cli/main.js');
const playbook = path.join(root, 'playbooks/cloud-config-failure.yml');

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '100' },
    forks: { type: 'string', default: '50' },
    peers: { type: 'boolean', default: false },
    'skip-apply': { type: 'boolean', default: false },
    'ansible-sample': { type: 'string' },
    'netmiko-sample': { type: 'string' },
    out: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
    // Experiments only: serve the lab from another build (e.g. a patched copy) while firemend runs from dist/.
    'lab-cli': { type: 'string' },
  },
});
const N = Number(values.devices);
const F = Number(values.forks);
if (!Number.isInteger(N) || N < 1 || !Number.isInteger(F) || F < 1) {
  process.stderr.write('usage: npm run bench -- --devices N --forks F [--peers] [--skip-apply] [--ansible-sample K] [--out DIR]\n');
  process.exit(1);
}
const ansibleSample = Math.min(N, Number(values['ansible-sample'] ?? 50));
const netmikoSample = Math.min(N, Number(values['netmiko-sample'] ?? N));
const out = values.out ? path.resolve(values.out) : mkdtempSync(path.join(tmpdir(), 'firemend-bench-'));
mkdirSync(out, { recursive: true });
const labCli = values['lab-cli'] ? path.resolve(values['lab-cli']) : cli;
const log = (msg) => process.stderr.write(`bench: ${msg}\n`);
const MIN = 60_000;

function lastJsonLine(text, what) {
  const line = text.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (!line) throw new Error(`${what} printed no JSON line`);
  return JSON.parse(line);
}

// Per-host durations and the summary from a firemend report.
function fromReport(reportPath) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const durations = report.hosts.map((h) => h.duration_ms);
  return { report, summary: report.summary, exit_code: report.exit_code, p50: percentile(durations, 50), p95: percentile(durations, 95) };
}

async function runFiremend(lab, tag, extra) {
  const reportPath = path.join(out, `${tag}-report.json`);
  const node = values['cpu-prof'] ? [process.execPath, '--cpu-prof', '--cpu-prof-dir', path.join(out, `${tag}-cpuprof`)] : [process.execPath];
  const argv = [...node, cli, 'run', playbook, '-i', lab.inventory, '--known-hosts', lab.knownHosts, '-f', String(F), '--output', 'json', '--report', reportPath, ...extra];
  const lab0 = lab.cpuSeconds();
  const load = loadavg()[0];
  const r = await measure(argv, { timeoutMs: 30 * MIN, stdoutFile: path.join(out, `${tag}-events.jsonl`) });
  const labCpu = lab.cpuSeconds() - lab0;
  let rep;
  try {
    rep = fromReport(reportPath);
  } catch (err) {
    throw new Error(`firemend ${tag} run wrote no report (exit ${r.code}): ${r.stderr.slice(-2000)} ${err.message}`);
  }
  return {
    command: `firemend ${argv.slice(argv.indexOf(cli) + 1).map((a) => (a.startsWith(out) ? path.relative(out, a) : a)).join(' ')}`,
    exit_code: r.code,
    wall_s: round(r.wall_s),
    hosts_per_s: round(N / r.wall_s, 1),
    p50_host_ms: rep.p50,
    p95_host_ms: rep.p95,
    cpu_s: round(r.cpu_s),
    peak_rss_mb: round(r.peak_rss_mb, 1),
    lab_cpu_s: round(labCpu),
    machine_cpu_s: round(r.machine_cpu_s),
    // Whole-machine load when the run started: other work on the 2 cores shows up here and in machine_cpu_s.
    loadavg_1m_before: round(load, 2),
    summary: rep.summary,
    report: reportPath,
  };
}

async function runFloor(lab, reportPath, tag) {
  const planOut = path.join(out, `${tag}-plan.json`);
  const lab0 = lab.cpuSeconds();
  const load = loadavg()[0];
  const r = await measure(
    [process.execPath, path.join(root, 'bench/floor.mjs'), '-i', lab.inventory, '--known-hosts', lab.knownHosts, '-f', String(F), '--report', reportPath, '--playbook', playbook, '--plan-out', planOut, '--reboot-timeout', '60'],
    { timeoutMs: 30 * MIN },
  );
  const labCpu = lab.cpuSeconds() - lab0;
  const j = lastJsonLine(r.stdout, `floor (${r.stderr.slice(-500)})`);
  return { ...j, wall_s: round(r.wall_s), inner_wall_s: j.wall_s, cpu_s: round(r.cpu_s), peak_rss_mb: round(r.peak_rss_mb, 1), lab_cpu_s: round(labCpu), machine_cpu_s: round(r.machine_cpu_s), loadavg_1m_before: round(load, 2), plan_file: planOut };
}

// A plan restricted to its first k hosts (peers too slow for the whole fleet replay a sample).
function samplePlan(planPath, k, tag) {
  const plan = JSON.parse(readFileSync(planPath, 'utf8'));
  const names = Object.keys(plan.hosts).filter((n) => plan.hosts[n].length > 0).slice(0, k);
  plan.hosts = Object.fromEntries(names.map((n) => [n, plan.hosts[n]]));
  const p = path.join(out, `${tag}-plan-sample${k}.json`);
  writeFileSync(p, JSON.stringify(plan));
  return p;
}

async function runPeer(lab, tag, argv, sample, timeoutMs) {
  const lab0 = lab.cpuSeconds();
  const load = loadavg()[0];
  // No __pycache__ left in the source tree by the Python peers.
  const r = await measure(argv, { timeoutMs, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  const labCpu = lab.cpuSeconds() - lab0;
  let j;
  try {
    j = lastJsonLine(r.stdout, tag);
  } catch {
    return { tool: tag, error: `exit ${r.code}: ${r.stderr.slice(-800)}` };
  }
  // The inner figures (own clock, own rusage) are the peer's; the outer ones include interpreter start-up.
  return { ...j, sample, wall_s: round(r.wall_s), inner_wall_s: j.wall_s, hosts_per_s: round(j.worked / r.wall_s, 1), cpu_s: round(r.cpu_s), peak_rss_mb: round(r.peak_rss_mb, 1), lab_cpu_s: round(labCpu), machine_cpu_s: round(r.machine_cpu_s), loadavg_1m_before: round(load, 2) };
}

const ratio = (a, b) => (a && b ? round(a / b, 2) : null);
const result = {
  bench: 'firemend',
  devices: N,
  forks: F,
  machine: { cpus: cpus().length, cpu_model: cpus()[0]?.model, mem_gb: round(totalmem() / 2 ** 30, 1), node: process.version },
  // Reports, plans, event streams and the peers' files stay here with --out; without it they are removed.
  out: values.out ? out : undefined,
};

let lab;
try {
  // 1. check mode on N healthy devices.
  log(`starting a lab of ${N} healthy devices`);
  lab = await startLab({ cli: labCli, devices: N, dir: path.join(out, 'lab-check'), seed: 'bench' });
  log(`firemend --check, ${N} devices, forks ${F}`);
  const fm = await runFiremend(lab, 'check', ['--check']);
  log(`firemend: ${fm.wall_s} s; floor next`);
  const floor = await runFloor(lab, fm.report, 'check');
  log(`floor: ${floor.wall_s} s`);
  const check = {
    firemend: fm,
    floor,
    ratio_wall_to_floor: ratio(fm.wall_s, floor.wall_s),
    ratio_cpu_to_floor: ratio(fm.cpu_s, floor.cpu_s),
  };
  if (values.peers) {
    const nmPlan = netmikoSample < N ? samplePlan(floor.plan_file, netmikoSample, 'netmiko') : floor.plan_file;
    log(`netmiko: ${netmikoSample} devices, ${F} threads`);
    const nm = await runPeer(lab, 'netmiko', ['/usr/bin/python3', path.join(root, 'bench/peers/netmiko_bench.py'), '--plan', nmPlan, '-i', lab.inventory, '--known-hosts', lab.knownHosts, '-f', String(F)], netmikoSample, 60 * MIN);
    log(`netmiko: ${nm.wall_s} s`);
    log(`ansible: ${ansibleSample} devices, forks ${F}`);
    const ansPlan = samplePlan(floor.plan_file, ansibleSample, 'ansible');
    const an = await runPeer(lab, 'ansible', [process.execPath, path.join(root, 'bench/peers/ansible/bench.mjs'), '--plan', ansPlan, '-i', lab.inventory, '--known-hosts', lab.knownHosts, '-f', String(F), '--keep', path.join(out, 'ansible')], ansibleSample, 90 * MIN);
    log(`ansible: ${an.wall_s} s`);
    // Throughput ratios (hosts per second), so a sampled peer compares fairly; equal to wall ratios when not sampled.
    check.peers = {
      netmiko: nm,
      ansible: an,
      firemend_speedup_vs_netmiko: ratio(fm.hosts_per_s, nm.hosts_per_s),
      firemend_speedup_vs_ansible: ratio(fm.hosts_per_s, an.hosts_per_s),
    };
  }
  result.check = check;
  await lab.stop();
  lab = undefined;

  // 2. apply on a fresh lab with mixed faults; the floor replays the same work on another fresh, identical lab.
  if (!values['skip-apply']) {
    log(`starting a lab of ${N} devices with --faults mixed`);
    lab = await startLab({ cli: labCli, devices: N, dir: path.join(out, 'lab-apply'), faults: 'mixed', seed: 'bench' });
    log('firemend apply (--yes -e reboot_timeout=60)');
    const fma = await runFiremend(lab, 'apply', ['--yes', '-e', 'reboot_timeout=60']);
    log(`firemend apply: ${fma.wall_s} s`);
    await lab.stop();
    lab = await startLab({ cli: labCli, devices: N, dir: path.join(out, 'lab-apply-floor'), faults: 'mixed', seed: 'bench' });
    const floora = await runFloor(lab, fma.report, 'apply');
    log(`floor apply: ${floora.wall_s} s`);
    await lab.stop();
    lab = undefined;
    result.apply = { faults: 'mixed', firemend: fma, floor: floora, ratio_wall_to_floor: ratio(fma.wall_s, floora.wall_s) };
  }
  process.stdout.write(JSON.stringify(result) + '\n');
} catch (err) {
  log(`failed: ${err.stack ?? err}`);
  process.exitCode = 1;
} finally {
  if (lab) await lab.stop();
  if (!values.out && process.exitCode !== 1) rmSync(out, { recursive: true, force: true });
}
