/*
 * fuzz_pwdb_open.c -- hostile index files through vg_pwdb_open_fd(), then
 * lookups, ranges, the range body formatter and vg_pwdb_verify().
 *
 * Every index has a 4 MiB prefix table, more than a fuzzer input, so the
 * first byte picks how the input becomes a file (written to a memfd):
 *
 *   bit 0 clear  the rest of the input is the file, as it is (headers,
 *                short and truncated files);
 *   bit 0 set    the rest is a compact description: the 64-byte header,
 *                a count byte N and N buckets {3-byte prefix, 1-byte
 *                size} from which the table is computed (in prefix
 *                order, sizes added up), and then the records and the
 *                overflow table as they are.  Bit 1 fixes the header's
 *                entry count, overflow count and file size to agree with
 *                that; bit 2 then overwrites one table entry with the
 *                next 8 input bytes {u32 position, u32 value}.
 *
 * The layout constants are those of docs/INTERNALS-pwdb.md.  Beyond
 * crashes, the harness aborts when an answer breaks a promise: a body
 * longer than vg_pwdb_range_body_max() or with other bytes than upper
 * hex digits, ':', digits and CRLF, a count of 0 returned as found, and,
 * for an index that vg_pwdb_verify() accepts, any entry of a range that
 * a lookup does not find with the same count.
 */
#include "vg.h"

#include <sys/mman.h>
#include <unistd.h>

#include "pwdb.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define HDR		64
#define TABLE_LEN	(VG_PWDB_PREFIXES + 1)
#define RECORDS_OFF	(HDR + 4 * TABLE_LEN)

static uint32_t sizes[VG_PWDB_PREFIXES];

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void
put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

/* The file described by data[0, size); caller frees. */
static uint8_t *
expand(const uint8_t *data, size_t size, size_t *lenp)
{
	const uint8_t *p = data + 1, *end = data + size;
	uint8_t *img, flags = data[0];
	uint64_t total = 0, n, recsize;
	uint32_t prefix, pos = 0, val = 0;
	size_t tail, i, nspec;

	*lenp = 0;
	if ((img = calloc(1, RECORDS_OFF + size)) == NULL)
		return NULL;
	memcpy(img, p, (size_t)VG_MIN(HDR, end - p));
	p += VG_MIN(HDR, end - p);
	nspec = p < end ? *p++ : 0;
	memset(sizes, 0, sizeof(sizes));
	for (i = 0; i < nspec && end - p >= 4; i++, p += 4) {
		prefix = ((uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]) &
		    (VG_PWDB_PREFIXES - 1);
		sizes[prefix] += p[3];
		total += p[3];
	}
	if ((flags & 4) && end - p >= 8) {
		pos = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
		    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		val = (uint32_t)p[4] | (uint32_t)p[5] << 8 |
		    (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;
		p += 8;
	}
	for (i = 0, n = 0; i < TABLE_LEN; i++) {
		put32(img + HDR + 4 * i, (uint32_t)n);
		if (i < VG_PWDB_PREFIXES)
			n += sizes[i];
	}
	tail = (size_t)(end - p);
	memcpy(img + RECORDS_OFF, p, tail);
	if (flags & 2) {
		/* The kind's record size, or SHA-1's for a bad kind. */
		recsize = img[12] == 2 ? 15 : 19;
		put64(img + 24, total);
		put64(img + 32, tail >= total * recsize ?
		    (tail - total * recsize) / 8 : 0);
		put64(img + 40, RECORDS_OFF + tail);
		if (flags & 4)
			put32(img + HDR + 4 * (pos % TABLE_LEN), val);
	}
	*lenp = RECORDS_OFF + tail;
	return img;
}

static void
check_body(const char *body, size_t len, size_t max)
{
	size_t i;

	if (len >= max || body[len] != '\0')
		abort();
	for (i = 0; i < len; i++) {
		if ((body[i] >= '0' && body[i] <= '9') ||
		    (body[i] >= 'A' && body[i] <= 'F') || body[i] == ':')
			continue;
		if (body[i] == '\r' && i + 1 < len && body[i + 1] == '\n') {
			i++;
			continue;
		}
		abort();
	}
}

/* Look at one range, and when the index verified, check each entry. */
static void
probe(const struct vg_pwdb *db, uint32_t prefix, bool verified)
{
	struct vg_pwdb_range rg;
	uint8_t h[VG_PWDB_HASH_MAX];
	uint32_t c, found;
	size_t i, len, max;
	char *body;
	int r;

	if (vg_pwdb_range(db, prefix, &rg) != 0)
		abort();
	/* Keep the work per input bounded. */
	if (rg.rg_count > 4096)
		return;
	max = vg_pwdb_range_body_max(&rg);
	if ((body = malloc(max)) == NULL)
		return;
	r = vg_pwdb_range_format(&rg, body, max, &len);
	if (r == 0)
		check_body(body, len, max);
	else if (r != VG_ERR_FORMAT || verified)
		abort();
	free(body);
	for (i = 0; i < rg.rg_count; i++) {
		r = vg_pwdb_range_entry(&rg, i, h, &c);
		if (r != 0) {
			if (r != VG_ERR_FORMAT || verified)
				abort();
			continue;
		}
		if (c == 0)
			abort();
		r = vg_pwdb_lookup(db, h, vg_pwdb_kind_hashlen(
		    vg_pwdb_kind(db)), &found);
		if (verified && (r != 0 || found != c))
			abort();
		if (r == 0 && found == 0 && verified)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	struct vg_pwdb *db;
	struct vg_diag d;
	uint8_t *img, h[VG_PWDB_HASH_MAX];
	uint32_t c, p;
	size_t len, i;
	bool verified;
	int r;

	if (size < 1)
		return 0;
	if (fd == -1 && (fd = memfd_create("pwdb", MFD_CLOEXEC)) == -1)
		abort();
	if (data[0] & 1)
		img = expand(data, size, &len);
	else if ((img = malloc(size)) != NULL) {
		memcpy(img, data + 1, size - 1);
		len = size - 1;
	}
	if (img == NULL)
		return 0;
	if (ftruncate(fd, 0) != 0 || pwrite(fd, img, len, 0) != (ssize_t)len)
		abort();
	free(img);

	r = vg_pwdb_open_fd(fd, "fuzz.idx", &db, &d);
	if (r != 0) {
		if (db != NULL || strnlen(d.msg, sizeof(d.msg)) == 0 ||
		    strnlen(d.msg, sizeof(d.msg)) == sizeof(d.msg))
			abort();
		return 0;
	}
	if (vg_pwdb_kind(db) != VG_PWDB_SHA1 &&
	    vg_pwdb_kind(db) != VG_PWDB_NTLM)
		abort();
	verified = vg_pwdb_verify(db, &d) == 0;

	/* The buckets the input described, and both ends. */
	probe(db, 0, verified);
	probe(db, VG_PWDB_PREFIXES - 1, verified);
	for (i = 66; i + 3 < size && i < 66 + 4 * 16; i += 4)
		probe(db, ((uint32_t)data[i] << 16 |
		    (uint32_t)data[i + 1] << 8 | data[i + 2]) &
		    (VG_PWDB_PREFIXES - 1), verified);
	/* Hashes made of input bytes: any answer, no crash. */
	for (i = 0; i + VG_PWDB_HASH_MAX <= size && i < 256; i += 7) {
		memcpy(h, data + i, VG_PWDB_HASH_MAX);
		r = vg_pwdb_lookup(db, h, vg_pwdb_kind_hashlen(
		    vg_pwdb_kind(db)), &c);
		if ((r != 0 && r != VG_ERR_FORMAT) || (r != 0 && c != 0))
			abort();
		if (verified && r != 0)
			abort();
	}
	if (vg_pwdb_lookup(db, h, 3, &c) != VG_ERR_INVAL)
		abort();
	p = VG_PWDB_PREFIXES;
	if (vg_pwdb_range(db, p, &(struct vg_pwdb_range){ 0 }) != VG_ERR_INVAL)
		abort();
	vg_pwdb_close(db);
	return 0;
}
