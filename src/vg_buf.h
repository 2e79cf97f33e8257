/*
 * vg_buf.h -- a bounded, growable text buffer for reports (tables, CSV),
 * and the one CSV cell writer every report shares.
 *
 * Errors are sticky: the first failure (over the ceiling, out of memory)
 * is kept in b_err and every later append does nothing, so a caller
 * appends freely and checks once at the end, as with stdio's ferror().
 */
#ifndef VG_BUF_H
#define VG_BUF_H

#include "vg.h"

struct vg_buf {
	char	*b_p;		/* NUL-terminated once anything is added */
	size_t	 b_len;
	size_t	 b_cap;
	size_t	 b_max;		/* most bytes it may hold */
	int	 b_err;		/* 0, VG_ERR_LIMIT or VG_ERR_NOMEM */
};

/* An empty buffer that will hold at most `max' bytes. */
void	vg_buf_init(struct vg_buf *, size_t max);
/* Empty it, keeping its memory and any error (errors stay sticky). */
void	vg_buf_clear(struct vg_buf *);
/* Release the memory; the buffer is empty and reusable. */
void	vg_buf_free(struct vg_buf *);

void	vg_buf_add(struct vg_buf *, const char *p, size_t n);
void	vg_buf_str(struct vg_buf *, const char *s);
void	vg_buf_printf(struct vg_buf *, const char *fmt, ...) VG_PRINTF(2, 3);

/*
 * One CSV cell of s[0, n) (RFC 4180), then ',' or, for the last cell of
 * a row, '\n'.  The cell is quoted when it holds a separator, a quote or
 * a line break, or starts with a space.  A cell that starts with = + - @
 * or a tab would run as a formula in a spreadsheet: it gets a leading
 * apostrophe (OWASP's "CSV injection" advice), as reports carry values
 * from hostile input (package names, identifiers).
 */
void	vg_buf_csv_cell(struct vg_buf *, const char *s, size_t n, bool last);
/* The same for a C string. */
void	vg_buf_csv_str(struct vg_buf *, const char *s, bool last);

#endif /* VG_BUF_H */
