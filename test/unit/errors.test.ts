import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FiremendError, TransportError } from '../../src/errors.js';
import type { ErrorCode } from '../../src/errors.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

// Every code of the union, once: a code added to ErrorCode and not here (or here and not there) fails to compile.
const ALL: Record<ErrorCode, true> = {
  E_CONNECT_REFUSED: true, E_CONNECT_TIMEOUT: true, E_DNS: true, E_AUTH: true, E_TLS_CERT: true, E_HOSTKEY_UNKNOWN: true,
  E_HOSTKEY_CHANGED: true, E_PROMPT_TIMEOUT: true, E_COMMAND_TIMEOUT: true, E_MODE: true, E_MODE_UNAVAILABLE: true,
  E_SUDO_AUTH: true, E_PASSWORD_EXPIRED: true, E_DISCONNECTED: true, E_REBOOT_TIMEOUT: true, E_REBOOT_NOT_DOWN: true,
  E_READ_ONLY: true, E_COMMAND_LIMIT: true, E_COMMAND: true, E_INPUT: true, E_USAGE: true, E_PLAN: true,
  E_LOCKED: true, E_TEMPLATE: true, E_PARSE: true, E_NO_PARSER: true, E_FACT_UNKNOWN: true, E_CHECK_FAILED: true,
  E_VERIFY_FAILED: true, E_HA_PEER_NOT_READY: true, E_JOURNAL_WRITE: true, E_INTERRUPTED: true, E_UNREACHABLE: true,
  E_FAILED: true, E_INTERNAL: true,
};

describe('the error-code union', () => {
  it('refuses a misspelt code at compile time', () => {
    // @ts-expect-error: not a code of ErrorCode
    const typo = new FiremendError('E_HA_PEER_NOT_REDY', 'x');
    // @ts-expect-error: a transport failure takes a transport code only
    const notTransport = new TransportError('E_JOURNAL_WRITE', 'x');
    expect([typo.code, notTransport.code]).toEqual(['E_HA_PEER_NOT_REDY', 'E_JOURNAL_WRITE']);
  });

  it('keeps the names CONTRACT.md fixes', () => {
    for (const code of ['E_FACT_UNKNOWN', 'E_PASSWORD_EXPIRED', 'E_SUDO_AUTH', 'E_MODE_UNAVAILABLE', 'E_HA_PEER_NOT_READY', 'E_AUTH', 'E_TLS_CERT']) {
      expect(Object.keys(ALL)).toContain(code);
    }
  });

  it('has only codes the report schema accepts', () => {
    const report = JSON.parse(readFileSync(`${root}schemas/report.schema.json`, 'utf8')) as {
      $defs: Record<string, { properties?: { code?: { pattern?: string } } }>;
    };
    const patterns = Object.values(report.$defs)
      .map((d) => d.properties?.code?.pattern)
      .filter((p): p is string => p !== undefined);
    expect(patterns.length).toBeGreaterThan(0);
    for (const p of patterns) for (const code of Object.keys(ALL)) expect(code).toMatch(new RegExp(p));
  });
});
