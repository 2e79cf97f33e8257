/*
 * account_leak.c -- leaked lists, fed in chunks: identifier lists, combo
 * lists, CSV with a header and keyed digest lists, into records.
 *
 * Does no I/O.  Lines are parsed where they lie in the caller's chunk;
 * only a line that a chunk boundary splits is copied, into lk_carry, and
 * wiped once parsed.  A quoted CSV field is unescaped into lk_scratch,
 * wiped as soon as the field is used.  A password is hashed (SHA-1) the
 * moment its line is split and its clear text goes nowhere else: the
 * record carries only the hash, and no message quotes any byte of a leak
 * line, since a line that failed to parse may be a password in a format
 * we did not recognise.
 */
#include "account_int.h"

#include <nettle/sha1.h>
#include <sodium.h>

struct vg_account_leak {
	char				*lk_file;
	enum vg_account_leak_format	 lk_fmt;	/* AUTO until known */
	bool				 lk_header_done; /* CSV header read */
	const struct vg_account_norm	*lk_norm;
	vg_account_rec_fn		*lk_rec;
	void				*lk_rec_arg;
	vg_account_warn_fn		*lk_warn;
	void				*lk_warn_arg;
	char				*lk_carry;	/* a split line */
	size_t				 lk_carry_len;
	bool				 lk_skipping;	/* in a long line */
	int				 lk_failed;	/* what stopped it */
	char				 lk_delim;	/* CSV */
	int				 lk_id_col;
	int				 lk_pw_col;
	char				 lk_unit[VG_MAX_ACCOUNT_UNIT + 1];
	bool				 lk_has_unit;	/* header unit= */
	char				*lk_scratch;	/* CSV unquoting */
	struct vg_account_leak_stats	 lk_st;
};

static void	malformed(struct vg_account_leak *, const char *, ...)
		    VG_PRINTF(2, 3);

/* Report the current line as malformed.  Never quote the line. */
static void
malformed(struct vg_account_leak *lk, const char *fmt, ...)
{
	struct vg_diag d;
	va_list ap;

	lk->lk_st.st_malformed++;
	if (lk->lk_warn == NULL)
		return;
	d.src = lk->lk_file;
	d.line = lk->lk_st.st_lines;
	va_start(ap, fmt);
	vsnprintf(d.msg, sizeof(d.msg), fmt, ap);
	va_end(ap);
	vg_account__sanitize(d.msg);
	lk->lk_warn(lk->lk_warn_arg, &d);
}

const char *
vg_account_leak_format_name(enum vg_account_leak_format fmt)
{
	static const char *const names[] = {
		[VG_ACCOUNT_LEAK_AUTO] = "auto",
		[VG_ACCOUNT_LEAK_LINES] = "lines",
		[VG_ACCOUNT_LEAK_CSV] = "csv",
		[VG_ACCOUNT_LEAK_HMAC] = "hmac",
	};

	if (fmt < 0 || fmt >= VG_ACCOUNT_LEAK_FORMAT_COUNT)
		return "?";
	return names[fmt];
}

int
vg_account_leak_new(const char *file, enum vg_account_leak_format fmt,
    const struct vg_account_norm *norm, vg_account_rec_fn *rec,
    void *rec_arg, vg_account_warn_fn *warn, void *warn_arg,
    struct vg_account_leak **leakp)
{
	struct vg_account_leak *lk;

	*leakp = NULL;
	if (fmt < VG_ACCOUNT_LEAK_AUTO || fmt >= VG_ACCOUNT_LEAK_FORMAT_COUNT)
		return VG_ERR_INVAL;
	if ((lk = calloc(1, sizeof(*lk))) == NULL)
		return VG_ERR_NOMEM;
	if ((lk->lk_file = strdup(file)) == NULL ||
	    (lk->lk_carry = malloc(VG_MAX_ACCOUNT_LEAK_LINE + 1)) == NULL ||
	    (lk->lk_scratch = malloc(VG_MAX_ACCOUNT_LEAK_LINE + 1)) == NULL) {
		vg_account_leak_free(lk);
		return VG_ERR_NOMEM;
	}
	lk->lk_fmt = fmt;
	lk->lk_st.st_format = fmt;
	lk->lk_norm = norm;
	lk->lk_rec = rec;
	lk->lk_rec_arg = rec_arg;
	lk->lk_warn = warn;
	lk->lk_warn_arg = warn_arg;
	lk->lk_id_col = -1;
	lk->lk_pw_col = -1;
	*leakp = lk;
	return 0;
}

void
vg_account_leak_free(struct vg_account_leak *lk)
{
	if (lk == NULL)
		return;
	if (lk->lk_carry != NULL)
		sodium_memzero(lk->lk_carry, VG_MAX_ACCOUNT_LEAK_LINE + 1);
	if (lk->lk_scratch != NULL)
		sodium_memzero(lk->lk_scratch, VG_MAX_ACCOUNT_LEAK_LINE + 1);
	free(lk->lk_carry);
	free(lk->lk_scratch);
	free(lk->lk_file);
	free(lk);
}

void
vg_account_leak_stats(const struct vg_account_leak *lk,
    struct vg_account_leak_stats *statsp)
{
	*statsp = lk->lk_st;
}

static void
hash_password(struct vg_str pw, uint8_t out[VG_ACCOUNT_SHA1_LEN])
{
	struct sha1_ctx ctx;

	sha1_init(&ctx);
	sha1_update(&ctx, pw.len, (const uint8_t *)pw.p);
	sha1_digest(&ctx, SHA1_DIGEST_SIZE, out);
	/* The context's block buffer still holds password bytes. */
	sodium_memzero(&ctx, sizeof(ctx));
}

/* Hand a record to the callback; wipes its hash afterwards. */
static int
emit(struct vg_account_leak *lk, struct vg_account_leak_rec *rec,
    struct vg_diag *diag)
{
	int r;

	rec->lr_file = lk->lk_file;
	rec->lr_line = lk->lk_st.st_lines;
	lk->lk_st.st_records++;
	if (rec->lr_password)
		lk->lk_st.st_passwords++;
	diag->msg[0] = '\0';
	r = lk->lk_rec(lk->lk_rec_arg, rec, diag);
	sodium_memzero(rec->lr_sha1, sizeof(rec->lr_sha1));
	if (r != 0) {
		diag->src = lk->lk_file;
		diag->line = lk->lk_st.st_lines;
		if (diag->msg[0] == '\0')
			snprintf(diag->msg, sizeof(diag->msg), "%s",
			    vg_strerror(r));
		lk->lk_failed = r;
	}
	return r;
}

/* Normalize `v' into the record; false (and reported) when it fails. */
static bool
set_id(struct vg_account_leak *lk, struct vg_str v, char *buf,
    struct vg_account_leak_rec *rec)
{
	size_t len;
	int r;

	r = vg_account_normalize(lk->lk_norm, v, buf, VG_MAX_ACCOUNT_ID + 1,
	    &len);
	if (r == VG_ERR_LIMIT) {
		malformed(lk, "identifier longer than %d bytes",
		    VG_MAX_ACCOUNT_ID);
		return false;
	}
	if (r != 0) {
		malformed(lk, "not an identifier (empty, spaces, control "
		    "bytes or a bad '@')");
		return false;
	}
	rec->lr_id = vg_str_make(buf, len);
	return true;
}

/* ---------------------------------------------------------- digest lists */

/* A digest line: 64 hex digits, then optionally whitespace and "p". */
static bool
digest_line(struct vg_str t, uint8_t out[VG_ACCOUNT_DIGEST_LEN], bool *pwp)
{
	struct vg_str hex, rest;
	size_t binlen;

	if (t.len < 2 * VG_ACCOUNT_DIGEST_LEN)
		return false;
	hex = vg_str_make(t.p, 2 * VG_ACCOUNT_DIGEST_LEN);
	rest = vg_str_make(t.p + hex.len, t.len - hex.len);
	if (!vg_str_is_hex(hex))
		return false;
	*pwp = false;
	if (rest.len > 0) {
		if (rest.p[0] != ' ' && rest.p[0] != '\t')
			return false;
		rest = vg_str_trim(rest);
		if (!VG_STR_EQ(rest, "p") && !VG_STR_EQ(rest, "P"))
			return false;
		*pwp = true;
	}
	if (out != NULL && sodium_hex2bin(out, VG_ACCOUNT_DIGEST_LEN, hex.p,
	    hex.len, NULL, &binlen, NULL) != 0)
		return false;
	return true;
}

/* "# vigil-hmac v1 [unit=NAME]": the digest list's header. */
static bool
hmac_header(struct vg_account_leak *lk, struct vg_str c)
{
	struct vg_str w;

	vg_str_skip(&c, 1);
	c = vg_str_trim(c);
	if (!VG_STR_EAT(&c, "vigil-hmac"))
		return false;
	if (c.len > 0 && c.p[0] != ' ' && c.p[0] != '\t')
		return false;
	vg_str_skip_ws(&c);
	if (!vg_str_word(&c, &w) || !VG_STR_EQ(w, "v1"))
		return false;
	while (vg_str_word(&c, &w)) {
		if (VG_STR_EAT(&w, "unit=") && w.len > 0 &&
		    w.len <= VG_MAX_ACCOUNT_UNIT) {
			vg_str_copy(w, lk->lk_unit, sizeof(lk->lk_unit));
			lk->lk_has_unit = true;
		}
	}
	return true;
}

static int
parse_digest(struct vg_account_leak *lk, struct vg_str t,
    struct vg_diag *diag)
{
	struct vg_account_leak_rec rec;

	memset(&rec, 0, sizeof(rec));
	if (!digest_line(t, rec.lr_digest, &rec.lr_password)) {
		malformed(lk, "not a digest line (64 hex digits, optionally "
		    "followed by \" p\")");
		return 0;
	}
	rec.lr_is_digest = true;
	rec.lr_id = vg_str_make("", 0);
	rec.lr_unit = lk->lk_has_unit ? lk->lk_unit : NULL;
	return emit(lk, &rec, diag);
}

/* ------------------------------------------------------------------ CSV */

/* Identifier columns, most preferred first. */
static const char *const id_cols[] = {
	"email", "mail", "e-mail", "email_address", "login", "username",
	"user_name", "user", "account",
};
static const char *const pw_cols[] = {
	"password", "pass", "passwd", "pwd",
};
/* Other names that make a ';' or tab line a header, not a combo. */
static const char *const other_cols[] = {
	"name", "first_name", "last_name", "firstname", "lastname", "phone",
	"ip", "ip_address", "date", "created", "created_at", "hash", "salt",
	"domain", "id", "source", "country", "city", "address",
};

static int
col_index(struct vg_str f, const char *const *names, size_t n)
{
	size_t i;

	f = vg_str_trim(f);
	for (i = 0; i < n; i++)
		if (vg_str_caseeq(f, names[i], strlen(names[i])))
			return (int)i;
	return -1;
}

/*
 * Read `t' as a CSV header with `delim'.  Sets the identifier and
 * password columns; returns true when it is a header (`strict': it must
 * also name a second known column, for ';' and tab, where a combo line
 * "user;secret" would otherwise pass).  Column names hold no '@'.
 */
static bool
csv_header(struct vg_account_leak *lk, struct vg_str t, char delim,
    bool strict)
{
	struct vg_str f;
	int col, k, best = INT32_MAX, id = -1, pw = -1, other = 0, fr;
	bool more = true;

	for (col = 0; (fr = vg_account__csv_field(&t, delim, lk->lk_scratch,
	    VG_MAX_ACCOUNT_LEAK_LINE, &more, &f)) == 1; col++) {
		if (vg_str_chr(f, '@') >= 0)
			return false;
		if ((k = col_index(f, id_cols, VG_ARRAY_LEN(id_cols))) >= 0) {
			if (k < best) {
				best = k;
				id = col;
			}
			continue;
		}
		if (col_index(f, pw_cols, VG_ARRAY_LEN(pw_cols)) >= 0) {
			if (pw < 0)
				pw = col;
			continue;
		}
		if (col_index(f, other_cols, VG_ARRAY_LEN(other_cols)) >= 0)
			other++;
	}
	if (fr < 0 || id < 0 || col < 2)
		return false;
	if (strict && pw < 0 && other == 0)
		return false;
	lk->lk_delim = delim;
	lk->lk_id_col = id;
	lk->lk_pw_col = pw;
	return true;
}

static int
parse_csv_row(struct vg_account_leak *lk, struct vg_str t,
    struct vg_diag *diag)
{
	struct vg_account_leak_rec rec;
	char id[VG_MAX_ACCOUNT_ID + 1];
	struct vg_str f;
	bool more = true, have_id = false, id_bad = false;
	int col, fr;

	memset(&rec, 0, sizeof(rec));
	for (col = 0; (fr = vg_account__csv_field(&t, lk->lk_delim,
	    lk->lk_scratch, VG_MAX_ACCOUNT_LEAK_LINE, &more, &f)) == 1;
	    col++) {
		if (col == lk->lk_id_col && vg_str_trim(f).len > 0) {
			if (!set_id(lk, f, id, &rec))
				id_bad = true;
			else
				have_id = true;
		} else if (col == lk->lk_pw_col && f.len > 0) {
			hash_password(f, rec.lr_sha1);
			rec.lr_password = rec.lr_has_sha1 = true;
		}
		/* The field may be a password unquoted into the scratch. */
		if (f.p == lk->lk_scratch)
			sodium_memzero(lk->lk_scratch, f.len);
	}
	if (fr < 0) {
		sodium_memzero(lk->lk_scratch, VG_MAX_ACCOUNT_LEAK_LINE + 1);
		sodium_memzero(rec.lr_sha1, sizeof(rec.lr_sha1));
		malformed(lk, "bad CSV quoting in field %d", col + 1);
		return 0;
	}
	if (!have_id) {
		sodium_memzero(rec.lr_sha1, sizeof(rec.lr_sha1));
		if (!id_bad)
			malformed(lk, "no identifier in column %d",
			    lk->lk_id_col + 1);
		return 0;
	}
	return emit(lk, &rec, diag);
}

/* ---------------------------------------------------- identifiers/combos */

static int
parse_combo(struct vg_account_leak *lk, struct vg_str line,
    struct vg_diag *diag)
{
	struct vg_account_leak_rec rec;
	char id[VG_MAX_ACCOUNT_ID + 1];
	struct vg_str login, pw;
	ptrdiff_t cmt;
	size_t i;

	memset(&rec, 0, sizeof(rec));
	vg_str_skip_ws(&line);
	for (i = 0; i < line.len; i++)
		if (line.p[i] == ':' || line.p[i] == ';' || line.p[i] == '\t')
			break;
	if (i == line.len) {
		/* An identifier alone; " #" starts a comment. */
		if ((cmt = VG_STR_FIND(line, " #")) >= 0)
			line.len = (size_t)cmt;
		if ((cmt = VG_STR_FIND(line, "\t#")) >= 0)
			line.len = (size_t)cmt;
		if (!set_id(lk, line, id, &rec))
			return 0;
		return emit(lk, &rec, diag);
	}
	/* The password is everything after the first separator, as is. */
	login = vg_str_make(line.p, i);
	pw = vg_str_make(line.p + i + 1, line.len - i - 1);
	if (!set_id(lk, login, id, &rec))
		return 0;
	if (pw.len > 0) {
		hash_password(pw, rec.lr_sha1);
		rec.lr_password = rec.lr_has_sha1 = true;
	}
	return emit(lk, &rec, diag);
}

/* ----------------------------------------------------------------- lines */

/* Decide the format on the first line that is no comment and not blank. */
static void
recognise(struct vg_account_leak *lk, struct vg_str t)
{
	bool pw;

	if (digest_line(t, NULL, &pw))
		lk->lk_fmt = VG_ACCOUNT_LEAK_HMAC;
	else if (csv_header(lk, t, ',', false) ||
	    csv_header(lk, t, ';', true) || csv_header(lk, t, '\t', true)) {
		lk->lk_fmt = VG_ACCOUNT_LEAK_CSV;
		lk->lk_header_done = true;
	} else
		lk->lk_fmt = VG_ACCOUNT_LEAK_LINES;
	sodium_memzero(lk->lk_scratch, VG_MAX_ACCOUNT_LEAK_LINE + 1);
	lk->lk_st.st_format = lk->lk_fmt;
}

static int
parse_line(struct vg_account_leak *lk, struct vg_str line,
    struct vg_diag *diag)
{
	struct vg_str t;

	lk->lk_st.st_lines++;
	if (line.len > 0 && line.p[line.len - 1] == '\r')
		line.len--;
	if (memchr(line.p, '\0', line.len) != NULL) {
		malformed(lk, "NUL byte in line");
		return 0;
	}
	t = vg_str_trim(line);
	if (t.len == 0)
		return 0;
	if (t.p[0] == '#') {
		if (lk->lk_fmt == VG_ACCOUNT_LEAK_AUTO ||
		    lk->lk_fmt == VG_ACCOUNT_LEAK_HMAC) {
			if (hmac_header(lk, t) &&
			    lk->lk_fmt == VG_ACCOUNT_LEAK_AUTO) {
				lk->lk_fmt = VG_ACCOUNT_LEAK_HMAC;
				lk->lk_st.st_format = lk->lk_fmt;
			}
		}
		return 0;
	}
	if (lk->lk_fmt == VG_ACCOUNT_LEAK_AUTO) {
		recognise(lk, t);
		if (lk->lk_fmt == VG_ACCOUNT_LEAK_CSV)
			return 0;	/* that was the header */
	}
	switch (lk->lk_fmt) {
	case VG_ACCOUNT_LEAK_HMAC:
		return parse_digest(lk, t, diag);
	case VG_ACCOUNT_LEAK_CSV:
		if (!lk->lk_header_done) {
			lk->lk_header_done = true;
			if (!csv_header(lk, t, ',', false) &&
			    !csv_header(lk, t, ';', false) &&
			    !csv_header(lk, t, '\t', false)) {
				diag->src = lk->lk_file;
				diag->line = lk->lk_st.st_lines;
				snprintf(diag->msg, sizeof(diag->msg), "CSV "
				    "header has no email, mail, login, "
				    "username, user or account column");
				lk->lk_failed = VG_ERR_FORMAT;
				return VG_ERR_FORMAT;
			}
			sodium_memzero(lk->lk_scratch,
			    VG_MAX_ACCOUNT_LEAK_LINE + 1);
			return 0;
		}
		return parse_csv_row(lk, line, diag);
	default:
		return parse_combo(lk, line, diag);
	}
}

static void
overlong(struct vg_account_leak *lk)
{
	lk->lk_st.st_lines++;
	malformed(lk, "line longer than %d bytes", VG_MAX_ACCOUNT_LEAK_LINE);
}

static int
stopped(struct vg_account_leak *lk, struct vg_diag *diag)
{
	diag->src = lk->lk_file;
	diag->line = lk->lk_st.st_lines;
	snprintf(diag->msg, sizeof(diag->msg), "parse already stopped: %s",
	    vg_strerror(lk->lk_failed));
	return lk->lk_failed;
}

int
vg_account_leak_feed(struct vg_account_leak *lk, const char *buf, size_t len,
    struct vg_diag *diag)
{
	const char *p = buf, *nl;
	size_t rem = len, n;
	int r;

	memset(diag, 0, sizeof(*diag));
	if (lk->lk_failed != 0)
		return stopped(lk, diag);
	if (len > (uint64_t)VG_MAX_ACCOUNT_LEAK_BYTES - lk->lk_st.st_bytes) {
		diag->src = lk->lk_file;
		diag->line = lk->lk_st.st_lines;
		snprintf(diag->msg, sizeof(diag->msg), "list longer than %lld "
		    "bytes", (long long)VG_MAX_ACCOUNT_LEAK_BYTES);
		lk->lk_failed = VG_ERR_LIMIT;
		return VG_ERR_LIMIT;
	}
	lk->lk_st.st_bytes += len;
	while (rem > 0) {
		if ((nl = memchr(p, '\n', rem)) == NULL) {
			/* A split line: keep it for the next chunk. */
			if (lk->lk_skipping)
				break;
			if (lk->lk_carry_len + rem > VG_MAX_ACCOUNT_LEAK_LINE) {
				sodium_memzero(lk->lk_carry, lk->lk_carry_len);
				lk->lk_carry_len = 0;
				lk->lk_skipping = true;
				break;
			}
			memcpy(lk->lk_carry + lk->lk_carry_len, p, rem);
			lk->lk_carry_len += rem;
			break;
		}
		n = (size_t)(nl - p);
		r = 0;
		if (lk->lk_skipping) {
			lk->lk_skipping = false;
			overlong(lk);
		} else if (lk->lk_carry_len > 0) {
			if (lk->lk_carry_len + n > VG_MAX_ACCOUNT_LEAK_LINE)
				overlong(lk);
			else {
				memcpy(lk->lk_carry + lk->lk_carry_len, p, n);
				r = parse_line(lk, vg_str_make(lk->lk_carry,
				    lk->lk_carry_len + n), diag);
			}
			sodium_memzero(lk->lk_carry, VG_MIN(lk->lk_carry_len +
			    n, (size_t)VG_MAX_ACCOUNT_LEAK_LINE));
			lk->lk_carry_len = 0;
		} else if (n > VG_MAX_ACCOUNT_LEAK_LINE)
			overlong(lk);
		else
			r = parse_line(lk, vg_str_make(p, n), diag);
		if (r != 0)
			return r;
		p = nl + 1;
		rem -= n + 1;
	}
	return 0;
}

int
vg_account_leak_end(struct vg_account_leak *lk, struct vg_diag *diag)
{
	int r = 0;

	memset(diag, 0, sizeof(*diag));
	if (lk->lk_failed != 0)
		return stopped(lk, diag);
	if (lk->lk_skipping) {
		lk->lk_skipping = false;
		overlong(lk);
	} else if (lk->lk_carry_len > 0) {
		r = parse_line(lk, vg_str_make(lk->lk_carry, lk->lk_carry_len),
		    diag);
		sodium_memzero(lk->lk_carry, lk->lk_carry_len);
		lk->lk_carry_len = 0;
	}
	return r;
}
