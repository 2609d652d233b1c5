// `GET …/integration/cloudregions` (httpapi): the FMC's SSE cloud region is the item with `current: true`
// (FMCAnsible `components/cloud_region.md`; FMC-API.md §1b). No real answer was found, so the `name` values are
// unverified: `current_region` (our us/eu/apj) is set only for a name in VERIFIED_NAMES, which is empty until a
// capture shows one; a playbook maps the names its operator verified (fmc_region_names) and otherwise reads
// `current_region`, which is null, so the step fails with E_FACT_UNKNOWN instead of guessing.
import type { Facts } from './index.js';
import { fmcItems, textField } from './fmc-collection.js';

const NAME = 'fmc_cloud_region';

/** FMC region names whose meaning a real capture shows, by name. None yet (FMC-API.md §1b). */
const VERIFIED_NAMES: Readonly<Record<string, 'us' | 'eu' | 'apj'>> = {};

/** Parse the cloud regions into `{regions, current_name, current_id, current_region}`; null when not exactly one is current. */
export function parseFmcCloudRegion(text: string): Facts {
  const items = fmcItems(NAME, text);
  const current = items.filter((r) => r['current'] === true);
  const one = current.length === 1 ? (current[0] as Record<string, unknown>) : undefined;
  const name = one === undefined ? null : textField(one, 'name');
  return {
    regions: items.map((r) => textField(r, 'name')).filter((n): n is string => n !== null),
    current_name: name,
    current_id: one === undefined ? null : textField(one, 'id'),
    current_region: name !== null && Object.hasOwn(VERIFIED_NAMES, name) ? (VERIFIED_NAMES[name] ?? null) : null,
  };
}
