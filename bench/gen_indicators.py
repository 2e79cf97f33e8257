#!/usr/bin/env python3
"""Generate a deterministic plain-text feed of N distinct indicators.

usage: gen_indicators.py N OUT [--seed S]

Mix (exact, interleaved in a fixed 20-slot pattern): 70% IPv4 addresses,
10% IPv4 CIDRs with prefixes /16../30 (canonical: host bits zero), 15% domain
names, 5% sha256 hashes. All N values are distinct. The first line is a
'#' comment recording N and the seed, so callers can tell whether an existing
file can be reused. Same N and seed -> byte-identical output.
"""
import argparse, hashlib, random, sys

HEADER = "# vigil synthetic indicators v1 n=%d seed=%d\n"
# slot pattern over 20 positions: 14 ip, 2 cidr, 3 domain, 1 sha256
PATTERN = ("i" * 14 + "c" * 2 + "d" * 3 + "h")
TLDS = ["com", "net", "org", "info", "ru", "cn", "top", "xyz", "io", "biz",
        "online", "site", "club", "de", "uk", "br", "in", "pw", "cc", "su"]
ALPHA = "abcdefghijklmnopqrstuvwxyz"
B36 = "0123456789abcdefghijklmnopqrstuvwxyz"

M32 = 0xFFFFFFFF

def fmix32(h):
    """murmur3 finaliser: a bijection on 32-bit integers."""
    h ^= h >> 16; h = (h * 0x85EBCA6B) & M32
    h ^= h >> 13; h = (h * 0xC2B2AE35) & M32
    h ^= h >> 16
    return h

def b36(n):
    s = ""
    while True:
        n, r = divmod(n, 36)
        s = B36[r] + s
        if not n:
            return s

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=20260101)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    # shuffle the slot pattern once so kinds are interleaved, deterministically
    pat = list(PATTERN); rnd.shuffle(pat)
    key = a.seed & M32
    ips, cidrs = set(), set()
    ip_i = cidr_i = dom_i = hash_i = 0
    buf = []
    with open(a.out, "w", encoding="ascii") as f:
        f.write(HEADER % (a.n, a.seed))
        for k in range(a.n):
            kind = pat[k % 20]
            if kind == "i":
                # distinct by construction: fmix32 is a bijection; indices
                # 0..2^31 use the even half of the input space
                x = fmix32(((ip_i << 1) ^ key) & M32); ip_i += 1
                buf.append("%d.%d.%d.%d" % (x >> 24, (x >> 16) & 255, (x >> 8) & 255, x & 255))
            elif kind == "c":
                while True:
                    p = 16 + rnd.randrange(15)
                    x = fmix32((((cidr_i << 1) | 1) ^ key) & M32); cidr_i += 1
                    net = x & ((M32 << (32 - p)) & M32)
                    if (net, p) not in cidrs:
                        cidrs.add((net, p)); break
                buf.append("%d.%d.%d.%d/%d" % (net >> 24, (net >> 16) & 255, (net >> 8) & 255, net & 255, p))
            elif kind == "d":
                # distinct by construction: the base-36 counter is embedded
                lab = "".join(rnd.choice(ALPHA) for _ in range(rnd.randrange(3, 10)))
                d = "%s%s.%s" % (lab, b36(dom_i), rnd.choice(TLDS)); dom_i += 1
                if dom_i % 3 == 0:
                    d = rnd.choice(("www", "cdn", "api", "mail", "login", "update")) + "." + d
                buf.append(d)
            else:
                buf.append(hashlib.sha256(b"vigil-bench-%d-%d" % (a.seed, hash_i)).hexdigest()); hash_i += 1
            if len(buf) >= 65536:
                f.write("\n".join(buf)); f.write("\n"); buf.clear()
        if buf:
            f.write("\n".join(buf)); f.write("\n")
    print("wrote %d indicators (%d ipv4, %d cidr, %d domain, %d sha256) to %s"
          % (a.n, ip_i, len(cidrs), dom_i, hash_i, a.out), file=sys.stderr)

if __name__ == "__main__":
    main()
