// The `ssh` connection kind (Ansible's `ansible_connection: ssh`, also `network_cli`, `paramiko`, `smart`): an
// interactive CLI session per host over ssh2, with the platform's mode ladder. It runs command and reboot
// actions; its read-only guard (check mode) stays inside the session, judged on each command as sent.
import { FiremendError, UsageError } from '../../errors.js';
import type { Action, ActionPurpose, ActionResult, Connection, ConnectionKind, ConnectionOptions, ResolvedTarget } from '../connection.js';
import { SshTransport } from './ssh-transport.js';
import { resolveTarget, SSH_PLATFORMS } from './target.js';
import type { ConnectTarget, HostKeyPolicy, Session, SessionOptions } from './transport.js';

/** How long a login or a mode change may take to show its prompt. */
const PROMPT_TIMEOUT_MS = 30_000;
const HOST_KEY_POLICIES: readonly HostKeyPolicy[] = ['strict', 'accept-new', 'off'];

/** An SSH host's target: where to connect, how to log in, and how its host key is judged. */
export interface SshTarget extends ConnectTarget, ResolvedTarget {
  hostKeyPolicy: HostKeyPolicy;
  /** known_hosts file; default ~/.ssh/known_hosts. */
  knownHostsPath?: string;
}

// Every secret of a target and of its jump chain.
function secretsOf(target: ConnectTarget | undefined): string[] {
  if (!target) return [];
  return [target.password, target.sudoPassword, target.passphrase].filter((s): s is string => s !== undefined && s !== '').concat(secretsOf(target.jump));
}

/**
 * Build an SSH target from a host's merged vars. `firemend_host_key_policy` and `firemend_known_hosts` are the
 * run's `--host-key-policy` and `--known-hosts` (the command line hands them to every SSH host).
 */
export function sshTarget(vars: Record<string, unknown>, env: Record<string, string | undefined>): SshTarget {
  const base = resolveTarget(vars, env);
  const policy = vars['firemend_host_key_policy'] ?? 'strict';
  if (!HOST_KEY_POLICIES.includes(policy as HostKeyPolicy)) {
    throw new UsageError(`host ${base.name}: firemend_host_key_policy must be one of ${HOST_KEY_POLICIES.join(', ')}`);
  }
  const target: SshTarget = {
    ...base,
    address: base.port === 22 ? base.host : `${base.host}:${base.port}`,
    secrets: secretsOf(base),
    hostKeyPolicy: policy as HostKeyPolicy,
  };
  const known = vars['firemend_known_hosts'];
  if (typeof known === 'string' && known !== '') target.knownHostsPath = known;
  return target;
}

/** The session options of one SSH connection: the run's limits and hooks, the target's host-key settings. */
export function sessionOptionsFor(target: SshTarget, options: ConnectionOptions): SessionOptions {
  const out: SessionOptions = {
    hostKeyPolicy: target.hostKeyPolicy,
    connectTimeoutMs: options.connectTimeoutMs,
    promptTimeoutMs: PROMPT_TIMEOUT_MS,
    commandTimeoutMs: options.commandTimeoutMs,
  };
  if (target.knownHostsPath !== undefined) out.knownHostsPath = target.knownHostsPath;
  if (options.readOnly) out.readOnly = true;
  if (options.onTranscript) out.onTranscript = options.onTranscript;
  if (options.onProgress) out.onProgress = options.onProgress;
  if (options.onWarning) out.onWarning = options.onWarning;
  return out;
}

/** A logged-in SSH session seen as a Connection: commands and reboots, nothing else. */
export class SshConnection implements Connection {
  constructor(
    private readonly session: Session,
    private readonly name: string,
  ) {}

  async run(action: Action, purpose: ActionPurpose): Promise<ActionResult> {
    if (action.kind === 'command') {
      const res = await this.session.run(action.command, {
        mode: action.mode,
        purpose,
        ...(action.answers ? { answers: action.answers } : {}),
        ...(action.timeoutMs !== undefined ? { timeoutMs: action.timeoutMs } : {}),
      });
      const out: ActionResult = { output: res.output, durationMs: res.durationMs };
      if (res.exitStatus !== undefined) out.exitStatus = res.exitStatus;
      if (res.deviceError !== undefined) out.deviceError = res.deviceError;
      return out;
    }
    if (action.kind === 'reboot') {
      // A reboot is never a check: the session refuses it in check mode whatever the purpose says.
      const r = await this.session.reboot({ timeoutMs: action.timeoutMs, ...(action.answers ? { answers: action.answers } : {}) });
      return { output: '', durationMs: r.totalMs, reboot: { downAfterMs: r.downAfterMs, totalMs: r.totalMs } };
    }
    throw new FiremendError('E_INPUT', `${this.name}: an ssh connection cannot send '${action.kind}' actions (only command and reboot); nothing was sent`);
  }

  close(): Promise<void> {
    return this.session.close();
  }
}

// One transport for the process: its known_hosts cache is shared by every SSH connection (re-read when the file changes).
const transport = new SshTransport();

export const sshKind: ConnectionKind<SshTarget> = {
  name: 'ssh',
  platforms: SSH_PLATFORMS,
  actions: ['command', 'reboot'],
  resolveTarget: sshTarget,
  async open(target, options) {
    return new SshConnection(await transport.open(target, sessionOptionsFor(target, options)), target.name);
  },
};
