/*
 * vg_addr.h -- IPv4/IPv6 addresses: strict parsing and formatting.
 *
 * IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are normalized to IPv4 so
 * one indicator matches both spellings.  Pure functions, reentrant.
 */
#ifndef VG_ADDR_H
#define VG_ADDR_H

#include "vg_str.h"

enum vg_af {
	VG_AF_NONE = 0,
	VG_AF_INET = 4,
	VG_AF_INET6 = 6,
};

struct vg_addr {
	uint8_t		 af;		/* enum vg_af */
	union {
		uint32_t v4;		/* host byte order */
		uint8_t	 v6[16];	/* network byte order */
	} u;
};

/* Longest text form: IPv6 with an embedded IPv4 plus NUL. */
#define VG_ADDR_STRLEN	46

/*
 * Parse exactly the whole of `s' as an IPv4 or IPv6 address (IPv6 may be
 * in brackets and may carry a %zone, which is ignored).  IPv4 octets may
 * have leading zeros and are read as decimal, never octal.  Returns true
 * and fills *addrp on success.
 */
bool	vg_addr_parse(struct vg_str s, struct vg_addr *addrp);

/*
 * Parse "ADDR/LEN" or a bare address (full-length prefix).  A CIDR whose
 * host bits are set is accepted and masked, as ipset and iptables do.
 * Returns true on success.
 */
bool	vg_addr_parse_cidr(struct vg_str s, struct vg_addr *addrp,
	    unsigned *prefixp);

/* Write the canonical text form (RFC 5952 for IPv6); returns its length. */
size_t	vg_addr_format(const struct vg_addr *, char buf[VG_ADDR_STRLEN]);

/* The address as a 128-bit big-endian pair (IPv4 as ::ffff:a.b.c.d). */
void	vg_addr_to_u128(const struct vg_addr *, uint64_t *hip, uint64_t *lop);

bool	vg_addr_eq(const struct vg_addr *, const struct vg_addr *);

/*
 * Private, loopback, link-local, CGNAT, multicast, reserved or
 * unspecified: the addresses that are everywhere in logs (LLMNR, mDNS,
 * SSDP) and on bogon lists, never matched against feeds unless
 * --match-private, and never looked up in GeoIP.
 */
bool	vg_addr_is_private(const struct vg_addr *);

#endif /* VG_ADDR_H */
