import { describe, expect, it } from 'vitest';
import { parsePmtoolStatus } from '../../../src/parsers/pmtool-status.js';
import { omitVolatile, PARSERS } from '../../../src/parsers/index.js';
import { ParseError } from '../../../src/errors.js';
import { sample, samplesIn, variants } from './fixture.js';

describe('pmtool_status parser', () => {
  it('reads the daemon line of the full 2017 sample and skips its preamble and attributes', () => {
    expect(parsePmtoolStatus(sample('pmtool-status/blog-2017-full.txt'))).toEqual({
      processes: { SFDataCorrelator: { class: 'normal', classes: ['normal'], state: 'Running', pid: 6703 } },
    });
  });

  it('reads EventHandler from the grep sample of Cisco doc 225776', () => {
    expect(parsePmtoolStatus(sample('pmtool-status/cisco-225776-grep-event.txt'))).toEqual({
      processes: { EventHandler: { class: 'normal', classes: ['normal'], state: 'Running', pid: 17453 } },
    });
  });

  it('reads SSEConnector in the system class', () => {
    expect(parsePmtoolStatus(sample('pmtool-status/cisco-225776-grep-sse.txt'))['processes']).toEqual({
      SSEConnector: { class: 'system', classes: ['system'], state: 'Running', pid: 20697 },
    });
  });

  it('reads a User Disabled daemon with no pid', () => {
    expect(parsePmtoolStatus(sample('pmtool-status/blog-2017-user-disabled.txt'))['processes']).toEqual({
      adi: { class: 'normal', classes: ['normal'], state: 'User Disabled', pid: null },
    });
  });

  // The shapes issue 13 reports from full listings (no public capture of them was found, see
  // test/fixtures/real/SOURCES.md): comma-separated classes, instance names, Waiting, scheduled tasks.
  it('reads comma-separated classes, Waiting, and scheduled tasks without a state', () => {
    const p = parsePmtoolStatus('sftunnel (system,gui,mysql) - Waiting\nRuleUpdate (normal) - Period 3600 - Next run Thu Jan 26 12:18:16 2017\n')['processes'];
    expect(p).toEqual({
      sftunnel: { class: 'system,gui,mysql', classes: ['system', 'gui', 'mysql'], state: 'Waiting', pid: null },
      RuleUpdate: { class: 'normal', classes: ['normal'], state: null, pid: null, period_s: 3600, next_run: 'Thu Jan 26 12:18:16 2017' },
    });
  });

  it('treats an empty grep result as no process rather than an error', () => {
    expect(parsePmtoolStatus('')).toEqual({ processes: {} });
  });

  it('drops pids as volatile, so a restarted but equal daemon keeps its fingerprint', () => {
    const { parse, volatile } = PARSERS.pmtool_status;
    const a = omitVolatile(parse('SSEConnector (system) - Running 20697'), volatile);
    const b = omitVolatile(parse('SSEConnector (system) - Running 31337'), volatile);
    expect(a).toEqual(b);
    expect(a).toEqual({ processes: { SSEConnector: { class: 'system', classes: ['system'], state: 'Running' } } });
  });

  for (const file of samplesIn('pmtool-status')) {
    it(`gives the same facts for ${file} in every whitespace variant`, () => {
      const text = sample(`pmtool-status/${file}`);
      for (const v of Object.values(variants(text))) expect(parsePmtoolStatus(v)).toEqual(parsePmtoolStatus(text));
    });
  }

  it('refuses a shell error or a line that is not pmtool output', () => {
    expect(() => parsePmtoolStatus('-bash: pmtool: command not found')).toThrow(ParseError);
    expect(() => parsePmtoolStatus('pmtool: Permission denied')).toThrow(/did not run/);
    expect(() => parsePmtoolStatus('SSEConnector (system) - Running 1\nwhat is this')).toThrow(/line 2/);
  });
});
