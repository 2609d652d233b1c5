import { describe, expect, it } from 'vitest';
import { createStyle, shouldUseColor, stripSgr } from '../../../src/report/style.js';

describe('shouldUseColor', () => {
  it('turns colour off whenever NO_COLOR is set to something', () => {
    expect(shouldUseColor({ NO_COLOR: '1' }, true)).toBe(false);
    expect(shouldUseColor({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
  });

  it('ignores an empty NO_COLOR, as no-color.org asks', () => {
    expect(shouldUseColor({ NO_COLOR: '' }, true)).toBe(true);
  });

  it('follows FORCE_COLOR, then whether the output is a terminal', () => {
    expect(shouldUseColor({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(shouldUseColor({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(shouldUseColor({}, true)).toBe(true);
    expect(shouldUseColor({}, false)).toBe(false);
  });
});

describe('createStyle', () => {
  it('colours status words when on and leaves text alone when off', () => {
    expect(createStyle(false).status('failed')).toBe('failed');
    const on = createStyle(true).status('failed');
    expect(on).not.toBe('failed');
    expect(stripSgr(on)).toBe('failed');
  });

  it('strips colour but keeps cursor movement', () => {
    const esc = String.fromCharCode(27);
    expect(stripSgr(`${esc}[2K${esc}[1A${esc}[31mred${esc}[39m`)).toBe(`${esc}[2K${esc}[1Ared`);
  });
});
