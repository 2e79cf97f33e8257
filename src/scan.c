/*
 * scan.c -- the `vigil scan' pipeline; see scan.h.
 *
 * Regular files are mapped and cut into rounds of whole lines; a round is
 * split among the worker threads, each decoding and matching its share
 * into its own output buffers, which are then written in input order.
 * Lines are views into the mapping, so nothing is copied before output.
 * Compressed input and pipes are read in blocks by one worker.  Every
 * counter is per worker and summed at the end: no locks on the hot path.
 */
#include "scan.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

/* Bytes per round: big enough to amortise thread start-up, small enough
 * to keep per-round output buffers bounded and the progress bar live. */
#define ROUND_BYTES	(32u * 1024 * 1024)
/*
 * With the detections on, a round's records (about 2.5 bytes of record
 * per byte of sshd log) are held twice -- one batch being filled, one
 * being correlated -- so rounds are smaller.
 */
#define DETECT_ROUND_BYTES	(8u * 1024 * 1024)
/* Alerts/events buffered per worker before a write in single-thread mode. */
#define FLUSH_BYTES	(1024u * 1024)
/* Ceiling of one worker's output buffer in a round. */
#define OUTBUF_MAX	((size_t)4 * 1024 * 1024 * 1024)
#define MAX_HITS	16
/* Detection records a single worker buffers before handing them over. */
#define FLUSH_RECS	8192

struct vg_scan_worker {
	const struct vg_scan_opts	*w_opts;
	struct vg_logsrc		 w_ls;
	struct vg_json			 w_alerts;
	struct vg_json			 w_events;
	struct vg_json			 w_doc;		/* one document */
	struct vg_scan_stats		 w_st;
	FILE				*w_direct_alerts;	/* or NULL */
	FILE				*w_direct_events;
	struct vg_ioc_hit		 w_hits[MAX_HITS];
	struct vg_det_rec		*w_recs;	/* for the detections */
	size_t				 w_nrecs, w_recs_cap;
	struct det_pipe			*w_pipe;	/* shared, main thread */
	struct vg_tz			 w_tz;		/* own copy: it caches */
	struct vg_event			 w_ev;		/* last: it is large */
};

/* ------------------------------------------------------------- output */

static void
json_addr(struct vg_json *j, const char *key, const struct vg_addr *a)
{
	char buf[VG_ADDR_STRLEN];
	size_t n = vg_addr_format(a, buf);

	vg_json_str(j, key, vg_str_make(buf, n));
}

static void
json_time(struct vg_json *j, int64_t t)
{
	char buf[VG_TIME_STRLEN];
	size_t n;

	if (t == VG_NO_TIME)
		return;
	n = vg_time_format(t, buf);
	vg_json_str(j, "@timestamp", vg_str_make(buf, n));
}

static bool
has_src(const struct vg_event *ev)
{
	return ev->ev_src.af != VG_AF_NONE || ev->ev_src_name.len > 0 ||
	    ev->ev_src_port >= 0;
}

/*
 * The fields common to events and alerts, in ECS nesting.  `kind' is
 * "event" or "alert"; the alert's own fields are written by the caller
 * between the two halves.
 */
static void
event_head(const struct vg_event *ev, struct vg_json *j, const char *kind,
    int severity)
{
	const char *action = vg_action_name(ev->ev_action);
	const char *outcome = vg_outcome_name(ev->ev_outcome);

	vg_json_obj_begin(j, NULL);
	json_time(j, ev->ev_time);
	vg_json_obj_begin(j, "event");
	vg_json_cstr(j, "kind", kind);
	if (action != NULL)
		vg_json_cstr(j, "action", action);
	if (outcome != NULL)
		vg_json_cstr(j, "outcome", outcome);
	if (ev->ev_reason != NULL)
		vg_json_cstr(j, "reason", ev->ev_reason);
	vg_json_cstr(j, "dataset", ev->ev_dataset != NULL ? ev->ev_dataset :
	    "unparsed");
	if (severity > 0)
		vg_json_int(j, "severity", severity);
	else if (ev->ev_severity.len > 0)
		vg_json_rawnum(j, "severity", ev->ev_severity);
	vg_json_obj_end(j);
}

/*
 * Observables the generic extractor found in free text go to ECS
 * related.*: related.ip, related.hosts (names and URL hosts),
 * related.hash and related.user (mail addresses).  URLs have no related
 * field in ECS; they go to url.original when the event has none.
 */
static void
related_list(const struct vg_event *ev, struct vg_json *j, const char *key,
    enum vg_obs_kind k1, enum vg_obs_kind k2)
{
	char buf[VG_ADDR_STRLEN];
	bool open = false;
	unsigned i;

	for (i = 0; i < ev->ev_nobs; i++) {
		const struct vg_obs *ob = &ev->ev_obs[i];

		if (ob->ob_field != NULL || (ob->ob_kind != k1 &&
		    ob->ob_kind != k2))
			continue;
		if (!open) {
			vg_json_arr_begin(j, key);
			open = true;
		}
		if (ob->ob_kind == VG_OBS_IP)
			vg_json_str(j, NULL, vg_str_make(buf,
			    vg_addr_format(&ob->ob_addr, buf)));
		else
			vg_json_str(j, NULL, ob->ob_value);
	}
	if (open)
		vg_json_arr_end(j);
}

static void
related(const struct vg_event *ev, struct vg_json *j)
{
	unsigned i;
	bool any = false;

	for (i = 0; i < ev->ev_nobs && !any; i++)
		any = ev->ev_obs[i].ob_field == NULL &&
		    ev->ev_obs[i].ob_kind != VG_OBS_URL;
	if (any) {
		vg_json_obj_begin(j, "related");
		related_list(ev, j, "ip", VG_OBS_IP, VG_OBS_IP);
		related_list(ev, j, "hosts", VG_OBS_DOMAIN, VG_OBS_DOMAIN);
		related_list(ev, j, "hash", VG_OBS_HASH, VG_OBS_HASH);
		related_list(ev, j, "user", VG_OBS_EMAIL, VG_OBS_ACCOUNT);
		vg_json_obj_end(j);
	}
	if (ev->ev_url.len > 0)
		return;
	for (i = 0; i < ev->ev_nobs; i++)
		if (ev->ev_obs[i].ob_kind == VG_OBS_URL &&
		    ev->ev_obs[i].ob_field == NULL) {
			vg_json_obj_begin(j, "url");
			vg_json_str(j, "original", ev->ev_obs[i].ob_value);
			vg_json_obj_end(j);
			break;
		}
}

static void
event_tail(const struct vg_event *ev, struct vg_json *j)
{
	const char *attempt = vg_attempt_name(ev->ev_attempt);
	unsigned i;

	if (ev->ev_host.len > 0) {
		vg_json_obj_begin(j, "host");
		vg_json_str(j, "name", ev->ev_host);
		vg_json_obj_end(j);
	}
	if (ev->ev_program.len > 0 || ev->ev_pid >= 0) {
		vg_json_obj_begin(j, "process");
		if (ev->ev_program.len > 0)
			vg_json_str(j, "name", ev->ev_program);
		if (ev->ev_pid >= 0)
			vg_json_int(j, "pid", ev->ev_pid);
		vg_json_obj_end(j);
	}
	if (ev->ev_user.len > 0) {
		vg_json_obj_begin(j, "user");
		vg_json_str(j, "name", ev->ev_user);
		vg_json_obj_end(j);
	}
	if (has_src(ev)) {
		vg_json_obj_begin(j, "source");
		if (ev->ev_src.af != VG_AF_NONE)
			json_addr(j, "ip", &ev->ev_src);
		if (ev->ev_src_name.len > 0)
			vg_json_str(j, "domain", ev->ev_src_name);
		if (ev->ev_src_port >= 0)
			vg_json_int(j, "port", ev->ev_src_port);
		vg_json_obj_end(j);
	}
	if (ev->ev_dst.af != VG_AF_NONE || ev->ev_dst_port >= 0) {
		vg_json_obj_begin(j, "destination");
		if (ev->ev_dst.af != VG_AF_NONE)
			json_addr(j, "ip", &ev->ev_dst);
		if (ev->ev_dst_port >= 0)
			vg_json_int(j, "port", ev->ev_dst_port);
		vg_json_obj_end(j);
	}
	if (ev->ev_domain.len > 0) {
		vg_json_obj_begin(j, "dns");
		vg_json_obj_begin(j, "question");
		vg_json_str(j, "name", ev->ev_domain);
		vg_json_obj_end(j);
		vg_json_obj_end(j);
	}
	if (ev->ev_url.len > 0) {
		vg_json_obj_begin(j, "url");
		vg_json_str(j, "original", ev->ev_url);
		vg_json_obj_end(j);
	}
	if (ev->ev_http_method.len > 0 || ev->ev_http_status > 0 ||
	    ev->ev_bytes >= 0) {
		vg_json_obj_begin(j, "http");
		if (ev->ev_http_method.len > 0) {
			vg_json_obj_begin(j, "request");
			vg_json_str(j, "method", ev->ev_http_method);
			vg_json_obj_end(j);
		}
		if (ev->ev_http_status > 0 || ev->ev_bytes >= 0) {
			vg_json_obj_begin(j, "response");
			if (ev->ev_http_status > 0)
				vg_json_int(j, "status_code",
				    ev->ev_http_status);
			if (ev->ev_bytes >= 0) {
				vg_json_obj_begin(j, "body");
				vg_json_int(j, "bytes", ev->ev_bytes);
				vg_json_obj_end(j);
			}
			vg_json_obj_end(j);
		}
		vg_json_obj_end(j);
	}
	if (ev->ev_hash.len > 0) {
		const char *kind = ev->ev_hash.len == 32 ? "md5" :
		    ev->ev_hash.len == 40 ? "sha1" :
		    ev->ev_hash.len == 64 ? "sha256" : "sha512";

		vg_json_obj_begin(j, "file");
		vg_json_obj_begin(j, "hash");
		vg_json_str(j, kind, ev->ev_hash);
		vg_json_obj_end(j);
		vg_json_obj_end(j);
	}
	if (ev->ev_nextra > 0 || attempt != NULL) {
		/*
		 * Decoder-specific fields, flat under "labels", and whether
		 * the detections count the line as a failed attempt when its
		 * outcome alone does not say.
		 */
		vg_json_obj_begin(j, "labels");
		if (attempt != NULL)
			vg_json_cstr(j, "attempt", attempt);
		for (i = 0; i < ev->ev_nextra; i++) {
			if (ev->ev_extra[i].ex_number)
				vg_json_rawnum(j, ev->ev_extra[i].ex_name,
				    ev->ev_extra[i].ex_value);
			else
				vg_json_str(j, ev->ev_extra[i].ex_name,
				    ev->ev_extra[i].ex_value);
		}
		vg_json_obj_end(j);
	}
	related(ev, j);
	if (ev->ev_file != NULL) {
		vg_json_obj_begin(j, "log");
		vg_json_obj_begin(j, "file");
		vg_json_cstr(j, "path", ev->ev_file);
		vg_json_uint(j, "line", ev->ev_line);
		vg_json_obj_end(j);
		vg_json_obj_end(j);
	}
	vg_json_str(j, "message", ev->ev_message);
	vg_json_obj_end(j);
	vg_json_newline(j);
}

void
vg_scan_event_json(const struct vg_event *ev, struct vg_json *j)
{
	event_head(ev, j, "event", 0);
	event_tail(ev, j);
}

/* ECS event.severity by category: how urgently an officer should look. */
static int
cat_severity(enum vg_ioc_cat c)
{
	switch (c) {
	case VG_CAT_C2:			return 90;
	case VG_CAT_BOTNET:		return 80;
	case VG_CAT_MALWARE:		return 75;
	case VG_CAT_COMPROMISED:	return 70;
	case VG_CAT_PHISHING:		return 65;
	case VG_CAT_LEAKED:		return 60;
	case VG_CAT_ATTACK:		return 50;
	case VG_CAT_REPUTATION:		return 40;
	case VG_CAT_SCANNER:		return 30;
	case VG_CAT_SPAM:		return 30;
	case VG_CAT_ANONYMIZER:		return 30;
	case VG_CAT_SUSPICIOUS:		return 30;
	case VG_CAT_BOGON:		return 20;
	default:			return 50;
	}
}

/*
 * Append one finished document to a worker's output stream.  Returns
 * false (the caller counts it) when the document overflowed its own
 * ceiling or the stream cannot grow.
 */
static bool
append_doc(struct vg_json *dst, const struct vg_json *doc)
{
	size_t cap;
	char *p;

	if (doc->j_overflow || dst->j_len + doc->j_len > dst->j_max)
		return false;
	if (dst->j_len + doc->j_len > dst->j_cap) {
		cap = dst->j_cap == 0 ? 65536 : dst->j_cap;
		while (cap < dst->j_len + doc->j_len)
			cap *= 2;
		if ((p = realloc(dst->j_buf, cap)) == NULL)
			return false;
		dst->j_buf = p;
		dst->j_cap = cap;
	}
	memcpy(dst->j_buf + dst->j_len, doc->j_buf, doc->j_len);
	dst->j_len += doc->j_len;
	return true;
}

static void
write_alert(struct vg_scan_worker *w, const struct vg_event *ev,
    const struct vg_obs *ob, const struct vg_ioc_hit *hits, size_t n)
{
	struct vg_json *j = &w->w_doc;
	char matched[VG_MAX_INDICATOR + 8], rid[32];
	const struct vg_ioc_hit *best = &hits[0];
	const char *type;
	size_t i, len;
	int sev = 0;

	/* The primary hit: the most severe category, most specific first. */
	for (i = 0; i < n; i++) {
		if (cat_severity(hits[i].h_cat) > sev) {
			sev = cat_severity(hits[i].h_cat);
			best = &hits[i];
		}
	}
	type = vg_ioc_hit_type_name(best);
	vg_json_reset(j);
	event_head(ev, j, "alert", sev);
	snprintf(rid, sizeof(rid), "intel.%s", ob->ob_kind == VG_OBS_IP ? "ip" :
	    ob->ob_kind == VG_OBS_DOMAIN ? "domain" :
	    ob->ob_kind == VG_OBS_URL ? "url" :
	    ob->ob_kind == VG_OBS_HASH ? "hash" : "account");
	vg_json_obj_begin(j, "rule");
	vg_json_cstr(j, "id", rid);
	vg_json_cstr(j, "name", "Observable listed in threat intelligence");
	vg_json_obj_end(j);
	vg_json_obj_begin(j, "threat");
	vg_json_obj_begin(j, "indicator");
	vg_json_cstr(j, "type", type);
	len = vg_ioc_hit_format(best, matched, sizeof(matched));
	vg_json_str(j, "matched", vg_str_make(matched, len));
	vg_json_cstr(j, "category", vg_ioc_cat_name(best->h_cat));
	vg_json_str(j, "value", ob->ob_value);
	if (ob->ob_field != NULL)
		vg_json_cstr(j, "field", ob->ob_field);
	vg_json_obj_end(j);
	vg_json_obj_begin(j, "feed");
	vg_json_cstr(j, "name", best->h_feed);
	vg_json_obj_end(j);
	if (n > 1) {
		vg_json_arr_begin(j, "enrichments");
		for (i = 0; i < n; i++) {
			vg_json_obj_begin(j, NULL);
			vg_json_obj_begin(j, "indicator");
			len = vg_ioc_hit_format(&hits[i], matched,
			    sizeof(matched));
			vg_json_str(j, "matched", vg_str_make(matched, len));
			vg_json_cstr(j, "category",
			    vg_ioc_cat_name(hits[i].h_cat));
			vg_json_obj_end(j);
			vg_json_obj_begin(j, "feed");
			vg_json_cstr(j, "name", hits[i].h_feed);
			vg_json_obj_end(j);
			vg_json_obj_end(j);
		}
		vg_json_arr_end(j);
	}
	vg_json_obj_end(j);
	event_tail(ev, j);
	if (append_doc(&w->w_alerts, j))
		w->w_st.st_alerts++;
	else
		w->w_st.st_output_overflow++;
}

/* ------------------------------------------------------------- matching */

/* How specific a hit is: the prefix of a network, the length of a name. */
static size_t
hit_rank(const struct vg_ioc_hit *h)
{
	return h->h_value.len > 0 ? h->h_value.len : h->h_prefix;
}

/*
 * Each set gives its hits most specific first.  Merge those of several
 * sets into that order, stably, so that among equals the earlier set (the
 * earlier feeds of the command line) comes first, as one set would have
 * it.  Insertion sort: there are at most MAX_HITS.
 */
static void
hits_sort(struct vg_ioc_hit *h, size_t n)
{
	struct vg_ioc_hit t;
	size_t i, j;

	for (i = 1; i < n; i++) {
		t = h[i];
		for (j = i; j > 0 && hit_rank(&h[j - 1]) < hit_rank(&t); j--)
			h[j] = h[j - 1];
		h[j] = t;
	}
}

static size_t
lookup(struct vg_scan_worker *w, const struct vg_obs *ob)
{
	const struct vg_scan_opts *o = w->w_opts;
	size_t n = 0, i, r = 0;
	unsigned nsets_hit = 0;
	bool allowed = false;

	/*
	 * Every set is asked, even once the hits are full, so that an
	 * allowlist entry in any of them drops what the others found.
	 */
	for (i = 0; i < o->so_nsets; i++) {
		const struct vg_ioc_set *set = o->so_sets[i];
		struct vg_ioc_hit *h = w->w_hits + n;
		size_t room = MAX_HITS - n;

		switch (ob->ob_kind) {
		case VG_OBS_IP:
			r = vg_ioc_match_ip(set, &ob->ob_addr, h, room);
			break;
		case VG_OBS_DOMAIN:
			r = vg_ioc_match_domain(set, ob->ob_value, h, room);
			break;
		case VG_OBS_URL:
			r = vg_ioc_match_url(set, ob->ob_value, h, room);
			break;
		case VG_OBS_HASH:
			r = vg_ioc_match_hash(set, ob->ob_value, h, room);
			break;
		case VG_OBS_EMAIL:
		case VG_OBS_ACCOUNT:
			r = vg_ioc_match_account(set, ob->ob_value, h, room);
			break;
		}
		if (r == VG_IOC_ALLOWED)
			allowed = true;
		else if (r > 0) {
			n += r;
			nsets_hit++;
		}
	}
	w->w_st.st_lookups++;
	if (allowed)
		return 0;
	if (nsets_hit > 1)
		hits_sort(w->w_hits, n);
	return n;
}

/* Gather the event's fixed-slot observables into its observable list. */
static void
collect_fixed(struct vg_event *ev)
{
	if (ev->ev_src.af != VG_AF_NONE)
		vg_event_obs(ev, VG_OBS_IP, "source.ip", VG_STR_NULL,
		    &ev->ev_src);
	if (ev->ev_dst.af != VG_AF_NONE)
		vg_event_obs(ev, VG_OBS_IP, "destination.ip", VG_STR_NULL,
		    &ev->ev_dst);
	if (ev->ev_src_name.len > 0)
		vg_event_obs(ev, VG_OBS_DOMAIN, "source.domain",
		    ev->ev_src_name, NULL);
	if (ev->ev_domain.len > 0)
		vg_event_obs(ev, VG_OBS_DOMAIN, "dns.question.name",
		    ev->ev_domain, NULL);
	if (ev->ev_url.len > 0 && VG_STR_FIND(ev->ev_url, "://") > 0)
		vg_event_obs(ev, VG_OBS_URL, "url.original", ev->ev_url, NULL);
	if (ev->ev_hash.len > 0)
		vg_event_obs(ev, VG_OBS_HASH, "file.hash", ev->ev_hash, NULL);
	if (ev->ev_user.len > 0)
		vg_event_obs(ev, VG_OBS_ACCOUNT, "user.name", ev->ev_user,
		    NULL);
}

/* The most severe of a lookup's hits. */
static const struct vg_ioc_hit *
best_hit(const struct vg_ioc_hit *hits, size_t n)
{
	const struct vg_ioc_hit *best = &hits[0];
	size_t i;

	for (i = 1; i < n; i++)
		if (cat_severity(hits[i].h_cat) > cat_severity(best->h_cat))
			best = &hits[i];
	return best;
}

/* Queue the event's facts for the detection stage, in input order. */
static void
add_record(struct vg_scan_worker *w, const struct vg_event *ev,
    const struct vg_ioc_hit *src_hit, const char *user_feed)
{
	struct vg_det_rec *r;

	if (w->w_nrecs == w->w_recs_cap) {
		size_t cap = w->w_recs_cap == 0 ? 1024 : w->w_recs_cap * 2;
		struct vg_det_rec *nr;

		if ((nr = reallocarray(w->w_recs, cap, sizeof(*nr))) == NULL) {
			w->w_st.st_output_overflow++;
			return;
		}
		w->w_recs = nr;
		w->w_recs_cap = cap;
	}
	r = &w->w_recs[w->w_nrecs];
	if (!vg_det_rec_from_event(ev, r))
		return;
	if (src_hit != NULL)
		r->r_listed = (struct vg_det_listed){ src_hit->h_feed,
		    src_hit->h_addr, src_hit->h_cat, src_hit->h_type,
		    src_hit->h_prefix };
	r->r_leaked_feed = user_feed;
	w->w_nrecs++;
}

size_t
vg_scan_event(struct vg_scan_worker *w, struct vg_event *ev)
{
	struct vg_scan_stats *st = &w->w_st;
	struct vg_obs *ob;
	char text[VG_ADDR_STRLEN];
	uint64_t before = st->st_alerts;
	unsigned i, first_fixed = ev->ev_nobs;
	struct vg_ioc_hit src_hit_copy;
	const struct vg_ioc_hit *src_hit = NULL;
	const char *user_feed = NULL;
	size_t n;

	collect_fixed(ev);
	st->st_events++;
	st->st_by_action[ev->ev_action < VG_ACT_COUNT ? ev->ev_action : 0]++;
	if (ev->ev_outcome == VG_OUT_FAILURE)
		st->st_failures++;
	st->st_obs_dropped += ev->ev_obs_dropped;
	st->st_extra_dropped += ev->ev_extra_dropped;
	for (i = 0; i < ev->ev_nobs; i++) {
		ob = &ev->ev_obs[i];
		st->st_observables++;
		if (ob->ob_kind == VG_OBS_IP && !w->w_opts->so_match_private &&
		    vg_addr_is_private(&ob->ob_addr)) {
			st->st_private_skipped++;
			continue;
		}
		/* The same address in two fields (or twice in text): once. */
		if (ob->ob_kind == VG_OBS_IP && i > 0 && i >= first_fixed) {
			unsigned k;
			bool dup = false;

			for (k = 0; k < i && !dup; k++)
				dup = ev->ev_obs[k].ob_kind == VG_OBS_IP &&
				    vg_addr_eq(&ev->ev_obs[k].ob_addr,
				    &ob->ob_addr);
			if (dup)
				continue;
		}
		if ((n = lookup(w, ob)) == 0)
			continue;
		/* What the detections need: is the source or user listed. */
		if (ob->ob_kind == VG_OBS_IP && src_hit == NULL &&
		    ev->ev_src.af != VG_AF_NONE &&
		    vg_addr_eq(&ob->ob_addr, &ev->ev_src)) {
			/* Copied: the next lookup reuses w_hits. */
			src_hit_copy = *best_hit(w->w_hits, n);
			src_hit = &src_hit_copy;
		}
		if (ob->ob_kind == VG_OBS_ACCOUNT && user_feed == NULL &&
		    i >= first_fixed)
			user_feed = w->w_hits[0].h_feed;
		if (ob->ob_value.len == 0 && ob->ob_kind == VG_OBS_IP) {
			size_t len = vg_addr_format(&ob->ob_addr, text);
			struct vg_obs tmp = *ob;

			tmp.ob_value = vg_str_make(text, len);
			write_alert(w, ev, &tmp, w->w_hits, n);
		} else {
			write_alert(w, ev, ob, w->w_hits, n);
		}
	}
	if (w->w_opts->so_detect != NULL)
		add_record(w, ev, src_hit, user_feed);
	if (w->w_opts->so_events != NULL) {
		vg_json_reset(&w->w_doc);
		vg_scan_event_json(ev, &w->w_doc);
		if (!append_doc(&w->w_events, &w->w_doc))
			st->st_output_overflow++;
	}
	return (size_t)(st->st_alerts - before);
}

struct vg_scan_worker *
vg_scan_worker_new(const struct vg_scan_opts *o)
{
	struct vg_scan_worker *w;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	w->w_opts = o;
	vg_json_init(&w->w_alerts, OUTBUF_MAX);
	vg_json_init(&w->w_events, OUTBUF_MAX);
	vg_json_init(&w->w_doc, 2 * VG_MAX_LINE + 64 * 1024);
	return w;
}

void
vg_scan_worker_free(struct vg_scan_worker *w)
{
	if (w == NULL)
		return;
	vg_json_cleanup(&w->w_alerts);
	vg_json_cleanup(&w->w_events);
	vg_json_cleanup(&w->w_doc);
	vg_logsrc_cleanup(&w->w_ls);
	free(w->w_recs);
	free(w);
}

/* ---------------------------------------------------------------- input */

static int
flush_json(struct vg_json *j, FILE *fp)
{
	if (fp == NULL || j->j_len == 0) {
		j->j_len = 0;
		return 0;
	}
	if (fwrite(j->j_buf, 1, j->j_len, fp) != j->j_len) {
		j->j_len = 0;
		return VG_ERR_IO;
	}
	j->j_len = 0;
	return 0;
}

/* ------------------------------------------------- detection pipeline */

/*
 * The detection stage runs on its own thread, one batch behind the
 * decoders: while the workers decode a round, it correlates the records
 * of the round before.  Batches are the workers' record vectors, swapped
 * in and out (never copied).  Its alerts are written before the next
 * batch's intel alerts, so for a given input and thread count the output
 * is always the same.
 */
struct det_batch {
	struct vg_det_rec	*recs;
	size_t			 n, cap;
};

struct det_pipe {
	struct vg_detect	*det;
	FILE			*fp;
	pthread_t		 tid;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	struct det_batch	 batch[VG_MAX_THREADS];
	size_t			 nbatch;
	struct vg_json		 out;	/* the batch's alerts */
	bool			 busy, quit, running;
};

static void *
pipe_main(void *arg)
{
	struct det_pipe *p = arg;
	size_t i, k;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->busy && !p->quit)
			pthread_cond_wait(&p->cv, &p->mu);
		if (!p->busy)
			break;
		pthread_mutex_unlock(&p->mu);
		for (i = 0; i < p->nbatch; i++) {
			for (k = 0; k < p->batch[i].n; k++)
				vg_detect_feed(p->det, &p->batch[i].recs[k],
				    &p->out);
			p->batch[i].n = 0;
		}
		pthread_mutex_lock(&p->mu);
		p->busy = false;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static void
pipe_init(struct det_pipe *p, struct vg_detect *det, FILE *fp)
{
	memset(p, 0, sizeof(*p));
	p->det = det;
	p->fp = fp;
	vg_json_init(&p->out, OUTBUF_MAX);
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->running = pthread_create(&p->tid, NULL, pipe_main, p) == 0;
}

/* Wait for the batch in flight and write its alerts. */
static void
pipe_sync(struct det_pipe *p)
{
	pthread_mutex_lock(&p->mu);
	while (p->busy)
		pthread_cond_wait(&p->cv, &p->mu);
	pthread_mutex_unlock(&p->mu);
	(void)flush_json(&p->out, p->fp);
}

/* Hand the workers' records to the stage (after a pipe_sync). */
static void
pipe_submit(struct det_pipe *p, struct vg_scan_worker **ws, size_t n)
{
	size_t i, total = 0;

	for (i = 0; i < n; i++) {
		struct vg_scan_worker *w = ws[i];
		struct det_batch b = p->batch[i];

		p->batch[i] = (struct det_batch){ w->w_recs, w->w_nrecs,
		    w->w_recs_cap };
		w->w_st.st_det_records += w->w_nrecs;
		total += w->w_nrecs;
		w->w_recs = b.recs;
		w->w_nrecs = 0;
		w->w_recs_cap = b.cap;
	}
	if (total == 0)
		return;
	p->nbatch = n;
	if (!p->running) {
		/* No thread could be started: run the batch here. */
		pthread_mutex_lock(&p->mu);
		p->busy = true;
		p->quit = true;
		pthread_mutex_unlock(&p->mu);
		pipe_main(p);
		return;
	}
	pthread_mutex_lock(&p->mu);
	p->busy = true;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

/* End of input: the last batch, the stage's pending reports, the end. */
static void
pipe_finish(struct det_pipe *p)
{
	size_t i;

	pipe_sync(p);
	pthread_mutex_lock(&p->mu);
	p->quit = true;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
	if (p->running)
		pthread_join(p->tid, NULL);
	vg_detect_finish(p->det, &p->out);
	(void)flush_json(&p->out, p->fp);
	vg_json_cleanup(&p->out);
	for (i = 0; i < VG_MAX_THREADS; i++)
		free(p->batch[i].recs);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
}

/* Write what a round produced, in input order; always the main thread. */
static void
round_flush(struct vg_scan_worker **ws, size_t n)
{
	struct det_pipe *p = ws[0]->w_pipe;
	size_t i;

	if (p != NULL)
		pipe_sync(p);
	for (i = 0; i < n; i++) {
		(void)flush_json(&ws[i]->w_alerts, ws[i]->w_opts->so_alerts);
		(void)flush_json(&ws[i]->w_events, ws[i]->w_opts->so_events);
	}
	if (p != NULL)
		pipe_submit(p, ws, n);
}

static void
worker_flush(struct vg_scan_worker *w)
{
	round_flush(&w, 1);
}

static void
process_line(struct vg_scan_worker *w, const char *p, size_t len,
    uint64_t lineno)
{
	struct vg_event *ev = &w->w_ev;
	struct vg_str line;

	w->w_st.st_lines++;
	w->w_st.st_bytes += len + 1;
	if (len > 0 && p[len - 1] == '\r')
		len--;
	if (len > VG_MAX_LINE) {
		len = VG_MAX_LINE;
		w->w_st.st_truncated++;
	}
	line = vg_str_make(p, len);
	vg_event_reset(ev);
	if (!vg_logfmt_decode(&w->w_ls, line, ev))
		w->w_st.st_unparsed++;
	ev->ev_line = lineno;
	if (ev->ev_dataset != NULL) {
		struct vg_scan_stats *st = &w->w_st;
		size_t i;

		for (i = 0; i < st->st_ndatasets; i++)
			if (st->st_dataset[i] == ev->ev_dataset)
				break;
		if (i == st->st_ndatasets && i < VG_SCAN_MAX_DATASETS) {
			st->st_dataset[i] = ev->ev_dataset;
			st->st_ndatasets++;
		}
		if (i < st->st_ndatasets)
			st->st_dataset_events[i]++;
	}
	vg_scan_event(w, ev);
	if (w->w_direct_alerts != NULL && (w->w_alerts.j_len > FLUSH_BYTES ||
	    w->w_events.j_len > FLUSH_BYTES || w->w_nrecs >= FLUSH_RECS))
		worker_flush(w);
}

/*
 * Process whole lines in [p, end); the last may lack its newline.
 * Returns the number of the last line processed.
 */
static uint64_t
process_range(struct vg_scan_worker *w, const char *p, const char *end,
    uint64_t lineno)
{
	const char *nl;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		process_line(w, p, (size_t)(nl - p), ++lineno);
		p = nl + 1;
	}
	return lineno;
}

struct job {
	struct vg_scan_worker	*w;
	const char		*p, *end;
	uint64_t		 lineno;
};

static void *
job_run(void *arg)
{
	struct job *j = arg;

	(void)process_range(j->w, j->p, j->end, j->lineno);
	return NULL;
}

static uint64_t
count_lines(const char *p, const char *end)
{
	uint64_t n = 0;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct progress {
	bool	enabled;
	double	start;
	double	last;
	bool	shown;
};

static void
progress_show(struct progress *pg, const char *path, uint64_t done,
    uint64_t total)
{
	double t = now_seconds();
	int pct, i, bars;
	char bar[31];

	if (!pg->enabled || t - pg->start < 1.0 || t - pg->last < 0.2)
		return;
	pg->last = t;
	pct = total > 0 ? (int)(done * 100 / total) : 0;
	bars = pct * 30 / 100;
	for (i = 0; i < 30; i++)
		bar[i] = i < bars ? '#' : '.';
	bar[30] = '\0';
	fprintf(stderr, "\r%s [%s] %3d%% %.1f MB/s", path, bar, pct,
	    (double)done / 1e6 / (t - pg->start));
	pg->shown = true;
}

static void
progress_done(struct progress *pg)
{
	if (pg->shown)
		fprintf(stderr, "\r\033[K");
	pg->shown = false;
}

static void
worker_setup(struct vg_scan_worker *w, const struct vg_scan_opts *o,
    const char *path, const struct stat *st)
{
	struct tm tm;

	vg_logsrc_cleanup(&w->w_ls);
	vg_logsrc_init(&w->w_ls, path);
	w->w_ls.ls_forced = o->so_format;
	w->w_ls.ls_json_map = o->so_json_map;
	w->w_ls.ls_njson_map = o->so_njson_map;
	if (o->so_tz != NULL) {
		w->w_tz = *o->so_tz;
		w->w_ls.ls_tz = &w->w_tz;
	}
	if (o->so_year != 0) {
		w->w_ls.ls_year = o->so_year;
		w->w_ls.ls_year_fixed = true;
	} else if (st != NULL && gmtime_r(&st->st_mtime, &tm) != NULL) {
		w->w_ls.ls_mtime_year = tm.tm_year + 1900;
		w->w_ls.ls_mtime_month = tm.tm_mon + 1;
		w->w_ls.ls_mtime_day = tm.tm_mday;
	}
}

static void
drop_pages(const char *base, const char *from, const char *to)
{
	uintptr_t pg = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t a = ((uintptr_t)from - (uintptr_t)base) & ~(pg - 1);
	uintptr_t b = ((uintptr_t)to - (uintptr_t)base) & ~(pg - 1);

	if (b > a)
		(void)madvise((void *)((uintptr_t)base + a), b - a,
		    MADV_DONTNEED);
}

/*
 * A mapped file in rounds; each round is cut at newlines into one range
 * per worker.  Zeek TSV files keep their header state from line to line,
 * so they (like anything starting with '#') go to a single worker.
 */
static int
scan_mapped(struct vg_scan_worker **ws, unsigned nw,
    const struct vg_scan_opts *o, const char *path, const char *base,
    size_t size, const struct stat *st, struct progress *pg)
{
	const char *p = base, *end = base + size, *rend, *cut, *nl;
	struct job jobs[VG_MAX_THREADS];
	pthread_t tids[VG_MAX_THREADS];
	uint64_t lineno = 0;
	size_t round = o->so_detect != NULL ? DETECT_ROUND_BYTES : ROUND_BYTES;
	unsigned i, n;

	/*
	 * One worker when a line's reading depends on every line before it:
	 * Zeek TSV headers ('#' lines), and --year, where the year of a line
	 * is --year plus the New Years seen so far.  (Without --year each
	 * worker dates its first line from the file's mtime, which gives the
	 * same years as one sequential pass.)
	 */
	if ((size > 0 && base[0] == '#') || o->so_year != 0)
		nw = 1;
	for (i = 0; i < nw; i++)
		worker_setup(ws[i], o, path, st);
	while (p < end) {
		rend = (size_t)(end - p) > round ? p + round : end;
		if (rend < end && (nl = memchr(rend, '\n',
		    (size_t)(end - rend))) != NULL)
			rend = nl + 1;
		else if (rend < end)
			rend = end;
		if (nw == 1) {
			lineno = process_range(ws[0], p, rend, lineno);
			worker_flush(ws[0]);
		} else {
			const char *q = p;

			for (n = 0; n < nw && q < rend; n++) {
				cut = n + 1 == nw ? rend : q +
				    (size_t)(rend - p) / nw;
				if (cut < rend && (nl = memchr(cut, '\n',
				    (size_t)(rend - cut))) != NULL)
					cut = nl + 1;
				else
					cut = rend;
				jobs[n] = (struct job){ ws[n], q, cut, lineno };
				lineno += count_lines(q, cut);
				q = cut;
			}
			for (i = 1; i < n; i++)
				if (pthread_create(&tids[i], NULL, job_run,
				    &jobs[i]) != 0)
					job_run(&jobs[i]), tids[i] = 0;
			job_run(&jobs[0]);
			for (i = 1; i < n; i++)
				if (tids[i] != 0)
					pthread_join(tids[i], NULL);
			round_flush(ws, n);
		}
		/*
		 * Done with this round's pages: drop them, so the resident
		 * size stays near one round whatever the file's size (they
		 * are clean file pages; a later touch would just re-read).
		 */
		drop_pages(base, p, rend);
		p = rend;
		progress_show(pg, path, (uint64_t)(p - base), size);
	}
	return 0;
}

/* Pipes and gzip files: blocks, one worker, lines carried over. */
static int
scan_stream(struct vg_scan_worker *w, const struct vg_scan_opts *o,
    const char *path, int fd, bool gz, const struct stat *st,
    struct progress *pg)
{
	char *buf = NULL;
	size_t have = 0, cap = VG_READ_BUF, off;
	uint64_t lineno = 0;
	gzFile gzf = NULL;
	bool skipping = false;
	ssize_t n;
	const char *nl;
	int r = 0;

	worker_setup(w, o, path, st);
	if ((buf = malloc(cap)) == NULL)
		return VG_ERR_NOMEM;
	if (gz && (gzf = gzdopen(fd, "rb")) == NULL) {
		free(buf);
		return VG_ERR_NOMEM;
	}
	if (gzf != NULL)
		gzbuffer(gzf, 256 * 1024);
	for (;;) {
		if (gzf != NULL) {
			int got = gzread(gzf, buf + have, (unsigned)(cap - have));
			int zerr;

			if (got < 0) {
				vg_warnx("%s: %s", path, gzerror(gzf, &zerr));
				r = VG_ERR_IO;
				break;
			}
			n = got;
		} else {
			n = read(fd, buf + have, cap - have);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				vg_warnx("%s: read: %s", path, strerror(errno));
				r = VG_ERR_IO;
				break;
			}
		}
		if (n == 0)
			break;
		have += (size_t)n;
		off = 0;
		while ((nl = memchr(buf + off, '\n', have - off)) != NULL) {
			if (!skipping)
				process_line(w, buf + off,
				    (size_t)(nl - buf - off), ++lineno);
			else
				lineno++;
			skipping = false;
			off = (size_t)(nl - buf) + 1;
		}
		/*
		 * No newline in a full buffer: the line is over the limit.
		 * Process its first VG_MAX_LINE bytes (counted as truncated)
		 * and skip the rest up to the next newline.
		 */
		if (off == 0 && have == cap) {
			if (!skipping)
				process_line(w, buf, have, ++lineno);
			skipping = true;
			have = 0;
			continue;
		}
		memmove(buf, buf + off, have - off);
		have -= off;
		worker_flush(w);
		if (st != NULL)
			progress_show(pg, path, (uint64_t)lseek(fd, 0, SEEK_CUR),
			    (uint64_t)st->st_size);
	}
	if (have > 0 && !skipping)
		process_line(w, buf, have, ++lineno);
	worker_flush(w);
	if (gzf != NULL)
		gzclose_r(gzf);
	else if (fd != STDIN_FILENO)
		close(fd);
	free(buf);
	return r;
}

static int
scan_one(struct vg_scan_worker **ws, unsigned nw,
    const struct vg_scan_opts *o, const char *path, struct progress *pg)
{
	struct stat st;
	unsigned char magic[2];
	bool is_stdin = strcmp(path, "-") == 0;
	void *map;
	int fd, r;

	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1 || fstat(fd, &st) == -1) {
		vg_warnx("%s: %s", path, strerror(errno));
		if (fd != -1 && !is_stdin)
			close(fd);
		return VG_ERR_IO;
	}
	if (S_ISDIR(st.st_mode)) {
		vg_warnx("%s: is a directory", path);
		if (!is_stdin)
			close(fd);
		return VG_ERR_IO;
	}
	if (!S_ISREG(st.st_mode) || is_stdin)
		return scan_stream(ws[0], o, is_stdin ? "-" : path, fd, true,
		    S_ISREG(st.st_mode) ? &st : NULL, pg);
	if (st.st_size >= 2 && pread(fd, magic, 2, 0) == 2 &&
	    magic[0] == 0x1f && magic[1] == 0x8b)
		return scan_stream(ws[0], o, path, fd, true, &st, pg);
	if (st.st_size == 0) {
		close(fd);
		return 0;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		return scan_stream(ws[0], o, path, fd, false, &st, pg);
	close(fd);
	(void)madvise(map, (size_t)st.st_size, MADV_SEQUENTIAL);
	r = scan_mapped(ws, nw, o, path, map, (size_t)st.st_size, &st, pg);
	munmap(map, (size_t)st.st_size);
	return r;
}

static void
stats_merge(struct vg_scan_stats *dst, const struct vg_scan_stats *src)
{
	size_t i, k;

	dst->st_lines += src->st_lines;
	dst->st_bytes += src->st_bytes;
	dst->st_events += src->st_events;
	dst->st_unparsed += src->st_unparsed;
	dst->st_truncated += src->st_truncated;
	dst->st_alerts += src->st_alerts;
	dst->st_det_records += src->st_det_records;
	dst->st_observables += src->st_observables;
	dst->st_lookups += src->st_lookups;
	dst->st_private_skipped += src->st_private_skipped;
	dst->st_obs_dropped += src->st_obs_dropped;
	dst->st_extra_dropped += src->st_extra_dropped;
	dst->st_output_overflow += src->st_output_overflow;
	dst->st_failures += src->st_failures;
	for (i = 0; i < VG_ACT_COUNT; i++)
		dst->st_by_action[i] += src->st_by_action[i];
	for (i = 0; i < src->st_ndatasets; i++) {
		for (k = 0; k < dst->st_ndatasets; k++)
			if (strcmp(dst->st_dataset[k], src->st_dataset[i]) == 0)
				break;
		if (k == dst->st_ndatasets) {
			if (k >= VG_SCAN_MAX_DATASETS)
				continue;
			dst->st_dataset[k] = src->st_dataset[i];
			dst->st_ndatasets++;
		}
		dst->st_dataset_events[k] += src->st_dataset_events[i];
	}
}

int
vg_scan_run(const struct vg_scan_opts *o, struct vg_scan_stats *st)
{
	static const char *const stdin_only[] = { "-" };
	struct vg_scan_worker *ws[VG_MAX_THREADS];
	const char *const *files = o->so_files;
	size_t nfiles = o->so_nfiles, i;
	unsigned nw = o->so_threads == 0 ? 1 : o->so_threads;
	struct progress pg = { 0 };
	struct det_pipe pipe;
	double t0 = now_seconds();
	int r = 0;

	memset(st, 0, sizeof(*st));
	if (o->so_detect != NULL)
		pipe_init(&pipe, o->so_detect, o->so_alerts);
	nw = VG_MIN(nw, VG_MAX_THREADS);
	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	for (i = 0; i < nw; i++) {
		if ((ws[i] = vg_scan_worker_new(o)) == NULL) {
			while (i-- > 0)
				vg_scan_worker_free(ws[i]);
			return VG_ERR_NOMEM;
		}
		ws[i]->w_direct_alerts = nw == 1 ? o->so_alerts : NULL;
		ws[i]->w_pipe = o->so_detect != NULL ? &pipe : NULL;
	}
	pg.enabled = o->so_progress;
	pg.start = t0;
	for (i = 0; i < nfiles; i++) {
		st->st_inputs++;
		if (scan_one(ws, nw, o, files[i], &pg) != 0) {
			st->st_inputs_failed++;
			r = VG_ERR_IO;
		}
	}
	progress_done(&pg);
	if (o->so_detect != NULL) {
		pipe_finish(&pipe);
		st->st_det_alerts = vg_detect_stats(o->so_detect)->ds_alerts;
	}
	for (i = 0; i < nw; i++) {
		stats_merge(st, &ws[i]->w_st);
		vg_scan_worker_free(ws[i]);
	}
	st->st_seconds = now_seconds() - t0;
	if (o->so_alerts != NULL && fflush(o->so_alerts) != 0)
		r = VG_ERR_IO;
	if (o->so_events != NULL && fflush(o->so_events) != 0)
		r = VG_ERR_IO;
	return r;
}

void
vg_scan_stats_print(const struct vg_scan_stats *st, FILE *fp, bool full)
{
	double secs = st->st_seconds > 0 ? st->st_seconds : 1e-9;
	size_t i;

	fprintf(fp, "%s: %llu lines, %.1f MB in %.2f s (%.0f lines/s, "
	    "%.1f MB/s); events:", vg_progname,
	    (unsigned long long)st->st_lines, (double)st->st_bytes / 1e6,
	    st->st_seconds, (double)st->st_lines / secs,
	    (double)st->st_bytes / 1e6 / secs);
	for (i = 0; i < st->st_ndatasets; i++)
		fprintf(fp, " %s=%llu", st->st_dataset[i],
		    (unsigned long long)st->st_dataset_events[i]);
	fprintf(fp, "; unparsed %llu; truncated %llu; alerts %llu",
	    (unsigned long long)st->st_unparsed,
	    (unsigned long long)st->st_truncated,
	    (unsigned long long)(st->st_alerts + st->st_det_alerts));
	if (st->st_det_alerts > 0)
		fprintf(fp, " (%llu from detections)",
		    (unsigned long long)st->st_det_alerts);
	fprintf(fp, "\n");
	if (!full)
		return;
	fprintf(fp, "inputs\t%llu\ninputs_failed\t%llu\nlines\t%llu\n"
	    "bytes\t%llu\nevents\t%llu\nunparsed\t%llu\ntruncated\t%llu\n"
	    "failures\t%llu\nobservables\t%llu\nlookups\t%llu\n"
	    "private_skipped\t%llu\nobservables_dropped\t%llu\n"
	    "extras_dropped\t%llu\noutput_overflow\t%llu\nalerts\t%llu\n"
	    "detection_records\t%llu\ndetection_alerts\t%llu\n"
	    "seconds\t%.3f\n",
	    (unsigned long long)st->st_inputs,
	    (unsigned long long)st->st_inputs_failed,
	    (unsigned long long)st->st_lines,
	    (unsigned long long)st->st_bytes,
	    (unsigned long long)st->st_events,
	    (unsigned long long)st->st_unparsed,
	    (unsigned long long)st->st_truncated,
	    (unsigned long long)st->st_failures,
	    (unsigned long long)st->st_observables,
	    (unsigned long long)st->st_lookups,
	    (unsigned long long)st->st_private_skipped,
	    (unsigned long long)st->st_obs_dropped,
	    (unsigned long long)st->st_extra_dropped,
	    (unsigned long long)st->st_output_overflow,
	    (unsigned long long)st->st_alerts,
	    (unsigned long long)st->st_det_records,
	    (unsigned long long)st->st_det_alerts, st->st_seconds);
	for (i = 1; i < VG_ACT_COUNT; i++)
		if (st->st_by_action[i] > 0)
			fprintf(fp, "action.%s\t%llu\n", vg_action_name(i),
			    (unsigned long long)st->st_by_action[i]);
	for (i = 0; i < st->st_ndatasets; i++)
		fprintf(fp, "dataset.%s\t%llu\n", st->st_dataset[i],
		    (unsigned long long)st->st_dataset_events[i]);
}
