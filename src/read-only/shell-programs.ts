// The read-only list for expert, root and linux shells: each program with the rule for its arguments.
// A program not listed here is refused. Wrappers (sudo, su -c, timeout, nice, env) classify what they run.
import { isShortCluster, isStatic, longName, notKnown, show, valueText, walkOptions } from './arg-tools.js';
import { curlRule } from './curl-rules.js';
import { awkRule, sedRule } from './script-rules.js';
import type { Word } from './shell-parse.js';
import { readOnly, refused, type Verdict } from './verdict.js';

/** How a wrapper asks for the command it runs to be classified (argv, or a whole shell line for su -c). */
export interface Recurse {
  argv: (words: Word[]) => Verdict;
  line: (line: Word) => Verdict;
}

type Rule = (args: Word[], recurse: Recurse) => Verdict;

// Programs none of whose options write, send or run anything.
const ANY_ARGS = [
  'cat', 'head', 'tail', 'grep', 'egrep', 'fgrep', 'zgrep', 'zcat', 'wc', 'echo', 'true', 'false', ':', 'uptime', 'whoami',
  'id', 'uname', 'ls', 'stat', 'df', 'du', 'free', 'ps', 'pwd', 'netstat', 'lsof', 'nslookup', 'dig', 'host', 'ping',
  'ping6', 'traceroute', 'tracepath', 'telnet', 'cut', 'tr', 'column', 'jq', 'test', '[', 'basename', 'dirname',
  'readlink', 'realpath', 'which', 'md5sum', 'sha1sum', 'sha256sum', 'w', 'who', 'sftunnel_status.pl',
];

const NO_OPERANDS = (program: string, allowed: readonly string[], why: string): Rule => (args) =>
  walkOptions(args, { shortWithArg: '', longWithArg: [] }, ({ option, operand }) => {
    if (operand) return refused(`${program} ${show(operand)} ${why}`);
    return allowed.includes(option ?? '') ? undefined : refused(`${program} option ${option} is not known to be read-only`);
  }) ?? readOnly(`${program} only shows`);

function firstStatic(args: Word[], what: string): { word: Word; verdict?: Verdict } | undefined {
  const w = args[0];
  if (w === undefined) return undefined;
  return isStatic(w) ? { word: w } : { word: w, verdict: notKnown(w, what) };
}

const pmtool: Rule = (args) => {
  const first = firstStatic(args, 'the pmtool subcommand');
  if (first === undefined) return refused('pmtool without a subcommand');
  if (first.verdict) return first.verdict;
  const sub = first.word.value;
  if (sub.toLowerCase() !== 'status') return refused(`pmtool ${sub} changes the device: only 'pmtool status' is read-only`);
  if (args.length > 1) return refused(`pmtool status takes no further arguments (got ${show(args[1] as Word)})`);
  return readOnly('pmtool status only shows');
};

const date: Rule = (args) =>
  walkOptions(args, { shortWithArg: 'drf', longWithArg: ['--date', '--reference', '--file'] }, ({ option, operand }) => {
    if (operand) return operand.value.startsWith('+') ? undefined : refused(`date ${show(operand)} sets the clock`);
    if (option === '-s' || option === '--set') return refused(`date ${option} sets the clock`);
    return ['-d', '--date', '-r', '--reference', '-f', '--file', '-u', '--utc', '--universal', '-R', '--rfc-2822', '--rfc-email', '-I', '--iso-8601', '--rfc-3339'].includes(option ?? '') || (option ?? '').startsWith('-I')
      ? undefined
      : refused(`date option ${option} is not known to be read-only`);
  }) ?? readOnly('date only shows');

const hostname = NO_OPERANDS('hostname', ['-f', '--fqdn', '--long', '-s', '--short', '-d', '--domain', '-i', '--ip-address', '-I', '--all-ip-addresses', '-a', '--alias', '-A', '--all-fqdns', '-y', '--yp', '--nis', '-v', '--verbose'], 'sets the host name');
const route = NO_OPERANDS('route', ['-n', '-e', '-v', '-F', '-C', '--numeric', '--extend', '--verbose'], 'changes the routing table');

const ss: Rule = (args) =>
  args.some((w) => !isStatic(w))
    ? notKnown(args.find((w) => !isStatic(w)) as Word, 'an ss argument')
    : args.some((w) => w.value === '--kill' || (isShortCluster(w.value) && w.value.includes('K')))
      ? refused('ss -K/--kill closes sockets')
      : readOnly('ss only shows');

const printf: Rule = (args) => {
  const first = args[0];
  if (first && !isStatic(first)) return notKnown(first, 'the printf format');
  return first?.value === '-v' ? refused('printf -v assigns a shell variable') : readOnly('printf only prints');
};

const ip: Rule = (args) => {
  const rest = args.filter((w) => !(isStatic(w) && w.value.startsWith('-') && !['-b', '-batch', '-force', '-n', '-netns'].includes(w.value)));
  const [object, verb] = rest;
  if (args.some((w) => isStatic(w) && ['-b', '-batch', '-force', '-n', '-netns'].includes(w.value))) return refused('ip -batch/-netns is not known to be read-only');
  if (object === undefined) return readOnly('ip only shows its help');
  if (!isStatic(object)) return notKnown(object, 'the ip object');
  if (!/^(a|ad|addr|address|r|ro|route|l|li|link|n|neigh|neighbour|neighbor|ru|rule|-)$/.test(object.value)) return refused(`ip ${object.value} is not known to be read-only`);
  if (verb === undefined) return readOnly(`ip ${object.value} shows`);
  if (!isStatic(verb)) return notKnown(verb, 'the ip verb');
  return /^(show|sh|list|ls|lst|get)$/.test(verb.value) ? readOnly(`ip ${object.value} ${verb.value} shows`) : refused(`ip ${object.value} ${verb.value} changes the network configuration`);
};

const ifconfig: Rule = (args) => {
  let names = 0;
  for (const w of args) {
    if (!isStatic(w)) return notKnown(w, 'an ifconfig argument');
    if (['-a', '-s', '-v'].includes(w.value)) continue;
    if (w.value.startsWith('-') || ++names > 1) return refused(`ifconfig ${show(w)} changes an interface`);
  }
  return readOnly('ifconfig only shows');
};

const arp: Rule = (args) =>
  walkOptions(args, { shortWithArg: 'iHA', longWithArg: ['--device', '--hw-type'] }, ({ option }) =>
    option === undefined || ['-a', '-n', '-e', '-v', '-i', '-H', '-A', '--all', '--numeric', '--verbose', '--device', '--hw-type'].includes(option) ? undefined : refused(`arp ${option} changes the ARP table`),
  ) ?? readOnly('arp only shows');

const find: Rule = (args) => {
  for (const w of args) {
    if (!isStatic(w)) return notKnown(w, 'a find argument');
    if (/^-(delete|exec|execdir|ok|okdir|fprint|fprint0|fprintf|fls)$/.test(w.value)) return refused(`find ${w.value} changes files or runs commands`);
  }
  return readOnly('find only lists');
};

const sort: Rule = (args) =>
  walkOptions(args, { shortWithArg: 'oktST', longWithArg: ['--output', '--key', '--field-separator', '--buffer-size', '--temporary-directory', '--compress-program', '--files0-from', '--parallel', '--batch-size'] }, ({ option }) =>
    option === '-o' || option === '--output' ? refused('sort -o writes a file') : option === '--compress-program' ? refused('sort --compress-program runs a program') : undefined,
  ) ?? readOnly('sort only prints');

const uniq: Rule = (args) => {
  let operands = 0;
  return (
    walkOptions(args, { shortWithArg: 'fsw', longWithArg: ['--skip-fields', '--skip-chars', '--check-chars', '--all-repeated', '--group'] }, ({ operand }) =>
      operand && ++operands > 1 ? refused(`uniq ${show(operand)} writes its output to that file`) : undefined,
    ) ?? readOnly('uniq only prints')
  );
};

const tee: Rule = (args) =>
  walkOptions(args, { shortWithArg: '', longWithArg: [] }, ({ operand }) => (operand && operand.value !== '/dev/null' ? refused(`tee ${show(operand)} writes a file`) : undefined)) ??
  readOnly('tee writes nowhere but its output');

const SYSTEMCTL_SHOW = /^(status|show|cat|is-active|is-enabled|is-failed|is-system-running|list-units|list-unit-files|list-timers|list-sockets|list-dependencies|list-jobs|get-default)$/;
const systemctl: Rule = (args) => {
  const verb = args.find((w) => !isStatic(w) || !w.value.startsWith('-'));
  if (verb === undefined) return readOnly('systemctl lists units');
  if (!isStatic(verb)) return notKnown(verb, 'the systemctl verb');
  return SYSTEMCTL_SHOW.test(verb.value) ? readOnly(`systemctl ${verb.value} only shows`) : refused(`systemctl ${verb.value} changes services`);
};

const service: Rule = (args) => {
  const verb = args[1];
  if (verb === undefined) return refused('service without an action');
  if (!isStatic(verb)) return notKnown(verb, 'the service action');
  return verb.value === 'status' ? readOnly('service … status only shows') : refused(`service … ${verb.value} changes a service`);
};

const journalctl: Rule = (args) => {
  for (const w of args) {
    if (!isStatic(w)) continue;
    const name = longName(w.value);
    if (/^--(vacuum-size|vacuum-time|vacuum-files|rotate|flush|sync|relinquish-var|smart-relinquish-var|setup-keys|update-catalog)$/.test(name)) return refused(`journalctl ${name} changes the journal`);
  }
  return readOnly('journalctl only shows');
};

const OPENSSL_SUBCOMMANDS = /^(s_client|x509|verify|version|crl|asn1parse)$/;
const openssl: Rule = (args) => {
  const sub = args[0];
  if (sub === undefined) return refused('openssl without a subcommand opens an interactive prompt');
  if (!isStatic(sub)) return notKnown(sub, 'the openssl subcommand');
  if (!OPENSSL_SUBCOMMANDS.test(sub.value)) return refused(`openssl ${sub.value} is not known to be read-only`);
  for (const w of args.slice(1)) {
    if (!isStatic(w)) return notKnown(w, 'an openssl argument');
    if (/^-(out|keyout|sess_out|keylogfile|msgfile|writerand|CAcreateserial|signkey)$/.test(w.value)) return refused(`openssl ${sub.value} ${w.value} writes a file`);
  }
  return readOnly(`openssl ${sub.value} only reads`);
};

// sudo OPTIONS COMMAND…: the options that only choose the user or prompt; the command is classified.
const sudo: Rule = (args, recurse) => {
  let i = 0;
  for (; i < args.length; i++) {
    const w = args[i] as Word;
    if (!isStatic(w)) return notKnown(w, 'a sudo argument');
    if (w.value === '--') {
      i++;
      break;
    }
    if (!w.value.startsWith('-')) break;
    if (['-u', '-g', '-p', '-C', '-T', '-D', '-h', '-r', '-t', '-U'].includes(w.value)) {
      i++;
      continue;
    }
    if (/^-[nEHSPA]+$/.test(w.value) || w.value === '--non-interactive' || w.value === '--preserve-env' || w.value === '--set-home' || w.value === '--stdin') continue;
    if (/^--(user|group|prompt|close-from|command-timeout|chdir|host)=/.test(w.value)) continue;
    if (w.value === '-l' || w.value === '--list' || w.value === '-V' || w.value === '--version') return readOnly(`sudo ${w.value} only shows`);
    return refused(`sudo ${w.value} is not known to be read-only (a shell, an editor or a credential change)`);
  }
  const rest = args.slice(i);
  if (rest.length === 0) return refused('sudo without a command');
  return recurse.argv(rest);
};

// su [-] [-l] [USER] -c COMMAND: the command is a shell line, classified as such.
const su: Rule = (args, recurse) => {
  let command: Word | undefined;
  for (let i = 0; i < args.length; i++) {
    const w = args[i] as Word;
    if (!isStatic(w)) return notKnown(w, 'an su argument');
    if (w.value === '-c' || w.value === '--command') {
      command = args[++i];
      continue;
    }
    if (w.value.startsWith('--command=')) {
      command = { ...w, value: w.value.slice('--command='.length) };
      continue;
    }
    if (w.value === '-s' || w.value === '--shell') {
      const sh = valueText(args[++i]);
      if (sh === undefined || !/^\/bin\/(ba)?sh$/.test(sh)) return refused(`su ${w.value} with a shell other than /bin/sh or /bin/bash`);
      continue;
    }
    if (['-', '-l', '--login', '-m', '-p', '--preserve-environment'].includes(w.value) || !w.value.startsWith('-')) continue;
    return refused(`su ${w.value} is not known to be read-only`);
  }
  if (command === undefined) return refused('su without -c opens a shell');
  return recurse.line(command);
};

// timeout [OPTIONS] DURATION COMMAND…, nice [-n N] COMMAND…: the command is classified.
const timeout: Rule = (args, recurse) => {
  let i = 0;
  for (; i < args.length && isStatic(args[i] as Word) && (args[i] as Word).value.startsWith('-'); i++) if (['-s', '-k', '--signal', '--kill-after'].includes((args[i] as Word).value)) i++;
  if (i >= args.length) return refused('timeout without a duration');
  return args.length > i + 1 ? recurse.argv(args.slice(i + 1)) : refused('timeout without a command');
};

const nice: Rule = (args, recurse) => {
  let i = 0;
  if (args[0] && isStatic(args[0]) && args[0].value === '-n') i = 2;
  else if (args[0] && isStatic(args[0]) && /^-(n)?-?[0-9]+$/.test(args[0].value)) i = 1;
  return args.length > i ? recurse.argv(args.slice(i)) : readOnly('nice only shows the niceness');
};

const env: Rule = (args, recurse) => {
  let i = 0;
  for (; i < args.length; i++) {
    const w = args[i] as Word;
    if (!isStatic(w)) return notKnown(w, 'an env argument');
    if (w.value === '-u' || w.value === '--unset') {
      i++;
      continue;
    }
    if (w.value === '-i' || w.value === '--ignore-environment' || w.value === '-') continue;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w.value)) {
      const name = w.value.slice(0, w.value.indexOf('='));
      if (!SAFE_ASSIGNMENT.test(name)) return refused(`env ${name}=… is not a harmless variable (only LC_*, LANG, TZ, COLUMNS, LINES, TERM)`);
      continue;
    }
    if (w.value.startsWith('-')) return refused(`env ${w.value} is not known to be read-only`);
    break;
  }
  return i < args.length ? recurse.argv(args.slice(i)) : readOnly('env only shows the environment');
};

/** Variables a check may set for one command: locale, time zone, terminal size. */
export const SAFE_ASSIGNMENT = /^(LC_[A-Z]+|LANG|LANGUAGE|TZ|COLUMNS|LINES|TERM)$/;

export const PROGRAMS: ReadonlyMap<string, Rule> = new Map<string, Rule>([
  ...ANY_ARGS.map((name): [string, Rule] => [name, () => readOnly(`${name} only reads`)]),
  ['pmtool', pmtool],
  ['curl', curlRule],
  ['sed', sedRule],
  ['awk', awkRule],
  ['gawk', awkRule],
  ['mawk', awkRule],
  ['nawk', awkRule],
  ['date', date],
  ['hostname', hostname],
  ['route', route],
  ['ss', ss],
  ['printf', printf],
  ['ip', ip],
  ['ifconfig', ifconfig],
  ['arp', arp],
  ['find', find],
  ['sort', sort],
  ['uniq', uniq],
  ['tee', tee],
  ['systemctl', systemctl],
  ['service', service],
  ['journalctl', journalctl],
  ['openssl', openssl],
  ['sudo', sudo],
  ['su', su],
  ['timeout', timeout],
  ['nice', nice],
  ['env', env],
]);

/** Directories a program may be named from by full path. */
export const PROGRAM_DIRS = /^\/(usr\/(local\/)?)?s?bin\/|^\/(ngfw\/)?usr\/local\/sf\/bin\//;
