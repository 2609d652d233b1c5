// Placeholder action for a command whose issue is still open: says so and exits 1, never pretends to work.
import { UsageError } from '../errors.js';

export function notBuilt(command: string): never {
  throw new UsageError(`'firemend ${command}' is not built yet in this version.`);
}
