// Unknown is not a verdict: an expectation that reads a fact its parser left null fails the step with
// E_FACT_UNKNOWN (naming the fact and the parser, with the raw output in the report), never ok and never
// the remedy; a fact proven false still gives the remedy.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateExpect } from '../../../src/engine/expect.js';
import { FakeTransport } from '../../helpers/fake-transport.js';
import { e, host, play, playbook, run, step, t } from './build.js';

const REAL = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'real', 'curl');
const capture = (file: string): string => readFileSync(join(REAL, file), 'utf8');

const CURL = 'curl -v -m 10 https://api-sse.cisco.com --cacert /ngfw/etc/ssl/connectorCA.pem';

function curlStep(that: string[]) {
  return step('tls-path', {
    mode: 'root',
    check: { command: CURL, parse: 'curl', expect: { that: that.map((x) => e(x)) } },
    remedy: t('exempt the cloud from TLS inspection on {{ inventory_hostname }}'),
  });
}

function deviceAnswering(output: string) {
  return new FakeTransport({ a: { respond: (command) => (command === CURL ? { output } : undefined) } });
}

describe('E_FACT_UNKNOWN', () => {
  it('fails the step, naming fact and parser, with the raw output, when the TLS verdict is unknown', async () => {
    // A (35) reset before any certificate: curl never saw one, so verification is unknown, not failed.
    const output = capture('openmptcprouter-3546-schannel-35-recv-reset-8.x.txt');
    const { result } = await run(playbook(play([curlStep(['facts.tls_verified'])])), [host('a')], deviceAnswering(output));
    const s = result.hosts[0]!.steps[0]!;
    expect(s.status).toBe('failed');
    expect(s.error?.code).toBe('E_FACT_UNKNOWN');
    expect(s.error?.message).toContain("'tls_verified'");
    expect(s.error?.message).toContain("parser 'curl'");
    expect(s.check?.output).toBe(output);
    expect(s.remedy).toBeUndefined();
  });

  it('never passes on an unknown fact, even when the expression would hold', async () => {
    // `not facts.timed_out` holds for null; the truncated capture does not prove the run ended.
    const output = capture('martian-306-proxy-connect-200-7.54.txt');
    const { result } = await run(playbook(play([curlStep(['not facts.timed_out'])])), [host('a')], deviceAnswering(output));
    expect(result.hosts[0]!.steps[0]).toMatchObject({ status: 'failed', error: { code: 'E_FACT_UNKNOWN' } });
  });

  it('gives the remedy when the output proves the failure', async () => {
    const output = capture('mkcert-notes-nss-7.29-unknown-issuer-60.txt');
    const { result } = await run(playbook(play([curlStep(['facts.tls_verified'])])), [host('a')], deviceAnswering(output));
    const s = result.hosts[0]!.steps[0]!;
    expect(s.status).toBe('action_required');
    expect(s.remedy).toBe('exempt the cloud from TLS inspection on a');
  });

  it('passes when the output proves the fact', async () => {
    const output = capture('wsl-notes-8.18-established-verified-via-openssl.txt');
    const { result } = await run(playbook(play([curlStep(['facts.tls_verified'])])), [host('a')], deviceAnswering(output));
    expect(result.hosts[0]!.steps[0]!.status).toBe('ok');
  });

  it('treats a null the parser declares a proven absence (no proxy) as known', async () => {
    const output = capture('wsl-notes-8.18-established-verified-via-openssl.txt');
    const that = ['facts.proxy is none or facts.proxy.tunnel_ok', 'facts.connected'];
    const { result } = await run(playbook(play([curlStep(that)])), [host('a')], deviceAnswering(output));
    expect(result.hosts[0]!.steps[0]!.status).toBe('ok');
  });

  it('takes the absent paths each parser declares from the registry (connector.log without errors)', async () => {
    const LOG = 'tail -n 200 /ngfw/var/log/connector/connector.log';
    const quiet = 'time="2020-04-13T14:52:38Z" level=info msg="connected"\n';
    const s = step('log', { mode: 'root', check: { command: LOG, parse: 'connector_log', expect: { that: [e('facts.last_error is none')] } } });
    const tr = new FakeTransport({ a: { respond: (command) => (command === LOG ? { output: quiet } : undefined) } });
    const { result } = await run(playbook(play([s])), [host('a')], tr);
    expect(result.hosts[0]!.steps[0]!.status).toBe('ok');
  });

  it('lets a proven failure of one expression win over an unknown read by another', () => {
    const v = evaluateExpect({ that: [e('facts.a'), e('facts.b')] }, { output: '', facts: { a: null, b: false }, parser: 'p' }, {});
    expect(v.passed).toBe(false);
    expect(v.unknown).toBeUndefined();
    expect(v.failures).toEqual(['not true: facts.b']);
  });

  it('counts only the facts an expression reads (a short-circuited side is not read)', () => {
    const v = evaluateExpect({ that: [e('facts.a or facts.b')] }, { output: '', facts: { a: true, b: null } }, {});
    expect(v).toEqual({ passed: true, failures: [] });
  });

  it('names every unknown nested fact by its dotted path', () => {
    const v = evaluateExpect({ that: [e('facts.proxy.tunnel_ok')] }, { output: '', facts: { proxy: { tunnel_ok: null } }, parser: 'curl' }, {});
    expect(v.unknown?.facts).toEqual(['proxy.tunnel_ok']);
    expect(v.unknown?.message).toBe("the expectation reads fact 'proxy.tunnel_ok' of parser 'curl', which the output does not establish (null)");
  });
});
