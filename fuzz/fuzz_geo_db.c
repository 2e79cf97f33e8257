/*
 * fuzz_geo_db.c -- a GeoIP database is a file vigil is handed: a damaged
 * or hostile MaxMind DB must be refused at open or answered (or missed) at
 * lookup without reading out of bounds.  The input goes to a temporary
 * file because libmaxminddb opens databases by name only.
 *
 * Unlike the other harnesses this one filters its input: only bytes with
 * a MaxMind DB metadata marker in the last 128 KiB (where libmaxminddb
 * looks) reach vg_geo_open.  Anything else would be sniffed as a legacy
 * .dat file and handed to libGeoIP, whose parser is not hardened and which
 * geo.h documents as trusted (the Debian-packaged file); fuzzing it would
 * report libGeoIP's bugs, not ours.
 */
#include "vg.h"

#include "geo.h"

#include <unistd.h>

#define MARKER		"\xab\xcd\xefMaxMind.com"
#define MARKER_LEN	(sizeof(MARKER) - 1)
#define META_WINDOW	(128 * 1024)

int		 LLVMFuzzerTestOneInput(const uint8_t *, size_t);
const char	*__lsan_default_suppressions(void);

/*
 * libmaxminddb before 1.12.0 (Debian 12 ships 1.7.1) leaks its metadata
 * decoding pool when MMDB_open fails on a corrupt languages or description
 * entry (fixed upstream by maxmind/libmaxminddb#356).  The frames inside
 * the stripped library carry no names, so the whole library is excused
 * here; a missing MMDB_close in geo.c would still show in the unit tests,
 * which run under LeakSanitizer without this suppression.
 */
const char *
__lsan_default_suppressions(void)
{
	return "leak:libmaxminddb.so\n";
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const ips[] = { "81.2.69.1", "89.160.20.128",
	    "216.160.83.1", "2001:db8:1::1", "2001:db8:2::1", "0.0.0.0",
	    "255.255.255.255", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	    "8.8.8.8" };
	char path[] = "/tmp/vigil-fuzz-geo-XXXXXX";
	struct vg_geo_info info;
	struct vg_geo *g;
	struct vg_addr a;
	char err[256];
	size_t off, i, done;
	ssize_t n;
	int fd;

	off = size > META_WINDOW ? size - META_WINDOW : 0;
	if (size - off < MARKER_LEN ||
	    memmem(data + off, size - off, MARKER, MARKER_LEN) == NULL)
		return 0;
	if ((fd = mkstemp(path)) == -1)
		abort();			/* /tmp unusable: not a finding */
	for (done = 0; done < size; done += (size_t)n)
		if ((n = write(fd, data + done, size - done)) <= 0)
			abort();
	close(fd);
	if (vg_geo_open(path, &g, err, sizeof(err)) == 0) {
		(void)vg_geo_path(g);
		(void)vg_geo_kind(g);
		(void)vg_geo_has_location(g);
		(void)strlen(vg_geo_build_date(g));
		for (i = 0; i < VG_ARRAY_LEN(ips); i++) {
			if (!vg_addr_parse(vg_str_make(ips[i], strlen(ips[i])),
			    &a) || !vg_geo_lookup(g, &a, &info))
				continue;
			(void)strlen(info.country);
			if (info.has_location)
				(void)vg_geo_distance_km(info.lat, info.lon,
				    51.5, -0.1);
		}
		vg_geo_close(g);
	} else
		(void)strlen(err);
	unlink(path);
	return 0;
}
