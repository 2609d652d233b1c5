import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { defaultLockPath, stateDir } from '../../../src/cli/state-dir.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'firemend-state-'));
  writeFileSync(join(dir, 'play.yml'), '[]');
  writeFileSync(join(dir, 'inv.yml'), 'all: {}');
  writeFileSync(join(dir, 'other.yml'), 'all: {}');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('stateDir', () => {
  it('uses XDG_STATE_HOME when it is an absolute path', () => {
    expect(stateDir({ XDG_STATE_HOME: '/var/tmp/state' }, '/home/op')).toBe('/var/tmp/state/firemend');
  });

  it('falls back to ~/.local/state when XDG_STATE_HOME is unset or relative', () => {
    expect(stateDir({}, '/home/op')).toBe('/home/op/.local/state/firemend');
    expect(stateDir({ XDG_STATE_HOME: 'rel/state' }, '/home/op')).toBe('/home/op/.local/state/firemend');
  });
});

describe('defaultLockPath', () => {
  it('puts one lock per playbook and inventory pair under locks/, named by a 16-hex digest', () => {
    const p = defaultLockPath(join(dir, 'play.yml'), join(dir, 'inv.yml'), { XDG_STATE_HOME: '/s' }, '/h');
    expect(dirname(p)).toBe('/s/firemend/locks');
    expect(basename(p)).toMatch(/^[0-9a-f]{16}\.lock$/);
    const q = defaultLockPath(join(dir, 'play.yml'), join(dir, 'other.yml'), { XDG_STATE_HOME: '/s' }, '/h');
    expect(q).not.toBe(p);
  });

  it('names the same lock however the files are reached (symlinks, dot segments)', () => {
    symlinkSync(join(dir, 'inv.yml'), join(dir, 'link.yml'));
    const env = { XDG_STATE_HOME: '/s' };
    const a = defaultLockPath(join(dir, 'play.yml'), join(dir, 'inv.yml'), env, '/h');
    const b = defaultLockPath(join(dir, '.', 'play.yml'), join(dir, 'link.yml'), env, '/h');
    expect(b).toBe(a);
  });

  it('keys an inventory of several sources (-i a -i b, joined by a comma) by each real path, and a host list by its text', () => {
    symlinkSync(join(dir, 'inv.yml'), join(dir, 'link2.yml'));
    const env = { XDG_STATE_HOME: '/s' };
    const play = join(dir, 'play.yml');
    const two = defaultLockPath(play, `${join(dir, 'inv.yml')},${join(dir, 'other.yml')}`, env, '/h');
    expect(defaultLockPath(play, `${join(dir, 'link2.yml')},${join(dir, '.', 'other.yml')}`, env, '/h')).toBe(two);
    expect(defaultLockPath(play, join(dir, 'inv.yml'), env, '/h')).not.toBe(two);
    const list = defaultLockPath(play, 'fw01,fw02,', env, '/h');
    expect(defaultLockPath(play, 'fw01,fw02,', env, '/h')).toBe(list);
    expect(defaultLockPath(play, 'fw01,fw03,', env, '/h')).not.toBe(list);
  });

  it('fails when a file does not exist, rather than locking a path that names nothing', () => {
    expect(() => defaultLockPath(join(dir, 'missing.yml'), join(dir, 'inv.yml'), {}, '/h')).toThrow(/ENOENT/);
  });
});
