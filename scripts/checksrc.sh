#!/bin/sh
# checksrc.sh -- what the compiler does not check (see STYLE.md, section 6):
# banned C library calls, and private module headers (<m>_int.h) or
# double-underscore names used outside their module.
set -u
cd "$(dirname "$0")/.."
fail=0
banned='\b(strcpy|strcat|sprintf|vsprintf|strncpy|strtok|atoi|atol|sscanf|gets|alloca|system|popen)[[:space:]]*\('
if grep -nE "$banned" src/*.c src/*.h | grep -vE '\b(snprintf|vsnprintf)\('; then
	echo "checksrc: banned call above (use snprintf, strtol, ...)"
	fail=1
fi
for hdr in src/*_int.h; do
	m=$(basename "$hdr" _int.h)
	for f in $(grep -l "#include \"$(basename "$hdr")\"" src/*.c src/*.h tests/*.c tests/unit/*.c fuzz/*.c 2>/dev/null); do
		case $(basename "$f") in
		"$m".c|"$m"_*.c|"$m"_int.h) ;;
		*) echo "checksrc: $f includes $hdr, private to module $m"; fail=1 ;;
		esac
	done
	for name in $(grep -oE "\bvg_${m}__[a-z0-9_]+" "$hdr" | sort -u); do
		for f in $(grep -lw "$name" src/*.c tests/unit/*.c fuzz/*.c 2>/dev/null); do
			case $(basename "$f") in
			"$m".c|"$m"_*.c) ;;
			*) echo "checksrc: $f uses $name, private to module $m"; fail=1 ;;
			esac
		done
	done
done
[ "$fail" -eq 0 ] && echo "checksrc: ok"
exit "$fail"
