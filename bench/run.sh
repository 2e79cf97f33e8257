#!/usr/bin/env bash
# run.sh - vigil benchmark: vigil scan vs its peers on the same 1M-line sshd
# log in the same run, plus intel compile / snapshot load at 10M indicators.
#
# usage: bench/run.sh            (normally via `make bench`)
# env:   SHARED=DIR      shared kit + data (default: $ROOT/../shared)
#        BENCH_DIR=DIR   work dir, reused between runs (default: /tmp/vigil-bench)
#        LINES=N         log lines (default 1000000)
#        RUNS=N          keep the fastest of N runs (default 3)
#        INDICATORS=N    synthetic indicators for the intel test (default 10000000)
#        PEERS="..."     peers for bench_peers.sh (default "grep awk f2b cs-parse cs";
#                        cs, CrowdSec with its scenarios, takes ~10 min per run here)
#        CS_RUNS=N       runs of the cs peer (default 1)
#        VIGIL=PATH      binary to test (default: $ROOT/vigil, built if missing)
# The report goes to stdout and to $BENCH_DIR/report.txt; progress to stderr.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
BENCH_DIR=${BENCH_DIR:-/tmp/vigil-bench}
LINES=${LINES:-1000000}
RUNS=${RUNS:-3}
INDICATORS=${INDICATORS:-10000000}
read -r -a PEERS <<< "${PEERS:-grep awk f2b cs-parse cs}"
VIGIL=${VIGIL:-$ROOT/vigil}

[ -d "$SHARED/bench" ] || { echo "run.sh: no bench kit at $SHARED/bench (set SHARED=)" >&2; exit 2; }
SHARED=$(cd "$SHARED" && pwd)
[ -x /usr/bin/time ] || { echo "run.sh: GNU time missing (run bench/install-peers.sh)" >&2; exit 2; }
mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
REPORT=$BENCH_DIR/report.txt
SRC_LOG=$SHARED/data/logs/loghub/OpenSSH_2k.log
BIG=$BENCH_DIR/big.log
TMPD=$(mktemp -d /tmp/vigil-bench-run.XXXXXX)
: >"$TMPD/empty.log"
trap 'rm -rf "$TMPD"' EXIT

log() { printf '[bench] %s\n' "$*" >&2; }

# time_cmd OUT ERR CMD... : runs CMD once under GNU time.
# Sets T_WALL (s, ns clock around the process, as bench_peers.sh does),
# T_RSS (peak RSS, KB), T_RC (exit status).
time_cmd() {
  local out=$1 err=$2 t0 t1
  shift 2
  T_RC=0
  t0=$(date +%s%N)
  /usr/bin/time -f '%e %M' -o "$TMPD/time" "$@" > "$out" 2> "$err" || T_RC=$?
  t1=$(date +%s%N)
  T_WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b-a)/1e9}')
  read -r _ T_RSS < <(tail -n 1 "$TMPD/time") || T_RSS=0
}

# best_of NAME CMD... : fastest of RUNS runs. Sets B_WALL B_RSS B_RC B_ERR
# (B_ERR = file holding the stderr of the best run, or of the failing run).
# Exit statuses up to OK_RC (default 0) count as success; B_RC is the last one.
best_of() {
  local name=$1 r
  shift
  B_WALL=""; B_RC=0
  for r in $(seq 1 "$RUNS"); do
    time_cmd "$TMPD/$name.$r.out" "$TMPD/$name.$r.err" "$@"
    if [ "$T_RC" -gt "${OK_RC:-0}" ]; then
      B_RC=$T_RC; B_ERR=$TMPD/$name.$r.err; B_WALL=$T_WALL; B_RSS=$T_RSS
      return
    fi
    if [ -z "$B_WALL" ] || awk -v a="$T_WALL" -v b="$B_WALL" 'BEGIN{exit !(a<b)}'; then
      B_WALL=$T_WALL; B_RSS=$T_RSS; B_ERR=$TMPD/$name.$r.err
    fi
    B_RC=$T_RC
  done
}

last_line() { { grep -v '^[[:space:]]*$' "$1" || true; } | tail -n 1; }
mb() { awk -v k="$1" 'BEGIN{ if (k ~ /^[0-9.]+$/) printf "%.1f", k/1024; else print "n/a" }'; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN{ if (t>0) printf "%.0f", n/t; else print "inf" }'; }
ratio() {  # ratio A B [SUFFIX] -> A/B with 2 decimals (+SUFFIX), or n/a
  awk -v a="$1" -v b="$2" -v s="${3:-}" 'BEGIN{ if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b>0) printf "%.2f%s", a/b, s; else print "n/a" }'
}

main() {
  # ---------------------------------------------------------------- inputs
  if [ -f "$BIG" ] && [ "$(wc -l < "$BIG")" -eq "$LINES" ]; then
    log "reusing $BIG ($LINES lines)"
  else
    log "building $BIG ($LINES lines)"
    python3 "$SHARED/bench/make_big_log.py" "$SRC_LOG" "$BIG.tmp" --lines "$LINES" >&2
    mv "$BIG.tmp" "$BIG"
  fi
  local nlines
  nlines=$(wc -l < "$BIG")

  local intel=$SHARED/data/intel feeds=() feed_args=() f
  # Every feed file; a MISP feed directory (manifest.json) is one feed.
  mapfile -d '' feeds < <( {
      find "$intel" -path "$intel/credentials" -prune -o -type f \
        ! -name 'LICENSE*' ! -name 'README*' ! -name 'SOURCES*' -print0 |
        while IFS= read -r -d '' f; do
          [ -f "$(dirname "$f")/manifest.json" ] || printf '%s\0' "$f"
        done
      find "$intel" -name manifest.json -printf '%h\0'
    } | sort -z)
  for f in "${feeds[@]}"; do feed_args+=(-i "$f"); done
  local feed_bytes
  feed_bytes=$(du -cb "${feeds[@]}" | tail -n 1 | cut -f1)

  # ---------------------------------------------------------------- vigil
  local have_vigil=1
  if [ ! -x "$VIGIL" ]; then
    log "$VIGIL missing: make -C $ROOT"
    if ! make -C "$ROOT" >&2 || [ ! -x "$VIGIL" ]; then
      have_vigil=0
      log "vigil could not be built; timing the peers only"
    fi
  fi

  local -A V_WALL V_RSS V_NOTE
  local th
  # The feeds compiled once into a snapshot, as a unit would do nightly:
  # the scans with "snap" then measure scanning, not feed parsing.
  local feeds_vgi=$BENCH_DIR/feeds.vgi fc_wall=n/a fc_note=""
  if [ "$have_vigil" -eq 1 ]; then
    log "vigil intel compile (${#feeds[@]} feeds), best of $RUNS"
    best_of fcompile "$VIGIL" intel compile "${feeds[@]}" -o "$feeds_vgi"
    if [ "$B_RC" -eq 0 ]; then fc_wall=$B_WALL; fc_note=$(last_line "$B_ERR"); fi
  fi
  for th in snap1 snap2; do
    if [ "$have_vigil" -eq 0 ] || [ "$fc_wall" = n/a ]; then
      V_WALL[$th]=n/a; V_RSS[$th]=n/a; V_NOTE[$th]="no snapshot"; continue
    fi
    log "vigil scan --threads ${th#snap} -i feeds.vgi, best of $RUNS"
    best_of "scan$th" "$VIGIL" scan --threads "${th#snap}" -i "$feeds_vgi" -o /dev/null "$BIG"
    if [ "$B_RC" -ne 0 ]; then
      V_WALL[$th]=n/a; V_RSS[$th]=n/a; V_NOTE[$th]="FAILED rc=$B_RC: $(last_line "$B_ERR")"
    else
      V_WALL[$th]=$B_WALL; V_RSS[$th]=$(mb "$B_RSS"); V_NOTE[$th]=$(last_line "$B_ERR")
    fi
  done
  # The detection stage's cost: the same snapshot scans without it.
  for th in nodet1 nodet2; do
    if [ "$have_vigil" -eq 0 ] || [ "$fc_wall" = n/a ]; then
      V_WALL[$th]=n/a; V_RSS[$th]=n/a; V_NOTE[$th]="no snapshot"; continue
    fi
    log "vigil scan --no-detections --threads ${th#nodet} -i feeds.vgi, best of $RUNS"
    best_of "scan$th" "$VIGIL" scan --no-detections --threads "${th#nodet}" -i "$feeds_vgi" -o /dev/null "$BIG"
    if [ "$B_RC" -ne 0 ]; then
      V_WALL[$th]=n/a; V_RSS[$th]=n/a; V_NOTE[$th]="FAILED rc=$B_RC: $(last_line "$B_ERR")"
    else
      V_WALL[$th]=$B_WALL; V_RSS[$th]=$(mb "$B_RSS"); V_NOTE[$th]=$(last_line "$B_ERR")
    fi
  done
  # A million distinct sources: the detections' memory bound.
  local vary=$BENCH_DIR/big-vary.log vary_wall=n/a vary_rss=n/a vary_note="" vary_det=""
  if [ "$have_vigil" -eq 1 ] && [ "$fc_wall" != n/a ]; then
    if [ ! -f "$vary" ]; then
      # --vary-ip alone gives a few thousand sources; many_sources.py
      # gives every line its own address until there are a million.
      log "building $vary (1,000,000 distinct sources)"
      python3 "$SHARED/bench/make_big_log.py" "$SRC_LOG" "$vary.src" --lines 1600000 --vary-ip >&2
      python3 "$ROOT/bench/many_sources.py" "$vary.src" "$vary.tmp" --sources 1000000 >&2
      rm -f "$vary.src"
      mv "$vary.tmp" "$vary"
    fi
    log "vigil scan --threads 1 --stats -i feeds.vgi big-vary.log, best of $RUNS"
    best_of scanvary "$VIGIL" scan --threads 1 --stats -i "$feeds_vgi" -o /dev/null "$vary"
    if [ "$B_RC" -eq 0 ]; then
      vary_wall=$B_WALL; vary_rss=$(mb "$B_RSS")
      vary_note=$(grep '^vigil:' "$B_ERR" | tail -n 1)
      vary_det=$(grep -E '^(detections:|  auth.bruteforce: )' "$B_ERR" | tr '\n' ' ')
    fi
  fi
  for th in 1 2; do
    if [ "$have_vigil" -eq 0 ]; then
      V_WALL[$th]=n/a; V_RSS[$th]=n/a; V_NOTE[$th]="not built"; continue
    fi
    # Every text feed parsed at start-up: the feed cache is off.
    log "vigil scan --threads $th, ${#feeds[@]} feeds parsed, best of $RUNS"
    best_of "scan$th" "$VIGIL" scan --no-feed-cache --threads "$th" "${feed_args[@]}" -o /dev/null "$BIG"
    if [ "$B_RC" -ne 0 ]; then
      V_WALL[$th]=n/a; V_RSS[$th]=n/a
      V_NOTE[$th]="FAILED rc=$B_RC: $(last_line "$B_ERR")"
    else
      V_WALL[$th]=$B_WALL; V_RSS[$th]=$(mb "$B_RSS"); V_NOTE[$th]=$(last_line "$B_ERR")
    fi
  done
  # The same text feeds through the feed cache, warmed by one run: what a
  # unit rescanning every few minutes pays while its feeds do not change.
  for th in 1 2; do
    if [ "$have_vigil" -eq 0 ]; then
      V_WALL[cache$th]=n/a; V_RSS[cache$th]=n/a; V_NOTE[cache$th]="not built"; continue
    fi
    export VIGIL_CACHE_DIR="$TMPD/feed-cache"
    "$VIGIL" scan --threads "$th" "${feed_args[@]}" -o /dev/null "$TMPD/empty.log" 2>/dev/null || true
    log "vigil scan --threads $th, ${#feeds[@]} feeds from the feed cache, best of $RUNS"
    best_of "scancache$th" "$VIGIL" scan --threads "$th" "${feed_args[@]}" -o /dev/null "$BIG"
    unset VIGIL_CACHE_DIR
    if [ "$B_RC" -ne 0 ]; then
      V_WALL[cache$th]=n/a; V_RSS[cache$th]=n/a
      V_NOTE[cache$th]="FAILED rc=$B_RC: $(last_line "$B_ERR")"
    else
      V_WALL[cache$th]=$B_WALL; V_RSS[cache$th]=$(mb "$B_RSS"); V_NOTE[cache$th]=$(last_line "$B_ERR")
    fi
  done

  # ---------------------------------------------------------------- peers
  local run_peers=() missing_notes=() p
  for p in "${PEERS[@]}"; do
    case $p in
      f2b|f2b-aggr) command -v fail2ban-regex > /dev/null || { missing_notes+=("peer $p: not installed (run bench/install-peers.sh)"); continue; } ;;
      cs|cs-parse)  { command -v crowdsec && command -v cscli; } > /dev/null || { missing_notes+=("peer $p: not installed (run bench/install-peers.sh)"); continue; } ;;
    esac
    run_peers+=("$p")
  done
  for f in "${missing_notes[@]}"; do log "$f"; done
  local peers_out=$BENCH_DIR/peers.txt
  : > "$peers_out"
  # CrowdSec with its scenarios takes minutes per run: CS_RUNS of it.
  local fast_peers=() slow_peers=()
  for p in "${run_peers[@]}"; do
    if [ "$p" = cs ]; then slow_peers+=("$p"); else fast_peers+=("$p"); fi
  done
  if [ ${#fast_peers[@]} -gt 0 ]; then
    log "bench_peers.sh ${fast_peers[*]} (RUNS=$RUNS)"
    RUNS=$RUNS "$SHARED/bench/bench_peers.sh" "$BIG" "${fast_peers[@]}" > "$peers_out" \
      || log "bench_peers.sh exited with $? (partial table kept in $peers_out)"
  fi
  if [ ${#slow_peers[@]} -gt 0 ]; then
    log "bench_peers.sh cs (RUNS=${CS_RUNS:-1}; several minutes)"
    RUNS=${CS_RUNS:-1} "$SHARED/bench/bench_peers.sh" "$BIG" cs >> "$peers_out" \
      || log "bench_peers.sh cs exited with $?"
  fi

  # ---------------------------------------------------------------- intel
  local ind=$BENCH_DIR/big.txt vgi=$BENCH_DIR/big.vgi
  local header
  header=$(printf '# vigil synthetic indicators v1 n=%d seed=%d' "$INDICATORS" 20260101)
  local c_wall=n/a c_rss=n/a c_note="vigil not built" l_wall=n/a l_rss=n/a l_note="vigil not built" vgi_size=n/a
  if [ "$have_vigil" -eq 1 ]; then
    if [ -f "$ind" ] && [ "$(head -n 1 "$ind")" = "$header" ]; then
      log "reusing $ind ($INDICATORS indicators)"
    else
      log "generating $ind ($INDICATORS indicators)"
      python3 "$ROOT/bench/gen_indicators.py" "$INDICATORS" "$ind.tmp"
      mv "$ind.tmp" "$ind"
    fi
    rm -f "$vgi"
    log "vigil intel compile ($INDICATORS indicators), best of $RUNS"
    best_of compile "$VIGIL" intel compile "$ind" -o "$vgi"
    if [ "$B_RC" -ne 0 ] || [ ! -f "$vgi" ]; then
      c_note="FAILED rc=$B_RC: $(last_line "$B_ERR")"; l_note="skipped (compile failed)"
    else
      c_wall=$B_WALL; c_rss=$B_RSS; c_note=$(last_line "$B_ERR")
      vgi_size=$(stat -c %s "$vgi")
      log "vigil intel lookup -i big.vgi 1.2.3.4, best of $RUNS"
      OK_RC=1 best_of lookup "$VIGIL" intel lookup -i "$vgi" 1.2.3.4
      if [ "$B_RC" -gt 1 ]; then   # 1 may just mean "not found"
        l_note="FAILED rc=$B_RC: $(last_line "$B_ERR")"
      else
        l_wall=$B_WALL; l_rss=$B_RSS
        l_note="rc=$B_RC; stdout: $(last_line "${B_ERR%.err}.out"); stderr: $(last_line "$B_ERR")"
      fi
    fi
  fi

  # ---------------------------------------------------------------- report
  local rev
  {
  rev=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo none)
  echo "# vigil benchmark  $(date -u +%FT%TZ)  host=$(hostname) cpus=$(nproc) cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)"
  echo "# vigil=$VIGIL rev=$rev  input=$BIG lines=$nlines  best of RUNS=$RUNS"
  echo "# feeds: ${#feeds[@]} files under $intel ($(mb $((feed_bytes / 1024))) MB), each passed as -i"
  grep '^# versions' "$peers_out" || true
  echo
  echo "## scan throughput (${nlines} lines; wall includes process start-up and feed loading)"
  local fmt='%-18s %8s %11s %8s %9s %9s  %s\n'
  # shellcheck disable=SC2059
  printf "$fmt" tool wall_s lines/s rss_MB "x(vig-1)" "x(vig-2)" "reported"
  local v1_lps=n/a v2_lps=n/a
  [ "${V_WALL[1]}" != n/a ] && v1_lps=$(rate "$nlines" "${V_WALL[1]}")
  [ "${V_WALL[2]}" != n/a ] && v2_lps=$(rate "$nlines" "${V_WALL[2]}")
  # shellcheck disable=SC2059
  printf "$fmt" "vigil --threads 1" "${V_WALL[1]}" "$v1_lps" "${V_RSS[1]}" "-" "-" "${V_NOTE[1]}"
  # shellcheck disable=SC2059
  printf "$fmt" "vigil --threads 2" "${V_WALL[2]}" "$v2_lps" "${V_RSS[2]}" "-" "-" "${V_NOTE[2]}"
  local s1_lps=n/a s2_lps=n/a
  [ "${V_WALL[snap1]}" != n/a ] && s1_lps=$(rate "$nlines" "${V_WALL[snap1]}")
  [ "${V_WALL[snap2]}" != n/a ] && s2_lps=$(rate "$nlines" "${V_WALL[snap2]}")
  # shellcheck disable=SC2059
  printf "$fmt" "vigil cache, 1 thr" "${V_WALL[cache1]}" "$( [ "${V_WALL[cache1]}" != n/a ] && rate "$nlines" "${V_WALL[cache1]}" || echo n/a)" "${V_RSS[cache1]}" "-" "-" "${V_NOTE[cache1]}"
  printf "$fmt" "vigil cache, 2 thr" "${V_WALL[cache2]}" "$( [ "${V_WALL[cache2]}" != n/a ] && rate "$nlines" "${V_WALL[cache2]}" || echo n/a)" "${V_RSS[cache2]}" "-" "-" "${V_NOTE[cache2]}"
  printf "$fmt" "vigil snap, 1 thr" "${V_WALL[snap1]}" "$s1_lps" "${V_RSS[snap1]}" "-" "-" "${V_NOTE[snap1]}"
  # shellcheck disable=SC2059
  printf "$fmt" "vigil snap, 2 thr" "${V_WALL[snap2]}" "$s2_lps" "${V_RSS[snap2]}" "-" "-" "${V_NOTE[snap2]}"
  local -A P_WALL
  local said name pwall plps prss pm pnote label
  while read -r name _ pwall plps prss pm pnote; do
    case $name in grep|awk|f2b|f2b-aggr|cs|cs-parse) ;; *) continue ;; esac
    P_WALL[$name]=$pwall
    case $name in
      f2b) label="fail2ban-regex" ;; f2b-aggr) label="fail2ban-aggr" ;;
      cs) label="crowdsec" ;; cs-parse) label="crowdsec-parsers" ;; *) label=$name ;;
    esac
    case $name in f2b*|cs-parse) said=$pnote ;; *) said="$pm $pnote" ;; esac
    [ "$pm" = ERR ] && said="ERR $pnote"
    # x(vig-N) = vigil lines/s / peer lines/s = peer wall / vigil wall (same input)
    # shellcheck disable=SC2059
    printf "$fmt" "$label" "$pwall" "$plps" "$prss" \
      "$(ratio "$pwall" "${V_WALL[1]}")" "$(ratio "$pwall" "${V_WALL[2]}")" "$said"
  done < "$peers_out"
  for f in "${missing_notes[@]}"; do echo "$f"; done
  echo
  echo "## ratios (x > 1: vigil faster; x = vigil lines/s / peer lines/s = peer wall / vigil wall)"
  for p in f2b cs-parse cs f2b-aggr awk; do
    [ -n "${P_WALL[$p]:-}" ] || continue
    echo "vigil/$p: 1 thread $(ratio "${P_WALL[$p]}" "${V_WALL[1]}" x), 2 threads $(ratio "${P_WALL[$p]}" "${V_WALL[2]}" x); feed cache $(ratio "${P_WALL[$p]}" "${V_WALL[cache1]}" x) and $(ratio "${P_WALL[$p]}" "${V_WALL[cache2]}" x); with the compiled snapshot $(ratio "${P_WALL[$p]}" "${V_WALL[snap1]}" x) and $(ratio "${P_WALL[$p]}" "${V_WALL[snap2]}" x)"
  done
  if [ -n "${P_WALL[grep]:-}" ]; then
    echo "vigil vs grep (grep_time/vigil_time): 1 thread $(ratio "${P_WALL[grep]}" "${V_WALL[1]}"), 2 threads $(ratio "${P_WALL[grep]}" "${V_WALL[2]}"); snapshot $(ratio "${P_WALL[grep]}" "${V_WALL[snap1]}") and $(ratio "${P_WALL[grep]}" "${V_WALL[snap2]}")  (grep -c one fixed string: the I/O floor)"
  fi
  echo "feeds compiled to a snapshot in ${fc_wall} s: ${fc_note}"
  echo
  echo "## detections (the snapshot rows above run them; these do not)"
  # shellcheck disable=SC2059
  printf "$fmt" "snap, 1 thr, none" "${V_WALL[nodet1]}" "$( [ "${V_WALL[nodet1]}" != n/a ] && rate "$nlines" "${V_WALL[nodet1]}" || echo n/a)" "${V_RSS[nodet1]}" "-" "-" "${V_NOTE[nodet1]}"
  # shellcheck disable=SC2059
  printf "$fmt" "snap, 2 thr, none" "${V_WALL[nodet2]}" "$( [ "${V_WALL[nodet2]}" != n/a ] && rate "$nlines" "${V_WALL[nodet2]}" || echo n/a)" "${V_RSS[nodet2]}" "-" "-" "${V_NOTE[nodet2]}"
  if [ -n "${P_WALL[f2b]:-}" ] && [ -n "${P_WALL[cs-parse]:-}" ] && [ -n "${P_WALL[grep]:-}" ]; then
    echo "intel matching only (issue 2's comparison), snapshot: vigil/f2b $(ratio "${P_WALL[f2b]}" "${V_WALL[nodet1]}" x) (1 thread), $(ratio "${P_WALL[f2b]}" "${V_WALL[nodet2]}" x) (2); vigil/cs-parse $(ratio "${P_WALL[cs-parse]}" "${V_WALL[nodet1]}" x), $(ratio "${P_WALL[cs-parse]}" "${V_WALL[nodet2]}" x); grep_time/vigil_time $(ratio "${P_WALL[grep]}" "${V_WALL[nodet1]}"), $(ratio "${P_WALL[grep]}" "${V_WALL[nodet2]}")"
  fi
  echo "detection cost over intel matching only (wall): 1 thread $(ratio "${V_WALL[snap1]}" "${V_WALL[nodet1]}" x), 2 threads $(ratio "${V_WALL[snap2]}" "${V_WALL[nodet2]}" x)  (target <= 1.30x)"
  if [ -n "${P_WALL[cs]:-}" ]; then
    echo "vigil with detections vs crowdsec with scenarios: 1 thread $(ratio "${P_WALL[cs]}" "${V_WALL[snap1]}" x), 2 threads $(ratio "${P_WALL[cs]}" "${V_WALL[snap2]}" x)"
  fi
  echo "1,000,000 distinct sources (big-vary.log, $(wc -l < "$vary" 2>/dev/null || echo ?) lines, 1 thread, detections on): wall ${vary_wall} s, peak RSS ${vary_rss} MB"
  echo "  ${vary_note}"
  echo "  ${vary_det}"
  echo
  echo "## intel: $INDICATORS synthetic indicators (70% IPv4, 10% CIDR /16-/30, 15% domains, 5% sha256)"
  local c_bpi=n/a l_bpi=n/a disk_bpi=n/a
  [ "$c_rss" != n/a ] && c_bpi=$(awk -v k="$c_rss" -v n="$INDICATORS" 'BEGIN{printf "%.1f", k*1024/n}')
  [ "$l_rss" != n/a ] && l_bpi=$(awk -v k="$l_rss" -v n="$INDICATORS" 'BEGIN{printf "%.1f", k*1024/n}')
  [ "$vgi_size" != n/a ] && disk_bpi=$(awk -v s="$vgi_size" -v n="$INDICATORS" 'BEGIN{printf "%.1f", s/n}')
  local ifmt='%-32s %8s %8s %12s  %s\n'
  # shellcheck disable=SC2059
  printf "$ifmt" step wall_s rss_MB "rss_B/ind" reported
  # shellcheck disable=SC2059
  printf "$ifmt" "intel compile big.txt -o big.vgi" "$c_wall" "$(mb "$c_rss")" "$c_bpi" "$c_note"
  # shellcheck disable=SC2059
  printf "$ifmt" "intel lookup -i big.vgi 1.2.3.4" "$l_wall" "$(mb "$l_rss")" "$l_bpi" "$l_note"
  echo "snapshot size: $vgi_size bytes ($disk_bpi B/indicator); text feed $( [ -f "$ind" ] && stat -c %s "$ind" || echo n/a) bytes"
  } > "$REPORT"
  cat "$REPORT"
  log "report written to $REPORT"
}

main
