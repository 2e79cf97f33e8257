/*
 * vg_json.c -- JSON writer; see vg_json.h.
 */
#include "vg_json.h"

#include <inttypes.h>

void
vg_json_init(struct vg_json *j, size_t max)
{
	memset(j, 0, sizeof(*j));
	j->j_max = max;
}

void
vg_json_cleanup(struct vg_json *j)
{
	free(j->j_buf);
	memset(j, 0, sizeof(*j));
}

int
vg_json_take(struct vg_json *j, char **textp, size_t *lenp)
{
	char *p;

	*textp = NULL;
	*lenp = 0;
	if (j->j_overflow) {
		vg_json_cleanup(j);
		return VG_ERR_LIMIT;
	}
	if ((p = realloc(j->j_buf, j->j_len + 1)) == NULL) {
		vg_json_cleanup(j);
		return VG_ERR_NOMEM;
	}
	p[j->j_len] = '\0';
	*textp = p;
	*lenp = j->j_len;
	memset(j, 0, sizeof(*j));
	return 0;
}

void
vg_json_reset(struct vg_json *j)
{
	j->j_len = 0;
	j->j_overflow = false;
	j->j_need_comma = false;
	j->j_depth = 0;
}

static bool
reserve(struct vg_json *j, size_t n)
{
	size_t cap;
	char *p;

	if (j->j_len + n <= j->j_cap)
		return true;
	if (j->j_len + n > j->j_max) {
		j->j_overflow = true;
		return false;
	}
	cap = j->j_cap == 0 ? 4096 : j->j_cap;
	while (cap < j->j_len + n)
		cap *= 2;
	cap = VG_MIN(cap, j->j_max);
	if ((p = realloc(j->j_buf, cap)) == NULL) {
		j->j_overflow = true;
		return false;
	}
	j->j_buf = p;
	j->j_cap = cap;
	return true;
}

/* The room is nearly always there: test it inline, grow out of line. */
static inline void
put(struct vg_json *j, const char *p, size_t n)
{
	if (j->j_len + n > j->j_cap && !reserve(j, n))
		return;
	memcpy(j->j_buf + j->j_len, p, n);
	j->j_len += n;
}

static inline void
putc_(struct vg_json *j, char c)
{
	if (j->j_len + 1 > j->j_cap && !reserve(j, 1))
		return;
	j->j_buf[j->j_len++] = c;
}

/*
 * Are all eight bytes of `w' plain ASCII that JSON takes as is: 0x20 to
 * 0x7e, neither '"' nor '\\'?  The classic "has a byte less than n" and
 * "has a zero byte" word tests; a false "no" only costs the byte loop.
 */
static inline bool
plain8(uint64_t w)
{
	const uint64_t ones = UINT64_C(0x0101010101010101);
	const uint64_t high = UINT64_C(0x8080808080808080);
	uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
	uint64_t bad = ((w - ones * 0x20) & ~w) |	/* < 0x20 */
	    (((w & ~high) + ones) | w) |		/* >= 0x7f */
	    ((q - ones) & ~q) | ((b - ones) & ~b);	/* '"', '\\' */

	return (bad & high) == 0;
}

/* Length of a valid UTF-8 sequence at p (max n bytes), or 0. */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	size_t len, i;
	uint32_t cp;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0) {
		len = 2;
		cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		len = 3;
		cp = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		len = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are invalid. */
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

void
vg_json_escape(struct vg_json *j, struct vg_str s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s.p;
	size_t i = 0, run, n;
	uint64_t w;
	char esc[6];

	while (i < s.len) {
		/* Copy runs of plain ASCII in one go, eight bytes a step. */
		run = i;
		while (run + 8 <= s.len) {
			memcpy(&w, p + run, 8);
			if (!plain8(w))
				break;
			run += 8;
		}
		while (run < s.len && p[run] >= 0x20 && p[run] < 0x7f &&
		    p[run] != '"' && p[run] != '\\')
			run++;
		if (run > i) {
			put(j, s.p + i, run - i);
			i = run;
			continue;
		}
		switch (p[i]) {
		case '"':	put(j, "\\\"", 2); i++; continue;
		case '\\':	put(j, "\\\\", 2); i++; continue;
		case '\n':	put(j, "\\n", 2); i++; continue;
		case '\r':	put(j, "\\r", 2); i++; continue;
		case '\t':	put(j, "\\t", 2); i++; continue;
		}
		if (p[i] >= 0x80 && (n = utf8_len(p + i, s.len - i)) > 0) {
			put(j, s.p + i, n);
			i += n;
			continue;
		}
		/* Control bytes, DEL and invalid UTF-8 bytes. */
		memcpy(esc, "\\u00", 4);
		esc[4] = hex[p[i] >> 4];
		esc[5] = hex[p[i] & 15];
		put(j, esc, 6);
		i++;
	}
}

static void
key(struct vg_json *j, const char *k)
{
	if (j->j_need_comma)
		putc_(j, ',');
	if (k != NULL) {
		putc_(j, '"');
		put(j, k, strlen(k));
		put(j, "\":", 2);
	}
	j->j_need_comma = true;
}

void
vg_json_obj_begin(struct vg_json *j, const char *k)
{
	key(j, k);
	putc_(j, '{');
	j->j_need_comma = false;
	j->j_depth++;
}

void
vg_json_obj_end(struct vg_json *j)
{
	putc_(j, '}');
	j->j_need_comma = true;
	j->j_depth--;
}

void
vg_json_arr_begin(struct vg_json *j, const char *k)
{
	key(j, k);
	putc_(j, '[');
	j->j_need_comma = false;
	j->j_depth++;
}

void
vg_json_arr_end(struct vg_json *j)
{
	putc_(j, ']');
	j->j_need_comma = true;
	j->j_depth--;
}

void
vg_json_str(struct vg_json *j, const char *k, struct vg_str s)
{
	key(j, k);
	putc_(j, '"');
	vg_json_escape(j, s);
	putc_(j, '"');
}

void
vg_json_cstr(struct vg_json *j, const char *k, const char *s)
{
	vg_json_str(j, k, vg_str_make(s, strlen(s)));
}

/* Decimal digits of `v', right-aligned in buf[24]; returns the start. */
static char *
u64_digits(uint64_t v, char buf[24])
{
	char *p = buf + 24;

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	return p;
}

void
vg_json_int(struct vg_json *j, const char *k, int64_t v)
{
	char buf[24], *p;

	/* Alerts carry several numbers: no printf(3) on this path. */
	p = u64_digits(v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, buf);
	if (v < 0)
		*--p = '-';
	key(j, k);
	put(j, p, (size_t)(buf + 24 - p));
}

void
vg_json_uint(struct vg_json *j, const char *k, uint64_t v)
{
	char buf[24], *p = u64_digits(v, buf);

	key(j, k);
	put(j, p, (size_t)(buf + 24 - p));
}

void
vg_json_double(struct vg_json *j, const char *k, double v)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%.3f", v);

	key(j, k);
	put(j, buf, (size_t)n);
}

void
vg_json_bool(struct vg_json *j, const char *k, bool v)
{
	key(j, k);
	if (v)
		put(j, "true", 4);
	else
		put(j, "false", 5);
}

void
vg_json_null(struct vg_json *j, const char *k)
{
	key(j, k);
	put(j, "null", 4);
}

/*
 * A JSON number: -?digits[.digits][e[+-]digits].  Anything else given as
 * a number (a decoder's mistake, a hostile field) is written as a string,
 * so the document stays valid.
 */
static bool
is_json_number(struct vg_str s)
{
	size_t i = 0, d;

	if (i < s.len && s.p[i] == '-')
		i++;
	for (d = i; i < s.len && s.p[i] >= '0' && s.p[i] <= '9'; i++)
		;
	if (i == d || (s.p[d] == '0' && i - d > 1))
		return false;
	if (i < s.len && s.p[i] == '.') {
		for (d = ++i; i < s.len && s.p[i] >= '0' && s.p[i] <= '9'; i++)
			;
		if (i == d)
			return false;
	}
	if (i < s.len && (s.p[i] == 'e' || s.p[i] == 'E')) {
		i++;
		if (i < s.len && (s.p[i] == '+' || s.p[i] == '-'))
			i++;
		for (d = i; i < s.len && s.p[i] >= '0' && s.p[i] <= '9'; i++)
			;
		if (i == d)
			return false;
	}
	return i == s.len;
}

void
vg_json_rawnum(struct vg_json *j, const char *k, struct vg_str s)
{
	if (!is_json_number(s)) {
		vg_json_str(j, k, s);
		return;
	}
	key(j, k);
	put(j, s.p, s.len);
}

void
vg_json_newline(struct vg_json *j)
{
	putc_(j, '\n');
}
