/*
 * detect.h -- stateful correlation over event time.
 *
 * The scan's workers turn each authentication or HTTP event into a small
 * self-contained record (struct vg_det_rec); one detection stage takes the
 * records in input order, puts them back in event-time order within a
 * tolerance, and runs every enabled detection over them: brute force
 * (fast, slow, time-based, per target user), password spraying, credential
 * stuffing, success after failures, logins from listed IPs or by leaked
 * accounts, new country and impossible travel, bulk data retrieval, web
 * probing and HTTP brute force.  Windows run on event time, so a month of
 * old logs gives the alerts the same traffic would give live.
 *
 * Memory is bounded: every detection keeps at most dc_max_keys keys and
 * evicts the stalest (counted).  Alerts are ECS JSON lines carrying their
 * evidence; one alert per key per aggregation period ("blackhole"), later
 * firings in the period are counted into the next alert.
 *
 * Thresholds come from a YAML file (`vigil scan --detections FILE'); see
 * docs/DETECTIONS.md.  Not thread-safe: one stage per scan.
 */
#ifndef DETECT_H
#define DETECT_H

#include "event.h"
#include "ioc.h"
#include "vg_json.h"

/* Every detection and variant; the config and alerts name them by id. */
enum vg_det_rule {
	VG_DR_BF,		/* auth.bruteforce */
	VG_DR_BF_SLOW,		/* auth.bruteforce, variant slow */
	VG_DR_BF_TIMED,		/* auth.bruteforce, variant time-based */
	VG_DR_BF_USER,		/* auth.bruteforce, variant per-user */
	VG_DR_SPRAY,		/* auth.spraying */
	VG_DR_SPRAY_TIMED,	/* auth.spraying, variant time-based */
	VG_DR_STUFFING,		/* auth.stuffing */
	VG_DR_SUCCESS_AFTER,	/* auth.success_after_failures */
	VG_DR_LISTED_LOGIN,	/* auth.login_from_listed_ip */
	VG_DR_LEAKED,		/* auth.leaked_account_activity */
	VG_DR_NEW_COUNTRY,	/* auth.new_country */
	VG_DR_TRAVEL,		/* auth.impossible_travel */
	VG_DR_BULK,		/* data.bulk_retrieval */
	VG_DR_WEB_NOTFOUND,	/* web.probing, variant not-found */
	VG_DR_WEB_SENSITIVE,	/* web.probing, variant sensitive-file */
	VG_DR_WEB_TRAVERSAL,	/* web.probing, variant path-traversal */
	VG_DR_WEB_SQLI,		/* web.probing, variant sqli */
	VG_DR_WEB_ADMIN,	/* web.probing, variant admin-interface */
	VG_DR_WEB_CVE,		/* web.probing, variant cve-probe */
	VG_DR_WEB_XSS,		/* web.probing, variant xss */
	VG_DR_WEB_WPENUM,	/* web.probing, variant wp-user-enum */
	VG_DR_WEB_AUTH_BF,	/* web.auth_bruteforce */
	VG_DR_COUNT
};

/* Thresholds of one detection (variant); which apply depends on it. */
struct vg_det_param {
	bool		 dp_enabled;
	int		 dp_severity;	/* ECS event.severity, 0-100 */
	uint32_t	 dp_capacity;	/* leaky bucket: events it holds */
	int64_t		 dp_leak;	/* leaky bucket: one event leaks per (us) */
	int64_t		 dp_blackhole;	/* one alert per key per (us) */
	int64_t		 dp_window;	/* us */
	uint32_t	 dp_failures;	/* failures needed */
	int64_t		 dp_min_gap;	/* time-based: median gap (us) */
	uint32_t	 dp_sources;	/* stuffing: distinct sources */
	uint32_t	 dp_users;	/* stuffing: distinct accounts */
	double		 dp_ratio;	/* stuffing: failures / attempts */
	double		 dp_per_source;	/* stuffing: mean failures/source */
	double		 dp_speed_kmh;	/* impossible travel */
	double		 dp_min_km;
	uint64_t	 dp_bytes;	/* bulk: ceiling per window */
	uint64_t	 dp_requests;
	double		 dp_factor;	/* bulk: times the key's baseline */
	uint32_t	 dp_baseline_windows;
};

struct vg_det_config {
	struct vg_det_param	 dc_rule[VG_DR_COUNT];
	uint32_t		 dc_max_keys;	/* per detection */
	uint32_t		 dc_samples;	/* evidence events per alert */
	int64_t			 dc_reorder;	/* out-of-order tolerance, us */
	char			*dc_geoip;	/* GeoIP database, or NULL */
	char			*dc_path;	/* the file it came from */
};

/* The built-in defaults (`vigil detections' prints them). */
void	vg_det_config_default(struct vg_det_config *);
/*
 * Read a YAML config over the defaults.  Errors name file, line and
 * column; on error *configp is left with the defaults.  Returns 0 or a
 * negative VG_ERR_*, with the message in errbuf.
 */
int	vg_det_config_load(struct vg_det_config *, const char *path,
	    char *errbuf, size_t errlen);
/* The same from memory; `name' is the file named in messages. */
int	vg_det_config_load_buf(struct vg_det_config *, const char *name,
	    const char *buf, size_t len, char *errbuf, size_t errlen);
void	vg_det_config_cleanup(struct vg_det_config *);

/* The rule.id and variant ("" for the main one) of a detection. */
const char	*vg_det_rule_id(enum vg_det_rule);
const char	*vg_det_rule_variant(enum vg_det_rule);
const char	*vg_det_rule_name(enum vg_det_rule);

/* Print every detection with its thresholds (`vigil detections'). */
void	vg_det_config_print(const struct vg_det_config *, FILE *,
	    const char *geo_status);

/* ------------------------------------------------------------ records */

enum vg_det_kind {
	VG_DK_NONE = 0,
	VG_DK_AUTH_FAIL,	/* authentication, failure */
	VG_DK_AUTH_OK,		/* authentication, success */
	VG_DK_HTTP,		/* an HTTP request */
	VG_DK_DATA,		/* other event with a user and bytes */
};

/*
 * Credential stuffing counts distinct sources and accounts exactly, up
 * to this many per tenth of its window; `sources' and `users' may not
 * ask for more.
 */
#define VG_DET_MAX_DISTINCT_WINDOW	512

#define VG_DET_USER_MAX		64
#define VG_DET_HOST_MAX		48

#define VG_DRF_POST		0x01	/* HTTP POST */
#define VG_DRF_USER_CUT		0x02	/* r_user was cut */
#define VG_DRF_FAILED_TOO	0x04	/* a success that counts as an attempt */

/* The list entry that holds an event's source address (compact). */
struct vg_det_listed {
	const char	*l_feed;	/* NULL when the source is not listed */
	struct vg_addr	 l_net;		/* the listed network */
	uint8_t		 l_cat;		/* enum vg_ioc_cat */
	uint8_t		 l_type;	/* enum vg_ioc_type */
	uint8_t		 l_prefix;
};

struct vg_det_rec {
	int64_t		 r_time;	/* us, VG_NO_TIME when unknown */
	const char	*r_file;	/* borrowed for the whole scan */
	uint64_t	 r_line;
	uint64_t	 r_seq;		/* arrival order (set by the stage) */
	const char	*r_dataset;	/* static */
	uint64_t	 r_src_hash;	/* keyed hashes of the keys, made by */
	uint64_t	 r_user_hash;	/* the workers; 0 when absent */
	uint64_t	 r_path_hash;	/* HTTP: normalized path, else 0 */
	uint64_t	 r_args_hash;	/* HTTP: the query, else 0 */
	int64_t		 r_bytes;	/* -1 when absent */
	struct vg_det_listed r_listed;	/* source on a list: l_feed set */
	const char	*r_leaked_feed;	/* user on an account list, or NULL */
	struct vg_addr	 r_src;
	uint16_t	 r_webclass;	/* enum vg_webprobe_class mask */
	uint16_t	 r_status;	/* HTTP status, 0 when none */
	uint8_t		 r_kind;	/* enum vg_det_kind */
	uint8_t		 r_flags;	/* VG_DRF_* */
	uint8_t		 r_user_len;
	uint8_t		 r_host_len;
	char		 r_user[VG_DET_USER_MAX];
	char		 r_host[VG_DET_HOST_MAX];
};

/*
 * Fill a record from a decoded event; false when no detection looks at
 * this kind of event (the caller then skips it).  The intel hits of the
 * source address and user, when any, are set by the caller.
 */
bool	vg_det_rec_from_event(const struct vg_event *, struct vg_det_rec *);

/* ------------------------------------------------------------- stage */

struct vg_detect;
struct vg_geo;

struct vg_det_stats {
	uint64_t	 ds_records;
	uint64_t	 ds_no_time;	/* records without a time: skipped */
	uint64_t	 ds_reordered;	/* arrived out of order, put back */
	uint64_t	 ds_late;	/* beyond the tolerance: applied late */
	uint64_t	 ds_alerts;
	uint64_t	 ds_suppressed;	/* firings folded into an alert */
	uint64_t	 ds_evicted[VG_DR_COUNT];
	uint64_t	 ds_keys[VG_DR_COUNT];	/* keys held at the end */
	uint64_t	 ds_fired[VG_DR_COUNT];
};

/*
 * A stage with the given thresholds.  `geo' (may be NULL: the geographic
 * detections then report themselves disabled) is borrowed.
 */
int	vg_detect_new(const struct vg_det_config *, struct vg_geo *geo,
	    struct vg_detect **detp);
void	vg_detect_free(struct vg_detect *);

/*
 * Take one record (copied).  Alerts that fire are appended to `out' as
 * JSON lines.  Records may arrive out of order by up to dc_reorder.
 */
void	vg_detect_feed(struct vg_detect *, const struct vg_det_rec *,
	    struct vg_json *out);
/* End of input: run what is still queued and report pending counts. */
void	vg_detect_finish(struct vg_detect *, struct vg_json *out);

const struct vg_det_stats *vg_detect_stats(const struct vg_detect *);
void	vg_det_stats_print(const struct vg_det_stats *, FILE *);

#endif /* DETECT_H */
