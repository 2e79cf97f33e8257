#!/usr/bin/env python3
"""many_sources.py SRC DST --sources N

Rewrite a syslog auth log so that it carries N distinct source addresses:
every IPv4 address on a line is replaced by the next address of a
sequence (a fresh one per line), reading SRC again from the top until N
addresses were handed out.  make_big_log.py --vary-ip only changes the
third octet, a few thousand sources at most; the detection stage's memory
bound needs a million.  Addresses are public-looking (11.0.0.0 on), never
private, so intel matching treats them like real sources.
"""
import argparse, re

IP = re.compile(r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b")

def addr(i):
    # 11.0.0.1, 11.0.0.2, ... skipping .0 and .255 host bytes
    i, host = divmod(i, 254)
    return "%d.%d.%d.%d" % (11 + (i >> 16), (i >> 8) & 255, i & 255, host + 1)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--sources", type=int, default=1000000)
    a = ap.parse_args()
    lines = open(a.src, encoding="utf-8", errors="replace").read().splitlines()
    n = 0
    written = 0
    with open(a.dst, "w", encoding="utf-8") as out:
        while n < a.sources:
            for line in lines:
                if n >= a.sources:
                    break
                if IP.search(line):
                    line = IP.sub(addr(n), line)
                    n += 1
                out.write(line + "\n")
                written += 1
    print("wrote %d lines with %d distinct sources to %s" % (written, n, a.dst))

if __name__ == "__main__":
    main()
