// `show managers`: this lab's devices are FMC-managed and registered.
import type { DeviceState } from '../device/state.js';
import { field } from './layout.js';

/** Render `show managers`. */
export function renderShowManagers(s: DeviceState): string {
  return [
    field('Type', 'Manager'),
    field('Host', s.managerHost),
    field('Display name', s.managerHost),
    field('Version', s.version),
    field('Identifier', s.uuid),
    field('Registration', 'Completed'),
    field('Management type', 'Configuration and analytics'),
  ].join('\n') + '\n';
}
