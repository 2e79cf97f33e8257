/*
 * logfmt_suricata.c -- Suricata eve.json, one JSON object per line.
 *
 * A line is claimed when it starts with '{', names "event_type" within
 * its first bytes (Suricata writes it after the time stamp, flow id and
 * interface) and parses as an object whose event_type is a string.  The
 * common header (time, addresses, ports, protocol, flow id) is mapped for
 * every record; alert, dns, http, tls, ssh, flow, fileinfo, anomaly and
 * smtp records add their own fields.  Alerts also carry the app-layer
 * objects of their flow (http, dns, tls), which are mapped the same way,
 * so an alert names its URL or query.
 *
 * jansson owns the parsed document only until this decoder returns: every
 * string kept is copied into the event's scratch area first.  Strings
 * that do not fit are dropped (and the line is still an event).
 */
#include "logfmt_int.h"

/*
 * How far into a line "event_type" must appear.  Suricata puts it after
 * timestamp, flow_id, in_iface and optional vlan/pcap_cnt keys, well
 * inside 512 bytes; a foreign JSON line costs one bounded search.
 */
#define DETECT_MAX	512

/* Most DNS answers whose data is extracted from one record. */
#define MAX_ANSWERS	8

/* Decimal text of `n' in the scratch area. */
static bool
save_int(struct vg_event *ev, json_int_t n, struct vg_str *vp)
{
	char buf[24];
	int len;

	len = snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, n);
	return len > 0 && vg_event_save(ev, buf, (size_t)len, vp);
}

static void
extra_int(struct vg_event *ev, json_t *obj, const char *key,
    const char *name)
{
	json_t *v = json_object_get(obj, key);
	struct vg_str s;

	if (json_is_integer(v) && save_int(ev, json_integer_value(v), &s))
		vg_event_extra(ev, name, s, true);
}

/*
 * A URL inside a value (a download location in a query string, the
 * "${jndi:ldap://...}" of Log4Shell in a URL or user agent) is extracted
 * from its scheme on, so the text before it is not read as a scheme or
 * taken for names.  The search starts at offset `from' (past the
 * "http://host" this decoder put in front of a path).
 */
static void
extract_embedded(struct vg_event *ev, struct vg_str v, size_t from)
{
	ptrdiff_t i;

	if (from >= v.len)
		return;
	v = vg_str_sub(v, from, v.len);
	if ((i = vg_logfmt__url_start(v)) >= 0)
		vg_logfmt_extract(vg_str_sub(v, (size_t)i, v.len), ev);
}

/*
 * "http://host[:port]/path" from the http object.  A target that does
 * not start with '/' (a proxy's absolute URL, CONNECT's host:port) is kept
 * as it is.  The host also becomes a domain observable, so a listed host
 * matches even though it is no DNS question.
 */
static void
map_http(struct vg_event *ev, json_t *http, int32_t port)
{
	json_t *host = json_object_get(http, "hostname");
	json_t *url = json_object_get(http, "url");
	struct vg_str u = VG_STR_NULL, h, v;
	struct vg_addr a;
	char buf[2048];
	int64_t hp;
	int n;

	if (json_is_string(url)) {
		u = vg_str_make(json_string_value(url),
		    json_string_length(url));
		if (u.len == 0 || u.p[0] != '/' || !json_is_string(host) ||
		    json_string_length(host) == 0) {
			(void)vg_event_save(ev, u.p, u.len, &ev->ev_url);
		} else {
			if ((hp = vg_logfmt__json_int(http, "http_port", 1,
			    65535)) > 0)
				port = (int32_t)hp;
			if (port > 0 && port != 80)
				n = snprintf(buf, sizeof(buf), "http://%s:%d%s",
				    json_string_value(host), (int)port,
				    u.p);
			else
				n = snprintf(buf, sizeof(buf), "http://%s%s",
				    json_string_value(host), u.p);
			if (n > 0 && (size_t)n < sizeof(buf))
				(void)vg_event_save(ev, buf, (size_t)n,
				    &ev->ev_url);
		}
	}
	if (vg_logfmt__json_str(ev, http, "hostname", &h) &&
	    !vg_addr_parse(h, &a))
		vg_event_obs(ev, VG_OBS_DOMAIN, "url.domain", h, NULL);
	(void)vg_logfmt__json_str(ev, http, "http_method", &ev->ev_http_method);
	if ((n = (int)vg_logfmt__json_int(http, "status", 100, 999)) > 0)
		ev->ev_http_status = n;
	if (json_is_integer(json_object_get(http, "length")))
		ev->ev_bytes = vg_logfmt__json_int(http, "length", 0,
		    INT64_MAX);
	if (u.len > 0 && u.p[0] == '/' && ev->ev_url.len > 0)
		extract_embedded(ev, ev->ev_url, ev->ev_url.len - u.len);
	if (vg_logfmt__json_str(ev, http, "http_user_agent", &v)) {
		vg_event_extra(ev, "user_agent.original", v, false);
		if (vg_str_chr(v, '{') >= 0)
			extract_embedded(ev, v, 0);
	}
	if (vg_logfmt__json_str(ev, http, "http_refer", &v))
		vg_event_extra(ev, "http.request.referrer", v, false);
	vg_logfmt__json_extra(ev, http, "protocol", "http.version");
}

/* Resolved data of answers is extracted as related addresses and names. */
static void
dns_answer(struct vg_event *ev, json_t *ans)
{
	struct vg_str v;

	if (vg_logfmt__json_str(ev, ans, "rdata", &v))
		vg_logfmt_extract(v, ev);
}

/*
 * Three eve DNS layouts: v1 (one record per query or answer: rrname,
 * rrtype, rcode, rdata), v2 (answers[] and grouped{}), and v3 (queries[]
 * and answers[] in one record).  The question name is the query's.
 */
static void
map_dns(struct vg_event *ev, json_t *dns)
{
	json_t *q, *answers, *a, *grouped, *list, *x;
	const char *key;
	size_t i, n = 0;

	q = json_array_get(json_object_get(dns, "queries"), 0);
	if (q == NULL)
		q = dns;
	(void)vg_logfmt__json_str(ev, q, "rrname", &ev->ev_domain);
	vg_logfmt__json_extra(ev, q, "rrtype", "dns.question.type");
	vg_logfmt__json_extra(ev, dns, "type", "dns.type");
	vg_logfmt__json_extra(ev, dns, "rcode", "dns.response_code");
	if (json_is_string(json_object_get(dns, "rdata")))
		dns_answer(ev, dns);
	answers = json_object_get(dns, "answers");
	json_array_foreach(answers, i, a) {
		if (n++ >= MAX_ANSWERS)
			break;
		dns_answer(ev, a);
	}
	/* v2 "grouped": {"A": ["1.2.3.4"], "CNAME": ["x.example"]} */
	grouped = json_object_get(dns, "grouped");
	if (json_array_size(answers) == 0) {
		json_object_foreach(grouped, key, list) {
			json_array_foreach(list, i, x) {
				struct vg_str v;

				if (n++ >= MAX_ANSWERS || !json_is_string(x))
					break;
				if (vg_logfmt__json_save(ev, x, &v))
					vg_logfmt_extract(v, ev);
			}
		}
	}
}

static void
map_tls(struct vg_event *ev, json_t *tls)
{
	struct vg_str sni;

	if (vg_logfmt__json_str(ev, tls, "sni", &sni)) {
		vg_event_extra(ev, "tls.server_name", sni, false);
		/* A TLS name is a name looked up; nothing better is there. */
		if (ev->ev_domain.len == 0)
			ev->ev_domain = sni;
	}
	vg_logfmt__json_extra(ev, tls, "version", "tls.version");
	vg_logfmt__json_extra(ev, tls, "subject", "tls.server.subject");
	vg_logfmt__json_extra(ev, tls, "issuerdn", "tls.server.issuer");
	vg_logfmt__json_extra(ev, json_object_get(tls, "ja3"), "hash",
	    "tls.client.ja3");
	vg_logfmt__json_extra(ev, json_object_get(tls, "ja3s"), "hash",
	    "tls.server.ja3s");
}

static void
map_alert(struct vg_event *ev, json_t *alert)
{
	json_int_t sev;

	ev->ev_action = VG_ACT_IDS_ALERT;
	if ((sev = vg_logfmt__json_int(alert, "severity", 0, 255)) >= 0)
		(void)save_int(ev, sev, &ev->ev_severity);
	vg_logfmt__json_extra(ev, alert, "signature", "suricata.signature");
	extra_int(ev, alert, "signature_id", "suricata.signature_id");
	vg_logfmt__json_extra(ev, alert, "category", "suricata.category");
	vg_logfmt__json_extra(ev, alert, "action", "suricata.alert.action");
}

/* sha256, else sha1, else md5 in the hash slot; the others observed. */
static void
map_fileinfo(struct vg_event *ev, json_t *fi)
{
	static const struct {
		const char	*key, *field;
	} hashes[] = {
		{ "sha256", "file.hash.sha256" },
		{ "sha1", "file.hash.sha1" },
		{ "md5", "file.hash.md5" },
	};
	struct vg_str v;
	size_t i;

	ev->ev_action = VG_ACT_FILE_TRANSFER;
	for (i = 0; i < VG_ARRAY_LEN(hashes); i++) {
		if (!vg_logfmt__json_str(ev, fi, hashes[i].key, &v))
			continue;
		if (ev->ev_hash.len == 0)
			ev->ev_hash = v;
		else
			vg_event_obs(ev, VG_OBS_HASH, hashes[i].field, v,
			    NULL);
	}
	vg_logfmt__json_extra(ev, fi, "filename", "file.name");
	extra_int(ev, fi, "size", "file.size");
}

static void
map_flow(struct vg_event *ev, json_t *flow)
{
	extra_int(ev, flow, "bytes_toserver", "source.bytes");
	extra_int(ev, flow, "bytes_toclient", "destination.bytes");
	extra_int(ev, flow, "pkts_toserver", "source.packets");
	extra_int(ev, flow, "pkts_toclient", "destination.packets");
	vg_logfmt__json_extra(ev, flow, "state", "suricata.flow.state");
}

static void
map_smtp(struct vg_event *ev, json_t *smtp)
{
	struct vg_str v;
	json_t *x;
	size_t i;

	ev->ev_action = VG_ACT_MAIL;
	vg_logfmt__json_extra(ev, smtp, "helo", "smtp.helo");
	if (vg_logfmt__json_str(ev, smtp, "mail_from", &v)) {
		vg_event_extra(ev, "email.from.address", v, false);
		vg_logfmt_extract(v, ev);
	}
	json_array_foreach(json_object_get(smtp, "rcpt_to"), i, x) {
		if (i >= MAX_ANSWERS || !json_is_string(x))
			break;
		if (vg_logfmt__json_save(ev, x, &v))
			vg_logfmt_extract(v, ev);
	}
}

static const struct {
	const char	*type;
	uint8_t		 action;
} actions[] = {
	{ "alert", VG_ACT_IDS_ALERT },
	{ "dns", VG_ACT_DNS_QUERY },
	{ "http", VG_ACT_HTTP_REQUEST },
	{ "tls", VG_ACT_TLS },
	{ "ssh", VG_ACT_CONNECT },
	{ "flow", VG_ACT_FLOW },
	{ "netflow", VG_ACT_FLOW },
	{ "fileinfo", VG_ACT_FILE_TRANSFER },
	{ "anomaly", VG_ACT_PROTOCOL },
	{ "smtp", VG_ACT_MAIL },
};

static void
map_record(struct vg_logsrc *ls, json_t *root, struct vg_str type,
    struct vg_event *ev)
{
	json_t *ts = json_object_get(root, "timestamp"), *o;
	struct vg_str s, v;
	int64_t us, port;
	size_t i;

	ev->ev_dataset = vg_logfmt_suricata.lf_name;
	if (json_is_string(ts)) {
		s = vg_str_make(json_string_value(ts), json_string_length(ts));
		if (vg_logfmt__iso_time(ls, &s, &us))
			ev->ev_time = us;
	}
	if (vg_event_save(ev, type.p, type.len, &v))
		vg_event_extra(ev, "suricata.event_type", v, false);
	for (i = 0; i < VG_ARRAY_LEN(actions); i++)
		if (vg_str_eq(type, actions[i].type, strlen(actions[i].type)))
			ev->ev_action = actions[i].action;
	vg_logfmt__json_addr(root, "src_ip", &ev->ev_src);
	vg_logfmt__json_addr(root, "dest_ip", &ev->ev_dst);
	if ((port = vg_logfmt__json_int(root, "src_port", 0, 65535)) >= 0)
		ev->ev_src_port = (int32_t)port;
	if ((port = vg_logfmt__json_int(root, "dest_port", 0, 65535)) >= 0)
		ev->ev_dst_port = (int32_t)port;
	(void)vg_logfmt__json_str(ev, root, "host", &ev->ev_host);
	vg_logfmt__json_extra(ev, root, "proto", "network.transport");
	vg_logfmt__json_extra(ev, root, "app_proto", "network.protocol");
	extra_int(ev, root, "flow_id", "suricata.flow_id");

	if ((o = json_object_get(root, "alert")) != NULL &&
	    VG_STR_EQ(type, "alert"))
		map_alert(ev, o);
	if ((o = json_object_get(root, "http")) != NULL)
		map_http(ev, o, VG_STR_EQ(type, "http") ? ev->ev_dst_port : -1);
	if ((o = json_object_get(root, "dns")) != NULL)
		map_dns(ev, o);
	if ((o = json_object_get(root, "tls")) != NULL)
		map_tls(ev, o);
	if ((o = json_object_get(root, "ssh")) != NULL) {
		vg_logfmt__json_extra(ev, json_object_get(o, "client"),
		    "software_version", "ssh.client.software");
		vg_logfmt__json_extra(ev, json_object_get(o, "server"),
		    "software_version", "ssh.server.software");
	}
	if ((o = json_object_get(root, "fileinfo")) != NULL)
		map_fileinfo(ev, o);
	if ((o = json_object_get(root, "flow")) != NULL &&
	    VG_STR_EQ(type, "flow"))
		map_flow(ev, o);
	if ((o = json_object_get(root, "anomaly")) != NULL) {
		vg_logfmt__json_extra(ev, o, "type", "suricata.anomaly.type");
		vg_logfmt__json_extra(ev, o, "event", "suricata.anomaly.event");
	}
	if ((o = json_object_get(root, "smtp")) != NULL &&
	    VG_STR_EQ(type, "smtp"))
		map_smtp(ev, o);
}

/*
 * A stats record: engine counters, several kilobytes of nested objects
 * and nothing a detection can use.  Parsing it would cost as much as a
 * hundred flow records, so only its time and type are taken, from the
 * text.
 */
static bool
stats_record(struct vg_logsrc *ls, struct vg_str line, struct vg_event *ev)
{
	struct vg_str head = vg_str_make(line.p, VG_MIN(line.len, DETECT_MAX));
	struct vg_str t;
	ptrdiff_t i;
	int64_t us;

	if (VG_STR_FIND(head, "\"event_type\":\"stats\"") < 0 ||
	    line.p[line.len - 1] != '}')
		return false;
	ev->ev_dataset = vg_logfmt_suricata.lf_name;
	vg_event_extra(ev, "suricata.event_type", VG_STR_LIT("stats"), false);
	if ((i = VG_STR_FIND(head, "\"timestamp\":\"")) >= 0) {
		t = vg_str_make(head.p + i + 13, head.len - (size_t)i - 13);
		if (vg_logfmt__iso_time(ls, &t, &us))
			ev->ev_time = us;
	}
	return true;
}

static int
suricata_line(struct vg_logsrc *ls, struct vg_str line, struct vg_event *ev)
{
	json_t *root, *type;

	if (line.len < 16 || line.p[0] != '{' ||
	    VG_STR_FIND(vg_str_make(line.p, VG_MIN(line.len, DETECT_MAX)),
	    "\"event_type\"") < 0)
		return VG_ERR_FORMAT;
	if (stats_record(ls, line, ev))
		return 0;
	if ((root = vg_logfmt__json_load(line)) == NULL)
		return VG_ERR_FORMAT;
	type = json_object_get(root, "event_type");
	if (!json_is_string(type) || json_string_length(type) == 0) {
		json_decref(root);
		return VG_ERR_FORMAT;
	}
	map_record(ls, root, vg_str_make(json_string_value(type),
	    json_string_length(type)), ev);
	json_decref(root);
	return 0;
}

const struct vg_logfmt vg_logfmt_suricata = {
	.lf_name = "suricata",
	.lf_desc = "Suricata eve.json: alert, dns, http, tls, ssh, flow, "
	    "fileinfo, anomaly, smtp",
	.lf_line = suricata_line,
};
