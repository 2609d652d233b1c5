// The contract between the engine and every kind of connection (Ansible's `ansible_connection`): `ssh` CLI
// sessions for FTDs and linux hosts, `httpapi` for the FMC's REST API. The engine sees only this file and the
// registry (registry.ts); each kind lives in its own folder and is chosen per host from its vars. A third kind is
// one more folder and one more registry entry, never an engine change.
import type { Answer, Mode } from '../playbook/model.js';

/** HTTP methods an `api:` action may use. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One device CLI command, sent in a mode of the device's ladder. */
export interface CommandAction {
  kind: 'command';
  command: string;
  mode: Mode;
  /** Prompts the device may ask back, answered as declared; never guessed. */
  answers?: Answer[];
  /** Idle timeout; defaults to the connection's command timeout. */
  timeoutMs?: number;
}

/** One REST request (path relative to the API root, e.g. `/api/fmc_config/v1/domain/{uuid}/…`), templates rendered. */
export interface ApiAction {
  kind: 'api';
  method: HttpMethod;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
}

/** Reboot the device, wait for it to come back and log in again. */
export interface RebootAction {
  kind: 'reboot';
  /** Overall budget: confirm → down → back → prompt. */
  timeoutMs: number;
  answers?: Answer[];
}

/** Everything a step can send. A connection kind declares which of these it runs (ConnectionKind.actions). */
export type Action = CommandAction | ApiAction | RebootAction;
export type ActionKind = Action['kind'];

/** Why an action is sent: a read-only check, or a fix. A read-only connection refuses every fix. */
export type ActionPurpose = 'check' | 'fix';

/** One action's outcome as data. */
export interface ActionResult {
  /**
   * The text shown in reports and evidence, matched by `expect.contains/matches` and fingerprinted by plans:
   * a command's cleaned output; an API response body as pretty JSON (secrets redacted).
   */
  output: string;
  /** Set in expert/root/shell modes (from `$?`). */
  exitStatus?: number;
  /** The device refused the action with a known error pattern, or an API answered 4xx/5xx (after retries). */
  deviceError?: string;
  /**
   * Facts the connection itself establishes, merged under the step parser's facts. For `api`:
   * `{ status: number, body: unknown, items?: unknown[] }` (items: every page of a collection, joined).
   */
  facts?: Record<string, unknown>;
  durationMs: number;
  /** Reboot phases, when the action was a reboot. */
  reboot?: { downAfterMs: number; totalMs: number };
}

/** Hooks and limits every connection gets; kind-specific settings come from the host's vars (its target). */
export interface ConnectionOptions {
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  /**
   * Dry-run guard (the second of two): the connection refuses every action whose purpose is not 'check', and
   * every action it cannot prove read-only (SSH: the read-only classifier; httpapi: any method but GET),
   * judged on the action exactly as sent, with E_READ_ONLY and nothing sent.
   */
  readOnly: boolean;
  /** Raw traffic for the evidence transcript, secrets redacted. Goes through the reporter isolation. */
  onTranscript?: (direction: 'sent' | 'received', text: string) => void;
  /** Progress of long operations (reboot phases, reconnects, rate-limit waits) for the live display. */
  onProgress?: (message: string) => void;
  /** Something the operator must see (host key policy off, certificate checks off). */
  onWarning?: (message: string) => void;
}

/** An open, logged-in connection to one host. */
export interface Connection {
  /**
   * Variables this connection establishes for the host's templates (httpapi: `fmc_domain_uuid`), read once
   * right after open. In a step's scope they sit above play and inventory vars (they are what the device said)
   * and below registered results and extra vars (`-e` still wins). Names must be listed in the kind's `vars`.
   */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** Send one action; throws a FiremendError with a stable code (E_READ_ONLY, E_DISCONNECTED …). */
  run(action: Action, purpose: ActionPurpose): Promise<ActionResult>;
  /** Log out and close. Never throws. */
  close(): Promise<void>;
}

/** Where and how to reach one host, built once per host from its merged vars. Secrets live only here. */
export interface ResolvedTarget {
  /** inventory_hostname, used in messages. */
  name: string;
  /** Shown as the host's address: `host` or `host:port` when the port is not the kind's default. */
  address: string;
  /** Every secret of the target (passwords, tokens it will get are redacted by the connection itself). */
  secrets: string[];
}

/** One kind of connection: how a host's vars become a target, and how a target is opened. */
export interface ConnectionKind<T extends ResolvedTarget = ResolvedTarget> {
  /** The `ansible_connection` value that selects this kind (`ssh`, `httpapi`). */
  readonly name: string;
  /** The `firemend_platform` values this kind serves; the first is the default. */
  readonly platforms: readonly string[];
  /** The actions this kind can run (validate refuses a step whose actions a play's hosts cannot run). */
  readonly actions: readonly ActionKind[];
  /** The names of the variables its connections supply (Connection.vars), so validate knows they will be defined. */
  readonly vars?: readonly string[];
  /** Build the target from the host's merged vars and the environment; throws UsageError naming the host. */
  resolveTarget(vars: Record<string, unknown>, env: Record<string, string | undefined>): T;
  /** Connect and log in; throws a FiremendError whose code is in UNREACHABLE_CODES when the host cannot be reached. */
  open(target: T, options: ConnectionOptions): Promise<Connection>;
}
