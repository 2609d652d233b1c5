import { describe, expect, it } from 'vitest';
import { parsePmtoolStatus } from '../../../src/parsers/pmtool-status.js';
import { omitVolatile, PARSERS } from '../../../src/parsers/index.js';
import { ParseError } from '../../../src/errors.js';
import { sample, samplesIn, variants } from './fixture.js';

describe('pmtool_status parser', () => {
  it('reads the daemon line of the full 2017 sample and skips its preamble and attributes', () => {
    expect(parsePmtoolStatus(sample('pmtool-status/blog-2017-full.txt'))).toEqual({
      processes: { SFDataCorrelator: { class: 'normal', state: 'Running', pid: 6703 } },
    });
  });

  it('reads EventHandler from the grep sample of Cisco doc 225776', () => {
    expect(parsePmtoolStatus(sample('pmtool-status/cisco-225776-grep-event.txt'))).toEqual({
      processes: { EventHandler: { class: 'normal', state: 'Running', pid: 17453 } },
    });
  });

  it('reads SSEConnector in the system class', () => {
    expect(parsePmtoolStatus(sample('pmtool-status/cisco-225776-grep-sse.txt'))['processes']).toEqual({
      SSEConnector: { class: 'system', state: 'Running', pid: 20697 },
    });
  });

  it('reads a User Disabled daemon with no pid', () => {
    expect(parsePmtoolStatus(sample('pmtool-status/blog-2017-user-disabled.txt'))['processes']).toEqual({
      adi: { class: 'normal', state: 'User Disabled', pid: null },
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
    expect(a).toEqual({ processes: { SSEConnector: { class: 'system', state: 'Running' } } });
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
