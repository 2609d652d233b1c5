// The CLISH (`> `) command set: parse a line into what the device should do. Pure: no I/O, no state change.
import type { SimDevice } from './sim-device.js';
import { renderShowFailover } from '../render/show-failover.js';
import { renderShowManagers } from '../render/show-managers.js';
import { renderShowNetwork } from '../render/show-network.js';
import { renderShowVersion } from '../render/show-version.js';

export type ClishAction =
  | { kind: 'empty' }
  | { kind: 'output'; text: string }
  | { kind: 'configure'; apply: (device: SimDevice) => string }
  | { kind: 'syntax'; message: string }
  | { kind: 'reboot' }
  | { kind: 'expert' }
  | { kind: 'exit' };

const ILLEGAL = 'Syntax error: Illegal parameter';
const INCOMPLETE = 'Syntax error: The command is not completed';

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:]+:[0-9a-fA-F:]*$/;
const DOMAIN = /^[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*$/;

// The list after `servers` / `searchdomains`: comma-separated (canonical), spaces accepted too.
function listArg(words: string[]): string[] {
  return words
    .join(',')
    .split(',')
    .map((w) => w.trim())
    .filter((w) => w !== '');
}

function configure(words: string[]): ClishAction {
  // words: after `configure`
  if (words.length === 0) return { kind: 'syntax', message: INCOMPLETE };
  if (words[0] !== 'network') return { kind: 'syntax', message: ILLEGAL };
  const [what, sub, ...rest] = words.slice(1);
  if (what === undefined) return { kind: 'syntax', message: INCOMPLETE };
  if (what === 'dns') {
    if (sub === undefined) return { kind: 'syntax', message: INCOMPLETE };
    if (sub !== 'servers' && sub !== 'searchdomains') return { kind: 'syntax', message: ILLEGAL };
    const list = listArg(rest);
    if (list.length === 0) return { kind: 'syntax', message: INCOMPLETE };
    if (sub === 'servers') {
      if (list.length > 3 || !list.every((ip) => IPV4.test(ip) || IPV6.test(ip))) return { kind: 'syntax', message: ILLEGAL };
      return { kind: 'configure', apply: (d) => (d.setDnsServers(list), '') };
    }
    if (!list.every((d) => DOMAIN.test(d))) return { kind: 'syntax', message: ILLEGAL };
    return { kind: 'configure', apply: (d) => ((d.state.searchDomains = list), '') };
  }
  if (what === 'hostname') {
    if (sub === undefined) return { kind: 'syntax', message: INCOMPLETE };
    if (rest.length > 0 || !/^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/.test(sub)) return { kind: 'syntax', message: ILLEGAL };
    return { kind: 'configure', apply: (d) => ((d.state.hostname = sub), '') };
  }
  return { kind: 'syntax', message: ILLEGAL };
}

/** What a CLISH line asks for. Abbreviations are not completed (a simplification; the device would try). */
export function interpretClish(device: SimDevice, line: string): ClishAction {
  const words = line.trim().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return { kind: 'empty' };
  const [first, second, ...rest] = words;
  switch (first) {
    case 'show':
      if (second === undefined) return { kind: 'syntax', message: INCOMPLETE };
      if (rest.length > 0) return { kind: 'syntax', message: ILLEGAL };
      if (second === 'version') return { kind: 'output', text: renderShowVersion(device.state) };
      if (second === 'network') return { kind: 'output', text: renderShowNetwork(device.state) };
      if (second === 'managers') return { kind: 'output', text: renderShowManagers(device.state) };
      if (second === 'failover') return { kind: 'output', text: renderShowFailover(device) };
      return { kind: 'syntax', message: ILLEGAL };
    case 'configure':
      return configure(words.slice(1));
    case 'reboot':
      return words.length === 1 ? { kind: 'reboot' } : { kind: 'syntax', message: ILLEGAL };
    case 'expert':
      // After a lockdown the command is gone: CLISH answers it like any unknown word.
      return words.length === 1 && !device.state.expertDisabled ? { kind: 'expert' } : { kind: 'syntax', message: ILLEGAL };
    case 'exit':
    case 'logout':
      return words.length === 1 ? { kind: 'exit' } : { kind: 'syntax', message: ILLEGAL };
    default:
      return { kind: 'syntax', message: ILLEGAL };
  }
}
