import { beforeAll, describe, expect, it } from 'vitest';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadInventory } from '../../../src/inventory/load-inventory.js';
import { matchHosts, PatternError, resolveLimitPattern, selectHosts } from '../../../src/inventory/host-patterns.js';
import type { Inventory } from '../../../src/inventory/model.js';

let inv: Inventory;
beforeAll(async () => {
  inv = await loadInventory('test/fixtures/valid/inventory.yml');
});
const names = (p: string) => selectHosts(inv, p).map((h) => h.name);

describe('selectHosts', () => {
  it('selects a group, its child groups included, in inventory order', () => {
    expect(names('ftd')).toEqual(['ftd-us-01', 'ftd-us-02', 'ftd-eu-01', 'ftd-eu-02']);
  });
  it('selects all hosts with all and *', () => {
    expect(names('all')).toHaveLength(5);
    expect(names('*')).toHaveLength(5);
  });
  it('takes unions with : and , in the order of the terms, as ansible --list-hosts does', () => {
    expect(names('ftd_eu:jump-01')).toEqual(['ftd-eu-01', 'ftd-eu-02', 'jump-01']);
    expect(names('ftd-us-02,ftd-us-01')).toEqual(['ftd-us-02', 'ftd-us-01']);
    expect(names('ftd::jump-01')).toEqual(['ftd-us-01', 'ftd-us-02', 'ftd-eu-01', 'ftd-eu-02', 'jump-01']);
  });
  it('intersects with :&', () => {
    expect(names('ftd:&ftd_eu')).toEqual(['ftd-eu-01', 'ftd-eu-02']);
  });
  it('excludes with :! whatever the order of terms', () => {
    expect(names('!ftd_eu:ftd')).toEqual(['ftd-us-01', 'ftd-us-02']);
    expect(names('ftd:!ftd-eu-02')).toEqual(['ftd-us-01', 'ftd-us-02', 'ftd-eu-01']);
  });
  it('starts from all when a pattern only excludes', () => {
    expect(names('!ftd')).toEqual(['jump-01']);
  });
  it('matches globs on host and group names', () => {
    expect(names('ftd-eu-*')).toEqual(['ftd-eu-01', 'ftd-eu-02']);
    expect(names('ftd_*')).toEqual(['ftd-us-01', 'ftd-us-02', 'ftd-eu-01', 'ftd-eu-02']);
    expect(names('ftd-us-0?')).toEqual(['ftd-us-01', 'ftd-us-02']);
  });
  it('matches ~regex anchored at the start', () => {
    expect(names('~ftd-(us|eu)-01')).toEqual(['ftd-us-01', 'ftd-eu-01']);
    expect(() => names('~us-01')).toThrow(PatternError);
  });
  it('picks hosts of a group by subscript, ranges including their end', () => {
    expect(names('ftd[0]')).toEqual(['ftd-us-01']);
    expect(names('ftd[-1]')).toEqual(['ftd-eu-02']);
    expect(names('ftd[1:2]')).toEqual(['ftd-us-02', 'ftd-eu-01']);
  });
  it('rejects a term that matches nothing, naming it', () => {
    expect(() => names('ftd,fdt')).toThrow("host pattern term 'fdt' matches no host or group");
  });
  it('rejects a valid pattern whose result is empty, where matchHosts returns []', () => {
    expect(() => names('ftd_us:&ftd_eu')).toThrow("host pattern 'ftd_us:&ftd_eu' selects no hosts");
    expect(matchHosts(inv, 'ftd_us:&ftd_eu')).toEqual([]);
  });
  it('rejects a malformed regex and empty terms', () => {
    expect(() => names('~ftd(')).toThrow(/not a valid regular expression/);
    expect(() => names('ftd:!')).toThrow(/nothing after it/);
  });
});

describe('resolveLimitPattern', () => {
  it('reads @file as one pattern per line, skipping blanks and comments', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'firemend-limit-'));
    const file = join(dir, 'retry');
    await writeFile(file, '# failed last time\nftd-us-02\n\nftd-eu-01\n');
    const p = await resolveLimitPattern('@' + file);
    expect(p).toBe('ftd-us-02,ftd-eu-01');
    expect(names(p)).toEqual(['ftd-us-02', 'ftd-eu-01']);
  });
  it('reports a missing @file', async () => {
    await expect(resolveLimitPattern('@/nonexistent/limit')).rejects.toThrow(/cannot read limit file/);
  });
});
