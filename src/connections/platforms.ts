// Every platform firemend knows (`firemend_platform`) and the modes its commands run in: the one place this is
// declared. The SSH kind's device profiles (ssh/profiles.ts) spell out each mode's prompt and how to climb to it,
// and a unit test holds them to this table; the inventory's default, the read-only classifier, playbook
// validation and each connection kind's platform list all read it from here.
import type { Mode } from '../playbook/model.js';

/** What one platform is. */
export interface PlatformSpec {
  /** The modes a CLI command may ask for on it, the login mode first. Empty: it has no CLI (REST only). */
  readonly modes: readonly Mode[];
  /** How validate explains the modes to someone who asked for one the platform lacks. */
  readonly modesHint: string;
}

/** The platforms, by `firemend_platform` value. */
export const PLATFORMS = {
  ftd: { modes: ['clish', 'expert', 'root'], modesHint: 'ftd hosts have modes clish, expert and root; shell is only for linux hosts' },
  fmc: { modes: ['clish', 'expert', 'root'], modesHint: 'fmc hosts have modes clish, expert and root; shell is only for linux hosts' },
  linux: { modes: ['shell', 'root'], modesHint: 'linux hosts have modes shell and root' },
} as const satisfies Record<string, PlatformSpec>;

export type Platform = keyof typeof PLATFORMS;

export const PLATFORM_NAMES: readonly Platform[] = Object.keys(PLATFORMS) as Platform[];

/** A host that does not say its platform is an FTD. */
export const DEFAULT_PLATFORM: Platform = 'ftd';

export function isPlatform(name: unknown): name is Platform {
  return typeof name === 'string' && Object.hasOwn(PLATFORMS, name);
}

/** The platform a host's vars name (the default when they name none; the raw text when it is unknown). */
export function platformOfVars(vars: Record<string, unknown>): string {
  const p = vars['firemend_platform'];
  return typeof p === 'string' && p !== '' ? p : DEFAULT_PLATFORM;
}

/** Whether a command may run in `mode` on `platform` (false for a platform firemend does not know). */
export function modeFits(mode: string, platform: string): boolean {
  return isPlatform(platform) && (PLATFORMS[platform].modes as readonly string[]).includes(mode);
}

/** The platform a mode implies when no inventory says (validate without -i): the first that has it. */
export function platformForMode(mode: string): Platform {
  return PLATFORM_NAMES.find((p) => (PLATFORMS[p].modes as readonly string[]).includes(mode)) ?? DEFAULT_PLATFORM;
}
