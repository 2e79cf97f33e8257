#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""make_test_mmdb.py -- write the MaxMind DB fixture of tests/unit/test_geo.c.

The file is built from the public MaxMind DB format specification
(https://maxmind.github.io/MaxMind-DB/) with the Python standard library
only, so the project needs no MaxMind writer and no real GeoIP data to test
its MMDB backend.  The layout is that of a GeoLite2-City database:

  * an IPv6 search tree, IPv4 networks under ::/96;
  * records of `--record-size' bits (28 by default, as GeoLite2-City has;
    24 as the Country edition has, or 32);
  * a data section of maps with country.iso_code, registered_country,
    location.latitude/longitude, where repeated strings (the map keys,
    names) are stored once and referred to by pointers, as real writers do;
  * the "\\xab\\xcd\\xefMaxMind.com" marker and the metadata map.

The data is made up for the tests (the addresses are those of MaxMind's own
test databases and the IPv6 documentation prefix) and the build epoch is
fixed, so running the script again gives the same bytes.  Usage:

    python3 tests/data/geo/make_test_mmdb.py [-o FILE] [--record-size N]

and check the result with `mmdblookup --file FILE --ip 81.2.69.1'.
"""

import argparse
import ipaddress
import os
import struct
import sys

# 2025-01-01T00:00:00Z: a fixed date keeps the output reproducible.
BUILD_EPOCH = 1735689600
METADATA_MARKER = b"\xab\xcd\xefMaxMind.com"
DATA_SEPARATOR = b"\0" * 16

COUNTRY_NAMES = {
    "DE": "Germany",
    "FR": "France",
    "GB": "United Kingdom",
    "SE": "Sweden",
    "US": "United States",
}


def city(cc, lat, lon, radius):
    """A record shaped like a GeoLite2-City entry."""
    country = {"iso_code": cc, "names": {"en": COUNTRY_NAMES[cc]}}
    return {
        "country": country,
        "location": {
            "accuracy_radius": Uint16(radius),
            "latitude": float(lat),
            "longitude": float(lon),
        },
        "registered_country": dict(country),
    }


class Uint16(int):
    pass


class Uint32(int):
    pass


class Uint64(int):
    pass


# Every network the tests look up (tests/unit/test_geo.c).
NETWORKS = [
    ("81.2.69.0/24", city("GB", 51.5142, -0.0931, 10)),
    ("89.160.20.0/24", city("SE", 58.4167, 15.6167, 76)),
    ("216.160.83.0/24", city("US", 47.2513, -122.3149, 20)),
    ("2001:db8:1::/48", city("DE", 52.52, 13.40, 100)),
    # Only the registered country, no location: an entry as the Country
    # databases have for satellite and anycast ranges.
    ("2001:db8:2::/48", {"registered_country": {"iso_code": "FR",
                                                "names": {"en": "France"}}}),
]

# Data types (section "Output Data Section" of the specification).
T_EXTENDED, T_POINTER, T_UTF8, T_DOUBLE, T_BYTES = 0, 1, 2, 3, 4
T_UINT16, T_UINT32, T_MAP, T_INT32, T_UINT64 = 5, 6, 7, 8, 9
T_ARRAY = 11


class Encoder:
    """Encodes values into one section; `dedup' stores strings once."""

    def __init__(self, dedup):
        self.buf = bytearray()
        self.dedup = dedup
        self.strings = {}

    def control(self, type_, size):
        if size < 29:
            first, extra = size, b""
        elif size < 29 + 256:
            first, extra = 29, bytes([size - 29])
        elif size < 285 + 65536:
            first, extra = 30, struct.pack(">H", size - 285)
        else:
            first, extra = 31, struct.pack(">I", size - 65821)[1:]
        if type_ <= 7:
            return bytes([(type_ << 5) | first]) + extra
        return bytes([first, type_ - 7]) + extra

    def pointer(self, off):
        if off < 2048:
            return bytes([(T_POINTER << 5) | (off >> 8), off & 0xff])
        off -= 2048
        if off < 1 << 19:
            return bytes([(T_POINTER << 5) | 0x08 | (off >> 16)]) + \
                struct.pack(">H", off & 0xffff)
        raise ValueError("fixture too large for the pointers written here")

    def uint(self, type_, v, nbytes):
        raw = v.to_bytes(nbytes, "big").lstrip(b"\0")
        return self.control(type_, len(raw)) + raw

    def encode(self, v):
        """Append `v' and return its offset in the section."""
        off = len(self.buf)
        if isinstance(v, str):
            if self.dedup and v in self.strings:
                self.buf += self.pointer(self.strings[v])
                return off
            raw = v.encode("utf-8")
            self.buf += self.control(T_UTF8, len(raw)) + raw
            # A pointer costs two bytes: only longer strings are shared.
            if self.dedup and len(raw) > 2:
                self.strings[v] = off
        elif isinstance(v, float):
            self.buf += self.control(T_DOUBLE, 8) + struct.pack(">d", v)
        elif isinstance(v, Uint16):
            self.buf += self.uint(T_UINT16, v, 2)
        elif isinstance(v, Uint32):
            self.buf += self.uint(T_UINT32, v, 4)
        elif isinstance(v, Uint64):
            self.buf += self.uint(T_UINT64, v, 8)
        elif isinstance(v, dict):
            self.buf += self.control(T_MAP, len(v))
            for key in sorted(v):
                self.encode(key)
                self.encode(v[key])
        elif isinstance(v, list):
            self.buf += self.control(T_ARRAY, len(v))
            for item in v:
                self.encode(item)
        else:
            raise TypeError("cannot encode %r" % (v,))
        return off


class Node:
    def __init__(self):
        # Each side is None (no data), a Node, or ("data", offset).
        self.side = [None, None]


def insert(root, net, data_off):
    """Point the 128-bit prefix of `net' at `data_off'."""
    if net.version == 4:
        bits, plen = int(net.network_address), 96 + net.prefixlen
    else:
        bits, plen = int(net.network_address), net.prefixlen
    node = root
    for depth in range(plen):
        bit = (bits >> (127 - depth)) & 1
        if depth == plen - 1:
            if node.side[bit] is not None:
                raise ValueError("%s overlaps another network" % net)
            node.side[bit] = ("data", data_off)
            return
        nxt = node.side[bit]
        if nxt is None:
            nxt = node.side[bit] = Node()
        elif not isinstance(nxt, Node):
            raise ValueError("%s is inside another network" % net)
        node = nxt


def number_nodes(root):
    """Breadth-first numbering; the root is node 0."""
    order, index, i = [root], {id(root): 0}, 0
    while i < len(order):
        for child in order[i].side:
            if isinstance(child, Node):
                index[id(child)] = len(order)
                order.append(child)
        i += 1
    return order, index


def pack_node(left, right, record_size):
    if record_size == 24:
        return left.to_bytes(3, "big") + right.to_bytes(3, "big")
    if record_size == 28:
        middle = ((left >> 24) & 0x0f) << 4 | ((right >> 24) & 0x0f)
        return (left & 0xffffff).to_bytes(3, "big") + bytes([middle]) + \
            (right & 0xffffff).to_bytes(3, "big")
    return left.to_bytes(4, "big") + right.to_bytes(4, "big")


def build(record_size):
    data = Encoder(dedup=True)
    root = Node()
    for cidr, record in NETWORKS:
        insert(root, ipaddress.ip_network(cidr), data.encode(record))
    order, index = number_nodes(root)
    node_count = len(order)

    def record_value(side):
        if side is None:
            return node_count
        if isinstance(side, Node):
            return index[id(side)]
        return node_count + len(DATA_SEPARATOR) + side[1]

    tree = bytearray()
    for node in order:
        left, right = (record_value(s) for s in node.side)
        if max(left, right) >= 1 << record_size:
            raise ValueError("record size %d too small" % record_size)
        tree += pack_node(left, right, record_size)

    meta = Encoder(dedup=False)
    meta.encode({
        "binary_format_major_version": Uint16(2),
        "binary_format_minor_version": Uint16(0),
        "build_epoch": Uint64(BUILD_EPOCH),
        "database_type": "Vigil-Test-City",
        "description": {"en": "vigil unit-test fixture, made-up data"},
        "ip_version": Uint16(6),
        "languages": ["en"],
        "node_count": Uint32(node_count),
        "record_size": Uint16(record_size),
    })
    return bytes(tree) + DATA_SEPARATOR + bytes(data.buf) + \
        METADATA_MARKER + bytes(meta.buf)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--output",
                    default=os.path.join(here, "test-city.mmdb"))
    ap.add_argument("--record-size", type=int, default=28,
                    choices=(24, 28, 32))
    args = ap.parse_args()
    image = build(args.record_size)
    tmp = args.output + ".tmp"
    with open(tmp, "wb") as f:
        f.write(image)
    os.replace(tmp, args.output)
    print("%s: %d bytes" % (args.output, len(image)), file=sys.stderr)


if __name__ == "__main__":
    main()
