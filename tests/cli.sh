#!/bin/sh
# cli.sh VIGIL -- the command-line contract: exit codes, messages that
# name the file, transparent gzip and stdin, hostile input.
set -u
VIGIL=${1:?usage: cli.sh VIGIL}
pass=0 fail=0
tmp=$(mktemp -d /tmp/vigil-cli.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { echo "FAIL  $*"; fail=$((fail + 1)); }
check() {	# check DESCRIPTION COMMAND...: command must succeed
	d=$1; shift
	if "$@"; then ok; else bad "$d"; fi
}

log=tests/data/scan/auth.log
feed=tests/data/scan/botnet.txt

# Usage errors and unreadable input exit 2 and name the file.
"$VIGIL" scan --no-such-option >/dev/null 2>&1
check "unknown option exits 2" [ $? -eq 2 ]
"$VIGIL" scan "$tmp/missing.log" >/dev/null 2>"$tmp/err"
check "missing input exits 2" [ $? -eq 2 ]
check "missing input is named" grep -q "missing.log" "$tmp/err"
"$VIGIL" scan -i "$tmp/nofeed.txt" "$log" >/dev/null 2>"$tmp/err"
check "missing feed exits 2" [ $? -eq 2 ]
check "missing feed is named" grep -q "nofeed.txt" "$tmp/err"
"$VIGIL" scan --format nosuch "$log" >/dev/null 2>&1
check "unknown format exits 2" [ $? -eq 2 ]

# A run with alerts exits 0; alerts are JSON lines with the ECS fields.
"$VIGIL" scan --no-progress -i "$feed" "$log" >"$tmp/a1" 2>"$tmp/sum"
check "scan exits 0" [ $? -eq 0 ]
check "alerts found" [ "$(wc -l <"$tmp/a1")" -eq 3 ]
check "summary line" grep -q "lines.*alerts 3" "$tmp/sum"
check "alert fields" grep -q '"threat":{"indicator":{"type":"ipv4-addr","matched":"203.0.113.0/24","category":"botnet"' "$tmp/a1"
check "alert kind" grep -q '"kind":"alert"' "$tmp/a1"
check "file and line" grep -q '"log":{"file":{"path":"tests/data/scan/auth.log","line":3}}' "$tmp/a1"

# gzip and stdin give the same alerts (file path aside).
gzip -c "$log" >"$tmp/auth.log.gz"
"$VIGIL" scan --no-progress -i "$feed" "$tmp/auth.log.gz" 2>/dev/null |
    sed 's#"path":"[^"]*"#"path":"X"#' >"$tmp/a2"
sed 's#"path":"[^"]*"#"path":"X"#' "$tmp/a1" >"$tmp/a1n"
check "gzip input" cmp -s "$tmp/a1n" "$tmp/a2"
"$VIGIL" scan --no-progress -i "$feed" <"$log" 2>/dev/null |
    sed 's#"path":"[^"]*"#"path":"X"#' >"$tmp/a3"
check "stdin input" cmp -s "$tmp/a1n" "$tmp/a3"

# Threads give the same output in the same order.
"$VIGIL" scan --no-progress --threads 2 -i "$feed" "$log" >"$tmp/a4" 2>/dev/null
check "threads keep order" cmp -s "$tmp/a1" "$tmp/a4"

# Snapshot: compile, then the same alerts from the mapped set.
"$VIGIL" intel compile "$feed" -o "$tmp/set.vgi" 2>/dev/null
check "compile" [ -s "$tmp/set.vgi" ]
"$VIGIL" scan --no-progress -i "$tmp/set.vgi" "$log" >"$tmp/a5" 2>/dev/null
check "snapshot alerts" cmp -s "$tmp/a1" "$tmp/a5"
"$VIGIL" intel lookup -i "$tmp/set.vgi" 203.0.113.77 >"$tmp/l" 2>&1
check "lookup listed exits 0" [ $? -eq 0 ]
check "lookup names feed" grep -q "botnet.*203.0.113.0/24" "$tmp/l"
"$VIGIL" intel lookup -i "$feed" 198.18.0.1 >/dev/null 2>&1
check "lookup unlisted exits 1" [ $? -eq 1 ]
head -c 100 "$tmp/set.vgi" >"$tmp/broken.vgi"
"$VIGIL" intel lookup -i "$tmp/broken.vgi" 1.2.3.4 >/dev/null 2>"$tmp/err"
check "damaged snapshot exits 2" [ $? -eq 2 ]
check "damaged snapshot named" grep -q "broken.vgi" "$tmp/err"

# Hostile input: NUL bytes, binary garbage, a 10 MB line, no newline at
# the end.  Nothing crashes; every line is counted; nothing is lost.
{
	printf 'Nov 25 10:00:00 h sshd[1]: Failed password for root from 203.0.113.5 port 1 ssh2\n'
	printf 'a\000b\000c 203.0.113.6\n'
	head -c 100000 /dev/urandom | tr -d '\n'; printf '\n'
	head -c 10485760 /dev/zero | tr '\000' 'x'; printf ' 203.0.113.7\n'
	printf 'Nov 25 10:00:01 h sshd[1]: Failed password for root from 203.0.113.8 port 1 ssh2'
} >"$tmp/hostile.log"
"$VIGIL" scan --no-progress --stats -i "$feed" "$tmp/hostile.log" \
    >"$tmp/a6" 2>"$tmp/st"
check "hostile input exits 0" [ $? -eq 0 ]
check "hostile lines counted" grep -q "^lines	5$" "$tmp/st"
check "long lines truncated" grep -q "^truncated	2$" "$tmp/st"
check "alerts around garbage" [ "$(grep -c '203.0.113.[58]' "$tmp/a6")" -eq 2 ]
check "NUL line still matched" grep -q '203.0.113.6' "$tmp/a6"
cat "$tmp/hostile.log" | "$VIGIL" scan --no-progress --stats -i "$feed" \
    >"$tmp/a7" 2>"$tmp/st2"
check "hostile stdin counted" grep -q "^truncated	2$" "$tmp/st2"

# Year-less stamps: --year, --tz offsets and zone names, UTC output.
echo 'Nov 25 10:00:00 h sshd[1]: Failed password for root from 203.0.113.5 port 1 ssh2' >"$tmp/tz.log"
"$VIGIL" scan --no-progress --year 2024 --tz +03:00 --events "$tmp/ev" \
    -o /dev/null "$tmp/tz.log" 2>/dev/null
check "--year and --tz offset" grep -q '"@timestamp":"2024-11-25T07:00:00Z"' "$tmp/ev"
"$VIGIL" scan --no-progress --year 2026 --tz Europe/Berlin --events "$tmp/ev" \
    -o /dev/null "$tmp/tz.log" 2>/dev/null
check "--tz zone name" grep -q '"@timestamp":"2026-11-25T09:00:00Z"' "$tmp/ev"
"$VIGIL" scan --tz Mars/Base "$tmp/tz.log" >/dev/null 2>&1
check "unknown zone exits 2" [ $? -eq 2 ]

# A log crossing New Year, dated by its mtime: the same years whatever
# the number of threads (each worker starts from the mtime rule).
{
	for i in 1 2 3 4 5 6; do echo "Dec 31 23:59:5$i h sshd[1]: Failed password for root from 203.0.113.$i port 1 ssh2"; done
	for i in 1 2 3 4 5 6; do echo "Jan  1 00:00:0$i h sshd[1]: Failed password for root from 203.0.113.$i port 1 ssh2"; done
} >"$tmp/ny.log"
touch -d '2027-01-02 00:00:00' "$tmp/ny.log"
"$VIGIL" scan --no-progress --threads 1 --events "$tmp/ny1" -o /dev/null "$tmp/ny.log" 2>/dev/null
"$VIGIL" scan --no-progress --threads 2 --events "$tmp/ny2" -o /dev/null "$tmp/ny.log" 2>/dev/null
check "New Year: threads agree" cmp -s "$tmp/ny1" "$tmp/ny2"
check "New Year: December is 2026" [ "$(grep -c '"@timestamp":"2026-12-31' "$tmp/ny1")" -eq 6 ]
check "New Year: January is 2027" [ "$(grep -c '"@timestamp":"2027-01-01' "$tmp/ny1")" -eq 6 ]
"$VIGIL" scan --no-progress --threads 2 --year 2030 --events "$tmp/ny3" -o /dev/null "$tmp/ny.log" 2>/dev/null
check "--year: New Year crossed" [ "$(grep -c '"@timestamp":"2031-01-01' "$tmp/ny3")" -eq 6 ]

# Private, multicast and reserved addresses are matched only on request.
printf '224.0.0.0/3\n10.0.0.0/8\n' >"$tmp/bogons.txt"
echo 'Nov 25 10:00:00 h app[1]: query from 10.1.2.3 to 224.0.0.252' >"$tmp/priv.log"
"$VIGIL" scan --no-progress -i "$tmp/bogons.txt" "$tmp/priv.log" >"$tmp/p1" 2>/dev/null
check "private and multicast skipped" [ ! -s "$tmp/p1" ]
"$VIGIL" scan --no-progress --match-private -i "$tmp/bogons.txt" "$tmp/priv.log" >"$tmp/p2" 2>/dev/null
check "--match-private matches them" [ "$(wc -l <"$tmp/p2")" -eq 2 ]

# Generic JSON lines: --json-map names a log's own keys.
echo '{"when":"2026-11-25T10:00:00Z","clientAddr":"203.0.113.5","who":"bob"}' >"$tmp/app.json"
"$VIGIL" scan --no-progress -i "$feed" --json-map clientAddr=source.ip \
    --json-map who=user.name "$tmp/app.json" >"$tmp/a8" 2>/dev/null
check "--json-map source" grep -q '"value":"203.0.113.5","field":"source.ip"' "$tmp/a8"
check "--json-map user" grep -q '"user":{"name":"bob"}' "$tmp/a8"
"$VIGIL" scan --no-progress -i "$feed" "$tmp/app.json" >"$tmp/a9" 2>/dev/null
check "unmapped key still matched" grep -q '"value":"203.0.113.5"' "$tmp/a9"
"$VIGIL" scan --json-map who=no.such.field "$tmp/app.json" >/dev/null 2>&1
check "--json-map bad field exits 2" [ $? -eq 2 ]

"$VIGIL" formats >"$tmp/f"
check "formats lists sshd" grep -q "^sshd " "$tmp/f"

# Detections: listed with their thresholds, on by default, configurable.
"$VIGIL" detections >"$tmp/d"
check "detections listed" grep -q "^auth.bruteforce .*capacity=5 leakspeed=10s" "$tmp/d"
check "detections list variants" grep -q "^web.probing/sqli " "$tmp/d"
for i in 1 2 3 4 5 6; do
	echo "Nov 25 10:00:0$i gw sshd[$((100 + i))]: Failed password for root from 198.51.100.23 port 4$i ssh2"
done >"$tmp/bf.log"
"$VIGIL" scan --no-progress --year 2026 "$tmp/bf.log" >"$tmp/d1" 2>"$tmp/dsum"
check "brute force alert" grep -q '"rule":{"id":"auth.bruteforce"' "$tmp/d1"
check "alert evidence" grep -q '"samples":\[{"@timestamp":"2026-11-25T10:00:01Z","line":1}' "$tmp/d1"
check "summary counts detections" grep -q "alerts 1 (1 from detections)" "$tmp/dsum"
"$VIGIL" scan --no-progress --no-detections "$tmp/bf.log" >"$tmp/d2" 2>/dev/null
check "--no-detections" [ ! -s "$tmp/d2" ]
# The workers' intel hits reach the detections: a login from a listed
# network, by an account on a leaked-account list.
echo "bob@example.org" >"$tmp/leaked.txt"
echo "Nov 25 11:00:00 gw sshd[300]: Accepted password for bob@example.org from 203.0.113.77 port 5000 ssh2" >"$tmp/ok.log"
"$VIGIL" scan --no-progress --year 2026 -i "$feed" -i "leaks=$tmp/leaked.txt" "$tmp/ok.log" >"$tmp/d4" 2>/dev/null
check "login from listed ip" grep -q '"rule":{"id":"auth.login_from_listed_ip".*"matched":"203.0.113.0/24"' "$tmp/d4"
check "leaked account activity" grep -q '"rule":{"id":"auth.leaked_account_activity".*"feed":{"name":"leaks"}' "$tmp/d4"
printf 'auth.bruteforce:\n  capacity: 10\n' >"$tmp/det.yaml"
"$VIGIL" scan --no-progress --detections "$tmp/det.yaml" "$tmp/bf.log" >"$tmp/d3" 2>/dev/null
check "--detections raises the capacity" [ ! -s "$tmp/d3" ]
printf 'auth.bruteforce:\n  capacity: 10\n  leakspeeed: 1m\n' >"$tmp/bad.yaml"
"$VIGIL" scan --detections "$tmp/bad.yaml" "$tmp/bf.log" >/dev/null 2>"$tmp/err"
check "bad detections config exits 2" [ $? -eq 2 ]
check "bad config names file:line:col" grep -q "bad.yaml:3:3: auth.bruteforce has no threshold 'leakspeeed'" "$tmp/err"

# vuln: the patch audit of one host and of a fleet (issue 4).
vf=tests/data/vuln
"$VIGIL" vuln scan --status $vf/fleet/web01/status -a $vf/advisories --kev $vf/kev.json >"$tmp/v1" 2>"$tmp/verr"
check "vuln scan exits 0" [ $? -eq 0 ]
check "vuln host from ecosystem of its copied tree" grep -q '"host":{"name":"web01","os":{"ecosystem":"Debian:12"}}' "$tmp/v1"
check "vuln KEV first" sh -c "head -1 '$tmp/v1' | grep -q '\"kev\":true'"
check "vuln finding fields" grep -q '"package":{"name":"bsdutils","version":"1:2.38.1-5+b1","source":"util-linux","source_version":"2.38.1-5","architecture":"amd64"},"vulnerability":{"id":"DEBIAN-CVE-2024-28085","cve":\["CVE-2024-28085"\],"fixed_version":"2.38.1-5+deb12u1","status":"affected","kev":true' "$tmp/v1"
check "vuln kev due date" grep -q '"kev":{"cve":"CVE-2023-4911","due_date":"2023-12-12"' "$tmp/v1"
check "vuln unfixed" grep -q '"id":"CVE-2023-45853","cve":\["CVE-2023-45853"\],"fixed_version":null,"status":"unfixed"' "$tmp/v1"
check "vuln withdrawn not reported" sh -c "! grep -q 'CVE-2023-46218' '$tmp/v1'"
check "vuln broken advisory named" grep -q 'advisories/osv/broken.json:2: bad JSON' "$tmp/verr"
check "vuln summary" grep -q '^vuln: 1 hosts (0 not audited), 11 packages, 9 findings on 1 hosts (2 known exploited, 2 without a fix)' "$tmp/verr"
"$VIGIL" vuln scan --status $vf/fleet/web01/status -a $vf/advisories --format table >"$tmp/v2" 2>/dev/null
check "vuln table one line per source" [ "$(grep -c ' openssl ' "$tmp/v2")" -eq 1 ]
check "vuln table upgrade" grep -q 'openssl  *3.0.11-1~deb12u2  *-> 3.0.13-1~deb12u1' "$tmp/v2"
"$VIGIL" vuln scan --status $vf/fleet/web01/status -a $vf/advisories --format csv -o "$tmp/v3.csv" 2>/dev/null
check "vuln csv header" sh -c "head -1 '$tmp/v3.csv' | grep -q '^host.name,package.name,package.version,package.source,package.source_version,vulnerability.id,vulnerability.cve,vulnerability.fixed_version,vulnerability.status,vulnerability.kev,kev.due_date,vulnerability.severity\$'"
check "vuln csv rows" [ "$(wc -l <"$tmp/v3.csv")" -eq 10 ]
"$VIGIL" vuln scan --status "$tmp/none" -a $vf/advisories >/dev/null 2>"$tmp/verr"
check "vuln missing status exits 2" [ $? -eq 2 ]
check "vuln missing status named" grep -q "$tmp/none" "$tmp/verr"
"$VIGIL" vuln scan --status $vf/fleet/web01/status -a "$tmp/noadv" >/dev/null 2>"$tmp/verr"
check "vuln missing advisories exits 2" [ $? -eq 2 ]
check "vuln missing advisories named" grep -q "noadv" "$tmp/verr"
"$VIGIL" vuln scan --status $vf/fleet/web01/status -a $vf/advisories --format xml >/dev/null 2>&1
check "vuln bad format exits 2" [ $? -eq 2 ]
"$VIGIL" vuln hosts $vf/fleet -a $vf/advisories --kev $vf/kev.json >"$tmp/v4" 2>"$tmp/verr"
check "vuln hosts exits 0 despite a broken host" [ $? -eq 0 ]
check "vuln hosts: broken host named" grep -q 'broken03: no os-release' "$tmp/verr"
check "vuln hosts summary" grep -q '^vuln: 6 hosts (1 not audited), 31 packages, 15 findings on 5 hosts' "$tmp/verr"
check "vuln hosts in name order" [ "$(sed 's/.*"host":{"name":"\([^"]*\)".*/\1/' "$tmp/v4" | uniq | tr '\n' ' ')" = "alma01 alpine01 db02 rhel01 web01 " ]
"$VIGIL" vuln hosts $vf/fleet -a $vf/advisories --threads 1 >"$tmp/v5" 2>/dev/null
"$VIGIL" vuln hosts $vf/fleet -a $vf/advisories --threads 3 >"$tmp/v6" 2>/dev/null
check "vuln hosts same output for any thread count" cmp -s "$tmp/v5" "$tmp/v6"
"$VIGIL" vuln affected CVE-2023-5678 --hosts $vf/fleet -a $vf/advisories >"$tmp/v7" 2>/dev/null
check "vuln affected by alias" [ "$(sed 's/.*"host":{"name":"\([^"]*\)".*/\1/' "$tmp/v7" | sort -u | tr '\n' ' ')" = "alma01 alpine01 rhel01 " ]
"$VIGIL" vuln affected DSA-5514-1 --hosts $vf/fleet -a $vf/advisories --format table >"$tmp/v8" 2>/dev/null
check "vuln affected table" sh -c "grep -q '^web01 (Debian:12)' '$tmp/v8' && ! grep -q '^db02' '$tmp/v8'"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
