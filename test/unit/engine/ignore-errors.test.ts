// ignore_errors on a step, as in Ansible: the step stays failed and is marked ignored, the host goes on with
// the next steps, and the ignored failure makes neither the host nor the exit code fail.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { StepResult } from '../../../src/engine/results.js';
import { buildReport } from '../../../src/report/report-json.js';
import { FakeTransport } from '../../helpers/fake-transport.js';
import { DNS_VARS, dnsDevice, dnsStep, host, play, playbook, run, step } from './build.js';

describe('ignore_errors', () => {
  it('keeps the failed step, marks it ignored, runs the next steps and leaves the host ok', async () => {
    const tr = new FakeTransport({ a: dnsDevice(['8.8.8.8']) });
    const bad = { ...step('bad', { check: { command: 'show nonsense' } }), ignoreErrors: true };
    const pb = playbook(play([bad, dnsStep()], { vars: DNS_VARS }));
    const { result, exitCode } = await run(pb, [host('a')], tr);
    const [b, dns] = result.hosts[0]!.steps;
    expect(b).toMatchObject({ status: 'failed', ignored: true });
    expect(dns!.status).toBe('ok');
    expect(result.hosts[0]!.status).toBe('ok');
    expect(exitCode).toBe(0);
    // The report carries it, and stays valid against its schema.
    const report = buildReport(result, { exitCode, toolVersion: '0.1.0' });
    expect(report.hosts[0]!.steps[0]).toMatchObject({ status: 'failed', ignored: true });
    const ajv = new Ajv2020.default({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../../schemas/report.schema.json', import.meta.url), 'utf8')) as object);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it('marks the failure ignored already in its step_finished event, which every live output is built from', async () => {
    const tr = new FakeTransport({ a: dnsDevice(['8.8.8.8']) });
    const bad = { ...step('bad', { check: { command: 'show nonsense' } }), ignoreErrors: true };
    // A copy as the event is emitted (as the reporter mux's redaction makes it), not the result as it ends up.
    const finished: StepResult[] = [];
    await run(playbook(play([bad, dnsStep()], { vars: DNS_VARS })), [host('a')], tr, { emit: (e) => e.type === 'step_finished' && finished.push(structuredClone(e.result)) });
    expect(finished.map((r) => [r.id, r.status, r.ignored])).toEqual([['bad', 'failed', true], ['dns-configured', 'ok', undefined]]);
  });

  it('without ignore_errors the same failure stops the host and fails it', async () => {
    const tr = new FakeTransport({ a: dnsDevice(['8.8.8.8']) });
    const pb = playbook(play([step('bad', { check: { command: 'show nonsense' } }), dnsStep()], { vars: DNS_VARS }));
    const { result, exitCode } = await run(pb, [host('a')], tr);
    expect(result.hosts[0]!.steps[0]!.ignored).toBeUndefined();
    expect(result.hosts[0]!.status).toBe('failed');
    expect(exitCode).toBe(2);
  });
});
