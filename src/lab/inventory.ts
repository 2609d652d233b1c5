// The lab's Ansible YAML inventory (what `firemend run` takes as-is) and its known_hosts lines.
import { stringify } from 'yaml';
import { WORKING_RESOLVERS, type Region } from './device/cloud.js';

export interface InventoryDevice {
  name: string;
  port: number;
  region: Region;
  faults: string[];
  haPeer?: string;
  curlFlavour: string;
}

/** Render the inventory: groups ftd → region_us/eu/apj, with the lab password and working DNS servers in `all.vars`. */
export function renderInventory(devices: InventoryDevice[], password: string, host: string): string {
  const regions: Region[] = ['us', 'eu', 'apj'];
  const children: Record<string, unknown> = {};
  for (const region of regions) {
    const hosts: Record<string, unknown> = {};
    for (const d of devices) {
      if (d.region === region) {
        hosts[d.name] = { ansible_host: host, ansible_port: d.port, ...(d.haPeer !== undefined ? { ha_peer: d.haPeer } : {}), lab_faults: [...d.faults], lab_curl_flavour: d.curlFlavour };
      }
    }
    children[`region_${region}`] = { vars: { sse_region: region }, hosts };
  }
  const doc = {
    all: {
      vars: { ansible_user: 'admin', ansible_password: password, firemend_platform: 'ftd', dns_servers: [...WORKING_RESOLVERS] },
      children: { ftd: { children } },
    },
  };
  return '# firemend lab inventory (simulated FTDs on loopback)\n' + stringify(doc, { lineWidth: 0 });
}

/** One OpenSSH known_hosts line for a non-standard port: `[host]:port ssh-ed25519 AAAA…`. */
export function knownHostsLine(host: string, port: number, publicKey: string): string {
  const [type, blob] = publicKey.trim().split(/\s+/);
  return `[${host}]:${port} ${type} ${blob}`;
}
