#!/usr/bin/env python3
"""vuln_fleet.py -- build the fleet and the advisories of the vuln benchmark.

usage: vuln_fleet.py STATUS KEV OUTDIR [HOSTS] [ADVISORIES]

STATUS is a real dpkg status file (the machine's own /var/lib/dpkg/status
on Debian 12).  Each of HOSTS hosts (default 1000) gets those real stanzas,
with about one package in eight rolled back to an older version of the
same shape (a lower +debNNuM or Debian revision), a few removed with their
config files left, and an os-release for Debian 12.  ADVISORIES OSV records
(default 50,000) for Debian:12 are written into OUTDIR/osv-all.zip, the
layout of osv.dev's all.zip.  8% are about the hosts' source packages (the
rest about 30,000 other names, as most of Debian's advisories are about
packages a given host lacks), with fixed versions below, at and above
what is installed, some
`last_affected`, some `introduced` above zero, some without a fix, and one
in fifty naming a CVE of the real KEV catalogue.  The seed is fixed, so
the same input gives the same fleet.

OUTDIR/ranges.tsv lists, for the oracle (vuln_oracle.py), every record's
package and events.
"""
import json
import os
import random
import re
import sys
import zipfile

def stanzas(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    for block in text.split("\n\n"):
        block = block.strip("\n")
        if not block:
            continue
        fields = {}
        for line in block.split("\n"):
            m = re.match(r"([A-Za-z-]+): ?(.*)", line)
            if m:
                fields[m.group(1)] = m.group(2)
        if fields.get("Status", "").endswith(" installed") and "Version" in fields:
            yield block, fields

def source_of(fields):
    src = fields.get("Source", fields["Package"])
    m = re.match(r"(\S+)(?: \((\S+)\))?", src)
    return m.group(1), m.group(2) or fields["Version"]

def older(v, rng):
    """A plausible older version of the same shape, or None."""
    m = re.search(r"\+deb(\d+)u(\d+)$", v)
    if m and int(m.group(2)) > 1:
        return v[: m.start(2)] + str(rng.randint(1, int(m.group(2)) - 1))
    m = re.search(r"-(\d+)$", v)
    if m and int(m.group(1)) > 1:
        return v[: m.start(1)] + str(int(m.group(1)) - 1)
    m = re.search(r"(\d+)$", v)
    if m and int(m.group(1)) > 0:
        return v[: m.start(1)] + str(int(m.group(1)) - 1)
    return None

def newer(v, rng):
    m = re.search(r"\+deb(\d+)u(\d+)$", v)
    if m:
        return v[: m.start(2)] + str(int(m.group(2)) + rng.randint(1, 3))
    if "-" in v:
        return v + "+deb12u" + str(rng.randint(1, 4))
    return v + "+deb12u1"

# Share of the advisories about a source package the hosts have.
INSTALLED_SHARE = 0.08

def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    status, kev, out = sys.argv[1:4]
    nhosts = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    nadv = int(sys.argv[5]) if len(sys.argv) > 5 else 50000
    rng = random.Random(20261125)
    base = list(stanzas(status))
    kev_cves = [v["cveID"] for v in json.load(open(kev))["vulnerabilities"]]

    os.makedirs(os.path.join(out, "fleet"), exist_ok=True)
    osr = ('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\n'
           'VERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n')
    for h in range(nhosts):
        blocks = []
        for block, f in base:
            r = rng.random()
            if r < 0.12:
                v = older(f["Version"], rng)
                if v is not None:
                    block = re.sub(r"^Version: .*$", "Version: " + v, block, flags=re.M)
                    # the source version follows the binary's when it is given
                    src, sv = source_of(f)
                    if "(" in f.get("Source", ""):
                        ov = older(sv, rng) or sv
                        block = re.sub(r"^Source: .*$", "Source: %s (%s)" % (src, ov),
                                       block, flags=re.M)
            elif r < 0.125:
                block = block.replace("Status: install ok installed",
                                      "Status: deinstall ok config-files")
            blocks.append(block)
        name = "host%04d" % h
        with open(os.path.join(out, "fleet", name + ".status"), "w") as fp:
            fp.write("\n\n".join(blocks) + "\n\n")
        with open(os.path.join(out, "fleet", name + ".os-release"), "w") as fp:
            fp.write(osr)

    sources = {}
    for block, f in base:
        src, sv = source_of(f)
        sources[src] = sv
    names = sorted(sources)
    # As in osv.dev's Debian data, most advisories are about packages a
    # given host does not have: Debian has some 35,000 source packages.
    others = ["bench-src%05d" % i for i in range(30000)]
    zpath = os.path.join(out, "osv-all.zip")
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as z, \
            open(os.path.join(out, "ranges.tsv"), "w") as tsv:
        for i in range(nadv):
            if rng.random() < INSTALLED_SHARE:
                pkg = rng.choice(names)
                v = sources[pkg]
            else:
                pkg = rng.choice(others)
                v = "%d.%d-%d" % (rng.randint(0, 9), rng.randint(0, 20), rng.randint(1, 5))
            kind = rng.random()
            events = [{"introduced": "0"}]
            if kind < 0.70:          # fixed at or below: most hosts clear
                events.append({"fixed": rng.choice([v, older(v, rng) or v])})
            elif kind < 0.85:        # fixed above what most hosts run
                events.append({"fixed": newer(v, rng)})
            elif kind < 0.90:        # last_affected, inclusive
                events.append({"last_affected": rng.choice([v, older(v, rng) or v])})
            elif kind < 0.95:        # introduced later than some hosts
                lo = older(v, rng)
                if lo is not None:
                    events = [{"introduced": lo}, {"fixed": newer(v, rng)}]
                else:
                    events.append({"fixed": newer(v, rng)})
            # else: no fix at all
            aliases = ["CVE-2099-%05d" % i]
            if rng.random() < 0.02:
                aliases.append(rng.choice(kev_cves))
            rec = {
                "schema_version": "1.6.0",
                "id": "DEBIAN-BENCH-%06d" % i,
                "modified": "2025-01-01T00:00:00Z",
                "aliases": aliases,
                "summary": "benchmark advisory %d for %s" % (i, pkg),
                "affected": [{
                    "package": {"ecosystem": "Debian:12", "name": pkg},
                    "ranges": [{"type": "ECOSYSTEM", "events": events}],
                }],
            }
            z.writestr("DEBIAN-BENCH-%06d.json" % i, json.dumps(rec))
            tsv.write("%s\t%s\t%s\n" % (rec["id"], pkg, json.dumps(events)))
    print("fleet: %d hosts x %d packages; %d advisories over %d source packages"
          % (nhosts, len(base), nadv, len(names)))

if __name__ == "__main__":
    main()
