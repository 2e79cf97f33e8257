/*
 * vg_time.h -- civil time arithmetic, timestamp parsing and formatting.
 *
 * Times are microseconds since the Unix epoch, UTC (int64_t).  Conversion
 * between civil dates and days uses the proleptic Gregorian calendar and
 * never touches the process time zone, so parsing is reentrant and fast.
 * Local-time logs go through struct vg_tz (--tz).
 */
#ifndef VG_TIME_H
#define VG_TIME_H

#include "vg_str.h"

#define VG_USEC		INT64_C(1000000)

/* Seconds since the epoch of a civil UTC date and time. */
int64_t	vg_time_from_civil(int year, int mon, int day, int hour, int min,
	    int sec);

/* Month number 1..12 from a three-letter English abbreviation, else 0. */
int	vg_time_month(struct vg_str);

/*
 * Parse an ISO 8601 / RFC 3339 timestamp at the start of `s' and consume
 * it: "YYYY-MM-DD[T ]HH:MM:SS[.frac][Z|+HH:MM|+HHMM]".  *has_tzp tells
 * whether an offset was present; without one the value is the civil time
 * read as UTC.  Returns false when `s' does not start with such a stamp.
 */
bool	vg_time_parse_iso(struct vg_str *s, int64_t *usp, bool *has_tzp);

/*
 * Format `us' as "YYYY-MM-DDTHH:MM:SS[.mmm|.uuuuuu]Z" into `buf' (at
 * least VG_TIME_STRLEN bytes).  Returns the length written.
 */
#define VG_TIME_STRLEN	40
size_t	vg_time_format(int64_t us, char *buf);

/*
 * The time zone in which a log without offsets was written.  A fixed
 * offset ("+03:00", "UTC") is applied directly; a zone name
 * ("Europe/Istanbul") goes through the C library with a one-entry cache
 * per local hour, which keeps the cost negligible on sorted logs.
 */
struct vg_tz {
	bool	 tz_named;
	int32_t	 tz_offset;		/* seconds east of UTC, fixed zones */
	char	 tz_name[64];
	int64_t	 tz_cache_hour;		/* local hour of the cached offset */
	int32_t	 tz_cache_off;
};

/* Parse a --tz argument.  Returns 0 or VG_ERR_INVAL. */
int	vg_tz_parse(const char *, struct vg_tz *);

/* Convert civil local seconds (as if UTC) to real UTC seconds. */
int64_t	vg_tz_to_utc(struct vg_tz *, int64_t local_sec);

#endif /* VG_TIME_H */
