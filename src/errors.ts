// Every failure firemend names has a class with a stable `code` from one union (ErrorCode), so a misspelt code
// fails to compile; the CLI maps them to exit codes in one place (src/cli/exit-codes.ts).

/** A position in a source file (1-based line and column). */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

/** Format a position the way compilers do: `file:line:col`. */
export function formatPos(pos: SourcePos): string {
  return `${pos.file}:${pos.line}:${pos.col}`;
}

/** Base class: a failure with a stable code and, where known, where it came from. */
export class FiremendError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** One problem in a user's file, located at file:line:col. */
export interface Diagnostic {
  pos: SourcePos;
  message: string;
}

/** Bad input (playbook, inventory, vars, plan, pattern): nothing was contacted. Exit 1. */
export class InputError extends FiremendError {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[], code: ErrorCode = 'E_INPUT') {
    super(code, diagnostics.map((d) => `${formatPos(d.pos)}: ${d.message}`).join('\n'));
    this.diagnostics = diagnostics;
  }
}

/** Bad command-line usage that is not about a file. Exit 1. */
export class UsageError extends FiremendError {
  constructor(message: string) {
    super('E_USAGE', message);
  }
}

/** A template could not be rendered (undefined variable, bad filter argument …). */
export class TemplateError extends FiremendError {
  readonly pos: SourcePos | undefined;
  constructor(message: string, pos?: SourcePos) {
    super('E_TEMPLATE', pos ? `${formatPos(pos)}: ${message}` : message);
    this.pos = pos;
  }
}

/** A parser did not recognise the device output it was given. */
export class ParseError extends FiremendError {
  constructor(parser: string, message: string) {
    super('E_PARSE', `${parser}: ${message}`);
  }
}

/** Stable codes for connection failures (mapped from ssh2 in connections/ssh/errors.ts, from node:https in connections/httpapi/http.ts). */
export type TransportErrorCode =
  | 'E_CONNECT_REFUSED'
  | 'E_CONNECT_TIMEOUT'
  | 'E_DNS'
  | 'E_AUTH'
  /** An HTTPS peer whose certificate is not trusted (unknown CA, wrong host name, expired). */
  | 'E_TLS_CERT'
  | 'E_HOSTKEY_UNKNOWN'
  | 'E_HOSTKEY_CHANGED'
  | 'E_PROMPT_TIMEOUT'
  | 'E_COMMAND_TIMEOUT'
  | 'E_MODE'
  | 'E_MODE_UNAVAILABLE'
  | 'E_SUDO_AUTH'
  | 'E_PASSWORD_EXPIRED'
  | 'E_DISCONNECTED'
  | 'E_REBOOT_TIMEOUT'
  | 'E_REBOOT_NOT_DOWN'
  | 'E_READ_ONLY'
  | 'E_COMMAND_LIMIT'
  | 'E_COMMAND';

/**
 * Every code a failure or a result's `error.code` carries, for the whole program (transport, engine, plan, cli).
 * The names are fixed: CONTRACT.md names several, reports and journals carry them. Add new ones here.
 */
export type ErrorCode =
  | TransportErrorCode
  /** Bad input: a file (file:line:col), the command line, a saved plan; another run holds the lock. */
  | 'E_INPUT'
  | 'E_USAGE'
  | 'E_PLAN'
  | 'E_LOCKED'
  /** A template could not be rendered, or a rendered value is not what the field needs. */
  | 'E_TEMPLATE'
  /** A check's output: not recognised by its parser, no such parser, or a fact it does not establish. */
  | 'E_PARSE'
  | 'E_NO_PARSER'
  | 'E_FACT_UNKNOWN'
  /** A check that failed with no fix to run, or still fails after the fix. */
  | 'E_CHECK_FAILED'
  | 'E_VERIFY_FAILED'
  /** An HA pair's peer is not ready to take over: the reboot was not sent. */
  | 'E_HA_PEER_NOT_READY'
  /** The run journal could not be written: nothing more is sent. */
  | 'E_JOURNAL_WRITE'
  /** Stopped by a signal. */
  | 'E_INTERRUPTED'
  /** What reports say for a host that failed or was unreachable without a more specific code. */
  | 'E_UNREACHABLE'
  | 'E_FAILED'
  /** A bug: an exception that is not one of ours. */
  | 'E_INTERNAL';

/** Codes whose failure makes the host `unreachable` rather than `failed`. */
export const UNREACHABLE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'E_CONNECT_REFUSED',
  'E_CONNECT_TIMEOUT',
  'E_DNS',
  'E_AUTH',
  'E_TLS_CERT',
  'E_HOSTKEY_UNKNOWN',
  'E_HOSTKEY_CHANGED',
  'E_PASSWORD_EXPIRED',
]);

/** A failure talking to a device. Messages never carry secrets. */
export class TransportError extends FiremendError {
  declare readonly code: TransportErrorCode;
  readonly host: string | undefined;
  constructor(code: TransportErrorCode, message: string, options?: { host?: string; cause?: unknown }) {
    super(code, message, options);
    this.host = options?.host;
  }
}

/** Another run holds the lock. Exit 75. */
export class LockError extends FiremendError {
  constructor(message: string) {
    super('E_LOCKED', message);
  }
}

/** A saved plan cannot be applied (tampered, expired, inputs changed). Exit 1. */
export class PlanError extends FiremendError {
  constructor(message: string) {
    super('E_PLAN', message);
  }
}
