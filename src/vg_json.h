/*
 * vg_json.h -- a small JSON writer for JSON-lines output.
 *
 * Builds one document at a time in a bounded, reusable buffer.  Strings
 * are escaped per RFC 8259; bytes that are not valid UTF-8 are written as
 * \u00XX escapes of their Latin-1 reading, so the output is always valid
 * JSON whatever the log contained.  Not thread-safe: one writer per thread.
 */
#ifndef VG_JSON_H
#define VG_JSON_H

#include "vg_str.h"

struct vg_json {
	char	*j_buf;
	size_t	 j_len;
	size_t	 j_cap;
	size_t	 j_max;		/* ceiling; past it j_overflow is set */
	bool	 j_overflow;
	bool	 j_need_comma;
	unsigned j_depth;
};

void	vg_json_init(struct vg_json *, size_t max);
void	vg_json_cleanup(struct vg_json *);
/*
 * Hand the document over as a malloc'd, NUL-terminated string (*lenp
 * without the NUL) and clean the writer up.  Returns 0, VG_ERR_LIMIT
 * when the document overflowed its ceiling, or VG_ERR_NOMEM; on failure
 * nothing is handed over and the writer is cleaned up all the same.
 */
int	vg_json_take(struct vg_json *, char **textp, size_t *lenp);
/* Start a new document (keeps the memory). */
void	vg_json_reset(struct vg_json *);

void	vg_json_obj_begin(struct vg_json *, const char *key);	/* key may be NULL */
void	vg_json_obj_end(struct vg_json *);
void	vg_json_arr_begin(struct vg_json *, const char *key);
void	vg_json_arr_end(struct vg_json *);
void	vg_json_str(struct vg_json *, const char *key, struct vg_str);
void	vg_json_cstr(struct vg_json *, const char *key, const char *);
void	vg_json_int(struct vg_json *, const char *key, int64_t);
void	vg_json_uint(struct vg_json *, const char *key, uint64_t);
void	vg_json_double(struct vg_json *, const char *key, double);
void	vg_json_bool(struct vg_json *, const char *key, bool);
void	vg_json_null(struct vg_json *, const char *key);
/* A number given as text (already validated as digits by the caller). */
void	vg_json_rawnum(struct vg_json *, const char *key, struct vg_str);
/* Append a newline; the document is then in j_buf[0..j_len). */
void	vg_json_newline(struct vg_json *);

/* Append escaped `s' without quotes to an arbitrary writer. */
void	vg_json_escape(struct vg_json *, struct vg_str s);

#endif /* VG_JSON_H */
