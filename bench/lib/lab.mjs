// Starts `firemend lab` as its own process, waits for its `ready:` line, and stops it (always, even on errors).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { processCpuSeconds, processPeakRssMb } from './measure.mjs';

const live = new Set();
let hooked = false;

// The bench must never leave a lab behind: kill every live lab child when this process exits for any reason.
function hookExit() {
  if (hooked) return;
  hooked = true;
  const killAll = () => {
    for (const child of live) if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      killAll();
      process.exit(130);
    });
  }
}

/**
 * Start a lab of `devices` devices in `dir`; resolves { pid, inventory, knownHosts, cpuSeconds(), peakRssMb(),
 * stop() } once it printed `ready:`. Rejects if it exits first or is not ready within readyTimeoutMs.
 */
export function startLab({ cli, devices, dir, faults, seed = 'bench', rebootSeconds = 1, readyTimeoutMs = 180_000, extraArgs = [] }) {
  hookExit();
  mkdirSync(dir, { recursive: true });
  const inventory = path.join(dir, 'lab-inventory.yml');
  const knownHosts = path.join(dir, 'lab-known_hosts');
  const args = [cli, 'lab', '--devices', String(devices), '--seed', seed, '--inventory-out', inventory, '--known-hosts-out', knownHosts, '--reboot-seconds', String(rebootSeconds)];
  if (faults) args.push('--faults', faults);
  args.push(...extraArgs);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.on('exit', () => live.delete(child));
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the lab was not ready within ${readyTimeoutMs} ms`));
    }, readyTimeoutMs);
    const onExit = (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the lab exited before it was ready (code ${code}, signal ${signal}): ${stderr.trim()}`));
    };
    child.once('exit', onExit);
    child.stdout.on('data', (d) => {
      buf += d;
      if (!buf.split('\n').some((l) => l.startsWith('ready:'))) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      resolve({
        pid: child.pid,
        inventory,
        knownHosts,
        cpuSeconds: () => processCpuSeconds(child.pid),
        peakRssMb: () => processPeakRssMb(child.pid),
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
