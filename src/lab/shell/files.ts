// The few files and directories of the simulated device, with contents drawn from its state.
import type { SimDevice } from '../device/sim-device.js';
import { renderConnectorLog, renderConnectorProperties } from '../render/connector-files.js';

const DIRS = new Set([
  '/',
  '/root',
  '/home',
  '/home/admin',
  '/Volume',
  '/Volume/home',
  '/Volume/home/admin',
  '/etc',
  '/tmp',
  '/var',
  '/var/log',
  '/proc',
  '/ngfw',
  '/ngfw/etc',
  '/ngfw/etc/sf',
  '/ngfw/etc/ssl',
  '/ngfw/var',
  '/ngfw/var/log',
  '/ngfw/var/log/connector',
  '/ngfw/var/sf',
  '/ngfw/var/sf/run',
  '/ngfw/var/common',
  '/ngfw/usr',
  '/ngfw/usr/local',
  '/ngfw/usr/local/sf',
  '/ngfw/usr/local/sf/bin',
]);

/** Resolve `path` against `cwd` (`~` is the user's home); also maps the /etc/sf and /var/log/connector aliases to /ngfw. */
export function resolvePath(path: string, cwd: string, home: string): string {
  let p = path === '~' ? home : path.startsWith('~/') ? home + path.slice(1) : path;
  if (!p.startsWith('/')) p = (cwd === '/' ? '' : cwd) + '/' + p;
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  const abs = '/' + parts.join('/');
  if (abs === '/etc/sf' || abs.startsWith('/etc/sf/')) return '/ngfw' + abs;
  if (abs === '/var/log/connector' || abs.startsWith('/var/log/connector/')) return '/ngfw' + abs;
  return abs;
}

export function isDir(path: string): boolean {
  return DIRS.has(path);
}

export type FileRead = { ok: true; text: string } | { ok: false; error: 'ENOENT' | 'EACCES' | 'EISDIR' };

const CA_PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ',
  'RTESMBAGA1UEChMJQmFsdGltb3JlMRMwEQYDVQQLEwpDeWJlclRydXN0MSIwIAYD',
  'VQQDExlCYWx0aW1vcmUgQ3liZXJUcnVzdCBSb290MB4XDTAwMDUxMjE4NDYwMFoX',
  '-----END CERTIFICATE-----',
].join('\n') + '\n';

/** Read a file as `root` or as admin; logs under /ngfw/var/log are root-only. */
export function readFile(device: SimDevice, path: string, root: boolean): FileRead {
  if (isDir(path)) return { ok: false, error: 'EISDIR' };
  const s = device.state;
  switch (path) {
    case '/ngfw/etc/sf/connector.properties':
      return { ok: true, text: renderConnectorProperties(device) };
    case '/ngfw/var/log/connector/connector.log':
      return root ? { ok: true, text: renderConnectorLog(device) } : { ok: false, error: 'EACCES' };
    case '/etc/resolv.conf':
      return {
        ok: true,
        text:
          (s.searchDomains.length > 0 ? `search ${s.searchDomains.join(' ')}\n` : '') + s.dnsServers.map((d) => `nameserver ${d}`).join('\n') + (s.dnsServers.length ? '\n' : ''),
      };
    case '/etc/hostname':
      return { ok: true, text: s.hostname + '\n' };
    case '/proc/sys/kernel/random/boot_id':
      return { ok: true, text: s.bootId + '\n' };
    case '/ngfw/etc/ssl/connectorCA.pem':
      return { ok: true, text: CA_PEM };
    case '/etc/sf/sf-version':
    case '/ngfw/etc/sf/sf-version':
      return { ok: true, text: `Cisco Firepower Threat Defense for VMware v${s.version} (build ${s.build})\n` };
    default:
      return { ok: false, error: 'ENOENT' };
  }
}

/** The message bash tools print for a failed read. */
export function readError(tool: string, path: string, error: 'ENOENT' | 'EACCES' | 'EISDIR'): string {
  const text = error === 'ENOENT' ? 'No such file or directory' : error === 'EACCES' ? 'Permission denied' : 'Is a directory';
  return `${tool}: ${path}: ${text}\n`;
}
