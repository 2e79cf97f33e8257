#!/usr/bin/env bash
# vuln.sh - the patch-audit benchmark (issue 4): a fleet of HOSTS dpkg
# inventories (real stanzas of this machine's /var/lib/dpkg/status, some
# rolled back) against ADVISORIES OSV records in an all.zip, flagged with
# the real KEV catalogue; time and memory for 1 and 2 threads, the cost
# per host, and dpkg --compare-versions as the oracle on a sample.
#
# usage: bench/vuln.sh           (normally via `make bench-vuln`)
# env:   SHARED=DIR  shared data (default: $ROOT/../shared)
#        BENCH_DIR=DIR  work dir (default: /tmp/vigil-bench); the fleet is
#                       cached in $BENCH_DIR/vuln-H-A and reused
#        HOSTS=N (1000)  ADVISORIES=N (50000)  PAIRS=N (2000 oracle pairs)
#        VIGIL=PATH  binary (default: $ROOT/vigil, built if missing)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
BENCH_DIR=${BENCH_DIR:-/tmp/vigil-bench}
HOSTS=${HOSTS:-1000}
ADVISORIES=${ADVISORIES:-50000}
PAIRS=${PAIRS:-2000}
VIGIL=${VIGIL:-$ROOT/vigil}
KEV=$SHARED/data/vuln/kev/known_exploited_vulnerabilities.json

[ -f "$KEV" ] || { echo "vuln.sh: no KEV catalogue at $KEV (set SHARED=)" >&2; exit 2; }
[ -f /var/lib/dpkg/status ] || { echo "vuln.sh: needs a Debian machine (/var/lib/dpkg/status)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "vuln.sh: GNU time missing (apt-get install time)" >&2; exit 2; }
[ -x "$VIGIL" ] || make -C "$ROOT" vigil >&2
W=$BENCH_DIR/vuln-$HOSTS-$ADVISORIES
if [ ! -f "$W/osv-all.zip" ]; then
	echo "generating the fleet in $W ..." >&2
	rm -rf "$W"
	python3 "$ROOT/bench/vuln_fleet.py" /var/lib/dpkg/status "$KEV" "$W" "$HOSTS" "$ADVISORIES" >&2
fi
fleet_bytes=$(du -sb "$W/fleet" | cut -f1)

run() {	# run LABEL HOSTS ARGS...: prints one report line
	local label=$1 n=$2; shift 2
	/usr/bin/time -f "%e %M" -o "$W/time" "$VIGIL" "$@" 2>"$W/err" >/dev/null
	read -r secs kb <"$W/time"
	printf '%-34s %7.2f s  %6.0f MB  %6.2f ms/host\n' "$label" "$secs" \
	    "$(echo "$kb / 1024" | bc -l)" "$(echo "$secs * 1000 / $n" | bc -l)"
}

{
echo "# vigil vuln benchmark: $HOSTS hosts x $ADVISORIES advisories ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs)"
echo "fleet: $((fleet_bytes / 1048576)) MB of dpkg status files, $(grep -c '^Package:' "$W/fleet/host0000.status") stanzas each"
run "1 host (advisories + KEV load)" 1 vuln scan --status "$ROOT/tests/data/vuln/fleet/db02.status" -a "$W/osv-all.zip" --kev "$KEV"
run "hosts, jsonl, 1 thread" "$HOSTS" vuln hosts "$W/fleet" -a "$W/osv-all.zip" --kev "$KEV" --threads 1
run "hosts, jsonl, 2 threads" "$HOSTS" vuln hosts "$W/fleet" -a "$W/osv-all.zip" --kev "$KEV" --threads 2
tail -1 "$W/err"
run "hosts, table, 2 threads" "$HOSTS" vuln hosts "$W/fleet" -a "$W/osv-all.zip" --kev "$KEV" --threads 2 --format table
"$VIGIL" vuln hosts "$W/fleet" -a "$W/osv-all.zip" --kev "$KEV" -o "$W/findings.jsonl" 2>/dev/null
python3 "$ROOT/bench/vuln_oracle.py" "$W" "$W/findings.jsonl" "$PAIRS" | tail -1
} | tee "$BENCH_DIR/vuln-report.txt"
