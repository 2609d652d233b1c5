// The audit files: every line lands in its device's file in order, whatever the number of open descriptors.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src/lab/audit-log.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function lines(dir: string, device: string): unknown[] {
  return readFileSync(join(dir, `${device}.jsonl`), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);
}

describe('the audit log', () => {
  it('keeps each device file in command order when more devices write than descriptors stay open', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-audit-log-'));
    dirs.push(dir);
    const log = new AuditLog(join(dir, 'audit'), 2);
    for (let n = 0; n < 4; n++) for (const device of ['ftd-1', 'ftd-2', 'ftd-3']) log.write({ device, n } as { device: string });
    // Each line is readable before close: nothing waits in a buffer.
    expect(lines(join(dir, 'audit'), 'ftd-3')).toEqual([0, 1, 2, 3].map((n) => ({ device: 'ftd-3', n })));
    log.close();
    log.write({ device: 'ftd-1', n: 4 } as { device: string });
    expect(lines(join(dir, 'audit'), 'ftd-1')).toEqual([0, 1, 2, 3, 4].map((n) => ({ device: 'ftd-1', n })));
    expect(lines(join(dir, 'audit'), 'ftd-2')).toHaveLength(4);
  });
});
