// The JSON objects the lab FMC serves, built from its model. Field names follow the FMC models in FMCAnsible's
// docs (device, ftdha_device_container, cloud_events, cloud_region, smart licence metadata) and the real 6.5
// devicerecords response (FMC-API.md §1d); a collection item without `expanded=true` is only id, type, name and
// links, as in the sandbox recordings.
import { GLOBAL_DOMAIN_UUID, type DeviceHealth, type DeviceRecord, type FmcModel, type PairRecord } from './model.js';

const DOMAIN = { name: 'Global', id: GLOBAL_DOMAIN_UUID, type: 'Domain' };
/** The lab FTDs all simulate FTDv 7.4.1 (src/lab/render/show-version.ts). */
const FTD_MODEL = { model: 'Cisco Firepower Threat Defense for VMware', modelId: 'A', modelNumber: '75', modelType: 'Sensor', sw_version: '7.4.1' };

/** `https://host:port` of the server, for `links`. */
export type Origin = string;

const configUrl = (origin: Origin, path: string): string => `${origin}/api/fmc_config/v1/domain/${GLOBAL_DOMAIN_UUID}/${path}`;

function summary(origin: Origin, path: string, id: string, type: string, name: string): Record<string, unknown> {
  return { id, type, name, links: { self: configUrl(origin, `${path}/${id}`) } };
}

/** One device record; `expanded` adds every field. */
export function deviceRecord(origin: Origin, record: DeviceRecord, expanded: boolean): Record<string, unknown> {
  const base = summary(origin, 'devices/devicerecords', record.id, 'Device', record.device.name);
  if (!expanded) return base;
  const health: DeviceHealth = record.device.health();
  return {
    ...base,
    description: '',
    hostName: record.device.hostName,
    ...FTD_MODEL,
    healthStatus: health.status,
    ...(health.message !== '' ? { healthMessage: health.message } : {}),
    healthPolicy: { id: '8f3fb7ec-2f3a-11e8-a5a3-c5b8ef1a5f23', type: 'HealthPolicy', name: 'Initial_Health_Policy 2024-06-03 10:00:00' },
    isConnected: health.status !== 'red',
    ftdMode: 'ROUTED',
    deploymentStatus: 'DEPLOYED',
    metadata: { readOnly: { state: false }, domain: DOMAIN },
  };
}

/** The worse of two health colours. */
function worse(a: DeviceHealth['status'], b: DeviceHealth['status']): DeviceHealth['status'] {
  const rank = { green: 0, yellow: 1, red: 2 } as const;
  return rank[a] >= rank[b] ? a : b;
}

/** One FTD HA pair object (`FTDHADeviceContainer`). */
export function pairRecord(origin: Origin, pair: PairRecord, expanded: boolean): Record<string, unknown> {
  const base = summary(origin, 'devicehapairs/ftddevicehapairs', pair.id, 'DeviceHAPair', pair.name);
  if (!expanded) return base;
  const unit = (r: DeviceRecord): Record<string, unknown> => ({ id: r.id, type: 'Device', name: r.device.name });
  return {
    ...base,
    primary: unit(pair.primary),
    secondary: unit(pair.secondary),
    healthStatus: worse(pair.primary.device.health().status, pair.secondary.device.health().status),
    metadata: { domain: DOMAIN },
  };
}

/** The Cisco Cloud Event Configuration singleton (the model's flags; `links.self` names its id); without `expanded` only id, type and links. */
export function cloudEventsRecord(origin: Origin, model: FmcModel, expanded: boolean): Record<string, unknown> {
  const base = { id: model.cloudEventsId, type: 'CloudEventsConfig', links: { self: configUrl(origin, `integration/cloudeventsconfigs/${model.cloudEventsId}`) } };
  return expanded ? { ...base, ...model.cloudEvents } : base;
}

/** The cloud regions; `current: true` marks the selected one (given with `expanded`, as any field beyond the summary). */
export function cloudRegionRecords(origin: Origin, model: FmcModel, expanded: boolean): Record<string, unknown>[] {
  return model.regions.map((r) => {
    const base = summary(origin, 'integration/cloudregions', r.id, 'CloudRegion', r.name);
    return expanded ? { ...base, current: r.current } : base;
  });
}

/** The Smart Licensing status (a collection of one). */
export function smartLicenceRecord(model: FmcModel): Record<string, unknown> {
  return { type: 'SmartLicense', ...model.licence, exportControl: false };
}

/** The server version (a collection of one, as go-fmc's client tests expect: items[0].serverVersion). */
export function serverVersionRecord(model: FmcModel): Record<string, unknown> {
  return { type: 'ServerVersion', serverVersion: model.version };
}
