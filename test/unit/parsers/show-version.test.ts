import { describe, expect, it } from 'vitest';
import { parseShowVersion } from '../../../src/parsers/show-version.js';
import { ParseError } from '../../../src/errors.js';
import { sample, samplesIn, variants } from './fixture.js';

describe('show_version parser', () => {
  it('reads the model, code, version, build and rules version of the FTDv 6.5.0 sample', () => {
    expect(parseShowVersion(sample('show-version/ftdv-650-fdm65.txt'))).toEqual({
      hostname: 'fdm65',
      model: 'Cisco Firepower Threat Defense for VMWare',
      model_code: 75,
      version: '6.5.0',
      build: 115,
      version_major: 6,
      version_minor: 5,
      version_maintenance: 0,
      version_patch: null,
      platform: 'ftd',
      uuid: '9d4b06f4-f4d2-11e9-8c86-eb98e807d9d8',
      lsp_version: null,
      rules_version: '2019-08-12-001-vrt',
      vdb_version: 309,
      lina_version: null,
    });
  });

  it('reads the LSP version that replaces the rules version on 7.x', () => {
    const f = parseShowVersion(sample('show-version/fp1010-742.txt'));
    expect(f).toMatchObject({ model_code: 78, version: '7.4.2', version_major: 7, version_minor: 4, lsp_version: 'lsp-rel-20250114-1341', rules_version: null, vdb_version: 400 });
  });

  it('tells an FMC from an FTD by its model string', () => {
    expect(parseShowVersion(sample('show-version/fmcv-661.txt'))).toMatchObject({ platform: 'fmc', model_code: 66, version: '6.6.1', build: 91 });
  });

  it('picks the LINA version out of `show version system` after the header block', () => {
    const text = `${sample('show-version/fp1010-742.txt')}\nCisco Adaptive Security Appliance Software Version 9.20(2)32\nSSP Operating System Version 2.14(1.167)\n`;
    expect(parseShowVersion(text)['lina_version']).toBe('9.20(2)32');
  });

  for (const file of samplesIn('show-version')) {
    it(`gives the same facts for ${file} in every whitespace variant`, () => {
      const text = sample(`show-version/${file}`);
      for (const v of Object.values(variants(text))) expect(parseShowVersion(v)).toEqual(parseShowVersion(text));
    });
  }

  it('refuses output without the header block or without a Model line', () => {
    expect(() => parseShowVersion('Syntax error: Illegal parameter')).toThrow(ParseError);
    expect(() => parseShowVersion('-----[ x ]-----\nUUID : 1\n-------------------------------')).toThrow(/Model/);
  });
});
