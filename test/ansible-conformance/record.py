#!/usr/bin/python3
"""Records Ansible's answers for every case under cases/ into its expected.json, with ansible-core's own code
(in one process, so recording takes seconds): `ansible-inventory --list` (InventoryCLI), the hosts of
`ansible PATTERN --list-hosts` (InventoryManager.get_hosts) and what `debug: var=X` prints (Templar over the
VariableManager's vars). Run it twice with different PYTHONHASHSEED (record.sh does) to mark patterns whose
order Ansible itself does not keep stable. Installs Debian's ansible-core when it is missing."""
import contextlib, io, json, os, re, shutil, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))

if not shutil.which('ansible-inventory'):
    subprocess.run(['apt-get', 'install', '-y', 'ansible-core'], check=True)

from ansible import context  # noqa: E402
from ansible.cli.inventory import InventoryCLI  # noqa: E402
from ansible.errors import AnsibleError  # noqa: E402
from ansible.release import __version__  # noqa: E402
from ansible.template import Templar  # noqa: E402
from ansible.utils.display import Display  # noqa: E402


def cli_args(spec):
    out = []
    for i in spec['inventories']:
        out += ['-i', i]
    for v in spec.get('vault', []):
        out += ['--vault-id', v]
    return out


def record(case_dir):
    spec = json.load(open(os.path.join(case_dir, 'case.json')))
    cwd = os.getcwd()
    os.chdir(case_dir)
    warnings = []
    orig = Display.warning
    Display.warning = lambda self, msg, formatted=False: warnings.append(msg)
    try:
        cli = InventoryCLI(['ansible-inventory'] + cli_args(spec) + ['--list'])
        cli.parse()
        loader, inventory, vm = cli._play_prereqs()
        cli.loader, cli.inventory, cli.vm = loader, inventory, vm
        top = cli._get_group('all')
        listing = json.loads(json.dumps(cli.json_inventory(top), cls=_encoder()))
        patterns = {}
        for p in spec['patterns']:
            try:
                inventory.clear_pattern_cache()
                patterns[p] = {'hosts': [h.name for h in inventory.get_hosts(p)]}
            except AnsibleError as e:
                patterns[p] = {'hosts': None, 'error': str(e).splitlines()[0]}
        debug = {}
        for var in spec.get('debug', []):
            got = {}
            for h in inventory.get_hosts('all'):
                t = Templar(loader=loader, variables=vm.get_vars(host=h))
                got[h.name] = t.template('{{ %s }}' % var) if var in t.available_variables else 'VARIABLE IS NOT DEFINED!'
            debug[var] = json.loads(json.dumps(got, cls=_encoder()))
    finally:
        Display.warning = orig
        os.chdir(cwd)
        context.CLIARGS = context.CLIARGS.__class__({})
    return {
        'ansible': __version__,
        'list': listing,
        'patterns': patterns,
        'debug': debug,
        'warnings': sorted(set(w for w in warnings if w.startswith('Found both group and host'))),
    }


def _encoder():
    from ansible.module_utils.common.json import AnsibleJSONEncoder
    return AnsibleJSONEncoder


if __name__ == '__main__':
    cases = sys.argv[1:] or sorted(os.listdir(os.path.join(HERE, 'cases')))
    if len(cases) > 1:
        # One process per case: ansible-core keeps global state (CLI args, caches) between inventories.
        for c in cases:
            subprocess.run([sys.executable, __file__, c], check=True)
        sys.exit(0)
    out_name = os.environ.get('RECORD_OUT', 'expected.json')
    for c in cases:
        d = os.path.join(HERE, 'cases', c)
        with contextlib.redirect_stdout(io.StringIO()):
            result = record(d)
        with open(os.path.join(d, out_name), 'w') as f:
            json.dump(result, f, indent=2, sort_keys=True)
            f.write('\n')
        print('recorded', c, flush=True)
