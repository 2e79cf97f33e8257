/*
 * vg_file.c -- read a whole regular file, bounded; list a directory in
 * name order.  See vg_file.h.
 */
#include "vg.h"

#include <dirent.h>
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

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
vg_file_names_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int
vg_file_dir_names(const char *path, size_t max, char ***namesp, size_t *np)
{
	struct dirent *de;
	char **names = NULL, **nn;
	size_t n = 0, cap = 0;
	int r = 0, saved;
	DIR *d;

	*namesp = NULL;
	*np = 0;
	if ((d = opendir(path)) == NULL)
		return VG_ERR_IO;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == max) {
			r = VG_ERR_LIMIT;
			goto out;
		}
		if (n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			if ((nn = reallocarray(names, cap, sizeof(*nn))) ==
			    NULL) {
				r = VG_ERR_NOMEM;
				goto out;
			}
			names = nn;
		}
		if ((names[n] = strdup(de->d_name)) == NULL) {
			r = VG_ERR_NOMEM;
			goto out;
		}
		n++;
	}
	if (n > 1)
		qsort(names, n, sizeof(*names), name_cmp);
 out:
	saved = errno;
	closedir(d);
	errno = saved;
	if (r != 0) {
		vg_file_names_free(names, n);
		return r;
	}
	*namesp = names;
	*np = n;
	return 0;
}
