/*
 * fuzz_pwserve.c -- hostile requests through vg_pwserve_respond(), the
 * HIBP range endpoint, against a tiny SHA-1 index and a tiny NTLM index
 * built once at start-up.
 *
 * Input layout: byte 0 is flags (bit 0: a mode is given, bit 1: an
 * Add-Padding header is given, bit 2: the server has no SHA-1 index, bit
 * 3: no NTLM index); bytes 1 to 3 are the lengths of the method, the mode
 * and the header value, which follow in that order; the rest is the path.
 * Every field may hold any byte, NUL included, as a decoded URL may.
 *
 * Beyond crashes and leaks the harness aborts when an answer breaks a
 * promise: a status other than 200, 400, 404 and 405, an error from a
 * sound index, a 200 body that is not SUFFIX:COUNT lines with CRLF
 * between them (upper-case hex of the kind's length, strictly increasing
 * suffixes), or a padded body outside 800 to 1,000 lines.
 */
#include "vg.h"

#include <sodium.h>
#include <strings.h>
#include <unistd.h>

#include "pwdb.h"
#include "pwserve.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct vg_pwdb *sha1_db, *ntlm_db;

/* Write `text' to DIR/NAME, build DIR/NAME.idx from it, open it. */
static struct vg_pwdb *
make_index(const char *dir, const char *name, const char *text)
{
	char src[128], out[128];
	struct vg_pwdb_src s = { src, false };
	struct vg_pwdb *db;
	struct vg_diag d;
	FILE *fp;

	snprintf(src, sizeof(src), "%s/%s", dir, name);
	snprintf(out, sizeof(out), "%s/%s.idx", dir, name);
	if ((fp = fopen(src, "w")) == NULL ||
	    fwrite(text, 1, strlen(text), fp) != strlen(text) ||
	    fclose(fp) != 0)
		abort();
	if (vg_pwdb_build(out, &s, 1, VG_PWDB_ANY, NULL, NULL, NULL, &d) != 0 ||
	    vg_pwdb_open(out, &db, &d) != 0)
		abort();
	unlink(src);
	unlink(out);		/* the mapping stays */
	return db;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char dir[] = "/tmp/vigil-fuzz-pwserve.XXXXXX";

	if (sodium_init() < 0 || mkdtemp(dir) == NULL)
		abort();
	sha1_db = make_index(dir, "sha1.txt",
	    "0000000A8DAE4228F821FB418F59826079BF368F:2\r\n"
	    "00000BFE3A3E5AB4CAB91A3B2BC4D4C1D1F3D0C7:300\r\n"
	    "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:3\r\n"
	    "5BAA6FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:1\r\n"
	    "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:4294967295\r\n");
	ntlm_db = make_index(dir, "ntlm.txt",
	    "00000000000000000000000000000001:1\r\n"
	    "8846F7EAEE8FB117AD06BDD830B7586C:5\r\n"
	    "FFFFF000000000000000000000000000:255\r\n");
	if (rmdir(dir) != 0)
		abort();
	return 0;
}

static bool
upper_hex(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') ||
		    (p[i] >= 'A' && p[i] <= 'F')))
			return false;
	return true;
}

/* A 200 body: SUFFIX:COUNT lines, increasing; returns the line count. */
static size_t
check_body(const char *body, size_t len, size_t digits)
{
	const char *p = body, *end = body + len, *eol, *prev = NULL;
	size_t lines = 0, n, i;

	if (len == 0)
		return 0;
	for (;;) {
		eol = memchr(p, '\r', (size_t)(end - p));
		n = eol != NULL ? (size_t)(eol - p) : (size_t)(end - p);
		if (n < digits + 2 || n > digits + 11 || !upper_hex(p, digits) ||
		    p[digits] != ':')
			abort();
		for (i = digits + 1; i < n; i++)
			if (p[i] < '0' || p[i] > '9')
				abort();
		if (prev != NULL && memcmp(prev, p, digits) >= 0)
			abort();
		prev = p;
		lines++;
		if (eol == NULL)
			return lines;
		if (eol + 2 >= end || eol[1] != '\n')
			abort();
		p = eol + 2;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_pwserve_index ix;
	struct vg_pwserve_resp rs;
	struct vg_pwserve_req rq;
	const char *p = (const char *)data + 4, *end = (const char *)data + size;
	size_t lines, digits;
	uint8_t flags;
	bool ntlm;
	int r;

	if (size < 4)
		return 0;
	flags = data[0];
	if ((size_t)data[1] + data[2] + data[3] > size - 4)
		return 0;
	memset(&rq, 0, sizeof(rq));
	rq.rq_method = p;
	rq.rq_method_len = data[1];
	p += data[1];
	if (flags & 1) {
		rq.rq_mode = p;
		rq.rq_mode_len = data[2];
	}
	p += data[2];
	if (flags & 2) {
		rq.rq_padding = p;
		rq.rq_padding_len = data[3];
	}
	p += data[3];
	rq.rq_path = p;
	rq.rq_path_len = (size_t)(end - p);
	ix.pi_sha1 = (flags & 4) ? NULL : sha1_db;
	ix.pi_ntlm = (flags & 8) ? NULL : ntlm_db;

	r = vg_pwserve_respond(&ix, &rq, &rs);
	if (r != 0)
		abort();
	switch (rs.rs_status) {
	case 200:
		ntlm = rq.rq_mode != NULL && rq.rq_mode_len == 4 &&
		    (rq.rq_mode[0] | 0x20) == 'n';
		digits = ntlm ? 27 : 35;
		lines = check_body(rs.rs_body, rs.rs_len, digits);
		if (rq.rq_padding != NULL && rq.rq_padding_len == 4 &&
		    strncasecmp(rq.rq_padding, "true", 4) == 0 &&
		    memchr(rq.rq_padding, '\0', 4) == NULL &&
		    (lines < VG_PWSERVE_PAD_MIN || lines > VG_PWSERVE_PAD_MAX))
			abort();
		if (rs.rs_type == NULL || rs.rs_cache == NULL)
			abort();
		break;
	case 400:
	case 404:
		if (rs.rs_len == 0 || rs.rs_buf != NULL)
			abort();
		break;
	case 405:
		if (rs.rs_allow == NULL)
			abort();
		break;
	default:
		abort();
	}
	vg_pwserve_resp_cleanup(&rs);
	return 0;
}
