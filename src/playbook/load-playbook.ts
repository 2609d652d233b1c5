// Playbook loading, in order: YAML with positions → schema (ajv) → vars_files → semantic checks → model.
// Every problem found on the way is collected; the caller gets a model or one InputError listing them all.
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import type { Diagnostic } from '../errors.js';
import { sortDiagnostics } from '../inventory/load-inventory.js';
import type { Inventory } from '../inventory/model.js';
import { readInputFile } from '../yaml/input-file.js';
import { parseLocatedYaml } from '../yaml/located-yaml.js';
import { schemaDiagnostics, schemaValidator } from '../yaml/schema-check.js';
import { loadVarsFile } from '../yaml/vars-file.js';
import type { ConnectionRegistry } from '../connections/registry.js';
import { checkPlaybook } from './check-playbook.js';
import type { Playbook } from './model.js';
import { normalizePlaybook } from './normalize.js';
import type { NormalizeInputs } from './normalize.js';
import type { RawPlaybook } from './raw-playbook.js';

/** What the loader may check against: with an inventory, host patterns, modes and variable names are checked too. */
export interface LoadPlaybookOptions {
  inventory?: Inventory;
  extraVars?: Record<string, unknown>;
  /** The connection kinds the inventory's hosts may use (default: the built-in ones). */
  registry?: ConnectionRegistry;
}

/** Load, validate and normalize a playbook; throws InputError carrying every located problem. */
export async function loadPlaybook(path: string, options: LoadPlaybookOptions = {}): Promise<Playbook> {
  const file = readInputFile(path, 'playbook');
  if (!file.ok) throw new InputError([file.diagnostic]);
  return parsePlaybook(file.text, path, options);
}

/** As loadPlaybook, for text already read (vars_files are still read relative to `path`). */
export async function parsePlaybook(text: string, path: string, options: LoadPlaybookOptions = {}): Promise<Playbook> {
  // 1. YAML syntax: when it fails nothing else can be trusted.
  const doc = parseLocatedYaml(text, path);
  if (doc.fatal) throw new InputError(sortDiagnostics(doc.diagnostics));
  const diagnostics: Diagnostic[] = [...doc.diagnostics];
  // 2. Schema.
  diagnostics.push(...schemaDiagnostics(schemaValidator('playbook.schema.json'), doc));
  // 3. vars_files, relative to the playbook.
  const varsFiles: NormalizeInputs['varsFiles'] = new Map();
  const raw = doc.value;
  if (Array.isArray(raw)) {
    for (const [pi, play] of raw.entries()) {
      const list = play && typeof play === 'object' && !Array.isArray(play) ? (play as Record<string, unknown>).vars_files : undefined;
      if (!Array.isArray(list)) continue;
      const entry = { vars: {} as Record<string, unknown>, files: [] as { path: string; sha256: string }[] };
      for (const [fi, rel] of list.entries()) {
        if (typeof rel !== 'string' || rel === '') continue;
        const file = rel.startsWith('/') ? rel : join(dirname(path), rel);
        const r = loadVarsFile(file, doc.at([pi, 'vars_files', fi]));
        diagnostics.push(...r.diagnostics);
        Object.assign(entry.vars, r.vars);
        if (r.sha256) entry.files.push({ path: file, sha256: r.sha256 });
      }
      varsFiles.set(pi, entry);
    }
  }
  // 4. Semantic checks (they tolerate schema-invalid parts, so all problems come out at once).
  const varsFileVars = new Map([...varsFiles].map(([k, v]) => [k, v.vars]));
  const checkOptions = { doc, varsFileVars, ...(options.inventory ? { inventory: options.inventory } : {}), ...(options.extraVars ? { extraVars: options.extraVars } : {}), ...(options.registry ? { registry: options.registry } : {}) };
  diagnostics.push(...checkPlaybook(raw, checkOptions));
  if (diagnostics.length > 0) throw new InputError(dedupe(sortDiagnostics(diagnostics)));
  // 5. The model.
  return {
    path,
    sha256: createHash('sha256').update(text).digest('hex'),
    plays: normalizePlaybook(raw as RawPlaybook, doc, { varsFiles }),
  };
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.pos.file}:${d.pos.line}:${d.pos.col}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
