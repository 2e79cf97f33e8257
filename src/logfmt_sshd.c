/*
 * logfmt_sshd.c -- OpenSSH sshd (and sshd-session) messages.
 *
 * Covers what fail2ban's and SSHGuard's sshd filters look for: failed and
 * accepted authentication by any method, invalid and disallowed users,
 * preauth disconnects and resets, too many authentication failures,
 * MaxStartups drops, key-exchange negotiation failures, missing or bad
 * identification strings, and reverse-mapping warnings.
 *
 * User names and auth info may contain spaces and even " from ", so the
 * address is taken from the " from " whose tail ends the message the way
 * sshd ends it (see user_from()).  Each message is decoded alone: one
 * whose address is only on an earlier line of the same pid ("fatal:
 * Unable to negotiate a key exchange method") gives a source-less event,
 * and logfmt_conn.c joins the lines of a connection.  Lines that repeat
 * a failure already reported (the "Disconnecting ...: Too many
 * authentication failures" after "maximum authentication attempts
 * exceeded") are not failures again, so that counts of failures are
 * counts of attempts.
 */
#include "logfmt_int.h"

/*
 * The host word of "HOST[ port N]...": an address goes to ev_src, a name
 * that looks like one to ev_src_name.  Returns false, leaving the event
 * alone, when it is neither.
 */
static bool
set_host(struct vg_str host, struct vg_event *ev)
{
	struct vg_addr a;

	/* "1.2.3.4:" in "Received disconnect from 1.2.3.4: 3: ..." */
	if (host.len > 1 && host.p[host.len - 1] == ':' &&
	    vg_str_chr(vg_str_make(host.p, host.len - 1), ':') < 0)
		host.len--;
	if (vg_logfmt__addr(host, &a)) {
		ev->ev_src = a;
	} else {
		/* A host name (UseDNS yes); must look like one. */
		if (host.len == 0 || host.len > 253 ||
		    vg_str_chr(host, '.') < 0 || host.p[0] == '[')
			return false;
		ev->ev_src_name = host;
	}
	return true;
}

/*
 * `rest', the text after the host word: "port 22", "port 22:" and
 * "port 7736:3:" (no space before the code) give the source port.
 */
static void
set_port(struct vg_str rest, struct vg_event *ev)
{
	uint64_t port;

	if (VG_STR_EAT(&rest, "port ") && vg_str_uint(&rest, 5, 65535, &port))
		ev->ev_src_port = (int32_t)port;
}

/* After "from ": "HOST[ port N][ ...]".  Returns false if not an address. */
static bool
host_port(struct vg_str s, struct vg_event *ev)
{
	struct vg_str host;

	if (!vg_str_word(&s, &host) || !set_host(host, ev))
		return false;
	set_port(s, ev);
	return true;
}

/*
 * Does `s', the text after a " from ", run to the end of the message as
 * "HOST[ port N[ sshV[: INFO]]]"?  sshd ends its authentication messages
 * that way, so a " from " that a client put into its user name is
 * followed by something else.
 */
static bool
ends_source(struct vg_str s)
{
	struct vg_str host;
	uint64_t port;

	if (!vg_str_word(&s, &host))
		return false;
	if (s.len == 0)
		return true;
	if (!VG_STR_EAT(&s, "port ") || !vg_str_uint(&s, 5, 65535, &port))
		return false;
	vg_str_skip_ws(&s);
	if (s.len == 0)
		return true;
	if (!VG_STR_EAT(&s, "ssh") || s.len == 0 ||
	    (s.p[0] != '1' && s.p[0] != '2'))
		return false;
	vg_str_skip(&s, 1);
	return s.len == 0 || s.p[0] == ':';
}

/*
 * The ending of nearly every message, read from the right: "USER from
 * HOST" with " port N" or " port N sshV" after HOST, or nothing.  When
 * no other " from " comes before HOST, that " from " is the first whose
 * tail ends the message as ends_source() wants, and so the one that the
 * search in user_from() would take.  Fills user and source like it.
 * Returns false, with the event untouched, for any other shape.
 */
static bool
user_from_end(struct vg_str s, struct vg_event *ev)
{
	size_t end = s.len, digits = 0, hs, at, i, lim;
	const char *sp;
	uint32_t port = 0;
	bool has_port = false;

	/* " sshV" needs a port before it. */
	if (end >= 5 && memcmp(s.p + end - 5, " ssh", 4) == 0 &&
	    (s.p[end - 1] == '1' || s.p[end - 1] == '2'))
		end -= 5;
	lim = VG_MIN(end, 6);
	while (digits < lim &&
	    (unsigned)(unsigned char)s.p[end - 1 - digits] - '0' <= 9)
		digits++;
	if (digits >= 1 && digits <= 5 && end - digits >= 6 &&
	    memcmp(s.p + end - digits - 6, " port ", 6) == 0) {
		for (i = end - digits; i < end; i++)
			port = port * 10 + (uint32_t)(s.p[i] - '0');
		if (port > 65535)
			return false;
		has_port = true;
		end -= digits + 6;
	} else if (end != s.len) {
		return false;
	}
	/* HOST is the last word; vg_str_word() would split it at a tab. */
	if (end == 0 || (sp = memrchr(s.p, ' ', end)) == NULL)
		return false;
	hs = (size_t)(sp - s.p) + 1;
	if (hs == end || hs < 6 || memcmp(s.p + hs - 6, " from ", 6) != 0 ||
	    memchr(s.p + hs, '\t', end - hs) != NULL)
		return false;
	at = hs - 6;
	/*
	 * Another " from " before ours (one may share its leading space), or
	 * a message that starts with "from ", is for user_from() to sort out.
	 */
	if (VG_STR_PREFIX(s, "from ") ||
	    VG_STR_FIND(vg_str_make(s.p, at + 1), " from ") >= 0 ||
	    !set_host(vg_str_make(s.p + hs, end - hs), ev))
		return false;
	if (has_port)
		ev->ev_src_port = (int32_t)port;
	ev->ev_user = vg_str_make(s.p, at);
	return true;
}

/*
 * "USER from HOST ..." with user names that may hold " from " and auth
 * info that may hold it too (hostbased logs the client's own user and
 * host names after "ssh2: ").  The source is the first " from " whose
 * tail ends the message as sshd writes it, so neither a crafted user
 * name ("x from 10.0.0.1") nor a crafted auth info (": from 10.0.0.2
 * port 1 ssh2", after the real source) can move it.  Failing that, the
 * last " from " followed by an address, for the messages (PAM's "from
 * HOST via IP") that end differently.  Fills user and source; returns
 * false when no " from " is followed by a host.
 */
static bool
user_from(struct vg_str s, struct vg_event *ev)
{
	struct vg_str cur, tail;
	ptrdiff_t i, at, last = -1;

	if (VG_STR_SUFFIX(s, " [preauth]"))
		s.len -= 10;
	if (user_from_end(s, ev))
		return true;
	/* "Invalid user from 1.2.3.4": an empty user name. */
	tail = VG_STR_NULL;
	if (VG_STR_PREFIX(s, "from ")) {
		tail = vg_str_make(s.p + 5, s.len - 5);
		if (ends_source(tail) && host_port(tail, ev))
			return true;
	}
	for (cur = s; (i = VG_STR_FIND(cur, " from ")) >= 0;
	    vg_str_skip(&cur, (size_t)i + 1)) {
		at = (cur.p - s.p) + i;
		tail = vg_str_make(s.p + at + 6, s.len - (size_t)at - 6);
		if (ends_source(tail) && host_port(tail, ev)) {
			ev->ev_user = vg_str_make(s.p, (size_t)at);
			return true;
		}
		last = at;
	}
	if (last < 0 && tail.p != NULL)
		return host_port(tail, ev);
	if (last < 0 || !host_port(vg_str_make(s.p + last + 6,
	    s.len - (size_t)last - 6), ev))
		return false;
	ev->ev_user = vg_str_make(s.p, (size_t)last);
	return true;
}

/* "[invalid |authenticating ]user USER HOST port N" or "HOST port N". */
static bool
user_host(struct vg_str s, struct vg_event *ev)
{
	struct vg_str cur;
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
		/* "invalid user  1.2.3.4 port 22": an empty user name. */
		if (i < 0 || s.p[i] != ' ')
			return false;
		ev->ev_user = vg_str_make(s.p, (size_t)i);
		return host_port(vg_str_make(s.p + i + 1,
		    s.len - (size_t)i - 1), ev);
	}
	return host_port(s, ev);
}

/*
 * The SSH disconnect reason code of "HOST[ port N]:[ ]CODE: text", or -1,
 * given the host word and the `rest' after it.  The host may be IPv6, so
 * the code is found after the host word rather than by searching for
 * ": N: ".
 */
static int
disconnect_code(struct vg_str host, struct vg_str rest)
{
	uint64_t v;

	if (host.p[host.len - 1] != ':') {
		if (!VG_STR_EAT(&rest, "port ") ||
		    !vg_str_uint(&rest, 5, 65535, &v) ||
		    !VG_STR_EAT(&rest, ":"))
			return -1;
		vg_str_skip_ws(&rest);
	}
	if (!vg_str_uint(&rest, 3, 255, &v) || !VG_STR_EAT(&rest, ":"))
		return -1;
	return (int)v;
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

/*
 * "PAM: Authentication failure for USER from HOST" and its spellings:
 * Linux-PAM, OpenPAM (macOS: "authentication error ... via IP") and the
 * PAM_USER_UNKNOWN text.  The first letter's case varies between them.
 */
static int
pam_conv(struct vg_str s, struct vg_event *ev)
{
	if (s.len > 0 && (s.p[0] == 'A' || s.p[0] == 'a'))
		vg_str_skip(&s, 1);
	if (!VG_STR_EAT(&s, "uthentication failure for ") &&
	    !VG_STR_EAT(&s, "uthentication error for ") &&
	    !VG_STR_EAT(&s, "User not known to the underlying "
	    "authentication module for "))
		return VG_ERR_FORMAT;
	set(ev, VG_ACT_AUTH, VG_OUT_FAILURE, "pam failure");
	if (VG_STR_EAT(&s, "illegal user ") || VG_STR_EAT(&s, "invalid user "))
		ev->ev_reason = "invalid user";
	return user_from(vg_str_trim(s), ev) ? 0 : VG_ERR_FORMAT;
}

static int
sshd_decode(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = msg, method;
	ptrdiff_t i;
	int code;

	/*
	 * A journal that merged the kernel's fields into the message:
	 * "kernel:[  970.699396]: Failed ..." or "kernel: [  970.6] ...".
	 */
	if (VG_STR_EAT(&s, "kernel:")) {
		vg_str_skip_ws(&s);
		if (s.len > 0 && s.p[0] == '[' && (i = vg_str_chr(s, ']')) > 0)
			vg_str_skip(&s, (size_t)i + 1);
		(void)VG_STR_EAT(&s, ":");
		vg_str_skip_ws(&s);
		msg = s;
	}
	/* Levels some builds prefix; the message is the same. */
	if (!VG_STR_EAT(&s, "error: "))
		if (!VG_STR_EAT(&s, "fatal: "))
			(void)VG_STR_EAT(&s, "warning: ");

	if (VG_STR_EAT(&s, "Failed ")) {
		if (!vg_str_word(&s, &method) || !VG_STR_EAT(&s, "for "))
			return VG_ERR_FORMAT;
		set(ev, VG_ACT_AUTH, VG_OUT_FAILURE, "failed");
		if (VG_STR_EAT(&s, "invalid user ")) {
			ev->ev_reason = "invalid user";
		} else if (VG_STR_PREFIX(method, "publickey")) {
			/*
			 * A client offers each key its agent holds and sshd
			 * logs every one it refuses, so a valid user with a
			 * few keys leaves a trail of these before "Accepted".
			 * Key guessing against a valid user still ends in
			 * "maximum authentication attempts exceeded".
			 */
			ev->ev_outcome = VG_OUT_UNKNOWN;
			ev->ev_reason = "publickey refused";
		}
		if (!user_from(s, ev))
			return VG_ERR_FORMAT;
		vg_event_extra(ev, "ssh.method", method, false);
		return 0;
	}
	if (VG_STR_EAT(&s, "Accepted ")) {
		if (!vg_str_word(&s, &method) || !VG_STR_EAT(&s, "for "))
			return VG_ERR_FORMAT;
		set(ev, VG_ACT_AUTH, VG_OUT_SUCCESS, "accepted");
		if (!user_from(s, ev))
			return VG_ERR_FORMAT;
		vg_event_extra(ev, "ssh.method", method, false);
		return 0;
	}
	if (VG_STR_EAT(&s, "Invalid user ") ||
	    VG_STR_EAT(&s, "Illegal user ")) {
		set(ev, VG_ACT_AUTH, VG_OUT_FAILURE, "invalid user");
		return user_from(s, ev) ? 0 : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "User ")) {
		/* "User root from HOST not allowed because ..." */
		if ((i = VG_STR_FIND(s, " not allowed because ")) < 0)
			return VG_ERR_FORMAT;
		set(ev, VG_ACT_AUTH, VG_OUT_FAILURE, "user not allowed");
		s.len = (size_t)i;
		/* "User root not allowed because account is locked" */
		if (!user_from(s, ev))
			ev->ev_user = s;
		return 0;
	}
	if (VG_STR_EAT(&s, "PAM: "))
		return pam_conv(s, ev);
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
		/*
		 * "Disconnecting invalid user X 1.2.3.4 port 22: Too many
		 * authentication failures" follows the "maximum
		 * authentication attempts exceeded" line that already
		 * reported the failure; counting it again would double every
		 * such attempt.  A refused change of user has no other line.
		 */
		if ((i = VG_STR_FIND(s, ": ")) < 0)
			return VG_ERR_FORMAT;
		if (VG_STR_FIND(s, "Change of username") >= 0)
			set(ev, VG_ACT_AUTH, VG_OUT_FAILURE,
			    "change of user refused");
		else if (VG_STR_FIND(s, "Too many authentication") >= 0)
			set(ev, VG_ACT_DISCONNECT, VG_OUT_UNKNOWN,
			    "too many authentication failures");
		else
			return VG_ERR_FORMAT;
		s.len = (size_t)i;
		return user_host(s, ev) ? 0 : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "Disconnecting: Too many authentication failures")) {
		/*
		 * Before OpenSSH 6.8 this line, naming the user, was the only
		 * record of the attempts; from 6.8 the bare form follows
		 * "maximum authentication attempts exceeded" (see above).
		 */
		if (!VG_STR_EAT(&s, " for ")) {
			set(ev, VG_ACT_DISCONNECT, VG_OUT_UNKNOWN,
			    "too many authentication failures");
			return 0;
		}
		set(ev, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "too many authentication failures");
		if ((i = VG_STR_FIND(s, " [preauth]")) >= 0)
			s.len = (size_t)i;
		(void)VG_STR_EAT(&s, "invalid user ");
		ev->ev_user = s;
		return 0;
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
		struct vg_str host, rest = s;

		/*
		 * "HOST[ port N]:[ ]CODE: text".  Code 14 is "no more
		 * authentication methods"; code 3 is what JSch sends on its
		 * "Auth fail".  A plain 11 ("Bye Bye") before authentication
		 * is followed by "Disconnected from ... [preauth]", which is
		 * where that failure is counted.
		 */
		set(ev, VG_ACT_DISCONNECT, VG_OUT_UNKNOWN, "disconnect");
		if (!vg_str_word(&rest, &host))
			return VG_ERR_FORMAT;
		code = disconnect_code(host, rest);
		/* Most texts ("Bye Bye") hold neither 'A' nor 'N'. */
		if (code == 3 || code == 14 || (vg_str_chr(s, 'A') >= 0 &&
		    (VG_STR_FIND(s, "Auth fail") >= 0 ||
		    VG_STR_FIND(s, "Authentication failed") >= 0)) ||
		    (vg_str_chr(s, 'N') >= 0 &&
		    VG_STR_FIND(s, "No supported authentication") >= 0)) {
			ev->ev_outcome = VG_OUT_FAILURE;
			ev->ev_reason = "authentication failed";
		}
		if (!set_host(host, ev))
			return VG_ERR_FORMAT;
		set_port(rest, ev);
		return 0;
	}
	if (VG_STR_EAT(&s, "Did not receive identification string from ")) {
		set(ev, VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "no identification string");
		return host_port(s, ev) ? 0 : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "Bad protocol version identification ")) {
		set(ev, VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "bad protocol version");
		return user_from(s, ev) || host_port(s, ev) ? 0 : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "Unable to negotiate with ")) {
		set(ev, VG_ACT_PROTOCOL, VG_OUT_FAILURE, "negotiation failed");
		if ((i = VG_STR_FIND(s, ": ")) >= 0)
			s.len = (size_t)i;
		return host_port(s, ev) ? 0 : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "Timeout before authentication for ")) {
		/* "... for 1.2.3.4 port 5" or "... for connection from 1.2.3.4
		 * to 5.6.7.8, pid = 9" */
		set(ev, VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "timeout before authentication");
		(void)VG_STR_EAT(&s, "connection from ");
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
	if (VG_STR_EAT(&s, "kex_exchange_identification: ") ||
	    VG_STR_EAT(&s, "Unable to negotiate a ") ||
	    VG_STR_EAT(&s, "no matching ")) {
		/*
		 * Scanners and floods; the address is only on the
		 * "Connection from" line of the same pid (LogLevel VERBOSE),
		 * so the event has no source of its own.
		 */
		set(ev, VG_ACT_PROTOCOL, VG_OUT_FAILURE, "negotiation failed");
		return 0;
	}
	if (VG_STR_EAT(&s, "drop connection #")) {
		/* "drop connection #0 from [1.2.3.4]:5 on [5.6.7.8]:22 ..." */
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
		/* "... for NAME [1.2.3.4] failed - POSSIBLE BREAK-IN ..." */
		set(ev, VG_ACT_CONNECT, VG_OUT_UNKNOWN,
		    "reverse mapping failed");
		if ((i = vg_str_chr(s, '[')) < 0)
			return VG_ERR_FORMAT;
		vg_str_skip(&s, (size_t)i + 1);
		if ((i = vg_str_chr(s, ']')) < 0 ||
		    !vg_event_set_src(ev, vg_str_make(s.p, (size_t)i)))
			return VG_ERR_FORMAT;
		return 0;
	}
	if (VG_STR_EAT(&s, "Address ")) {
		set(ev, VG_ACT_CONNECT, VG_OUT_UNKNOWN,
		    "reverse mapping failed");
		return host_port(s, ev) ? 0 : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "Connection from ")) {
		set(ev, VG_ACT_CONNECT, VG_OUT_UNKNOWN, "connection");
		return host_port(s, ev) ? 0 : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "refused connect from ")) {
		/* tcp_wrappers: "refused connect from NAME (1.2.3.4)" */
		set(ev, VG_ACT_CONNECT, VG_OUT_FAILURE,
		    "refused by tcp_wrappers");
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
	if (VG_STR_EAT(&s, "SSH: Server;Ltype: Version;Remote: ")) {
		/* SUSE's audit line: "...;Remote: 1.2.3.4-1780;Protocol: ..." */
		ptrdiff_t dash, semi = vg_str_chr(s, ';');

		set(ev, VG_ACT_CONNECT, VG_OUT_UNKNOWN, "connection");
		if (semi < 0)
			return VG_ERR_FORMAT;
		s.len = (size_t)semi;
		for (dash = (ptrdiff_t)s.len - 1; dash > 0 && s.p[dash] != '-';
		    dash--)
			;
		if (dash <= 0 || !vg_event_set_src(ev,
		    vg_str_make(s.p, (size_t)dash)))
			return VG_ERR_FORMAT;
		vg_event_port(vg_str_make(s.p + dash + 1,
		    s.len - (size_t)dash - 1), &ev->ev_src_port);
		return 0;
	}
	if (VG_STR_EAT(&s, "Read from socket failed: Connection reset by peer")) {
		/* No address here; the connection cache of the pid adds it. */
		set(ev, VG_ACT_DISCONNECT, is_preauth(msg) ? VG_OUT_FAILURE :
		    VG_OUT_UNKNOWN, "connection reset before authentication");
		return 0;
	}
	if (VG_STR_PREFIX(s, "beginning MaxStartups throttling") ||
	    VG_STR_PREFIX(s, "exited MaxStartups throttling")) {
		set(ev, VG_ACT_CONNECT, VG_OUT_UNKNOWN, "maxstartups");
		return 0;
	}
	return VG_ERR_FORMAT;
}

/*
 * A message we could not take apart leaves no half-set verdict behind:
 * the event keeps its framing and gets generic extraction only.
 */
static int
sshd_msg(struct vg_str msg, struct vg_event *ev)
{
	int r;

	if ((r = sshd_decode(msg, ev)) != 0) {
		ev->ev_action = VG_ACT_NONE;
		ev->ev_outcome = VG_OUT_UNKNOWN;
		ev->ev_reason = NULL;
		ev->ev_user = VG_STR_NULL;
		ev->ev_src.af = VG_AF_NONE;
		ev->ev_src_name = VG_STR_NULL;
		ev->ev_src_port = -1;
	}
	return r;
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
