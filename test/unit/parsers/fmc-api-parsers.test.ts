// The parsers of FMC REST answers (api checks): device health from device records, the current cloud region.
// Oracles: the real 6.5 devicerecords answer and the recorded empty collection (test/fixtures/real/fmc, SOURCES.md);
// no real cloudregions answer exists, so that parser is tested on the documented model (FMC-API.md §1b).
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/errors.js';
import { parseFmcCloudRegion } from '../../../src/parsers/fmc-cloud-region.js';
import { parseFmcDeviceHealth } from '../../../src/parsers/fmc-device-health.js';
import { fixtureText, recorded } from '../../helpers/fmc-fixtures.js';

const realDevices = fixtureText('devicerecords-6.5-expanded-limit2.json');
const realEmpty = recorded('postman-devicerecords-empty-200.json').body;

describe('fmc_device_health parser', () => {
  it('reads a real 6.5 answer whose two devices are green as healthy', () => {
    expect(parseFmcDeviceHealth(realDevices)).toEqual({ devices: 2, unhealthy: [], unhealthy_count: 0, unknown: [] });
  });

  it('reads the recorded empty collection (no items key) as no devices, not as unknown', () => {
    expect(parseFmcDeviceHealth(realEmpty)).toEqual({ devices: 0, unhealthy: [], unhealthy_count: 0, unknown: [] });
  });

  it('lists every device that is not green with its status and message', () => {
    const body = JSON.parse(realDevices) as { items: Record<string, unknown>[] };
    (body.items[0] as Record<string, unknown>)['healthStatus'] = 'red';
    (body.items[0] as Record<string, unknown>)['healthMessage'] = 'Appliance Heartbeat: not sending heartbeats';
    (body.items[1] as Record<string, unknown>)['healthStatus'] = 'yellow';
    expect(parseFmcDeviceHealth(JSON.stringify(body))).toMatchObject({ unhealthy: ['Cat (red): Appliance Heartbeat: not sending heartbeats', 'Poop (yellow)'], unhealthy_count: 2 });
  });

  it('makes the count unknown when a record has no health status and no other device is known unwell', () => {
    const body = JSON.parse(realDevices) as { items: Record<string, unknown>[] };
    delete (body.items[1] as Record<string, unknown>)['healthStatus'];
    expect(parseFmcDeviceHealth(JSON.stringify(body))).toMatchObject({ unhealthy_count: null, unknown: ['Poop'] });
    (body.items[0] as Record<string, unknown>)['healthStatus'] = 'red';
    expect(parseFmcDeviceHealth(JSON.stringify(body))).toMatchObject({ unhealthy_count: 1, unknown: ['Poop'] });
  });

  it('refuses an FMC error body and text that is not JSON', () => {
    expect(() => parseFmcDeviceHealth(recorded('postman-refreshtoken-400-missing.json').body)).toThrow(ParseError);
    expect(() => parseFmcDeviceHealth('Syntax error: Illegal parameter')).toThrow(/^fmc_device_health: /);
    expect(() => parseFmcDeviceHealth('{"items": 3}')).toThrow(/not a list/);
  });
});

describe('fmc_cloud_region parser', () => {
  // The CloudRegion model (FMCAnsible components/cloud_region.md): id, type, name, current …; names are ours.
  const regions = (current: string[]): string =>
    JSON.stringify({
      links: {},
      items: ['Region A', 'Region B'].map((name, i) => ({ id: `id-${i}`, type: 'CloudRegion', name, current: current.includes(name) })),
      paging: { offset: 0, limit: 2, count: 2, pages: 1 },
    });

  it('names the current region, and leaves its SSE region unknown because no FMC region name is verified', () => {
    expect(parseFmcCloudRegion(regions(['Region B']))).toEqual({ regions: ['Region A', 'Region B'], current_name: 'Region B', current_id: 'id-1', current_region: null });
  });

  it('leaves the current region unknown when none or several are current', () => {
    expect(parseFmcCloudRegion(regions([]))).toMatchObject({ current_name: null, current_id: null });
    expect(parseFmcCloudRegion(regions(['Region A', 'Region B']))).toMatchObject({ current_name: null });
    expect(parseFmcCloudRegion(realEmpty)).toMatchObject({ regions: [], current_name: null });
  });
});
