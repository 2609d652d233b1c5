// `GET …/devices/devicerecords?expanded=true` (httpapi): each managed device's `healthStatus` and `healthMessage`
// (FMCAnsible `components/device.md`; `"healthStatus":"green"` in a real 6.5 answer, FMC-API.md §1d). A record
// without a health status (asked without expanded=true) makes the fleet's health unknown, unless some device is
// already known not to be green.
import type { Facts } from './index.js';
import { fmcItems, textField } from './fmc-collection.js';

const NAME = 'fmc_device_health';

/** Parse device records into `{devices, unhealthy, unhealthy_count, unknown}`; unhealthy lines read `name (status): message`. */
export function parseFmcDeviceHealth(text: string): Facts {
  const items = fmcItems(NAME, text);
  const unhealthy: string[] = [];
  const unknown: string[] = [];
  for (const item of items) {
    const name = textField(item, 'name') ?? textField(item, 'id') ?? '(unnamed device)';
    const status = textField(item, 'healthStatus');
    if (status === null) {
      unknown.push(name);
      continue;
    }
    if (status.toLowerCase() === 'green') continue;
    const message = textField(item, 'healthMessage');
    unhealthy.push(`${name} (${status})${message === null ? '' : `: ${message}`}`);
  }
  return {
    devices: items.length,
    unhealthy,
    // Unknown when a device's health is missing and none is known to be unwell: neither healthy nor a remedy.
    unhealthy_count: unknown.length > 0 && unhealthy.length === 0 ? null : unhealthy.length,
    unknown,
  };
}
