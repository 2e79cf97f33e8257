#!/bin/sh
# cli.sh VIGIL -- the command-line contract: exit codes, messages that
# name the file, transparent gzip and stdin, hostile input.
set -u
VIGIL=${1:?usage: cli.sh VIGIL}
pass=0 fail=0
tmp=$(mktemp -d /tmp/vigil-cli.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# The feed cache of vigil scan goes here, never into the user's home.
export VIGIL_CACHE_DIR="$tmp/cache"

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
# An allowlist covers every set: a text allowlist beside a snapshot.
echo "203.0.113.77" >"$tmp/allow.txt"
"$VIGIL" scan --no-progress -i "$tmp/set.vgi" -i "ok:allowlist=$tmp/allow.txt" "$log" >"$tmp/a6" 2>/dev/null
check "allowlist across sets" [ "$(grep -c '203.0.113.77' "$tmp/a6")" -eq 0 ]
# Text feeds load on several threads into several sets; the alerts are
# the same as from one set, most specific hit first.
awk 'BEGIN { for (i = 0; i < 400000; i++) printf "10.%d.%d.%d\n", int(i / 65536) % 256, int(i / 256) % 256, i % 256; print "203.0.113.45" }' >"$tmp/big-feed.txt"
"$VIGIL" scan --no-progress --no-detections --threads 1 -i "$feed" -i "$tmp/big-feed.txt" "$log" >"$tmp/a7" 2>/dev/null
"$VIGIL" scan --no-progress --no-detections --threads 2 -i "$feed" -i "$tmp/big-feed.txt" "$log" >"$tmp/a8" 2>/dev/null
check "parallel feed loading keeps the alerts" cmp -s "$tmp/a7" "$tmp/a8"
check "most specific hit first across sets" grep -q '"enrichments":\[{"indicator":{"matched":"203.0.113.45"' "$tmp/a8"
# The feed cache: the second run takes the sets from it, with the same
# alerts and the same bad-line messages; a changed feed is parsed again;
# a damaged entry is parsed over; a cache others can write is not used.
printf '203.0.113.0/24\nnot an indicator\n' >"$tmp/cfeed.txt"
"$VIGIL" scan --no-progress --stats -i "$tmp/cfeed.txt" "$log" >"$tmp/k1" 2>"$tmp/ke1"
"$VIGIL" scan --no-progress --stats -i "$tmp/cfeed.txt" "$log" >"$tmp/k2" 2>"$tmp/ke2"
check "feed cache: first run parses" grep -q "into 1 sets (0 from the feed cache)" "$tmp/ke1"
check "feed cache: second run hits" grep -q "into 1 sets (1 from the feed cache)" "$tmp/ke2"
check "feed cache: same alerts" cmp -s "$tmp/k1" "$tmp/k2"
check "feed cache: bad line still reported" grep -q "cfeed.txt:2: not an IP" "$tmp/ke2"
sleep 1; printf '203.0.113.0/24\n198.51.100.0/24\n' >"$tmp/cfeed.txt"
"$VIGIL" scan --no-progress --stats -i "$tmp/cfeed.txt" "$log" >"$tmp/k3" 2>"$tmp/ke3"
check "feed cache: changed feed parsed again" grep -q "(0 from the feed cache)" "$tmp/ke3"
for f in "$VIGIL_CACHE_DIR"/*.vgi; do printf 'garbage' >"$f"; done
"$VIGIL" scan --no-progress --stats -i "$tmp/cfeed.txt" "$log" >"$tmp/k4" 2>"$tmp/ke4"
check "feed cache: damaged entry parsed over" sh -c "grep -q '(0 from the feed cache)' '$tmp/ke4' && cmp -s '$tmp/k3' '$tmp/k4'"
chmod 0777 "$VIGIL_CACHE_DIR"
"$VIGIL" scan --no-progress --stats -i "$tmp/cfeed.txt" "$log" >/dev/null 2>"$tmp/ke5"
check "feed cache: group-writable cache not used" grep -q "(0 from the feed cache)" "$tmp/ke5"
chmod 0700 "$VIGIL_CACHE_DIR"
"$VIGIL" scan --no-progress --stats --no-feed-cache -i "$tmp/cfeed.txt" "$log" >/dev/null 2>"$tmp/ke6"
check "--no-feed-cache" grep -q "(0 from the feed cache)" "$tmp/ke6"
# A MISP feed directory is cached too, keyed by every
# entry of the directory: an event file rewritten in place, which leaves
# the directory itself unchanged, is parsed again.
mkdir "$tmp/misp"
printf '{"5f0e4b4c-0000-4000-8000-000000000001": {"info": "x"}}\n' >"$tmp/misp/manifest.json"
printf '{"Event": {"info": "x", "Attribute": [{"type": "ip-src", "value": "198.51.100.20"}]}}\n' >"$tmp/misp/5f0e4b4c-0000-4000-8000-000000000001.json"
"$VIGIL" scan --no-progress --stats -i "$tmp/misp" "$log" >"$tmp/m1" 2>"$tmp/me1"
"$VIGIL" scan --no-progress --stats -i "$tmp/misp" "$log" >"$tmp/m2" 2>"$tmp/me2"
check "feed cache: MISP directory cached" sh -c "grep -q '(1 from the feed cache)' '$tmp/me2' && cmp -s '$tmp/m1' '$tmp/m2' && grep -q 198.51.100.20 '$tmp/m2'"
sleep 1; printf '{"Event": {"info": "x", "Attribute": [{"type": "ip-src", "value": "198.51.100.99"}]}}\n' >"$tmp/misp/5f0e4b4c-0000-4000-8000-000000000001.json"
"$VIGIL" scan --no-progress --stats -i "$tmp/misp" "$log" >"$tmp/m3" 2>"$tmp/me3"
check "feed cache: MISP event rewritten, parsed again" sh -c "grep -q '(0 from the feed cache)' '$tmp/me3' && ! grep -q 198.51.100.20 '$tmp/m3'"
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
# The same question asked of a saved fleet report, without auditing again.
{ cat "$tmp/v4"; echo "not json"; } >"$tmp/fleet.jsonl"
"$VIGIL" vuln affected CVE-2023-5678 --findings "$tmp/fleet.jsonl" >"$tmp/v9" 2>"$tmp/verr"
check "vuln affected --findings exits 0" [ $? -eq 0 ]
check "vuln affected --findings same lines" sh -c "grep 'CVE-2023-5678' '$tmp/v4' | cmp -s - '$tmp/v9'"
check "vuln affected --findings bad line named" grep -q "fleet.jsonl:$(($(wc -l <"$tmp/v4") + 1)): not a JSON finding" "$tmp/verr"

# ---- Leaked-account matching: vigil accounts (docs/ACCOUNTS.md) -----
# Skipped, and said so, until vigil.c dispatches "accounts".
if ! "$VIGIL" accounts 2>&1 | grep -q "vigil accounts match"; then
	echo "SKIP  accounts: vigil.c does not dispatch \"accounts\" yet"
else
ad="$tmp/accounts"
mkdir -p "$ad"
cat >"$ad/dir.csv" <<'EOF'
mail,aliases,userPrincipalName,sAMAccountName,unit,displayName
Ana.Popescu@CNAS.example,"smtp:ana.p@cj.cnas.example;X500:/o=CNAS",apopescu@cnas.local,apopescu,Cluj,Ana Popescu
ion.ionescu@cnas.example,,,iionescu,Iasi,"Ionescu, Ion"
,,,gvasile,Iasi,Gheorghe Vasile
EOF
pw='Tr0ub4dor&3-Cluj'
{
	echo "# paste from a forum"
	echo "ana.popescu@cnas.ro:$pw"
	echo "ANA.P@cj.cnas.example;other:pw"
	echo "gvasile@cnas.example"
	echo "ana popescu $pw"
	echo "nobody@elsewhere.example:x"
} >"$ad/combo.txt"
printf 'Cluj cj.cnas.example cnas.example\nIasi is.cnas.example\n' >"$ad/units.txt"

"$VIGIL" accounts key -o "$ad/master.key" 2>/dev/null
check "accounts key exits 0" [ $? -eq 0 ]
check "accounts key is 0600" [ "$(stat -c %a "$ad/master.key")" = 600 ]
"$VIGIL" accounts key -o "$ad/master.key" 2>"$tmp/err"
check "accounts key does not overwrite" [ $? -eq 2 ]
check "accounts key names the file" grep -q "master.key: exists" "$tmp/err"
"$VIGIL" accounts key --derive Cluj --key-file "$ad/master.key" -o "$ad/cluj.key" 2>/dev/null
"$VIGIL" accounts key --derive Iasi --key-file "$ad/master.key" -o "$ad/iasi.key" 2>/dev/null
check "accounts key --derive" grep -q "^# vigil-key v1 unit=Cluj" "$ad/cluj.key"
"$VIGIL" accounts key --derive ../x --key-file "$ad/master.key" -o "$ad/x.key" 2>/dev/null
check "accounts key --derive bad unit exits 2" [ $? -eq 2 ]

# The centre: per-unit digest files.
"$VIGIL" accounts hash --key-file "$ad/master.key" --unit-domains "$ad/units.txt" \
    --alias-domain cnas.ro=cnas.example -o "$ad/out" "$ad/combo.txt" 2>"$tmp/err"
check "accounts hash exits 0" [ $? -eq 0 ]
check "accounts hash header" [ "$(head -1 "$ad/out/Cluj.hmac")" = "# vigil-hmac v1 unit=Cluj" ]
check "accounts hash: Cluj's digests" [ "$(grep -c '^[0-9a-f]\{64\}' "$ad/out/Cluj.hmac")" -eq 3 ]
check "accounts hash: password flag" [ "$(grep -c ' p$' "$ad/out/Cluj.hmac")" -eq 2 ]
check "accounts hash: empty unit file" [ "$(wc -l <"$ad/out/Iasi.hmac")" -eq 1 ]
check "accounts hash: no identifier in clear" sh -c "! grep -q cnas '$ad/out/Cluj.hmac'"
check "accounts hash: unassigned counted" grep -q "1 identifiers of no unit" "$tmp/err"
"$VIGIL" accounts hash --key-file "$ad/cluj.key" -o "$ad/out2" "$ad/combo.txt" 2>"$tmp/err"
check "accounts hash refuses a unit key" [ $? -eq 2 ]

# A unit: its digest file, its directory, its derived key.
"$VIGIL" accounts match --directory "$ad/dir.csv" --org-domain cnas.example \
    --key-file "$ad/cluj.key" "$ad/out/Cluj.hmac" >"$tmp/am1" 2>"$tmp/err"
check "accounts match digests exits 0" [ $? -eq 0 ]
check "accounts match digests: two accounts" [ "$(wc -l <"$tmp/am1")" -eq 2 ]
check "accounts match digests: password flag" grep -q '"id":"ana.popescu@cnas.example".*"password":true' "$tmp/am1"
"$VIGIL" accounts match --directory "$ad/dir.csv" --key-file "$ad/iasi.key" \
    "$ad/out/Cluj.hmac" >/dev/null 2>"$tmp/err"
check "accounts match: other unit's key exits 2" [ $? -eq 2 ]
check "accounts match: other unit's key named" grep -q "Cluj.hmac:2: digests are for unit Cluj but the key is unit Iasi's" "$tmp/err"
chmod 640 "$ad/cluj.key"
"$VIGIL" accounts match --directory "$ad/dir.csv" --key-file "$ad/cluj.key" \
    "$ad/out/Cluj.hmac" >/dev/null 2>"$tmp/err"
check "accounts: readable key file refused" [ $? -eq 2 ]
check "accounts: key permission message" grep -q "cluj.key: permissions 0640 are too open" "$tmp/err"
"$VIGIL" accounts match --directory "$ad/dir.csv" "$ad/out/Cluj.hmac" >/dev/null 2>"$tmp/err"
check "accounts match: digests without a key exit 2" [ $? -eq 2 ]

# Combo lists in clear: fields, actions, malformed lines, no password.
"$VIGIL" accounts match --directory "$ad/dir.csv" --leaked "$ad/combo.txt" \
    --alias-domain cnas.ro=cnas.example --org-domain cnas.example \
    --indicators "$ad/leaked.txt" >"$tmp/am2" 2>"$tmp/err"
check "accounts match exits 0" [ $? -eq 0 ]
check "accounts match: jsonl fields" grep -q '^{"account":{"id":"ana.popescu@cnas.example","unit":"Cluj","name":"Ana Popescu","matched":\["ana.popescu@cnas.example","ana.p@cj.cnas.example"\]},"leak":{"sources":\["[^"]*combo.txt:2","[^"]*combo.txt:3"\],"source_count":2,"lists":1,"password":true,"password_breached":null,"password_count":2},"actions":\["reset_password","revoke_sessions","check_mfa","notify_user"\],"severity":"critical"}$' "$tmp/am2"
check "accounts match: identifier only" grep -q '"id":"gvasile".*"password":false.*"actions":\["check_mfa","notify_user"\],"severity":"low"' "$tmp/am2"
check "accounts match: malformed line named" grep -q "combo.txt:5: not an identifier" "$tmp/err"
check "accounts match: summary per list" grep -q "combo.txt: 6 lines, 4 records (3 with a password), 1 malformed" "$tmp/err"
check "accounts match: summary per unit" grep -q "unit Iasi: 1 matched, 0 with a password" "$tmp/err"
check "accounts match: no password on stdout" sh -c "! grep -qF 'Tr0ub' '$tmp/am2'"
check "accounts match: no password on stderr" sh -c "! grep -qF 'Tr0ub' '$tmp/err'"
"$VIGIL" accounts match --directory "$ad/dir.csv" --format csv -o "$tmp/am3.csv" "$ad/combo.txt" 2>/dev/null
check "accounts match: csv" [ "$(head -1 "$tmp/am3.csv")" = "account_id,unit,name,matched,sources,source_count,lists,password,password_breached,password_count,actions,severity" ]
check "accounts match: csv rows" [ "$(wc -l <"$tmp/am3.csv")" -eq 2 ]
"$VIGIL" accounts match --directory "$ad/dir.csv" --format table "$ad/combo.txt" >"$tmp/am4" 2>/dev/null
check "accounts match: table" grep -q "^high  *ana.popescu@cnas.example  *Cluj  *yes" "$tmp/am4"
gzip -c "$ad/combo.txt" >"$ad/combo.txt.gz"
"$VIGIL" accounts match --directory "$ad/dir.csv" "$ad/combo.txt.gz" 2>/dev/null |
    sed 's/\.gz:/:/g' >"$tmp/am5"
"$VIGIL" accounts match --directory "$ad/dir.csv" "$ad/combo.txt" >"$tmp/am6" 2>/dev/null
check "accounts match: gzip list" cmp -s "$tmp/am5" "$tmp/am6"
"$VIGIL" accounts match --directory "$ad/nodir.csv" "$ad/combo.txt" >/dev/null 2>"$tmp/err"
check "accounts match: missing directory exits 2" [ $? -eq 2 ]
check "accounts match: missing directory named" grep -q "nodir.csv" "$tmp/err"
"$VIGIL" accounts match --directory "$ad/dir.csv" "$ad/nolist.txt" >/dev/null 2>"$tmp/err"
check "accounts match: missing list exits 2" [ $? -eq 2 ]
check "accounts match: missing list named" grep -q "nolist.txt" "$tmp/err"
"$VIGIL" accounts match --directory "$ad/dir.csv" -x "$ad/noindex" "$ad/combo.txt" >/dev/null 2>"$tmp/err"
check "accounts match: missing -x index exits 2" [ $? -eq 2 ]
"$VIGIL" accounts match "$ad/combo.txt" >/dev/null 2>&1
check "accounts match: no directory is a usage error" [ $? -eq 2 ]

# --indicators: the matched accounts as a list that vigil scan loads.
check "accounts indicators header" [ "$(head -1 "$ad/leaked.txt")" = "# vigil accounts match: leaked accounts of the organization" ]
check "accounts indicators: login@org-domain" grep -q "^gvasile@cnas.example$" "$ad/leaked.txt"
echo "Nov 25 11:00:00 gw sshd[300]: Accepted password for ana.p@cj.cnas.example from 198.51.100.9 port 5000 ssh2" >"$ad/login.log"
"$VIGIL" scan --no-progress --year 2026 -i "leaked:leaked=$ad/leaked.txt" "$ad/login.log" >"$tmp/am7" 2>"$tmp/err"
check "accounts indicators load without bad lines" sh -c "! grep -q 'leaked.txt:' '$tmp/err'"
check "accounts indicators raise leaked-account activity" grep -q '"rule":{"id":"auth.leaked_account_activity".*"feed":{"name":"leaked"}' "$tmp/am7"
fi

# ---- Breached passwords: vigil pw index / pw check (docs/INTERNALS-pwdb.md)
# Exit codes, output formats, and no password ever on stdout or stderr.
# Skipped, and said so, until vigil.c dispatches "pw".
if ! "$VIGIL" pw 2>&1 | grep -q "vigil pw check"; then
	echo "SKIP  pw: vigil.c does not dispatch \"pw\" yet"
else
pd="$tmp/pw"
mkdir -p "$pd"
sha1hex() { printf '%s' "$1" | sha1sum | cut -c1-40 | tr a-f A-F; }
# An ordered-by-hash file (CRLF, sorted) and a plain list.
{
	printf '%s:3\r\n' "$(sha1hex password)"
	printf '%s:7\r\n' "$(sha1hex letmein)"
	printf '%s:0\r\n' "$(sha1hex padding)"
} | LC_ALL=C sort >"$pd/hashes.txt"
printf 'hunter2\nhunter2\r\n\n' >"$pd/list.txt"
"$VIGIL" pw index "$pd/hashes.txt" --passwords "$pd/list.txt" \
    -o "$pd/sha1.idx" 2>"$tmp/err"
check "pw index exits 0" [ $? -eq 0 ]
check "pw index summary" grep -q "sha1.idx: 3 SHA-1 hashes from 6 lines of 2 files (1 padding, 0 bad, 1 blank)" "$tmp/err"
check "pw index: list hashes not world-readable" [ "$(stat -c %a "$pd/sha1.idx")" = 600 ]

# Plaintext mode: counts only, one line per input line, in order.
printf 'password\nnot-in-the-corpus-4711\nhunter2\nletmein\r\npadding\n' |
    "$VIGIL" pw check -x "$pd/sha1.idx" >"$tmp/pw1" 2>"$tmp/err"
check "pw check exits 0" [ $? -eq 0 ]
check "pw check counts" [ "$(tr '\n' ' ' <"$tmp/pw1")" = "3 0 2 7 0 " ]
check "pw check: nothing on stderr" [ ! -s "$tmp/err" ]
printf 'password\nhunter2' | "$VIGIL" pw check -x "$pd/sha1.idx" --json >"$tmp/pw2" 2>&1
check "pw check --json" [ "$(cat "$tmp/pw2")" = '{"line":1,"count":3}
{"line":2,"count":2}' ]

# Lines that cannot be checked: an answer line each, the line number on
# stderr, exit 1, and the password nowhere.
secret=S3cretMarker
{
	echo password
	head -c 3000 /dev/zero | tr '\000' 'Q'; echo "$secret"
	echo "$secret"
} | "$VIGIL" pw check -x "$pd/sha1.idx" >"$tmp/pw3" 2>"$tmp/err"
check "pw check: a failed line exits 1" [ $? -eq 1 ]
check "pw check: error line in order" [ "$(tr '\n' ' ' <"$tmp/pw3")" = "3 error 0 " ]
check "pw check: too long names the line" grep -q "line 2: too long" "$tmp/err"
check "pw check: no password on stdout or stderr" sh -c "! grep -q '$secret' '$tmp/pw3' '$tmp/err'"
{ echo password; head -c 2000 /dev/zero | tr '\000' 'Q'; echo; } |
    "$VIGIL" pw check -x "$pd/sha1.idx" --json >"$tmp/pw4" 2>/dev/null
check "pw check --json error" [ "$(sed -n 2p "$tmp/pw4")" = '{"line":2,"error":"too long"}' ]

# --hash: digests in either case, upper-cased back; a password given by
# mistake is an error, not echoed.
{
	sha1hex password | tr A-F a-f
	echo "$secret"
	sha1hex hunter2
	echo 8846F7EAEE8FB117AD06BDD830B7586C
} | "$VIGIL" pw check -x "$pd/sha1.idx" --hash >"$tmp/pw5" 2>"$tmp/err"
check "pw check --hash exits 1 on a bad line" [ $? -eq 1 ]
check "pw check --hash output" [ "$(tr '\n' ' ' <"$tmp/pw5")" = "$(sha1hex password):3 error $(sha1hex hunter2):2 error " ]
check "pw check --hash: kind mismatch named" grep -q "line 4: NTLM digest, SHA-1 index" "$tmp/err"
check "pw check --hash: no echo of a bad line" sh -c "! grep -q '$secret' '$tmp/pw5' '$tmp/err'"
sha1hex letmein | "$VIGIL" pw check -x "$pd/sha1.idx" --hash --json >"$tmp/pw6" 2>/dev/null
check "pw check --hash --json" [ "$(cat "$tmp/pw6")" = "{\"line\":1,\"hash\":\"$(sha1hex letmein)\",\"count\":7}" ]

# The index: -x, else $VIGIL_PW_INDEX, else a usage error.
echo password | VIGIL_PW_INDEX="$pd/sha1.idx" "$VIGIL" pw check >"$tmp/pw7" 2>/dev/null
check "pw check: VIGIL_PW_INDEX" [ "$(cat "$tmp/pw7")" = 3 ]
echo password | VIGIL_PW_INDEX= "$VIGIL" pw check >/dev/null 2>&1
check "pw check without an index exits 2" [ $? -eq 2 ]
echo password | "$VIGIL" pw check -x "$pd/none.idx" >/dev/null 2>"$tmp/err"
check "pw check: missing index exits 2" [ $? -eq 2 ]
check "pw check: missing index named" grep -q "none.idx" "$tmp/err"
head -c 5000 "$pd/sha1.idx" >"$pd/cut.idx"
echo password | "$VIGIL" pw check -x "$pd/cut.idx" >/dev/null 2>"$tmp/err"
check "pw check: damaged index exits 2" [ $? -eq 2 ]
check "pw check: damaged index named" grep -q "cut.idx" "$tmp/err"

# pw index errors: unsorted input named by file and line, truncated last
# line, mixed kinds, a password list taken for hashes, usage.
printf '%s:1\n%s:1\n' "$(sha1hex password)" "$(sha1hex letmein)" |
    LC_ALL=C sort -r >"$pd/unsorted.txt"
"$VIGIL" pw index "$pd/unsorted.txt" -o "$pd/u.idx" 2>"$tmp/err"
check "pw index: unsorted exits 2" [ $? -eq 2 ]
check "pw index: unsorted names file:line" grep -q "unsorted.txt:2: not sorted" "$tmp/err"
check "pw index: nothing written" [ ! -e "$pd/u.idx" ]
{ cat "$pd/hashes.txt"; printf '0123456789ABCDEF'; } >"$pd/cut.txt"
"$VIGIL" pw index "$pd/cut.txt" -o "$pd/u.idx" 2>"$tmp/err"
check "pw index: truncated exits 2" [ $? -eq 2 ]
check "pw index: truncated names file:line" grep -q "cut.txt:4: truncated" "$tmp/err"
printf '8846F7EAEE8FB117AD06BDD830B7586C:5\n' >"$pd/ntlm.txt"
"$VIGIL" pw index "$pd/hashes.txt" "$pd/ntlm.txt" -o "$pd/u.idx" 2>"$tmp/err"
check "pw index: mixed kinds exit 2" [ $? -eq 2 ]
check "pw index: mixed kinds named" grep -q "ntlm.txt:1: NTLM hash in a SHA-1 index" "$tmp/err"
"$VIGIL" pw index "$pd/list.txt" -o "$pd/u.idx" 2>"$tmp/err"
check "pw index: list without --passwords exits 2" [ $? -eq 2 ]
check "pw index: list hint" grep -q "list.txt:1: .*use --passwords" "$tmp/err"
check "pw index: no password in messages" sh -c "! grep -q hunter2 '$tmp/err'"
"$VIGIL" pw index "$pd/hashes.txt" >/dev/null 2>&1
check "pw index without -o exits 2" [ $? -eq 2 ]

# NTLM: from an NTLM file; plaintext hashed as UTF-16LE; not UTF-8 fails.
"$VIGIL" pw index "$pd/ntlm.txt" -o "$pd/ntlm.idx" 2>/dev/null
check "pw index: NTLM index readable by all" [ "$(stat -c %a "$pd/ntlm.idx")" = 644 ]
printf 'password\nse\377ret\n' | "$VIGIL" pw check -x "$pd/ntlm.idx" >"$tmp/pw8" 2>"$tmp/err"
check "pw check NTLM: not UTF-8 exits 1" [ $? -eq 1 ]
check "pw check NTLM counts" [ "$(tr '\n' ' ' <"$tmp/pw8")" = "5 error " ]
check "pw check NTLM: invalid UTF-8 named" grep -q "line 2: invalid UTF-8" "$tmp/err"

# Many lines: one answer each, in order.
seq 1 5000 | sed 's/^/pw/' | "$VIGIL" pw check -x "$pd/sha1.idx" >"$tmp/pw9" 2>/dev/null
check "pw check: 5000 answers" [ "$(grep -c '^0$' "$tmp/pw9")" -eq 5000 ]

# Hygiene while it waits for input: no core dumps, and the input buffer
# locked in memory (or a warning saying it could not be).
mkfifo "$pd/fifo"
"$VIGIL" pw check -x "$pd/sha1.idx" <"$pd/fifo" >"$tmp/pw10" 2>"$tmp/pw10e" &
pwpid=$!
exec 3>"$pd/fifo"
core= lck=0 i=0
while [ $i -lt 50 ]; do
	core=$(awk '/^Max core file size/ { print $5 "/" $6 }' /proc/$pwpid/limits 2>/dev/null)
	lck=$(awk '/^VmLck:/ { print $2 }' /proc/$pwpid/status 2>/dev/null)
	[ "$core" = 0/0 ] && { [ "${lck:-0}" -gt 0 ] || [ -s "$tmp/pw10e" ]; } && break
	sleep 0.1
	i=$((i + 1))
done
check "pw check: core dumps off" [ "$core" = 0/0 ]
# ASan's runtime turns mlock() into a no-op that succeeds (it cannot lock
# shadow memory), so a sanitizer build is the one excuse.
asan=0
grep -q libasan /proc/$pwpid/maps 2>/dev/null && asan=1
grep -q __asan_init "$VIGIL" 2>/dev/null && asan=1
check "pw check: input locked or warned" sh -c "[ '${lck:-0}' -gt 0 ] || [ $asan -eq 1 ] || grep -q 'cannot lock' '$tmp/pw10e'"
echo password >&3
exec 3>&-
wait $pwpid
check "pw check through a fifo" [ "$(cat "$tmp/pw10")" = 3 ]
fi

# ---- Breached passwords: vigil pw serve, the HIBP range API (docs/PW.md)
# A real server on 127.0.0.1 (a free port), asked with curl; stopped with
# SIGTERM, which must end it with status 0.
if ! "$VIGIL" pw 2>&1 | grep -q "vigil pw serve"; then
	echo "SKIP  pw serve: vigil pw does not dispatch \"serve\" yet"
elif ! command -v curl >/dev/null 2>&1; then
	echo "SKIP  pw serve: curl is not installed (scripts/install-deps.sh)"
else
sd="$tmp/serve"
mkdir -p "$sd"
svhex() { printf '%s' "$1" | sha1sum | cut -c1-40 | tr a-f A-F; }
for w in password:3 hunter2:2 letmein:7; do
	printf '%s:%s\r\n' "$(svhex "${w%:*}")" "${w#*:}"
done | sort >"$sd/h.txt"
"$VIGIL" pw index "$sd/h.txt" -o "$sd/s.idx" 2>/dev/null
rng=../shared/data/creds/hibp-range
ntlm=
if [ -d "$rng/ntlm" ] && "$VIGIL" pw index "$rng/ntlm" -o "$sd/n.idx" 2>/dev/null; then
	ntlm="-x $sd/n.idx"
fi
# serve_start ERRFILE ARGS...: start a server in the background on a free
# port; sets svpid and svport (empty when it did not come up).
serve_start() {
	e=$1; shift
	"$VIGIL" pw serve --listen 127.0.0.1:0 "$@" 2>"$e" &
	svpid=$! svport= i=0
	while [ $i -lt 100 ] && [ -z "$svport" ] && kill -0 $svpid 2>/dev/null; do
		svport=$(sed -n 's/.*listening on https*:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$e")
		[ -n "$svport" ] || sleep 0.1
		i=$((i + 1))
	done
}
# serve_stop: SIGTERM, and the exit status in svrc.
serve_stop() { kill -TERM $svpid 2>/dev/null; wait $svpid; svrc=$?; }

# shellcheck disable=SC2086
serve_start "$sd/err" -x "$sd/s.idx" $ntlm --access-log
check "pw serve comes up" [ -n "$svport" ]
url=http://127.0.0.1:$svport
curl -s -o "$sd/r1" -D "$sd/h1" "$url/range/5BAA6"
printf '%s' "$(svhex password | cut -c6-):3" >"$sd/want1"
check "pw serve: the range body" cmp -s "$sd/r1" "$sd/want1"
# What pw check --hash says about the same hash, as a range line.
svhex password | "$VIGIL" pw check -x "$sd/s.idx" --hash 2>/dev/null |
    cut -c6- | tr -d '\n' >"$sd/want2"
check "pw serve agrees with pw check --hash" cmp -s "$sd/r1" "$sd/want2"
check "pw serve: 200" grep -q '^HTTP/1.1 200' "$sd/h1"
check "pw serve: text/plain" grep -qi '^Content-Type: text/plain' "$sd/h1"
check "pw serve: cacheable" grep -qi '^Cache-Control: public, max-age=' "$sd/h1"
curl -s -o "$sd/r2" "$url/range/5baa6"
check "pw serve: lower-case prefix" cmp -s "$sd/r2" "$sd/want1"
curl -s -H 'Add-Padding: true' -o "$sd/r3" "$url/range/5BAA6"
svlines=$(tr '\r' '\n' <"$sd/r3" | grep -c .)
check "pw serve: padding to 800-1000 lines" sh -c "[ $svlines -ge 800 ] && [ $svlines -le 1000 ]"
check "pw serve: padding keeps the real line" grep -q "$(cat "$sd/want1")" "$sd/r3"
check "pw serve: padding lines count 0" [ "$(tr '\r' '\n' <"$sd/r3" | grep -c ':0$')" -eq $((svlines - 1)) ]
check "pw serve: no CRLF after the last line" [ "$(tail -c 2 "$sd/r3" | od -An -tx1 | tr -d ' ')" != 0d0a ]
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
check "pw serve: 4-digit prefix is 400" [ "$(code "$url/range/5BAA")" = 400 ]
check "pw serve: non-hex prefix is 400" [ "$(code "$url/range/5BAAG")" = 400 ]
check "pw serve: unknown mode is 400" [ "$(code "$url/range/5BAA6?mode=md5")" = 400 ]
check "pw serve: other path is 404" [ "$(code "$url/nope")" = 404 ]
check "pw serve: POST is 405" [ "$(code -X POST -d x "$url/range/5BAA6")" = 405 ]
check "pw serve: HEAD is 200" [ "$(code -I "$url/range/5BAA6")" = 200 ]
if [ -n "$ntlm" ]; then
	curl -s -o "$sd/r4" "$url/range/0000A?mode=ntlm"
	check "pw serve: NTLM range = the HIBP file" cmp -s "$sd/r4" "$rng/ntlm/0000A.txt"
else
	check "pw serve: no NTLM index is 400" [ "$(code "$url/range/5BAA6?mode=ntlm")" = 400 ]
fi
if [ "$(id -u)" -eq 0 ]; then
	check "pw serve: root drops to nobody" [ "$(awk '/^Uid:/ { print $3 }' /proc/$svpid/status)" = "$(id -u nobody)" ]
fi
serve_stop
check "pw serve: SIGTERM exits 0" [ "$svrc" -eq 0 ]
check "pw serve: access log lines" grep -q "GET 200 37 " "$sd/err"
check "pw serve: no prefix in the log" sh -c "! grep -qi '5BAA' '$sd/err'"

# Usage errors: exit 2 and say why.
"$VIGIL" pw serve -x "$sd/none.idx" --listen 127.0.0.1:0 2>"$sd/err2"
check "pw serve: missing index exits 2" [ $? -eq 2 ]
check "pw serve: missing index named" grep -q none.idx "$sd/err2"
"$VIGIL" pw serve -x "$sd/s.idx" --listen localhost:80 2>"$sd/err2"
check "pw serve: bad --listen exits 2" [ $? -eq 2 ]
"$VIGIL" pw serve -x "$sd/s.idx" --tls-cert "$sd/h.txt" 2>/dev/null
check "pw serve: cert without key exits 2" [ $? -eq 2 ]

# TLS with a throw-away self-signed certificate.
if command -v openssl >/dev/null 2>&1 &&
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
    -nodes -keyout "$sd/k.pem" -out "$sd/c.pem" -subj /CN=localhost \
    -days 1 >/dev/null 2>&1; then
	chmod 644 "$sd/k.pem"
	"$VIGIL" pw serve -x "$sd/s.idx" --listen 127.0.0.1:0 --tls-cert "$sd/c.pem" --tls-key "$sd/k.pem" 2>"$sd/err3"
	check "pw serve: readable key refused" grep -q "chmod 600" "$sd/err3"
	chmod 600 "$sd/k.pem"
	serve_start "$sd/err3" -x "$sd/s.idx" --tls-cert "$sd/c.pem" --tls-key "$sd/k.pem"
	check "pw serve over TLS comes up" [ -n "$svport" ]
	curl -sk -o "$sd/r5" "https://127.0.0.1:$svport/range/5BAA6"
	check "pw serve over TLS: the range body" cmp -s "$sd/r5" "$sd/want1"
	serve_stop
	check "pw serve over TLS: SIGTERM exits 0" [ "$svrc" -eq 0 ]
else
	echo "SKIP  pw serve TLS: openssl cannot make a test certificate"
fi
fi

# ---- NT hash audit and password policy: vigil pw audit / pw policy
# (docs/PW-AUDIT-POLICY.md).  Exit codes, report fields, bad lines by
# file:line, and no NT hash, LM hash or password ever on stdout or stderr.
if ! "$VIGIL" pw 2>&1 | grep -q "vigil pw audit"; then
	echo "SKIP  pw audit/policy: vigil pw does not dispatch them yet"
else
pa="$tmp/pwa"
mkdir -p "$pa"
ntp=8846F7EAEE8FB117AD06BDD830B7586C	# NTLM("password")
nte=31d6cfe0d16ae931b73c59d7e0c089c0	# NTLM("")
ntd=c39f2beb3d2ec06a62cb887fb391dee0
lmn=aad3b435b51404eeaad3b435b51404ee
lms=E52CAC67419A9A224A3B108F3FA6CB6D
pl() { printf '%s\n' "$1"; }	# dash's echo would take \a for a bell
printf '%s:4123\n' "$ntp" >"$pa/ntlm.txt"
"$VIGIL" pw index "$pa/ntlm.txt" -o "$pa/ntlm.idx" 2>/dev/null
{
	pl 'Impacket v0.11.0 - Copyright 2023 Fortra'
	pl '[*] Dumping Domain Credentials (domain\uid:rid:lmhash:nthash)'
	pl "Administrator:500:$lmn:$ntd::: (status=Enabled)"
	pl "Guest:501:$lmn:$nte::: (status=Disabled)"
	pl "CORP\\ana.popescu:1103:$lmn:$ntp::: (status=Enabled)"
	pl "CORP\\ion.ionescu:1104:$lms:0cb6948805f797bf2a82807973b89537:::"
	pl "CORP\\svc_backup:1105:$lmn:$ntp:::"
	pl "CORP\\WS01\$:1106:$lmn:a2b3c4d5e6f708192a3b4c5d6e7f8091:::"
	pl "CORP\\maria:1107 $ntp"
	pl "LAB\\ana.popescu:1201:$lmn:$(echo $ntp | tr A-F a-f):::"
	pl "CORP\\ana.popescu:CLEARTEXT:S3cretMarker"
	printf '[*] Cleaning up...'
} >"$pa/corp.ntds"
"$VIGIL" pw audit --ntlm-dump "$pa/corp.ntds" -x "$pa/ntlm.idx" >"$tmp/pa1" 2>"$tmp/err"
check "pw audit exits 0" [ $? -eq 0 ]
check "pw audit: one line per account" [ "$(wc -l <"$tmp/pa1")" -eq 6 ]
check "pw audit: breached, shared, grouped" grep -q '"name":"svc_backup","domain":"CORP","id":1105,"enabled":null},"password":{"breached":true,"breach_count":4123,"shared_with":2,"group":1,' "$tmp/pa1"
check "pw audit: actions and severity" grep -q '"name":"svc_backup".*"actions":\["reset_password","check_mfa"\],"severity":"critical"' "$tmp/pa1"
check "pw audit: empty password" grep -q '"name":"Guest".*"enabled":false}.*"empty":true' "$tmp/pa1"
check "pw audit: LM hash present" grep -q '"name":"ion.ionescu".*"lm_present":true.*"severity":"high"' "$tmp/pa1"
check "pw audit: unique is group null" grep -q '"name":"Administrator".*"shared_with":0,"group":null' "$tmp/pa1"
check "pw audit: machine accounts skipped" sh -c "! grep -q 'WS01' '$tmp/pa1'"
check "pw audit: bad line by file:line" grep -q "corp.ntds:9: not user:rid:lmhash:nthash, skipped" "$tmp/err"
check "pw audit: summary of lines" grep -q "pw audit: 12 lines: 6 accounts audited, 1 machine account and 0 history lines skipped, 0 without an NT hash, 1 bad, 0 duplicates, 4 other" "$tmp/err"
check "pw audit: summary of findings" grep -q "pw audit: 3 breached, 3 accounts sharing a password (1 group of 3), 1 empty, 1 with an LM hash" "$tmp/err"
check "pw audit: no hash or password on stdout or stderr" sh -c "! grep -qi -e '$ntp' -e '$nte' -e '$ntd' -e '$lms' -e 0cb69488 -e a2b3c4d5 -e S3cretMarker '$tmp/pa1' '$tmp/err'"
"$VIGIL" pw audit --ntlm-dump "$pa/corp.ntds" -x "$pa/ntlm.idx" --machines --format csv -o "$pa/out.csv" 2>/dev/null
check "pw audit --format csv -o" [ "$(head -1 "$pa/out.csv")" = "user_name,user_domain,user_id,enabled,breached,breach_count,shared_with,group,empty,lm_present,actions,severity" ]
check "pw audit --machines" grep -q '^WS01\$,CORP,1106,' "$pa/out.csv"
VIGIL_PW_INDEX="$pa/ntlm.idx" "$VIGIL" pw audit --ntlm-dump - --format table <"$pa/corp.ntds" >"$tmp/pa2" 2>/dev/null
check "pw audit: stdin, VIGIL_PW_INDEX, table" grep -q '^critical CORP\\svc_backup .* 4123     1      2 ' "$tmp/pa2"
# Errors: a SHA-1 index, a missing dump, usage.
printf 'password\n' >"$pa/list.txt"
"$VIGIL" pw index --passwords "$pa/list.txt" -o "$pa/sha1.idx" 2>/dev/null
"$VIGIL" pw audit --ntlm-dump "$pa/corp.ntds" -x "$pa/sha1.idx" >/dev/null 2>"$tmp/err"
check "pw audit: SHA-1 index exits 2" [ $? -eq 2 ]
check "pw audit: SHA-1 index said" grep -q "sha1.idx: an index of SHA-1 hashes; NT hashes need an NTLM index" "$tmp/err"
"$VIGIL" pw audit --ntlm-dump "$pa/none.ntds" -x "$pa/ntlm.idx" >/dev/null 2>"$tmp/err"
check "pw audit: missing dump exits 2" [ $? -eq 2 ]
check "pw audit: missing dump named" grep -q "none.ntds" "$tmp/err"
"$VIGIL" pw audit -x "$pa/ntlm.idx" >/dev/null 2>&1
check "pw audit without a dump exits 2" [ $? -eq 2 ]
"$VIGIL" pw audit --ntlm-dump "$pa/corp.ntds" -x "$pa/ntlm.idx" --format xml >/dev/null 2>&1
check "pw audit: unknown format exits 2" [ $? -eq 2 ]

# A dump read from a fifo: core dumps are off while it waits.
mkfifo "$pa/fifo"
"$VIGIL" pw audit --ntlm-dump "$pa/fifo" -x "$pa/ntlm.idx" >"$tmp/pa3" 2>/dev/null &
papid=$!
exec 3>"$pa/fifo"
core= i=0
while [ $i -lt 50 ]; do
	core=$(awk '/^Max core file size/ { print $5 "/" $6 }' /proc/$papid/limits 2>/dev/null)
	[ "$core" = 0/0 ] && break
	sleep 0.1
	i=$((i + 1))
done
check "pw audit: core dumps off" [ "$core" = 0/0 ]
cat "$pa/corp.ntds" >&3
exec 3>&-
wait $papid
check "pw audit through a fifo" cmp -s "$tmp/pa1" "$tmp/pa3"

# pw policy: one answer per line, in order; exit 0 even when rejected.
printf 'password\npassword\nacme2024!\n' >"$pa/plist.txt"
"$VIGIL" pw index --passwords "$pa/plist.txt" -o "$pa/p.idx" 2>/dev/null
long200=$(head -c 200 /dev/zero | tr '\000' 'k')
{
	echo password
	echo 'correct horse battery staple'
	echo 'my ACME password is long'
	printf 'r\303\251sum\303\251 pass xyz\n'
	printf 're\314\201sume\314\201 pass xyz\r\n'
	echo "$long200"
	printf 'fourteen chars'
} | "$VIGIL" pw policy -x "$pa/p.idx" --context org:acme >"$tmp/pp1" 2>"$tmp/err"
check "pw policy exits 0" [ $? -eq 0 ]
check "pw policy answers" [ "$(tr '\n' '|' <"$tmp/pp1")" = "reject: too short: 8 characters, at least 15; found in 2 breaches|ok|reject: contains the organization name|ok|ok|ok|reject: too short: 14 characters, at least 15|" ]
check "pw policy: nothing on stderr" [ ! -s "$tmp/err" ]
echo 'acme2024!' | "$VIGIL" pw policy -x "$pa/p.idx" --context org:acme --json >"$tmp/pp2" 2>/dev/null
check "pw policy --json" grep -q '^{"line":1,"ok":false,"length":9,"min_length":15,"breached":true,"breach_count":1,"context":"matched acme","strength":{"entropy_bits":[0-9.]*,"score":[0-4]},"reasons":\["too short: 9 characters, at least 15","found in 1 breach","contains the organization name"\]}$' "$tmp/pp2"
printf 'abcdefg\nabcdefgh\n' | "$VIGIL" pw policy -x "$pa/p.idx" --mfa >"$tmp/pp3" 2>/dev/null
check "pw policy --mfa: 8 characters" [ "$(tr '\n' '|' <"$tmp/pp3")" = "reject: too short: 7 characters, at least 8|ok|" ]
# A secret context word from a file: never shown; bad lines exit 1.
printf '# context\norg:acme\nsecret:S3cretWord\nab\n' >"$pa/ctx.txt"
{
	echo 'my S3cretWord is long enough'
	printf 'bad\377S3cretMarker\n'
	head -c 3000 /dev/zero | tr '\000' 'Q'; echo S3cretMarker
	echo 'S3cretMarker and more words'
} | "$VIGIL" pw policy -x "$pa/p.idx" --context-file "$pa/ctx.txt" --json >"$tmp/pp4" 2>"$tmp/err"
check "pw policy: a failed line exits 1" [ $? -eq 1 ]
check "pw policy: secret redacted" grep -q '^{"line":1,"ok":false,.*"context":"matched <redacted>".*"contains a secret context word"' "$tmp/pp4"
check "pw policy: error lines in order" [ "$(sed -n 2p "$tmp/pp4")$(sed -n 3p "$tmp/pp4")" = '{"line":2,"error":"invalid UTF-8"}{"line":3,"error":"too long"}' ]
check "pw policy: line 4 answered" grep -q '^{"line":4,"ok":true,' "$tmp/pp4"
check "pw policy: invalid UTF-8 by line" grep -q "line 2: invalid UTF-8, not checked" "$tmp/err"
check "pw policy: too long by line" grep -q "line 3: too long" "$tmp/err"
check "pw policy: short context word said" grep -q "ctx.txt:4: fewer than 4 characters, not used" "$tmp/err"
check "pw policy: no password or secret on stdout or stderr" sh -c "! grep -q -e S3cretMarker -e S3cretWord '$tmp/pp4' '$tmp/err'"
echo 'correct horse battery staple' | VIGIL_PW_INDEX= "$VIGIL" pw policy --json >"$tmp/pp5" 2>"$tmp/err"
check "pw policy without an index: breached null" grep -q '"breached":null' "$tmp/pp5"
check "pw policy without an index: said" grep -q "no breach corpus" "$tmp/err"
echo x | "$VIGIL" pw policy -x "$pa/none.idx" >/dev/null 2>"$tmp/err"
check "pw policy: missing index exits 2" [ $? -eq 2 ]
check "pw policy: missing index named" grep -q none.idx "$tmp/err"
"$VIGIL" pw policy extra >/dev/null 2>&1
check "pw policy: usage exits 2" [ $? -eq 2 ]

# Hygiene while it waits for input: no core dumps, input locked.
mkfifo "$pa/pfifo"
"$VIGIL" pw policy -x "$pa/p.idx" <"$pa/pfifo" >"$tmp/pp6" 2>"$tmp/pp6e" &
pppid=$!
exec 3>"$pa/pfifo"
core= lck=0 i=0
while [ $i -lt 50 ]; do
	core=$(awk '/^Max core file size/ { print $5 "/" $6 }' /proc/$pppid/limits 2>/dev/null)
	lck=$(awk '/^VmLck:/ { print $2 }' /proc/$pppid/status 2>/dev/null)
	[ "$core" = 0/0 ] && { [ "${lck:-0}" -gt 0 ] || [ -s "$tmp/pp6e" ]; } && break
	sleep 0.1
	i=$((i + 1))
done
check "pw policy: core dumps off" [ "$core" = 0/0 ]
asan=0
grep -q libasan /proc/$pppid/maps 2>/dev/null && asan=1
grep -q __asan_init "$VIGIL" 2>/dev/null && asan=1
check "pw policy: input locked or warned" sh -c "[ '${lck:-0}' -gt 0 ] || [ $asan -eq 1 ] || grep -q 'cannot lock' '$tmp/pp6e'"
echo 'correct horse battery staple' >&3
exec 3>&-
wait $pppid
check "pw policy through a fifo" [ "$(cat "$tmp/pp6")" = ok ]
fi

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
