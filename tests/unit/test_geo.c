/*
 * Unit tests of geo: the MMDB backend over the project's own fixture
 * (tests/data/geo/test-city.mmdb, written by make_test_mmdb.py there), the
 * legacy backend over Debian's geoip-database, damaged files, distances.
 */
#include "vg_test.h"
#include "geo.h"

#include <sys/stat.h>

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <unistd.h>

#define FIXTURE		"tests/data/geo/test-city.mmdb"
#define LEGACY_V4	"/usr/share/GeoIP/GeoIP.dat"
#define LEGACY_V6	"/usr/share/GeoIP/GeoIPv6.dat"

static struct vg_addr
A(const char *s)
{
	struct vg_addr a;

	if (!vg_addr_parse(vg_str_make(s, strlen(s)), &a))
		vg_test_fail(__FILE__, __LINE__, "bad address %s", s);
	return a;
}

/* The country of `ip', "-" when the lookup misses. */
static const char *
cc(const struct vg_geo *g, const char *ip)
{
	static struct vg_geo_info info;
	struct vg_addr a = A(ip);

	if (!vg_geo_lookup(g, &a, &info))
		return "-";
	return info.country;
}

static void
need_legacy(const char *path)
{
	struct stat st;

	/* scripts/install-deps.sh installs geoip-database. */
	if (stat(path, &st) == -1)
		VG_SKIP("no legacy GeoIP database (apt-get install "
		    "geoip-database, or run scripts/install-deps.sh)");
}

#define TEMP_TEMPLATE	"/tmp/vigil-geo-XXXXXX"

/* Write `len' bytes to a new file under /tmp; the caller unlinks it. */
static void
write_temp(char path[sizeof(TEMP_TEMPLATE)], const void *buf, size_t len)
{
	int fd;

	memcpy(path, TEMP_TEMPLATE, sizeof(TEMP_TEMPLATE));
	ASSERT_TRUE((fd = mkstemp(path)) >= 0);
	ASSERT_TRUE(len == 0 || write(fd, buf, len) == (ssize_t)len);
	ASSERT_INT_EQ(close(fd), 0);
}

static void
write_file(const char *path, const void *buf, size_t len)
{
	FILE *fp;

	ASSERT_PTR_NE(fp = fopen(path, "wb"), NULL);
	ASSERT_UINT_EQ(fwrite(buf, 1, len, fp), len);
	ASSERT_INT_EQ(fclose(fp), 0);
}

/* Opening `path' fails with `want' and a message that names the file. */
static void
open_fails(const char *path, int want)
{
	struct vg_geo *g = (struct vg_geo *)1;
	char err[256];

	ASSERT_INT_EQ(vg_geo_open(path, &g, err, sizeof(err)), want);
	ASSERT_PTR_EQ(g, NULL);
	if (strstr(err, path) == NULL)
		vg_test_fail(__FILE__, __LINE__, "\"%s\" does not name %s",
		    err, path);
}

VG_TEST(geo_mmdb_fixture)
{
	struct vg_geo *g;
	struct vg_geo_info info;
	struct vg_addr a;
	char err[256];

	ASSERT_INT_EQ(vg_geo_open(FIXTURE, &g, err, sizeof(err)), 0);
	ASSERT_STR_EQ(vg_geo_path(g), FIXTURE);
	ASSERT_STR_EQ(vg_geo_kind(g), "mmdb");
	ASSERT_TRUE(vg_geo_has_location(g));
	ASSERT_STR_EQ(vg_geo_build_date(g), "2025-01-01");

	a = A("81.2.69.142");
	ASSERT_TRUE(vg_geo_lookup(g, &a, &info));
	ASSERT_STR_EQ(info.country, "GB");
	ASSERT_TRUE(info.has_location);
	/* Stored as IEEE doubles: read back exactly. */
	ASSERT_TRUE(info.lat == 51.5142 && info.lon == -0.0931);
	a = A("216.160.83.56");
	ASSERT_TRUE(vg_geo_lookup(g, &a, &info));
	ASSERT_STR_EQ(info.country, "US");
	ASSERT_TRUE(info.lat == 47.2513 && info.lon == -122.3149);
	ASSERT_STR_EQ(cc(g, "89.160.20.1"), "SE");
	/* The mapped spelling is the same IPv4 address. */
	ASSERT_STR_EQ(cc(g, "::ffff:89.160.20.255"), "SE");
	a = A("2001:db8:1:ffff::1");
	ASSERT_TRUE(vg_geo_lookup(g, &a, &info));
	ASSERT_STR_EQ(info.country, "DE");
	ASSERT_TRUE(info.has_location);
	ASSERT_TRUE(info.lat == 52.52 && info.lon == 13.40);

	/* Only registered_country: the fallback, and no location. */
	a = A("2001:db8:2::5");
	ASSERT_TRUE(vg_geo_lookup(g, &a, &info));
	ASSERT_STR_EQ(info.country, "FR");
	ASSERT_FALSE(info.has_location);

	/* Outside every network: a miss, with the result cleared. */
	a = A("81.2.70.1");
	ASSERT_FALSE(vg_geo_lookup(g, &a, &info));
	ASSERT_STR_EQ(info.country, "");
	ASSERT_FALSE(info.has_location);
	ASSERT_STR_EQ(cc(g, "10.1.2.3"), "-");
	ASSERT_STR_EQ(cc(g, "2001:db8:3::1"), "-");
	ASSERT_STR_EQ(cc(g, "::"), "-");
	ASSERT_STR_EQ(cc(g, "255.255.255.255"), "-");
	vg_geo_close(g);
	vg_geo_close(NULL);
}

VG_TEST(geo_legacy_v4)
{
	struct vg_geo *g;
	struct vg_geo_info info;
	struct vg_addr a;
	char err[256];

	need_legacy(LEGACY_V4);
	ASSERT_INT_EQ(vg_geo_open(LEGACY_V4, &g, err, sizeof(err)), 0);
	ASSERT_STR_EQ(vg_geo_kind(g), "geoip-legacy");
	ASSERT_STR_EQ(vg_geo_path(g), LEGACY_V4);
	ASSERT_FALSE(vg_geo_has_location(g));
	ASSERT_UINT_EQ(strlen(vg_geo_build_date(g)), 10);
	/* Allocations that have not moved in decades. */
	ASSERT_STR_EQ(cc(g, "8.8.8.8"), "US");
	ASSERT_STR_EQ(cc(g, "193.0.0.1"), "NL");	/* RIPE NCC */
	ASSERT_STR_EQ(cc(g, "202.12.27.33"), "JP");	/* M root, WIDE */
	a = A("8.8.8.8");
	ASSERT_TRUE(vg_geo_lookup(g, &a, &info));
	ASSERT_FALSE(info.has_location);
	ASSERT_STR_EQ(cc(g, "10.1.2.3"), "-");
	ASSERT_STR_EQ(cc(g, "192.168.1.1"), "-");
	ASSERT_STR_EQ(cc(g, "127.0.0.1"), "-");
	ASSERT_STR_EQ(cc(g, "0.0.0.0"), "-");
	vg_geo_close(g);
}

VG_TEST(geo_legacy_v6)
{
	struct vg_geo *g;
	char err[256];

	need_legacy(LEGACY_V4);
	need_legacy(LEGACY_V6);
	/* Opening GeoIP.dat opens its sibling GeoIPv6.dat too. */
	ASSERT_INT_EQ(vg_geo_open(LEGACY_V4, &g, err, sizeof(err)), 0);
	ASSERT_STR_EQ(cc(g, "2001:4860:4860::8888"), "US");
	ASSERT_STR_EQ(cc(g, "fe80::1"), "-");
	ASSERT_STR_EQ(cc(g, "::1"), "-");
	vg_geo_close(g);
	/* GeoIPv6.dat given directly serves IPv6 only. */
	ASSERT_INT_EQ(vg_geo_open(LEGACY_V6, &g, err, sizeof(err)), 0);
	ASSERT_STR_EQ(vg_geo_kind(g), "geoip-legacy");
	ASSERT_STR_EQ(cc(g, "2001:4860:4860::8888"), "US");
	ASSERT_STR_EQ(cc(g, "8.8.8.8"), "-");
	vg_geo_close(g);
}

VG_TEST(geo_legacy_bad_sibling)
{
	char dir[] = "/tmp/vigil-geo-XXXXXX", v4[64], v6[64];
	struct vg_geo *g;
	char *img, err[256];
	size_t len;

	need_legacy(LEGACY_V4);
	ASSERT_PTR_NE(mkdtemp(dir), NULL);
	snprintf(v4, sizeof(v4), "%s/GeoIP.dat", dir);
	snprintf(v6, sizeof(v6), "%s/GeoIPv6.dat", dir);
	img = vg_test_read(LEGACY_V4, &len);
	write_file(v4, img, len);
	/* Without a sibling: IPv4 only. */
	ASSERT_INT_EQ(vg_geo_open(v4, &g, err, sizeof(err)), 0);
	ASSERT_STR_EQ(cc(g, "8.8.8.8"), "US");
	ASSERT_STR_EQ(cc(g, "2001:4860:4860::8888"), "-");
	vg_geo_close(g);
	/* An IPv4 edition where the IPv6 one belongs is refused, by name. */
	write_file(v6, img, len);
	ASSERT_INT_EQ(vg_geo_open(v4, &g, err, sizeof(err)), VG_ERR_FORMAT);
	ASSERT_PTR_EQ(g, NULL);
	ASSERT_TRUE(strstr(err, v6) != NULL);
	free(img);
	unlink(v6);
	unlink(v4);
	rmdir(dir);
}

VG_TEST(geo_default)
{
	struct vg_geo *g;
	char err[256];

	need_legacy(LEGACY_V4);
	/* Some default exists (GeoIP.dat at least), whichever comes first. */
	ASSERT_INT_EQ(vg_geo_open(NULL, &g, err, sizeof(err)), 0);
	ASSERT_TRUE(strncmp(vg_geo_path(g), "/usr/share/GeoIP/", 17) == 0 ||
	    strncmp(vg_geo_path(g), "/var/lib/GeoIP/", 15) == 0);
	ASSERT_STR_EQ(cc(g, "193.0.0.1"), "NL");
	vg_geo_close(g);
}

VG_TEST(geo_damaged_files)
{
	static const uint8_t marker[] = "\xab\xcd\xefMaxMind.com";
	char path[sizeof(TEMP_TEMPLATE)];
	uint8_t junk[4096];
	uint32_t x = 2463534242u;
	uint8_t *img, *m, *cut;
	size_t len, meta, i;

	open_fails("tests/data/geo/no-such-file.mmdb", VG_ERR_SYSTEM);
	ASSERT_INT_EQ(errno, ENOENT);
	open_fails("tests/data/geo", VG_ERR_FORMAT);

	img = (uint8_t *)vg_test_read(FIXTURE, &len);
	/* Cut short, as an interrupted download is: no metadata left. */
	write_temp(path, img, len / 2);
	open_fails(path, VG_ERR_FORMAT);
	unlink(path);
	/* The marker survives but the metadata map is cut. */
	ASSERT_PTR_NE(m = memmem(img, len, marker, sizeof(marker) - 1), NULL);
	meta = (size_t)(m - img);
	write_temp(path, img, meta + sizeof(marker) - 1 + 20);
	open_fails(path, VG_ERR_FORMAT);
	unlink(path);
	/* Most of the tree gone: the metadata claims more nodes than fit. */
	ASSERT_PTR_NE(cut = malloc(len), NULL);
	memcpy(cut, img, meta / 4);
	memcpy(cut + meta / 4, m, len - meta);
	write_temp(path, cut, meta / 4 + len - meta);
	open_fails(path, VG_ERR_FORMAT);
	unlink(path);
	free(cut);
	free(img);

	/* Random bytes (xorshift32, fixed seed). */
	for (i = 0; i < sizeof(junk); i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		junk[i] = (uint8_t)x;
	}
	write_temp(path, junk, sizeof(junk));
	open_fails(path, VG_ERR_FORMAT);
	unlink(path);
	/* A legacy trailer naming another edition (City, type 2). */
	memcpy(junk + sizeof(junk) - 4, "\xff\xff\xff\x02", 4);
	write_temp(path, junk, sizeof(junk));
	open_fails(path, VG_ERR_FORMAT);
	unlink(path);
	/* A trailer with no type byte after it. */
	memcpy(junk + sizeof(junk) - 3, "\xff\xff\xff", 3);
	write_temp(path, junk, sizeof(junk));
	open_fails(path, VG_ERR_FORMAT);
	unlink(path);
	/* Empty. */
	write_temp(path, junk, 0);
	open_fails(path, VG_ERR_FORMAT);
	unlink(path);
}

VG_TEST(geo_distance)
{
	double d;

	/* London (Charing Cross) - Paris (Notre-Dame). */
	d = vg_geo_distance_km(51.5074, -0.1278, 48.8566, 2.3522);
	ASSERT_TRUE(d > 342.0 && d < 346.0);
	ASSERT_TRUE(vg_geo_distance_km(48.8566, 2.3522, 51.5074, -0.1278) ==
	    d);
	/* Half the circumference: pi * 6371.0088 = 20015.11 km. */
	d = vg_geo_distance_km(0, 0, 0, 180);
	ASSERT_TRUE(d > 20010.0 && d < 20020.0);
	d = vg_geo_distance_km(40.7, -74.0, -40.7, 106.0);
	ASSERT_TRUE(d > 20010.0 && d < 20020.0);
	d = vg_geo_distance_km(90, 0, -90, 0);
	ASSERT_TRUE(d > 20010.0 && d < 20020.0);
	ASSERT_TRUE(vg_geo_distance_km(51.5, -0.1, 51.5, -0.1) == 0.0);
	/* Across the antimeridian: 2 degrees of longitude at the equator. */
	d = vg_geo_distance_km(0, 179, 0, -179);
	ASSERT_TRUE(d > 222.0 && d < 223.0);
	ASSERT_TRUE(isnan(vg_geo_distance_km(NAN, 0, 0, 0)));
	ASSERT_TRUE(isnan(vg_geo_distance_km(0, 0, 0, INFINITY)));
}

struct geo_thread_arg {
	const struct vg_geo	*g;
	const char		*ip;
	const char		*want;
	int			 bad;
};

static void *
geo_thread(void *arg)
{
	struct geo_thread_arg *t = arg;
	struct vg_geo_info info;
	struct vg_addr a = A(t->ip);
	int i;

	for (i = 0; i < 20000; i++)
		if (!vg_geo_lookup(t->g, &a, &info) ||
		    strcmp(info.country, t->want) != 0)
			t->bad++;
	return NULL;
}

/* Concurrent readers of one handle, for each backend. */
VG_TEST(geo_concurrent_lookups)
{
	static const char *const v4[][2] = { { "8.8.8.8", "US" },
	    { "193.0.0.1", "NL" }, { "202.12.27.33", "JP" },
	    { "8.8.4.4", "US" } };
	static const char *const mm[][2] = { { "81.2.69.1", "GB" },
	    { "89.160.20.1", "SE" }, { "216.160.83.1", "US" },
	    { "2001:db8:1::1", "DE" } };
	struct geo_thread_arg args[4];
	pthread_t tids[4];
	struct vg_geo *g;
	char err[256];
	size_t i;
	int pass;

	need_legacy(LEGACY_V4);
	for (pass = 0; pass < 2; pass++) {
		ASSERT_INT_EQ(vg_geo_open(pass == 0 ? FIXTURE : LEGACY_V4, &g,
		    err, sizeof(err)), 0);
		for (i = 0; i < 4; i++) {
			args[i].g = g;
			args[i].ip = pass == 0 ? mm[i][0] : v4[i][0];
			args[i].want = pass == 0 ? mm[i][1] : v4[i][1];
			args[i].bad = 0;
			ASSERT_INT_EQ(pthread_create(&tids[i], NULL,
			    geo_thread, &args[i]), 0);
		}
		for (i = 0; i < 4; i++) {
			ASSERT_INT_EQ(pthread_join(tids[i], NULL), 0);
			ASSERT_INT_EQ(args[i].bad, 0);
		}
		vg_geo_close(g);
	}
}
