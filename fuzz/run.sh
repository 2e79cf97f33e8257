#!/bin/sh
# run.sh check|run HARNESS... -- CI runs each corpus once (check); `make
# fuzz' runs each harness for FUZZ_SECONDS with its corpus and dictionary.
set -eu
mode=$1; shift
for bin in "$@"; do
	name=$(basename "$bin")
	target=${name#fuzz_}
	corpus=fuzz/corpus/$target
	# A decoder harness without a corpus of its own starts from the
	# decoder's golden inputs.
	case $target in
	logfmt_?*)
		if [ ! -d "$corpus" ]; then
			corpus=build-fuzz/seed-$target
			mkdir -p "$corpus"
			cp tests/data/logfmt/"${target#logfmt_}"/*.in "$corpus"/ \
			    2>/dev/null || true
		fi ;;
	esac
	mkdir -p "$corpus"
	dict=
	[ -f "fuzz/dict/$target.dict" ] && dict="-dict=fuzz/dict/$target.dict"
	if [ "$mode" = check ]; then
		echo "fuzz-check $target ($(ls "$corpus" | wc -l) inputs)"
		# shellcheck disable=SC2086
		if ! "$bin" -runs=0 $dict "$corpus" >build-fuzz/$target.log 2>&1
		then
			tail -40 "build-fuzz/$target.log"
			echo "fuzz-check $target: FAILED"
			exit 1
		fi
		tail -1 "build-fuzz/$target.log"
	else
		work=build-fuzz/corpus-$target
		mkdir -p "$work"
		# shellcheck disable=SC2086
		"$bin" -max_total_time="${FUZZ_SECONDS:-60}" -max_len=1048576 \
		    $dict "$work" "$corpus"
	fi
done
