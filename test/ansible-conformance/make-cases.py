#!/usr/bin/env python3
"""Writes the conformance cases (inventories + what to ask Ansible) under cases/. Run once; the output is committed.
Vault fixtures are made with the real ansible-vault (commands in README.md)."""
import json, os, shutil, stat, subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, 'cases')

def case(name, files, patterns=(), inventories=None, vault=None, debug=()):
    d = os.path.join(CASES, name)
    if os.path.exists(d):
        shutil.rmtree(d)
    os.makedirs(d)
    for path, text in files.items():
        p = os.path.join(d, path)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'w') as f:
            f.write(text)
        if text.startswith('#!'):
            os.chmod(p, os.stat(p).st_mode | stat.S_IXUSR)
    spec = {'inventories': inventories or [sorted(files)[0]], 'patterns': list(patterns)}
    if vault:
        spec['vault'] = vault
    if debug:
        spec['debug'] = list(debug)
    with open(os.path.join(d, 'case.json'), 'w') as f:
        json.dump(spec, f, indent=2)
        f.write('\n')

NESTED = """all:
  vars: {region: us, dns: [1.1.1.1]}
  children:
    ftd:
      vars: {region: eu}
      children:
        ftd_eu:
          hosts:
            eu1: {ansible_host: 10.0.0.1}
            eu2:
        ftd_us:
          vars: {region: us}
          hosts:
            us1:
            us2:
    lab:
      hosts:
        eu2:
        lab1:
  hosts:
    jump:
"""

case('yaml-nested', {'inv.yml': NESTED}, ['all', 'ftd', 'ftd_eu:ftd_us', 'ftd:!ftd_eu', 'ftd:&lab', 'lab:ftd', 'jump:ftd_us', 'ftd[0]', 'ftd[1:2]', 'ftd[-1]', 'ftd[2:]', '*1', '~e.[12]', 'e*:!eu1', 'ftd_us,lab'])
case('yaml11-scalars', {'inv.yml': "all:\n  vars:\n    a: yes\n    b: no\n    c: on\n    d: off\n    e: y\n    f: n\n    g: 010\n    h: 0x1f\n    i: 1_000\n    j: 1e3\n    k: 1.5\n    l: 1:30\n    m: ~\n    n: Null\n    o: 'yes'\n    p: True\n    q: 09\n    r: 0b101\n    s: -017\n    t: .5\n    u: 1.0e+3\n    w: 2024-01-02\n  hosts:\n    h1:\n"}, ['all'])
case('yaml-merge-keys', {'inv.yml': "x-base: &base\n  hosts:\n    h1:\nall:\n  vars:\n    common: &c {user: admin, port: 22}\n    merged:\n      <<: *c\n      port: 2222\n    multi:\n      <<: [*c, {extra: 1, user: other}]\n  children:\n    g1:\n      <<: *base\n"}, ['all', 'g1'])
case('yaml-host-port', {'inv.yml': "all:\n  hosts:\n    dc01:2222:\n    10.0.0.5:2200:\n      ansible_user: x\n    '[fe80::1]:2201':\n    fe80::2:\n    db.example.com:\n      ansible_port: 23\n"}, ['all', 'dc01', 'fe80::2', 'db.example.com'])
case('yaml-ranges', {'inv.yml': "all:\n  children:\n    web:\n      hosts:\n        web[01:03]:\n        db-[a:c]:\n        app[1:9:4]:\n        x[:2]:\n        mix-[1:2]-[a:b]:\n        up[A:C]:\n"}, ['all', 'web[0]', 'web[2:4]', 'db-*'])
case('yaml-host-two-places', {'inv.yml': "all:\n  hosts:\n    fw01: {role: first, keep: 1}\n  children:\n    g:\n      hosts:\n        fw01: {role: second}\n    h:\n      hosts:\n        fw01: {role: third, other: x}\n"}, ['all'])
case('yaml-key-order', {'inv.yml': "all:\n  children:\n    g:\n      hosts:\n        a: {x: host}\n      vars: {x: group, y: gy}\n      children:\n        c:\n          vars: {x: child}\n          hosts:\n            a:\n"}, ['all', 'g', 'c'])
case('name-clash', {'inv.yml': "all:\n  hosts:\n    fw01: {v: host}\n  children:\n    fw01:\n      hosts:\n        h2:\n      vars: {v: group}\n    other:\n      hosts:\n        fw01:\n"}, ['fw01', 'all', 'other', 'all:!fw01', 'fw01:h2', '&fw01'])
case('empty-group', {'inv.yml': "all:\n  children:\n    maintenance:\n    prod:\n      hosts:\n        p1:\n        p2:\n"}, ['all:!maintenance', 'prod:!maintenance', 'prod:&maintenance', 'maintenance'])
case('group-priority', {'inv.yml': "all:\n  children:\n    zeta:\n      vars: {x: z, ansible_group_priority: 1}\n      hosts: {h: null}\n    alpha:\n      vars: {x: a, ansible_group_priority: 10}\n      hosts: {h: null}\n    mid:\n      vars: {x: m}\n      hosts: {h: null}\n"}, ['all'])
case('depth-precedence', {'inv.yml': "all:\n  vars: {x: all}\n  children:\n    b:\n      vars: {x: b}\n      children:\n        a:\n          vars: {x: a}\n          hosts: {h: null}\n    c:\n      vars: {x: c}\n      hosts: {h: null}\n"}, ['all'])
case('top-level-groups', {'inv.yml': "ftd:\n  hosts:\n    f1:\n    f2:\n  vars: {v: 1}\nlab:\n  children:\n    ftd:\n  hosts:\n    l1:\nungrouped:\n  hosts:\n    u1:\n"}, ['all', 'lab', 'ungrouped'])
case('dict-var-merge', {'inv.yml': "all:\n  vars:\n    d: {a: 1, b: 2}\n  children:\n    g:\n      vars:\n        d: {b: 3}\n      hosts:\n        h1:\n          d: {c: 4}\n        h2:\n"}, ['all'])
case('strings-for-sections', {'inv.yml': "all:\n  children:\n    g:\n      hosts: h1\n    k:\n      children: g\n"}, ['all', 'k'])
case('deep-order', {'inv.yml': "all:\n  children:\n    a:\n      hosts: {a1: null}\n      children:\n        a_x:\n          hosts: {ax1: null}\n    b:\n      hosts: {b1: null}\n      children:\n        b_x:\n          hosts: {bx1: null}\n  hosts:\n    top1:\n"}, ['all', 'a:b', 'b:a'])

INI_BASIC = """# comment
; also comment
jump ansible_host=10.0.0.9

[ftd]
fw[01:03] ansible_user=admin
fw04:2222 port_from_name=yes

[ftd:vars]
region=eu
count=3
flag=True
items=[1, 2, 'three']
conf={'a': 1}
quoted="hello world"
with_hash = abc # not a comment?

[lab]
fw01 lab=1 num=07 f=1.5 s='quoted value' n=None neg=-5 oct=0o17 hexa=0x10 b=False e=1e3 t=(1,2)

[dc:children]
ftd
lab

[dc:vars]
site=dc1
"""
case('ini-basic', {'hosts': INI_BASIC}, ['all', 'ftd', 'dc', 'dc:!lab', 'ungrouped'])
case('ini-ext', {'inv.ini': "[web]\nw1\nw2 x=1\n\n[db]\nd1\n\n[all:vars]\nenv=prod\n"}, ['all', 'web:db'])
case('ini-pending-children', {'hosts': "[parent:children]\nkid\n\n[kid]\nk1\n\n[kid:vars]\nv=1\n\n[parent:vars]\np=2\n"}, ['all', 'parent'])
case('ini-ports-v6', {'hosts': "[v6]\n[fe80::1]:2222\nfe80::2\n192.168.1.1:23\nhost-a:2200 ansible_port=24\n"}, ['all'])
case('ini-quoting', {'hosts': "h1 a=\"x y\" b='1' c=\"[1,2]\" d=\\\"q e=a=b f=\"it's\"\nh2 x=\"True\" y=true z=yes\n"}, ['all'])
case('ini-group-vars-types', {'hosts': "[g]\nh\n\n[g:vars]\nport = 22\nname = 'fw'\nlist = [1,2]\nempty =\nspaced = a b c\nbool=False\nnone=None\n"}, ['all'])

case('json-inventory', {'inv.json': json.dumps({'all': {'vars': {'a': True}, 'children': {'g': {'hosts': {'j1': {'x': 1}, 'j2': None}}}}}, indent=1)}, ['all', 'g'])

case('host-vars-dirs', {
    'inv.yml': "all:\n  vars: {region: inline, lvl: inv_all}\n  children:\n    ftd:\n      vars: {lvl: inv_ftd}\n      hosts:\n        fw1: {lvl: inv_host}\n        fw2:\n",
    'group_vars/all.yml': "region: from_group_vars\nonly_all: 1\n",
    'group_vars/ftd/a.yml': "ftd_a: 1\nlvl: gv_ftd\n",
    'group_vars/ftd/b.yaml': "ftd_b: 2\nlvl: gv_ftd_b\n",
    'host_vars/fw2': "lvl: hv_fw2\n",
    'host_vars/fw1.json': '{"from_json": true}\n',
}, ['all'], inventories=['inv.yml'])
case('group-vars-shallow-beats-deep-inline', {
    'inv.yml': "all:\n  children:\n    parent:\n      children:\n        kid:\n          vars: {x: kid_inline}\n          hosts: {h: null}\n",
    'group_vars/parent.yml': "x: parent_file\n",
}, ['all'], inventories=['inv.yml'])
case('group-vars-ext-order', {
    'inv.yml': "all:\n  hosts: {h: null}\n",
    'group_vars/all': "a: noext\n",
    'group_vars/all.yml': "a: yml\nb: yml\n",
}, ['all'], inventories=['inv.yml'])

case('inventory-dir', {
    'inv/01-eu.yml': "eu:\n  hosts:\n    eu1:\n  vars: {region: eu}\n",
    'inv/02-us.ini': "[us]\nus1\n",
    'inv/03-us.yml': "us:\n  hosts:\n    us2:\n",
    'inv/README.md': "not an inventory\n",
    'inv/notes.txt': "ignored\n",
    'inv/old.bak': "ignored\n",
    'inv/.hidden.yml': "all:\n  hosts:\n    hidden:\n",
    'inv/group_vars/us.yml': "region: us\n",
    'inv/hosts': "[lab]\nl1\n",
}, ['all', 'us'], inventories=['inv'])

case('multi-i', {
    'eu.yml': "all:\n  vars: {region: eu, owner: eu}\n  children:\n    eu:\n      hosts:\n        fw1:\n        fw2: {x: eu}\n",
    'us.yml': "all:\n  vars: {region: us}\n  children:\n    us:\n      hosts:\n        fw3:\n        fw2: {x: us}\n",
}, ['all', 'eu:us', 'us:eu'], inventories=['eu.yml', 'us.yml'])
case('multi-i-reversed', {
    'eu.yml': "all:\n  vars: {region: eu, owner: eu}\n  children:\n    eu:\n      hosts:\n        fw1:\n        fw2: {x: eu}\n",
    'us.yml': "all:\n  vars: {region: us}\n  children:\n    us:\n      hosts:\n        fw3:\n        fw2: {x: us}\n",
}, ['all'], inventories=['us.yml', 'eu.yml'])
case('host-list', {'unused.txt': ''}, ['all', 'fw02', 'fw*'], inventories=['fw01,fw02:2222,10.0.0.1,'])
case('host-list-and-file', {'inv.yml': "all:\n  children:\n    g:\n      hosts:\n        a:\n"}, ['all', 'ungrouped'], inventories=['inv.yml', 'b,a,'])

case('script-meta', {'inv.sh': "#!/bin/sh\ncat <<'EOF'\n{\"ftd\": {\"hosts\": [\"s1\", \"s2\"], \"vars\": {\"region\": \"eu\"}, \"children\": [\"lab\"]},\n \"lab\": [\"s3\"],\n \"solo\": {\"k\": 1},\n \"_meta\": {\"hostvars\": {\"s1\": {\"ansible_host\": \"10.1.1.1\"}, \"s3\": {\"v\": 3}}}}\nEOF\n"}, ['all', 'ftd', 'solo'])
case('script-host-fallback', {'inv.py': "#!/usr/bin/env python3\nimport json, sys\nif sys.argv[1] == '--list':\n    print(json.dumps({'g': {'hosts': ['a', 'b']}}))\nelse:\n    print(json.dumps({'me': sys.argv[2]}))\n"}, ['all'])

case('constructed', {
    '01-inv.yml': "all:\n  children:\n    ftd:\n      hosts:\n        fw1: {region: eu, ver: '7.2', tags: [a, b]}\n        fw2: {region: us, ver: '6.6', tags: [b]}\n        fw3: {region: eu, ver: '6.4', tags: []}\n",
    '02-constructed.yml': "plugin: constructed\nstrict: false\ncompose:\n  mgmt: inventory_hostname ~ '.mgmt'\n  is_eu: region == 'eu'\ngroups:\n  old: ver is version('7.0', '<')\n  europe: region == 'eu'\nkeyed_groups:\n  - key: region\n    prefix: region\n  - key: tags\n    prefix: tag\n  - key: ver\n    separator: ''\n    prefix: v\n",
}, ['all', 'old', 'europe', 'region_eu', 'tag_b'], inventories=['01-inv.yml', '02-constructed.yml'])

# Variations on a medium inventory, many patterns.
MED = "all:\n  children:\n    emea:\n      children:\n        de:\n          hosts: {de1: null, de2: null, de3: null}\n        fr:\n          hosts: {fr1: null, fr2: null}\n    amer:\n      children:\n        us:\n          hosts: {us1: null, us2: null}\n        ca:\n          hosts: {ca1: null}\n    maintenance:\n      hosts: {de2: null, us2: null}\n    canary:\n      hosts: {fr1: null, ca1: null}\n"
pats = ['all', 'emea', 'emea[0]', 'emea[1:3]', 'emea[-1]', 'amer:emea', 'emea:amer', 'all:!maintenance', 'emea:&maintenance', 'emea:!maintenance:&canary', 'canary:maintenance', '~(de|us)[12]', 'de*', '*2', 'de[0:1]:fr', 'us2,de1,fr2', 'emea:!de', 'all[0]', 'all[-1]', 'all[3:5]']
for i in range(0, len(pats), 4):
    case(f'patterns-{i // 4 + 1}', {'inv.yml': MED}, pats[i:i + 4])

case('templated-vars', {'inv.yml': "all:\n  vars:\n    domain: mgmt.example.net\n  hosts:\n    fw01:\n      ansible_host: \"{{ inventory_hostname }}.{{ domain }}\"\n    fw02:\n      ansible_host: \"{{ inventory_hostname_short }}-oob.{{ domain }}\"\n      ports: \"{{ [22, 2222] }}\"\n"}, ['all'], debug=['ansible_host'])

case('vault-values', {
    'inv.yml': open(os.path.join(HERE, 'vault-src', 'inv-vault-values.yml')).read(),
    'pw': 'conformance-pass\n',
}, ['all'], inventories=['inv.yml'], vault=['pw'], debug=['ansible_password', 'api_key'])
case('vault-file', {
    'inv.yml': open(os.path.join(HERE, 'vault-src', 'inv-vaulted.yml')).read(),
    'pw': 'conformance-pass\n',
}, ['all'], inventories=['inv.yml'], vault=['pw'])
case('vault-group-vars-id', {
    'inv.yml': "all:\n  children:\n    ftd:\n      hosts:\n        fw1:\n        fw2:\n",
    'group_vars/ftd.yml': open(os.path.join(HERE, 'vault-src', 'gv-vaulted-prod.yml')).read(),
    'pw': 'conformance-pass\n',
    'prodpw': 'prod-pass\n',
}, ['all'], inventories=['inv.yml'], vault=['pw', 'prod@prodpw'], debug=['ansible_password'])
case('vault-12-value', {
    'inv.yml': open(os.path.join(HERE, 'vault-src', 'inv-vault-12.yml')).read(),
    'prodpw': 'prod-pass\n',
}, ['all'], inventories=['inv.yml'], vault=['prod@prodpw'])

# More patterns over the nested, INI and clash inventories.
more = ['ftd:lab', 'lab:!ftd', 'ftd:&ftd_eu:&lab', '!lab', '&lab', 'e?1', 'ftd_e*', '~.*2$', 'ftd[0:0]', 'ftd[1:]', 'all:!jump:!lab1', 'jump,lab1,eu1']
for i, p in enumerate(more):
    case(f'nested-pattern-{i + 1:02d}', {'inv.yml': NESTED}, [p])
ini_more = ['ftd:!fw04', 'dc[0]', 'lab:&ftd', 'fw0[2-4]', 'all:!ungrouped', 'dc:!ftd']
for i, p in enumerate(ini_more):
    case(f'ini-pattern-{i + 1:02d}', {'hosts': INI_BASIC}, [p])
