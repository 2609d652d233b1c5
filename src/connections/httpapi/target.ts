// Host vars → FmcTarget: where the FMC's REST API is, who logs in, how its certificate is checked, which domain
// and how fast. Secrets are looked up by the names the inventory gives and never appear in a message.
import { UsageError } from '../../errors.js';
import { str } from '../ssh/target.js';
import type { ResolvedTarget } from '../connection.js';

/** The FMC's default HTTPS port. */
const DEFAULT_HTTPAPI_PORT = 443;
/** The FMC's documented limit before 7.4.1 (300 from 7.4.1 on; set `fmc_rate_limit_per_minute`). */
const DEFAULT_RATE_LIMIT_PER_MINUTE = 120;

/** Everything needed to reach and log in to one FMC. */
export interface FmcTarget extends ResolvedTarget {
  host: string;
  port: number;
  user: string;
  password: string;
  /** PEM file of the CA (or CAs) that signed the FMC's certificate; the system store when absent. */
  caFile?: string;
  /** Certificate and host-name checks (default true); false only with a warning on every open. */
  validateCerts: boolean;
  /** `fmc_domain`: a domain name (`Global`, `Global/Branch`) or UUID; Global when absent. */
  domain?: string;
  /** Requests per minute this process sends to this FMC, all connections together. */
  rateLimitPerMinute: number;
}

const TRUE_WORDS = new Set(['true', 'yes', 'on', '1', 'y', 't']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0', 'n', 'f']);

/** An Ansible boolean (true/false, yes/no, on/off, 1/0, as YAML or as a string); `fallback` when unset. */
function ansibleBool(name: string, key: string, raw: unknown, fallback: boolean): boolean {
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (typeof raw === 'boolean') return raw;
  const word = String(raw).trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new UsageError(`host ${name}: ${key} must be a boolean (true or false), got ${JSON.stringify(raw)}`);
}

function positiveInt(name: string, key: string, raw: unknown, fallback: number, max: number): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`host ${name}: ${key} must be a whole number 1-${max}, got ${JSON.stringify(raw)}`);
  return n;
}

/** Build the FMC target of one host from its merged vars and the environment; throws UsageError naming the host. */
export function resolveFmcTarget(vars: Record<string, unknown>, env: Record<string, string | undefined>): FmcTarget {
  const name = str(vars, 'inventory_hostname') ?? str(vars, 'ansible_host') ?? '<unnamed>';
  const host = str(vars, 'ansible_host') ?? name;
  const port = positiveInt(name, 'ansible_httpapi_port', vars['ansible_httpapi_port'], DEFAULT_HTTPAPI_PORT, 65535);
  const user = str(vars, 'ansible_user');
  if (user === undefined) throw new UsageError(`host ${name}: ansible_user is required for an FMC (a REST API user; Cisco advises one separate from GUI users)`);
  const passwordEnv = str(vars, 'firemend_password_env');
  let password: string | undefined;
  if (passwordEnv !== undefined) {
    password = env[passwordEnv];
    if (password === undefined || password === '') throw new UsageError(`host ${name}: environment variable ${passwordEnv} (named by firemend_password_env) is not set`);
  } else password = str(vars, 'ansible_password') ?? str(vars, 'ansible_httpapi_password');
  if (password === undefined) throw new UsageError(`host ${name}: no password for the FMC: set firemend_password_env (or ansible_password, e.g. from a vault)`);
  const target: FmcTarget = {
    name,
    address: port === DEFAULT_HTTPAPI_PORT ? host : `${host}:${port}`,
    secrets: [password],
    host,
    port,
    user,
    password,
    validateCerts: ansibleBool(name, 'ansible_httpapi_validate_certs', vars['ansible_httpapi_validate_certs'], true),
    rateLimitPerMinute: positiveInt(name, 'fmc_rate_limit_per_minute', vars['fmc_rate_limit_per_minute'], DEFAULT_RATE_LIMIT_PER_MINUTE, 100_000),
  };
  const caFile = str(vars, 'firemend_ca_file');
  if (caFile !== undefined) target.caFile = caFile;
  const domain = str(vars, 'fmc_domain');
  if (domain !== undefined) target.domain = domain;
  return target;
}
