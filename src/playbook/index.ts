// The playbook's public face: load (validated, normalized) and per-host variables.
export { loadPlaybook, parsePlaybook } from './load-playbook.js';
export type { LoadPlaybookOptions } from './load-playbook.js';
export { resolveHostVars } from './host-vars.js';
export { DEFAULT_REBOOT_TIMEOUT_S } from './normalize.js';
