/* Unit tests of vg_addr: strict parsing, CIDR masking, formatting. */
#include "vg_test.h"
#include "vg_addr.h"

static struct vg_str
S(const char *s)
{
	return vg_str_make(s, strlen(s));
}

VG_TEST(addr_v4)
{
	struct vg_addr a;
	char buf[VG_ADDR_STRLEN];

	ASSERT_TRUE(vg_addr_parse(S("194.117.26.69"), &a));
	ASSERT_INT_EQ(a.af, VG_AF_INET);
	ASSERT_UINT_EQ(a.u.v4, 0xc2751a45u);
	/* Leading zeros are decimal, as fail2ban's test logs expect. */
	ASSERT_TRUE(vg_addr_parse(S("192.030.0.6"), &a));
	vg_addr_format(&a, buf);
	ASSERT_STR_EQ(buf, "192.30.0.6");
	ASSERT_FALSE(vg_addr_parse(S("256.1.1.1"), &a));
	ASSERT_FALSE(vg_addr_parse(S("1.2.3"), &a));
	ASSERT_FALSE(vg_addr_parse(S("1.2.3.4.5"), &a));
	ASSERT_FALSE(vg_addr_parse(S("1.2.3.4 "), &a));
	ASSERT_FALSE(vg_addr_parse(S(""), &a));
}

VG_TEST(addr_v6_and_mapped)
{
	struct vg_addr a;
	char buf[VG_ADDR_STRLEN];

	ASSERT_TRUE(vg_addr_parse(S("2001:db8::80da:af6b:8b2c"), &a));
	ASSERT_INT_EQ(a.af, VG_AF_INET6);
	vg_addr_format(&a, buf);
	ASSERT_STR_EQ(buf, "2001:db8::80da:af6b:8b2c");
	/* IPv4-mapped IPv6 becomes IPv4, so one indicator matches both. */
	ASSERT_TRUE(vg_addr_parse(S("::ffff:218.249.210.161"), &a));
	ASSERT_INT_EQ(a.af, VG_AF_INET);
	vg_addr_format(&a, buf);
	ASSERT_STR_EQ(buf, "218.249.210.161");
	ASSERT_TRUE(vg_addr_parse(S("[fe80::1%eth0]"), &a));
	ASSERT_INT_EQ(a.af, VG_AF_INET6);
	ASSERT_FALSE(vg_addr_parse(S("12:34"), &a));
	ASSERT_FALSE(vg_addr_parse(S("example.com"), &a));
}

VG_TEST(addr_cidr)
{
	struct vg_addr a;
	unsigned prefix;
	char buf[VG_ADDR_STRLEN];

	ASSERT_TRUE(vg_addr_parse_cidr(S("10.1.2.3/8"), &a, &prefix));
	ASSERT_UINT_EQ(prefix, 8);
	vg_addr_format(&a, buf);
	ASSERT_STR_EQ(buf, "10.0.0.0");
	ASSERT_TRUE(vg_addr_parse_cidr(S("1.2.3.4"), &a, &prefix));
	ASSERT_UINT_EQ(prefix, 32);
	ASSERT_TRUE(vg_addr_parse_cidr(S("2001:db8::/32"), &a, &prefix));
	ASSERT_UINT_EQ(prefix, 32);
	ASSERT_TRUE(vg_addr_parse_cidr(S("::ffff:10.0.0.0/104"), &a, &prefix));
	ASSERT_INT_EQ(a.af, VG_AF_INET);
	ASSERT_UINT_EQ(prefix, 8);
	ASSERT_FALSE(vg_addr_parse_cidr(S("1.2.3.4/33"), &a, &prefix));
	ASSERT_FALSE(vg_addr_parse_cidr(S("1.2.3.4/"), &a, &prefix));
	ASSERT_FALSE(vg_addr_parse_cidr(S("1.2.3.4/8x"), &a, &prefix));
}

VG_TEST(str_find)
{
	struct vg_str s = VG_STR_LIT("Failed password for root from 1.2.3.4 "
	    "port 22 ssh2");

	ASSERT_INT_EQ(VG_STR_FIND(s, " from "), 24);
	ASSERT_INT_EQ(VG_STR_FIND(s, "Failed"), 0);
	ASSERT_INT_EQ(VG_STR_FIND(s, "ssh2"), 46);
	ASSERT_INT_EQ(VG_STR_FIND(s, "ssh3"), -1);
	ASSERT_INT_EQ(VG_STR_FIND(s, "2"), 32);
	ASSERT_INT_EQ(VG_STR_FIND(VG_STR_LIT("ab"), "abc"), -1);
	ASSERT_INT_EQ(VG_STR_FIND(VG_STR_LIT("aab"), "ab"), 1);
	ASSERT_INT_EQ(VG_STR_FIND(VG_STR_LIT("xab"), "ab"), 1);
	ASSERT_INT_EQ(VG_STR_FIND(VG_STR_LIT("ab"), "ab"), 0);
	ASSERT_INT_EQ(VG_STR_FIND(VG_STR_LIT("bbab"), "ab"), 2);
}

VG_TEST(str_rfind)
{
	struct vg_str s = VG_STR_LIT("Invalid login as a from 6.6.6.6 from "
	    "2001:db8::5");

	ASSERT_INT_EQ(VG_STR_RFIND(s, " from "), 31);
	ASSERT_INT_EQ(VG_STR_RFIND(s, "Invalid"), 0);
	ASSERT_INT_EQ(VG_STR_RFIND(s, "::5"), 45);
	ASSERT_INT_EQ(VG_STR_RFIND(s, ":"), 46);
	ASSERT_INT_EQ(VG_STR_RFIND(s, " to "), -1);
	ASSERT_INT_EQ(VG_STR_RFIND(VG_STR_LIT("ab"), "abc"), -1);
	ASSERT_INT_EQ(VG_STR_RFIND(VG_STR_LIT("abab"), "ab"), 2);
	ASSERT_INT_EQ(VG_STR_RFIND(VG_STR_LIT("aaa"), "aa"), 1);
	ASSERT_INT_EQ(VG_STR_RFIND(VG_STR_LIT("abb"), "ab"), 0);
	ASSERT_INT_EQ(VG_STR_RFIND(VG_STR_NULL, "a"), -1);
	/* A prefix view bounds the search, as nginx's ", client: " needs. */
	ASSERT_INT_EQ(VG_STR_RFIND(vg_str_sub(s, 0, 36), " from "), 18);
	ASSERT_VIEW_EQ(vg_str_sub(s, 18, 24), " from ");
}
