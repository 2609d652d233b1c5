// `lsof -i`: network files; the connector's LISTEN on :8989 and its events connection (SYN_SENT when blocked).
import { reverseName } from '../device/cloud.js';
import type { SimDevice } from '../device/sim-device.js';

interface Row {
  command: string;
  pid: number;
  user: string;
  fd: string;
  type: string;
  device: number;
  name: string;
}

/** Render `lsof -i`; non-root users only see their own processes (none here), as lsof does. */
export function renderLsof(device: SimDevice, root: boolean, sshPeer: string): string {
  if (!root) return '';
  const s = device.state;
  const rows: Row[] = [];
  const sshd = 1000 + (s.nextInode % 300);
  const inode = s.nextInode - (s.nextInode % 1000);
  rows.push({ command: 'sshd', pid: sshd, user: 'root', fd: '3u', type: 'IPv4', device: inode + 11, name: 'TCP *:ssh (LISTEN)' });
  rows.push({ command: 'sshd', pid: sshd, user: 'root', fd: '4u', type: 'IPv4', device: inode + 12, name: `TCP ${s.hostname}:ssh->${sshPeer} (ESTABLISHED)` });
  const sft = device.daemon('sftunnel');
  if (sft?.state === 'Running') {
    rows.push({ command: 'sftunnel', pid: sft.pid, user: 'root', fd: '9u', type: 'IPv4', device: inode + 31, name: `TCP ${s.hostname}:8305 (LISTEN)` });
    rows.push({ command: 'sftunnel', pid: sft.pid, user: 'root', fd: '11u', type: 'IPv4', device: inode + 32, name: `TCP ${s.hostname}:8305->${s.managerHost}:41532 (ESTABLISHED)` });
  }
  const sse = device.daemon('SSEConnector');
  if (sse?.state === 'Running') {
    rows.push({ command: 'connector', pid: sse.pid, user: sse.user, fd: '10u', type: 'IPv4', device: inode + 47, name: `TCP localhost:${s.connectorPort} (LISTEN)` });
    const events = device.eventsConnection();
    if (events) {
      rows.push({
        command: 'connector',
        pid: sse.pid,
        user: sse.user,
        fd: '12u',
        type: 'IPv4',
        device: inode + 53,
        name: `TCP ${s.hostname}:53426->${reverseName(events.address)}:https (${events.state})`,
      });
    }
  }
  const w = {
    command: Math.max(7, ...rows.map((r) => r.command.length)),
    pid: Math.max(3, ...rows.map((r) => String(r.pid).length)),
    user: Math.max(4, ...rows.map((r) => r.user.length)),
    fd: Math.max(3, ...rows.map((r) => r.fd.length)),
    device: Math.max(6, ...rows.map((r) => String(r.device).length)),
  };
  const line = (c: string, p: string, u: string, f: string, t: string, d: string, so: string, n: string, name: string): string =>
    `${c.padEnd(w.command)} ${p.padStart(w.pid)} ${u.padEnd(w.user)} ${f.padStart(w.fd + 1)} ${t.padEnd(4)} ${d.padStart(w.device)} ${so.padStart(8)} ${n.padStart(4)} ${name}`;
  const out = [line('COMMAND', 'PID', 'USER', 'FD', 'TYPE', 'DEVICE', 'SIZE/OFF', 'NODE', 'NAME')];
  for (const r of rows) out.push(line(r.command, String(r.pid), r.user, r.fd, r.type, String(r.device), '0t0', 'TCP', r.name.slice(4)));
  return out.join('\n') + '\n';
}
