// Root causes: the outcomes of a run grouped by what went wrong, so 300 devices with one blocked proxy read as one
// problem with 300 devices, not 300 problems. A cause is one step (or, for a host never checked, one error code)
// with one remedy, fix or error once the host-specific parts (its name, its address, the loop item) are taken
// out; loop items of a step that share a remedy become one cause listing the items. Pure: every output (terminal,
// line log, JSON report, JUnit, SUMMARY.md, HTML) derives from causesOf().
import type { HostResult, HostStatus, StepResult } from '../engine/results.js';
import { STATUS_ORDER } from '../engine/results.js';
import { compareHostNames } from './host-order.js';

/** One root cause of a run. */
export interface Cause {
  /** Outcome the cause leads to: a step status, or `unreachable`/`failed` for a host that errored before its steps. */
  status: HostStatus;
  /** The step (loop suffix removed) whose outcome this is; absent for a host-level error. */
  step?: string;
  /** The step's name, for people. */
  stepName?: string;
  /** The error code (E_AUTH …), when the cause is an error. */
  code?: string;
  /** One line saying what is wrong or what is done, with `<host>`, `<address>` and `<item>` for the host-specific parts. */
  message: string;
  /** The manual remedy (action_required, or a failed step's remedy), host-specific parts abstracted the same way. */
  remedy?: string;
  /** For a loop step: the items that share this cause, in first-seen order. */
  items?: string[];
  /** The hosts it applies to, in natural name order. */
  hosts: string[];
}

/** A cause as the JSON report and the HTML page carry it (snake_case, like the rest of the report). */
export interface CauseRecord {
  status: HostStatus;
  step?: string;
  step_name?: string;
  code?: string;
  message: string;
  remedy?: string;
  items?: string[];
  hosts: string[];
}

/** Causes as report records. */
export function causeRecords(causes: readonly Cause[]): CauseRecord[] {
  return causes.map(({ stepName, hosts, ...c }) => ({ ...c, ...(stepName !== undefined ? { step_name: stepName } : {}), hosts }));
}

/** A code as a result carries it, or as a JSON report read back from a file has it (any `E_…` string). */
type CauseError = { code: string; message: string };
/** What causes are computed from: a run's results, or a saved plan's steps (only these fields are read). */
export type CauseStep = Pick<StepResult, 'id' | 'name' | 'status' | 'item' | 'afterFixOf' | 'reason' | 'remedy' | 'ignored'> & { error?: CauseError | undefined; fix?: Pick<NonNullable<StepResult['fix']>, 'commands' | 'reboot'> | undefined };
export type CauseHost = Pick<HostResult, 'name' | 'address' | 'status' | 'reason'> & { error?: CauseError | undefined; steps: readonly CauseStep[] };

interface Found {
  key: string;
  cause: Omit<Cause, 'hosts' | 'items'>;
  item?: string;
}

const baseId = (id: string): string => id.replace(/\[\d+\]$/, '');
const firstLine = (s: string): string => (s.split('\n').find((l) => l.trim() !== '') ?? '').trim();
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Text with one host's specific parts replaced by placeholders (whole words only: a host named `a` must not eat every "a"). */
export function abstractHostText(text: string, host: Pick<HostResult, 'name' | 'address'>, item?: string): string {
  // The item: its first mention only. A remedy often names the item, then the whole list it belongs to
  // ("cannot reach B: allow A, B, C"); only the first mention is the item's own, the list is shared by all items.
  let out = item !== undefined && item !== '' ? replaceWord(text, item, '<item>', false) : text;
  const parts: [string, string][] = [];
  if (host.address !== '') {
    parts.push([host.address, '<address>']);
    // The address is "host:port" in results; remedies usually name only the host part (ansible_host).
    const bare = host.address.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
    if (bare !== host.address && bare !== '') parts.push([bare, '<address>']);
  }
  parts.push([host.name, '<host>']);
  // Longest first: an address "10.0.0.1:22" before its bare "10.0.0.1".
  parts.sort((a, b) => b[0].length - a[0].length);
  for (const [literal, placeholder] of parts) out = replaceWord(out, literal, placeholder, true);
  return out;
}

function replaceWord(text: string, literal: string, placeholder: string, all: boolean): string {
  return text.replace(new RegExp(`(?<![\\w.-])${escapeRe(literal)}(?![\\w-]|\\.\\w)`, all ? 'g' : ''), placeholder);
}

function itemText(item: unknown): string | undefined {
  if (typeof item === 'string') return item;
  if (typeof item === 'number' || typeof item === 'boolean') return String(item);
  return item === undefined ? undefined : JSON.stringify(item);
}

// A step's outcome as a cause, or undefined when the step is no cause of its own: ok, skipped (after an earlier
// problem), a failure the playbook said to ignore (ignore_errors: it fails neither the host nor the run), or
// pending only because an earlier step's fix is pending (that fix is the cause).
function stepCause(h: CauseHost, s: CauseStep, inferred: Map<string, string>): Found | undefined {
  if (s.status === 'ok' || s.status === 'skipped' || s.ignored === true) return undefined;
  if (s.status === 'pending' && s.afterFixOf !== undefined) return undefined;
  const item = itemText(s.item) ?? inferred.get(s.id);
  const abs = (t: string): string => abstractHostText(t, h, item);
  const step = baseId(s.id);
  const commands = (s.fix?.commands ?? []).join(' ; ');
  let message: string;
  let code: string | undefined;
  let remedy: string | undefined;
  switch (s.status) {
    case 'changed':
      message = `fixed: sent ${commands}${s.fix?.reboot ? ' (rebooted)' : ''}`;
      break;
    case 'pending':
      message = s.fix ? `would send ${commands}${s.fix.reboot ? ' (reboots the device)' : ''}` : firstLine(s.reason ?? 'pending');
      break;
    case 'action_required':
      remedy = s.remedy ?? 'no automated fix; see the report';
      message = firstLine(remedy);
      break;
    case 'failed':
      code = s.error?.code;
      message = firstLine(s.reason ?? s.error?.message ?? 'failed');
      if (s.remedy !== undefined) remedy = s.remedy;
      break;
  }
  message = abs(message);
  if (remedy !== undefined) remedy = abs(remedy);
  // A failure with an error code is one cause per step and code: messages of the same error differ in details.
  const what = code !== undefined ? code : `${message}\u0000${remedy ?? ''}`;
  const cause: Found['cause'] = { status: s.status, step, stepName: s.name, message, ...(code !== undefined ? { code } : {}), ...(remedy !== undefined ? { remedy } : {}) };
  return { key: `step\u0000${step}\u0000${s.status}\u0000${what}`, cause, ...(item !== undefined ? { item } : {}) };
}

// A host that errored without a failing step to carry it (unreachable, or cut off before a step ended).
function hostCause(h: CauseHost): Found | undefined {
  const carried = h.steps.some((s) => s.status === 'failed');
  if (!(h.status === 'unreachable' || (h.status === 'failed' && !carried))) return undefined;
  const code = h.error?.code ?? (h.status === 'unreachable' ? 'E_UNREACHABLE' : 'E_FAILED');
  const message = abstractHostText(firstLine(h.error?.message ?? h.reason ?? h.status), h);
  return { key: `host\u0000${h.status}\u0000${code}`, cause: { status: h.status, code, message } };
}

// A saved plan keeps loop results without their item. The items of one loop step with one outcome then differ in
// their remedy only where the item is named: the part between the texts' common beginning and end is the item.
function inferItems(steps: readonly CauseStep[]): Map<string, string> {
  const loops = new Map<string, CauseStep[]>();
  for (const s of steps) {
    if (s.item !== undefined || !/\[\d+\]$/.test(s.id) || s.remedy === undefined) continue;
    const key = `${baseId(s.id)}\u0000${s.status}`;
    loops.set(key, [...(loops.get(key) ?? []), s]);
  }
  const items = new Map<string, string>();
  for (const group of loops.values()) {
    const texts = group.map((s) => s.remedy as string);
    if (group.length < 2 || new Set(texts).size !== texts.length) continue;
    let pre = 0;
    while (texts.every((t) => pre < t.length && t[pre] === (texts[0] as string)[pre])) pre += 1;
    let suf = 0;
    while (texts.every((t) => suf < t.length - pre && t[t.length - 1 - suf] === (texts[0] as string)[(texts[0] as string).length - 1 - suf])) suf += 1;
    // Back to word edges, so "api-sse" and "api.eu" give whole names, not their tails.
    while (pre > 0 && /[\w.-]/.test((texts[0] as string)[pre - 1] as string)) pre -= 1;
    while (suf > 0 && /[\w.-]/.test((texts[0] as string)[(texts[0] as string).length - suf] as string)) suf -= 1;
    const middles = texts.map((t) => t.slice(pre, t.length - suf));
    if (middles.some((m) => m === '' || m.includes('\n'))) continue;
    group.forEach((s, i) => items.set(s.id, middles[i] as string));
  }
  return items;
}

/** The root causes of a run, largest first (then worst status, then first seen); hosts in natural name order. */
export function causesOf(result: { hosts: readonly CauseHost[] }): Cause[] {
  const byKey = new Map<string, { cause: Found['cause']; hosts: Set<string>; items: string[]; seen: number }>();
  const add = (f: Found | undefined, host: string): void => {
    if (!f) return;
    let entry = byKey.get(f.key);
    if (!entry) {
      entry = { cause: f.cause, hosts: new Set(), items: [], seen: byKey.size };
      byKey.set(f.key, entry);
    }
    entry.hosts.add(host);
    if (f.item !== undefined && !entry.items.includes(f.item)) entry.items.push(f.item);
  };
  for (const h of result.hosts) {
    add(hostCause(h), h.name);
    const inferred = inferItems(h.steps);
    for (const s of h.steps) add(stepCause(h, s, inferred), h.name);
  }
  const severity = (s: HostStatus): number => STATUS_ORDER.indexOf(s);
  return [...byKey.values()]
    .sort((a, b) => b.hosts.size - a.hosts.size || severity(a.cause.status) - severity(b.cause.status) || a.seen - b.seen)
    .map((e) => ({ ...e.cause, ...(e.items.length > 0 ? { items: e.items } : {}), hosts: [...e.hosts].sort(compareHostNames) }));
}

/** A cause in one line, as the terminal, the line log and JUnit name it: "cloud-reachable action_required: …". */
export function causeTitle(c: Cause): string {
  const what = c.step !== undefined ? `${c.step} ${c.status}${c.code !== undefined ? ` [${c.code}]` : ''}` : `${c.status} [${c.code ?? ''}]`;
  const items = c.items && c.items.length > 0 ? ` (items: ${c.items.join(', ')})` : '';
  return `${what}: ${c.message}${items}`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The causes as plain text lines for a person: each cause, how many devices, and which (at most `maxHosts` named). */
export function formatCauses(causes: readonly Cause[], maxHosts = Infinity): string[] {
  if (causes.length === 0) return ['Root causes: none (nothing to fix or look at)'];
  const lines = [`Root causes (${causes.length}, largest first):`];
  causes.forEach((c, i) => {
    const named = c.hosts.length > maxHosts ? [...c.hosts.slice(0, maxHosts), `… ${c.hosts.length - maxHosts} more`] : c.hosts;
    lines.push(`  ${i + 1}. ${causeTitle(c)}`, `     ${plural(c.hosts.length, 'device')}: ${named.join(', ')}`);
  });
  return lines;
}

/** The causes as a Markdown section (SUMMARY.md of --evidence): a table, largest first, the remedies after it. */
export function causesMarkdown(causes: readonly Cause[]): string[] {
  const cell = (t: string): string => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = ['## Root causes', ''];
  if (causes.length === 0) return [...lines, 'None: nothing to fix or look at.', ''];
  lines.push('| # | devices | step / error | outcome | what | hosts |', '|---|---|---|---|---|---|');
  causes.forEach((c, i) => {
    const what = c.items && c.items.length > 0 ? `${c.message} (items: ${c.items.join(', ')})` : c.message;
    lines.push(`| ${i + 1} | ${c.hosts.length} | ${cell(c.step ?? c.code ?? '')}${c.step !== undefined && c.code !== undefined ? ` (${c.code})` : ''} | ${c.status} | ${cell(what)} | ${cell(c.hosts.join(', '))} |`);
  });
  lines.push('');
  causes.forEach((c, i) => {
    if (c.remedy !== undefined) lines.push(`Remedy for cause ${i + 1}: ${c.remedy}`, '');
  });
  return lines;
}
