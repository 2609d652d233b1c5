// Output cleaning and prompt matching on captures taken from FTD-CLI.md (real devices and driver fixtures).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanOutput, lastScreenLine, renderCapture, stripAnsi } from '../../../../src/connections/ssh/clean-output.js';
import { extractOutput, findDeviceError, findExitStatus, scanExitStatus, withExitMarker } from '../../../../src/connections/ssh/command-output.js';
import { profileFor } from '../../../../src/connections/ssh/profiles.js';
import { cursorLine, detectMode, tailMatches } from '../../../../src/connections/ssh/prompt.js';

const ftd = profileFor('ftd');
const fmc = profileFor('fmc');
const linux = profileFor('linux');

// §3: show version at `> ` (Unicon mock / narc issue #24), as it arrives over a PTY.
const SHOW_VERSION_RAW =
  'show version\r\n' +
  '---------------------[ fdm65 ]----------------------\r\n' +
  'Model                     : Cisco Firepower Threat Defense for VMWare (75) Version 6.5.0 (Build 115)\r\n' +
  'UUID                      : 9d4b06f4-f4d2-11e9-8c86-eb98e807d9d8\r\n' +
  'Rules update version      : 2019-08-12-001-vrt\r\n' +
  'VDB version               : 309\r\n' +
  '----------------------------------------------------\r\n' +
  '\r\n' +
  '> ';

describe('cleanOutput', () => {
  it('turns CRLF into LF and keeps trailing spaces the device printed', () => {
    expect(cleanOutput('Copyright 2004-2024, Cisco and/or its affiliates. All rights reserved. \r\nnext\r\n')).toBe(
      'Copyright 2004-2024, Cisco and/or its affiliates. All rights reserved. \nnext\n',
    );
  });

  it('removes the BEL and the erase sequence CLISH prints after Ctrl-U (oxidized fixture)', () => {
    // §7.3: `> show inventory\a`, then after Ctrl-U + Enter `\e[12D\e[J` and a fresh `> `.
    expect(cleanOutput('Syntax error: Illegal parameter\r\n> show inventory\x07')).toBe('Syntax error: Illegal parameter\n> show inventory');
    expect(lastScreenLine('> show inventory\x07\x1b[12D\x1b[J\r\n> ')).toBe('> ');
  });

  it('strips colour, cursor, OSC title and bracketed-paste escapes', () => {
    expect(stripAnsi('\x1b]0;root@firepower: ~\x07\x1b[?2004hroot@firepower:~# \x1b[01;32mok\x1b[0m')).toBe('root@firepower:~# ok');
  });

  it('applies carriage returns and backspaces as a terminal would', () => {
    expect(cleanOutput('50%\r100%')).toBe('100%');
    expect(cleanOutput('abX\bc')).toBe('abc');
    expect(cleanOutput('long text\r\x1b[Kshort')).toBe('short');
  });

  it('removes pager prompts and their erase, keeping the text that follows', () => {
    const raw = 'line 1\r\n--More--\r        \rline 2\r\n<--- More --->\r\n              line 3\r\n';
    expect(cleanOutput(raw, ftd.pagerPatterns)).toBe('line 1\nline 2\n              line 3\n');
    expect(cleanOutput(' --More-- \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08          \x08\x08\x08\x08\x08\x08\x08\x08\x08\x08Gateway : 10.0.0.1', ftd.pagerPatterns)).toBe(
      'Gateway : 10.0.0.1',
    );
  });

  // The fast path (CR LF captures without a pager prompt) against the full terminal emulation it skips.
  it('gives what the full emulation gives, on the real captures and on generated ones', () => {
    for (const raw of [SHOW_VERSION_RAW, 'a\r\r\nb\r\n', 'tab\there\r\n> ', '', '\r\n\r\n']) {
      for (const pagers of [ftd.pagerPatterns, []]) expect(cleanOutput(raw, pagers)).toBe(renderCapture(raw, pagers));
    }
    const piece = fc.constantFrom('abc', 'Gateway : 10.0.0.1', ' ', '\t', '\r\n', '\r\r\n', '\n', '\r', '\b', '\x07', '\x00', '\x1b[K', '\x1b[0m', '\x1b]0;t\x07', '--More--', '<--- More --->', '-- More (45%) --', 'More', '--', '\x7f', 'é', '接続');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.boolean(), (parts, paged) => {
        const raw = parts.join('');
        const pagers = paged ? ftd.pagerPatterns : [];
        expect(cleanOutput(raw, pagers)).toBe(renderCapture(raw, pagers));
      }),
      { numRuns: 3000 },
    );
  });

  it('holds every profile to line-local pager patterns (what the fast path relies on)', () => {
    for (const profile of [ftd, fmc, linux]) {
      for (const p of profile.pagerPatterns) {
        expect(p.flags).not.toMatch(/[msgy]/);
        expect(p.source).not.toMatch(/\^|\$|\\[sSDWbBn]|\[\^|\(\?<?[=!]|(?<!\\)\./);
      }
    }
  });
});

describe('prompt matching', () => {
  it('recognises the FTD prompts of every rung (FTD-CLI.md §1, §7)', () => {
    expect(detectMode(ftd, '> ')).toBe('clish');
    expect(detectMode(ftd, 'admin@firepower:~$ ')).toBe('expert');
    expect(detectMode(ftd, 'admin@lab-ftd-01:~$')).toBe('expert');
    expect(detectMode(ftd, 'admin@firepower:/opt/cisco/csp/applications$ ')).toBe('expert');
    expect(detectMode(ftd, 'my-user@ACME-FIREWALL:~$')).toBe('expert');
    expect(detectMode(ftd, 'root@firepower:~# ')).toBe('root');
    expect(detectMode(ftd, 'root@firepower:common# ')).toBe('root');
    expect(detectMode(ftd, 'root@lab-ftd-01:/ngfw/var/log/sf#')).toBe('root');
    expect(detectMode(fmc, 'root@LAB-FMC74:/var/sf/remediations/TriggerFTDShun_1.0#')).toBe('root');
  });

  it('does not take output lines, banners or prompts with a dirty line buffer for a clean prompt', () => {
    expect(detectMode(ftd, '> show inventory')).toBeUndefined();
    expect(detectMode(ftd, 'Cisco Firepower 1010 Threat Defense v7.4.2 (build 172)')).toBeUndefined();
    expect(detectMode(ftd, 'Password: ')).toBeUndefined();
    expect(detectMode(ftd, "Please enter 'YES' or 'NO': ")).toBeUndefined();
    expect(detectMode(ftd, 'Broadcast message from root@firepower (pts/0)')).toBeUndefined();
  });

  it('finds the cursor line after the FTD 7.4.2 login banner', () => {
    const banner =
      'Last login: Thu Jul 10 09:21:45 2025 from 10.42.1.2\r\n\r\nCopyright 2004-2024, Cisco and/or its affiliates. All rights reserved. \r\n' +
      'Cisco Firepower Extensible Operating System (FX-OS) v2.14.1 (build 167)\r\nCisco Firepower 1010 Threat Defense v7.4.2 (build 172)\r\n\r\n> ';
    expect(detectMode(ftd, cursorLine(banner))).toBe('clish');
    expect(detectMode(ftd, cursorLine(banner.slice(0, -4)))).toBeUndefined();
  });

  it('tells a generic shell user from root on a linux host', () => {
    expect(detectMode(linux, 'deploy@bastion:~$ ')).toBe('shell');
    expect(detectMode(linux, 'bash-5.2$ ')).toBe('shell');
    expect(detectMode(linux, 'root@bastion:/etc# ')).toBe('root');
    expect(detectMode(linux, '# ')).toBe('root');
  });

  it('sees the sudo password prompt after the lecture, and the reboot question (§1.4, §4)', () => {
    const sudo =
      'sudo su -\r\n\r\nWe trust you have received the usual lecture from the local System\r\nAdministrator. It usually boils down to these three things:\r\n\r\n' +
      '    #1) Respect the privacy of others.\r\n    #2) Think before you type.\r\n    #3) With great power comes great responsibility.\r\n\r\nPassword: ';
    expect(tailMatches(sudo, 0, ftd.passwordPrompt)).toBe(true);
    expect(tailMatches('sudo su -\r\n[sudo] password for admin: ', 0, ftd.passwordPrompt)).toBe(true);
    expect(tailMatches('sudo su -\r\nPassword: \r\nroot@firepower:~# ', 0, ftd.passwordPrompt)).toBe(false);
    const reboot = "reboot\r\nThis command will reboot the system.  Continue?\r\nPlease enter 'YES' or 'NO': ";
    expect(ftd.reboot.answers.some((a) => tailMatches(reboot, 0, a.expect))).toBe(true);
    expect(tailMatches(reboot, reboot.length, ftd.reboot.answers[0]?.expect ?? /x/)).toBe(false);
  });
});

describe('extractOutput', () => {
  it('drops the echo and the prompt of a CLISH command', () => {
    const out = extractOutput({ raw: SHOW_VERSION_RAW, sent: 'show version', pagerPatterns: ftd.pagerPatterns });
    expect(out.split('\n')[0]).toBe('---------------------[ fdm65 ]----------------------');
    expect(out).toMatch(/VDB version {15}: 309/);
    expect(out.endsWith('----------------------------------------------------')).toBe(true);
    expect(out).not.toContain('show version');
  });

  it('takes the exit status only from the marker line, not from the echoed command', () => {
    const marker = '__FM_RC_a1b2c3';
    const sent = withExitMarker('pmtool status | grep SSE', marker);
    const raw = `${sent}\r\nSSEConnector (system) - Running 20697\r\n${marker}=0\r\nroot@firepower:~# `;
    expect(findExitStatus(`${sent}\r\n`, marker)).toBeUndefined();
    expect(findExitStatus(raw, marker)).toBe(0);
    expect(findExitStatus(`${sent}\r\n${marker}=12`, marker)).toBeUndefined();
    expect(findExitStatus(`${sent}\r\n${marker}=127\r\n`, marker)).toBe(127);
    expect(extractOutput({ raw, sent, marker, pagerPatterns: [] })).toBe('SSEConnector (system) - Running 20697');
  });

  it('keeps output that had no final newline before the marker', () => {
    const marker = '__FM_RC_ff';
    const sent = withExitMarker("printf 'x'", marker);
    expect(extractOutput({ raw: `${sent}\r\nx${marker}=0\r\n$ `, sent, marker, pagerPatterns: [] })).toBe('x');
  });

  it('removes only a marker followed by digits up to the line end, the first such line only', () => {
    const marker = '__FM_RC_ff';
    const sent = withExitMarker('cat log', marker);
    const body = [`a ${marker}=1x`, `b ${marker}=`, `${marker}=${marker}=3`, `${marker}=0`, 'tail'].join('\r\n');
    expect(extractOutput({ raw: `${sent}\r\n${body}\r\n$ `, sent, marker, pagerPatterns: [] })).toBe(
      [`a ${marker}=1x`, `b ${marker}=`, `${marker}=`, `${marker}=0`, 'tail'].join('\n'),
    );
  });

  it('drops an echo that the terminal wrapped over several lines', () => {
    const sent = 'echo ' + 'a'.repeat(30);
    const raw = `echo aaaaaaaaaa\r\naaaaaaaaaaaaaaaaaaaa\r\n${'a'.repeat(30)}\r\n> `;
    expect(extractOutput({ raw, sent, pagerPatterns: [] })).toBe('a'.repeat(30));
  });

  it('leaves the first line alone when the device did not echo', () => {
    expect(extractOutput({ raw: 'Failover Off\r\n> ', sent: 'show failover', pagerPatterns: [] })).toBe('Failover Off');
  });

  it('names the device error line (Syntax error, command not found)', () => {
    expect(findDeviceError('Syntax error: Illegal parameter', ftd.errorPatterns)).toBe('Syntax error: Illegal parameter');
    expect(findDeviceError('-bash: pmtol: command not found', ftd.errorPatterns)).toBe('-bash: pmtol: command not found');
    expect(findDeviceError('Model : Cisco Firepower 1010', ftd.errorPatterns)).toBeUndefined();
  });
});

describe('cursor line from the last raw line only', () => {
  // The reference: clean the whole tail, take its last line (what lastScreenLine did before cleaning one line).
  const reference = (tail: string): string => {
    const cleaned = cleanOutput(tail);
    return cleaned.slice(cleaned.lastIndexOf('\n') + 1);
  };
  const piece = fc.constantFrom('a', 'b', ' ', '>', '$ ', '# ', '\n', '\r', '\r\n', '\b', '\x07', '\x00', '\x1b[K', '\x1b[2J', '\x1b[12D', '\x1b]0;title', '\x1b\\', '\x1b', '\t', '\x7f', '--More--');

  it('gives the same line as cleaning the whole tail, for any mix of text, escapes and control bytes', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const tail = parts.join('');
        expect(lastScreenLine(tail)).toBe(reference(tail));
      }),
      { numRuns: 5000 },
    );
  });

  it('cleans the whole tail when an unterminated title sequence swallows the line break', () => {
    expect(lastScreenLine('\x1b]0;title\nuser@host:~$ ')).toBe('');
    expect(lastScreenLine('\x1b]0;title\x07\nuser@host:~$ ')).toBe('user@host:~$ ');
  });

  it('returns plain text unchanged from cleanOutput', () => {
    const plain = 'line one\nline\ttwo\n> ';
    expect(cleanOutput(plain)).toBe(plain);
  });
});

describe('exit status scan of a growing buffer', () => {
  const marker = '__FM_RC_0a1b2c';
  const piece = fc.constantFrom('x', ' ', '\r', '\n', '\r\n', '0', '42', '=', '"', '$?', marker, `${marker}=`, `${marker}=7`, `${marker}=$?"`);

  it('finds what findExitStatus finds in the whole buffer, whatever the chunking', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 8 }), (parts, cutsRaw) => {
        const text = parts.join('');
        const cuts = [...new Set(cutsRaw.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        let status: number | undefined;
        let scanned = 0;
        for (const end of [...cuts, text.length]) {
          if (status === undefined) status = scanExitStatus(text.slice(0, end), marker, scanned);
          scanned = end;
        }
        expect(status).toBe(findExitStatus(text, marker));
      }),
      { numRuns: 3000 },
    );
  });

  it('does not take the echoed command line for the status', () => {
    const sent = withExitMarker('ls', marker);
    expect(scanExitStatus(`${sent}\r\n`, marker, 0)).toBeUndefined();
    expect(scanExitStatus(`${sent}\r\n${marker}=0\r\n> `, marker, 0)).toBe(0);
  });
});
