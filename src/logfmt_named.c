/*
 * logfmt_named.c -- DNS servers: ISC BIND named and NLnet Labs NSD.
 *
 * Program decoders run in the ingest process over the message part of a
 * syslog record; BIND's own file channel ("23-Aug-2013 10:32:56.621
 * [category: ][severity: ]message") and NSD's own log ("[1387288694]
 * nsd[7745]: ...") are line formats too.  Query logs become dns-query
 * events with the name, the client and the server address; refused
 * queries, zone transfers, updates and notifies become failures, which
 * is what fail2ban's named-refused and nsd filters count.
 *
 * A message is read into a struct vg_logfmt__hit (logfmt_int.h) and
 * copied into the event only once it is recognised, so an unknown
 * message leaves the event untouched.  The queried name is client text;
 * it sits between BIND's own quotes or parentheses and is never searched
 * for structure.
 */
#include "logfmt_int.h"

/* A name as logged, without the root's trailing dot ("example.com."). */
static struct vg_str
dns_name(struct vg_str name)
{
	if (name.len > 1 && name.p[name.len - 1] == '.')
		name.len--;
	return name;
}

/*
 * BIND --------------------------------------------------------------
 *
 * Every client message starts "client [@0x7f...] IP#PORT[ (NAME)]: ",
 * optionally followed by "view NAME: ".
 */

/* "'NAME/TYPE/CLASS'" or "'NAME/CLASS'": the name up to the last '/'s. */
static void
quoted_qname(struct vg_str s, struct vg_logfmt__hit *h)
{
	ptrdiff_t i, j;
	size_t k;

	if ((i = vg_str_chr(s, '\'')) < 0)
		return;
	vg_str_skip(&s, (size_t)i + 1);
	/* The name may hold "'"; BIND's closing quote is the last one. */
	for (j = -1, k = 0; k < s.len; k++)
		if (s.p[k] == '\'')
			j = (ptrdiff_t)k;
	if (j < 0)
		return;
	s.len = (size_t)j;
	/* CLASS, then TYPE (when there are three parts). */
	for (k = s.len; k > 0 && s.p[k - 1] != '/'; k--)
		;
	if (k == 0)
		return;
	s.len = k - 1;
	for (k = s.len; k > 0 && s.p[k - 1] != '/'; k--)
		;
	if (k > 0) {
		h->h_type = vg_str_sub(s, k, s.len);
		s.len = k - 1;
	}
	h->h_domain = dns_name(s);
}

static bool
bind_client(struct vg_str s, struct vg_logfmt__hit *h)
{
	struct vg_str w, q;
	ptrdiff_t i;
	size_t k;
	uint64_t port;
	struct vg_addr a;

	if (!VG_STR_EAT(&s, "client "))
		return false;
	if (VG_STR_PREFIX(s, "@0x") && !vg_str_word(&s, &w))
		return false;
	/* "IP#PORT" */
	if ((i = vg_str_chr(s, '#')) <= 0 ||
	    !vg_addr_parse(vg_str_sub(s, 0, (size_t)i), &a))
		return false;
	vg_str_skip(&s, (size_t)i + 1);
	if (!vg_str_uint(&s, 5, 65535, &port))
		return false;
	/* " (NAME)" is the query name, client text; ": " follows it. */
	if (VG_STR_EAT(&s, " (")) {
		if ((i = VG_STR_FIND(s, "): ")) < 0)
			return false;
		vg_str_skip(&s, (size_t)i + 3);
	} else if (!VG_STR_EAT(&s, ": ")) {
		return false;
	}
	q = VG_STR_NULL;
	if (VG_STR_EAT(&s, "view ")) {
		if ((i = VG_STR_FIND(s, ": ")) < 0)
			return false;
		q = vg_str_sub(s, 0, (size_t)i);
		vg_str_skip(&s, (size_t)i + 2);
	}
	if (VG_STR_EAT(&s, "query: ")) {
		/* "NAME CLASS TYPE FLAGS (SERVER)" */
		vg_logfmt__hit_init(h, VG_ACT_DNS_QUERY, VG_OUT_UNKNOWN,
		    "query");
		if (!vg_str_word(&s, &w))
			return false;
		h->h_domain = dns_name(w);
		(void)vg_str_word(&s, &w);	/* class */
		if (vg_str_word(&s, &w))
			h->h_type = w;
		/* The flags may hold "(0)": the server is the last group. */
		for (k = s.len; k > 0 && s.p[k - 1] != '('; k--)
			;
		if (k > 0 && s.p[s.len - 1] == ')')
			(void)vg_addr_parse(vg_str_sub(s, k, s.len - 1),
			    &h->h_dst);
	} else if (VG_STR_PREFIX(s, "query") && VG_STR_FIND(s,
	    "' denied") >= 0) {
		/* "query (cache) 'NAME/TYPE/CLASS' denied" */
		vg_logfmt__hit_init(h, VG_ACT_DNS_QUERY, VG_OUT_FAILURE,
		    "query denied");
		quoted_qname(s, h);
	} else if (VG_STR_PREFIX(s, "query failed (")) {
		/* "query failed (REFUSED) for NAME/IN/A at query.c:..." */
		vg_logfmt__hit_init(h, VG_ACT_DNS_QUERY, VG_OUT_FAILURE,
		    "query failed");
		vg_str_skip(&s, 14);
		if ((i = VG_STR_FIND(s, ") for ")) >= 0) {
			vg_str_skip(&s, (size_t)i + 6);
			if ((i = vg_str_chr(s, '/')) > 0)
				h->h_domain = dns_name(vg_str_sub(s, 0,
				    (size_t)i));
		}
	} else if (VG_STR_PREFIX(s, "zone transfer ")) {
		if (VG_STR_FIND(s, "' denied") >= 0)
			vg_logfmt__hit_init(h, VG_ACT_DNS_QUERY, VG_OUT_FAILURE,
			    "zone transfer denied");
		else
			return false;
		quoted_qname(s, h);
	} else if (VG_STR_PREFIX(s, "bad zone transfer request: ")) {
		vg_logfmt__hit_init(h, VG_ACT_DNS_QUERY, VG_OUT_FAILURE,
		    "bad zone transfer request");
		quoted_qname(s, h);
		h->h_type = VG_STR_LIT("AXFR");
	} else if (VG_STR_PREFIX(s, "transfer of '")) {
		/* "transfer of 'zone/IN': AXFR started" */
		vg_logfmt__hit_init(h, VG_ACT_DNS_QUERY, VG_OUT_SUCCESS,
		    "zone transfer");
		quoted_qname(s, h);
	} else if (VG_STR_PREFIX(s, "update '") && VG_STR_FIND(s,
	    "' denied") >= 0) {
		vg_logfmt__hit_init(h, VG_ACT_DNS_QUERY, VG_OUT_FAILURE,
		    "update denied");
		quoted_qname(s, h);
		h->h_type = VG_STR_LIT("UPDATE");
	} else if (VG_STR_PREFIX(s, "update forwarding '") &&
	    VG_STR_FIND(s, "' denied") >= 0) {
		vg_logfmt__hit_init(h, VG_ACT_DNS_QUERY, VG_OUT_FAILURE,
		    "update forwarding denied");
		quoted_qname(s, h);
		h->h_type = VG_STR_LIT("UPDATE");
	} else if (VG_STR_PREFIX(s, "notify ") &&
	    VG_STR_FIND(s, " denied") >= 0) {
		vg_logfmt__hit_init(h, VG_ACT_DNS_QUERY, VG_OUT_FAILURE,
		    "notify denied");
		quoted_qname(s, h);
		h->h_type = VG_STR_LIT("NOTIFY");
	} else if (VG_STR_PREFIX(s, "received notify for zone '") ||
	    VG_STR_PREFIX(s, "refused notify from non-master")) {
		bool refused = VG_STR_PREFIX(s, "refused");

		vg_logfmt__hit_init(h, VG_ACT_DNS_QUERY,
		    refused ? VG_OUT_FAILURE : VG_OUT_UNKNOWN,
		    refused ? "notify refused" : "notify");
		quoted_qname(s, h);
		h->h_type = VG_STR_LIT("NOTIFY");
	} else {
		return false;
	}
	h->h_addr = a;
	h->h_port = (int32_t)port;
	h->h_view = q;
	return true;
}

/*
 * "[category: ][severity: ]" that print-category/print-severity put
 * before the message ("security: info: client ...").
 */
static void
bind_skip_labels(struct vg_str *s)
{
	ptrdiff_t i;
	size_t k;
	int n;

	for (n = 0; n < 2; n++) {
		if ((i = VG_STR_FIND(*s, ": ")) <= 0 || i > 24)
			return;
		for (k = 0; k < (size_t)i; k++)
			if (!((s->p[k] >= 'a' && s->p[k] <= 'z') ||
			    s->p[k] == '-'))
				return;
		vg_str_skip(s, (size_t)i + 2);
	}
}

static int
named_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = msg;
	struct vg_logfmt__hit h;

	bind_skip_labels(&s);
	return bind_client(s, &h) ? vg_logfmt__hit_commit(&h, ev) :
	    VG_ERR_FORMAT;
}

/*
 * BIND's file channel: "23-Aug-2013 10:32:56.621 message".  Two digits,
 * '-' and a month at fixed offsets reject other lines at once.
 */
static int
named_line(struct vg_logsrc *ls, struct vg_str line, struct vg_event *ev)
{
	struct vg_str s = line;
	uint64_t day, year, hh, mi, se, ms = 0;
	int mon;
	struct vg_logfmt__hit h;

	if (line.len < 24 || line.p[2] != '-' || line.p[6] != '-' ||
	    line.p[11] != ' ' ||
	    (mon = vg_time_month(vg_str_sub(line, 3, 6))) == 0) {
		/* --format named over a syslog file of named's. */
		return vg_logfmt__forced_syslog(ls, line, ev,
		    &vg_logfmt_named);
	}
	if (!vg_str_uint(&s, 2, 31, &day))
		return VG_ERR_FORMAT;
	vg_str_skip(&s, 5);
	if (!vg_str_uint(&s, 4, 9999, &year) || !VG_STR_EAT(&s, " ") ||
	    !vg_str_uint(&s, 2, 23, &hh) || !VG_STR_EAT(&s, ":") ||
	    !vg_str_uint(&s, 2, 59, &mi) || !VG_STR_EAT(&s, ":") ||
	    !vg_str_uint(&s, 2, 60, &se))
		return VG_ERR_FORMAT;
	if (VG_STR_EAT(&s, ".") && !vg_str_uint(&s, 3, 999, &ms))
		return VG_ERR_FORMAT;
	if (!VG_STR_EAT(&s, " "))
		return VG_ERR_FORMAT;
	ev->ev_time = vg_logsrc_local(ls, vg_time_from_civil((int)year, mon,
	    (int)day, (int)hh, (int)mi, (int)se)) * VG_USEC +
	    (int64_t)ms * 1000;
	ev->ev_dataset = vg_logfmt_named.lf_name;
	ev->ev_program = VG_STR_LIT("named");
	bind_skip_labels(&s);
	if (bind_client(s, &h))
		return vg_logfmt__hit_commit(&h, ev);
	vg_logfmt_extract(s, ev);
	return 0;
}

/*
 * NSD ------------------------------------------------------------------
 *
 * "info: ratelimit block example.com. type any target 192.0.2.0/24
 * query 192.0.2.105 TYPE255", "info: axfr for zone domain.nl. from
 * client 192.0.2.115 refused, no acl matches.", and the same for notify.
 */
static int
nsd_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = msg, w;
	struct vg_logfmt__hit h;
	ptrdiff_t i;
	bool axfr;

	if (!VG_STR_EAT(&s, "info: "))
		(void)VG_STR_EAT(&s, "notice: ");
	if (VG_STR_EAT(&s, "ratelimit block ")) {
		vg_logfmt__hit_init(&h, VG_ACT_DNS_QUERY, VG_OUT_FAILURE,
		    "rate limited");
		if (!vg_str_word(&s, &w) || (i = VG_STR_FIND(s, " query ")) < 0)
			return VG_ERR_FORMAT;
		h.h_domain = dns_name(w);
		vg_str_skip(&s, (size_t)i + 7);
		if (!vg_str_word(&s, &w) || !vg_addr_parse(w, &h.h_addr))
			return VG_ERR_FORMAT;
		if (vg_str_word(&s, &w))
			h.h_type = w;
		return vg_logfmt__hit_commit(&h, ev);
	}
	if ((axfr = VG_STR_EAT(&s, "axfr for ")) ||
	    VG_STR_EAT(&s, "notify for ")) {
		/* "[zone ]NAME from [client ]IP refused, ..." */
		if (VG_STR_FIND(s, " refused") < 0)
			return VG_ERR_FORMAT;
		vg_logfmt__hit_init(&h, VG_ACT_DNS_QUERY, VG_OUT_FAILURE, axfr ?
		    "zone transfer refused" : "notify refused");
		h.h_type = axfr ? VG_STR_LIT("AXFR") : VG_STR_LIT("NOTIFY");
		(void)VG_STR_EAT(&s, "zone ");
		if (!vg_str_word(&s, &w) || !VG_STR_EAT(&s, "from "))
			return VG_ERR_FORMAT;
		h.h_domain = dns_name(w);
		(void)VG_STR_EAT(&s, "client ");
		if (!vg_str_word(&s, &w))
			return VG_ERR_FORMAT;
		/* "192.0.2.1@53" in some releases. */
		if ((i = vg_str_chr(w, '@')) > 0)
			w.len = (size_t)i;
		if (!vg_addr_parse(w, &h.h_addr))
			return VG_ERR_FORMAT;
		return vg_logfmt__hit_commit(&h, ev);
	}
	return VG_ERR_FORMAT;
}

/*
 * NSD's own log file: "[1387288694] nsd[7745]: info: ..." (epoch seconds)
 * or "[2021-03-05 05:25:14.562] nsd[160800]: ...".  Lines starting with
 * '[' are rare elsewhere, and "] nsd[" must follow the stamp.
 */
static int
nsd_line(struct vg_logsrc *ls, struct vg_str line, struct vg_event *ev)
{
	struct vg_str s = line;
	int64_t us;
	uint64_t v, pid;

	if (line.len < 16 || line.p[0] != '[' || line.p[1] < '0' ||
	    line.p[1] > '9') {
		/* --format nsd over a syslog file of nsd's. */
		return vg_logfmt__forced_syslog(ls, line, ev, &vg_logfmt_nsd);
	}
	vg_str_skip(&s, 1);
	if (s.len > 10 && s.p[4] == '-') {
		if (!vg_logfmt__iso_time(ls, &s, &us))
			return VG_ERR_FORMAT;
	} else {
		if (!vg_str_uint(&s, 12, INT64_MAX / VG_USEC, &v))
			return VG_ERR_FORMAT;
		us = (int64_t)v * VG_USEC;
	}
	if (!VG_STR_EAT(&s, "] nsd[") ||
	    !vg_str_uint(&s, 10, INT64_MAX, &pid) || !VG_STR_EAT(&s, "]: "))
		return VG_ERR_FORMAT;
	ev->ev_time = us;
	ev->ev_dataset = vg_logfmt_nsd.lf_name;
	ev->ev_program = VG_STR_LIT("nsd");
	ev->ev_pid = (int64_t)pid;
	if (nsd_msg(s, ev) != 0)
		vg_logfmt_extract(s, ev);
	return 0;
}

/*
 * BIND's category names stand where the program is when a file channel
 * with print-category and syslog-style stamps is read as syslog.  Only
 * names no other daemon uses are listed.
 */
static const char *const named_programs[] = {
	"named", "named-pkcs11", "bind9", "security", "update-security",
	"queries", "query-errors", "xfer-in", "xfer-out", "rate-limit", NULL
};
static const char *const nsd_programs[] = { "nsd", NULL };

const struct vg_logfmt vg_logfmt_named = {
	.lf_name = "named",
	.lf_desc = "BIND named (syslog and file channel): queries, denied "
	    "queries, zone transfers, updates, notifies",
	.lf_line = named_line,
	.lf_msg = named_msg,
	.lf_programs = named_programs,
};

const struct vg_logfmt vg_logfmt_nsd = {
	.lf_name = "nsd",
	.lf_desc = "NSD (syslog and its own log): rate-limit blocks, refused "
	    "zone transfers and notifies",
	.lf_line = nsd_line,
	.lf_msg = nsd_msg,
	.lf_programs = nsd_programs,
};
