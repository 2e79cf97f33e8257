/*
 * Unit tests of indicator sets: CIDR nesting and longest prefix, domain
 * suffix rules, URL normalization, allowlists, snapshots.
 */
#include "vg_test.h"
#include "ioc.h"

#include <unistd.h>

static struct vg_str
S(const char *s)
{
	return vg_str_make(s, strlen(s));
}

static struct vg_ioc_set *
build(const char *text, const char *path, unsigned long *badp)
{
	struct vg_ioc_builder *b = vg_ioc_builder_new();
	struct vg_ioc_set *set;
	struct vg_diag d;

	ASSERT_PTR_NE(b, NULL);
	ASSERT_INT_EQ(vg_ioc_load_buf(b, path, NULL, text, strlen(text), NULL,
	    NULL, &d), 0);
	(void)badp;
	ASSERT_INT_EQ(vg_ioc_builder_seal_own(b, &set), 0);
	return set;
}

static size_t
ip_hits(struct vg_ioc_set *set, const char *ip, struct vg_ioc_hit *h)
{
	struct vg_addr a;

	ASSERT_TRUE(vg_addr_parse(S(ip), &a));
	return vg_ioc_match_ip(set, &a, h, 8);
}

VG_TEST(ioc_cidr_longest_prefix)
{
	struct vg_ioc_set *set = build("# test\n10.0.0.0/8\n10.1.0.0/16\n"
	    "10.1.2.3\n192.0.2.0/24 # doc net\n2001:db8::/32\n"
	    "2001:db8:1::/48\n", "lists/botnet.txt", NULL);
	struct vg_ioc_hit h[8];
	char buf[64];

	ASSERT_UINT_EQ(ip_hits(set, "10.1.2.3", h), 3);
	vg_ioc_hit_format(&h[0], buf, sizeof(buf));
	ASSERT_STR_EQ(buf, "10.1.2.3");
	vg_ioc_hit_format(&h[1], buf, sizeof(buf));
	ASSERT_STR_EQ(buf, "10.1.0.0/16");
	vg_ioc_hit_format(&h[2], buf, sizeof(buf));
	ASSERT_STR_EQ(buf, "10.0.0.0/8");
	ASSERT_STR_EQ(h[0].h_feed, "botnet");
	ASSERT_INT_EQ(h[0].h_cat, VG_CAT_BOTNET);
	ASSERT_UINT_EQ(ip_hits(set, "10.1.2.4", h), 2);
	ASSERT_UINT_EQ(ip_hits(set, "10.2.0.0", h), 1);
	ASSERT_UINT_EQ(ip_hits(set, "11.0.0.0", h), 0);
	ASSERT_UINT_EQ(ip_hits(set, "9.255.255.255", h), 0);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.255", h), 1);
	ASSERT_UINT_EQ(ip_hits(set, "::ffff:192.0.2.7", h), 1);
	ASSERT_UINT_EQ(ip_hits(set, "2001:db8:1::5", h), 2);
	vg_ioc_hit_format(&h[0], buf, sizeof(buf));
	ASSERT_STR_EQ(buf, "2001:db8:1::/48");
	ASSERT_UINT_EQ(ip_hits(set, "2001:db9::1", h), 0);
	ASSERT_UINT_EQ(ip_hits(set, "255.255.255.255", h), 0);
	vg_ioc_set_free(set);
}

VG_TEST(ioc_domains_urls_hashes)
{
	struct vg_ioc_set *set = build("evil.com\nBad.Example.ORG.\n"
	    "http://Mal.Example.net:80/drop/x.exe#frag\n"
	    "D41D8CD98F00B204E9800998ECF8427E\n"
	    "Phisher@Example.com\nstage.net/payload.bin\n", "feed.txt", NULL);
	struct vg_ioc_hit h[8];

	ASSERT_UINT_EQ(vg_ioc_match_domain(set, S("evil.com"), h, 8), 1);
	ASSERT_UINT_EQ(vg_ioc_match_domain(set, S("a.b.EVIL.com."), h, 8), 1);
	ASSERT_UINT_EQ(vg_ioc_match_domain(set, S("notevil.com"), h, 8), 0);
	ASSERT_UINT_EQ(vg_ioc_match_domain(set, S("evil.com.au"), h, 8), 0);
	ASSERT_UINT_EQ(vg_ioc_match_domain(set, S("bad.example.org"), h, 8),
	    1);
	ASSERT_VIEW_EQ(h[0].h_value, "bad.example.org");
	ASSERT_UINT_EQ(vg_ioc_match_url(set,
	    S("https://mal.example.net/drop/x.exe"), h, 8), 1);
	ASSERT_UINT_EQ(vg_ioc_match_url(set,
	    S("http://mal.example.net/drop/y.exe"), h, 8), 0);
	ASSERT_UINT_EQ(vg_ioc_match_url(set,
	    S("http://stage.net/payload.bin"), h, 8), 1);
	ASSERT_UINT_EQ(vg_ioc_match_hash(set,
	    S("d41d8cd98f00b204e9800998ecf8427e"), h, 8), 1);
	ASSERT_INT_EQ(h[0].h_type, VG_IOC_MD5);
	ASSERT_UINT_EQ(vg_ioc_match_account(set, S("phisher@example.COM"), h,
	    8), 1);
	vg_ioc_set_free(set);
}

VG_TEST(ioc_allowlist_suppresses)
{
	struct vg_ioc_builder *b = vg_ioc_builder_new();
	struct vg_ioc_set *set;
	struct vg_ioc_hit h[8];
	struct vg_diag d;
	static const char bad[] = "203.0.113.0/24\ngoogle.com\nevil.com\n";
	static const char allow[] = "203.0.113.7\nmail.google.com\n";

	ASSERT_INT_EQ(vg_ioc_load_buf(b, "bad.txt", NULL, bad, strlen(bad),
	    NULL, NULL, &d), 0);
	ASSERT_INT_EQ(vg_ioc_load_buf(b, "maltrail/whitelist.txt", NULL,
	    allow, strlen(allow), NULL, NULL, &d), 0);
	ASSERT_INT_EQ(vg_ioc_builder_seal_own(b, &set), 0);
	ASSERT_UINT_EQ(ip_hits(set, "203.0.113.8", h), 1);
	ASSERT_UINT_EQ(ip_hits(set, "203.0.113.7", h), VG_IOC_ALLOWED);
	ASSERT_UINT_EQ(vg_ioc_match_domain(set, S("x.mail.google.com"), h, 8),
	    VG_IOC_ALLOWED);
	ASSERT_UINT_EQ(vg_ioc_match_domain(set, S("www.google.com"), h, 8), 1);
	ASSERT_UINT_EQ(vg_ioc_match_domain(set, S("evil.com"), h, 8), 1);
	vg_ioc_set_free(set);
}

struct warns {
	unsigned	n;
	unsigned long	lines[8];
};

static void
count_warn(void *arg, const struct vg_diag *d)
{
	struct warns *w = arg;

	if (w->n < 8)
		w->lines[w->n] = d->line;
	w->n++;
}

VG_TEST(ioc_bad_lines_reported)
{
	struct vg_ioc_builder *b = vg_ioc_builder_new();
	struct vg_ioc_set *set;
	struct vg_ioc_hit h[8];
	struct warns w = { 0 };
	struct vg_diag d;
	static const char text[] = "1.2.3.4\nnot an indicator\n999.1.1.1/8\n"
	    "; comment\nexample.org\n\x01\x02\n5.6.7.0/24\n";

	ASSERT_INT_EQ(vg_ioc_load_buf(b, "x.txt", NULL, text,
	    sizeof(text) - 1, count_warn, &w, &d), 0);
	ASSERT_INT_EQ(vg_ioc_builder_seal_own(b, &set), 0);
	ASSERT_UINT_EQ(w.n, 3);
	ASSERT_UINT_EQ(w.lines[0], 2);
	ASSERT_UINT_EQ(w.lines[1], 3);
	ASSERT_UINT_EQ(w.lines[2], 6);
	ASSERT_UINT_EQ(ip_hits(set, "5.6.7.200", h), 1);
	ASSERT_UINT_EQ(h[0].h_line, 7);
	vg_ioc_set_free(set);
}

VG_TEST(ioc_firehol_ipsum_hosts)
{
	struct vg_ioc_set *set;
	struct vg_ioc_hit h[8];

	set = build("#\n# spamhaus_drop\n#\n# ipv4 hash:net ipset\n#\n"
	    "# Category        : reputation\n#\n1.10.16.0/20\n",
	    "x/spamhaus_drop.netset", NULL);
	ASSERT_UINT_EQ(ip_hits(set, "1.10.20.1", h), 1);
	ASSERT_STR_EQ(h[0].h_feed, "spamhaus_drop");
	ASSERT_INT_EQ(h[0].h_cat, VG_CAT_REPUTATION);
	vg_ioc_set_free(set);

	set = build("# IPsum Threat Intelligence Feed\n#\n77.90.185.20\t10\n",
	    "ipsum.txt", NULL);
	ASSERT_UINT_EQ(ip_hits(set, "77.90.185.20", h), 1);
	ASSERT_STR_EQ(h[0].h_feed, "ipsum");
	vg_ioc_set_free(set);

	set = build("# hosts\n127.0.0.1 localhost\n0.0.0.0 ads.example.com "
	    "tracker.example.net\n", "hosts", NULL);
	ASSERT_UINT_EQ(vg_ioc_match_domain(set, S("ads.example.com"), h, 8),
	    1);
	ASSERT_UINT_EQ(vg_ioc_match_domain(set, S("tracker.example.net"), h,
	    8), 1);
	ASSERT_UINT_EQ(vg_ioc_match_domain(set, S("localhost"), h, 8), 0);
	vg_ioc_set_free(set);
}

VG_TEST(ioc_snapshot_roundtrip_and_damage)
{
	struct vg_ioc_set *set = build("10.0.0.0/8\nevil.com\n2001:db8::/32\n",
	    "feed.txt", NULL), *back;
	struct vg_ioc_hit h[8];
	char path[] = "/tmp/vigil-test-XXXXXX";
	char *img;
	size_t len, i;
	int fd;

	fd = mkstemp(path);
	ASSERT_TRUE(fd >= 0);
	close(fd);
	ASSERT_INT_EQ(vg_ioc_set_write(set, path), 0);
	vg_ioc_set_free(set);
	ASSERT_INT_EQ(vg_ioc_set_open(path, &back), 0);
	ASSERT_UINT_EQ(ip_hits(back, "10.9.9.9", h), 1);
	ASSERT_UINT_EQ(ip_hits(back, "2001:db8::1", h), 1);
	ASSERT_UINT_EQ(vg_ioc_match_domain(back, S("x.evil.com"), h, 8), 1);
	vg_ioc_set_free(back);

	/* Every truncation and a flipped byte anywhere: no crash. */
	img = vg_test_read(path, &len);
	unlink(path);
	for (i = 0; i < len; i += 7) {
		if (vg_ioc_set_from_image(img, i, &back) == 0) {
			(void)ip_hits(back, "10.1.1.1", h);
			vg_ioc_set_free(back);
		}
		img[i] ^= 0x5a;
		if (vg_ioc_set_from_image(img, len, &back) == 0) {
			(void)ip_hits(back, "10.1.1.1", h);
			(void)ip_hits(back, "2001:db8::1", h);
			(void)vg_ioc_match_domain(back, S("a.evil.com"), h, 8);
			vg_ioc_set_free(back);
		}
		img[i] ^= 0x5a;
	}
	free(img);
}
