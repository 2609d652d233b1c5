// pmtool, netstat, lsof and the small system commands (uptime, date, whoami, id, hostname).
import { unixDate } from '../render/banner.js';
import { renderLsof } from '../render/lsof.js';
import { renderNetstat } from '../render/netstat.js';
import { renderPmtoolStatus } from '../render/pmtool-status.js';
import { fail, ok, type CmdContext, type CmdResult } from './types.js';

const PMTOOL_ACTIONS: Record<string, 'disable' | 'enable' | 'restart'> = {
  disablebyid: 'disable',
  enablebyid: 'enable',
  restartbyid: 'restart',
};

/** `pmtool status` and `pmtool disablebyid|enablebyid|restartbyid ID` (subcommands case-insensitive; changes need root). */
export function pmtool(argv: string[], ctx: CmdContext): CmdResult {
  const sub = (argv[1] ?? '').toLowerCase();
  if (sub === 'status') return ok(renderPmtoolStatus(ctx.device.state));
  const action = PMTOOL_ACTIONS[sub];
  if (!action) return fail(1, `Usage: pmtool <status|DisableByID|EnableByID|RestartByID|RestartByType> [id]\n`);
  if (!ctx.root) return fail(1, 'pmtool: Permission denied (you must be root)\n');
  const id = argv[2];
  if (!id) return fail(1, `pmtool: ${argv[1]} requires an ID\n`);
  if (!ctx.device.pmtool(action, id)) return fail(1, `pmtool: No such ID: ${id}\n`);
  return { out: [], status: 0, changed: true };
}

/** `netstat` (the -anlp view whatever the flags). */
export function netstat(_argv: string[], ctx: CmdContext): CmdResult {
  return ok(renderNetstat(ctx.device, ctx.root, ctx.sshPeer));
}

/** `lsof -i`. */
export function lsof(argv: string[], ctx: CmdContext): CmdResult {
  const text = renderLsof(ctx.device, ctx.root, ctx.sshPeer);
  return { out: text ? [{ fd: 1, text }] : [], status: text && argv.length > 0 ? 0 : 1 };
}

function duration(ms: number): string {
  const mins = Math.floor(ms / 60_000);
  const days = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  const hm = h > 0 ? `${String(h).padStart(2, ' ')}:${String(m).padStart(2, '0')}` : `${m} min`;
  return days > 0 ? `${days} day${days === 1 ? '' : 's'}, ${hm}` : hm;
}

/** `uptime`: reflects the boot time, so a reboot shows. */
export function uptime(_argv: string[], ctx: CmdContext): CmdResult {
  const now = ctx.device.now();
  const time = new Date(now).toISOString().slice(11, 19);
  return ok(` ${time} up ${duration(now - ctx.device.state.bootTime)},  1 user,  load average: 0.52, 0.58, 0.59\n`);
}

/** `date`. */
export function date(_argv: string[], ctx: CmdContext): CmdResult {
  return ok(unixDate(ctx.device.now()) + '\n');
}

export function whoami(_argv: string[], ctx: CmdContext): CmdResult {
  return ok((ctx.root ? 'root' : 'admin') + '\n');
}

export function id(_argv: string[], ctx: CmdContext): CmdResult {
  return ok(ctx.root ? 'uid=0(root) gid=0(root) groups=0(root)\n' : 'uid=1000(admin) gid=1000(admin) groups=1000(admin),500(sfadmin)\n');
}

export function hostname(_argv: string[], ctx: CmdContext): CmdResult {
  return ok(ctx.device.state.hostname + '\n');
}
