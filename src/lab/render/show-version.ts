// `show version` at `> `: the header block only.
import type { DeviceState } from '../device/state.js';
import { RULE52, field, header52 } from './layout.js';

/** Render `show version`. */
export function renderShowVersion(s: DeviceState): string {
  return [
    header52(s.hostname, '-'),
    field('Model', `${s.model} (${s.modelCode}) Version ${s.version} (Build ${s.build})`),
    field('UUID', s.uuid),
    field('LSP version', s.lsp),
    field('VDB version', s.vdb),
    RULE52,
  ].join('\n') + '\n';
}
