/*
 * logfmt_cowrie.c -- the cowrie SSH/Telnet honeypot's JSON log.
 *
 * Every record names its "eventid" ("cowrie.login.failed", ...), which
 * may come anywhere in the object, so a line is claimed when it starts
 * with '{', holds "eventid" and "cowrie." and parses as an object whose
 * eventid starts with "cowrie.".  Everything a honeypot sees is hostile,
 * so the mapping keeps what feeds blocklists and hunting: the source,
 * the credentials tried, the commands typed and the files fetched (URL
 * and SHA-256).  Commands go through the generic extractor, which finds
 * the download locations in "wget http://..." lines.
 *
 * Strings are copied into the event's scratch area before the parsed
 * document is released.  The tty log hashes of cowrie.log.closed are not
 * file hashes of anything the attacker brought, so they are not kept.
 */
#include "logfmt.h"

#include <jansson.h>

/* Copy string member `key' of `obj' into the scratch area. */
static bool
get_str(struct vg_event *ev, json_t *obj, const char *key,
    struct vg_str *vp)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_string(v) || json_string_length(v) == 0)
		return false;
	return vg_event_save(ev, json_string_value(v), json_string_length(v),
	    vp);
}

static void
extra_str(struct vg_event *ev, json_t *obj, const char *key,
    const char *name)
{
	struct vg_str v;

	if (get_str(ev, obj, key, &v))
		vg_event_extra(ev, name, v, false);
}

static int32_t
get_port(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > 65535)
		return -1;
	return (int32_t)json_integer_value(v);
}

static void
get_addr(json_t *obj, const char *key, struct vg_addr *addr)
{
	json_t *v = json_object_get(obj, key);

	if (json_is_string(v))
		(void)vg_addr_parse(vg_str_make(json_string_value(v),
		    json_string_length(v)), addr);
}

/*
 * The user name, even when empty: "login attempt [/root] failed" is an
 * attempt with no name and still a failed login.
 */
static void
login(struct vg_event *ev, json_t *root, enum vg_outcome outcome)
{
	ev->ev_action = VG_ACT_AUTH;
	ev->ev_outcome = outcome;
	(void)get_str(ev, root, "username", &ev->ev_user);
	/* The honeypot's password guesses are attacker data, not secrets. */
	extra_str(ev, root, "password", "cowrie.password");
}

static void
file_event(struct vg_event *ev, json_t *root, bool failed)
{
	ev->ev_action = VG_ACT_FILE_TRANSFER;
	if (failed)
		ev->ev_outcome = VG_OUT_FAILURE;
	(void)get_str(ev, root, "url", &ev->ev_url);
	(void)get_str(ev, root, "shasum", &ev->ev_hash);
	extra_str(ev, root, "outfile", "file.path");
	extra_str(ev, root, "filename", "file.name");
}

static void
map_record(struct vg_logsrc *ls, json_t *root, struct vg_str id,
    struct vg_event *ev)
{
	json_t *ts = json_object_get(root, "timestamp");
	struct vg_str s, v, kind;
	int64_t us;
	bool has_tz;

	ev->ev_dataset = vg_logfmt_cowrie.lf_name;
	if (json_is_string(ts)) {
		s = vg_str_make(json_string_value(ts), json_string_length(ts));
		if (vg_time_parse_iso(&s, &us, &has_tz))
			ev->ev_time = has_tz ? us : vg_logsrc_local(ls,
			    us / VG_USEC) * VG_USEC + us % VG_USEC;
	}
	if (vg_event_save(ev, id.p, id.len, &v))
		vg_event_extra(ev, "cowrie.eventid", v, false);
	get_addr(root, "src_ip", &ev->ev_src);
	get_addr(root, "dst_ip", &ev->ev_dst);
	ev->ev_src_port = get_port(root, "src_port");
	ev->ev_dst_port = get_port(root, "dst_port");
	(void)get_str(ev, root, "sensor", &ev->ev_host);
	extra_str(ev, root, "session", "cowrie.session");
	extra_str(ev, root, "protocol", "network.protocol");

	kind = vg_str_make(id.p + 7, id.len - 7);	/* after "cowrie." */
	if (VG_STR_EQ(kind, "login.failed")) {
		login(ev, root, VG_OUT_FAILURE);
	} else if (VG_STR_EQ(kind, "login.success")) {
		login(ev, root, VG_OUT_SUCCESS);
	} else if (VG_STR_EQ(kind, "session.connect")) {
		ev->ev_action = VG_ACT_CONNECT;
	} else if (VG_STR_EQ(kind, "session.closed")) {
		ev->ev_action = VG_ACT_DISCONNECT;
	} else if (VG_STR_EQ(kind, "command.input") ||
	    VG_STR_EQ(kind, "command.failed") ||
	    VG_STR_EQ(kind, "command.success")) {
		ev->ev_action = VG_ACT_COMMAND;
		if (VG_STR_EQ(kind, "command.failed"))
			ev->ev_outcome = VG_OUT_FAILURE;
		if (get_str(ev, root, "input", &v)) {
			vg_event_extra(ev, "process.command_line", v, false);
			vg_logfmt_extract(v, ev);
		}
	} else if (VG_STR_EQ(kind, "session.file_download") ||
	    VG_STR_EQ(kind, "session.file_upload")) {
		file_event(ev, root, false);
	} else if (VG_STR_EQ(kind, "session.file_download.failed")) {
		file_event(ev, root, true);
	} else if (VG_STR_EQ(kind, "client.version")) {
		extra_str(ev, root, "version", "ssh.client.software");
	} else if (VG_STR_EQ(kind, "client.kex")) {
		extra_str(ev, root, "hassh", "ssh.client.hassh");
	} else if (VG_STR_EQ(kind, "direct-tcpip.request")) {
		/*
		 * A tunnel request: where the attacker wanted to go, often
		 * by name, which is then worth matching as a domain.
		 */
		ev->ev_action = VG_ACT_CONNECT;
		if (ev->ev_dst.af == VG_AF_NONE &&
		    get_str(ev, root, "dst_ip", &v)) {
			vg_event_extra(ev, "destination.domain", v, false);
			vg_event_obs(ev, VG_OBS_DOMAIN, "destination.domain",
			    v, NULL);
		}
	}
}

static int
cowrie_line(struct vg_logsrc *ls, struct vg_str line, struct vg_event *ev)
{
	json_t *root, *id;
	json_error_t err;

	if (line.len < 24 || line.p[0] != '{' ||
	    VG_STR_FIND(line, "\"cowrie.") < 0 ||
	    VG_STR_FIND(line, "\"eventid\"") < 0)
		return VG_ERR_FORMAT;
	/* JSON_ALLOW_NUL: typed input may hold "\u0000"; see suricata. */
	if ((root = json_loadb(line.p, line.len, JSON_ALLOW_NUL, &err)) == NULL)
		return VG_ERR_FORMAT;
	id = json_object_get(root, "eventid");
	if (!json_is_object(root) || !json_is_string(id) ||
	    json_string_length(id) <= 7 ||
	    memcmp(json_string_value(id), "cowrie.", 7) != 0) {
		json_decref(root);
		return VG_ERR_FORMAT;
	}
	map_record(ls, root, vg_str_make(json_string_value(id),
	    json_string_length(id)), ev);
	json_decref(root);
	return 0;
}

const struct vg_logfmt vg_logfmt_cowrie = {
	.lf_name = "cowrie",
	.lf_desc = "cowrie honeypot JSON: logins, sessions, commands, "
	    "downloads",
	.lf_line = cowrie_line,
};
