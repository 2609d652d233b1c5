// Ansible Vault, as ansible-vault writes it: `$ANSIBLE_VAULT;1.1;AES256` (or 1.2 with a vault id), a hex body
// holding salt, HMAC and ciphertext; keys from PBKDF2-SHA256 (10000 rounds, 80 bytes: AES key, HMAC key, IV);
// AES-256-CTR with PKCS#7 padding; the HMAC-SHA256 of the ciphertext is checked before anything is decrypted.
import { createDecipheriv, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';

/** One vault password and the vault id it was given for (`default` when none). */
export interface VaultSecret {
  id: string;
  password: Buffer;
}

const VAULT_HEADER = '$ANSIBLE_VAULT';

/** A vault envelope that cannot be opened: no password, a wrong one, or a damaged body. Never holds plaintext. */
export class VaultError extends Error {
  constructor(
    message: string,
    /** 1-based line inside the envelope text where the problem was seen (the header is line 1). */
    readonly line = 1,
  ) {
    super(message);
  }
}

interface Envelope {
  version: string;
  cipher: string;
  vaultId?: string;
  salt: Buffer;
  hmac: Buffer;
  ciphertext: Buffer;
}

/** Whether text is a vault envelope (a whole vault file or a `!vault` value). */
export function isVaultText(text: string): boolean {
  return text.trimStart().startsWith(VAULT_HEADER + ';');
}

function unhex(text: string, line: number, what: string): Buffer {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(text)) throw new VaultError(`vault ${what} is not valid hex: the file is damaged`, line);
  return Buffer.from(text, 'hex');
}

function parseEnvelope(text: string): Envelope {
  const lines = text.trim().split(/\r?\n/).map((l) => l.trim());
  const header = (lines[0] ?? '').split(';');
  if (header[0] !== VAULT_HEADER || header.length < 3) throw new VaultError('not a vault envelope (bad header)');
  const version = header[1] as string;
  const cipher = (header[2] as string).trim();
  if (version !== '1.1' && version !== '1.2') throw new VaultError(`vault format ${version} is not supported (1.1 and 1.2 are)`);
  if (cipher !== 'AES256') throw new VaultError(`vault cipher ${cipher} is not supported (AES256 is)`);
  const body = unhex(lines.slice(1).join(''), 2, 'body').toString('latin1').split('\n');
  if (body.length !== 3) throw new VaultError('vault body does not hold salt, HMAC and ciphertext: the file is damaged', 2);
  const env: Envelope = {
    version,
    cipher,
    salt: unhex(body[0] as string, 2, 'salt'),
    hmac: unhex(body[1] as string, 2, 'HMAC'),
    ciphertext: unhex(body[2] as string, 2, 'ciphertext'),
  };
  if (version === '1.2' && header[3] !== undefined && header[3].trim() !== '') env.vaultId = header[3].trim();
  return env;
}

function tryOne(env: Envelope, password: Buffer): Buffer | undefined {
  const derived = pbkdf2Sync(password, env.salt, 10_000, 80, 'sha256');
  const hmac = createHmac('sha256', derived.subarray(32, 64)).update(env.ciphertext).digest();
  if (hmac.length !== env.hmac.length || !timingSafeEqual(hmac, env.hmac)) return undefined;
  const decipher = createDecipheriv('aes-256-ctr', derived.subarray(0, 32), derived.subarray(64, 80));
  const padded = Buffer.concat([decipher.update(env.ciphertext), decipher.final()]);
  const pad = padded[padded.length - 1] ?? 0;
  if (pad < 1 || pad > 16 || pad > padded.length) throw new VaultError('vault plaintext has bad padding: the file is damaged', 2);
  return padded.subarray(0, padded.length - pad);
}

/** Decrypt a vault envelope with the first secret that opens it (secrets of its vault id first, as Ansible). */
export function decryptVault(text: string, secrets: readonly VaultSecret[]): Buffer {
  const env = parseEnvelope(text);
  if (secrets.length === 0) throw new VaultError('is vault-encrypted and no vault password was given (--vault-password-file, --ask-vault-pass, --vault-id or ANSIBLE_VAULT_PASSWORD_FILE)');
  const ordered = env.vaultId !== undefined ? [...secrets.filter((s) => s.id === env.vaultId), ...secrets.filter((s) => s.id !== env.vaultId)] : secrets;
  for (const s of ordered) {
    const out = tryOne(env, s.password);
    if (out) return out;
  }
  const id = env.vaultId !== undefined ? ` (vault id '${env.vaultId}')` : '';
  throw new VaultError(`cannot be decrypted${id}: wrong vault password, or the vault data was changed (HMAC mismatch)`);
}
