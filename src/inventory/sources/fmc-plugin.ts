// Whether an inventory file is the `plugin: fmc` source (sources/fmc.ts, loaded only for such a file: it brings
// the FMC's HTTPS client).

/** Whether a `plugin:` value names the FMC source. */
export function isFmcPlugin(plugin: unknown): boolean {
  return plugin === 'fmc' || plugin === 'firemend.fmc';
}
