/*
 * vg_test.h -- the unit-test harness.
 *
 * A test is `VG_TEST(name) { ... }' in tests/unit/test_<module>.c; the
 * Makefile collects every VG_TEST into build/test_list.h, and the runner
 * forks each test with a time limit.  A failed assertion prints where and
 * what, and ends that test's process; VG_SKIP ends it as skipped (used only
 * when ../shared data is absent, and reported as such).
 */
#ifndef VG_TEST_H
#define VG_TEST_H

#include "vg.h"
#include "vg_str.h"

#include <inttypes.h>

struct vg_addr;
struct vg_event;
struct vg_logfmt;
struct vg_logsrc;

#define VG_TEST(name)	void vg_test_##name(void);	\
			void vg_test_##name(void)

#define VG_TEST_SKIP_STATUS	77

VG_NORETURN void	vg_test_fail(const char *file, int line,
			    const char *fmt, ...) VG_PRINTF(3, 4);
VG_NORETURN void	vg_test_skip(const char *why);

/* Path of a file under ../shared/data, or NULL when it is absent. */
const char	*vg_test_shared(const char *rel);
/* Read a whole file (aborts the test when unreadable); caller frees. */
char		*vg_test_read(const char *path, size_t *lenp);
/* A fresh directory under /tmp, in a buffer reused by each call. */
const char	*vg_test_tmpdir(void);
/* Remove a directory tree made by a test (aborts the test on failure). */
void		 vg_test_rmtree(const char *dir);
/* Write `text' to `path' (aborts the test on failure). */
void		 vg_test_write(const char *path, const char *text);

/*
 * Decoder tests.  vg_test_logsrc() returns a source named "test.log" with
 * --year 2026, fresh on every call (what the previous call left is
 * freed).  vg_test_decode_ls() decodes one line with `ls' into an event
 * that stays valid until the next decode; vg_test_decode() does so with a
 * fresh source of its own, so that no state spans lines.
 */
struct vg_logsrc	*vg_test_logsrc(void);
struct vg_event		*vg_test_decode_ls(struct vg_logsrc *,
			    const char *line);
struct vg_event		*vg_test_decode(const char *line);

/*
 * Walk a file's text line by line: decode the line at *pp (up to its
 * newline or `end') with `ls' into `ev', set *linep to it and advance *pp.
 * Returns false when *pp has reached `end'.  For the tests that count
 * over a real log in ../shared.
 */
bool	vg_test_decode_next(struct vg_logsrc *ls, const char **pp,
	    const char *end, struct vg_event *ev, struct vg_str *linep);

/* An address as text ("" when absent), in a buffer reused by each call. */
const char	*vg_test_ip(const struct vg_addr *);
/* A time as ISO 8601 UTC text, in a buffer reused by each call. */
const char	*vg_test_time(int64_t);
/* The value of the event's label `name', or "" when it has none. */
struct vg_str	 vg_test_label(const struct vg_event *, const char *name);
/* The same as a C string, in a buffer reused by each call (truncated). */
const char	*vg_test_extra(const struct vg_event *, const char *name);

/*
 * Run program decoder `lf' directly over `msg' and fail unless it says
 * VG_ERR_FORMAT with the event byte for byte as it was.
 */
#define ASSERT_UNTOUCHED(lf, msg)	\
	vg_test_untouched(__FILE__, __LINE__, (lf), (msg))
void	vg_test_untouched(const char *file, int line,
	    const struct vg_logfmt *lf, const char *msg);

#define VG_SKIP(why)	vg_test_skip(why)

#define ASSERT_TRUE(x) do {						\
	if (!(x))							\
		vg_test_fail(__FILE__, __LINE__, "%s is false", #x);	\
} while (0)
#define ASSERT_FALSE(x) do {						\
	if ((x))							\
		vg_test_fail(__FILE__, __LINE__, "%s is true", #x);	\
} while (0)
#define ASSERT_INT_EQ(a, b) do {					\
	long long a_ = (long long)(a), b_ = (long long)(b);		\
	if (a_ != b_)							\
		vg_test_fail(__FILE__, __LINE__, "%s == %lld, expected "\
		    "%s == %lld", #a, a_, #b, b_);			\
} while (0)
#define ASSERT_UINT_EQ(a, b) do {					\
	unsigned long long a_ = (unsigned long long)(a);		\
	unsigned long long b_ = (unsigned long long)(b);		\
	if (a_ != b_)							\
		vg_test_fail(__FILE__, __LINE__, "%s == %llu, expected "\
		    "%s == %llu", #a, a_, #b, b_);			\
} while (0)
#define ASSERT_STR_EQ(a, b) do {					\
	const char *a_ = (a), *b_ = (b);				\
	if (a_ == NULL || b_ == NULL || strcmp(a_, b_) != 0)		\
		vg_test_fail(__FILE__, __LINE__, "%s == \"%s\", "	\
		    "expected \"%s\"", #a, a_ ? a_ : "(null)",		\
		    b_ ? b_ : "(null)");				\
} while (0)
/* Compare a (pointer, length) view with a C string. */
#define ASSERT_VIEW_EQ(v, s) do {					\
	struct vg_str v_ = (v);						\
	const char *s_ = (s);						\
	if (v_.len != strlen(s_) || (v_.len > 0 &&			\
	    memcmp(v_.p, s_, v_.len) != 0))				\
		vg_test_fail(__FILE__, __LINE__, "%s == \"%.*s\", "	\
		    "expected \"%s\"", #v, (int)v_.len,			\
		    v_.p ? v_.p : "", s_);				\
} while (0)
#define ASSERT_PTR_EQ(a, b)	ASSERT_TRUE((a) == (b))
#define ASSERT_PTR_NE(a, b)	ASSERT_TRUE((a) != (b))

#endif /* VG_TEST_H */
