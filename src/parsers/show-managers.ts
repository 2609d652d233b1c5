// `show managers` (FTD CLISH): who manages the device: `Managed locally.` (FDM), no manager yet, or one
// block of `Label : value` fields per FMC (`Type : Manager`, `Host : <ip>`, `Registration : Completed`).
import type { Facts } from './index.js';
import { snakeKey, toLines, unrecognised } from './text.js';

const NAME = 'show_managers';
const FIELD = /^([A-Za-z][A-Za-z /-]*?)\s*: ?(.*)$/;

/** Parse `show managers` into `{managed_by: 'local'|'fmc'|'none', managers: [{type, host, registration, …}], registered}`. */
export function parseShowManagers(text: string): Facts {
  const lines = toLines(text);
  if (lines.length === 1 && /^Managed locally\.?$/i.test(lines[0] ?? '')) {
    return { managed_by: 'local', managers: [], registered: false };
  }
  if (lines.length === 1 && /^No managers? (configured|found)\.?$/i.test(lines[0] ?? '')) {
    return { managed_by: 'none', managers: [], registered: false };
  }
  const managers: Record<string, string>[] = [];
  let current: Record<string, string> | undefined;
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      current = undefined;
      return;
    }
    const f = FIELD.exec(line.trim());
    if (f === null) unrecognised(NAME, 'unrecognised line', line, i + 1);
    const key = snakeKey(f[1] ?? '');
    // A new `Type` line starts the next manager even without a blank line between blocks.
    if (current === undefined || (key === 'type' && 'type' in current)) {
      current = {};
      managers.push(current);
    }
    current[key] = (f[2] ?? '').trim();
  });
  if (managers.length === 0 || !managers.every((m) => 'host' in m || 'type' in m)) {
    unrecognised(NAME, 'no manager block with "Type" or "Host"; is this `show managers` output?', lines[0], 1);
  }
  return {
    managed_by: 'fmc',
    managers,
    registered: managers.some((m) => /^completed$/i.test(m['registration'] ?? '')),
  };
}
