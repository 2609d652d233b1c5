#!/bin/sh
cat <<'EOF'
{"ftd": {"hosts": ["s1", "s2"], "vars": {"region": "eu"}, "children": ["lab"]},
 "lab": ["s3"],
 "solo": {"k": 1},
 "_meta": {"hostvars": {"s1": {"ansible_host": "10.1.1.1"}, "s3": {"v": 3}}}}
EOF
