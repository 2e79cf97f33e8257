/*
 * logfmt_mail.c -- mail servers: Postfix, Dovecot, Exim, Sendmail,
 * Courier, Cyrus, UW-IMAP, OpenSMTPD, solid-pop3d, qmail and perdition.
 *
 * Program decoders run in the ingest process over the message part of a
 * syslog record; Exim's own main log (no syslog framing) is a line format
 * of its own.  They cover what fail2ban's and SSHGuard's mail filters
 * look for: authentication failures, rejected clients and commands,
 * protocol abuse and DNSBL hits, plus the successful logins that put the
 * failures in context.
 *
 * Every message is read into a struct vg_logfmt__hit (logfmt_int.h)
 * first and copied into the event only once it is known to be one of
 * ours, so an unrecognised message leaves the event exactly as the
 * framing left it.  Client-chosen text (HELO names, user names, SMTP
 * commands) sits next to the address in many of these lines; each
 * parser says which occurrence it trusts and why.  See
 * docs/ARCHITECTURE.md for the decoder interface.
 */
#include "logfmt_int.h"

/* An address, bare or as Sendmail's "IPv6:2001:db8::1". */
static bool
hit_ip(struct vg_logfmt__hit *h, struct vg_str ip)
{
	if (ip.len > 5 && vg_str_caseeq(vg_str_make(ip.p, 5), "IPv6:", 5))
		vg_str_skip(&ip, 5);
	return vg_addr_parse(ip, &h->h_addr);
}

/* Text after `lit' up to `stop' (or the end): "key=VALUE, ...". */
static struct vg_str
after(struct vg_str s, const char *lit, size_t n, char stop)
{
	ptrdiff_t i, j;

	if ((i = vg_str_find(s, lit, n)) < 0)
		return VG_STR_NULL;
	vg_str_skip(&s, (size_t)i + n);
	if ((j = vg_str_chr(s, stop)) >= 0)
		s.len = (size_t)j;
	return s;
}
#define AFTER(s, lit, stop)	after((s), (lit), sizeof(lit) - 1, (stop))

/*
 * "[IP]" at the start of `s', with an optional ":PORT" after it.  On
 * success *restp (if not NULL) gets the text after the address.
 */
static bool
bracket_ip(struct vg_str s, struct vg_logfmt__hit *h, struct vg_str *restp)
{
	ptrdiff_t j;
	uint64_t port;

	if (s.len < 3 || s.p[0] != '[' || (j = vg_str_chr(s, ']')) < 0 ||
	    !hit_ip(h, vg_str_sub(s, 1, (size_t)j)))
		return false;
	vg_str_skip(&s, (size_t)j + 1);
	if (s.len > 1 && s.p[0] == ':' && s.p[1] >= '0' && s.p[1] <= '9') {
		vg_str_skip(&s, 1);
		if (vg_str_uint(&s, 5, 65535, &port))
			h->h_port = (int32_t)port;
	}
	if (restp != NULL)
		*restp = s;
	return true;
}

/*
 * The first "[IP]" in `s' ("name[1.2.3.4]", "name [1.2.3.4]", "[::1]:25").
 * Callers bound `s' so that it cannot reach client-chosen text.
 */
static bool
first_bracket_ip(struct vg_str s, struct vg_logfmt__hit *h,
    struct vg_str *restp)
{
	ptrdiff_t i;

	if ((i = vg_str_chr(s, '[')) < 0)
		return false;
	vg_str_skip(&s, (size_t)i);
	return bracket_ip(s, h, restp);
}

/*
 * "1.2.3.4" or "::ffff:1.2.3.4" up to the first byte in `stops' (never
 * ':', which IPv6 needs); a ':' ending the token ("1.2.3.4: ...") goes.
 */
static bool
bare_ip(struct vg_str s, const char *stops, struct vg_logfmt__hit *h)
{
	size_t i;

	for (i = 0; i < s.len && strchr(stops, s.p[i]) == NULL; i++)
		;
	if (i > 1 && s.p[i - 1] == ':' && s.p[i - 2] != ':')
		i--;
	return i > 0 && hit_ip(h, vg_str_make(s.p, i));
}

/*
 * Postfix ------------------------------------------------------------
 *
 * Postfix names a client "name[addr]" (name "unknown" without reverse
 * DNS); postscreen writes "[addr]:port".  The name is verified DNS, never
 * client text, so the first bracket after " from " is the client.
 */

/* "NOQUEUE: " or a queue id ("00ADB3C0899: ", "44JCRG5tYPzCqt2: "). */
static void
pf_skip_queue_id(struct vg_str *s)
{
	size_t i;
	bool digit = false;

	if (VG_STR_EAT(s, "NOQUEUE: "))
		return;
	for (i = 0; i < s->len && i < 24; i++) {
		char c = s->p[i];

		if (c >= '0' && c <= '9')
			digit = true;
		else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
			break;
	}
	/* A digit keeps "warning: " and "reject: " from looking like ids. */
	if (digit && i >= 6 && i + 1 < s->len && s->p[i] == ':' &&
	    s->p[i + 1] == ' ')
		vg_str_skip(s, i + 2);
}

/* "... from NAME[IP]" after a command word; fills the client. */
static bool
pf_from(struct vg_str s, struct vg_logfmt__hit *h)
{
	ptrdiff_t i;

	if ((i = VG_STR_FIND(s, " from ")) < 0)
		return false;
	vg_str_skip(&s, (size_t)i + 6);
	return first_bracket_ip(s, h, NULL);
}

static const char *
pf_reject_reason(struct vg_str s)
{
	if (VG_STR_FIND(s, "Relay access denied") >= 0)
		return "relay access denied";
	if (VG_STR_FIND(s, " blocked using ") >= 0)
		return "listed in DNSBL";
	if (VG_STR_FIND(s, "Helo command rejected") >= 0)
		return "HELO rejected";
	if (VG_STR_FIND(s, "Sender address rejected") >= 0)
		return "sender rejected";
	if (VG_STR_FIND(s, "Recipient address rejected") >= 0)
		return "recipient rejected";
	if (VG_STR_FIND(s, "Client host rejected") >= 0)
		return "client rejected";
	return "rejected";
}

/*
 * Commands after which a lost connection is ordinary: a dropped DATA
 * phase happens to lawful clients, and a failed AUTH is counted by the
 * "disconnect ... auth=0/1" line that follows.
 */
static bool
pf_benign_command(struct vg_str cmd)
{
	return VG_STR_EQ(cmd, "AUTH") || VG_STR_EQ(cmd, "DATA") ||
	    VG_STR_EQ(cmd, "BDAT") || VG_STR_EQ(cmd, "END-OF-MESSAGE") ||
	    VG_STR_EQ(cmd, "QUIT") || VG_STR_EQ(cmd, "RSET");
}

/* "auth=0/1" in a disconnect summary: fewer successes than attempts. */
static bool
pf_auth_failed(struct vg_str s)
{
	struct vg_str v = AFTER(s, " auth=", ' ');
	uint64_t ok, tried;

	if (v.len == 0 || !vg_str_uint(&v, 6, 999999, &ok) ||
	    !VG_STR_EAT(&v, "/") || !vg_str_uint(&v, 6, 999999, &tried))
		return false;
	return ok < tried;
}

/* "warning: ..." messages of smtpd. */
static bool
pf_warning(struct vg_str s, struct vg_logfmt__hit *h)
{
	struct vg_str rest;
	ptrdiff_t i;

	if (VG_STR_EAT(&s, "hostname ")) {
		/* "hostname NAME does not resolve to address IP[: ...]" */
		if ((i = VG_STR_FIND(s, " does not resolve to address ")) < 0)
			return false;
		vg_logfmt__hit_init(h, VG_ACT_CONNECT, VG_OUT_FAILURE,
		    "hostname does not resolve to address");
		vg_str_skip(&s, (size_t)i + 29);
		return bare_ip(s, " ", h);
	}
	if ((i = VG_STR_FIND(s, " limit exceeded: ")) >= 0 &&
	    vg_str_chr(vg_str_sub(s, 0, (size_t)i), '[') < 0) {
		/* "Connection rate limit exceeded: 31 from N[IP] for ..." */
		vg_logfmt__hit_init(h, VG_ACT_CONNECT, VG_OUT_FAILURE,
		    "rate limit exceeded");
		return pf_from(vg_str_sub(s, (size_t)i, s.len), h);
	}
	if (VG_STR_EAT(&s, "non-SMTP command from ")) {
		vg_logfmt__hit_init(h, VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "non-SMTP command");
		return first_bracket_ip(s, h, NULL);
	}
	if (VG_STR_EAT(&s, "Illegal address syntax from ")) {
		vg_logfmt__hit_init(h, VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "illegal address syntax");
		return first_bracket_ip(s, h, NULL);
	}
	if (VG_STR_PREFIX(s, "SASL authentication failure: ")) {
		/* libsasl's own line; the client follows in the next one. */
		vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "SASL failure");
		return true;
	}
	/* "NAME[IP][:PORT]: SASL LOGIN authentication failed: REASON" */
	vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_FAILURE,
	    "SASL authentication failed");
	if (!first_bracket_ip(s, h, &rest) || !VG_STR_EAT(&rest, ": SASL "))
		return false;
	{
		struct vg_str mech, why;

		if (!vg_str_word(&rest, &mech) ||
		    !VG_STR_EAT(&rest, "authentication failed:"))
			return false;
		why = vg_str_trim(rest);
		if (VG_STR_PREFIX(why, "Connection lost to authentication")) {
			/* The auth server went away; the client did no harm. */
			h->h_outcome = VG_OUT_UNKNOWN;
			h->h_reason = "authentication server unreachable";
		} else if (VG_STR_PREFIX(why, "Invalid authentication mech")) {
			h->h_reason = "invalid authentication mechanism";
		}
		h->h_label = "auth.method";
		h->h_value = mech;
		/* ", sasl_username=USER" ends the line when it is known. */
		if ((i = VG_STR_RFIND(rest, ", sasl_username=")) >= 0)
			h->h_user = vg_str_sub(rest, (size_t)i + 16, rest.len);
	}
	return true;
}

/* postscreen's verdicts: "PREGREET 14 after 0.08 from [IP]:PORT: ...". */
static bool
pf_postscreen(struct vg_str s, struct vg_logfmt__hit *h)
{
	static const struct {
		const char	*word;
		size_t		 len;
		uint8_t		 action, outcome;
		const char	*reason;
	} verdicts[] = {
#define V(w, a, o, r)	{ w, sizeof(w) - 1, a, o, r }
		V("PREGREET ", VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "talked before greeting"),
		V("HANGUP ", VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "hung up during tests"),
		V("COMMAND TIME LIMIT ", VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "command time limit"),
		V("COMMAND COUNT LIMIT ", VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "command count limit"),
		V("COMMAND LENGTH LIMIT ", VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "command length limit"),
		V("COMMAND PIPELINING ", VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "command pipelining"),
		V("NON-SMTP COMMAND ", VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "non-SMTP command"),
		V("BARE NEWLINE ", VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "bare newline"),
		V("BLACKLISTED ", VG_ACT_CONNECT, VG_OUT_FAILURE, "denylisted"),
		V("DENYLISTED ", VG_ACT_CONNECT, VG_OUT_FAILURE, "denylisted"),
		V("WHITELISTED ", VG_ACT_CONNECT, VG_OUT_SUCCESS,
		    "allowlisted"),
		V("ALLOWLISTED ", VG_ACT_CONNECT, VG_OUT_SUCCESS,
		    "allowlisted"),
		V("PASS NEW ", VG_ACT_CONNECT, VG_OUT_SUCCESS,
		    "passed screening"),
		V("PASS OLD ", VG_ACT_CONNECT, VG_OUT_SUCCESS,
		    "passed screening"),
		/* The reject line that follows is the failure. */
		V("DNSBL rank ", VG_ACT_CONNECT, VG_OUT_UNKNOWN, "DNSBL rank"),
		V("CONNECT from ", VG_ACT_CONNECT, VG_OUT_UNKNOWN,
		    "connection"),
		V("DISCONNECT ", VG_ACT_DISCONNECT, VG_OUT_UNKNOWN,
		    "disconnect"),
#undef V
	};
	size_t i;

	if (s.len == 0 || s.p[0] < 'A' || s.p[0] > 'W')
		return false;
	for (i = 0; i < VG_ARRAY_LEN(verdicts); i++) {
		if (!vg_str_has_prefix(s, verdicts[i].word, verdicts[i].len))
			continue;
		vg_logfmt__hit_init(h, verdicts[i].action, verdicts[i].outcome,
		    verdicts[i].reason);
		return first_bracket_ip(vg_str_sub(s, verdicts[i].len, s.len),
		    h, NULL);
	}
	return false;
}

static int
postfix_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = msg, cmd, v;
	struct vg_logfmt__hit h;
	ptrdiff_t i;

	pf_skip_queue_id(&s);
	if (VG_STR_EAT(&s, "reject: ") || VG_STR_EAT(&s, "milter-reject: ") ||
	    VG_STR_PREFIX(s, "reject_warning: ")) {
		/* "RCPT from NAME[IP]: 554 5.7.1 <x>: Relay access denied;" */
		bool warn = VG_STR_EAT(&s, "reject_warning: ");

		if (!vg_str_word(&s, &cmd) || !VG_STR_PREFIX(s, "from "))
			return VG_ERR_FORMAT;
		vg_logfmt__hit_init(&h, VG_ACT_MAIL, warn ? VG_OUT_UNKNOWN :
		    VG_OUT_FAILURE, pf_reject_reason(s));
		if (!first_bracket_ip(s, &h, NULL))
			return VG_ERR_FORMAT;
		h.h_label = "smtp.command";
		h.h_value = cmd;
		return vg_logfmt__hit_commit(&h, ev);
	}
	if (VG_STR_EAT(&s, "warning: "))
		return pf_warning(s, &h) ? vg_logfmt__hit_commit(&h, ev) :
		    VG_ERR_FORMAT;
	if (VG_STR_EAT(&s, "improper command pipelining after ")) {
		vg_logfmt__hit_init(&h, VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "improper command pipelining");
		return pf_from(s, &h) ? vg_logfmt__hit_commit(&h, ev) :
		    VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "too many errors after ")) {
		vg_logfmt__hit_init(&h, VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "too many errors");
		return pf_from(s, &h) ? vg_logfmt__hit_commit(&h, ev) :
		    VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "lost connection after ") ||
	    VG_STR_PREFIX(s, "timeout after ")) {
		bool timeout = VG_STR_EAT(&s, "timeout after ");

		if (!vg_str_word(&s, &cmd))
			return VG_ERR_FORMAT;
		vg_logfmt__hit_init(&h, VG_ACT_DISCONNECT,
		    pf_benign_command(cmd) ? VG_OUT_UNKNOWN : VG_OUT_FAILURE,
		    timeout ? "timeout" : "lost connection");
		h.h_label = "smtp.command";
		h.h_value = cmd;
		if (!VG_STR_EAT(&s, "from ") || !first_bracket_ip(s, &h, NULL))
			return VG_ERR_FORMAT;
		return vg_logfmt__hit_commit(&h, ev);
	}
	if (VG_STR_EAT(&s, "disconnect from ")) {
		vg_logfmt__hit_init(&h, VG_ACT_DISCONNECT, VG_OUT_UNKNOWN,
		    "disconnect");
		if (!first_bracket_ip(s, &h, &v))
			return VG_ERR_FORMAT;
		if (pf_auth_failed(v)) {
			h.h_outcome = VG_OUT_FAILURE;
			h.h_reason = "authentication failed";
		}
		return vg_logfmt__hit_commit(&h, ev);
	}
	if (VG_STR_EAT(&s, "connect from ")) {
		vg_logfmt__hit_init(&h, VG_ACT_CONNECT, VG_OUT_UNKNOWN,
		    "connection");
		return first_bracket_ip(s, &h, NULL) ?
		    vg_logfmt__hit_commit(&h, ev) : VG_ERR_FORMAT;
	}
	if (VG_STR_EAT(&s, "client=")) {
		/* "client=NAME[IP], sasl_method=PLAIN, sasl_username=bob" */
		vg_logfmt__hit_init(&h, VG_ACT_MAIL, VG_OUT_SUCCESS,
		    "message accepted");
		if (!first_bracket_ip(s, &h, &v))
			return VG_ERR_FORMAT;
		if ((i = VG_STR_FIND(v, ", sasl_username=")) >= 0) {
			h.h_action = VG_ACT_AUTH;
			h.h_reason = "SASL login";
			h.h_user = vg_str_sub(v, (size_t)i + 16, v.len);
			if ((i = VG_STR_FIND(h.h_user, ", sasl_sender=")) >= 0)
				h.h_user.len = (size_t)i;
		}
		return vg_logfmt__hit_commit(&h, ev);
	}
	if (VG_STR_EAT(&s, "SSL_accept error from ")) {
		vg_logfmt__hit_init(&h, VG_ACT_TLS, VG_OUT_FAILURE,
		    "TLS handshake failed");
		return first_bracket_ip(s, &h, NULL) ?
		    vg_logfmt__hit_commit(&h, ev) : VG_ERR_FORMAT;
	}
	if ((i = VG_STR_FIND(s, "TLS connection established from ")) >= 0 &&
	    i < 16) {
		vg_logfmt__hit_init(&h, VG_ACT_TLS, VG_OUT_SUCCESS,
		    "TLS established");
		return first_bracket_ip(vg_str_sub(s, (size_t)i, s.len), &h,
		    NULL) ? vg_logfmt__hit_commit(&h, ev) : VG_ERR_FORMAT;
	}
	return pf_postscreen(s, &h) ? vg_logfmt__hit_commit(&h, ev) :
	    VG_ERR_FORMAT;
}

/*
 * Dovecot ------------------------------------------------------------
 *
 * Login processes end a connection with one summary line: "Aborted
 * login (auth failed, 1 attempts): user=<u>, method=PLAIN, rip=1.2.3.4,
 * lip=..."; auth workers report per password database:
 * "pam(user,1.2.3.4): unknown user".  Dovecot's own prefixes ("dovecot:
 * ", "Info: ", "imap-login: ", "auth-worker(304): ") come in any order
 * and are peeled off first.
 */

static bool
dv_peel(struct vg_str *s)
{
	static const char *const levels[] = { "Info: ", "Error: ",
	    "Warning: ", "Fatal: ", "Panic: ", "Debug: " };
	ptrdiff_t i;
	size_t k;

	if (VG_STR_EAT(s, "dovecot: "))
		return true;
	for (k = 0; k < VG_ARRAY_LEN(levels); k++)
		if (vg_str_eat(s, levels[k], strlen(levels[k])))
			return true;
	if (VG_STR_PREFIX(*s, "conn unix:")) {
		/* "conn unix:auth-worker (pid=27359,uid=97): " */
		if ((i = VG_STR_FIND(*s, "): ")) < 0 || i > 80)
			return false;
		vg_str_skip(s, (size_t)i + 3);
		return true;
	}
	/* "imap-login: ", "auth: ", "auth-worker(304): ", "auth-worker<5>: " */
	if ((i = VG_STR_FIND(*s, ": ")) <= 0 || i > 64)
		return false;
	{
		struct vg_str tok = vg_str_make(s->p, (size_t)i);

		if (vg_str_chr(tok, ' ') >= 0 || vg_str_chr(tok, ',') >= 0)
			return false;
		if (VG_STR_SUFFIX(tok, "-login") ||
		    VG_STR_PREFIX(tok, "auth")) {
			vg_str_skip(s, (size_t)i + 2);
			return true;
		}
	}
	return false;
}

/*
 * The key=value list of a login summary.  The user name is client text,
 * so the address is the last "rip=" (nothing the client sends comes after
 * it) and the user ends at the last ">, " before that.
 */
static bool
dv_summary_fields(struct vg_str kv, struct vg_logfmt__hit *h)
{
	ptrdiff_t i, u, e;
	struct vg_str rip;

	if ((i = VG_STR_RFIND(kv, "rip=")) < 0 ||
	    (i > 0 && kv.p[i - 1] != ' '))
		return false;
	rip = vg_str_sub(kv, (size_t)i + 4, kv.len);
	if (!bare_ip(rip, ", ", h))
		return false;
	if ((u = VG_STR_FIND(kv, "user=<")) >= 0 && u < i) {
		struct vg_str us = vg_str_sub(kv, (size_t)u + 6, (size_t)i);

		if ((e = VG_STR_RFIND(us, ">,")) >= 0)
			h->h_user = vg_str_sub(us, 0, (size_t)e);
	}
	return true;
}

static bool
dv_summary(struct vg_str s, struct vg_logfmt__hit *h)
{
	struct vg_str why, kv;
	ptrdiff_t i;

	/* The reason ends where the key=value list begins. */
	if ((i = VG_STR_FIND(s, ": user=<")) < 0 &&
	    (i = VG_STR_FIND(s, ": method=")) < 0 &&
	    (i = VG_STR_FIND(s, ": rip=")) < 0)
		return false;
	why = vg_str_sub(s, 0, (size_t)i);
	kv = vg_str_sub(s, (size_t)i + 2, s.len);
	if (VG_STR_FIND(why, "(auth failed") >= 0)
		vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "auth failed");
	else if (VG_STR_FIND(why, "(tried to use dis") >= 0)
		vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "disallowed authentication");
	else if (VG_STR_FIND(why, "(proxy dest auth failed") >= 0)
		vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "proxy destination auth failed");
	else if (VG_STR_FIND(why, "(client didn't finish SASL auth") >= 0)
		vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "SASL authentication not finished");
	else if (VG_STR_FIND(why, "(disconnected before auth was ready") >= 0)
		vg_logfmt__hit_init(h, VG_ACT_DISCONNECT, VG_OUT_FAILURE,
		    "disconnected before auth was ready");
	else if (VG_STR_FIND(why, "(disconnected during TLS handshake") >= 0)
		vg_logfmt__hit_init(h, VG_ACT_TLS, VG_OUT_FAILURE,
		    "TLS handshake not finished");
	else if (VG_STR_FIND(why, "(no auth attempts") >= 0)
		/*
		 * Ordinary for idle clients and phones losing signal; only
		 * fail2ban's aggressive mode counts it.  A rule can still
		 * count these disconnects by reason.
		 */
		vg_logfmt__hit_init(h, VG_ACT_DISCONNECT, VG_OUT_UNKNOWN,
		    "no auth attempts");
	else
		vg_logfmt__hit_init(h, VG_ACT_DISCONNECT, VG_OUT_UNKNOWN,
		    "disconnected");
	return dv_summary_fields(kv, h);
}

/* The verdict of a password database's REASON; false if not a failure. */
static bool
dv_reason(struct vg_str why, struct vg_logfmt__hit *h)
{
	if (VG_STR_PREFIX(why, "unknown user"))
		vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "unknown user");
	else if (VG_STR_PREFIX(why, "Password mismatch"))
		vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "password mismatch");
	else if (VG_STR_PREFIX(why, "pam_authenticate() failed"))
		vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "PAM authentication failed");
	else if (VG_STR_PREFIX(why, "invalid credentials"))
		vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "invalid credentials");
	else
		return false;
	return true;
}

/*
 * Dovecot 2.4's auth prefix, "auth(USER,IP[,MECH])[<SESSION>]" (or
 * "auth-worker(...)"), as the tag of a record or at the head of its
 * message, and the rest of the message, "[Level: ][DRIVER: ]REASON".
 * USER is client text and may hold commas or parentheses; IP never does,
 * so the fields are read from the right.
 */
static bool
dv_auth24(struct vg_str tag, struct vg_str rest, struct vg_logfmt__hit *h)
{
	struct vg_str in, f;
	ptrdiff_t i;
	int k;

	if (!VG_STR_EAT(&tag, "auth(") && !VG_STR_EAT(&tag, "auth-worker("))
		return false;
	/* "...)<SESSION>" */
	if (tag.len > 0 && tag.p[tag.len - 1] == '>' &&
	    (i = vg_str_rchr(tag, '<')) >= 0)
		tag.len = (size_t)i;
	if (tag.len == 0 || tag.p[tag.len - 1] != ')')
		return false;
	in = vg_str_make(tag.p, tag.len - 1);
	for (k = 0; k < 4 && dv_peel(&rest); k++)
		;
	/* "sql: ", "passwd-file: ", "ldap(...): " name the database. */
	if ((i = VG_STR_FIND(rest, ": ")) > 0 && i <= 32 &&
	    vg_str_chr(vg_str_make(rest.p, (size_t)i), ' ') < 0)
		vg_str_skip(&rest, (size_t)i + 2);
	if (!dv_reason(rest, h))
		return false;
	/* IP is the last field, or the one before the mechanism. */
	for (k = 0; k < 2 && (i = vg_str_rchr(in, ',')) > 0; k++) {
		f = vg_str_sub(in, (size_t)i + 1, in.len);
		in.len = (size_t)i;
		if (hit_ip(h, f)) {
			h->h_user = in;
			return true;
		}
	}
	return false;
}

/* "DRIVER(user,1.2.3.4[,<session>]): REASON" from an auth process. */
static bool
dv_passdb(struct vg_str s, struct vg_logfmt__hit *h)
{
	struct vg_str in, why;
	ptrdiff_t i, close;
	size_t k;

	if ((i = vg_str_chr(s, '(')) <= 0 || i > 16)
		return false;
	for (k = 0; k < (size_t)i; k++)
		if (!((s.p[k] >= 'a' && s.p[k] <= 'z') || s.p[k] == '-' ||
		    (s.p[k] >= '0' && s.p[k] <= '9')))
			return false;
	in = vg_str_sub(s, (size_t)i + 1, s.len);
	if ((close = VG_STR_FIND(in, "): ")) < 0)
		return false;
	why = vg_str_sub(in, (size_t)close + 3, in.len);
	in.len = (size_t)close;
	if (!dv_reason(why, h))
		return false;
	h->h_label = "dovecot.passdb";
	h->h_value = vg_str_sub(s, 0, (size_t)i);
	/* Drop a trailing ",<session>" or empty field, then split user,ip. */
	if ((i = VG_STR_RFIND(in, ",")) >= 0 &&
	    ((size_t)i + 1 == in.len || in.p[i + 1] == '<'))
		in.len = (size_t)i;
	if ((i = VG_STR_RFIND(in, ",")) < 0) {
		h->h_user = in;
		return true;
	}
	h->h_user = vg_str_sub(in, 0, (size_t)i);
	(void)hit_ip(h, vg_str_sub(in, (size_t)i + 1, in.len));
	return true;
}

static int
dovecot_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = msg;
	struct vg_logfmt__hit h;
	ptrdiff_t i;
	int n;

	/* Dovecot 2.4 without a syslog ident: the auth prefix is the tag. */
	if (VG_STR_PREFIX(ev->ev_program, "auth") &&
	    dv_auth24(ev->ev_program, s, &h))
		return vg_logfmt__hit_commit(&h, ev);
	for (n = 0; n < 8 && dv_peel(&s); n++)
		;
	if (VG_STR_PREFIX(s, "auth") && (i = VG_STR_FIND(s, ": ")) > 0 &&
	    dv_auth24(vg_str_make(s.p, (size_t)i),
	    vg_str_sub(s, (size_t)i + 2, s.len), &h))
		return vg_logfmt__hit_commit(&h, ev);
	/* "auth: pam_unix(dovecot:auth): authentication failure; ..." */
	if (VG_STR_PREFIX(s, "pam_") &&
	    VG_STR_FIND(s, ": authentication failure;") > 0) {
		if (vg_logfmt_pam.lf_msg(s, ev) != 0)
			return VG_ERR_FORMAT;
		ev->ev_dataset = vg_logfmt_pam.lf_name;
		return 0;
	}
	if (VG_STR_EAT(&s, "Login: ")) {
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_SUCCESS, "login");
		return dv_summary_fields(s, &h) ?
		    vg_logfmt__hit_commit(&h, ev) : VG_ERR_FORMAT;
	}
	if (dv_summary(s, &h) || dv_passdb(s, &h))
		return vg_logfmt__hit_commit(&h, ev);
	return VG_ERR_FORMAT;
}

/*
 * Exim ---------------------------------------------------------------
 *
 * Exim names a host "[NAME ][(HELO) ][IP][:PORT]".  The HELO name is
 * client text; Exim refuses HELO arguments with spaces, so ") [" cannot
 * be forged inside it and ends it reliably.
 */

static bool
exim_host(struct vg_str s, struct vg_logfmt__hit *h)
{
	ptrdiff_t i;

	if (s.len > 0 && s.p[0] != '(' && s.p[0] != '[') {
		if ((i = vg_str_chr(s, ' ')) < 0)
			return false;
		vg_str_skip(&s, (size_t)i + 1);
	}
	if (s.len > 0 && s.p[0] == '(') {
		if ((i = VG_STR_FIND(s, ") [")) < 0)
			return false;
		vg_str_skip(&s, (size_t)i + 2);
	}
	return bracket_ip(s, h, NULL);
}

/* "1ahr79-0006jK-G9 " or the 4.97 "1rXXXX-XXXXXXXXXXX-XXXX " id. */
static bool
exim_msgid(struct vg_str *s)
{
	size_t i, part = 0, n = 0;

	for (i = 0; i < s->len && i < 24; i++) {
		char c = s->p[i];

		if (c == '-') {
			if (n == 0 || ++part > 2)
				return false;
			n = 0;
		} else if (c == ' ') {
			break;
		} else if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		    (c >= 'a' && c <= 'z')) {
			n++;
		} else {
			return false;
		}
	}
	if (part != 2 || n < 2 || i < 16 || i >= s->len)
		return false;
	vg_str_skip(s, i + 1);
	return true;
}

/* "[1234] " of log_selector +pid. */
static bool
exim_pid(struct vg_str *s, int64_t *pidp)
{
	struct vg_str t = *s;
	uint64_t pid;

	if (!VG_STR_EAT(&t, "[") || !vg_str_uint(&t, 10, INT64_MAX, &pid) ||
	    !VG_STR_EAT(&t, "] "))
		return false;
	*pidp = (int64_t)pid;
	*s = t;
	return true;
}

/* Messages that name the client with " H=": rejects and verify failures. */
static bool
exim_h_line(struct vg_str s, struct vg_logfmt__hit *h)
{
	struct vg_str hs;
	ptrdiff_t i;

	if (VG_STR_PREFIX(s, "H="))
		i = -1;
	else if ((i = VG_STR_FIND(s, " H=")) < 0)
		return false;
	hs = vg_str_sub(s, (size_t)(i + 3), s.len);
	if (VG_STR_FIND(s, " rejected RCPT ") >= 0)
		vg_logfmt__hit_init(h, VG_ACT_MAIL, VG_OUT_FAILURE,
		    VG_STR_FIND(s, "relay not permitted") >= 0 ?
		    "relay not permitted" : "recipient rejected");
	else if (VG_STR_FIND(s, " sender verify fail") >= 0)
		vg_logfmt__hit_init(h, VG_ACT_MAIL, VG_OUT_FAILURE,
		    "sender verify failed");
	else if (VG_STR_FIND(s, " rejected by local_scan()") >= 0)
		vg_logfmt__hit_init(h, VG_ACT_MAIL, VG_OUT_FAILURE,
		    "rejected by local_scan");
	else if (VG_STR_FIND(s, " rejected after DATA") >= 0)
		vg_logfmt__hit_init(h, VG_ACT_MAIL, VG_OUT_FAILURE,
		    "rejected after DATA");
	else if (VG_STR_FIND(s, " rejected MAIL ") >= 0)
		vg_logfmt__hit_init(h, VG_ACT_MAIL, VG_OUT_FAILURE,
		    "sender rejected");
	else if (VG_STR_FIND(s, " rejected EHLO") >= 0 ||
	    VG_STR_FIND(s, " rejected HELO") >= 0)
		vg_logfmt__hit_init(h, VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "HELO rejected");
	else if (VG_STR_FIND(s, " dropped by ") >= 0 ||
	    VG_STR_FIND(s, " rejected connection") >= 0)
		vg_logfmt__hit_init(h, VG_ACT_CONNECT, VG_OUT_FAILURE,
		    "rejected by ACL");
	else if (VG_STR_FIND(s, " rejected ") >= 0)
		vg_logfmt__hit_init(h, VG_ACT_MAIL, VG_OUT_FAILURE, "rejected");
	else
		return false;
	return exim_host(hs, h);
}

static bool
exim_parse(struct vg_str s, struct vg_logfmt__hit *h)
{
	ptrdiff_t i;

	if ((i = VG_STR_FIND(s, " authenticator failed for ")) > 0 &&
	    vg_str_chr(vg_str_sub(s, 0, (size_t)i), ' ') < 0) {
		/* "login authenticator failed for (helo) [IP]: 535 ..." */
		vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "authenticator failed");
		h->h_label = "auth.method";
		h->h_value = vg_str_sub(s, 0, (size_t)i);
		if (!exim_host(vg_str_sub(s, (size_t)i + 26, s.len), h))
			return false;
		/* "(set_id=USER)" ends the line; the user is client text. */
		if ((i = VG_STR_RFIND(s, "(set_id=")) >= 0 &&
		    s.p[s.len - 1] == ')')
			h->h_user = vg_str_sub(s, (size_t)i + 8, s.len - 1);
		return true;
	}
	if (VG_STR_EAT(&s, "SMTP protocol error in \"")) {
		/* The command is client text: the last '" H=' ends it. */
		vg_logfmt__hit_init(h, VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "SMTP protocol error");
		if ((i = VG_STR_RFIND(s, "\" H=")) < 0)
			return false;
		return exim_host(vg_str_sub(s, (size_t)i + 4, s.len), h);
	}
	if (VG_STR_EAT(&s, "SMTP protocol synchronization error")) {
		vg_logfmt__hit_init(h, VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "SMTP synchronization error");
		if ((i = VG_STR_FIND(s, " H=")) < 0)
			return false;
		return exim_host(vg_str_sub(s, (size_t)i + 3, s.len), h);
	}
	if (VG_STR_EAT(&s, "SMTP call from ")) {
		if (VG_STR_FIND(s, " dropped: ") < 0)
			return false;
		vg_logfmt__hit_init(h, VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "too many bad commands");
		return exim_host(s, h);
	}
	if (VG_STR_EAT(&s, "no MAIL in SMTP connection from ")) {
		vg_logfmt__hit_init(h, VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "no MAIL in connection");
		return exim_host(s, h);
	}
	if (VG_STR_EAT(&s, "SMTP connection from ")) {
		if (VG_STR_FIND(s, " closed by DROP in ACL") >= 0)
			vg_logfmt__hit_init(h, VG_ACT_CONNECT, VG_OUT_FAILURE,
			    "dropped by ACL");
		else if (VG_STR_FIND(s, "] lost") >= 0 ||
		    VG_STR_FIND(s, " closed by ") >= 0)
			vg_logfmt__hit_init(h, VG_ACT_DISCONNECT,
			    VG_OUT_UNKNOWN, "disconnect");
		else
			vg_logfmt__hit_init(h, VG_ACT_CONNECT, VG_OUT_UNKNOWN,
			    "connection");
		return exim_host(s, h);
	}
	if (VG_STR_EAT(&s, "Connection from ")) {
		/* "Connection from [IP]:PORT refused: too many connections" */
		if (VG_STR_FIND(s, " refused") < 0)
			return false;
		vg_logfmt__hit_init(h, VG_ACT_CONNECT, VG_OUT_FAILURE,
		    "connection refused");
		return exim_host(s, h);
	}
	if (VG_STR_EAT(&s, "TLS error on connection from ")) {
		vg_logfmt__hit_init(h, VG_ACT_TLS, VG_OUT_FAILURE, "TLS error");
		return exim_host(s, h);
	}
	/*
	 * DNS that does not match is common for lawful senders too; it is a
	 * failure of the connection's checks as in fail2ban's aggressive
	 * mode, and rules should weigh it lightly.
	 */
	if (VG_STR_EAT(&s, "no host name found for IP address ")) {
		vg_logfmt__hit_init(h, VG_ACT_CONNECT, VG_OUT_FAILURE,
		    "no reverse DNS");
		return bare_ip(s, " ", h);
	}
	if (VG_STR_EAT(&s, "no IP address found for host ")) {
		vg_logfmt__hit_init(h, VG_ACT_CONNECT, VG_OUT_FAILURE,
		    "no forward DNS for host name");
		if ((i = VG_STR_FIND(s, " connection from [")) < 0)
			return false;
		return bracket_ip(vg_str_sub(s, (size_t)i + 17, s.len), h,
		    NULL);
	}
	if (VG_STR_EAT(&s, "SA: Action: ")) {
		/* SpamAssassin (sa-exim) verdicts: "... (host=NAME [IP])" */
		vg_logfmt__hit_init(h, VG_ACT_MAIL, VG_OUT_UNKNOWN,
		    "spam scan");
		if (VG_STR_PREFIX(s, "flagged as Spam") ||
		    VG_STR_PREFIX(s, "silently tossed") ||
		    VG_STR_PREFIX(s, "permanently rejected") ||
		    VG_STR_PREFIX(s, "temporarily rejected")) {
			h->h_outcome = VG_OUT_FAILURE;
			h->h_reason = "spam";
		}
		if ((i = VG_STR_RFIND(s, " (host=")) < 0)
			return false;
		return first_bracket_ip(vg_str_sub(s, (size_t)i, s.len), h,
		    NULL);
	}
	if (VG_STR_EAT(&s, "<= ")) {
		/* Reception: "<= sender H=... P=esmtpa A=login:USER S=..." */
		vg_logfmt__hit_init(h, VG_ACT_MAIL, VG_OUT_SUCCESS,
		    "message received");
		if ((i = VG_STR_FIND(s, " H=")) < 0 ||
		    !exim_host(vg_str_sub(s, (size_t)i + 3, s.len), h))
			return false;
		if ((i = VG_STR_RFIND(s, " A=")) >= 0) {
			struct vg_str a = vg_str_sub(s, (size_t)i + 3, s.len);
			ptrdiff_t c = vg_str_chr(a, ':'), e;

			if (c > 0) {
				vg_str_skip(&a, (size_t)c + 1);
				if ((e = vg_str_chr(a, ' ')) >= 0)
					a.len = (size_t)e;
				h->h_user = a;
			}
		}
		return true;
	}
	if (VG_STR_PREFIX(s, "H=") || VG_STR_PREFIX(s, "F=<") ||
	    VG_STR_PREFIX(s, "F="))
		return exim_h_line(s, h);
	return false;
}

static int
exim_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = msg;
	struct vg_logfmt__hit h;
	int64_t us, pid;
	bool has_tz;

	/* The journal keeps Exim's own stamp inside the message. */
	if (s.len > 20 && s.p[4] == '-' && s.p[10] == ' ') {
		struct vg_str t = s;

		if (vg_time_parse_iso(&t, &us, &has_tz) && VG_STR_EAT(&t, " "))
			s = t;
	}
	(void)exim_pid(&s, &pid);
	(void)exim_msgid(&s);
	if (!exim_parse(s, &h))
		return VG_ERR_FORMAT;
	return vg_logfmt__hit_commit(&h, ev);
}

/* " +0200" after the stamp (log_timezone); seconds east of UTC. */
static bool
exim_zone(struct vg_str *s, int32_t *offp)
{
	const char *p = s->p;
	int v;

	if (s->len < 6 || (p[0] != '+' && p[0] != '-'))
		return false;
	for (v = 1; v < 5; v++)
		if (p[v] < '0' || p[v] > '9')
			return false;
	if (s->len > 5 && p[5] != ' ')
		return false;
	v = ((p[1] - '0') * 10 + (p[2] - '0')) * 3600 +
	    ((p[3] - '0') * 10 + (p[4] - '0')) * 60;
	*offp = p[0] == '-' ? -v : v;
	vg_str_skip(s, s->len > 5 ? 6 : 5);
	return true;
}

/*
 * Exim's main log: "2013-06-02 09:05:48 [1234] 1UlasQ-0003fr-45 H=...".
 * A space at offset 10 (RFC 3339 syslog stamps have 'T') rejects most
 * foreign lines in a few compares.  A line with a pid or a message id is
 * Exim's whatever it says; one without is claimed only when the message
 * is recognised, so "STAMP host prog[pid]: msg" syslog lines in the same
 * stamp format still reach the syslog framing.
 */
static int
exim_line(struct vg_logsrc *ls, struct vg_str line, struct vg_event *ev)
{
	struct vg_str s = line;
	struct vg_logfmt__hit h;
	int64_t us, pid = -1;
	int32_t off;
	bool has_tz, known, recognised;

	if (line.len < 21 || line.p[4] != '-' || line.p[10] != ' ' ||
	    line.p[13] != ':' || line.p[0] < '1' || line.p[0] > '2' ||
	    !vg_time_parse_iso(&s, &us, &has_tz) || !VG_STR_EAT(&s, " ")) {
		/* --format exim over a syslog file of Exim's messages. */
		return vg_logfmt__forced_syslog(ls, line, ev, &vg_logfmt_exim);
	}
	if (exim_zone(&s, &off)) {
		us -= (int64_t)off * VG_USEC;
		has_tz = true;
	}
	known = exim_pid(&s, &pid);
	known = exim_msgid(&s) || known;
	recognised = exim_parse(s, &h);
	if (!recognised && !known)
		return VG_ERR_FORMAT;
	if (!has_tz)
		us = vg_logfmt__local_us(ls, us);
	ev->ev_time = us;
	ev->ev_dataset = vg_logfmt_exim.lf_name;
	ev->ev_program = VG_STR_LIT("exim");
	ev->ev_pid = pid;
	if (recognised)
		return vg_logfmt__hit_commit(&h, ev);
	vg_logfmt_extract(s, ev);
	return 0;
}

/*
 * Sendmail -----------------------------------------------------------
 *
 * Sendmail names a client "name [IP]" or "[IP]" (IPv6 as "[IPv6:...]"),
 * optionally followed by "(may be forged)".  Each parser bounds the text
 * it hands to sm_host() so that a bracket in client text cannot be taken.
 */

static bool
sm_host(struct vg_str s, struct vg_logfmt__hit *h)
{
	return first_bracket_ip(s, h, NULL);
}

/* "s1GNXHYB005133: " queue id. */
static void
sm_skip_queue_id(struct vg_str *s)
{
	size_t i;

	for (i = 0; i < s->len && i < 24; i++) {
		char c = s->p[i];

		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		    (c >= 'a' && c <= 'z')))
			break;
	}
	if (i >= 8 && i + 1 < s->len && s->p[i] == ':' && s->p[i + 1] == ' ')
		vg_str_skip(s, i + 2);
}

/* "relay=NAME [IP][ (may be forged)]" up to the next ", ". */
static bool
sm_relay(struct vg_str s, const char *lit, size_t n, bool last,
    struct vg_logfmt__hit *h)
{
	ptrdiff_t i;

	i = last ? vg_str_rfind(s, lit, n) : vg_str_find(s, lit, n);
	if (i < 0)
		return false;
	vg_str_skip(&s, (size_t)i + n);
	if ((i = VG_STR_FIND(s, ", ")) >= 0)
		s.len = (size_t)i;
	return sm_host(s, h);
}

static bool
sm_parse(struct vg_str s, struct vg_logfmt__hit *h)
{
	ptrdiff_t i;
	struct vg_str v;

	if (VG_STR_EAT(&s, "AUTH failure (")) {
		/* "...: checkpass failed, user=U, relay=N [IP] (may be ...)" */
		vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "AUTH failure");
		if ((i = vg_str_chr(s, ')')) > 0) {
			h->h_label = "auth.method";
			h->h_value = vg_str_sub(s, 0, (size_t)i);
		}
		/* The user name may hold ", relay=": the last relay is ours. */
		if (!sm_relay(s, ", relay=", 8, true, h))
			return false;
		if ((v = AFTER(s, ", user=", ',')).len > 0)
			h->h_user = v;
		return true;
	}
	if (VG_STR_EAT(&s, "AUTH=server, relay=")) {
		/* "AUTH=server, relay=N [IP], authid=bob, mech=PLAIN, ..." */
		vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_SUCCESS,
		    "AUTH success");
		if ((i = VG_STR_FIND(s, ", authid=")) < 0 ||
		    !sm_host(vg_str_sub(s, 0, (size_t)i), h))
			return false;
		h->h_user = AFTER(s, ", authid=", ',');
		h->h_label = "auth.method";
		h->h_value = AFTER(s, ", mech=", ',');
		return true;
	}
	if (VG_STR_EAT(&s, "ruleset=")) {
		/* "ruleset=check_rcpt, arg1=<x>, relay=N [IP], reject=..." */
		bool relay = VG_STR_PREFIX(s, "check_relay");
		bool reject = VG_STR_FIND(s, ", reject=") >= 0;

		vg_logfmt__hit_init(h, relay ? VG_ACT_CONNECT : VG_ACT_MAIL,
		    reject ? VG_OUT_FAILURE : VG_OUT_UNKNOWN, "ruleset");
		if (reject)
			h->h_reason = VG_STR_FIND(s, "Relaying denied") >= 0 ?
			    "relaying denied" : relay ? "connection rejected" :
			    "rejected";
		return sm_relay(s, ", relay=", 8, false, h);
	}
	if (VG_STR_EAT(&s, "rejecting commands from ")) {
		vg_logfmt__hit_init(h, VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "talked before greeting");
		if ((i = VG_STR_FIND(s, " due to ")) >= 0)
			s.len = (size_t)i;
		return sm_host(s, h);
	}
	if (VG_STR_EAT(&s, "lost input channel from ")) {
		vg_logfmt__hit_init(h, VG_ACT_DISCONNECT, VG_OUT_FAILURE,
		    "lost input channel");
		if ((i = VG_STR_FIND(s, " to ")) >= 0)
			s.len = (size_t)i;
		return sm_host(s, h);
	}
	if (VG_STR_EAT(&s, "STARTTLS=server, error: ")) {
		vg_logfmt__hit_init(h, VG_ACT_TLS, VG_OUT_FAILURE,
		    "TLS handshake failed");
		return sm_relay(s, "relay=", 6, true, h);
	}
	if (VG_STR_EAT(&s, "from=")) {
		/* Envelope summary: nrcpts=0 means every recipient failed. */
		v = AFTER(s, ", nrcpts=", ',');
		if (VG_STR_EQ(v, "0"))
			vg_logfmt__hit_init(h, VG_ACT_MAIL, VG_OUT_FAILURE,
			    "no valid recipients");
		else
			vg_logfmt__hit_init(h, VG_ACT_MAIL, VG_OUT_SUCCESS,
			    "message received");
		return sm_relay(s, ", relay=", 8, true, h);
	}
	if ((i = VG_STR_FIND(s, " did not issue MAIL/EXPN/VRFY/ETRN")) > 0) {
		vg_logfmt__hit_init(h, VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "did not issue MAIL");
		return sm_host(vg_str_sub(s, 0, (size_t)i), h);
	}
	if ((i = VG_STR_FIND(s, ": possible SMTP attack: command=")) > 0) {
		v = vg_str_sub(s, (size_t)i + 32, s.len);
		if (VG_STR_PREFIX(v, "AUTH,"))
			vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_FAILURE,
			    "too many AUTH attempts");
		else
			vg_logfmt__hit_init(h, VG_ACT_PROTOCOL, VG_OUT_FAILURE,
			    "possible SMTP attack");
		return sm_host(vg_str_sub(s, 0, (size_t)i), h);
	}
	if (VG_STR_SUFFIX(s, " [rejected]") &&
	    (i = VG_STR_FIND(s, "]: ")) > 0) {
		/* "N [IP]: EXPN root [rejected]" */
		vg_logfmt__hit_init(h, VG_ACT_PROTOCOL, VG_OUT_FAILURE,
		    "VRFY/EXPN rejected");
		return sm_host(vg_str_sub(s, 0, (size_t)i + 1), h);
	}
	return false;
}

static int
sendmail_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = msg;
	struct vg_logfmt__hit h;

	sm_skip_queue_id(&s);
	return sm_parse(s, &h) ? vg_logfmt__hit_commit(&h, ev) : VG_ERR_FORMAT;
}

/*
 * Courier ------------------------------------------------------------
 *
 * imapd/pop3d: "LOGIN FAILED, user=U, ip=[::ffff:1.2.3.4], port=[255]";
 * courieresmtpd: "error,relay=::ffff:1.2.3.4,msg=\"535 ...\",cmd: ...".
 * The user name is client text and may hold ", ip=[": the last one is
 * the address.
 */

static bool
courier_login(struct vg_str s, struct vg_logfmt__hit *h)
{
	ptrdiff_t i, u;
	struct vg_str ip, rest;
	uint64_t port;

	if ((i = VG_STR_RFIND(s, "ip=[")) < 0 || (i > 0 && s.p[i - 1] != ' '))
		return false;
	ip = vg_str_sub(s, (size_t)i + 3, s.len);
	if (!first_bracket_ip(ip, h, &rest))
		return false;
	if (VG_STR_EAT(&rest, ", port=[") && vg_str_uint(&rest, 5, 65535,
	    &port))
		h->h_port = (int32_t)port;
	if ((u = VG_STR_FIND(s, "user=")) >= 0 && u + 5 < i - 2 &&
	    (u == 0 || s.p[u - 1] == ' '))
		h->h_user = vg_str_sub(s, (size_t)u + 5, (size_t)i - 2);
	return true;
}

static bool
courier_parse(struct vg_str s, struct vg_logfmt__hit *h)
{
	if (VG_STR_EAT(&s, "LOGIN FAILED, ")) {
		vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "login failed");
		return courier_login(s, h);
	}
	if (VG_STR_EAT(&s, "LOGIN, ")) {
		vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_SUCCESS, "login");
		return courier_login(s, h);
	}
	if (VG_STR_EAT(&s, "LOGOUT, ")) {
		vg_logfmt__hit_init(h, VG_ACT_SESSION_END, VG_OUT_SUCCESS,
		    "logout");
		return courier_login(s, h);
	}
	if (VG_STR_EAT(&s, "DISCONNECTED, ")) {
		vg_logfmt__hit_init(h, VG_ACT_DISCONNECT, VG_OUT_UNKNOWN,
		    "disconnected");
		return courier_login(s, h);
	}
	if (VG_STR_EAT(&s, "Connection, ")) {
		vg_logfmt__hit_init(h, VG_ACT_CONNECT, VG_OUT_UNKNOWN,
		    "connection");
		return courier_login(s, h);
	}
	if (VG_STR_EAT(&s, "Maximum connection limit reached for ")) {
		vg_logfmt__hit_init(h, VG_ACT_CONNECT, VG_OUT_FAILURE,
		    "connection limit reached");
		return bare_ip(s, " ", h);
	}
	if (VG_STR_EAT(&s, "error,relay=")) {
		/* The relay comes first, before any client text. */
		if (VG_STR_FIND(s, ",msg=\"535 ") >= 0)
			vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_FAILURE,
			    "authentication failed");
		else
			vg_logfmt__hit_init(h, VG_ACT_MAIL, VG_OUT_FAILURE,
			    "rejected");
		return bare_ip(s, ", ", h);
	}
	if (VG_STR_EAT(&s, "started,ip=")) {
		vg_logfmt__hit_init(h, VG_ACT_CONNECT, VG_OUT_UNKNOWN,
		    "connection");
		return first_bracket_ip(s, h, NULL);
	}
	return false;
}

static int
courier_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_logfmt__hit h;

	return courier_parse(msg, &h) ? vg_logfmt__hit_commit(&h, ev) :
	    VG_ERR_FORMAT;
}

/*
 * Cyrus IMAP and timsieved --------------------------------------------
 *
 * "badlogin: NAME [IP] MECH USER SASL(-13): ..." with variants
 * "NAME[IP]", "[IP]" alone and no user; "login: NAME [IP] USER MECH ...".
 */

static bool
cyrus_parse(struct vg_str s, struct vg_logfmt__hit *h)
{
	struct vg_str rest, w;
	bool fail;

	if (VG_STR_EAT(&s, "badlogin: "))
		fail = true;
	else if (VG_STR_EAT(&s, "login: "))
		fail = false;
	else
		return false;
	vg_logfmt__hit_init(h, VG_ACT_AUTH,
	    fail ? VG_OUT_FAILURE : VG_OUT_SUCCESS,
	    fail ? "bad login" : "login");
	/* The host name is reverse DNS: the first bracket is the address. */
	if (!first_bracket_ip(s, h, &rest))
		return false;
	vg_str_skip_ws(&rest);
	if (fail) {
		/* "MECH [USER ]SASL(...)..." or "MECH [SASL(...)]" */
		if (vg_str_word(&rest, &w)) {
			h->h_label = "auth.method";
			h->h_value = w;
		}
		if (vg_str_word(&rest, &w) && w.p[0] != '[' &&
		    !VG_STR_PREFIX(w, "SASL(") &&
		    !VG_STR_EQ(w, "authentication"))
			h->h_user = w;
	} else {
		/* "USER MECH User logged in" */
		if (vg_str_word(&rest, &w))
			h->h_user = w;
		if (vg_str_word(&rest, &w)) {
			h->h_label = "auth.method";
			h->h_value = w;
		}
	}
	return true;
}

static int
cyrus_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_logfmt__hit h;

	return cyrus_parse(msg, &h) ? vg_logfmt__hit_commit(&h, ev) :
	    VG_ERR_FORMAT;
}

/*
 * UW-IMAP (imapd, ipop3d) ---------------------------------------------
 *
 * "Login failed user=U auth=A host=NAME [IP]".  The user is a single word
 * in UW's output (it quotes nothing); the host is the last bracket.
 */

static bool
uw_fields(struct vg_str s, struct vg_logfmt__hit *h)
{
	ptrdiff_t i;
	struct vg_str v;

	if ((i = VG_STR_RFIND(s, "host=")) < 0 ||
	    !first_bracket_ip(vg_str_sub(s, (size_t)i, s.len), h, NULL))
		return false;
	/* "user=???" is UW's way of saying nobody logged in yet. */
	if ((v = AFTER(vg_str_sub(s, 0, (size_t)i), "user=", ' ')).len > 0 &&
	    !VG_STR_EQ(v, "???"))
		h->h_user = v;
	return true;
}

static bool
uw_parse(struct vg_str s, struct vg_logfmt__hit *h)
{
	if (VG_STR_EAT(&s, "Login failed ") ||
	    VG_STR_EAT(&s, "Login excessive login failures ") ||
	    VG_STR_EAT(&s, "Login disabled ") ||
	    VG_STR_EAT(&s, "Failed uwmaster override of ") ||
	    (VG_STR_PREFIX(s, "AUTHENTICATE ") &&
	    VG_STR_FIND(s, " failure host=") >= 0)) {
		vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "login failed");
		return uw_fields(s, h);
	}
	if (VG_STR_PREFIX(s, "Login user=") ||
	    VG_STR_PREFIX(s, "Authenticated user=") ||
	    VG_STR_PREFIX(s, "Preauthenticated user=")) {
		vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_SUCCESS, "login");
		return uw_fields(s, h);
	}
	if (VG_STR_PREFIX(s, "Logout user=") ||
	    VG_STR_PREFIX(s, "Autologout user=")) {
		vg_logfmt__hit_init(h, VG_ACT_SESSION_END, VG_OUT_SUCCESS,
		    "logout");
		return uw_fields(s, h);
	}
	if (VG_STR_PREFIX(s, "Command stream end of file")) {
		vg_logfmt__hit_init(h, VG_ACT_DISCONNECT, VG_OUT_UNKNOWN,
		    "end of file");
		return uw_fields(s, h);
	}
	return false;
}

static int
uwimap_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_logfmt__hit h;

	return uw_parse(msg, &h) ? vg_logfmt__hit_commit(&h, ev) :
	    VG_ERR_FORMAT;
}

/*
 * "imapd", "pop3d" and friends are the program names of Courier, Cyrus
 * and UW-IMAP alike, so they go here and the message tells which it was;
 * each family's lines start differently, so this costs a few compares.
 */
static int
mailbox_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_logfmt__hit h;

	if (courier_parse(msg, &h))
		ev->ev_dataset = vg_logfmt_courier.lf_name;
	else if (cyrus_parse(msg, &h))
		ev->ev_dataset = vg_logfmt_cyrus.lf_name;
	else if (uw_parse(msg, &h))
		ev->ev_dataset = vg_logfmt_uwimap.lf_name;
	else
		return VG_ERR_FORMAT;
	return vg_logfmt__hit_commit(&h, ev);
}

/*
 * OpenSMTPD ------------------------------------------------------------
 *
 * 6.x writes "<session> smtp <event> key=value ...": only "connected"
 * names the client; later lines of the session carry just its id, so a
 * failed AUTH is a failure without an address here (a rule can join on
 * the session id, kept as a label).  5.x wrote "smtp-in: ..." lines.
 */

static bool
smtpd_parse(struct vg_str s, struct vg_logfmt__hit *h)
{
	struct vg_str id, w, v;
	ptrdiff_t i;

	if (VG_STR_EAT(&s, "smtp-in: ")) {
		if (VG_STR_EAT(&s, "Failed command on session ")) {
			if ((i = VG_STR_FIND(s, ": 535 ")) < 0)
				return false;
			vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_FAILURE,
			    "authentication failed");
			return true;
		}
		if (VG_STR_EAT(&s, "New session ")) {
			vg_logfmt__hit_init(h, VG_ACT_CONNECT, VG_OUT_UNKNOWN,
			    "connection");
			if ((i = VG_STR_FIND(s, " from host ")) < 0)
				return false;
			return first_bracket_ip(vg_str_sub(s, (size_t)i, s.len),
			    h, NULL);
		}
		if (VG_STR_EAT(&s, "Authentication failed for user ")) {
			vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_FAILURE,
			    "authentication failed");
			if ((i = VG_STR_FIND(s, " on session ")) >= 0)
				h->h_user = vg_str_sub(s, 0, (size_t)i);
			return true;
		}
		return false;
	}
	if (!vg_str_word(&s, &id) || id.len < 8 || id.len > 16 ||
	    !VG_STR_EAT(&s, "smtp ") || !vg_str_word(&s, &w))
		return false;
	if (VG_STR_EQ(w, "connected")) {
		vg_logfmt__hit_init(h, VG_ACT_CONNECT, VG_OUT_UNKNOWN,
		    "connection");
		if (!VG_STR_EAT(&s, "address=") || !bare_ip(s, " ", h))
			return false;
	} else if (VG_STR_EQ(w, "authentication")) {
		v = AFTER(s, " result=", ' ');
		if (VG_STR_EQ(v, "ok"))
			vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_SUCCESS,
			    "authenticated");
		else
			vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_FAILURE,
			    "authentication failed");
		if (VG_STR_EAT(&s, "user=")) {
			/* The user name is client text: result= ends it. */
			if ((i = VG_STR_RFIND(s, " result=")) >= 0)
				h->h_user = vg_str_sub(s, 0, (size_t)i);
		}
	} else if (VG_STR_EQ(w, "failed-command")) {
		if ((i = VG_STR_RFIND(s, "result=\"")) < 0)
			return false;
		v = vg_str_sub(s, (size_t)i + 8, s.len);
		if (VG_STR_PREFIX(v, "535 "))
			/*
			 * The "smtp authentication ... result=permfail" line
			 * of the same attempt is the failure; counting this
			 * one too would double every attempt.
			 */
			vg_logfmt__hit_init(h, VG_ACT_AUTH, VG_OUT_UNKNOWN,
			    "AUTH command failed");
		else if (VG_STR_PREFIX(s, "command=\"RCPT") ||
		    VG_STR_PREFIX(s, "command=\"MAIL"))
			vg_logfmt__hit_init(h, VG_ACT_MAIL, VG_OUT_FAILURE,
			    "command failed");
		else
			vg_logfmt__hit_init(h, VG_ACT_PROTOCOL, VG_OUT_FAILURE,
			    "command failed");
	} else if (VG_STR_EQ(w, "disconnected")) {
		vg_logfmt__hit_init(h, VG_ACT_DISCONNECT, VG_OUT_UNKNOWN,
		    "disconnect");
	} else {
		return false;
	}
	h->h_label = "smtp.session";
	h->h_value = id;
	return true;
}

/* OpenSMTPD's program is "smtpd"; an unknown line may be Postfix's. */
static int
opensmtpd_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_logfmt__hit h;

	if (smtpd_parse(msg, &h))
		return vg_logfmt__hit_commit(&h, ev);
	if (postfix_msg(msg, ev) != 0)
		return VG_ERR_FORMAT;
	ev->ev_dataset = vg_logfmt_postfix.lf_name;
	return 0;
}

/*
 * solid-pop3d: "authentication failed for user U - 1.2.3.4".  The user
 * is client text, so the address is after the last " - ".
 */
static int
solidpop3d_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = msg, head;
	struct vg_logfmt__hit h;
	ptrdiff_t i;

	if ((i = VG_STR_RFIND(s, " - ")) < 0)
		return VG_ERR_FORMAT;
	head = vg_str_sub(s, 0, (size_t)i);
	vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_FAILURE,
	    "authentication failed");
	if (!hit_ip(&h, vg_str_trim(vg_str_sub(s, (size_t)i + 3, s.len))))
		return VG_ERR_FORMAT;
	if (VG_STR_EAT(&head, "authentication failed: no such user: ") ||
	    VG_STR_EAT(&head, "authentication failed: can't map user name: ") ||
	    VG_STR_EAT(&head, "authentication failed for mapped user ") ||
	    VG_STR_EAT(&head, "authentication failed for user ") ||
	    VG_STR_EAT(&head, "APOP authentication failed for user ") ||
	    VG_STR_EAT(&head, "can't find APOP secret for user "))
		h.h_user = head;
	else if (VG_STR_EQ(head, "root login not allowed"))
		h.h_user = VG_STR_LIT("root");
	else
		return VG_ERR_FORMAT;
	return vg_logfmt__hit_commit(&h, ev);
}

/*
 * qmail's rblsmtpd and qmail-smtpd: "rblsmtpd: 1.2.3.4 pid 19597
 * LIST: 451 ...", "LIST blocked 1.2.3.4 ...", "qmail-smtpd: 421
 * badiprbl: ip 1.2.3.4 rbl: LIST".  Multilog stamps ("@4000..." or
 * "1157520813.485077 ") may precede the program name.
 */
static int
qmail_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = msg, t = msg, w;
	struct vg_logfmt__hit h;
	ptrdiff_t i;

	if (vg_str_word(&t, &w) && (VG_STR_PREFIX(t, "rblsmtpd: ") ||
	    VG_STR_PREFIX(t, "qmail-smtpd: ")))
		s = t;
	vg_logfmt__hit_init(&h, VG_ACT_CONNECT, VG_OUT_FAILURE,
	    "listed in RBL");
	if (VG_STR_EAT(&s, "qmail-smtpd: ")) {
		if ((i = VG_STR_FIND(s, " ip ")) >= 0 &&
		    bare_ip(vg_str_sub(s, (size_t)i + 4, s.len), " ", &h))
			return vg_logfmt__hit_commit(&h, ev);
		return VG_ERR_FORMAT;
	}
	(void)VG_STR_EAT(&s, "rblsmtpd: ");
	/* "1.2.3.4 pid 19597 LIST: 451 ..." */
	if (VG_STR_FIND(s, " pid ") > 0 && bare_ip(s, " ", &h))
		return vg_logfmt__hit_commit(&h, ev);
	/* "LIST blocked 1.2.3.4 ..." */
	if ((i = VG_STR_FIND(s, " blocked ")) > 0 &&
	    bare_ip(vg_str_sub(s, (size_t)i + 9, s.len), " ", &h))
		return vg_logfmt__hit_commit(&h, ev);
	return VG_ERR_FORMAT;
}

/*
 * perdition (IMAP/POP3 proxy): "Auth: 1.2.3.4:2274->5.6.7.8:993 ...
 * authentication_id=\"U\" ... status=\"failed: ...\"".
 */
#define PERD_ABORT	"reading authentication information from client "

static int
perdition_msg(struct vg_str msg, struct vg_event *ev)
{
	struct vg_str s = msg, peer, st;
	struct vg_logfmt__hit h;
	ptrdiff_t i;
	uint64_t port;

	if (VG_STR_EAT(&s, "Auth: ")) {
		st = AFTER(s, " status=\"", '"');
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_STR_PREFIX(st, "ok") ?
		    VG_OUT_SUCCESS : VG_OUT_FAILURE, VG_STR_PREFIX(st, "ok") ?
		    "login" : "authentication failed");
		if ((i = VG_STR_FIND(s, " authentication_id=\"")) >= 0) {
			h.h_user = vg_str_sub(s, (size_t)i + 20, s.len);
			if ((i = vg_str_chr(h.h_user, '"')) >= 0)
				h.h_user.len = (size_t)i;
		}
	} else if ((i = VG_STR_FIND(s, PERD_ABORT)) >= 0) {
		vg_logfmt__hit_init(&h, VG_ACT_AUTH, VG_OUT_FAILURE,
		    "authentication aborted");
		vg_str_skip(&s, (size_t)i + sizeof(PERD_ABORT) - 1);
	} else {
		return VG_ERR_FORMAT;
	}
	/* "IP:PORT->IP:PORT" */
	if ((i = VG_STR_FIND(s, "->")) < 0)
		return VG_ERR_FORMAT;
	peer = vg_str_sub(s, 0, (size_t)i);
	if ((i = VG_STR_RFIND(peer, ":")) < 0 ||
	    !hit_ip(&h, vg_str_sub(peer, 0, (size_t)i)))
		return VG_ERR_FORMAT;
	vg_str_skip(&peer, (size_t)i + 1);
	if (vg_str_uint(&peer, 5, 65535, &port) && peer.len == 0)
		h.h_port = (int32_t)port;
	return vg_logfmt__hit_commit(&h, ev);
}

static const char *const postfix_programs[] = { "postfix", NULL };
static const char *const dovecot_programs[] = {
	"dovecot", "dovecot-auth", "imap-login", "pop3-login",
	"managesieve-login", "submission-login", "auth", "auth-worker", NULL
};
static const char *const exim_programs[] = { "exim", "exim4", NULL };
static const char *const sendmail_programs[] = {
	"sendmail", "sm-mta", "sm-msp-queue", "sm-acceptingconnections", NULL
};
static const char *const courier_programs[] = {
	"courierpop3login", "courierpop3d", "courieresmtpd", "imapd-ssl",
	"pop3d-ssl", "courier-imapd", "courier-pop3d", NULL
};
static const char *const cyrus_programs[] = {
	"cyrus", "timsieved", "sieve", NULL
};
static const char *const uwimap_programs[] = { "ipop3d", "ipop2d", NULL };
static const char *const mailbox_programs[] = {
	"imapd", "imap", "imaps", "pop3d", "pop3", "pop3s", NULL
};
static const char *const opensmtpd_programs[] = { "smtpd", NULL };
static const char *const solidpop3d_programs[] = { "solid-pop3d", NULL };
static const char *const qmail_programs[] = {
	"qmail", "qmail-smtpd", "rblsmtpd", NULL
};
static const char *const perdition_programs[] = {
	"perdition", "perdition.imap4", "perdition.imap4s", "perdition.imaps",
	"perdition.pop3", "perdition.pop3s", "perdition.managesieve", NULL
};

const struct vg_logfmt vg_logfmt_postfix = {
	.lf_name = "postfix",
	.lf_desc = "Postfix smtpd/postscreen: SASL failures, rejects, DNSBL, "
	    "pipelining, lost connections, rate limits",
	.lf_msg = postfix_msg,
	.lf_programs = postfix_programs,
};

const struct vg_logfmt vg_logfmt_dovecot = {
	.lf_name = "dovecot",
	.lf_desc = "Dovecot: login summaries (auth failed, disallowed "
	    "plaintext), passdb failures, logins",
	.lf_msg = dovecot_msg,
	.lf_programs = dovecot_programs,
};

const struct vg_logfmt vg_logfmt_exim = {
	.lf_name = "exim",
	.lf_desc = "Exim main log and syslog: authenticator failures, "
	    "rejects, protocol errors, ACL drops, spam verdicts",
	.lf_line = exim_line,
	.lf_msg = exim_msg,
	.lf_programs = exim_programs,
};

const struct vg_logfmt vg_logfmt_sendmail = {
	.lf_name = "sendmail",
	.lf_desc = "Sendmail: AUTH failures, ruleset rejects, SMTP attacks, "
	    "pre-greeting traffic, VRFY/EXPN, no MAIL",
	.lf_msg = sendmail_msg,
	.lf_programs = sendmail_programs,
};

const struct vg_logfmt vg_logfmt_courier = {
	.lf_name = "courier",
	.lf_desc = "Courier IMAP/POP3/ESMTP: LOGIN FAILED, logins, "
	    "SMTP errors",
	.lf_msg = courier_msg,
	.lf_programs = courier_programs,
};

const struct vg_logfmt vg_logfmt_cyrus = {
	.lf_name = "cyrus",
	.lf_desc = "Cyrus IMAP/POP3 and timsieved: badlogin, login",
	.lf_msg = cyrus_msg,
	.lf_programs = cyrus_programs,
};

const struct vg_logfmt vg_logfmt_uwimap = {
	.lf_name = "uwimap",
	.lf_desc = "UW-IMAP imapd/ipop3d: Login failed, logins, logouts",
	.lf_msg = uwimap_msg,
	.lf_programs = uwimap_programs,
};

const struct vg_logfmt vg_logfmt_mailbox = {
	.lf_name = "mailbox",
	.lf_desc = "imapd/pop3d of unknown make: tries Courier, Cyrus and "
	    "UW-IMAP",
	.lf_msg = mailbox_msg,
	.lf_programs = mailbox_programs,
};

const struct vg_logfmt vg_logfmt_opensmtpd = {
	.lf_name = "opensmtpd",
	.lf_desc = "OpenSMTPD smtpd: connections, authentication, failed "
	    "commands",
	.lf_msg = opensmtpd_msg,
	.lf_programs = opensmtpd_programs,
};

const struct vg_logfmt vg_logfmt_solidpop3d = {
	.lf_name = "solid-pop3d",
	.lf_desc = "solid-pop3d: authentication failures",
	.lf_msg = solidpop3d_msg,
	.lf_programs = solidpop3d_programs,
};

const struct vg_logfmt vg_logfmt_qmail = {
	.lf_name = "qmail",
	.lf_desc = "qmail rblsmtpd/qmail-smtpd: RBL blocks",
	.lf_msg = qmail_msg,
	.lf_programs = qmail_programs,
};

const struct vg_logfmt vg_logfmt_perdition = {
	.lf_name = "perdition",
	.lf_desc = "perdition IMAP/POP3 proxy: authentication results",
	.lf_msg = perdition_msg,
	.lf_programs = perdition_programs,
};
