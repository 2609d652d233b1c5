"""Terminal plugin for the bench's Ansible peer: the FTD prompts (FTD-CLI.md §12.2) for network_cli.

Modelled on the public alexkross/cisco_ftd_cli terminal plugin (`(^|\\r\\n)+> $`), extended with the expert and
root prompts so one persistent shell can walk clish -> expert -> root like firemend does.
"""
import re

from ansible_collections.ansible.netcommon.plugins.plugin_utils.terminal_base import TerminalBase


class TerminalModule(TerminalBase):
    terminal_stdout_re = [
        re.compile(rb"(?:^|\r?\n)> $"),
        re.compile(rb"(?:^|\r?\n)(?!root@)[\w.-]+@[\w.-]+:[^\r\n#$]*\$ ?$"),
        re.compile(rb"(?:^|\r?\n)root@[\w.-]+:[^\r\n#$]*# ?$"),
    ]

    terminal_stderr_re = [
        re.compile(rb"(?:^|\r?\n)Syntax error:\s[\S ]+"),
        re.compile(rb"sudo: \d+ incorrect password attempts"),
    ]

    def on_open_shell(self):
        # FTD CLISH does not page over SSH (FTD-CLI.md §6): nothing to send.
        pass
