/*
 * logfmt_int.h -- shared between the logfmt*.c files only; never include
 * it from anywhere else.
 *
 * Program decoders (logfmt_auth.c, logfmt_ftp.c, logfmt_mail.c,
 * logfmt_named.c) read a message into a struct vg_logfmt__hit and commit
 * it to the event only once the message is recognised, so that an
 * unknown message leaves the event untouched.  The JSON decoders
 * (logfmt_cowrie.c, logfmt_suricata.c, logfmt_zeek.c, logfmt_json.c)
 * copy every string they keep into the event's scratch area before the
 * parsed document is freed.  Helpers that run for every line are static
 * inline here; the others are in logfmt_util.c.  All of them run in the
 * ingest process and are reentrant.
 */
#ifndef LOGFMT_INT_H
#define LOGFMT_INT_H

#include "logfmt.h"

#include <jansson.h>

/*
 * What one message said, gathered before the event is touched.  A
 * decoder fills the members its messages have; the others stay empty
 * and are not committed.
 */
struct vg_logfmt__hit {
	uint8_t		 h_action;	/* enum vg_action */
	uint8_t		 h_outcome;	/* enum vg_outcome */
	const char	*h_reason;	/* static */
	struct vg_str	 h_user;
	struct vg_str	 h_name;	/* source host name, used without IP */
	struct vg_addr	 h_addr;	/* source; af VG_AF_NONE when absent */
	int32_t		 h_port;	/* source port; -1 when absent */
	struct vg_addr	 h_dst;		/* server address, when logged */
	struct vg_str	 h_domain;	/* queried name (DNS) */
	struct vg_str	 h_target;	/* user.target.name (sudo, su) */
	struct vg_str	 h_type;	/* dns.question.type ("A", "AXFR") */
	struct vg_str	 h_view;	/* dns.view */
	const char	*h_label;	/* one more label, or NULL */
	struct vg_str	 h_value;
};

/* Start a hit with its verdict; `reason' must be static. */
static inline void
vg_logfmt__hit_init(struct vg_logfmt__hit *h, enum vg_action a,
    enum vg_outcome o, const char *reason)
{
	memset(h, 0, sizeof(*h));
	h->h_action = (uint8_t)a;
	h->h_outcome = (uint8_t)o;
	h->h_reason = reason;
	h->h_port = -1;
}

/*
 * Copy a recognised hit into the event: the verdict, then every member
 * that was set (a host name only when there is no address).  Labels go
 * in the order user.target.name, dns.question.type, dns.view, h_label.
 * Returns 0, so that a decoder can end with `return ..._commit(...)'.
 */
int	vg_logfmt__hit_commit(const struct vg_logfmt__hit *,
	    struct vg_event *);

/*
 * After an sshd (or sshd PAM) line is decoded: join it with the earlier
 * lines of its connection (host and pid) in ls->ls_conn -- fill in the
 * client address, report a source-less failure with the address that
 * follows it, and set ev_attempt.  See logfmt_conn.c.
 */
void	vg_logfmt__conn_track(struct vg_logsrc *, struct vg_event *);

/*
 * The fallback of a line format that has a program decoder too: under
 * --format NAME, a line that is not in the program's own log format is
 * read as a syslog record of that program.  Frames `line', names `lf' as
 * the dataset and runs lf->lf_msg over the message, or the generic
 * extractor when that does not recognise it.  Returns 0, or
 * VG_ERR_FORMAT when `lf' is not the forced format or the framing fails.
 */
int	vg_logfmt__syslog_fallback(struct vg_logsrc *, struct vg_str line,
	    struct vg_event *, const struct vg_logfmt *lf);

/*
 * Every foreign line reaches the fallback during auto-detection, so the
 * test for --format is made here, without a call.
 */
static inline int
vg_logfmt__forced_syslog(struct vg_logsrc *ls, struct vg_str line,
    struct vg_event *ev, const struct vg_logfmt *lf)
{
	if (ls->ls_forced != lf)
		return VG_ERR_FORMAT;
	return vg_logfmt__syslog_fallback(ls, line, ev, lf);
}

/* Offset-less microseconds (civil time) to UTC with the source's --tz. */
static inline int64_t
vg_logfmt__local_us(struct vg_logsrc *ls, int64_t us)
{
	return vg_logsrc_local(ls, us / VG_USEC) * VG_USEC + us % VG_USEC;
}

/*
 * An ISO 8601 stamp at the start of *s, consumed, into microseconds UTC;
 * a stamp without an offset is local time, per --tz.  Returns false when
 * there is no stamp.
 */
static inline bool
vg_logfmt__iso_time(struct vg_logsrc *ls, struct vg_str *s, int64_t *usp)
{
	bool has_tz;

	if (!vg_time_parse_iso(s, usp, &has_tz))
		return false;
	if (!has_tz)
		*usp = vg_logfmt__local_us(ls, *usp);
	return true;
}

/*
 * FNV-1a: for tables whose keys the log's own writer chooses (program
 * names, host names), where a collision costs a probe, never a wrong
 * answer.
 */
static inline uint32_t
vg_logfmt__fnv1a(const char *p, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (uint8_t)p[i]) * 16777619u;
	return h;
}

/* `n' digits at `p' (the caller checked they exist) as a number. */
static inline bool
vg_logfmt__digits(const char *p, int n, int *vp)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		v = v * 10 + (p[i] - '0');
	}
	*vp = v;
	return true;
}

/*
 * The common log format's "10/Oct/2000:13:55:36", 20 bytes at `p' (the
 * caller checked they exist), into civil seconds: the time as written,
 * with no offset applied.
 */
bool	vg_logfmt__clf_civil(const char *p, int64_t *secp);

/*
 * "10/Oct/2000:13:55:36 -0700", 26 bytes at `p' (the caller checked they
 * exist), into microseconds UTC.  With `check_offset', an offset past 23
 * hours or 59 minutes is refused (web access logs); without it any two
 * digits are taken (JSON logs).
 */
bool	vg_logfmt__clf_time(const char *p, bool check_offset, int64_t *usp);

/*
 * One part of a dotted quad at `p': 1-3 digits, their value in *vp.
 * Returns the byte after them, or NULL when `p' holds no digit.
 */
static inline const char *
vg_logfmt__octet(const char *p, const char *end, uint32_t *vp)
{
	uint32_t d0, d1, d2;

	if (p == end || (d0 = (uint32_t)(unsigned char)*p - '0') > 9)
		return NULL;
	if (++p == end || (d1 = (uint32_t)(unsigned char)*p - '0') > 9) {
		*vp = d0;
		return p;
	}
	if (++p == end || (d2 = (uint32_t)(unsigned char)*p - '0') > 9) {
		*vp = d0 * 10 + d1;
		return p;
	}
	*vp = d0 * 100 + d1 * 10 + d2;
	return p + 1;
}

/*
 * vg_addr_parse(), with the dotted quad that nearly every log line holds
 * read here in one pass: four parts of 1-3 digits, each at most 255.
 * Whatever is not of that shape goes to vg_addr_parse(), which gives the
 * same address for every string this accepts.
 */
static inline bool
vg_logfmt__addr(struct vg_str s, struct vg_addr *addrp)
{
	const char *p = s.p, *end = s.p + s.len;
	uint32_t v = 0, octet;
	int part;

	for (part = 0; part < 4; part++) {
		if (part > 0 && (p == end || *p++ != '.'))
			return vg_addr_parse(s, addrp);
		if ((p = vg_logfmt__octet(p, end, &octet)) == NULL ||
		    octet > 255)
			return vg_addr_parse(s, addrp);
		v = v << 8 | octet;
	}
	if (p != end)
		return vg_addr_parse(s, addrp);
	memset(addrp, 0, sizeof(*addrp));
	addrp->af = VG_AF_INET;
	addrp->u.v4 = v;
	return true;
}

/* vg_event_set_src_host() through vg_logfmt__addr(). */
static inline void
vg_logfmt__src_host(struct vg_event *ev, struct vg_str host)
{
	if (host.len > 0 && !vg_logfmt__addr(host, &ev->ev_src))
		ev->ev_src_name = host;
}

/*
 * Where a URL embedded in `s' starts (the letters of its scheme before
 * "://"), or -1 when `s' holds no "://" or starts with it.  Extraction
 * starts there: the text before it holds file names ("x.php") that look
 * like domains, and "${jndi:ldap://" must not be read as scheme "jndi".
 * The result is 0 when the scheme starts `s'.
 */
static inline ptrdiff_t
vg_logfmt__url_start(struct vg_str s)
{
	ptrdiff_t i;

	/* Paths rarely hold a ':'; look for one before the costlier find. */
	if (vg_str_chr(s, ':') < 0 || (i = VG_STR_FIND(s, "://")) <= 0)
		return -1;
	while (i > 0 && ((s.p[i - 1] >= 'a' && s.p[i - 1] <= 'z') ||
	    (s.p[i - 1] >= 'A' && s.p[i - 1] <= 'Z')))
		i--;
	return i;
}

/*
 * JSON ------------------------------------------------------------------
 *
 * jansson owns a parsed document only until the decoder frees it, so
 * every string kept goes into the event's scratch area first.  Strings
 * that do not fit are dropped; the line is still an event.
 */

/*
 * Parse `line' as a JSON object.  Returns the document, which the caller
 * frees with json_decref(), or NULL when `line' is no JSON object.
 */
json_t	*vg_logfmt__json_load(struct vg_str line);

/* Copy `v', when it is a non-empty string, into the scratch area. */
static inline bool
vg_logfmt__json_save(struct vg_event *ev, const json_t *v,
    struct vg_str *vp)
{
	if (!json_is_string(v) || json_string_length(v) == 0)
		return false;
	return vg_event_save(ev, json_string_value(v), json_string_length(v),
	    vp);
}

/* Copy string member `key' of `obj' into the scratch area. */
static inline bool
vg_logfmt__json_str(struct vg_event *ev, json_t *obj, const char *key,
    struct vg_str *vp)
{
	return vg_logfmt__json_save(ev, json_object_get(obj, key), vp);
}

/* String member `key' of `obj' as the label `name'. */
static inline void
vg_logfmt__json_extra(struct vg_event *ev, json_t *obj, const char *key,
    const char *name)
{
	struct vg_str v;

	if (vg_logfmt__json_str(ev, obj, key, &v))
		vg_event_extra(ev, name, v, false);
}

/* Integer member `key' of `obj' when it is in [lo, hi], else -1. */
static inline int64_t
vg_logfmt__json_int(json_t *obj, const char *key, int64_t lo, int64_t hi)
{
	json_t *v = json_object_get(obj, key);
	json_int_t n;

	if (!json_is_integer(v))
		return -1;
	n = json_integer_value(v);
	return n >= lo && n <= hi ? (int64_t)n : -1;
}

/* Address member `key' of `obj' into *addr; the text is not kept. */
static inline void
vg_logfmt__json_addr(json_t *obj, const char *key, struct vg_addr *addr)
{
	json_t *v = json_object_get(obj, key);

	if (json_is_string(v))
		(void)vg_addr_parse(vg_str_make(json_string_value(v),
		    json_string_length(v)), addr);
}

/*
 * The program decoders reached through the syslog framing
 * (logfmt_syslog.c); logfmt.c lists them for --format and `vigil formats'.
 */
extern const struct vg_logfmt *const	vg_logfmt__programs[];
extern const size_t			vg_logfmt__nprograms;

#endif /* LOGFMT_INT_H */
