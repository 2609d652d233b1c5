// What the session reads from a device during login and while climbing: a forced password change, sudo's
// verdict on the password, prompts with BEL and other control bytes. Texts are the real ones the sources show.
import { describe, expect, it } from 'vitest';
import { profileFor } from '../../../../src/connections/ssh/profiles.js';
import { cursorLine, detectMode, passwordChangeDemand, sudoVerdict } from '../../../../src/connections/ssh/prompt.js';

const ftd = profileFor('ftd');
const linux = profileFor('linux');

describe('passwordChangeDemand', () => {
  it('sees the FTD forced change over SSH (netmiko #3065, FTD 7.0.1 on an FP1140)', () => {
    const raw =
      'Cisco Firepower Extensible Operating System (FX-OS) v2.10.1 (build 175)\r\nCisco Firepower 1140 Threat Defense v7.0.1 (build 84)\r\n\r\nHello testuser. You must change your password.\r\nEnter new password: ';
    expect(passwordChangeDemand(ftd, raw)).toBe('Hello testuser. You must change your password.');
  });

  it('sees the first-login dialogue of FTD 7.4.2 even before its last line arrives (FMC-API.md §3.6)', () => {
    expect(passwordChangeDemand(ftd, "Successful login attempts for user 'admin' : 1\r\nHello admin. You must change your password.\r\n")).toBe(
      'Hello admin. You must change your password.',
    );
  });

  it('sees the Linux shadow/PAM expiry text (an ssh session to a RHEL host, code-index id 38010040426)', () => {
    const raw =
      'You are required to change your password immediately (administrator enforced)\r\n\r\nWARNING: Your password has expired.\r\nYou must change your password now and login again!\r\nChanging password for user agetest.\r\nCurrent password: ';
    expect(passwordChangeDemand(linux, raw)).toBe('You are required to change your password immediately (administrator enforced)');
  });

  it('sees an Ubuntu `(current) UNIX password:` prompt with a BEL in front', () => {
    expect(passwordChangeDemand(linux, 'Changing password for nvidia.\r\n\x07(current) UNIX password: ')).toBe('(current) UNIX password:');
  });

  it('stays quiet for a normal FTD login banner and prompt', () => {
    const banner =
      '\r\nCopyright 2004-2024, Cisco and/or its affiliates. All rights reserved. \r\nCisco is a registered trademark of Cisco Systems, Inc. \r\nAll other trademarks are property of their respective owners.\r\n\r\nCisco Firepower Extensible Operating System (FX-OS) v2.14.1 (build 131)\r\nCisco Firepower Threat Defense for VMware v7.4.1 (build 172)\r\n\r\n> ';
    expect(passwordChangeDemand(ftd, banner)).toBeUndefined();
    expect(passwordChangeDemand(linux, 'Last login: Sat Feb  8 15:10:05 2020 from 172.16.10.155\r\nroot@host:~# ')).toBeUndefined();
  });
});

describe('sudoVerdict', () => {
  // After `sudo su -` the password goes at the end of `Password: `; `from` marks that point.
  const sent = 'admin@firepower:~$ sudo su -\r\nPassword: ';

  it("reads 'Sorry, try again.' as a rejection (FTD-CLI.md §12.5, sudo's own wording)", () => {
    expect(sudoVerdict(ftd, `${sent}\r\nSorry, try again.\r\nPassword: `, sent.length)).toBe('rejected');
  });

  it('reads a second password prompt without a sorry line as asking again (ansible #35349)', () => {
    expect(sudoVerdict(ftd, `${sent}\r\n[sudo] password for admin: `, sent.length)).toBe('asked-again');
  });

  it('reads the root prompt, or nothing yet, as no verdict', () => {
    expect(sudoVerdict(ftd, `${sent}\r\nroot@firepower:~# `, sent.length)).toBeUndefined();
    expect(sudoVerdict(ftd, sent, sent.length)).toBeUndefined();
    expect(sudoVerdict(ftd, `${sent}\r\n`, sent.length)).toBeUndefined();
  });

  it('reads the three-strikes line as a rejection', () => {
    expect(sudoVerdict(ftd, `${sent}\r\nsudo: 3 incorrect password attempts\r\nadmin@firepower:~$ `, sent.length)).toBe('rejected');
  });
});

describe('prompts with BEL and other control bytes', () => {
  it('finds the CLISH prompt when BEL follows it (netmiko #698: find_prompt returned \\x07 on FTD)', () => {
    expect(detectMode(ftd, cursorLine('show version output\r\n> \x07'))).toBe('clish');
    expect(detectMode(ftd, cursorLine('\x07\r\n> '))).toBe('clish');
  });

  it('finds expert and root prompts with BEL, SO/SI and an xterm title sequence around them', () => {
    expect(detectMode(ftd, cursorLine('\x1b]0;admin@firepower: ~\x07admin@firepower:~$ \x07'))).toBe('expert');
    expect(detectMode(ftd, cursorLine('\x0eroot@firepower:~# \x0f'))).toBe('root');
  });

  it('does not take a line that only ends in BEL-stripped junk for a prompt', () => {
    expect(detectMode(ftd, cursorLine('Syntax error: Illegal parameter\x07'))).toBeUndefined();
  });
});
