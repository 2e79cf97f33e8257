/*
 * vg.h -- prelude included first by every vigil source file.
 *
 * Standard headers every module needs, the assertion macros and small
 * attribute helpers.  Keep it short: anything module-specific belongs in
 * that module's header.
 */
#ifndef VG_H
#define VG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vg_err.h"
#include "vg_limits.h"

#define VG_ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))
#define VG_MIN(a, b)	((a) < (b) ? (a) : (b))
#define VG_MAX(a, b)	((a) > (b) ? (a) : (b))

#define VG_LIKELY(x)	__builtin_expect(!!(x), 1)
#define VG_UNLIKELY(x)	__builtin_expect(!!(x), 0)
#define VG_PRINTF(f, a)	__attribute__((format(printf, f, a)))
#define VG_NORETURN	__attribute__((noreturn))
#define VG_UNUSED	__attribute__((unused))

/*
 * Programmer invariants only, never input validation.  Stays on in
 * release builds (as redis serverAssert does): a broken invariant in a
 * parser of hostile input is better as a crash than as a wrong verdict.
 */
#define VG_ASSERT(x)	do {						\
	if (VG_UNLIKELY(!(x)))						\
		vg_assert_fail(#x, __FILE__, __LINE__);			\
} while (0)

VG_NORETURN void vg_assert_fail(const char *, const char *, int);

/* Fatal errors: allowed only in main() and process setup. */
VG_NORETURN void vg_fatal(const char *, ...) VG_PRINTF(1, 2);
VG_NORETURN void vg_fatalx(const char *, ...) VG_PRINTF(1, 2);
void	vg_warnx(const char *, ...) VG_PRINTF(1, 2);
void	*vg_xmalloc(size_t);
void	*vg_xcalloc(size_t, size_t);
void	*vg_xreallocarray(void *, size_t, size_t);
char	*vg_xstrdup(const char *);

/* Program name used as the prefix of diagnostics. */
extern const char *vg_progname;

#endif /* VG_H */
