/*
 * pwdb_int.h -- private to pwdb.c and pwdb_build.c: the index file
 * format and the helpers both sides share.
 *
 * The file, all integers little-endian (docs/INTERNALS-pwdb.md):
 *
 *   0        header, 64 bytes:
 *              0  magic "VGPWDB\r\n" (8 bytes; the CR LF catches text-mode
 *                 transfers, as PNG's signature does)
 *              8  u32 version (1)
 *             12  u32 kind (1 SHA-1, 2 NTLM)
 *             16  u32 record size (hash length - 1: 19 or 15)
 *             20  u32 header size (64)
 *             24  u64 entries N
 *             32  u64 overflow entries V
 *             40  u64 file size
 *             48  u64 sum of all counts (informational, not trusted)
 *             56  u32 flags (bit 0: built from a plain password list)
 *             60  u32 reserved, 0
 *   64       prefix table: 2^20 + 1 u32; entry p is the number of hashes
 *            whose 20-bit prefix is below p, so bucket p is the entries
 *            [T[p], T[p + 1]); T[0] = 0 and T[2^20] = N
 *   4194372  N records in hash order, each the hash without its first
 *            two bytes, with the top nibble of the first byte kept (it
 *            belongs to the prefix) cleared: 18 bytes for SHA-1, 14 for
 *            NTLM; then one count byte: 1 to 254 is the count, 255 says
 *            "look in the overflow table", 0 never occurs
 *   ...      V overflow entries {u32 entry number, u32 count}, sorted by
 *            entry number, one for each record whose count byte is 255
 *
 * The size is therefore exactly 4194372 + N * recsize + V * 8, which the
 * open checks against the header and the file.
 */
#ifndef PWDB_INT_H
#define PWDB_INT_H

#include "pwdb.h"

#define PWDB_MAGIC		"VGPWDB\r\n"
#define PWDB_MAGIC_LEN		8
#define PWDB_VERSION		1
#define PWDB_HDR_SIZE		64
#define PWDB_TABLE_OFF		PWDB_HDR_SIZE
#define PWDB_TABLE_LEN		(VG_PWDB_PREFIXES + 1)
#define PWDB_RECORDS_OFF	(PWDB_TABLE_OFF + 4 * (uint64_t)PWDB_TABLE_LEN)
#define PWDB_OVERFLOW_SIZE	8

/* Count bytes: 1..PWDB_COUNT_INLINE_MAX inline, PWDB_COUNT_OVERFLOW. */
#define PWDB_COUNT_INLINE_MAX	254
#define PWDB_COUNT_OVERFLOW	255

/* Header field offsets. */
#define PWDB_H_VERSION		8
#define PWDB_H_KIND		12
#define PWDB_H_RECSIZE		16
#define PWDB_H_HDRSIZE		20
#define PWDB_H_ENTRIES		24
#define PWDB_H_OVERFLOW		32
#define PWDB_H_FILESIZE		40
#define PWDB_H_TOTAL		48
#define PWDB_H_FLAGS		56
#define PWDB_H_RESERVED		60

#define PWDB_FLAG_PLAIN		0x1u

/* Record size of `kind' (suffix bytes and the count byte). */
static inline size_t
vg_pwdb__recsize(enum vg_pwdb_kind kind)
{
	return vg_pwdb_kind_hashlen(kind) - 2 + 1;
}

/* The 20-bit prefix of a full hash. */
static inline uint32_t
vg_pwdb__prefix(const uint8_t *hash)
{
	return (uint32_t)hash[0] << 12 | (uint32_t)hash[1] << 4 |
	    (uint32_t)hash[2] >> 4;
}

static inline uint32_t
vg_pwdb__get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static inline uint64_t
vg_pwdb__get64(const uint8_t *p)
{
	return (uint64_t)vg_pwdb__get32(p) |
	    (uint64_t)vg_pwdb__get32(p + 4) << 32;
}

static inline void
vg_pwdb__put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void
vg_pwdb__put64(uint8_t *p, uint64_t v)
{
	vg_pwdb__put32(p, (uint32_t)v);
	vg_pwdb__put32(p + 4, (uint32_t)(v >> 32));
}

extern const int8_t vg_pwdb__hexval1[256];

/* Value of the hex digit `c' (either case), or -1. */
static inline int
vg_pwdb__hexval(uint8_t c)
{
	return vg_pwdb__hexval1[c] - 1;
}

/*
 * memcmp() of two hashes of `len' bytes (16 or 20), inline: eight bytes
 * at a time as big-endian numbers.  Builds and lookups compare hashes
 * several times per entry, and the library call dominated the profile.
 */
static inline int
vg_pwdb__hashcmp(const uint8_t *a, const uint8_t *b, size_t len)
{
	uint64_t x, y;
	uint32_t u, v;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y) {
			x = __builtin_bswap64(x);
			y = __builtin_bswap64(y);
			return x < y ? -1 : 1;
		}
	}
	if (i < len) {
		memcpy(&u, a + i, 4);
		memcpy(&v, b + i, 4);
		if (u != v) {
			u = __builtin_bswap32(u);
			v = __builtin_bswap32(v);
			return u < v ? -1 : 1;
		}
	}
	return 0;
}

#endif /* PWDB_INT_H */
