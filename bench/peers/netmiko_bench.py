#!/usr/bin/python3
"""Netmiko peer: the bench's work plan replayed with Netmiko 2.4 (Debian's python3-netmiko), threaded like Nornir.

    /usr/bin/python3 bench/peers/netmiko_bench.py --plan PLAN.json -i INVENTORY --known-hosts FILE -f FORKS

One persistent interactive shell per device (ConnectHandler), a ThreadPoolExecutor with FORKS workers.
Netmiko 2.4 has no `cisco_ftd` driver, so the device type is the generic `terminal_server` and every command
is a send_command with an expect_string for the mode it ends in (`> `, `user@host:cwd$ `, `root@host:cwd# `);
root is entered with `sudo su -` and the password. The wait at login is the one Netmiko's later cisco_ftd
driver does (`_test_channel_read(pattern=">")`). fast_cli=True (Netmiko's documented speed setting).
Host keys are checked against the lab's known_hosts (paramiko RejectPolicy), as firemend and the floor do.
Prints one JSON line. Talks to 127.0.0.1 only.
"""
import argparse
import json
import os
import re
import resource
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import paramiko
import yaml
from netmiko import ConnectHandler

PROMPTS = {
    "clish": r"(?:^|\n)> ?$",
    "expert": r"(?:^|\n)(?!root@)[\w.-]+@[\w.-]+:[^\n#$]*\$ ?$",
    "root": r"(?:^|\n)root@[\w.-]+:[^\n#$]*# ?$",
}
PASSWORD = r"[Pp]assword: ?$"
ORDER = ["clish", "expert", "root"]


def wire_command(mode, command):
    """The line firemend sends: in expert/root, `$?` is echoed after a per-command marker."""
    if mode == "clish":
        return command
    return '%s; echo "__FM_RC_%s=$?"' % (command, os.urandom(6).hex())


def load_inventory(path):
    """Flatten an Ansible YAML inventory: parent group vars flow down, host vars win."""
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f) or {}
    hosts = {}

    def walk(group, inherited):
        if not isinstance(group, dict):
            return
        merged = {**inherited, **(group.get("vars") or {})}
        for name, hv in (group.get("hosts") or {}).items():
            hosts[name] = {**hosts.get(name, {}), **merged, **(hv or {})}
        for child in (group.get("children") or {}).values():
            walk(child, merged)

    for top in doc.values():
        walk(top, {})
    return hosts


class Shell:
    """One Netmiko connection that knows which FTD mode it is in."""

    def __init__(self, vars_, known_hosts):
        host = str(vars_.get("ansible_host", "127.0.0.1"))
        if host not in ("127.0.0.1", "localhost"):
            raise ValueError("the bench only talks to 127.0.0.1")
        self.password = str(vars_["ansible_password"])
        self.conn = ConnectHandler(
            device_type="terminal_server",
            host="127.0.0.1",
            port=int(vars_.get("ansible_port", 22)),
            username=str(vars_.get("ansible_user", "admin")),
            password=self.password,
            fast_cli=True,
            use_keys=False,
            allow_agent=False,
            ssh_strict=True,
            system_host_keys=False,
            alt_host_keys=True,
            alt_key_file=known_hosts,
            timeout=60,
        )
        # Wait for the login prompt, as Netmiko's cisco_ftd session_preparation does.
        self.conn._test_channel_read(pattern=PROMPTS["clish"])
        self.mode = "clish"

    def send(self, command, expect):
        return self.conn.send_command(command, expect_string=expect, strip_prompt=False)

    def ensure(self, mode):
        while self.mode != mode:
            here, there = ORDER.index(self.mode), ORDER.index(mode)
            if there > here and self.mode == "clish":
                self.send("expert", PROMPTS["expert"])
                self.mode = "expert"
            elif there > here:
                out = self.send("sudo su -", PASSWORD + "|" + PROMPTS["root"])
                if re.search(PASSWORD, out):
                    self.send(self.password, PROMPTS["root"])
                self.mode = "root"
            else:
                down = ORDER[here - 1]
                self.send("exit", PROMPTS[down])
                self.mode = down

    def run(self, action):
        self.ensure(action["mode"])
        answers = action.get("answers") or []
        expect = PROMPTS[action["mode"]]
        command = wire_command(action["mode"], action["command"])
        if not answers:
            return self.send(command, expect)
        # A fix that may ask back: wait for the prompt or any declared question, answer, repeat.
        pattern = "|".join([expect] + [a["expect"] for a in answers])
        out = self.send(command, pattern)
        while not re.search(expect, out):
            answer = next(a["answer"] for a in answers if re.search(a["expect"], out))
            out = self.send(answer, pattern)
        return out

    def close(self):
        # As firemend's Session.close(): back down to `> `, then close the connection (no `exit` at `> `).
        try:
            self.ensure("clish")
        except Exception:  # closing is best effort
            pass
        self.conn.disconnect()


def run_host(name, vars_, actions, known_hosts):
    t0 = time.perf_counter()
    try:
        if any(a["kind"] == "reboot" for a in actions):
            raise NotImplementedError("the Netmiko peer replays check-mode plans only")
        shell = Shell(vars_, known_hosts)
        for a in actions:
            shell.run(a)
        shell.close()
        return name, True, time.perf_counter() - t0, None
    except Exception as err:  # a failed host is data, like in the other contenders
        return name, False, time.perf_counter() - t0, f"{type(err).__name__}: {err}"[:300]


def percentile(values, p):
    if not values:
        return None
    s = sorted(values)
    rank = max(1, -(-p * len(s) // 100))
    return s[min(rank, len(s)) - 1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plan", required=True)
    ap.add_argument("-i", "--inventory", required=True)
    ap.add_argument("--known-hosts", required=True)
    ap.add_argument("-f", "--forks", type=int, default=5)
    args = ap.parse_args()

    # Paramiko logs every failure to stderr; keep the JSON line alone on stdout.
    paramiko.util.logging.getLogger("paramiko").setLevel(paramiko.util.logging.CRITICAL)
    with open(args.plan, encoding="utf-8") as f:
        plan = json.load(f)
    inventory = load_inventory(args.inventory)
    work = [(n, inventory[n], acts) for n, acts in plan["hosts"].items() if acts]

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.forks) as pool:
        results = list(pool.map(lambda w: run_host(w[0], w[1], w[2], args.known_hosts), work))
    wall = time.perf_counter() - t0
    ru = resource.getrusage(resource.RUSAGE_SELF)
    durations = [r[2] * 1000 for r in results]
    failed = [r for r in results if not r[1]]
    print(json.dumps({
        "tool": "netmiko",
        "version": __import__("netmiko").__version__,
        "devices": len(inventory),
        "worked": len(work),
        "commands": sum(len(w[2]) for w in work),
        "forks": args.forks,
        "wall_s": round(wall, 3),
        "hosts_per_s": round(len(work) / wall, 1) if wall > 0 else None,
        "p50_host_ms": round(percentile(durations, 50), 1) if durations else None,
        "p95_host_ms": round(percentile(durations, 95), 1) if durations else None,
        "cpu_s": round(ru.ru_utime + ru.ru_stime, 3),
        "peak_rss_mb": round(ru.ru_maxrss / 1024, 1),
        "failed": len(failed),
        "first_errors": [f"{r[0]}: {r[3]}" for r in failed[:3]],
    }))
    return 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
