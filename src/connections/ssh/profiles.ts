// Device profiles as data: each platform is a ladder of modes (prompt, how to climb, how to descend),
// plus the text that marks a device error, a pager, a password prompt and a reboot confirmation.
// Patterns are facts from FTD-CLI.md §1, §4, §6, §7; the session code holds no device knowledge of its own.
import type { Answer, Mode } from '../../playbook/model.js';
import type { Platform } from '../platforms.js';

/** How to enter a mode from the one below it. */
export interface ModeEntry {
  /** The mode this entry climbs from. */
  from: Mode;
  command: string;
  /** Sent in answer to the profile's password prompt while climbing (sudo). */
  sudoPassword?: boolean;
}

/** One rung of the ladder. */
export interface ModeSpec {
  name: Mode;
  /** Matches the last line of the cleaned screen when the device waits at this mode's prompt. */
  prompt: RegExp;
  /** Absent for the rung a login lands on. */
  enter?: ModeEntry;
  /** Leaves this mode for the one below. */
  exitCommand: string;
  /** A shell that can report `$?`: commands get the exit-status marker appended. */
  exitStatus: boolean;
  /** Added to E_MODE_UNAVAILABLE when the device refuses to enter this mode. */
  unavailableHint?: string;
}

/** Everything the session needs to know about one kind of device. */
export interface DeviceProfile {
  platform: Platform;
  /** Lowest rung first. Detection tries them in reverse, most specific first. */
  modes: ModeSpec[];
  /** A line matching one of these is reported as CommandResult.deviceError. */
  errorPatterns: RegExp[];
  /** Pager prompts: answered with a space, their lines removed from output. */
  pagerPatterns: RegExp[];
  /** In which mode a syntax error leaves the typed text in the line buffer (CLISH quirk, FTD-CLI.md §7.3). */
  lineBufferQuirk?: { mode: Mode; error: RegExp; dirtyPrompt: RegExp; clear: string };
  /** The password prompt of sudo while climbing. */
  passwordPrompt: RegExp;
  /** sudo's answer to a wrong password. */
  passwordRejected: RegExp;
  /** The login demands a new password before any prompt (expired or first-login password). */
  passwordChange: RegExp;
  /** A command that ends in another mode's prompt changed mode (strict prompts); off for generic shells. */
  trustForeignPrompts: boolean;
  reboot: { mode: Mode; command: string; answers: Answer[] };
}

// FTD-CLI.md §7.2 (scrapli) and §7.3 (Unicon): expert is `<user>@<host>:<path>$`, root is `root@<host>:<path>#`.
const EXPERT_PROMPT = /^(?!root@)[\w.-]{1,63}@[\w.-]+:[^\n]*\$ ?$/;
const ROOT_PROMPT = /^root@[\w.-]+:[^\n]*# ?$/;
const CLISH_PROMPT = /^> ?$/;

const FTD_ERRORS = [/Syntax error:[^\n]*/, /command not found/, /Permission denied/, /sudo: \d+ incorrect password attempts/];
// §6: FTD CLISH does not page by default, but a generic `--More--` / ASA-style `<--- More --->` must never stall.
// Line-local, as cleanOutput needs: no anchors, lookarounds or classes that can match a line end.
const PAGERS = [/<-+ ?More ?-+>/, /-{2,} ?More ?(?:\(\d+%\) ?)?-{2,}/];
const PASSWORD_PROMPT = /(?:^|\n)[^\n]*[Pp]assword(?: for [^\n:]*)?: ?$/;
const PASSWORD_REJECTED = /Sorry, try again\.|incorrect password attempts/;
// FTD 7.0.1 over SSH (netmiko #3065) and 7.4.2 on the console (FMC-API.md §3.6): `Hello <user>. You must change your
// password.` / `Enter new password:`; Linux shadow/PAM: `WARNING: Your password has expired.` / `You must change your
// password now and login again!` / `You are required to change your password immediately (administrator enforced)`.
const PASSWORD_CHANGE =
  /You must change your password|You are required to change your password|Your password has expired|Password expired|password has expired|Enter new password: ?$|New password: ?$|\(current\) UNIX password: ?$/im;
// §4: `Please enter 'YES' or 'NO': `; Unicon answers lower-case `yes`, the simulator accepts both.
const FTD_REBOOT_ANSWERS: Answer[] = [{ expect: /Please enter 'YES' or 'NO':\s*$/, answer: 'YES' }];

function ftdLike(platform: 'ftd' | 'fmc'): DeviceProfile {
  return {
    platform,
    modes: [
      { name: 'clish', prompt: CLISH_PROMPT, exitCommand: 'exit', exitStatus: false },
      {
        name: 'expert',
        prompt: EXPERT_PROMPT,
        enter: { from: 'clish', command: 'expert' },
        exitCommand: 'exit',
        exitStatus: true,
        // FTD-CLI.md §1.3: only Config-level users may run `expert`; FMC-API.md §3.10: lockdown may remove it.
        unavailableHint: 'expert (Linux shell) access is disabled on this device (for example by system lockdown) or this user lacks Config-level CLI access; steps in expert or root mode cannot run here',
      },
      {
        name: 'root',
        prompt: ROOT_PROMPT,
        enter: { from: 'expert', command: 'sudo su -', sudoPassword: true },
        exitCommand: 'exit',
        exitStatus: true,
      },
    ],
    errorPatterns: FTD_ERRORS,
    pagerPatterns: PAGERS,
    lineBufferQuirk: { mode: 'clish', error: /Syntax error:/, dirtyPrompt: /^> \S/, clear: '\x15\n' },
    passwordPrompt: PASSWORD_PROMPT,
    passwordRejected: PASSWORD_REJECTED,
    passwordChange: PASSWORD_CHANGE,
    trustForeignPrompts: true,
    reboot: { mode: 'clish', command: 'reboot', answers: FTD_REBOOT_ANSWERS },
  };
}

const LINUX: DeviceProfile = {
  platform: 'linux',
  modes: [
    { name: 'shell', prompt: /\$ ?$/, exitCommand: 'exit', exitStatus: true },
    { name: 'root', prompt: /# ?$/, enter: { from: 'shell', command: 'sudo su -', sudoPassword: true }, exitCommand: 'exit', exitStatus: true },
  ],
  errorPatterns: [/command not found/, /Permission denied/, /No such file or directory/],
  pagerPatterns: PAGERS,
  passwordPrompt: PASSWORD_PROMPT,
  passwordRejected: PASSWORD_REJECTED,
  passwordChange: PASSWORD_CHANGE,
  trustForeignPrompts: false,
  reboot: { mode: 'root', command: 'reboot', answers: [] },
};

const PROFILES: Record<Platform, DeviceProfile> = { ftd: ftdLike('ftd'), fmc: ftdLike('fmc'), linux: LINUX };

/** The profile for a platform. */
export function profileFor(platform: Platform): DeviceProfile {
  return PROFILES[platform];
}

/** The rung for a mode, or undefined when the platform has no such mode. */
export function modeSpec(profile: DeviceProfile, mode: Mode): ModeSpec | undefined {
  return profile.modes.find((m) => m.name === mode);
}

/** The ladder index of a mode (-1 when the platform has no such mode). */
export function modeLevel(profile: DeviceProfile, mode: Mode): number {
  return profile.modes.findIndex((m) => m.name === mode);
}
