/*
 * ioc_feed_json.c -- MISP events, MISP feed directories and STIX 2.0/2.1
 * bundles, into an indicator builder.
 *
 * Runs wherever feeds are loaded (`vigil intel compile', the scan
 * parent), never on the log path.  The input is bounded at
 * VG_MAX_JSON_FEED_BYTES before it is read.  MISP events, most of the
 * JSON by volume, go first to a small reader of our own that validates
 * the text as strictly as jansson and then reads only the members it
 * needs, without building a tree (see "fast JSON reader" below).  What
 * it refuses, STIX bundles and MISP manifests are parsed whole with
 * jansson, which bounds nesting at its compile-time JSON_PARSER_MAX_DEPTH
 * (2048) and rejects NUL in strings.  Both readers feed the same MISP
 * code, so they load the same indicators.  A loader that does not
 * recognise its top-level shape returns VG_ERR_FORMAT before declaring a
 * feed, so the dispatcher can try the next one.
 *
 * JSON has no useful line numbers once parsed, so the `line' kept with an
 * indicator and given in warnings is the ordinal of its record: the n-th
 * MISP attribute of the file (event attributes before object attributes,
 * in file order), or the n-th object of a STIX bundle.  Only syntax
 * errors carry a real line, from jansson.
 *
 * STIX patterns are not evaluated: every `path = 'value'' and `path IN
 * (...)' comparison on a known observable path is taken as an indicator,
 * whatever AND, OR or qualifiers join it to the rest.  An AND of two
 * observables thus lists both, which over-matches but never misses; a
 * negated comparison is never taken.  See docs/INTERNALS-ioc.md.
 */
#include "ioc.h"
#include "ioc_int.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include <jansson.h>

/* Longest value quoted in a warning, so a junk value gives a short line. */
#define EXCERPT_MAX	64

/*
 * Event file name characters allowed from a MISP manifest key.  Keys are
 * UUIDs; anything else (a '/', "..") could name a file outside the feed
 * directory, so it is refused.
 */
#define MANIFEST_KEY_MAX	64

/* What a MISP attribute type or STIX object path contributes. */
enum obs {
	OBS_NONE = 0,
	OBS_IP,			/* address or CIDR */
	OBS_IP_PORT,		/* "addr|port" */
	OBS_IP_OR_DOMAIN,	/* STIX network-traffic refs */
	OBS_DOMAIN,
	OBS_DOMAIN_PORT,	/* "host|port" */
	OBS_DOMAIN_IP,		/* "domain|addr" */
	OBS_URL,
	OBS_HASH,		/* type in the table */
	OBS_NAME_HASH,		/* "filename|hash" */
	OBS_ACCOUNT,
};

struct loadctx {
	struct vg_ioc__feedctx	*lc_fc;
	unsigned		 lc_feed;
	unsigned long		 lc_rec;	/* record number */
	bool			 lc_forced;	/* category from -i */
	bool			 lc_one_event;	/* its tags: the feed's */
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

/* A string member as a view; VG_STR_NULL when absent or not a string. */
static struct vg_str
jstr(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	if (!json_is_string(v))
		return VG_STR_NULL;
	return vg_str_make(json_string_value(v), json_string_length(v));
}

/* MISP writes booleans as true, "1", 1 or "true" depending on version. */
static bool
jnode_true(const json_t *v)
{
	struct vg_str s;

	if (json_is_true(v))
		return true;
	if (json_is_integer(v))
		return json_integer_value(v) != 0;
	if (json_is_string(v)) {
		s = vg_str_make(json_string_value(v), json_string_length(v));
		return VG_STR_EQ(s, "1") || vg_str_caseeq(s, "true", 4);
	}
	return false;
}

static bool
jtrue(const json_t *obj, const char *key)
{
	return jnode_true(json_object_get(obj, key));
}

/* Case-insensitive search for `w' as a whole word (alnum boundaries). */
static bool
has_word(struct vg_str s, const char *w)
{
	size_t n = strlen(w), i;

	for (i = 0; i + n <= s.len; i++) {
		if (!vg_str_caseeq(vg_str_make(s.p + i, n), w, n))
			continue;
		if (i > 0 && isalnum((unsigned char)s.p[i - 1]))
			continue;
		if (i + n < s.len && isalnum((unsigned char)s.p[i + n]))
			continue;
		return true;
	}
	return false;
}

/* False, after a warning, for a document too large to read. */
static bool
json_size_ok(struct vg_ioc__feedctx *fc)
{
	if (fc->fc_len <= (size_t)VG_MAX_JSON_FEED_BYTES)
		return true;
	vg_ioc__warn(fc, 0, "JSON document larger than %ld bytes",
	    VG_MAX_JSON_FEED_BYTES);
	return false;
}

/*
 * Parse the whole text.  Returns VG_ERR_FORMAT without a message when the
 * text is not JSON at all, so that the caller can decline it.
 */
static int
parse_doc(struct vg_ioc__feedctx *fc, json_t **rootp)
{
	json_error_t err;
	char ex[EXCERPT_MAX + 1];

	*rootp = NULL;
	if (!json_size_ok(fc))
		return VG_ERR_LIMIT;
	/* No JSON_REJECT_DUPLICATES: MISP exports do repeat keys. */
	*rootp = json_loadb(fc->fc_buf, fc->fc_len, 0, &err);
	if (*rootp == NULL) {
		vg_ioc__warn(fc, (unsigned long)VG_MAX(err.line, 0),
		    "bad JSON: %s", excerpt(vg_str_make(err.text,
		    strlen(err.text)), ex, sizeof(ex)));
		return VG_ERR_PARSE;
	}
	return 0;
}

/* Count an add, report a rejected value, pass real errors up. */
static int
added(struct loadctx *lc, int r, const char *what, struct vg_str value)
{
	char ex[EXCERPT_MAX + 1];

	if (r == 0) {
		lc->lc_fc->fc_added++;
		return 0;
	}
	if (r != VG_ERR_INVAL)
		return r;
	vg_ioc__warn(lc->lc_fc, lc->lc_rec, "bad %s \"%s\"", what,
	    excerpt(value, ex, sizeof(ex)));
	return 0;
}

static int
add_ip(struct loadctx *lc, struct vg_str v, enum vg_ioc_cat cat)
{
	struct vg_addr a;
	unsigned prefix;
	int r = VG_ERR_INVAL;

	v = vg_str_trim(v);
	if (vg_addr_parse_cidr(v, &a, &prefix))
		r = vg_ioc_builder_add_ip(lc->lc_fc->fc_b, lc->lc_feed, &a,
		    prefix, cat, lc->lc_rec);
	return added(lc, r, "IP address", v);
}

static int
add_name(struct loadctx *lc, enum vg_ioc_type type, struct vg_str v,
    enum vg_ioc_cat cat)
{
	int r;

	r = vg_ioc_builder_add(lc->lc_fc->fc_b, lc->lc_feed, type, v, cat,
	    lc->lc_rec);
	return added(lc, r, vg_ioc_type_name(type), v);
}

/* Split "a|b" at the last '|'; false when there is none. */
static bool
split_pipe(struct vg_str v, struct vg_str *ap, struct vg_str *bp)
{
	size_t i;

	for (i = v.len; i > 0; i--)
		if (v.p[i - 1] == '|') {
			*ap = vg_str_make(v.p, i - 1);
			*bp = vg_str_make(v.p + i, v.len - i);
			return true;
		}
	return false;
}

/* Add one observable of kind `obs' (type for the hash kinds). */
static int
add_obs(struct loadctx *lc, enum obs obs, enum vg_ioc_type type,
    struct vg_str v, enum vg_ioc_cat cat)
{
	struct vg_str a, b;
	struct vg_addr addr;
	unsigned prefix;
	int r;

	/* A category given with -i NAME:CATEGORY beats the document's. */
	if (lc->lc_forced)
		cat = VG_CAT_UNKNOWN;
	switch (obs) {
	case OBS_IP:
		return add_ip(lc, v, cat);
	case OBS_IP_PORT:
		if (!split_pipe(v, &a, &b))
			a = v;
		return add_ip(lc, a, cat);
	case OBS_IP_OR_DOMAIN:
		if (vg_addr_parse_cidr(vg_str_trim(v), &addr, &prefix))
			return add_ip(lc, v, cat);
		return add_name(lc, VG_IOC_DOMAIN, v, cat);
	case OBS_DOMAIN:
		return add_name(lc, VG_IOC_DOMAIN, v, cat);
	case OBS_DOMAIN_PORT:
		if (!split_pipe(v, &a, &b))
			a = v;
		return add_name(lc, VG_IOC_DOMAIN, a, cat);
	case OBS_DOMAIN_IP:
		if (!split_pipe(v, &a, &b))
			return added(lc, VG_ERR_INVAL, "domain|ip", v);
		if ((r = add_name(lc, VG_IOC_DOMAIN, a, cat)) != 0)
			return r;
		return add_ip(lc, b, cat);
	case OBS_URL:
		return add_name(lc, VG_IOC_URL, v, cat);
	case OBS_HASH:
		return add_name(lc, type, v, cat);
	case OBS_NAME_HASH:
		if (!split_pipe(v, &a, &b))
			return added(lc, VG_ERR_INVAL, "filename|hash", v);
		return add_name(lc, type, b, cat);
	case OBS_ACCOUNT:
		return add_name(lc, VG_IOC_ACCOUNT, v, cat);
	case OBS_NONE:
		break;
	}
	return 0;
}

/* ---------------------------------------------------- fast JSON reader */

/*
 * MISP events are read without jansson when they can be.  A parsed tree
 * costs an allocation per value, and an event carries far more than its
 * attributes (comments, UUIDs, galaxies, organisations); building and
 * freeing that tree took half the instructions of loading every feed.
 * The fast reader works on the text in two steps:
 *
 * 1. fj_valid() checks the whole document once, as strictly as jansson
 *    reads it (the same grammar, escapes, UTF-8 and NUL rules), without
 *    allocating.  Whatever it is not sure jansson would take the same way
 *    (nesting past FJ_MAX_DEPTH, integers strtoll might refuse, reals
 *    strtod might overflow) it refuses too.  A refused document goes to
 *    jansson, which either reads it or reports the error as it always
 *    did; nothing is added before the check passes, so a bad document
 *    never loads half way.
 *
 * 2. The MISP walker then reads the text through struct jval: an object
 *    member is found by scanning the object and skipping the values it
 *    does not want, and a string is undone only when it has escapes.
 *    The walker is the same code for jansson's tree and for the text, so
 *    what is loaded cannot depend on the reader.  These scans trust the
 *    validation for the grammar but not for memory safety: every one of
 *    them stops at the end of the buffer.
 */

/*
 * Deepest nesting of objects and arrays the fast reader follows.  MISP
 * events nest about ten deep (response, Event, Object, Attribute, Tag,
 * Galaxy, GalaxyCluster, meta); 64 leaves room, keeps the validator's
 * stack of open containers at 512 bytes and their kinds in one 64-bit
 * word.  A deeper document is read by jansson, which has its own bound
 * (JSON_PARSER_MAX_DEPTH, 2048).
 */
#define FJ_MAX_DEPTH	64

/*
 * Most digits of an integer the fast reader accepts: 18 always fits in
 * jansson's long long, so jansson would never call it "too big".  A
 * longer integer sends the document to jansson, which decides.
 */
#define FJ_MAX_INT_DIGITS	18

/*
 * Largest decimal exponent (integer digits plus exponent) of a real the
 * fast reader accepts: below 10^300 strtod cannot overflow, which jansson
 * reports as an error.  A larger one sends the document to jansson.
 */
#define FJ_MAX_REAL_DIGITS	300

/*
 * Longest object key compared after undoing its escapes.  The keys the
 * MISP walker looks for are shorter; a longer escaped key cannot match
 * and is not decoded further.
 */
#define FJ_KEY_MAX	32

static bool
fj_is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static const char *
fj_ws(const char *p, const char *end)
{
	while (p < end && fj_is_ws(*p))
		p++;
	return p;
}

/* The value of four hex digits at p (4 bytes available), or -1. */
static long
fj_hex4(const char *p)
{
	long v = 0;
	int i, c;

	for (i = 0; i < 4; i++) {
		c = (unsigned char)p[i];
		if (c >= '0' && c <= '9')
			c -= '0';
		else if (c >= 'a' && c <= 'f')
			c -= 'a' - 10;
		else if (c >= 'A' && c <= 'F')
			c -= 'A' - 10;
		else
			return -1;
		v = v << 4 | c;
	}
	return v;
}

/*
 * Check the string at p (on its opening quote) as jansson reads it: no
 * byte below 0x20, only the JSON escapes, no \u0000 (jansson refuses NUL
 * without JSON_ALLOW_NUL), UTF-16 surrogates only in pairs, and UTF-8
 * that jansson's utf8_check_full() accepts (no overlong forms, no
 * surrogates, nothing above U+10FFFF).  Returns the byte after the
 * closing quote, or NULL.  A string with escapes raises *escp to its
 * length, which bounds what undoing them writes.
 */
static const char *
fj_check_string(const char *p, const char *end, size_t *escp)
{
	const char *start = p++;
	unsigned char c;
	uint32_t cp;
	size_t n, i;
	long u, u2;
	bool esc = false;

	for (;;) {
		while (p < end && (unsigned char)*p >= 0x20 &&
		    (unsigned char)*p < 0x80 && *p != '"' && *p != '\\')
			p++;
		if (p == end)
			return NULL;
		c = (unsigned char)*p;
		if (c == '"')
			break;
		if (c == '\\') {
			esc = true;
			if (end - p < 2)
				return NULL;
			switch (p[1]) {
			case '"':
			case '\\':
			case '/':
			case 'b':
			case 'f':
			case 'n':
			case 'r':
			case 't':
				p += 2;
				continue;
			case 'u':
				break;
			default:
				return NULL;
			}
			if (end - p < 6 ||
			    (u = fj_hex4(p + 2)) <= 0)
				return NULL;
			p += 6;
			if (u >= 0xdc00 && u <= 0xdfff)
				return NULL;
			if (u >= 0xd800 && u <= 0xdbff) {
				if (end - p < 6 || p[0] != '\\' ||
				    p[1] != 'u' ||
				    (u2 = fj_hex4(p + 2)) < 0xdc00 ||
				    u2 > 0xdfff)
					return NULL;
				p += 6;
			}
			continue;
		}
		if (c < 0x20)
			return NULL;
		if (c >= 0xc2 && c <= 0xdf) {
			n = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 4;
			cp = c & 0x07;
		} else
			return NULL;
		if ((size_t)(end - p) < n)
			return NULL;
		for (i = 1; i < n; i++) {
			c = (unsigned char)p[i];
			if (c < 0x80 || c > 0xbf)
				return NULL;
			cp = cp << 6 | (c & 0x3f);
		}
		if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
		    (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000))
			return NULL;
		p += n;
	}
	if (esc && (size_t)(p - start) > *escp)
		*escp = (size_t)(p - start);
	return p + 1;
}

static bool
fj_is_digit(const char *p, const char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

/*
 * Check the number at p with jansson's grammar (no leading zeros, digits
 * after '.' and after the exponent).  Returns the byte after it, or NULL
 * when it is malformed or out of the range the fast reader accepts.
 */
static const char *
fj_check_number(const char *p, const char *end)
{
	const char *digits;
	size_t nint;
	long exp = 0;
	bool real = false, neg_exp = false;

	if (p < end && *p == '-')
		p++;
	digits = p;
	if (p < end && *p == '0')
		p++;
	else if (fj_is_digit(p, end))
		while (fj_is_digit(p, end))
			p++;
	else
		return NULL;
	nint = (size_t)(p - digits);
	if (p < end && *p == '.') {
		if (!fj_is_digit(++p, end))
			return NULL;
		while (fj_is_digit(p, end))
			p++;
		real = true;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			neg_exp = *p++ == '-';
		if (!fj_is_digit(p, end))
			return NULL;
		for (; fj_is_digit(p, end); p++)
			if (exp < 100000)
				exp = exp * 10 + (*p - '0');
		real = true;
	}
	if (!real && nint > FJ_MAX_INT_DIGITS)
		return NULL;
	if (real && !neg_exp && (long)nint + exp > FJ_MAX_REAL_DIGITS)
		return NULL;
	return p;
}

static const char *
fj_check_word(const char *p, const char *end, const char *w, size_t n)
{
	if ((size_t)(end - p) < n || memcmp(p, w, n) != 0)
		return NULL;
	return p + n;
}

/* A key, its ':' and the blanks around them; returns the byte after ':'. */
static const char *
fj_check_key(const char *p, const char *end, size_t *escp)
{
	p = fj_ws(p, end);
	if (p == end || *p != '"' ||
	    (p = fj_check_string(p, end, escp)) == NULL)
		return NULL;
	p = fj_ws(p, end);
	if (p == end || *p != ':')
		return NULL;
	return p + 1;
}

/*
 * Containers at least this long get their extent recorded while the text
 * is validated, so that the walker passes over them with one binary
 * search instead of scanning them again (it passes over the whole event
 * several times: to find each member of the root, of the event, of each
 * object).  Shorter ones cost less to scan than to look up.  Containers
 * of one depth are disjoint, so a level holds at most len / FJ_SPAN_MIN
 * of them; the table stops growing at that many entries (8 bytes per 64
 * bytes of text), and skips past the containers it lacks by scanning.
 */
#define FJ_SPAN_MIN	64

/* Offsets into the text: VG_MAX_JSON_FEED_BYTES keeps them in 32 bits. */
_Static_assert(VG_MAX_JSON_FEED_BYTES < UINT32_MAX, "fj_span offsets");

struct fj_span {
	uint32_t	sp_open;	/* offset of the '{' or '[' */
	uint32_t	sp_end;		/* offset after the matching close */
};

/* Text that fj_valid() accepted, and what it learned on the way. */
struct fj_text {
	const char	*ft_buf;
	const char	*ft_end;
	size_t		 ft_esc;	/* longest string with escapes */
	struct fj_span	*ft_spans;	/* sorted by sp_open */
	size_t		 ft_nspans;
	size_t		 ft_cap;
};

/*
 * Record a container's extent.  The table is only a short cut, so when
 * it is full or cannot grow the container is simply not recorded.
 */
static void
fj_span_add(struct fj_text *t, const char *open, const char *end)
{
	size_t max = (size_t)(t->ft_end - t->ft_buf) / FJ_SPAN_MIN + 1, cap;
	struct fj_span *ns;

	if (end - open < FJ_SPAN_MIN)
		return;
	if (t->ft_nspans == t->ft_cap) {
		if (t->ft_cap >= max)
			return;
		cap = t->ft_cap == 0 ? 64 : VG_MIN(t->ft_cap * 2, max);
		if ((ns = reallocarray(t->ft_spans, cap,
		    sizeof(*ns))) == NULL)
			return;
		t->ft_spans = ns;
		t->ft_cap = cap;
	}
	t->ft_spans[t->ft_nspans].sp_open = (uint32_t)(open - t->ft_buf);
	t->ft_spans[t->ft_nspans].sp_end = (uint32_t)(end - t->ft_buf);
	t->ft_nspans++;
}

static int
fj_span_cmp(const void *a, const void *b)
{
	const struct fj_span *x = a, *y = b;

	return x->sp_open < y->sp_open ? -1 : x->sp_open > y->sp_open;
}

/* The end of the recorded container opening at p, or NULL. */
static const char *
fj_span_end(const struct fj_text *t, const char *p)
{
	uint32_t off = (uint32_t)(p - t->ft_buf);
	size_t lo = 0, hi = t->ft_nspans, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->ft_spans[mid].sp_open < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < t->ft_nspans && t->ft_spans[lo].sp_open == off)
		return t->ft_buf + t->ft_spans[lo].sp_end;
	return NULL;
}

static void
fj_text_cleanup(struct fj_text *t)
{
	free(t->ft_spans);
	memset(t, 0, sizeof(*t));
}

/*
 * True when `buf' is one JSON object or array, with only blanks after
 * it, that jansson's json_loadb(buf, len, 0) reads the same way; *t then
 * describes it (release with fj_text_cleanup() whatever the result).
 * Iterative, with a fixed stack of FJ_MAX_DEPTH open containers, so a
 * hostile document costs one pass and at most the span table.
 */
static bool
fj_valid(const char *buf, size_t len, struct fj_text *t)
{
	const char *p, *end = buf + len, *open[FJ_MAX_DEPTH];
	uint64_t objs = 0;	/* bit d: the container at depth d + 1 is {} */
	unsigned depth = 0;
	bool obj;

	memset(t, 0, sizeof(*t));
	t->ft_buf = buf;
	t->ft_end = end;
	p = fj_ws(buf, end);
	if (p == end || (*p != '{' && *p != '['))
		return false;
	for (;;) {
		/* A value starts at p, after blanks. */
		p = fj_ws(p, end);
		if (p == end)
			return false;
		switch (*p) {
		case '{':
		case '[':
			if (depth == FJ_MAX_DEPTH)
				return false;
			obj = *p == '{';
			objs = (objs & ~((uint64_t)1 << depth)) |
			    ((uint64_t)obj << depth);
			open[depth++] = p;
			p = fj_ws(p + 1, end);
			if (p < end && *p == (obj ? '}' : ']')) {
				depth--;
				p++;
				break;
			}
			if (obj && (p = fj_check_key(p, end,
			    &t->ft_esc)) == NULL)
				return false;
			continue;
		case '"':
			p = fj_check_string(p, end, &t->ft_esc);
			break;
		case 't':
			p = fj_check_word(p, end, "true", 4);
			break;
		case 'f':
			p = fj_check_word(p, end, "false", 5);
			break;
		case 'n':
			p = fj_check_word(p, end, "null", 4);
			break;
		default:
			p = fj_check_number(p, end);
			break;
		}
		if (p == NULL)
			return false;
		/* After a value: close containers until a ',' or the end. */
		for (;;) {
			p = fj_ws(p, end);
			if (depth == 0) {
				if (p != end)
					return false;
				/* Closed inner first: sort for the search. */
				if (t->ft_nspans > 1)
					qsort(t->ft_spans, t->ft_nspans,
					    sizeof(*t->ft_spans),
					    fj_span_cmp);
				return true;
			}
			if (p == end)
				return false;
			obj = (objs >> (depth - 1) & 1) != 0;
			if (*p == ',') {
				p++;
				if (obj && (p = fj_check_key(p, end,
				    &t->ft_esc)) == NULL)
					return false;
				break;
			}
			if (*p != (obj ? '}' : ']'))
				return false;
			fj_span_add(t, open[--depth], ++p);
		}
	}
}

/*
 * The byte after the string at p (on its opening quote), or NULL.  In
 * validated text a quote ends the string unless an odd run of
 * backslashes precedes it.
 */
static const char *
fj_skip_string(const char *p, const char *end)
{
	const char *start = p + 1, *q, *b;

	for (p = start; p < end; p = q + 1) {
		if ((q = memchr(p, '"', (size_t)(end - p))) == NULL)
			return NULL;
		for (b = q; b > start && b[-1] == '\\'; b--)
			;
		if ((q - b) % 2 == 0)
			return q + 1;
	}
	return NULL;
}

/* The byte after the value at p; the end of the text if it ends first. */
static const char *
fj_skip_value(const struct fj_text *t, const char *p)
{
	const char *end = t->ft_end, *q;
	unsigned long depth = 0;

	if (p >= end)
		return end;
	switch (*p) {
	case '"':
		p = fj_skip_string(p, end);
		return p == NULL ? end : p;
	case '{':
	case '[':
		if (end - p >= 2 && p[1] == (*p == '{' ? '}' : ']'))
			return p + 2;
		if ((q = fj_span_end(t, p)) != NULL)
			return q;
		for (; p < end; p++) {
			switch (*p) {
			case '"':
				if ((p = fj_skip_string(p, end)) == NULL)
					return end;
				p--;
				break;
			case '{':
			case '[':
				depth++;
				break;
			case '}':
			case ']':
				if (--depth == 0)
					return p + 1;
				break;
			}
		}
		return end;
	default:
		while (p < end && *p != ',' && *p != '}' && *p != ']' &&
		    !fj_is_ws(*p))
			p++;
		return p;
	}
}

/*
 * Undo the escapes of a validated string's contents into out[0..size).
 * Returns the length, or SIZE_MAX when it does not fit (or, which
 * validation rules out, an escape is malformed).
 */
static size_t
fj_unescape(struct vg_str raw, char *out, size_t size)
{
	const char *p = raw.p, *end = raw.p + raw.len;
	uint32_t cp;
	size_t n = 0, w;
	long u, u2;
	char c;

	while (p < end) {
		if (*p != '\\') {
			if (n == size)
				return SIZE_MAX;
			out[n++] = *p++;
			continue;
		}
		if (end - p < 2)
			return SIZE_MAX;
		c = p[1];
		p += 2;
		if (c != 'u') {
			if (n == size)
				return SIZE_MAX;
			switch (c) {
			case 'b':
				c = '\b';
				break;
			case 'f':
				c = '\f';
				break;
			case 'n':
				c = '\n';
				break;
			case 'r':
				c = '\r';
				break;
			case 't':
				c = '\t';
				break;
			}
			out[n++] = c;
			continue;
		}
		if (end - p < 4 || (u = fj_hex4(p)) < 0)
			return SIZE_MAX;
		p += 4;
		cp = (uint32_t)u;
		if (u >= 0xd800 && u <= 0xdbff) {
			if (end - p < 6 || p[0] != '\\' || p[1] != 'u' ||
			    (u2 = fj_hex4(p + 2)) < 0xdc00 || u2 > 0xdfff)
				return SIZE_MAX;
			cp = (uint32_t)(((u - 0xd800) << 10) + (u2 - 0xdc00) +
			    0x10000);
			p += 6;
		}
		/* UTF-8, as jansson's utf8_encode() writes it. */
		w = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		if (size - n < w)
			return SIZE_MAX;
		switch (w) {
		case 1:
			out[n] = (char)cp;
			break;
		case 2:
			out[n] = (char)(0xc0 | cp >> 6);
			out[n + 1] = (char)(0x80 | (cp & 0x3f));
			break;
		case 3:
			out[n] = (char)(0xe0 | cp >> 12);
			out[n + 1] = (char)(0x80 | (cp >> 6 & 0x3f));
			out[n + 2] = (char)(0x80 | (cp & 0x3f));
			break;
		default:
			out[n] = (char)(0xf0 | cp >> 18);
			out[n + 1] = (char)(0x80 | (cp >> 12 & 0x3f));
			out[n + 2] = (char)(0x80 | (cp >> 6 & 0x3f));
			out[n + 3] = (char)(0x80 | (cp & 0x3f));
			break;
		}
		n += w;
	}
	return n;
}

/* ------------------------------------------- values of either reader */

/*
 * A JSON value as the MISP walker sees it: a node of jansson's tree, or
 * the first byte of the value in text fj_valid() accepted.  Both NULL:
 * the value is absent (json_object_get() found nothing).
 */
struct jval {
	const json_t	*jv_node;
	const char	*jv_p;
};

#define JV_NONE		((struct jval){ NULL, NULL })

/* Scratch buffers for undone strings; see jv_str(). */
#define JDOC_SLOTS	2

/* A document open for the walker. */
struct jdoc {
	json_t		*jd_tree;	/* jansson's tree, or NULL */
	struct fj_text	 jd_text;	/* or the validated text */
	const char	*jd_end;	/* its end */
	char		*jd_scratch[JDOC_SLOTS];
	size_t		 jd_scratch_len;	/* size of each */
	struct jval	 jd_root;
};

struct jkey {
	const char	*k_name;
	size_t		 k_len;
};

#define JKEY(s)		{ (s), sizeof(s) - 1 }

struct jiter {
	const json_t	*ji_arr;	/* jansson: the array */
	size_t		 ji_i;
	const char	*ji_p;		/* text: the next element, or NULL */
};

/*
 * VIGIL_FEED_JSON picks the reader of MISP documents: "jansson" sends
 * every one to jansson, as before the fast reader existed; "fast" uses
 * the fast reader alone and reports what it refuses as bad JSON.  The
 * unit tests and the differential fuzzer compare the readers with them,
 * and "jansson" is the way back should the fast reader ever misread a
 * feed.  Unset (or anything else): the fast reader, then jansson.
 */
enum json_reader {
	READER_BOTH,
	READER_JANSSON,
	READER_FAST,
};

static enum json_reader
json_reader(void)
{
	const char *v = getenv("VIGIL_FEED_JSON");

	if (v == NULL)
		return READER_BOTH;
	if (strcmp(v, "jansson") == 0)
		return READER_JANSSON;
	if (strcmp(v, "fast") == 0)
		return READER_FAST;
	return READER_BOTH;
}

static bool
jv_is_object(struct jval v)
{
	if (v.jv_node != NULL)
		return json_is_object(v.jv_node);
	return v.jv_p != NULL && *v.jv_p == '{';
}

static bool
jv_is_array(struct jval v)
{
	if (v.jv_node != NULL)
		return json_is_array(v.jv_node);
	return v.jv_p != NULL && *v.jv_p == '[';
}

/*
 * Members keys[0..n) of `obj' into vals[] (JV_NONE when absent, and all
 * of them when obj is not an object).  A key given twice yields its last
 * value, as jansson keeps it.  One scan of the object for all the keys.
 */
static void
jv_members(const struct jdoc *d, struct jval obj, const struct jkey *keys,
    size_t n, struct jval *vals)
{
	const char *p = obj.jv_p, *end = d->jd_end, *k;
	char kbuf[FJ_KEY_MAX];
	struct vg_str key;
	size_t i, klen;

	for (i = 0; i < n; i++) {
		vals[i] = JV_NONE;
		if (obj.jv_node != NULL)
			vals[i].jv_node = json_object_get(obj.jv_node,
			    keys[i].k_name);
	}
	if (!jv_is_object(obj) || obj.jv_node != NULL)
		return;
	for (p++;;) {
		p = fj_ws(p, end);
		if (p < end && *p == ',')
			p = fj_ws(p + 1, end);
		if (p == end || *p != '"')
			return;		/* the closing '}' */
		k = p + 1;
		if ((p = fj_skip_string(p, end)) == NULL)
			return;
		key = vg_str_make(k, (size_t)(p - 1 - k));
		/* A key too long for kbuf is longer than any we look for. */
		klen = 0;
		if (memchr(key.p, '\\', key.len) != NULL &&
		    (klen = fj_unescape(key, kbuf, sizeof(kbuf))) != SIZE_MAX)
			key = vg_str_make(kbuf, klen);
		p = fj_ws(p, end);
		if (p == end || *p != ':')
			return;
		p = fj_ws(p + 1, end);
		for (i = 0; i < n && klen != SIZE_MAX; i++)
			if (vg_str_eq(key, keys[i].k_name, keys[i].k_len))
				vals[i].jv_p = p;
		p = fj_skip_value(&d->jd_text, p);
	}
}

/*
 * A string value as a view; VG_STR_NULL when absent or not a string.
 * Text with escapes is undone into scratch buffer `slot', so the view
 * lasts until that slot is used again; two views needed at once take
 * different slots.
 */
static struct vg_str
jv_str(const struct jdoc *d, struct jval v, unsigned slot)
{
	const char *q;
	struct vg_str raw;
	size_t n;

	if (v.jv_node != NULL) {
		if (!json_is_string(v.jv_node))
			return VG_STR_NULL;
		return vg_str_make(json_string_value(v.jv_node),
		    json_string_length(v.jv_node));
	}
	if (v.jv_p == NULL || *v.jv_p != '"' ||
	    (q = fj_skip_string(v.jv_p, d->jd_end)) == NULL)
		return VG_STR_NULL;
	raw = vg_str_make(v.jv_p + 1, (size_t)(q - 1 - (v.jv_p + 1)));
	if (memchr(raw.p, '\\', raw.len) == NULL)
		return raw;
	/* jdoc_open() sized the slots for the longest escaped string. */
	if (slot >= JDOC_SLOTS || (n = fj_unescape(raw,
	    d->jd_scratch[slot], d->jd_scratch_len)) == SIZE_MAX)
		return VG_STR_NULL;
	return vg_str_make(d->jd_scratch[slot], n);
}

/* jnode_true() of either reader; a string takes scratch slot 0. */
static bool
jv_true(const struct jdoc *d, struct jval v)
{
	const char *p = v.jv_p, *q;
	struct vg_str s;

	if (v.jv_node != NULL)
		return jnode_true(v.jv_node);
	if (p == NULL)
		return false;
	if (*p == 't')
		return true;
	if (*p == '"') {
		s = jv_str(d, v, 0);
		return VG_STR_EQ(s, "1") || vg_str_caseeq(s, "true", 4);
	}
	if (*p != '-' && !fj_is_digit(p, d->jd_end))
		return false;
	/* A number: jansson's integer unless it has a fraction or exponent. */
	q = fj_skip_value(&d->jd_text, p);
	if (memchr(p, '.', (size_t)(q - p)) != NULL ||
	    memchr(p, 'e', (size_t)(q - p)) != NULL ||
	    memchr(p, 'E', (size_t)(q - p)) != NULL)
		return false;
	/* Without leading zeros, only "0" and "-0" are zero. */
	s = vg_str_make(p, (size_t)(q - p));
	return !VG_STR_EQ(s, "0") && !VG_STR_EQ(s, "-0");
}

/* Iterate over an array; anything else has no elements. */
static void
jv_iter(const struct jdoc *d, struct jval arr, struct jiter *it)
{
	memset(it, 0, sizeof(*it));
	if (!jv_is_array(arr))
		return;
	if (arr.jv_node != NULL)
		it->ji_arr = arr.jv_node;
	else
		it->ji_p = arr.jv_p + 1;
}

static bool
jv_next(const struct jdoc *d, struct jiter *it, struct jval *vp)
{
	const char *p = it->ji_p, *end = d->jd_end;

	*vp = JV_NONE;
	if (it->ji_arr != NULL) {
		if (it->ji_i >= json_array_size(it->ji_arr))
			return false;
		vp->jv_node = json_array_get(it->ji_arr, it->ji_i++);
		return true;
	}
	if (p == NULL)
		return false;
	p = fj_ws(p, end);
	if (p < end && *p == ',')
		p = fj_ws(p + 1, end);
	if (p == end || *p == ']') {
		it->ji_p = NULL;
		return false;
	}
	vp->jv_p = p;
	it->ji_p = fj_skip_value(&d->jd_text, p);
	return true;
}

/*
 * Open fc's text for the walker: with the fast reader when fj_valid()
 * accepts it, else with jansson.  Returns 0, or what parse_doc() returns
 * (VG_ERR_PARSE and VG_ERR_LIMIT after a warning), or VG_ERR_NOMEM.
 * Release with jdoc_close() whatever the result.
 */
static int
jdoc_open(struct vg_ioc__feedctx *fc, struct jdoc *d)
{
	enum json_reader reader = json_reader();
	size_t esc, i;
	int r;

	memset(d, 0, sizeof(*d));
	if (!json_size_ok(fc))
		return VG_ERR_LIMIT;
	if (reader != READER_JANSSON && fj_valid(fc->fc_buf, fc->fc_len,
	    &d->jd_text)) {
		d->jd_end = d->jd_text.ft_end;
		d->jd_root.jv_p = fj_ws(fc->fc_buf, d->jd_end);
		/* Undone escapes are never longer than the escaped text. */
		esc = d->jd_scratch_len = d->jd_text.ft_esc;
		for (i = 0; esc > 0 && i < JDOC_SLOTS; i++)
			if ((d->jd_scratch[i] = malloc(esc)) == NULL)
				return VG_ERR_NOMEM;
		return 0;
	}
	fj_text_cleanup(&d->jd_text);
	if (reader == READER_FAST) {
		vg_ioc__warn(fc, 0, "bad JSON: refused by the fast reader");
		return VG_ERR_PARSE;
	}
	if ((r = parse_doc(fc, &d->jd_tree)) != 0)
		return r;
	d->jd_root.jv_node = d->jd_tree;
	return 0;
}

static void
jdoc_close(struct jdoc *d)
{
	size_t i;

	json_decref(d->jd_tree);
	fj_text_cleanup(&d->jd_text);
	for (i = 0; i < JDOC_SLOTS; i++)
		free(d->jd_scratch[i]);
	memset(d, 0, sizeof(*d));
}

/* ---------------------------------------------------------------- MISP */

static const struct {
	const char		*type;
	enum obs		 obs;
	enum vg_ioc_type	 hash;
} misp_types[] = {
	{ "ip-src", OBS_IP, 0 },
	{ "ip-dst", OBS_IP, 0 },
	{ "ip-src|port", OBS_IP_PORT, 0 },
	{ "ip-dst|port", OBS_IP_PORT, 0 },
	{ "domain", OBS_DOMAIN, 0 },
	{ "hostname", OBS_DOMAIN, 0 },
	{ "hostname|port", OBS_DOMAIN_PORT, 0 },
	{ "domain|ip", OBS_DOMAIN_IP, 0 },
	{ "url", OBS_URL, 0 },
	{ "md5", OBS_HASH, VG_IOC_MD5 },
	{ "sha1", OBS_HASH, VG_IOC_SHA1 },
	{ "sha256", OBS_HASH, VG_IOC_SHA256 },
	{ "sha512", OBS_HASH, VG_IOC_SHA512 },
	{ "filename|md5", OBS_NAME_HASH, VG_IOC_MD5 },
	{ "filename|sha1", OBS_NAME_HASH, VG_IOC_SHA1 },
	{ "filename|sha256", OBS_NAME_HASH, VG_IOC_SHA256 },
	{ "filename|sha512", OBS_NAME_HASH, VG_IOC_SHA512 },
	/* Certificate fingerprints, as the SSLBL CSV lists them. */
	{ "x509-fingerprint-md5", OBS_HASH, VG_IOC_MD5 },
	{ "x509-fingerprint-sha1", OBS_HASH, VG_IOC_SHA1 },
	{ "x509-fingerprint-sha256", OBS_HASH, VG_IOC_SHA256 },
	{ "email-src", OBS_ACCOUNT, 0 },
	{ "email-dst", OBS_ACCOUNT, 0 },
	{ "email", OBS_ACCOUNT, 0 },
};

/*
 * Category of an event from its tags.  MITRE ATT&CK galaxy tags are
 * skipped: they name techniques ("Exfiltration Over C2 Channel") and say
 * nothing of what the listed values are.  C2 outranks botnet, which
 * outranks scanner, since a more specific tag is the better label.
 */
static enum vg_ioc_cat
misp_event_cat(const struct jdoc *d, struct jval tags)
{
	static const struct jkey k_name[] = { JKEY("name") };
	enum vg_ioc_cat cat = VG_CAT_MALWARE;
	struct jval t, v;
	struct jiter it;
	struct vg_str name;
	int rank = 0;

	jv_iter(d, tags, &it);
	while (jv_next(d, &it, &t)) {
		jv_members(d, t, k_name, 1, &v);
		name = jv_str(d, v, 0);
		if (VG_STR_PREFIX(name, "misp-galaxy:mitre-"))
			continue;
		if (rank < 3 && (has_word(name, "c2") ||
		    has_word(name, "c&c") || has_word(name, "cnc") ||
		    has_word(name, "command and control") ||
		    has_word(name, "command-and-control"))) {
			cat = VG_CAT_C2;
			rank = 3;
		} else if (rank < 2 && has_word(name, "botnet")) {
			cat = VG_CAT_BOTNET;
			rank = 2;
		} else if (rank < 1 && has_word(name, "scanner")) {
			cat = VG_CAT_SCANNER;
			rank = 1;
		}
	}
	return cat;
}

static int
misp_attr(struct loadctx *lc, const struct jdoc *d, struct jval attr,
    enum vg_ioc_cat cat)
{
	static const struct jkey keys[] = {
		JKEY("deleted"), JKEY("type"), JKEY("value"),
	};
	struct jval v[VG_ARRAY_LEN(keys)];
	struct vg_str type, value;
	size_t i;

	lc->lc_rec++;
	if (!jv_is_object(attr)) {
		vg_ioc__warn(lc->lc_fc, lc->lc_rec, "attribute is not an "
		    "object");
		return 0;
	}
	jv_members(d, attr, keys, VG_ARRAY_LEN(keys), v);
	if (jv_true(d, v[0]))
		return 0;
	type = jv_str(d, v[1], 0);
	value = jv_str(d, v[2], 1);
	if (type.p == NULL || value.p == NULL) {
		vg_ioc__warn(lc->lc_fc, lc->lc_rec, "attribute without type "
		    "or value");
		return 0;
	}
	/* Types we do not index (text, link, yara...) are not errors. */
	for (i = 0; i < VG_ARRAY_LEN(misp_types); i++)
		if (vg_str_eq(type, misp_types[i].type,
		    strlen(misp_types[i].type)))
			return add_obs(lc, misp_types[i].obs,
			    misp_types[i].hash, value, cat);
	return 0;
}

static int
misp_attrs(struct loadctx *lc, const struct jdoc *d, struct jval attrs,
    enum vg_ioc_cat cat)
{
	struct jiter it;
	struct jval a;
	int r;

	jv_iter(d, attrs, &it);
	while (jv_next(d, &it, &a))
		if ((r = misp_attr(lc, d, a, cat)) != 0)
			return r;
	return 0;
}

static int
misp_event(struct loadctx *lc, const struct jdoc *d, struct jval event)
{
	static const struct jkey keys[] = {
		JKEY("Tag"), JKEY("Attribute"), JKEY("Object"),
	};
	static const struct jkey okeys[] = {
		JKEY("deleted"), JKEY("Attribute"),
	};
	struct jval v[VG_ARRAY_LEN(keys)], ov[VG_ARRAY_LEN(okeys)], o;
	enum vg_ioc_cat cat;
	struct jiter it;
	int r;

	jv_members(d, event, keys, VG_ARRAY_LEN(keys), v);
	cat = misp_event_cat(d, v[0]);
	/* One event: its tags are the category of the whole feed. */
	if (lc->lc_one_event)
		vg_ioc_builder_feed_cat(lc->lc_fc->fc_b, lc->lc_feed, cat);
	if ((r = misp_attrs(lc, d, v[1], cat)) != 0)
		return r;
	jv_iter(d, v[2], &it);
	while (jv_next(d, &it, &o)) {
		jv_members(d, o, okeys, VG_ARRAY_LEN(okeys), ov);
		if (jv_true(d, ov[0]))
			continue;
		if ((r = misp_attrs(lc, d, ov[1], cat)) != 0)
			return r;
	}
	return 0;
}

/* The event of {"Event": {...}}, or JV_NONE. */
static struct jval
misp_unwrap(const struct jdoc *d, struct jval v)
{
	static const struct jkey k_event[] = { JKEY("Event") };
	struct jval e;

	jv_members(d, v, k_event, 1, &e);
	return jv_is_object(e) ? e : JV_NONE;
}

/*
 * The events of a document: {"Event": ...}, {"response": [{"Event":
 * ...}, ...]} (restSearch), {"response": {"Event": ...}} or a bare array
 * of {"Event": ...} (older exports).  Sets *singlep when the document is
 * one event, else *listp to the array to iterate (JV_NONE when neither).
 */
static void
misp_events(const struct jdoc *d, struct jval *singlep, struct jval *listp)
{
	static const struct jkey keys[] = {
		JKEY("Event"), JKEY("response"),
	};
	struct jval root = d->jd_root, v[VG_ARRAY_LEN(keys)], resp;

	*singlep = JV_NONE;
	*listp = JV_NONE;
	jv_members(d, root, keys, VG_ARRAY_LEN(keys), v);
	if (jv_is_object(v[0])) {
		*singlep = v[0];
		return;
	}
	resp = jv_is_array(root) ? root : v[1];
	if (jv_is_object(resp))
		*singlep = misp_unwrap(d, resp);
	else if (jv_is_array(resp))
		*listp = resp;
}

/*
 * How many events a document holds, counting no further than 2: 0 means
 * it is not MISP, and only a document of one event names the feed's
 * category.
 */
static unsigned
misp_count(const struct jdoc *d, struct jval single, struct jval list)
{
	struct jiter it;
	struct jval v;
	unsigned n = 0;

	if (jv_is_object(single))
		return 1;
	jv_iter(d, list, &it);
	while (n < 2 && jv_next(d, &it, &v))
		if (jv_is_object(misp_unwrap(d, v)))
			n++;
	return n;
}

static int
misp_doc(struct loadctx *lc, const struct jdoc *d, struct jval single,
    struct jval list)
{
	struct jiter it;
	struct jval v, e;
	int r;

	if (jv_is_object(single))
		return misp_event(lc, d, single);
	jv_iter(d, list, &it);
	while (jv_next(d, &it, &v))
		if (jv_is_object(e = misp_unwrap(d, v)) &&
		    (r = misp_event(lc, d, e)) != 0)
			return r;
	return 0;
}

/* The text has "Event" somewhere: cheap, before a full parse. */
static bool
misp_sniff(const struct vg_ioc__feedctx *fc)
{
	return VG_STR_FIND(vg_str_make(fc->fc_buf, fc->fc_len),
	    "\"Event\"") >= 0;
}

int
vg_ioc__load_misp(struct vg_ioc__feedctx *fc)
{
	struct loadctx lc = { .lc_fc = fc };
	struct jval single, list;
	struct jdoc d;
	unsigned n;
	int r = VG_ERR_INTERNAL;

	if (!misp_sniff(fc))
		return VG_ERR_FORMAT;
	if ((r = jdoc_open(fc, &d)) != 0)
		goto out;
	misp_events(&d, &single, &list);
	if ((n = misp_count(&d, single, list)) == 0) {
		r = VG_ERR_FORMAT;
		goto out;
	}
	if ((r = vg_ioc__feed(fc, NULL, VG_CAT_MALWARE, &lc.lc_feed)) != 0)
		goto out;
	lc.lc_forced = vg_ioc__cat_forced(fc);
	lc.lc_one_event = n == 1 && !lc.lc_forced;
	r = misp_doc(&lc, &d, single, list);
 out:
	jdoc_close(&d);
	return r;
}

/* ------------------------------------------------------ MISP feed dir */

/*
 * Read a whole file of at most VG_MAX_FEED_BYTES.  Returns 0,
 * VG_ERR_SYSTEM with errno set (ENOENT for a missing file), VG_ERR_LIMIT,
 * VG_ERR_INVAL for a non-regular file, or VG_ERR_NOMEM.
 */
static int
read_whole(const char *path, char **bufp, size_t *lenp)
{
	struct stat st;
	char *buf = NULL, *nb;
	size_t len = 0, cap;
	ssize_t n;
	int fd, r = VG_ERR_INTERNAL, saved;

	*bufp = NULL;
	*lenp = 0;
	/* O_NONBLOCK: a FIFO put in the directory must not hang us. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1)
		return VG_ERR_SYSTEM;
	if (fstat(fd, &st) == -1) {
		r = VG_ERR_SYSTEM;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		r = VG_ERR_INVAL;
		goto out;
	}
	if (st.st_size > VG_MAX_FEED_BYTES) {
		r = VG_ERR_LIMIT;
		goto out;
	}
	/* The file may grow while read; the bound is rechecked as we go. */
	cap = (size_t)st.st_size + 1;
	if ((buf = malloc(cap)) == NULL) {
		r = VG_ERR_NOMEM;
		goto out;
	}
	for (;;) {
		if (len == cap) {
			if (cap > (size_t)VG_MAX_FEED_BYTES) {
				r = VG_ERR_LIMIT;
				goto out;
			}
			cap = VG_MIN(cap * 2, (size_t)VG_MAX_FEED_BYTES + 1);
			if ((nb = realloc(buf, cap)) == NULL) {
				r = VG_ERR_NOMEM;
				goto out;
			}
			buf = nb;
		}
		n = read(fd, buf + len, cap - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			r = VG_ERR_SYSTEM;
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > (size_t)VG_MAX_FEED_BYTES) {
		r = VG_ERR_LIMIT;
		goto out;
	}
	*bufp = buf;
	*lenp = len;
	buf = NULL;
	r = 0;
 out:
	saved = errno;
	free(buf);
	close(fd);
	errno = saved;
	return r;
}

/* A manifest key is usable as a file name: a UUID, or near enough. */
static bool
manifest_key_ok(const char *key)
{
	size_t i;

	for (i = 0; key[i] != '\0'; i++)
		if (i >= MANIFEST_KEY_MAX ||
		    !(isxdigit((unsigned char)key[i]) || key[i] == '-'))
			return false;
	return i > 0;
}

static const char *
read_error(int r, char *buf, size_t size)
{
	if (r == VG_ERR_SYSTEM)
		snprintf(buf, size, "%s", strerror(errno));
	else if (r == VG_ERR_INVAL)
		snprintf(buf, size, "not a regular file");
	else if (r == VG_ERR_LIMIT)
		snprintf(buf, size, "larger than %ld bytes",
		    VG_MAX_FEED_BYTES);
	else
		snprintf(buf, size, "%s", vg_strerror(r));
	return buf;
}

/* One event file of a feed directory; bad files are warned and skipped. */
static int
misp_dir_event(struct loadctx *lc, struct vg_ioc__feedctx *fc,
    const char *path)
{
	char *buf = NULL, msg[VG_DIAG_MSG_MAX];
	struct jval single, list;
	struct jdoc d;
	size_t len;
	int r;

	fc->fc_path = path;
	if ((r = read_whole(path, &buf, &len)) != 0) {
		if (r == VG_ERR_NOMEM)
			return r;
		if (r == VG_ERR_SYSTEM && errno == ENOENT)
			vg_ioc__warn(fc, 0, "listed in manifest.json but "
			    "missing");
		else
			vg_ioc__warn(fc, 0, "%s", read_error(r, msg,
			    sizeof(msg)));
		return 0;
	}
	fc->fc_buf = buf;
	fc->fc_len = len;
	if ((r = jdoc_open(fc, &d)) != 0) {
		r = r == VG_ERR_NOMEM ? r : 0;
		goto out;
	}
	misp_events(&d, &single, &list);
	if (misp_count(&d, single, list) == 0) {
		vg_ioc__warn(fc, 0, "not a MISP event");
		goto out;
	}
	lc->lc_rec = 0;
	r = misp_doc(lc, &d, single, list);
 out:
	jdoc_close(&d);
	free(buf);
	fc->fc_buf = NULL;
	fc->fc_len = 0;
	return r;
}

int
vg_ioc__load_misp_dir(struct vg_ioc_builder *b, const char *dir,
    const char *name, vg_ioc_warn_fn *warn, void *warn_arg,
    struct vg_diag *diag)
{
	struct vg_ioc__feedctx fc = {
		.fc_b = b,
		.fc_path = dir,
		.fc_name = name,
		.fc_warn = warn,
		.fc_warn_arg = warn_arg,
	};
	struct loadctx lc = { .lc_fc = &fc };
	char path[PATH_MAX], dflt[VG_MAX_FEED_NAME], msg[VG_DIAG_MSG_MAX];
	char ex[EXCERPT_MAX + 1];
	const char *key, *base;
	char *buf = NULL;
	json_t *manifest = NULL, *v;
	json_error_t err;
	size_t len, dirlen;
	int r = VG_ERR_INTERNAL;

	memset(diag, 0, sizeof(*diag));
	diag->src = dir;
	dirlen = strlen(dir);
	while (dirlen > 1 && dir[dirlen - 1] == '/')
		dirlen--;
	if ((size_t)snprintf(path, sizeof(path), "%.*s/manifest.json",
	    (int)dirlen, dir) >= sizeof(path)) {
		snprintf(diag->msg, sizeof(diag->msg), "path too long");
		return VG_ERR_INVAL;
	}
	if ((r = read_whole(path, &buf, &len)) != 0) {
		if (r == VG_ERR_SYSTEM && errno == ENOENT) {
			snprintf(diag->msg, sizeof(diag->msg), "directory "
			    "without manifest.json is not a MISP feed");
			r = VG_ERR_FORMAT;
		} else {
			snprintf(diag->msg, sizeof(diag->msg),
			    "manifest.json: %s", read_error(r, msg,
			    sizeof(msg)));
			r = r == VG_ERR_NOMEM ? r : VG_ERR_IO;
		}
		goto out;
	}
	if ((manifest = json_loadb(buf, len, 0, &err)) == NULL) {
		diag->line = (unsigned long)VG_MAX(err.line, 0);
		snprintf(diag->msg, sizeof(diag->msg), "manifest.json: %s",
		    excerpt(vg_str_make(err.text, strlen(err.text)), ex,
		    sizeof(ex)));
		r = VG_ERR_PARSE;
		goto out;
	}
	if (!json_is_object(manifest)) {
		snprintf(diag->msg, sizeof(diag->msg), "manifest.json is not "
		    "an object keyed by event UUID");
		r = VG_ERR_PARSE;
		goto out;
	}
	/* The feed is named after the directory: "misp_feed_crowdsec". */
	for (base = dir + dirlen; base > dir && base[-1] != '/'; base--)
		;
	snprintf(dflt, sizeof(dflt), "%.*s", (int)(dir + dirlen - base),
	    base);
	if ((r = vg_ioc__feed(&fc, dflt, VG_CAT_MALWARE, &lc.lc_feed)) != 0) {
		snprintf(diag->msg, sizeof(diag->msg), "%s", vg_strerror(r));
		goto out;
	}
	lc.lc_forced = vg_ioc__cat_forced(&fc);
	json_object_foreach(manifest, key, v) {
		if (!manifest_key_ok(key)) {
			fc.fc_path = dir;
			vg_ioc__warn(&fc, 0, "manifest.json: event key \"%s\" "
			    "is not a UUID", excerpt(vg_str_make(key,
			    strlen(key)), ex, sizeof(ex)));
			continue;
		}
		if ((size_t)snprintf(path, sizeof(path), "%.*s/%s.json",
		    (int)dirlen, dir, key) >= sizeof(path)) {
			fc.fc_path = dir;
			vg_ioc__warn(&fc, 0, "path of event %s too long", key);
			continue;
		}
		if ((r = misp_dir_event(&lc, &fc, path)) != 0) {
			snprintf(diag->msg, sizeof(diag->msg), "%s.json: %s",
			    key, vg_strerror(r));
			goto out;
		}
	}
	r = 0;
 out:
	json_decref(manifest);
	free(buf);
	return r;
}

/* ---------------------------------------------------------------- STIX */

enum stix_tok {
	T_END = 0,
	T_ERR,
	T_LBRACK,
	T_RBRACK,
	T_LPAREN,
	T_RPAREN,
	T_COMMA,
	T_OP,		/* = != < > <= >= */
	T_STRING,	/* 'text', escapes not yet undone */
	T_TYPED,	/* t'...', b'...', h'...': never an observable value */
	T_PATH,		/* object-type:property.path */
	T_WORD,		/* keyword, number, true, false */
};

struct stix_lex {
	const char	*p, *end;
};

static bool
path_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' ||
	    c == '.' || c == ':' || c == '*' || c == '+';
}

/* Skip a 'quoted' run at `p' (on the quote); NULL if unterminated. */
static const char *
skip_quoted(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p == '\\') {
			if (++p == end)
				return NULL;
		} else if (*p == '\'')
			return p + 1;
	}
	return NULL;
}

/*
 * Next token of a STIX pattern.  Only the structure matters to us: the
 * lexer accepts any keyword as a T_WORD and leaves the grammar alone.
 * An object path may hold 'quoted' components (hashes.'SHA-256') and
 * list indexes ([*], [0]); an index is told from an observation bracket
 * by following a path with no space between.
 */
static enum stix_tok
stix_next(struct stix_lex *lx, struct vg_str *textp)
{
	const char *p = lx->p, *end = lx->end, *start, *q;
	bool path = false;
	enum stix_tok t;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' ||
	    *p == '\n'))
		p++;
	start = p;
	*textp = VG_STR_NULL;
	if (p == end) {
		lx->p = p;
		return T_END;
	}
	switch (*p) {
	case '[':
		t = T_LBRACK;
		p++;
		break;
	case ']':
		t = T_RBRACK;
		p++;
		break;
	case '(':
		t = T_LPAREN;
		p++;
		break;
	case ')':
		t = T_RPAREN;
		p++;
		break;
	case ',':
		t = T_COMMA;
		p++;
		break;
	case '=':
		t = T_OP;
		p++;
		break;
	case '!':
	case '<':
	case '>':
		t = T_OP;
		if (*p == '!' && (p + 1 == end || p[1] != '='))
			return T_ERR;
		p++;
		if (p < end && *p == '=')
			p++;
		break;
	case '\'':
		if ((q = skip_quoted(p, end)) == NULL)
			return T_ERR;
		*textp = vg_str_make(p + 1, (size_t)(q - p - 2));
		lx->p = q;
		return T_STRING;
	default:
		if (!path_char(*p))
			return T_ERR;
		if (p + 1 < end && p[1] == '\'' &&
		    (*p == 't' || *p == 'b' || *p == 'h')) {
			if ((q = skip_quoted(p + 1, end)) == NULL)
				return T_ERR;
			lx->p = q;
			return T_TYPED;
		}
		while (p < end) {
			if (path_char(*p)) {
				path = path || *p == ':';
				p++;
			} else if (*p == '\'' && path && p[-1] == '.') {
				if ((p = skip_quoted(p, end)) == NULL)
					return T_ERR;
			} else if (*p == '[' && path && p + 2 < end &&
			    (p[1] == '*' || isdigit((unsigned char)p[1]))) {
				for (q = p + 1; q < end &&
				    (*q == '*' || isdigit((unsigned char)*q));
				    q++)
					;
				if (q == end || *q != ']')
					return T_ERR;
				p = q + 1;
			} else
				break;
		}
		t = path ? T_PATH : T_WORD;
		break;
	}
	*textp = vg_str_make(start, (size_t)(p - start));
	lx->p = p;
	return t;
}

/* Lex the whole pattern once: brackets balanced, every token known. */
static bool
stix_valid(struct vg_str pattern)
{
	struct stix_lex lx = { pattern.p, pattern.p + pattern.len };
	struct vg_str text;
	enum stix_tok t;
	long depth = 0;
	bool obs = false;

	while ((t = stix_next(&lx, &text)) != T_END) {
		if (t == T_ERR)
			return false;
		if (t == T_LBRACK || t == T_LPAREN) {
			obs = obs || t == T_LBRACK;
			depth++;
		} else if (t == T_RBRACK || t == T_RPAREN) {
			if (--depth < 0)
				return false;
		}
	}
	return obs && depth == 0;
}

static const struct {
	const char	*name;
	enum vg_ioc_type type;
} stix_hashes[] = {
	{ "MD5", VG_IOC_MD5 },
	{ "SHA-1", VG_IOC_SHA1 },
	{ "SHA1", VG_IOC_SHA1 },
	{ "SHA-256", VG_IOC_SHA256 },
	{ "SHA256", VG_IOC_SHA256 },
	{ "SHA-512", VG_IOC_SHA512 },
	{ "SHA512", VG_IOC_SHA512 },
};

/* What an object path names; OBS_NONE for the paths we do not index. */
static enum obs
stix_path(struct vg_str path, enum vg_ioc_type *typep)
{
	struct vg_str h = path;
	size_t i;

	if (VG_STR_EQ(path, "ipv4-addr:value") ||
	    VG_STR_EQ(path, "ipv6-addr:value"))
		return OBS_IP;
	if (VG_STR_EQ(path, "domain-name:value"))
		return OBS_DOMAIN;
	if (VG_STR_EQ(path, "url:value"))
		return OBS_URL;
	if (VG_STR_EQ(path, "email-addr:value") ||
	    VG_STR_EQ(path, "email-message:from_ref.value") ||
	    VG_STR_EQ(path, "email-message:sender_ref.value"))
		return OBS_ACCOUNT;
	/* A reference may point at an address or a domain-name object. */
	if (VG_STR_EQ(path, "network-traffic:dst_ref.value") ||
	    VG_STR_EQ(path, "network-traffic:src_ref.value"))
		return OBS_IP_OR_DOMAIN;
	if (!VG_STR_EAT(&h, "file:hashes.") &&
	    !VG_STR_EAT(&h, "artifact:hashes.") &&
	    !VG_STR_EAT(&h, "x509-certificate:hashes."))
		return OBS_NONE;
	if (h.len >= 2 && h.p[0] == '\'' && h.p[h.len - 1] == '\'')
		h = vg_str_make(h.p + 1, h.len - 2);
	for (i = 0; i < VG_ARRAY_LEN(stix_hashes); i++)
		if (vg_str_caseeq(h, stix_hashes[i].name,
		    strlen(stix_hashes[i].name))) {
			*typep = stix_hashes[i].type;
			return OBS_HASH;
		}
	return OBS_NONE;
}

/* Add the value of one `path = 'value'' comparison. */
static int
stix_emit(struct loadctx *lc, struct vg_str path, struct vg_str raw,
    enum vg_ioc_cat cat)
{
	char buf[VG_MAX_INDICATOR];
	enum vg_ioc_type type = 0;
	enum obs obs;
	size_t i, n = 0;

	if ((obs = stix_path(path, &type)) == OBS_NONE)
		return 0;
	/* Undo \' and \\; the lexer saw every backslash has a successor. */
	for (i = 0; i < raw.len; i++) {
		if (n == sizeof(buf))
			return added(lc, VG_ERR_INVAL, "over-long value", raw);
		if (raw.p[i] == '\\')
			i++;
		buf[n++] = raw.p[i];
	}
	return add_obs(lc, obs, type, vg_str_make(buf, n), cat);
}

/*
 * Take every `PATH = 'v'' and `PATH IN ('v', ...)' of a pattern that
 * stix_valid() accepted.  `PATH NOT = ...' and the other operators are
 * skipped.
 */
static int
stix_pattern(struct loadctx *lc, struct vg_str pattern, enum vg_ioc_cat cat)
{
	struct stix_lex lx = { pattern.p, pattern.p + pattern.len };
	struct vg_str text, path;
	enum stix_tok t;
	bool neg;
	int r;

	t = stix_next(&lx, &text);
	while (t != T_END && t != T_ERR) {
		if (t != T_PATH) {
			t = stix_next(&lx, &text);
			continue;
		}
		path = text;
		t = stix_next(&lx, &text);
		if ((neg = t == T_WORD && vg_str_caseeq(text, "NOT", 3)))
			t = stix_next(&lx, &text);
		if (t == T_OP && VG_STR_EQ(text, "=")) {
			if ((t = stix_next(&lx, &text)) == T_STRING) {
				if (!neg &&
				    (r = stix_emit(lc, path, text, cat)) != 0)
					return r;
				t = stix_next(&lx, &text);
			}
		} else if (t == T_WORD && vg_str_caseeq(text, "IN", 2)) {
			if ((t = stix_next(&lx, &text)) != T_LPAREN)
				continue;
			while ((t = stix_next(&lx, &text)) == T_STRING) {
				if (!neg &&
				    (r = stix_emit(lc, path, text, cat)) != 0)
					return r;
				if ((t = stix_next(&lx, &text)) != T_COMMA)
					break;
			}
		}
	}
	return 0;
}

/*
 * Category from indicator_types (2.1) or labels (2.0).  The first label
 * that names a category wins; "malicious-activity" and "attribution" say
 * nothing more than that the feed lists it.  A "benign" indicator is not
 * loaded at all (returns false): treating it as an allowlist entry would
 * let one feed silence every other feed's hits.  For the same reason a
 * label never yields VG_CAT_ALLOW.
 */
static bool
stix_cat(const json_t *ind, enum vg_ioc_cat *catp)
{
	static const char *const keys[] = { "indicator_types", "labels" };
	const json_t *v;
	struct vg_str s;
	enum vg_ioc_cat c, cat = VG_CAT_UNKNOWN;
	size_t i, k;

	for (k = 0; k < VG_ARRAY_LEN(keys); k++) {
		json_array_foreach(json_object_get(ind, keys[k]), i, v) {
			if (!json_is_string(v))
				continue;
			s = vg_str_make(json_string_value(v),
			    json_string_length(v));
			if (VG_STR_EQ(s, "benign"))
				return false;
			if (VG_STR_EQ(s, "anomalous-activity"))
				c = VG_CAT_SUSPICIOUS;
			else if (VG_STR_EQ(s, "anonymization"))
				c = VG_CAT_ANONYMIZER;
			else if (VG_STR_EQ(s, "compromised"))
				c = VG_CAT_COMPROMISED;
			else if ((c = vg_ioc_cat_parse(s)) == VG_CAT_ALLOW)
				c = VG_CAT_UNKNOWN;
			if (cat == VG_CAT_UNKNOWN)
				cat = c;
		}
	}
	*catp = cat;
	return true;
}

static int
stix_indicator(struct loadctx *lc, const json_t *ind)
{
	struct vg_str ptype, pattern;
	enum vg_ioc_cat cat;

	if (jtrue(ind, "revoked"))
		return 0;
	/* Absent in STIX 2.0, where every pattern is a STIX pattern. */
	ptype = jstr(ind, "pattern_type");
	if (ptype.p != NULL && !VG_STR_EQ(ptype, "stix"))
		return 0;
	if ((pattern = jstr(ind, "pattern")).p == NULL) {
		vg_ioc__warn(lc->lc_fc, lc->lc_rec, "indicator without a "
		    "pattern");
		return 0;
	}
	if (!stix_cat(ind, &cat))
		return 0;
	if (!stix_valid(pattern)) {
		vg_ioc__warn(lc->lc_fc, lc->lc_rec, "bad STIX pattern");
		return 0;
	}
	return stix_pattern(lc, pattern, cat);
}

/*
 * The objects of a bundle, of a TAXII 2.1 envelope ({"objects": [...]}
 * without a type), or a lone indicator (*singlep).  Returns false when
 * the document is none of these.
 */
static bool
stix_objects(const json_t *root, const json_t **objsp,
    const json_t **singlep)
{
	struct vg_str type = jstr(root, "type");
	const json_t *objs = json_object_get(root, "objects");

	*objsp = NULL;
	*singlep = NULL;
	if (VG_STR_EQ(type, "bundle") ||
	    (type.p == NULL && json_is_array(objs))) {
		*objsp = objs;
		return true;
	}
	if (VG_STR_EQ(type, "indicator")) {
		*singlep = root;
		return true;
	}
	return false;
}

int
vg_ioc__load_stix(struct vg_ioc__feedctx *fc)
{
	struct loadctx lc = { .lc_fc = fc };
	const json_t *objs, *single, *o;
	json_t *root = NULL;
	size_t i;
	int r = VG_ERR_INTERNAL;

	if (VG_STR_FIND(vg_str_make(fc->fc_buf, fc->fc_len),
	    "\"type\"") < 0 && VG_STR_FIND(vg_str_make(fc->fc_buf,
	    fc->fc_len), "\"objects\"") < 0)
		return VG_ERR_FORMAT;
	if ((r = parse_doc(fc, &root)) != 0)
		goto out;
	if (!stix_objects(root, &objs, &single)) {
		r = VG_ERR_FORMAT;
		goto out;
	}
	if ((r = vg_ioc__feed(fc, NULL, VG_CAT_UNKNOWN, &lc.lc_feed)) != 0)
		goto out;
	lc.lc_forced = vg_ioc__cat_forced(fc);
	if (single != NULL) {
		lc.lc_rec = 1;
		r = stix_indicator(&lc, single);
		goto out;
	}
	json_array_foreach(objs, i, o) {
		lc.lc_rec = i + 1;
		if (!VG_STR_EQ(jstr(o, "type"), "indicator"))
			continue;
		if ((r = stix_indicator(&lc, o)) != 0)
			goto out;
	}
	r = 0;
 out:
	json_decref(root);
	return r;
}
