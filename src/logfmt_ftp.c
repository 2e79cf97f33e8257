/*
 * logfmt_ftp.c -- FTP servers: vsftpd, ProFTPD, Pure-FTPd and the
 * classic ftpd family (BSD/netkit ftpd, wu-ftpd, gssftpd).
 *
 * Program decoders run in the ingest process over the message part of a
 * syslog record; vsftpd's own log ("Fri Jan 19 12:20:33 2007 [pid 2]
 * ...") is also a line format.  They cover what fail2ban's FTP filters
 * look for (failed logins, unknown users, root logins refused) plus
 * successful logins, sessions and transfers.  PAM's own lines are left
 * to the PAM decoder, except the pre-0.99 "(pam_unix) ..." spelling that
 * FTP daemons log under their own name.
 *
 * A message is read into a struct vg_logfmt__hit (logfmt_int.h) and
 * copied into the event only once it is recognised, so an unknown
 * message leaves the event untouched.  Login names are client text; each
 * parser says which occurrence of a separator it trusts and why.
 */
#include "logfmt_int.h"

/*
 * A host as FTP daemons write it: "NAME [IP]", "IP" or a bare "NAME"
 * (reverse DNS).  Only the first word and a bracket right after it count.
 * Returns false when there is neither an address nor a plausible name.
 */
static bool
hit_host(struct vg_str s, struct vg_logfmt__hit *h)
{
	struct vg_str w, ip;
	ptrdiff_t j;

	if (!vg_str_word(&s, &w))
		return false;
	if (w.len > 0 && w.p[w.len - 1] == ',')
		w.len--;
	if (s.len > 2 && s.p[0] == '[' && (j = vg_str_chr(s, ']')) > 1) {
		ip = vg_str_sub(s, 1, (size_t)j);
		if (vg_addr_parse(ip, &h->h_addr))
			return true;
	}
	if (vg_addr_parse(w, &h->h_addr))
		return true;
	if (w.len == 0 || w.len > 253 || vg_str_chr(w, '[') >= 0)
		return false;
	h->h_name = w;
	return true;
}

/*
 * "(pam_unix) authentication failure; ..." (Linux-PAM before 0.99),
 * "pam_unix: ..." or a bare "authentication failure; ..." logged under
 * the daemon's name: the PAM decoder reads them, and the event is
 * labelled as PAM's.
 */
static int
pam_fallback(struct vg_str s, struct vg_event *ev)
{
	if (!VG_STR_EAT(&s, "(pam_unix) "))
		(void)VG_STR_EAT(&s, "pam_unix: ");
	if (!VG_STR_PREFIX(s, "authentication failure;") ||
	    vg_logfmt_pam.lf_msg(s, ev) != 0)
		return VG_ERR_FORMAT;
	ev->ev_dataset = vg_logfmt_pam.lf_name;
	return 0;
}

/*
 * vsftpd --------------------------------------------------------------
 *
 * "[user] FAIL LOGIN: Client "1.2.3.4"[, "reason"]", "CONNECT: Client
 * "1.2.3.4"", "[user] OK UPLOAD: Client "1.2.3.4", "/path", 12 bytes".
 * The bracketed user is client text and may itself hold ': Client "';
 * vsftpd's own reason after a login verdict may not, so for logins the
 * last ': Client "' is the real one.  Transfers put a client-chosen path
 * after the address, and an authenticated user before it; there the
 * first one counts.
 */
static bool
vsftpd_parse(struct vg_str s, struct vg_logfmt__hit *h)
{
	struct vg_str head, ip, verdict;
	ptrdiff_t i, j;
	bool ok;

	if (VG_STR_FIND(s, " LOGIN: Client \"") >= 0)
		i = VG_STR_RFIND(s, ": Client \"");
	else
		i = VG_STR_FIND(s, ": Client \"");
	if (i < 0)
		return false;
	head = vg_str_sub(s, 0, (size_t)i);
	ip = vg_str_sub(s, (size_t)i + 10, s.len);
	if ((j = vg_str_chr(ip, '"')) < 0)
		return false;
	ip.len = (size_t)j;
	verdict = head;
	if (head.len > 0 && head.p[0] == '[') {
		if ((j = VG_STR_RFIND(head, "] ")) < 0)
			return false;
		verdict = vg_str_sub(head, (size_t)j + 2, head.len);
		head = vg_str_sub(head, 1, (size_t)j);
	} else {
		head = VG_STR_NULL;
	}
	if (VG_STR_EQ(verdict, "CONNECT")) {
		vg_logfmt__hit_init(h, VG_ACT_CONNECT, VG_OUT_UNKNOWN,
		    "connection");
	} else if ((ok = VG_STR_EAT(&verdict, "OK ")) ||
	    VG_STR_EAT(&verdict, "FAIL ")) {
		enum vg_outcome o = ok ? VG_OUT_SUCCESS : VG_OUT_FAILURE;

		if (VG_STR_EQ(verdict, "LOGIN"))
			vg_logfmt__hit_init(h, VG_ACT_AUTH, o, ok ? "login" :
			    "login failed");
		else if (VG_STR_EQ(verdict, "UPLOAD") ||
		    VG_STR_EQ(verdict, "DOWNLOAD"))
			vg_logfmt__hit_init(h, VG_ACT_FILE_TRANSFER, o,
			    ok ? "transfer" : "transfer failed");
		else
			vg_logfmt__hit_init(h, VG_ACT_COMMAND, o,
			    ok ? "command" : "command failed");
	} else {
		return false;
	}
	h->h_user = head;
	return vg_addr_parse(ip, &h->h_addr) || (ip.len == 0 &&
	    h->h_action != VG_ACT_AUTH);
}

static int
vsftpd_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_logfmt__hit h;

	if (vsftpd_parse(msg, &h))
		return vg_logfmt__hit_commit(&h, ev);
	return pam_fallback(msg, ev);
}

/*
 * vsftpd's own log: "Fri Jan 19 12:20:33 2007 [pid 27202] [user] ...",
 * a fixed-width asctime() stamp, so offsets 3, 7 and 25 reject foreign
 * lines at once.
 */
static int
vsftpd_line(struct vg_logsrc *ls, struct vg_str line, struct vg_event *ev)
{
	struct vg_str s = line;
	struct vg_logfmt__hit h;
	uint64_t day, hh, mi, se, year, pid;
	int mon;

	if (line.len < 32 || line.p[3] != ' ' || line.p[7] != ' ' ||
	    line.p[24] != ' ' || line.p[25] != '[') {
		/* --format vsftpd over a syslog file of vsftpd's. */
		return vg_logfmt__forced_syslog(ls, line, ev,
		    &vg_logfmt_vsftpd);
	}
	if ((mon = vg_time_month(vg_str_sub(s, 4, 7))) == 0)
		return VG_ERR_FORMAT;
	vg_str_skip(&s, 8);
	vg_str_skip_ws(&s);
	if (!vg_str_uint(&s, 2, 31, &day) || !VG_STR_EAT(&s, " ") ||
	    !vg_str_uint(&s, 2, 23, &hh) || !VG_STR_EAT(&s, ":") ||
	    !vg_str_uint(&s, 2, 59, &mi) || !VG_STR_EAT(&s, ":") ||
	    !vg_str_uint(&s, 2, 60, &se) || !VG_STR_EAT(&s, " ") ||
	    !vg_str_uint(&s, 4, 9999, &year) || !VG_STR_EAT(&s, " [pid ") ||
	    !vg_str_uint(&s, 10, INT64_MAX, &pid) || !VG_STR_EAT(&s, "] "))
		return VG_ERR_FORMAT;
	ev->ev_time = vg_logsrc_local(ls, vg_time_from_civil((int)year, mon,
	    (int)day, (int)hh, (int)mi, (int)se)) * VG_USEC;
	ev->ev_dataset = vg_logfmt_vsftpd.lf_name;
	ev->ev_program = VG_STR_LIT("vsftpd");
	ev->ev_pid = (int64_t)pid;
	if (vsftpd_parse(s, &h))
		return vg_logfmt__hit_commit(&h, ev);
	vg_logfmt_extract(s, ev);
	return 0;
}

/*
 * ProFTPD --------------------------------------------------------------
 *
 * "SERVER (NAME[IP]) - MESSAGE" (older releases ": MESSAGE").  The
 * prefix is ProFTPD's, so its first bracket is the client; the message
 * after it quotes the login name, which is client text.
 */
static int
proftpd_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = msg, u;
	struct vg_logfmt__hit h;
	ptrdiff_t i, j;
	struct vg_addr a;

	/* "SERVER (NAME[IP])" */
	if ((i = VG_STR_FIND(s, " (")) <= 0 || vg_str_chr(vg_str_sub(s, 0,
	    (size_t)i), ' ') >= 0)
		return pam_fallback(msg, ev);
	vg_str_skip(&s, (size_t)i + 2);
	if ((i = vg_str_chr(s, '[')) < 0 || (j = VG_STR_FIND(s, "])")) < i ||
	    !vg_addr_parse(vg_str_sub(s, (size_t)i + 1, (size_t)j), &a))
		return VG_ERR_FORMAT;
	vg_str_skip(&s, (size_t)j + 2);
	if (!VG_STR_EAT(&s, " - ") && !VG_STR_EAT(&s, ": "))
		return VG_ERR_FORMAT;
	if (VG_STR_EAT(&s, "USER ") || VG_STR_EAT(&s, "ANON ")) {
		u = s;
		if ((i = VG_STR_RFIND(s, " (Login failed): ")) >= 0) {
			vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_FAILURE,
			    "login failed");
		} else if ((i = VG_STR_RFIND(s,
		    ": no such user found ")) >= 0) {
			vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_FAILURE,
			    "no such user");
		} else if ((i = VG_STR_RFIND(s, ": Login successful")) >= 0) {
			vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_SUCCESS,
			    "login");
		} else {
			return VG_ERR_FORMAT;
		}
		h.h_user = vg_str_sub(u, 0, (size_t)i);
	} else if (VG_STR_EAT(&s, "SECURITY VIOLATION: ")) {
		/* "SECURITY VIOLATION: root login attempted" */
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "root login refused");
		if (!vg_str_word(&s, &h.h_user))
			return VG_ERR_FORMAT;
	} else if (VG_STR_PREFIX(s, "Maximum login attempts")) {
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "too many login attempts");
	} else if (VG_STR_PREFIX(s, "FTP session opened")) {
		vg_logfmt__hit_init(&h, VG_ACT_SESSION_START, VG_OUT_SUCCESS,
		    "session opened");
	} else if (VG_STR_PREFIX(s, "FTP session closed")) {
		vg_logfmt__hit_init(&h, VG_ACT_SESSION_END, VG_OUT_SUCCESS,
		    "session closed");
	} else if (VG_STR_PREFIX(s, "FTP login timed out")) {
		vg_logfmt__hit_init(&h, VG_ACT_DISCONNECT, VG_OUT_FAILURE,
		    "login timed out");
	} else {
		return VG_ERR_FORMAT;
	}
	h.h_addr = a;
	return vg_logfmt__hit_commit(&h, ev);
}

/*
 * Pure-FTPd: "(USER@HOST) [LEVEL] MESSAGE", USER "?" before login.  The
 * user may hold '@', so the host is after the last '@' before ") [".
 */
static int
pureftpd_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = msg, who, user;
	struct vg_logfmt__hit h;
	ptrdiff_t i, at;

	if (!VG_STR_EAT(&s, "(") || (i = VG_STR_FIND(s, ") [")) < 0)
		return pam_fallback(msg, ev);
	who = vg_str_sub(s, 0, (size_t)i);
	vg_str_skip(&s, (size_t)i + 3);
	if ((i = VG_STR_FIND(s, "] ")) < 0 || i > 8 ||
	    (at = VG_STR_RFIND(who, "@")) < 0)
		return VG_ERR_FORMAT;
	vg_str_skip(&s, (size_t)i + 2);
	user = vg_str_sub(who, 0, (size_t)at);
	if (VG_STR_EQ(user, "?"))
		user = VG_STR_NULL;
	if (VG_STR_EAT(&s, "Authentication failed for user [")) {
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "login failed");
		if ((i = VG_STR_RFIND(s, "]")) < 0)
			return VG_ERR_FORMAT;
		user = vg_str_sub(s, 0, (size_t)i);
	} else if (VG_STR_SUFFIX(s, " is now logged in")) {
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_SUCCESS, "login");
		if (user.len == 0)
			user = vg_str_sub(s, 0, s.len - 17);
	} else if (VG_STR_PREFIX(s, "New connection from ")) {
		vg_logfmt__hit_init(&h, VG_ACT_CONNECT, VG_OUT_UNKNOWN,
		    "connection");
	} else if (VG_STR_PREFIX(s, "Logout")) {
		vg_logfmt__hit_init(&h, VG_ACT_SESSION_END, VG_OUT_SUCCESS,
		    "logout");
	} else if (VG_STR_FIND(s, " uploaded ") > 0 ||
	    VG_STR_FIND(s, " downloaded ") > 0) {
		vg_logfmt__hit_init(&h, VG_ACT_FILE_TRANSFER, VG_OUT_SUCCESS,
		    "transfer");
	} else {
		return VG_ERR_FORMAT;
	}
	h.h_user = user;
	if (!hit_host(vg_str_sub(who, (size_t)at + 1, who.len), &h))
		return VG_ERR_FORMAT;
	return vg_logfmt__hit_commit(&h, ev);
}

/*
 * Classic ftpd (BSD, netkit, wu-ftpd, gssftpd) ---------------------------
 *
 * "FTP LOGIN FAILED FROM HOST, USER", "failed login from NAME [IP]",
 * "repeated login failures from IP (NAME)", "FTP LOGIN FROM HOST [IP],
 * USER" and "connection from IP (NAME) at DATE".  The host comes before
 * the user, so the first words are the daemon's.
 */
static int
ftpd_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = msg;
	struct vg_logfmt__hit h;
	ptrdiff_t i;

	if (VG_STR_EAT(&s, "FTP LOGIN FAILED FROM ")) {
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "login failed");
	} else if (VG_STR_EAT(&s, "FTP LOGIN REFUSED ")) {
		/* "FTP LOGIN REFUSED (reason) FROM HOST [IP], USER" */
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "login refused");
		if ((i = VG_STR_FIND(s, " FROM ")) < 0)
			return VG_ERR_FORMAT;
		vg_str_skip(&s, (size_t)i + 6);
	} else if (VG_STR_EAT(&s, "ANONYMOUS FTP LOGIN FROM ")) {
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_SUCCESS,
		    "anonymous login");
		h.h_user = VG_STR_LIT("anonymous");
		return hit_host(s, &h) ? vg_logfmt__hit_commit(&h, ev) :
		    VG_ERR_FORMAT;
	} else if (VG_STR_EAT(&s, "FTP LOGIN FROM ")) {
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_SUCCESS, "login");
		if ((i = VG_STR_FIND(s, " as ")) > 0) {
			/* netkit: "FTP LOGIN FROM HOST as USER" */
			h.h_user = vg_str_sub(s, (size_t)i + 4, s.len);
			s.len = (size_t)i;
			return hit_host(s, &h) ? vg_logfmt__hit_commit(&h, ev) :
			    VG_ERR_FORMAT;
		}
	} else if (VG_STR_EAT(&s, "failed login from ")) {
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "login failed");
		return hit_host(s, &h) ? vg_logfmt__hit_commit(&h, ev) :
		    VG_ERR_FORMAT;
	} else if (VG_STR_EAT(&s, "repeated login failures from ")) {
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "repeated login failures");
		return hit_host(s, &h) ? vg_logfmt__hit_commit(&h, ev) :
		    VG_ERR_FORMAT;
	} else if (VG_STR_EAT(&s, "connection from ")) {
		vg_logfmt__hit_init(&h, VG_ACT_CONNECT, VG_OUT_UNKNOWN,
		    "connection");
		return hit_host(s, &h) ? vg_logfmt__hit_commit(&h, ev) :
		    VG_ERR_FORMAT;
	} else {
		return pam_fallback(msg, ev);
	}
	/* "HOST[ [IP]], USER": the user follows the first ", ". */
	if ((i = VG_STR_FIND(s, ", ")) < 0 || !hit_host(vg_str_sub(s, 0,
	    (size_t)i), &h))
		return VG_ERR_FORMAT;
	h.h_user = vg_str_trim(vg_str_sub(s, (size_t)i + 2, s.len));
	return vg_logfmt__hit_commit(&h, ev);
}

static const char *const vsftpd_programs[] = { "vsftpd", NULL };
static const char *const proftpd_programs[] = { "proftpd", NULL };
static const char *const pureftpd_programs[] = {
	"pure-ftpd", "pure-ftpd-mysql", "pure-ftpd-ldap",
	"pure-ftpd-postgresql", NULL
};
static const char *const ftpd_programs[] = {
	"ftpd", "in.ftpd", "wu-ftpd", "wu.ftpd", "in.wuftpd", "gssftpd", NULL
};

const struct vg_logfmt vg_logfmt_vsftpd = {
	.lf_name = "vsftpd",
	.lf_desc = "vsftpd (syslog and its own log): failed and accepted "
	    "logins, connections, transfers",
	.lf_line = vsftpd_line,
	.lf_msg = vsftpd_msg,
	.lf_programs = vsftpd_programs,
};

const struct vg_logfmt vg_logfmt_proftpd = {
	.lf_name = "proftpd",
	.lf_desc = "ProFTPD: failed logins, unknown users, root logins, "
	    "sessions",
	.lf_msg = proftpd_msg,
	.lf_programs = proftpd_programs,
};

const struct vg_logfmt vg_logfmt_pureftpd = {
	.lf_name = "pure-ftpd",
	.lf_desc = "Pure-FTPd: authentication failures, logins, transfers",
	.lf_msg = pureftpd_msg,
	.lf_programs = pureftpd_programs,
};

const struct vg_logfmt vg_logfmt_ftpd = {
	.lf_name = "ftpd",
	.lf_desc = "BSD/netkit ftpd, wu-ftpd, gssftpd: failed and accepted "
	    "logins, connections",
	.lf_msg = ftpd_msg,
	.lf_programs = ftpd_programs,
};
