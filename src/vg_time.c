/*
 * vg_time.c -- civil time helpers; see vg_time.h.
 */
#include "vg_time.h"

#include <time.h>

/*
 * Days since 1970-01-01 of a proleptic Gregorian date.  Shifting the year
 * to start in March puts the leap day last, so the day of the year is a
 * closed formula; eras of 400 years repeat exactly.
 */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void
civil_from_days(int64_t z, int *yp, unsigned *mp, unsigned *dp)
{
	int64_t era, y;
	unsigned doe, yoe, doy, mp_, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp_ = (5 * doy + 2) / 153;
	d = doy - (153 * mp_ + 2) / 5 + 1;
	m = mp_ < 10 ? mp_ + 3 : mp_ - 9;
	*yp = (int)(y + (m <= 2));
	*mp = m;
	*dp = d;
}

int64_t
vg_time_from_civil(int year, int mon, int day, int hour, int min, int sec)
{
	return days_from_civil(year, (unsigned)mon, (unsigned)day) * 86400 +
	    hour * 3600 + min * 60 + sec;
}

int
vg_time_month(struct vg_str s)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	uint32_t key;
	int i;

	if (s.len < 3)
		return 0;
	/* Every syslog line asks: compare three bytes as one integer. */
	key = (uint32_t)(unsigned char)s.p[0] << 16 |
	    (uint32_t)(unsigned char)s.p[1] << 8 | (unsigned char)s.p[2];
	for (i = 0; i < 12; i++)
		if (key == ((uint32_t)(unsigned char)names[i * 3] << 16 |
		    (uint32_t)(unsigned char)names[i * 3 + 1] << 8 |
		    (unsigned char)names[i * 3 + 2]))
			return i + 1;
	return 0;
}

static bool
digits(struct vg_str *s, unsigned n, int *vp)
{
	int v = 0;
	unsigned i;

	if (s->len < n)
		return false;
	for (i = 0; i < n; i++) {
		if (s->p[i] < '0' || s->p[i] > '9')
			return false;
		v = v * 10 + (s->p[i] - '0');
	}
	vg_str_skip(s, n);
	*vp = v;
	return true;
}

bool
vg_time_parse_iso(struct vg_str *sp, int64_t *usp, bool *has_tzp)
{
	struct vg_str s = *sp;
	int y, mo, d, h, mi, se, oh, om, sign;
	int64_t frac = 0, scale = VG_USEC;
	bool has_tz = false;
	int32_t off = 0;

	if (!digits(&s, 4, &y) || !VG_STR_EAT(&s, "-") ||
	    !digits(&s, 2, &mo) || !VG_STR_EAT(&s, "-") ||
	    !digits(&s, 2, &d))
		return false;
	if (s.len == 0 || (s.p[0] != 'T' && s.p[0] != ' '))
		return false;
	vg_str_skip(&s, 1);
	if (!digits(&s, 2, &h) || !VG_STR_EAT(&s, ":") ||
	    !digits(&s, 2, &mi) || !VG_STR_EAT(&s, ":") ||
	    !digits(&s, 2, &se))
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    se > 60)
		return false;
	if (s.len > 0 && (s.p[0] == '.' || s.p[0] == ',')) {
		vg_str_skip(&s, 1);
		if (s.len == 0 || s.p[0] < '0' || s.p[0] > '9')
			return false;
		while (s.len > 0 && s.p[0] >= '0' && s.p[0] <= '9') {
			if (scale > 1) {
				scale /= 10;
				frac += (s.p[0] - '0') * scale;
			}
			vg_str_skip(&s, 1);
		}
	}
	if (s.len > 0 && s.p[0] == 'Z') {
		vg_str_skip(&s, 1);
		has_tz = true;
	} else if (s.len > 0 && (s.p[0] == '+' || s.p[0] == '-')) {
		struct vg_str t = s;

		sign = s.p[0] == '-' ? -1 : 1;
		vg_str_skip(&t, 1);
		if (digits(&t, 2, &oh)) {
			(void)VG_STR_EAT(&t, ":");
			if (digits(&t, 2, &om) && oh <= 23 && om <= 59) {
				off = sign * (oh * 3600 + om * 60);
				has_tz = true;
				s = t;
			}
		}
	}
	*usp = (vg_time_from_civil(y, mo, d, h, mi, se) - off) * VG_USEC + frac;
	*has_tzp = has_tz;
	*sp = s;
	return true;
}

/* `width' zero-padded decimal digits of `v' at buf + *np. */
static void
put_digits(char *buf, int *np, unsigned v, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		buf[*np + i] = (char)('0' + v % 10);
		v /= 10;
	}
	*np += width;
}

size_t
vg_time_format(int64_t us, char *buf)
{
	int64_t sec = us >= 0 ? us / VG_USEC : -((-us + VG_USEC - 1) / VG_USEC);
	int64_t sub = us - sec * VG_USEC, days = sec >= 0 ? sec / 86400 :
	    -((-sec + 86399) / 86400);
	int64_t rem = sec - days * 86400;
	int y;
	unsigned m, d;
	int n;

	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		n = snprintf(buf, VG_TIME_STRLEN, "%d-%02u-%02uT%02d:%02d:%02d",
		    y, m, d, (int)(rem / 3600), (int)(rem / 60 % 60),
		    (int)(rem % 60));
	} else {
		/* Every event and alert is stamped: no printf(3) here. */
		n = 0;
		put_digits(buf, &n, (unsigned)y, 4);
		buf[n++] = '-';
		put_digits(buf, &n, m, 2);
		buf[n++] = '-';
		put_digits(buf, &n, d, 2);
		buf[n++] = 'T';
		put_digits(buf, &n, (unsigned)(rem / 3600), 2);
		buf[n++] = ':';
		put_digits(buf, &n, (unsigned)(rem / 60 % 60), 2);
		buf[n++] = ':';
		put_digits(buf, &n, (unsigned)(rem % 60), 2);
	}
	if (sub != 0 && sub % 1000 == 0) {
		buf[n++] = '.';
		put_digits(buf, &n, (unsigned)(sub / 1000), 3);
	} else if (sub != 0) {
		buf[n++] = '.';
		put_digits(buf, &n, (unsigned)sub, 6);
	}
	buf[n++] = 'Z';
	buf[n] = '\0';
	return (size_t)n;
}

int
vg_tz_parse(const char *arg, struct vg_tz *tz)
{
	struct vg_str s = vg_str_make(arg, strlen(arg));
	int sign, h, m = 0;

	memset(tz, 0, sizeof(*tz));
	tz->tz_cache_hour = INT64_MIN;
	if (strcmp(arg, "UTC") == 0 || strcmp(arg, "Z") == 0 ||
	    strcmp(arg, "GMT") == 0)
		return 0;
	if (s.len > 0 && (s.p[0] == '+' || s.p[0] == '-')) {
		sign = s.p[0] == '-' ? -1 : 1;
		vg_str_skip(&s, 1);
		if (!digits(&s, 2, &h))
			return VG_ERR_INVAL;
		(void)VG_STR_EAT(&s, ":");
		if (s.len > 0 && !digits(&s, 2, &m))
			return VG_ERR_INVAL;
		if (s.len != 0 || h > 23 || m > 59)
			return VG_ERR_INVAL;
		tz->tz_offset = sign * (h * 3600 + m * 60);
		return 0;
	}
	if (s.len == 0 || s.len >= sizeof(tz->tz_name) ||
	    vg_str_chr(s, '.') >= 0)
		return VG_ERR_INVAL;
	tz->tz_named = true;
	memcpy(tz->tz_name, arg, s.len + 1);
	return 0;
}

int64_t
vg_tz_to_utc(struct vg_tz *tz, int64_t local)
{
	int64_t hour, utc;
	struct tm tm;
	time_t t;
	int y;
	unsigned mo, d;

	if (!tz->tz_named)
		return local - tz->tz_offset;
	hour = local >= 0 ? local / 3600 : -((-local + 3599) / 3600);
	if (hour != tz->tz_cache_hour) {
		/*
		 * mktime() reads TZ; vigil sets TZ to this zone once at
		 * start-up (see vigil.c), so this stays reentrant per thread
		 * in practice: only the main thread converts.
		 */
		memset(&tm, 0, sizeof(tm));
		civil_from_days(hour * 3600 / 86400 -
		    (hour * 3600 % 86400 < 0), &y, &mo, &d);
		tm.tm_year = y - 1900;
		tm.tm_mon = (int)mo - 1;
		tm.tm_mday = (int)d;
		tm.tm_hour = (int)(((hour % 24) + 24) % 24);
		tm.tm_isdst = -1;
		t = mktime(&tm);
		utc = (int64_t)t;
		tz->tz_cache_off = (int32_t)(hour * 3600 - utc);
		tz->tz_cache_hour = hour;
	}
	return local - tz->tz_cache_off;
}
