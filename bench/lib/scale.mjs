// `npm run bench -- --profile scale --sizes 1000,2000,5000,10000 --forks F`: firemend --check alone (no floor) on
// a fresh lab of each size, one firemend process per size, to see what grows faster than the fleet: wall, CPU,
// peak RSS, and per-device figures. The lab is one process per size (10,000 devices need about 10,000 listening
// descriptors in it: see ulimit_n).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { runFiremend } from './contenders.mjs';
import { startLab } from './lab.mjs';
import { round } from './stats.mjs';

/** Run firemend --check at each size; resolves { ulimit_n, runs: [...] }. */
export async function runScale({ cli, labCli, playbook, sizes, forks, out, log, cpuProf }) {
  const ulimit = execFileSync('/bin/sh', ['-c', 'ulimit -n']).toString().trim();
  const runs = [];
  for (const n of sizes) {
    log(`scale: lab of ${n} devices`);
    const lab = await startLab({ cli: labCli, devices: n, dir: path.join(out, `lab-scale-${n}`), seed: 'bench-scale', readyTimeoutMs: 600_000 });
    let fm;
    let labRss;
    try {
      log(`scale: firemend --check, ${n} devices, forks ${forks}`);
      fm = await runFiremend({ cli, playbook, lab, out, tag: `scale-${n}`, forks, devices: n, extra: ['--check'], cpuProf, timeoutMs: 60 * 60_000 });
      labRss = lab.peakRssMb();
    } finally {
      await lab.stop();
    }
    const { host_order: _o, ...figures } = fm;
    log(`scale: ${n} devices: ${fm.wall_s} s, ${fm.peak_rss_mb} MB, CPU ${fm.cpu_s} s`);
    runs.push({ devices: n, ...figures, lab_peak_rss_mb: round(labRss, 1), ms_per_device: round((1000 * fm.wall_s) / n, 2), cpu_ms_per_device: round((1000 * fm.cpu_s) / n, 2) });
  }
  const base = runs[0];
  for (const r of runs) {
    r.wall_vs_linear = round(r.wall_s / ((base.wall_s * r.devices) / base.devices), 3);
    r.cpu_vs_linear = round(r.cpu_s / ((base.cpu_s * r.devices) / base.devices), 3);
  }
  return { forks, ulimit_n: Number(ulimit), runs };
}
