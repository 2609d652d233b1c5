// The simulated internet a device sees: cloud host names, their addresses, and the lab's DNS resolvers.
// Every address here is only a string in device output; nothing is ever contacted.

export type Region = 'us' | 'eu' | 'apj';

export const REGIONS: readonly Region[] = ['us', 'eu', 'apj'];

/** The connector's API host per region (connector_fqdn). */
export const API_FQDN: Record<Region, string> = {
  us: 'api-sse.cisco.com',
  eu: 'api.eu.sse.itd.cisco.com',
  apj: 'api.apj.sse.itd.cisco.com',
};

/** Hosts each region must reach on 443 (DOMAIN.md step 4). */
export const REGION_HOSTS: Record<Region, string[]> = {
  us: ['api-sse.cisco.com', 'est.sco.cisco.com', 'mx01.sse.itd.cisco.com', 'dex.sse.itd.cisco.com', 'eventing-ingest.sse.itd.cisco.com'],
  eu: ['api.eu.sse.itd.cisco.com', 'est.sco.cisco.com', 'mx01.eu.sse.itd.cisco.com', 'dex.eu.sse.itd.cisco.com', 'eventing-ingest.eu.sse.itd.cisco.com'],
  apj: ['api.apj.sse.itd.cisco.com', 'est.sco.cisco.com', 'mx01.apj.sse.itd.cisco.com', 'dex.apj.sse.itd.cisco.com', 'eventing-ingest.apj.sse.itd.cisco.com'],
};

/** The events host per region (where the connector's websocket goes). */
export const EVENTS_HOST: Record<Region, string> = {
  us: 'eventing-ingest.sse.itd.cisco.com',
  eu: 'eventing-ingest.eu.sse.itd.cisco.com',
  apj: 'eventing-ingest.apj.sse.itd.cisco.com',
};

export interface CloudHost {
  /** CNAME target, when the name is an alias (nslookup prints it). */
  cname?: string;
  addresses: string[];
}


// Addresses in the style of the seeds (AWS ranges); api-sse and eventing-ingest use the seeds' own.
const HOSTS: Record<string, CloudHost> = {
  'api-sse.cisco.com': { cname: 'api-sse.cisco.com.akadns.net', addresses: ['52.4.85.66', '34.194.145.22'] },
  'est.sco.cisco.com': { addresses: ['146.112.59.25'] },
  'mx01.sse.itd.cisco.com': { addresses: ['3.217.240.201'] },
  'dex.sse.itd.cisco.com': { addresses: ['54.164.132.12'] },
  'eventing-ingest.sse.itd.cisco.com': { addresses: ['18.205.49.246', '100.25.93.234'] },
  'api.eu.sse.itd.cisco.com': { addresses: ['52.28.161.49', '18.157.4.208'] },
  'mx01.eu.sse.itd.cisco.com': { addresses: ['3.120.91.99'] },
  'dex.eu.sse.itd.cisco.com': { addresses: ['35.157.29.201'] },
  'eventing-ingest.eu.sse.itd.cisco.com': { addresses: ['18.195.106.22', '3.64.163.208'] },
  'api.apj.sse.itd.cisco.com': { addresses: ['13.236.91.63', '54.252.70.10'] },
  'mx01.apj.sse.itd.cisco.com': { addresses: ['13.210.32.91'] },
  'dex.apj.sse.itd.cisco.com': { addresses: ['3.105.42.116'] },
  'eventing-ingest.apj.sse.itd.cisco.com': { addresses: ['52.64.208.77', '13.54.190.8'] },
  'cloud-sa.amp.cisco.com': { addresses: ['52.21.117.50'] },
  'cloud-sa.amp.sourcefire.com': { addresses: ['52.21.117.51'] },
  'api.amp.sourcefire.com': { cname: 'api.amp.cisco.com', addresses: ['52.0.7.113'] },
  'panacea.threatgrid.com': { addresses: ['162.248.86.10'] },
  'tools.cisco.com': { addresses: ['72.163.4.38'] },
};

/** A name the simulated DNS knows, or undefined (NXDOMAIN from a working resolver). */
export function cloudHost(name: string): CloudHost | undefined {
  return HOSTS[name.toLowerCase().replace(/\.$/, '')];
}

/** The reverse name of a cloud address, in the AWS style lsof prints (`ec2-100-25-93-234.compute-1.amazonaws.com`). */
export function reverseName(address: string): string {
  const dashed = address.replace(/\./g, '-');
  if (address.startsWith('146.112.') || address.startsWith('72.163.') || address.startsWith('162.248.')) return address;
  return `ec2-${dashed}.compute-1.amazonaws.com`;
}

/** What a resolver in the lab does when asked for a cloud name. */
export type ResolverBehaviour = 'answers' | 'nxdomain';

/** The lab's simulated resolvers. Any other address never answers (it times out). */
export const LAB_RESOLVERS: Record<string, ResolverBehaviour> = {
  '192.0.2.53': 'answers',
  '192.0.2.54': 'answers',
  '198.51.100.53': 'nxdomain',
};

/** The two working resolvers the lab inventory hands out as `dns_servers`. */
export const WORKING_RESOLVERS: readonly string[] = ['192.0.2.53', '192.0.2.54'];

/** The resolver a `bad-dns` device starts with: it answers, but not for the cloud names. */
export const BAD_RESOLVER = '198.51.100.53';
