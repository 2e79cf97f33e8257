/*
 * vg_str.c -- view helpers; see vg_str.h.
 */
#include "vg_str.h"

static inline char
lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

bool
vg_str_caseeq(struct vg_str s, const char *lit, size_t n)
{
	size_t i;

	if (s.len != n)
		return false;
	for (i = 0; i < n; i++)
		if (lower(s.p[i]) != lower(lit[i]))
			return false;
	return true;
}

/*
 * Decoders look for short needles (" from ", " port ", "rhost=") in short
 * lines, where memmem(3)'s set-up costs more than the search.  Anchoring
 * on the needle's second byte skips the spaces that start most needles.
 */
ptrdiff_t
vg_str_find(struct vg_str s, const char *needle, size_t n)
{
	const char *p, *end, *q;

	if (n == 0)
		return 0;
	if (s.len < n)
		return -1;
	if (n == 1) {
		q = memchr(s.p, needle[0], s.len);
		return q == NULL ? -1 : q - s.p;
	}
	p = s.p + 1;
	end = s.p + s.len - (n - 1);	/* last possible start, plus one */
	while (p <= end && (q = memchr(p, needle[1], (size_t)(end - p) + 1)) !=
	    NULL) {
		if (q[-1] == needle[0] &&
		    (n == 2 || memcmp(q + 1, needle + 2, n - 2) == 0))
			return q - 1 - s.p;
		p = q + 1;
	}
	return -1;
}

/*
 * Scanning back from the end finds the last occurrence without visiting
 * the earlier ones.  memrchr(3) is in glibc, musl and the BSDs.
 */
ptrdiff_t
vg_str_rfind(struct vg_str s, const char *needle, size_t n)
{
	const char *q;
	size_t end;

	if (n == 0)
		return (ptrdiff_t)s.len;
	if (s.len < n)
		return -1;
	end = s.len - n + 1;	/* possible starts: s.p[0, end) */
	while (end > 0 && (q = memrchr(s.p, needle[0], end)) != NULL) {
		if (memcmp(q + 1, needle + 1, n - 1) == 0)
			return q - s.p;
		end = (size_t)(q - s.p);
	}
	return -1;
}

bool
vg_str_word(struct vg_str *s, struct vg_str *wordp)
{
	size_t i = 0;
	const char *sp;

	vg_str_skip_ws(s);
	if (s->len == 0)
		return false;
	/* Words end at a space; a tab inside a word is rare, so look after. */
	sp = memchr(s->p, ' ', s->len);
	i = sp == NULL ? s->len : (size_t)(sp - s->p);
	if ((sp = memchr(s->p, '\t', i)) != NULL)
		i = (size_t)(sp - s->p);
	*wordp = vg_str_make(s->p, i);
	vg_str_skip(s, i);
	vg_str_skip_ws(s);
	return true;
}

bool
vg_str_until(struct vg_str *s, char c, struct vg_str *outp)
{
	ptrdiff_t i = vg_str_chr(*s, c);

	if (i < 0)
		return false;
	*outp = vg_str_make(s->p, (size_t)i);
	vg_str_skip(s, (size_t)i + 1);
	return true;
}

bool
vg_str_uint(struct vg_str *s, unsigned maxdigits, uint64_t max,
    uint64_t *valp)
{
	uint64_t v = 0;
	size_t i = 0;

	while (i < s->len && i < maxdigits && s->p[i] >= '0' && s->p[i] <= '9')
		v = v * 10 + (uint64_t)(s->p[i++] - '0');
	if (i == 0 || v > max)
		return false;
	/* More digits than allowed is not a number of this field. */
	if (i < s->len && s->p[i] >= '0' && s->p[i] <= '9')
		return false;
	vg_str_skip(s, i);
	*valp = v;
	return true;
}

void
vg_str_copy(struct vg_str s, char *buf, size_t size)
{
	size_t n;

	if (size == 0)
		return;
	n = VG_MIN(s.len, size - 1);
	if (n > 0)
		memcpy(buf, s.p, n);
	buf[n] = '\0';
}
