// The plan key: from the environment (FIREMEND_PLAN_KEY) or a file (--plan-key-file), never from the command
// line itself. A key file wins over the environment; one trailing newline of the file is not part of the key.
import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { MIN_PLAN_KEY_BYTES } from '../plan/sign.js';

/** The environment variable holding the plan key. */
export const PLAN_KEY_ENV = 'FIREMEND_PLAN_KEY';

/** The key to sign or verify plans with, or undefined when none is set. */
export function readPlanKey(keyFile: string | undefined, env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  let key: Buffer;
  let source: string;
  if (keyFile !== undefined) {
    source = `--plan-key-file ${keyFile}`;
    try {
      key = readFileSync(keyFile);
    } catch (err) {
      throw new UsageError(`cannot read ${source} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const end = key.length > 0 && key[key.length - 1] === 0x0a ? (key.length > 1 && key[key.length - 2] === 0x0d ? 2 : 1) : 0;
    key = key.subarray(0, key.length - end);
  } else {
    const v = env[PLAN_KEY_ENV];
    if (v === undefined || v === '') return undefined;
    source = PLAN_KEY_ENV;
    key = Buffer.from(v, 'utf8');
  }
  // The message never quotes the key, not even its length beyond the minimum.
  if (key.length < MIN_PLAN_KEY_BYTES) throw new UsageError(`the plan key from ${source} is shorter than ${MIN_PLAN_KEY_BYTES} bytes: use a random key (for example: openssl rand -hex 32 > plan.key)`);
  return key;
}
