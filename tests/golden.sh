#!/bin/sh
# golden.sh VIGIL [DECODER...] -- decoder golden files.
#
# Every tests/data/logfmt/<decoder>/<case>.in is scanned with --events and
# the normalized events are compared with <case>.out.  <case>.args, when
# present, holds extra arguments (e.g. --format syslog-notime).  UPDATE=1
# rewrites the .out files (of the named decoders only, when some are
# named); review the diff before committing.
set -u
VIGIL=${1:?usage: golden.sh VIGIL [DECODER...]}
shift
dirs=
for d in "$@"; do dirs="$dirs tests/data/logfmt/$d"; done
[ -z "$dirs" ] && dirs=$(ls -d tests/data/logfmt/*)
pass=0 fail=0
tmp=$(mktemp -d /tmp/vigil-golden.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
for in in $(for d in $dirs; do ls "$d"/*.in 2>/dev/null; done); do
	[ -e "$in" ] || continue
	out=${in%.in}.out
	args=
	[ -f "${in%.in}.args" ] && args=$(cat "${in%.in}.args")
	# shellcheck disable=SC2086
	"$VIGIL" scan --year 2026 --no-progress $args --events "$tmp/got" \
	    -o /dev/null "$in" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "FAIL  $in (exit $rc: $(cat "$tmp/err"))"
		fail=$((fail + 1))
		continue
	fi
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$tmp/got" "$out"
	fi
	if [ -f "$out" ] && cmp -s "$tmp/got" "$out"; then
		pass=$((pass + 1))
	else
		echo "FAIL  $in"
		[ -f "$out" ] && diff "$out" "$tmp/got" | head -20
		fail=$((fail + 1))
	fi
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
