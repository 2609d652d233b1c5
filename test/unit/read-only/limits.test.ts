import { describe, expect, it } from 'vitest';
import { commandLimitProblem, maxCommandLength } from '../../../src/read-only/index.js';

describe('command limits', () => {
  it('refuses a 1 MB command with its length and the limit of its platform and mode', () => {
    const mb = 'x'.repeat(1024 * 1024);
    expect(commandLimitProblem(`show ${mb}`, { platform: 'ftd', mode: 'clish' })).toBe('is 1048581 characters long; the limit for ftd clish commands is 900');
    expect(commandLimitProblem(`echo ${mb}`, { platform: 'linux', mode: 'shell' })).toBe('is 1048581 characters long; the limit for linux shell commands is 800');
    expect(commandLimitProblem('x'.repeat(maxCommandLength({ platform: 'fmc', mode: 'root' })), { platform: 'fmc', mode: 'root' })).toBeUndefined();
  });

  it('refuses TAB in every mode, and ? in CLISH only', () => {
    expect(commandLimitProblem('cat\t/etc/hosts', { platform: 'ftd', mode: 'root' })).toMatch(/TAB/);
    expect(commandLimitProblem('show\tnetwork', { platform: 'ftd', mode: 'clish' })).toMatch(/TAB/);
    expect(commandLimitProblem('show network ?', { platform: 'ftd', mode: 'clish' })).toMatch(/'\?'.*help/);
    expect(commandLimitProblem('ls /tmp/?', { platform: 'ftd', mode: 'root' })).toBeUndefined();
    expect(commandLimitProblem('echo a\necho b', { platform: 'linux', mode: 'shell' })).toBe('contains the control character "\\n"');
  });
});
