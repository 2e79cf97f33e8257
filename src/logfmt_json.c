/*
 * logfmt_json.c -- any JSON-lines log: the last JSON decoder tried.
 *
 * Applications, cloud services and log shippers write one JSON object per
 * line with keys that differ only in spelling.  This decoder walks the
 * object (nested objects too, so {"source":{"ip":...}} reads as
 * "source.ip", as ECS intends) and maps the well-known keys to the
 * event's slots: time, source and destination address and port, user,
 * URL, queried name, host, HTTP method, status and size, file hash.  The
 * first key that fits a slot wins.  Every other string value goes through
 * the generic extractor, so a listed address anywhere in the document is
 * still found; values that went into a slot are not extracted again.
 *
 * "hostname" is taken as the host that wrote the record (pino, bunyan and
 * most application loggers use it so), not as a queried name; it is still
 * searched for observables.  Key names are compared without regard to
 * case.  Strings are copied into
 * the event's scratch area before the parsed document is released; when
 * the scratch area is full the rest of the strings are skipped (the line
 * is still an event and its message holds everything).
 */
#include "logfmt_int.h"

/*
 * Nesting walked and values visited per line.  Log records are shallow;
 * the bounds keep a hostile document from costing more than a few
 * microseconds of walking.  Deeper or further values are ignored.
 */
#define WALK_DEPTH	8
#define WALK_VALUES	512

/* Longest dotted key path matched against the table. */
#define PATH_MAX_LEN	128

enum slot {
	S_NONE = 0,
	S_TIME,
	S_SRC,
	S_SRC_PORT,
	S_DST,
	S_DST_PORT,
	S_USER,
	S_URL,
	S_REQUEST,		/* "GET /x HTTP/1.1" or a bare URL */
	S_DOMAIN,
	S_HOST,
	S_MESSAGE,
	S_STATUS,
	S_METHOD,
	S_HASH,
	S_BYTES,
	S_USER_AGENT,
	S_REFERRER,
	S_OUTCOME,
	S_COUNT
};

static const struct {
	const char	*path;
	uint8_t		 slot;
} keys[] = {
	{ "timestamp", S_TIME },
	{ "@timestamp", S_TIME },
	{ "time", S_TIME },
	{ "ts", S_TIME },
	{ "datetime", S_TIME },
	{ "eventtime", S_TIME },
	{ "time_local", S_TIME },
	{ "src_ip", S_SRC },
	{ "source.ip", S_SRC },
	{ "source.address", S_SRC },
	{ "source_ip", S_SRC },
	{ "srcip", S_SRC },
	{ "src", S_SRC },
	{ "client_ip", S_SRC },
	{ "client.ip", S_SRC },
	{ "clientip", S_SRC },
	{ "remote_addr", S_SRC },
	{ "remote_ip", S_SRC },
	{ "remoteaddr", S_SRC },
	{ "sourceipaddress", S_SRC },
	{ "ip", S_SRC },
	{ "src_port", S_SRC_PORT },
	{ "source.port", S_SRC_PORT },
	{ "srcport", S_SRC_PORT },
	{ "client.port", S_SRC_PORT },
	{ "remote_port", S_SRC_PORT },
	{ "dst_ip", S_DST },
	{ "dest_ip", S_DST },
	{ "destination.ip", S_DST },
	{ "destination.address", S_DST },
	{ "destination_ip", S_DST },
	{ "dstip", S_DST },
	{ "dst", S_DST },
	{ "server.ip", S_DST },
	{ "server_ip", S_DST },
	{ "dst_port", S_DST_PORT },
	{ "dest_port", S_DST_PORT },
	{ "destination.port", S_DST_PORT },
	{ "dstport", S_DST_PORT },
	{ "server.port", S_DST_PORT },
	{ "server_port", S_DST_PORT },
	{ "user", S_USER },
	{ "username", S_USER },
	{ "user.name", S_USER },
	{ "user_name", S_USER },
	{ "remote_user", S_USER },
	{ "useridentity.username", S_USER },
	{ "url", S_URL },
	{ "url.original", S_URL },
	{ "url.full", S_URL },
	{ "uri", S_URL },
	{ "request_uri", S_URL },
	{ "request", S_REQUEST },
	{ "domain", S_DOMAIN },
	{ "query", S_DOMAIN },
	{ "dns.question.name", S_DOMAIN },
	{ "qname", S_DOMAIN },
	{ "host", S_HOST },
	{ "host.name", S_HOST },
	{ "host.hostname", S_HOST },
	{ "hostname", S_HOST },
	{ "message", S_MESSAGE },
	{ "msg", S_MESSAGE },
	{ "status", S_STATUS },
	{ "status_code", S_STATUS },
	{ "http.response.status_code", S_STATUS },
	{ "response_code", S_STATUS },
	{ "method", S_METHOD },
	{ "http_method", S_METHOD },
	{ "request_method", S_METHOD },
	{ "http.request.method", S_METHOD },
	{ "sha256", S_HASH },
	{ "sha1", S_HASH },
	{ "md5", S_HASH },
	{ "hash", S_HASH },
	{ "file.hash.sha256", S_HASH },
	{ "file.hash.sha1", S_HASH },
	{ "file.hash.md5", S_HASH },
	{ "bytes", S_BYTES },
	{ "body_bytes_sent", S_BYTES },
	{ "bytes_sent", S_BYTES },
	{ "http.response.body.bytes", S_BYTES },
	{ "user_agent", S_USER_AGENT },
	{ "http_user_agent", S_USER_AGENT },
	{ "useragent", S_USER_AGENT },
	{ "user_agent.original", S_USER_AGENT },
	{ "referer", S_REFERRER },
	{ "referrer", S_REFERRER },
	{ "http_referer", S_REFERRER },
	{ "http.request.referrer", S_REFERRER },
	{ "event.outcome", S_OUTCOME },
	{ "outcome", S_OUTCOME },
};

struct walk {
	struct vg_logsrc	*w_ls;
	struct vg_event		*w_ev;
	char			 w_path[PATH_MAX_LEN];
	bool			 w_path_ok;	/* false when it overflowed */
	unsigned		 w_values;
	bool			 w_filled[S_COUNT];
};

/*
 * The ECS fields a --json-map entry may name, and their slots.  The
 * built-in table above lists these names too; this one is the contract
 * of the option.
 */
static const struct {
	const char	*field;
	uint8_t		 slot;
} ecs_fields[] = {
	{ "@timestamp", S_TIME },
	{ "source.ip", S_SRC },
	{ "source.port", S_SRC_PORT },
	{ "destination.ip", S_DST },
	{ "destination.port", S_DST_PORT },
	{ "user.name", S_USER },
	{ "url.original", S_URL },
	{ "dns.question.name", S_DOMAIN },
	{ "host.name", S_HOST },
	{ "message", S_MESSAGE },
	{ "http.response.status_code", S_STATUS },
	{ "http.request.method", S_METHOD },
	{ "file.hash", S_HASH },
	{ "http.response.body.bytes", S_BYTES },
	{ "user_agent.original", S_USER_AGENT },
	{ "http.request.referrer", S_REFERRER },
	{ "event.outcome", S_OUTCOME },
};

static uint8_t
ecs_slot(const char *field)
{
	size_t i;

	for (i = 0; i < VG_ARRAY_LEN(ecs_fields); i++)
		if (strcmp(ecs_fields[i].field, field) == 0)
			return ecs_fields[i].slot;
	return S_NONE;
}

bool
vg_logfmt_json_field_ok(const char *field)
{
	return ecs_slot(field) != S_NONE;
}

static uint8_t
slot_of(const struct vg_logsrc *ls, const char *path, size_t len)
{
	struct vg_str p = vg_str_make(path, len);
	size_t i;

	/* The user's mapping first: it names this log's own keys. */
	for (i = 0; ls != NULL && i < ls->ls_njson_map; i++)
		if (vg_str_caseeq(p, ls->ls_json_map[i].jm_key,
		    strlen(ls->ls_json_map[i].jm_key)))
			return ecs_slot(ls->ls_json_map[i].jm_field);
	for (i = 0; i < VG_ARRAY_LEN(keys); i++)
		if (vg_str_caseeq(p, keys[i].path, strlen(keys[i].path)))
			return keys[i].slot;
	return S_NONE;
}

static inline bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Seconds, milliseconds or microseconds since the epoch, told apart by
 * magnitude: 1e11 seconds is the year 5138, 1e14 milliseconds the year
 * 5138 too, so each range means one unit for any real log.
 */
static bool
epoch_time(double d, int64_t *usp)
{
	if (!(d > 0))
		return false;
	if (d < 1e11)
		*usp = (int64_t)(d * 1e6 + 0.5);
	else if (d < 1e14)
		*usp = (int64_t)(d * 1e3 + 0.5);
	else if (d < 1e17)
		*usp = (int64_t)d;
	else
		return false;
	return true;
}

static bool
set_time(struct walk *w, struct vg_str s)
{
	struct vg_str t = s;
	int64_t us;
	char buf[32];

	/* ISO 8601, or nginx's $time_local with any two digits of offset. */
	if (!vg_logfmt__iso_time(w->w_ls, &t, &us) &&
	    (s.len != 26 || !vg_logfmt__clf_time(s.p, false, &us))) {
		/* An epoch number written as a string. */
		char *end;
		double d;

		if (s.len == 0 || s.len >= sizeof(buf) || !is_digit(s.p[0]))
			return false;
		vg_str_copy(s, buf, sizeof(buf));
		d = strtod(buf, &end);
		if (*end != '\0' || !epoch_time(d, &us))
			return false;
	}
	w->w_ev->ev_time = us;
	return true;
}

/* "1.2.3.4", "[2001:db8::1]:80" or "1.2.3.4:80"; the port goes to *portp. */
static bool
set_addr(struct vg_str s, struct vg_addr *addr, int32_t *portp)
{
	ptrdiff_t i;

	if (vg_addr_parse(s, addr))
		return true;
	if (s.len > 2 && s.p[0] == '[' && (i = vg_str_chr(s, ']')) > 0 &&
	    (size_t)i + 1 < s.len && s.p[i + 1] == ':') {
		if (!vg_addr_parse(vg_str_make(s.p, (size_t)i + 1), addr))
			return false;
		vg_event_port(vg_str_make(s.p + i + 2, s.len - (size_t)i - 2),
		    portp);
		return true;
	}
	if ((i = vg_str_chr(s, ':')) > 0 && vg_str_chr(vg_str_make(s.p + i +
	    1, s.len - (size_t)i - 1), ':') < 0 &&
	    vg_addr_parse(vg_str_make(s.p, (size_t)i), addr)) {
		vg_event_port(vg_str_make(s.p + i + 1, s.len - (size_t)i - 1),
		    portp);
		return true;
	}
	return false;
}

static bool
is_hash(struct vg_str s)
{
	size_t i;

	if (s.len != 32 && s.len != 40 && s.len != 64 && s.len != 128)
		return false;
	for (i = 0; i < s.len; i++)
		if (!is_digit(s.p[i]) && !((s.p[i] | 0x20) >= 'a' &&
		    (s.p[i] | 0x20) <= 'f'))
			return false;
	return true;
}

/* An unsigned decimal making up all of `s', at most `max'. */
static bool
whole_uint(struct vg_str s, uint64_t max, uint64_t *vp)
{
	return vg_str_uint(&s, 19, max, vp) && s.len == 0;
}

/*
 * A URL inside a URL ("/login?next=http://..."): extract from it on
 * only, as the path before it would give file names ("wp-login.php")
 * that look like domains.  An absolute URL is matched through
 * url.original already.
 */
static void
extract_embedded(struct vg_event *ev, struct vg_str s)
{
	ptrdiff_t i = vg_logfmt__url_start(s);

	if (i > 0)
		vg_logfmt_extract(vg_str_sub(s, (size_t)i, s.len), ev);
}

/*
 * "GET /x HTTP/1.1" (nginx's $request) into method and target; anything
 * else is taken as the URL itself.
 */
static void
set_request(struct vg_event *ev, struct vg_str s)
{
	ptrdiff_t sp = vg_str_chr(s, ' ');
	size_t i;

	for (i = 0; i < (size_t)VG_MAX(sp, 0); i++)
		if (s.p[i] < 'A' || s.p[i] > 'Z')
			break;
	if (sp <= 0 || i != (size_t)sp) {
		ev->ev_url = s;
		return;
	}
	ev->ev_http_method = vg_str_make(s.p, (size_t)sp);
	s = vg_str_make(s.p + sp + 1, s.len - (size_t)sp - 1);
	if ((sp = vg_str_chr(s, ' ')) >= 0)
		s.len = (size_t)sp;
	ev->ev_url = s;
}

/* What fill_str() did with a string. */
enum taken {
	T_NO = 0,		/* not for this slot: extract it */
	T_YES,			/* in its slot: do not extract it again */
	T_KEEP,			/* in its slot and worth extracting too */
};

/* Put a string (already in the scratch area) into its slot. */
static enum taken
fill_str(struct walk *w, uint8_t slot, struct vg_str s)
{
	struct vg_event *ev = w->w_ev;
	uint64_t v;

	if (s.len == 0 || VG_STR_EQ(s, "-"))
		return T_NO;
	switch (slot) {
	case S_TIME:
		return set_time(w, s) ? T_YES : T_NO;
	case S_SRC:
		return set_addr(s, &ev->ev_src, &ev->ev_src_port) ? T_YES :
		    T_NO;
	case S_DST:
		return set_addr(s, &ev->ev_dst, &ev->ev_dst_port) ? T_YES :
		    T_NO;
	case S_SRC_PORT:
		vg_event_port(s, &ev->ev_src_port);
		return ev->ev_src_port >= 0 ? T_YES : T_NO;
	case S_DST_PORT:
		vg_event_port(s, &ev->ev_dst_port);
		return ev->ev_dst_port >= 0 ? T_YES : T_NO;
	case S_USER:
		ev->ev_user = s;
		return T_YES;
	case S_URL:
		ev->ev_url = s;
		extract_embedded(ev, s);
		return T_YES;
	case S_REQUEST:
		set_request(ev, s);
		extract_embedded(ev, s);
		return T_YES;
	case S_DOMAIN:
		ev->ev_domain = s;
		return T_YES;
	case S_HOST:
		ev->ev_host = s;
		return T_KEEP;		/* a name with dots is matched too */
	case S_MESSAGE:
		vg_event_extra(ev, "message", s, false);
		return T_KEEP;
	case S_STATUS:
		if (!whole_uint(s, 999, &v) || v < 100)
			return T_NO;
		ev->ev_http_status = (int32_t)v;
		return T_YES;
	case S_METHOD:
		ev->ev_http_method = s;
		return T_YES;
	case S_HASH:
		if (!is_hash(s))
			return T_NO;
		ev->ev_hash = s;
		return T_YES;
	case S_BYTES:
		if (!whole_uint(s, INT64_MAX, &v))
			return T_NO;
		ev->ev_bytes = (int64_t)v;
		return T_YES;
	case S_USER_AGENT:
		vg_event_extra(ev, "user_agent.original", s, false);
		return T_YES;
	case S_REFERRER:
		vg_event_extra(ev, "http.request.referrer", s, false);
		return T_KEEP;		/* a referrer URL is worth matching */
	case S_OUTCOME:
		if (vg_str_caseeq(s, "success", 7))
			ev->ev_outcome = VG_OUT_SUCCESS;
		else if (vg_str_caseeq(s, "failure", 7))
			ev->ev_outcome = VG_OUT_FAILURE;
		else
			return T_NO;
		return T_YES;
	default:
		return T_NO;
	}
}

static void
fill_num(struct walk *w, uint8_t slot, json_t *v)
{
	struct vg_event *ev = w->w_ev;
	double d = json_number_value(v);
	int64_t us;

	switch (slot) {
	case S_TIME:
		if (epoch_time(d, &us)) {
			ev->ev_time = us;
			w->w_filled[slot] = true;
		}
		break;
	case S_SRC_PORT:
	case S_DST_PORT:
		if (json_is_integer(v) && d >= 0 && d <= 65535) {
			*(slot == S_SRC_PORT ? &ev->ev_src_port :
			    &ev->ev_dst_port) = (int32_t)d;
			w->w_filled[slot] = true;
		}
		break;
	case S_STATUS:
		if (json_is_integer(v) && d >= 100 && d <= 999) {
			ev->ev_http_status = (int32_t)d;
			w->w_filled[slot] = true;
		}
		break;
	case S_BYTES:
		if (json_is_integer(v) && json_integer_value(v) >= 0) {
			ev->ev_bytes = (int64_t)json_integer_value(v);
			w->w_filled[slot] = true;
		}
		break;
	default:
		break;
	}
}

static void
walk_value(struct walk *w, size_t plen, json_t *v, unsigned depth)
{
	struct vg_str s;
	enum taken taken;
	uint8_t slot;
	const char *key;
	json_t *x;
	size_t i, klen;

	if (++w->w_values > WALK_VALUES || depth > WALK_DEPTH)
		return;
	slot = w->w_path_ok && plen > 0 ? slot_of(w->w_ls, w->w_path, plen) : S_NONE;
	if (w->w_filled[slot])
		slot = S_NONE;			/* the first key wins */
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		json_object_foreach(v, key, x) {
			bool ok = w->w_path_ok;

			klen = strlen(key);
			if (plen + 1 + klen >= sizeof(w->w_path)) {
				w->w_path_ok = false;
				walk_value(w, plen, x, depth + 1);
			} else {
				size_t dot = plen > 0;

				if (dot)
					w->w_path[plen] = '.';
				memcpy(w->w_path + plen + dot, key, klen);
				walk_value(w, plen + dot + klen, x, depth + 1);
			}
			w->w_path_ok = ok;
		}
		break;
	case JSON_ARRAY:
		/* Elements are extracted, never put in a slot. */
		json_array_foreach(v, i, x) {
			bool ok = w->w_path_ok;

			w->w_path_ok = false;
			walk_value(w, plen, x, depth + 1);
			w->w_path_ok = ok;
		}
		break;
	case JSON_STRING:
		if (!vg_logfmt__json_save(w->w_ev, v, &s))
			break;
		taken = slot != S_NONE ? fill_str(w, slot, s) : T_NO;
		if (taken != T_NO)
			w->w_filled[slot] = true;
		if (taken != T_YES)
			vg_logfmt_extract(s, w->w_ev);
		break;
	case JSON_INTEGER:
	case JSON_REAL:
		if (slot != S_NONE)
			fill_num(w, slot, v);
		break;
	default:
		break;
	}
}

static int
json_line(struct vg_logsrc *ls, struct vg_str line, struct vg_event *ev)
{
	struct walk w;
	json_t *root;

	if (line.len < 2 || line.p[0] != '{' ||
	    (root = vg_logfmt__json_load(line)) == NULL)
		return VG_ERR_FORMAT;
	memset(&w, 0, sizeof(w));
	w.w_ls = ls;
	w.w_ev = ev;
	w.w_path_ok = true;
	ev->ev_dataset = vg_logfmt_json.lf_name;
	walk_value(&w, 0, root, 0);
	json_decref(root);
	return 0;
}

const struct vg_logfmt vg_logfmt_json = {
	.lf_name = "json",
	.lf_desc = "generic JSON lines: well-known and ECS keys mapped, every "
	    "string searched for observables",
	.lf_line = json_line,
};
