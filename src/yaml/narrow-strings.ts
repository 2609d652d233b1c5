// One byte per character for text read from files that hold a wide character somewhere.
//
// V8 stores a string whose characters all fit in Latin-1 with one byte per character, and any other with two.
// A file holding a single character past U+00FF (a Japanese comment, an en dash in a step name) is decoded as a
// two-byte string, and every value sliced from it stays two-byte although it is plain ASCII: the host names and
// variables of such an inventory, the items of such a vars file, every command rendered from them and every
// JSON line or report that carries one (JSON.stringify widens its whole output for one wide input). Measured on
// a 1,000-device --check with the shipped `vars/regions.yml` (it quotes the Japanese seed in a comment): every
// JSON line was two-byte, and the run took ~0.4 s longer than with the comment stripped (now both take the same).
// The values are the same strings either way.

import { setOwnKey } from '../own-key.js';

const WIDE = /[\u0100-\uffff]/; // any UTF-16 code unit past U+00FF (surrogates included)

/** Whether a text holds a character that V8 cannot store in one byte (then its slices are two-byte too). */
export function hasWideChars(text: string): boolean {
  return WIDE.test(text);
}

/** The same characters, stored one byte each when they all fit (a copy made by a Latin-1 round trip). */
export function narrowString(text: string): string {
  return WIDE.test(text) ? text : Buffer.from(text, 'latin1').toString('latin1');
}

/**
 * Narrow (narrowString) every string value of a freshly parsed value, in place; returns it. Keys are not
 * touched here: a key is interned when it is first set on an object, and an interned two-byte key stays the one
 * every equal key resolves to, so the parsers narrow keys before they set them (block-yaml.ts, located-yaml.ts).
 */
export function narrowValues<T>(value: T): T {
  narrowIn(value, new Set());
  return value;
}

function narrowIn(value: unknown, seen: Set<object>): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    const list = value as unknown[];
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      if (typeof item === 'string') list[i] = narrowString(item);
      else narrowIn(item, seen);
    }
    return;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return;
  const map = value as Record<string, unknown>;
  for (const [key, item] of Object.entries(map)) {
    if (typeof item === 'string') setOwnKey(map, key, narrowString(item));
    else narrowIn(item, seen);
  }
}
