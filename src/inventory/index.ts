// The inventory's public face: load, select hosts by pattern, redact secrets.
export { loadInventory, sortDiagnostics, type LoadOptions } from './load-inventory.js';
export { matchHosts, selectHosts, resolveLimitPattern, PatternError } from './host-patterns.js';
export { redactVars, isSecretName, REDACTED } from '../secrets.js';
export { hostListJson, ansibleListJson } from './inventory-json.js';
