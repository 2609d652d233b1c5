// The interface the engine talks to devices through. engine/ depends on this file, never on ssh2.
import type { Answer, Mode } from '../../playbook/model.js';
import type { Platform } from '../platforms.js';

/** Everything needed to reach one host; built from inventory vars by resolveTarget(). Secrets live only here. */
export interface ConnectTarget {
  /** inventory_hostname, used in messages. */
  name: string;
  host: string;
  port: number;
  user: string;
  platform: Platform;
  password?: string;
  privateKeyPath?: string;
  passphrase?: string;
  /** ssh-agent socket path. */
  agent?: string;
  sudoPassword?: string;
  jump?: ConnectTarget;
}

export type HostKeyPolicy = 'strict' | 'accept-new' | 'off';

/** Per-connection settings. */
export interface SessionOptions {
  knownHostsPath?: string;
  hostKeyPolicy: HostKeyPolicy;
  connectTimeoutMs: number;
  promptTimeoutMs: number;
  commandTimeoutMs: number;
  /**
   * Dry-run guard (the second of two): when true, the session refuses every command whose purpose is not
   * 'check', refuses reboot(), and refuses any command the read-only classifier (src/read-only) does not
   * accept for the host's platform and the command's mode, judged on the command exactly as sent.
   */
  readOnly?: boolean;
  /** Raw traffic for the evidence transcript. The password and sudo password are never passed here. */
  onTranscript?: (direction: 'sent' | 'received', text: string) => void;
  /** Progress of long operations (reboot phases, reconnects) for the live display. */
  onProgress?: (message: string) => void;
  /** Something the operator must see (host key policy off, accepted new key). */
  onWarning?: (message: string) => void;
}

export type CommandPurpose = 'check' | 'fix';

export interface RunOptions {
  mode: Mode;
  purpose: CommandPurpose;
  /** Idle timeout: resets while output streams. Defaults to SessionOptions.commandTimeoutMs. */
  timeoutMs?: number;
  /** Prompts the device may ask back, answered as declared; never guessed. */
  answers?: Answer[];
}

/** One command's outcome, cleaned: no echo, prompt, \r, ANSI escapes or pager lines. */
export interface CommandResult {
  command: string;
  mode: Mode;
  output: string;
  /** Set in expert/root/shell modes (from `$?`); undefined in clish. */
  exitStatus?: number;
  /** The device answered with an error pattern of its profile (`Syntax error:`, `command not found` …). */
  deviceError?: string;
  durationMs: number;
}

export interface RebootOptions {
  /** Overall budget: confirm → down → back → prompt. */
  timeoutMs: number;
  answers?: Answer[];
}

export interface RebootResult {
  /** Time from sending the confirmation to the connection dropping. */
  downAfterMs: number;
  /** Time from sending the confirmation to the prompt being back. */
  totalMs: number;
}

/** An open, logged-in session on one device. It knows its current mode and climbs/descends as asked. */
export interface Session {
  readonly mode: Mode;
  run(command: string, options: RunOptions): Promise<CommandResult>;
  /** Reboot the device, wait for it to come back and log in again (throws E_REBOOT_NOT_DOWN / E_REBOOT_TIMEOUT). */
  reboot(options: RebootOptions): Promise<RebootResult>;
  /** Descend to the base mode and close. Never throws. */
  close(): Promise<void>;
}

/** Opens sessions. Throws TransportError with a stable code when the host cannot be reached or logged into. */
export interface Transport {
  open(target: ConnectTarget, options: SessionOptions): Promise<Session>;
}
