/*
 * Unit tests of pwdb: the breached-password index.  Known answers come
 * from real HIBP range files and their ordered-by-hash form in
 * ../shared/data/creds (SOURCES.md there); the password hashes of
 * non-ASCII strings were computed with iconv and OpenSSL's MD4.  Small
 * fixtures are written to a fresh directory under /tmp.
 */
#include "vg_test.h"
#include "pwdb.h"

#include <sys/stat.h>
#include <unistd.h>

#define CREDS	"creds/"

/* ------------------------------------------------------------ helpers */

/* "DIR/NAME" in a rotating buffer (four at a time). */
static const char *
path(const char *dir, const char *name)
{
	static char buf[4][256];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, name);
	return buf[i];
}

static void
write_bytes(const char *p, const void *buf, size_t len)
{
	FILE *fp = fopen(p, "w");

	ASSERT_PTR_NE(fp, NULL);
	ASSERT_UINT_EQ(fwrite(buf, 1, len, fp), len);
	ASSERT_INT_EQ(fclose(fp), 0);
}

/* "+PATH": a plain password list for build(). */
static const char *
plain(const char *p)
{
	static char buf[2][300];
	static int i;

	i = (i + 1) % 2;
	snprintf(buf[i], sizeof(buf[i]), "+%s", p);
	return buf[i];
}

/* A SHA-1 hash as hex: 5-digit prefix, then `tail' in 35 digits. */
static const char *
sha(unsigned prefix, unsigned long long tail)
{
	static char buf[8][41];
	static int i;

	i = (i + 1) % 8;
	snprintf(buf[i], sizeof(buf[i]), "%05X%035llX", prefix, tail);
	return buf[i];
}

/* The same for NTLM: 5 + 27 digits. */
static const char *
ntlm(unsigned prefix, unsigned long long tail)
{
	static char buf[8][33];
	static int i;

	i = (i + 1) % 8;
	snprintf(buf[i], sizeof(buf[i]), "%05X%027llX", prefix, tail);
	return buf[i];
}

/* The warnings of one build. */
#define MAX_WARNS	8
struct warns {
	unsigned	n;
	char		src[MAX_WARNS][256];
	unsigned long	line[MAX_WARNS];
	char		msg[MAX_WARNS][VG_DIAG_MSG_MAX];
};

static void
collect(void *arg, const struct vg_diag *d)
{
	struct warns *w = arg;

	if (w->n < MAX_WARNS) {
		snprintf(w->src[w->n], sizeof(w->src[0]), "%s", d->src);
		w->line[w->n] = d->line;
		snprintf(w->msg[w->n], sizeof(w->msg[0]), "%s", d->msg);
	}
	w->n++;
}

/* Build `out' from up to four sources; a leading '+' marks a list. */
static int
build(const char *out, enum vg_pwdb_kind kind, struct warns *w,
    struct vg_pwdb_build_stats *st, struct vg_diag *d, const char *s1,
    const char *s2, const char *s3, const char *s4)
{
	const char *in[4] = { s1, s2, s3, s4 };
	struct vg_pwdb_src srcs[4];
	size_t n = 0, i;

	memset(w, 0, sizeof(*w));
	for (i = 0; i < 4 && in[i] != NULL; i++, n++) {
		srcs[n].ps_passwords = in[i][0] == '+';
		srcs[n].ps_path = in[i] + (in[i][0] == '+');
	}
	return vg_pwdb_build(out, srcs, n, kind, collect, w, st, d);
}

static struct vg_pwdb *
open_ok(const char *p)
{
	struct vg_pwdb *db;
	struct vg_diag d;

	if (vg_pwdb_open(p, &db, &d) != 0)
		vg_test_fail(__FILE__, __LINE__, "open %s: %s", p, d.msg);
	return db;
}

/* The count of hex digest `hex' in `db'; fails the test on an error. */
static uint32_t
count_of(const struct vg_pwdb *db, const char *hex)
{
	uint8_t h[VG_PWDB_HASH_MAX];
	enum vg_pwdb_kind kind;
	uint32_t c;

	ASSERT_INT_EQ(vg_pwdb_hash_parse(hex, strlen(hex), h, &kind), 0);
	ASSERT_INT_EQ(vg_pwdb_lookup(db, h, vg_pwdb_kind_hashlen(kind), &c),
	    0);
	return c;
}

/* The same, or 0 when the lookup fails (damaged indexes). */
static uint32_t
count_of_any(const struct vg_pwdb *db, const char *hex)
{
	uint8_t h[VG_PWDB_HASH_MAX];
	enum vg_pwdb_kind kind;
	uint32_t c;

	ASSERT_INT_EQ(vg_pwdb_hash_parse(hex, strlen(hex), h, &kind), 0);
	if (vg_pwdb_lookup(db, h, vg_pwdb_kind_hashlen(kind), &c) != 0)
		ASSERT_UINT_EQ(c, 0);
	return c;
}

static const char *
hash_hex(enum vg_pwdb_kind kind, const char *pw, size_t len)
{
	static char hex[2 * VG_PWDB_HASH_MAX + 1];
	uint8_t h[VG_PWDB_HASH_MAX];

	ASSERT_INT_EQ(vg_pwdb_hash_password(kind, pw, len, h), 0);
	vg_pwdb_hash_format(h, vg_pwdb_kind_hashlen(kind), hex);
	return hex;
}

static char *
shared_dup(const char *rel)
{
	const char *p = vg_test_shared(rel);
	char *s;

	if (p == NULL)
		VG_SKIP("../shared/data/creds is absent");
	ASSERT_PTR_NE(s = strdup(p), NULL);
	return s;
}

/* Lines of a text, the last one counted without its newline too. */
static size_t
count_lines(const char *buf, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += buf[i] == '\n';
	return n + (len > 0 && buf[len - 1] != '\n');
}

/* ------------------------------------------------------ hashing */

VG_TEST(pwdb_hash_password)
{
	static const char emoji[] = "p\xf0\x9f\x98\x80ss";	/* U+1F600 */
	static const char cyr[] = "\xd0\xbf\xd0\xb0\xd1\x80\xd0\xbe\xd0\xbb"
	    "\xd1\x8c";
	uint8_t h[VG_PWDB_HASH_MAX];
	char big[VG_MAX_PW_LINE + 1];

	ASSERT_STR_EQ(hash_hex(VG_PWDB_SHA1, "password", 8),
	    "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8");
	ASSERT_STR_EQ(hash_hex(VG_PWDB_NTLM, "password", 8),
	    "8846F7EAEE8FB117AD06BDD830B7586C");
	ASSERT_STR_EQ(hash_hex(VG_PWDB_SHA1, "", 0),
	    "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709");
	ASSERT_STR_EQ(hash_hex(VG_PWDB_NTLM, "", 0),
	    "31D6CFE0D16AE931B73C59D7E0C089C0");
	/* A NUL byte is part of the password. */
	ASSERT_STR_EQ(hash_hex(VG_PWDB_SHA1, "a\0b", 3),
	    "4A3DEC2D1F8245280855C42DB0EE4239F917FDB8");
	ASSERT_STR_EQ(hash_hex(VG_PWDB_NTLM, "a\0b", 3),
	    "544967CA9D733C70F2AC060A588BB8A6");
	/* Two-byte, three-byte and four-byte (surrogate pair) UTF-8. */
	ASSERT_STR_EQ(hash_hex(VG_PWDB_NTLM, "\xc3\xa9", 2),
	    "E77286D072C7858E9110CC3A011D2AC8");
	ASSERT_STR_EQ(hash_hex(VG_PWDB_NTLM, cyr, strlen(cyr)),
	    "507E3EE80DF7DB7C1FDD8D50AE8DB606");
	ASSERT_STR_EQ(hash_hex(VG_PWDB_SHA1, cyr, strlen(cyr)),
	    "5670B4358AE287FE8E74C2FF6F6293F905409077");
	ASSERT_STR_EQ(hash_hex(VG_PWDB_NTLM, "\xe2\x82\xacuro", 6),
	    "65A07986D69E1CB33D52EACAB1A9322A");
	ASSERT_STR_EQ(hash_hex(VG_PWDB_NTLM, emoji, strlen(emoji)),
	    "B1847A4F90EC6E6793D813F9992E54A5");
	ASSERT_STR_EQ(hash_hex(VG_PWDB_SHA1, emoji, strlen(emoji)),
	    "4663AA969AC76D5DEF96DC9F7AE36C63973CC684");

	/* Invalid UTF-8 is refused for NTLM, hashed as bytes for SHA-1. */
#define BAD_UTF8(s) do {						\
	ASSERT_INT_EQ(vg_pwdb_hash_password(VG_PWDB_NTLM, s,		\
	    sizeof(s) - 1, h), VG_ERR_INVAL);				\
	ASSERT_INT_EQ(h[0] | h[7] | h[15], 0);				\
	ASSERT_INT_EQ(vg_pwdb_hash_password(VG_PWDB_SHA1, s,		\
	    sizeof(s) - 1, h), 0);					\
} while (0)
	BAD_UTF8("\xff");
	BAD_UTF8("ab\x80");		/* lone continuation byte */
	BAD_UTF8("\xc0\xaf");		/* overlong '/' */
	BAD_UTF8("\xe0\x80\xaf");	/* overlong, three bytes */
	BAD_UTF8("\xed\xa0\x80");	/* surrogate U+D800 */
	BAD_UTF8("\xf4\x90\x80\x80");	/* above U+10FFFF */
	BAD_UTF8("x\xe2\x82");		/* cut at the end */
	BAD_UTF8("\xc3(");		/* bad continuation */
#undef BAD_UTF8
	ASSERT_INT_EQ(vg_pwdb_hash_password(VG_PWDB_ANY, "x", 1, h),
	    VG_ERR_INVAL);

	/* The length limit, and exactly at it. */
	memset(big, 'a', sizeof(big));
	ASSERT_INT_EQ(vg_pwdb_hash_password(VG_PWDB_SHA1, big, sizeof(big),
	    h), VG_ERR_LIMIT);
	ASSERT_INT_EQ(vg_pwdb_hash_password(VG_PWDB_NTLM, big,
	    VG_MAX_PW_LINE, h), 0);
}

VG_TEST(pwdb_hash_parse)
{
	uint8_t h[VG_PWDB_HASH_MAX];
	enum vg_pwdb_kind kind;
	char hex[41];

	ASSERT_INT_EQ(vg_pwdb_hash_parse(
	    "5baa61e4c9b93f3f0682250b6cf8331B7EE68FD8", 40, h, &kind), 0);
	ASSERT_INT_EQ(kind, VG_PWDB_SHA1);
	vg_pwdb_hash_format(h, 20, hex);
	ASSERT_STR_EQ(hex, "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8");
	ASSERT_INT_EQ(vg_pwdb_hash_parse("8846f7eaee8fb117ad06bdd830b7586c",
	    32, h, &kind), 0);
	ASSERT_INT_EQ(kind, VG_PWDB_NTLM);
	vg_pwdb_hash_format(h, 16, hex);
	ASSERT_STR_EQ(hex, "8846F7EAEE8FB117AD06BDD830B7586C");
	ASSERT_INT_EQ(vg_pwdb_hash_parse("8846f7eaee8fb117ad06bdd830b7586",
	    31, h, &kind), VG_ERR_PARSE);
	ASSERT_INT_EQ(kind, VG_PWDB_ANY);
	ASSERT_INT_EQ(vg_pwdb_hash_parse("", 0, h, &kind), VG_ERR_PARSE);
	ASSERT_INT_EQ(vg_pwdb_hash_parse(
	    "5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8a", 41, h, &kind),
	    VG_ERR_PARSE);
	ASSERT_INT_EQ(vg_pwdb_hash_parse("8846f7eaee8fb117ad06bdd830b7586g",
	    32, h, &kind), VG_ERR_PARSE);
	ASSERT_INT_EQ(vg_pwdb_hash_parse("8846f7eaee8fb117ad06bdd830b7586 ",
	    32, h, &kind), VG_ERR_PARSE);
}

/* -------------------------------------------------- known answers */

/*
 * Build from the range directory and from the ordered-by-hash sample
 * (prefixes 00000-00003 only), then check every row of the known-answer
 * file of `kind': the password hashes to the listed hash, and each index
 * gives the listed count (0 for the misses, and in the sample for
 * prefixes it lacks).
 */
static void
known_answers(const char *type, enum vg_pwdb_kind kind, const char *sample)
{
	struct vg_pwdb_build_stats st;
	struct vg_pwdb *ra, *sa;
	struct warns w;
	struct vg_diag d;
	char rel[128], *tsv, *rdir, *sfile, *buf, *line, *next;
	char *f[6], *p;
	const char *dir = vg_test_tmpdir();
	uint8_t h[VG_PWDB_HASH_MAX];
	enum vg_pwdb_kind k;
	size_t len, i, rows = 0, misses = 0, lines = 0;
	unsigned long expect, prefix;
	uint32_t c;

	tsv = shared_dup(CREDS "hibp-known-answers.tsv");
	snprintf(rel, sizeof(rel), CREDS "hibp-range/%s", type);
	rdir = shared_dup(rel);
	snprintf(rel, sizeof(rel), CREDS "%s", sample);
	sfile = shared_dup(rel);

	/* Lines of the inputs, to check that the index has each once. */
	for (i = 0; i < 16; i++) {
		snprintf(rel, sizeof(rel), "%s/0000%zX.txt", rdir, i);
		buf = vg_test_read(rel, &len);
		lines += count_lines(buf, len);
		free(buf);
	}
	ASSERT_INT_EQ(build(path(dir, "range.idx"), VG_PWDB_ANY, &w, &st, &d,
	    rdir, NULL, NULL, NULL), 0);
	ASSERT_UINT_EQ(w.n, 0);
	ASSERT_INT_EQ(st.bs_kind, kind);
	ASSERT_UINT_EQ(st.bs_files, 16);
	ASSERT_UINT_EQ(st.bs_lines, lines);
	ASSERT_UINT_EQ(st.bs_hashes, lines);
	ra = open_ok(path(dir, "range.idx"));
	ASSERT_UINT_EQ(vg_pwdb_count(ra), lines);
	ASSERT_INT_EQ(vg_pwdb_kind(ra), kind);
	ASSERT_INT_EQ(vg_pwdb_verify(ra, &d), 0);

	buf = vg_test_read(sfile, &len);
	lines = count_lines(buf, len);
	free(buf);
	ASSERT_INT_EQ(build(path(dir, "sample.idx"), VG_PWDB_ANY, &w, &st,
	    &d, sfile, NULL, NULL, NULL), 0);
	ASSERT_UINT_EQ(w.n, 0);
	ASSERT_UINT_EQ(st.bs_hashes, lines);
	sa = open_ok(path(dir, "sample.idx"));
	ASSERT_INT_EQ(vg_pwdb_kind(sa), kind);
	ASSERT_INT_EQ(vg_pwdb_verify(sa, &d), 0);

	buf = vg_test_read(tsv, &len);
	for (line = buf; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		for (i = 0, p = line; i < 6; i++) {
			f[i] = p;
			if ((p = strchr(p, '\t')) != NULL)
				*p++ = '\0';
			ASSERT_TRUE(p != NULL || i == 5);
		}
		if (strcmp(f[0], type) != 0)
			continue;
		rows++;
		/* hash_type plaintext full_hash prefix suffix count */
		ASSERT_STR_EQ(hash_hex(kind, f[1], strlen(f[1])), f[2]);
		ASSERT_TRUE(strncmp(f[2], f[3], 5) == 0);
		ASSERT_STR_EQ(f[2] + 5, f[4]);
		expect = strtoul(f[5], NULL, 10);
		prefix = strtoul(f[3], NULL, 16);
		misses += expect == 0;
		ASSERT_UINT_EQ(count_of(ra, f[2]), expect);
		ASSERT_UINT_EQ(count_of(sa, f[2]), prefix <= 3 ? expect : 0);
		/* The lower-case digest finds the same. */
		for (p = f[2]; *p != '\0'; p++)
			*p = (char)(*p >= 'A' && *p <= 'F' ? *p + 32 : *p);
		ASSERT_UINT_EQ(count_of(ra, f[2]), expect);
		/* A hash of the other kind is refused, not looked up. */
		ASSERT_INT_EQ(vg_pwdb_hash_password(kind, f[1], strlen(f[1]),
		    h), 0);
		ASSERT_INT_EQ(vg_pwdb_lookup(ra, h, kind == VG_PWDB_SHA1 ?
		    16 : 20, &c), VG_ERR_INVAL);
	}
	/* Every row of this kind was read: hits and misses. */
	ASSERT_UINT_EQ(rows, kind == VG_PWDB_SHA1 ? 35 : 28);
	ASSERT_UINT_EQ(misses, kind == VG_PWDB_SHA1 ? 10 : 8);
	ASSERT_INT_EQ(vg_pwdb_hash_parse("0", 1, h, &k), VG_ERR_PARSE);

	vg_pwdb_close(ra);
	vg_pwdb_close(sa);
	free(buf);
	free(tsv);
	free(rdir);
	free(sfile);
	vg_test_rmtree(dir);
}

VG_TEST(pwdb_known_answers_sha1)
{
	known_answers("sha1", VG_PWDB_SHA1,
	    "pwned-passwords-sha1-ordered-by-hash.sample.txt");
}

VG_TEST(pwdb_known_answers_ntlm)
{
	known_answers("ntlm", VG_PWDB_NTLM,
	    "pwned-passwords-ntlm-ordered-by-hash.sample.txt");
}

/*
 * The range accessor gives back each range file byte for byte, through
 * the formatter and through the entry accessor, from an index built of
 * the range files and from one built of the ordered-by-hash sample.
 */
static void
ranges_reproduced(const char *type, const char *sample)
{
	struct vg_pwdb_range rg;
	struct vg_pwdb *ra, *sa;
	struct warns w;
	struct vg_diag d;
	char rel[128], *rdir, *sfile, *file, *body, line[64], hex[41];
	const char *dir = vg_test_tmpdir();
	uint8_t h[VG_PWDB_HASH_MAX];
	uint32_t count, prefix;
	size_t len, blen, i, off, n, hashlen;

	snprintf(rel, sizeof(rel), CREDS "hibp-range/%s", type);
	rdir = shared_dup(rel);
	snprintf(rel, sizeof(rel), CREDS "%s", sample);
	sfile = shared_dup(rel);
	ASSERT_INT_EQ(build(path(dir, "r.idx"), VG_PWDB_ANY, &w, NULL, &d,
	    rdir, NULL, NULL, NULL), 0);
	ASSERT_INT_EQ(build(path(dir, "s.idx"), VG_PWDB_ANY, &w, NULL, &d,
	    sfile, NULL, NULL, NULL), 0);
	ra = open_ok(path(dir, "r.idx"));
	sa = open_ok(path(dir, "s.idx"));
	hashlen = vg_pwdb_kind_hashlen(vg_pwdb_kind(ra));

	for (prefix = 0; prefix < 16; prefix++) {
		snprintf(rel, sizeof(rel), "%s/%05X.txt", rdir, prefix);
		file = vg_test_read(rel, &len);
		ASSERT_INT_EQ(vg_pwdb_range(ra, prefix, &rg), 0);
		ASSERT_UINT_EQ(rg.rg_count, count_lines(file, len));
		ASSERT_PTR_NE(body = malloc(vg_pwdb_range_body_max(&rg)),
		    NULL);
		ASSERT_INT_EQ(vg_pwdb_range_format(&rg, body,
		    vg_pwdb_range_body_max(&rg), &blen), 0);
		ASSERT_UINT_EQ(blen, len);
		ASSERT_TRUE(memcmp(body, file, len) == 0);
		/* One byte short of the bound is refused, not overrun. */
		ASSERT_INT_EQ(vg_pwdb_range_format(&rg, body,
		    vg_pwdb_range_body_max(&rg) - 1, &blen), VG_ERR_LIMIT);

		/* Entry by entry: the suffix after the 5 prefix digits. */
		for (i = 0, off = 0; i < rg.rg_count; i++) {
			ASSERT_INT_EQ(vg_pwdb_range_entry(&rg, i, h, &count),
			    0);
			vg_pwdb_hash_format(h, hashlen, hex);
			n = (size_t)snprintf(line, sizeof(line), "%s:%u%s",
			    hex + 5, count, i + 1 < rg.rg_count ? "\r\n" : "");
			ASSERT_TRUE(off + n <= len);
			ASSERT_TRUE(memcmp(file + off, line, n) == 0);
			ASSERT_UINT_EQ(count_of(ra, hex), count);
			off += n;
		}
		ASSERT_UINT_EQ(off, len);
		ASSERT_INT_EQ(vg_pwdb_range_entry(&rg, rg.rg_count, h,
		    &count), VG_ERR_INVAL);

		/* The sample holds prefixes 00000 to 00003 only. */
		ASSERT_INT_EQ(vg_pwdb_range(sa, prefix, &rg), 0);
		ASSERT_INT_EQ(vg_pwdb_range_format(&rg, body,
		    vg_pwdb_range_body_max(&rg), &blen), 0);
		if (prefix <= 3) {
			ASSERT_UINT_EQ(blen, len);
			ASSERT_TRUE(memcmp(body, file, len) == 0);
		} else
			ASSERT_UINT_EQ(rg.rg_count, 0);
		free(body);
		free(file);
	}
	/* Empty ranges are an empty body; prefixes stop at FFFFF. */
	ASSERT_INT_EQ(vg_pwdb_range(ra, 0xfffff, &rg), 0);
	ASSERT_UINT_EQ(rg.rg_count, 0);
	ASSERT_INT_EQ(vg_pwdb_range_format(&rg, line, sizeof(line), &blen), 0);
	ASSERT_UINT_EQ(blen, 0);
	ASSERT_STR_EQ(line, "");
	ASSERT_INT_EQ(vg_pwdb_range(ra, 0x10, &rg), 0);
	ASSERT_UINT_EQ(rg.rg_count, 0);
	ASSERT_INT_EQ(vg_pwdb_range(ra, 0x100000, &rg), VG_ERR_INVAL);

	vg_pwdb_close(ra);
	vg_pwdb_close(sa);
	free(rdir);
	free(sfile);
	vg_test_rmtree(dir);
}

VG_TEST(pwdb_range_reproduces_files_sha1)
{
	ranges_reproduced("sha1",
	    "pwned-passwords-sha1-ordered-by-hash.sample.txt");
}

VG_TEST(pwdb_range_reproduces_files_ntlm)
{
	ranges_reproduced("ntlm",
	    "pwned-passwords-ntlm-ordered-by-hash.sample.txt");
}

/* ------------------------------------------------------- fixtures */

VG_TEST(pwdb_build_padding_ignored)
{
	struct vg_pwdb_build_stats st;
	struct vg_pwdb *db;
	struct warns w;
	struct vg_diag d;
	const char *dir = vg_test_tmpdir();
	char text[1024];

	/*
	 * A padded API answer: count-0 suffixes mixed in, out of order,
	 * and one of them equal to a real entry's neighbour.
	 */
	ASSERT_INT_EQ(mkdir(path(dir, "ranges"), 0700), 0);
	snprintf(text, sizeof(text), "%s:0\r\n%s:3\r\n%s:0\r\n%s:5\r\n%s:0",
	    sha(0xABCDE, 0x900) + 5, sha(0xABCDE, 0x100) + 5,
	    sha(0xABCDE, 0x050) + 5, sha(0xABCDE, 0x200) + 5,
	    sha(0xABCDE, 0x150) + 5);
	vg_test_write(path(dir, "ranges/ABCDE.txt"), text);
	ASSERT_INT_EQ(build(path(dir, "p.idx"), VG_PWDB_ANY, &w, &st, &d,
	    path(dir, "ranges"), NULL, NULL, NULL), 0);
	ASSERT_UINT_EQ(w.n, 0);
	ASSERT_UINT_EQ(st.bs_lines, 5);
	ASSERT_UINT_EQ(st.bs_padding, 3);
	ASSERT_UINT_EQ(st.bs_entries, 2);
	ASSERT_UINT_EQ(st.bs_hashes, 2);
	db = open_ok(path(dir, "p.idx"));
	ASSERT_UINT_EQ(vg_pwdb_count(db), 2);
	ASSERT_UINT_EQ(count_of(db, sha(0xABCDE, 0x100)), 3);
	ASSERT_UINT_EQ(count_of(db, sha(0xABCDE, 0x200)), 5);
	ASSERT_UINT_EQ(count_of(db, sha(0xABCDE, 0x900)), 0);
	ASSERT_UINT_EQ(count_of(db, sha(0xABCDE, 0x050)), 0);
	vg_pwdb_close(db);
	vg_test_rmtree(dir);
}

VG_TEST(pwdb_build_unsorted_rejected)
{
	struct warns w;
	struct vg_diag d;
	const char *dir = vg_test_tmpdir();
	char text[512];
	struct stat st;

	snprintf(text, sizeof(text), "%s:1\n%s:2\n%s:3\n%s:4\n", sha(1, 1),
	    sha(1, 5), sha(1, 3), sha(2, 0));
	vg_test_write(path(dir, "u.txt"), text);
	ASSERT_INT_EQ(build(path(dir, "u.idx"), VG_PWDB_ANY, &w, NULL, &d,
	    path(dir, "u.txt"), NULL, NULL, NULL), VG_ERR_PARSE);
	ASSERT_STR_EQ(d.src, path(dir, "u.txt"));
	ASSERT_UINT_EQ(d.line, 3);
	ASSERT_STR_EQ(d.msg, "not sorted: the hash is below that of line 2");
	/* Nothing is left behind: no index, no temporary file. */
	ASSERT_INT_EQ(stat(path(dir, "u.idx"), &st), -1);

	/* A repeated line is an error too (a doubled download). */
	snprintf(text, sizeof(text), "%s:1\r\n%s:2\r\n%s:2\r\n", sha(1, 1),
	    sha(1, 5), sha(1, 5));
	vg_test_write(path(dir, "u.txt"), text);
	ASSERT_INT_EQ(build(path(dir, "u.idx"), VG_PWDB_ANY, &w, NULL, &d,
	    path(dir, "u.txt"), NULL, NULL, NULL), VG_ERR_PARSE);
	ASSERT_UINT_EQ(d.line, 3);
	ASSERT_STR_EQ(d.msg, "repeats the hash of line 2");

	/* In a range directory: the file is named, the line is its own. */
	ASSERT_INT_EQ(mkdir(path(dir, "r"), 0700), 0);
	snprintf(text, sizeof(text), "%s:1\r\n%s:1", sha(0, 0x7) + 5,
	    sha(0, 0x8) + 5);
	vg_test_write(path(dir, "r/00000"), text);
	snprintf(text, sizeof(text), "%s:1\r\n%s:1\r\n%s:1", sha(1, 7) + 5,
	    sha(1, 0x9) + 5, sha(1, 0x8) + 5);
	vg_test_write(path(dir, "r/00001.txt"), text);
	ASSERT_INT_EQ(build(path(dir, "u.idx"), VG_PWDB_ANY, &w, NULL, &d,
	    path(dir, "r"), NULL, NULL, NULL), VG_ERR_PARSE);
	ASSERT_STR_EQ(d.src, path(dir, "r"));
	ASSERT_UINT_EQ(d.line, 3);
	ASSERT_STR_EQ(d.msg, "00001.txt: not sorted: the hash is below that "
	    "of line 2");
	vg_test_rmtree(dir);
}

VG_TEST(pwdb_build_truncated_detected)
{
	struct vg_pwdb_build_stats st;
	struct vg_pwdb *db;
	struct warns w;
	struct vg_diag d;
	const char *dir = vg_test_tmpdir();
	char text[512];

	/* The download stopped inside a hash: 38 of 40 digits, no newline. */
	snprintf(text, sizeof(text), "%s:1\r\n%s:2\r\n%.38s", sha(1, 1),
	    sha(1, 2), sha(1, 3));
	vg_test_write(path(dir, "t.txt"), text);
	ASSERT_INT_EQ(build(path(dir, "t.idx"), VG_PWDB_ANY, &w, NULL, &d,
	    path(dir, "t.txt"), NULL, NULL, NULL), VG_ERR_PARSE);
	ASSERT_STR_EQ(d.src, path(dir, "t.txt"));
	ASSERT_UINT_EQ(d.line, 3);
	ASSERT_TRUE(strncmp(d.msg, "truncated", 9) == 0);
	/* ... or after the colon. */
	snprintf(text, sizeof(text), "%s:1\r\n%s:", sha(1, 1), sha(1, 2));
	vg_test_write(path(dir, "t.txt"), text);
	ASSERT_INT_EQ(build(path(dir, "t.idx"), VG_PWDB_ANY, &w, NULL, &d,
	    path(dir, "t.txt"), NULL, NULL, NULL), VG_ERR_PARSE);
	ASSERT_UINT_EQ(d.line, 2);
	ASSERT_TRUE(strncmp(d.msg, "truncated", 9) == 0);
	/* In a range file too. */
	ASSERT_INT_EQ(mkdir(path(dir, "r"), 0700), 0);
	snprintf(text, sizeof(text), "%s:1\r\n%.20s", sha(0, 1) + 5,
	    sha(0, 2) + 5);
	vg_test_write(path(dir, "r/00000.txt"), text);
	ASSERT_INT_EQ(build(path(dir, "t.idx"), VG_PWDB_ANY, &w, NULL, &d,
	    path(dir, "r"), NULL, NULL, NULL), VG_ERR_PARSE);
	ASSERT_UINT_EQ(d.line, 2);
	ASSERT_TRUE(strncmp(d.msg, "00000.txt: truncated", 20) == 0);

	/* A good last line without a newline is how range files end. */
	snprintf(text, sizeof(text), "%s:1\r\n%s:2", sha(1, 1), sha(1, 2));
	vg_test_write(path(dir, "t.txt"), text);
	ASSERT_INT_EQ(build(path(dir, "t.idx"), VG_PWDB_ANY, &w, &st, &d,
	    path(dir, "t.txt"), NULL, NULL, NULL), 0);
	ASSERT_UINT_EQ(st.bs_hashes, 2);
	db = open_ok(path(dir, "t.idx"));
	ASSERT_UINT_EQ(count_of(db, sha(1, 2)), 2);
	vg_pwdb_close(db);
	vg_test_rmtree(dir);
}

VG_TEST(pwdb_build_mixed_kinds_rejected)
{
	struct warns w;
	struct vg_diag d;
	const char *dir = vg_test_tmpdir();
	char text[512];

	snprintf(text, sizeof(text), "%s:1\n", sha(1, 1));
	vg_test_write(path(dir, "sha1.txt"), text);
	snprintf(text, sizeof(text), "%s:1\n", ntlm(1, 1));
	vg_test_write(path(dir, "ntlm.txt"), text);
	ASSERT_INT_EQ(build(path(dir, "m.idx"), VG_PWDB_ANY, &w, NULL, &d,
	    path(dir, "sha1.txt"), path(dir, "ntlm.txt"), NULL, NULL),
	    VG_ERR_PARSE);
	ASSERT_STR_EQ(d.src, path(dir, "ntlm.txt"));
	ASSERT_UINT_EQ(d.line, 1);
	ASSERT_TRUE(strstr(d.msg, "never mixed") != NULL);
	/* Within one file. */
	snprintf(text, sizeof(text), "%s:1\n%s:1\n", sha(1, 1), ntlm(2, 1));
	vg_test_write(path(dir, "both.txt"), text);
	ASSERT_INT_EQ(build(path(dir, "m.idx"), VG_PWDB_ANY, &w, NULL, &d,
	    path(dir, "both.txt"), NULL, NULL, NULL), VG_ERR_PARSE);
	ASSERT_UINT_EQ(d.line, 2);
	ASSERT_TRUE(strstr(d.msg, "never mixed") != NULL);
	/* Against the kind asked for. */
	ASSERT_INT_EQ(build(path(dir, "m.idx"), VG_PWDB_NTLM, &w, NULL, &d,
	    path(dir, "sha1.txt"), NULL, NULL, NULL), VG_ERR_PARSE);
	ASSERT_TRUE(strstr(d.msg, "--ntlm") != NULL);
	/* A plain list with --sha1 next to NTLM hashes. */
	vg_test_write(path(dir, "list.txt"), "password\n");
	ASSERT_INT_EQ(build(path(dir, "m.idx"), VG_PWDB_SHA1, &w, NULL, &d,
	    path(dir, "ntlm.txt"), plain(path(dir, "list.txt")), NULL, NULL),
	    VG_ERR_PARSE);
	ASSERT_TRUE(strstr(d.msg, "--sha1") != NULL);
	vg_test_rmtree(dir);
}

VG_TEST(pwdb_build_bad_line_reported)
{
	struct vg_pwdb_build_stats st;
	struct vg_pwdb *db;
	struct warns w;
	struct vg_diag d;
	const char *dir = vg_test_tmpdir();
	char text[1024], longline[400];

	memset(longline, '7', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	snprintf(text, sizeof(text), "%s:1\r\n"
	    "hunter2\r\n"			/* 2: no colon */
	    "%.39sX:4\r\n"			/* 3: not hex */
	    "%s:12a\r\n"			/* 4: count */
	    "%s:99999999999\r\n"		/* 5: count too big */
	    "\r\n"				/* 6: blank, ignored */
	    "%s\r\n"				/* 7: too long */
	    "%s:\r\n"				/* 8: no count */
	    "%s:7\r\n",
	    sha(1, 1), sha(1, 2), sha(1, 3), sha(1, 4), longline, sha(1, 5),
	    sha(1, 9));
	vg_test_write(path(dir, "b.txt"), text);
	ASSERT_INT_EQ(build(path(dir, "b.idx"), VG_PWDB_ANY, &w, &st, &d,
	    path(dir, "b.txt"), NULL, NULL, NULL), 0);
	ASSERT_UINT_EQ(w.n, 6);
	ASSERT_STR_EQ(w.src[0], path(dir, "b.txt"));
	ASSERT_UINT_EQ(w.line[0], 2);
	ASSERT_STR_EQ(w.msg[0], "not HASH:COUNT (no colon)");
	ASSERT_UINT_EQ(w.line[1], 3);
	ASSERT_STR_EQ(w.msg[1], "not a hex digit at column 40");
	ASSERT_UINT_EQ(w.line[2], 4);
	ASSERT_STR_EQ(w.msg[2], "count is not a decimal number");
	ASSERT_UINT_EQ(w.line[3], 5);
	ASSERT_STR_EQ(w.msg[3], "count above 4294967295");
	ASSERT_UINT_EQ(w.line[4], 7);
	ASSERT_STR_EQ(w.msg[4], "line longer than 256 bytes");
	ASSERT_UINT_EQ(w.line[5], 8);
	ASSERT_STR_EQ(w.msg[5], "count is missing");
	ASSERT_UINT_EQ(st.bs_lines, 9);
	ASSERT_UINT_EQ(st.bs_bad, 6);
	ASSERT_UINT_EQ(st.bs_blank, 1);
	ASSERT_UINT_EQ(st.bs_entries, 2);
	db = open_ok(path(dir, "b.idx"));
	ASSERT_UINT_EQ(count_of(db, sha(1, 1)), 1);
	ASSERT_UINT_EQ(count_of(db, sha(1, 9)), 7);
	vg_pwdb_close(db);

	/* A password list taken for a hash file stops at its first line. */
	vg_test_write(path(dir, "list.txt"), "hunter2\npassword\n");
	ASSERT_INT_EQ(build(path(dir, "b.idx"), VG_PWDB_ANY, &w, NULL, &d,
	    path(dir, "list.txt"), NULL, NULL, NULL), VG_ERR_PARSE);
	ASSERT_UINT_EQ(d.line, 1);
	ASSERT_TRUE(strstr(d.msg, "--passwords") != NULL);
	ASSERT_TRUE(strstr(d.msg, "hunter2") == NULL);
	vg_test_rmtree(dir);
}

VG_TEST(pwdb_build_too_many_bad_lines)
{
	struct warns w;
	struct vg_diag d;
	const char *dir = vg_test_tmpdir();
	FILE *fp;
	int i;

	ASSERT_PTR_NE(fp = fopen(path(dir, "many.txt"), "w"), NULL);
	fprintf(fp, "%s:1\n", sha(1, 1));
	for (i = 0; i < VG_MAX_PW_BAD_LINES; i++)
		fprintf(fp, "bad\n");
	fprintf(fp, "%s:1\n", sha(1, 2));
	ASSERT_INT_EQ(fclose(fp), 0);
	ASSERT_INT_EQ(build(path(dir, "m.idx"), VG_PWDB_ANY, &w, NULL, &d,
	    path(dir, "many.txt"), NULL, NULL, NULL), VG_ERR_PARSE);
	ASSERT_UINT_EQ(d.line, VG_MAX_PW_BAD_LINES + 1);
	ASSERT_UINT_EQ(w.n, VG_MAX_PW_BAD_LINES - 1);
	vg_test_rmtree(dir);
}

VG_TEST(pwdb_build_duplicates_summed)
{
	struct vg_pwdb_build_stats st;
	struct vg_pwdb *db;
	struct warns w;
	struct vg_diag d;
	const char *dir = vg_test_tmpdir();
	const char *pw = "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8";
	char text[1024];

	/* Two ordered files, a range directory and a plain list. */
	snprintf(text, sizeof(text), "%s:3\n%s:1\n%s:4294967295\n", sha(1, 1),
	    sha(2, 2), sha(3, 3));
	vg_test_write(path(dir, "a.txt"), text);
	snprintf(text, sizeof(text), "%s:4\n%s:2\n%s:9\n%s:10\n", sha(1, 1),
	    sha(1, 7), sha(3, 3), pw);
	vg_test_write(path(dir, "b.txt"), text);
	ASSERT_INT_EQ(mkdir(path(dir, "r"), 0700), 0);
	snprintf(text, sizeof(text), "%s:100", sha(1, 1) + 5);
	vg_test_write(path(dir, "r/00001.txt"), text);
	vg_test_write(path(dir, "list.txt"), "password\nletmein\r\npassword\n");
	ASSERT_INT_EQ(build(path(dir, "d.idx"), VG_PWDB_ANY, &w, &st, &d,
	    path(dir, "a.txt"), path(dir, "b.txt"), path(dir, "r"), NULL), 0);
	db = open_ok(path(dir, "d.idx"));
	ASSERT_UINT_EQ(count_of(db, sha(1, 1)), 107);
	ASSERT_UINT_EQ(count_of(db, sha(1, 7)), 2);
	ASSERT_UINT_EQ(count_of(db, sha(2, 2)), 1);
	/* Sums saturate. */
	ASSERT_UINT_EQ(count_of(db, sha(3, 3)), 4294967295u);
	ASSERT_UINT_EQ(count_of(db, pw), 10);
	ASSERT_UINT_EQ(st.bs_hashes, 5);
	ASSERT_INT_EQ(vg_pwdb_verify(db, &d), 0);
	vg_pwdb_close(db);

	/* With the plain list: "password" twice, plus the file's 10. */
	ASSERT_INT_EQ(build(path(dir, "d.idx"), VG_PWDB_ANY, &w, &st, &d,
	    path(dir, "b.txt"), plain(path(dir, "list.txt")), NULL, NULL), 0);
	ASSERT_UINT_EQ(w.n, 0);
	ASSERT_UINT_EQ(st.bs_entries, 4 + 3);
	db = open_ok(path(dir, "d.idx"));
	ASSERT_UINT_EQ(count_of(db, pw), 12);
	/* A CR before the newline is not part of the password. */
	ASSERT_UINT_EQ(count_of(db, hash_hex(VG_PWDB_SHA1, "letmein", 7)),
	    1);
	ASSERT_INT_EQ(vg_pwdb_verify(db, &d), 0);
	vg_pwdb_close(db);
	vg_test_rmtree(dir);
}

VG_TEST(pwdb_build_plain_list)
{
	struct vg_pwdb_build_stats st;
	struct vg_pwdb *db;
	struct warns w;
	struct vg_diag d;
	struct stat sb;
	const char *dir = vg_test_tmpdir();
	char src[300], text[2200], q[VG_MAX_PW_LINE + 2];

	/*
	 * Line 4 is too long, line 5 is not UTF-8; line 6 is blank.  The
	 * messages give the line, never the password.
	 */
	memset(q, 'Q', sizeof(q) - 1);
	q[sizeof(q) - 1] = '\0';
	snprintf(text, sizeof(text), "password\npassword\r\nletmein\n%s\n"
	    "se\xffret\n\npassword", q);
	vg_test_write(path(dir, "list.txt"), text);
	snprintf(src, sizeof(src), "%s", plain(path(dir, "list.txt")));

	ASSERT_INT_EQ(build(path(dir, "s.idx"), VG_PWDB_ANY, &w, &st, &d,
	    src, NULL, NULL, NULL), 0);
	ASSERT_UINT_EQ(w.n, 1);
	ASSERT_UINT_EQ(w.line[0], 4);
	ASSERT_STR_EQ(w.msg[0], "password longer than 1024 bytes, skipped");
	ASSERT_INT_EQ(st.bs_kind, VG_PWDB_SHA1);
	ASSERT_UINT_EQ(st.bs_hashes, 3);
	ASSERT_UINT_EQ(st.bs_blank, 1);
	db = open_ok(path(dir, "s.idx"));
	ASSERT_UINT_EQ(count_of(db,
	    "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8"), 3);
	ASSERT_UINT_EQ(count_of(db, hash_hex(VG_PWDB_SHA1, "se\xffret", 6)),
	    1);
	vg_pwdb_close(db);
	/* Hashes of a private list are not world-readable. */
	ASSERT_INT_EQ(stat(path(dir, "s.idx"), &sb), 0);
	ASSERT_INT_EQ(sb.st_mode & 0777, 0600);

	ASSERT_INT_EQ(build(path(dir, "n.idx"), VG_PWDB_NTLM, &w, &st, &d,
	    src, NULL, NULL, NULL), 0);
	ASSERT_UINT_EQ(w.n, 2);
	ASSERT_UINT_EQ(w.line[1], 5);
	ASSERT_STR_EQ(w.msg[1], "not valid UTF-8, which NTLM needs; skipped");
	ASSERT_INT_EQ(st.bs_kind, VG_PWDB_NTLM);
	ASSERT_UINT_EQ(st.bs_hashes, 2);
	db = open_ok(path(dir, "n.idx"));
	ASSERT_INT_EQ(vg_pwdb_kind(db), VG_PWDB_NTLM);
	ASSERT_UINT_EQ(count_of(db, "8846F7EAEE8FB117AD06BDD830B7586C"), 3);
	vg_pwdb_close(db);

	/* Without --ntlm, a list takes the kind of the hash sources. */
	snprintf(text, sizeof(text), "%s:5\n",
	    "8846F7EAEE8FB117AD06BDD830B7586C");
	vg_test_write(path(dir, "ntlm.txt"), text);
	ASSERT_INT_EQ(build(path(dir, "n.idx"), VG_PWDB_ANY, &w, &st, &d,
	    src, path(dir, "ntlm.txt"), NULL, NULL), 0);
	db = open_ok(path(dir, "n.idx"));
	ASSERT_UINT_EQ(count_of(db, "8846F7EAEE8FB117AD06BDD830B7586C"), 8);
	vg_pwdb_close(db);
	ASSERT_INT_EQ(stat(path(dir, "n.idx"), &sb), 0);
	ASSERT_INT_EQ(sb.st_mode & 0777, 0600);
	ASSERT_INT_EQ(build(path(dir, "h.idx"), VG_PWDB_ANY, &w, &st, &d,
	    path(dir, "ntlm.txt"), NULL, NULL, NULL), 0);
	ASSERT_INT_EQ(stat(path(dir, "h.idx"), &sb), 0);
	ASSERT_INT_EQ(sb.st_mode & 0777, 0644);
	vg_test_rmtree(dir);
}

VG_TEST(pwdb_build_large_counts)
{
	static const uint32_t counts[] = { 1, 253, 254, 255, 256, 70000,
	    50015922, 4294967295u };
	struct vg_pwdb_build_stats st;
	struct vg_pwdb_range rg;
	struct vg_pwdb *db;
	struct warns w;
	struct vg_diag d;
	const char *dir = vg_test_tmpdir();
	uint8_t h[VG_PWDB_HASH_MAX];
	char text[1024];
	size_t i, n = 0;
	uint32_t c;

	for (i = 0; i < VG_ARRAY_LEN(counts); i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s:%u\n",
		    sha(7, i), counts[i]);
	vg_test_write(path(dir, "c.txt"), text);
	ASSERT_INT_EQ(build(path(dir, "c.idx"), VG_PWDB_ANY, &w, &st, &d,
	    path(dir, "c.txt"), NULL, NULL, NULL), 0);
	ASSERT_UINT_EQ(st.bs_overflow, 5);
	db = open_ok(path(dir, "c.idx"));
	ASSERT_INT_EQ(vg_pwdb_verify(db, &d), 0);
	ASSERT_INT_EQ(vg_pwdb_range(db, 7, &rg), 0);
	ASSERT_UINT_EQ(rg.rg_count, VG_ARRAY_LEN(counts));
	for (i = 0; i < VG_ARRAY_LEN(counts); i++) {
		ASSERT_UINT_EQ(count_of(db, sha(7, i)), counts[i]);
		ASSERT_INT_EQ(vg_pwdb_range_entry(&rg, i, h, &c), 0);
		ASSERT_UINT_EQ(c, counts[i]);
	}
	/* 4194372 bytes of table, 19 a record, 8 an overflow count. */
	ASSERT_UINT_EQ(vg_pwdb_size(db), 4194372 + 8 * 19 + 5 * 8);
	ASSERT_UINT_EQ(st.bs_bytes, vg_pwdb_size(db));
	vg_pwdb_close(db);
	vg_test_rmtree(dir);
}

VG_TEST(pwdb_build_range_dir_names)
{
	struct vg_pwdb *db;
	struct warns w;
	struct vg_diag d;
	const char *dir = vg_test_tmpdir();
	char text[256];

	ASSERT_INT_EQ(mkdir(path(dir, "r"), 0700), 0);
	snprintf(text, sizeof(text), "%s:2", sha(0xfffff, 1) + 5);
	vg_test_write(path(dir, "r/FFFFF.txt"), text);
	snprintf(text, sizeof(text), "%s:3\n", sha(0xa, 1) + 5);
	vg_test_write(path(dir, "r/0000a"), text);
	vg_test_write(path(dir, "r/README"), "not a range\n");
	vg_test_write(path(dir, "r/.hidden"), "ignored silently\n");
	ASSERT_INT_EQ(build(path(dir, "r.idx"), VG_PWDB_ANY, &w, NULL, &d,
	    path(dir, "r"), NULL, NULL, NULL), 0);
	ASSERT_UINT_EQ(w.n, 1);
	ASSERT_STR_EQ(w.msg[0], "README: not a range file name (00000.txt "
	    "to FFFFF.txt), ignored");
	db = open_ok(path(dir, "r.idx"));
	ASSERT_UINT_EQ(count_of(db, sha(0xfffff, 1)), 2);
	ASSERT_UINT_EQ(count_of(db, sha(0xa, 1)), 3);
	vg_pwdb_close(db);

	/* A single range file given as a file is read as one. */
	ASSERT_INT_EQ(build(path(dir, "one.idx"), VG_PWDB_ANY, &w, NULL, &d,
	    path(dir, "r/FFFFF.txt"), NULL, NULL, NULL), 0);
	db = open_ok(path(dir, "one.idx"));
	ASSERT_UINT_EQ(vg_pwdb_count(db), 1);
	ASSERT_UINT_EQ(count_of(db, sha(0xfffff, 1)), 2);
	vg_pwdb_close(db);

	/* Two files of one prefix. */
	vg_test_write(path(dir, "r/0000A.txt"), text);
	ASSERT_INT_EQ(build(path(dir, "r.idx"), VG_PWDB_ANY, &w, NULL, &d,
	    path(dir, "r"), NULL, NULL, NULL), VG_ERR_PARSE);
	ASSERT_STR_EQ(d.src, path(dir, "r"));
	ASSERT_TRUE(strstr(d.msg, "hold prefix 0000A") != NULL);
	/* No range file at all. */
	ASSERT_INT_EQ(mkdir(path(dir, "empty"), 0700), 0);
	ASSERT_INT_EQ(build(path(dir, "r.idx"), VG_PWDB_ANY, &w, NULL, &d,
	    path(dir, "empty"), NULL, NULL, NULL), VG_ERR_PARSE);
	/* A missing source. */
	ASSERT_INT_EQ(build(path(dir, "r.idx"), VG_PWDB_ANY, &w, NULL, &d,
	    path(dir, "nope"), NULL, NULL, NULL), VG_ERR_IO);
	ASSERT_STR_EQ(d.src, path(dir, "nope"));
	/* The old index survives a failed build. */
	db = open_ok(path(dir, "r.idx"));
	ASSERT_UINT_EQ(vg_pwdb_count(db), 2);
	vg_pwdb_close(db);
	vg_test_rmtree(dir);
}

/* The parser on a buffer, as the fuzzer drives it. */
struct got {
	unsigned	n;
	uint8_t		hash[4][VG_PWDB_HASH_MAX];
	uint32_t	count[4];
};

static int
got_entry(void *arg, const uint8_t *hash, size_t len, uint32_t count)
{
	struct got *g = arg;

	ASSERT_TRUE(g->n < 4);
	memcpy(g->hash[g->n], hash, len);
	g->count[g->n++] = count;
	return 0;
}

VG_TEST(pwdb_source_parse)
{
	static const char range[] = "0005AD76BD555C1D6D771DE417A4B87E4B4:10\r\n"
	    "000A8DAE4228F821FB418F59826079BF368:4\n"
	    "000dd7f2a1c68a35673713783ca390c9e93:876";
	struct warns w;
	struct vg_diag d;
	struct got g;
	enum vg_pwdb_kind kind = VG_PWDB_ANY;
	char hex[41], text[256];

	memset(&g, 0, sizeof(g));
	ASSERT_INT_EQ(vg_pwdb_source_parse("00000.txt", range, strlen(range),
	    VG_PWDB_SRC_RANGE, 0, &kind, got_entry, &g, collect, &w, &d), 0);
	ASSERT_INT_EQ(kind, VG_PWDB_SHA1);
	ASSERT_UINT_EQ(g.n, 3);
	vg_pwdb_hash_format(g.hash[0], 20, hex);
	ASSERT_STR_EQ(hex, "000000005AD76BD555C1D6D771DE417A4B87E4B4");
	vg_pwdb_hash_format(g.hash[2], 20, hex);
	ASSERT_STR_EQ(hex, "00000000DD7F2A1C68A35673713783CA390C9E93");
	ASSERT_UINT_EQ(g.count[2], 876);
	/* The same lines under another prefix. */
	memset(&g, 0, sizeof(g));
	ASSERT_INT_EQ(vg_pwdb_source_parse("ABCDE", range, strlen(range),
	    VG_PWDB_SRC_RANGE, 0xabcde, &kind, got_entry, &g, NULL, NULL, &d),
	    0);
	vg_pwdb_hash_format(g.hash[1], 20, hex);
	ASSERT_STR_EQ(hex, "ABCDE000A8DAE4228F821FB418F59826079BF368");
	/* Kind expected: NTLM lines are refused. */
	kind = VG_PWDB_SHA1;
	snprintf(text, sizeof(text), "%s:1\n", ntlm(1, 1));
	ASSERT_INT_EQ(vg_pwdb_source_parse("x", text, strlen(text),
	    VG_PWDB_SRC_HASHES, 0, &kind, got_entry, &g, NULL, NULL, &d),
	    VG_ERR_PARSE);
	ASSERT_UINT_EQ(d.line, 1);
	/* Passwords: each line hashed, in order, count 1. */
	memset(&g, 0, sizeof(g));
	kind = VG_PWDB_NTLM;
	ASSERT_INT_EQ(vg_pwdb_source_parse("l", "password\r\n\nx", 12,
	    VG_PWDB_SRC_PASSWORDS, 0, &kind, got_entry, &g, NULL, NULL, &d),
	    0);
	ASSERT_UINT_EQ(g.n, 2);
	vg_pwdb_hash_format(g.hash[0], 16, hex);
	ASSERT_STR_EQ(hex, "8846F7EAEE8FB117AD06BDD830B7586C");
	ASSERT_INT_EQ(vg_pwdb_source_parse("x", "", 0, VG_PWDB_SRC_RANGE,
	    VG_PWDB_PREFIXES, &kind, got_entry, &g, NULL, NULL, &d),
	    VG_ERR_INVAL);
}

/* ------------------------------------------------- corrupt indexes */

/* A valid little index with overflow counts, as bytes. */
static uint8_t *
small_index(const char *dir, size_t *lenp)
{
	struct warns w;
	struct vg_diag d;
	char text[1024];
	size_t n = 0, len;
	unsigned i;
	char *buf;

	for (i = 0; i < 6; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s:%u\n",
		    sha(i * 3, i), i % 2 ? 1000 + i : i + 1);
	vg_test_write(path(dir, "src.txt"), text);
	ASSERT_INT_EQ(build(path(dir, "ok.idx"), VG_PWDB_ANY, &w, NULL, &d,
	    path(dir, "src.txt"), NULL, NULL, NULL), 0);
	buf = vg_test_read(path(dir, "ok.idx"), &len);
	*lenp = len;
	return (uint8_t *)buf;
}

/* Write `len' bytes of `img' with one byte set at `off', and open it. */
static int
open_image(const char *dir, const uint8_t *img, size_t len, struct vg_diag *d)
{
	struct vg_pwdb *db = NULL;
	int r;

	write_bytes(path(dir, "bad.idx"), img, len);
	r = vg_pwdb_open(path(dir, "bad.idx"), &db, d);
	if (r == 0)
		vg_pwdb_close(db);
	else
		ASSERT_PTR_EQ(db, NULL);
	return r;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

#define TABLE(i)	(64 + 4 * (size_t)(i))
#define RECS		TABLE(VG_PWDB_PREFIXES + 1)

VG_TEST(pwdb_open_refuses_corrupt)
{
	const char *dir = vg_test_tmpdir();
	struct vg_pwdb *db;
	struct vg_diag d;
	uint8_t *img, *bad;
	size_t len, i;
	static const size_t cuts[] = { 0, 8, 63, 64, 65, RECS - 1, RECS };

	img = small_index(dir, &len);
	ASSERT_PTR_NE(bad = malloc(len + 1), NULL);
	ASSERT_INT_EQ(open_image(dir, img, len, &d), 0);

	/* Truncated anywhere, or one byte longer. */
	for (i = 0; i < VG_ARRAY_LEN(cuts); i++)
		ASSERT_INT_EQ(open_image(dir, img, cuts[i], &d),
		    VG_ERR_FORMAT);
	ASSERT_INT_EQ(open_image(dir, img, len - 1, &d), VG_ERR_FORMAT);
	ASSERT_TRUE(strstr(d.msg, "truncated") != NULL);
	memcpy(bad, img, len);
	bad[len] = 0;
	ASSERT_INT_EQ(open_image(dir, bad, len + 1, &d), VG_ERR_FORMAT);

#define CORRUPT(off, v, text) do {					\
	memcpy(bad, img, len);						\
	put32(bad + (off), (v));					\
	ASSERT_INT_EQ(open_image(dir, bad, len, &d), VG_ERR_FORMAT);	\
	if (strstr(d.msg, (text)) == NULL)				\
		vg_test_fail(__FILE__, __LINE__, "message \"%s\" lacks "\
		    "\"%s\"", d.msg, (text));				\
} while (0)
	CORRUPT(0, 0x4e47504a, "magic");
	CORRUPT(8, 2, "version");
	CORRUPT(12, 3, "kind");
	CORRUPT(12, 2, "record size");	/* NTLM, SHA-1 records */
	CORRUPT(16, 15, "record size");
	CORRUPT(20, 32, "header size");
	CORRUPT(56, 2, "flags");
	CORRUPT(60, 1, "flags");
	CORRUPT(24, 7, "size does not match");		/* entries */
	CORRUPT(28, 1, "limit");			/* 2^32 + 6 */
	CORRUPT(32, 7, "overflow counts for");	/* > entries */
	CORRUPT(32, 2, "size does not match");	/* overflow */
	CORRUPT(40, (uint32_t)len + 19, "header says");
	/* The prefix table: start, order, end. */
	CORRUPT(TABLE(0), 1, "does not start at 0");
	CORRUPT(TABLE(4), 5, "decreases");
	CORRUPT(TABLE(VG_PWDB_PREFIXES), 7, "ends at 7");
	CORRUPT(TABLE(100), 0xffffffff, "decreases");
	/* The overflow table: entry numbers in order, counts above 254. */
	CORRUPT(len - 16, 5, "out of order");
	CORRUPT(len - 8, 9, "out of order");
	CORRUPT(len - 4, 254, "fits inline");
#undef CORRUPT

	/* Not a regular file; missing. */
	ASSERT_INT_EQ(vg_pwdb_open(dir, &db, &d), VG_ERR_IO);
	ASSERT_PTR_EQ(db, NULL);
	ASSERT_INT_EQ(vg_pwdb_open(path(dir, "none"), &db, &d), VG_ERR_IO);
	ASSERT_STR_EQ(d.src, path(dir, "none"));
	free(bad);
	free(img);
	vg_test_rmtree(dir);
}

/*
 * Damaged records pass the open (it does not read them all) but never
 * lead outside the file: lookups and ranges answer or say VG_ERR_FORMAT,
 * and vg_pwdb_verify() finds the damage.
 */
VG_TEST(pwdb_verify_finds_damaged_records)
{
	const char *dir = vg_test_tmpdir();
	struct vg_pwdb_range rg;
	struct vg_pwdb *db;
	struct vg_diag d;
	uint8_t *img, *bad, h[VG_PWDB_HASH_MAX];
	char body[256];
	size_t len, blen;
	uint32_t c;
	unsigned i;

	img = small_index(dir, &len);
	ASSERT_PTR_NE(bad = malloc(len), NULL);

#define DAMAGE(stmt, text) do {						\
	memcpy(bad, img, len);						\
	stmt;								\
	ASSERT_INT_EQ(open_image(dir, bad, len, &d), 0);		\
	db = open_ok(path(dir, "bad.idx"));				\
	ASSERT_INT_EQ(vg_pwdb_verify(db, &d), VG_ERR_FORMAT);		\
	if (strstr(d.msg, (text)) == NULL)				\
		vg_test_fail(__FILE__, __LINE__, "message \"%s\" lacks "\
		    "\"%s\"", d.msg, (text));				\
	for (i = 0; i < 6; i++) {					\
		(void)count_of_any(db, sha(i * 3, i));			\
		ASSERT_INT_EQ(vg_pwdb_range(db, i * 3, &rg), 0);	\
		(void)vg_pwdb_range_format(&rg, body, sizeof(body),	\
		    &blen);						\
		(void)vg_pwdb_range_entry(&rg, 0, h, &c);		\
	}								\
	vg_pwdb_close(db);						\
} while (0)
	/* Record 0 (count 1) with count byte 0, then 255 without entry. */
	DAMAGE(bad[RECS + 18] = 0, "count 0");
	DAMAGE(bad[RECS + 18] = 255, "overflow count missing");
	/*
	 * Record 1 (count 1001) with an inline count: record 3's overflow
	 * count is then out of step; record 5's (the last) is unused.
	 */
	DAMAGE(bad[RECS + 19 + 18] = 7, "entry 3: overflow count missing");
	DAMAGE(bad[RECS + 5 * 19 + 18] = 7, "1 overflow counts of no entry");
	/* A prefix bit set in record 2. */
	DAMAGE(bad[RECS + 2 * 19] |= 0x10, "prefix bits set");
	/*
	 * Out of order: bucket 0 takes record 1 as well, and record 0 is
	 * made larger than it.
	 */
	DAMAGE((put32(bad + TABLE(1), 2), put32(bad + TABLE(2), 2),
	    put32(bad + TABLE(3), 2), bad[RECS] = 0x0f, bad[RECS + 1] = 0xff),
	    "entry 1: not above");
#undef DAMAGE
	/* The intact index verifies. */
	ASSERT_INT_EQ(open_image(dir, img, len, &d), 0);
	db = open_ok(path(dir, "bad.idx"));
	ASSERT_INT_EQ(vg_pwdb_verify(db, &d), 0);
	vg_pwdb_close(db);
	free(bad);
	free(img);
	vg_test_rmtree(dir);
}
