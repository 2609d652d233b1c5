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

/** The lab FMC as a host of the lab inventory (`firemend lab --fmc`). */
export interface InventoryFmc {
  port: number;
  /** Absolute path of the lab CA (--fmc-ca-out): the host's firemend_ca_file. */
  caFile: string;
  region: Region;
  /** FMC cloud region name → sse_region, as this FMC names its regions. */
  regionNames: Record<string, Region>;
}

/** The inventory name of the lab FMC host (group `fmc`). */
export const LAB_FMC_HOST = 'lab-fmc';

/**
 * Render the inventory: groups ftd → region_us/eu/apj, with the lab password and working DNS servers in `all.vars`;
 * with the lab FMC, a group `fmc` holding it as an httpapi host (its password is the lab password of `all.vars`).
 */
export function renderInventory(devices: InventoryDevice[], password: string, host: string, fmc?: InventoryFmc): string {
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
      children: {
        ftd: { children },
        ...(fmc !== undefined
          ? {
              fmc: {
                hosts: {
                  [LAB_FMC_HOST]: {
                    ansible_host: host,
                    ansible_connection: 'httpapi',
                    firemend_platform: 'fmc',
                    ansible_httpapi_port: fmc.port,
                    firemend_ca_file: fmc.caFile,
                    sse_region: fmc.region,
                    fmc_region_names: { ...fmc.regionNames },
                  },
                },
              },
            }
          : {}),
      },
    },
  };
  return '# firemend lab inventory (simulated FTDs on loopback)\n' + stringify(doc, { lineWidth: 0 });
}

/** One OpenSSH known_hosts line for a non-standard port: `[host]:port ssh-ed25519 AAAA…`. */
export function knownHostsLine(host: string, port: number, publicKey: string): string {
  const [type, blob] = publicKey.trim().split(/\s+/);
  return `[${host}]:${port} ${type} ${blob}`;
}
