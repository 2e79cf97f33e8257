#!/usr/bin/env python3
"""vuln_oracle.py -- check vigil vuln's verdicts against dpkg itself.

usage: vuln_oracle.py OUTDIR FINDINGS.jsonl [PAIRS]

For PAIRS (default 2000) (installed package, advisory) pairs drawn at
random from the fleet that vuln_fleet.py wrote into OUTDIR, decide with
`dpkg --compare-versions` whether the package is affected, and check that
vigil reported exactly those (and with the same fixed version).  Prints
the agreement and every disagreement; exits 1 on any.
"""
import collections
import json
import random
import re
import subprocess
import sys

def dpkg_lt(a, b):
    return subprocess.run(["dpkg", "--compare-versions", a, "lt", b]).returncode == 0

def dpkg_le(a, b):
    return subprocess.run(["dpkg", "--compare-versions", a, "le", b]).returncode == 0

def affected(v, events):
    lo = events[0]["introduced"]
    if lo != "0" and dpkg_lt(v, lo):
        return False, None
    if len(events) == 1:
        return True, None
    e = events[1]
    if "fixed" in e:
        return (True, e["fixed"]) if dpkg_lt(v, e["fixed"]) else (False, None)
    return (True, None) if dpkg_le(v, e["last_affected"]) else (False, None)

def installed(path):
    for block in open(path).read().split("\n\n"):
        f = dict(re.findall(r"^([A-Za-z-]+): ?(.*)$", block, flags=re.M))
        if "Package" not in f or not f.get("Status", "").endswith(" installed"):
            continue
        m = re.match(r"(\S+)(?: \((\S+)\))?", f.get("Source", f["Package"]))
        yield f["Package"], m.group(1), m.group(2) or f["Version"]

def main():
    out, findings = sys.argv[1], sys.argv[2]
    npairs = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    rng = random.Random(7)
    by_pkg = collections.defaultdict(list)
    for line in open(out + "/ranges.tsv"):
        aid, pkg, ev = line.rstrip("\n").split("\t")
        by_pkg[pkg].append((aid, json.loads(ev)))
    reported = {}
    for line in open(findings):
        o = json.loads(line)
        reported[(o["host"]["name"], o["package"]["name"], o["vulnerability"]["id"])] = \
            o["vulnerability"]["fixed_version"]
    hosts = sorted({k[0] for k in reported}) or ["host0000"]
    pkgs = {h: [p for p in installed("%s/fleet/%s.status" % (out, h))]
            for h in rng.sample(hosts, min(20, len(hosts)))}
    agree = disagree = pos = 0
    for _ in range(npairs):
        h = rng.choice(sorted(pkgs))
        name, src, sv = rng.choice(pkgs[h])
        if not by_pkg[src]:
            continue
        aid, ev = rng.choice(by_pkg[src])
        want, fix = affected(sv, ev)
        key = (h, name, aid)
        got = key in reported
        if want == got and (not want or reported[key] == fix):
            agree += 1
            pos += want
        else:
            disagree += 1
            print("DISAGREE %s %s %s (source %s %s) events %s: dpkg says %s%s, vigil %s"
                  % (h, name, aid, src, sv, json.dumps(ev), want,
                     " fix " + str(fix) if want else "", reported.get(key, "absent")))
    print("oracle: %d pairs checked with dpkg --compare-versions, %d agree "
          "(%d affected, %d not), %d disagree" % (agree + disagree, agree, pos,
                                                 agree - pos, disagree))
    sys.exit(1 if disagree else 0)

if __name__ == "__main__":
    main()
