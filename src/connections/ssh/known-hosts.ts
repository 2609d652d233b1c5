// OpenSSH known_hosts: parse (plain, `[host]:port`, comma lists, wildcards, negation, hashed `|1|salt|hash`),
// look a host's keys up, and append a line for accept-new. The verdict is data; the policy lives in host-key.ts.
import { createHash, createHmac } from 'node:crypto';
import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/** One key line. `patterns` is undefined for hashed entries (then `hashed` is set). */
export interface KnownHostEntry {
  line: number;
  marker?: '@revoked' | '@cert-authority';
  patterns?: string[];
  hashed?: { salt: Buffer; hash: Buffer };
  keyType: string;
  /** Base64 of the public key blob, as in the file. */
  key: string;
}

/** The parsed file. */
export interface KnownHosts {
  path: string;
  entries: KnownHostEntry[];
}

/** The name known_hosts uses for a host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** Parse known_hosts text; malformed lines are skipped as OpenSSH does. */
export function parseKnownHosts(text: string, path = '<memory>'): KnownHosts {
  const entries: KnownHostEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const trimmed = (lines[i] ?? '').trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const fields = trimmed.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as KnownHostEntry['marker'];
    const [hosts, keyType, key] = fields;
    if (!hosts || !keyType || !key) continue;
    const entry: KnownHostEntry = { line: i + 1, keyType, key };
    if (marker) entry.marker = marker;
    if (hosts.startsWith('|1|')) {
      const [, , salt, hash] = hosts.split('|');
      if (!salt || !hash) continue;
      entry.hashed = { salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
    } else {
      entry.patterns = hosts.split(',');
    }
    entries.push(entry);
  }
  return { path, entries };
}

/** Read and parse a known_hosts file; a missing file is an empty one. */
export async function readKnownHosts(path: string): Promise<KnownHosts> {
  try {
    return parseKnownHosts(await readFile(path, 'utf8'), path);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return { path, entries: [] };
    throw err;
  }
}

/** The file's modification time and size (`mtime:size`), or '' when missing: a change of either means re-read. */
export async function knownHostsStamp(path: string): Promise<string> {
  try {
    const st = await stat(path);
    return `${st.mtimeMs}:${st.size}`;
  } catch {
    return '';
  }
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function patternListMatches(patterns: readonly string[], name: string): boolean {
  let matched = false;
  for (const p of patterns) {
    const negated = p.startsWith('!');
    const glob = negated ? p.slice(1) : p;
    const hit = /[*?]/.test(glob) ? globToRegExp(glob).test(name) : glob.toLowerCase() === name.toLowerCase();
    if (hit && negated) return false;
    if (hit) matched = true;
  }
  return matched;
}

/** The HMAC-SHA1 hostname hash OpenSSH writes with HashKnownHosts. */
function hashHostName(name: string, salt: Buffer): Buffer {
  return createHmac('sha1', salt).update(name).digest();
}

/** Whether an entry names this host (`host` or `[host]:port`). */
export function entryMatches(entry: KnownHostEntry, host: string, port: number): boolean {
  const name = knownHostsName(host, port);
  if (entry.hashed) return hashHostName(name, entry.hashed.salt).equals(entry.hashed.hash);
  return patternListMatches(entry.patterns ?? [], name);
}

// Entries by literal host name (lower-cased), so a lookup does not scan a 1,000-line file per connection.
// Entries that a name lookup cannot find (wildcards, negations, hashed names) are always candidates.
interface EntryIndex {
  byName: Map<string, number[]>;
  always: number[];
}
const indexes = new WeakMap<KnownHosts, { size: number; index: EntryIndex }>();

function indexOf(known: KnownHosts): EntryIndex {
  const cached = indexes.get(known);
  if (cached && cached.size === known.entries.length) return cached.index;
  const index: EntryIndex = { byName: new Map(), always: [] };
  known.entries.forEach((entry, i) => {
    const patterns = entry.patterns;
    if (!patterns || patterns.some((p) => p.startsWith('!') || /[*?]/.test(p))) {
      index.always.push(i);
      return;
    }
    for (const name of new Set(patterns.map((p) => p.toLowerCase()))) {
      const list = index.byName.get(name);
      if (list) list.push(i);
      else index.byName.set(name, [i]);
    }
  });
  indexes.set(known, { size: known.entries.length, index });
  return index;
}

/** The entries that name host:port, in file order (what a scan of every entry with entryMatches finds). */
export function entriesFor(known: KnownHosts, host: string, port: number): KnownHostEntry[] {
  const index = indexOf(known);
  const named = index.byName.get(knownHostsName(host, port).toLowerCase()) ?? [];
  const positions = index.always.length === 0 ? named : [...named, ...index.always].sort((a, b) => a - b);
  const out: KnownHostEntry[] = [];
  for (const i of positions) {
    const entry = known.entries[i] as KnownHostEntry;
    if (entryMatches(entry, host, port)) out.push(entry);
  }
  return out;
}

/** The result of checking a presented key against the file. */
export type HostKeyVerdict =
  | { kind: 'match'; entry: KnownHostEntry }
  | { kind: 'unknown' }
  | { kind: 'changed'; entry: KnownHostEntry }
  | { kind: 'revoked'; entry: KnownHostEntry };

/** The key type named inside an SSH public key blob (its first length-prefixed string). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** OpenSSH-style fingerprint: SHA256:<unpadded base64>. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Check a presented host key blob against the entries for host:port. */
export function verifyHostKey(known: KnownHosts, host: string, port: number, blob: Buffer): HostKeyVerdict {
  const presented = blob.toString('base64');
  let mismatch: KnownHostEntry | undefined;
  for (const entry of entriesFor(known, host, port)) {
    if (entry.marker === '@cert-authority') continue;
    if (entry.key === presented) {
      if (entry.marker === '@revoked') return { kind: 'revoked', entry };
      return { kind: 'match', entry };
    }
    if (!entry.marker) mismatch ??= entry;
  }
  return mismatch ? { kind: 'changed', entry: mismatch } : { kind: 'unknown' };
}

/** The key types the file knows for host:port (to ask the server for those first, as OpenSSH does). */
export function knownKeyTypes(known: KnownHosts, host: string, port: number): string[] {
  const types: string[] = [];
  for (const entry of entriesFor(known, host, port)) {
    if (entry.marker) continue;
    if (!types.includes(entry.keyType)) types.push(entry.keyType);
  }
  return types;
}

/** The known_hosts line for a key. */
function formatKnownHostsLine(host: string, port: number, blob: Buffer): string {
  return `${knownHostsName(host, port)} ${keyTypeOf(blob)} ${blob.toString('base64')}`;
}

/** Append a host key (accept-new). One write with O_APPEND, so concurrent appends do not interleave. */
export async function appendKnownHost(path: string, host: string, port: number, blob: Buffer): Promise<string> {
  const line = formatKnownHostsLine(host, port, blob);
  await mkdir(dirname(path), { recursive: true });
  let prefix = '';
  try {
    const current = await readFile(path, 'utf8');
    if (current.length > 0 && !current.endsWith('\n')) prefix = '\n';
  } catch {
    // Missing file: appendFile creates it.
  }
  await appendFile(path, `${prefix}${line}\n`, { mode: 0o600 });
  return line;
}
