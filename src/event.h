/*
 * event.h -- the normalized event: what every decoder produces.
 *
 * Fixed slots hold what nearly every detection needs; values are views
 * into the input line (or into the event's own scratch area when they had
 * to be unescaped), so decoding copies nothing on the hot path.  An event
 * is reused line after line: vg_event_reset() clears it cheaply.  Not
 * shared between threads.
 */
#ifndef EVENT_H
#define EVENT_H

#include "vg_addr.h"
#include "vg_str.h"

enum vg_action {
	VG_ACT_NONE = 0,
	VG_ACT_AUTH,		/* "authentication" */
	VG_ACT_SESSION_START,	/* "session-start" */
	VG_ACT_SESSION_END,	/* "session-end" */
	VG_ACT_CONNECT,		/* "connection" */
	VG_ACT_DISCONNECT,	/* "disconnect" */
	VG_ACT_PROTOCOL,	/* "protocol-error": negotiation, banner */
	VG_ACT_PRIV,		/* "privilege-change": sudo, su */
	VG_ACT_DNS_QUERY,	/* "dns-query" */
	VG_ACT_HTTP_REQUEST,	/* "http-request" */
	VG_ACT_IDS_ALERT,	/* "ids-alert" */
	VG_ACT_MAIL,		/* "mail" */
	VG_ACT_FILE_TRANSFER,	/* "file-transfer" */
	VG_ACT_COMMAND,		/* "command" */
	VG_ACT_TLS,		/* "tls" */
	VG_ACT_FLOW,		/* "network-flow" */
	VG_ACT_NOTICE,		/* "notice" */
	VG_ACT_COUNT
};

enum vg_outcome {
	VG_OUT_UNKNOWN = 0,
	VG_OUT_SUCCESS,
	VG_OUT_FAILURE,
};

/*
 * Whether a line counts as a failed login attempt, where its outcome
 * alone does not say (see logfmt_conn.c).  The detections count
 * attempts, not lines: vg_event_failed_attempt().
 */
enum vg_attempt {
	VG_ATTEMPT_OUTCOME = 0,	/* a failure counts, nothing else does */
	VG_ATTEMPT_HELD,	/* a failure its connection settles later */
	VG_ATTEMPT_REPEAT,	/* restates failures already counted */
	VG_ATTEMPT_COUNTED,	/* counts, whatever its outcome */
};

enum vg_obs_kind {
	VG_OBS_IP = 1,
	VG_OBS_DOMAIN,
	VG_OBS_URL,
	VG_OBS_EMAIL,
	VG_OBS_HASH,
	VG_OBS_ACCOUNT,
};

/* One observable found in the event: an address, a name, a hash. */
struct vg_obs {
	uint8_t		 ob_kind;	/* enum vg_obs_kind */
	const char	*ob_field;	/* ECS field it came from, static */
	struct vg_str	 ob_value;	/* text as seen */
	struct vg_addr	 ob_addr;	/* parsed, for VG_OBS_IP */
};

struct vg_extra {
	const char	*ex_name;	/* static ECS-style name */
	struct vg_str	 ex_value;
	bool		 ex_number;	/* write unquoted */
};

#define VG_NO_TIME	INT64_MIN

struct vg_event {
	int64_t		 ev_time;	/* us since epoch UTC, or VG_NO_TIME */
	const char	*ev_dataset;	/* decoder name, static */
	const char	*ev_reason;	/* short static explanation */
	uint8_t		 ev_action;	/* enum vg_action */
	uint8_t		 ev_outcome;	/* enum vg_outcome */
	uint8_t		 ev_attempt;	/* enum vg_attempt */
	int32_t		 ev_src_port;	/* -1 when absent */
	int32_t		 ev_dst_port;
	int32_t		 ev_http_status;	/* 0 when absent */
	int64_t		 ev_pid;	/* -1 when absent */
	int64_t		 ev_bytes;	/* -1 when absent */
	struct vg_addr	 ev_src;
	struct vg_addr	 ev_dst;
	struct vg_str	 ev_src_name;	/* source.domain: a host name */
	struct vg_str	 ev_host;
	struct vg_str	 ev_program;
	struct vg_str	 ev_user;
	struct vg_str	 ev_domain;	/* dns.question.name */
	struct vg_str	 ev_url;	/* url.original */
	struct vg_str	 ev_http_method;
	struct vg_str	 ev_hash;	/* file.hash.<kind> */
	struct vg_str	 ev_message;	/* the original line */
	struct vg_str	 ev_severity;	/* decoder-provided, e.g. IDS */

	struct vg_extra	 ev_extra[VG_MAX_EXTRAS];
	unsigned	 ev_nextra;
	unsigned	 ev_extra_dropped;

	struct vg_obs	 ev_obs[VG_MAX_OBSERVABLES];
	unsigned	 ev_nobs;
	unsigned	 ev_obs_dropped;

	/* Where the line came from; borrowed from the caller. */
	const char	*ev_file;
	uint64_t	 ev_line;

	size_t		 ev_scratch_used;
	char		 ev_scratch[VG_EVENT_SCRATCH];
};

/* Reset every slot; cheap (does not clear the scratch area). */
void	vg_event_reset(struct vg_event *);

/* Text of an action for event.action ("authentication", ...). */
const char	*vg_action_name(enum vg_action);
const char	*vg_outcome_name(enum vg_outcome);

/*
 * Does the event count as one failed login attempt?  A failure does,
 * unless its connection holds it or it restates others; a line the
 * connection counts does whatever its outcome.
 */
static inline bool
vg_event_failed_attempt(const struct vg_event *ev)
{
	if (ev->ev_attempt == VG_ATTEMPT_OUTCOME)
		return ev->ev_outcome == VG_OUT_FAILURE;
	return ev->ev_attempt == VG_ATTEMPT_COUNTED;
}

/* "held", "repeat" or "counted"; NULL for VG_ATTEMPT_OUTCOME. */
const char	*vg_attempt_name(enum vg_attempt);

/*
 * Copy `n' bytes into the event's scratch area and return a view of the
 * copy.  Returns false when the scratch area is full (the value is then
 * dropped by the caller and the line is still kept).
 */
bool	vg_event_save(struct vg_event *, const char *p, size_t n,
	    struct vg_str *outp);

/*
 * Add a named extra field.  Names must be static strings.  Past
 * VG_MAX_EXTRAS the field is dropped and counted.
 */
void	vg_event_extra(struct vg_event *, const char *name, struct vg_str v,
	    bool number);

/*
 * Add an observable; past VG_MAX_OBSERVABLES it is counted and dropped.
 * For VG_OBS_IP, `addr' must be the parsed address.
 */
void	vg_event_obs(struct vg_event *, enum vg_obs_kind, const char *field,
	    struct vg_str value, const struct vg_addr *addr);

/* Set ev_src from text; returns false (and leaves it unset) if invalid. */
bool	vg_event_set_src(struct vg_event *, struct vg_str ip);
bool	vg_event_set_dst(struct vg_event *, struct vg_str ip);

/*
 * Set the source from text that may be an address or a host name: an
 * address goes to source.ip, a name to source.domain.
 */
void	vg_event_set_src_host(struct vg_event *, struct vg_str host);

/* Parse a decimal port into *portp (-1 when not a valid port). */
void	vg_event_port(struct vg_str, int32_t *portp);

#endif /* EVENT_H */
