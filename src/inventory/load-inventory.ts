// Inventory sources → resolved hosts, as ansible-core builds them: every `-i` in order (YAML, INI, JSON,
// directories, `host1,host2,` lists, executable scripts, `constructed` plugin files), group_vars/ and
// host_vars/ beside each source and beside the playbook, then each host's vars by Ansible's precedence.
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve as resolvePath } from 'node:path';
import { InputError } from '../errors.js';
import type { Diagnostic, SourcePos } from '../errors.js';
import type { VaultSecret } from '../vault/vault.js';
import { decodeInputText, fileKind } from '../yaml/input-file.js';
import { schemaDiagnostics, schemaValidator } from '../yaml/schema-check.js';
import { parseAnsibleYaml } from './ansible-yaml.js';
import { parseAddress } from './address.js';
import { applyConstructed, isConstructedPlugin } from './constructed.js';
import { InventoryData } from './inventory-data.js';
import type { Inventory, RemoteDeviceList } from './model.js';
import { resolveHosts } from './resolve.js';
import { collectStrings, revealFileText, revealValues, type VaultContext } from './reveal.js';
import { isFmcPlugin } from './sources/fmc-plugin.js';
import { addIniInventory } from './sources/ini-source.js';
import { addScriptInventory } from './sources/script-source.js';
import { addYamlInventory } from './sources/yaml-source.js';
import { VarsDir } from './vars-dirs.js';

/** How to load: vault secrets, the playbook's directory (its group_vars/host_vars), limits. */
export interface LoadOptions {
  vault?: readonly VaultSecret[];
  playbookDir?: string;
  /** Timeout for each run of an inventory script (default 60 s). */
  scriptTimeoutMs?: number;
  /** Largest inventory file read (default 32 MiB: about 300,000 hosts; larger files are refused before parsing). */
  maxBytes?: number;
  /** The environment, for secrets a source names by variable (`plugin: fmc`'s password_env). */
  env?: Record<string, string | undefined>;
}

const DEFAULT_MAX_INVENTORY_BYTES = 32 * 1024 * 1024;

// Ansible's directory rules: hidden files, group_vars/host_vars/vars_plugins, and INVENTORY_IGNORE_EXTS.
const IGNORED = /^\.|^host_vars$|^group_vars$|^vars_plugins$|(?:\.pyc|\.pyo|\.swp|\.bak|~|\.rpm|\.md|\.txt|\.rst|\.orig|\.ini|\.cfg|\.retry)$/;
const YAML_EXTS = ['', '.yml', '.yaml', '.json'];

interface Loading {
  data: InventoryData;
  diagnostics: Diagnostic[];
  vault: VaultContext;
  opts: LoadOptions;
  /** Base directories for group_vars/host_vars, one per source, in order. */
  bases: string[];
  digest: ReturnType<typeof createHash>;
  /** Device lists read from FMCs, for saved plans. */
  remote: RemoteDeviceList[];
  /** `constructed` files, applied after the sources before them (as Ansible parses in order). */
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** Sort diagnostics by file, line and column, so output reads top to bottom. */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => (a.pos.file < b.pos.file ? -1 : a.pos.file > b.pos.file ? 1 : a.pos.line - b.pos.line || a.pos.col - b.pos.col));
}

/** Read and resolve one or more inventory sources (in order, later ones adding to earlier ones); throws InputError listing every problem with its position. */
export async function loadInventory(sources: string | readonly string[], opts: LoadOptions = {}): Promise<Inventory> {
  const list = typeof sources === 'string' ? [sources] : [...sources];
  const ctx = newLoading(list, opts);
  for (const src of list) {
    if (src.includes(',') && !(await exists(src))) {
      addHostList(ctx, src);
      continue;
    }
    await addSource(ctx, src, true);
    if (ctx.diagnostics.length > 0) break;
  }
  return finish(ctx, list);
}

/** Resolve YAML or INI inventory text (already read; no group_vars, no vault) as loadInventory does. */
export function parseInventory(text: string, path: string): Inventory {
  const ctx = newLoading([path], {});
  ctx.digest.update(text);
  if (addText(ctx, { text, vaulted: false }, path, extname(path))) {
    ctx.diagnostics.push({ pos: { file: path, line: 1, col: 1 }, message: "inventory plugin 'fmc' contacts its FMC: load the file with loadInventory" });
  }
  // The async parts of finish() only read group_vars/host_vars, which a text has none of.
  return finishSync(ctx, [path], []);
}

function newLoading(list: string[], opts: LoadOptions): Loading {
  const top: SourcePos = { file: list[0] ?? '<inventory>', line: 1, col: 1 };
  return { data: new InventoryData(top), diagnostics: [], vault: { secrets: opts.vault ?? [], revealed: new Set() }, opts, bases: [], digest: createHash('sha256'), remote: [] };
}

function finish(ctx: Loading, list: string[]): Inventory {
  const dirs = [...ctx.bases, ...(ctx.opts.playbookDir !== undefined ? [ctx.opts.playbookDir] : [])];
  return finishSync(ctx, list, dirs);
}

function finishSync(ctx: Loading, list: string[], bases: string[]): Inventory {
  if (ctx.diagnostics.length > 0) throw new InputError(sortDiagnostics(ctx.diagnostics));
  ctx.data.reconcile();
  const dirs = bases.map((b) => new VarsDir(b, ctx.vault, ctx.diagnostics));
  const invDirs = dirs.slice(0, ctx.bases.length).filter((d) => !d.empty);
  const playDirs = dirs.slice(ctx.bases.length).filter((d) => !d.empty);
  const hosts = resolveHosts(ctx.data, invDirs, playDirs, ctx.vault.revealed);
  if (ctx.diagnostics.length > 0) throw new InputError(sortDiagnostics(ctx.diagnostics));
  return {
    path: list.join(','),
    sources: list,
    sha256: ctx.digest.digest('hex'),
    hosts,
    groups: new Map([...ctx.data.groups.values()].map((g) => [g.name, { name: g.name, children: g.children.map((c) => c.name), hosts: g.hosts.map((h) => h.name), vars: g.vars, pos: g.pos }])),
    data: ctx.data,
    warnings: ctx.data.warnings,
    secrets: [...ctx.vault.revealed],
    ...(ctx.remote.length > 0 ? { remote: ctx.remote } : {}),
  };
}

// `-i fw01,fw02:2222,` — Ansible's host_list plugin.
function addHostList(ctx: Loading, list: string): void {
  const pos: SourcePos = { file: '<host list>', line: 1, col: 1 };
  for (const raw of list.split(',')) {
    const h = raw.trim();
    if (h === '') continue;
    const addr = parseAddress(h, false);
    const name = addr ? addr.host : h;
    if (!ctx.data.hosts.has(name)) ctx.data.addHost(name, 'ungrouped', addr?.port, pos);
  }
}

async function addSource(ctx: Loading, src: string, top: boolean): Promise<void> {
  const at: SourcePos = { file: src, line: 1, col: 1 };
  let st;
  try {
    st = await stat(src);
  } catch (err) {
    ctx.diagnostics.push({ pos: at, message: `cannot read inventory (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
    return;
  }
  if (st.isDirectory()) {
    if (top) ctx.bases.push(src);
    for (const name of (await readdir(src)).sort()) {
      if (IGNORED.test(name)) continue;
      await addSource(ctx, join(src, name), false);
    }
    return;
  }
  if (top) ctx.bases.push(dirname(src));
  if (!st.isFile()) {
    ctx.diagnostics.push({ pos: at, message: `inventory is ${fileKind(st)}, not a regular file` });
    return;
  }
  const max = ctx.opts.maxBytes ?? DEFAULT_MAX_INVENTORY_BYTES;
  if (st.size > max) {
    ctx.diagnostics.push({ pos: at, message: `inventory is ${(st.size / 1048576).toFixed(1)} MiB, above the limit of ${(max / 1048576).toFixed(0)} MiB` });
    return;
  }
  const fh = await open(src, 'r');
  let bytes: Buffer;
  try {
    bytes = await fh.readFile();
  } finally {
    await fh.close();
  }
  ctx.digest.update(bytes);
  const ext = extname(src);
  if (await isScript(src, bytes, ext)) {
    await addScriptInventory(ctx.data, resolvePath(src), ctx.opts.scriptTimeoutMs ?? 60_000, ctx.diagnostics);
    return;
  }
  ctx.data.currentSource = src;
  // Valid UTF-8 without NUL, or a located error that never quotes the file (src/yaml/input-file.ts).
  const decoded = decodeInputText(bytes, src);
  if (!decoded.ok) {
    ctx.diagnostics.push(decoded.diagnostic);
    return;
  }
  const opened = revealFileText(decoded.text, src, ctx.vault);
  if (opened.text === undefined) {
    if (opened.diagnostic) ctx.diagnostics.push(opened.diagnostic);
    return;
  }
  const later = addText(ctx, { text: opened.text, vaulted: opened.vaulted }, src, ext);
  if (later) await later();
}

// One file's text (decrypted when it was a vault file): YAML/JSON, a plugin config, or INI. A source that must
// ask the network (`plugin: fmc`) is returned as a step to await before the next source is read.
function addText(ctx: Loading, opened: { text: string; vaulted: boolean }, src: string, ext: string): (() => Promise<void>) | undefined {
  const text = opened.text;
  if (YAML_EXTS.includes(ext) && text.trim() !== '') {
    const doc = parseAnsibleYaml(text, src);
    const isMap = !doc.fatal && doc.value !== null && typeof doc.value === 'object' && !Array.isArray(doc.value);
    // A file without an extension that is not a YAML map is tried as INI, as Ansible's plugin order does.
    if (isMap || ext !== '') {
      if (doc.fatal) {
        ctx.diagnostics.push(...doc.diagnostics);
        return undefined;
      }
      const diagnostics = [...doc.diagnostics];
      const value = revealValues(doc.value, doc, [], ctx.vault, diagnostics);
      if (opened.vaulted) collectStrings(value, ctx.vault.revealed);
      const plugin = isMap ? (value as Record<string, unknown>).plugin : undefined;
      if (plugin !== undefined && plugin !== null && plugin !== '') {
        if (isFmcPlugin(plugin) && diagnostics.length === 0) return () => addFmc(ctx, value as Record<string, unknown>, doc, src);
        if (isConstructedPlugin(plugin)) applyConstructed(ctx.data, value as Record<string, unknown>, doc, diagnostics);
        else if (!isFmcPlugin(plugin)) diagnostics.push({ pos: doc.at(['plugin']), message: `inventory plugin ${typeof plugin === 'string' ? plugin : JSON.stringify(plugin)} is not supported (firemend implements YAML, INI, JSON, scripts, host lists, 'constructed' and 'fmc')` });
      } else if (diagnostics.length === 0) {
        // firemend's schema on top of Ansible's rules: unknown keys and mistyped connection vars are errors.
        const schema = schemaDiagnostics(schemaValidator('inventory.schema.json'), { ...doc, value });
        diagnostics.push(...schema);
        if (schema.length === 0) addYamlInventory(ctx.data, value, doc, diagnostics);
      }
      ctx.diagnostics.push(...diagnostics);
      return undefined;
    }
  }
  addIniInventory(ctx.data, text, src, ctx.diagnostics);
  return undefined;
}

// `plugin: fmc`: the FMC's devices (src/inventory/sources/fmc.ts), its password a secret of the inventory.
async function addFmc(ctx: Loading, cfg: Record<string, unknown>, doc: ReturnType<typeof parseAnsibleYaml>, src: string): Promise<void> {
  const { addFmcInventory } = await import('./sources/fmc.js');
  const list = await addFmcInventory(ctx.data, cfg, doc, ctx.diagnostics, {
    file: src,
    env: ctx.opts.env ?? {},
    secrets: ctx.vault.revealed,
    onWarning: (m) => ctx.data.warnings.push(m),
  });
  if (list !== undefined) ctx.remote.push(list);
}

// Ansible's script plugin takes an executable file or one starting with `#!`; we leave YAML/JSON/INI files with a
// stray executable bit to their own parsers (Ansible would try to run them first and fall back).
async function isScript(file: string, bytes: Buffer, ext: string): Promise<boolean> {
  if (bytes[0] === 0x23 && bytes[1] === 0x21) return true;
  if (['.yml', '.yaml', '.json', '.ini', '.cfg'].includes(ext) || basename(file) === 'hosts') return false;
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
