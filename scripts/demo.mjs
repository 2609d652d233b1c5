#!/usr/bin/env node
// `npm run demo`: a 20-device simulated FTD lab with mixed faults and a lab FMC managing it; the shipped playbook
// as a dry-run, then applied; the recap; then the FMC playbook (licence in evaluation, cloud events off) as a
// dry-run and applied with fmc_cloud_events_fix; the lab stopped. Everything stays on 127.0.0.1. Files land in
// ./demo-out/.
import { $, fs, path } from 'zx';
import { spawn } from 'node:child_process';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, 'demo-out');
const cli = path.join(root, 'dist/src/cli/main.js');
const playbook = path.join(root, 'playbooks/cloud-config-failure.yml');
const fmcPlaybook = path.join(root, 'playbooks/fmc-cloud-config.yml');
const inventory = path.join(out, 'lab-inventory.yml');
const knownHosts = path.join(out, 'lab-known_hosts');
const devices = process.env.DEMO_DEVICES ?? '20';

await fs.ensureDir(out);
// A fresh audit folder, before the lab opens its files.
await fs.emptyDir(path.join(out, 'audit'));
$.verbose = false;

// 1. Start the lab in its own process and wait for its `ready:` line.
const lab = spawn(process.execPath, [cli, 'lab', '--devices', devices, '--faults', 'mixed,fmc-eval-licence,fmc-cloud-events-off',
  '--seed', 'demo', '--reboot-seconds', '3', '--inventory-out', inventory, '--known-hosts-out', knownHosts,
  '--audit-dir', path.join(out, 'audit'), '--fmc', '--fmc-ca-out', path.join(out, 'lab-fmc-ca.pem'),
  '--fmc-inventory-out', path.join(out, 'lab-fmc', 'fmc.yml')], { stdio: ['ignore', 'pipe', 'inherit'] });
const stopLab = () => { if (lab.exitCode === null) lab.kill('SIGTERM'); };
process.on('exit', stopLab);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { stopLab(); process.exit(130); });

await new Promise((resolve, reject) => {
  let buf = '';
  lab.stdout.on('data', (d) => {
    buf += d;
    const line = buf.split('\n').find((l) => l.startsWith('ready:'));
    if (line) { console.log(`lab ${line}`); resolve(); }
  });
  lab.on('exit', (code) => reject(new Error(`the lab exited early (code ${code})`)));
});

const common = ['-i', inventory, '--known-hosts', knownHosts, '-e', 'reboot_timeout=30'];
const run = async (title, args) => {
  console.log(`\n=== ${title}: firemend ${args.map((a) => path.relative(root, a) || a).join(' ')}\n`);
  const p = await $({ nothrow: true, stdio: 'inherit' })`node ${cli} ${args}`;
  console.log(`\n(exit code ${p.exitCode})`);
  return p.exitCode;
};

// The lab's audit logs record every command each device received and whether it changes the device.
const auditDir = path.join(out, 'audit');
const changingCommands = async () => {
  let n = 0;
  for (const f of await fs.readdir(auditDir).catch(() => [])) {
    for (const line of (await fs.readFile(path.join(auditDir, f), 'utf8')).split('\n')) {
      if (line.includes('"changes":true')) n += 1;
    }
  }
  return n;
};
// The FMC's audit (fmc.jsonl): every REST request, so the dry-run can be shown to send nothing but GETs and logins.
const fmcWrites = async () => {
  const lines = (await fs.readFile(path.join(auditDir, 'fmc.jsonl'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
  return lines.map((l) => JSON.parse(l)).filter((e) => e.method !== 'GET' && !e.path.includes('/auth/')).length;
};
const audited = async (what, before) => {
  const now = await changingCommands();
  console.log(`audit: ${now - before} device-changing command(s) received during the ${what}`);
  return now;
};

try {
  let changes = await changingCommands();
  // 2. Dry-run: every check runs, nothing is changed.
  await run('Dry-run (--check)', ['run', playbook, ...common, '--check', '--report', path.join(out, 'check-report.json')]);
  changes = await audited('dry-run', changes);
  // 3. Apply for real (non-interactive, so --yes).
  await run('Apply', ['run', playbook, ...common, '--yes', '--report', path.join(out, 'apply-report.json')]);
  changes = await audited('apply', changes);
  // 4. Run again: every fixable device is now ok and nothing is sent (idempotence).
  await run('Re-run (idempotence)', ['run', playbook, ...common, '--yes', '--report', path.join(out, 'rerun-report.json')]);
  await audited('re-run', changes);
  // 5. The FMC (step 1 of the procedure, over its REST API): a dry-run sends only GETs; applied with
  //    fmc_cloud_events_fix the cloud events are set by one PUT; the licence stays a manual action.
  await run('FMC dry-run (--check)', ['run', fmcPlaybook, '-i', inventory, '--check', '--report', path.join(out, 'fmc-check-report.json')]);
  console.log(`FMC audit: ${await fmcWrites()} PUT/POST/DELETE other than login during the dry-run`);
  await run('FMC apply with fmc_cloud_events_fix', ['run', fmcPlaybook, '-i', inventory, '-e', 'fmc_cloud_events_fix=true', '--yes', '--report', path.join(out, 'fmc-apply-report.json')]);
  console.log(`FMC audit: ${await fmcWrites()} PUT/POST/DELETE other than login in all`);
  console.log(`\nReports, audit logs and the lab inventory are in ${path.relative(process.cwd(), out) || out}/`);
} finally {
  stopLab();
}
