// `netstat -anlp` in net-tools format; the EventHandler_SSEConnector.sock lines follow the socket state.
import type { SimDevice } from '../device/sim-device.js';

export const SOCK_PATH = '/ngfw/var/sf/run/EventHandler_SSEConnector.sock';

function tcp(local: string, foreign: string, state: string, prog: string, sendQ = 0): string {
  return `tcp        0 ${String(sendQ).padStart(6)} ${local.padEnd(23)} ${foreign.padEnd(23)} ${state.padEnd(11)} ${prog}`;
}

function unix(refCnt: number, flags: string, state: string, inode: number, prog: string, path: string): string {
  return `${'unix'.padEnd(5)} ${String(refCnt).padEnd(6)} ${flags.padEnd(11)} ${'STREAM'.padEnd(10)} ${state.padEnd(13)} ${String(inode).padEnd(8)} ${prog.padEnd(20)}${path}`;
}

/** Render `netstat -anlp`; without root the PID/Program column shows `-`, as net-tools does. */
export function renderNetstat(device: SimDevice, root: boolean, sshPeer: string): string {
  const s = device.state;
  const pidOf = (name: string, prog: string): string => {
    if (!root) return '-';
    const d = device.daemon(name);
    return d && d.state === 'Running' ? `${d.pid}/${prog}` : '-';
  };
  const ip = s.mgmtIp;
  const out: string[] = [];
  if (!root) out.push('(Not all processes could be identified, non-owned process info', ' will not be shown, you would have to be root to see it all.)');
  out.push('Active Internet connections (servers and established)');
  out.push('Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name');
  const sshdPid = root ? `${1000 + (s.nextInode % 300)}/sshd` : '-';
  out.push(tcp('0.0.0.0:22', '0.0.0.0:*', 'LISTEN', sshdPid));
  if (device.isRunning('sftunnel')) out.push(tcp(`${ip}:8305`, '0.0.0.0:*', 'LISTEN', pidOf('sftunnel', 'sftunnel')));
  if (device.isRunning('SSEConnector')) out.push(tcp(`127.0.0.1:${s.connectorPort}`, '0.0.0.0:*', 'LISTEN', pidOf('SSEConnector', 'connector')));
  out.push(tcp(`${ip}:22`, sshPeer, 'ESTABLISHED', sshdPid));
  out.push(tcp(`${ip}:8305`, `${s.managerHost}:41532`, 'ESTABLISHED', pidOf('sftunnel', 'sftunnel')));
  const events = device.eventsConnection();
  if (events) {
    out.push(tcp(`${ip}:53426`, `${events.address}:443`, events.state, pidOf('SSEConnector', 'connector'), events.state === 'SYN_SENT' ? 1 : 0));
  }
  out.push('Active UNIX domain sockets (servers and established)');
  out.push('Proto RefCnt Flags       Type       State         I-Node   PID/Program name    Path');
  const base = s.nextInode - (s.nextInode % 1000) + 101;
  out.push(unix(2, '[ ACC ]', 'LISTENING', base + 1, pidOf('sftunnel', 'sftunnel'), '/ngfw/var/sf/run/sftunnel.sock'));
  if (device.isRunning('EventHandler')) {
    out.push(unix(2, '[ ACC ]', 'LISTENING', base + 7, pidOf('EventHandler', 'EventHandler'), SOCK_PATH));
    if (device.socketConnected()) {
      out.push(unix(3, '[ ]', 'CONNECTED', base + 9, pidOf('EventHandler', 'EventHandler'), SOCK_PATH));
      out.push(unix(3, '[ ]', 'CONNECTED', base + 8, pidOf('SSEConnector', 'connector'), ''));
    }
  }
  out.push(unix(2, '[ ACC ]', 'LISTENING', base + 21, pidOf('lina', 'lina'), '/ngfw/var/run/lina_ctrl.sock'));
  return out.join('\n') + '\n';
}
