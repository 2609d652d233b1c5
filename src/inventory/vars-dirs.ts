// group_vars/ and host_vars/ beside an inventory source or the playbook, found as Ansible's host_group_vars
// plugin finds them: `NAME`, `NAME.yml`, `NAME.yaml`, `NAME.json` (the first that exists), or a directory
// `NAME/` whose files (sorted, recursively; hidden and `~` backups skipped) are merged in order.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Diagnostic } from '../errors.js';
import { parseAnsibleYaml } from './ansible-yaml.js';
import { collectStrings, revealFileText, revealValues, type VaultContext } from './reveal.js';
import type { Vars } from './inventory-data.js';

const EXTS = ['', '.yml', '.yaml', '.json'];

function listDir(dir: string): Set<string> | undefined {
  try {
    if (!statSync(dir).isDirectory()) return undefined;
    return new Set(readdirSync(dir));
  } catch {
    return undefined;
  }
}

function dirFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.') || name.endsWith('~')) continue;
    const full = join(dir, name);
    const ext = extname(name);
    const st = statSync(full);
    if (st.isDirectory() && ext === '') out.push(...dirFiles(full));
    else if (st.isFile() && (ext === '' || EXTS.includes(ext))) out.push(full);
  }
  return out;
}

/** The vars files of one base directory, loaded on demand and cached. */
export class VarsDir {
  private readonly entries: { group_vars?: Set<string>; host_vars?: Set<string> };
  private readonly cache = new Map<string, Vars>();

  constructor(
    readonly base: string,
    private readonly vault: VaultContext,
    private readonly diagnostics: Diagnostic[],
  ) {
    const g = listDir(join(base, 'group_vars'));
    const h = listDir(join(base, 'host_vars'));
    this.entries = { ...(g ? { group_vars: g } : {}), ...(h ? { host_vars: h } : {}) };
  }

  /** Whether this base has any group_vars/ or host_vars/ at all. */
  get empty(): boolean {
    return this.entries.group_vars === undefined && this.entries.host_vars === undefined;
  }

  /** The merged vars for a group or host name from this base (empty when none). */
  varsFor(kind: 'group_vars' | 'host_vars', name: string): Vars {
    const names = this.entries[kind];
    if (!names || name.startsWith('/')) return {};
    const key = `${kind}/${name}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    let out: Vars = {};
    for (const ext of EXTS) {
      if (!names.has(name + ext)) continue;
      const full = join(this.base, kind, name + ext);
      const files = statSync(full).isDirectory() ? dirFiles(full) : [full];
      for (const f of files) out = { ...out, ...this.loadFile(f) };
      break;
    }
    this.cache.set(key, out);
    return out;
  }

  private loadFile(file: string): Vars {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      this.diagnostics.push({ pos: { file, line: 1, col: 1 }, message: `cannot read vars file (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
      return {};
    }
    const opened = revealFileText(text, file, this.vault);
    if (opened.diagnostic || opened.text === undefined) {
      if (opened.diagnostic) this.diagnostics.push(opened.diagnostic);
      return {};
    }
    const doc = parseAnsibleYaml(opened.text, file);
    this.diagnostics.push(...doc.diagnostics);
    if (doc.fatal || doc.value === null) return {};
    if (typeof doc.value !== 'object' || Array.isArray(doc.value)) {
      this.diagnostics.push({ pos: doc.at([]), message: 'a vars file must be a map of variable names to values' });
      return {};
    }
    const vars = revealValues(doc.value, doc, [], this.vault, this.diagnostics) as Vars;
    if (opened.vaulted) collectStrings(vars, this.vault.revealed);
    return vars;
  }
}
