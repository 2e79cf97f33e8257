/*
 * vg_file.h -- read a whole regular file into memory, with a size limit,
 * and list a directory in name order.
 *
 * Configs, feeds, inventories and advisories are small enough to read
 * whole; every caller names its own ceiling (vg_limits.h), so a hostile
 * or mistaken path (a device, a FIFO, a 40 GB dump) is refused up front
 * instead of filling memory.
 */
#ifndef VG_FILE_H
#define VG_FILE_H

#include "vg.h"

/*
 * Read the regular file open on `fd' whole.  The buffer is malloc'd with
 * one more byte, set to NUL, so that text parsers may rely on it; *lenp
 * excludes that byte.  Returns 0, or a negative VG_ERR_* code with
 * diag->msg set (diag->src and ->line are left alone): VG_ERR_IO (not a
 * regular file, a read error, the file shrank while read), VG_ERR_LIMIT
 * (more than `max' bytes), VG_ERR_NOMEM.  *bufp is NULL on failure.
 * Does not close `fd'.
 */
int	vg_file_read_fd(int fd, size_t max, char **bufp, size_t *lenp,
	    struct vg_diag *diag);

/*
 * The same for `path', opened read-only and close-on-exec; diag->src is
 * set to `path' (borrowed).  An open error is VG_ERR_IO with errno's
 * text.
 */
int	vg_file_read(const char *path, size_t max, char **bufp, size_t *lenp,
	    struct vg_diag *diag);

/*
 * The names in directory `path' that do not start with '.', in strcmp
 * order, at most `max' of them.  *namesp is a malloc'd array of malloc'd
 * strings (NULL when there are none); free it with vg_file_names_free().
 * Returns 0, VG_ERR_IO when the directory cannot be opened (errno is
 * kept), VG_ERR_LIMIT when it holds more than `max' names, or
 * VG_ERR_NOMEM; on failure *namesp is NULL and *np 0.
 */
int	vg_file_dir_names(const char *path, size_t max, char ***namesp,
	    size_t *np);
void	vg_file_names_free(char **names, size_t n);

#endif /* VG_FILE_H */
