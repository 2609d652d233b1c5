#!/usr/bin/env node
// `npm run demo`: a 20-device simulated FTD lab with mixed faults; the shipped playbook as a dry-run, then
// applied; the recap; the lab stopped. Everything stays on 127.0.0.1. Files land in ./demo-out/.
import { $, fs, path } from 'zx';
import { spawn } from 'node:child_process';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, 'demo-out');
const cli = path.join(root, 'dist/src/cli/main.js');
const playbook = path.join(root, 'playbooks/cloud-config-failure.yml');
const inventory = path.join(out, 'lab-inventory.yml');
const knownHosts = path.join(out, 'lab-known_hosts');
const devices = process.env.DEMO_DEVICES ?? '20';

await fs.ensureDir(out);
// A fresh audit folder, before the lab opens its files.
await fs.emptyDir(path.join(out, 'audit'));
$.verbose = false;

// 1. Start the lab in its own process and wait for its `ready:` line.
const lab = spawn(process.execPath, [cli, 'lab', '--devices', devices, '--faults', 'mixed', '--seed', 'demo',
  '--reboot-seconds', '3', '--inventory-out', inventory, '--known-hosts-out', knownHosts,
  '--audit-dir', path.join(out, 'audit')], { stdio: ['ignore', 'pipe', 'inherit'] });
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
  console.log(`\nReports, audit logs and the lab inventory are in ${path.relative(process.cwd(), out) || out}/`);
} finally {
  stopLab();
}
