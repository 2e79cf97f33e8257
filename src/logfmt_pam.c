/*
 * logfmt_pam.c -- PAM module messages (pam_unix, pam_sss, pam_ldap, ...).
 *
 * PAM logs under the calling program's name ("sshd[1]: pam_unix(sshd:auth):
 * ..."), or, in older syslogs, as "sshd(pam_unix)[1]: ...".  The framing
 * hands such messages here whatever the program.
 */
#include "logfmt_int.h"

/* Value of "key=" in a "k=v k=v" list; empty view when absent or empty. */
static struct vg_str
kv(struct vg_str s, const char *key, size_t keylen)
{
	ptrdiff_t i;
	size_t n = 0;
	const char *p;

	while ((i = vg_str_find(s, key, keylen)) >= 0) {
		if (i == 0 || s.p[i - 1] == ' ' || s.p[i - 1] == ';') {
			p = s.p + i + keylen;
			while (p + n < s.p + s.len && p[n] != ' ' &&
			    p[n] != ';')
				n++;
			return vg_str_make(p, n);
		}
		vg_str_skip(&s, (size_t)i + keylen);
	}
	return VG_STR_NULL;
}

/*
 * "... ruser=RUSER rhost=RHOST[  user=USER]".  RUSER and USER are words
 * the client chose and may themselves hold " rhost=", but RHOST (an
 * address or a resolved name) never holds a space, and pam_unix writes
 * the fields in this order.  So the real RHOST is the first whose value
 * is followed by the end of the message or by " user=": a fake one in
 * RUSER is followed by the real " rhost=", and one in USER comes after
 * the real one.  Fills source and user (USER, else RUSER).
 */
static void
rhost_user(struct vg_str s, struct vg_event *ev)
{
	struct vg_str cur, rest, rhost = VG_STR_NULL, v;
	ptrdiff_t i, at = -1, ruser, sp;

	if (VG_STR_SUFFIX(s, " [preauth]"))
		s.len -= 10;
	s = vg_str_trim(s);
	for (cur = s; (i = VG_STR_FIND(cur, "rhost=")) >= 0;
	    vg_str_skip(&cur, (size_t)i + 6)) {
		if (i > 0 && cur.p[i - 1] != ' ' && cur.p[i - 1] != ';')
			continue;
		/* RHOST runs to a space. */
		v = rest = vg_str_make(cur.p + i + 6, cur.len - (size_t)i - 6);
		if ((sp = vg_str_chr(v, ' ')) >= 0)
			v.len = (size_t)sp;
		vg_str_skip(&rest, v.len);
		vg_str_skip_ws(&rest);
		if (rest.len == 0) {
			at = (cur.p - s.p) + i;
			rhost = v;
			break;
		}
		if (VG_STR_EAT(&rest, "user=")) {
			at = (cur.p - s.p) + i;
			rhost = v;
			ev->ev_user = rest;
			break;
		}
	}
	if (at < 0) {
		/* Not pam_unix's layout: take the first fields. */
		rhost = kv(s, "rhost=", 6);
		if ((v = kv(s, "user=", 5)).len > 0 ||
		    (v = kv(s, "ruser=", 6)).len > 0)
			ev->ev_user = v;
	} else if (ev->ev_user.len == 0 &&
	    (ruser = VG_STR_FIND(vg_str_make(s.p, (size_t)at), "ruser=")) >=
	    0 && at - ruser - 7 > 0) {
		ev->ev_user = vg_str_make(s.p + ruser + 6,
		    (size_t)(at - ruser - 7));
	}
	vg_logfmt__src_host(ev, rhost);
}

static int
pam_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = msg, module;
	ptrdiff_t i;
	uint64_t n;

	/*
	 * "pam_unix(sshd:auth): ", "pam_unix: " and, before Linux-PAM
	 * 0.99.2, "(pam_unix) ".
	 */
	if (VG_STR_PREFIX(s, "pam_")) {
		if ((i = VG_STR_FIND(s, ": ")) < 0)
			return VG_ERR_FORMAT;
		module = vg_str_make(s.p, (size_t)i);
		vg_event_extra(ev, "pam.module", module, false);
		vg_str_skip(&s, (size_t)i + 2);
	} else if (VG_STR_PREFIX(s, "(pam_")) {
		if ((i = VG_STR_FIND(s, ") ")) < 0)
			return VG_ERR_FORMAT;
		module = vg_str_make(s.p + 1, (size_t)i - 1);
		vg_event_extra(ev, "pam.module", module, false);
		vg_str_skip(&s, (size_t)i + 2);
	}
	if (VG_STR_EAT(&s, "PAM ")) {
		/* "PAM 5 more authentication failures; ... rhost=..." */
		if (!vg_str_uint(&s, 6, 1000000, &n) ||
		    !VG_STR_EAT(&s, " more authentication failure"))
			return VG_ERR_FORMAT;
		ev->ev_action = VG_ACT_AUTH;
		ev->ev_outcome = VG_OUT_FAILURE;
		ev->ev_reason = "more authentication failures";
		goto rhost;
	}
	if (VG_STR_EAT(&s, "authentication failure;")) {
		ev->ev_action = VG_ACT_AUTH;
		ev->ev_outcome = VG_OUT_FAILURE;
		ev->ev_reason = "authentication failure";
		goto rhost;
	}
	if (VG_STR_EAT(&s, "session opened for user ")) {
		ev->ev_action = VG_ACT_SESSION_START;
		ev->ev_outcome = VG_OUT_SUCCESS;
		ev->ev_reason = "session opened";
		goto sessuser;
	}
	if (VG_STR_EAT(&s, "session closed for user ")) {
		ev->ev_action = VG_ACT_SESSION_END;
		ev->ev_outcome = VG_OUT_SUCCESS;
		ev->ev_reason = "session closed";
		goto sessuser;
	}
	if (VG_STR_EAT(&s, "check pass; user unknown")) {
		ev->ev_action = VG_ACT_AUTH;
		ev->ev_outcome = VG_OUT_FAILURE;
		ev->ev_reason = "user unknown";
		return 0;
	}
	return VG_ERR_FORMAT;

 sessuser:
	/* "root(uid=0) by (uid=0)" or "root by (uid=0)" or "root" */
	for (i = 0; (size_t)i < s.len && s.p[i] != ' ' && s.p[i] != '('; i++)
		;
	ev->ev_user = vg_str_make(s.p, (size_t)i);
	return 0;

 rhost:
	rhost_user(s, ev);
	return 0;
}

static const char *const pam_programs[] = {
	"pam_unix", "pam", NULL
};

const struct vg_logfmt vg_logfmt_pam = {
	.lf_name = "pam",
	.lf_desc = "PAM modules: authentication failures with rhost, "
	    "sessions opened and closed",
	.lf_msg = pam_msg,
	.lf_programs = pam_programs,
};
