/*
 * vg_buf.c -- bounded growable text and CSV cells.  See vg_buf.h.
 */
#include "vg.h"

#include <stdarg.h>

#include "vg_buf.h"

void
vg_buf_init(struct vg_buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->b_max = max;
}

void
vg_buf_clear(struct vg_buf *b)
{
	b->b_len = 0;
	if (b->b_p != NULL)
		b->b_p[0] = '\0';
}

void
vg_buf_free(struct vg_buf *b)
{
	size_t max = b->b_max;

	free(b->b_p);
	vg_buf_init(b, max);
}

void
vg_buf_add(struct vg_buf *b, const char *p, size_t n)
{
	size_t cap;
	char *q;

	if (b->b_err != 0)
		return;
	if (n > b->b_max || b->b_len + n + 1 > b->b_max) {
		b->b_err = VG_ERR_LIMIT;
		return;
	}
	if (b->b_len + n + 1 > b->b_cap) {
		for (cap = VG_MAX(b->b_cap, (size_t)256); cap < b->b_len + n + 1;
		    cap *= 2)
			;
		if ((q = realloc(b->b_p, cap)) == NULL) {
			b->b_err = VG_ERR_NOMEM;
			return;
		}
		b->b_p = q;
		b->b_cap = cap;
	}
	if (n > 0)
		memcpy(b->b_p + b->b_len, p, n);
	b->b_len += n;
	b->b_p[b->b_len] = '\0';
}

void
vg_buf_str(struct vg_buf *b, const char *s)
{
	vg_buf_add(b, s, strlen(s));
}

void
vg_buf_printf(struct vg_buf *b, const char *fmt, ...)
{
	char small[512], *big;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		vg_buf_add(b, small, (size_t)n);
		return;
	}
	if ((big = malloc((size_t)n + 1)) == NULL) {
		if (b->b_err == 0)
			b->b_err = VG_ERR_NOMEM;
		return;
	}
	va_start(ap, fmt);
	(void)vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	vg_buf_add(b, big, (size_t)n);
	free(big);
}

void
vg_buf_csv_cell(struct vg_buf *b, const char *s, size_t n, bool last)
{
	bool quote = n > 0 && s[0] == ' ';
	size_t i, from;

	for (i = 0; i < n && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == ';' ||
		    s[i] == '\n' || s[i] == '\r';
	if (quote)
		vg_buf_add(b, "\"", 1);
	if (n > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' ||
	    s[0] == '@' || s[0] == '\t' || s[0] == '\r'))
		vg_buf_add(b, "'", 1);
	for (i = from = 0; i < n; i++) {
		if (s[i] == '"') {
			vg_buf_add(b, s + from, i + 1 - from);
			vg_buf_add(b, "\"", 1);
			from = i + 1;
		}
	}
	if (from < n)
		vg_buf_add(b, s + from, n - from);
	if (quote)
		vg_buf_add(b, "\"", 1);
	vg_buf_add(b, last ? "\n" : ",", 1);
}

void
vg_buf_csv_str(struct vg_buf *b, const char *s, bool last)
{
	vg_buf_csv_cell(b, s, strlen(s), last);
}
