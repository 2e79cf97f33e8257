/*
 * logfmt_auth.c -- login and privilege services: Dropbear, sudo, su,
 * login, xinetd, Webmin, xrdp-sesman and macOS screensharingd.
 *
 * Program decoders run in the ingest process over the message part of a
 * syslog record.  Dropbear and login failures are what fail2ban's and
 * SSHGuard's filters count; sudo and su become privilege-change events
 * (successes and refusals) so that rules can see who became whom.  PAM's
 * own lines under these programs are left to the PAM decoder.
 *
 * A message is read into a struct vg_logfmt__hit (logfmt_int.h) and
 * copied into the event only once it is recognised, so an unknown
 * message leaves the event untouched.  User names are client text in
 * Dropbear and login lines; each parser says which occurrence of a
 * separator it trusts and why.
 */
#include "logfmt_int.h"

/* Strip one pair of surrounding quotes: 'root' -> root. */
static struct vg_str
unquote(struct vg_str s)
{
	if (s.len >= 2 && s.p[0] == '\'' && s.p[s.len - 1] == '\'')
		return vg_str_sub(s, 1, s.len - 1);
	return s;
}

/*
 * A host that may be an address or a name ("(null)", "" and "UNKNOWN"
 * mean none).  A name must look like one, so stray words are not taken.
 */
static void
hit_host(struct vg_str s, struct vg_logfmt__hit *h)
{
	s = unquote(s);
	if (s.len == 0 || s.p[0] == '(' || VG_STR_EQ(s, "UNKNOWN"))
		return;
	if (vg_addr_parse(s, &h->h_addr))
		return;
	if (s.len <= 253 && vg_str_chr(s, ' ') < 0 && vg_str_chr(s, '/') < 0)
		h->h_name = s;
}

/*
 * "IP:PORT", "[IPv6]:PORT", "<IP:PORT>" or a bare address, as Dropbear
 * writes its peers.  IPv6 without brackets ends in ":PORT" too, so the
 * last ':' splits it when what is before it parses.
 */
static bool
hit_addr_port(struct vg_str s, struct vg_logfmt__hit *h)
{
	ptrdiff_t i;
	struct vg_str port;

	if (s.len >= 2 && s.p[0] == '<' && s.p[s.len - 1] == '>')
		s = vg_str_sub(s, 1, s.len - 1);
	if ((i = VG_STR_RFIND(s, ":")) > 0) {
		port = vg_str_sub(s, (size_t)i + 1, s.len);
		if (vg_addr_parse(vg_str_sub(s, 0, (size_t)i), &h->h_addr)) {
			vg_event_port(port, &h->h_port);
			return true;
		}
	}
	return vg_addr_parse(s, &h->h_addr);
}

/*
 * Dropbear -------------------------------------------------------------
 *
 * "Bad password attempt for 'USER' from IP:PORT".  The quoted user is
 * client text and may contain "' from ": the last one is Dropbear's.
 */

/* "'USER' from IP:PORT" */
static bool
db_user_from(struct vg_str s, struct vg_logfmt__hit *h)
{
	ptrdiff_t i;
	struct vg_str w;

	if ((i = VG_STR_RFIND(s, "' from ")) < 0 || s.len == 0 ||
	    s.p[0] != '\'')
		return false;
	h->h_user = vg_str_sub(s, 1, (size_t)i);
	vg_str_skip(&s, (size_t)i + 7);
	return vg_str_word(&s, &w) && hit_addr_port(w, h);
}

/* "Exit before auth[ from <IP:PORT>]: ... user 'U'[ from IP:PORT]" */
static bool
db_exit_before_auth(struct vg_str s, struct vg_logfmt__hit *h)
{
	struct vg_str w, u;
	ptrdiff_t i, j;

	if (VG_STR_FIND(s, "Max auth tries reached") >= 0 ||
	    VG_STR_FIND(s, " fails)") >= 0)
		vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "max auth tries reached");
	else
		vg_logfmt__hit_init(h, VG_ACT_DISCONNECT, VG_OUT_UNKNOWN,
		    "exit before auth");
	/* Dropbear's own "from <IP:PORT>" comes before any client text. */
	if (VG_STR_EAT(&s, " from <")) {
		if ((i = vg_str_chr(s, '>')) < 0 ||
		    !hit_addr_port(vg_str_sub(s, 0, (size_t)i), h))
			return false;
		vg_str_skip(&s, (size_t)i + 1);
	}
	if ((i = VG_STR_FIND(s, "user '")) >= 0) {
		u = vg_str_sub(s, (size_t)i + 6, s.len);
		if ((j = vg_str_chr(u, '\'')) > 0) {
			u.len = (size_t)j;
			/* "user 'is invalid'" names no account. */
			if (!VG_STR_EQ(u, "is invalid"))
				h->h_user = u;
		}
	}
	if (h->h_addr.af == VG_AF_NONE &&
	    (i = VG_STR_RFIND(s, " from ")) >= 0) {
		vg_str_skip(&s, (size_t)i + 6);
		if (!vg_str_word(&s, &w) || !hit_addr_port(w, h))
			return false;
	}
	return h->h_addr.af != VG_AF_NONE || h->h_action == VG_ACT_DISCONNECT;
}

static int
dropbear_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = msg, w;
	struct vg_logfmt__hit h;
	ptrdiff_t i;
	uint64_t pid;

	/* "[825] Jul 10 23:53:52 " when stderr went to the journal. */
	if (VG_STR_EAT(&s, "[") && vg_str_uint(&s, 10, INT64_MAX, &pid) &&
	    VG_STR_EAT(&s, "] ")) {
		if (s.len > 16 && s.p[3] == ' ' && s.p[9] == ':' &&
		    s.p[15] == ' ' && vg_time_month(vg_str_sub(s, 0, 3)) != 0)
			vg_str_skip(&s, 16);
	} else {
		s = msg;
	}
	if (VG_STR_EAT(&s, "Bad password attempt for ") ||
	    VG_STR_EAT(&s, "bad password attempt for ")) {
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "bad password");
		return db_user_from(s, &h) ? vg_logfmt__hit_commit(&h, ev) :
		    VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "Login attempt for nonexistent user") ||
	    VG_STR_EAT(&s, "login attempt for nonexistent user")) {
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "invalid user");
		if (VG_STR_EAT(&s, " from ")) {
			if (!vg_str_word(&s, &w) || !hit_addr_port(w, &h))
				return VG_ERR_FORMAT;
			return vg_logfmt__hit_commit(&h, ev);
		}
		/* Newer releases quote the name: "user 'x' from ..." */
		return VG_STR_EAT(&s, " ") && db_user_from(s, &h) ?
		    vg_logfmt__hit_commit(&h, ev) : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "Exit before auth"))
		return db_exit_before_auth(s, &h) ?
		    vg_logfmt__hit_commit(&h, ev) : VG_ERR_FORMAT;
	if (VG_STR_EAT(&s, "Child connection from ")) {
		vg_logfmt__hit_init(&h, VG_ACT_CONNECT, VG_OUT_UNKNOWN,
		    "connection");
		return vg_str_word(&s, &w) && hit_addr_port(w, &h) ?
		    vg_logfmt__hit_commit(&h, ev) : VG_ERR_FORMAT;
	}
	if ((i = VG_STR_FIND(s, " auth succeeded for ")) > 0 && i < 16) {
		/* "Password auth succeeded for 'U' from IP:PORT" */
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_SUCCESS,
		    "accepted");
		h.h_label = "ssh.method";
		h.h_value = vg_str_sub(s, 0, (size_t)i);
		vg_str_skip(&s, (size_t)i + 20);
		if (db_user_from(s, &h))
			return vg_logfmt__hit_commit(&h, ev);
		/* "Pubkey auth succeeded for 'U' with KEY from IP:PORT" */
		if ((i = VG_STR_RFIND(s, "' with ")) < 0 || s.len == 0)
			return VG_ERR_FORMAT;
		h.h_user = vg_str_sub(s, 1, (size_t)i);
		if ((i = VG_STR_RFIND(s, " from ")) < 0)
			return VG_ERR_FORMAT;
		vg_str_skip(&s, (size_t)i + 6);
		return vg_str_word(&s, &w) && hit_addr_port(w, &h) ?
		    vg_logfmt__hit_commit(&h, ev) : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "Exit (")) {
		/* "Exit (USER)[ from <IP:PORT>]: Disconnect received" */
		vg_logfmt__hit_init(&h, VG_ACT_SESSION_END, VG_OUT_SUCCESS,
		    "session end");
		if ((i = VG_STR_FIND(s, ")")) <= 0)
			return VG_ERR_FORMAT;
		h.h_user = vg_str_sub(s, 0, (size_t)i);
		vg_str_skip(&s, (size_t)i + 1);
		if (VG_STR_EAT(&s, " from <") && (i = vg_str_chr(s, '>')) > 0)
			(void)hit_addr_port(vg_str_sub(s, 0, (size_t)i), &h);
		return vg_logfmt__hit_commit(&h, ev);
	}
	return VG_ERR_FORMAT;
}

/*
 * sudo -----------------------------------------------------------------
 *
 * "alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/ls",
 * with a verdict before TTY= when sudo refused ("3 incorrect password
 * attempts ; TTY=...").  XXX PWD and COMMAND are both user-chosen, so a
 * directory named " ; USER=x" could mislead the target; sudo does not
 * escape them.  The first occurrence is taken, as sudo writes USER= before
 * COMMAND=.
 */
static int
sudo_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = vg_str_trim(msg), v;
	struct vg_logfmt__hit h;
	ptrdiff_t i;

	if ((i = VG_STR_FIND(s, " : ")) <= 0 || vg_str_chr(vg_str_sub(s, 0,
	    (size_t)i), ' ') >= 0)
		return VG_ERR_FORMAT;
	v = vg_str_sub(s, 0, (size_t)i);
	vg_str_skip(&s, (size_t)i + 3);
	if (VG_STR_PREFIX(s, "TTY="))
		vg_logfmt__hit_init(&h, VG_ACT_PRIV, VG_OUT_SUCCESS, "sudo");
	else if ((i = VG_STR_FIND(s, " ; TTY=")) < 0)
		return VG_ERR_FORMAT;
	else if (VG_STR_FIND(vg_str_sub(s, 0, (size_t)i),
	    "incorrect password attempt") >= 0)
		vg_logfmt__hit_init(&h, VG_ACT_PRIV, VG_OUT_FAILURE,
		    "incorrect password");
	else if (VG_STR_PREFIX(s, "user NOT in sudoers"))
		vg_logfmt__hit_init(&h, VG_ACT_PRIV, VG_OUT_FAILURE,
		    "not in sudoers");
	else if (VG_STR_PREFIX(s, "user NOT authorized on host"))
		vg_logfmt__hit_init(&h, VG_ACT_PRIV, VG_OUT_FAILURE,
		    "not authorized on host");
	else if (VG_STR_PREFIX(s, "command not allowed"))
		vg_logfmt__hit_init(&h, VG_ACT_PRIV, VG_OUT_FAILURE,
		    "command not allowed");
	else if (VG_STR_PREFIX(s, "a password is required"))
		vg_logfmt__hit_init(&h, VG_ACT_PRIV, VG_OUT_FAILURE,
		    "password required");
	else
		vg_logfmt__hit_init(&h, VG_ACT_PRIV, VG_OUT_FAILURE, "refused");
	h.h_user = v;
	if ((i = VG_STR_FIND(s, " ; USER=")) >= 0) {
		h.h_target = vg_str_sub(s, (size_t)i + 8, s.len);
		if ((i = VG_STR_FIND(h.h_target, " ; ")) >= 0)
			h.h_target.len = (size_t)i;
	}
	if ((i = VG_STR_FIND(s, " ; COMMAND=")) >= 0) {
		h.h_label = "process.command_line";
		h.h_value = vg_str_sub(s, (size_t)i + 11, s.len);
	}
	return vg_logfmt__hit_commit(&h, ev);
}

/*
 * su ---------------------------------------------------------------------
 *
 * shadow: "FAILED SU (to root) alice on pts/0", "(to root) alice on
 * pts/0", "FAILED su for root by alice", "Successful su for root by
 * alice"; util-linux/BusyBox: "+ pts/0 alice:root", "- pts/0 alice:root";
 * BSD: "BAD SU alice to root on /dev/ttyp0", "alice to root on /dev/ttyp0".
 */
static int
su_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = msg, w;
	struct vg_logfmt__hit h;
	ptrdiff_t i;
	bool failed;

	if ((failed = VG_STR_EAT(&s, "FAILED SU ")) || VG_STR_PREFIX(s,
	    "(to ")) {
		vg_logfmt__hit_init(&h, VG_ACT_PRIV, failed ? VG_OUT_FAILURE :
		    VG_OUT_SUCCESS, failed ? "su failed" : "su");
		if (!VG_STR_EAT(&s, "(to ") || (i = vg_str_chr(s, ')')) <= 0)
			return VG_ERR_FORMAT;
		h.h_target = vg_str_sub(s, 0, (size_t)i);
		vg_str_skip(&s, (size_t)i + 1);
		vg_str_skip_ws(&s);
		if (!vg_str_word(&s, &h.h_user))
			return VG_ERR_FORMAT;
		return vg_logfmt__hit_commit(&h, ev);
	}
	if ((failed = VG_STR_EAT(&s, "FAILED su for ")) ||
	    VG_STR_EAT(&s, "Successful su for ")) {
		vg_logfmt__hit_init(&h, VG_ACT_PRIV, failed ? VG_OUT_FAILURE :
		    VG_OUT_SUCCESS, failed ? "su failed" : "su");
		if (!vg_str_word(&s, &h.h_target) || !VG_STR_EAT(&s, "by ") ||
		    !vg_str_word(&s, &h.h_user))
			return VG_ERR_FORMAT;
		return vg_logfmt__hit_commit(&h, ev);
	}
	if (s.len > 2 && (s.p[0] == '+' || s.p[0] == '-') && s.p[1] == ' ') {
		failed = s.p[0] == '-';
		vg_str_skip(&s, 2);
		vg_logfmt__hit_init(&h, VG_ACT_PRIV, failed ? VG_OUT_FAILURE :
		    VG_OUT_SUCCESS, failed ? "su failed" : "su");
		if (!vg_str_word(&s, &w) || !vg_str_word(&s, &w) ||
		    (i = vg_str_chr(w, ':')) <= 0 || s.len != 0)
			return VG_ERR_FORMAT;
		h.h_user = vg_str_sub(w, 0, (size_t)i);
		h.h_target = vg_str_sub(w, (size_t)i + 1, w.len);
		return vg_logfmt__hit_commit(&h, ev);
	}
	if (VG_STR_PREFIX(s, "pam_authenticate: ")) {
		vg_logfmt__hit_init(&h, VG_ACT_PRIV, VG_OUT_FAILURE,
		    "authentication failure");
		return vg_logfmt__hit_commit(&h, ev);
	}
	failed = VG_STR_EAT(&s, "BAD SU ");
	if ((i = VG_STR_FIND(s, " to ")) > 0 &&
	    VG_STR_FIND(s, " on /dev/") > i &&
	    vg_str_chr(vg_str_sub(s, 0, (size_t)i), ' ') < 0) {
		vg_logfmt__hit_init(&h, VG_ACT_PRIV, failed ? VG_OUT_FAILURE :
		    VG_OUT_SUCCESS, failed ? "su failed" : "su");
		h.h_user = vg_str_sub(s, 0, (size_t)i);
		vg_str_skip(&s, (size_t)i + 4);
		if (!vg_str_word(&s, &h.h_target))
			return VG_ERR_FORMAT;
		return vg_logfmt__hit_commit(&h, ev);
	}
	return VG_ERR_FORMAT;
}

/*
 * login ------------------------------------------------------------------
 *
 * shadow: "FAILED LOGIN 1 FROM 1.2.3.4 FOR root, Authentication failure";
 * util-linux: "FAILED LOGIN (1) on '/dev/tty1' [FROM 'host' ]FOR 'root',
 * Authentication failure", "TOO MANY LOGIN TRIES (5) on ...", "ROOT LOGIN
 * ON tty1", "LOGIN ON pts/0 BY alice FROM host".  The user is client
 * text; the reason after it is login's, so the last ", " ends the user.
 */

/* " FROM HOST FOR USER, REASON" fields. */
static void
login_fields(struct vg_str s, struct vg_logfmt__hit *h)
{
	ptrdiff_t i, j;
	struct vg_str w;

	if ((i = VG_STR_FIND(s, " FOR ")) >= 0) {
		w = vg_str_sub(s, (size_t)i + 5, s.len);
		if ((j = VG_STR_RFIND(w, ", ")) >= 0)
			w.len = (size_t)j;
		h->h_user = unquote(w);
		s.len = (size_t)i;
	}
	if ((i = VG_STR_FIND(s, " FROM ")) >= 0) {
		w = vg_str_sub(s, (size_t)i + 6, s.len);
		if ((j = vg_str_chr(w, ' ')) >= 0)
			w.len = (size_t)j;
		hit_host(w, h);
	}
}

static int
login_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = msg, w;
	struct vg_logfmt__hit h;
	ptrdiff_t i;

	if (VG_STR_EAT(&s, "FAILED LOGIN ")) {
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "login failed");
		login_fields(s, &h);
		return vg_logfmt__hit_commit(&h, ev);
	}
	if (VG_STR_EAT(&s, "TOO MANY LOGIN TRIES ")) {
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "too many login tries");
		login_fields(s, &h);
		return vg_logfmt__hit_commit(&h, ev);
	}
	if (VG_STR_EAT(&s, "ROOT LOGIN ")) {
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_SUCCESS,
		    "root login");
		h.h_user = VG_STR_LIT("root");
		if ((i = VG_STR_FIND(s, " FROM ")) >= 0) {
			w = vg_str_sub(s, (size_t)i + 6, s.len);
			if ((i = vg_str_chr(w, ' ')) >= 0)
				w.len = (size_t)i;
			hit_host(w, &h);
		}
		return vg_logfmt__hit_commit(&h, ev);
	}
	if (VG_STR_EAT(&s, "LOGIN ON ")) {
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_SUCCESS, "login");
		if ((i = VG_STR_FIND(s, " BY ")) < 0)
			return VG_ERR_FORMAT;
		vg_str_skip(&s, (size_t)i + 4);
		if (!vg_str_word(&s, &w))
			return VG_ERR_FORMAT;
		h.h_user = unquote(w);
		if (VG_STR_EAT(&s, "FROM ") && vg_str_word(&s, &w))
			hit_host(w, &h);
		return vg_logfmt__hit_commit(&h, ev);
	}
	return VG_ERR_FORMAT;
}

/*
 * xinetd: "FAIL: telnet address from=1.2.3.4", "START: ftp pid=1
 * from=1.2.3.4", "EXIT: ftp status=0 pid=1 duration=5(sec)".
 */
static int
xinetd_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = msg, svc;
	struct vg_logfmt__hit h;
	ptrdiff_t i;

	if (VG_STR_EAT(&s, "FAIL: "))
		vg_logfmt__hit_init(&h, VG_ACT_CONNECT, VG_OUT_FAILURE,
		    "refused by xinetd");
	else if (VG_STR_EAT(&s, "START: "))
		vg_logfmt__hit_init(&h, VG_ACT_CONNECT, VG_OUT_SUCCESS,
		    "service started");
	else if (VG_STR_EAT(&s, "EXIT: "))
		vg_logfmt__hit_init(&h, VG_ACT_DISCONNECT, VG_OUT_UNKNOWN,
		    "service exited");
	else
		return VG_ERR_FORMAT;
	if (!vg_str_word(&s, &svc))
		return VG_ERR_FORMAT;
	h.h_label = "service.name";
	h.h_value = svc;
	if ((i = VG_STR_RFIND(s, "from=")) >= 0 &&
	    (i == 0 || s.p[i - 1] == ' ')) {
		struct vg_str ip = vg_str_trim(vg_str_sub(s, (size_t)i + 5,
		    s.len));

		if (!vg_addr_parse(ip, &h.h_addr))
			return VG_ERR_FORMAT;
	} else if (h.h_action != VG_ACT_DISCONNECT) {
		return VG_ERR_FORMAT;
	}
	return vg_logfmt__hit_commit(&h, ev);
}

/*
 * Webmin: "Invalid login as root from 1.2.3.4", "Non-existent login as
 * X from ...", "Successful login as X from ...".  The user is client
 * text: the last " from " is Webmin's.
 */
static int
webmin_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = vg_str_trim(msg), w;
	struct vg_logfmt__hit h;
	ptrdiff_t i;

	if (VG_STR_EAT(&s, "Invalid login as "))
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "invalid login");
	else if (VG_STR_EAT(&s, "Non-existent login as "))
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "invalid user");
	else if (VG_STR_EAT(&s, "Successful login as "))
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_SUCCESS, "login");
	else
		return VG_ERR_FORMAT;
	if ((i = VG_STR_RFIND(s, " from ")) < 0)
		return VG_ERR_FORMAT;
	h.h_user = vg_str_sub(s, 0, (size_t)i);
	w = vg_str_sub(s, (size_t)i + 6, s.len);
	if (!vg_addr_parse(w, &h.h_addr))
		return VG_ERR_FORMAT;
	return vg_logfmt__hit_commit(&h, ev);
}

/*
 * "++ created session (access granted): username U, ip ::ffff:1.2.3.4:PORT
 * - socket: N": a login.  The address is the last ", ip ", and its port,
 * when it has one, the digits after its last colon.
 */
static int
xrdp_session(struct vg_str s, struct vg_event *ev)
{
	struct vg_logfmt__hit h;
	struct vg_str ip, ps;
	uint64_t port;
	ptrdiff_t i, j;

	vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_SUCCESS, "session created");
	if ((i = VG_STR_RFIND(s, ", ip ")) < 0)
		return VG_ERR_FORMAT;
	ip = vg_str_sub(s, (size_t)i + 5, s.len);
	if ((j = vg_str_chr(ip, ' ')) >= 0)
		ip.len = (size_t)j;
	/* "ADDR:PORT", else a bare address. */
	j = vg_str_rchr(ip, ':');
	ps = j > 0 ? vg_str_sub(ip, (size_t)j + 1, ip.len) : VG_STR_NULL;
	if (j > 0 && vg_str_uint(&ps, 5, 65535, &port) && ps.len == 0 &&
	    vg_addr_parse(vg_str_make(ip.p, (size_t)j), &h.h_addr))
		h.h_port = (int32_t)port;
	else if (!vg_addr_parse(ip, &h.h_addr))
		return VG_ERR_FORMAT;
	h.h_user = vg_str_sub(s, 0, (size_t)i);
	return vg_logfmt__hit_commit(&h, ev);
}

/*
 * xrdp-sesman: "[INFO ] AUTHFAIL: user=U ip=::ffff:1.2.3.4 time=N".  The
 * user may hold " ip=" and even a forged second record: the address is
 * the last " ip=", which only sesman's own " time=N" may follow.
 */
static int
xrdp_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = msg, ip;
	struct vg_logfmt__hit h;
	ptrdiff_t i, j;

	if (VG_STR_PREFIX(s, "[") && (i = VG_STR_FIND(s, "] ")) > 0 && i < 10)
		vg_str_skip(&s, (size_t)i + 2);
	if (VG_STR_EAT(&s, "++ created session (access granted): username "))
		return xrdp_session(s, ev);
	if (!VG_STR_EAT(&s, "AUTHFAIL: user="))
		return VG_ERR_FORMAT;
	vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_FAILURE,
	    "authentication failed");
	if ((i = VG_STR_RFIND(s, " ip=")) < 0)
		return VG_ERR_FORMAT;
	ip = vg_str_sub(s, (size_t)i + 4, s.len);
	if ((j = vg_str_chr(ip, ' ')) >= 0) {
		if (!VG_STR_PREFIX(vg_str_sub(ip, (size_t)j, ip.len), " time="))
			return VG_ERR_FORMAT;
		ip.len = (size_t)j;
	}
	if (!vg_addr_parse(ip, &h.h_addr))
		return VG_ERR_FORMAT;
	h.h_user = vg_str_sub(s, 0, (size_t)i);
	return vg_logfmt__hit_commit(&h, ev);
}

/*
 * xrdp-sesman's own log file (/var/log/xrdp-sesman.log): "[YYYYMMDD-
 * hh:mm:ss] [LEVEL] message", in local time.  A line of that shape is
 * xrdp's whatever its message; the ones xrdp_msg does not know keep the
 * generic extraction.
 */
static int
xrdp_line(struct vg_logsrc *ls, struct vg_str line, struct vg_event *ev)
{
	const char *p = line.p;
	int y, mo, d, hh, mi, se;

	if (line.len < 21 || p[0] != '[' || p[9] != '-' || p[12] != ':' ||
	    p[15] != ':' || p[18] != ']' || p[19] != ' ')
		return vg_logfmt__forced_syslog(ls, line, ev, &vg_logfmt_xrdp);
	if (!vg_logfmt__digits(p + 1, 4, &y) ||
	    !vg_logfmt__digits(p + 5, 2, &mo) ||
	    !vg_logfmt__digits(p + 7, 2, &d) ||
	    !vg_logfmt__digits(p + 10, 2, &hh) ||
	    !vg_logfmt__digits(p + 13, 2, &mi) ||
	    !vg_logfmt__digits(p + 16, 2, &se) || mo < 1 || mo > 12 ||
	    d < 1 || d > 31 || hh > 23 || mi > 59 || se > 60)
		return VG_ERR_FORMAT;
	ev->ev_time = vg_logsrc_local(ls, vg_time_from_civil(y, mo, d, hh, mi,
	    se)) * VG_USEC;
	ev->ev_dataset = vg_logfmt_xrdp.lf_name;
	ev->ev_program = VG_STR_LIT("xrdp-sesman");
	line = vg_str_sub(line, 20, line.len);
	if (xrdp_msg(line, ev) != 0)
		vg_logfmt_extract(line, ev);
	return 0;
}

/*
 * macOS screensharingd: "Authentication: FAILED :: User Name: U :: Viewer
 * Address: 1.2.3.4 :: Type: DH".  The user may hold " :: ": the last
 * " :: Viewer Address: " is the daemon's.
 */
static int
screensharing_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = msg, ip;
	struct vg_logfmt__hit h;
	ptrdiff_t i, j;

	if (VG_STR_EAT(&s, "Authentication: FAILED :: "))
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "authentication failed");
	else if (VG_STR_EAT(&s, "Authentication: SUCCEEDED :: "))
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_SUCCESS, "login");
	else
		return VG_ERR_FORMAT;
	if ((i = VG_STR_RFIND(s, " :: Viewer Address: ")) < 0)
		return VG_ERR_FORMAT;
	ip = vg_str_sub(s, (size_t)i + 20, s.len);
	if ((j = VG_STR_FIND(ip, " :: ")) >= 0)
		ip.len = (size_t)j;
	if (!vg_addr_parse(ip, &h.h_addr))
		return VG_ERR_FORMAT;
	if (VG_STR_EAT(&s, "User Name: ") && (size_t)i >= 11)
		h.h_user = vg_str_sub(s, 0, (size_t)i - 11);
	return vg_logfmt__hit_commit(&h, ev);
}

static const char *const dropbear_programs[] = { "dropbear", NULL };
static const char *const sudo_programs[] = { "sudo", NULL };
static const char *const su_programs[] = { "su", NULL };
static const char *const login_programs[] = { "login", NULL };
static const char *const xinetd_programs[] = { "xinetd", NULL };
static const char *const webmin_programs[] = { "webmin", "miniserv", NULL };
static const char *const xrdp_programs[] = { "xrdp-sesman", NULL };
static const char *const screensharing_programs[] = {
	"screensharingd", NULL
};

const struct vg_logfmt vg_logfmt_dropbear = {
	.lf_name = "dropbear",
	.lf_desc = "Dropbear SSH: bad passwords, nonexistent users, max "
	    "auth tries, accepted logins, connections",
	.lf_msg = dropbear_msg,
	.lf_programs = dropbear_programs,
};

const struct vg_logfmt vg_logfmt_sudo = {
	.lf_name = "sudo",
	.lf_desc = "sudo: commands run (user, target, command) and refusals",
	.lf_msg = sudo_msg,
	.lf_programs = sudo_programs,
};

const struct vg_logfmt vg_logfmt_su = {
	.lf_name = "su",
	.lf_desc = "su (shadow, util-linux, BusyBox, BSD): successes and "
	    "failures",
	.lf_msg = su_msg,
	.lf_programs = su_programs,
};

const struct vg_logfmt vg_logfmt_login = {
	.lf_name = "login",
	.lf_desc = "login: failed logins, too many tries, root logins",
	.lf_msg = login_msg,
	.lf_programs = login_programs,
};

const struct vg_logfmt vg_logfmt_xinetd = {
	.lf_name = "xinetd",
	.lf_desc = "xinetd: refused (FAIL), started and exited services",
	.lf_msg = xinetd_msg,
	.lf_programs = xinetd_programs,
};

const struct vg_logfmt vg_logfmt_webmin = {
	.lf_name = "webmin",
	.lf_desc = "Webmin: invalid and non-existent logins, successful logins",
	.lf_msg = webmin_msg,
	.lf_programs = webmin_programs,
};

const struct vg_logfmt vg_logfmt_xrdp = {
	.lf_name = "xrdp",
	.lf_desc = "xrdp-sesman: failed logins and sessions, in syslog or "
	    "its own log file",
	.lf_line = xrdp_line,
	.lf_msg = xrdp_msg,
	.lf_programs = xrdp_programs,
};

const struct vg_logfmt vg_logfmt_screensharing = {
	.lf_name = "screensharingd",
	.lf_desc = "macOS screensharingd: failed and succeeded authentication",
	.lf_msg = screensharing_msg,
	.lf_programs = screensharing_programs,
};
