/*
 * test_vg_buf.c -- the report buffer: growth, the sticky ceiling, and
 * CSV cells (quoting, doubled quotes, formula characters defused).
 */
#include "vg_test.h"

#include "vg_buf.h"

VG_TEST(vg_buf_grows_and_formats)
{
	struct vg_buf b;
	char big[2000];

	vg_buf_init(&b, 1 << 20);
	vg_buf_str(&b, "host ");
	vg_buf_printf(&b, "%d findings", 9);
	ASSERT_STR_EQ(b.b_p, "host 9 findings");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	/* Longer than printf's stack buffer. */
	vg_buf_printf(&b, "[%s]", big);
	ASSERT_UINT_EQ(b.b_len, 15 + 2 + sizeof(big) - 1);
	ASSERT_INT_EQ(b.b_err, 0);
	vg_buf_clear(&b);
	ASSERT_UINT_EQ(b.b_len, 0);
	ASSERT_STR_EQ(b.b_p, "");
	vg_buf_free(&b);
}

VG_TEST(vg_buf_ceiling_is_sticky)
{
	struct vg_buf b;

	vg_buf_init(&b, 8);
	vg_buf_str(&b, "1234567");
	ASSERT_INT_EQ(b.b_err, 0);
	vg_buf_str(&b, "8");		/* 8 bytes + NUL > 8 */
	ASSERT_INT_EQ(b.b_err, VG_ERR_LIMIT);
	vg_buf_clear(&b);
	vg_buf_str(&b, "a");
	ASSERT_INT_EQ(b.b_err, VG_ERR_LIMIT);
	ASSERT_STR_EQ(b.b_p, "");
	vg_buf_free(&b);
}

VG_TEST(vg_buf_csv_cells)
{
	struct vg_buf b;

	vg_buf_init(&b, 4096);
	vg_buf_csv_str(&b, "web01", false);
	vg_buf_csv_str(&b, "", false);
	vg_buf_csv_str(&b, "a,b", false);
	vg_buf_csv_str(&b, "say \"hi\"", false);
	vg_buf_csv_str(&b, "=HYPERLINK(\"x\")", false);
	vg_buf_csv_str(&b, "-1+2", false);
	vg_buf_csv_cell(&b, NULL, 0, false);
	vg_buf_csv_str(&b, "CVE-2023-4911 CVE-2023-4912", true);
	ASSERT_STR_EQ(b.b_p, "web01,,\"a,b\",\"say \"\"hi\"\"\","
	    "\"'=HYPERLINK(\"\"x\"\")\",'-1+2,,CVE-2023-4911 CVE-2023-4912\n");
	vg_buf_free(&b);
}
