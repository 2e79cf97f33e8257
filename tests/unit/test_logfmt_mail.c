/*
 * Unit tests of the mail decoders (logfmt_mail.c): Postfix, Dovecot,
 * Exim (syslog and main log), Sendmail, Courier, Cyrus, UW-IMAP, the
 * shared imapd/pop3d names, OpenSMTPD, solid-pop3d, qmail and perdition.
 * The cases are the tricky ones: IPv6 and IPv4-mapped clients, host names
 * without addresses, user names holding the separators, missing fields,
 * and messages that must leave the event untouched.
 */
#include "vg_test.h"
#include "logfmt.h"

VG_TEST(mail_postfix_sasl)
{
	struct vg_event *ev;

	ev = vg_test_decode("Mar 10 13:33:30 gw "
	    "postfix/submission/smtpd[3937]: warning: "
	    "unknown[2001:db8::7]:587: SASL LOGIN authentication failed: "
	    "(reason unavailable), sasl_username=bob smith");
	ASSERT_STR_EQ(ev->ev_dataset, "postfix");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_AUTH);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::7");
	ASSERT_INT_EQ(ev->ev_src_port, 587);
	ASSERT_VIEW_EQ(ev->ev_user, "bob smith");
	ASSERT_VIEW_EQ(vg_test_label(ev, "auth.method"), "LOGIN");
	/* The auth server went away: not the client's failure. */
	ev = vg_test_decode("Feb  3 08:29:28 mail postfix/smtpd[21022]: "
	    "warning: unknown[192.0.2.1]: SASL LOGIN authentication failed: "
	    "Connection lost to authentication server");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_AUTH);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_UNKNOWN);
	/* A successful SASL login names the user. */
	ev = vg_test_decode("Feb  3 08:29:29 mail postfix/smtpd[21022]: "
	    "4B7D2C08A1: client=host.example.org[198.51.100.3], "
	    "sasl_method=PLAIN, sasl_username=alice@example.org");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_SUCCESS);
	ASSERT_VIEW_EQ(ev->ev_user, "alice@example.org");
}

VG_TEST(mail_postfix_reject_and_connections)
{
	struct vg_event *ev;

	ev = vg_test_decode("Jul 12 07:47:48 mx postfix/smtpd[8738]: NOQUEUE: "
	    "reject: RCPT from 1-2-3-4.example.com[192.0.2.4]: 554 5.7.1 "
	    "<x@example.com>: Relay access denied; from=<a@b.example> "
	    "to=<x@example.com> proto=SMTP helo=<[198.51.100.17]>");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_MAIL);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(ev->ev_reason, "relay access denied");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.4");
	ASSERT_VIEW_EQ(vg_test_label(ev, "smtp.command"), "RCPT");
	/* postscreen: "[IP]:PORT", the DNSBL'd address repeated later. */
	ev = vg_test_decode("May  5 15:51:11 mx postfix/postscreen[1148]: "
	    "NOQUEUE: reject: RCPT from [192.0.2.5]:60591: 550 5.7.1 Service "
	    "unavailable; client [198.51.100.5] blocked using rbl.example");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.5");
	ASSERT_INT_EQ(ev->ev_src_port, 60591);
	ASSERT_STR_EQ(ev->ev_reason, "listed in DNSBL");
	/* A lost DATA phase happens to lawful clients. */
	ev = vg_test_decode("Feb 18 09:50:05 mx postfix/smtpd[42]: lost "
	    "connection after DATA from good.example.com[192.0.2.10]");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_DISCONNECT);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_UNKNOWN);
	ev = vg_test_decode("Feb 18 09:50:06 mx postfix/smtpd[42]: NOQUEUE: "
	    "lost connection after CONNECT from unknown[192.0.2.11]");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.11");
	ev = vg_test_decode("Feb 10 13:26:34 mx postfix/smtpd[123]: disconnect "
	    "from unknown[192.0.2.12] ehlo=1 auth=0/1 quit=1 commands=2/3");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ev = vg_test_decode("Feb 10 13:26:35 mx postfix/smtpd[123]: disconnect "
	    "from unknown[192.0.2.13] ehlo=1 auth=1 quit=1 commands=3");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_UNKNOWN);
	/* The address of a failed forward lookup, no brackets. */
	ev = vg_test_decode("Aug 14 10:00:01 mx postfix/smtpd[1234]: warning: "
	    "hostname bad.example.com does not resolve to address "
	    "2001:db8::44: Name or service not known");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::44");
	ASSERT_UNTOUCHED(&vg_logfmt_postfix, "warning: unknown[192.0.2.1]: "
	    "something else entirely");
	ASSERT_UNTOUCHED(&vg_logfmt_postfix, "reject: RCPT from nowhere: 554");
	ASSERT_UNTOUCHED(&vg_logfmt_postfix, "");
}

VG_TEST(mail_dovecot)
{
	struct vg_event *ev;

	/* The user name is client text: the last rip= is the address. */
	ev = vg_test_decode("Jun 13 16:30:54 mx dovecot: imap-login: "
	    "Disconnected (auth failed, 2 attempts): user=<a>, rip=9.9.9.9>, "
	    "method=PLAIN, rip=::ffff:192.0.2.20, lip=192.0.2.1, TLS");
	ASSERT_STR_EQ(ev->ev_dataset, "dovecot");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_AUTH);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.20");
	ASSERT_VIEW_EQ(ev->ev_user, "a>, rip=9.9.9.9");
	/* Idle clients are not failures. */
	ev = vg_test_decode("Jun 13 20:48:11 mx dovecot: pop3-login: "
	    "Disconnected (no auth attempts): rip=192.0.2.21, lip=192.0.2.1, "
	    "TLS");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_DISCONNECT);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_UNKNOWN);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.21");
	ASSERT_INT_EQ(ev->ev_user.len, 0);
	/* Auth worker with nested prefixes and a session id. */
	ev = vg_test_decode("Jun 15 11:28:21 mx dovecot: auth-worker(5787): "
	    "conn unix:auth-worker (pid=27359,uid=97): auth-worker<55>: "
	    "sql(user,with,commas,2001:db8::22,<Yx7+W8+Io>): Password "
	    "mismatch");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::22");
	ASSERT_VIEW_EQ(ev->ev_user, "user,with,commas");
	ASSERT_VIEW_EQ(vg_test_label(ev, "dovecot.passdb"), "sql");
	/* Host-less syslog ("pop3-login: Info: ..."). */
	ev = vg_test_decode("Jan 29 09:33:58 pop3-login: Info: Aborted login "
	    "(auth failed, 1 attempts in 2 secs): user=<grace>, method=PLAIN, "
	    "rip=192.0.2.23");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.23");
	ASSERT_VIEW_EQ(ev->ev_user, "grace");
	ev = vg_test_decode("Jan 29 09:34:00 mx dovecot: imap-login: Login: "
	    "user=<alice>, method=PLAIN, rip=198.51.100.24, lip=192.0.2.1");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_SUCCESS);
	ASSERT_UNTOUCHED(&vg_logfmt_dovecot, "imap-login: Disconnected: a: "
	    "a: a: test no match");
	ASSERT_UNTOUCHED(&vg_logfmt_dovecot, "auth: pam(x,192.0.2.1): "
	    "lookup succeeded");
}

VG_TEST(mail_exim)
{
	struct vg_event *ev;

	/* Main log: local time, pid and the client's HELO in brackets. */
	ev = vg_test_decode("2026-01-04 17:03:46 [1234] login authenticator "
	    "failed for rrcs.example.com ([192.168.2.33]) [192.0.2.30]:41556 "
	    "I=[10.0.0.1]:25: 535 Incorrect authentication data (set_id=brian "
	    "o'neil)");
	ASSERT_STR_EQ(ev->ev_dataset, "exim");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2026-01-04T17:03:46Z");
	ASSERT_INT_EQ(ev->ev_pid, 1234);
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_AUTH);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.30");
	ASSERT_INT_EQ(ev->ev_src_port, 41556);
	ASSERT_VIEW_EQ(ev->ev_user, "brian o'neil");
	/* A quoted command may carry a forged H=: the last one counts. */
	ev = vg_test_decode("2026-11-28 14:14:32 SMTP protocol error in \"aUtH "
	    "lOgIn\" H=(test) [8.8.8.8]\" H=(roxzgj) [192.0.2.31] AUTH "
	    "command used when not advertised");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_PROTOCOL);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.31");
	/* log_timezone: the offset is honoured. */
	ev = vg_test_decode("2026-06-02 09:05:48 +0200 [2249] H=([192.0.2.32]) "
	    "[2001:db8::32]:52391 I=[192.0.2.1]:25 F=<f@example.com> "
	    "rejected RCPT <s@example.org>: relay not permitted");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2026-06-02T07:05:48Z");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::32");
	ASSERT_STR_EQ(ev->ev_reason, "relay not permitted");
	/* The same messages through syslog, with syslog-ng's "[pid] ". */
	ev = vg_test_decode("Apr  1 11:08:00 mx exim[8001]: [8001] no MAIL in "
	    "SMTP connection from (User) [192.0.2.33]:20042 I=[192.0.2.1]:25 "
	    "D=0.349s C=EHLO,AUTH,QUIT");
	ASSERT_STR_EQ(ev->ev_dataset, "exim");
	ASSERT_VIEW_EQ(ev->ev_program, "exim");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.33");
	/* An ISO-stamped syslog line is left to the syslog framing. */
	ev = vg_test_decode("2026-10-22 03:39:17 mx1.example.org exim[29786]: "
	    "dovecot_login authenticator failed for (User) [192.0.2.34]: "
	    "535 Incorrect authentication data (set_id=test)");
	ASSERT_VIEW_EQ(ev->ev_host, "mx1.example.org");
	ASSERT_INT_EQ(ev->ev_pid, 29786);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.34");
	ASSERT_VIEW_EQ(ev->ev_user, "test");
	/* Authenticated submission names the user (A=authenticator:id). */
	ev = vg_test_decode("2026-06-02 09:05:48 [18505] 1UlasQ-0003fr-45 <= "
	    "a@example.org H=laptop (laptop) [198.51.100.35]:52311 "
	    "P=esmtpsa A=dovecot_login:alice S=2431");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_SUCCESS);
	ASSERT_VIEW_EQ(ev->ev_user, "alice");
	ASSERT_UNTOUCHED(&vg_logfmt_exim, "Start queue run: pid=4242");
	ASSERT_UNTOUCHED(&vg_logfmt_exim, "H=(x) rejected nothing at all");
}

VG_TEST(mail_sendmail)
{
	struct vg_event *ev;

	/* A user name holding ", relay=": the last relay is Sendmail's. */
	ev = vg_test_decode("Feb 25 04:02:28 relay1 sendmail[16665]: "
	    "06I02CNi016765: AUTH failure (LOGIN): authentication failure "
	    "(-13) SASL(-13): authentication failure: checkpass failed, "
	    "user=criminal, relay=[192.0.2.100], relay=[192.0.2.40] (may be "
	    "forged)");
	ASSERT_STR_EQ(ev->ev_dataset, "sendmail");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.40");
	ASSERT_VIEW_EQ(ev->ev_user, "criminal");
	ev = vg_test_decode("Mar 29 22:51:46 mx sm-mta[50438]: 06QDQnNf050438: "
	    "example.com [IPv6:2001:DB8::41] did not issue "
	    "MAIL/EXPN/VRFY/ETRN during connection to IPv6");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_PROTOCOL);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::41");
	ev = vg_test_decode("Feb 24 01:46:44 mx sm-mta[24422]: "
	    "ruleset=check_relay, arg1=leased.example.by, arg2=192.0.2.42, "
	    "relay=leased.example.by [192.0.2.42], reject=421 4.3.2 Connection "
	    "rate limit exceeded.");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_CONNECT);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.42");
	/* No address: not ours to count. */
	ASSERT_UNTOUCHED(&vg_logfmt_sendmail, "rA37ZTSC026252: "
	    "<anto@example.com>... No such user here");
}

VG_TEST(mail_imap_families)
{
	struct vg_event *ev;

	/* Courier, IPv4-mapped, under the shared name "imapd". */
	ev = vg_test_decode("Apr 27 09:00:00 mx imapd: LOGIN FAILED, "
	    "user=tester, ip=[::ffff:192.0.2.50], port=[255]");
	ASSERT_STR_EQ(ev->ev_dataset, "courier");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.50");
	ASSERT_INT_EQ(ev->ev_src_port, 255);
	ASSERT_VIEW_EQ(ev->ev_user, "tester");
	/* Courier without a user. */
	ev = vg_test_decode("Apr 17 19:17:12 mx imapd-ssl: LOGIN FAILED, "
	    "method=PLAIN, ip=[::ffff:192.0.2.51]");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.51");
	ASSERT_INT_EQ(ev->ev_user.len, 0);
	/* Cyrus under "imapd": host name glued to the bracket. */
	ev = vg_test_decode("Dec 30 16:03:27 mx imapd[2517]: badlogin: "
	    "local-somehost[2001:db8::52] OTP [SASL(-13): authentication "
	    "failure: External SSF not good enough]");
	ASSERT_STR_EQ(ev->ev_dataset, "cyrus");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::52");
	ASSERT_INT_EQ(ev->ev_user.len, 0);
	/* UW-IMAP under "imapd". */
	ev = vg_test_decode("Jul  3 20:56:53 mx imapd[666]: Login failed "
	    "user=lizdy auth=lizdy host=h2066373.example.net [192.0.2.53]");
	ASSERT_STR_EQ(ev->ev_dataset, "uwimap");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.53");
	ASSERT_VIEW_EQ(ev->ev_user, "lizdy");
	ASSERT_UNTOUCHED(&vg_logfmt_mailbox, "unrelated imapd chatter");
	ASSERT_UNTOUCHED(&vg_logfmt_courier, "LOGIN FAILED, user=x, ip=[bad]");
}

VG_TEST(mail_small_daemons)
{
	struct vg_event *ev;

	/* solid-pop3d: a user name holding " - ". */
	ev = vg_test_decode("Nov 15 00:34:53 pop solid-pop3d[3822]: "
	    "authentication failed for user a - 1.1.1.1 - 192.0.2.60");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.60");
	ASSERT_VIEW_EQ(ev->ev_user, "a - 1.1.1.1");
	/* qmail behind multilog stamps. */
	ev = vg_test_decode("Sep  6 07:33:33 sd6 qmail: 1157520813.485077 "
	    "rblsmtpd: 192.0.2.61 pid 19597 sbl.example.org: 451 http://x/");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.61");
	/* OpenSMTPD: the session id joins lines without an address. */
	ev = vg_test_decode("Sep  1 12:00:02 mx smtpd[1234]: 3c4be3a4d4e6a1b3 "
	    "smtp authentication user=ad min result=permfail");
	ASSERT_STR_EQ(ev->ev_dataset, "opensmtpd");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_VIEW_EQ(ev->ev_user, "ad min");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "");
	ASSERT_VIEW_EQ(vg_test_label(ev, "smtp.session"), "3c4be3a4d4e6a1b3");
	/* perdition: IPv6 peer with a port. */
	ev = vg_test_decode("Jul 18 16:07:18 ares perdition.imaps[3194]: Auth: "
	    "[2001:db8::62]:2274->[2001:db8::1]:993 authentication_id=\"c\" "
	    "status=\"failed: Re-Authentication Failure\"");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::62");
	ASSERT_INT_EQ(ev->ev_src_port, 2274);
	ASSERT_VIEW_EQ(ev->ev_user, "c");
	ASSERT_UNTOUCHED(&vg_logfmt_solidpop3d, "authentication failed for "
	    "user x - not-an-address");
	ASSERT_UNTOUCHED(&vg_logfmt_opensmtpd, "3c4be3a4d4e6a1b3 smtp "
	    "message msgid=1 size=2");
	ASSERT_UNTOUCHED(&vg_logfmt_perdition, "Auth: garbage");
}
