#!/usr/bin/env bash
# install-peers.sh - install vigil's benchmark peers offline on Debian 12,
# exactly as /work/shared/bench/README.md describes:
#   fail2ban (fail2ban-regex), crowdsec (+cscli, offline hub), hyperfine, GNU time;
#   and for bench/pw.sh: passwdqc (pwqfilter), wrk, bsdextrautils (look).
# Idempotent: only installs what is missing; no service is started.
# Needs root (or sudo) and a reachable Debian mirror.
set -euo pipefail

PKGS=(fail2ban crowdsec hyperfine time passwdqc wrk bsdextrautils)

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-peers: need root or sudo" >&2; exit 1; }
  SUDO=(sudo)
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()
for p in "${PKGS[@]}"; do
  installed "$p" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-peers: all present (${PKGS[*]})"
  exit 0
fi
echo "install-peers: installing ${missing[*]}"

# No service may start on install (policy-rc.d returning 101 = "action forbidden").
# Leave an existing policy that already forbids everything alone.
POLICY=/usr/sbin/policy-rc.d
if ! { [ -x "$POLICY" ] && grep -qx 'exit 101' "$POLICY"; }; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$POLICY" >/dev/null
  "${SUDO[@]}" chmod +x "$POLICY"
fi

# CrowdSec's postinst otherwise tries to register with the online API;
# a present credentials file is its documented opt-out.
if [[ " ${missing[*]} " == *" crowdsec "* ]]; then
  "${SUDO[@]}" mkdir -p /etc/crowdsec
  if [ ! -e /etc/crowdsec/online_api_credentials.yaml ]; then
    echo '# offline' | "${SUDO[@]}" tee /etc/crowdsec/online_api_credentials.yaml >/dev/null
  fi
fi

export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update
"${SUDO[@]}" apt-get install -y "${missing[@]}"

for p in "${PKGS[@]}"; do
  installed "$p" || { echo "install-peers: $p still missing" >&2; exit 1; }
done
echo "install-peers: done"
