"""Callback for the bench's Ansible peer: per-host first-task-start and last-task-end, written as JSON."""
import json
import os
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
    name: bench_timing
    type: aggregate
    short_description: per-host durations for firemend's bench
    description: "Writes per-host start, end and failed to the file named by BENCH_TIMING_OUT at the end of the run."
    requirements:
      - enabled in callbacks_enabled
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_timing"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.hosts = {}

    def _mark(self, host, end=False, failed=False):
        now = time.time()
        h = self.hosts.setdefault(host.get_name(), {"start": now, "end": now, "failed": False})
        if end:
            h["end"] = max(h["end"], now)
        if failed:
            h["failed"] = True

    def v2_runner_on_start(self, host, task):
        self._mark(host)

    def v2_runner_on_ok(self, result):
        self._mark(result._host, end=True)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._mark(result._host, end=True, failed=True)

    def v2_runner_on_unreachable(self, result):
        self._mark(result._host, end=True, failed=True)

    def v2_runner_on_skipped(self, result):
        self._mark(result._host, end=True)

    def v2_playbook_on_stats(self, stats):
        out = os.environ.get("BENCH_TIMING_OUT")
        if out:
            with open(out, "w", encoding="utf-8") as f:
                json.dump(self.hosts, f)
