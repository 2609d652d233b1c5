// What a bash-like command gets and gives back in the simulated expert/root shell.
import type { SimDevice } from '../device/sim-device.js';

/** A piece of output on stdout (1) or stderr (2), written after waiting `delayMs`. */
export interface Out {
  fd: 1 | 2;
  text: string;
  delayMs?: number;
}

export interface CmdResult {
  out: Out[];
  status: number;
  /** The command changed the device (pmtool enable/disable/restart …). */
  changed?: boolean;
}

export interface CmdContext {
  device: SimDevice;
  root: boolean;
  cwd: string;
  stdin: string | undefined;
  /** Multiplies real network waits (curl --max-time, connect timeouts) so a blocked egress times out quickly. */
  timeScale: number;
  /** `ip:port` of the SSH client as the device sees it. */
  sshPeer: string;
}

export type Command = (argv: string[], ctx: CmdContext) => CmdResult;

/** Helpers to build results. */
export const stdout = (text: string, delayMs?: number): Out => (delayMs ? { fd: 1, text, delayMs } : { fd: 1, text });
export const stderr = (text: string, delayMs?: number): Out => (delayMs ? { fd: 2, text, delayMs } : { fd: 2, text });
export const ok = (text = ''): CmdResult => ({ out: text ? [stdout(text)] : [], status: 0 });
export const fail = (status: number, text: string): CmdResult => ({ out: [stderr(text)], status });
