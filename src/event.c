/*
 * event.c -- normalized event helpers; see event.h.
 */
#include "event.h"

static const char *const action_names[VG_ACT_COUNT] = {
	[VG_ACT_NONE] = NULL,
	[VG_ACT_AUTH] = "authentication",
	[VG_ACT_SESSION_START] = "session-start",
	[VG_ACT_SESSION_END] = "session-end",
	[VG_ACT_CONNECT] = "connection",
	[VG_ACT_DISCONNECT] = "disconnect",
	[VG_ACT_PROTOCOL] = "protocol-error",
	[VG_ACT_PRIV] = "privilege-change",
	[VG_ACT_DNS_QUERY] = "dns-query",
	[VG_ACT_HTTP_REQUEST] = "http-request",
	[VG_ACT_IDS_ALERT] = "ids-alert",
	[VG_ACT_MAIL] = "mail",
	[VG_ACT_FILE_TRANSFER] = "file-transfer",
	[VG_ACT_COMMAND] = "command",
	[VG_ACT_TLS] = "tls",
	[VG_ACT_FLOW] = "network-flow",
	[VG_ACT_NOTICE] = "notice",
};

const char *
vg_action_name(enum vg_action a)
{
	return (unsigned)a < VG_ACT_COUNT ? action_names[a] : NULL;
}

const char *
vg_outcome_name(enum vg_outcome o)
{
	switch (o) {
	case VG_OUT_SUCCESS:	return "success";
	case VG_OUT_FAILURE:	return "failure";
	case VG_OUT_UNKNOWN:	break;
	}
	return NULL;
}

const char *
vg_attempt_name(enum vg_attempt a)
{
	switch (a) {
	case VG_ATTEMPT_HELD:		return "held";
	case VG_ATTEMPT_REPEAT:		return "repeat";
	case VG_ATTEMPT_COUNTED:	return "counted";
	case VG_ATTEMPT_OUTCOME:	break;
	}
	return NULL;
}

void
vg_event_reset(struct vg_event *ev)
{
	/* Everything up to the scratch area; the scratch is reused as is. */
	memset(ev, 0, offsetof(struct vg_event, ev_extra));
	ev->ev_time = VG_NO_TIME;
	ev->ev_src_port = -1;
	ev->ev_dst_port = -1;
	ev->ev_pid = -1;
	ev->ev_bytes = -1;
	ev->ev_nextra = 0;
	ev->ev_extra_dropped = 0;
	ev->ev_nobs = 0;
	ev->ev_obs_dropped = 0;
	ev->ev_file = NULL;
	ev->ev_line = 0;
	ev->ev_scratch_used = 0;
}

bool
vg_event_save(struct vg_event *ev, const char *p, size_t n,
    struct vg_str *outp)
{
	char *dst;

	if (n > sizeof(ev->ev_scratch) - ev->ev_scratch_used)
		return false;
	dst = ev->ev_scratch + ev->ev_scratch_used;
	if (n > 0)
		memcpy(dst, p, n);
	ev->ev_scratch_used += n;
	*outp = vg_str_make(dst, n);
	return true;
}

void
vg_event_extra(struct vg_event *ev, const char *name, struct vg_str v,
    bool number)
{
	if (ev->ev_nextra >= VG_MAX_EXTRAS) {
		ev->ev_extra_dropped++;
		return;
	}
	ev->ev_extra[ev->ev_nextra++] = (struct vg_extra){ name, v, number };
}

void
vg_event_obs(struct vg_event *ev, enum vg_obs_kind kind, const char *field,
    struct vg_str value, const struct vg_addr *addr)
{
	struct vg_obs *ob;
	unsigned i;

	/* The same value twice in one line is one observable. */
	for (i = 0; i < ev->ev_nobs; i++) {
		ob = &ev->ev_obs[i];
		if (ob->ob_kind == kind && ob->ob_field == field &&
		    (kind == VG_OBS_IP ? addr != NULL &&
		    vg_addr_eq(&ob->ob_addr, addr) :
		    ob->ob_value.len == value.len && (value.len == 0 ||
		    memcmp(ob->ob_value.p, value.p, value.len) == 0)))
			return;
	}
	if (ev->ev_nobs >= VG_MAX_OBSERVABLES) {
		ev->ev_obs_dropped++;
		return;
	}
	ob = &ev->ev_obs[ev->ev_nobs++];
	ob->ob_kind = (uint8_t)kind;
	ob->ob_field = field;
	ob->ob_value = value;
	if (addr != NULL)
		ob->ob_addr = *addr;
	else
		ob->ob_addr.af = VG_AF_NONE;
}

bool
vg_event_set_src(struct vg_event *ev, struct vg_str ip)
{
	return vg_addr_parse(ip, &ev->ev_src);
}

bool
vg_event_set_dst(struct vg_event *ev, struct vg_str ip)
{
	return vg_addr_parse(ip, &ev->ev_dst);
}

void
vg_event_set_src_host(struct vg_event *ev, struct vg_str host)
{
	if (host.len == 0)
		return;
	if (!vg_addr_parse(host, &ev->ev_src))
		ev->ev_src_name = host;
}

void
vg_event_port(struct vg_str s, int32_t *portp)
{
	uint64_t v;

	if (vg_str_uint(&s, 5, 65535, &v) && s.len == 0)
		*portp = (int32_t)v;
	else
		*portp = -1;
}
