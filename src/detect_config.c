/*
 * detect_config.c -- the detections' thresholds: built-in defaults, the
 * YAML file that overrides them, and `vigil detections'.
 *
 * The file is a mapping of detection ids to their thresholds; a variant
 * is a nested mapping under its detection:
 *
 *	defaults:
 *	  max_keys: 100000
 *	auth.bruteforce:
 *	  capacity: 5
 *	  leakspeed: 10s
 *	  slow:
 *	    capacity: 10
 *	    leakspeed: 1m
 *
 * Unknown keys are errors (a typo must not silently keep a default), and
 * every error names the file, line and column.
 */
#include "detect.h"
#include "vg_file.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <libfyaml.h>
#include <math.h>
#include <unistd.h>

/* The thresholds a detection reads; others are rejected in its config. */
#define P_CAPACITY	0x0001u
#define P_LEAK		0x0002u
#define P_WINDOW	0x0004u
#define P_FAILURES	0x0008u
#define P_MIN_GAP	0x0010u
#define P_SOURCES	0x0020u
#define P_USERS		0x0040u
#define P_RATIO		0x0080u
#define P_PER_SOURCE	0x0100u
#define P_SPEED		0x0200u
#define P_MIN_KM	0x0400u
#define P_BYTES		0x0800u
#define P_REQUESTS	0x1000u
#define P_FACTOR	0x2000u
#define P_BASEWIN	0x4000u
#define P_LEAKY		(P_CAPACITY | P_LEAK)
#define P_TIMED		(P_FAILURES | P_MIN_GAP | P_WINDOW)

#define SEC		((int64_t)1000000)
#define MIN		(60 * SEC)
#define HOUR		(60 * MIN)
#define DAY		(24 * HOUR)

/* Distinct-value detections keep capacity + 1 values per key. */
#define MAX_DISTINCT_CAPACITY	63

struct rule_desc {
	const char	*id;
	const char	*variant;
	const char	*name;
	unsigned	 params;
	struct vg_det_param def;
};

#define LEAKY(sev, cap, leak, bh) { .dp_enabled = true, .dp_severity = (sev), \
	.dp_capacity = (cap), .dp_leak = (leak), .dp_blackhole = (bh) }

static const struct rule_desc rules[VG_DR_COUNT] = {
	[VG_DR_BF] = { "auth.bruteforce", "",
	    "Brute force: many authentication failures from one source",
	    P_LEAKY, LEAKY(60, 5, 10 * SEC, 10 * MIN) },
	[VG_DR_BF_SLOW] = { "auth.bruteforce", "slow",
	    "Slow brute force: failures from one source over minutes",
	    P_LEAKY, LEAKY(60, 10, MIN, HOUR) },
	[VG_DR_BF_TIMED] = { "auth.bruteforce", "time-based",
	    "Time-based brute force: failures spaced out over hours",
	    P_TIMED, { .dp_enabled = true, .dp_severity = 55,
	    .dp_failures = 4, .dp_min_gap = 5 * MIN, .dp_window = 8 * HOUR,
	    .dp_blackhole = HOUR } },
	[VG_DR_BF_USER] = { "auth.bruteforce", "per-user",
	    "Brute force against one account, from any sources",
	    P_LEAKY, LEAKY(50, 10, MIN, HOUR) },
	[VG_DR_SPRAY] = { "auth.spraying", "",
	    "Password spraying: one source failing on many accounts",
	    P_LEAKY, LEAKY(65, 5, 10 * SEC, 10 * MIN) },
	[VG_DR_SPRAY_TIMED] = { "auth.spraying", "time-based",
	    "Time-based spraying: distinct accounts tried hours apart",
	    P_TIMED, { .dp_enabled = true, .dp_severity = 60,
	    .dp_failures = 4, .dp_min_gap = 5 * MIN, .dp_window = 8 * HOUR,
	    .dp_blackhole = HOUR } },
	[VG_DR_STUFFING] = { "auth.stuffing", "",
	    "Credential stuffing: many sources, many accounts, few tries each",
	    P_WINDOW | P_FAILURES | P_SOURCES | P_USERS | P_RATIO |
	    P_PER_SOURCE, { .dp_enabled = true, .dp_severity = 80,
	    .dp_window = 10 * MIN, .dp_failures = 50, .dp_sources = 10,
	    .dp_users = 20, .dp_ratio = 0.9, .dp_per_source = 5,
	    .dp_blackhole = HOUR } },
	[VG_DR_SUCCESS_AFTER] = { "auth.success_after_failures", "",
	    "Successful login after a burst of failures: likely compromise",
	    P_FAILURES | P_WINDOW, { .dp_enabled = true, .dp_severity = 85,
	    .dp_failures = 5, .dp_window = 10 * MIN, .dp_blackhole = HOUR } },
	[VG_DR_LISTED_LOGIN] = { "auth.login_from_listed_ip", "",
	    "Successful login from an address on a threat list",
	    0, { .dp_enabled = true, .dp_severity = 95,
	    .dp_blackhole = HOUR } },
	[VG_DR_LEAKED] = { "auth.leaked_account_activity", "",
	    "Login activity of an account on a leaked-account list",
	    0, { .dp_enabled = true, .dp_severity = 70,
	    .dp_blackhole = HOUR } },
	[VG_DR_NEW_COUNTRY] = { "auth.new_country", "",
	    "Successful login from a country not seen for this account",
	    0, { .dp_enabled = true, .dp_severity = 50,
	    .dp_blackhole = DAY } },
	[VG_DR_TRAVEL] = { "auth.impossible_travel", "",
	    "Two logins of one account too far apart for the time between",
	    P_SPEED | P_MIN_KM, { .dp_enabled = true, .dp_severity = 80,
	    .dp_speed_kmh = 1000, .dp_min_km = 500, .dp_blackhole = HOUR } },
	[VG_DR_BULK] = { "data.bulk_retrieval", "",
	    "Bulk data retrieval: far more than the key's baseline or ceiling",
	    P_WINDOW | P_BYTES | P_REQUESTS | P_FACTOR | P_BASEWIN,
	    { .dp_enabled = true, .dp_severity = 70, .dp_window = HOUR,
	    .dp_bytes = (uint64_t)1 << 30, .dp_requests = 10000,
	    .dp_factor = 10, .dp_baseline_windows = 3,
	    .dp_blackhole = HOUR } },
	[VG_DR_WEB_NOTFOUND] = { "web.probing", "not-found",
	    "Web probing: burst of 403/404 over distinct paths",
	    P_LEAKY, LEAKY(40, 10, 10 * SEC, 10 * MIN) },
	[VG_DR_WEB_SENSITIVE] = { "web.probing", "sensitive-file",
	    "Web probing: secrets, dotfiles and backups",
	    P_LEAKY, LEAKY(55, 4, 5 * SEC, 10 * MIN) },
	[VG_DR_WEB_TRAVERSAL] = { "web.probing", "path-traversal",
	    "Web probing: path traversal",
	    P_LEAKY, LEAKY(60, 3, 10 * SEC, 10 * MIN) },
	[VG_DR_WEB_SQLI] = { "web.probing", "sqli",
	    "Web probing: SQL injection",
	    P_LEAKY, LEAKY(65, 10, SEC, 10 * MIN) },
	[VG_DR_WEB_ADMIN] = { "web.probing", "admin-interface",
	    "Web probing: administration interfaces",
	    P_LEAKY, LEAKY(45, 2, 10 * SEC, 10 * MIN) },
	[VG_DR_WEB_CVE] = { "web.probing", "cve-probe",
	    "Web probing: known exploit paths",
	    P_LEAKY, LEAKY(70, 1, 10 * SEC, 10 * MIN) },
	[VG_DR_WEB_XSS] = { "web.probing", "xss",
	    "Web probing: cross-site scripting",
	    P_LEAKY, LEAKY(55, 5, 20 * SEC, 10 * MIN) },
	[VG_DR_WEB_WPENUM] = { "web.probing", "wp-user-enum",
	    "Web probing: WordPress user enumeration",
	    P_LEAKY, LEAKY(45, 5, 10 * SEC, 10 * MIN) },
	[VG_DR_WEB_AUTH_BF] = { "web.auth_bruteforce", "",
	    "HTTP brute force: auth failures and failed login forms",
	    P_LEAKY, LEAKY(60, 5, 10 * SEC, 10 * MIN) },
};

/* Rules whose bucket counts distinct values (capacity is bounded). */
static bool
is_distinct(enum vg_det_rule r)
{
	return r == VG_DR_SPRAY || (r >= VG_DR_WEB_NOTFOUND &&
	    r <= VG_DR_WEB_WPENUM);
}

const char *
vg_det_rule_id(enum vg_det_rule r)
{
	return (unsigned)r < VG_DR_COUNT ? rules[r].id : "?";
}

const char *
vg_det_rule_variant(enum vg_det_rule r)
{
	return (unsigned)r < VG_DR_COUNT ? rules[r].variant : "";
}

const char *
vg_det_rule_name(enum vg_det_rule r)
{
	return (unsigned)r < VG_DR_COUNT ? rules[r].name : "?";
}

void
vg_det_config_default(struct vg_det_config *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < VG_DR_COUNT; i++)
		c->dc_rule[i] = rules[i].def;
	c->dc_max_keys = 100000;
	c->dc_samples = 5;
	c->dc_reorder = MIN;
}

void
vg_det_config_cleanup(struct vg_det_config *c)
{
	free(c->dc_geoip);
	free(c->dc_path);
	c->dc_geoip = NULL;
	c->dc_path = NULL;
}

/* ------------------------------------------------------------- values */

/*
 * "90", "90s", "500ms", "10m", "2h", "1d" -> microseconds.  A bare number
 * is seconds.  Returns false on anything else or on overflow.
 */
static bool
parse_duration(const char *s, size_t len, int64_t *usp)
{
	uint64_t n = 0, unit = SEC;
	size_t i = 0;

	if (len == 0 || s[0] < '0' || s[0] > '9')
		return false;
	while (i < len && s[i] >= '0' && s[i] <= '9') {
		if (n > (uint64_t)INT64_MAX / 10)
			return false;
		n = n * 10 + (uint64_t)(s[i++] - '0');
	}
	if (i == len - 2 && s[i] == 'm' && s[i + 1] == 's')
		unit = SEC / 1000;
	else if (i == len - 1 && s[i] == 's')
		unit = SEC;
	else if (i == len - 1 && s[i] == 'm')
		unit = MIN;
	else if (i == len - 1 && s[i] == 'h')
		unit = HOUR;
	else if (i == len - 1 && s[i] == 'd')
		unit = DAY;
	else if (i != len)
		return false;
	if (n > (uint64_t)INT64_MAX / unit)
		return false;
	*usp = (int64_t)(n * unit);
	return true;
}

static bool
parse_uint(const char *s, size_t len, uint64_t max, uint64_t *vp)
{
	uint64_t n = 0;
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || n > (max - (uint64_t)(s[i] -
		    '0')) / 10)
			return false;
		n = n * 10 + (uint64_t)(s[i] - '0');
	}
	*vp = n;
	return true;
}

/* Byte counts may carry a binary suffix: 512K, 100M, 1G, 2T. */
static bool
parse_bytes(const char *s, size_t len, uint64_t *vp)
{
	unsigned shift = 0;

	if (len > 1) {
		switch (s[len - 1]) {
		case 'K': case 'k':	shift = 10; break;
		case 'M':		shift = 20; break;
		case 'G': case 'g':	shift = 30; break;
		case 'T': case 't':	shift = 40; break;
		}
	}
	if (shift != 0)
		len--;
	if (!parse_uint(s, len, UINT64_MAX >> shift, vp))
		return false;
	*vp <<= shift;
	return true;
}

static bool
parse_double(const char *s, size_t len, double *vp)
{
	char buf[64], *end;
	double d;

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	d = strtod(buf, &end);
	if (*end != '\0' || errno != 0 || !isfinite(d) || d < 0)
		return false;
	*vp = d;
	return true;
}

static bool
parse_bool(const char *s, size_t len, bool *vp)
{
	if ((len == 4 && memcmp(s, "true", 4) == 0) ||
	    (len == 3 && memcmp(s, "yes", 3) == 0) ||
	    (len == 2 && memcmp(s, "on", 2) == 0)) {
		*vp = true;
		return true;
	}
	if ((len == 5 && memcmp(s, "false", 5) == 0) ||
	    (len == 2 && memcmp(s, "no", 2) == 0) ||
	    (len == 3 && memcmp(s, "off", 3) == 0)) {
		*vp = false;
		return true;
	}
	return false;
}

/* ------------------------------------------------------------ loading */

struct loader {
	struct vg_det_config	*c;
	const char		*path;
	char			*err;
	size_t			 errlen;
};

static int	fail_at(struct loader *, struct fy_node *, const char *, ...)
	    VG_PRINTF(3, 4);

static int
fail_at(struct loader *ld, struct fy_node *at, const char *fmt, ...)
{
	struct fy_token *t = at != NULL ? fy_node_get_scalar_token(at) : NULL;
	const struct fy_mark *m = t != NULL ? fy_token_start_mark(t) : NULL;
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (m != NULL)
		snprintf(ld->err, ld->errlen, "%s:%d:%d: %s", ld->path,
		    m->line + 1, m->column + 1, msg);
	else
		snprintf(ld->err, ld->errlen, "%s: %s", ld->path, msg);
	return VG_ERR_PARSE;
}

/* The scalar text of a node, or NULL (and an error) when not a scalar. */
static const char *
scalar(struct loader *ld, struct fy_node *n, struct fy_node *key,
    size_t *lenp, int *rp)
{
	const char *s;

	if (n == NULL || fy_node_get_type(n) != FYNT_SCALAR ||
	    (s = fy_node_get_scalar(n, lenp)) == NULL) {
		*rp = fail_at(ld, key, "expected a single value");
		return NULL;
	}
	return s;
}

struct param_key {
	const char	*name;
	unsigned	 bit;		/* 0: every detection has it */
	enum { K_BOOL, K_SEVERITY, K_UINT, K_DURATION, K_DOUBLE, K_RATIO,
	    K_BYTES } kind;
	size_t		 off;
};

#define OFF(m)	offsetof(struct vg_det_param, m)

static const struct param_key param_keys[] = {
	{ "enabled",		0,		K_BOOL,		OFF(dp_enabled) },
	{ "severity",		0,		K_SEVERITY,	OFF(dp_severity) },
	{ "blackhole",		0,		K_DURATION,	OFF(dp_blackhole) },
	{ "capacity",		P_CAPACITY,	K_UINT,		OFF(dp_capacity) },
	{ "leakspeed",		P_LEAK,		K_DURATION,	OFF(dp_leak) },
	{ "window",		P_WINDOW,	K_DURATION,	OFF(dp_window) },
	{ "failures",		P_FAILURES,	K_UINT,		OFF(dp_failures) },
	{ "min_gap",		P_MIN_GAP,	K_DURATION,	OFF(dp_min_gap) },
	{ "sources",		P_SOURCES,	K_UINT,		OFF(dp_sources) },
	{ "users",		P_USERS,	K_UINT,		OFF(dp_users) },
	{ "failure_ratio",	P_RATIO,	K_RATIO,	OFF(dp_ratio) },
	{ "max_per_source",	P_PER_SOURCE,	K_DOUBLE,	OFF(dp_per_source) },
	{ "max_speed_kmh",	P_SPEED,	K_DOUBLE,	OFF(dp_speed_kmh) },
	{ "min_distance_km",	P_MIN_KM,	K_DOUBLE,	OFF(dp_min_km) },
	{ "bytes",		P_BYTES,	K_BYTES,	OFF(dp_bytes) },
	{ "requests",		P_REQUESTS,	K_UINT,		OFF(dp_requests) },
	{ "baseline_factor",	P_FACTOR,	K_DOUBLE,	OFF(dp_factor) },
	{ "baseline_windows",	P_BASEWIN,	K_UINT,		OFF(dp_baseline_windows) },
};

static int
set_param(struct loader *ld, enum vg_det_rule r, struct fy_node *key,
    const char *k, size_t klen, struct fy_node *val)
{
	struct vg_det_param *p = &ld->c->dc_rule[r];
	const struct param_key *pk = NULL;
	const char *s;
	size_t i, len;
	uint64_t u;
	double d;
	int64_t us;
	int rr = 0;

	for (i = 0; i < VG_ARRAY_LEN(param_keys); i++)
		if (strlen(param_keys[i].name) == klen &&
		    memcmp(param_keys[i].name, k, klen) == 0)
			pk = &param_keys[i];
	if (pk == NULL || (pk->bit != 0 && (rules[r].params & pk->bit) == 0))
		return fail_at(ld, key, "%s%s%s has no threshold '%.*s'",
		    rules[r].id, rules[r].variant[0] ? " " : "",
		    rules[r].variant, (int)klen, k);
	if ((s = scalar(ld, val, key, &len, &rr)) == NULL)
		return rr;
	switch (pk->kind) {
	case K_BOOL:
		if (!parse_bool(s, len, (bool *)((char *)p + pk->off)))
			return fail_at(ld, val, "'%.*s': expected true or false",
			    (int)len, s);
		break;
	case K_SEVERITY:
		if (!parse_uint(s, len, 100, &u))
			return fail_at(ld, val, "'%.*s': severity is 0 to 100",
			    (int)len, s);
		p->dp_severity = (int)u;
		break;
	case K_UINT:
		if (!parse_uint(s, len, 1000000000, &u) || u == 0)
			return fail_at(ld, val, "'%.*s': expected a count "
			    "from 1", (int)len, s);
		if (pk->off == OFF(dp_capacity) && is_distinct(r) &&
		    u > MAX_DISTINCT_CAPACITY)
			return fail_at(ld, val, "capacity %llu: at most %d for "
			    "a detection counting distinct values",
			    (unsigned long long)u, MAX_DISTINCT_CAPACITY);
		if ((pk->off == OFF(dp_sources) || pk->off == OFF(dp_users)) &&
		    u > VG_DET_MAX_DISTINCT_WINDOW)
			return fail_at(ld, val, "%s %llu: at most %d", pk->name,
			    (unsigned long long)u, VG_DET_MAX_DISTINCT_WINDOW);
		if (pk->off == OFF(dp_requests))
			p->dp_requests = u;
		else
			*(uint32_t *)((char *)p + pk->off) = (uint32_t)u;
		break;
	case K_DURATION:
		if (!parse_duration(s, len, &us) || us <= 0)
			return fail_at(ld, val, "'%.*s': expected a duration "
			    "such as 10s, 5m, 2h, 1d", (int)len, s);
		*(int64_t *)((char *)p + pk->off) = us;
		break;
	case K_RATIO:
		if (!parse_double(s, len, &d) || d > 1)
			return fail_at(ld, val, "'%.*s': expected a ratio "
			    "between 0 and 1", (int)len, s);
		p->dp_ratio = d;
		break;
	case K_DOUBLE:
		if (!parse_double(s, len, &d) || d <= 0)
			return fail_at(ld, val, "'%.*s': expected a positive "
			    "number", (int)len, s);
		*(double *)((char *)p + pk->off) = d;
		break;
	case K_BYTES:
		if (!parse_bytes(s, len, &u) || u == 0)
			return fail_at(ld, val, "'%.*s': expected a size such "
			    "as 500M or 2G", (int)len, s);
		p->dp_bytes = u;
		break;
	}
	return 0;
}

static bool
key_is(struct fy_node *k, const char *s, const char **textp, size_t *lenp)
{
	const char *t;
	size_t len;

	if (k == NULL || fy_node_get_type(k) != FYNT_SCALAR ||
	    (t = fy_node_get_scalar(k, &len)) == NULL)
		return false;
	*textp = t;
	*lenp = len;
	return s == NULL || (strlen(s) == len && memcmp(s, t, len) == 0);
}

/* One detection's mapping: its thresholds and its variants' mappings. */
static int
load_detection(struct loader *ld, const char *id, struct fy_node *key,
    struct fy_node *map)
{
	struct fy_node_pair *pair;
	void *it = NULL;
	enum vg_det_rule base = VG_DR_COUNT, r;
	bool enabled_set = false, enabled = true;
	int rr;

	for (r = 0; r < VG_DR_COUNT; r++)
		if (strcmp(rules[r].id, id) == 0 && rules[r].variant[0] == '\0')
			base = r;
	if (base == VG_DR_COUNT) {
		/* web.probing has only variants. */
		for (r = 0; r < VG_DR_COUNT; r++)
			if (strcmp(rules[r].id, id) == 0)
				break;
	}
	if (fy_node_get_type(map) != FYNT_MAPPING)
		return fail_at(ld, key, "%s: expected a mapping of thresholds",
		    id);
	while ((pair = fy_node_mapping_iterate(map, &it)) != NULL) {
		struct fy_node *k = fy_node_pair_key(pair);
		struct fy_node *v = fy_node_pair_value(pair);
		const char *kt;
		size_t klen;
		enum vg_det_rule var = VG_DR_COUNT;

		if (!key_is(k, NULL, &kt, &klen))
			return fail_at(ld, k, "%s: keys must be plain names",
			    id);
		for (r = 0; r < VG_DR_COUNT; r++)
			if (strcmp(rules[r].id, id) == 0 &&
			    rules[r].variant[0] != '\0' &&
			    strlen(rules[r].variant) == klen &&
			    memcmp(rules[r].variant, kt, klen) == 0)
				var = r;
		if (var != VG_DR_COUNT) {
			struct fy_node_pair *vp;
			void *vit = NULL;

			if (v == NULL || fy_node_get_type(v) != FYNT_MAPPING)
				return fail_at(ld, k, "%s %.*s: expected a "
				    "mapping of thresholds", id, (int)klen, kt);
			while ((vp = fy_node_mapping_iterate(v, &vit)) != NULL) {
				struct fy_node *vk = fy_node_pair_key(vp);
				const char *vkt;
				size_t vklen;

				if (!key_is(vk, NULL, &vkt, &vklen))
					return fail_at(ld, vk, "keys must be "
					    "plain names");
				if ((rr = set_param(ld, var, vk, vkt, vklen,
				    fy_node_pair_value(vp))) != 0)
					return rr;
			}
			continue;
		}
		if (klen == 7 && memcmp(kt, "enabled", 7) == 0) {
			const char *s;
			size_t len;

			if ((s = scalar(ld, v, k, &len, &rr)) == NULL)
				return rr;
			if (!parse_bool(s, len, &enabled))
				return fail_at(ld, v, "'%.*s': expected true "
				    "or false", (int)len, s);
			enabled_set = true;
			continue;
		}
		if (base == VG_DR_COUNT)
			return fail_at(ld, k, "%s has no variant '%.*s'", id,
			    (int)klen, kt);
		if ((rr = set_param(ld, base, k, kt, klen, v)) != 0)
			return rr;
	}
	/* `enabled' on a detection switches all its variants. */
	if (enabled_set)
		for (r = 0; r < VG_DR_COUNT; r++)
			if (strcmp(rules[r].id, id) == 0)
				ld->c->dc_rule[r].dp_enabled = enabled;
	return 0;
}

static int
load_defaults(struct loader *ld, struct fy_node *key, struct fy_node *map)
{
	struct fy_node_pair *pair;
	void *it = NULL;
	int rr = 0;

	if (fy_node_get_type(map) != FYNT_MAPPING)
		return fail_at(ld, key, "defaults: expected a mapping");
	while ((pair = fy_node_mapping_iterate(map, &it)) != NULL) {
		struct fy_node *k = fy_node_pair_key(pair);
		struct fy_node *v = fy_node_pair_value(pair);
		const char *kt, *s;
		size_t klen, len;
		uint64_t u;
		int64_t us;

		if (!key_is(k, NULL, &kt, &klen))
			return fail_at(ld, k, "defaults: keys must be names");
		if ((s = scalar(ld, v, k, &len, &rr)) == NULL)
			return rr;
		if (klen == 8 && memcmp(kt, "max_keys", 8) == 0) {
			if (!parse_uint(s, len, 100000000, &u) || u < 16)
				return fail_at(ld, v, "max_keys: expected a "
				    "count from 16 to 100000000");
			ld->c->dc_max_keys = (uint32_t)u;
		} else if (klen == 7 && memcmp(kt, "samples", 7) == 0) {
			if (!parse_uint(s, len, 32, &u))
				return fail_at(ld, v, "samples: 0 to 32");
			ld->c->dc_samples = (uint32_t)u;
		} else if (klen == 7 && memcmp(kt, "reorder", 7) == 0) {
			if (!parse_duration(s, len, &us))
				return fail_at(ld, v, "reorder: expected a "
				    "duration such as 10s");
			ld->c->dc_reorder = us;
		} else {
			return fail_at(ld, k, "defaults has no '%.*s' (known: "
			    "max_keys, samples, reorder)", (int)klen, kt);
		}
	}
	return 0;
}

static int
load_root(struct loader *ld, struct fy_node *root)
{
	struct fy_node_pair *pair;
	void *it = NULL;
	char id[64];
	int rr = 0;

	if (root == NULL)
		return 0;		/* an empty file: the defaults */
	if (fy_node_get_type(root) != FYNT_MAPPING)
		return fail_at(ld, NULL, "expected a mapping of detection ids");
	while ((pair = fy_node_mapping_iterate(root, &it)) != NULL) {
		struct fy_node *k = fy_node_pair_key(pair);
		struct fy_node *v = fy_node_pair_value(pair);
		const char *kt, *s;
		size_t klen, len, r;
		bool known = false;

		if (!key_is(k, NULL, &kt, &klen))
			return fail_at(ld, k, "keys must be detection ids");
		if (klen == 8 && memcmp(kt, "defaults", 8) == 0) {
			if (v == NULL)
				continue;
			if ((rr = load_defaults(ld, k, v)) != 0)
				return rr;
			continue;
		}
		if (klen == 5 && memcmp(kt, "geoip", 5) == 0) {
			if ((s = scalar(ld, v, k, &len, &rr)) == NULL)
				return rr;
			free(ld->c->dc_geoip);
			if ((ld->c->dc_geoip = strndup(s, len)) == NULL)
				return VG_ERR_NOMEM;
			continue;
		}
		for (r = 0; r < VG_DR_COUNT; r++)
			if (strlen(rules[r].id) == klen &&
			    memcmp(rules[r].id, kt, klen) == 0)
				known = true;
		if (!known || klen >= sizeof(id))
			return fail_at(ld, k, "unknown detection '%.*s' (`vigil "
			    "detections' lists them)", (int)VG_MIN(klen, 64), kt);
		memcpy(id, kt, klen);
		id[klen] = '\0';
		if (v == NULL)
			continue;
		if ((rr = load_detection(ld, id, k, v)) != 0)
			return rr;
	}
	return 0;
}

static int
read_file(const char *path, char **bufp, size_t *lenp, char *err,
    size_t errlen)
{
	struct vg_diag d;
	int r;

	memset(&d, 0, sizeof(d));
	if ((r = vg_file_read(path, VG_MAX_CONFIG_BYTES, bufp, lenp, &d)) != 0)
		snprintf(err, errlen, "%s: %s", path, d.msg[0] != '\0' ?
		    d.msg : vg_strerror(r));
	return r;
}

int
vg_det_config_load(struct vg_det_config *c, const char *path, char *err,
    size_t errlen)
{
	char *buf = NULL;
	size_t len;
	int r;

	if ((r = read_file(path, &buf, &len, err, errlen)) != 0)
		return r;
	r = vg_det_config_load_buf(c, path, buf, len, err, errlen);
	free(buf);
	return r;
}

int
vg_det_config_load_buf(struct vg_det_config *c, const char *path,
    const char *buf, size_t len, char *err, size_t errlen)
{
	struct vg_det_config tmp;
	struct loader ld = { &tmp, path, err, errlen };
	struct fy_diag_cfg dcfg;
	struct fy_parse_cfg pcfg;
	struct fy_document *fyd = NULL;
	struct fy_diag *diag;
	int r;

	if (len > VG_MAX_CONFIG_BYTES) {
		snprintf(err, errlen, "%s: larger than %d bytes", path,
		    VG_MAX_CONFIG_BYTES);
		return VG_ERR_LIMIT;
	}
	tmp = *c;
	tmp.dc_geoip = c->dc_geoip != NULL ? strdup(c->dc_geoip) : NULL;
	tmp.dc_path = NULL;
	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	dcfg.colorize = false;
	if ((diag = fy_diag_create(&dcfg)) == NULL) {
		free(tmp.dc_geoip);
		return VG_ERR_NOMEM;
	}
	fy_diag_set_collect_errors(diag, true);
	memset(&pcfg, 0, sizeof(pcfg));
	pcfg.flags = FYPCF_QUIET | FYPCF_COLLECT_DIAG;
	pcfg.diag = diag;
	fyd = fy_document_build_from_string(&pcfg, buf, len);
	if (fyd == NULL) {
		struct fy_diag_error *de;
		void *it = NULL;

		if ((de = fy_diag_errors_iterate(diag, &it)) != NULL)
			snprintf(err, errlen, "%s:%d:%d: %s", path, de->line + 1,
			    de->column + 1, de->msg);
		else
			snprintf(err, errlen, "%s: not valid YAML", path);
		r = VG_ERR_PARSE;
	} else {
		r = load_root(&ld, fy_document_root(fyd));
	}
	if (fyd != NULL)
		fy_document_destroy(fyd);
	fy_diag_destroy(diag);
	if (r != 0) {
		free(tmp.dc_geoip);
		return r;
	}
	free(c->dc_geoip);
	free(c->dc_path);
	*c = tmp;
	if ((c->dc_path = strdup(path)) == NULL)
		return VG_ERR_NOMEM;
	return 0;
}

/* ----------------------------------------------------------- printing */

static void
print_duration(FILE *fp, int64_t us)
{
	if (us % DAY == 0)
		fprintf(fp, "%lldd", (long long)(us / DAY));
	else if (us % HOUR == 0)
		fprintf(fp, "%lldh", (long long)(us / HOUR));
	else if (us % MIN == 0)
		fprintf(fp, "%lldm", (long long)(us / MIN));
	else if (us % SEC == 0)
		fprintf(fp, "%llds", (long long)(us / SEC));
	else
		fprintf(fp, "%lldms", (long long)(us / 1000));
}

void
vg_det_config_print(const struct vg_det_config *c, FILE *fp,
    const char *geo_status)
{
	size_t i;

	fprintf(fp, "# thresholds from %s; max_keys %u per detection, "
	    "%u samples per alert, reorder ", c->dc_path != NULL ?
	    c->dc_path : "the built-in defaults", c->dc_max_keys,
	    c->dc_samples);
	print_duration(fp, c->dc_reorder);
	fprintf(fp, "\n");
	for (i = 0; i < VG_DR_COUNT; i++) {
		const struct vg_det_param *p = &c->dc_rule[i];
		unsigned pm = rules[i].params;
		char idv[64];

		snprintf(idv, sizeof(idv), "%s%s%s", rules[i].id,
		    rules[i].variant[0] ? "/" : "", rules[i].variant);
		fprintf(fp, "%-36s %-8s severity=%-3d", idv, p->dp_enabled ?
		    "enabled" : "disabled", p->dp_severity);
		if (pm & P_CAPACITY)
			fprintf(fp, " capacity=%u", p->dp_capacity);
		if (pm & P_LEAK) {
			fprintf(fp, " leakspeed=");
			print_duration(fp, p->dp_leak);
		}
		if (pm & P_FAILURES)
			fprintf(fp, " failures=%u", p->dp_failures);
		if (pm & P_MIN_GAP) {
			fprintf(fp, " min_gap=");
			print_duration(fp, p->dp_min_gap);
		}
		if (pm & P_WINDOW) {
			fprintf(fp, " window=");
			print_duration(fp, p->dp_window);
		}
		if (pm & P_SOURCES)
			fprintf(fp, " sources=%u", p->dp_sources);
		if (pm & P_USERS)
			fprintf(fp, " users=%u", p->dp_users);
		if (pm & P_RATIO)
			fprintf(fp, " failure_ratio=%g", p->dp_ratio);
		if (pm & P_PER_SOURCE)
			fprintf(fp, " max_per_source=%g", p->dp_per_source);
		if (pm & P_SPEED)
			fprintf(fp, " max_speed_kmh=%g", p->dp_speed_kmh);
		if (pm & P_MIN_KM)
			fprintf(fp, " min_distance_km=%g", p->dp_min_km);
		if (pm & P_BYTES)
			fprintf(fp, " bytes=%llu",
			    (unsigned long long)p->dp_bytes);
		if (pm & P_REQUESTS)
			fprintf(fp, " requests=%llu",
			    (unsigned long long)p->dp_requests);
		if (pm & P_FACTOR)
			fprintf(fp, " baseline_factor=%g", p->dp_factor);
		if (pm & P_BASEWIN)
			fprintf(fp, " baseline_windows=%u",
			    p->dp_baseline_windows);
		fprintf(fp, " blackhole=");
		print_duration(fp, p->dp_blackhole);
		if (geo_status != NULL && !p->dp_enabled &&
		    (i == VG_DR_NEW_COUNTRY || i == VG_DR_TRAVEL))
			fprintf(fp, " (%s)", geo_status);
		fprintf(fp, "\n");
	}
}
