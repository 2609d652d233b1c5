// A scripted connection kind for engine tests: one fake device per host that records every command with its mode
// and purpose, can refuse the connection with a code, changes its state when a fix arrives, and enforces the
// check-mode guard of ConnectionOptions.readOnly exactly as the contract documents it.
import { FiremendError, TransportError, type TransportErrorCode } from '../../src/errors.js';
import type { Action, ActionPurpose, ActionResult, Connection, ConnectionKind, ConnectionOptions, RebootAction, ResolvedTarget } from '../../src/connections/connection.js';
import type { Platform } from '../../src/connections/platforms.js';
import type { Mode } from '../../src/playbook/model.js';
import { classifyCommand } from '../../src/read-only/index.js';

/** A fake host's target. */
export interface FakeTarget extends ResolvedTarget {
  platform: Platform;
}

/** The reboot as a device script sees it. */
export type RebootOptions = Pick<RebootAction, 'timeoutMs' | 'answers'>;

/** What a device answers to one command. */
export interface Reply {
  output: string;
  exitStatus?: number;
  deviceError?: string;
}

/** One command as the device saw it. */
export interface Received {
  command: string;
  mode: Mode;
  purpose: 'check' | 'fix' | 'reboot';
}

export type DeviceState = Record<string, unknown>;

/** How a device behaves; every field is optional. */
export interface DeviceScript {
  state?: DeviceState;
  /** Answer a command (check or fix). Return undefined for "unknown command" (a device error). */
  respond?: (command: string, state: DeviceState, purpose: 'check' | 'fix') => Reply | undefined;
  /** Change state when a fix command arrives (called before respond). */
  onFix?: (command: string, state: DeviceState) => void;
  /** Change state when the device reboots; throw a TransportError to fail the reboot. */
  onReboot?: (state: DeviceState, options: RebootOptions) => void;
  /** Refuse the connection with this code. */
  connectError?: TransportErrorCode;
  /** Throw from run() for a matching command (a timeout, a dropped connection …). */
  throwOn?: (command: string, state: DeviceState) => Error | undefined;
}

/** A scripted device and its log. */
export class FakeDevice {
  readonly log: Received[] = [];
  readonly state: DeviceState;
  opens = 0;
  closes = 0;
  reboots = 0;
  constructor(readonly script: DeviceScript = {}) {
    this.state = script.state ?? {};
  }

  /** Commands received with a given purpose. */
  sent(purpose: Received['purpose']): string[] {
    return this.log.filter((r) => r.purpose === purpose).map((r) => r.command);
  }
}

/** A connection kind over FakeDevices, keyed by inventory host name (the target's name). */
export class FakeTransport implements ConnectionKind<FakeTarget> {
  readonly name = 'ssh';
  readonly platforms = ['ftd', 'fmc', 'linux'] as const;
  readonly actions = ['command', 'reboot'] as const;
  readonly devices = new Map<string, FakeDevice>();
  /** The ConnectionOptions each host was opened with (to inspect the check-mode guard). */
  readonly optionsByHost = new Map<string, ConnectionOptions>();
  /** Order in which hosts were opened. */
  readonly openOrder: string[] = [];
  active = 0;
  peakActive = 0;

  constructor(devices: Record<string, DeviceScript | FakeDevice> = {}) {
    for (const [name, d] of Object.entries(devices)) this.devices.set(name, d instanceof FakeDevice ? d : new FakeDevice(d));
  }

  device(name: string): FakeDevice {
    const d = this.devices.get(name);
    if (!d) throw new Error(`no fake device named ${name}`);
    return d;
  }

  resolveTarget(vars: Record<string, unknown>): FakeTarget {
    const name = String(vars['inventory_hostname']);
    return { name, address: String(vars['ansible_host'] ?? name), secrets: [], platform: (vars['firemend_platform'] as Platform | undefined) ?? 'ftd' };
  }

  async open(target: FakeTarget, options: ConnectionOptions): Promise<Connection> {
    await tick();
    const device = this.device(target.name);
    this.optionsByHost.set(target.name, options);
    this.openOrder.push(target.name);
    device.opens += 1;
    if (device.script.connectError) throw new TransportError(device.script.connectError, `${target.name}: cannot connect (${device.script.connectError})`, { host: target.name });
    this.active += 1;
    this.peakActive = Math.max(this.peakActive, this.active);
    return new FakeSession(device, options, target.platform, () => {
      this.active -= 1;
    });
  }
}

class FakeSession implements Connection {
  mode: Mode = 'clish';
  private closed = false;
  constructor(
    private readonly device: FakeDevice,
    private readonly options: ConnectionOptions,
    private readonly platform: Platform,
    private readonly onClose: () => void,
  ) {}

  async run(action: Action, purpose: ActionPurpose): Promise<ActionResult> {
    if (action.kind === 'reboot') return this.reboot(action);
    if (action.kind !== 'command') throw new FiremendError('E_INPUT', `a fake ssh device cannot send '${action.kind}' actions`);
    const command = action.command;
    const o = { mode: action.mode, purpose };
    await tick();
    if (this.closed) throw new TransportError('E_DISCONNECTED', 'session is closed');
    // The dry-run guard, as SessionOptions.readOnly documents it.
    if (this.options.readOnly) {
      const verdict = classifyCommand(command, { platform: this.platform, mode: o.mode });
      if (o.purpose !== 'check' || verdict.kind !== 'read-only') throw new TransportError('E_READ_ONLY', `refused in check mode: '${command}' (${verdict.reason})`);
    }
    const s = this.device.script;
    this.device.log.push({ command, mode: o.mode, purpose: o.purpose });
    this.mode = o.mode;
    const thrown = s.throwOn?.(command, this.device.state);
    if (thrown) throw thrown;
    if (o.purpose === 'fix') s.onFix?.(command, this.device.state);
    // A device without a script for replies accepts any fix quietly; a scripted one rejects what it does not know.
    const reply = s.respond ? s.respond(command, this.device.state, o.purpose) : o.purpose === 'fix' ? { output: '' } : undefined;
    const r: ActionResult = { output: reply?.output ?? '', durationMs: 1 };
    if (reply?.exitStatus !== undefined) r.exitStatus = reply.exitStatus;
    if (!reply) r.deviceError = `Syntax error: Illegal command '${command}'`;
    else if (reply.deviceError !== undefined) r.deviceError = reply.deviceError;
    return r;
  }

  private async reboot(options: RebootOptions): Promise<ActionResult> {
    await tick();
    if (this.options.readOnly) throw new TransportError('E_READ_ONLY', 'refused in check mode: reboot');
    this.device.log.push({ command: 'reboot', mode: this.mode, purpose: 'reboot' });
    this.options.onProgress?.('reboot: confirmed');
    this.device.script.onReboot?.(this.device.state, options);
    this.device.reboots += 1;
    this.options.onProgress?.('reboot: back, logged in');
    this.mode = 'clish';
    return { output: '', durationMs: 2, reboot: { downAfterMs: 1, totalMs: 2 } };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.device.closes += 1;
    this.onClose();
  }
}

// Yield to the event loop so hosts really interleave (and the forks limit is really exercised).
function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
