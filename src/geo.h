/*
 * geo.h -- country, and location when the database has it, for an address.
 *
 * Used by the detection stage (auth.new_country, auth.impossible_travel).
 * Two backends behind one API, chosen by the content of the file:
 *
 *   mmdb          libmaxminddb: GeoLite2-Country/City, DB-IP lite and any
 *                 MaxMind DB with country.iso_code (or registered_country)
 *                 and, in City databases, location.latitude/longitude.
 *   geoip-legacy  libGeoIP: Debian's geoip-database (GeoIP.dat for IPv4,
 *                 GeoIPv6.dat for IPv6), read into memory, country only.
 *
 * The database is opened once during setup (vg_geo_open reads the file);
 * lookups then do no I/O and may run from any number of threads at once.
 *
 * Trust: a MaxMind DB may be hostile -- libmaxminddb checks the metadata
 * at open and every pointer at lookup, and fuzz/fuzz_geo_db.c exercises
 * that path.  The legacy format has no checksum and libGeoIP's parser is
 * not hardened: vg_geo_open refuses a .dat file without a country-edition
 * structure trailer and anything libGeoIP itself refuses, but otherwise
 * the legacy path trusts the file, which is meant to be the one the
 * Debian package installs under /usr/share/GeoIP.
 */
#ifndef GEO_H
#define GEO_H

#include "vg.h"
#include "vg_addr.h"

struct vg_geo;				/* opaque */

struct vg_geo_info {
	char	 country[3];	/* ISO 3166-1 alpha-2, "" when unknown */
	bool	 has_location;
	double	 lat, lon;	/* degrees, valid when has_location */
};

/*
 * Open a database.  `path' is an MMDB file, a legacy GeoIP .dat file (its
 * IPv6 sibling GeoIPv6.dat in the same directory is opened too when it
 * exists), or NULL for the default: the first that exists of
 * /usr/share/GeoIP/GeoLite2-City.mmdb, /var/lib/GeoIP/GeoLite2-City.mmdb,
 * /usr/share/GeoIP/GeoLite2-Country.mmdb, /var/lib/GeoIP/GeoLite2-Country.mmdb,
 * /usr/share/GeoIP/dbip-country-lite.mmdb, /usr/share/GeoIP/GeoIP.dat.
 * The format is recognized by content, not by name: a MaxMind DB by its
 * metadata marker, a legacy file by its structure trailer, which must name
 * a country edition (GeoIP.dat or GeoIPv6.dat; a GeoIPv6.dat given
 * directly serves IPv6 only).  A sibling GeoIPv6.dat that exists but is
 * not an IPv6 country edition is an error too.
 *
 * Returns 0 on success or a negative VG_ERR_* code, with a message naming
 * the file in `errbuf' (truncated to `errlen'): VG_ERR_SYSTEM (errno kept:
 * missing or unreadable file), VG_ERR_NOTFOUND (path NULL and no default
 * exists), VG_ERR_FORMAT (not a recognized database, or corrupt or
 * truncated), VG_ERR_IO, VG_ERR_NOMEM.  On success *geop owns the handle;
 * release it with vg_geo_close().  *geop is NULL on any failure.  Setup
 * only: reads files, and maps the MMDB file, which must therefore be
 * replaced by rename, never rewritten in place.  Prints nothing.
 */
int	vg_geo_open(const char *path, struct vg_geo **geop, char *errbuf,
	    size_t errlen);

/* Release a handle; NULL is a no-op. */
void	vg_geo_close(struct vg_geo *);

/*
 * Look an address up.  Returns true and fills *infop when the database
 * has an entry for it that gives a country or a location; false (with
 * *infop cleared) when it has none: private and reserved ranges, unknown
 * networks, an IPv6 address in an IPv4-only database, or a damaged part of
 * a database.  Codes that are not two letters (legacy "A1", "A2", "O1")
 * count as unknown.  Does no I/O.  Thread-safe for concurrent readers
 * (legacy lookups take a lock: libGeoIP records the last netmask in the
 * shared handle).
 */
bool	vg_geo_lookup(const struct vg_geo *, const struct vg_addr *,
	    struct vg_geo_info *infop);

/*
 * What was opened, for `vigil detections'.  vg_geo_path() is the file
 * (the IPv4 file for a legacy pair); vg_geo_kind() is "mmdb" or
 * "geoip-legacy"; vg_geo_has_location() says whether lookups can give a
 * location (a City database); vg_geo_build_date() is the database's build
 * date as "YYYY-MM-DD", or "" when unknown.  Debian's geoip-database is
 * regenerated when the package is built, so for it this is the package's
 * build date, not the age of its data.  The strings are borrowed and stay
 * valid until vg_geo_close().
 */
const char	*vg_geo_path(const struct vg_geo *);
const char	*vg_geo_kind(const struct vg_geo *);
bool		 vg_geo_has_location(const struct vg_geo *);
const char	*vg_geo_build_date(const struct vg_geo *);

/*
 * Great-circle distance in km between two points given in degrees
 * (haversine, mean Earth radius 6371.0088 km).  NaN when an argument is
 * not finite.  Pure, reentrant.
 */
double	vg_geo_distance_km(double lat1, double lon1, double lat2,
	    double lon2);

#endif /* GEO_H */
