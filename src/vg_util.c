/*
 * vg_util.c -- error strings, fatal exits and the x* allocators.
 *
 * The x* allocators abort on failure and are for main() and setup code
 * only; modules propagate VG_ERR_NOMEM instead.
 */
#include "vg.h"

#include <errno.h>
#include <stdarg.h>

const char *vg_progname = "vigil";

const char *
vg_strerror(int r)
{
	switch (r) {
	case VG_OK:		return "success";
	case VG_ERR_INTERNAL:	return "internal error";
	case VG_ERR_NOMEM:	return "out of memory";
	case VG_ERR_LIMIT:	return "limit exceeded";
	case VG_ERR_PARSE:	return "parse error";
	case VG_ERR_INVAL:	return "invalid argument";
	case VG_ERR_SYSTEM:	return strerror(errno);
	case VG_ERR_IO:		return "I/O error";
	case VG_ERR_DB:		return "database error";
	case VG_ERR_PROTO:	return "protocol error";
	case VG_ERR_NOTFOUND:	return "not found";
	case VG_ERR_FORMAT:	return "unrecognised format";
	}
	return "unknown error";
}

void
vg_assert_fail(const char *expr, const char *file, int line)
{
	fprintf(stderr, "%s: assertion failed: %s (%s:%d)\n", vg_progname,
	    expr, file, line);
	abort();
}

static void vmsg(int, const char *, va_list) __attribute__((format(printf, 2, 0)));

static void
vmsg(int with_errno, const char *fmt, va_list ap)
{
	int saved = errno;

	fprintf(stderr, "%s: ", vg_progname);
	vfprintf(stderr, fmt, ap);
	if (with_errno)
		fprintf(stderr, ": %s", strerror(saved));
	fputc('\n', stderr);
}

void
vg_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(1, fmt, ap);
	va_end(ap);
	exit(2);
}

void
vg_fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
	exit(2);
}

void
vg_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
}

void *
vg_xmalloc(size_t n)
{
	void *p;

	if ((p = malloc(n == 0 ? 1 : n)) == NULL)
		vg_fatalx("out of memory allocating %zu bytes", n);
	return p;
}

void *
vg_xcalloc(size_t n, size_t size)
{
	void *p;

	if ((p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size)) == NULL)
		vg_fatalx("out of memory allocating %zu x %zu bytes", n, size);
	return p;
}

void *
vg_xreallocarray(void *old, size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		vg_fatalx("allocation overflow: %zu x %zu", n, size);
	if ((p = realloc(old, n * size == 0 ? 1 : n * size)) == NULL)
		vg_fatalx("out of memory allocating %zu x %zu bytes", n, size);
	return p;
}

char *
vg_xstrdup(const char *s)
{
	char *p;

	if ((p = strdup(s)) == NULL)
		vg_fatalx("out of memory");
	return p;
}
