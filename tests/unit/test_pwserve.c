/*
 * Unit tests of pwserve: the HIBP range endpoint's request to response
 * function.  The known answers are the real range files of
 * ../shared/data/creds/hibp-range (captured from api.pwnedpasswords.com,
 * SOURCES.md there): an index built from them must give each file back
 * byte for byte, and padded answers must hold exactly the file's lines
 * plus count-0 lines that are not in it.  A small index written here
 * covers the routing, so something runs without the shared data.
 */
#include "vg_test.h"
#include "pwdb.h"
#include "pwserve.h"

#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------ helpers */

static const char *
path(const char *dir, const char *name)
{
	static char buf[2][256];
	static int i;

	i = (i + 1) % 2;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, name);
	return buf[i];
}

static struct vg_pwdb *
build_open(const char *out, const char *src)
{
	struct vg_pwdb_src s = { src, false };
	struct vg_pwdb *db;
	struct vg_diag d;

	if (vg_pwdb_build(out, &s, 1, VG_PWDB_ANY, NULL, NULL, NULL, &d) != 0)
		vg_test_fail(__FILE__, __LINE__, "build %s: %s", src, d.msg);
	if (vg_pwdb_open(out, &db, &d) != 0)
		vg_test_fail(__FILE__, __LINE__, "open %s: %s", out, d.msg);
	return db;
}

/* Ask `ix'; NULL mode or padding means absent. */
static int
ask(const struct vg_pwserve_index *ix, const char *method, const char *p,
    const char *mode, const char *padding, struct vg_pwserve_resp *rs)
{
	struct vg_pwserve_req rq = {
		method, strlen(method), p, strlen(p),
		mode, mode != NULL ? strlen(mode) : 0,
		padding, padding != NULL ? strlen(padding) : 0,
	};

	return vg_pwserve_respond(ix, &rq, rs);
}

/* The body as a C string (the tests' bodies hold no NUL). */
static char *
body_dup(const struct vg_pwserve_resp *rs)
{
	char *s;

	ASSERT_PTR_NE(s = malloc(rs->rs_len + 1), NULL);
	memcpy(s, rs->rs_body, rs->rs_len);
	s[rs->rs_len] = '\0';
	return s;
}

static bool
is_upper_hex(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') ||
		    (p[i] >= 'A' && p[i] <= 'F')))
			return false;
	return true;
}

/*
 * Check a padded body against the unpadded one `plain' (n lines): every
 * line SUFFIX:COUNT with `digits' upper-case hex digits, suffixes
 * strictly increasing, CRLF between lines and none after the last; the
 * lines with a count other than 0 are exactly plain's, in order; a
 * count-0 suffix is none of plain's (they are distinct from them by the
 * strict order).  Returns the number of lines.
 */
static size_t
check_padded(const char *body, size_t len, const char *plain,
    size_t plain_len, size_t digits)
{
	const char *p = body, *end = body + len, *eol, *colon;
	const char *q = plain, *qend = plain + plain_len;
	char prev[VG_PWDB_SUFFIX_HEX_MAX + 1] = "";
	size_t lines = 0, n;

	ASSERT_TRUE(len > 0);
	ASSERT_TRUE(len < 2 || memcmp(end - 2, "\r\n", 2) != 0);
	while (p < end) {
		eol = memchr(p, '\r', (size_t)(end - p));
		n = eol != NULL ? (size_t)(eol - p) : (size_t)(end - p);
		ASSERT_TRUE(n > digits + 1);
		ASSERT_TRUE(is_upper_hex(p, digits));
		colon = p + digits;
		ASSERT_TRUE(*colon == ':');
		ASSERT_TRUE(n - digits - 1 <= 10);
		ASSERT_TRUE(strspn(colon + 1, "0123456789") >= n - digits - 1);
		if (lines > 0)
			ASSERT_TRUE(memcmp(prev, p, digits) < 0);
		memcpy(prev, p, digits);
		if (!(n == digits + 2 && colon[1] == '0')) {
			/* A real line: the next of the plain body. */
			ASSERT_TRUE(q < qend);
			ASSERT_TRUE(memcmp(q, p, n) == 0);
			q += n;
			ASSERT_TRUE(q == qend || memcmp(q, "\r\n", 2) == 0);
			if (q < qend)
				q += 2;
		}
		lines++;
		if (eol == NULL)
			break;
		ASSERT_TRUE(eol + 1 < end && eol[1] == '\n');
		p = eol + 2;
		ASSERT_TRUE(p < end);
	}
	ASSERT_TRUE(q == qend);
	return lines;
}

static size_t
count_lines(const char *buf, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += buf[i] == '\n';
	return n + (len > 0 && buf[len - 1] != '\n');
}

/* ------------------------------------------- the real range files */

static void
real_ranges(const char *type)
{
	struct vg_pwserve_index ix = { NULL, NULL };
	struct vg_pwserve_resp rs;
	struct vg_pwdb *db;
	char rel[64], file_path[512], p[32], lower[32], *rdir, *file, *body;
	const char *dir, *mode;
	size_t len, n, lines, digits;
	unsigned prefix, round;
	bool ntlm = strcmp(type, "ntlm") == 0;

	snprintf(rel, sizeof(rel), "creds/hibp-range/%s", type);
	if (vg_test_shared(rel) == NULL)
		VG_SKIP("../shared/data/creds is absent");
	ASSERT_PTR_NE(rdir = strdup(vg_test_shared(rel)), NULL);
	ASSERT_INT_EQ(sodium_init() >= 0, 1);
	dir = vg_test_tmpdir();
	db = build_open(path(dir, "r.idx"), rdir);
	if (ntlm)
		ix.pi_ntlm = db;
	else
		ix.pi_sha1 = db;
	mode = ntlm ? "ntlm" : NULL;
	digits = ntlm ? 27 : 35;

	for (prefix = 0; prefix < 16; prefix++) {
		snprintf(file_path, sizeof(file_path), "%s/%05X.txt", rdir,
		    prefix);
		file = vg_test_read(file_path, &len);
		n = count_lines(file, len);
		snprintf(p, sizeof(p), "/range/%05X", prefix);
		snprintf(lower, sizeof(lower), "/range/%05x", prefix);

		/* Unpadded: the file, byte for byte, as HIBP serves it. */
		ASSERT_INT_EQ(ask(&ix, "GET", p, mode, NULL, &rs), 0);
		ASSERT_UINT_EQ(rs.rs_status, 200);
		ASSERT_STR_EQ(rs.rs_type, "text/plain");
		ASSERT_STR_EQ(rs.rs_cache, "public, max-age=2678400");
		ASSERT_UINT_EQ(rs.rs_len, len);
		ASSERT_TRUE(memcmp(rs.rs_body, file, len) == 0);
		vg_pwserve_resp_cleanup(&rs);
		/* "false" or any other value is no padding. */
		ASSERT_INT_EQ(ask(&ix, "HEAD", p, mode, "false", &rs), 0);
		ASSERT_UINT_EQ(rs.rs_status, 200);
		ASSERT_UINT_EQ(rs.rs_len, len);
		ASSERT_TRUE(memcmp(rs.rs_body, file, len) == 0);
		vg_pwserve_resp_cleanup(&rs);

		/* Lower-case prefix (0000a to 0000f): the same range. */
		ASSERT_INT_EQ(ask(&ix, "GET", lower, ntlm ? "NTLM" : "sha1",
		    NULL, &rs), 0);
		ASSERT_UINT_EQ(rs.rs_status, 200);
		ASSERT_UINT_EQ(rs.rs_len, len);
		ASSERT_TRUE(memcmp(rs.rs_body, file, len) == 0);
		vg_pwserve_resp_cleanup(&rs);

		/* Padded, a few times over (the padding is random). */
		for (round = 0; round < 4; round++) {
			ASSERT_INT_EQ(ask(&ix, "GET", p, mode,
			    round % 2 ? "True" : "true", &rs), 0);
			ASSERT_UINT_EQ(rs.rs_status, 200);
			body = body_dup(&rs);
			lines = check_padded(body, rs.rs_len, file, len,
			    digits);
			if (n < VG_PWSERVE_PAD_MAX) {
				ASSERT_TRUE(lines >= VG_PWSERVE_PAD_MIN);
				ASSERT_TRUE(lines <= VG_PWSERVE_PAD_MAX);
			} else
				ASSERT_UINT_EQ(lines, n);
			ASSERT_TRUE(lines >= n);
			free(body);
			vg_pwserve_resp_cleanup(&rs);
		}

		/* The other mode has no index here. */
		ASSERT_INT_EQ(ask(&ix, "GET", p, ntlm ? NULL : "ntlm", NULL,
		    &rs), 0);
		ASSERT_UINT_EQ(rs.rs_status, 400);
		ASSERT_STR_EQ(rs.rs_cache, "no-store");
		vg_pwserve_resp_cleanup(&rs);
		free(file);
	}
	vg_pwdb_close(db);
	free(rdir);
	vg_test_rmtree(dir);
}

VG_TEST(pwserve_real_ranges_sha1)
{
	real_ranges("sha1");
}

VG_TEST(pwserve_real_ranges_ntlm)
{
	real_ranges("ntlm");
}

/* ---------------------------------------- a small index made here */

/* Sorted HASH:COUNT lines of a few passwords' hashes, to `p'. */
static void
write_hashes(const char *p, enum vg_pwdb_kind kind)
{
	static const char *const pws[] = { "password", "hunter2", "letmein",
	    "123456", "qwerty" };
	char lines[VG_ARRAY_LEN(pws)][64], tmpl[64];
	uint8_t h[VG_PWDB_HASH_MAX];
	char hex[2 * VG_PWDB_HASH_MAX + 1];
	size_t i, j, hl = vg_pwdb_kind_hashlen(kind);
	FILE *fp;

	for (i = 0; i < VG_ARRAY_LEN(pws); i++) {
		ASSERT_INT_EQ(vg_pwdb_hash_password(kind, pws[i],
		    strlen(pws[i]), h), 0);
		vg_pwdb_hash_format(h, hl, hex);
		snprintf(lines[i], sizeof(lines[i]), "%s:%zu", hex, 10 * i + 1);
	}
	for (i = 1; i < VG_ARRAY_LEN(pws); i++)
		for (j = i; j > 0 && strcmp(lines[j - 1], lines[j]) > 0; j--) {
			memcpy(tmpl, lines[j], sizeof(tmpl));
			memcpy(lines[j], lines[j - 1], sizeof(tmpl));
			memcpy(lines[j - 1], tmpl, sizeof(tmpl));
		}
	ASSERT_PTR_NE(fp = fopen(p, "w"), NULL);
	for (i = 0; i < VG_ARRAY_LEN(pws); i++)
		fprintf(fp, "%s\r\n", lines[i]);
	ASSERT_INT_EQ(fclose(fp), 0);
}

VG_TEST(pwserve_routes)
{
	static const char *const bad_prefix[] = {
		"/range/", "/range/0000", "/range/000000", "/range/5BAAG",
		"/range/../00", "/range/5BAA6/", "/range/5BAA6?", "/range/ 5BAA",
		"/range/%35BAA", "/range/5baa61e4c9", "/range//5BAA6",
	};
	static const char *const not_found[] = {
		"/", "", "/range", "/Range/5BAA6", "/rangE/5BAA6",
		"/api/range/5BAA6", "/range5BAA6", "//range/5BAA6",
		"range/5BAA6",
	};
	struct vg_pwserve_index ix = { NULL, NULL };
	struct vg_pwserve_resp rs;
	struct vg_pwserve_req rq;
	struct vg_pwdb *sha1, *ntlm;
	const char *dir;
	char *body;
	size_t i, lines;

	ASSERT_INT_EQ(sodium_init() >= 0, 1);
	dir = vg_test_tmpdir();
	write_hashes(path(dir, "sha1.txt"), VG_PWDB_SHA1);
	write_hashes(path(dir, "ntlm.txt"), VG_PWDB_NTLM);
	sha1 = build_open(path(dir, "sha1.idx"), path(dir, "sha1.txt"));
	ntlm = build_open(path(dir, "ntlm.idx"), path(dir, "ntlm.txt"));
	ix.pi_sha1 = sha1;

	/* SHA-1 of "password" is 5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8. */
	ASSERT_INT_EQ(ask(&ix, "GET", "/range/5BAA6", NULL, NULL, &rs), 0);
	ASSERT_UINT_EQ(rs.rs_status, 200);
	body = body_dup(&rs);
	ASSERT_STR_EQ(body, "1E4C9B93F3F0682250B6CF8331B7EE68FD8:1");
	ASSERT_TRUE(rs.rs_vary);
	ASSERT_PTR_EQ(rs.rs_allow, NULL);
	free(body);
	vg_pwserve_resp_cleanup(&rs);
	ASSERT_INT_EQ(ask(&ix, "GET", "/range/5baa6", "SHA1", NULL, &rs), 0);
	body = body_dup(&rs);
	ASSERT_STR_EQ(body, "1E4C9B93F3F0682250B6CF8331B7EE68FD8:1");
	free(body);
	vg_pwserve_resp_cleanup(&rs);

	/* An empty range is an empty body, or all padding. */
	ASSERT_INT_EQ(ask(&ix, "GET", "/range/00000", NULL, NULL, &rs), 0);
	ASSERT_UINT_EQ(rs.rs_status, 200);
	ASSERT_UINT_EQ(rs.rs_len, 0);
	vg_pwserve_resp_cleanup(&rs);
	ASSERT_INT_EQ(ask(&ix, "GET", "/range/FFFFF", NULL, "true", &rs), 0);
	body = body_dup(&rs);
	lines = check_padded(body, rs.rs_len, "", 0, 35);
	ASSERT_TRUE(lines >= 800 && lines <= 1000);
	free(body);
	vg_pwserve_resp_cleanup(&rs);
	/* Padding around the one real line keeps it, in its place. */
	ASSERT_INT_EQ(ask(&ix, "GET", "/range/5BAA6", NULL, "TRUE", &rs), 0);
	body = body_dup(&rs);
	lines = check_padded(body, rs.rs_len,
	    "1E4C9B93F3F0682250B6CF8331B7EE68FD8:1", 37, 35);
	ASSERT_TRUE(lines >= 800 && lines <= 1000);
	ASSERT_PTR_NE(strstr(body, "1E4C9B93F3F0682250B6CF8331B7EE68FD8:1"),
	    NULL);
	free(body);
	vg_pwserve_resp_cleanup(&rs);
	/* Not quite "true": no padding. */
	ASSERT_INT_EQ(ask(&ix, "GET", "/range/5BAA6", NULL, "true ", &rs), 0);
	ASSERT_UINT_EQ(rs.rs_len, 37);
	vg_pwserve_resp_cleanup(&rs);
	ASSERT_INT_EQ(ask(&ix, "GET", "/range/5BAA6", NULL, "1", &rs), 0);
	ASSERT_UINT_EQ(rs.rs_len, 37);
	vg_pwserve_resp_cleanup(&rs);

	/* Bad prefixes: 400, a short text, not cached. */
	for (i = 0; i < VG_ARRAY_LEN(bad_prefix); i++) {
		ASSERT_INT_EQ(ask(&ix, "GET", bad_prefix[i], NULL, NULL, &rs),
		    0);
		if (rs.rs_status != 400)
			vg_test_fail(__FILE__, __LINE__, "%s: status %u",
			    bad_prefix[i], rs.rs_status);
		ASSERT_STR_EQ(rs.rs_type, "text/plain");
		ASSERT_STR_EQ(rs.rs_cache, "no-store");
		ASSERT_TRUE(rs.rs_len > 0 && rs.rs_len < 80);
		vg_pwserve_resp_cleanup(&rs);
	}
	/* A NUL inside the prefix (a %00 decoded by the HTTP layer). */
	memset(&rq, 0, sizeof(rq));
	rq.rq_method = "GET";
	rq.rq_method_len = 3;
	rq.rq_path = "/range/5BA\0" "6";
	rq.rq_path_len = 12;
	ASSERT_INT_EQ(vg_pwserve_respond(&ix, &rq, &rs), 0);
	ASSERT_UINT_EQ(rs.rs_status, 400);
	vg_pwserve_resp_cleanup(&rs);
	/* Other paths: 404. */
	for (i = 0; i < VG_ARRAY_LEN(not_found); i++) {
		ASSERT_INT_EQ(ask(&ix, "GET", not_found[i], NULL, NULL, &rs),
		    0);
		if (rs.rs_status != 404)
			vg_test_fail(__FILE__, __LINE__, "%s: status %u",
			    not_found[i], rs.rs_status);
		vg_pwserve_resp_cleanup(&rs);
	}
	rq.rq_path = NULL;
	rq.rq_path_len = 0;
	ASSERT_INT_EQ(vg_pwserve_respond(&ix, &rq, &rs), 0);
	ASSERT_UINT_EQ(rs.rs_status, 404);
	vg_pwserve_resp_cleanup(&rs);

	/* Methods: GET and HEAD only, with an Allow header. */
	ASSERT_INT_EQ(ask(&ix, "HEAD", "/range/5BAA6", NULL, NULL, &rs), 0);
	ASSERT_UINT_EQ(rs.rs_status, 200);
	ASSERT_UINT_EQ(rs.rs_len, 37);
	vg_pwserve_resp_cleanup(&rs);
	ASSERT_INT_EQ(ask(&ix, "POST", "/range/5BAA6", NULL, NULL, &rs), 0);
	ASSERT_UINT_EQ(rs.rs_status, 405);
	ASSERT_STR_EQ(rs.rs_allow, "GET, HEAD");
	vg_pwserve_resp_cleanup(&rs);
	ASSERT_INT_EQ(ask(&ix, "get", "/range/5BAA6", NULL, NULL, &rs), 0);
	ASSERT_UINT_EQ(rs.rs_status, 405);
	vg_pwserve_resp_cleanup(&rs);
	ASSERT_INT_EQ(ask(&ix, "OPTIONS", "/range/zzz", NULL, NULL, &rs), 0);
	ASSERT_UINT_EQ(rs.rs_status, 405);
	vg_pwserve_resp_cleanup(&rs);
	ASSERT_INT_EQ(ask(&ix, "DELETE", "/other", NULL, NULL, &rs), 0);
	ASSERT_UINT_EQ(rs.rs_status, 404);
	vg_pwserve_resp_cleanup(&rs);

	/* Modes: sha1 or ntlm, and only for an index the server has. */
	ASSERT_INT_EQ(ask(&ix, "GET", "/range/5BAA6", "ntlm", NULL, &rs), 0);
	ASSERT_UINT_EQ(rs.rs_status, 400);
	vg_pwserve_resp_cleanup(&rs);
	ASSERT_INT_EQ(ask(&ix, "GET", "/range/5BAA6", "", NULL, &rs), 0);
	ASSERT_UINT_EQ(rs.rs_status, 400);
	vg_pwserve_resp_cleanup(&rs);
	ASSERT_INT_EQ(ask(&ix, "GET", "/range/5BAA6", "md5", NULL, &rs), 0);
	ASSERT_UINT_EQ(rs.rs_status, 400);
	vg_pwserve_resp_cleanup(&rs);

	/* Both kinds: NTLM of "password" is 8846F7EAEE8FB117AD06BDD830B7586C. */
	ix.pi_ntlm = ntlm;
	ASSERT_INT_EQ(ask(&ix, "GET", "/range/8846F", "ntlm", NULL, &rs), 0);
	ASSERT_UINT_EQ(rs.rs_status, 200);
	body = body_dup(&rs);
	ASSERT_STR_EQ(body, "7EAEE8FB117AD06BDD830B7586C:1");
	free(body);
	vg_pwserve_resp_cleanup(&rs);
	ASSERT_INT_EQ(ask(&ix, "GET", "/range/8846F", NULL, NULL, &rs), 0);
	ASSERT_UINT_EQ(rs.rs_status, 200);
	ASSERT_UINT_EQ(rs.rs_len, 0);
	vg_pwserve_resp_cleanup(&rs);
	ASSERT_INT_EQ(ask(&ix, "GET", "/range/8846f", "ntlm", "true", &rs), 0);
	body = body_dup(&rs);
	lines = check_padded(body, rs.rs_len, "7EAEE8FB117AD06BDD830B7586C:1",
	    29, 27);
	ASSERT_TRUE(lines >= 800 && lines <= 1000);
	free(body);
	vg_pwserve_resp_cleanup(&rs);
	/* Only NTLM: a request without a mode is refused. */
	ix.pi_sha1 = NULL;
	ASSERT_INT_EQ(ask(&ix, "GET", "/range/5BAA6", NULL, NULL, &rs), 0);
	ASSERT_UINT_EQ(rs.rs_status, 400);
	vg_pwserve_resp_cleanup(&rs);
	/* Cleanup of a cleared response is a no-op. */
	vg_pwserve_resp_cleanup(&rs);

	vg_pwdb_close(sha1);
	vg_pwdb_close(ntlm);
	vg_test_rmtree(dir);
}

/* The listener: ADDR:PORT forms, port 0, and refusals. */
VG_TEST(pwserve_listen)
{
	static const char *const bad[] = {
		"127.0.0.1", "127.0.0.1:", ":8420", "localhost:8420",
		"127.0.0.1:65536", "127.0.0.1:84x0", "[::1]8420", "::1:8420",
		"[::1]:", "127.0.0.1:123456", "1.2.3:80",
	};
	struct vg_diag d;
	char bound[80];
	size_t i;
	int fd;

	ASSERT_INT_EQ(vg_pwserve_listen("127.0.0.1:0", &fd, bound,
	    sizeof(bound), &d), 0);
	ASSERT_TRUE(fd >= 0);
	ASSERT_TRUE(strncmp(bound, "127.0.0.1:", 10) == 0);
	ASSERT_TRUE(strcmp(bound, "127.0.0.1:0") != 0);
	ASSERT_INT_EQ(close(fd), 0);
	for (i = 0; i < VG_ARRAY_LEN(bad); i++) {
		if (vg_pwserve_listen(bad[i], &fd, bound, sizeof(bound),
		    &d) != VG_ERR_PARSE)
			vg_test_fail(__FILE__, __LINE__, "%s accepted", bad[i]);
		ASSERT_INT_EQ(fd, -1);
		ASSERT_TRUE(d.msg[0] != '\0');
	}
	/* An address this host does not have cannot be bound. */
	ASSERT_INT_EQ(vg_pwserve_listen("192.0.2.1:0", &fd, NULL, 0, &d),
	    VG_ERR_SYSTEM);
	ASSERT_INT_EQ(fd, -1);
	ASSERT_PTR_NE(strstr(d.msg, "192.0.2.1:0"), NULL);
}
