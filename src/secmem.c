/*
 * secmem.c -- no core dumps, locked buffers, wiped reads.  See secmem.h.
 *
 * Why read(2) and not stdio: a FILE keeps its own buffer of what it
 * read, which nothing here could lock or wipe.  Why whole pages: mlock
 * locks pages, and a buffer that shares a page with other heap data
 * would lock (and, on unlock, unlock) that data too.  Growing a locked
 * buffer means a second locked buffer, a copy, and the old one wiped
 * before it is freed, so that no unlocked or unwiped copy is left
 * behind by realloc.
 */
#include "vg.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "secmem.h"

int
vg_secmem_no_dump(void)
{
	struct rlimit rl = { 0, 0 };

	if (setrlimit(RLIMIT_CORE, &rl) == -1)
		return VG_ERR_SYSTEM;
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1)
		return VG_ERR_SYSTEM;
	return 0;
}

static size_t
page_size(void)
{
	long n = sysconf(_SC_PAGESIZE);

	return n > 0 ? (size_t)n : 4096;
}

int
vg_secmem_init(struct vg_secmem *sm, size_t size)
{
	size_t pg = page_size(), cap;
	char *p;

	memset(sm, 0, sizeof(*sm));
	if (size > SIZE_MAX - pg)
		return VG_ERR_NOMEM;
	cap = size == 0 ? pg : (size + pg - 1) / pg * pg;
	if ((p = aligned_alloc(pg, cap)) == NULL)
		return VG_ERR_NOMEM;
	memset(p, 0, cap);
	sm->sm_locked = true;
	if (sodium_mlock(p, cap) != 0) {
		if (errno != EPERM && errno != ENOMEM) {
			int saved = errno;

			free(p);
			errno = saved;
			return VG_ERR_SYSTEM;
		}
		sm->sm_locked = false;
		sm->sm_lock_errno = errno;
	}
	sm->sm_p = p;
	sm->sm_cap = cap;
	return 0;
}

void
vg_secmem_cleanup(struct vg_secmem *sm)
{
	if (sm->sm_p != NULL) {
		/* sodium_munlock() wipes too, but only when it was locked. */
		sodium_memzero(sm->sm_p, sm->sm_cap);
		if (sm->sm_locked)
			(void)sodium_munlock(sm->sm_p, sm->sm_cap);
		free(sm->sm_p);
	}
	memset(sm, 0, sizeof(*sm));
}

void
vg_secmem_wipe_from(struct vg_secmem *sm, size_t off)
{
	if (sm->sm_p != NULL && off < sm->sm_cap)
		sodium_memzero(sm->sm_p + off, sm->sm_cap - off);
}

/* Move the data of `sm' to a new locked buffer of at least `size'. */
static int
grow(struct vg_secmem *sm, size_t size)
{
	struct vg_secmem n;
	int r;

	if ((r = vg_secmem_init(&n, size)) != 0)
		return r;
	memcpy(n.sm_p, sm->sm_p, sm->sm_len);
	n.sm_len = sm->sm_len;
	n.sm_locked = n.sm_locked && sm->sm_locked;
	if (!sm->sm_locked && n.sm_lock_errno == 0)
		n.sm_lock_errno = sm->sm_lock_errno;
	vg_secmem_cleanup(sm);
	*sm = n;
	return 0;
}

int
vg_secmem_read_fd(struct vg_secmem *sm, int fd, size_t max,
    struct vg_diag *diag)
{
	struct stat st;
	size_t want;
	ssize_t got;
	int r = VG_ERR_INTERNAL;

	memset(sm, 0, sizeof(*sm));
	diag->msg[0] = '\0';
	if (fstat(fd, &st) == -1) {
		snprintf(diag->msg, sizeof(diag->msg), "%s", strerror(errno));
		return VG_ERR_IO;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(diag->msg, sizeof(diag->msg), "a directory");
		return VG_ERR_IO;
	}
	/*
	 * A regular file: its size, the spare NUL and one byte more, so
	 * that the read that sees the end needs no second buffer; else
	 * 64 KiB first.
	 */
	want = 64 * 1024;
	if (S_ISREG(st.st_mode)) {
		if ((uintmax_t)st.st_size > max) {
			snprintf(diag->msg, sizeof(diag->msg), "larger than "
			    "%zu bytes", max);
			return VG_ERR_LIMIT;
		}
		want = (size_t)st.st_size + 2;
	}
	if ((r = vg_secmem_init(sm, want)) != 0)
		goto fail;
	for (;;) {
		/* Keep one spare byte: the buffer is NUL-terminated. */
		if (sm->sm_len + 1 >= sm->sm_cap) {
			if (sm->sm_len >= max + (size_t)1) {
				r = VG_ERR_LIMIT;
				snprintf(diag->msg, sizeof(diag->msg),
				    "larger than %zu bytes", max);
				goto fail;
			}
			if (sm->sm_cap > SIZE_MAX / 2) {
				r = VG_ERR_NOMEM;
				goto fail;
			}
			if ((r = grow(sm, VG_MIN(sm->sm_cap * 2,
			    max + (size_t)2))) != 0)
				goto fail;
		}
		do
			got = read(fd, sm->sm_p + sm->sm_len,
			    sm->sm_cap - sm->sm_len - 1);
		while (got == -1 && errno == EINTR);
		if (got == -1) {
			snprintf(diag->msg, sizeof(diag->msg), "%s",
			    strerror(errno));
			r = VG_ERR_IO;
			goto fail;
		}
		if (got == 0)
			break;
		sm->sm_len += (size_t)got;
		if (sm->sm_len > max) {
			r = VG_ERR_LIMIT;
			snprintf(diag->msg, sizeof(diag->msg), "larger than "
			    "%zu bytes", max);
			goto fail;
		}
	}
	sm->sm_p[sm->sm_len] = '\0';
	return 0;
fail:
	if (r == VG_ERR_NOMEM && diag->msg[0] == '\0')
		snprintf(diag->msg, sizeof(diag->msg), "out of memory");
	else if (r == VG_ERR_SYSTEM && diag->msg[0] == '\0')
		snprintf(diag->msg, sizeof(diag->msg), "mlock: %s",
		    strerror(errno));
	vg_secmem_cleanup(sm);
	return r;
}

int
vg_secmem_read_file(struct vg_secmem *sm, const char *path, size_t max,
    struct vg_diag *diag)
{
	struct stat st;
	int fd, r, saved;

	memset(sm, 0, sizeof(*sm));
	diag->src = path;
	diag->line = 0;
	if (strcmp(path, "-") == 0)
		return vg_secmem_read_fd(sm, STDIN_FILENO, max, diag);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(diag->msg, sizeof(diag->msg), "%s", strerror(errno));
		return VG_ERR_IO;
	}
	/* A device named by mistake (/dev/zero) would fill memory. */
	if (fstat(fd, &st) == 0 && (S_ISCHR(st.st_mode) ||
	    S_ISBLK(st.st_mode))) {
		snprintf(diag->msg, sizeof(diag->msg), "a device, not a file "
		    "or a pipe");
		(void)close(fd);
		return VG_ERR_IO;
	}
	r = vg_secmem_read_fd(sm, fd, max, diag);
	saved = errno;
	(void)close(fd);
	errno = saved;
	return r;
}

int
vg_secmem_lines(struct vg_secmem *sm, int fd, size_t maxline, FILE *flush,
    vg_secmem_line_fn *fn, void *arg)
{
	size_t start = 0, len = 0, pending, n;
	bool skipping = false, eof = false;
	char *buf = sm->sm_p, *nl;
	size_t cap = sm->sm_cap;
	ssize_t got;
	int r;

	if (buf == NULL || maxline > SIZE_MAX - 3 || cap < maxline + 3)
		return VG_ERR_INVAL;
	for (;;) {
		nl = len > start ? memchr(buf + start, '\n', len - start) :
		    NULL;
		if (nl != NULL) {
			n = (size_t)(nl - (buf + start));
			if (!skipping)
				fn(arg, buf + start, n, false);
			skipping = false;
			sodium_memzero(buf + start, n + 1);
			start += n + 1;
			continue;
		}
		if (eof) {
			if (len > start && !skipping)
				fn(arg, buf + start, len - start, false);
			sodium_memzero(buf, cap);
			return 0;
		}
		pending = len - start;
		/* One more byte: a CR before the newline. */
		if (pending > maxline + 1) {
			if (!skipping)
				fn(arg, NULL, 0, true);
			skipping = true;
			pending = 0;
			start = len;
		}
		memmove(buf, buf + start, pending);
		sodium_memzero(buf + pending, len - pending);
		len = pending;
		start = 0;
		if (flush != NULL && fflush(flush) != 0) {
			r = VG_ERR_IO;
			goto fail;
		}
		do
			got = read(fd, buf + len, cap - len);
		while (got == -1 && errno == EINTR);
		if (got == -1) {
			r = VG_ERR_SYSTEM;
			goto fail;
		}
		if (got == 0)
			eof = true;
		len += (size_t)got;
	}
fail:
	{
		int saved = errno;

		sodium_memzero(buf, cap);
		errno = saved;
	}
	return r;
}
