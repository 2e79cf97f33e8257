/*
 * vg_str.h -- (pointer, length) views and cursor helpers for parsers.
 *
 * Parsers never NUL-terminate or modify untrusted input: they work on
 * views into the caller's buffer.  A view stays valid as long as the
 * buffer it points into.  All helpers are pure and reentrant.
 */
#ifndef VG_STR_H
#define VG_STR_H

#include "vg.h"

struct vg_str {
	const char	*p;
	size_t		 len;
};

#define VG_STR_NULL	((struct vg_str){ NULL, 0 })
#define VG_STR_LIT(s)	((struct vg_str){ (s), sizeof(s) - 1 })

static inline struct vg_str
vg_str_make(const char *p, size_t len)
{
	return (struct vg_str){ p, len };
}

static inline bool
vg_str_empty(struct vg_str s)
{
	return s.len == 0;
}

/*
 * The comparisons test the first (or last) byte inline before calling
 * memcmp(3): decoders try a chain of literals per message, and with a
 * literal argument the test compiles to one compare that fails for most.
 * They are forced inline because a decoder calls them dozens of times,
 * which would otherwise make the compiler call them instead.
 */
#define VG_STR_INLINE	static inline __attribute__((always_inline))

VG_STR_INLINE bool
vg_str_eq(struct vg_str s, const char *lit, size_t n)
{
	return s.len == n && (n == 0 || (s.p[0] == lit[0] &&
	    memcmp(s.p + 1, lit + 1, n - 1) == 0));
}
#define VG_STR_EQ(s, lit)	vg_str_eq((s), (lit), sizeof(lit) - 1)

/* The value of hex digit `c', or -1. */
VG_STR_INLINE int
vg_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Every byte of `s' is a hex digit (true for an empty view). */
VG_STR_INLINE bool
vg_str_is_hex(struct vg_str s)
{
	size_t i;

	for (i = 0; i < s.len; i++)
		if (vg_hexval(s.p[i]) < 0)
			return false;
	return true;
}

/* Two views hold the same bytes. */
VG_STR_INLINE bool
vg_str_same(struct vg_str a, struct vg_str b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

VG_STR_INLINE bool
vg_str_has_prefix(struct vg_str s, const char *lit, size_t n)
{
	return s.len >= n && (n == 0 || (s.p[0] == lit[0] &&
	    memcmp(s.p + 1, lit + 1, n - 1) == 0));
}
#define VG_STR_PREFIX(s, lit)	vg_str_has_prefix((s), (lit), sizeof(lit) - 1)

VG_STR_INLINE bool
vg_str_has_suffix(struct vg_str s, const char *lit, size_t n)
{
	return s.len >= n && (n == 0 || (s.p[s.len - 1] == lit[n - 1] &&
	    memcmp(s.p + s.len - n, lit, n - 1) == 0));
}
#define VG_STR_SUFFIX(s, lit)	vg_str_has_suffix((s), (lit), sizeof(lit) - 1)

/* Advance past `n' bytes (which the caller has checked exist). */
VG_STR_INLINE void
vg_str_skip(struct vg_str *s, size_t n)
{
	s->p += n;
	s->len -= n;
}

/* If `s' starts with the literal, consume it and return true. */
VG_STR_INLINE bool
vg_str_eat(struct vg_str *s, const char *lit, size_t n)
{
	if (!vg_str_has_prefix(*s, lit, n))
		return false;
	vg_str_skip(s, n);
	return true;
}
#define VG_STR_EAT(s, lit)	vg_str_eat((s), (lit), sizeof(lit) - 1)

/* Case-insensitive comparisons (ASCII only). */
bool	vg_str_caseeq(struct vg_str, const char *, size_t);

/* Index of the first `c' in `s', or -1. */
static inline ptrdiff_t
vg_str_chr(struct vg_str s, char c)
{
	const char *q = s.len ? memchr(s.p, c, s.len) : NULL;

	return q == NULL ? -1 : q - s.p;
}

/* Index of the last `c' in `s', or -1. */
static inline ptrdiff_t
vg_str_rchr(struct vg_str s, char c)
{
	const char *q = s.len > 0 ? memrchr(s.p, c, s.len) : NULL;

	return q != NULL ? q - s.p : -1;
}

/* Index of the first occurrence of `needle' in `s', or -1. */
ptrdiff_t	vg_str_find(struct vg_str s, const char *needle, size_t n);
#define VG_STR_FIND(s, lit)	vg_str_find((s), (lit), sizeof(lit) - 1)

/*
 * Index of the last occurrence of `needle' in `s', or -1.  Parsers use it
 * where client text comes before the daemon's own separator: the last
 * " from " of a line is the daemon's, whatever the user name holds.
 */
ptrdiff_t	vg_str_rfind(struct vg_str s, const char *needle, size_t n);
#define VG_STR_RFIND(s, lit)	vg_str_rfind((s), (lit), sizeof(lit) - 1)

/* The view s[from, to); the caller has checked from <= to <= s.len. */
static inline struct vg_str
vg_str_sub(struct vg_str s, size_t from, size_t to)
{
	return vg_str_make(s.p + from, to - from);
}

static inline bool
vg_str_is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Trim ASCII whitespace (space, tab, CR, LF) at both ends. */
static inline struct vg_str
vg_str_trim(struct vg_str s)
{
	while (s.len > 0 && vg_str_is_ws(s.p[0]))
		vg_str_skip(&s, 1);
	while (s.len > 0 && vg_str_is_ws(s.p[s.len - 1]))
		s.len--;
	return s;
}

/* Skip leading spaces and tabs; inline, as there is mostly one or none. */
static inline void
vg_str_skip_ws(struct vg_str *s)
{
	while (s->len > 0 && (s->p[0] == ' ' || s->p[0] == '\t'))
		vg_str_skip(s, 1);
}

/*
 * Take the next word: bytes up to the next space (or end), then skip the
 * spaces after it.  Returns false when `s' is empty.
 */
bool	vg_str_word(struct vg_str *s, struct vg_str *wordp);

/*
 * Take bytes up to (not including) delimiter `c' and consume the
 * delimiter.  Returns false, leaving `s' untouched, when `c' is absent.
 */
bool	vg_str_until(struct vg_str *s, char c, struct vg_str *outp);

/*
 * Parse an unsigned decimal of at most `maxdigits' digits at the start of
 * `s' and consume it.  Returns false if there is no digit or the value
 * exceeds `max'.
 */
bool	vg_str_uint(struct vg_str *s, unsigned maxdigits, uint64_t max,
	    uint64_t *valp);

/* Copy a view into a NUL-terminated buffer of `size' bytes; truncates. */
void	vg_str_copy(struct vg_str, char *buf, size_t size);

#endif /* VG_STR_H */
