/*
 * pw_lookup_bench.c -- the breached-password index benchmark's helper,
 * built by bench/pw.sh against build/libvigil.a.
 *
 *   pw_lookup_bench gen N [SEED]
 *	N synthetic SHA-1 hashes, sorted, as the "ordered by hash" file:
 *	HASH:COUNT CRLF lines on stdout.  Hashes are uniform (as SHA-1
 *	outputs are); each 20-bit bucket gets N / 2^20 of them, like the
 *	real corpus (about 900 a bucket at full size).  Counts follow a
 *	power law, floor(u^-1.045), which puts about 0.5% above 254 (the
 *	real SHA-1 range files have 0.39%).  Fixed seed: the same file
 *	every time.
 *
 *   pw_lookup_bench queries INDEX Q [SEED]
 *	Q hex SHA-1 hashes on stdout, one a line: half drawn from the index
 *	(random bucket, random entry), half random (absent), interleaved
 *	at random.
 *
 *   pw_lookup_bench lookup INDEX QFILE [--warm]
 *	Map INDEX (vg_pwdb_open, timed) and look up every hash of QFILE
 *	with vg_pwdb_lookup, each one timed alone with
 *	clock_gettime(CLOCK_MONOTONIC); with --warm, one untimed pass
 *	first.  Then, for --warm, one more pass timed as a whole.
 *
 *   pw_lookup_bench text FILE QFILE [--warm]
 *	The same over the sorted text file itself, mapped, with the binary
 *	search look(1) does (by byte offset, to the next line start): what
 *	a unit has without an index.
 *
 * lookup and text print one line of key=value pairs: n, found,
 * open_ms, lat_per_s (1 / mean of the timed lookups), p50_us, p99_us,
 * p999_us, max_us, batch_per_s (0 without --warm) and clock_ns, the
 * median cost of one clock_gettime pair, included in each latency.
 */
#include "vg.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pwdb.h"

#define HASHLEN		20
#define BUCKETS		(1u << 20)

static uint64_t rng_state;

/* splitmix64: small, fast, and the same sequence everywhere. */
static uint64_t
rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static VG_NORETURN void
usage(void)
{
	fprintf(stderr, "usage: pw_lookup_bench gen N [SEED]\n"
	    "       pw_lookup_bench queries INDEX Q [SEED]\n"
	    "       pw_lookup_bench lookup INDEX QFILE [--warm]\n"
	    "       pw_lookup_bench text FILE QFILE [--warm]\n");
	exit(2);
}

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t
number(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0')
		usage();
	return v;
}

/* ---------------------------------------------------------------- gen */

struct gh {
	uint64_t	hi, mid;
	uint32_t	lo;
};

static int
gh_cmp(const void *a, const void *b)
{
	const struct gh *x = a, *y = b;

	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	if (x->mid != y->mid)
		return x->mid < y->mid ? -1 : 1;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static void
put_hex(char *p, uint64_t v, int digits)
{
	static const char hex[] = "0123456789ABCDEF";
	int i;

	for (i = digits - 1; i >= 0; i--, v >>= 4)
		p[i] = hex[v & 0xf];
}

static int
gen(uint64_t n)
{
	static char out[1 << 20];
	struct gh *b = NULL;
	size_t cap = 0, k, i, o = 0;
	uint64_t p, done = 0, want, c;
	double u;
	int len;

	for (p = 0; p < BUCKETS; p++) {
		want = n * (p + 1) / BUCKETS;
		k = (size_t)(want - done);
		done = want;
		if (k > cap) {
			cap = k * 2;
			if ((b = realloc(b, cap * sizeof(*b))) == NULL)
				return 1;
		}
		for (i = 0; i < k; i++) {
			b[i].hi = p << 44 | (rng() >> 20);
			b[i].mid = rng();
			b[i].lo = (uint32_t)rng();
		}
		qsort(b, k, sizeof(*b), gh_cmp);
		for (i = 0; i < k; i++) {
			if (i > 0 && gh_cmp(&b[i], &b[i - 1]) == 0)
				continue;	/* 2^-140: never, but sorted */
			if (o + 64 > sizeof(out)) {
				if (fwrite(out, 1, o, stdout) != o)
					return 1;
				o = 0;
			}
			put_hex(out + o, b[i].hi, 16);
			put_hex(out + o + 16, b[i].mid, 16);
			put_hex(out + o + 32, b[i].lo, 8);
			o += 40;
			u = ((double)(rng() >> 11) + 1.0) / 9007199254740992.0;
			c = (uint64_t)pow(u, -1.045);
			if (c > 2147483647u)
				c = 2147483647u;
			len = snprintf(out + o, 16, ":%u\r\n", (unsigned)c);
			o += (size_t)len;
		}
	}
	free(b);
	if (fwrite(out, 1, o, stdout) != o || fflush(stdout) != 0)
		return 1;
	return 0;
}

/* ------------------------------------------------------------ queries */

static struct vg_pwdb *
open_index(const char *path, double *msp)
{
	struct vg_pwdb *db;
	struct vg_diag d;
	uint64_t t0 = now_ns();

	if (vg_pwdb_open(path, &db, &d) != 0) {
		fprintf(stderr, "pw_lookup_bench: %s: %s\n", path, d.msg);
		exit(2);
	}
	if (msp != NULL)
		*msp = (double)(now_ns() - t0) / 1e6;
	if (vg_pwdb_kind(db) != VG_PWDB_SHA1) {
		fprintf(stderr, "pw_lookup_bench: %s: not SHA-1\n", path);
		exit(2);
	}
	return db;
}

static int
queries(const char *path, uint64_t q)
{
	struct vg_pwdb *db = open_index(path, NULL);
	struct vg_pwdb_range rg;
	uint8_t h[VG_PWDB_HASH_MAX];
	char hex[2 * VG_PWDB_HASH_MAX + 1];
	uint64_t i;
	uint32_t c;
	size_t j;

	for (i = 0; i < q; i++) {
		if (rng() & 1) {
			do
				(void)vg_pwdb_range(db,
				    (uint32_t)(rng() % BUCKETS), &rg);
			while (rg.rg_count == 0);
			if (vg_pwdb_range_entry(&rg, (size_t)(rng() %
			    rg.rg_count), h, &c) != 0)
				return 1;
		} else
			for (j = 0; j < HASHLEN; j++)
				h[j] = (uint8_t)rng();
		vg_pwdb_hash_format(h, HASHLEN, hex);
		printf("%s\n", hex);
	}
	vg_pwdb_close(db);
	return fflush(stdout) != 0;
}

/* ------------------------------------------------------------ timing */

/* The query file: 40 hex digits a line, as bytes. */
static uint8_t *
read_queries(const char *path, size_t *np)
{
	enum vg_pwdb_kind kind;
	uint8_t *q = NULL;
	size_t n = 0, cap = 0, len;
	char line[128];
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		fprintf(stderr, "pw_lookup_bench: %s: %s\n", path,
		    strerror(errno));
		exit(2);
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		len = strcspn(line, "\r\n");
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			if ((q = realloc(q, cap * HASHLEN)) == NULL)
				exit(2);
		}
		if (vg_pwdb_hash_parse(line, len, q + n * HASHLEN, &kind) != 0 ||
		    kind != VG_PWDB_SHA1)
			continue;
		n++;
	}
	fclose(fp);
	*np = n;
	return q;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Median cost of one clock_gettime pair, in ns. */
static uint64_t
clock_cost(void)
{
	uint64_t t[1001], t0;
	size_t i;

	for (i = 0; i < VG_ARRAY_LEN(t); i++) {
		t0 = now_ns();
		t[i] = now_ns() - t0;
	}
	qsort(t, VG_ARRAY_LEN(t), sizeof(t[0]), cmp_u64);
	return t[VG_ARRAY_LEN(t) / 2];
}

/* A sorted text file mapped: binary search as look(1) does. */
struct text {
	const char	*buf;
	size_t		 size;
};

/* Compare the line at p (40 hex digits first) with the key. */
static int
text_cmp(const struct text *t, size_t p, const char *key)
{
	if (t->size - p < 40)
		return 1;
	return memcmp(t->buf + p, key, 40);
}

static size_t
next_line(const struct text *t, size_t p)
{
	const char *nl;

	nl = memchr(t->buf + p, '\n', t->size - p);
	return nl == NULL ? t->size : (size_t)(nl - t->buf) + 1;
}

static uint32_t
text_lookup(const struct text *t, const char *key)
{
	size_t lo = 0, hi = t->size, mid, p;
	const char *c;
	uint32_t count = 0;
	int r;

	/* The line that would hold the key starts in [lo, hi). */
	while (hi - lo > 256) {
		mid = lo + (hi - lo) / 2;
		p = t->buf[mid - 1] == '\n' ? mid : next_line(t, mid);
		if (p >= hi) {
			hi = mid;
			continue;
		}
		if ((r = text_cmp(t, p, key)) < 0)
			lo = next_line(t, p);
		else if (r > 0)
			hi = p;
		else {
			lo = p;
			break;
		}
	}
	for (p = lo; p < t->size; p = next_line(t, p)) {
		if ((r = text_cmp(t, p, key)) > 0)
			return 0;
		if (r == 0)
			break;
	}
	if (p >= t->size)
		return 0;
	for (c = t->buf + p + 41; c < t->buf + t->size && *c >= '0' &&
	    *c <= '9'; c++)
		count = count * 10 + (uint32_t)(*c - '0');
	return count;
}

static int
timed(const char *mode, const char *path, const char *qpath, bool warm)
{
	struct vg_pwdb *db = NULL;
	struct text t = { NULL, 0 };
	struct stat st;
	uint64_t *lat, t0 = 0, sum = 0, found = 0, batch = 0;
	uint8_t *q;
	size_t n, i, pass;
	double open_ms = 0;
	char hex[2 * HASHLEN + 1];
	uint32_t c;
	int fd;
	bool text = strcmp(mode, "text") == 0;

	q = read_queries(qpath, &n);
	if (n == 0 || (lat = calloc(n, sizeof(*lat))) == NULL)
		return 2;
	if (text) {
		t0 = now_ns();
		if ((fd = open(path, O_RDONLY)) == -1 || fstat(fd, &st) != 0 ||
		    (t.buf = mmap(NULL, (size_t)st.st_size, PROT_READ,
		    MAP_SHARED, fd, 0)) == MAP_FAILED) {
			fprintf(stderr, "pw_lookup_bench: %s: %s\n", path,
			    strerror(errno));
			return 2;
		}
		close(fd);
		t.size = (size_t)st.st_size;
		(void)madvise((void *)t.buf, t.size, MADV_RANDOM);
		open_ms = (double)(now_ns() - t0) / 1e6;
	} else
		db = open_index(path, &open_ms);

	for (pass = warm ? 0 : 1; pass < 3; pass++) {
		if (pass == 2 && !warm)
			break;
		if (pass == 2)
			t0 = now_ns();
		for (i = 0; i < n; i++) {
			uint64_t a = pass == 1 ? now_ns() : 0;

			if (text) {
				vg_pwdb_hash_format(q + i * HASHLEN, HASHLEN,
				    hex);
				c = text_lookup(&t, hex);
			} else if (vg_pwdb_lookup(db, q + i * HASHLEN, HASHLEN,
			    &c) != 0)
				return 2;
			if (pass == 1) {
				lat[i] = now_ns() - a;
				sum += lat[i];
				found += c > 0;
			}
		}
		if (pass == 2)
			batch = now_ns() - t0;
	}
	qsort(lat, n, sizeof(*lat), cmp_u64);
	printf("%s n=%zu found=%ju open_ms=%.2f lat_per_s=%.0f p50_us=%.3f "
	    "p99_us=%.3f p999_us=%.3f max_us=%.1f batch_per_s=%.0f "
	    "clock_ns=%ju\n", mode, n, (uintmax_t)found, open_ms,
	    (double)n / ((double)sum / 1e9), (double)lat[n / 2] / 1e3,
	    (double)lat[n * 99 / 100] / 1e3, (double)lat[n * 999 / 1000] / 1e3,
	    (double)lat[n - 1] / 1e3,
	    batch > 0 ? (double)n / ((double)batch / 1e9) : 0.0,
	    (uintmax_t)clock_cost());
	free(lat);
	free(q);
	vg_pwdb_close(db);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc < 3)
		usage();
	rng_state = 0x5eed0f716112ULL;
	if (strcmp(argv[1], "gen") == 0 && argc <= 4) {
		if (argc == 4)
			rng_state = number(argv[3]);
		return gen(number(argv[2]));
	}
	if (strcmp(argv[1], "queries") == 0 && (argc == 4 || argc == 5)) {
		rng_state ^= 0xa5a5a5a5ULL;
		if (argc == 5)
			rng_state = number(argv[4]);
		return queries(argv[2], number(argv[3]));
	}
	if ((strcmp(argv[1], "lookup") == 0 || strcmp(argv[1], "text") == 0) &&
	    (argc == 4 || (argc == 5 && strcmp(argv[4], "--warm") == 0)))
		return timed(argv[1], argv[2], argv[3], argc == 5);
	usage();
}
