/*
 * vg_err.h -- status codes shared by every module.
 *
 * Fallible functions return 0 on success or one of these negative codes;
 * vg_strerror() turns a code into text.  VG_ERR_SYSTEM keeps errno.
 */
#ifndef VG_ERR_H
#define VG_ERR_H

#define VG_OK			0
#define VG_ERR_INTERNAL		-1
#define VG_ERR_NOMEM		-2
#define VG_ERR_LIMIT		-3
#define VG_ERR_PARSE		-4
#define VG_ERR_INVAL		-5
#define VG_ERR_SYSTEM		-6
#define VG_ERR_IO		-7
#define VG_ERR_DB		-8
#define VG_ERR_PROTO		-9
#define VG_ERR_NOTFOUND		-10
#define VG_ERR_FORMAT		-11	/* input is not of the expected format */

const char	*vg_strerror(int);

/*
 * Where a parser of a file (a feed, a config) found a problem.  Filled by
 * parsers that return VG_ERR_PARSE; `src' is borrowed from the caller.
 */
#define VG_DIAG_MSG_MAX	160
struct vg_diag {
	const char	*src;
	unsigned long	 line;
	char		 msg[VG_DIAG_MSG_MAX];
};

#endif /* VG_ERR_H */
