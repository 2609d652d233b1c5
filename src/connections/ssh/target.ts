// Inventory host vars → ConnectTarget. The caller passes the environment in; secrets are looked up by the
// variable names the inventory gives and never appear in an error message (only the variable's name does).
import { UsageError } from '../../errors.js';
import { DEFAULT_PLATFORM, isPlatform, PLATFORMS, type Platform } from '../platforms.js';
import type { ConnectTarget } from './transport.js';

/** The platforms reached over SSH: every platform with a CLI. */
export const SSH_PLATFORMS: readonly Platform[] = (Object.keys(PLATFORMS) as Platform[]).filter((p) => PLATFORMS[p].modes.length > 0);

/** A scalar host var as text; undefined when unset, empty or not a scalar. */
export function str(vars: Record<string, unknown>, key: string): string | undefined {
  const v = vars[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function port(name: string, raw: unknown, key: string): number {
  if (raw === undefined || raw === null || raw === '') return 22;
  const n = typeof raw === 'number' ? raw : Number(String(raw));
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`host ${name}: ${key} must be a port number 1-65535`);
  return n;
}

function fromEnv(name: string, varName: string, key: string, env: Record<string, string | undefined>): string {
  const value = env[varName];
  if (value === undefined || value === '') {
    throw new UsageError(`host ${name}: environment variable ${varName} (named by ${key}) is not set`);
  }
  return value;
}

/** Parse `user@host[:port]` (also `user@[v6addr]:port`). */
export function parseJumpSpec(spec: string): { user?: string; host: string; port?: number } | undefined {
  const m = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s]+)(?::(\d+))?$/.exec(spec.trim());
  if (!m || !m[2]) return undefined;
  const out: { user?: string; host: string; port?: number } = { host: m[2].replace(/^\[|\]$/g, '') };
  if (m[1]) out.user = m[1];
  if (m[3]) out.port = Number(m[3]);
  return out;
}

/** Build the connect target for one inventory host from its merged vars and the environment. */
export function resolveTarget(hostVars: Record<string, unknown>, env: Record<string, string | undefined>): ConnectTarget {
  const name = str(hostVars, 'inventory_hostname') ?? str(hostVars, 'ansible_host') ?? '<unnamed>';
  const host = str(hostVars, 'ansible_host') ?? name;
  const platformRaw = str(hostVars, 'firemend_platform') ?? DEFAULT_PLATFORM;
  if (!isPlatform(platformRaw) || !SSH_PLATFORMS.includes(platformRaw)) {
    throw new UsageError(`host ${name}: firemend_platform must be one of ${SSH_PLATFORMS.join(', ')} (got '${platformRaw}')`);
  }
  const platform = platformRaw;
  const user = str(hostVars, 'ansible_user') ?? (platform === 'linux' ? undefined : 'admin');
  if (!user) throw new UsageError(`host ${name}: ansible_user is required for a linux host`);

  const target: ConnectTarget = { name, host, port: port(name, hostVars['ansible_port'], 'ansible_port'), user, platform };

  const passwordEnv = str(hostVars, 'firemend_password_env');
  const password = passwordEnv
    ? fromEnv(name, passwordEnv, 'firemend_password_env', env)
    : (str(hostVars, 'ansible_password') ?? str(hostVars, 'ansible_ssh_pass'));
  if (password !== undefined) target.password = password;

  const keyFile = str(hostVars, 'ansible_ssh_private_key_file');
  if (keyFile) target.privateKeyPath = keyFile;
  const passphraseEnv = str(hostVars, 'firemend_passphrase_env');
  const passphrase = passphraseEnv
    ? fromEnv(name, passphraseEnv, 'firemend_passphrase_env', env)
    : str(hostVars, 'ansible_ssh_private_key_passphrase');
  if (passphrase !== undefined) target.passphrase = passphrase;

  // The agent is used only when nothing else is configured: extra failed key offers count as failed logins.
  const agent = env['SSH_AUTH_SOCK'];
  if (password === undefined && !keyFile && agent) target.agent = agent;

  const sudoEnv = str(hostVars, 'firemend_sudo_password_env');
  const sudo = sudoEnv
    ? fromEnv(name, sudoEnv, 'firemend_sudo_password_env', env)
    : (str(hostVars, 'ansible_become_password') ?? str(hostVars, 'ansible_become_pass') ?? password);
  if (sudo !== undefined) target.sudoPassword = sudo;

  const jumpRaw = hostVars['firemend_jump_host'];
  if (typeof jumpRaw === 'string' && jumpRaw.trim() !== '') {
    const spec = parseJumpSpec(jumpRaw);
    if (!spec) throw new UsageError(`host ${name}: firemend_jump_host must look like user@host[:port]`);
    const jump: ConnectTarget = {
      name: `${name} jump ${spec.host}`,
      host: spec.host,
      port: spec.port ?? 22,
      user: spec.user ?? user,
      platform: 'linux',
    };
    // The jump host authenticates with the same credentials as the host behind it.
    if (target.password !== undefined) jump.password = target.password;
    if (target.privateKeyPath) jump.privateKeyPath = target.privateKeyPath;
    if (target.passphrase !== undefined) jump.passphrase = target.passphrase;
    if (target.agent) jump.agent = target.agent;
    target.jump = jump;
  } else if (jumpRaw && typeof jumpRaw === 'object') {
    // The caller resolved an inventory host name to that host's vars.
    const jump = resolveTarget({ firemend_platform: 'linux', ...(jumpRaw as Record<string, unknown>) }, env);
    target.jump = jump;
  } else if (jumpRaw !== undefined && jumpRaw !== null && jumpRaw !== '') {
    throw new UsageError(`host ${name}: firemend_jump_host must be a string user@host[:port]`);
  }
  return target;
}
