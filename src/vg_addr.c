/*
 * vg_addr.c -- address parsing; see vg_addr.h.
 *
 * IPv4 is parsed by hand because it is on the hot path of every log line;
 * IPv6 goes through inet_pton(3) on a bounded stack copy.
 */
#include "vg_addr.h"

#include <arpa/inet.h>

static bool
parse_v4(const char *p, size_t len, uint32_t *v4p)
{
	uint32_t v = 0, octet;
	size_t i = 0;
	unsigned parts, digits;

	for (parts = 0; parts < 4; parts++) {
		if (parts > 0) {
			if (i >= len || p[i] != '.')
				return false;
			i++;
		}
		octet = 0;
		digits = 0;
		while (i < len && p[i] >= '0' && p[i] <= '9' && digits < 3) {
			octet = octet * 10 + (uint32_t)(p[i] - '0');
			i++;
			digits++;
		}
		if (digits == 0 || octet > 255)
			return false;
		v = (v << 8) | octet;
	}
	if (i != len)
		return false;
	*v4p = v;
	return true;
}

static void
normalize_mapped(struct vg_addr *a)
{
	static const uint8_t prefix[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};
	uint32_t v4;

	if (a->af != VG_AF_INET6 || memcmp(a->u.v6, prefix, 12) != 0)
		return;
	v4 = (uint32_t)a->u.v6[12] << 24 | (uint32_t)a->u.v6[13] << 16 |
	    (uint32_t)a->u.v6[14] << 8 | a->u.v6[15];
	a->af = VG_AF_INET;
	a->u.v4 = v4;
}

bool
vg_addr_parse(struct vg_str s, struct vg_addr *addrp)
{
	char buf[VG_ADDR_STRLEN];
	ptrdiff_t pct;
	struct vg_addr a;

	memset(&a, 0, sizeof(a));
	if (s.len >= 7 && s.len <= 15 && s.p[0] >= '0' && s.p[0] <= '9' &&
	    memchr(s.p, ':', s.len) == NULL) {
		if (!parse_v4(s.p, s.len, &a.u.v4))
			return false;
		a.af = VG_AF_INET;
		*addrp = a;
		return true;
	}
	if (s.len >= 2 && s.p[0] == '[' && s.p[s.len - 1] == ']')
		s = vg_str_make(s.p + 1, s.len - 2);
	if ((pct = vg_str_chr(s, '%')) >= 0)
		s.len = (size_t)pct;
	if (s.len < 2 || s.len >= sizeof(buf) || vg_str_chr(s, ':') < 0)
		return false;
	memcpy(buf, s.p, s.len);
	buf[s.len] = '\0';
	if (inet_pton(AF_INET6, buf, a.u.v6) != 1)
		return false;
	a.af = VG_AF_INET6;
	normalize_mapped(&a);
	*addrp = a;
	return true;
}

static void
mask_addr(struct vg_addr *a, unsigned prefix)
{
	unsigned i;

	if (a->af == VG_AF_INET) {
		if (prefix < 32)
			a->u.v4 &= prefix == 0 ? 0 : ~(uint32_t)0 << (32 - prefix);
		return;
	}
	for (i = 0; i < 16; i++) {
		if (prefix >= 8) {
			prefix -= 8;
			continue;
		}
		a->u.v6[i] &= (uint8_t)(0xff00 >> prefix);
		prefix = 0;
	}
}

bool
vg_addr_parse_cidr(struct vg_str s, struct vg_addr *addrp, unsigned *prefixp)
{
	struct vg_str addr = s, len;
	ptrdiff_t slash = vg_str_chr(s, '/');
	uint64_t v;
	unsigned maxlen;
	struct vg_addr a;
	bool mapped;

	if (slash >= 0)
		addr.len = (size_t)slash;
	/* Prefix lengths of a mapped address count in IPv6 bits. */
	mapped = addr.len > 7 && vg_str_caseeq(vg_str_make(addr.p, 7),
	    "::ffff:", 7);
	if (!vg_addr_parse(addr, &a))
		return false;
	maxlen = a.af == VG_AF_INET ? 32 : 128;
	if (slash < 0) {
		*prefixp = maxlen;
	} else {
		len = vg_str_make(s.p + slash + 1, s.len - (size_t)slash - 1);
		if (!vg_str_uint(&len, 3, mapped ? 128 : maxlen, &v) ||
		    len.len != 0)
			return false;
		if (mapped) {
			if (v < 96)
				return false;
			v -= 96;
		}
		*prefixp = (unsigned)v;
	}
	mask_addr(&a, *prefixp);
	*addrp = a;
	return true;
}

size_t
vg_addr_format(const struct vg_addr *a, char buf[VG_ADDR_STRLEN])
{
	uint32_t v;

	if (a->af == VG_AF_INET) {
		/* By hand: printf costs ten times more, once per alert. */
		size_t n = 0;
		int shift;

		v = a->u.v4;
		for (shift = 24; shift >= 0; shift -= 8) {
			unsigned o = (v >> shift) & 0xff;

			if (o >= 100)
				buf[n++] = (char)('0' + o / 100);
			if (o >= 10)
				buf[n++] = (char)('0' + o / 10 % 10);
			buf[n++] = (char)('0' + o % 10);
			if (shift > 0)
				buf[n++] = '.';
		}
		buf[n] = '\0';
		return n;
	}
	if (a->af == VG_AF_INET6 &&
	    inet_ntop(AF_INET6, a->u.v6, buf, VG_ADDR_STRLEN) != NULL)
		return strlen(buf);
	buf[0] = '\0';
	return 0;
}

void
vg_addr_to_u128(const struct vg_addr *a, uint64_t *hip, uint64_t *lop)
{
	uint64_t hi = 0, lo = 0;
	int i;

	if (a->af == VG_AF_INET) {
		*hip = 0;
		*lop = 0xffff00000000ULL | a->u.v4;
		return;
	}
	for (i = 0; i < 8; i++)
		hi = hi << 8 | a->u.v6[i];
	for (i = 8; i < 16; i++)
		lo = lo << 8 | a->u.v6[i];
	*hip = hi;
	*lop = lo;
}

bool
vg_addr_eq(const struct vg_addr *a, const struct vg_addr *b)
{
	if (a->af != b->af)
		return false;
	if (a->af == VG_AF_INET)
		return a->u.v4 == b->u.v4;
	if (a->af == VG_AF_INET6)
		return memcmp(a->u.v6, b->u.v6, 16) == 0;
	return true;
}

/* See vg_addr.h. */
bool
vg_addr_is_private(const struct vg_addr *a)
{
	uint32_t v = a->u.v4;

	if (a->af == VG_AF_INET)
		return (v >> 24) == 10 || (v >> 24) == 127 || (v >> 24) == 0 ||
		    (v >> 20) == (172u << 4 | 1) || (v >> 16) == (192u << 8 |
		    168) || (v >> 16) == (169u << 8 | 254) ||
		    (v >> 22) == (100u << 2 | 1) || (v >> 28) >= 0xe;
	if (a->af == VG_AF_INET6) {
		static const uint8_t zero[15];

		return (a->u.v6[0] & 0xfe) == 0xfc || a->u.v6[0] == 0xff ||
		    (a->u.v6[0] == 0xfe && (a->u.v6[1] & 0xc0) == 0x80) ||
		    (memcmp(a->u.v6, zero, 15) == 0 && a->u.v6[15] <= 1);
	}
	return false;
}
