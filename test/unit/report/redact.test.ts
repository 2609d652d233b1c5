import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRedactor, REDACTED } from '../../../src/report/redact.js';
import { isSecretName } from '../../../src/secrets.js';

function streamAll(secrets: string[], chunks: string[]): string {
  const s = createRedactor(secrets).stream();
  return chunks.map((c) => s.push(c)).join('') + s.flush();
}

describe('createRedactor', () => {
  it('replaces every occurrence of a secret in a text', () => {
    const r = createRedactor(['hunter2']);
    expect(r.redact('pw=hunter2 again hunter2.')).toBe(`pw=${REDACTED} again ${REDACTED}.`);
  });

  it('prefers the longest secret when one secret contains another', () => {
    const r = createRedactor(['abcdef', 'abcdefghi']);
    expect(r.redact('xabcdefghix abcdefx')).toBe(`x${REDACTED}x ${REDACTED}x`);
  });

  it('treats regular-expression characters in secrets literally', () => {
    const r = createRedactor(['a.b*c(d']);
    expect(r.redact('a.b*c(d aXbbc(d')).toBe(`${REDACTED} aXbbc(d`);
  });

  it('also catches a secret as it appears escaped inside a JSON string', () => {
    const r = createRedactor(['pa"ss\\wd']);
    const line = JSON.stringify({ message: 'login with pa"ss\\wd failed' });
    expect(r.redact(line)).not.toContain('ss\\\\wd');
    expect(JSON.parse(r.redact(line))).toEqual({ message: `login with ${REDACTED} failed` });
  });

  it('ignores secrets shorter than MIN_SECRET_LENGTH (six) characters and counts them', () => {
    const r = createRedactor(['ab', 'x', '', 'abcde', 'long-secret']);
    expect(r.skippedShort).toBe(3);
    expect(r.redact('ab x abcde long-secret')).toBe(`ab x abcde ${REDACTED}`);
  });

  it('leaves text untouched when there are no secrets', () => {
    const r = createRedactor([]);
    expect(r.redact('anything')).toBe('anything');
    const s = r.stream();
    expect(s.push('any') + s.push('thing') + s.flush()).toBe('anything');
  });
});

describe('the streaming redactor', () => {
  it('catches a secret split across two reads', () => {
    const s = createRedactor(['firemend-lab']).stream();
    const first = s.push('Password: fire');
    expect(first).toBe('Password: ');
    const second = s.push('mend-lab\r\n> ');
    expect(first + second + s.flush()).toBe(`Password: ${REDACTED}\r\n> `);
  });

  it('releases a held-back tail once it can no longer become a secret', () => {
    const s = createRedactor(['secret']).stream();
    expect(s.push('the sec')).toBe('the ');
    expect(s.push('ond')).toBe('second');
  });

  it('does not let a shorter secret hide the tail of a longer one arriving later', () => {
    expect(streamAll(['abcdef', 'abcdefghi'], ['xxabcdef', 'ghi yy'])).toBe(`xx${REDACTED} yy`);
    expect(streamAll(['abcdef', 'abcdefghi'], ['xxabcdef', 'gzz'])).toBe(`xx${REDACTED}gzz`);
  });

  it('emits the held-back tail on flush, redacted when it is a whole secret', () => {
    const s = createRedactor(['abcdef', 'abcdefghi']).stream();
    expect(s.push('abcdef')).toBe('');
    expect(s.flush()).toBe(REDACTED);
  });

  it('gives the same text as redacting the whole, however the text is split', () => {
    const secretArb = fc.string({ minLength: 6, maxLength: 9, unit: fc.constantFrom('a', 'b', 'c', 'x') });
    fc.assert(
      fc.property(
        fc.array(secretArb, { minLength: 1, maxLength: 3 }),
        fc.array(fc.oneof(fc.string({ maxLength: 9, unit: fc.constantFrom('a', 'b', 'c', 'x', ' ') }), fc.nat(2)), { maxLength: 12 }),
        fc.array(fc.nat(40), { maxLength: 6 }),
        (secrets, parts, cuts) => {
          // Text built from noise and whole secrets, then cut at arbitrary places.
          const text = parts.map((p) => (typeof p === 'number' ? (secrets[p % secrets.length] as string) : p)).join('');
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks: string[] = [];
          let prev = 0;
          for (const p of points) {
            chunks.push(text.slice(prev, p));
            prev = p;
          }
          chunks.push(text.slice(prev));
          const whole = createRedactor(secrets).redact(text);
          const streamed = streamAll(secrets, chunks);
          expect(streamed).toBe(whole);
          for (const s of secrets) expect(streamed).not.toContain(s);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('redactDeep', () => {
  it('redacts strings at any depth and replaces the values of password-like keys', () => {
    const r = createRedactor(['s3cr3t!']);
    const input = {
      host: 'fw-01',
      vars: { ansible_password: 'whatever', sudoPassword: 'x', firemend_password_env: 'FW_PW', note: 'uses s3cr3t! here' },
      steps: [{ check: { passed: true, output: 'banner s3cr3t!' } }],
      apiKey: 'k',
      secret: true,
    };
    const out = r.redactDeep(input);
    expect(out).toEqual({
      host: 'fw-01',
      vars: { ansible_password: REDACTED, sudoPassword: REDACTED, firemend_password_env: 'FW_PW', note: `uses ${REDACTED} here` },
      steps: [{ check: { passed: true, output: `banner ${REDACTED}` } }],
      apiKey: REDACTED,
      secret: true,
    });
    expect(input.vars.ansible_password).toBe('whatever');
  });

  it('recognises password-like key names but not look-alikes', () => {
    for (const k of ['password', 'ansible_password', 'sudoPassword', 'api-key', 'API_KEY', 'passphrase', 'client_secret', 'token', 'fmc_api_key', 'ftd_passwd', 'vault_credentials', 'apiKey', 'ansible_ssh_pass', 'ansible_become_pass', 'ssh_private_key', 'db_pwd']) {
      expect(isSecretName(k), k).toBe(true);
    }
    for (const k of ['passed', 'bypass', 'tokenizer', 'keys', 'secretary', 'host', 'firemend_password_env', 'vault_password_file', 'ansible_ssh_private_key_file', 'passage']) {
      expect(isSecretName(k), k).toBe(false);
    }
  });
});

describe('redactDeep shares what it does not change', () => {
  const r = createRedactor(['hunter22']);

  it('returns the very same object when no string holds a secret and no key names one', () => {
    const event = { type: 'step_finished', host: 'ftd-1', result: { output: 'all good', checks: [{ ok: true }, { ok: false }] } };
    expect(r.redactDeep(event)).toBe(event);
  });

  it('copies only the path to a changed string, shares the siblings and leaves the input untouched', () => {
    const quiet = { output: 'nothing here' };
    const event = { a: quiet, b: { list: ['x', 'pw is hunter22'] }, c: [quiet] };
    const out = r.redactDeep(event);
    expect(out).not.toBe(event);
    expect(out.a).toBe(quiet);
    expect(out.c).toBe(event.c);
    expect(out.b.list).toEqual(['x', 'pw is <redacted>']);
    expect(event.b.list[1]).toBe('pw is hunter22');
    expect(Object.keys(out)).toEqual(['a', 'b', 'c']);
  });

  it('replaces a password-like key even when no secret is known', () => {
    const none = createRedactor([]);
    const host = { name: 'ftd-1', vars: { sudoPassword: 'x', port: 22 } };
    const out = none.redactDeep(host);
    expect(out.vars).toEqual({ sudoPassword: '<redacted>', port: 22 });
    expect(host.vars.sudoPassword).toBe('x');
  });
});
