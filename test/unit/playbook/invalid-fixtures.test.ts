import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatPos, InputError } from '../../../src/errors.js';
import { loadInventory } from '../../../src/inventory/load-inventory.js';
import type { Inventory } from '../../../src/inventory/model.js';
import { loadPlaybook } from '../../../src/playbook/load-playbook.js';

// One row per file in test/fixtures/invalid/: every diagnostic, exactly, as `validate` prints it
// (the fixture folder stripped from the start of each line). Playbooks load against
// test/fixtures/valid/inventory.yml; files named inv-* are inventories.
const DIR = 'test/fixtures/invalid/';
const TABLE: { file: string; expected: string[] }[] = [
  {
    file: 'inv-bad-connection-vars.yml',
    expected: [
      "inv-bad-connection-vars.yml:3:19: 'ansible_port' must be <= 65535 (got 70000)",
      "inv-bad-connection-vars.yml:4:24: 'firemend_platform' must be one of ftd, fmc, linux (got \"asa\")",
      "inv-bad-connection-vars.yml:7:19: 'sse_region' must be one of us, eu, apj (got \"emea\")",
      "inv-bad-connection-vars.yml:8:30: 'dns_servers[1]' must be an IPv4 or IPv6 address (got \"resolver.example\")",
      "inv-bad-connection-vars.yml:9:16: 'ha_peer' must be a string (got a list)",
    ],
  },
  {
    file: 'inv-bad-names.yml',
    expected: [
      "inv-bad-names.yml:3:5: invalid name '1ftd': must be a group name (letters, digits, '_' and '-', not starting with a digit or '-')",
      "inv-bad-names.yml:5:9: invalid name 'ftd 01': must be a host name (or an Ansible range like ftd-[01:10]) without spaces or the pattern characters , : ! & ~ @ *",
    ],
  },
  {
    file: 'inv-cycle.yml',
    expected: [
      "inv-cycle.yml:4:7: Adding group 'ftd_eu' as child to 'ftd' creates a recursive dependency loop.",
    ],
  },
  {
    file: 'inv-duplicate-host-key.yml',
    expected: [
      "inv-duplicate-host-key.yml:4:5: duplicate key 'ftd-01' (first at test/fixtures/invalid/inv-duplicate-host-key.yml:3:5)",
    ],
  },
  {
    file: 'inv-unknown-key.yml',
    expected: [
      "inv-unknown-key.yml:4:7: unknown key 'host' in group 'ftd' (did you mean 'hosts'?)",
    ],
  },
  {
    file: 'inv-yaml-syntax.yml',
    expected: [
      "inv-yaml-syntax.yml:5:1: YAML syntax error: All mapping items must start at the same column",
    ],
  },
  {
    file: 'pb-bad-answer-regex.yml',
    expected: [
      "pb-bad-answer-regex.yml:8:25: invalid regular expression in answers.expect: Unterminated character class",
    ],
  },
  {
    file: 'pb-bad-hosts-regex.yml',
    expected: [
      "pb-bad-hosts-regex.yml:1:10: host pattern term '~ftd-(us' is not a valid regular expression: Unterminated group",
    ],
  },
  {
    file: 'pb-bad-regex.yml',
    expected: [
      "pb-bad-regex.yml:7:21: invalid regular expression in matches: Unterminated group",
    ],
  },
  {
    file: 'pb-bad-step-id.yml',
    expected: [
      "pb-bad-step-id.yml:3:11: 'id' must be lowercase letters, digits, '-' and '_', starting with a letter or digit (got \"DNS Check\")",
    ],
  },
  {
    file: 'pb-bad-var-names.yml',
    expected: [
      "pb-bad-var-names.yml:2:11: invalid name '1st': must be a variable name (letters, digits, underscores; not starting with a digit)",
      "pb-bad-var-names.yml:5:17: 'register' must be a variable name (letters, digits, underscores; not starting with a digit) (got \"not valid\")",
      "pb-bad-var-names.yml:6:13: 'loop' must be a list, or a template that renders to a list (got 5)",
      "pb-bad-var-names.yml:7:39: unknown key 'index_var' in loop_control (known keys: loop_var)",
    ],
  },
  {
    file: 'pb-check-not-read-only.yml',
    expected: [
      "pb-check-not-read-only.yml:7:25: check is not read-only: 'configure' is not a read-only CLISH command: only 'show \u2026' is accepted in clish mode (CLISH completes abbreviations, so it must be the full word); --check would refuse to send it. A check that must change the device says why with not_read_only: \"\u2026\"",
      "pb-check-not-read-only.yml:10:25: check is not read-only: pmtool disablebyid changes the device: only 'pmtool status' is read-only; --check would refuse to send it. A check that must change the device says why with not_read_only: \"\u2026\"",
      "pb-check-not-read-only.yml:14:25: check is not read-only: 'configure' is not a read-only CLISH command: only 'show \u2026' is accepted in clish mode (CLISH completes abbreviations, so it must be the full word) (loop item 2: \"configure network dns servers 1.1.1.1\"); --check would refuse to send it. A check that must change the device says why with not_read_only: \"\u2026\"",
      "pb-check-not-read-only.yml:17:25: check is not read-only: pmtool disablebyid changes the device: only 'pmtool status' is read-only; --check would refuse to send it. A check that must change the device says why with not_read_only: \"\u2026\"",
      "pb-check-not-read-only.yml:20:25: check is not read-only: pmtool enablebyid changes the device: only 'pmtool status' is read-only; --check would refuse to send it. A check that must change the device says why with not_read_only: \"\u2026\"",
    ],
  },
  {
    file: 'pb-clish-on-linux.yml',
    expected: [
      "pb-clish-on-linux.yml:3:11: mode 'clish' (the default) does not exist on linux host 'jump-01': linux hosts have modes shell and root",
    ],
  },
  {
    file: 'pb-command-limits.yml',
    expected: [
      "pb-command-limits.yml:6:25: check command contains a TAB (the terminal would complete on it and change the command)",
      "pb-command-limits.yml:8:25: check command contains '?' (CLISH answers it with help instead of running the command)",
      "pb-command-limits.yml:10:20: fix command contains '?' (CLISH answers it with help instead of running the command)",
      "pb-command-limits.yml:13:25: check command is 815 characters long; the limit for ftd root commands is 800",
    ],
  },
  {
    file: 'pb-depends-on-later.yml',
    expected: [
      "pb-depends-on-later.yml:4:20: depends_on names step 'cloud', which comes later (at test/fixtures/invalid/pb-depends-on-later.yml:6:11): a step can only depend on earlier steps",
    ],
  },
  {
    file: 'pb-depends-on-unknown.yml',
    expected: [
      "pb-depends-on-unknown.yml:6:20: depends_on names unknown step 'dns-configure' (did you mean 'dns-configured'?)",
      "pb-depends-on-unknown.yml:6:35: step 'cloud' cannot depend on itself",
    ],
  },
  {
    file: 'pb-duplicate-ids.yml',
    expected: [
      "pb-duplicate-ids.yml:5:11: step id 'dns' is used twice (first at test/fixtures/invalid/pb-duplicate-ids.yml:3:11)",
    ],
  },
  {
    file: 'pb-duplicate-key.yml',
    expected: [
      "pb-duplicate-key.yml:6:9: duplicate key 'command' (first at test/fixtures/invalid/pb-duplicate-key.yml:5:9)",
    ],
  },
  {
    file: 'pb-empty-command.yml',
    expected: [
      "pb-empty-command.yml:5:9: 'command' must be a string (got nothing)",
      "pb-empty-command.yml:7:24: 'exit_status' must be <= 255 (got 300)",
      "pb-empty-command.yml:8:17: 'that' must be an expression or a non-empty list of expressions (got a list)",
    ],
  },
  {
    file: 'pb-facts-outside-that.yml',
    expected: [
      "pb-facts-outside-that.yml:7:25: 'facts' is only defined inside check.expect.that",
    ],
  },
  {
    file: 'pb-fix-action-shapes.yml',
    expected: [
      "pb-fix-action-shapes.yml:6:11: unknown key 'comand' in fix action 1 (did you mean 'command'?)",
      "pb-fix-action-shapes.yml:7:30: 'timeout' must be a number of seconds (integer >= 1) or a template (got 0)",
      "pb-fix-action-shapes.yml:7:33: unknown key 'wait' in reboot (known keys: timeout)",
      "pb-fix-action-shapes.yml:8:11: fix action 3 is missing required key 'command'",
    ],
  },
  {
    file: 'pb-fix-without-check.yml',
    expected: [
      "pb-fix-without-check.yml:4:7: step 'dns' has a 'fix' but no 'check': a fix is only sent when a check fails, and the check verifies it",
    ],
  },
  {
    file: 'pb-hosts-matches-nothing.yml',
    expected: [
      "pb-hosts-matches-nothing.yml:1:10: host pattern term 'fdt' matches no host or group in test/fixtures/valid/inventory.yml",
    ],
  },
  {
    file: 'pb-item-without-loop.yml',
    expected: [
      "pb-item-without-loop.yml:5:38: 'item' is only defined in a step with a 'loop'",
    ],
  },
  {
    file: 'pb-missing-hosts.yml',
    expected: [
      "pb-missing-hosts.yml:1:3: play 1 is missing required key 'hosts'",
    ],
  },
  {
    file: 'pb-missing-vars-file.yml',
    expected: [
      "pb-missing-vars-file.yml:2:16: cannot read vars file 'test/fixtures/invalid/vars/nope.yml' (ENOENT)",
    ],
  },
  {
    file: 'pb-not-a-list.yml',
    expected: [
      "pb-not-a-list.yml:1:1: playbook must be a list (got a map)",
    ],
  },
  {
    file: 'pb-register-used-before.yml',
    expected: [
      "pb-register-used-before.yml:4:14: 'ver' is registered by step 'second', which does not run before this",
    ],
  },
  {
    file: 'pb-serial-out-of-range.yml',
    expected: [
      "pb-serial-out-of-range.yml:2:12: 'serial[0]' must be a host count (integer >= 1) or a percentage like '25%' (1%-100%) (got 0)",
      "pb-serial-out-of-range.yml:2:15: 'serial[1]' must be a host count (integer >= 1) or a percentage like '25%' (1%-100%) (got \"150%\")",
      "pb-serial-out-of-range.yml:3:24: 'max_fail_percentage' must be <= 100 (got 101)",
    ],
  },
  {
    file: 'pb-shell-on-ftd.yml',
    expected: [
      "pb-shell-on-ftd.yml:4:13: mode 'shell' does not exist on ftd host 'ftd-us-01': ftd hosts have modes clish, expert and root; shell is only for linux hosts",
    ],
  },
  {
    file: 'pb-step-does-nothing.yml',
    expected: [
      "pb-step-does-nothing.yml:3:7: step 'dns' has no 'check' and no 'remedy': it would do nothing",
    ],
  },
  {
    file: 'pb-template-syntax.yml',
    expected: [
      "pb-template-syntax.yml:5:34: template syntax error: expected a filter name, got end of expression",
      "pb-template-syntax.yml:7:28: expression syntax error: expected a value, got end of expression",
    ],
  },
  {
    file: 'pb-undefined-variable.yml',
    expected: [
      "pb-undefined-variable.yml:7:54: undefined variable 'dns_server': no play var, vars_file, -e, earlier register or inventory var of hosts 'ftd' defines it (did you mean 'dns_servers'?)",
    ],
  },
  {
    file: 'pb-unknown-key-check.yml',
    expected: [
      "pb-unknown-key-check.yml:5:9: unknown key 'comand' in check (did you mean 'command'?)",
    ],
  },
  {
    file: 'pb-unknown-key-play.yml',
    expected: [
      "pb-unknown-key-play.yml:2:3: unknown key 'gather_facts' in play 1 (known keys: name, hosts, vars, vars_files, serial, max_fail_percentage, steps)",
    ],
  },
  {
    file: 'pb-unknown-mode.yml',
    expected: [
      "pb-unknown-mode.yml:4:13: 'mode' must be one of clish, expert, root, shell (got \"expret\"); did you mean 'expert'?",
    ],
  },
  {
    file: 'pb-unknown-parser.yml',
    expected: [
      "pb-unknown-parser.yml:6:16: unknown parser 'show_netwrk' (did you mean 'show_network'?)",
    ],
  },
  {
    file: 'pb-vars-file-not-map.yml',
    expected: [
      "vars/list.yml:1:1: a vars file must be a map of variable names to values (got a list)",
    ],
  },
  {
    file: 'pb-wrong-types.yml',
    expected: [
      "pb-wrong-types.yml:4:16: 'retries' must be an integer (got \"3\")",
      "pb-wrong-types.yml:5:14: 'delay' must be >= 0 (got -1)",
      "pb-wrong-types.yml:7:18: 'command' must be a string (got a list)",
      "pb-wrong-types.yml:8:18: 'timeout' must be > 0 (got 0)",
    ],
  },
  {
    file: 'pb-yaml-syntax.yml',
    expected: [
      "pb-yaml-syntax.yml:5:1: YAML syntax error: Missing closing \"quote",
      "pb-yaml-syntax.yml:5:1: YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }",
    ],
  },
];

let inventory: Inventory;
beforeAll(async () => {
  inventory = await loadInventory('test/fixtures/valid/inventory.yml');
});

async function diagnosticsOf(file: string): Promise<string[]> {
  try {
    if (file.startsWith('inv-')) await loadInventory(DIR + file);
    else await loadPlaybook(DIR + file, { inventory });
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return err.diagnostics.map((d) => `${formatPos(d.pos)}: ${d.message}`.replace(DIR, ''));
  }
  return [];
}

describe('invalid fixtures', () => {
  it('has a row for every fixture file, and at least 30 of them', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.yml')).sort();
    expect(TABLE.map((r) => r.file).sort()).toEqual(files);
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it.each(TABLE)('reports $file at the exact positions, with readable messages', async ({ file, expected }) => {
    expect(expected.length).toBeGreaterThan(0);
    expect(await diagnosticsOf(file)).toEqual(expected);
  });
});
