import { describe, expect, it } from 'vitest';
import { ev, render, templateError } from './helpers.js';

describe('join', () => {
  it('joins with the given separator, or with nothing by default', () => {
    expect(ev("xs | join(',')", { xs: ['a', 'b'] })).toBe('a,b');
    expect(ev('xs | join', { xs: ['a', 'b'] })).toBe('ab');
    expect(ev("xs | join(d=' ')", { xs: ['a', 'b'] })).toBe('a b');
  });

  it('writes non-string items as text', () => {
    expect(ev("[1, true, none] | join('-')")).toBe('1-True-None');
  });

  it('refuses a value that is not a list, naming the filter', () => {
    const err = templateError(() => ev("x | join(',')", { x: 'ab' }));
    expect(err.message).toContain('join expects a list, got str');
    expect(err.pos).toEqual({ file: 'playbooks/site.yml', line: 1, col: 5 });
  });
});

describe('default', () => {
  it('replaces an undefined variable, and keeps a defined one', () => {
    expect(ev("x | default('fb')")).toBe('fb');
    expect(ev("x | default('fb')", { x: 'set' })).toBe('set');
    expect(ev('x | d(3)')).toBe(3);
    expect(ev('x | default')).toBe('');
  });

  it('replaces an undefined attribute or index of a defined value', () => {
    expect(ev('d.k | default(1)', { d: {} })).toBe(1);
    expect(ev('xs[3] | default(1)', { xs: [] })).toBe(1);
  });

  it('keeps none and falsy values unless boolean=true', () => {
    expect(ev('x | default(1)', { x: null })).toBeNull();
    expect(ev("x | default('e')", { x: '' })).toBe('');
    expect(ev("x | default('e', true)", { x: '' })).toBe('e');
    expect(ev("x | default('e', boolean=true)", { x: 0 })).toBe('e');
  });

  it('replaces a read through an undefined variable, so deep paths need no guard at each level', () => {
    expect(ev('missing.k[0].j | default(1)')).toBe(1);
    expect(ev('d.a.b | default(2)', { d: {} })).toBe(2);
  });
});

describe('length / count', () => {
  it('counts string code points, list items and dict keys', () => {
    expect(ev("'héllo' | length")).toBe(5);
    expect(ev("'😀' | length")).toBe(1);
    expect(ev('[1, 2, 3] | length')).toBe(3);
    expect(ev("{'a': 1} | count")).toBe(1);
    expect(templateError(() => ev('5 | length')).message).toContain('length expects a string, list or dict, got int');
  });
});

describe('case filters', () => {
  it('lowers and uppers text', () => {
    expect(ev("'MiXed' | lower")).toBe('mixed');
    expect(ev("'MiXed' | upper")).toBe('MIXED');
    expect(ev('true | lower')).toBe('true');
  });
});

describe('quote', () => {
  it('leaves safe words bare, quotes everything else, and renders empty as two quotes', () => {
    expect(ev("'abc-1.2/x' | quote")).toBe('abc-1.2/x');
    expect(ev("'a b' | quote")).toBe("'a b'");
    expect(ev(`"it's" | quote`)).toBe(`'it'"'"'s'`);
    expect(ev("'' | quote")).toBe("''");
    expect(ev('5 | quote')).toBe('5');
  });

  it('quotes each item of a list as its own word', () => {
    expect(ev("['a b', 'c'] | quote")).toBe("'a b' c");
  });
});

describe('conversions', () => {
  it('turns values into text with string', () => {
    expect(ev('5 | string')).toBe('5');
    expect(ev('[1] | string')).toBe('[1]');
    expect(ev('false | string')).toBe('False');
  });

  it('parses integers like Jinja, falling back to the default', () => {
    expect(ev("' 42 ' | int")).toBe(42);
    expect(ev("'-7' | int")).toBe(-7);
    expect(ev("'3.9' | int")).toBe(3);
    expect(ev('3.9 | int')).toBe(3);
    expect(ev('true | int')).toBe(1);
    expect(ev("'abc' | int")).toBe(0);
    expect(ev("'abc' | int(-1)")).toBe(-1);
    expect(ev("'ff' | int(base=16)")).toBe(255);
    expect(ev("'0x1F' | int(0, 16)")).toBe(31);
    expect(ev("'z' | int(0, 36)")).toBe(35);
    expect(templateError(() => ev("'1' | int(0, 99)")).message).toContain('base must be an integer from 2 to 36');
  });

  it('parses floats and booleans', () => {
    expect(ev("'2.5' | float")).toBe(2.5);
    expect(ev("'x' | float(1.5)")).toBe(1.5);
    expect(ev("'yes' | bool")).toBe(true);
    expect(ev("'off' | bool")).toBe(false);
    expect(ev('1 | bool')).toBe(true);
  });
});

describe('list filters', () => {
  it('takes first and last of lists and strings', () => {
    expect(ev('[1, 2, 3] | first')).toBe(1);
    expect(ev('[1, 2, 3] | last')).toBe(3);
    expect(ev("'abc' | first")).toBe('a');
    expect(ev("'abc' | last")).toBe('c');
  });

  it('makes first of an empty list undefined, so default can step in', () => {
    expect(ev('[] | first | default(0)')).toBe(0);
    expect(templateError(() => ev('xs | first', { xs: [] })).message).toContain("undefined variable 'xs | first': the sequence is empty");
  });

  it('removes duplicates with unique, keeping first occurrences in order', () => {
    expect(ev("[3, 1, 3, 'a', 1, [1], [1]] | unique")).toEqual([3, 1, 'a', [1]]);
  });

  it('sorts stably, case-insensitively by default, with reverse and attribute', () => {
    expect(ev('[3, 1, 2] | sort')).toEqual([1, 2, 3]);
    expect(ev("['b', 'A', 'c'] | sort")).toEqual(['A', 'b', 'c']);
    expect(ev("['b', 'a', 'B'] | sort")).toEqual(['a', 'b', 'B']);
    expect(ev("['b', 'a', 'B'] | sort(case_sensitive=true)")).toEqual(['B', 'a', 'b']);
    expect(ev('[3, 1, 2] | sort(reverse=true)')).toEqual([3, 2, 1]);
    expect(ev("[{'n': 2}, {'n': 1}] | sort(attribute='n')")).toEqual([{ n: 1 }, { n: 2 }]);
    expect(templateError(() => ev("[1, 'a'] | sort")).message).toContain('sort: cannot order');
  });

  it('takes min and max, and converts to lists', () => {
    expect(ev('[3, 1, 2] | min')).toBe(1);
    expect(ev('[3, 1, 2] | max')).toBe(3);
    expect(ev("'ab' | list")).toEqual(['a', 'b']);
    expect(ev("{'k': 1} | list")).toEqual(['k']);
    expect(ev("{'k': 1} | dict2items")).toEqual([{ key: 'k', value: 1 }]);
  });
});

describe('string filters', () => {
  it('trims, replaces and splits', () => {
    expect(ev("'  x \\n' | trim")).toBe('x');
    expect(ev("'a.b.c' | replace('.', '-')")).toBe('a-b-c');
    expect(ev("'a.b.c' | replace('.', '-', 1)")).toBe('a-b.c');
    expect(ev("' a  b ' | split")).toEqual(['a', 'b']);
    expect(ev("'a,b,,c' | split(',')")).toEqual(['a', 'b', '', 'c']);
    expect(ev('-3 | abs')).toBe(3);
    expect(ev("{'a': [1, true]} | to_json")).toBe('{"a":[1,true]}');
  });
});

describe('filter calls', () => {
  it('chains filters left to right', () => {
    expect(render("{{ names | default(['x', 'y']) | join('+') }}")).toBe('x+y');
    expect(ev("['B', 'a', 'B'] | unique | sort | join(',') | upper")).toBe('A,B');
  });

  it('rejects unknown filters, unknown keyword arguments and too many arguments when parsing', () => {
    expect(templateError(() => ev('x | frobnicate')).message).toContain("unknown filter 'frobnicate'");
    expect(templateError(() => ev('x | join(sep=",")')).message).toContain("filter 'join' has no argument 'sep'");
    expect(templateError(() => ev('x | length(1)')).message).toContain("filter 'length' takes at most 0 arguments, got 1");
    expect(templateError(() => ev("x | replace('a')")).message).toContain("filter 'replace' needs argument 'new'");
  });

  it('reports an undefined filter argument', () => {
    expect(templateError(() => ev('x | default(y)')).message).toContain("undefined variable 'y'");
  });
});

describe('ip', () => {
  it('passes IPv4 and IPv6 addresses, alone or in a list, through unchanged', () => {
    expect(ev('x | ip', { x: '192.0.2.53' })).toBe('192.0.2.53');
    expect(render("{{ xs | ip | join(',') }}", { xs: ['192.0.2.53', '2620:119:35::35'] })).toBe('192.0.2.53,2620:119:35::35');
  });

  it('fails the template for anything that is not an address, so it never reaches a device command', () => {
    expect(templateError(() => render('{{ xs | ip }}', { xs: ['192.0.2.53', '1.1.1.1\nreboot'] })).message).toContain('is not an IP address');
    expect(templateError(() => ev('x | ip', { x: 'dns.example' })).message).toContain('"dns.example" is not an IP address');
    expect(templateError(() => ev('x | ip', { x: 53 })).message).toContain('is not an IP address');
  });
});
