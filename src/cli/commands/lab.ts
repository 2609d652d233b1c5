// `firemend lab`: serve a simulated FTD fleet on 127.0.0.1 until SIGINT/SIGTERM, with its inventory and known_hosts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { DEFAULT_CURL_FLAVOUR } from '../../lab/curl-assignment.js';
// The lab itself (ssh2 server, device model, FMC) is loaded only when `firemend lab` runs: every other command,
// `run` above all, starts faster without it.
import type { Lab, LabFmc } from '../../lab/index.js';

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
  fmc?: boolean;
  fmcCaOut: string;
  fmcInventoryOut: string;
  fmcPageSize: string;
  fmcRateLimit: string;
}

function number(flag: string, value: string, min: number, integer = true): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} must be ${integer ? 'a whole number' : 'a number'} of at least ${min}, got '${value}'`);
  }
  return n;
}

/** Write the lab FMC's CA and its `plugin: fmc` inventory (with group_vars/ and host_vars/ beside it); the ready line's FMC part. */
function writeFmcFiles(lab: Lab, fmc: LabFmc, caPath: string, pluginPath: string): string {
  writeFileSync(caPath, fmc.caPem);
  const dir = dirname(pluginPath);
  for (const [rel, text] of lab.fmcInventoryFiles(pluginPath.slice(dir.length + 1), caPath)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return `, FMC https://127.0.0.1:${fmc.port} (CA ${caPath}, inventory ${pluginPath})`;
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
    .option('--fmc', 'also serve a lab FMC (HTTPS REST API on 127.0.0.1) managing the devices; fmc-… faults apply to it')
    .option('--fmc-ca-out <file>', "where to write the lab FMC's CA certificate (PEM)", './lab-fmc-ca.pem')
    .option('--fmc-inventory-out <file>', "where to write the lab FMC as a 'plugin: fmc' inventory (group_vars/ and host_vars/ go beside it)", './lab-fmc/fmc.yml')
    .option('--fmc-page-size <n>', 'the most items the lab FMC puts on one page (1000 like an FMC; lower it to see paging)', '1000')
    .option('--fmc-rate-limit <n>', "the lab FMC's requests per minute before it answers 429", '120')
    .action(async (flags: LabFlags) => {
      const { curlFlavourOption, startLab, timingProfileOption } = await import('../../lab/index.js');
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
        ...(flags.fmc === true
          ? { fmc: true, fmcPageSize: number('--fmc-page-size', flags.fmcPageSize, 1), fmcRateLimit: number('--fmc-rate-limit', flags.fmcRateLimit, 1) }
          : {}),
      });
      const stopped = new Promise<string>((done) => {
        process.once('SIGINT', () => done('SIGINT'));
        process.once('SIGTERM', () => done('SIGTERM'));
      });
      try {
        const fmcLine = lab.fmc === undefined ? '' : writeFmcFiles(lab, lab.fmc, resolve(flags.fmcCaOut), resolve(flags.fmcInventoryOut));
        // The inventory holds the lab password: owner-only.
        writeFileSync(inventoryPath, lab.inventoryYaml(lab.fmc === undefined ? undefined : resolve(flags.fmcCaOut)), { mode: 0o600 });
        writeFileSync(knownHostsPath, lab.knownHosts());
        const ports = lab.devices.map((d) => d.port);
        process.stdout.write(
          `ready: ${devices} devices on 127.0.0.1 ports ${Math.min(...ports)}-${Math.max(...ports)}, inventory ${inventoryPath}, known_hosts ${knownHostsPath}${fmcLine}\n`,
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
