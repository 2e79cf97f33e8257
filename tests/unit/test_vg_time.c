/* Unit tests of vg_time: civil conversion, ISO parsing, formatting. */
#include "vg_test.h"
#include "vg_time.h"

VG_TEST(time_civil)
{
	ASSERT_INT_EQ(vg_time_from_civil(1970, 1, 1, 0, 0, 0), 0);
	ASSERT_INT_EQ(vg_time_from_civil(2000, 2, 29, 12, 0, 0), 951825600);
	ASSERT_INT_EQ(vg_time_from_civil(2026, 11, 25, 2, 45, 33),
	    1795574733);
	ASSERT_INT_EQ(vg_time_from_civil(1969, 12, 31, 23, 59, 59), -1);
}

VG_TEST(time_iso_parse_format)
{
	struct vg_str s = VG_STR_LIT("2023-02-28T11:34:02.133169+0000 rest");
	char buf[VG_TIME_STRLEN];
	int64_t us;
	bool tz;

	ASSERT_TRUE(vg_time_parse_iso(&s, &us, &tz));
	ASSERT_TRUE(tz);
	ASSERT_VIEW_EQ(s, " rest");
	vg_time_format(us, buf);
	ASSERT_STR_EQ(buf, "2023-02-28T11:34:02.133169Z");

	s = VG_STR_LIT("2026-11-25T10:00:00.500+03:00");
	ASSERT_TRUE(vg_time_parse_iso(&s, &us, &tz));
	vg_time_format(us, buf);
	ASSERT_STR_EQ(buf, "2026-11-25T07:00:00.500Z");

	vg_time_format(0, buf);
	ASSERT_STR_EQ(buf, "1970-01-01T00:00:00Z");
	vg_time_format(-1, buf);
	ASSERT_STR_EQ(buf, "1969-12-31T23:59:59.999999Z");
	ASSERT_INT_EQ(vg_time_format(INT64_C(253402300799) * VG_USEC, buf),
	    20);
	ASSERT_STR_EQ(buf, "9999-12-31T23:59:59Z");

	s = VG_STR_LIT("2026-11-25 10:00:00");
	ASSERT_TRUE(vg_time_parse_iso(&s, &us, &tz));
	ASSERT_FALSE(tz);
	s = VG_STR_LIT("2026-13-25T10:00:00Z");
	ASSERT_FALSE(vg_time_parse_iso(&s, &us, &tz));
	s = VG_STR_LIT("Nov 25 10:00:00");
	ASSERT_FALSE(vg_time_parse_iso(&s, &us, &tz));
}

VG_TEST(time_tz)
{
	struct vg_tz tz;

	ASSERT_INT_EQ(vg_tz_parse("+03:00", &tz), 0);
	ASSERT_INT_EQ(vg_tz_to_utc(&tz, 3 * 3600), 0);
	ASSERT_INT_EQ(vg_tz_parse("-0530", &tz), 0);
	ASSERT_INT_EQ(vg_tz_to_utc(&tz, 0), 5 * 3600 + 1800);
	ASSERT_INT_EQ(vg_tz_parse("+25:00", &tz), VG_ERR_INVAL);
	ASSERT_INT_EQ(vg_tz_parse("../etc/passwd", &tz), VG_ERR_INVAL);
}
