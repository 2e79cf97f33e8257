/*
 * logfmt_util.c -- helpers shared by the decoders; see logfmt_int.h.
 *
 * Runs in the ingest process.  Everything here is pure and reentrant:
 * state that spans lines lives in the caller's struct vg_logsrc.
 */
#include "logfmt_int.h"

int
vg_logfmt__hit_commit(const struct vg_logfmt__hit *h, struct vg_event *ev)
{
	ev->ev_action = h->h_action;
	ev->ev_outcome = h->h_outcome;
	ev->ev_reason = h->h_reason;
	if (h->h_user.len > 0)
		ev->ev_user = h->h_user;
	if (h->h_addr.af != VG_AF_NONE)
		ev->ev_src = h->h_addr;
	else if (h->h_name.len > 0)
		ev->ev_src_name = h->h_name;
	if (h->h_port >= 0)
		ev->ev_src_port = h->h_port;
	if (h->h_dst.af != VG_AF_NONE)
		ev->ev_dst = h->h_dst;
	if (h->h_domain.len > 0)
		ev->ev_domain = h->h_domain;
	if (h->h_target.len > 0)
		vg_event_extra(ev, "user.target.name", h->h_target, false);
	if (h->h_type.len > 0)
		vg_event_extra(ev, "dns.question.type", h->h_type, false);
	if (h->h_view.len > 0)
		vg_event_extra(ev, "dns.view", h->h_view, false);
	if (h->h_label != NULL && h->h_value.len > 0)
		vg_event_extra(ev, h->h_label, h->h_value, false);
	return 0;
}

int
vg_logfmt__syslog_fallback(struct vg_logsrc *ls, struct vg_str line,
    struct vg_event *ev, const struct vg_logfmt *lf)
{
	struct vg_str msg;

	if (ls->ls_forced != lf ||
	    vg_logfmt_syslog_frame(ls, line, ev, &msg) != 0)
		return VG_ERR_FORMAT;
	ev->ev_dataset = lf->lf_name;
	if (lf->lf_msg(msg, ev) != 0)
		vg_logfmt_extract(msg, ev);
	return 0;
}

bool
vg_logfmt__clf_civil(const char *p, int64_t *secp)
{
	int d, mo, y, h, mi, se;

	if (p[2] != '/' || p[6] != '/' || p[11] != ':' || p[14] != ':' ||
	    p[17] != ':')
		return false;
	if (!vg_logfmt__digits(p, 2, &d) ||
	    (mo = vg_time_month(vg_str_make(p + 3, 3))) == 0 ||
	    !vg_logfmt__digits(p + 7, 4, &y) ||
	    !vg_logfmt__digits(p + 12, 2, &h) ||
	    !vg_logfmt__digits(p + 15, 2, &mi) ||
	    !vg_logfmt__digits(p + 18, 2, &se) || d < 1 || d > 31 ||
	    h > 23 || mi > 59 || se > 60)
		return false;
	*secp = vg_time_from_civil(y, mo, d, h, mi, se);
	return true;
}

bool
vg_logfmt__clf_time(const char *p, bool check_offset, int64_t *usp)
{
	int64_t civil;
	int oh, om, off;

	if (p[20] != ' ' || (p[21] != '+' && p[21] != '-') ||
	    !vg_logfmt__clf_civil(p, &civil) ||
	    !vg_logfmt__digits(p + 22, 2, &oh) ||
	    !vg_logfmt__digits(p + 24, 2, &om))
		return false;
	if (check_offset && (oh > 23 || om > 59))
		return false;
	off = (oh * 3600 + om * 60) * (p[21] == '-' ? -1 : 1);
	*usp = (civil - off) * VG_USEC;
	return true;
}

json_t *
vg_logfmt__json_load(struct vg_str line)
{
	json_error_t err;
	json_t *root;

	/*
	 * JSON_ALLOW_NUL: a "\u0000" inside a payload or URL string is
	 * legal JSON and common in hostile traffic; it must not make the
	 * line unparsed.  Lengths are taken from jansson, never strlen.
	 */
	if ((root = json_loadb(line.p, line.len, JSON_ALLOW_NUL, &err)) == NULL)
		return NULL;
	if (!json_is_object(root)) {
		json_decref(root);
		return NULL;
	}
	return root;
}
