/*
 * logfmt_zeek.c -- Zeek (Bro) logs, TSV and JSON.
 *
 * A TSV log names its columns in header lines ("#separator \x09",
 * "#fields ts uid id.orig_h ...", "#path conn"); the column map lives in
 * struct vg_zeek_hdr, one allocation hung off the input's vg_logsrc and
 * freed with it.  Data lines are decoded only once a "#fields" line has
 * been seen, and only while they look like Zeek rows (a time stamp, then
 * the separator); the scan pipeline hands files that start with '#' to a
 * single worker so the header reaches every row.  JSON logs carry the
 * names on every line and are claimed when they have "ts" near the front
 * and a Zeek uid, fuid or _path.
 *
 * Both forms collect the known fields into one array of views, indexed by
 * field, and one mapper turns them into the event according to the log's
 * path (conn, dns, http, ssl, ssh, notice, ftp, smtp, rdp, files).  TSV
 * values are views into the line, kept as Zeek wrote them (with its \xHH
 * escapes); JSON values are copied into the event's scratch area.  The
 * unset ("-") and empty ("(empty)") markers leave a field unset.
 */
#include "logfmt_int.h"

/*
 * Columns mapped per TSV header.  Zeek's widest stock logs (http, smtp)
 * have about 30; columns past this many are ignored.
 */
#define ZEEK_MAX_COLS	256

/* Longest URL assembled from host and URI; longer ones keep the URI. */
#define URL_MAX		4096

/* How far into a JSON line "ts" must appear. */
#define DETECT_MAX	256

enum zeek_field {
	ZF_NONE = 0,
	ZF_PATH,		/* "_path" of JSON logs */
	ZF_TS,
	ZF_UID,
	ZF_ORIG_H,
	ZF_ORIG_P,
	ZF_RESP_H,
	ZF_RESP_P,
	ZF_PROTO,
	ZF_SERVICE,
	ZF_DURATION,
	ZF_ORIG_BYTES,
	ZF_RESP_BYTES,
	ZF_CONN_STATE,
	ZF_QUERY,
	ZF_QTYPE_NAME,
	ZF_RCODE_NAME,
	ZF_ANSWERS,
	ZF_METHOD,
	ZF_HOST,
	ZF_URI,
	ZF_REFERRER,
	ZF_USER_AGENT,
	ZF_STATUS_CODE,
	ZF_RESP_BODY_LEN,
	ZF_USERNAME,
	ZF_SERVER_NAME,
	ZF_VERSION,
	ZF_ESTABLISHED,
	ZF_JA3,
	ZF_SUBJECT,
	ZF_ISSUER,
	ZF_AUTH_SUCCESS,
	ZF_AUTH_ATTEMPTS,
	ZF_CLIENT,
	ZF_SERVER,
	ZF_DIRECTION,
	ZF_NOTE,
	ZF_MSG,
	ZF_SUB,
	ZF_SRC,
	ZF_DST,
	ZF_P,
	ZF_USER,
	ZF_COMMAND,
	ZF_ARG,
	ZF_REPLY_CODE,
	ZF_HELO,
	ZF_MAILFROM,
	ZF_RCPTTO,
	ZF_COOKIE,
	ZF_RESULT,
	ZF_SECURITY_PROTOCOL,
	ZF_CLIENT_NAME,
	ZF_FUID,
	ZF_MD5,
	ZF_SHA1,
	ZF_SHA256,
	ZF_MIME_TYPE,
	ZF_FILENAME,
	ZF_TX_HOSTS,
	ZF_RX_HOSTS,
	ZF_COUNT
};

static const struct {
	const char	*name;
	uint8_t		 field;
} field_names[] = {
	{ "_path", ZF_PATH },
	{ "ts", ZF_TS },
	{ "uid", ZF_UID },
	{ "id.orig_h", ZF_ORIG_H },
	{ "id.orig_p", ZF_ORIG_P },
	{ "id.resp_h", ZF_RESP_H },
	{ "id.resp_p", ZF_RESP_P },
	{ "proto", ZF_PROTO },
	{ "service", ZF_SERVICE },
	{ "duration", ZF_DURATION },
	{ "orig_bytes", ZF_ORIG_BYTES },
	{ "resp_bytes", ZF_RESP_BYTES },
	{ "conn_state", ZF_CONN_STATE },
	{ "query", ZF_QUERY },
	{ "qtype_name", ZF_QTYPE_NAME },
	{ "rcode_name", ZF_RCODE_NAME },
	{ "answers", ZF_ANSWERS },
	{ "method", ZF_METHOD },
	{ "host", ZF_HOST },
	{ "uri", ZF_URI },
	{ "referrer", ZF_REFERRER },
	{ "user_agent", ZF_USER_AGENT },
	{ "status_code", ZF_STATUS_CODE },
	{ "response_body_len", ZF_RESP_BODY_LEN },
	{ "username", ZF_USERNAME },
	{ "server_name", ZF_SERVER_NAME },
	{ "version", ZF_VERSION },
	{ "established", ZF_ESTABLISHED },
	{ "ja3", ZF_JA3 },
	{ "subject", ZF_SUBJECT },
	{ "issuer", ZF_ISSUER },
	{ "auth_success", ZF_AUTH_SUCCESS },
	{ "auth_attempts", ZF_AUTH_ATTEMPTS },
	{ "client", ZF_CLIENT },
	{ "server", ZF_SERVER },
	{ "direction", ZF_DIRECTION },
	{ "note", ZF_NOTE },
	{ "msg", ZF_MSG },
	{ "sub", ZF_SUB },
	{ "src", ZF_SRC },
	{ "dst", ZF_DST },
	{ "p", ZF_P },
	{ "user", ZF_USER },
	{ "command", ZF_COMMAND },
	{ "arg", ZF_ARG },
	{ "reply_code", ZF_REPLY_CODE },
	{ "helo", ZF_HELO },
	{ "mailfrom", ZF_MAILFROM },
	{ "rcptto", ZF_RCPTTO },
	{ "cookie", ZF_COOKIE },
	{ "result", ZF_RESULT },
	{ "security_protocol", ZF_SECURITY_PROTOCOL },
	{ "client_name", ZF_CLIENT_NAME },
	{ "fuid", ZF_FUID },
	{ "md5", ZF_MD5 },
	{ "sha1", ZF_SHA1 },
	{ "sha256", ZF_SHA256 },
	{ "mime_type", ZF_MIME_TYPE },
	{ "filename", ZF_FILENAME },
	{ "tx_hosts", ZF_TX_HOSTS },
	{ "rx_hosts", ZF_RX_HOSTS },
};

enum zeek_path {
	ZP_OTHER = 0,
	ZP_CONN,
	ZP_DNS,
	ZP_HTTP,
	ZP_SSL,
	ZP_SSH,
	ZP_NOTICE,
	ZP_FTP,
	ZP_SMTP,
	ZP_RDP,
	ZP_FILES,
};

static const char *const path_names[] = {
	[ZP_CONN] = "conn",
	[ZP_DNS] = "dns",
	[ZP_HTTP] = "http",
	[ZP_SSL] = "ssl",
	[ZP_SSH] = "ssh",
	[ZP_NOTICE] = "notice",
	[ZP_FTP] = "ftp",
	[ZP_SMTP] = "smtp",
	[ZP_RDP] = "rdp",
	[ZP_FILES] = "files",
};

/*
 * The header state of a TSV log.  One flat allocation, so that
 * vg_logsrc_cleanup() can release it with free().
 */
struct vg_zeek_hdr {
	char		 zh_sep;		/* field separator */
	uint8_t		 zh_pathid;		/* enum zeek_path */
	char		 zh_path[32];		/* "conn", NUL-terminated */
	char		 zh_unset[16];		/* "-" */
	char		 zh_empty[16];		/* "(empty)" */
	unsigned	 zh_ncols;		/* 0 until "#fields" */
	uint8_t		 zh_col[ZEEK_MAX_COLS];	/* enum zeek_field */
};

static uint8_t
field_id(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i < VG_ARRAY_LEN(field_names); i++)
		if (vg_str_eq(vg_str_make(p, len), field_names[i].name,
		    strlen(field_names[i].name)))
			return field_names[i].field;
	return ZF_NONE;
}

static uint8_t
path_id(struct vg_str s)
{
	size_t i;

	for (i = 1; i < VG_ARRAY_LEN(path_names); i++)
		if (vg_str_eq(s, path_names[i], strlen(path_names[i])))
			return (uint8_t)i;
	return ZP_OTHER;
}

static inline bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "1541117137.618695" (epoch seconds) or an ISO 8601 stamp. */
static bool
parse_ts(struct vg_str s, int64_t *usp)
{
	struct vg_str t = s;
	uint64_t sec;
	int64_t frac = 0, scale = VG_USEC;
	bool has_tz;

	if (vg_time_parse_iso(&t, usp, &has_tz))
		return true;
	if (!vg_str_uint(&s, 12, UINT64_MAX, &sec))
		return false;
	if (VG_STR_EAT(&s, ".")) {
		while (s.len > 0 && is_digit(s.p[0])) {
			if (scale > 1) {
				scale /= 10;
				frac += (s.p[0] - '0') * scale;
			}
			vg_str_skip(&s, 1);
		}
	}
	if (s.len != 0)
		return false;
	*usp = (int64_t)sec * VG_USEC + frac;
	return true;
}

/* Is `s' a plain decimal number (digits, one optional '.')? */
static bool
is_number(struct vg_str s)
{
	size_t i, dots = 0;

	if (s.len == 0 || s.len > 24 || !is_digit(s.p[0]))
		return false;
	for (i = 0; i < s.len; i++) {
		if (s.p[i] == '.')
			dots++;
		else if (!is_digit(s.p[i]))
			return false;
	}
	return dots <= 1 && s.p[s.len - 1] != '.';
}

static void
extra(struct vg_event *ev, const struct vg_str *f, int id, const char *name)
{
	if (f[id].len > 0)
		vg_event_extra(ev, name, f[id], false);
}

static void
extra_num(struct vg_event *ev, const struct vg_str *f, int id,
    const char *name)
{
	if (f[id].len > 0)
		vg_event_extra(ev, name, f[id], is_number(f[id]));
}

static bool
is_true(struct vg_str s)
{
	return VG_STR_EQ(s, "T") || VG_STR_EQ(s, "true");
}

static bool
is_false(struct vg_str s)
{
	return VG_STR_EQ(s, "F") || VG_STR_EQ(s, "false");
}

/* The first element of a set or vector ("a,b,c"). */
static struct vg_str
first_elem(struct vg_str s)
{
	ptrdiff_t c = vg_str_chr(s, ',');

	if (c >= 0)
		s.len = (size_t)c;
	return s;
}

/* Guess the path of a JSON record without "_path" from its fields. */
static uint8_t
guess_path(const struct vg_str *f)
{
	if (f[ZF_NOTE].len > 0)
		return ZP_NOTICE;
	if (f[ZF_QUERY].len > 0 || f[ZF_RCODE_NAME].len > 0)
		return ZP_DNS;
	if (f[ZF_METHOD].len > 0 || f[ZF_URI].len > 0)
		return ZP_HTTP;
	if (f[ZF_AUTH_SUCCESS].len > 0 || f[ZF_AUTH_ATTEMPTS].len > 0)
		return ZP_SSH;
	if (f[ZF_SERVER_NAME].len > 0 || f[ZF_ESTABLISHED].len > 0 ||
	    f[ZF_JA3].len > 0)
		return ZP_SSL;
	if (f[ZF_COMMAND].len > 0 && f[ZF_REPLY_CODE].len > 0)
		return ZP_FTP;
	if (f[ZF_HELO].len > 0 || f[ZF_MAILFROM].len > 0 ||
	    f[ZF_RCPTTO].len > 0)
		return ZP_SMTP;
	if (f[ZF_COOKIE].len > 0 || f[ZF_SECURITY_PROTOCOL].len > 0)
		return ZP_RDP;
	if (f[ZF_CONN_STATE].len > 0)
		return ZP_CONN;
	if (f[ZF_SHA256].len > 0 || f[ZF_SHA1].len > 0 || f[ZF_MD5].len > 0 ||
	    f[ZF_TX_HOSTS].len > 0)
		return ZP_FILES;
	return ZP_OTHER;
}

static void
map_conn(struct vg_event *ev, const struct vg_str *f)
{
	struct vg_str st = f[ZF_CONN_STATE];

	ev->ev_action = VG_ACT_FLOW;
	extra(ev, f, ZF_SERVICE, "network.protocol");
	extra_num(ev, f, ZF_DURATION, "zeek.conn.duration");
	extra_num(ev, f, ZF_ORIG_BYTES, "source.bytes");
	extra_num(ev, f, ZF_RESP_BYTES, "destination.bytes");
	extra(ev, f, ZF_CONN_STATE, "zeek.conn.state");
	/*
	 * A rejected or unanswered attempt (REJ, S0) is what scans leave; a
	 * connection that was set up (SF, S1-S3, RSTO, RSTR) succeeded.
	 */
	if (VG_STR_EQ(st, "REJ") || VG_STR_EQ(st, "S0"))
		ev->ev_outcome = VG_OUT_FAILURE;
	else if (VG_STR_EQ(st, "SF") || VG_STR_EQ(st, "S1") ||
	    VG_STR_EQ(st, "S2") || VG_STR_EQ(st, "S3") ||
	    VG_STR_EQ(st, "RSTO") || VG_STR_EQ(st, "RSTR"))
		ev->ev_outcome = VG_OUT_SUCCESS;
}

static void
map_dns(struct vg_event *ev, const struct vg_str *f)
{
	ev->ev_action = VG_ACT_DNS_QUERY;
	ev->ev_domain = f[ZF_QUERY];
	extra(ev, f, ZF_QTYPE_NAME, "dns.question.type");
	extra(ev, f, ZF_RCODE_NAME, "dns.response_code");
	/* Resolved addresses and names go to related.* for matching. */
	if (f[ZF_ANSWERS].len > 0)
		vg_logfmt_extract(f[ZF_ANSWERS], ev);
}

/*
 * "http://host[:port]/uri".  The Host header may carry its own port; the
 * responder's port is added only when it has none and is not 80.
 */
static void
map_http(struct vg_event *ev, const struct vg_str *f)
{
	struct vg_str host = f[ZF_HOST], uri = f[ZF_URI], t;
	struct vg_addr a;
	char buf[URL_MAX];
	uint64_t st;
	int n;

	ev->ev_action = VG_ACT_HTTP_REQUEST;
	ev->ev_http_method = f[ZF_METHOD];
	ev->ev_user = f[ZF_USERNAME];
	if (host.len > 0 && uri.len > 0 && uri.p[0] == '/') {
		if (vg_str_chr(host, ':') < 0 && ev->ev_dst_port > 0 &&
		    ev->ev_dst_port != 80)
			n = snprintf(buf, sizeof(buf), "http://%.*s:%d%.*s",
			    (int)host.len, host.p, (int)ev->ev_dst_port,
			    (int)uri.len, uri.p);
		else
			n = snprintf(buf, sizeof(buf), "http://%.*s%.*s",
			    (int)host.len, host.p, (int)uri.len, uri.p);
		if (n <= 0 || (size_t)n >= sizeof(buf) ||
		    !vg_event_save(ev, buf, (size_t)n, &ev->ev_url))
			ev->ev_url = uri;
	} else {
		ev->ev_url = uri;
	}
	if (host.len > 0 && vg_str_chr(host, ':') < 0 &&
	    !vg_addr_parse(host, &a))
		vg_event_obs(ev, VG_OBS_DOMAIN, "url.domain", host, NULL);
	t = f[ZF_STATUS_CODE];
	if (vg_str_uint(&t, 3, 999, &st) && t.len == 0)
		ev->ev_http_status = (int32_t)st;
	t = f[ZF_RESP_BODY_LEN];
	if (vg_str_uint(&t, 19, INT64_MAX, &st) && t.len == 0)
		ev->ev_bytes = (int64_t)st;
	extra(ev, f, ZF_USER_AGENT, "user_agent.original");
	extra(ev, f, ZF_REFERRER, "http.request.referrer");
	/* As for web access logs: refused credentials or access fail. */
	if (ev->ev_http_status == 401 || ev->ev_http_status == 403 ||
	    ev->ev_http_status == 407)
		ev->ev_outcome = VG_OUT_FAILURE;
}

static void
map_ssl(struct vg_event *ev, const struct vg_str *f)
{
	ev->ev_action = VG_ACT_TLS;
	if (f[ZF_SERVER_NAME].len > 0) {
		ev->ev_domain = f[ZF_SERVER_NAME];
		vg_event_extra(ev, "tls.server_name", f[ZF_SERVER_NAME],
		    false);
	}
	extra(ev, f, ZF_VERSION, "tls.version");
	extra(ev, f, ZF_JA3, "tls.client.ja3");
	extra(ev, f, ZF_SUBJECT, "tls.server.subject");
	extra(ev, f, ZF_ISSUER, "tls.server.issuer");
	if (is_true(f[ZF_ESTABLISHED]))
		ev->ev_outcome = VG_OUT_SUCCESS;
	else if (is_false(f[ZF_ESTABLISHED]))
		ev->ev_outcome = VG_OUT_FAILURE;
}

/*
 * Zeek infers auth_success from packet sizes; unset means it could not
 * tell, which is a connection, not an authentication.
 */
static void
map_ssh(struct vg_event *ev, const struct vg_str *f)
{
	ev->ev_action = VG_ACT_CONNECT;
	if (is_true(f[ZF_AUTH_SUCCESS])) {
		ev->ev_action = VG_ACT_AUTH;
		ev->ev_outcome = VG_OUT_SUCCESS;
	} else if (is_false(f[ZF_AUTH_SUCCESS])) {
		ev->ev_action = VG_ACT_AUTH;
		ev->ev_outcome = VG_OUT_FAILURE;
	}
	extra(ev, f, ZF_CLIENT, "ssh.client.software");
	extra(ev, f, ZF_SERVER, "ssh.server.software");
	extra_num(ev, f, ZF_AUTH_ATTEMPTS, "zeek.ssh.auth_attempts");
	extra(ev, f, ZF_DIRECTION, "network.direction");
}

static void
map_notice(struct vg_event *ev, const struct vg_str *f)
{
	ev->ev_action = VG_ACT_NOTICE;
	extra(ev, f, ZF_NOTE, "zeek.notice.note");
	extra(ev, f, ZF_MSG, "zeek.notice.msg");
	extra(ev, f, ZF_SUB, "zeek.notice.sub");
	/* Notices about a host rather than a connection name it in src. */
	if (ev->ev_src.af == VG_AF_NONE && f[ZF_SRC].len > 0)
		(void)vg_event_set_src(ev, f[ZF_SRC]);
	if (ev->ev_dst.af == VG_AF_NONE && f[ZF_DST].len > 0)
		(void)vg_event_set_dst(ev, f[ZF_DST]);
	if (ev->ev_dst_port < 0 && f[ZF_P].len > 0)
		vg_event_port(f[ZF_P], &ev->ev_dst_port);
}

/*
 * USER/PASS are logins (230 accepted, 530 refused), RETR/STOR transfers,
 * anything else a command.  Non-anonymous passwords are not kept.
 */
static void
map_ftp(struct vg_event *ev, const struct vg_str *f)
{
	struct vg_str cmd = f[ZF_COMMAND], rc = f[ZF_REPLY_CODE];

	ev->ev_user = f[ZF_USER];
	extra(ev, f, ZF_COMMAND, "zeek.ftp.command");
	extra_num(ev, f, ZF_REPLY_CODE, "zeek.ftp.reply_code");
	if (VG_STR_PREFIX(f[ZF_ARG], "ftp://"))
		ev->ev_url = f[ZF_ARG];
	else
		extra(ev, f, ZF_ARG, "zeek.ftp.arg");
	if (VG_STR_EQ(cmd, "USER") || VG_STR_EQ(cmd, "PASS")) {
		ev->ev_action = VG_ACT_AUTH;
		if (VG_STR_EQ(rc, "230"))
			ev->ev_outcome = VG_OUT_SUCCESS;
		else if (VG_STR_EQ(rc, "530"))
			ev->ev_outcome = VG_OUT_FAILURE;
	} else if (VG_STR_EQ(cmd, "RETR") || VG_STR_EQ(cmd, "STOR") ||
	    VG_STR_EQ(cmd, "STOU") || VG_STR_EQ(cmd, "APPE")) {
		ev->ev_action = VG_ACT_FILE_TRANSFER;
		if (rc.len > 0 && (rc.p[0] == '4' || rc.p[0] == '5'))
			ev->ev_outcome = VG_OUT_FAILURE;
	} else {
		ev->ev_action = VG_ACT_COMMAND;
	}
}

static void
map_smtp(struct vg_event *ev, const struct vg_str *f)
{
	ev->ev_action = VG_ACT_MAIL;
	extra(ev, f, ZF_HELO, "smtp.helo");
	extra(ev, f, ZF_MAILFROM, "email.from.address");
	extra(ev, f, ZF_RCPTTO, "email.to.address");
	extra(ev, f, ZF_SUBJECT, "email.subject");
	extra(ev, f, ZF_USER_AGENT, "user_agent.original");
	if (f[ZF_MAILFROM].len > 0)
		vg_logfmt_extract(f[ZF_MAILFROM], ev);
	if (f[ZF_RCPTTO].len > 0)
		vg_logfmt_extract(f[ZF_RCPTTO], ev);
}

/* The RDP cookie ("mstshash=NAME") carries the user name tried. */
static void
map_rdp(struct vg_event *ev, const struct vg_str *f)
{
	struct vg_str res = f[ZF_RESULT];

	ev->ev_action = VG_ACT_CONNECT;
	ev->ev_user = f[ZF_COOKIE];
	extra(ev, f, ZF_RESULT, "zeek.rdp.result");
	extra(ev, f, ZF_SECURITY_PROTOCOL, "zeek.rdp.security_protocol");
	extra(ev, f, ZF_CLIENT_NAME, "zeek.rdp.client_name");
	if (VG_STR_EQ(res, "Success"))
		ev->ev_outcome = VG_OUT_SUCCESS;
	else if (res.len > 0 && !VG_STR_EQ(res, "encrypted"))
		ev->ev_outcome = VG_OUT_FAILURE;
}

static void
map_files(struct vg_event *ev, const struct vg_str *f)
{
	static const struct {
		uint8_t		 id;
		const char	*field;
	} hashes[] = {
		{ ZF_SHA256, "file.hash.sha256" },
		{ ZF_SHA1, "file.hash.sha1" },
		{ ZF_MD5, "file.hash.md5" },
	};
	size_t i;

	ev->ev_action = VG_ACT_FILE_TRANSFER;
	for (i = 0; i < VG_ARRAY_LEN(hashes); i++) {
		if (f[hashes[i].id].len == 0)
			continue;
		if (ev->ev_hash.len == 0)
			ev->ev_hash = f[hashes[i].id];
		else
			vg_event_obs(ev, VG_OBS_HASH, hashes[i].field,
			    f[hashes[i].id], NULL);
	}
	/* The sender of the file is its source. */
	if (ev->ev_src.af == VG_AF_NONE && f[ZF_TX_HOSTS].len > 0)
		(void)vg_event_set_src(ev, first_elem(f[ZF_TX_HOSTS]));
	if (ev->ev_dst.af == VG_AF_NONE && f[ZF_RX_HOSTS].len > 0)
		(void)vg_event_set_dst(ev, first_elem(f[ZF_RX_HOSTS]));
	extra(ev, f, ZF_FUID, "zeek.fuid");
	extra(ev, f, ZF_MIME_TYPE, "file.mime_type");
	extra(ev, f, ZF_FILENAME, "file.name");
}

/* Turn the collected fields into the event.  The time is set already. */
static void
map_fields(struct vg_event *ev, const struct vg_str *f, uint8_t path,
    struct vg_str pathname)
{
	ev->ev_dataset = vg_logfmt_zeek.lf_name;
	if (pathname.len > 0)
		vg_event_extra(ev, "zeek.path", pathname, false);
	extra(ev, f, ZF_UID, "zeek.uid");
	if (f[ZF_ORIG_H].len > 0)
		(void)vg_event_set_src(ev, f[ZF_ORIG_H]);
	if (f[ZF_RESP_H].len > 0)
		(void)vg_event_set_dst(ev, f[ZF_RESP_H]);
	if (f[ZF_ORIG_P].len > 0)
		vg_event_port(f[ZF_ORIG_P], &ev->ev_src_port);
	if (f[ZF_RESP_P].len > 0)
		vg_event_port(f[ZF_RESP_P], &ev->ev_dst_port);
	extra(ev, f, ZF_PROTO, "network.transport");
	switch (path) {
	case ZP_CONN:	map_conn(ev, f);	break;
	case ZP_DNS:	map_dns(ev, f);		break;
	case ZP_HTTP:	map_http(ev, f);	break;
	case ZP_SSL:	map_ssl(ev, f);		break;
	case ZP_SSH:	map_ssh(ev, f);		break;
	case ZP_NOTICE:	map_notice(ev, f);	break;
	case ZP_FTP:	map_ftp(ev, f);		break;
	case ZP_SMTP:	map_smtp(ev, f);	break;
	case ZP_RDP:	map_rdp(ev, f);		break;
	case ZP_FILES:	map_files(ev, f);	break;
	default:	break;
	}
}

/* ---------------------------------------------------------------- TSV */

/* "\x09" (Zeek's spelling) or a literal byte. */
static bool
parse_sep(struct vg_str s, char *cp)
{
	int hi, lo;

	if (s.len == 4 && s.p[0] == '\\' && s.p[1] == 'x') {
		if ((hi = vg_hexval(s.p[2])) < 0 ||
		    (lo = vg_hexval(s.p[3])) < 0)
			return false;
		*cp = (char)(hi << 4 | lo);
		return *cp != '\n' && *cp != '\0';
	}
	if (s.len == 1 && s.p[0] != '\n') {
		*cp = s.p[0];
		return true;
	}
	return false;
}

static struct vg_zeek_hdr *
hdr_get(struct vg_logsrc *ls)
{
	struct vg_zeek_hdr *h = ls->ls_zeek;

	if (h == NULL && (h = calloc(1, sizeof(*h))) != NULL) {
		h->zh_sep = '\t';
		memcpy(h->zh_unset, "-", 2);
		memcpy(h->zh_empty, "(empty)", 8);
		ls->ls_zeek = h;
	}
	return h;
}

/* Next field of a row or header, split at `sep'. */
static bool
next_col(struct vg_str *s, char sep, struct vg_str *colp)
{
	ptrdiff_t i;

	if (s->p == NULL)
		return false;
	if ((i = vg_str_chr(*s, sep)) < 0) {
		*colp = *s;
		*s = (struct vg_str){ NULL, 0 };	/* no more columns */
		return true;
	}
	*colp = vg_str_make(s->p, (size_t)i);
	vg_str_skip(s, (size_t)i + 1);
	return true;
}

/*
 * A header line.  Returns false for a '#' line that is not one, which is
 * then left to other decoders (comments in test files, shell scripts).
 */
static bool
tsv_header(struct vg_logsrc *ls, struct vg_str line)
{
	struct vg_zeek_hdr *h;
	struct vg_str s, key, v;
	char sep;

	if (VG_STR_PREFIX(line, "#separator ")) {
		if (!parse_sep(vg_str_make(line.p + 11, line.len - 11), &sep) ||
		    (h = hdr_get(ls)) == NULL)
			return false;
		h->zh_sep = sep;
		h->zh_ncols = 0;	/* a new log begins */
		return true;
	}
	if ((h = ls->ls_zeek) == NULL && !VG_STR_PREFIX(line, "#fields"))
		return false;
	if (h == NULL && (h = hdr_get(ls)) == NULL)
		return false;
	s = vg_str_make(line.p + 1, line.len - 1);
	if (!next_col(&s, h->zh_sep, &key) || s.p == NULL)
		return false;
	if (VG_STR_EQ(key, "fields")) {
		h->zh_ncols = 0;
		while (next_col(&s, h->zh_sep, &v) &&
		    h->zh_ncols < ZEEK_MAX_COLS)
			h->zh_col[h->zh_ncols++] = field_id(v.p, v.len);
		return true;
	}
	if (VG_STR_EQ(key, "path")) {
		vg_str_copy(s, h->zh_path, sizeof(h->zh_path));
		h->zh_pathid = path_id(s);
		return true;
	}
	if (VG_STR_EQ(key, "unset_field")) {
		vg_str_copy(s, h->zh_unset, sizeof(h->zh_unset));
		return true;
	}
	if (VG_STR_EQ(key, "empty_field")) {
		vg_str_copy(s, h->zh_empty, sizeof(h->zh_empty));
		return true;
	}
	return VG_STR_EQ(key, "set_separator") || VG_STR_EQ(key, "types") ||
	    VG_STR_EQ(key, "open") || VG_STR_EQ(key, "close");
}

static int
tsv_row(struct vg_logsrc *ls, struct vg_str line, struct vg_event *ev)
{
	const struct vg_zeek_hdr *h = ls->ls_zeek;
	struct vg_str f[ZF_COUNT], s = line, v;
	size_t unset_len, empty_len;
	unsigned i;
	int64_t us;

	if (h == NULL || h->zh_ncols == 0 || vg_str_chr(line, h->zh_sep) < 0)
		return VG_ERR_FORMAT;
	memset(f, 0, sizeof(f));
	unset_len = strlen(h->zh_unset);
	empty_len = strlen(h->zh_empty);
	for (i = 0; i < h->zh_ncols && next_col(&s, h->zh_sep, &v); i++) {
		if (h->zh_col[i] == ZF_NONE ||
		    vg_str_eq(v, h->zh_unset, unset_len) ||
		    vg_str_eq(v, h->zh_empty, empty_len))
			continue;
		f[h->zh_col[i]] = v;
	}
	/* A row has its time stamp; without one it is no row of this log. */
	if (f[ZF_TS].len == 0 || !parse_ts(f[ZF_TS], &us))
		return VG_ERR_FORMAT;
	ev->ev_time = us;
	map_fields(ev, f, h->zh_pathid, vg_str_make(h->zh_path,
	    strlen(h->zh_path)));
	return 0;
}

/* --------------------------------------------------------------- JSON */

/*
 * A JSON value as Zeek's TSV would spell it, in the scratch area: strings
 * as they are, numbers in decimal, booleans as T/F, arrays joined with
 * ','.  Returns false for objects, nulls and values that do not fit.
 */
static bool
json_text(struct vg_event *ev, json_t *v, struct vg_str *outp)
{
	char buf[1024];
	json_t *x;
	size_t i, n = 0;
	int len;

	switch (json_typeof(v)) {
	case JSON_STRING:
		return vg_logfmt__json_save(ev, v, outp);
	case JSON_INTEGER:
		len = snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		break;
	case JSON_REAL:
		len = snprintf(buf, sizeof(buf), "%.6f", json_real_value(v));
		break;
	case JSON_TRUE:
		return vg_event_save(ev, "T", 1, outp);
	case JSON_FALSE:
		return vg_event_save(ev, "F", 1, outp);
	case JSON_ARRAY:
		json_array_foreach(v, i, x) {
			if (!json_is_string(x))
				continue;
			if (n + json_string_length(x) + 1 > sizeof(buf))
				break;
			if (n > 0)
				buf[n++] = ',';
			memcpy(buf + n, json_string_value(x),
			    json_string_length(x));
			n += json_string_length(x);
		}
		return n > 0 && vg_event_save(ev, buf, n, outp);
	default:
		return false;
	}
	return len > 0 && (size_t)len < sizeof(buf) &&
	    vg_event_save(ev, buf, (size_t)len, outp);
}

/* "ts" as seconds (real or integer) or as an ISO 8601 string. */
static bool
json_ts(json_t *v, int64_t *usp)
{
	double d;

	if (json_is_string(v))
		return parse_ts(vg_str_make(json_string_value(v),
		    json_string_length(v)), usp);
	if (!json_is_number(v))
		return false;
	d = json_number_value(v);
	if (!(d >= 0 && d < 1e11))
		return false;
	*usp = (int64_t)(d * 1e6 + 0.5);
	return true;
}

static int
json_line(struct vg_logsrc *ls, struct vg_str line, struct vg_event *ev)
{
	struct vg_str f[ZF_COUNT], head;
	json_t *root, *v;
	const char *key;
	int64_t us;
	uint8_t id, path;

	(void)ls;
	if (line.len < 16 || line.p[0] != '{')
		return VG_ERR_FORMAT;
	head = vg_str_make(line.p, VG_MIN(line.len, DETECT_MAX));
	if (VG_STR_FIND(head, "\"ts\":") < 0 ||
	    (VG_STR_FIND(line, "\"uid\":\"C") < 0 &&
	    VG_STR_FIND(line, "\"fuid\":\"F") < 0 &&
	    VG_STR_FIND(head, "\"_path\":\"") < 0))
		return VG_ERR_FORMAT;
	if ((root = vg_logfmt__json_load(line)) == NULL)
		return VG_ERR_FORMAT;
	if (!json_ts(json_object_get(root, "ts"), &us)) {
		json_decref(root);
		return VG_ERR_FORMAT;
	}
	memset(f, 0, sizeof(f));
	json_object_foreach(root, key, v) {
		if ((id = field_id(key, strlen(key))) == ZF_NONE ||
		    id == ZF_TS)
			continue;
		(void)json_text(ev, v, &f[id]);
	}
	path = f[ZF_PATH].len > 0 ? path_id(f[ZF_PATH]) : guess_path(f);
	ev->ev_time = us;
	map_fields(ev, f, path, f[ZF_PATH].len > 0 ? f[ZF_PATH] :
	    path != ZP_OTHER ? vg_str_make(path_names[path],
	    strlen(path_names[path])) : VG_STR_NULL);
	json_decref(root);
	return 0;
}

static int
zeek_line(struct vg_logsrc *ls, struct vg_str line, struct vg_event *ev)
{
	if (line.len == 0)
		return VG_ERR_FORMAT;
	if (line.p[0] == '#') {
		if (!tsv_header(ls, line))
			return VG_ERR_FORMAT;
		ev->ev_dataset = vg_logfmt_zeek.lf_name;
		ev->ev_reason = "zeek log header";
		return 0;
	}
	if (line.p[0] == '{')
		return json_line(ls, line, ev);
	return tsv_row(ls, line, ev);
}

const struct vg_logfmt vg_logfmt_zeek = {
	.lf_name = "zeek",
	.lf_desc = "Zeek TSV and JSON logs: conn, dns, http, ssl, ssh, "
	    "notice, ftp, smtp, rdp, files",
	.lf_line = zeek_line,
};
