// The lab FMC as an inventory source (`plugin: fmc`, issue 14 item 5), with what the FMC cannot know beside it.
// The FMC registers each device by address only (hostName is 127.0.0.1 for every lab FTD), so the SSH port, the
// SSE region and the SSH credentials come from host_vars/ and group_vars/ next to the plugin file, as an operator
// would keep them: `firemend run … -i DIR/fmc.yml` composes the FMC's hosts with those files.
import { stringify } from 'yaml';
import { WORKING_RESOLVERS, type Region } from '../device/cloud.js';

/** The environment variable the lab's FMC inventory names for the password (the lab password). */
export const LAB_PASSWORD_ENV = 'FIREMEND_LAB_PASSWORD';

export interface FmcInventoryDevice {
  name: string;
  port: number;
  region: Region;
  faults: readonly string[];
  curlFlavour: string;
}

/** Files to write, by path relative to the plugin file's directory. */
export type InventoryFiles = Map<string, string>;

/** `fmc.yml` (the plugin file, named by `pluginFile`), `group_vars/all.yml` and one `host_vars/<device>.yml` per device. */
export function renderFmcInventoryFiles(
  pluginFile: string,
  fmc: { host: string; port: number; caFile: string },
  devices: readonly FmcInventoryDevice[],
): InventoryFiles {
  const files: InventoryFiles = new Map();
  files.set(
    pluginFile,
    '# firemend lab: the lab FMC as an inventory source (one host per device record)\n' +
      stringify(
        {
          plugin: 'fmc',
          host: fmc.host,
          port: fmc.port,
          username: 'admin',
          password_env: LAB_PASSWORD_ENV,
          ca_file: fmc.caFile,
          validate_certs: true,
          domain: 'Global',
        },
        { lineWidth: 0 },
      ),
  );
  files.set(
    'group_vars/all.yml',
    '# firemend lab: SSH credentials and DNS servers of the lab FTDs (the FMC does not know them)\n' +
      stringify({ ansible_user: 'admin', firemend_password_env: LAB_PASSWORD_ENV, dns_servers: [...WORKING_RESOLVERS] }, { lineWidth: 0 }),
  );
  for (const d of devices) {
    files.set(
      `host_vars/${d.name}.yml`,
      stringify({ ansible_port: d.port, sse_region: d.region, lab_faults: [...d.faults], lab_curl_flavour: d.curlFlavour }, { lineWidth: 0 }),
    );
  }
  return files;
}
