#!/bin/sh
# Makes the vault fixtures with the real ansible-vault (Debian's ansible-core 2.14). Run once; output committed.
set -eu
cd "$(dirname "$0")/vault-src"
printf 'conformance-pass\n' > /tmp/fm-pw; printf 'prod-pass\n' > /tmp/fm-prodpw
{
  echo 'all:'
  echo '  hosts:'
  echo '    fw01:'
  ansible-vault encrypt_string --vault-password-file /tmp/fm-pw 'S3cret-fw01!' --name ansible_password 2>/dev/null | sed 's/^/      /'; echo
  echo '      ansible_user: admin'
  echo '    fw02:'
  ansible-vault encrypt_string --vault-password-file /tmp/fm-pw 'k3y-0f-fw02' --name api_key 2>/dev/null | sed 's/^/      /'; echo
  echo '      ansible_password: plain-not-vaulted'
} > inv-vault-values.yml
printf 'all:\n  vars:\n    region: eu\n  hosts:\n    v1:\n      ansible_password: whole-file-secret\n    v2:\n' > inv-vaulted.yml
ansible-vault encrypt --vault-password-file /tmp/fm-pw inv-vaulted.yml
printf 'ansible_password: group-vault-pw\nregion: vaulted-region\n' > gv-vaulted-prod.yml
ansible-vault encrypt --vault-id prod@/tmp/fm-prodpw gv-vaulted-prod.yml
{
  echo 'all:'
  echo '  hosts:'
  echo '    p1:'
  ansible-vault encrypt_string --vault-id prod@/tmp/fm-prodpw 'prod-only-secret' --name ansible_password 2>/dev/null | sed 's/^/      /'; echo
} > inv-vault-12.yml
rm -f /tmp/fm-pw /tmp/fm-prodpw
