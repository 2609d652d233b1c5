"""Cliconf plugin for the bench's Ansible peer: plain command send/receive, no configuration support."""
import json

from ansible_collections.ansible.netcommon.plugins.plugin_utils.cliconf_base import CliconfBase


class Cliconf(CliconfBase):
    def get_device_info(self):
        # Static on purpose: probing the device here would add commands the other contenders don't send.
        return {"network_os": "ftdbench"}

    def get_config(self, source="running", flags=None, format=None):
        raise NotImplementedError("the bench peer never reads configuration")

    def edit_config(self, candidate=None, commit=True, replace=None, comment=None):
        raise NotImplementedError("the bench peer never changes configuration")

    def get(self, command=None, prompt=None, answer=None, sendonly=False, newline=True, check_all=False, output=None):
        return self.send_command(command=command, prompt=prompt, answer=answer, sendonly=sendonly, newline=newline, check_all=check_all)

    def get_capabilities(self):
        result = super(Cliconf, self).get_capabilities()
        return json.dumps(result)
