// The two contenders every bench run measures the same way: `firemend run` and the floor (bench/floor.mjs), each
// a child process measured from outside (lib/measure.mjs), with the lab's CPU over the same interval.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { measure } from './measure.mjs';
import { percentile, round } from './stats.mjs';

const MIN = 60_000;

/** The last line of a child's stdout that is a JSON object. */
export function lastJsonLine(text, what) {
  const line = text.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (!line) throw new Error(`${what} printed no JSON line`);
  return JSON.parse(line);
}

// Per-host durations and the summary from a firemend report.
function fromReport(reportPath) {
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  const durations = report.hosts.map((h) => h.duration_ms);
  return { report, summary: report.summary, p50: percentile(durations, 50), p95: percentile(durations, 95), max: Math.max(...durations) };
}

/**
 * Run argv on a started lab and measure it (lib/measure.mjs), with the lab's CPU and the machine's load before.
 * Resolves { r, figures }: r as measure() gives it, figures the common JSON fields of every contender.
 */
export async function measureOnLab(lab, argv, opts) {
  const lab0 = lab.cpuSeconds();
  const procLoad = readFileSync('/proc/loadavg', 'utf8').trim();
  const load1 = loadavg()[0];
  const r = await measure(argv, opts);
  const labCpu = lab.cpuSeconds() - lab0;
  return {
    r,
    figures: {
      wall_s: round(r.wall_s),
      cpu_s: round(r.cpu_s),
      peak_rss_mb: round(r.peak_rss_mb, 1),
      lab_cpu_s: round(labCpu),
      machine_cpu_s: round(r.machine_cpu_s),
      // Whole-machine load when the run started (/proc/loadavg): other work on the cores shows up here and in machine_cpu_s.
      loadavg_1m_before: round(load1, 2),
      proc_loadavg_before: procLoad,
    },
  };
}

/**
 * `firemend run PLAYBOOK -i INV --known-hosts KH -f F --output json --report R …extra` on a started lab.
 * Resolves the figures of the run; `report` is the report's path (the floor replays it).
 */
export async function runFiremend({ cli, playbook, lab, out, tag, forks, devices, extra = [], cpuProf = false, nodeArgs = [], timeoutMs = 30 * MIN }) {
  const reportPath = path.join(out, `${tag}-report.json`);
  const node = [process.execPath, ...nodeArgs, ...(cpuProf ? ['--cpu-prof', '--cpu-prof-dir', path.join(out, `${tag}-cpuprof`)] : [])];
  const argv = [...node, cli, 'run', playbook, '-i', lab.inventory, '--known-hosts', lab.knownHosts, '-f', String(forks), '--output', 'json', '--report', reportPath, ...extra];
  const { r, figures } = await measureOnLab(lab, argv, { timeoutMs, stdoutFile: path.join(out, `${tag}-events.jsonl`) });
  let rep;
  try {
    rep = fromReport(reportPath);
  } catch (err) {
    throw new Error(`firemend ${tag} run wrote no report (exit ${r.code}): ${r.stderr.slice(-2000)} ${err.message}`);
  }
  return {
    command: `firemend ${argv.slice(argv.indexOf(cli) + 1).map((a) => (a.startsWith(out) ? path.relative(out, a) : a)).join(' ')}`,
    exit_code: r.code,
    ...figures,
    hosts_per_s: round(devices / r.wall_s, 1),
    p50_host_ms: rep.p50,
    p95_host_ms: rep.p95,
    max_host_ms: rep.max,
    summary: rep.summary,
    host_order: rep.report.hosts.map((h) => h.name),
    report: reportPath,
  };
}

/** The floor (bench/floor.mjs) on a started lab, replaying the commands of a firemend report, with `forks` sessions. */
export async function runFloor({ root, playbook, lab, out, reportPath, tag, forks, timeoutMs = 30 * MIN }) {
  const planOut = path.join(out, `${tag}-plan.json`);
  const { r, figures } = await measureOnLab(
    lab,
    [process.execPath, path.join(root, 'bench/floor.mjs'), '-i', lab.inventory, '--known-hosts', lab.knownHosts, '-f', String(forks), '--report', reportPath, '--playbook', playbook, '--plan-out', planOut, '--reboot-timeout', '60'],
    { timeoutMs },
  );
  const j = lastJsonLine(r.stdout, `floor (${r.stderr.slice(-500)})`);
  return { ...j, ...figures, inner_wall_s: j.wall_s, plan_file: planOut };
}
