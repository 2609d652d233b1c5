// `run --list-hosts`, `--list-tasks` and `--syntax-check`, shaped as ansible-playbook prints them: nothing is
// contacted, the playbook and inventory are only loaded and resolved.
import type { InventoryHost } from '../inventory/model.js';
import type { Playbook } from '../playbook/model.js';

export interface ListingFlags {
  listHosts?: boolean;
  listTasks?: boolean;
  syntaxCheck?: boolean;
}

/** Whether the flags ask for a listing instead of a run. */
export function wantsListing(flags: ListingFlags): boolean {
  return flags.listHosts === true || flags.listTasks === true || flags.syntaxCheck === true;
}

/** The text ansible-playbook would print for these flags (the syntax check: just the playbook line). */
export function playbookListing(playbook: Playbook, hostsByPlay: InventoryHost[][], flags: ListingFlags): string {
  const lines = ['', `playbook: ${playbook.path}`];
  if (flags.listHosts === true || flags.listTasks === true) {
    playbook.plays.forEach((play, i) => {
      lines.push('', `  play #${i + 1} (${play.hosts}): ${play.name}\tTAGS: []`);
      if (flags.listHosts === true) {
        const hosts = hostsByPlay[i] ?? [];
        lines.push(`    pattern: ['${play.hosts}']`, `    hosts (${hosts.length}):`, ...hosts.map((h) => `      ${h.name}`));
      }
      if (flags.listTasks === true) {
        lines.push('    tasks:', ...play.steps.map((s) => `      ${s.id}: ${s.name}\tTAGS: []`));
      }
    });
  }
  return lines.join('\n') + '\n';
}
