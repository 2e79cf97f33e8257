/*
 * vg_file.c -- read a whole regular file, bounded.  See vg_file.h.
 */
#include "vg.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vg_file.h"

int
vg_file_read_fd(int fd, size_t max, char **bufp, size_t *lenp,
    struct vg_diag *diag)
{
	struct stat st;
	char *buf;
	size_t off = 0, size;
	ssize_t n;

	*bufp = NULL;
	*lenp = 0;
	if (fstat(fd, &st) == -1) {
		snprintf(diag->msg, sizeof(diag->msg), "%s", strerror(errno));
		return VG_ERR_IO;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(diag->msg, sizeof(diag->msg), "not a regular file");
		return VG_ERR_IO;
	}
	if ((uintmax_t)st.st_size > max) {
		snprintf(diag->msg, sizeof(diag->msg),
		    "%jd bytes, more than the limit of %zu",
		    (intmax_t)st.st_size, max);
		return VG_ERR_LIMIT;
	}
	size = (size_t)st.st_size;
	if ((buf = malloc(size + 1)) == NULL)
		return VG_ERR_NOMEM;
	while (off < size) {
		n = read(fd, buf + off, size - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(diag->msg, sizeof(diag->msg), "read: %s",
			    n == 0 ? "file shrank while read" :
			    strerror(errno));
			free(buf);
			return VG_ERR_IO;
		}
		off += (size_t)n;
	}
	buf[size] = '\0';
	*bufp = buf;
	*lenp = size;
	return 0;
}

int
vg_file_read(const char *path, size_t max, char **bufp, size_t *lenp,
    struct vg_diag *diag)
{
	int fd, r;

	*bufp = NULL;
	*lenp = 0;
	diag->src = path;
	diag->line = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(diag->msg, sizeof(diag->msg), "%s", strerror(errno));
		return VG_ERR_IO;
	}
	r = vg_file_read_fd(fd, max, bufp, lenp, diag);
	close(fd);
	return r;
}
