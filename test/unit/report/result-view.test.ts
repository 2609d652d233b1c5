// The one camelCase → snake_case mapping: a step or host with every field set comes out with exactly the
// properties schemas/report.schema.json defines, in the report's order, and absent fields stay absent.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HostResult, StepResult } from '../../../src/engine/results.js';
import { defined, snakeHost, snakeStep, withoutOutputs } from '../../../src/report/result-view.js';

interface SchemaObject {
  properties: Record<string, SchemaObject>;
}
const defs = (JSON.parse(readFileSync(new URL('../../../schemas/report.schema.json', import.meta.url), 'utf8')) as { $defs: Record<string, SchemaObject> }).$defs;
const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

const full: StepResult = {
  id: 'dns[0]',
  name: 'DNS',
  status: 'pending',
  reason: 'no server',
  afterFixOf: 'mgr',
  item: { server: '8.8.8.8' },
  check: { command: 'show dns', passed: false, output: 'none', exitStatus: 1, fingerprint: 'ab', durationMs: 12.6 },
  fix: { commands: ['configure dns', 'reboot'], sent: false, reboot: true, rebootTimeoutS: 600 },
  verify: { passed: false, output: 'still none' },
  remedy: 'call someone',
  error: { code: 'E_CHECK_FAILED', message: 'boom' },
  ignored: true,
  durationMs: -3,
};

describe('result-view', () => {
  it('maps every field of a step to the report schema, and only those', () => {
    const v = snakeStep(full);
    expect(sorted(Object.keys(v))).toEqual(sorted(Object.keys(defs['step']?.properties ?? {})));
    for (const nested of ['check', 'fix', 'verify'] as const) {
      expect(sorted(Object.keys(v[nested] ?? {}))).toEqual(sorted(Object.keys(defs['step']?.properties[nested]?.properties ?? {})));
    }
    expect(v.duration_ms).toBe(0);
    expect(v.check?.duration_ms).toBe(13);
    expect(v.fix?.reboot_timeout_s).toBe(600);
    expect(v.after_fix_of).toBe('mgr');
  });

  it('keeps the report order and leaves absent fields out', () => {
    const v = snakeStep({ durationMs: 5, status: 'failed', name: 'n', id: 'i', ignored: false, afterFixOf: 'x', error: { message: 'm', code: 'E_CHECK_FAILED' } });
    expect(JSON.stringify(v)).toBe('{"id":"i","name":"n","status":"failed","duration_ms":5,"error":{"code":"E_CHECK_FAILED","message":"m"}}');
  });

  it('maps every field of a host to the report schema', () => {
    const h: HostResult = { name: 'fw1', address: '10.0.0.1', status: 'failed', durationMs: 7, error: { code: 'E_CHECK_FAILED', message: 'm' }, reason: 'r', steps: [full] };
    const v = snakeHost(h);
    expect(sorted(Object.keys(v))).toEqual(sorted(Object.keys(defs['host']?.properties ?? {})));
    expect(Object.keys(v)).toEqual(['name', 'address', 'status', 'duration_ms', 'steps', 'error', 'reason']);
  });

  it('drops the device outputs for the repeated results of --output json', () => {
    const s = withoutOutputs(full);
    expect(s.check?.output).toBe('');
    expect(s.verify).toEqual({ passed: false });
    expect(full.check?.output).toBe('none');
  });

  it('defined() keeps order and drops only undefined', () => {
    expect(JSON.stringify(defined({ a: 1, b: undefined, c: 0, d: false, e: '' }))).toBe('{"a":1,"c":0,"d":false,"e":""}');
  });
});
