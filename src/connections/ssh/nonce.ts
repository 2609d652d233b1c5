// Unpredictable markers for the exit-status echo, drawn from a pool of random bytes refilled in blocks:
// one randomBytes() call per command cost 0.2 s of CPU in a 1,000-device --check run (a call into
// OpenSSL each time), while the marker only needs to be unguessable by what a device prints.
import { randomFillSync } from 'node:crypto';

const POOL_SIZE = 4096;
const pool = Buffer.alloc(POOL_SIZE);
let used = POOL_SIZE;

/** `bytes` fresh random bytes as lower-case hex (each byte of the pool is handed out once). */
export function randomHex(bytes: number): string {
  if (bytes > POOL_SIZE) throw new RangeError(`randomHex: at most ${POOL_SIZE} bytes at a time`);
  if (used + bytes > POOL_SIZE) {
    randomFillSync(pool);
    used = 0;
  }
  const hex = pool.toString('hex', used, used + bytes);
  used += bytes;
  return hex;
}
