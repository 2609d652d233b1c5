// `npm run bench -- --profile device`: the lab with device timing (`firemend lab --timing device --latency-ms RTT`),
// firemend --check at each F, then the floor on a fresh lab with the same seed (so the same devices draw the same
// delays for the same lines), each measured against the ideal computed from its own lab's recorded delays.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runFiremend, runFloor } from './contenders.mjs';
import { idealFromLedger } from './ideal.mjs';
import { startLab } from './lab.mjs';
import { round } from './stats.mjs';

async function withTimedLab(opts, dir, fn) {
  const ledger = path.join(dir, 'timing.json');
  const lab = await startLab({ ...opts, dir, extraArgs: ['--timing', 'device', '--latency-ms', String(opts.rttMs), '--timing-out', ledger] });
  let result;
  let labRss;
  try {
    result = await fn(lab);
    labRss = lab.peakRssMb();
  } finally {
    await lab.stop();
  }
  return { result, ledger, labRss };
}

// Where firemend's extra wall goes, per device, from its event stream and the lab's ledger: `start lag` is the time
// from the host's start (it took a fork) to its first step beyond its own login (login draw + handshake round
// trips), i.e. time spent waiting for CPU to connect; `run lag` is the rest of the host's duration beyond its
// critical path.
function lags(eventsPath, ledgerPath) {
  const ledger = new Map(JSON.parse(readFileSync(ledgerPath, 'utf8')).devices.map((d) => [d.device, d]));
  const rtt = JSON.parse(readFileSync(ledgerPath, 'utf8')).rttMs;
  const started = new Map();
  const first = new Map();
  const done = new Map();
  for (const line of readFileSync(eventsPath, 'utf8').split('\n')) {
    if (line === '') continue;
    const e = JSON.parse(line);
    const t = Date.parse(e.at);
    if (e.type === 'host_started') started.set(e.host, t);
    else if (e.type === 'step_started' && !first.has(e.host)) first.set(e.host, t);
    else if (e.type === 'host_finished') done.set(e.result.name, t);
  }
  const start = [];
  const run = [];
  for (const [host, t] of first) {
    const d = ledger.get(host);
    if (!d || !done.has(host)) continue;
    const own = (d.byKind.login?.ms ?? 0) + (1 + d.handshakeFlights) * rtt;
    start.push(t - started.get(host) - own);
    run.push(done.get(host) - t - (d.criticalMs - own));
  }
  const q = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))];
  return { start_lag_ms: { p50: q(start, 50), p95: q(start, 95), max: q(start, 100) }, run_lag_ms: { p50: q(run, 50), p95: q(run, 95), max: q(run, 100) } };
}

function differingDevices(a, b) {
  const read = (p) => new Map(JSON.parse(readFileSync(p, 'utf8')).devices.map((d) => [d.device, d.delayMs]));
  const x = read(a);
  const y = read(b);
  return [...x].filter(([name, ms]) => y.get(name) !== ms).length;
}

/** Run the device profile for every F in `forksList`; resolves one entry per F. */
export async function runDeviceProfile({ root, cli, labCli, playbook, devices, forksList, rttMs, out, log, cpuProf }) {
  const runs = [];
  const labOpts = { cli: labCli, devices, seed: 'bench-device', rttMs };
  for (const forks of forksList) {
    const tag = `device-f${forks}`;
    log(`device profile: lab of ${devices} (timing device, RTT ${rttMs} ms); firemend --check -f ${forks}`);
    const fm = await withTimedLab(labOpts, path.join(out, `lab-${tag}`), (lab) =>
      runFiremend({ cli, playbook, lab, out, tag, forks, devices, extra: ['--check'], cpuProf }),
    );
    const fmIdeal = idealFromLedger(fm.ledger, fm.result.host_order, forks);
    log(`firemend: ${fm.result.wall_s} s (ideal ${fmIdeal.ideal_s} s); floor next, on a fresh lab with the same seed`);
    const fl = await withTimedLab(labOpts, path.join(out, `lab-${tag}-floor`), (lab) =>
      runFloor({ root, playbook, lab, out, reportPath: fm.result.report, tag, forks }),
    );
    const flIdeal = idealFromLedger(fl.ledger, fm.result.host_order, forks);
    log(`floor: ${fl.result.wall_s} s (ideal ${flIdeal.ideal_s} s)`);
    const { host_order: _o, ...fmFigures } = fm.result;
    fmIdeal.lags = lags(path.join(out, `${tag}-events.jsonl`), fm.ledger);
    runs.push({
      forks,
      firemend: { ...fmFigures, lab_peak_rss_mb: round(fm.labRss, 1), ideal: fmIdeal },
      floor: { ...fl.result, lab_peak_rss_mb: round(fl.labRss, 1), ideal: flIdeal },
      ratio_wall_to_ideal: round(fm.result.wall_s / fmIdeal.ideal_s, 3),
      ratio_wall_to_pool_ideal: round(fm.result.wall_s / fmIdeal.pool_ideal_s, 3),
      floor_ratio_wall_to_ideal: round(fl.result.wall_s / flIdeal.ideal_s, 3),
      ratio_wall_to_floor: round(fm.result.wall_s / fl.result.wall_s, 3),
      // Devices whose recorded delays differ between firemend's lab and the floor's (0: both met the same devices).
      devices_with_other_delays_for_floor: differingDevices(fm.ledger, fl.ledger),
    });
  }
  return { rtt_ms: rttMs, seed: labOpts.seed, runs };
}
