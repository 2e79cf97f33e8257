/*
 * pwdb.c -- the breached-password index, reading side: password and hex
 * hashing, mapping and validating an index, lookups and HIBP ranges.
 * See pwdb.h for the API and pwdb_int.h for the file format.
 *
 * Everything read from the mapping is bounded by what the open
 * validated: the prefix table never decreases and ends at the entry
 * count, and the file size matches the counts exactly, so every bucket
 * lies inside the records.  What the open does not check (the order of
 * records, their count bytes) can only give a wrong answer or a
 * VG_ERR_FORMAT, never an access outside the file.
 */
#include "vg.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/md4.h>
#include <nettle/sha1.h>
#include <sodium.h>

#include "pwdb.h"
#include "pwdb_int.h"

struct vg_pwdb {
	uint8_t			*map;		/* the whole file */
	size_t			 maplen;
	enum vg_pwdb_kind	 kind;
	size_t			 hashlen;
	size_t			 recsize;	/* hashlen - 2 + 1 */
	uint64_t		 n;		/* entries */
	uint64_t		 nover;		/* overflow entries */
	const uint8_t		*table;		/* 2^20 + 1 u32 */
	const uint8_t		*recs;
	const uint8_t		*over;
	char			*name;		/* for verify */
};

/* A hex digit's value plus one; 0 for any other byte. */
#define H(c, v)	[c] = (v) + 1
const int8_t vg_pwdb__hexval1[256] = {
	H('0', 0), H('1', 1), H('2', 2), H('3', 3), H('4', 4), H('5', 5),
	H('6', 6), H('7', 7), H('8', 8), H('9', 9),
	H('A', 10), H('B', 11), H('C', 12), H('D', 13), H('E', 14), H('F', 15),
	H('a', 10), H('b', 11), H('c', 12), H('d', 13), H('e', 14), H('f', 15),
};
#undef H

static const char hexdig[] = "0123456789ABCDEF";

/* ------------------------------------------------------------ hashes */

size_t
vg_pwdb_kind_hashlen(enum vg_pwdb_kind kind)
{
	switch (kind) {
	case VG_PWDB_SHA1:
		return SHA1_DIGEST_SIZE;
	case VG_PWDB_NTLM:
		return MD4_DIGEST_SIZE;
	case VG_PWDB_ANY:
		break;
	}
	return 0;
}

const char *
vg_pwdb_kind_name(enum vg_pwdb_kind kind)
{
	switch (kind) {
	case VG_PWDB_SHA1:
		return "SHA-1";
	case VG_PWDB_NTLM:
		return "NTLM";
	case VG_PWDB_ANY:
		break;
	}
	return "any";
}

/*
 * Decode the UTF-8 sequence at p[*ip] (strictly: shortest form only, no
 * surrogates, at most U+10FFFF) to *cpp and advance *ip.  Returns false
 * on an invalid sequence.
 */
static bool
utf8_next(const uint8_t *p, size_t len, size_t *ip, uint32_t *cpp)
{
	size_t i = *ip, n, k;
	uint32_t cp, min;
	uint8_t c = p[i];

	if (c < 0x80) {
		*cpp = c;
		*ip = i + 1;
		return true;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 1;
		cp = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 2;
		cp = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 3;
		cp = c & 0x07;
		min = 0x10000;
	} else
		return false;
	if (len - i - 1 < n)
		return false;
	for (k = 1; k <= n; k++) {
		if ((p[i + k] & 0xc0) != 0x80)
			return false;
		cp = cp << 6 | (p[i + k] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return false;
	*cpp = cp;
	*ip = i + n + 1;
	return true;
}

/*
 * NTLM: MD4 over the UTF-16LE form, converted a chunk at a time into a
 * stack buffer so that no copy of the password outlives the call.
 */
static int
hash_ntlm(const uint8_t *pw, size_t len, uint8_t *out)
{
	struct md4_ctx ctx;
	uint8_t u16[256];
	size_t i = 0, n = 0;
	uint32_t cp = 0, hi, lo;
	int r = 0;

	md4_init(&ctx);
	while (i < len) {
		if (!utf8_next(pw, len, &i, &cp)) {
			r = VG_ERR_INVAL;
			break;
		}
		if (n + 4 > sizeof(u16)) {
			md4_update(&ctx, n, u16);
			n = 0;
		}
		if (cp < 0x10000) {
			u16[n++] = (uint8_t)cp;
			u16[n++] = (uint8_t)(cp >> 8);
		} else {
			hi = 0xd800 + ((cp - 0x10000) >> 10);
			lo = 0xdc00 + ((cp - 0x10000) & 0x3ff);
			u16[n++] = (uint8_t)hi;
			u16[n++] = (uint8_t)(hi >> 8);
			u16[n++] = (uint8_t)lo;
			u16[n++] = (uint8_t)(lo >> 8);
		}
	}
	if (r == 0) {
		md4_update(&ctx, n, u16);
		md4_digest(&ctx, MD4_DIGEST_SIZE, out);
	}
	sodium_memzero(u16, sizeof(u16));
	sodium_memzero(&cp, sizeof(cp));
	sodium_memzero(&ctx, sizeof(ctx));
	return r;
}

int
vg_pwdb_hash_password(enum vg_pwdb_kind kind, const char *pw, size_t len,
    uint8_t out[VG_PWDB_HASH_MAX])
{
	struct sha1_ctx ctx;
	int r;

	memset(out, 0, VG_PWDB_HASH_MAX);
	if (len > VG_MAX_PW_LINE)
		return VG_ERR_LIMIT;
	switch (kind) {
	case VG_PWDB_SHA1:
		sha1_init(&ctx);
		sha1_update(&ctx, len, (const uint8_t *)pw);
		sha1_digest(&ctx, SHA1_DIGEST_SIZE, out);
		sodium_memzero(&ctx, sizeof(ctx));
		return 0;
	case VG_PWDB_NTLM:
		if ((r = hash_ntlm((const uint8_t *)pw, len, out)) != 0)
			memset(out, 0, VG_PWDB_HASH_MAX);
		return r;
	case VG_PWDB_ANY:
		break;
	}
	return VG_ERR_INVAL;
}

int
vg_pwdb_hash_parse(const char *s, size_t len, uint8_t out[VG_PWDB_HASH_MAX],
    enum vg_pwdb_kind *kindp)
{
	size_t i;
	int hi, lo;

	*kindp = VG_PWDB_ANY;
	if (len != 2 * SHA1_DIGEST_SIZE && len != 2 * MD4_DIGEST_SIZE)
		return VG_ERR_PARSE;
	for (i = 0; i < len; i += 2) {
		hi = vg_pwdb__hexval((uint8_t)s[i]);
		lo = vg_pwdb__hexval((uint8_t)s[i + 1]);
		if (hi < 0 || lo < 0)
			return VG_ERR_PARSE;
		out[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	*kindp = len == 2 * SHA1_DIGEST_SIZE ? VG_PWDB_SHA1 : VG_PWDB_NTLM;
	return 0;
}

void
vg_pwdb_hash_format(const uint8_t *hash, size_t len, char *out)
{
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = hexdig[hash[i] >> 4];
		out[2 * i + 1] = hexdig[hash[i] & 0xf];
	}
	out[2 * len] = '\0';
}

/* ------------------------------------------------------------- index */

static int
corrupt(struct vg_diag *diag, const char *fmt, ...) VG_PRINTF(2, 3);

static int
corrupt(struct vg_diag *diag, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(diag->msg, sizeof(diag->msg), fmt, ap);
	va_end(ap);
	return VG_ERR_FORMAT;
}

/*
 * Check the header against the file size, then the prefix table and the
 * overflow table, and fill the geometry of `db'.  O(2^20 + V).
 */
static int
validate(struct vg_pwdb *db, struct vg_diag *diag)
{
	const uint8_t *h = db->map;
	uint64_t size, prev, v, i, idx, previdx = 0;
	uint32_t kind, recsize;

	if (memcmp(h, PWDB_MAGIC, PWDB_MAGIC_LEN) != 0)
		return corrupt(diag, "not a vigil password index (no magic)");
	if ((v = vg_pwdb__get32(h + PWDB_H_VERSION)) != PWDB_VERSION)
		return corrupt(diag, "index version %u; this vigil reads "
		    "version %u", (unsigned)v, PWDB_VERSION);
	kind = vg_pwdb__get32(h + PWDB_H_KIND);
	if (kind != VG_PWDB_SHA1 && kind != VG_PWDB_NTLM)
		return corrupt(diag, "unknown hash kind %u", (unsigned)kind);
	db->kind = (enum vg_pwdb_kind)kind;
	db->hashlen = vg_pwdb_kind_hashlen(db->kind);
	db->recsize = vg_pwdb__recsize(db->kind);
	recsize = vg_pwdb__get32(h + PWDB_H_RECSIZE);
	if (recsize != db->recsize)
		return corrupt(diag, "record size %u, expected %zu for %s",
		    (unsigned)recsize, db->recsize,
		    vg_pwdb_kind_name(db->kind));
	if (vg_pwdb__get32(h + PWDB_H_HDRSIZE) != PWDB_HDR_SIZE)
		return corrupt(diag, "header size is not %d", PWDB_HDR_SIZE);
	if ((vg_pwdb__get32(h + PWDB_H_FLAGS) & ~PWDB_FLAG_PLAIN) != 0 ||
	    vg_pwdb__get32(h + PWDB_H_RESERVED) != 0)
		return corrupt(diag, "unknown flags in the header");
	db->n = vg_pwdb__get64(h + PWDB_H_ENTRIES);
	db->nover = vg_pwdb__get64(h + PWDB_H_OVERFLOW);
	if (db->n > VG_MAX_PW_HASHES)
		return corrupt(diag, "%ju entries, more than the limit of %u",
		    (uintmax_t)db->n, VG_MAX_PW_HASHES);
	if (db->nover > db->n)
		return corrupt(diag, "%ju overflow counts for %ju entries",
		    (uintmax_t)db->nover, (uintmax_t)db->n);
	size = vg_pwdb__get64(h + PWDB_H_FILESIZE);
	if (size != db->maplen)
		return corrupt(diag, "header says %ju bytes but the file has "
		    "%zu (truncated or damaged)", (uintmax_t)size,
		    db->maplen);
	/* Both counts are bounded above, so this cannot overflow. */
	if (PWDB_RECORDS_OFF + db->n * db->recsize +
	    db->nover * PWDB_OVERFLOW_SIZE != size)
		return corrupt(diag, "size does not match %ju entries and "
		    "%ju overflow counts", (uintmax_t)db->n,
		    (uintmax_t)db->nover);
	db->table = db->map + PWDB_TABLE_OFF;
	db->recs = db->map + PWDB_RECORDS_OFF;
	db->over = db->recs + db->n * db->recsize;

	if (vg_pwdb__get32(db->table) != 0)
		return corrupt(diag, "prefix table does not start at 0");
	prev = 0;
	for (i = 1; i < PWDB_TABLE_LEN; i++) {
		v = vg_pwdb__get32(db->table + 4 * i);
		if (v < prev)
			return corrupt(diag, "prefix table decreases at "
			    "prefix %05jX", (uintmax_t)i);
		prev = v;
	}
	if (prev != db->n)
		return corrupt(diag, "prefix table ends at %ju, not at the "
		    "%ju entries", (uintmax_t)prev, (uintmax_t)db->n);

	for (i = 0; i < db->nover; i++) {
		idx = vg_pwdb__get32(db->over + i * PWDB_OVERFLOW_SIZE);
		v = vg_pwdb__get32(db->over + i * PWDB_OVERFLOW_SIZE + 4);
		if (idx >= db->n || (i > 0 && idx <= previdx))
			return corrupt(diag, "overflow count %ju: entry %ju "
			    "out of order or range", (uintmax_t)i,
			    (uintmax_t)idx);
		if (v <= PWDB_COUNT_INLINE_MAX)
			return corrupt(diag, "overflow count %ju: count %ju "
			    "fits inline", (uintmax_t)i, (uintmax_t)v);
		previdx = idx;
	}
	return 0;
}

int
vg_pwdb_open_fd(int fd, const char *name, struct vg_pwdb **dbp,
    struct vg_diag *diag)
{
	struct vg_pwdb *db = NULL;
	struct stat st;
	void *map;
	int r = VG_ERR_INTERNAL;

	*dbp = NULL;
	diag->src = name;
	diag->line = 0;
	diag->msg[0] = '\0';
	if (fstat(fd, &st) == -1) {
		snprintf(diag->msg, sizeof(diag->msg), "%s", strerror(errno));
		return VG_ERR_IO;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(diag->msg, sizeof(diag->msg), "not a regular file");
		return VG_ERR_IO;
	}
	if ((uint64_t)st.st_size < PWDB_RECORDS_OFF ||
	    (uint64_t)st.st_size > SIZE_MAX)
		return corrupt(diag, "%jd bytes: not a vigil password index",
		    (intmax_t)st.st_size);
	if ((db = calloc(1, sizeof(*db))) == NULL)
		return VG_ERR_NOMEM;
	if ((db->name = strdup(name)) == NULL) {
		r = VG_ERR_NOMEM;
		goto out;
	}
	db->maplen = (size_t)st.st_size;
	map = mmap(NULL, db->maplen, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		snprintf(diag->msg, sizeof(diag->msg), "mmap: %s",
		    strerror(errno));
		r = VG_ERR_IO;
		goto out;
	}
	db->map = map;
	if ((r = validate(db, diag)) != 0)
		goto out;
	/*
	 * Lookups touch one bucket of a file that may be many GB: without
	 * read-ahead a cold lookup reads a page or two, not 128 KiB.
	 */
	(void)madvise(db->map, db->maplen, MADV_RANDOM);
	*dbp = db;
	db = NULL;
	r = 0;
out:
	vg_pwdb_close(db);
	return r;
}

int
vg_pwdb_open(const char *path, struct vg_pwdb **dbp, struct vg_diag *diag)
{
	int fd, r;

	*dbp = NULL;
	diag->src = path;
	diag->line = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(diag->msg, sizeof(diag->msg), "%s", strerror(errno));
		return VG_ERR_IO;
	}
	r = vg_pwdb_open_fd(fd, path, dbp, diag);
	close(fd);
	return r;
}

void
vg_pwdb_close(struct vg_pwdb *db)
{
	if (db == NULL)
		return;
	if (db->map != NULL)
		munmap(db->map, db->maplen);
	free(db->name);
	free(db);
}

enum vg_pwdb_kind
vg_pwdb_kind(const struct vg_pwdb *db)
{
	return db->kind;
}

uint64_t
vg_pwdb_count(const struct vg_pwdb *db)
{
	return db->n;
}

uint64_t
vg_pwdb_size(const struct vg_pwdb *db)
{
	return db->maplen;
}

static inline uint64_t
table_get(const struct vg_pwdb *db, uint32_t prefix)
{
	return vg_pwdb__get32(db->table + 4 * (size_t)prefix);
}

/* The count of entry `idx' whose count byte is PWDB_COUNT_OVERFLOW. */
static int
overflow_count(const struct vg_pwdb *db, uint64_t idx, uint32_t *countp)
{
	uint64_t lo = 0, hi = db->nover, mid, at;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		at = vg_pwdb__get32(db->over + mid * PWDB_OVERFLOW_SIZE);
		if (at < idx)
			lo = mid + 1;
		else if (at > idx)
			hi = mid;
		else {
			*countp = vg_pwdb__get32(db->over +
			    mid * PWDB_OVERFLOW_SIZE + 4);
			return 0;
		}
	}
	return VG_ERR_FORMAT;
}

static int
entry_count(const struct vg_pwdb *db, uint64_t idx, uint32_t *countp)
{
	uint8_t c = db->recs[idx * db->recsize + db->recsize - 1];

	*countp = 0;
	if (c == 0)
		return VG_ERR_FORMAT;
	if (c == PWDB_COUNT_OVERFLOW)
		return overflow_count(db, idx, countp);
	*countp = c;
	return 0;
}

/*
 * Compare the record `rec' with the key, both `n' bytes.  The first
 * eight bytes are compared as one big-endian number, which decides
 * nearly every probe of a binary search over random hashes.
 */
static inline int
keycmp(const uint8_t *rec, const uint8_t *key, size_t n)
{
	uint64_t a, b;

	memcpy(&a, rec, 8);
	memcpy(&b, key, 8);
	if (a != b) {
		a = __builtin_bswap64(a);
		b = __builtin_bswap64(b);
		return a < b ? -1 : 1;
	}
	return memcmp(rec + 8, key + 8, n - 8);
}

int
vg_pwdb_lookup(const struct vg_pwdb *db, const uint8_t *hash, size_t hashlen,
    uint32_t *countp)
{
	uint8_t key[VG_PWDB_HASH_MAX];
	uint64_t lo, hi, mid;
	uint32_t prefix;
	size_t w = db->recsize - 1;
	int c;

	*countp = 0;
	if (hashlen != db->hashlen)
		return VG_ERR_INVAL;
	prefix = vg_pwdb__prefix(hash);
	memcpy(key, hash + 2, w);
	key[0] &= 0x0f;
	lo = table_get(db, prefix);
	hi = table_get(db, prefix + 1);
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = keycmp(db->recs + mid * db->recsize, key, w);
		if (c < 0)
			lo = mid + 1;
		else if (c > 0)
			hi = mid;
		else
			return entry_count(db, mid, countp);
	}
	return 0;
}

int
vg_pwdb_range(const struct vg_pwdb *db, uint32_t prefix,
    struct vg_pwdb_range *rp)
{
	memset(rp, 0, sizeof(*rp));
	if (prefix >= VG_PWDB_PREFIXES)
		return VG_ERR_INVAL;
	rp->rg_db = db;
	rp->rg_prefix = prefix;
	rp->rg_first = table_get(db, prefix);
	rp->rg_count = (size_t)(table_get(db, prefix + 1) - rp->rg_first);
	return 0;
}

int
vg_pwdb_range_entry(const struct vg_pwdb_range *rg, size_t i,
    uint8_t hash[VG_PWDB_HASH_MAX], uint32_t *countp)
{
	const struct vg_pwdb *db = rg->rg_db;
	const uint8_t *rec;

	*countp = 0;
	if (i >= rg->rg_count)
		return VG_ERR_INVAL;
	rec = db->recs + (rg->rg_first + i) * db->recsize;
	memset(hash, 0, VG_PWDB_HASH_MAX);
	hash[0] = (uint8_t)(rg->rg_prefix >> 12);
	hash[1] = (uint8_t)(rg->rg_prefix >> 4);
	hash[2] = (uint8_t)((rg->rg_prefix & 0xf) << 4 | (rec[0] & 0x0f));
	memcpy(hash + 3, rec + 1, db->hashlen - 3);
	return entry_count(db, rg->rg_first + i, countp);
}

size_t
vg_pwdb_range_body_max(const struct vg_pwdb_range *rg)
{
	size_t digits = 2 * rg->rg_db->hashlen - 5;

	return rg->rg_count * (digits + 1 + 10 + 2) + 1;
}

int
vg_pwdb_range_format(const struct vg_pwdb_range *rg, char *buf, size_t size,
    size_t *lenp)
{
	const struct vg_pwdb *db = rg->rg_db;
	const uint8_t *rec;
	char num[10];
	size_t i, k, n = 0, nd, w = db->recsize - 1;
	uint32_t count;
	int r;

	*lenp = 0;
	if (size < vg_pwdb_range_body_max(rg))
		return VG_ERR_LIMIT;
	for (i = 0; i < rg->rg_count; i++) {
		rec = db->recs + (rg->rg_first + i) * db->recsize;
		if ((r = entry_count(db, rg->rg_first + i, &count)) != 0) {
			buf[0] = '\0';
			return r;
		}
		if (i > 0) {
			buf[n++] = '\r';
			buf[n++] = '\n';
		}
		buf[n++] = hexdig[rec[0] & 0x0f];
		for (k = 1; k < w; k++) {
			buf[n++] = hexdig[rec[k] >> 4];
			buf[n++] = hexdig[rec[k] & 0x0f];
		}
		buf[n++] = ':';
		nd = 0;
		do {
			num[nd++] = (char)('0' + count % 10);
			count /= 10;
		} while (count > 0);
		while (nd > 0)
			buf[n++] = num[--nd];
	}
	buf[n] = '\0';
	*lenp = n;
	return 0;
}

int
vg_pwdb_verify(const struct vg_pwdb *db, struct vg_diag *diag)
{
	const uint8_t *rec, *prev;
	uint64_t idx, end, ov = 0;
	uint32_t p;
	size_t w = db->recsize - 1;
	uint8_t c;
	int r = 0;

	diag->src = db->name;
	diag->line = 0;
	diag->msg[0] = '\0';
	(void)madvise(db->map, db->maplen, MADV_SEQUENTIAL);
	for (p = 0; p < VG_PWDB_PREFIXES && r == 0; p++) {
		idx = table_get(db, p);
		end = table_get(db, p + 1);
		for (prev = NULL; idx < end; idx++, prev = rec) {
			rec = db->recs + idx * db->recsize;
			c = rec[w];
			if ((rec[0] & 0xf0) != 0)
				r = corrupt(diag, "entry %ju: prefix bits set",
				    (uintmax_t)idx);
			else if (prev != NULL && memcmp(prev, rec, w) >= 0)
				r = corrupt(diag, "entry %ju: not above the "
				    "previous one", (uintmax_t)idx);
			else if (c == 0)
				r = corrupt(diag, "entry %ju: count 0",
				    (uintmax_t)idx);
			else if (c == PWDB_COUNT_OVERFLOW) {
				if (ov >= db->nover || vg_pwdb__get32(db->over +
				    ov * PWDB_OVERFLOW_SIZE) != idx)
					r = corrupt(diag, "entry %ju: overflow "
					    "count missing", (uintmax_t)idx);
				ov++;
			}
			if (r != 0)
				break;
		}
	}
	if (r == 0 && ov != db->nover)
		r = corrupt(diag, "%ju overflow counts of no entry",
		    (uintmax_t)(db->nover - ov));
	(void)madvise(db->map, db->maplen, MADV_RANDOM);
	return r;
}
