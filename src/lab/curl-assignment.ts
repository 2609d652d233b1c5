// Which curl build each lab device simulates: one flavour for the whole fleet, or `mixed`, rotated over the
// devices in the seed's order so every flavour appears and the same seed gives the same devices.
import { UsageError } from '../errors.js';
import { shuffledIndexes } from './faults.js';
import { CURL_FLAVOURS, isCurlFlavour, type CurlFlavour } from './shell/curl-flavours.js';

export { CURL_FLAVOURS };

/** The flavour of a lab started without `--curl-flavour`: the seeds' curl 7.44, so existing outcomes keep their wording. */
export const DEFAULT_CURL_FLAVOUR: CurlFlavour | 'mixed' = 'mixed';

/** Check a `--curl-flavour` value. */
export function curlFlavourOption(value: string): CurlFlavour | 'mixed' {
  if (value === 'mixed' || isCurlFlavour(value)) return value;
  throw new UsageError(`--curl-flavour must be one of ${CURL_FLAVOURS.join(', ')} or 'mixed', got '${value}'`);
}

/** The flavour of each device index. */
export function assignCurlFlavours(devices: number, choice: CurlFlavour | 'mixed', seed: string): CurlFlavour[] {
  if (choice !== 'mixed') return Array.from({ length: devices }, () => choice);
  const out: CurlFlavour[] = new Array<CurlFlavour>(devices);
  // A seed of its own, so the rotation does not follow the fault choice device for device.
  shuffledIndexes(devices, `${seed}/curl`).forEach((device, position) => {
    out[device] = CURL_FLAVOURS[position % CURL_FLAVOURS.length] as CurlFlavour;
  });
  return out;
}
