// Vault inside inventory data: `!vault` values and whole vault-encrypted files are decrypted with the run's
// vault secrets; every plaintext is remembered as a secret, so every output can redact it.
import type { Diagnostic, SourcePos } from '../errors.js';
import type { JsonPath, LocatedYaml } from '../yaml/located-yaml.js';
import { decryptVault, isVaultText, VaultError, type VaultSecret } from '../vault/vault.js';
import { setOwnKey } from '../own-key.js';
import { VaultText } from './ansible-yaml.js';

/** What loading needs to open vaulted data, and where it records what it revealed. */
export interface VaultContext {
  secrets: readonly VaultSecret[];
  /** Every decrypted value (vault values and the values of vault-encrypted files). */
  revealed: Set<string>;
}

function vaultMessage(err: unknown): string {
  return err instanceof VaultError ? err.message : `cannot be decrypted (${(err as Error).message})`;
}

/** A file's text, decrypted when it is a whole vault file; a failure is a diagnostic at the file. */
export function revealFileText(text: string, file: string, ctx: VaultContext): { text?: string; vaulted: boolean; diagnostic?: Diagnostic } {
  if (!isVaultText(text)) return { text, vaulted: false };
  try {
    return { text: decryptVault(text, ctx.secrets).toString('utf8'), vaulted: true };
  } catch (err) {
    const line = err instanceof VaultError ? err.line : 1;
    return { vaulted: true, diagnostic: { pos: { file, line, col: 1 }, message: `vault-encrypted file ${vaultMessage(err)}` } };
  }
}

/** Every string value below a node, so a vaulted file's values are all secrets. */
export function collectStrings(v: unknown, into: Set<string>): void {
  if (typeof v === 'string') {
    if (v !== '') into.add(v);
  } else if (typeof v === 'number') into.add(String(v));
  else if (Array.isArray(v)) v.forEach((x) => collectStrings(x, into));
  else if (v !== null && typeof v === 'object') Object.values(v).forEach((x) => collectStrings(x, into));
}

/**
 * A parsed value with every `!vault` value decrypted; a failure is a diagnostic at the value. Maps and lists
 * holding a vault value are copied; the rest is the value itself (an inventory without vault is not copied).
 */
export function revealValues(value: unknown, doc: LocatedYaml, path: JsonPath, ctx: VaultContext, diagnostics: Diagnostic[]): unknown {
  return reveal(value, { doc, path, ctx, diagnostics }, undefined);
}

interface Revealing {
  doc: LocatedYaml;
  path: JsonPath;
  ctx: VaultContext;
  diagnostics: Diagnostic[];
}

// The keys from the top of the copy down to a value, as a chain; made into a path only for a diagnostic.
type Below = { up: Below; key: string | number } | undefined;

function pathOf(r: Revealing, below: Below): JsonPath {
  const keys: (string | number)[] = [];
  for (let b = below; b !== undefined; b = b.up) keys.unshift(b.key);
  return [...r.path, ...keys];
}

function reveal(value: unknown, r: Revealing, below: Below): unknown {
  if (value instanceof VaultText) {
    try {
      const plain = decryptVault(value.envelope, r.ctx.secrets).toString('utf8');
      if (plain !== '') r.ctx.revealed.add(plain);
      return plain;
    } catch (err) {
      const at: SourcePos = r.doc.at(pathOf(r, below));
      r.diagnostics.push({ pos: at, message: `!vault value ${vaultMessage(err)}` });
      return null;
    }
  }
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((x, i) => {
      const y = reveal(x, r, { up: below, key: i });
      if (y !== x) (out ??= [...value])[i] = y;
    });
    return out ?? value;
  }
  if (value !== null && typeof value === 'object') {
    const map = value as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const k of Object.keys(map)) {
      const x = map[k];
      const y = reveal(x, r, { up: below, key: k });
      // (a spread copy keeps a `__proto__` key as data)
      if (y !== x) setOwnKey((out ??= { ...map }), k, y);
    }
    return out ?? value;
  }
  return value;
}
