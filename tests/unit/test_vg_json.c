/* Unit tests of the JSON writer: escaping and invalid UTF-8. */
#include "vg_test.h"
#include "vg_json.h"

VG_TEST(json_escape)
{
	struct vg_json j;
	static const char raw[] = "a\"b\\c\n\x01\xff\xc3\xa9";

	vg_json_init(&j, 1024);
	vg_json_obj_begin(&j, NULL);
	vg_json_str(&j, "m", vg_str_make(raw, sizeof(raw) - 1));
	vg_json_int(&j, "n", -5);
	vg_json_obj_end(&j);
	ASSERT_UINT_EQ(j.j_len, strlen("{\"m\":\"a\\\"b\\\\c\\n\\u0001\\u00ff"
	    "\xc3\xa9\",\"n\":-5}"));
	ASSERT_INT_EQ(memcmp(j.j_buf, "{\"m\":\"a\\\"b\\\\c\\n\\u0001\\u00ff"
	    "\xc3\xa9\",\"n\":-5}", j.j_len), 0);
	vg_json_cleanup(&j);
}

VG_TEST(json_ceiling)
{
	struct vg_json j;
	char big[300];

	memset(big, 'x', sizeof(big));
	vg_json_init(&j, 100);
	vg_json_str(&j, "k", vg_str_make(big, sizeof(big)));
	ASSERT_TRUE(j.j_overflow);
	ASSERT_TRUE(j.j_len <= 100);
	vg_json_cleanup(&j);
}

VG_TEST(json_numbers)
{
	struct vg_json j;

	vg_json_init(&j, 1024);
	vg_json_arr_begin(&j, NULL);
	vg_json_int(&j, NULL, 0);
	vg_json_int(&j, NULL, -42);
	vg_json_int(&j, NULL, INT64_MIN);
	vg_json_int(&j, NULL, INT64_MAX);
	vg_json_uint(&j, NULL, UINT64_MAX);
	vg_json_rawnum(&j, NULL, VG_STR_LIT("1.5e3"));
	vg_json_rawnum(&j, NULL, VG_STR_LIT("07"));
	vg_json_arr_end(&j);
	vg_json_newline(&j);
	ASSERT_UINT_EQ(j.j_len, strlen("[0,-42,-9223372036854775808,"
	    "9223372036854775807,18446744073709551615,1.5e3,\"07\"]\n"));
	ASSERT_INT_EQ(memcmp(j.j_buf, "[0,-42,-9223372036854775808,"
	    "9223372036854775807,18446744073709551615,1.5e3,\"07\"]\n",
	    j.j_len), 0);
	vg_json_cleanup(&j);
}
