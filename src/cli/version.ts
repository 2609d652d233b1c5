// firemend's version, read once from its package.json, so `--version`, reports and plans cannot disagree
// with the package that is installed.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The nearest package.json above this file that is firemend's: src/cli/ in a checkout, dist/src/cli/ when built
// or installed (npm always ships package.json at the package root).
function readVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'firemend' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // no package.json here (or not JSON): keep walking up
    }
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}

/** The version of this firemend, as its package.json states it. */
export const VERSION: string = readVersion();
