#!/usr/bin/env node
// `npm run bench -- --devices N --forks F [--peers] [--skip-apply] [--ansible-sample K] [--netmiko-sample K]
//                  [--out DIR] [--cpu-prof] [--lab-cli PATH]`
// `npm run bench -- --profile device --devices N [--forks F1,F2] [--latency-ms RTT]`
// `npm run bench -- --profile scale --sizes 1000,2000,5000,10000 --forks F`
// `npm run bench -- --profile fmc --devices 2000`
//
// How long the maintenance window has to be, measured side by side in one run, everything on 127.0.0.1:
//  1. check: a fresh lab of N healthy devices (its own process), warmed up by one unmeasured firemend --check;
//     `firemend run playbooks/cloud-config-failure.yml --check` over all of them; then the floor (bench/floor.mjs: the same SSH work with a bare ssh2 client, no
//     engine) replaying exactly the commands firemend sent; with --peers, Netmiko and Ansible replaying them too.
//  2. apply (unless --skip-apply): a fresh lab with `--faults mixed` (the lab scales it: ~2 % of N per fault);
//     `firemend run … --yes -e reboot_timeout=60`; then the floor replays that run's commands (fixes, reboots,
//     verifications) on another fresh lab with the same faults and seed.
// `--profile device` (lib/device-profile.mjs): the lab with device think times and a network RTT, firemend and the
// floor at each F, against the ideal computed from the delays the lab recorded. `--profile scale`
// (lib/scale.mjs): firemend --check alone at growing fleet sizes, one firemend process each. `--profile fmc`
// (lib/fmc-profile.mjs): requests to the lab FMC against the minimum, for plugin: fmc and fmc-cloud-config.yml.
// Prints one JSON line on stdout (progress goes to stderr). Every child is bounded in time and every lab is
// stopped on exit, errors included.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { lastJsonLine, measureOnLab, runFiremend as runFiremendWith, runFloor as runFloorWith } from './lib/contenders.mjs';
import { runDeviceProfile } from './lib/device-profile.mjs';
import { runFmcProfile } from './lib/fmc-profile.mjs';
import { startLab } from './lib/lab.mjs';
import { round } from './lib/stats.mjs';
import { runScale } from './lib/scale.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = path.join(root, 'dist/src/cli/main.js');
const playbook = path.join(root, 'playbooks/cloud-config-failure.yml');

const { values } = parseArgs({
  options: {
    profile: { type: 'string', default: 'lab' },
    devices: { type: 'string', default: '100' },
    forks: { type: 'string' },
    sizes: { type: 'string', default: '1000,2000,5000,10000' },
    'latency-ms': { type: 'string', default: '50' },
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
const profile = values.profile;
const N = Number(values.devices);
const forksList = (values.forks ?? (profile === 'device' ? '1000,200' : profile === 'scale' ? '200' : '50')).split(',').map(Number);
const F = forksList[0];
const sizes = values.sizes.split(',').map(Number);
const rttMs = Number(values['latency-ms']);
const bad = (x) => !Number.isInteger(x) || x < 1;
if (!['lab', 'device', 'scale', 'fmc'].includes(profile) || bad(N) || forksList.some(bad) || sizes.some(bad) || !(rttMs >= 0)) {
  process.stderr.write(
    'usage: npm run bench -- [--profile lab|device|scale|fmc] --devices N --forks F[,F2…] [--sizes N1,N2…] [--latency-ms RTT] [--peers] [--skip-apply] [--ansible-sample K] [--out DIR]\n',
  );
  process.exit(1);
}
const ansibleSample = Math.min(N, Number(values['ansible-sample'] ?? 50));
const netmikoSample = Math.min(N, Number(values['netmiko-sample'] ?? N));
const out = values.out ? path.resolve(values.out) : mkdtempSync(path.join(tmpdir(), 'firemend-bench-'));
mkdirSync(out, { recursive: true });
const labCli = values['lab-cli'] ? path.resolve(values['lab-cli']) : cli;
const log = (msg) => process.stderr.write(`bench: ${new Date().toISOString().slice(11, 19)} ${msg}\n`);
const MIN = 60_000;

const runFiremend = async (lab, tag, extra) => {
  const { host_order: _order, ...r } = await runFiremendWith({ cli, playbook, lab, out, tag, forks: F, devices: N, extra, cpuProf: values['cpu-prof'] });
  return r;
};
const runFloor = (lab, reportPath, tag) => runFloorWith({ root, playbook, lab, out, reportPath, tag, forks: F });

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
  // No __pycache__ left in the source tree by the Python peers.
  const { r, figures } = await measureOnLab(lab, argv, { timeoutMs, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  let j;
  try {
    j = lastJsonLine(r.stdout, tag);
  } catch {
    return { tool: tag, error: `exit ${r.code}: ${r.stderr.slice(-800)}` };
  }
  // The inner figures (own clock, own rusage) are the peer's; the outer ones include interpreter start-up.
  return { ...j, sample, ...figures, inner_wall_s: j.wall_s, hosts_per_s: round(j.worked / r.wall_s, 2) };
}

const ratio = (a, b) => (a && b ? round(a / b, 2) : null);
const result = {
  bench: 'firemend',
  profile,
  devices: profile === 'scale' ? sizes : N,
  forks: profile === 'device' ? forksList : F,
  machine: { cpus: cpus().length, cpu_model: cpus()[0]?.model, mem_gb: round(totalmem() / 2 ** 30, 1), node: process.version },
  started_at: new Date().toISOString(),
  // Reports, plans, event streams and the peers' files stay here with --out; without it they are removed.
  out: values.out ? out : undefined,
};

if (profile !== 'lab') {
  try {
    if (profile === 'device') {
      result.device = await runDeviceProfile({ root, cli, labCli, playbook, devices: N, forksList, rttMs, out, log, cpuProf: values['cpu-prof'] });
    } else if (profile === 'fmc') {
      result.fmc = await runFmcProfile({ root, cli, labCli, devices: N, out, log });
    } else {
      result.scale = await runScale({ cli, labCli, playbook, sizes, forks: F, out, log, cpuProf: values['cpu-prof'] });
    }
    process.stdout.write(JSON.stringify(result) + '\n');
  } catch (err) {
    log(`failed: ${err.stack ?? err}`);
    process.exitCode = 1;
  } finally {
    if (!values.out && process.exitCode !== 1) rmSync(out, { recursive: true, force: true });
  }
  process.exit();
}

let lab;
try {
  // 1. check mode on N healthy devices.
  log(`starting a lab of ${N} healthy devices`);
  lab = await startLab({ cli: labCli, devices: N, dir: path.join(out, 'lab-check'), seed: 'bench' });
  // The same --check once, unmeasured, before the measured runs: the lab's own code is then compiled and warm for
  // every contender alike. Without it the first contender (firemend) met a cold lab (~1.3 CPU s more of the lab's
  // time at 1,000 devices) and the floor, second, a warm one.
  log('warm-up: firemend --check once, unmeasured');
  const warm = await runFiremend(lab, 'warm-up', ['--check']);
  const warmUp = { wall_s: warm.wall_s, lab_cpu_s: warm.lab_cpu_s };
  log(`firemend --check, ${N} devices, forks ${F}`);
  const fm = await runFiremend(lab, 'check', ['--check']);
  log(`firemend: ${fm.wall_s} s; floor next`);
  const floor = await runFloor(lab, fm.report, 'check');
  log(`floor: ${floor.wall_s} s`);
  const check = {
    warm_up: warmUp,
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
