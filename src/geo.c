/*
 * geo.c -- country and location lookups over libmaxminddb or libGeoIP.
 *
 * vg_geo_open() runs during setup: it reads the tail of the file to tell
 * the format by content (the MaxMind DB metadata marker, or the legacy
 * structure trailer), then hands the file to the library: libmaxminddb
 * maps it and validates the metadata; libGeoIP reads it whole into memory
 * (GEOIP_MEMORY_CACHE), so lookups afterwards do no I/O.  libmaxminddb
 * lookups are reentrant; libGeoIP writes the last netmask into the shared
 * handle even in its *_gl functions, so legacy lookups hold a mutex.
 * Neither library is allowed to print: libGeoIP gets GEOIP_SILENCE, and
 * only database types whose lookups it accepts silently reach it.
 * See geo.h for the trust placed in each format.
 */
#include "geo.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <time.h>
#include <unistd.h>

#include <GeoIP.h>
#include <maxminddb.h>

#define MMDB_MARKER		"\xab\xcd\xefMaxMind.com"
#define MMDB_MARKER_LEN		(sizeof(MMDB_MARKER) - 1)

/*
 * How much of the end of a file is read to recognize it.  libmaxminddb
 * looks for the metadata marker in the last 128 KiB, so a marker further
 * back would not be found by the library either.
 */
#define SNIFF_MAX		(128 * 1024)

/*
 * libGeoIP looks for its structure trailer (three 0xff bytes and the
 * database type) at the last 20 positions of the file; types from before
 * April 2003 are stored plus 105.
 */
#define LEGACY_TRAILER_SCAN	20
#define LEGACY_TYPE_OLD		105

#define LEGACY_MAX_BYTES	((off_t)VG_MAX_GEOIP_LEGACY_BYTES)

#define EARTH_RADIUS_KM		6371.0088

enum geo_kind {
	GEO_MMDB = 1,
	GEO_LEGACY,
};

struct geo_legacy {
	GeoIP		*gl_v4;
	GeoIP		*gl_v6;
	pthread_mutex_t	 gl_lock;	/* held around every libGeoIP lookup */
	bool		 gl_lock_init;
};

struct vg_geo {
	enum geo_kind		 g_kind;
	char			*g_path;
	bool			 g_has_location;
	char			 g_built[16];	/* "YYYY-MM-DD" or "" */
	bool			 g_mmdb_open;
	MMDB_s			 g_mmdb;
	/* Separate so that lookups through a const handle can lock it. */
	struct geo_legacy	*g_legacy;
};

static const char *const default_paths[] = {
	"/usr/share/GeoIP/GeoLite2-City.mmdb",
	"/var/lib/GeoIP/GeoLite2-City.mmdb",
	"/usr/share/GeoIP/GeoLite2-Country.mmdb",
	"/var/lib/GeoIP/GeoLite2-Country.mmdb",
	"/usr/share/GeoIP/dbip-country-lite.mmdb",
	"/usr/share/GeoIP/GeoIP.dat",
};

/* Write "PATH: message" into errbuf; keeps errno for VG_ERR_SYSTEM. */
static int VG_PRINTF(5, 6)
fail(char *errbuf, size_t errlen, int r, const char *path,
    const char *fmt, ...)
{
	va_list ap;
	int saved = errno;
	int n;

	if (errlen > 0) {
		n = snprintf(errbuf, errlen, "%s: ", path);
		if (n >= 0 && (size_t)n < errlen) {
			va_start(ap, fmt);
			(void)vsnprintf(errbuf + n, errlen - (size_t)n, fmt, ap);
			va_end(ap);
		}
	}
	errno = saved;
	return r;
}

/*
 * The database type named by a legacy structure trailer in `tail' (the
 * last `len' bytes of the file), found the way libGeoIP's _setup_segments
 * finds it, or -1 when there is none.  A trailer whose type byte would lie
 * past the end of the file counts as none: libGeoIP then leaves the handle
 * without segments and its lookups would dereference NULL.
 */
static int
legacy_trailer_type(const uint8_t *tail, size_t len)
{
	size_t i, pos;
	int type;

	for (i = 0; i < LEGACY_TRAILER_SCAN && i + 3 <= len; i++) {
		pos = len - 3 - i;
		if (tail[pos] != 0xff || tail[pos + 1] != 0xff ||
		    tail[pos + 2] != 0xff)
			continue;
		if (pos + 3 >= len)
			return -1;
		type = tail[pos + 3];
		if (type > LEGACY_TYPE_OLD && type < 128)
			type -= LEGACY_TYPE_OLD;
		return type;
	}
	return -1;
}

/*
 * Recognize `path' by its last bytes.  Sets *kindp and, for a legacy
 * file, *legacy_typep.  The file is opened here only to look at it; the
 * library opens it again by name, which is fine for a file named by the
 * administrator.
 */
static int
sniff(const char *path, enum geo_kind *kindp, int *legacy_typep,
    struct stat *stp, char *errbuf, size_t errlen)
{
	uint8_t *tail = NULL;
	size_t len, got = 0;
	ssize_t n;
	off_t size;
	int fd, saved, r = VG_ERR_INTERNAL;

	*kindp = 0;
	*legacy_typep = -1;
	/* O_NONBLOCK: a FIFO in place of the database must not hang setup. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1)
		return fail(errbuf, errlen, VG_ERR_SYSTEM, path, "%s",
		    strerror(errno));
	if (fstat(fd, stp) == -1) {
		r = fail(errbuf, errlen, VG_ERR_SYSTEM, path, "%s",
		    strerror(errno));
		goto out;
	}
	if (!S_ISREG(stp->st_mode)) {
		r = fail(errbuf, errlen, VG_ERR_FORMAT, path,
		    "not a regular file");
		goto out;
	}
	size = stp->st_size;
	len = size < SNIFF_MAX ? (size_t)size : SNIFF_MAX;
	if ((tail = malloc(len == 0 ? 1 : len)) == NULL) {
		r = fail(errbuf, errlen, VG_ERR_NOMEM, path, "out of memory");
		goto out;
	}
	while (got < len) {
		n = pread(fd, tail + got, len - got,
		    size - (off_t)len + (off_t)got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			r = n == 0 ? fail(errbuf, errlen, VG_ERR_IO, path,
			    "file shrank while being read") :
			    fail(errbuf, errlen, VG_ERR_SYSTEM, path, "%s",
			    strerror(errno));
			goto out;
		}
		got += (size_t)n;
	}
	if (len >= MMDB_MARKER_LEN &&
	    memmem(tail, len, MMDB_MARKER, MMDB_MARKER_LEN) != NULL) {
		*kindp = GEO_MMDB;
		r = 0;
		goto out;
	}
	*legacy_typep = legacy_trailer_type(tail, len);
	if (*legacy_typep == GEOIP_COUNTRY_EDITION ||
	    *legacy_typep == GEOIP_COUNTRY_EDITION_V6) {
		*kindp = GEO_LEGACY;
		r = 0;
	} else if (*legacy_typep >= 0)
		r = fail(errbuf, errlen, VG_ERR_FORMAT, path,
		    "legacy GeoIP database of type %d, not a country edition",
		    *legacy_typep);
	else
		r = fail(errbuf, errlen, VG_ERR_FORMAT, path,
		    "not a MaxMind DB or legacy GeoIP country database");
 out:
	saved = errno;			/* for VG_ERR_SYSTEM */
	free(tail);
	close(fd);
	errno = saved;
	return r;
}

/* "YYYY-MM-DD" for a Unix time, or "" when out of range. */
static void
format_date(uint64_t epoch, char *buf, size_t size)
{
	struct tm tm;
	time_t t;

	buf[0] = '\0';
	/* Up to the year 9999: later is no real build date. */
	if (epoch > 253402300799ULL)
		return;
	t = (time_t)epoch;
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, size, "%Y-%m-%d", &tm) == 0)
		buf[0] = '\0';
}

/*
 * The build date in a legacy info string such as "GEO-106FREE 20191224
 * Build 1 Copyright ...": the first run of exactly eight digits that
 * reads as a date.
 */
static void
legacy_date(const char *info, char *buf, size_t size)
{
	const char *p, *q;
	unsigned y, m, d;

	buf[0] = '\0';
	for (p = info; *p != '\0'; p = q) {
		for (; *p != '\0' && (*p < '0' || *p > '9'); p++)
			;
		for (q = p; *q >= '0' && *q <= '9'; q++)
			;
		if (q - p != 8)
			continue;
		y = (unsigned)(p[0] - '0') * 1000 + (unsigned)(p[1] - '0') *
		    100 + (unsigned)(p[2] - '0') * 10 + (unsigned)(p[3] - '0');
		m = (unsigned)(p[4] - '0') * 10 + (unsigned)(p[5] - '0');
		d = (unsigned)(p[6] - '0') * 10 + (unsigned)(p[7] - '0');
		if (y >= 1990 && m >= 1 && m <= 12 && d >= 1 && d <= 31 &&
		    size >= sizeof("YYYY-MM-DD")) {
			memcpy(buf, p, 4);
			buf[4] = '-';
			memcpy(buf + 5, p + 4, 2);
			buf[7] = '-';
			memcpy(buf + 8, p + 6, 2);
			buf[10] = '\0';
			return;
		}
	}
}

/* A country code as the two upper-case letters ISO 3166-1 uses. */
static bool
copy_country(const char *s, size_t len, char cc[3])
{
	if (len != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z')
		return false;
	cc[0] = s[0];
	cc[1] = s[1];
	cc[2] = '\0';
	return true;
}

static bool
mmdb_country(MMDB_entry_s *entry, const char *const *path, char cc[3])
{
	MMDB_entry_data_s d;

	if (MMDB_aget_value(entry, &d, path) != MMDB_SUCCESS ||
	    !d.has_data || d.type != MMDB_DATA_TYPE_UTF8_STRING)
		return false;
	return copy_country(d.utf8_string, d.data_size, cc);
}

static bool
mmdb_double(MMDB_entry_s *entry, const char *const *path, double lo,
    double hi, double *vp)
{
	MMDB_entry_data_s d;

	if (MMDB_aget_value(entry, &d, path) != MMDB_SUCCESS ||
	    !d.has_data || d.type != MMDB_DATA_TYPE_DOUBLE ||
	    !isfinite(d.double_value) || d.double_value < lo ||
	    d.double_value > hi)
		return false;
	*vp = d.double_value;
	return true;
}

static bool
lookup_mmdb(const struct vg_geo *g, const struct vg_addr *a,
    struct vg_geo_info *info)
{
	static const char *const country[] = { "country", "iso_code", NULL };
	static const char *const registered[] = { "registered_country",
	    "iso_code", NULL };
	static const char *const latitude[] = { "location", "latitude", NULL };
	static const char *const longitude[] = { "location", "longitude",
	    NULL };
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	const struct sockaddr *sa;
	MMDB_lookup_result_s res;
	int mmdb_error;

	if (a->af == VG_AF_INET) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_addr.s_addr = htonl(a->u.v4);
		sa = (const struct sockaddr *)&sin;
	} else if (a->af == VG_AF_INET6) {
		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		memcpy(sin6.sin6_addr.s6_addr, a->u.v6, 16);
		sa = (const struct sockaddr *)&sin6;
	} else
		return false;
	/*
	 * A damaged tree gives an error here, a damaged data section an
	 * error from MMDB_aget_value: either is a miss, never a guess.
	 */
	res = MMDB_lookup_sockaddr(&g->g_mmdb, sa, &mmdb_error);
	if (mmdb_error != MMDB_SUCCESS || !res.found_entry)
		return false;
	if (!mmdb_country(&res.entry, country, info->country))
		(void)mmdb_country(&res.entry, registered, info->country);
	if (mmdb_double(&res.entry, latitude, -90.0, 90.0, &info->lat) &&
	    mmdb_double(&res.entry, longitude, -180.0, 180.0, &info->lon))
		info->has_location = true;
	else
		info->lat = info->lon = 0.0;
	return info->country[0] != '\0' || info->has_location;
}

static bool
lookup_legacy(const struct vg_geo *g, const struct vg_addr *a,
    struct vg_geo_info *info)
{
	struct geo_legacy *lg = g->g_legacy;
	GeoIPLookup gl;
	geoipv6_t ip6;
	const char *cc = NULL;

	/* Each handle only gets the lookups of its own edition: libGeoIP
	 * prints to stdout when asked a v4 question of a v6 database. */
	if (a->af == VG_AF_INET && lg->gl_v4 != NULL) {
		pthread_mutex_lock(&lg->gl_lock);
		cc = GeoIP_country_code_by_ipnum_gl(lg->gl_v4, a->u.v4, &gl);
		pthread_mutex_unlock(&lg->gl_lock);
	} else if (a->af == VG_AF_INET6 && lg->gl_v6 != NULL) {
		memcpy(ip6.s6_addr, a->u.v6, 16);
		pthread_mutex_lock(&lg->gl_lock);
		cc = GeoIP_country_code_by_ipnum_v6_gl(lg->gl_v6, ip6, &gl);
		pthread_mutex_unlock(&lg->gl_lock);
	}
	/* `cc' points into libGeoIP's constant table, valid unlocked. */
	return cc != NULL && copy_country(cc, strlen(cc), info->country);
}

/*
 * Whether lookups can give locations: City databases say so in their
 * type; for others a few well-known addresses are tried.
 */
static bool
mmdb_has_location(const struct vg_geo *g)
{
	static const struct vg_addr probes[] = {
		{ .af = VG_AF_INET, .u.v4 = 0x08080808 },	/* 8.8.8.8 */
		{ .af = VG_AF_INET, .u.v4 = 0x01010101 },	/* 1.1.1.1 */
		{ .af = VG_AF_INET, .u.v4 = 0xc1000001 },	/* 193.0.0.1 */
		{ .af = VG_AF_INET6, .u.v6 = { 0x20, 0x01, 0x48, 0x60,
		    0x48, 0x60, [15] = 0x88, [14] = 0x88 } },
	};
	const char *type = g->g_mmdb.metadata.database_type;
	struct vg_geo_info info;
	size_t i;

	if (type != NULL && strcasestr(type, "city") != NULL)
		return true;
	for (i = 0; i < VG_ARRAY_LEN(probes); i++) {
		memset(&info, 0, sizeof(info));
		if (lookup_mmdb(g, &probes[i], &info) && info.has_location)
			return true;
	}
	return false;
}

static int
open_mmdb(struct vg_geo *g, char *errbuf, size_t errlen)
{
	int status, r;

	status = MMDB_open(g->g_path, MMDB_MODE_MMAP, &g->g_mmdb);
	if (status != MMDB_SUCCESS) {
		/* MMDB_open releases what it built before failing. */
		switch (status) {
		case MMDB_FILE_OPEN_ERROR:
			r = VG_ERR_SYSTEM;
			break;
		case MMDB_IO_ERROR:
			r = VG_ERR_IO;
			break;
		case MMDB_OUT_OF_MEMORY_ERROR:
			r = VG_ERR_NOMEM;
			break;
		default:
			r = VG_ERR_FORMAT;
			break;
		}
		return fail(errbuf, errlen, r, g->g_path, "%s",
		    MMDB_strerror(status));
	}
	g->g_mmdb_open = true;
	format_date(g->g_mmdb.metadata.build_epoch, g->g_built,
	    sizeof(g->g_built));
	g->g_has_location = mmdb_has_location(g);
	return 0;
}

/* Open one legacy file, which must be of edition `want'. */
static int
open_legacy_one(const char *path, int want, GeoIP **gip, char *errbuf,
    size_t errlen)
{
	GeoIP *gi;
	int r = VG_ERR_INTERNAL;

	*gip = NULL;
	if ((gi = GeoIP_open(path, GEOIP_MEMORY_CACHE | GEOIP_SILENCE)) ==
	    NULL)
		return fail(errbuf, errlen, VG_ERR_FORMAT, path,
		    "refused by libGeoIP (corrupt or unreadable)");
	/* libGeoIP falls back to reading the file when the cache allocation
	 * fails; that would be I/O on every lookup. */
	if (gi->cache == NULL) {
		r = fail(errbuf, errlen, VG_ERR_NOMEM, path, "out of memory");
		goto out;
	}
	if (gi->databaseSegments == NULL || gi->record_length != 3 ||
	    GeoIP_database_edition(gi) != want) {
		r = fail(errbuf, errlen, VG_ERR_FORMAT, path,
		    "not a legacy GeoIP %s country edition",
		    want == GEOIP_COUNTRY_EDITION_V6 ? "IPv6" : "IPv4");
		goto out;
	}
	/* libGeoIP keeps its FILE open without close-on-exec. */
	if (gi->GeoIPDatabase != NULL)
		(void)fcntl(fileno(gi->GeoIPDatabase), F_SETFD, FD_CLOEXEC);
	*gip = gi;
	gi = NULL;
	r = 0;
 out:
	GeoIP_delete(gi);
	return r;
}

static int
open_legacy(struct vg_geo *g, int type, const struct stat *st,
    char *errbuf, size_t errlen)
{
	struct geo_legacy *lg;
	struct stat st6;
	enum geo_kind kind6;
	const char *slash;
	char *info, *sibling = NULL;
	int r = VG_ERR_INTERNAL, type6;

	if (st->st_size > LEGACY_MAX_BYTES)
		return fail(errbuf, errlen, VG_ERR_FORMAT, g->g_path,
		    "too large for a legacy GeoIP country edition");
	if ((lg = calloc(1, sizeof(*lg))) == NULL)
		return fail(errbuf, errlen, VG_ERR_NOMEM, g->g_path,
		    "out of memory");
	g->g_legacy = lg;
	if (pthread_mutex_init(&lg->gl_lock, NULL) != 0)
		return fail(errbuf, errlen, VG_ERR_NOMEM, g->g_path,
		    "cannot create a lock");
	lg->gl_lock_init = true;
	if ((r = open_legacy_one(g->g_path, type, type ==
	    GEOIP_COUNTRY_EDITION ? &lg->gl_v4 : &lg->gl_v6, errbuf,
	    errlen)) != 0)
		return r;
	if ((info = GeoIP_database_info(type == GEOIP_COUNTRY_EDITION ?
	    lg->gl_v4 : lg->gl_v6)) != NULL) {
		legacy_date(info, g->g_built, sizeof(g->g_built));
		free(info);
	}
	if (type != GEOIP_COUNTRY_EDITION)
		return 0;

	/* The IPv6 sibling, when there is one. */
	slash = strrchr(g->g_path, '/');
	if (asprintf(&sibling, "%.*sGeoIPv6.dat", slash == NULL ? 0 :
	    (int)(slash - g->g_path + 1), g->g_path) == -1)
		return fail(errbuf, errlen, VG_ERR_NOMEM, g->g_path,
		    "out of memory");
	if (stat(sibling, &st6) == -1 || (st6.st_dev == st->st_dev &&
	    st6.st_ino == st->st_ino)) {
		r = 0;
		goto out;
	}
	if ((r = sniff(sibling, &kind6, &type6, &st6, errbuf, errlen)) != 0)
		goto out;
	if (kind6 != GEO_LEGACY || type6 != GEOIP_COUNTRY_EDITION_V6 ||
	    st6.st_size > LEGACY_MAX_BYTES) {
		r = fail(errbuf, errlen, VG_ERR_FORMAT, sibling,
		    "not a legacy GeoIP IPv6 country edition");
		goto out;
	}
	r = open_legacy_one(sibling, GEOIP_COUNTRY_EDITION_V6, &lg->gl_v6,
	    errbuf, errlen);
 out:
	free(sibling);
	return r;
}

int
vg_geo_open(const char *path, struct vg_geo **geop, char *errbuf,
    size_t errlen)
{
	struct vg_geo *g = NULL;
	struct stat st;
	enum geo_kind kind;
	size_t i;
	int r = VG_ERR_INTERNAL, legacy_type, saved;

	*geop = NULL;
	if (errlen > 0)
		errbuf[0] = '\0';
	if (path == NULL) {
		for (i = 0; i < VG_ARRAY_LEN(default_paths); i++)
			if (stat(default_paths[i], &st) == 0)
				break;
		if (i == VG_ARRAY_LEN(default_paths))
			return fail(errbuf, errlen, VG_ERR_NOTFOUND,
			    "GeoIP", "no database in /usr/share/GeoIP or "
			    "/var/lib/GeoIP");
		path = default_paths[i];
	}
	if ((r = sniff(path, &kind, &legacy_type, &st, errbuf, errlen)) != 0)
		return r;
	if ((g = calloc(1, sizeof(*g))) == NULL ||
	    (g->g_path = strdup(path)) == NULL) {
		r = fail(errbuf, errlen, VG_ERR_NOMEM, path, "out of memory");
		goto out;
	}
	g->g_kind = kind;
	if (kind == GEO_MMDB)
		r = open_mmdb(g, errbuf, errlen);
	else
		r = open_legacy(g, legacy_type, &st, errbuf, errlen);
	if (r != 0)
		goto out;
	*geop = g;
	g = NULL;
 out:
	saved = errno;			/* for VG_ERR_SYSTEM */
	vg_geo_close(g);
	errno = saved;
	return r;
}

void
vg_geo_close(struct vg_geo *g)
{
	struct geo_legacy *lg;

	if (g == NULL)
		return;
	if (g->g_mmdb_open)
		MMDB_close(&g->g_mmdb);
	if ((lg = g->g_legacy) != NULL) {
		GeoIP_delete(lg->gl_v4);
		GeoIP_delete(lg->gl_v6);
		if (lg->gl_lock_init)
			pthread_mutex_destroy(&lg->gl_lock);
		free(lg);
	}
	free(g->g_path);
	free(g);
}

bool
vg_geo_lookup(const struct vg_geo *g, const struct vg_addr *a,
    struct vg_geo_info *infop)
{
	memset(infop, 0, sizeof(*infop));
	if (g->g_kind == GEO_MMDB)
		return lookup_mmdb(g, a, infop);
	return lookup_legacy(g, a, infop);
}

const char *
vg_geo_path(const struct vg_geo *g)
{
	return g->g_path;
}

const char *
vg_geo_kind(const struct vg_geo *g)
{
	return g->g_kind == GEO_MMDB ? "mmdb" : "geoip-legacy";
}

bool
vg_geo_has_location(const struct vg_geo *g)
{
	return g->g_has_location;
}

const char *
vg_geo_build_date(const struct vg_geo *g)
{
	return g->g_built;
}

double
vg_geo_distance_km(double lat1, double lon1, double lat2, double lon2)
{
	const double rad = M_PI / 180;
	double s_lat, s_lon, a;

	if (!isfinite(lat1) || !isfinite(lon1) || !isfinite(lat2) ||
	    !isfinite(lon2))
		return NAN;
	s_lat = sin((lat2 - lat1) * rad / 2);
	s_lon = sin((lon2 - lon1) * rad / 2);
	a = s_lat * s_lat + cos(lat1 * rad) * cos(lat2 * rad) * s_lon * s_lon;
	/*
	 * Rounding can push `a' a hair above 1 near antipodes; latitudes
	 * beyond the poles could make it negative.
	 */
	if (a > 1)
		a = 1;
	else if (a < 0)
		a = 0;
	/* atan2 rather than asin: as accurate for near as for antipodal. */
	return EARTH_RADIUS_KM * 2 * atan2(sqrt(a), sqrt(1 - a));
}
