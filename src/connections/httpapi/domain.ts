// Which FMC domain the config paths use: `fmc_domain` by name or UUID, chosen from the DOMAINS header of the
// login answer (`[{"name":"Global","uuid":"e276abec-…"}]`); Global when unset. Subdomain names are paths
// (`Global/Branch`); the last part alone is accepted when only one domain has it.
import { FiremendError } from '../../errors.js';

/** One domain the logged-in user may use. */
export interface FmcDomain {
  name: string;
  uuid: string;
}

/** The name of the domain used when `fmc_domain` is not set. */
const DEFAULT_DOMAIN = 'Global';

/** The domains of a DOMAINS header value; [] when it is absent or not the expected JSON. */
export function parseDomainsHeader(value: string | undefined): FmcDomain[] {
  if (value === undefined || value.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((d: unknown) => {
    if (typeof d !== 'object' || d === null) return [];
    const { name, uuid } = d as { name?: unknown; uuid?: unknown };
    return typeof name === 'string' && typeof uuid === 'string' ? [{ name, uuid }] : [];
  });
}

/**
 * The domain to use. `wanted` undefined means Global (or, when the FMC lists no domains, the DOMAIN_UUID it
 * answered with). An unknown name is an error listing the names the user may choose.
 */
export function selectDomain(domains: readonly FmcDomain[], wanted: string | undefined, loginDomainUuid: string | undefined, where: string): FmcDomain {
  const want = wanted ?? DEFAULT_DOMAIN;
  const lower = want.toLowerCase();
  const byUuid = domains.find((d) => d.uuid.toLowerCase() === lower);
  if (byUuid) return byUuid;
  const byName = domains.find((d) => d.name === want) ?? domains.find((d) => d.name.toLowerCase() === lower);
  if (byName) return byName;
  const byLeaf = domains.filter((d) => (d.name.split('/').pop() ?? '').toLowerCase() === lower);
  if (byLeaf.length === 1) return byLeaf[0] as FmcDomain;
  if (domains.length === 0 && wanted === undefined && loginDomainUuid !== undefined) return { name: DEFAULT_DOMAIN, uuid: loginDomainUuid };
  const known = domains.map((d) => d.name).join(', ') || 'none';
  const why = byLeaf.length > 1 ? `'${want}' names ${byLeaf.length} domains (${byLeaf.map((d) => d.name).join(', ')}); give the full name or the UUID` : `no domain '${want}' for this user (domains: ${known})`;
  throw new FiremendError('E_USAGE', `${where}: fmc_domain: ${why}`);
}
