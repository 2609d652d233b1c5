#!/usr/bin/env node
// Markdown tables for bench/RESULTS.md from the JSON lines `npm run bench` prints (one file per run).
//   node bench/tables.mjs RUN.json [RUN.json …]
import { readFileSync } from 'node:fs';

const f = (x, d = 1) => (x === null || x === undefined ? '—' : Number(x).toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
const load = (x) => (x.proc_loadavg_before ?? '').split(' ').slice(0, 3).join(' ');

function device(r) {
  const out = [`RTT ${r.device.rtt_ms} ms, N = ${r.devices}, lab seed \`${r.device.seed}\`, started ${r.started_at}`, ''];
  out.push('| F | contender | wall s | ideal s (slowest × ⌈N/F⌉) | wall / ideal | pool ideal s | wall / pool ideal | slowest device path s | p50 host ms | p95 host ms | CPU s | peak RSS MB | lab CPU s | lab peak RSS MB | load before |');
  out.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const run of r.device.runs) {
    for (const [name, x] of [['firemend', run.firemend], ['floor', run.floor]]) {
      const i = x.ideal;
      out.push(
        `| ${run.forks} | ${name} | ${f(x.wall_s, 2)} | ${f(i.ideal_s, 2)} | **${f(x.wall_s / i.ideal_s, 2)}×** | ${f(i.pool_ideal_s, 2)} | ${f(x.wall_s / i.pool_ideal_s, 2)}× | ${f(i.critical_path_ms.max / 1000, 2)} | ${f(x.p50_host_ms, 0)} | ${f(x.p95_host_ms, 0)} | ${f(x.cpu_s, 2)} | ${f(x.peak_rss_mb)} | ${f(x.lab_cpu_s, 2)} | ${f(x.lab_peak_rss_mb)} | ${load(x)} |`,
      );
    }
  }
  out.push('', '| F | firemend / floor (wall) | devices whose delays differed between the two labs | device critical path p50 / p95 / max ms |', '|---:|---:|---:|---|');
  for (const run of r.device.runs) {
    const c = run.firemend.ideal.critical_path_ms;
    out.push(`| ${run.forks} | ${f(run.ratio_wall_to_floor, 2)}× | ${run.devices_with_other_delays_for_floor} | ${c.p50} / ${c.p95} / ${c.max} |`);
  }
  return out.join('\n');
}

function scale(r) {
  const out = [`F = ${r.scale.forks}, ulimit -n ${r.scale.ulimit_n}, started ${r.started_at}`, ''];
  out.push('| N | wall s | ms per device | wall vs linear from first | CPU s | CPU vs linear | peak RSS MB | lab CPU s | lab peak RSS MB | ok | load before |');
  out.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const x of r.scale.runs) {
    out.push(`| ${x.devices.toLocaleString('en-US')} | ${f(x.wall_s, 1)} | ${f(x.ms_per_device, 2)} | ${f(x.wall_vs_linear, 2)} | ${f(x.cpu_s, 1)} | ${f(x.cpu_vs_linear, 2)} | **${f(x.peak_rss_mb)}** | ${f(x.lab_cpu_s, 1)} | ${f(x.lab_peak_rss_mb)} | ${x.summary.ok} | ${load(x)} |`);
  }
  return out.join('\n');
}

function lab(r) {
  const c = r.check;
  const out = [`N = ${r.devices}, F = ${r.forks}, started ${r.started_at}`, ''];
  out.push('| contender | devices | wall s | hosts/s | p50 host ms | p95 host ms | CPU s | peak RSS MB | lab CPU s | load before | firemend is |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|');
  const row = (name, x, n, note) => `| ${name} | ${n} | ${f(x.wall_s, 2)} | ${f(x.hosts_per_s, 2)} | ${f(x.p50_host_ms, 0)} | ${f(x.p95_host_ms, 0)} | ${f(x.cpu_s, 2)} | ${f(x.peak_rss_mb)} | ${f(x.lab_cpu_s, 2)} | ${load(x)} | ${note} |`;
  out.push(row('firemend', c.firemend, r.devices, '—'));
  out.push(row('floor (bare ssh2)', c.floor, c.floor.worked, `**${f(c.ratio_wall_to_floor, 2)}×** the floor's wall (${f(c.ratio_cpu_to_floor, 2)}× its CPU)`));
  if (c.peers) {
    const nm = c.peers.netmiko;
    const an = c.peers.ansible;
    if (nm.error) out.push(`| Netmiko | — | error: ${nm.error.slice(0, 120)} |`);
    else out.push(row(`Netmiko ${nm.version}, ${r.forks} threads`, nm, nm.worked, `**${f(c.peers.firemend_speedup_vs_netmiko, 1)}×** faster (hosts/s)`));
    if (an.error) out.push(`| Ansible | — | error: ${an.error.slice(0, 120)} |`);
    else out.push(row(`Ansible ${an.version}, forks ${r.forks}`, an, an.worked, `**${f(c.peers.firemend_speedup_vs_ansible, 0)}×** faster (hosts/s)`));
  }
  return out.join('\n');
}

function fmc(r) {
  const out = [`${r.fmc.devices} device records, ${r.fmc.ha_pairs} HA pairs, page size ${r.fmc.page_size}, ${r.fmc.limit_per_min} requests/minute, started ${r.started_at}`, ''];
  out.push('| what | exit | requests | minimum | ratio | 429s | wait the limit forces s | wall s | CPU s | peak RSS MB |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, x] of [['`firemend inventory -i fmc.yml` (plugin: fmc)', r.fmc.inventory], ['`firemend run playbooks/fmc-cloud-config.yml --check`', r.fmc.playbook]]) {
    if (!x) continue;
    out.push(`| ${name} | ${x.exit_code} | ${x.requests} | ${x.minimum_requests} | ${f(x.ratio_to_minimum, 2)} | ${x.refused_429} | ${f(x.rate_limit_minimum_wait_s, 0)} | ${f(x.wall_s, 2)} | ${f(x.cpu_s, 2)} | ${f(x.peak_rss_mb)} |`);
  }
  return out.join('\n');
}

for (const file of process.argv.slice(2)) {
  const r = JSON.parse(readFileSync(file, 'utf8').trim().split('\n').pop());
  const render = { device, scale, lab, fmc }[r.profile ?? 'lab'];
  process.stdout.write(`<!-- ${file} -->\n${render(r)}\n\n`);
}
