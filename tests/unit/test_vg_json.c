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

/* The escaping of one byte, written out plainly: the reference. */
static size_t
escape_ref(unsigned char c, char *out)
{
	switch (c) {
	case '"':	return (size_t)snprintf(out, 8, "\\\"");
	case '\\':	return (size_t)snprintf(out, 8, "\\\\");
	case '\n':	return (size_t)snprintf(out, 8, "\\n");
	case '\r':	return (size_t)snprintf(out, 8, "\\r");
	case '\t':	return (size_t)snprintf(out, 8, "\\t");
	}
	if (c < 0x20 || c >= 0x7f)
		return (size_t)snprintf(out, 8, "\\u%04x", c);
	out[0] = (char)c;
	return 1;
}

/*
 * Every byte value at every place of a 19-byte string of plain letters
 * (so at each offset of the word-at-a-time scan and of the byte loop
 * after it): only that byte is escaped, as the reference says.  Bytes
 * 0x80 and up are lone, invalid UTF-8 here.
 */
VG_TEST(json_escape_every_byte_everywhere)
{
	struct vg_json j;
	char in[19], want[64];
	size_t pos, n;
	unsigned c;

	vg_json_init(&j, 1024);
	for (pos = 0; pos < sizeof(in); pos++)
		for (c = 0; c < 256; c++) {
			memset(in, 'a', sizeof(in));
			in[pos] = (char)c;
			vg_json_reset(&j);
			vg_json_str(&j, NULL, vg_str_make(in, sizeof(in)));
			n = 0;
			want[n++] = '"';
			memset(want + n, 'a', pos);
			n += pos;
			n += escape_ref((unsigned char)c, want + n);
			memset(want + n, 'a', sizeof(in) - pos - 1);
			n += sizeof(in) - pos - 1;
			want[n++] = '"';
			if (j.j_len != n || memcmp(j.j_buf, want, n) != 0)
				vg_test_fail(__FILE__, __LINE__, "byte 0x%02x "
				    "at %zu: got %.*s", c, pos, (int)j.j_len,
				    j.j_buf);
		}
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
