// Ansible's `script` inventory plugin: run `SCRIPT --list` (JSON: groups as lists or {hosts, vars, children},
// and `_meta.hostvars`); without `_meta`, `SCRIPT --host NAME` per host. Each run has a timeout.
import { execFile } from 'node:child_process';
import type { Diagnostic, SourcePos } from '../../errors.js';
import { InventoryData, InventoryDataError } from '../inventory-data.js';

class ScriptError extends Error {}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function run(file: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 512 * 1024 * 1024, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      if (err) {
        const why = err.killed ? `timed out after ${timeoutMs / 1000} s` : typeof err.code === 'number' ? `exited ${err.code}` : `could not run (${String(err.code)})`;
        const firstErr = stderr.split('\n').find((l) => l.trim() !== '');
        reject(new ScriptError(`inventory script ${args.join(' ')} ${why}${firstErr ? `: ${firstErr.slice(0, 200)}` : ''}`));
      } else resolve(stdout);
    });
  });
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ScriptError(`inventory script ${what} did not print JSON (${(err as Error).message})`);
  }
}

/** Run an inventory script and add what it prints. */
export async function addScriptInventory(data: InventoryData, file: string, timeoutMs: number, diagnostics: Diagnostic[]): Promise<void> {
  const pos: SourcePos = { file, line: 1, col: 1 };
  try {
    const out = parseJson(await run(file, ['--list'], timeoutMs), '--list');
    if (!isMap(out)) throw new ScriptError('inventory script --list must print a JSON object');
    const hosts = new Set<string>();
    let meta: Record<string, unknown> | undefined;
    for (const [name, raw] of Object.entries(out)) {
      if (name === '_meta') {
        if (isMap(raw) && 'hostvars' in raw) meta = isMap(raw.hostvars) ? raw.hostvars : {};
        continue;
      }
      data.addGroup(name, pos);
      const g = !isMap(raw) ? { hosts: raw } : !['hosts', 'vars', 'children'].some((k) => k in raw) ? { hosts: [name], vars: raw } : raw;
      if ('hosts' in g) {
        if (!Array.isArray(g.hosts)) throw new ScriptError(`inventory script: group '${name}' has bad data for the host list`);
        for (const h of g.hosts) {
          hosts.add(String(h));
          data.addHost(String(h), name, undefined, pos);
        }
      }
      if ('vars' in g) {
        if (!isMap(g.vars)) throw new ScriptError(`inventory script: group '${name}' has bad data for variables`);
        for (const [k, v] of Object.entries(g.vars)) data.setVariable(name, k, v);
      }
      if ('children' in g && Array.isArray(g.children)) {
        for (const c of g.children) {
          data.addGroup(String(c), pos);
          data.addChild(name, String(c));
        }
      }
    }
    for (const h of hosts) {
      let got: unknown;
      if (meta === undefined) {
        const text = await run(file, ['--host', h], timeoutMs);
        got = text.trim() === '' ? {} : parseJson(text, `--host ${h}`);
      } else got = meta[h] ?? {};
      if (!isMap(got)) throw new ScriptError(`inventory script: the vars of host '${h}' are not a JSON object`);
      for (const [k, v] of Object.entries(got)) data.setVariable(h, k, v);
    }
  } catch (err) {
    if (!(err instanceof ScriptError || err instanceof InventoryDataError)) throw err;
    diagnostics.push({ pos, message: err.message });
  }
}
