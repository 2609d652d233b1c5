#!/usr/bin/env node
// The floor: the same SSH work as a firemend run (same connections, same commands in the same modes, same
// concurrency) done with a bare ssh2 client and no engine. firemend's wall time is reported as a ratio to it.
//
//   node bench/floor.mjs -i INVENTORY --known-hosts FILE -f FORKS [--report R.json] [--playbook P]
//                        [-e k=v …] [--reboot-timeout S] [--plan-out PLAN.json]
//
// With --report, the commands are those the firemend run actually sent (see lib/plan.mjs); without, the
// playbook's check commands. Prints one JSON line on stdout. Talks to 127.0.0.1 only.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { knownHostsName, loadInventory, loadKnownHosts } from './lib/inventory.mjs';
import { planFromPlaybook, planFromReport, planToJson } from './lib/plan.mjs';
import { openShell } from './lib/shell-session.mjs';
import { percentile, round } from './lib/stats.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { values } = parseArgs({
  options: {
    inventory: { type: 'string', short: 'i' },
    'known-hosts': { type: 'string' },
    forks: { type: 'string', short: 'f', default: '5' },
    report: { type: 'string' },
    playbook: { type: 'string', default: path.join(root, 'playbooks/cloud-config-failure.yml') },
    'extra-vars': { type: 'string', short: 'e', multiple: true, default: [] },
    'reboot-timeout': { type: 'string', default: '60' },
    'plan-out': { type: 'string' },
  },
});
if (!values.inventory) {
  process.stderr.write('usage: node bench/floor.mjs -i INVENTORY --known-hosts FILE -f FORKS [--report R.json]\n');
  process.exit(1);
}

const forks = Math.max(1, Number(values.forks));
const hosts = loadInventory(values.inventory);
for (const h of hosts) {
  // Only loopback: the bench never talks to anything else.
  if (h.host !== '127.0.0.1' && h.host !== 'localhost') throw new Error(`floor: ${h.name} is not on 127.0.0.1`);
  h.host = '127.0.0.1';
}
const extra = Object.fromEntries(values['extra-vars'].map((kv) => kv.split(/=(.*)/s).slice(0, 2)));
const plan = values.report ? planFromReport(values.report, values.playbook) : planFromPlaybook(values.playbook, hosts, extra);
if (values['plan-out']) writeFileSync(values['plan-out'], planToJson(plan));

const known = values['known-hosts'] ? loadKnownHosts(values['known-hosts']) : null;
const opts = {
  connectTimeoutMs: 20_000,
  promptTimeoutMs: 30_000,
  commandTimeoutMs: 60_000,
  rebootTimeoutMs: Number(values['reboot-timeout']) * 1000,
  // Strict known_hosts check, as firemend does by default: the key must be the recorded one.
  hostVerifier: known
    ? (target, key) => {
        const keys = known.get(knownHostsName(target.host, target.port));
        return !!keys && keys.has(Buffer.from(key).toString('base64'));
      }
    : undefined,
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function reconnectAfterReboot(target) {
  const deadline = Date.now() + opts.rebootTimeoutMs;
  for (;;) {
    try {
      return await openShell(target, opts);
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`reboot timeout: ${err.message}`);
      await sleep(500);
    }
  }
}

async function runHost(target, actions) {
  const t0 = performance.now();
  let session;
  try {
    session = await openShell(target, opts);
    for (const a of actions) {
      if (a.kind === 'reboot') {
        await session.rebootAndDrop();
        session = await reconnectAfterReboot(target);
        continue;
      }
      try {
        await session.ensureMode(a.mode);
        await session.exec(a.command, a.answers);
      } catch (err) {
        // As firemend's transport: a read-only check lost to a dropped connection is repeated once on a fresh one.
        if (!err.closed || a.purpose !== 'check') throw err;
        session.client.end();
        session = await openShell(target, opts);
        await session.ensureMode(a.mode);
        await session.exec(a.command, a.answers);
      }
    }
    await session.close();
    return { ok: true, ms: performance.now() - t0 };
  } catch (err) {
    if (session) session.client.end();
    return { ok: false, ms: performance.now() - t0, error: String(err.message ?? err) };
  }
}

// Only hosts the plan gives work to (unreachable hosts of a report were not worked on by firemend either,
// except for its connection attempt; the floor skips them, which only makes the floor faster).
const work = hosts.filter((h) => (plan.hosts.get(h.name)?.length ?? 0) > 0);
const results = [];
const t0 = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: Math.min(forks, work.length) }, async () => {
    while (next < work.length) {
      const h = work[next++];
      results.push({ name: h.name, ...(await runHost(h, plan.hosts.get(h.name))) });
    }
  }),
);
const wall = (performance.now() - t0) / 1000;
const ru = process.resourceUsage();
const durations = results.map((r) => r.ms);
const failed = results.filter((r) => !r.ok);
const commands = work.reduce((n, h) => n + plan.hosts.get(h.name).length, 0);
process.stdout.write(
  JSON.stringify({
    tool: 'floor',
    plan: plan.source,
    devices: hosts.length,
    worked: work.length,
    commands,
    forks,
    wall_s: round(wall),
    hosts_per_s: round(work.length / wall, 1),
    p50_host_ms: round(percentile(durations, 50), 1),
    p95_host_ms: round(percentile(durations, 95), 1),
    cpu_s: round((ru.userCPUTime + ru.systemCPUTime) / 1e6),
    peak_rss_mb: round(ru.maxRSS / 1024, 1),
    failed: failed.length,
    first_errors: failed.slice(0, 3).map((r) => `${r.name}: ${r.error}`),
  }) + '\n',
);
process.exitCode = failed.length ? 2 : 0;
