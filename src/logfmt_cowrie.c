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
#include "logfmt_int.h"

/*
 * The user name, even when empty: "login attempt [/root] failed" is an
 * attempt with no name and still a failed login.
 */
static void
login(struct vg_event *ev, json_t *root, enum vg_outcome outcome)
{
	ev->ev_action = VG_ACT_AUTH;
	ev->ev_outcome = outcome;
	(void)vg_logfmt__json_str(ev, root, "username", &ev->ev_user);
	/* The honeypot's password guesses are attacker data, not secrets. */
	vg_logfmt__json_extra(ev, root, "password", "cowrie.password");
}

static void
file_event(struct vg_event *ev, json_t *root, bool failed)
{
	ev->ev_action = VG_ACT_FILE_TRANSFER;
	if (failed)
		ev->ev_outcome = VG_OUT_FAILURE;
	(void)vg_logfmt__json_str(ev, root, "url", &ev->ev_url);
	(void)vg_logfmt__json_str(ev, root, "shasum", &ev->ev_hash);
	vg_logfmt__json_extra(ev, root, "outfile", "file.path");
	vg_logfmt__json_extra(ev, root, "filename", "file.name");
}

static void
map_record(struct vg_logsrc *ls, json_t *root, struct vg_str id,
    struct vg_event *ev)
{
	json_t *ts = json_object_get(root, "timestamp");
	struct vg_str s, v, kind;
	int64_t us;

	ev->ev_dataset = vg_logfmt_cowrie.lf_name;
	if (json_is_string(ts)) {
		s = vg_str_make(json_string_value(ts), json_string_length(ts));
		if (vg_logfmt__iso_time(ls, &s, &us))
			ev->ev_time = us;
	}
	if (vg_event_save(ev, id.p, id.len, &v))
		vg_event_extra(ev, "cowrie.eventid", v, false);
	vg_logfmt__json_addr(root, "src_ip", &ev->ev_src);
	vg_logfmt__json_addr(root, "dst_ip", &ev->ev_dst);
	ev->ev_src_port = (int32_t)vg_logfmt__json_int(root, "src_port", 0,
	    65535);
	ev->ev_dst_port = (int32_t)vg_logfmt__json_int(root, "dst_port", 0,
	    65535);
	(void)vg_logfmt__json_str(ev, root, "sensor", &ev->ev_host);
	vg_logfmt__json_extra(ev, root, "session", "cowrie.session");
	vg_logfmt__json_extra(ev, root, "protocol", "network.protocol");

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
		if (vg_logfmt__json_str(ev, root, "input", &v)) {
			vg_event_extra(ev, "process.command_line", v, false);
			vg_logfmt_extract(v, ev);
		}
	} else if (VG_STR_EQ(kind, "session.file_download") ||
	    VG_STR_EQ(kind, "session.file_upload")) {
		file_event(ev, root, false);
	} else if (VG_STR_EQ(kind, "session.file_download.failed")) {
		file_event(ev, root, true);
	} else if (VG_STR_EQ(kind, "client.version")) {
		vg_logfmt__json_extra(ev, root, "version",
		    "ssh.client.software");
	} else if (VG_STR_EQ(kind, "client.kex")) {
		vg_logfmt__json_extra(ev, root, "hassh", "ssh.client.hassh");
	} else if (VG_STR_EQ(kind, "direct-tcpip.request")) {
		/*
		 * A tunnel request: where the attacker wanted to go, often
		 * by name, which is then worth matching as a domain.
		 */
		ev->ev_action = VG_ACT_CONNECT;
		if (ev->ev_dst.af == VG_AF_NONE &&
		    vg_logfmt__json_str(ev, root, "dst_ip", &v)) {
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

	if (line.len < 24 || line.p[0] != '{' ||
	    VG_STR_FIND(line, "\"cowrie.") < 0 ||
	    VG_STR_FIND(line, "\"eventid\"") < 0)
		return VG_ERR_FORMAT;
	/* Typed input may hold "\u0000"; see vg_logfmt__json_load(). */
	if ((root = vg_logfmt__json_load(line)) == NULL)
		return VG_ERR_FORMAT;
	id = json_object_get(root, "eventid");
	if (!json_is_string(id) || json_string_length(id) <= 7 ||
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
