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

#include <inttypes.h>

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
