#!/bin/sh
# Installs the peer tools the bench compares firemend against, from Debian's archive:
#   ansible (ansible-core 2.14 in bookworm), sshpass (password auth for Ansible's ssh connection),
#   python3-netmiko (2.4).
# Only what is missing is installed. Needs root (or sudo). CI does not run the peers.
set -eu

need=""
command -v ansible-playbook >/dev/null 2>&1 || need="$need ansible"
command -v sshpass >/dev/null 2>&1 || need="$need sshpass"
# Debian's netmiko lives in the system interpreter's dist-packages, not in a pyenv/venv python.
/usr/bin/python3 -c 'import netmiko' >/dev/null 2>&1 || need="$need python3-netmiko"

if [ -z "$need" ]; then
  echo "peers: ansible, sshpass and python3-netmiko already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "peers: need root or sudo to install:$need" >&2
    exit 1
  fi
fi

echo "peers: installing:$need"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $need
ansible-playbook --version | head -1
/usr/bin/python3 -c 'import netmiko; print("netmiko", netmiko.__version__)'
