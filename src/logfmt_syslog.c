/*
 * logfmt_syslog.c -- syslog framing and dispatch to program decoders.
 *
 * One parser covers the framings seen in the field: RFC 3164 with or
 * without year and hostname, RFC 5424, rsyslog's ISO 8601 high-precision
 * stamps (also journalctl -o short-iso), journalctl -o short, BSD
 * syslogd -v/-vv ("<4.3>", "<auth.info>") and BusyBox's facility.level
 * column.  It never modifies the line: host, program and message are views.
 */
#include "logfmt_int.h"

#include <pthread.h>

/*
 * Program decoders reached through the framing.  See prog_lookup() for
 * how a program name as written finds its decoder.
 */
const struct vg_logfmt *const vg_logfmt__programs[] = {
	&vg_logfmt_sshd,
	&vg_logfmt_pam,
	&vg_logfmt_postfix,
	&vg_logfmt_dovecot,
	&vg_logfmt_exim,
	&vg_logfmt_sendmail,
	&vg_logfmt_courier,
	&vg_logfmt_cyrus,
	&vg_logfmt_uwimap,
	&vg_logfmt_mailbox,
	&vg_logfmt_opensmtpd,
	&vg_logfmt_solidpop3d,
	&vg_logfmt_qmail,
	&vg_logfmt_perdition,
	&vg_logfmt_vsftpd,
	&vg_logfmt_proftpd,
	&vg_logfmt_pureftpd,
	&vg_logfmt_ftpd,
	&vg_logfmt_named,
	&vg_logfmt_nsd,
	&vg_logfmt_dropbear,
	&vg_logfmt_sudo,
	&vg_logfmt_su,
	&vg_logfmt_login,
	&vg_logfmt_xinetd,
	&vg_logfmt_webmin,
	&vg_logfmt_xrdp,
	&vg_logfmt_screensharing,
	&vg_logfmt_web,
};
const size_t vg_logfmt__nprograms = VG_ARRAY_LEN(vg_logfmt__programs);


#define PROG_SLOTS	512		/* power of two, > 2x program names */

struct prog_slot {
	const char		*name;
	size_t			 len;
	const struct vg_logfmt	*lf;
};

static struct prog_slot prog_table[PROG_SLOTS];
static pthread_once_t prog_once = PTHREAD_ONCE_INIT;

static void
prog_table_build(void)
{
	const struct vg_logfmt *lf;
	const char *const *np;
	uint32_t h;
	size_t i, len;

	for (i = 0; i < vg_logfmt__nprograms; i++) {
		lf = vg_logfmt__programs[i];
		for (np = lf->lf_programs; np != NULL && *np != NULL; np++) {
			len = strlen(*np);
			h = vg_logfmt__fnv1a(*np, len) & (PROG_SLOTS - 1);
			while (prog_table[h].name != NULL)
				h = (h + 1) & (PROG_SLOTS - 1);
			prog_table[h] = (struct prog_slot){ *np, len, lf };
		}
	}
}

static const struct vg_logfmt *
prog_find(struct vg_str prog)
{
	uint32_t h;

	if (prog.len == 0)
		return NULL;
	h = vg_logfmt__fnv1a(prog.p, prog.len) & (PROG_SLOTS - 1);
	while (prog_table[h].name != NULL) {
		if (prog_table[h].len == prog.len &&
		    memcmp(prog_table[h].name, prog.p, prog.len) == 0)
			return prog_table[h].lf;
		h = (h + 1) & (PROG_SLOTS - 1);
	}
	return NULL;
}

/*
 * Programs write their names in many shapes.  Tried in order: the whole
 * name ("sshd"); for "sshd(pam_unix)" the module in parentheses, which
 * wrote the line; the part before '(' or '<' ("auth-worker(22401)",
 * dovecot's "auth(user,ip)<sess>"); the part before '/' ("postfix/smtpd",
 * "cyrus/imap"); and for multi-instance Postfix ("postfix-in/smtpd") the
 * part before '-'.
 */
static const struct vg_logfmt *
prog_lookup(struct vg_str prog)
{
	const struct vg_logfmt *lf;
	ptrdiff_t paren, cut;

	if (prog.len == 0)
		return NULL;
	pthread_once(&prog_once, prog_table_build);
	if ((lf = prog_find(prog)) != NULL)
		return lf;
	if (prog.p[prog.len - 1] == ')' && (paren = vg_str_chr(prog, '(')) > 0 &&
	    (lf = prog_find(vg_str_make(prog.p + paren + 1,
	    prog.len - (size_t)paren - 2))) != NULL)
		return lf;
	if (((cut = vg_str_chr(prog, '(')) > 0 ||
	    (cut = vg_str_chr(prog, '<')) > 0) &&
	    (lf = prog_find(vg_str_make(prog.p, (size_t)cut))) != NULL)
		return lf;
	if ((cut = vg_str_chr(prog, '/')) > 0) {
		prog.len = (size_t)cut;
		if ((lf = prog_find(prog)) != NULL)
			return lf;
		if ((cut = vg_str_chr(prog, '-')) > 0)
			return prog_find(vg_str_make(prog.p, (size_t)cut));
	}
	return NULL;
}

static inline bool
two_digits(const char *p, int *vp)
{
	unsigned a = (unsigned)(unsigned char)p[0] - '0';
	unsigned b = (unsigned)(unsigned char)p[1] - '0';

	if (a > 9 || b > 9)
		return false;
	*vp = (int)(a * 10 + b);
	return true;
}

/* "hh:mm:ss" at the start of `s', consumed with any ".frac". */
static bool
clock_time(struct vg_str *s, int *hp, int *mp, int *secp, int64_t *usp)
{
	int64_t frac = 0, scale = VG_USEC;

	if (s->len < 8 || s->p[2] != ':' || s->p[5] != ':' ||
	    !two_digits(s->p, hp) || !two_digits(s->p + 3, mp) ||
	    !two_digits(s->p + 6, secp) || *hp > 23 || *mp > 59 || *secp > 60)
		return false;
	vg_str_skip(s, 8);
	if (s->len > 1 && s->p[0] == '.' && s->p[1] >= '0' && s->p[1] <= '9') {
		vg_str_skip(s, 1);
		while (s->len > 0 && s->p[0] >= '0' && s->p[0] <= '9') {
			if (scale > 1) {
				scale /= 10;
				frac += (s->p[0] - '0') * scale;
			}
			vg_str_skip(s, 1);
		}
	}
	*usp = frac;
	return true;
}

static bool
year4(struct vg_str *s, int *yp)
{
	int a, b;

	/* The space first: it is what the time ("hh:mm") lacks. */
	if (s->len < 5 || s->p[4] != ' ' || !two_digits(s->p, &a) ||
	    !two_digits(s->p + 2, &b))
		return false;
	*yp = a * 100 + b;
	vg_str_skip(s, 5);
	return true;
}

/*
 * A TAI64N label, "@" and 24 hex digits, as daemontools' multilog, runit's
 * svlogd and s6-log write it: 2^62 + 10 + the Unix second, then the
 * nanoseconds.  This is how tai64nlocal reads it (a running system's
 * labels carry no leap seconds); fail2ban drops only the 2^62.
 */
#define TAI64_UNIX	UINT64_C(0x400000000000000a)
#define TAI64_MAX_SEC	INT64_C(253402300799)	/* 9999-12-31T23:59:59Z */

static bool
tai64n_stamp(struct vg_str *s, int64_t *usp)
{
	uint64_t sec = 0, ns = 0;
	int i, d;

	if (s->len < 25 || s->p[0] != '@')
		return false;
	for (i = 1; i <= 24; i++) {
		if ((d = vg_hexval(s->p[i])) < 0)
			return false;
		if (i <= 16)
			sec = sec << 4 | (uint64_t)d;
		else
			ns = ns << 4 | (uint64_t)d;
	}
	if (sec < TAI64_UNIX || sec - TAI64_UNIX > (uint64_t)TAI64_MAX_SEC ||
	    ns >= 1000000000)
		return false;
	*usp = (int64_t)(sec - TAI64_UNIX) * VG_USEC + (int64_t)(ns / 1000);
	vg_str_skip(s, 25);
	return true;
}

/*
 * "Mmm dd [yyyy] hh:mm:ss[.frac] [yyyy]": RFC 3164, journalctl -o short,
 * and the year-bearing variants some daemons write.
 */
static bool
rfc3164_stamp(struct vg_logsrc *ls, struct vg_str *s, int64_t *usp)
{
	struct vg_str t = *s, y;
	int mon, day = 0, year = 0, h, mi, se;
	int64_t frac, sec;
	size_t n = ls->ls_stamp_len;

	/*
	 * The stamp of the line before, to the byte, with nothing after it
	 * that would have been read with it (a fraction, a year): the same
	 * time.  Most lines of a busy log share their second with the line
	 * before.
	 */
	if (n > 0 && t.len > n && t.p[n] == ' ' &&
	    ls->ls_stamp_year == ls->ls_year &&
	    ls->ls_stamp_month == ls->ls_last_month &&
	    memcmp(t.p, ls->ls_stamp, n) == 0) {
		int later_year;

		y = vg_str_make(t.p + n + 1, t.len - n - 1);
		if (!year4(&y, &later_year)) {
			*usp = ls->ls_stamp_us;
			vg_str_skip(s, n);
			return true;
		}
	}
	if (t.len < 15 || t.p[3] != ' ' || (mon = vg_time_month(t)) == 0)
		return false;
	vg_str_skip(&t, 4);
	if (t.p[0] == ' ')
		vg_str_skip(&t, 1);
	if (t.len < 2 || t.p[0] < '0' || t.p[0] > '9')
		return false;
	day = t.p[0] - '0';
	vg_str_skip(&t, 1);
	if (t.p[0] >= '0' && t.p[0] <= '9') {
		day = day * 10 + t.p[0] - '0';
		vg_str_skip(&t, 1);
	}
	if (day < 1 || day > 31 || !VG_STR_EAT(&t, " "))
		return false;
	(void)year4(&t, &year);
	if (!clock_time(&t, &h, &mi, &se, &frac))
		return false;
	if (year == 0 && t.len > 5 && t.p[0] == ' ') {
		y = vg_str_make(t.p + 1, t.len - 1);
		if (year4(&y, &year))
			t = vg_str_make(y.p - 1, y.len + 1);
	}
	if (year != 0)
		sec = vg_logsrc_local(ls,
		    vg_time_from_civil(year, mon, day, h, mi, se));
	else
		sec = vg_logsrc_yearless(ls, mon, day, h, mi, se);
	*usp = sec * VG_USEC + frac;
	/* Remember a plain year-less stamp for the lines after it. */
	n = (size_t)(t.p - s->p);
	ls->ls_stamp_len = 0;
	if (year == 0 && n <= sizeof(ls->ls_stamp)) {
		memcpy(ls->ls_stamp, s->p, n);
		ls->ls_stamp_len = n;
		ls->ls_stamp_us = *usp;
		ls->ls_stamp_year = ls->ls_year;
		ls->ls_stamp_month = ls->ls_last_month;
	}
	*s = t;
	return true;
}

/* "host" or a BSD "<4.3>"/"<auth.info>" token: is `w' a priority tag? */
static bool
is_bsd_pri(struct vg_str w)
{
	return w.len >= 3 && w.p[0] == '<' && w.p[w.len - 1] == '>';
}

/* BusyBox writes "facility.level" between host and tag. */
static bool
is_fac_level(struct vg_str w)
{
	static const char *const levels[] = { "emerg", "alert", "crit", "err",
	    "warn", "warning", "notice", "info", "debug" };
	ptrdiff_t dot = vg_str_chr(w, '.');
	struct vg_str lv;
	size_t i;

	if (dot <= 0)
		return false;
	lv = vg_str_make(w.p + dot + 1, w.len - (size_t)dot - 1);
	for (i = 0; i < VG_ARRAY_LEN(levels); i++)
		if (vg_str_eq(lv, levels[i], strlen(levels[i])))
			return true;
	return false;
}

/*
 * Parse "TAG[PID]: " at the start of `s'.  The tag may contain '/', '-',
 * '.', and parenthesised parts that may hold ':' ("postfix/smtpd",
 * "sshd(pam_unix)", dovecot's "auth(user,ip,sasl:login)<sess>"); BSD
 * writes "[sshd]:"; ProFTPD writes "proftpd[12] host (...): " without
 * the colon after the pid.  Returns false when `s' does not start with a
 * tag.
 */
static const bool tag_stop[256] = {
	['['] = true, [':'] = true, [' '] = true, ['('] = true,
};

/* tag_stop plus the tab, which ends a word (see plain_host()). */
static const bool host_stop[256] = {
	['['] = true, [':'] = true, [' '] = true, ['('] = true, ['\t'] = true,
};

static bool
parse_tag(struct vg_str *s, struct vg_str *progp, int64_t *pidp)
{
	struct vg_str t = *s, prog;
	uint64_t pid;
	size_t i = 0, n, lim;
	unsigned d;

	*pidp = -1;
	if (t.len > 2 && t.p[0] == '[') {
		ptrdiff_t close = vg_str_chr(t, ']');

		/* Old BSD syslogds drop the colon: "[sshd] User ..." */
		if (close < 2 || (size_t)close + 1 >= t.len ||
		    (t.p[close + 1] != ':' && (t.p[close + 1] != ' ' ||
		    t.p[1] < 'a' || t.p[1] > 'z')))
			return false;
		*progp = vg_str_make(t.p + 1, (size_t)close - 1);
		vg_str_skip(&t, (size_t)close + 1);
		(void)VG_STR_EAT(&t, ":");
		vg_str_skip_ws(&t);
		*s = t;
		return true;
	}
	/* One table lookup per byte: the tag runs to '[', ':' or ' '. */
	lim = VG_MIN(t.len, 64);
	while (i < lim && !tag_stop[(unsigned char)t.p[i]])
		i++;
	while (i < t.len && t.p[i] == '(' && i < 64) {
		{
			const char *close = memchr(t.p + i, ')', t.len - i);

			if (close == NULL || close - t.p > 128)
				return false;
			i = (size_t)(close - t.p);
		}
		i++;
		while (i < t.len && !tag_stop[(unsigned char)t.p[i]] && i < 64)
			i++;
	}
	if (i == 0 || i >= t.len)
		return false;
	prog = vg_str_make(t.p, i);
	vg_str_skip(&t, i);
	if (t.p[0] == '[') {
		/* "[PID]": 1-10 digits, read here without vg_str_uint(). */
		lim = VG_MIN(t.len, 12);
		for (pid = 0, n = 1; n < lim &&
		    (d = (unsigned)(unsigned char)t.p[n] - '0') <= 9; n++)
			pid = pid * 10 + d;
		if (n == 1 || n > 11 || n >= t.len || t.p[n] != ']')
			return false;
		vg_str_skip(&t, n + 1);
		*pidp = (int64_t)pid;
		/* "prog[pid] msg" without the colon (ProFTPD). */
		if (t.len > 0 && t.p[0] == ' ') {
			vg_str_skip_ws(&t);
			*progp = prog;
			*s = t;
			return true;
		}
	}
	if (!VG_STR_EAT(&t, ":"))
		return false;
	if (t.len > 0 && t.p[0] != ' ' && t.p[0] != '\t')
		return false;
	vg_str_skip_ws(&t);
	*progp = prog;
	*s = t;
	return true;
}

/*
 * The length of the host word at the start of `s' when it plainly is no
 * tag: it runs to a space, without a tab or any of the bytes that end a
 * tag ('[', ':', '('), and is shorter than the 64 bytes a tag may have.
 * parse_tag() would refuse it and vg_str_word() would take it whole, so
 * neither needs to run.  Returns 0 when that is not plain.
 */
static size_t
plain_host(struct vg_str s)
{
	size_t i = 0, lim = VG_MIN(s.len, 64);

	while (i < lim && !host_stop[(unsigned char)s.p[i]])
		i++;
	return i < lim && s.p[i] == ' ' ? i : 0;
}

/* RFC 5424: "1 TIMESTAMP HOST APP PROCID MSGID SD MSG" after the PRI. */
static int
rfc5424(struct vg_str s, struct vg_event *ev, struct vg_str *msgp)
{
	struct vg_str host, app, procid, msgid;
	int64_t us;
	bool has_tz;
	uint64_t pid;
	size_t i;
	bool quoted = false;

	if (!VG_STR_EAT(&s, "1 ") || !vg_time_parse_iso(&s, &us, &has_tz) ||
	    !VG_STR_EAT(&s, " "))
		return VG_ERR_FORMAT;
	if (!vg_str_word(&s, &host) || !vg_str_word(&s, &app) ||
	    !vg_str_word(&s, &procid) || !vg_str_word(&s, &msgid))
		return VG_ERR_FORMAT;
	if (VG_STR_EAT(&s, "-")) {
		vg_str_skip_ws(&s);
	} else if (s.len > 0 && s.p[0] == '[') {
		/* Structured data: [id k="v\]" ...][...]; skip it whole. */
		for (i = 0; i < s.len; i++) {
			if (s.p[i] == '\\' && quoted) {
				i++;
				continue;
			}
			if (s.p[i] == '"')
				quoted = !quoted;
			else if (s.p[i] == ']' && !quoted &&
			    (i + 1 == s.len || s.p[i + 1] != '['))
				break;
		}
		vg_str_skip(&s, VG_MIN(i + 1, s.len));
		vg_str_skip_ws(&s);
	} else {
		return VG_ERR_FORMAT;
	}
	(void)VG_STR_EAT(&s, "\xef\xbb\xbf");	/* BOM before UTF-8 MSG */
	ev->ev_time = us;
	if (!VG_STR_EQ(host, "-"))
		ev->ev_host = host;
	if (!VG_STR_EQ(app, "-"))
		ev->ev_program = app;
	if (vg_str_uint(&procid, 10, INT64_MAX, &pid) && procid.len == 0)
		ev->ev_pid = (int64_t)pid;
	*msgp = s;
	return 0;
}

int
vg_logfmt_syslog_frame(struct vg_logsrc *ls, struct vg_str line,
    struct vg_event *ev, struct vg_str *msgp)
{
	struct vg_str s = line, host = VG_STR_NULL, w, save, prog = VG_STR_NULL;
	int64_t us, pid = -1;
	uint64_t pri;
	size_t n;

	if (s.len > 2 && s.p[0] == '<') {
		vg_str_skip(&s, 1);
		if (!vg_str_uint(&s, 3, 191, &pri) || !VG_STR_EAT(&s, ">"))
			return VG_ERR_FORMAT;
		if (s.len > 2 && s.p[0] == '1' && s.p[1] == ' ')
			return rfc5424(s, ev, msgp);
	}
	if (s.len < 15)
		return VG_ERR_FORMAT;
	if (s.p[0] >= 'A' && s.p[0] <= 'S') {
		if (!rfc3164_stamp(ls, &s, &us))
			return VG_ERR_FORMAT;
	} else if (s.p[0] >= '1' && s.p[0] <= '2') {
		if (!vg_logfmt__iso_time(ls, &s, &us))
			return VG_ERR_FORMAT;
	} else if (s.p[0] == '@') {
		if (!tai64n_stamp(&s, &us))
			return VG_ERR_FORMAT;
	} else {
		return VG_ERR_FORMAT;
	}
	if (!VG_STR_EAT(&s, " "))
		return VG_ERR_FORMAT;
	vg_str_skip_ws(&s);
	/* BSD syslogd -v/-vv: "<4.3>" or "<auth.info>" before the host. */
	if (s.len > 0 && s.p[0] == '<') {
		save = s;
		if (vg_str_word(&s, &w) && !is_bsd_pri(w))
			s = save;
	}
	/*
	 * Either "TAG: msg" directly (no hostname) or "HOST TAG: msg", with
	 * BusyBox's "facility.level" between host and tag.  The common case
	 * (host, then tag) scans each word once.
	 */
	if ((n = plain_host(s)) > 0 || !parse_tag(&s, &prog, &pid)) {
		if (n > 0) {
			host = vg_str_make(s.p, n);
			vg_str_skip(&s, n);
			vg_str_skip_ws(&s);
		} else if (!vg_str_word(&s, &host)) {
			return VG_ERR_FORMAT;
		}
		save = s;
		if (!parse_tag(&s, &prog, &pid)) {
			s = save;
			if (!(vg_str_word(&s, &w) && is_fac_level(w) &&
			    parse_tag(&s, &prog, &pid))) {
				s = save;
				prog = VG_STR_NULL;	/* 3164 allows no tag */
			}
		}
	}
	ev->ev_time = us;
	ev->ev_host = host;
	ev->ev_program = prog;
	ev->ev_pid = pid;
	*msgp = s;
	return 0;
}

/*
 * Run a program decoder; on VG_ERR_FORMAT put the event back as it was,
 * whatever the decoder had set, so a half-parsed message never leaves a
 * stray user or outcome behind.  The copy covers the fixed slots and the
 * counts of extras and observables (the arrays past them are only ever
 * appended to).
 */
static bool
run_msg(const struct vg_logfmt *lf, struct vg_str msg, struct vg_event *ev)
{
	unsigned char saved[offsetof(struct vg_event, ev_extra)];
	unsigned nextra = ev->ev_nextra, nobs = ev->ev_nobs;
	size_t scratch = ev->ev_scratch_used;

	memcpy(saved, ev, sizeof(saved));
	/* A decoder that hands over to another may name that one instead. */
	ev->ev_dataset = lf->lf_name;
	if (lf->lf_msg(msg, ev) == 0)
		return true;
	memcpy(ev, saved, sizeof(saved));
	ev->ev_nextra = nextra;
	ev->ev_nobs = nobs;
	ev->ev_scratch_used = scratch;
	return false;
}

/* Run the decoder of the framed program over the message. */
static void
decode_message(struct vg_str msg, struct vg_event *ev)
{
	const struct vg_logfmt *lf;
	ptrdiff_t i;

	/*
	 * rsyslog's "message repeated 3 times: [ Failed password ...]": the
	 * inner message is what happened; fail2ban counts it too.  The count
	 * starts at 17; in "message repeated times: [ " the search finds the
	 * prefix's own space at 16, which must not make a negative length.
	 */
	if (VG_STR_PREFIX(msg, "message repeated ") &&
	    (i = VG_STR_FIND(msg, " times: [ ")) >= 17 &&
	    msg.p[msg.len - 1] == ']') {
		vg_event_extra(ev, "event.repeat", vg_str_make(msg.p + 17,
		    (size_t)i - 17), true);
		msg = vg_str_make(msg.p + i + 10, msg.len - (size_t)i - 11);
	}
	/* Solaris adds a message id: "[ID 800047 auth.info] Failed ..." */
	if (VG_STR_PREFIX(msg, "[ID ") && (i = VG_STR_FIND(msg, "] ")) > 0)
		vg_str_skip(&msg, (size_t)i + 2);
	/*
	 * PAM modules, and libpam itself ("PAM 2 more authentication
	 * failures"), log under the calling program's name.
	 */
	if ((VG_STR_PREFIX(msg, "pam_") || VG_STR_PREFIX(msg, "(pam_") ||
	    VG_STR_PREFIX(msg, "PAM ")) && run_msg(&vg_logfmt_pam, msg, ev))
		return;
	if ((lf = prog_lookup(ev->ev_program)) != NULL) {
		if (run_msg(lf, msg, ev))
			return;
		ev->ev_dataset = lf->lf_name;
	} else {
		ev->ev_dataset = vg_logfmt_syslog.lf_name;
	}
	vg_logfmt_extract(msg, ev);
}

static int
syslog_line(struct vg_logsrc *ls, struct vg_str line, struct vg_event *ev)
{
	struct vg_str msg;
	int r;

	if ((r = vg_logfmt_syslog_frame(ls, line, ev, &msg)) != 0)
		return r;
	decode_message(msg, ev);
	vg_logfmt__conn_track(ls, ev);
	return 0;
}

/*
 * "HOST TAG[PID]: msg" without a time stamp: journal exports and the
 * fail2ban journal test logs.  Only reached with --format syslog-notime,
 * since in auto-detection it would claim too many foreign lines.
 */
static int
syslog_notime_line(struct vg_logsrc *ls, struct vg_str line,
    struct vg_event *ev)
{
	struct vg_str s = line, host, prog, msg;
	int64_t pid;

	/* A line that does carry a time stamp is framed as syslog. */
	if (syslog_line(ls, line, ev) == 0)
		return 0;
	if (!parse_tag(&s, &prog, &pid)) {
		if (!vg_str_word(&s, &host) || !parse_tag(&s, &prog, &pid))
			return VG_ERR_FORMAT;
		ev->ev_host = host;
	}
	ev->ev_program = prog;
	ev->ev_pid = pid;
	msg = s;
	decode_message(msg, ev);
	vg_logfmt__conn_track(ls, ev);
	return 0;
}

const struct vg_logfmt vg_logfmt_syslog = {
	.lf_name = "syslog",
	.lf_desc = "syslog: RFC 3164/5424, ISO 8601 (rsyslog, journalctl "
	    "short/short-iso), BSD, BusyBox; dispatches to program decoders",
	.lf_line = syslog_line,
};

const struct vg_logfmt vg_logfmt_syslog_notime = {
	.lf_name = "syslog-notime",
	.lf_desc = "\"host program[pid]: message\" without a time stamp "
	    "(journal exports); only with --format",
	.lf_line = syslog_notime_line,
};
