// The login banner an FTD writes after SSH authentication (layout from the oxidized FP1010 fixture).
import type { DeviceState } from '../device/state.js';

/** `Thu Jul 10 09:11:54 UTC 2025`, the `date`/`last` style. */
export function unixDate(ms: number): string {
  const d = new Date(ms);
  const day = d.toUTCString().slice(0, 3);
  const mon = d.toUTCString().slice(8, 11);
  const dd = String(d.getUTCDate()).padStart(2, ' ');
  const time = d.toISOString().slice(11, 19);
  return `${day} ${mon} ${dd} ${time} UTC ${d.getUTCFullYear()}`;
}

/** Render the banner; trailing spaces on the copyright lines are as on the device. */
export function renderBanner(s: DeviceState, now: number, from: string): string {
  const last = s.lastLogin ?? now - 3_600_000;
  return [
    `Last login: ${unixDate(last)} from ${from} on pts/0`,
    `Successful login attempts for user 'admin' : ${s.loginCount}`,
    '',
    'Copyright 2004-2024, Cisco and/or its affiliates. All rights reserved. ',
    'Cisco is a registered trademark of Cisco Systems, Inc. ',
    'All other trademarks are property of their respective owners.',
    '',
    `Cisco Firepower Extensible Operating System (FX-OS) v${s.fxosVersion} (build ${s.fxosBuild})`,
    `Cisco Firepower Threat Defense for VMware v${s.version} (build ${s.build})`,
    '',
  ].join('\n') + '\n';
}
