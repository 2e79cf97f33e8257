/*
 * ioc_feed_csv.c -- the abuse.ch CSV exports: Feodo Tracker IP blocklist,
 * URLhaus, ThreatFox full dumps and the SSLBL lists.
 *
 * Runs wherever feeds are loaded (`vigil intel compile', the scan
 * parent), never on the log path.  The format is recognised from the
 * column header row, which abuse.ch writes either as the first
 * uncommented line (Feodo Tracker) or as the last `#' comment of the
 * banner (the others); the banner title only tells the SSLBL IP list from
 * the Feodo one, which share their columns.  Nothing is added to the
 * builder and no feed is declared before the header is recognised, so a
 * plain list that merely starts with `#' comments falls through to the
 * next loader untouched.  Columns are found by name, not position,
 * because ThreatFox added "is_compromised" to some dumps and not others.
 * Fields are split by our own RFC 4180 splitter, relaxed for the ", "
 * separator ThreatFox writes.  See docs/INTERNALS-ioc.md.
 */
#include "ioc_int.h"

/*
 * Fields kept per row; ThreatFox has 15.  Later fields are counted but
 * not stored, and no format needs one of them.
 */
#define CSV_MAX_FIELDS	32

/*
 * Lines examined for the banner and header.  The abuse.ch banner is nine
 * lines; the bound keeps a long plain list from being scanned in full
 * only to be refused.
 */
#define HEADER_SCAN_LINES	64

/* Longest value quoted in a warning, so a junk row gives a short line. */
#define EXCERPT_MAX	64

enum abusech_kind {
	AB_NONE = 0,
	AB_FEODO,
	AB_URLHAUS,
	AB_THREATFOX,
	AB_SSLBL_SHA1,
	AB_SSLBL_IP,
};

struct csv_row {
	struct vg_str	 f[CSV_MAX_FIELDS];
	size_t		 n;	/* fields in the row, stored or not */
};

struct abusech {
	enum abusech_kind kind;
	size_t		 col_value;	/* IP, URL, ioc_value, SHA1 */
	size_t		 col_type;	/* ThreatFox ioc_type */
	size_t		 col_threat;	/* threat_type */
	size_t		 ncols;		/* fields a row needs */
};

/*
 * Copy a value for a message, replacing control and non-ASCII bytes so a
 * hostile feed cannot put terminal escapes into our diagnostics.
 */
static const char *
excerpt(struct vg_str s, char *buf, size_t size)
{
	size_t i, n = VG_MIN(s.len, size - 1);

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s.p[i];

		buf[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	buf[n] = '\0';
	return buf;
}

/*
 * Take the next line of `rest' without its "\n" or "\r\n".  Returns false
 * at the end of the text.
 */
static bool
next_line(struct vg_str *rest, struct vg_str *linep)
{
	ptrdiff_t nl;

	if (rest->len == 0)
		return false;
	if ((nl = vg_str_chr(*rest, '\n')) < 0) {
		*linep = *rest;
		vg_str_skip(rest, rest->len);
	} else {
		*linep = vg_str_make(rest->p, (size_t)nl);
		vg_str_skip(rest, (size_t)nl + 1);
	}
	if (linep->len > 0 && linep->p[linep->len - 1] == '\r')
		linep->len--;
	return true;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Split one line into fields (RFC 4180, one record per line).  Blanks
 * around a field and around a quoted field are dropped, which is what
 * lets ThreatFox's `"a", "b"' parse.  A quoted field with doubled quotes
 * is unescaped into `scratch', which must hold `line.len' bytes; the
 * other fields are views into the line.  Returns false on an unterminated
 * quote or on text between a closing quote and the next comma.
 */
static bool
csv_split(struct vg_str line, struct csv_row *row, char *scratch)
{
	const char *p = line.p, *end = line.p + line.len, *start, *q;
	char *out;
	size_t used = 0, i, n;
	struct vg_str field;
	bool doubled;

	row->n = 0;
	for (;;) {
		while (p < end && is_blank(*p))
			p++;
		if (p < end && *p == '"') {
			start = ++p;
			doubled = false;
			for (;;) {
				if (p == end)
					return false;
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						doubled = true;
						p += 2;
						continue;
					}
					break;
				}
				p++;
			}
			field = vg_str_make(start, (size_t)(p - start));
			p++;
			if (doubled) {
				/*
				 * Unescaped text is shorter than its field and
				 * fields are disjoint, so the scratch never
				 * outgrows the line.  Every quote inside a
				 * scanned field is the first of a pair.
				 */
				out = scratch + used;
				n = 0;
				for (i = 0; i < field.len; i++) {
					out[n++] = field.p[i];
					if (field.p[i] == '"')
						i++;
				}
				field = vg_str_make(out, n);
				used += n;
			}
			while (p < end && is_blank(*p))
				p++;
			if (p < end && *p != ',')
				return false;
		} else {
			start = p;
			q = memchr(p, ',', (size_t)(end - p));
			if (q == NULL)
				q = end;
			field = vg_str_trim(vg_str_make(start,
			    (size_t)(q - start)));
			p = q;
		}
		if (row->n < CSV_MAX_FIELDS)
			row->f[row->n] = field;
		row->n++;
		if (p == end)
			return true;
		p++;		/* the comma */
	}
}

static bool
col_is(struct vg_str name, const char *lit)
{
	return vg_str_caseeq(name, lit, strlen(lit));
}

/*
 * Recognise a header row by its column names.  Each format is claimed
 * only on two of its own columns, so a user's CSV with a lone "url"
 * column is not mistaken for URLhaus.  Fills `ab' and returns true.
 */
static bool
header_match(const struct csv_row *row, struct abusech *ab)
{
	size_t i, nf = VG_MIN(row->n, (size_t)CSV_MAX_FIELDS);
	ptrdiff_t dst_ip = -1, first_seen = -1, url = -1, dateadded = -1;
	ptrdiff_t uh_link = -1, ioc_value = -1, ioc_type = -1;
	ptrdiff_t threat_type = -1, sha1 = -1, reason = -1;
	struct vg_str c;

	for (i = 0; i < nf; i++) {
		c = row->f[i];
		if (col_is(c, "dst_ip") || col_is(c, "dstip"))
			dst_ip = (ptrdiff_t)i;
		else if (col_is(c, "first_seen_utc") ||
		    col_is(c, "firstseen"))
			first_seen = (ptrdiff_t)i;
		else if (col_is(c, "url"))
			url = (ptrdiff_t)i;
		else if (col_is(c, "dateadded"))
			dateadded = (ptrdiff_t)i;
		else if (col_is(c, "urlhaus_link"))
			uh_link = (ptrdiff_t)i;
		else if (col_is(c, "ioc_value"))
			ioc_value = (ptrdiff_t)i;
		else if (col_is(c, "ioc_type"))
			ioc_type = (ptrdiff_t)i;
		else if (col_is(c, "threat_type"))
			threat_type = (ptrdiff_t)i;
		else if (col_is(c, "sha1"))
			sha1 = (ptrdiff_t)i;
		else if (col_is(c, "listingreason"))
			reason = (ptrdiff_t)i;
	}
	if (ioc_value >= 0 && ioc_type >= 0) {
		ab->kind = AB_THREATFOX;
		ab->col_value = (size_t)ioc_value;
		ab->col_type = (size_t)ioc_type;
		ab->col_threat = threat_type >= 0 ? (size_t)threat_type :
		    SIZE_MAX;
	} else if (url >= 0 && (dateadded >= 0 || uh_link >= 0)) {
		ab->kind = AB_URLHAUS;
		ab->col_value = (size_t)url;
	} else if (sha1 >= 0 && reason >= 0) {
		ab->kind = AB_SSLBL_SHA1;
		ab->col_value = (size_t)sha1;
	} else if (dst_ip >= 0 && first_seen >= 0) {
		ab->kind = AB_FEODO;
		ab->col_value = (size_t)dst_ip;
	} else
		return false;
	ab->ncols = ab->col_value + 1;
	if (ab->kind == AB_THREATFOX) {
		ab->ncols = VG_MAX(ab->ncols, ab->col_type + 1);
		if (ab->col_threat != SIZE_MAX)
			ab->ncols = VG_MAX(ab->ncols, ab->col_threat + 1);
	}
	return true;
}

/*
 * Read the banner and find the header row.  On success `*datap' is the
 * text after the header and `*linep' the header's line number.
 */
static bool
find_header(struct vg_ioc__feedctx *ctx, struct abusech *ab, char *scratch,
    struct vg_str *datap, unsigned long *linep)
{
	struct vg_str rest = vg_str_make(ctx->fc_buf, ctx->fc_len), line;
	struct vg_str after = VG_STR_NULL, body;
	struct csv_row row;
	struct abusech cand;
	unsigned long lineno = 0, hdr_line = 0;
	bool found = false, sslbl = false;

	memset(ab, 0, sizeof(*ab));
	(void)VG_STR_EAT(&rest, "\xef\xbb\xbf");
	while (lineno < HEADER_SCAN_LINES && next_line(&rest, &line)) {
		lineno++;
		if (line.len > VG_MAX_FEED_LINE)
			break;
		body = vg_str_trim(line);
		if (body.len == 0)
			continue;
		if (body.p[0] != '#') {
			/* Feodo Tracker: the header is the first row. */
			memset(&cand, 0, sizeof(cand));
			if (!found && csv_split(body, &row, scratch) &&
			    header_match(&row, &cand)) {
				*ab = cand;
				found = true;
				hdr_line = lineno;
				after = rest;
			}
			break;
		}
		vg_str_skip(&body, 1);
		body = vg_str_trim(body);
		if (VG_STR_FIND(body, "SSLBL") >= 0)
			sslbl = true;
		memset(&cand, 0, sizeof(cand));
		if (csv_split(body, &row, scratch) &&
		    header_match(&row, &cand)) {
			*ab = cand;
			found = true;
			hdr_line = lineno;
			after = rest;
		}
	}
	if (!found)
		return false;
	if (ab->kind == AB_FEODO && sslbl)
		ab->kind = AB_SSLBL_IP;
	*datap = after;
	*linep = hdr_line;
	return true;
}

/* Count an add, report a rejected value, pass real errors up. */
static int
added(struct vg_ioc__feedctx *ctx, int r, unsigned long lineno,
    const char *what, struct vg_str value)
{
	char ex[EXCERPT_MAX + 1];

	if (r == 0) {
		ctx->fc_added++;
		return 0;
	}
	if (r != VG_ERR_INVAL)
		return r;
	vg_ioc__warn(ctx, lineno, "bad %s \"%s\"", what,
	    excerpt(value, ex, sizeof(ex)));
	return 0;
}

static int
add_addr(struct vg_ioc__feedctx *ctx, unsigned feed, struct vg_str value,
    enum vg_ioc_cat cat, unsigned long lineno)
{
	struct vg_addr a;
	unsigned prefix;
	int r = VG_ERR_INVAL;

	if (vg_addr_parse_cidr(value, &a, &prefix))
		r = vg_ioc_builder_add_ip(ctx->fc_b, feed, &a, prefix, cat,
		    lineno);
	return added(ctx, r, lineno, "IP address", value);
}

static const char *
last_colon(struct vg_str s)
{
	size_t i;

	for (i = s.len; i > 0; i--)
		if (s.p[i - 1] == ':')
			return s.p + i - 1;
	return NULL;
}

/*
 * ThreatFox "ip:port": the address alone is listed.  An IPv6 address is
 * written in brackets before its port, or bare without one.
 */
static int
add_ip_port(struct vg_ioc__feedctx *ctx, unsigned feed, struct vg_str value,
    enum vg_ioc_cat cat, unsigned long lineno)
{
	struct vg_addr a;
	struct vg_str host, port;
	const char *colon;
	unsigned prefix;
	uint64_t v;
	int r = VG_ERR_INVAL;

	if (vg_addr_parse_cidr(value, &a, &prefix)) {
		r = vg_ioc_builder_add_ip(ctx->fc_b, feed, &a, prefix, cat,
		    lineno);
	} else if ((colon = last_colon(value)) != NULL) {
		host = vg_str_make(value.p, (size_t)(colon - value.p));
		port = vg_str_make(colon + 1, value.len - host.len - 1);
		if (vg_str_uint(&port, 5, 65535, &v) && port.len == 0 &&
		    vg_addr_parse(host, &a))
			r = vg_ioc_builder_add_ip(ctx->fc_b, feed, &a,
			    a.af == VG_AF_INET ? 32 : 128, cat, lineno);
	}
	return added(ctx, r, lineno, "ip:port", value);
}

static int
add_name(struct vg_ioc__feedctx *ctx, unsigned feed, enum vg_ioc_type type,
    struct vg_str value, enum vg_ioc_cat cat, unsigned long lineno)
{
	int r;

	r = vg_ioc_builder_add(ctx->fc_b, feed, type, value, cat, lineno);
	return added(ctx, r, lineno, vg_ioc_type_name(type), value);
}

static enum vg_ioc_cat
threatfox_cat(struct vg_str threat)
{
	if (VG_STR_EQ(threat, "botnet_cc"))
		return VG_CAT_C2;
	if (VG_STR_EQ(threat, "payload_delivery") ||
	    VG_STR_EQ(threat, "payload"))
		return VG_CAT_MALWARE;
	/* Anything newer: as feeds spell it, else the feed's category. */
	return vg_ioc_cat_parse(threat);
}

/*
 * One ThreatFox row.  Types we do not index (sha3_384_hash, for one) are
 * skipped without a warning: the row is well formed, just not usable.
 */
static int
threatfox_row(struct vg_ioc__feedctx *ctx, unsigned feed,
    const struct abusech *ab, const struct csv_row *row, unsigned long lineno)
{
	struct vg_str type = row->f[ab->col_type];
	struct vg_str value = row->f[ab->col_value];
	enum vg_ioc_cat cat = VG_CAT_UNKNOWN;

	if (ab->col_threat != SIZE_MAX && !vg_ioc__cat_forced(ctx))
		cat = threatfox_cat(row->f[ab->col_threat]);
	if (VG_STR_EQ(type, "ip:port"))
		return add_ip_port(ctx, feed, value, cat, lineno);
	if (VG_STR_EQ(type, "domain"))
		return add_name(ctx, feed, VG_IOC_DOMAIN, value, cat, lineno);
	if (VG_STR_EQ(type, "url"))
		return add_name(ctx, feed, VG_IOC_URL, value, cat, lineno);
	if (VG_STR_EQ(type, "md5_hash"))
		return add_name(ctx, feed, VG_IOC_MD5, value, cat, lineno);
	if (VG_STR_EQ(type, "sha1_hash"))
		return add_name(ctx, feed, VG_IOC_SHA1, value, cat, lineno);
	if (VG_STR_EQ(type, "sha256_hash"))
		return add_name(ctx, feed, VG_IOC_SHA256, value, cat, lineno);
	return 0;
}

int
vg_ioc__load_abusech(struct vg_ioc__feedctx *ctx)
{
	static const struct {
		const char	*name;
		enum vg_ioc_cat	 cat;
	} kinds[] = {
		[AB_NONE] = { NULL, VG_CAT_UNKNOWN },
		[AB_FEODO] = { "feodotracker", VG_CAT_C2 },
		[AB_URLHAUS] = { "urlhaus", VG_CAT_MALWARE },
		[AB_THREATFOX] = { "threatfox", VG_CAT_MALWARE },
		/* SSLBL lists the certificates of botnet C&C servers. */
		[AB_SSLBL_SHA1] = { "sslbl", VG_CAT_C2 },
		[AB_SSLBL_IP] = { "sslbl", VG_CAT_C2 },
	};
	struct abusech ab;
	struct csv_row row;
	struct vg_str rest, line, body;
	unsigned long lineno;
	unsigned feed;
	char *scratch;
	int r = VG_ERR_INTERNAL;

	/* Sized for the longest line, which bounds every unescaped field. */
	if ((scratch = malloc(VG_MAX_FEED_LINE)) == NULL)
		return VG_ERR_NOMEM;
	if (!find_header(ctx, &ab, scratch, &rest, &lineno)) {
		r = VG_ERR_FORMAT;
		goto out;
	}
	if ((r = vg_ioc__feed(ctx, kinds[ab.kind].name, kinds[ab.kind].cat,
	    &feed)) != 0)
		goto out;
	while (next_line(&rest, &line)) {
		lineno++;
		if (line.len > VG_MAX_FEED_LINE) {
			vg_ioc__warn(ctx, lineno, "line longer than %d bytes",
			    VG_MAX_FEED_LINE);
			continue;
		}
		body = vg_str_trim(line);
		/* Blank lines and the "# END n entries" trailer. */
		if (body.len == 0 || body.p[0] == '#')
			continue;
		if (!csv_split(body, &row, scratch)) {
			vg_ioc__warn(ctx, lineno, "bad CSV quoting");
			continue;
		}
		if (row.n < ab.ncols) {
			vg_ioc__warn(ctx, lineno, "%zu fields, expected %zu",
			    row.n, ab.ncols);
			continue;
		}
		switch (ab.kind) {
		case AB_FEODO:
		case AB_SSLBL_IP:
			r = add_addr(ctx, feed, row.f[ab.col_value],
			    VG_CAT_UNKNOWN, lineno);
			break;
		case AB_URLHAUS:
			r = add_name(ctx, feed, VG_IOC_URL, row.f[ab.col_value],
			    VG_CAT_UNKNOWN, lineno);
			break;
		case AB_SSLBL_SHA1:
			r = add_name(ctx, feed, VG_IOC_SHA1,
			    row.f[ab.col_value], VG_CAT_UNKNOWN, lineno);
			break;
		case AB_THREATFOX:
			r = threatfox_row(ctx, feed, &ab, &row, lineno);
			break;
		default:
			r = VG_ERR_INTERNAL;
			break;
		}
		if (r != 0)
			goto out;
	}
	r = 0;
 out:
	free(scratch);
	return r;
}
