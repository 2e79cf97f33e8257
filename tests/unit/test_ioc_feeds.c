/*
 * test_ioc_feeds.c -- the abuse.ch CSV, MISP and STIX feed loaders,
 * through the public vg_ioc_load_buf / vg_ioc_load_file entry points.
 *
 * Fixtures are small inline texts modelled on the real exports (banner,
 * header, quoting and line endings as abuse.ch, MISP and OASIS write
 * them), with documentation addresses (RFC 5737) and made-up hashes.  The
 * last tests load real files from ../shared/data when it is present.
 */
#include "vg_test.h"

#include "ioc.h"

#include <sys/stat.h>

#include <unistd.h>

struct warns {
	unsigned long	 n;
	unsigned long	 last_line;
	char		 last[VG_DIAG_MSG_MAX];
};

static void
count_warn(void *arg, const struct vg_diag *d)
{
	struct warns *w = arg;

	w->n++;
	w->last_line = d->line;
	snprintf(w->last, sizeof(w->last), "%s", d->msg);
}

/* Load `text' as if read from `path', seal, and return the set. */
static struct vg_ioc_set *
load_text(const char *path, const char *name, const char *text, size_t len,
    struct warns *w, size_t *countp)
{
	struct vg_ioc_builder *b;
	struct vg_ioc_set *set = NULL;
	struct vg_diag diag;
	int r;

	memset(w, 0, sizeof(*w));
	b = vg_ioc_builder_new();
	ASSERT_PTR_NE(b, NULL);
	r = vg_ioc_load_buf(b, path, name, text, len, count_warn, w, &diag);
	if (r != 0)
		vg_test_fail(__FILE__, __LINE__, "load %s: %s", path,
		    diag.msg);
	if (countp != NULL)
		*countp = vg_ioc_builder_count(b);
	ASSERT_INT_EQ(vg_ioc_builder_seal_own(b, &set), 0);
	ASSERT_PTR_NE(set, NULL);
	return set;
}

static struct vg_ioc_set *
load(const char *path, const char *name, const char *text, struct warns *w)
{
	return load_text(path, name, text, strlen(text), w, NULL);
}

static size_t
ip_hits(const struct vg_ioc_set *set, const char *ip, struct vg_ioc_hit *h)
{
	struct vg_addr a;

	ASSERT_TRUE(vg_addr_parse(vg_str_make(ip, strlen(ip)), &a));
	return vg_ioc_match_ip(set, &a, h, 4);
}

static struct vg_str
S(const char *s)
{
	return vg_str_make(s, strlen(s));
}

/* The one feed of a set. */
static void
only_feed(const struct vg_ioc_set *set, const char *name,
    enum vg_ioc_cat cat)
{
	const char *fname, *src;
	enum vg_ioc_cat fcat;
	size_t count;

	ASSERT_UINT_EQ(vg_ioc_set_nfeeds(set), 1);
	vg_ioc_set_feed(set, 0, &fname, &src, &fcat, &count);
	ASSERT_STR_EQ(fname, name);
	ASSERT_STR_EQ(vg_ioc_cat_name(fcat), vg_ioc_cat_name(cat));
}

/* ------------------------------------------------------------ abuse.ch */

static const char feodo_csv[] =
    "################################################################\n"
    "# abuse.ch Feodo Tracker Botnet C2 IP Blocklist (CSV)          #\n"
    "# Last updated: 2024-04-04 07:03:03 UTC                        #\n"
    "################################################################\n"
    "#\n"
    "\"first_seen_utc\",\"dst_ip\",\"dst_port\",\"c2_status\","
    "\"last_online\",\"malware\"\n"
    "\"2023-05-23 17:51:44\",\"192.0.2.73\",\"1194\",\"online\","
    "\"2024-04-01\",\"Pikabot\"\n"
    "\"2024-02-08 19:20:49\",\"198.51.100.155\",\"5000\",\"offline\","
    "\"2024-03-11\",\"Pikabot\"\n"
    "\"2024-02-09 06:56:00\",\"203.0.113.300\",\"2078\",\"offline\","
    "\"2024-03-11\",\"Pikabot\"\n"
    "\"2024-02-09 16:29:51\",\"203.0.113.9\n"
    "\"2024-02-12 13:50:35\"\n"
    "\n"
    "# END 5 entries\n";

VG_TEST(ioc_feed_feodo_csv)
{
	struct vg_ioc_set *set;
	struct vg_ioc_hit h[4];
	struct warns w;

	set = load("intel/feodo_ipblocklist.csv", NULL, feodo_csv, &w);
	/* Bad address, unterminated quote, missing dst_ip column. */
	ASSERT_UINT_EQ(w.n, 3);
	only_feed(set, "feodotracker", VG_CAT_C2);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.73", h), 1);
	ASSERT_STR_EQ(h[0].h_feed, "feodotracker");
	ASSERT_INT_EQ(h[0].h_cat, VG_CAT_C2);
	ASSERT_UINT_EQ(h[0].h_line, 7);
	ASSERT_UINT_EQ(ip_hits(set, "198.51.100.155", h), 1);
	ASSERT_UINT_EQ(ip_hits(set, "203.0.113.9", h), 0);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.74", h), 0);
	vg_ioc_set_free(set);
}

VG_TEST(ioc_feed_abusech_name_override)
{
	struct vg_ioc_set *set;
	struct vg_ioc_hit h[4];
	struct warns w;

	set = load("intel/feodo.csv", "botcc", feodo_csv, &w);
	only_feed(set, "botcc", VG_CAT_C2);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.73", h), 1);
	ASSERT_STR_EQ(h[0].h_feed, "botcc");
	vg_ioc_set_free(set);
}

VG_TEST(ioc_feed_urlhaus_crlf)
{
	static const char text[] =
	    "################################################################"
	    "\r\n"
	    "# abuse.ch URLhaus Database Dump (CSV - recent URLs only)      #"
	    "\r\n"
	    "################################################################"
	    "\r\n"
	    "#\r\n"
	    "# id,dateadded,url,url_status,last_online,threat,tags,"
	    "urlhaus_link,reporter\r\n"
	    "\"3784247\",\"2026-02-23 11:14:07\","
	    "\"https://wood.example.net/service/verification.google\","
	    "\"online\",\"2026-02-23 11:14:07\",\"malware_download\","
	    "\"ClearFake\",\"https://urlhaus.abuse.ch/url/3784247/\","
	    "\"anonymous\"\r\n"
	    "\"3784246\",\"2026-02-23 11:14:06\","
	    "\"http://192.0.2.177:44892/i\",\"online\",\"\","
	    "\"malware_download\",\"32-bit,elf,mips,Mozi\","
	    "\"https://urlhaus.abuse.ch/url/3784246/\",\"geenensp\"\r\n"
	    "\"3784245\",\"2026-02-23 11:13:09\","
	    "\"http://bad.example.org/a,b?q=\"\"x\"\"\",\"offline\",\"\","
	    "\"malware_download\",\"exe\","
	    "\"https://urlhaus.abuse.ch/url/3784245/\",\"anonymous\"\r\n"
	    "\"3784244\",\"2026-02-23 11:13:00\",\"\",\"offline\",\"\","
	    "\"malware_download\",\"\",\"\",\"anonymous\"\r\n";
	struct vg_ioc_set *set;
	struct vg_ioc_hit h[4];
	struct warns w;

	set = load("intel/urlhaus_recent.csv", NULL, text, &w);
	ASSERT_UINT_EQ(w.n, 1);		/* the empty url */
	ASSERT_UINT_EQ(w.last_line, 9);
	only_feed(set, "urlhaus", VG_CAT_MALWARE);
	ASSERT_UINT_EQ(vg_ioc_match_url(set,
	    S("https://wood.example.net/service/verification.google"), h, 4),
	    1);
	ASSERT_INT_EQ(h[0].h_cat, VG_CAT_MALWARE);
	ASSERT_UINT_EQ(h[0].h_line, 6);
	ASSERT_UINT_EQ(vg_ioc_match_url(set, S("http://192.0.2.177:44892/i"),
	    h, 4), 1);
	/* Embedded comma and doubled quotes survive the splitter. */
	ASSERT_UINT_EQ(vg_ioc_match_url(set,
	    S("http://bad.example.org/a,b?q=\"x\""), h, 4), 1);
	ASSERT_UINT_EQ(vg_ioc_match_url(set, S("http://bad.example.org/a"),
	    h, 4), 0);
	vg_ioc_set_free(set);
}

#define TF_HEADER							\
	"################################################################\n" \
	"# ThreatFox IOCs: CSV format (full dump)                       #\n" \
	"################################################################\n" \
	"#\n"								\
	"# \"first_seen_utc\",\"ioc_id\",\"ioc_value\",\"ioc_type\","	\
	"\"threat_type\",\"fk_malware\",\"malware_alias\","		\
	"\"malware_printable\",\"last_seen_utc\",\"confidence_level\","	\
	"\"is_compromised\",\"reference\",\"tags\",\"anonymous\","	\
	"\"reporter\"\n"

VG_TEST(ioc_feed_threatfox_quoted)
{
	static const char text[] = TF_HEADER
	    "\"2025-12-07 10:24:02\", \"1668909\", \"198.51.100.7:443\", "
	    "\"ip:port\", \"botnet_cc\", \"win.dcrat\", \"DarkCrystal RAT\", "
	    "\"DCRat\", \"\", \"50\", \"False\", \"\", \"c2,dcrat\", \"0\", "
	    "\"juroots\"\n"
	    "\"2025-12-07 10:21:47\", \"1668863\", \"c2.example.com\", "
	    "\"domain\", \"botnet_cc\", \"win.lokipws\", "
	    "\"Burkina,Loki,LokiBot\", \"Loki Password Stealer (PWS)\", \"\", "
	    "\"75\", \"False\", \"\", \"c2\", \"0\", \"juroots\"\n"
	    "\"2025-12-07 05:31:19\", \"1668703\", "
	    "\"http://198.51.100.9/skare.odd?a=1,2\", \"url\", "
	    "\"payload_delivery\", \"unknown\", \"None\", \"Unknown malware\", "
	    "\"\", \"100\", \"False\", \"a \"\"quoted\"\", reference\", "
	    "\"ClickFix\", \"0\", \"anonymous\"\n"
	    "\"2026-03-04 06:08:14\", \"1758020\", "
	    "\"0123456789abcdef0123456789abcdef\", \"md5_hash\", \"payload\", "
	    "\"unknown\", \"None\", \"Unknown malware\", \"\", \"100\", "
	    "\"False\", \"\", \"gunra,ransomware\", \"0\", \"anonymous\"\n"
	    "\"2025-12-04 06:09:51\", \"1667148\", "
	    "\"4ac33e95d7d1bf205c8bd021886a8edc5d405d65389edb3b0c65d62c1200000"
	    "0\", \"sha256_hash\", \"payload\", \"win.stealc\", \"None\", "
	    "\"Stealc\", \"\", \"85\", \"False\", \"\", \"stealc\", \"0\", "
	    "\"anonymous\"\n"
	    "\"2025-12-04 06:09:50\", \"1667149\", \"abcdef\", "
	    "\"sha3_384_hash\", \"payload\", \"win.stealc\", \"None\", "
	    "\"Stealc\", \"\", \"85\", \"False\", \"\", \"\", \"0\", \"x\"\n"
	    "\"2025-12-04 06:09:49\", \"1667150\", \"not-an-ip:99999\", "
	    "\"ip:port\", \"botnet_cc\", \"x\", \"None\", \"X\", \"\", \"50\", "
	    "\"False\", \"\", \"\", \"0\", \"x\"\n"
	    "\"2025-12-04 06:09:48\", \"1667151\", \"x\" junk, \"url\"\n"
	    "# Number of entries: 8\n";
	struct vg_ioc_set *set;
	struct vg_ioc_hit h[4];
	struct warns w;

	set = load("intel/threatfox_full.csv", NULL, text, &w);
	/* Bad ip:port, text after a closing quote; sha3 is just skipped. */
	ASSERT_UINT_EQ(w.n, 2);
	ASSERT_UINT_EQ(w.last_line, 13);
	only_feed(set, "threatfox", VG_CAT_MALWARE);
	ASSERT_UINT_EQ(ip_hits(set, "198.51.100.7", h), 1);
	ASSERT_INT_EQ(h[0].h_cat, VG_CAT_C2);
	ASSERT_UINT_EQ(h[0].h_line, 6);
	ASSERT_UINT_EQ(vg_ioc_match_domain(set, S("c2.example.com"), h, 4),
	    1);
	ASSERT_INT_EQ(h[0].h_cat, VG_CAT_C2);
	ASSERT_UINT_EQ(vg_ioc_match_domain(set, S("a.c2.example.com"), h, 4),
	    1);
	ASSERT_UINT_EQ(vg_ioc_match_url(set,
	    S("http://198.51.100.9/skare.odd?a=1,2"), h, 4), 1);
	ASSERT_INT_EQ(h[0].h_cat, VG_CAT_MALWARE);
	ASSERT_UINT_EQ(vg_ioc_match_hash(set,
	    S("0123456789ABCDEF0123456789ABCDEF"), h, 4), 1);
	ASSERT_INT_EQ(h[0].h_type, VG_IOC_MD5);
	ASSERT_UINT_EQ(vg_ioc_match_hash(set, S("4ac33e95d7d1bf205c8bd021886a8"
	    "edc5d405d65389edb3b0c65d62c12000000"), h, 4), 1);
	ASSERT_INT_EQ(h[0].h_type, VG_IOC_SHA256);
	ASSERT_UINT_EQ(ip_hits(set, "198.51.100.9", h), 0);
	vg_ioc_set_free(set);
}

VG_TEST(ioc_feed_sslbl)
{
	static const char sha1[] =
	    "################################################################"
	    "\r\n"
	    "# abuse.ch SSLBL SSL Certificate Blacklist (SHA1 Fingerprints) #"
	    "\r\n"
	    "################################################################"
	    "\r\n"
	    "#\r\n"
	    "# Listingdate,SHA1,Listingreason\r\n"
	    "2026-02-23 10:01:46,00112233445566778899aabbccddeeff00112233,"
	    "Socks5Systemz C&C\r\n"
	    "2026-02-23 09:57:56,FFEEDDCCBBAA99887766554433221100FFEEDDCC,"
	    "Vidar C&C\r\n"
	    "2026-02-23 09:57:50,ffeeddccbbaa,Vidar C&C\r\n"
	    "# END (3) entries\r\n";
	static const char ip[] =
	    "# abuse.ch SSLBL Botnet C2 IP Blacklist (CSV)\n"
	    "# Firstseen,DstIP,DstPort\n"
	    "2024-01-02 03:04:05,192.0.2.200,443\n";
	struct vg_ioc_set *set;
	struct vg_ioc_hit h[4];
	struct warns w;

	set = load("sslbl.csv", NULL, sha1, &w);
	ASSERT_UINT_EQ(w.n, 1);
	only_feed(set, "sslbl", VG_CAT_C2);
	ASSERT_UINT_EQ(vg_ioc_match_hash(set,
	    S("00112233445566778899AABBCCDDEEFF00112233"), h, 4), 1);
	ASSERT_INT_EQ(h[0].h_type, VG_IOC_SHA1);
	ASSERT_UINT_EQ(vg_ioc_match_hash(set,
	    S("ffeeddccbbaa99887766554433221100ffeeddcc"), h, 4), 1);
	vg_ioc_set_free(set);

	/* Same columns as Feodo Tracker; the banner tells them apart. */
	set = load("sslblip.csv", NULL, ip, &w);
	ASSERT_UINT_EQ(w.n, 0);
	only_feed(set, "sslbl", VG_CAT_C2);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.200", h), 1);
	vg_ioc_set_free(set);
}

/* A commented plain list is not claimed by the CSV loader. */
VG_TEST(ioc_feed_abusech_declines_plain_list)
{
	static const char text[] =
	    "# url\n"
	    "# my blocklist, one entry a line\n"
	    "evil.example.com\n"
	    "192.0.2.1\n";
	struct vg_ioc_set *set;
	struct vg_ioc_hit h[4];
	struct warns w;

	set = load("lists/blocklist.txt", NULL, text, &w);
	ASSERT_UINT_EQ(w.n, 0);
	ASSERT_UINT_EQ(vg_ioc_set_nfeeds(set), 1);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.1", h), 1);
	ASSERT_STR_EQ(h[0].h_feed, "blocklist");
	vg_ioc_set_free(set);
}

VG_TEST(ioc_feed_abusech_long_line)
{
	static const char head[] =
	    "# id,dateadded,url,url_status,last_online,threat,tags,"
	    "urlhaus_link,reporter\n"
	    "\"1\",\"2026-01-01 00:00:00\",\"http://long.example/";
	static const char tail[] =
	    "\",\"online\",\"\",\"malware_download\",\"\",\"\",\"x\"\n"
	    "\"2\",\"2026-01-01 00:00:00\",\"http://short.example/x\","
	    "\"online\",\"\",\"malware_download\",\"\",\"\",\"x\"\n";
	size_t pad = VG_MAX_FEED_LINE, len;
	struct vg_ioc_set *set;
	struct vg_ioc_hit h[4];
	struct warns w;
	char *text;

	len = sizeof(head) - 1 + pad + sizeof(tail) - 1;
	text = malloc(len);
	ASSERT_PTR_NE(text, NULL);
	memcpy(text, head, sizeof(head) - 1);
	memset(text + sizeof(head) - 1, 'a', pad);
	memcpy(text + sizeof(head) - 1 + pad, tail, sizeof(tail) - 1);
	set = load_text("urlhaus.csv", NULL, text, len, &w, NULL);
	ASSERT_UINT_EQ(w.n, 1);
	ASSERT_UINT_EQ(w.last_line, 2);
	ASSERT_UINT_EQ(vg_ioc_match_url(set, S("http://short.example/x"), h,
	    4), 1);
	ASSERT_UINT_EQ(h[0].h_line, 3);
	vg_ioc_set_free(set);
	free(text);
}

/* ---------------------------------------------------------------- MISP */

#define SHA256_A							\
	"aa00000000000000000000000000000000000000000000000000000000000001"
#define MD5_A	"bb000000000000000000000000000002"
#define SHA1_A	"cc00000000000000000000000000000000000003"

static const char misp_event[] =
    "{\"Event\": {\"info\": \"Test botnet\", \"threat_level_id\": \"2\",\n"
    " \"uuid\": \"5f0e4b4c-0000-4000-8000-000000000001\",\n"
    " \"Tag\": [{\"name\": \"tlp:white\"},\n"
    "  {\"name\": \"misp-galaxy:mitre-attack-pattern=\\\"Exfiltration Over "
    "C2 Channel - T1041\\\"\"},\n"
    "  {\"name\": \"type:botnet\"}],\n"
    " \"Attribute\": [\n"
    "  {\"type\": \"ip-src\", \"category\": \"Network activity\", "
    "\"to_ids\": true, \"deleted\": false, \"value\": \"192.0.2.10\"},\n"
    "  {\"type\": \"ip-dst\", \"to_ids\": false, "
    "\"value\": \"198.51.100.0/24\"},\n"
    "  {\"type\": \"ip-dst|port\", \"value\": \"203.0.113.5|8080\"},\n"
    "  {\"type\": \"domain|ip\", "
    "\"value\": \"evil.example.com|192.0.2.20\"},\n"
    "  {\"type\": \"hostname\", \"value\": \"cdn.bad.example.net\"},\n"
    "  {\"type\": \"url\", \"value\": \"http://evil.example.com/gate.php\"},\n"
    "  {\"type\": \"filename|sha256\", "
    "\"value\": \"dropper.exe|" SHA256_A "\"},\n"
    "  {\"type\": \"email-src\", \"value\": \"Phisher@Example.org\"},\n"
    "  {\"type\": \"text\", \"value\": \"free text\"},\n"
    "  {\"type\": \"ip-src\", \"value\": \"192.0.2.99\", \"deleted\": true},\n"
    "  {\"type\": \"ip-src\", \"value\": \"not-an-ip\"}\n"
    " ],\n"
    " \"Object\": [\n"
    "  {\"name\": \"file\", \"Attribute\": [\n"
    "   {\"type\": \"md5\", \"value\": \"" MD5_A "\"},\n"
    "   {\"type\": \"sha1\", \"value\": \"" SHA1_A "\"}]},\n"
    "  {\"name\": \"file\", \"deleted\": true, \"Attribute\": [\n"
    "   {\"type\": \"md5\", \"value\": \"dd000000000000000000000000000004\"}"
    "]}\n"
    " ]\n"
    "}}\n";

VG_TEST(ioc_feed_misp_event)
{
	struct vg_ioc_set *set;
	struct vg_ioc_hit h[4];
	struct warns w;

	set = load("feeds/event_x.json", NULL, misp_event, &w);
	ASSERT_UINT_EQ(w.n, 1);		/* "not-an-ip" */
	ASSERT_UINT_EQ(w.last_line, 11);
	/* "type:botnet"; the ATT&CK tag naming C2 is not a category. */
	only_feed(set, "event_x", VG_CAT_BOTNET);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.10", h), 1);
	ASSERT_INT_EQ(h[0].h_cat, VG_CAT_BOTNET);
	ASSERT_STR_EQ(h[0].h_feed, "event_x");
	ASSERT_UINT_EQ(h[0].h_line, 1);
	ASSERT_UINT_EQ(ip_hits(set, "198.51.100.77", h), 1);
	ASSERT_UINT_EQ(h[0].h_prefix, 24);
	ASSERT_UINT_EQ(ip_hits(set, "203.0.113.5", h), 1);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.20", h), 1);
	ASSERT_UINT_EQ(vg_ioc_match_domain(set, S("evil.example.com"), h, 4),
	    1);
	ASSERT_UINT_EQ(vg_ioc_match_domain(set, S("cdn.bad.example.net"), h,
	    4), 1);
	ASSERT_UINT_EQ(vg_ioc_match_url(set,
	    S("http://evil.example.com/gate.php"), h, 4), 1);
	ASSERT_UINT_EQ(vg_ioc_match_hash(set, S(SHA256_A), h, 4), 1);
	ASSERT_UINT_EQ(vg_ioc_match_account(set, S("phisher@example.org"), h,
	    4), 1);
	ASSERT_UINT_EQ(vg_ioc_match_hash(set, S(MD5_A), h, 4), 1);
	ASSERT_UINT_EQ(vg_ioc_match_hash(set, S(SHA1_A), h, 4), 1);
	ASSERT_UINT_EQ(h[0].h_line, 13);
	/* Deleted attribute, deleted object, ignored types. */
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.99", h), 0);
	ASSERT_UINT_EQ(vg_ioc_match_hash(set,
	    S("dd000000000000000000000000000004"), h, 4), 0);
	ASSERT_UINT_EQ(vg_ioc_match_domain(set, S("dropper.exe"), h, 4), 0);
	vg_ioc_set_free(set);
}

VG_TEST(ioc_feed_misp_response_list)
{
	static const char text[] =
	    "{\"response\": [\n"
	    " {\"Event\": {\"info\": \"C2 servers\", \"Tag\": [{\"name\": "
	    "\"kill-chain:Command and Control\"}], \"Attribute\": [\n"
	    "  {\"type\": \"ip-dst\", \"value\": \"192.0.2.30\"}]}},\n"
	    " {\"Event\": {\"info\": \"scanners\", \"Tag\": [{\"name\": "
	    "\"crowdsec:scanner\"}], \"Attribute\": [\n"
	    "  {\"type\": \"ip-src\", \"value\": \"192.0.2.31\", "
	    "\"deleted\": \"1\"},\n"
	    "  {\"type\": \"ip-src\", \"value\": \"192.0.2.32\"}]}},\n"
	    " {\"Event\": {\"info\": \"untagged\", \"Attribute\": [\n"
	    "  {\"type\": \"md5\", \"value\": \"" MD5_A "\"}]}}\n"
	    "]}\n";
	struct vg_ioc_set *set;
	struct vg_ioc_hit h[4];
	struct warns w;

	set = load("misp/search.json", NULL, text, &w);
	ASSERT_UINT_EQ(w.n, 0);
	only_feed(set, "search", VG_CAT_MALWARE);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.30", h), 1);
	ASSERT_INT_EQ(h[0].h_cat, VG_CAT_C2);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.31", h), 0);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.32", h), 1);
	ASSERT_INT_EQ(h[0].h_cat, VG_CAT_SCANNER);
	ASSERT_UINT_EQ(vg_ioc_match_hash(set, S(MD5_A), h, 4), 1);
	ASSERT_INT_EQ(h[0].h_cat, VG_CAT_MALWARE);
	vg_ioc_set_free(set);
}

VG_TEST(ioc_feed_misp_bad_json)
{
	static const char text[] =
	    "{\"Event\": {\"info\": \"x\",\n"
	    " \"Attribute\": [\n"
	    "  {\"type\": \"ip-src\", \"value\": \"192.0.2.1\"},\n"
	    " }\n";
	struct vg_ioc_builder *b;
	struct vg_diag diag;
	struct warns w;
	int r;

	memset(&w, 0, sizeof(w));
	b = vg_ioc_builder_new();
	ASSERT_PTR_NE(b, NULL);
	r = vg_ioc_load_buf(b, "bad.json", NULL, text, sizeof(text) - 1,
	    count_warn, &w, &diag);
	ASSERT_INT_EQ(r, VG_ERR_PARSE);
	ASSERT_UINT_EQ(w.n, 1);
	ASSERT_UINT_EQ(w.last_line, 4);
	ASSERT_UINT_EQ(vg_ioc_builder_count(b), 0);
	vg_ioc_builder_free(b);
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ASSERT_PTR_NE(fp = fopen(path, "w"), NULL);
	ASSERT_UINT_EQ(fwrite(text, 1, strlen(text), fp), strlen(text));
	ASSERT_INT_EQ(fclose(fp), 0);
}

static void
remove_file(const char *dir, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	(void)unlink(path);
}

VG_TEST(ioc_feed_misp_dir)
{
	static const char manifest[] =
	    "{\"5f0e4b4c-0000-4000-8000-000000000001\": {\"info\": \"one\"},\n"
	    " \"5f0e4b4c-0000-4000-8000-000000000002\": {\"info\": \"gone\"},\n"
	    " \"../../etc/passwd\": {\"info\": \"escape\"}}\n";
	static const char event2[] =
	    "{\"Event\": {\"info\": \"x\", \"Attribute\": []}}";
	char tmpl[] = "/tmp/vg_misp_feedXXXXXX", *dir;
	struct vg_ioc_builder *b;
	struct vg_ioc_set *set;
	struct vg_ioc_hit h[4];
	struct vg_diag diag;
	struct warns w;
	int r;

	ASSERT_PTR_NE(dir = mkdtemp(tmpl), NULL);
	memset(&w, 0, sizeof(w));
	/* No manifest: not a MISP feed. */
	ASSERT_PTR_NE(b = vg_ioc_builder_new(), NULL);
	r = vg_ioc_load_file(b, dir, NULL, count_warn, &w, &diag);
	ASSERT_INT_EQ(r, VG_ERR_FORMAT);
	vg_ioc_builder_free(b);

	write_file(dir, "manifest.json", manifest);
	write_file(dir, "5f0e4b4c-0000-4000-8000-000000000001.json",
	    misp_event);
	write_file(dir, "unlisted.json", event2);
	ASSERT_PTR_NE(b = vg_ioc_builder_new(), NULL);
	r = vg_ioc_load_file(b, dir, "crowd", count_warn, &w, &diag);
	ASSERT_INT_EQ(r, 0);
	/* Missing event, bad key, and the bad ip-src of the event. */
	ASSERT_UINT_EQ(w.n, 3);
	ASSERT_INT_EQ(vg_ioc_builder_seal_own(b, &set), 0);
	only_feed(set, "crowd", VG_CAT_MALWARE);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.10", h), 1);
	ASSERT_STR_EQ(h[0].h_feed, "crowd");
	ASSERT_INT_EQ(h[0].h_cat, VG_CAT_BOTNET);
	vg_ioc_set_free(set);

	remove_file(dir, "manifest.json");
	remove_file(dir, "5f0e4b4c-0000-4000-8000-000000000001.json");
	remove_file(dir, "unlisted.json");
	ASSERT_INT_EQ(rmdir(dir), 0);
}

/* ---------------------------------------------------------------- STIX */

static const char stix_bundle[] =
    "{\"type\": \"bundle\", \"id\": \"bundle--0001\", \"objects\": [\n"
    /* 1 */
    " {\"type\": \"identity\", \"id\": \"identity--0001\", "
    "\"name\": \"ACME\"},\n"
    /* 2: OR and AND across brackets, an escaped quote */
    " {\"type\": \"indicator\", \"spec_version\": \"2.1\", "
    "\"pattern_type\": \"stix\", \"indicator_types\": "
    "[\"malicious-activity\"], \"pattern\": \"[ipv4-addr:value = "
    "'192.0.2.40'] OR [domain-name:value = 'c2.example.org' AND "
    "url:value = 'http://c2.example.org/it\\\\'s']\"},\n"
    /* 3: STIX 2.0, no pattern_type, hash name spellings */
    " {\"type\": \"indicator\", \"labels\": [\"malicious-activity\"], "
    "\"pattern\": \"[file:hashes.'SHA-256' = '" SHA256_A "'] OR "
    "[file:hashes.MD5 = '" MD5_A "'] OR [file:hashes.SHA1 = '" SHA1_A
    "']\"},\n"
    /* 4 */
    " {\"type\": \"indicator\", \"pattern_type\": \"stix\", "
    "\"indicator_types\": [\"anonymization\"], \"pattern\": "
    "\"[ipv4-addr:value = '198.51.100.0/25'] OR "
    "[ipv6-addr:value = 'fd00:abcd::/32']\"},\n"
    /* 5: IN, qualifiers */
    " {\"type\": \"indicator\", \"pattern_type\": \"stix\", "
    "\"labels\": [\"botnet\"], \"pattern\": \"([ipv4-addr:value IN "
    "('192.0.2.50', '192.0.2.51')] AND [email-addr:value = "
    "'bot@example.org']) WITHIN 300 SECONDS\"},\n"
    /* 6: nothing to take */
    " {\"type\": \"indicator\", \"pattern_type\": \"stix\", \"pattern\": "
    "\"[url:value LIKE 'http://like.example/%'] OR [domain-name:value "
    "MATCHES '^x\\\\\\\\.example$'] OR [ipv4-addr:value NOT = "
    "'192.0.2.60'] OR [ipv4-addr:value != '192.0.2.61'] OR "
    "[file:name = 'x.example'] START t'2016-01-01T00:00:00Z' "
    "STOP t'2017-01-01T00:00:00Z'\"},\n"
    /* 7, 8, 9: not STIX patterns, revoked, benign */
    " {\"type\": \"indicator\", \"pattern_type\": \"snort\", \"pattern\": "
    "\"alert tcp any any -> 192.0.2.70 any (msg:\\\"x\\\";)\"},\n"
    " {\"type\": \"indicator\", \"revoked\": true, \"pattern\": "
    "\"[ipv4-addr:value = '192.0.2.80']\"},\n"
    " {\"type\": \"indicator\", \"indicator_types\": [\"benign\"], "
    "\"pattern\": \"[domain-name:value = 'good.example']\"},\n"
    /* 10, 11: bad pattern, bad value */
    " {\"type\": \"indicator\", \"pattern\": "
    "\"[ipv4-addr:value = '192.0.2.90'\"},\n"
    " {\"type\": \"indicator\", \"pattern\": "
    "\"[ipv4-addr:value = 'banana']\"},\n"
    /* 12: MISP's STIX export style */
    " {\"type\": \"indicator\", \"pattern\": \"[network-traffic:dst_ref."
    "type = 'ipv4-addr' AND network-traffic:dst_ref.value = "
    "'192.0.2.100']\"}\n"
    "]}\n";

VG_TEST(ioc_feed_stix_bundle)
{
	struct vg_ioc_set *set;
	struct vg_ioc_hit h[4];
	struct warns w;

	set = load("stix/report.json", NULL, stix_bundle, &w);
	ASSERT_UINT_EQ(w.n, 2);
	ASSERT_UINT_EQ(w.last_line, 11);
	only_feed(set, "report", VG_CAT_UNKNOWN);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.40", h), 1);
	ASSERT_INT_EQ(h[0].h_cat, VG_CAT_UNKNOWN);
	ASSERT_UINT_EQ(h[0].h_line, 2);
	ASSERT_UINT_EQ(vg_ioc_match_domain(set, S("c2.example.org"), h, 4),
	    1);
	ASSERT_UINT_EQ(vg_ioc_match_url(set, S("http://c2.example.org/it's"),
	    h, 4), 1);
	ASSERT_UINT_EQ(vg_ioc_match_hash(set, S(SHA256_A), h, 4), 1);
	ASSERT_UINT_EQ(vg_ioc_match_hash(set, S(MD5_A), h, 4), 1);
	ASSERT_UINT_EQ(vg_ioc_match_hash(set, S(SHA1_A), h, 4), 1);
	ASSERT_UINT_EQ(h[0].h_line, 3);
	ASSERT_UINT_EQ(ip_hits(set, "198.51.100.100", h), 1);
	ASSERT_INT_EQ(h[0].h_cat, VG_CAT_ANONYMIZER);
	ASSERT_UINT_EQ(ip_hits(set, "fd00:abcd:1::1", h), 1);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.50", h), 1);
	ASSERT_INT_EQ(h[0].h_cat, VG_CAT_BOTNET);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.51", h), 1);
	ASSERT_UINT_EQ(vg_ioc_match_account(set, S("bot@example.org"), h, 4),
	    1);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.100", h), 1);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.60", h), 0);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.61", h), 0);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.70", h), 0);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.80", h), 0);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.90", h), 0);
	ASSERT_UINT_EQ(vg_ioc_match_url(set, S("http://like.example/%"), h,
	    4), 0);
	ASSERT_UINT_EQ(vg_ioc_match_domain(set, S("good.example"), h, 4), 0);
	ASSERT_UINT_EQ(vg_ioc_match_domain(set, S("x.example"), h, 4), 0);
	vg_ioc_set_free(set);
}

VG_TEST(ioc_feed_stix_envelope_and_lone_indicator)
{
	static const char envelope[] =
	    "{\"more\": false, \"objects\": [{\"type\": \"indicator\", "
	    "\"spec_version\": \"2.1\", \"pattern_type\": \"stix\", "
	    "\"indicator_types\": [\"compromised\"], \"pattern\": "
	    "\"[domain-name:value = 'owned.example.net']\"}]}";
	static const char lone[] =
	    "{\"type\": \"indicator\", \"spec_version\": \"2.1\", "
	    "\"pattern_type\": \"stix\", \"pattern\": "
	    "\"[url:value = 'https://198.51.100.3:2967/']\"}";
	struct vg_ioc_set *set;
	struct vg_ioc_hit h[4];
	struct warns w;

	set = load("taxii/page1.json", NULL, envelope, &w);
	ASSERT_UINT_EQ(w.n, 0);
	ASSERT_UINT_EQ(vg_ioc_match_domain(set, S("www.owned.example.net"), h,
	    4), 1);
	ASSERT_INT_EQ(h[0].h_cat, VG_CAT_COMPROMISED);
	vg_ioc_set_free(set);

	set = load("one.json", "pikabot", lone, &w);
	ASSERT_UINT_EQ(w.n, 0);
	only_feed(set, "pikabot", VG_CAT_UNKNOWN);
	ASSERT_UINT_EQ(vg_ioc_match_url(set, S("https://198.51.100.3:2967/"),
	    h, 4), 1);
	vg_ioc_set_free(set);
}

/* A category given with -i NAME:CATEGORY wins over each row's. */
VG_TEST(ioc_feed_forced_category)
{
	static const char tf[] = TF_HEADER
	    "\"2025-12-07 10:24:02\", \"1\", \"198.51.100.7:443\", "
	    "\"ip:port\", \"botnet_cc\", \"x\", \"None\", \"X\", \"\", "
	    "\"50\", \"False\", \"\", \"\", \"0\", \"x\"\n";
	struct vg_ioc_set *set;
	struct vg_ioc_hit h[4];
	struct warns w;

	set = load("intel/threatfox.csv", "tf:scanner", tf, &w);
	only_feed(set, "tf", VG_CAT_SCANNER);
	ASSERT_UINT_EQ(ip_hits(set, "198.51.100.7", h), 1);
	ASSERT_INT_EQ(h[0].h_cat, VG_CAT_SCANNER);
	vg_ioc_set_free(set);

	set = load("feeds/event_x.json", "ev:attack", misp_event, &w);
	only_feed(set, "ev", VG_CAT_ATTACK);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.10", h), 1);
	ASSERT_INT_EQ(h[0].h_cat, VG_CAT_ATTACK);
	vg_ioc_set_free(set);
}

/* ------------------------------------------------------- real exports */

static struct vg_ioc_set *
load_real(const char *rel, unsigned long *warnsp, size_t *countp)
{
	struct vg_ioc_builder *b;
	struct vg_ioc_set *set = NULL;
	struct vg_diag diag;
	const char *p;
	struct warns w;
	char path[4096];
	int r;

	if ((p = vg_test_shared(rel)) == NULL)
		VG_SKIP("no ../shared");
	snprintf(path, sizeof(path), "%s", p);
	memset(&w, 0, sizeof(w));
	ASSERT_PTR_NE(b = vg_ioc_builder_new(), NULL);
	r = vg_ioc_load_file(b, path, NULL, count_warn, &w, &diag);
	if (r != 0)
		vg_test_fail(__FILE__, __LINE__, "%s: %s", path, diag.msg);
	*countp = vg_ioc_builder_count(b);
	*warnsp = w.n;
	ASSERT_INT_EQ(vg_ioc_builder_seal_own(b, &set), 0);
	return set;
}

VG_TEST(ioc_feed_real_abusech)
{
	struct vg_ioc_set *set;
	struct vg_ioc_hit h[4];
	unsigned long nwarn;
	size_t n;

	set = load_real("intel/abusech/feodo_ipblocklist_2024-04-04.csv",
	    &nwarn, &n);
	ASSERT_UINT_EQ(nwarn, 0);
	ASSERT_UINT_EQ(n, 28);		/* "# END 28 entries" */
	only_feed(set, "feodotracker", VG_CAT_C2);
	ASSERT_UINT_EQ(ip_hits(set, "192.9.135.73", h), 1);
	vg_ioc_set_free(set);

	set = load_real("intel/abusech/threatfox_full_md5_2026-03-04.csv",
	    &nwarn, &n);
	ASSERT_UINT_EQ(nwarn, 0);
	ASSERT_UINT_EQ(n, 5986);	/* "# Number of entries: 5986" */
	vg_ioc_set_free(set);
}

VG_TEST(ioc_feed_real_misp_stix)
{
	struct vg_ioc_set *set;
	struct vg_ioc_hit h[4];
	unsigned long nwarn;
	size_t n;

	set = load_real("intel/misp_feed_crowdsec", &nwarn, &n);
	ASSERT_UINT_EQ(nwarn, 0);
	ASSERT_UINT_EQ(n, 508 + 155 + 201);
	only_feed(set, "misp_feed_crowdsec", VG_CAT_MALWARE);
	vg_ioc_set_free(set);

	set = load_real("intel/stix/unit42_gobruteforcer.json", &nwarn, &n);
	ASSERT_UINT_EQ(nwarn, 0);
	ASSERT_UINT_EQ(n, 13);
	ASSERT_UINT_EQ(vg_ioc_match_domain(set, S("fi.warmachine.su"), h, 4),
	    1);
	ASSERT_UINT_EQ(ip_hits(set, "5.253.84.159", h), 1);
	vg_ioc_set_free(set);
}

/* ------------------------------------- MISP: fast JSON reader, jansson */

/*
 * MISP documents are read by a fast validating reader, or by jansson when
 * that reader refuses them; VIGIL_FEED_JSON=fast and =jansson pick one
 * alone.  These tests load each document both ways and require the same
 * result, warnings, count and snapshot bytes.
 */
struct outcome {
	int		 r;
	size_t		 count;
	unsigned long	 nwarns;
	char		 warns[16384];	/* "line: msg\n" each, truncated */
	size_t		 warns_len;
	char		*image;		/* snapshot of the sealed set */
	size_t		 image_len;
};

static void
record_warn(void *arg, const struct vg_diag *d)
{
	struct outcome *o = arg;
	int n;

	o->nwarns++;
	n = snprintf(o->warns + o->warns_len, sizeof(o->warns) -
	    o->warns_len, "%lu: %s\n", d->line, d->msg);
	if (n > 0)
		o->warns_len = VG_MIN(o->warns_len + (size_t)n,
		    sizeof(o->warns) - 1);
}

/*
 * Load `text' (or, when NULL, the file or directory `path') with reader
 * `reader' ("fast" or "jansson"; "" for both).  With `image', seal and
 * keep the snapshot when the set is not empty (writing one syncs it, so
 * only the comparisons that need it ask for it).
 */
static void
load_with(const char *reader, const char *path, const char *text,
    size_t len, bool image, struct outcome *o)
{
	char snap[] = "/tmp/vg_readersXXXXXX";
	struct vg_ioc_builder *b;
	struct vg_ioc_set *set;
	struct vg_diag diag;
	int fd;

	memset(o, 0, sizeof(*o));
	ASSERT_INT_EQ(setenv("VIGIL_FEED_JSON", reader, 1), 0);
	ASSERT_PTR_NE(b = vg_ioc_builder_new(), NULL);
	if (text != NULL)
		o->r = vg_ioc_load_buf(b, path, NULL, text, len, record_warn,
		    o, &diag);
	else
		o->r = vg_ioc_load_file(b, path, NULL, record_warn, o, &diag);
	ASSERT_INT_EQ(unsetenv("VIGIL_FEED_JSON"), 0);
	o->count = vg_ioc_builder_count(b);
	if (!image || o->count == 0) {
		vg_ioc_builder_free(b);
		return;
	}
	ASSERT_INT_EQ(vg_ioc_builder_seal_own(b, &set), 0);
	ASSERT_TRUE((fd = mkstemp(snap)) != -1);
	close(fd);
	ASSERT_INT_EQ(vg_ioc_set_write(set, snap), 0);
	o->image = vg_test_read(snap, &o->image_len);
	ASSERT_INT_EQ(unlink(snap), 0);
	vg_ioc_set_free(set);
}

static void
assert_same(const struct outcome *a, const struct outcome *b)
{
	ASSERT_INT_EQ(a->r, b->r);
	ASSERT_UINT_EQ(a->count, b->count);
	ASSERT_UINT_EQ(a->nwarns, b->nwarns);
	ASSERT_STR_EQ(a->warns, b->warns);
	ASSERT_UINT_EQ(a->image_len, b->image_len);
	if (a->image_len > 0)
		ASSERT_INT_EQ(memcmp(a->image, b->image, a->image_len), 0);
}

/* The fast reader takes `text' alone and loads what jansson loads. */
static void
assert_fast_agrees(const char *text, size_t len, size_t *countp)
{
	struct outcome fast, slow;

	load_with("fast", "misp/readers.json", text, len, true, &fast);
	load_with("jansson", "misp/readers.json", text, len, true, &slow);
	if (strstr(fast.warns, "refused by the fast reader") != NULL)
		vg_test_fail(__FILE__, __LINE__, "fast reader refused "
		    "\"%.60s\"", text);
	assert_same(&fast, &slow);
	if (countp != NULL)
		*countp = fast.count;
	free(fast.image);
	free(slow.image);
}

/*
 * The fast reader refuses `text'; loading it the usual way then gives
 * what jansson gives (an error reported the same way, or as many
 * indicators: both are jansson's, so the images are not compared).
 */
static void
assert_fast_refuses(const char *text, size_t len)
{
	struct outcome fast, slow, usual;

	load_with("fast", "misp/readers.json", text, len, false, &fast);
	if (fast.r != VG_ERR_PARSE)
		vg_test_fail(__FILE__, __LINE__, "fast reader took "
		    "\"%.*s\"", (int)VG_MIN(len, 200), text);
	ASSERT_UINT_EQ(fast.count, 0);
	ASSERT_TRUE(strstr(fast.warns, "refused by the fast reader") !=
	    NULL);
	load_with("jansson", "misp/readers.json", text, len, false, &slow);
	load_with("", "misp/readers.json", text, len, false, &usual);
	assert_same(&usual, &slow);
	free(fast.image);
	free(slow.image);
	free(usual.image);
}

/* A one-event document whose event also holds `extra' as "x". */
static char *
event_with(const char *extra)
{
	static const char fmt[] = "{\"Event\": {\"Attribute\": [{\"type\": "
	    "\"ip-src\", \"value\": \"192.0.2.1\"}], \"x\": %s}}\n";
	size_t n = sizeof(fmt) + strlen(extra);
	char *buf;

	ASSERT_PTR_NE(buf = malloc(n), NULL);
	snprintf(buf, n, fmt, extra);
	return buf;
}

/* `n' arrays nested, innermost holding a string. */
static char *
nested(size_t n)
{
	char *buf, *p;
	size_t i;

	ASSERT_PTR_NE(buf = malloc(2 * n + 4), NULL);
	p = buf;
	for (i = 0; i < n; i++)
		*p++ = '[';
	memcpy(p, "\"\"", 2);
	p += 2;
	for (i = 0; i < n; i++)
		*p++ = ']';
	*p = '\0';
	return buf;
}

VG_TEST(ioc_feed_misp_fast_reader_agrees)
{
	/*
	 * Escapes in keys and values, duplicate keys (the last wins, as in
	 * jansson), every spelling of "deleted", attributes that are not
	 * objects, objects without attributes, and a first "Event" that the
	 * second replaces.
	 */
	static const char tricky[] =
	    "{\"Event\": {\"Attribute\": [{\"type\": \"ip-src\", "
	    "\"value\": \"198.51.100.1\"}]},\n"
	    " \"Event\": {\"info\": \"x\",\n"
	    " \"Tag\": [{\"name\": \"tlp:white\"}, {\"name\": \"kill-chain:"
	    "\\u0043\\u0032\"}, 5, {\"colour\": \"#fff\"}],\n"
	    " \"Attribute\": [\n"
	    "  {\"type\": \"url\", \"value\": \"http:\\/\\/evil.example\\/"
	    "a\\u0041b\"},\n"
	    "  {\"type\": \"text\", \"value\": \"\\\"\\\\\\t\\b\\f\\n\\r\"},\n"
	    "  {\"type\": \"domain\", \"value\": \"b\\u00fccher.example\"},\n"
	    "  {\"type\": \"domain\", \"value\": \"\\ud83d\\ude00.example\"},\n"
	    "  {\"type\": \"domain\", \"value\": \"caf\xc3\xa9.example\"},\n"
	    "  {\"type\": \"ip-src\", \"value\": \"192.0.2.\\u0031\"},\n"
	    "  {\"\\u0074ype\": \"ip-dst\", \"value\": \"192.0.2.2\"},\n"
	    "  {\"type\": \"ip-dst\", \"value\": \"192.0.2.3\", "
	    "\"type\": \"text\"},\n"
	    "  {\"type\": \"ip-dst\", \"value\": \"192.0.2.4\", "
	    "\"deleted\": 1},\n"
	    "  {\"type\": \"ip-dst\", \"value\": \"192.0.2.5\", "
	    "\"deleted\": \"TRUE\"},\n"
	    "  {\"type\": \"ip-dst\", \"value\": \"192.0.2.6\", "
	    "\"deleted\": 1.0},\n"
	    "  {\"type\": \"ip-dst\", \"value\": \"192.0.2.7\", "
	    "\"deleted\": -0},\n"
	    "  {\"type\": \"ip-dst\", \"value\": \"192.0.2.8\", "
	    "\"deleted\": 0e5},\n"
	    "  {\"type\": \"ip-dst\", \"value\": \"192.0.2.9\", "
	    "\"deleted\": \"0\"},\n"
	    "  {\"type\": \"ip-dst\", \"value\": \"192.0.2.10\", "
	    "\"deleted\": null},\n"
	    "  {\"type\": \"ip-dst\", \"value\": \"192.0.2.11\", "
	    "\"deleted\": [true]},\n"
	    "  {\"type\": \"ip-dst\", \"value\": \"192.0.2.12\", "
	    "\"deleted\": 123456789012345678},\n"
	    "  {\"type\": \"ip-dst\", \"value\": \"192.0.2.13\", "
	    "\"deleted\": true, \"deleted\": false},\n"
	    "  \"not an object\", [], null,\n"
	    "  {\"type\": \"ip-dst\"},\n"
	    "  {\"type\": 5, \"value\": \"192.0.2.14\"},\n"
	    "  {\"type\": \"ip-src|port\", \"value\": \"192.0.2.15|22\", "
	    "\"comment\": \"{[\\\"]}\", \"Galaxy\": [], \"Tag\": [{}]}\n"
	    " ],\n"
	    " \"Object\": [\n"
	    "  {\"deleted\": false, \"Attribute\": [{\"type\": \"md5\", "
	    "\"value\": \"" MD5_A "\"}]},\n"
	    "  7, {\"Attribute\": {\"not\": \"an array\"}}, {},\n"
	    "  {\"deleted\": \"1\", \"Attribute\": [{\"type\": \"sha1\", "
	    "\"value\": \"" SHA1_A "\"}]}\n"
	    " ]}}\n";
	static const char response_object[] =
	    "{\"response\": {\"Event\": {\"Tag\": [{\"name\": \"scanner\"}], "
	    "\"Attribute\": [{\"type\": \"ip-src\", "
	    "\"value\": \"192.0.2.20\"}]}}}";
	static const char bare_list[] =
	    " [{\"Event\": {\"Attribute\": [{\"type\": \"hostname\", "
	    "\"value\": \"a.example\"}]}}, {\"NotEvent\": {}}, 3,\n"
	    "  {\"Event\": {\"Tag\": [{\"name\": \"botnet\"}], \"Attribute\": "
	    "[{\"type\": \"email-src\", \"value\": \"x@example.org\"}]}}]\r\n";
	struct vg_ioc_set *set;
	struct vg_ioc_hit h[4];
	struct warns w;
	char *text, *deep;
	size_t n;

	assert_fast_agrees(misp_event, sizeof(misp_event) - 1, &n);
	ASSERT_UINT_EQ(n, 11);
	assert_fast_agrees(tricky, sizeof(tricky) - 1, &n);
	assert_fast_agrees(response_object, sizeof(response_object) - 1, &n);
	ASSERT_UINT_EQ(n, 1);
	assert_fast_agrees(bare_list, sizeof(bare_list) - 1, &n);
	ASSERT_UINT_EQ(n, 2);
	/* Root, event and 62 arrays: 64 levels, the fast reader's limit. */
	deep = nested(62);
	text = event_with(deep);
	assert_fast_agrees(text, strlen(text), &n);
	ASSERT_UINT_EQ(n, 1);
	free(text);
	free(deep);

	/* What the tricky event means, read by the fast reader. */
	ASSERT_INT_EQ(setenv("VIGIL_FEED_JSON", "fast", 1), 0);
	set = load("misp/tricky.json", NULL, tricky, &w);
	ASSERT_INT_EQ(unsetenv("VIGIL_FEED_JSON"), 0);
	only_feed(set, "tricky", VG_CAT_C2);	/* "C2", escaped */
	ASSERT_UINT_EQ(ip_hits(set, "198.51.100.1", h), 0);
	ASSERT_UINT_EQ(vg_ioc_match_url(set, S("http://evil.example/aAb"), h,
	    4), 1);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.1", h), 1);
	ASSERT_UINT_EQ(h[0].h_line, 6);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.2", h), 1);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.3", h), 0);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.4", h), 0);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.5", h), 0);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.6", h), 1);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.7", h), 1);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.8", h), 1);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.9", h), 1);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.10", h), 1);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.11", h), 1);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.12", h), 0);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.13", h), 1);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.14", h), 0);
	ASSERT_UINT_EQ(ip_hits(set, "192.0.2.15", h), 1);
	ASSERT_UINT_EQ(h[0].h_line, 24);
	ASSERT_UINT_EQ(vg_ioc_match_hash(set, S(MD5_A), h, 4), 1);
	ASSERT_UINT_EQ(h[0].h_line, 25);
	ASSERT_UINT_EQ(vg_ioc_match_hash(set, S(SHA1_A), h, 4), 0);
	vg_ioc_set_free(set);
}

VG_TEST(ioc_feed_misp_fast_reader_refuses)
{
	/* Each is put in an event as the value of "x". */
	static const char *const bad_values[] = {
		/* Not JSON, or JSON that jansson refuses. */
		"[1,]", "{\"a\": 1,}", "{\"a\" 1}", "{1: 2}", "[1 2]", "tru",
		"nul", "truex", "'a'", "01", "1.", "-", "1e", ".5", "+1",
		"0x1", "\"\\x\"", "\"\\u12g4\"", "\"a\x01\"", "\"a\nb\"",
		"\"\\u0000\"", "\"\\ud800\"", "\"\\udc00x\"",
		"\"\\ud800\\u0041\"", "\"\xc3\x28\"", "\"\xc0\xaf\"",
		"\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"", "\"\xe2\x82\"",
		"\"\xff\"", "\xc3\xa9",
		/* Numbers jansson refuses: out of range. */
		"99999999999999999999", "-99999999999999999999", "1e400",
		/* JSON jansson reads, which the fast reader leaves to it. */
		"1234567890123456789", "-1234567890123456789", "1e300",
		"1.5E+300",
	};
	static const char event_key_nul[] =
	    "{\"Event\": {\"Attribute\": [], \"a\\u0000b\": 1}}";
	static const char nul_byte[] =
	    "{\"Event\": {\"Attribute\": [], \"a\": \"\0\"}}";
	char *text, *deep, *buf;
	size_t i, n, len, full;

	for (i = 0; i < VG_ARRAY_LEN(bad_values); i++) {
		text = event_with(bad_values[i]);
		assert_fast_refuses(text, strlen(text));
		free(text);
	}
	assert_fast_refuses(event_key_nul, sizeof(event_key_nul) - 1);
	assert_fast_refuses(nul_byte, sizeof(nul_byte) - 1);

	/* Past 64 levels: jansson reads it; past 2048 it refuses it too. */
	deep = nested(63);
	text = event_with(deep);
	assert_fast_refuses(text, strlen(text));
	free(text);
	free(deep);
	deep = nested(3000);
	text = event_with(deep);
	assert_fast_refuses(text, strlen(text));
	free(text);
	free(deep);

	/* Around the document: a BOM, garbage or a second value after it. */
	text = event_with("1");
	n = strlen(text) + 8;
	ASSERT_PTR_NE(buf = malloc(n), NULL);
	snprintf(buf, n, "\xef\xbb\xbf%s", text);
	assert_fast_refuses(buf, strlen(buf));
	snprintf(buf, n, "%sx", text);
	assert_fast_refuses(buf, strlen(buf));
	snprintf(buf, n, "%s{}", text);
	assert_fast_refuses(buf, strlen(buf));
	free(buf);
	free(text);

	/*
	 * Every truncation of a real-looking event that still names an
	 * "Event" (else it is not taken for MISP) is refused and then
	 * reported as jansson reports it.  The text ends in "}}\n", so the
	 * last cut is a whole document.
	 */
	full = sizeof(misp_event) - 1;
	for (len = sizeof("{\"Event\"") - 1; len < full - 1; len++)
		assert_fast_refuses(misp_event, len);
	assert_fast_agrees(misp_event, full - 1, NULL);
}

VG_TEST(ioc_feed_misp_real_readers_agree)
{
	static const char *const files[] = {
	    ("intel/misp_events/circl_osint_57c4445b-c548-4654-af0b-"
	    "4be3950d210f.json"),
	    "intel/misp_events/eset_mozi_mozi.misp-event.json",
	    "intel/misp_events/eset_sshdoor_misp-events_abafar.json",
	    "intel/misp_events/eset_sshdoor_misp-events_kessel.json",
	    "intel/misp_events/eset_windigo_ebury.misp.json",
	    "intel/misp_feed_crowdsec",
	};
	struct outcome fast, slow;
	char path[4096];
	const char *p;
	size_t i;

	for (i = 0; i < VG_ARRAY_LEN(files); i++) {
		if ((p = vg_test_shared(files[i])) == NULL)
			VG_SKIP("no ../shared");
		snprintf(path, sizeof(path), "%s", p);
		load_with("fast", path, NULL, 0, true, &fast);
		load_with("jansson", path, NULL, 0, true, &slow);
		ASSERT_INT_EQ(fast.r, 0);
		ASSERT_TRUE(fast.count > 0);
		assert_same(&fast, &slow);
		free(fast.image);
		free(slow.image);
	}
}
