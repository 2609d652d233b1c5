import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderJunit, writeJunit, xmlEscape } from '../../../src/report/junit.js';
import { createRedactor } from '../../../src/report/redact.js';
import { PASSWORD, sampleRun } from './sample-run.js';

// A small well-formedness check: every tag closes in order, no raw '<' or '&' outside markup.
function assertWellFormed(xml: string): void {
  const body = xml.replace(/^<\?xml[^>]*\?>\n/, '');
  const stack: string[] = [];
  const tagRe = /<(\/?)([A-Za-z-]+)((?:\s+[a-z-]+="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)>/g;
  let last = 0;
  for (const m of body.matchAll(tagRe)) {
    const text = body.slice(last, m.index);
    expect(text, `text before ${m[0]}`).not.toMatch(/<|&(?!(amp|lt|gt|quot|apos);)/);
    last = m.index + m[0].length;
    if (m[1] === '/') expect(stack.pop()).toBe(m[2]);
    else if (m[4] !== '/') stack.push(m[2] as string);
  }
  expect(body.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
}

function suite(xml: string, host: string): string {
  const m = new RegExp(`<testsuite name="${host}"[\\s\\S]*?</testsuite>`).exec(xml);
  expect(m, host).not.toBeNull();
  return (m as RegExpExecArray)[0];
}

describe('renderJunit', () => {
  it('makes one well-formed testsuite per host and one testcase per step', () => {
    const xml = renderJunit(sampleRun());
    assertWellFormed(xml);
    expect(xml.match(/<testsuite /g)).toHaveLength(7);
    expect(suite(xml, 'fw-changed').match(/<testcase /g)).toHaveLength(2);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="firemend apply playbooks\/cloud-config-failure.yml" tests="10" failures="2" errors="1" skipped="4" time="60.000">/);
  });

  it('passes ok and changed steps, listing the commands sent for a change', () => {
    const xml = renderJunit(sampleRun());
    expect(suite(xml, 'fw-ok')).toContain('<testcase classname="fw-ok" name="dns-configured: DNS servers are configured" time="0.060"/>');
    const changed = suite(xml, 'fw-changed');
    expect(changed).not.toMatch(/<failure|<error|<skipped/);
    expect(changed).toContain('<system-out>sent:\npmtool disablebyid EventHandler\npmtool enablebyid EventHandler\n(reboot)</system-out>');
  });

  it('reports a failed step as a failure typed by its error code', () => {
    const failed = suite(renderJunit(sampleRun()), 'fw-failed');
    expect(failed).toContain('<failure type="E_REBOOT_TIMEOUT" message="device did not come back within 900 s">');
    expect(failed).toContain('<skipped message="after an earlier failure"/>');
    expect(failed).toContain('failures="1" errors="0" skipped="1"');
  });

  it('reports an unreachable host as an error on a connect testcase', () => {
    const s = suite(renderJunit(sampleRun()), 'fw-unreachable');
    expect(s).toContain('<testcase classname="fw-unreachable" name="connect"');
    expect(s).toMatch(/<error type="E_AUTH" message="authentication failed/);
  });

  it('reports action_required as a failure carrying the remedy, escaped', () => {
    const s = suite(renderJunit(sampleRun()), 'fw-action');
    expect(s).toContain('<failure type="action_required" message="Open TCP 443 from fw-action (127.0.0.1) to api.sse.cisco.com.">');
    expect(s).toContain('Then re-run firemend.');
    expect(s).toContain('Connection timed out &lt;&amp;&gt;');
  });

  it('reports a pending fix as skipped with the commands that would run', () => {
    const s = suite(renderJunit(sampleRun('check')), 'fw-pending');
    expect(s).toContain('<skipped message="pending: 1 fix command would run"/>');
    expect(s).toContain('<skipped message="pending: 2 fix commands would run, then a reboot"/>');
    expect(s).toContain('<system-out>configure network dns servers 1.1.1.1</system-out>');
  });

  it('reports a host skipped as a whole with its reason', () => {
    expect(suite(renderJunit(sampleRun()), 'fw-skipped')).toContain('<skipped message="rollout stopped"/>');
  });
});

describe('xmlEscape', () => {
  it('escapes markup characters and drops characters XML cannot carry', () => {
    expect(xmlEscape(`a<b>&"c'\u0000\u0007\u001b[0m\tok\n`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;[0m\tok\n');
    expect(xmlEscape('π ✓ 😀')).toBe('π ✓ 😀');
  });
});

describe('writeJunit', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'firemend-junit-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the file atomically, redacted, leaving no temporary file', () => {
    const path = join(dir, 'junit.xml');
    writeJunit(path, sampleRun(), createRedactor([PASSWORD]));
    const xml = readFileSync(path, 'utf8');
    assertWellFormed(xml);
    expect(xml).not.toContain(PASSWORD);
    expect(xml).toContain('&lt;redacted&gt;');
    expect(readdirSync(dir)).toEqual(['junit.xml']);
  });

  it('fails loudly when the directory does not exist, leaving nothing behind', () => {
    expect(() => writeJunit(join(dir, 'missing', 'junit.xml'), sampleRun(), createRedactor([]))).toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
