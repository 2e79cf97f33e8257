#!/bin/sh
# install-deps.sh -- install vigil's build and test dependencies from
# Debian 12's packages, only those missing.  Needs root (or sudo).
set -eu
PKGS="build-essential pkg-config libjansson-dev zlib1g-dev gzip tzdata"
# YAML (detection config, later Sigma rules) and GeoIP (MMDB files, and
# Debian's legacy country database as the fallback).
PKGS="$PKGS libfyaml-dev libmaxminddb-dev libgeoip-dev geoip-database"
# Keyed hashing of attacker-chosen keys (SipHash), later HMAC and signatures.
PKGS="$PKGS libsodium-dev libzip-dev"
# Password hashes (SHA-1, MD4 for NTLM), the HIBP-compatible range server
# and password-strength feedback (issue 5); Unicode NFC and case folding
# for pw policy.
PKGS="$PKGS nettle-dev libmicrohttpd-dev libzxcvbn-dev libunistring-dev"
# tests/cli.sh asks vigil pw serve over HTTP with curl.
PKGS="$PKGS curl"
# clang and its libFuzzer/sanitizer runtimes build the fuzz harnesses.
PKGS="$PKGS clang libclang-rt-14-dev"
missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
	    missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=
[ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "installing:$missing"
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
