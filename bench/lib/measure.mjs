// Runs one contender as a child process and measures it from outside: wall time, CPU seconds and peak RSS
// (GNU time's rusage of the process and the children it waited for), plus whole-machine CPU seconds over the
// same interval (catches daemonised helpers such as Ansible's persistent-connection processes).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const GNU_TIME = '/usr/bin/time';
const TICKS = 100; // USER_HZ on Linux

/** Busy CPU seconds of the whole machine so far (from /proc/stat: everything but idle and iowait). */
export function machineCpuSeconds() {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = cpu;
  return (user + nice + system + irq + softirq + steal) / TICKS;
}

/** CPU seconds (user+system) of one live process, from /proc/<pid>/stat; null when gone. */
export function processCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return null;
  }
}

/** Peak RSS (VmHWM) of one live process in MB; null when gone. */
export function processPeakRssMb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

let seq = 0;

/**
 * Run argv[0] with argv[1..] and measure it. Resolves { code, signal, wall_s, cpu_s, peak_rss_mb,
 * machine_cpu_s, stdout, stderr }. Killed (SIGTERM, then SIGKILL) after timeoutMs. With stdoutFile, stdout
 * goes straight to that file (a large JSON-lines stream costs the bench nothing to keep).
 */
export function measure(argv, { env, cwd, timeoutMs = 30 * 60_000, onSpawn, stdoutFile } = {}) {
  const useTime = existsSync(GNU_TIME);
  const timeOut = path.join(tmpdir(), `firemend-bench-time-${process.pid}-${seq++}.txt`);
  const full = useTime ? [GNU_TIME, '-o', timeOut, '-f', '%e %U %S %M', ...argv] : argv;
  return new Promise((resolve, reject) => {
    const m0 = machineCpuSeconds();
    const t0 = performance.now();
    const outFd = stdoutFile ? openSync(stdoutFile, 'w') : null;
    const child = spawn(full[0], full.slice(1), { env: env ?? process.env, cwd, stdio: ['ignore', outFd ?? 'pipe', 'pipe'], detached: true });
    if (outFd !== null) closeSync(outFd);
    onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-65536)));
    // Its own process group (detached), so a timeout or our own exit stops GNU time *and* what it runs.
    const killGroup = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        // already gone
      }
    };
    const onExit = () => killGroup('SIGKILL');
    process.once('exit', onExit);
    const timer = setTimeout(() => {
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), 5000).unref();
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      process.off('exit', onExit);
      const wall = (performance.now() - t0) / 1000;
      const machine = machineCpuSeconds() - m0;
      let cpu = null;
      let rss = null;
      if (useTime && existsSync(timeOut)) {
        // GNU time writes "Command exited with non-zero status N" before the format line when code != 0.
        const last = readFileSync(timeOut, 'utf8').trim().split('\n').pop().trim().split(/\s+/).map(Number);
        cpu = last[1] + last[2];
        rss = last[3] / 1024;
        rmSync(timeOut, { force: true });
      }
      resolve({ code, signal, wall_s: wall, cpu_s: cpu, peak_rss_mb: rss, machine_cpu_s: machine, stdout, stderr });
    });
  });
}
