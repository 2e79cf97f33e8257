/*
 * logfmt_web.c -- web server logs: access logs of nginx and Apache
 * (combined and common, with or without a vhost prefix), the nginx error
 * log and the Apache error log.
 *
 * Access lines become http-request events.  The outcome says what a
 * security reader needs from the status alone: 401, 403 and 407 are the
 * server refusing credentials or access, and 400 (or a request line that
 * is no HTTP at all) is the server refusing what the client sent, so
 * they are failures; a request that names an authenticated user and got
 * a status below 400 passed the server's authentication, so it is a
 * success; everything else (404s of scanners, 500s) is left unknown,
 * because a status code by itself does not say whether the client failed
 * at something.  The request target is
 * kept as written; the user agent and referrer are unescaped into the
 * event's scratch area.  Malformed request lines (TLS or RDP bytes sent to
 * a plain HTTP port, "-", "") are kept as events with no method and a
 * reason, since such lines are what probes leave behind.
 *
 * Error lines become authentication failures with source and user when
 * they report a Basic/Digest/PAM login failure, and request failures for
 * the refusals fail2ban watches (rate limits, access rules, missing
 * files).  Other error lines keep their client and get generic extraction.
 *
 * Every parser here works on views and never modifies the line; each one
 * validates a line completely before it writes to the event, so a foreign
 * line leaves the event untouched.  Time stamps without an offset (both
 * error logs) go through the source's --tz.
 */
#include "logfmt_int.h"

/* Longest prefix searched for the " [" that opens an access-log stamp. */
#define HEAD_MAX	512

/* Unescaped user agents and referrers longer than this are kept raw. */
#define UNESC_MAX	4096

static inline bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* "10/Oct/2000:13:55:36" without an offset: local time, per --tz. */
static bool
clf_time_local(struct vg_logsrc *ls, const char *p, int64_t *usp)
{
	if (!vg_logfmt__clf_civil(p, usp))
		return false;
	if (ls != NULL)
		*usp = vg_logsrc_local(ls, *usp);
	*usp *= VG_USEC;
	return true;
}

/*
 * Is the quote at s.p[i] escaped?  Apache writes \" and \\; a quote
 * preceded by an odd number of backslashes is part of the value.
 */
static bool
escaped(struct vg_str s, size_t i)
{
	size_t n = 0;

	while (i > n && s.p[i - n - 1] == '\\')
		n++;
	return (n & 1) != 0;
}

/* Index of the next unescaped '"' at or after `from', or -1. */
static ptrdiff_t
next_quote(struct vg_str s, size_t from)
{
	const char *q;

	while (from < s.len) {
		q = memchr(s.p + from, '"', s.len - from);
		if (q == NULL)
			return -1;
		if (!escaped(s, (size_t)(q - s.p)))
			return q - s.p;
		from = (size_t)(q - s.p) + 1;
	}
	return -1;
}

/*
 * A quoted log value as the client sent it: \" and \\ (Apache) and \xHH
 * (both servers) are undone.  Values without a backslash stay views into
 * the line; others are copied into the event's scratch area, or kept raw
 * when too long or when the scratch area is full.
 */
static struct vg_str
unescape(struct vg_event *ev, struct vg_str v)
{
	char buf[UNESC_MAX];
	struct vg_str out;
	size_t i, n = 0;
	int hi, lo;

	if (v.len > sizeof(buf) || vg_str_chr(v, '\\') < 0)
		return v;
	for (i = 0; i < v.len; i++) {
		if (v.p[i] == '\\' && i + 1 < v.len) {
			if (v.p[i + 1] == '"' || v.p[i + 1] == '\\') {
				buf[n++] = v.p[++i];
				continue;
			}
			if (v.p[i + 1] == 'x' && i + 3 < v.len &&
			    (hi = vg_hexval(v.p[i + 2])) >= 0 &&
			    (lo = vg_hexval(v.p[i + 3])) >= 0) {
				buf[n++] = (char)(hi << 4 | lo);
				i += 3;
				continue;
			}
		}
		buf[n++] = v.p[i];
	}
	return vg_event_save(ev, buf, n, &out) ? out : v;
}

/* A method token: letters, '-' and '_' ("M-SEARCH"), at most 32 bytes. */
static bool
is_method(struct vg_str m)
{
	size_t i;

	if (m.len == 0 || m.len > 32)
		return false;
	for (i = 0; i < m.len; i++)
		if (!is_alpha(m.p[i]) && m.p[i] != '-' && m.p[i] != '_')
			return false;
	return true;
}

/*
 * Split a request line "METHOD TARGET [HTTP/x.y]" into method and target.
 * Returns false for anything else (TLS bytes, "-", a lone word), which the
 * callers keep as a malformed request.
 */
static bool
split_request(struct vg_str req, struct vg_str *methodp,
    struct vg_str *targetp)
{
	ptrdiff_t sp = vg_str_chr(req, ' ');
	struct vg_str m, t;
	size_t i;

	if (sp <= 0)
		return false;
	m = vg_str_make(req.p, (size_t)sp);
	t = vg_str_make(req.p + sp + 1, req.len - (size_t)sp - 1);
	if (!is_method(m))
		return false;
	/* " HTTP/1.1", " HTTP/2.0", " HTTP/2" ends the line; strip it. */
	for (i = t.len; i > 0; i--)
		if (t.p[i - 1] == ' ')
			break;
	if (i > 0 && vg_str_has_prefix(vg_str_make(t.p + i, t.len - i),
	    "HTTP/", 5))
		t.len = i - 1;
	if (t.len == 0)
		return false;
	*methodp = m;
	*targetp = t;
	return true;
}

/*
 * A user agent carrying an exploit with a download location: Shellshock
 * ("() { :;}; wget http://...") and Log4Shell ("${jndi:ldap://...}").
 * Ordinary agents name their vendor's URL and are not extracted.
 */
static bool
ua_payload(struct vg_str ua)
{
	/* Both payloads hold a '{', which ordinary agents do not. */
	if (vg_str_chr(ua, '{') < 0)
		return false;
	return VG_STR_FIND(ua, "() {") >= 0 || VG_STR_FIND(ua, "${") >= 0;
}

/*
 * Fill the request of an access or error line.  URLs inside the target
 * (a payload's download location in a query string) and in the user
 * agent (Shellshock) are observables worth matching; plain paths are not
 * run through the extractor, which would take "x.php" for a domain.
 */
static void
set_request(struct vg_event *ev, struct vg_str req)
{
	struct vg_str m, t;
	ptrdiff_t i;

	if (split_request(req, &m, &t)) {
		ev->ev_http_method = m;
		ev->ev_url = t;
		/* Only a URL inside the target; a proxy's is url.original. */
		if ((i = vg_logfmt__url_start(t)) > 0)
			vg_logfmt_extract(vg_str_sub(t, (size_t)i, t.len), ev);
	} else {
		ev->ev_reason = "malformed HTTP request";
	}
}

static void
set_outcome(struct vg_event *ev)
{
	int st = ev->ev_http_status;

	if (st == 400 || st == 401 || st == 403 || st == 407 ||
	    ev->ev_reason != NULL)
		ev->ev_outcome = VG_OUT_FAILURE;
	else if (st > 0 && st < 400 && ev->ev_user.len > 0)
		ev->ev_outcome = VG_OUT_SUCCESS;
}

/* "host:port" without the port; "[v6]:port" and bare IPv6 are kept. */
static struct vg_str
strip_port(struct vg_str h, int32_t *portp)
{
	ptrdiff_t c = vg_str_chr(h, ':');

	if (c >= 0 && h.p[0] != '[' &&
	    vg_str_chr(vg_str_make(h.p + c + 1, h.len - (size_t)c - 1),
	    ':') < 0) {
		if (portp != NULL)
			vg_event_port(vg_str_make(h.p + c + 1,
			    h.len - (size_t)c - 1), portp);
		h.len = (size_t)c;
	}
	return h;
}

/* A quoted field at the start of `s': its content, and `s' past it. */
static bool
take_quoted(struct vg_str *s, struct vg_str *vp)
{
	ptrdiff_t q;

	if (s->len < 2 || s->p[0] != '"')
		return false;
	if ((q = next_quote(*s, 1)) < 0)
		return false;
	*vp = vg_str_make(s->p + 1, (size_t)q - 1);
	vg_str_skip(s, (size_t)q + 1);
	return true;
}

/* "200 2326" or "400 -" or "- -": status and bytes after a request. */
static bool
status_bytes(struct vg_str *s, int *statusp, int64_t *bytesp)
{
	struct vg_str t = *s;
	uint64_t v;

	if (!VG_STR_EAT(&t, " "))
		return false;
	if (VG_STR_EAT(&t, "-")) {
		*statusp = 0;
	} else if (t.len >= 3 && vg_logfmt__digits(t.p, 3, statusp) &&
	    (t.len == 3 || t.p[3] == ' ')) {
		vg_str_skip(&t, 3);
	} else {
		return false;
	}
	if (t.len == 0) {
		*bytesp = -1;		/* a truncated line: status only */
		*s = t;
		return true;
	}
	if (!VG_STR_EAT(&t, " "))
		return false;
	if (VG_STR_EAT(&t, "-"))
		*bytesp = -1;
	else if (vg_str_uint(&t, 19, INT64_MAX, &v))
		*bytesp = (int64_t)v;
	else
		return false;
	if (t.len > 0 && t.p[0] != ' ')
		return false;
	*s = t;
	return true;
}

/* ------------------------------------------------------------ access */

/*
 * "[vhost[:port] ]client ident user [stamp] "request" status bytes
 * ["referer" "user-agent" ...]".  Up to the stamp the fields are split at
 * single spaces; a user name with spaces in it is what lies between the
 * ident and the stamp.
 */
static int
access_line(struct vg_logsrc *ls, struct vg_str line, struct vg_event *ev)
{
	struct vg_str tok[4], head, s, req = VG_STR_NULL, ref, ua, user,
	    vhost = VG_STR_NULL, client;
	const char *br, *p, *hend;
	size_t ntok = 0, i, ci, stamp;
	int64_t us, bytes = -1;
	int status = 0;
	ptrdiff_t q;
	struct vg_addr a;
	bool client_ip, t0_ip, esc;
	char c;

	if (line.len < 40)
		return VG_ERR_FORMAT;
	c = line.p[0];
	if (!is_alpha(c) && !is_digit(c) && c != ':')
		return VG_ERR_FORMAT;
	br = memchr(line.p, '[', VG_MIN(line.len, HEAD_MAX));
	if (br == NULL || br - line.p < 6 || br[-1] != ' ' ||
	    (size_t)(line.p + line.len - br) < 30)
		return VG_ERR_FORMAT;
	if (br[27] == ']' && br[28] == ' ' && br[29] == '"' &&
	    vg_logfmt__clf_time(br + 1, true, &us))
		stamp = 27;
	else if (br[21] == ']' && br[22] == ' ' && br[23] == '"' &&
	    clf_time_local(ls, br + 1, &us))
		stamp = 21;		/* a LogFormat with %{...}t, no zone */
	else
		return VG_ERR_FORMAT;
	/* Split the head into tokens; tabs or control bytes mean no. */
	hend = br - 1;
	head = vg_str_make(line.p, (size_t)(hend - line.p));
	for (p = head.p; p < hend; ) {
		const char *start = p;

		while (p < hend && *p != ' ') {
			if ((unsigned char)*p < 0x21)
				return VG_ERR_FORMAT;
			p++;
		}
		if (p == start)
			return VG_ERR_FORMAT;	/* two spaces in a row */
		if (ntok < VG_ARRAY_LEN(tok))
			tok[ntok] = vg_str_make(start, (size_t)(p - start));
		ntok++;
		if (p < hend)
			p++;
	}
	if (ntok < 3)
		return VG_ERR_FORMAT;
	/*
	 * Four or more tokens: a vhost prefix when the second token is an
	 * address or the first is not; else a user name with spaces.
	 */
	ci = 0;
	if (ntok >= 4) {
		t0_ip = vg_addr_parse(tok[0], &a);
		if (vg_addr_parse(tok[1], &a) || !t0_ip)
			ci = 1;
	}
	client = tok[ci];
	user = vg_str_make(tok[ci + 2].p, (size_t)(hend - tok[ci + 2].p));
	if (ci == 1)
		vhost = tok[0];
	/* The request: the first closing quote followed by a status. */
	s = vg_str_make(br + stamp + 3, line.len -
	    (size_t)(br + stamp + 3 - line.p));
	for (i = 0; ; i = (size_t)q + 1) {
		struct vg_str t;

		if ((q = next_quote(s, i)) < 0)
			return VG_ERR_FORMAT;
		t = vg_str_make(s.p + q + 1, s.len - (size_t)q - 1);
		if (status_bytes(&t, &status, &bytes)) {
			req = vg_str_make(s.p, (size_t)q);
			s = t;
			break;
		}
	}

	/* The line is ours; fill the event. */
	client_ip = vg_addr_parse(client, &ev->ev_src);
	if (!client_ip && !VG_STR_EQ(client, "-"))
		ev->ev_src_name = client;
	ev->ev_dataset = vg_logfmt_web.lf_name;
	ev->ev_action = VG_ACT_HTTP_REQUEST;
	ev->ev_time = us;
	ev->ev_http_status = status;
	ev->ev_bytes = bytes;
	if (!VG_STR_EQ(user, "-") && user.len > 0)
		ev->ev_user = user;
	if (vhost.len > 0) {
		vhost = strip_port(vhost, &ev->ev_dst_port);
		if (vhost.len > 0)
			vg_event_extra(ev, "url.domain", vhost, false);
	}
	set_request(ev, req);
	set_outcome(ev);
	/*
	 * Combined format: referrer and user agent.  One look for a
	 * backslash over both spares unescaping nearly every line.
	 */
	esc = vg_str_chr(s, '\\') >= 0;
	if (VG_STR_EAT(&s, " ") && take_quoted(&s, &ref)) {
		if (ref.len > 0 && !VG_STR_EQ(ref, "-"))
			vg_event_extra(ev, "http.request.referrer",
			    esc ? unescape(ev, ref) : ref, false);
		if (VG_STR_EAT(&s, " ") && take_quoted(&s, &ua) &&
		    ua.len > 0 && !VG_STR_EQ(ua, "-")) {
			if (esc)
				ua = unescape(ev, ua);
			vg_event_extra(ev, "user_agent.original", ua, false);
			if (ua_payload(ua) &&
			    (q = vg_logfmt__url_start(ua)) >= 0)
				vg_logfmt_extract(vg_str_sub(ua, (size_t)q,
				    ua.len), ev);
		}
	}
	return 0;
}


/* -------------------------------------------------------- nginx error */

/*
 * One "key: value" of the list nginx appends to error messages
 * (", client: 1.2.3.4, server: x, request: "GET / HTTP/1.1", host: ...").
 * Unquoted values hold no space or quote; a quoted value ends at a quote
 * followed by the end or by ", key: ".
 */
static bool
kv_next(struct vg_str *s, struct vg_str *keyp, struct vg_str *valp)
{
	struct vg_str t = *s, k, rest;
	size_t i, from;
	ptrdiff_t q;

	for (i = 0; i < t.len && (is_alpha(t.p[i]) || t.p[i] == '_'); i++)
		;
	if (i == 0 || i + 2 > t.len || t.p[i] != ':' || t.p[i + 1] != ' ')
		return false;
	k = vg_str_make(t.p, i);
	vg_str_skip(&t, i + 2);
	if (t.len > 0 && t.p[0] == '"') {
		for (from = 1; ; from = (size_t)q + 1) {
			q = vg_str_chr(vg_str_make(t.p + from, t.len - from),
			    '"');
			if (q < 0)
				return false;
			q += (ptrdiff_t)from;
			rest = vg_str_make(t.p + q + 1, t.len - (size_t)q - 1);
			if (rest.len == 0 || (VG_STR_PREFIX(rest, ", ") &&
			    rest.len > 2 && is_alpha(rest.p[2])))
				break;
		}
		*valp = vg_str_make(t.p + 1, (size_t)q - 1);
		vg_str_skip(&t, (size_t)q + 1);
	} else {
		for (i = 0; i < t.len && !(t.p[i] == ',' && i + 1 < t.len &&
		    t.p[i + 1] == ' '); i++)
			if (t.p[i] == ' ' || t.p[i] == '"')
				return false;
		*valp = vg_str_make(t.p, i);
		vg_str_skip(&t, i);
	}
	if (t.len > 0 && !VG_STR_EAT(&t, ", "))
		return false;
	*keyp = k;
	*s = t;
	return true;
}

struct nginx_kv {
	struct vg_str	client, request, host, referrer;
};

/* Parse the whole list; false if any part of it is not well formed. */
static bool
kv_list(struct vg_str s, struct nginx_kv *kv)
{
	struct vg_str k, v;

	memset(kv, 0, sizeof(*kv));
	while (s.len > 0) {
		if (!kv_next(&s, &k, &v))
			return false;
		if (VG_STR_EQ(k, "client"))
			kv->client = v;
		else if (VG_STR_EQ(k, "request"))
			kv->request = v;
		else if (VG_STR_EQ(k, "host"))
			kv->host = v;
		else if (VG_STR_EQ(k, "referrer"))
			kv->referrer = v;
	}
	return true;
}

static void
apache_fail(struct vg_event *ev, uint8_t action, const char *reason)
{
	ev->ev_action = action;
	ev->ev_outcome = VG_OUT_FAILURE;
	ev->ev_reason = reason;
}

/* The user of `user "NAME" was not found in "FILE"' and friends. */
static bool
nginx_auth(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str u;
	ptrdiff_t i;

	if (VG_STR_PREFIX(msg, "user \"")) {
		u = vg_str_make(msg.p + 6, msg.len - 6);
		if (VG_STR_SUFFIX(u, "\": password mismatch")) {
			u.len -= 20;
			ev->ev_reason = "password mismatch";
		} else if ((i = VG_STR_FIND(u, " was not found in \"")) >= 0) {
			/*
			 * The name is everything up to the marker, even when
			 * it holds quotes: nginx logs it unescaped, and the
			 * name the attacker sent is what matters.
			 */
			u.len = (size_t)i;
			if (VG_STR_SUFFIX(u, ":"))
				u.len--;
			if (VG_STR_SUFFIX(u, "\""))
				u.len--;
			ev->ev_reason = "user not found";
		} else {
			return false;
		}
	} else if (VG_STR_PREFIX(msg, "PAM: user '") &&
	    (i = VG_STR_FIND(msg, "' - not authenticated")) >= 11) {
		u = vg_str_make(msg.p + 11, (size_t)i - 11);
		ev->ev_reason = "PAM authentication failure";
	} else {
		return false;
	}
	ev->ev_action = VG_ACT_AUTH;
	ev->ev_outcome = VG_OUT_FAILURE;
	ev->ev_user = u;
	return true;
}

static const struct {
	const char	*prefix;
	uint8_t		 action, outcome;
	const char	*reason;
} nginx_msgs[] = {
	{ "limiting requests, ", VG_ACT_HTTP_REQUEST, VG_OUT_FAILURE,
	  "request rate limited" },
	{ "delaying request, ", VG_ACT_HTTP_REQUEST, VG_OUT_FAILURE,
	  "request delayed by rate limit" },
	{ "limiting connections ", VG_ACT_HTTP_REQUEST, VG_OUT_FAILURE,
	  "connection limit" },
	{ "access forbidden by rule", VG_ACT_HTTP_REQUEST, VG_OUT_FAILURE,
	  "access forbidden by rule" },
	{ "directory index of ", VG_ACT_HTTP_REQUEST, VG_OUT_FAILURE,
	  "directory index forbidden" },
	{ "SSL_do_handshake() failed", VG_ACT_TLS, VG_OUT_FAILURE,
	  "TLS handshake failed" },
	{ "SSL_read() failed", VG_ACT_TLS, VG_OUT_FAILURE,
	  "TLS read failed" },
	{ "client sent ", VG_ACT_PROTOCOL, VG_OUT_FAILURE,
	  "invalid request" },
};

/*
 * "2024/01/01 12:00:00 [error] 123#0: *1 MESSAGE, client: 1.2.3.4, ...".
 * The client list is nginx's own suffix, but the message before it can
 * hold user-controlled text (a user name, a URI), so the last
 * ", client: " whose remainder is a well-formed list is the real one.
 */
static int
nginx_error_line(struct vg_logsrc *ls, struct vg_str line,
    struct vg_event *ev)
{
	struct vg_str s = line, level, msg;
	struct nginx_kv kv;
	int y, mo, d, h, mi, se;
	uint64_t pid, tid, cid;
	ptrdiff_t at, close;
	size_t k, end;
	bool have_kv = false;

	if (s.len < 30 || !is_digit(s.p[0]) || s.p[4] != '/' ||
	    s.p[7] != '/' || s.p[10] != ' ' || s.p[13] != ':' ||
	    s.p[16] != ':' || s.p[19] != ' ' || s.p[20] != '[')
		return VG_ERR_FORMAT;
	if (!vg_logfmt__digits(s.p, 4, &y) ||
	    !vg_logfmt__digits(s.p + 5, 2, &mo) ||
	    !vg_logfmt__digits(s.p + 8, 2, &d) ||
	    !vg_logfmt__digits(s.p + 11, 2, &h) ||
	    !vg_logfmt__digits(s.p + 14, 2, &mi) ||
	    !vg_logfmt__digits(s.p + 17, 2, &se) || mo < 1 || mo > 12 ||
	    d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return VG_ERR_FORMAT;
	vg_str_skip(&s, 21);
	if ((close = vg_str_chr(s, ']')) <= 0 || close > 8)
		return VG_ERR_FORMAT;
	level = vg_str_make(s.p, (size_t)close);
	vg_str_skip(&s, (size_t)close + 1);
	if (!VG_STR_EAT(&s, " ") || !vg_str_uint(&s, 10, INT64_MAX, &pid) ||
	    !VG_STR_EAT(&s, "#") || !vg_str_uint(&s, 20, UINT64_MAX, &tid) ||
	    !VG_STR_EAT(&s, ":"))
		return VG_ERR_FORMAT;
	(void)VG_STR_EAT(&s, " ");
	if (VG_STR_EAT(&s, "*")) {
		if (!vg_str_uint(&s, 20, UINT64_MAX, &cid))
			return VG_ERR_FORMAT;
		(void)VG_STR_EAT(&s, " ");
	}
	msg = s;
	for (end = s.len; (at = VG_STR_RFIND(vg_str_sub(s, 0, end),
	    ", client: ")) >= 0; end = (size_t)at + 9) {
		if (kv_list(vg_str_make(s.p + at + 2, s.len - (size_t)at - 2),
		    &kv)) {
			msg = vg_str_make(s.p, (size_t)at);
			have_kv = true;
			break;
		}
	}

	ev->ev_dataset = vg_logfmt_nginx_error.lf_name;
	if (ls != NULL)		/* else the syslog framing's time stays */
		ev->ev_time = vg_logsrc_local(ls,
		    vg_time_from_civil(y, mo, d, h, mi, se)) * VG_USEC;
	ev->ev_pid = (int64_t)pid;
	vg_event_extra(ev, "log.level", level, false);
	if (have_kv) {
		if (!vg_event_set_src(ev, kv.client))
			vg_event_set_src_host(ev, kv.client);
		if (kv.request.len > 0) {
			struct vg_str m, t;

			if (split_request(kv.request, &m, &t)) {
				ev->ev_http_method = m;
				ev->ev_url = t;
			}
		}
		if (kv.host.len > 0 && (kv.host = strip_port(kv.host,
		    NULL)).len > 0)
			vg_event_extra(ev, "url.domain", kv.host, false);
		if (kv.referrer.len > 0)
			vg_event_extra(ev, "http.request.referrer",
			    kv.referrer, false);
	}
	if (nginx_auth(msg, ev))
		return 0;
	if (VG_STR_PREFIX(msg, "open() ")) {
		/* errno 2 is a probe for a file; others are server trouble. */
		apache_fail(ev, VG_ACT_HTTP_REQUEST,
		    VG_STR_FIND(msg, " failed (2: ") > 0 ? "file not found" :
		    "file open failed");
		return 0;
	}
	for (k = 0; k < VG_ARRAY_LEN(nginx_msgs); k++) {
		if (vg_str_has_prefix(msg, nginx_msgs[k].prefix,
		    strlen(nginx_msgs[k].prefix))) {
			ev->ev_action = nginx_msgs[k].action;
			ev->ev_outcome = nginx_msgs[k].outcome;
			ev->ev_reason = nginx_msgs[k].reason;
			return 0;
		}
	}
	vg_logfmt_extract(msg, ev);
	return 0;
}

const struct vg_logfmt vg_logfmt_nginx_error = {
	.lf_name = "nginx-error",
	.lf_desc = "nginx error log: Basic/PAM auth failures, limit_req, "
	    "access rules, TLS handshakes",
	.lf_line = nginx_error_line,
};

/* ------------------------------------------------------- Apache error */

/*
 * "[Sun Jul 29 12:00:00.123456 2018]" (2.4) or "[Sun Jul 29 12:00:00
 * 2018]" (2.2) at the start of `s'; consumed with the closing bracket.
 */
static bool
apache_time(struct vg_logsrc *ls, struct vg_str *s, int64_t *usp)
{
	struct vg_str t = *s;
	int mo, d, h, mi, se, y;
	int64_t frac = 0, scale = VG_USEC;

	if (t.len < 26 || t.p[0] != '[' || t.p[4] != ' ' || t.p[8] != ' ' ||
	    !is_alpha(t.p[1]) || (mo = vg_time_month(vg_str_make(t.p + 5,
	    3))) == 0)
		return false;
	vg_str_skip(&t, 9);
	if (t.p[0] == ' ' && is_digit(t.p[1])) {
		d = t.p[1] - '0';	/* a space-padded day */
		vg_str_skip(&t, 2);
	} else if (vg_logfmt__digits(t.p, 2, &d)) {
		vg_str_skip(&t, 2);
	} else {
		return false;
	}
	if (t.len < 15 || t.p[0] != ' ' || t.p[3] != ':' || t.p[6] != ':' ||
	    !vg_logfmt__digits(t.p + 1, 2, &h) ||
	    !vg_logfmt__digits(t.p + 4, 2, &mi) ||
	    !vg_logfmt__digits(t.p + 7, 2, &se) || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || se > 60)
		return false;
	vg_str_skip(&t, 9);
	if (t.p[0] == '.') {
		vg_str_skip(&t, 1);
		while (t.len > 0 && is_digit(t.p[0])) {
			if (scale > 1) {
				scale /= 10;
				frac += (t.p[0] - '0') * scale;
			}
			vg_str_skip(&t, 1);
		}
	}
	if (t.len < 6 || t.p[0] != ' ' || !vg_logfmt__digits(t.p + 1, 4, &y) ||
	    t.p[5] != ']')
		return false;
	vg_str_skip(&t, 6);
	*usp = vg_time_from_civil(y, mo, d, h, mi, se);
	if (ls != NULL)
		*usp = vg_logsrc_local(ls, *usp);
	*usp = *usp * VG_USEC + frac;
	*s = t;
	return true;
}

/* "1.2.3.4", "1.2.3.4:5", "[2001:db8::1]:5" or a bare IPv6 address. */
static void
apache_client(struct vg_event *ev, struct vg_str c)
{
	ptrdiff_t i;

	if (vg_event_set_src(ev, c))
		return;
	if (c.len > 0 && c.p[0] == '[' && (i = vg_str_chr(c, ']')) > 0) {
		if (vg_event_set_src(ev, vg_str_make(c.p, (size_t)i + 1)) &&
		    (size_t)i + 2 < c.len && c.p[i + 1] == ':')
			vg_event_port(vg_str_make(c.p + i + 2,
			    c.len - (size_t)i - 2), &ev->ev_src_port);
		return;
	}
	for (i = (ptrdiff_t)c.len - 1; i > 0 && c.p[i] != ':'; i--)
		;
	if (i > 0 && vg_event_set_src(ev, vg_str_make(c.p, (size_t)i)))
		vg_event_port(vg_str_make(c.p + i + 1, c.len - (size_t)i - 1),
		    &ev->ev_src_port);
}

/* `msg' from `from' on, up to `to' (or the end when `to' is absent). */
static bool
between(struct vg_str msg, size_t from, const char *to, struct vg_str *outp)
{
	struct vg_str t;
	ptrdiff_t i;

	if (from > msg.len)
		return false;
	t = vg_str_make(msg.p + from, msg.len - from);
	if ((i = vg_str_find(t, to, strlen(to))) < 0)
		return false;
	*outp = vg_str_make(t.p, (size_t)i);
	return true;
}

/* The path after the first ": " of `s', if any. */
static void
apache_path(struct vg_event *ev, struct vg_str s)
{
	ptrdiff_t i = VG_STR_FIND(s, ": ");

	if (i >= 0 && (size_t)i + 2 < s.len && s.p[i + 2] == '/')
		ev->ev_url = vg_str_make(s.p + i + 2, s.len - (size_t)i - 2);
}

/*
 * A ModSecurity rule match is a web application firewall alert: its rule
 * id and message are kept, and a denial is the request failing.
 */
static void
modsecurity(struct vg_event *ev, struct vg_str msg)
{
	struct vg_str v;
	ptrdiff_t i;

	ev->ev_action = VG_ACT_IDS_ALERT;
	ev->ev_reason = "ModSecurity rule match";
	if (VG_STR_FIND(msg, "Access denied") > 0) {
		ev->ev_outcome = VG_OUT_FAILURE;
		ev->ev_reason = "denied by ModSecurity";
	}
	if ((i = VG_STR_FIND(msg, "[id \"")) >= 0 &&
	    between(msg, (size_t)i + 5, "\"]", &v))
		vg_event_extra(ev, "rule.id", v, false);
	if ((i = VG_STR_FIND(msg, "[msg \"")) >= 0 &&
	    between(msg, (size_t)i + 6, "\"]", &v))
		vg_event_extra(ev, "rule.description", v, false);
	if ((i = VG_STR_FIND(msg, "[uri \"")) >= 0 &&
	    between(msg, (size_t)i + 6, "\"]", &v))
		ev->ev_url = v;
}

/* mod_auth_basic, mod_auth_digest and mod_authz_* messages, and access. */
static void
apache_message(struct vg_event *ev, struct vg_str msg)
{
	struct vg_str u, rest;
	ptrdiff_t i;

	if (VG_STR_PREFIX(msg, "ModSecurity:")) {
		modsecurity(ev, msg);
		return;
	}
	(void)VG_STR_EAT(&msg, "Digest: ");
	/*
	 * mod_auth_digest refusing a forged or replayed response.  A nonce
	 * whose "hash is not" right is what honest clients send after a
	 * server restart changed the secret, so that one is no failure.
	 */
	if ((VG_STR_PREFIX(msg, "invalid nonce ") &&
	    VG_STR_FIND(msg, " - hash is not ") < 0) ||
	    VG_STR_PREFIX(msg, "realm mismatch") ||
	    VG_STR_PREFIX(msg, "unknown algorithm ") ||
	    VG_STR_PREFIX(msg, "invalid qop ")) {
		apache_fail(ev, VG_ACT_AUTH, "digest authentication failure");
		apache_path(ev, msg);
		return;
	}
	if (VG_STR_PREFIX(msg, "user `") && between(msg, 6, "' in realm `",
	    &u) && VG_STR_FIND(msg, "' not found") > 0) {
		ev->ev_user = u;
		apache_fail(ev, VG_ACT_AUTH, "user not found");
		apache_path(ev, vg_str_make(u.p + u.len,
		    msg.len - (size_t)(u.p + u.len - msg.p)));
		return;
	}
	if (VG_STR_PREFIX(msg, "user ")) {
		rest = vg_str_make(msg.p + 5, msg.len - 5);
		if ((i = VG_STR_FIND(rest, ": authentication failure")) >= 0 ||
		    (i = VG_STR_FIND(rest, ": password mismatch")) >= 0) {
			ev->ev_user = vg_str_make(rest.p, (size_t)i);
			apache_fail(ev, VG_ACT_AUTH, rest.p[i + 2] == 'a' ?
			    "authentication failure" : "password mismatch");
			rest = vg_str_make(rest.p + i, rest.len - (size_t)i);
			if ((i = VG_STR_FIND(rest, " for \"")) >= 0 &&
			    between(rest, (size_t)i + 6, "\"", &u))
				ev->ev_url = u;
			else
				apache_path(ev, vg_str_make(rest.p + 2,
				    rest.len - 2));
			return;
		}
		if ((i = VG_STR_FIND(rest, ": authorization failure")) >= 0) {
			ev->ev_user = vg_str_make(rest.p, (size_t)i);
			apache_fail(ev, VG_ACT_HTTP_REQUEST,
			    "authorization failure");
			if (between(rest, (size_t)i + 29, "\"", &u))
				ev->ev_url = u;
			return;
		}
		if ((i = VG_STR_FIND(rest, " not found")) >= 0) {
			ev->ev_user = vg_str_make(rest.p, (size_t)i);
			apache_fail(ev, VG_ACT_AUTH, "user not found");
			apache_path(ev, vg_str_make(rest.p + i,
			    rest.len - (size_t)i));
			return;
		}
	}
	if (VG_STR_PREFIX(msg, "Authorization of user ") &&
	    between(msg, 22, " to access ", &u)) {
		ev->ev_user = u;
		apache_fail(ev, VG_ACT_HTTP_REQUEST, "authorization failure");
		if (between(msg, (size_t)(u.p + u.len - msg.p) + 11, " failed",
		    &u))
			ev->ev_url = u;
		return;
	}
	if (VG_STR_PREFIX(msg, "client used wrong authentication scheme")) {
		apache_fail(ev, VG_ACT_AUTH, "wrong authentication scheme");
		apache_path(ev, msg);
		return;
	}
	if (VG_STR_PREFIX(msg, "client denied by server configuration")) {
		apache_fail(ev, VG_ACT_HTTP_REQUEST,
		    "denied by server configuration");
		apache_path(ev, msg);
		return;
	}
	if (VG_STR_PREFIX(msg, "File does not exist")) {
		apache_fail(ev, VG_ACT_HTTP_REQUEST, "file not found");
		apache_path(ev, msg);
		return;
	}
	if (VG_STR_FIND(msg, "script not found or unable to stat") >= 0 ||
	    (VG_STR_PREFIX(msg, "script '") &&
	    VG_STR_FIND(msg, "' not found or unable to stat") > 0) ||
	    VG_STR_FIND(msg, "Primary script unknown") >= 0) {
		apache_fail(ev, VG_ACT_HTTP_REQUEST, "script not found");
		if (VG_STR_PREFIX(msg, "script '") && between(msg, 8, "'", &u))
			ev->ev_url = u;
		else if ((i = VG_STR_FIND(msg, "stat: /")) >= 0)
			ev->ev_url = vg_str_make(msg.p + i + 6,
			    msg.len - (size_t)i - 6);
		return;
	}
	/* mod_ssl: a TLS name that does not match the request's host. */
	if ((VG_STR_PREFIX(msg, "Hostname ") &&
	    VG_STR_FIND(msg, " provided via SNI") > 0) ||
	    VG_STR_PREFIX(msg, "No hostname was provided via SNI")) {
		apache_fail(ev, VG_ACT_TLS, "SNI and Host mismatch");
		return;
	}
	/* bash complaining about a function in an HTTP_ variable. */
	if (VG_STR_PREFIX(msg, "/bin/bash: ") &&
	    VG_STR_FIND(msg, "function definition") > 0) {
		apache_fail(ev, VG_ACT_HTTP_REQUEST, "Shellshock attempt");
		return;
	}
	if (VG_STR_PREFIX(msg, "Invalid URI in request") ||
	    VG_STR_PREFIX(msg, "Invalid method in request") ||
	    VG_STR_PREFIX(msg, "invalid URI path") ||
	    VG_STR_PREFIX(msg, "request failed: ")) {
		apache_fail(ev, VG_ACT_PROTOCOL, "invalid request");
		return;
	}
	vg_logfmt_extract(msg, ev);
}

/*
 * What follows the stamp: "[module:level] [pid N:tid T] [client IP:PORT]
 * AH01618: MSG" (2.4) or "[level] [client IP] MSG" (2.2).  Only the
 * bracket blocks Apache itself writes are taken as blocks, so a message
 * that starts with '[' stays the message.  Returns false when `s' does not
 * start with a level block.
 */
static bool
apache_body(struct vg_str s, struct vg_event *ev)
{
	struct vg_str level, client = VG_STR_NULL, remote = VG_STR_NULL,
	    code = VG_STR_NULL, logger = VG_STR_NULL, ref = VG_STR_NULL, blk, t;
	int64_t pid = -1;
	uint64_t v;
	ptrdiff_t close, colon, i;
	size_t n;
	int ahnum;

	if (!VG_STR_EAT(&s, "[") || (close = vg_str_chr(s, ']')) < 0 ||
	    close > 64 || vg_str_chr(vg_str_make(s.p, (size_t)close), ' ') >= 0)
		return false;
	level = vg_str_make(s.p, (size_t)close);
	vg_str_skip(&s, (size_t)close + 1);
	if ((colon = vg_str_chr(level, ':')) >= 0) {
		logger = vg_str_make(level.p, (size_t)colon);
		level = vg_str_make(level.p + colon + 1,
		    level.len - (size_t)colon - 1);
	}
	for (;;) {
		/*
		 * An APR status, "(70014)End of file found: ", comes before
		 * the client block.
		 */
		if (VG_STR_PREFIX(s, " (") && s.len > 3 && is_digit(s.p[2]) &&
		    ((i = VG_STR_FIND(s, ": [client ")) > 0 ||
		    (i = VG_STR_FIND(s, ": [remote ")) > 0)) {
			vg_str_skip(&s, (size_t)i + 1);
			continue;
		}
		if (!VG_STR_PREFIX(s, " ["))
			break;
		blk = vg_str_make(s.p + 2, s.len - 2);
		n = 0;
		if (VG_STR_PREFIX(blk, "pid ")) {
			t = vg_str_make(blk.p + 4, blk.len - 4);
			if (vg_str_uint(&t, 10, INT64_MAX, &v))
				pid = (int64_t)v;
		} else if (VG_STR_PREFIX(blk, "client [") ||
		    VG_STR_PREFIX(blk, "remote [")) {
			/* "[client [2001:db8::1]:5]": a bracket inside. */
			if ((close = vg_str_chr(vg_str_make(blk.p + 8,
			    blk.len - 8), ']')) < 0)
				break;
			n = 8 + (size_t)close + 1;
		} else if (!VG_STR_PREFIX(blk, "client ") &&
		    !VG_STR_PREFIX(blk, "remote ")) {
			break;
		}
		if ((close = vg_str_chr(vg_str_make(blk.p + n, blk.len - n),
		    ']')) < 0)
			break;
		close += (ptrdiff_t)n;
		/* ModSecurity repeats the client without its port. */
		if (VG_STR_PREFIX(blk, "client ") && client.len == 0)
			client = vg_str_make(blk.p + 7, (size_t)close - 7);
		else if (VG_STR_PREFIX(blk, "remote ") && remote.len == 0)
			remote = vg_str_make(blk.p + 7, (size_t)close - 7);
		vg_str_skip(&s, (size_t)close + 3);
	}
	(void)VG_STR_EAT(&s, " ");
	/* "AH01618: " names the message. */
	if (s.len > 9 && s.p[0] == 'A' && s.p[1] == 'H' && s.p[7] == ':' &&
	    vg_logfmt__digits(s.p + 2, 5, &ahnum)) {
		code = vg_str_make(s.p, 7);
		vg_str_skip(&s, 8);
		(void)VG_STR_EAT(&s, " ");
	}
	if ((i = VG_STR_FIND(s, ", referer: ")) >= 0) {
		ref = vg_str_make(s.p + i + 11, s.len - (size_t)i - 11);
		s.len = (size_t)i;
	}

	ev->ev_dataset = vg_logfmt_apache_error.lf_name;
	if (pid >= 0)
		ev->ev_pid = pid;
	if (client.len > 0)
		apache_client(ev, client);
	else if (remote.len > 0)
		apache_client(ev, remote);
	if (level.len > 0)
		vg_event_extra(ev, "log.level", level, false);
	if (logger.len > 0)
		vg_event_extra(ev, "log.logger", logger, false);
	if (code.len > 0)
		vg_event_extra(ev, "error.code", code, false);
	if (ref.len > 0)
		vg_event_extra(ev, "http.request.referrer", ref, false);
	apache_message(ev, s);
	return true;
}

static int
apache_error_line(struct vg_logsrc *ls, struct vg_str line,
    struct vg_event *ev)
{
	struct vg_str s = line;
	int64_t us;

	if (line.len < 30 || line.p[0] != '[' || !apache_time(ls, &s, &us) ||
	    !VG_STR_EAT(&s, " ") || s.len == 0 || s.p[0] != '[')
		return VG_ERR_FORMAT;
	/* apache_body() checks the level block before it writes. */
	if (!apache_body(s, ev))
		return VG_ERR_FORMAT;
	ev->ev_time = us;
	return 0;
}

const struct vg_logfmt vg_logfmt_apache_error = {
	.lf_name = "apache-error",
	.lf_desc = "Apache error log (2.2 and 2.4): auth_basic/auth_digest "
	    "failures, access denials, bad requests",
	.lf_line = apache_error_line,
};

/* ------------------------------------------------------ behind syslog */

/*
 * Web server lines sent through syslog ("nginx[2869]: 1.2.3.4 - - [...]",
 * "httpd[1]: [authz_core:error] [pid 1] [client ...] ...", or a whole
 * nginx error line).  The framing's time is kept unless the message
 * carries a stamp with an offset.  Reached when the syslog decoder lists
 * this decoder for these program names.
 */
static int
web_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = msg;
	int64_t us;

	if (access_line(NULL, msg, ev) == 0 ||
	    nginx_error_line(NULL, msg, ev) == 0)
		return 0;
	if (msg.len > 0 && msg.p[0] == '[') {
		if (apache_time(NULL, &s, &us) && VG_STR_EAT(&s, " ") &&
		    apache_body(s, ev))
			return 0;
		if (apache_body(msg, ev))
			return 0;
	}
	return VG_ERR_FORMAT;
}

static const char *const web_programs[] = {
	"nginx", "apache2", "httpd", "apache", NULL
};

const struct vg_logfmt vg_logfmt_web = {
	.lf_name = "web",
	.lf_desc = "nginx/Apache access logs: combined, common, vhost_combined",
	.lf_line = access_line,
	.lf_msg = web_msg,
	.lf_programs = web_programs,
};
