/*
 * logfmt_sshd.c -- OpenSSH sshd (and sshd-session) messages.
 *
 * Covers what fail2ban's and SSHGuard's sshd filters look for: failed and
 * accepted authentication by any method, invalid and disallowed users,
 * preauth disconnects and resets, too many authentication failures,
 * MaxStartups drops, key-exchange negotiation failures, missing or bad
 * identification strings, and reverse-mapping warnings.
 *
 * User names may contain spaces and even " from ", so the address is
 * always taken from the last " from " whose tail parses as an address.
 */
#include "logfmt.h"

/* After "from ": "HOST[ port N][ ...]".  Returns false if not an address. */
static bool
host_port(struct vg_str s, struct vg_event *ev)
{
	struct vg_str host, port;

	if (!vg_str_word(&s, &host))
		return false;
	/* "1.2.3.4:" in "Received disconnect from 1.2.3.4: 3: ..." */
	if (host.len > 1 && host.p[host.len - 1] == ':' &&
	    vg_str_chr(vg_str_make(host.p, host.len - 1), ':') < 0)
		host.len--;
	if (!vg_addr_parse(host, &ev->ev_src)) {
		/* A host name (UseDNS yes); must look like one. */
		if (host.len == 0 || host.len > 253 ||
		    vg_str_chr(host, '.') < 0 || host.p[0] == '[')
			return false;
		ev->ev_src_name = host;
	}
	if (VG_STR_EAT(&s, "port ") && vg_str_word(&s, &port)) {
		if (port.len > 0 && port.p[port.len - 1] == ':')
			port.len--;
		vg_event_port(port, &ev->ev_src_port);
	}
	return true;
}

/*
 * "USER from HOST ..." with the last usable " from ".  Fills user and
 * source.  Returns false when no " from " is followed by a host.
 */
static bool
user_from(struct vg_str s, struct vg_event *ev)
{
	struct vg_str cur = s;
	ptrdiff_t i, last = -1;

	while ((i = VG_STR_FIND(cur, " from ")) >= 0) {
		last = (cur.p - s.p) + i;
		vg_str_skip(&cur, (size_t)i + 1);
	}
	if (last < 0) {
		if (VG_STR_PREFIX(s, "from "))
			return host_port(vg_str_make(s.p + 5, s.len - 5), ev);
		return false;
	}
	if (!host_port(vg_str_make(s.p + last + 6, s.len - (size_t)last - 6),
	    ev))
		return false;
	ev->ev_user = vg_str_make(s.p, (size_t)last);
	return true;
}

/* "[invalid |authenticating ]user USER HOST port N" or "HOST port N". */
static bool
user_host(struct vg_str s, struct vg_event *ev)
{
	struct vg_str w, cur;
	ptrdiff_t i, last = -1;

	if (VG_STR_EAT(&s, "invalid user ") ||
	    VG_STR_EAT(&s, "authenticating user ") ||
	    VG_STR_EAT(&s, "user ")) {
		/* The host is the word before " port ", or the last word. */
		cur = s;
		while ((i = VG_STR_FIND(cur, " port ")) >= 0) {
			last = (cur.p - s.p) + i;
			vg_str_skip(&cur, (size_t)i + 1);
		}
		if (last < 0)
			last = (ptrdiff_t)s.len;
		for (i = last - 1; i > 0 && s.p[i] != ' '; i--)
			;
		if (i <= 0)
			return false;
		ev->ev_user = vg_str_make(s.p, (size_t)i);
		return host_port(vg_str_make(s.p + i + 1, s.len - (size_t)i - 1),
		    ev);
	}
	w = s;
	return host_port(w, ev);
}

static void
set(struct vg_event *ev, enum vg_action a, enum vg_outcome o,
    const char *reason)
{
	ev->ev_action = (uint8_t)a;
	ev->ev_outcome = (uint8_t)o;
	ev->ev_reason = reason;
}

static bool
is_preauth(struct vg_str msg)
{
	return VG_STR_SUFFIX(msg, "[preauth]");
}

static int
sshd_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = msg, method;
	ptrdiff_t i;

	/* Levels some builds prefix; the message is the same. */
	if (!VG_STR_EAT(&s, "error: "))
		if (!VG_STR_EAT(&s, "fatal: "))
			(void)VG_STR_EAT(&s, "warning: ");

	if (VG_STR_EAT(&s, "Failed ")) {
		if (!vg_str_word(&s, &method) || !VG_STR_EAT(&s, "for "))
			return VG_ERR_FORMAT;
		set(ev, VG_ACT_AUTH, VG_OUT_FAILURE, "failed");
		if (VG_STR_EAT(&s, "invalid user "))
			ev->ev_reason = "invalid user";
		vg_event_extra(ev, "ssh.method", method, false);
		if (!user_from(s, ev))
			return VG_ERR_FORMAT;
		return 0;
	}
	if (VG_STR_EAT(&s, "Accepted ")) {
		if (!vg_str_word(&s, &method) || !VG_STR_EAT(&s, "for "))
			return VG_ERR_FORMAT;
		set(ev, VG_ACT_AUTH, VG_OUT_SUCCESS, "accepted");
		vg_event_extra(ev, "ssh.method", method, false);
		return user_from(s, ev) ? 0 : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "Invalid user ") ||
	    VG_STR_EAT(&s, "Illegal user ")) {
		set(ev, VG_ACT_AUTH, VG_OUT_FAILURE, "invalid user");
		if (user_from(s, ev))
			return 0;
		/* "Invalid user  from 1.2.3.4": an empty name. */
		if (VG_STR_EAT(&s, " from ") || VG_STR_EAT(&s, "from "))
			return host_port(s, ev) ? 0 : VG_ERR_FORMAT;
		return VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "User ")) {
		/* "User root from HOST not allowed because ..." */
		if ((i = VG_STR_FIND(s, " not allowed because ")) < 0)
			return VG_ERR_FORMAT;
		set(ev, VG_ACT_AUTH, VG_OUT_FAILURE, "user not allowed");
		return user_from(vg_str_make(s.p, (size_t)i), ev) ? 0 :
		    VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "PAM: ")) {
		/* "PAM: Authentication failure for USER from HOST" */
		if (VG_STR_EAT(&s, "Authentication failure for ") ||
		    VG_STR_EAT(&s, "authentication error for ")) {
			set(ev, VG_ACT_AUTH, VG_OUT_FAILURE, "pam failure");
			if (VG_STR_EAT(&s, "illegal user ") ||
			    VG_STR_EAT(&s, "invalid user "))
				ev->ev_reason = "invalid user";
			return user_from(s, ev) ? 0 : VG_ERR_FORMAT;
		}
		return VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "ROOT LOGIN REFUSED FROM ")) {
		set(ev, VG_ACT_AUTH, VG_OUT_FAILURE, "root login refused");
		ev->ev_user = VG_STR_LIT("root");
		return host_port(s, ev) ? 0 : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "maximum authentication attempts exceeded for ")) {
		set(ev, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "too many authentication failures");
		(void)VG_STR_EAT(&s, "invalid user ");
		return user_from(s, ev) ? 0 : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "Disconnecting ")) {
		/* "Disconnecting invalid user X 1.2.3.4 port 22: Too many ..." */
		if (VG_STR_FIND(s, "Too many authentication failures") < 0 &&
		    VG_STR_FIND(s, "Change of username") < 0)
			return VG_ERR_FORMAT;
		set(ev, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "too many authentication failures");
		if ((i = VG_STR_FIND(s, ": ")) >= 0)
			s.len = (size_t)i;
		return user_host(s, ev) ? 0 : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "Connection closed by ") ||
	    VG_STR_EAT(&s, "Connection reset by ") ||
	    VG_STR_EAT(&s, "Disconnected from ")) {
		set(ev, VG_ACT_DISCONNECT, VG_OUT_UNKNOWN, "disconnect");
		if (is_preauth(msg)) {
			/*
			 * Closing before authenticating is how scanners and
			 * slow brute forcers leave; fail2ban counts it.
			 */
			ev->ev_outcome = VG_OUT_FAILURE;
			ev->ev_reason = "closed before authentication";
		}
		if (VG_STR_PREFIX(s, "invalid user ") ||
		    VG_STR_PREFIX(s, "authenticating user "))
			ev->ev_outcome = VG_OUT_FAILURE;
		if ((i = VG_STR_FIND(s, " [preauth]")) >= 0)
			s.len = (size_t)i;
		return user_host(s, ev) ? 0 : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "Received disconnect from ")) {
		set(ev, VG_ACT_DISCONNECT, VG_OUT_UNKNOWN, "disconnect");
		/* "...: 3: Auth fail" / "...:14: No supported authentication" */
		if (VG_STR_FIND(s, "3: Auth fail") >= 0 ||
		    VG_STR_FIND(s, ": 3: ") >= 0 ||
		    VG_STR_FIND(s, "No supported authentication") >= 0 ||
		    VG_STR_FIND(s, "Authentication failed") >= 0) {
			ev->ev_outcome = VG_OUT_FAILURE;
			ev->ev_reason = "authentication failed";
		}
		return host_port(s, ev) ? 0 : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "Did not receive identification string from ")) {
		set(ev, VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "no identification string");
		return host_port(s, ev) ? 0 : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "Bad protocol version identification ")) {
		set(ev, VG_ACT_PROTOCOL, VG_OUT_FAILURE, "bad protocol version");
		return user_from(s, ev) || host_port(s, ev) ? 0 : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "Unable to negotiate with ")) {
		set(ev, VG_ACT_PROTOCOL, VG_OUT_FAILURE, "negotiation failed");
		if ((i = VG_STR_FIND(s, ": ")) >= 0)
			s.len = (size_t)i;
		return host_port(s, ev) ? 0 : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "banner exchange: Connection from ") ||
	    VG_STR_EAT(&s, "ssh_dispatch_run_fatal: Connection from ")) {
		set(ev, VG_ACT_PROTOCOL, VG_OUT_FAILURE, "banner exchange");
		if (VG_STR_EAT(&s, "invalid user ") ||
		    VG_STR_EAT(&s, "authenticating user ")) {
			struct vg_str u;

			if (vg_str_word(&s, &u))
				ev->ev_user = u;
		}
		if ((i = VG_STR_FIND(s, ": ")) >= 0)
			s.len = (size_t)i;
		return host_port(s, ev) ? 0 : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "drop connection #")) {
		/* "drop connection #0 from [1.2.3.4]:5 on [5.6.7.8]:22 past..." */
		set(ev, VG_ACT_CONNECT, VG_OUT_FAILURE, "maxstartups");
		if ((i = VG_STR_FIND(s, "from [")) < 0)
			return VG_ERR_FORMAT;
		vg_str_skip(&s, (size_t)i + 6);
		if ((i = vg_str_chr(s, ']')) < 0 ||
		    !vg_event_set_src(ev, vg_str_make(s.p, (size_t)i)))
			return VG_ERR_FORMAT;
		vg_str_skip(&s, (size_t)i + 1);
		if (VG_STR_EAT(&s, ":")) {
			struct vg_str port;

			if (vg_str_word(&s, &port))
				vg_event_port(port, &ev->ev_src_port);
		}
		return 0;
	}
	if (VG_STR_EAT(&s, "reverse mapping checking getaddrinfo for ")) {
		/* "... for NAME [1.2.3.4] failed - POSSIBLE BREAK-IN ATTEMPT!" */
		set(ev, VG_ACT_CONNECT, VG_OUT_UNKNOWN, "reverse mapping failed");
		if ((i = vg_str_chr(s, '[')) < 0)
			return VG_ERR_FORMAT;
		vg_str_skip(&s, (size_t)i + 1);
		if ((i = vg_str_chr(s, ']')) < 0 ||
		    !vg_event_set_src(ev, vg_str_make(s.p, (size_t)i)))
			return VG_ERR_FORMAT;
		return 0;
	}
	if (VG_STR_EAT(&s, "Address ")) {
		set(ev, VG_ACT_CONNECT, VG_OUT_UNKNOWN, "reverse mapping failed");
		return host_port(s, ev) ? 0 : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "Connection from ")) {
		set(ev, VG_ACT_CONNECT, VG_OUT_UNKNOWN, "connection");
		return host_port(s, ev) ? 0 : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "refused connect from ")) {
		/* tcp_wrappers: "refused connect from NAME (1.2.3.4)" */
		set(ev, VG_ACT_CONNECT, VG_OUT_FAILURE, "refused by tcp_wrappers");
		if ((i = vg_str_chr(s, '(')) >= 0) {
			struct vg_str ip = vg_str_make(s.p + i + 1,
			    s.len - (size_t)i - 1);

			if ((i = vg_str_chr(ip, ')')) >= 0 &&
			    vg_event_set_src(ev, vg_str_make(ip.p, (size_t)i)))
				return 0;
		}
		return host_port(s, ev) ? 0 : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "input_userauth_request: invalid user ")) {
		set(ev, VG_ACT_AUTH, VG_OUT_UNKNOWN, "invalid user");
		if ((i = VG_STR_FIND(s, " [preauth]")) >= 0)
			s.len = (size_t)i;
		ev->ev_user = s;
		return 0;
	}
	if (VG_STR_EAT(&s, "Disconnecting: Too many authentication failures")) {
		set(ev, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "too many authentication failures");
		if (VG_STR_EAT(&s, " for ")) {
			if ((i = VG_STR_FIND(s, " [preauth]")) >= 0)
				s.len = (size_t)i;
			(void)VG_STR_EAT(&s, "invalid user ");
			ev->ev_user = s;
		}
		return 0;
	}
	if (VG_STR_PREFIX(s, "beginning MaxStartups throttling") ||
	    VG_STR_PREFIX(s, "exited MaxStartups throttling")) {
		set(ev, VG_ACT_CONNECT, VG_OUT_UNKNOWN, "maxstartups");
		return 0;
	}
	return VG_ERR_FORMAT;
}

static const char *const sshd_programs[] = {
	"sshd", "sshd-session", "sshd-auth", "sshd-exec", NULL
};

const struct vg_logfmt vg_logfmt_sshd = {
	.lf_name = "sshd",
	.lf_desc = "OpenSSH sshd: failed/accepted auth, invalid users, preauth "
	    "disconnects, MaxStartups, negotiation and banner errors",
	.lf_msg = sshd_msg,
	.lf_programs = sshd_programs,
};
