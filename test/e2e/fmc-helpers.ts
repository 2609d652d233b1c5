// A lab with its FMC for the end-to-end tests: started in this process, its inventory (with the FMC host), known_hosts,
// the FMC's CA and the `plugin: fmc` inventory written to a temp dir; the FMC's audit read from its file.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FmcAuditEntry, LabFmc } from '../../src/lab/index.js';
import { startTestLab, type TestLab } from './helpers.js';
import type { LabOptions } from '../../src/lab/index.js';

export const FMC_PLAYBOOK = 'playbooks/fmc-cloud-config.yml';

export interface FmcTestLab extends TestLab {
  fmc: LabFmc;
  caFile: string;
  /** The `plugin: fmc` inventory file (group_vars/ and host_vars/ beside it). */
  pluginInventory: string;
  /** The FMC's audit file (`fmc.jsonl`), every request so far. */
  fmcAudit(): FmcAuditEntry[];
}

/** Start a lab with its FMC (fast defaults as startTestLab) and write every file a run needs. */
export async function startFmcTestLab(options: Partial<LabOptions> & { devices: number }): Promise<FmcTestLab> {
  const t = await startTestLab({ fmc: true, ...options });
  const fmc = t.lab.fmc;
  if (fmc === undefined) throw new Error('the lab has no FMC');
  const caFile = join(t.dir, 'fmc-ca.pem');
  writeFileSync(caFile, fmc.caPem);
  writeFileSync(t.inventory, t.lab.inventoryYaml(caFile));
  const pluginInventory = join(t.dir, 'fmc-inventory', 'fmc.yml');
  for (const [rel, text] of t.lab.fmcInventoryFiles('fmc.yml', caFile)) {
    const path = join(dirname(pluginInventory), rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  const auditFile = join(t.auditDir, 'fmc.jsonl');
  return {
    ...t,
    fmc,
    caFile,
    pluginInventory,
    fmcAudit: () =>
      existsSync(auditFile)
        ? readFileSync(auditFile, 'utf8')
            .split('\n')
            .filter((l) => l !== '')
            .map((l) => JSON.parse(l) as FmcAuditEntry)
        : [],
  };
}

/** The audited requests that are neither a GET nor a login/refresh: what a --check must never send. */
export function fmcWrites(entries: readonly FmcAuditEntry[]): FmcAuditEntry[] {
  return entries.filter((e) => e.method !== 'GET' && !e.path.startsWith('/api/fmc_platform/v1/auth/'));
}
