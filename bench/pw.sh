#!/usr/bin/env bash
# pw.sh - the breached-password index benchmark (issue 5): build and query
# an index of N synthetic SHA-1 hashes, against passwdqc's pwqfilter over
# the same hashes and look(1)'s binary search on the sorted text file, in
# the same run; then the range API (vigil pw serve) under wrk.
#
# usage: bench/pw.sh            (normally via `make bench-pw`)
# env:   N=COUNT          hashes (default 100000000; 10000000 for a quick run)
#        BENCH_DIR=DIR    work dir (default /tmp/vigil-bench); the sorted
#                         hash file pw-sha1-N.txt is generated once there
#        Q=COUNT          warm lookups per tool (default 1000000)
#        QCOLD=COUNT      cold lookups (default 20000), after drop_caches
#        QLOOK=COUNT      look(1) runs, one process each (default 1000)
#        WRK_SECONDS=S    length of each wrk run (default 10)
#        WRK_CONN=C       wrk connections (default 32)
#        THREADS=T        server threads (default: CPUs)
#        VIGIL=PATH       binary (default: $ROOT/vigil, built if missing)
# Cold runs need root (echo 3 > /proc/sys/vm/drop_caches); otherwise they
# are reported as skipped.  The report goes to stdout and to
# $BENCH_DIR/pw-report-N.txt; progress to stderr.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/vigil-bench}
N=${N:-100000000}
Q=${Q:-1000000}
QCOLD=${QCOLD:-20000}
QLOOK=${QLOOK:-1000}
WRK_SECONDS=${WRK_SECONDS:-10}
WRK_CONN=${WRK_CONN:-32}
THREADS=${THREADS:-$(nproc)}
VIGIL=${VIGIL:-$ROOT/vigil}

log() { printf '[bench-pw] %s\n' "$*" >&2; }
[ -x /usr/bin/time ] || { echo "pw.sh: GNU time missing (bench/install-peers.sh)" >&2; exit 2; }
[ -x "$VIGIL" ] || make -C "$ROOT" vigil >&2
make -C "$ROOT" build/libvigil.a >&2
mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
W=$BENCH_DIR/pw-$N
mkdir -p "$W"
HASHES=$BENCH_DIR/pw-sha1-$N.txt
IDX=$W/sha1.idx
PWQ=$W/sha1.pwq
QF=$W/queries-$Q.txt
QCF=$W/queries-cold-$QCOLD.txt
REPORT=$BENCH_DIR/pw-report-$N.txt
TMPD=$(mktemp -d /tmp/vigil-bench-pw.XXXXXX)
SRV=
trap '[ -n "$SRV" ] && kill "$SRV" 2>/dev/null; rm -rf "$TMPD"' EXIT

# Room: the text file (~45 bytes a hash), the index (19) and the filter.
need=$((N / 1000000 * 80 + 100))
have=$(df -Pm "$BENCH_DIR" | awk 'NR == 2 { print $4 }')
if [ ! -f "$HASHES" ] && [ "$have" -lt "$need" ]; then
	echo "pw.sh: $BENCH_DIR has $have MB free, N=$N needs about $need MB (set N= or BENCH_DIR=)" >&2
	exit 2
fi

LB=$W/pw_lookup_bench
if [ ! -x "$LB" ] || [ "$ROOT/bench/pw_lookup_bench.c" -nt "$LB" ] ||
    [ "$ROOT/build/libvigil.a" -nt "$LB" ]; then
	log "building $LB"
	# shellcheck disable=SC2046
	cc -std=gnu17 -D_GNU_SOURCE -O2 -g -I"$ROOT/src" -o "$LB" \
	    "$ROOT/bench/pw_lookup_bench.c" "$ROOT/build/libvigil.a" \
	    $(pkg-config --libs libsodium nettle) -lm
fi

# timed OUT CMD...: run CMD under GNU time; sets T_WALL (s) and T_RSS (MB).
timed() {
	local out=$1 t0 t1 kb
	shift
	t0=$EPOCHREALTIME
	/usr/bin/time -f '%M' -o "$TMPD/time" "$@" >"$out" 2>"$TMPD/err" ||
	    { echo "pw.sh: failed: $*" >&2; cat "$TMPD/err" >&2; exit 2; }
	t1=$EPOCHREALTIME
	T_WALL=$(echo "$t1 - $t0" | bc -l)
	kb=$(tail -n 1 "$TMPD/time")
	T_RSS=$(echo "$kb / 1024" | bc -l)
}
# field LINE KEY: the value of KEY=... in LINE.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"; }
size_mb() { echo "$(stat -c %s "$1") / 1000000" | bc -l; }
per_hash() { echo "$(stat -c %s "$1") / $N" | bc -l; }
drop_caches() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
}
cold_ok=0
if [ "$(id -u)" -eq 0 ] && [ -w /proc/sys/vm/drop_caches ]; then
	cold_ok=1
fi

if [ ! -f "$HASHES" ]; then
	log "generating $N sorted SHA-1 hashes in $HASHES (once)"
	t0=$EPOCHREALTIME
	"$LB" gen "$N" >"$HASHES.tmp"
	mv "$HASHES.tmp" "$HASHES"
	log "generated in $(echo "$EPOCHREALTIME - $t0" | bc -l | xargs printf '%.1f') s"
fi

log "vigil pw index"
timed /dev/null "$VIGIL" pw index "$HASHES" -o "$IDX"
B_VIGIL="$T_WALL $T_RSS"
HAVE_PWQ=0
if command -v pwqfilter >/dev/null 2>&1; then
	HAVE_PWQ=1
	# The filter takes a minute at 100 M: built once per hash file, with
	# its build time and peak kept beside it for later reports.
	if [ ! -f "$PWQ" ] || [ ! -f "$PWQ.build" ] || [ "$HASHES" -nt "$PWQ" ]; then
		log "pwqfilter --create"
		rm -f "$PWQ"
		# Capacity: the entries plus 5%, over the 2.04% the manual asks.
		timed /dev/null pwqfilter --create=$((N + N / 20)) --pre-hashed \
		    -o "$PWQ" <"$HASHES"
		echo "$T_WALL $T_RSS" >"$PWQ.build"
	fi
	B_PWQ=$(cat "$PWQ.build")
fi

if [ ! -f "$QF" ]; then
	log "drawing $Q queries (half present)"
	"$LB" queries "$IDX" "$Q" >"$QF"
fi
head -n "$QCOLD" "$QF" >"$QCF"
present=$(( $(wc -l <"$QF") ))

# look(1): one process a query, each timed; prints "per_s p50_us p99_us found".
look_run() {
	local n=$1 file=$2 t0 t1 i=0 found=0 h
	: >"$TMPD/lat"
	while read -r h && [ $i -lt "$n" ]; do
		t0=$EPOCHREALTIME
		if look "$h" "$file" >/dev/null; then found=$((found + 1)); fi
		t1=$EPOCHREALTIME
		echo "$t1 - $t0" | bc -l >>"$TMPD/lat"
		i=$((i + 1))
	done <"$QF"
	sort -g "$TMPD/lat" | awk -v f="$found" '
	    { v[NR] = $1; s += $1 }
	    END { printf "%.0f %.1f %.1f %d\n", NR / s, v[int(NR * 0.5) + 1] * 1e6,
	        v[int(NR * 0.99) + 1] * 1e6, f }'
}

# pwqfilter: bulk lookups from stdin; the load (empty input) is timed
# apart and taken off.  Prints "per_s load_s found".
# The fastest of three runs each, the load (an empty input) taken off.
pwq_run() {
	local qf=$1 n t0 t load=999999 all=999999 i
	n=$(wc -l <"$qf")
	cat "$PWQ" >/dev/null
	for i in 1 2 3; do
		t0=$EPOCHREALTIME
		pwqfilter -f "$PWQ" --pre-hashed -c </dev/null >/dev/null 2>&1 || true
		t=$(echo "$EPOCHREALTIME - $t0" | bc -l)
		load=$(echo "if ($t < $load) $t else $load" | bc -l)
		t0=$EPOCHREALTIME
		pwqfilter -f "$PWQ" --pre-hashed -c <"$qf" >"$TMPD/pwq1" 2>/dev/null || true
		t=$(echo "$EPOCHREALTIME - $t0" | bc -l)
		all=$(echo "if ($t < $all) $t else $all" | bc -l)
	done
	printf '%.0f %.2f %s\n' "$(echo "$n / ($all - $load)" | bc -l)" "$load" "$(cat "$TMPD/pwq1")"
}
# pwq_cold: the same after drop_caches, load included (it reads the file).
pwq_cold() {
	local n t0 all
	n=$(wc -l <"$QCF")
	drop_caches
	t0=$EPOCHREALTIME
	pwqfilter -f "$PWQ" --pre-hashed -c <"$QCF" >/dev/null 2>&1 || true
	all=$(echo "$EPOCHREALTIME - $t0" | bc -l)
	printf '%.2f\n' "$all"
}

log "warm lookups ($Q queries)"
cat "$IDX" >/dev/null
V_WARM=$("$LB" lookup "$IDX" "$QF" --warm)
cat "$HASHES" >/dev/null
T_WARM=$("$LB" text "$HASHES" "$QF" --warm)
if [ $HAVE_PWQ -eq 1 ]; then
	P_WARM=$(pwq_run "$QF")
fi
timed /dev/null "$VIGIL" pw check -x "$IDX" --hash --stats <"$QF"
CHECK_LPS=$(sed -n 's/.* \([0-9]*\) lines\/s$/\1/p' "$TMPD/err")
L_WARM=$(look_run "$QLOOK" "$HASHES")

V_COLD= T_COLD= P_COLD= L_COLD=
if [ $cold_ok -eq 1 ]; then
	log "cold lookups ($QCOLD queries, caches dropped before each tool)"
	drop_caches
	V_COLD=$("$LB" lookup "$IDX" "$QCF")
	drop_caches
	T_COLD=$("$LB" text "$HASHES" "$QCF")
	if [ $HAVE_PWQ -eq 1 ]; then
		P_COLD=$(pwq_cold)
	fi
	drop_caches
	L_COLD=$(look_run $((QLOOK / 5)) "$HASHES")
fi

# The range API under wrk: random prefixes, plain and padded.
W_PLAIN= W_PAD=
if command -v wrk >/dev/null 2>&1; then
	log "vigil pw serve under wrk (${WRK_SECONDS}s each, $WRK_CONN connections)"
	cat "$IDX" >/dev/null
	cat >"$TMPD/range.lua" <<'EOF'
math.randomseed(os.time())
request = function()
	return wrk.format("GET", string.format("/range/%05X", math.random(0, 1048575)))
end
EOF
	{ echo 'wrk.headers["Add-Padding"] = "true"'; cat "$TMPD/range.lua"; } >"$TMPD/padded.lua"
	"$VIGIL" pw serve -x "$IDX" --listen 127.0.0.1:0 --threads "$THREADS" 2>"$TMPD/serve.err" &
	SRV=$!
	port=
	for _ in $(seq 50); do
		port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$TMPD/serve.err")
		[ -n "$port" ] && break
		sleep 0.1
	done
	[ -n "$port" ] || { cat "$TMPD/serve.err" >&2; exit 2; }
	# wrk_run SCRIPT: "req_per_s p50 p99 MB_per_s non2xx"
	wrk_run() {
		wrk -t1 -c"$WRK_CONN" -d"${WRK_SECONDS}s" --latency -s "$1" \
		    "http://127.0.0.1:$port" >"$TMPD/wrk.out" 2>&1
		awk '
		    /Requests\/sec:/ { rps = $2 }
		    /Transfer\/sec:/ { tps = $2 }
		    /^ +50%/ { p50 = $2 }
		    /^ +99%/ { p99 = $2 }
		    /Non-2xx/ { bad = $NF }
		    END { printf "%s %s %s %s %d\n", rps, p50, p99, tps, bad }' "$TMPD/wrk.out"
	}
	W_PLAIN=$(wrk_run "$TMPD/range.lua")
	W_PAD=$(wrk_run "$TMPD/padded.lua")
	kill -TERM "$SRV"
	wait "$SRV" || { echo "pw.sh: the server did not exit 0 on SIGTERM" >&2; exit 2; }
	SRV=
fi

# ---------------------------------------------------------------- report
{
echo "# vigil breached-password index benchmark: N=$N synthetic SHA-1 hashes"
echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'); $Q warm, $QCOLD cold queries, half present"
echo
echo "## Build and size"
printf '%-28s %10s %10s %12s %10s\n' tool build_s peak_MB size_MB bytes/hash
read -r s m <<<"$B_VIGIL"
printf '%-28s %10.1f %10.0f %12.0f %10.2f\n' "vigil pw index" "$s" "$m" "$(size_mb "$IDX")" "$(per_hash "$IDX")"
if [ $HAVE_PWQ -eq 1 ]; then
	read -r s m <<<"$B_PWQ"
	printf '%-28s %10.1f %10.0f %12.0f %10.2f\n' "pwqfilter --create" "$s" "$m" "$(size_mb "$PWQ")" "$(per_hash "$PWQ")"
else
	echo "pwqfilter: not installed (bench/install-peers.sh)"
fi
printf '%-28s %10s %10s %12.0f %10.2f\n' "sorted text (look)" "-" "-" "$(size_mb "$HASHES")" "$(per_hash "$HASHES")"
echo
echo "## Lookups, warm (page cache)"
printf '%-28s %14s %10s %10s %10s %s\n' tool lookups/s p50_us p99_us p999_us note
for L in "$V_WARM" "$T_WARM"; do
	case $L in
	text*) name="sorted text, binary search" ;;
	*) name="vigil index (vg_pwdb_lookup)" ;;
	esac
	printf '%-28s %14.0f %10.3f %10.3f %10.3f found %s/%s, one at a time %.0f/s, clock %s ns\n' \
	    "$name" "$(field "$L" batch_per_s)" "$(field "$L" p50_us)" \
	    "$(field "$L" p99_us)" "$(field "$L" p999_us)" "$(field "$L" found)" \
	    "$present" "$(field "$L" lat_per_s)" "$(field "$L" clock_ns)"
done
if [ $HAVE_PWQ -eq 1 ]; then
	read -r rate load found <<<"$P_WARM"
	printf '%-28s %14.0f %10s %10s %10s found %s (approximate filter, no counts), load %.2f s\n' \
	    "pwqfilter (bulk, stdin)" "$rate" - - - "$found" "$load"
fi
printf '%-28s %14s %10s %10s %10s process start and output included\n' "vigil pw check --hash" "$CHECK_LPS" - - -
read -r rate p50 p99 found <<<"$L_WARM"
printf '%-28s %14s %10s %10s %10s one process a query, %s runs, found %s\n' "look(1)" "$rate" "$p50" "$p99" - "$QLOOK" "$found"
echo
echo "## Lookups, cold (after echo 3 > /proc/sys/vm/drop_caches)"
if [ $cold_ok -eq 1 ]; then
	printf '%-28s %14s %10s %10s %10s %s\n' tool lookups/s p50_us p99_us p999_us note
	printf '%-28s %14.0f %10.1f %10.1f %10.1f open %s ms, %s queries\n' "vigil index" \
	    "$(field "$V_COLD" lat_per_s)" "$(field "$V_COLD" p50_us)" "$(field "$V_COLD" p99_us)" \
	    "$(field "$V_COLD" p999_us)" "$(field "$V_COLD" open_ms)" "$QCOLD"
	printf '%-28s %14.0f %10.1f %10.1f %10.1f %s queries\n' "sorted text, binary search" \
	    "$(field "$T_COLD" lat_per_s)" "$(field "$T_COLD" p50_us)" "$(field "$T_COLD" p99_us)" \
	    "$(field "$T_COLD" p999_us)" "$QCOLD"
	if [ $HAVE_PWQ -eq 1 ]; then
		printf '%-28s %14s %10s %10s %10s %s s for %s queries, reading the whole filter first\n' \
		    "pwqfilter" - - - - "$P_COLD" "$QCOLD"
	fi
	read -r rate p50 p99 found <<<"$L_COLD"
	printf '%-28s %14s %10s %10s %10s %s runs\n' "look(1)" "$rate" "$p50" "$p99" - $((QLOOK / 5))
else
	echo "cold skipped: not root"
fi
echo
echo "## Range API: vigil pw serve, $THREADS threads, wrk -t1 -c$WRK_CONN -d${WRK_SECONDS}s, random prefixes (same machine)"
if [ -n "$W_PLAIN" ]; then
	printf '%-28s %12s %10s %10s %10s %s\n' request req/s p50 p99 transfer non-2xx
	read -r rps p50 p99 tps bad <<<"$W_PLAIN"
	printf '%-28s %12s %10s %10s %10s %s\n' "GET /range/PPPPP" "$rps" "$p50" "$p99" "$tps" "$bad"
	read -r rps p50 p99 tps bad <<<"$W_PAD"
	printf '%-28s %12s %10s %10s %10s %s\n' "  with Add-Padding: true" "$rps" "$p50" "$p99" "$tps" "$bad"
else
	echo "wrk: not installed (bench/install-peers.sh)"
fi
} | tee "$REPORT"
