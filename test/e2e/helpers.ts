// Shared machinery of the end-to-end tests: the built CLI as a child process, a lab started in this process
// (its inventory, known_hosts and audit files in a temp dir), audit-log reading and report validation.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { startLab, type AuditEntry, type Lab, type LabOptions } from '../../src/lab/index.js';

/** The built CLI (`npm run build` first; `npm test` does it). */
export const CLI = 'dist/src/cli/main.js';

/** The shipped playbook the fault table is written for. */
export const PLAYBOOK = 'playbooks/cloud-config-failure.yml';

/** A lab password distinctive enough that finding it anywhere means it leaked. */
export const LAB_PASSWORD = 'e2e-Lab-Pw-9f3c71';

/** Fail early with a clear message when the CLI has not been built. */
export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
}

/** A fresh temp dir for one test file's files. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `firemend-e2e-${prefix}-`));
}

export interface TestLab {
  lab: Lab;
  dir: string;
  inventory: string;
  knownHosts: string;
  auditDir: string;
  /** Names of the devices carrying a fault (exactly, as the only fault). */
  withFault(fault: string): string[];
  /** Every device's audit entries, read from the audit dir (a device never contacted has none). */
  audit(): Map<string, AuditEntry[]>;
  stop(): Promise<void>;
}

/** Start a lab in this process with fast defaults; writes inventory.yml, known_hosts and audit/ into a temp dir. */
export async function startTestLab(options: Partial<LabOptions> & { devices: number }): Promise<TestLab> {
  const dir = tempDir('lab');
  const auditDir = join(dir, 'audit');
  const lab = await startLab({ rebootSeconds: 1, slowMs: 50, timeScale: 0.01, password: LAB_PASSWORD, auditDir, ...options });
  const inventory = join(dir, 'inventory.yml');
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(inventory, lab.inventoryYaml());
  writeFileSync(knownHosts, lab.knownHosts());
  return {
    lab,
    dir,
    inventory,
    knownHosts,
    auditDir,
    withFault: (fault) => lab.devices.filter((d) => d.faults.length === 1 && d.faults[0] === fault).map((d) => d.name),
    audit: () => readAudit(auditDir, lab.devices.map((d) => d.name)),
    stop: async () => {
      await lab.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Read the per-device audit files (`NAME.jsonl`); devices without a file map to []. */
export function readAudit(auditDir: string, names: string[]): Map<string, AuditEntry[]> {
  const files = existsSync(auditDir) ? new Set(readdirSync(auditDir)) : new Set<string>();
  const out = new Map<string, AuditEntry[]>();
  for (const name of names) {
    const file = `${name}.jsonl`;
    const text = files.has(file) ? readFileSync(join(auditDir, file), 'utf8') : '';
    out.set(
      name,
      text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as AuditEntry),
    );
  }
  return out;
}

/** Every audit entry that changed a device, across the fleet. */
export function changingCommands(audit: Map<string, AuditEntry[]>): AuditEntry[] {
  return [...audit.values()].flat().filter((e) => e.changes);
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running CLI child: its output so far, a way to wait for a JSON event, and its end. */
export interface CliChild {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first JSON-lines event (from `--output json`) the predicate accepts. */
  waitForEvent(pred: (ev: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  done: Promise<CliResult>;
}

/** Start `node dist/src/cli/main.js ARGS…` without a TTY; NO_COLOR so line output is plain. */
export function spawnCli(args: string[], env: Record<string, string> = {}): CliChild {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env } });
  let out = '';
  let err = '';
  let scanned = 0;
  const waiters: { pred: (ev: Record<string, unknown>) => boolean; resolve: (ev: Record<string, unknown>) => void }[] = [];
  const events: Record<string, unknown>[] = [];
  const scan = (): void => {
    let nl: number;
    while ((nl = out.indexOf('\n', scanned)) !== -1) {
      const line = out.slice(scanned, nl);
      scanned = nl + 1;
      try {
        events.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        continue;
      }
      const ev = events[events.length - 1] as Record<string, unknown>;
      for (let i = waiters.length - 1; i >= 0; i--) {
        const w = waiters[i];
        if (w && w.pred(ev)) {
          waiters.splice(i, 1);
          w.resolve(ev);
        }
      }
    }
  };
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    scan();
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: err }));
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitForEvent: (pred) =>
      new Promise((resolve, reject) => {
        const seen = events.find(pred);
        if (seen) return resolve(seen);
        waiters.push({ pred, resolve });
        // A run that ends without the event must fail the test, not hang it.
        void done.then(() => reject(new Error(`the CLI exited before the awaited event; stdout:\n${out}\nstderr:\n${err}`)));
      }),
    done,
  };
}

/** Resolves once the child's stderr holds `text` (the event that proves the state), rejects if it exits first. */
export function waitForStderr(cli: CliChild, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (!cli.stderr().includes(text)) return;
      cli.child.stderr?.off('data', check);
      resolve();
    };
    cli.child.stderr?.on('data', check);
    check();
    void cli.done.then(() => reject(new Error(`the CLI exited before saying '${text}'; stderr:\n${cli.stderr()}`)));
  });
}

/** Run the CLI to its end. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return spawnCli(args, env).done;
}

/** The arguments of a `run` of the shipped playbook against a test lab (reboot timeout small, as the contract says for labs). */
export function runArgs(t: TestLab, ...extra: string[]): string[] {
  return ['run', PLAYBOOK, '-i', t.inventory, '--known-hosts', t.knownHosts, '-e', 'reboot_timeout=20', ...extra];
}

/** Parse JSON-lines output into events. */
export function jsonEvents(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

// The report types the tests read (the schema is the authority; this is the slice the assertions use).
export interface ReportStep {
  id: string;
  name: string;
  status: string;
  check?: { command: string; passed: boolean; output: string };
  fix?: { commands: string[]; sent: boolean };
  verify?: { passed: boolean };
  remedy?: string;
  error?: { code: string; message: string };
}
export interface ReportHost {
  name: string;
  address: string;
  status: string;
  error?: { code: string; message: string };
  reason?: string;
  steps: ReportStep[];
}
export interface Report {
  version: number;
  mode: 'check' | 'apply';
  interrupted: boolean;
  stopped_early?: string;
  exit_code: number;
  summary: Record<string, number>;
  causes: { status: string; step?: string; code?: string; message: string; remedy?: string; items?: string[]; hosts: string[] }[];
  hosts: ReportHost[];
}

const ajv = new Ajv2020.default({ allErrors: true, strict: true, strictRequired: false });
addFormats.default(ajv);
const validateSchema = ajv.compile(JSON.parse(readFileSync('schemas/report.schema.json', 'utf8')) as object);

/** Schema errors of a report as readable lines; [] when it validates against schemas/report.schema.json. */
export function reportSchemaErrors(report: unknown): string[] {
  if (validateSchema(report)) return [];
  return (validateSchema.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** Read a report file. */
export function readReport(path: string): Report {
  return JSON.parse(readFileSync(path, 'utf8')) as Report;
}

/** Host name → status, from a report. */
export function statuses(report: Report): Record<string, string> {
  return Object.fromEntries(report.hosts.map((h) => [h.name, h.status]));
}

/** One host of a report, or a failed expectation naming it. */
export function hostOf(report: Report, name: string): ReportHost {
  const h = report.hosts.find((x) => x.name === name);
  if (!h) throw new Error(`host ${name} is not in the report`);
  return h;
}

/** The mode a device's last session was left in, read from its audit trail (clish when it logged out or rebooted). */
export function modeLeftIn(entries: readonly AuditEntry[]): 'clish' | 'expert' | 'root' {
  const last = entries.at(-1);
  if (last === undefined) return 'clish';
  const cmd = last.command.trim();
  if (last.mode === 'clish') {
    // `expert` climbs; an answered reboot takes the device (and every session) down.
    return cmd === 'expert' ? 'expert' : 'clish';
  }
  if (cmd === 'exit' || cmd === 'logout') return last.mode === 'root' ? 'expert' : 'clish';
  if (last.mode === 'expert' && /^sudo\s+(su|-i|-s)\b/.test(cmd)) return 'root';
  return last.mode;
}
