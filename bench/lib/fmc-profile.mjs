// `npm run bench -- --profile fmc --devices N`: the lab FMC (`firemend lab --fmc`, its default 120 requests/minute
// and 1,000 items a page) managing N device records (--ha-pairs N/10). Measures, counting the requests in the lab
// FMC's audit file (DIR/fmc.jsonl, one line per request answered, 429s included):
//  1. `firemend inventory -i fmc.yml` (plugin: fmc): the FMC's device records as hosts;
//  2. `firemend run playbooks/fmc-cloud-config.yml --check` on the lab inventory's FMC host.
// The minimum is one login, the version, and one request per page of each collection read; at 120 requests a
// minute a run of R ≤ 120 requests need not wait at all, a longer one at least (R − 120) / 120 minutes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { measureOnLab } from './contenders.mjs';
import { startLab } from './lab.mjs';
import { round } from './stats.mjs';

const PAGE = 1000;
const LIMIT_PER_MIN = 120;

function auditLines(file) {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

function summarise(requests, minimum, r, figures) {
  const byPath = {};
  for (const q of requests) {
    const key = `${q.method} ${q.path.replace(/\/domain\/[0-9a-f-]+\//, '/domain/{uuid}/')}`;
    byPath[key] = (byPath[key] ?? 0) + 1;
  }
  const minWaitS = Math.max(0, ((minimum - LIMIT_PER_MIN) / LIMIT_PER_MIN) * 60);
  return {
    exit_code: r.code,
    stderr_tail: r.code === 0 ? undefined : r.stderr.trim().split('\n').slice(-2).join('\n'),
    requests: requests.length,
    refused_429: requests.filter((q) => q.status === 429).length,
    minimum_requests: minimum,
    ratio_to_minimum: minimum > 0 ? round(requests.length / minimum, 3) : null,
    rate_limit_minimum_wait_s: round(minWaitS, 1),
    by_request: byPath,
    ...figures,
  };
}

/** Resolves { devices, ha_pairs, inventory: {...}, playbook: {...} }. */
export async function runFmcProfile({ root, cli, labCli, devices, out, log }) {
  const dir = path.join(out, 'lab-fmc');
  const haPairs = Math.floor(devices / 10);
  const fmcInv = path.join(dir, 'fmc', 'fmc.yml');
  const audit = path.join(dir, 'audit', 'fmc.jsonl');
  const lab = await startLab({
    cli: labCli,
    devices,
    dir,
    seed: 'bench-fmc',
    extraArgs: ['--fmc', '--ha-pairs', String(haPairs), '--audit-dir', path.join(dir, 'audit'), '--fmc-ca-out', path.join(dir, 'fmc-ca.pem'), '--fmc-inventory-out', fmcInv],
  });
  const env = { ...process.env, FIREMEND_LAB_PASSWORD: process.env.FIREMEND_LAB_PASSWORD ?? 'firemend-lab' };
  const result = { devices, ha_pairs: haPairs, page_size: PAGE, limit_per_min: LIMIT_PER_MIN };
  try {
    log(`fmc: firemend inventory over the lab FMC's ${devices} device records`);
    let before = auditLines(audit).length;
    const inv = await measureOnLab(lab, [process.execPath, cli, 'inventory', '-i', fmcInv], { env, stdoutFile: path.join(out, 'fmc-inventory.json') });
    let reqs = auditLines(audit).slice(before);
    // login, version, the device records' pages, the HA pairs' pages.
    result.inventory = summarise(reqs, 2 + Math.ceil(devices / PAGE) + Math.max(1, Math.ceil(haPairs / PAGE)), inv.r, inv.figures);
    log(`fmc: inventory ${inv.figures.wall_s} s, ${reqs.length} requests`);
    before = auditLines(audit).length;
    const playbook = path.join(root, 'playbooks/fmc-cloud-config.yml');
    const run = await measureOnLab(lab, [process.execPath, cli, 'run', playbook, '-i', lab.inventory, '--check', '--output', 'json', '--report', path.join(out, 'fmc-report.json')], {
      env,
      stdoutFile: path.join(out, 'fmc-events.jsonl'),
    });
    reqs = auditLines(audit).slice(before);
    // login, version, licence, cloud events, cloud regions, the device records' pages.
    result.playbook = summarise(reqs, 5 + Math.ceil(devices / PAGE), run.r, run.figures);
    log(`fmc: playbook exit ${run.r.code}, ${run.figures.wall_s} s, ${reqs.length} requests`);
  } finally {
    await lab.stop();
  }
  return result;
}
