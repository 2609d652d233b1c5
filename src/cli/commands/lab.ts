// `firemend lab`: serve a simulated FTD fleet on 127.0.0.1 until SIGINT/SIGTERM, with its inventory and known_hosts.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { DEFAULT_CURL_FLAVOUR, curlFlavourOption, startLab, timingProfileOption } from '../../lab/index.js';

interface LabFlags {
  devices: string;
  faults?: string;
  seed: string;
  inventoryOut: string;
  knownHostsOut: string;
  auditDir?: string;
  rebootSeconds: string;
  latencyMs: string;
  slowMs: string;
  timeScale: string;
  password?: string;
  haPairs: string;
  curlFlavour: string;
  timing: string;
  timingOut?: string;
}

function number(flag: string, value: string, min: number, integer = true): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} must be ${integer ? 'a whole number' : 'a number'} of at least ${min}, got '${value}'`);
  }
  return n;
}

/** Register `firemend lab`. */
export function registerLab(program: Command): void {
  program
    .command('lab')
    .description('Serve simulated FTDs over real SSH on 127.0.0.1 and write their inventory and known_hosts')
    .option('--devices <n>', 'number of simulated devices', '10')
    .option('--faults <spec>', "faults to inject: 'fault=count[,fault=count…]' (a+b=count combines; fault=@ftd-001+ftd-002 names devices) or 'mixed'")
    .option('--seed <s>', 'seed for the deterministic choice of faulty devices', 'firemend')
    .option('--inventory-out <file>', 'where to write the Ansible YAML inventory', './lab-inventory.yml')
    .option('--known-hosts-out <file>', 'where to write the known_hosts lines', './lab-known_hosts')
    .option('--audit-dir <dir>', 'write every command each device receives to DIR/<device>.jsonl')
    .option('--reboot-seconds <s>', 'downtime after a reboot', '20')
    .option('--latency-ms <ms>', 'network round-trip time: every packet a device sends leaves this many ms later', '0')
    .option('--timing <profile>', "device think times per answer: 'none' or 'device' (distributions in src/lab/timing.ts)", 'none')
    .option('--timing-out <file>', 'on stop, write the delays each device imposed (JSON) to FILE')
    .option('--slow-ms <ms>', 'delay of the `slow` fault', '2000')
    .option('--time-scale <x>', 'multiplier for simulated network waits (curl --max-time on blocked egress)', '0.05')
    .option('--ha-pairs <n>', 'pair the first 2N devices into HA pairs (ftd-001/ftd-002 …), written as ha_peer in the inventory', '0')
    .option('--curl-flavour <f>', "curl build the devices simulate: 7.29-nss, 7.44, 8.x, or 'mixed' (rotated over the devices by seed)", DEFAULT_CURL_FLAVOUR)
    .option('--password <pw>', 'lab-only: device password (default firemend-lab; or FIREMEND_LAB_PASSWORD)')
    .action(async (flags: LabFlags) => {
      const devices = number('--devices', flags.devices, 1);
      const password = flags.password ?? process.env['FIREMEND_LAB_PASSWORD'] ?? 'firemend-lab';
      const inventoryPath = resolve(flags.inventoryOut);
      const knownHostsPath = resolve(flags.knownHostsOut);
      const lab = await startLab({
        devices,
        ...(flags.faults !== undefined ? { faults: flags.faults } : {}),
        seed: flags.seed,
        haPairs: number('--ha-pairs', flags.haPairs, 0),
        curlFlavour: curlFlavourOption(flags.curlFlavour),
        password,
        rebootSeconds: number('--reboot-seconds', flags.rebootSeconds, 0, false),
        latencyMs: number('--latency-ms', flags.latencyMs, 0),
        timing: timingProfileOption(flags.timing),
        slowMs: number('--slow-ms', flags.slowMs, 0),
        timeScale: number('--time-scale', flags.timeScale, 0, false),
        ...(flags.auditDir !== undefined ? { auditDir: resolve(flags.auditDir) } : {}),
      });
      const stopped = new Promise<string>((done) => {
        process.once('SIGINT', () => done('SIGINT'));
        process.once('SIGTERM', () => done('SIGTERM'));
      });
      try {
        // The inventory holds the lab password: owner-only.
        writeFileSync(inventoryPath, lab.inventoryYaml(), { mode: 0o600 });
        writeFileSync(knownHostsPath, lab.knownHosts());
        const ports = lab.devices.map((d) => d.port);
        process.stdout.write(
          `ready: ${devices} devices on 127.0.0.1 ports ${Math.min(...ports)}-${Math.max(...ports)}, inventory ${inventoryPath}, known_hosts ${knownHostsPath}\n`,
        );
        const signal = await stopped;
        process.stderr.write(`firemend lab: ${signal}, stopping ${devices} devices\n`);
      } finally {
        await lab.stop();
        if (flags.timingOut !== undefined) writeFileSync(resolve(flags.timingOut), JSON.stringify(lab.timingReport()) + '\n');
      }
      process.exitCode = 0;
    });
}
