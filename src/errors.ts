// Every failure firemend names has a class with a stable `code`; the CLI maps them to exit codes in one place.

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
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
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
  constructor(diagnostics: Diagnostic[], code = 'E_INPUT') {
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

/** Stable codes for transport failures (see src/transport/errors.ts for the mapping from ssh2). */
export type TransportErrorCode =
  | 'E_CONNECT_REFUSED'
  | 'E_CONNECT_TIMEOUT'
  | 'E_DNS'
  | 'E_AUTH'
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

/** Codes whose failure makes the host `unreachable` rather than `failed`. */
export const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'E_CONNECT_REFUSED',
  'E_CONNECT_TIMEOUT',
  'E_DNS',
  'E_AUTH',
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
