/*
 * Unit tests of the syslog framing, program dispatch, the sshd and PAM
 * decoders, year inference and the generic extractor.
 */
#include "vg_test.h"
#include "logfmt.h"

VG_TEST(syslog_rfc3164_sshd_failed)
{
	struct vg_event *ev = vg_test_decode("Dec 10 06:55:48 LabSZ "
	    "sshd[24200]: Failed password for invalid user webmaster from "
	    "173.234.31.186 port 38926 ssh2");

	ASSERT_STR_EQ(ev->ev_dataset, "sshd");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2026-12-10T06:55:48Z");
	ASSERT_VIEW_EQ(ev->ev_host, "LabSZ");
	ASSERT_VIEW_EQ(ev->ev_program, "sshd");
	ASSERT_INT_EQ(ev->ev_pid, 24200);
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_AUTH);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_VIEW_EQ(ev->ev_user, "webmaster");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "173.234.31.186");
	ASSERT_INT_EQ(ev->ev_src_port, 38926);
}

VG_TEST(syslog_variants)
{
	struct vg_event *ev;

	/* RFC 5424 with structured data. */
	ev = vg_test_decode("<34>1 2026-11-25T10:00:00.003Z gw sshd 4242 "
	    "- [meta x=\"a]b\"] Invalid user oracle from 198.51.100.23 "
	    "port 40022");
	ASSERT_STR_EQ(ev->ev_dataset, "sshd");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2026-11-25T10:00:00.003Z");
	ASSERT_VIEW_EQ(ev->ev_host, "gw");
	ASSERT_INT_EQ(ev->ev_pid, 4242);
	ASSERT_VIEW_EQ(ev->ev_user, "oracle");
	/* rsyslog high precision. */
	ev = vg_test_decode("2026-11-25T10:00:00.123456+01:00 web1 "
	    "sshd[7]: Accepted publickey for alice from 2001:db8::5 port 22 "
	    "ssh2: ED25519 SHA256:abc");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2026-11-25T09:00:00.123456Z");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_SUCCESS);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::5");
	/* BSD syslogd -v and BusyBox facility.level. */
	ev = vg_test_decode("Apr  2 17:51:32 <4.6> pancake sshd[55628]: "
	    "Invalid user r00t from 192.0.2.100");
	ASSERT_VIEW_EQ(ev->ev_host, "pancake");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.100");
	ev = vg_test_decode("Jan  1 00:00:05 router authpriv.info "
	    "dropbear[99]: some message");
	ASSERT_VIEW_EQ(ev->ev_host, "router");
	ASSERT_VIEW_EQ(ev->ev_program, "dropbear");
	/* No hostname. */
	ev = vg_test_decode("Mar  3 00:17:22 [sshd]: User root from "
	    "211.188.220.49 not allowed because not listed in AllowUsers");
	ASSERT_VIEW_EQ(ev->ev_program, "sshd");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "211.188.220.49");
	/* Year inside the stamp. */
	ev = vg_test_decode("Feb 25 2005 14:34:10 belka sshd[1]: x");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2005-02-25T14:34:10Z");
}

VG_TEST(syslog_new_year_and_mtime)
{
	struct vg_logsrc ls;
	struct vg_event *ev;

	/* A file modified in January 2027 that starts in December. */
	vg_logsrc_init(&ls, "x");
	ls.ls_mtime_year = 2027;
	ls.ls_mtime_month = 1;
	ev = vg_test_decode_ls(&ls, "Dec 31 23:59:59 h prog: a");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2026-12-31T23:59:59Z");
	ev = vg_test_decode_ls(&ls, "Jan  1 00:00:01 h prog: b");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2027-01-01T00:00:01Z");
	/* A late December line after New Year keeps the old year. */
	ev = vg_test_decode_ls(&ls, "Dec 31 23:59:58 h prog: c");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2026-12-31T23:59:58Z");
	ev = vg_test_decode_ls(&ls, "Jan  1 00:00:02 h prog: d");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2027-01-01T00:00:02Z");
}

/*
 * A stamp equal to the line before's is read from the line before; what
 * would have been read with it (a year, a fraction) and a change of the
 * year state in between still count.
 */
VG_TEST(syslog_stamp_reuse)
{
	struct vg_logsrc ls;
	struct vg_event *ev;

	vg_logsrc_init(&ls, "x");
	ls.ls_mtime_year = 2027;
	ls.ls_mtime_month = 1;
	ev = vg_test_decode_ls(&ls, "Dec 31 23:59:59 h prog: a");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2026-12-31T23:59:59Z");
	ev = vg_test_decode_ls(&ls, "Dec 31 23:59:59 h prog: b");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2026-12-31T23:59:59Z");
	ASSERT_VIEW_EQ(ev->ev_host, "h");
	/* A year after the same stamp is the line's own. */
	ev = vg_test_decode_ls(&ls, "Dec 31 23:59:59 2024 h prog: c");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2024-12-31T23:59:59Z");
	ASSERT_VIEW_EQ(ev->ev_host, "h");
	ev = vg_test_decode_ls(&ls, "Dec 31 23:59:59 h prog: d");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2026-12-31T23:59:59Z");
	ev = vg_test_decode_ls(&ls, "Dec 31 23:59:59.250 h prog: e");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2026-12-31T23:59:59.250Z");
	/* New Year, then the same December stamp: a late line. */
	ev = vg_test_decode_ls(&ls, "Jan  1 00:00:01 h prog: f");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2027-01-01T00:00:01Z");
	ev = vg_test_decode_ls(&ls, "Jan  1 00:00:01 h prog: g");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2027-01-01T00:00:01Z");
	/* The year state reset from outside: read afresh. */
	ls.ls_year = 0;
	ls.ls_last_month = 0;
	ls.ls_mtime_year = 2030;
	ev = vg_test_decode_ls(&ls, "Jan  1 00:00:01 h prog: h");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2030-01-01T00:00:01Z");
	vg_logsrc_cleanup(&ls);
}

VG_TEST(syslog_tz)
{
	struct vg_logsrc *ls = vg_test_logsrc();
	struct vg_tz tz;
	struct vg_event *ev;

	ASSERT_INT_EQ(vg_tz_parse("+03:00", &tz), 0);
	ls->ls_tz = &tz;
	ev = vg_test_decode_ls(ls, "Nov 25 10:00:00 h prog: x");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2026-11-25T07:00:00Z");
}

VG_TEST(sshd_messages)
{
	static const struct {
		const char	*line;
		int		 action, outcome;
		const char	*user, *src;
	} cases[] = {
		{ "Failed none for invalid user  from 10.0.0.1 port 5 ssh2",
		  VG_ACT_AUTH, VG_OUT_FAILURE, "", "10.0.0.1" },
		{ "Failed password for user from 1.2.3.4 from 5.6.7.8 port 1 "
		  "ssh2", VG_ACT_AUTH, VG_OUT_FAILURE, "user from 1.2.3.4",
		  "5.6.7.8" },
		{ "Connection closed by authenticating user root 1.2.3.4 port "
		  "22 [preauth]", VG_ACT_DISCONNECT, VG_OUT_FAILURE, "root",
		  "1.2.3.4" },
		{ "Disconnected from invalid user test 1.2.3.5 port 22 "
		  "[preauth]", VG_ACT_DISCONNECT, VG_OUT_FAILURE, "test",
		  "1.2.3.5" },
		{ "Received disconnect from 1.2.3.6 port 22:11: Bye Bye "
		  "[preauth]", VG_ACT_DISCONNECT, VG_OUT_UNKNOWN, "",
		  "1.2.3.6" },
		{ "Received disconnect from 1.2.3.7: 3: "
		  "com.jcraft.jsch.JSchException: Auth fail [preauth]",
		  VG_ACT_DISCONNECT, VG_OUT_FAILURE, "", "1.2.3.7" },
		{ "error: maximum authentication attempts exceeded for root "
		  "from 1.2.3.8 port 22 ssh2 [preauth]", VG_ACT_AUTH,
		  VG_OUT_FAILURE, "root", "1.2.3.8" },
		{ "Did not receive identification string from 1.2.3.9 port 4",
		  VG_ACT_PROTOCOL, VG_OUT_FAILURE, "", "1.2.3.9" },
		{ "Unable to negotiate with 1.2.3.10 port 5: no matching key "
		  "exchange method found. Their offer: diffie-hellman-group1",
		  VG_ACT_PROTOCOL, VG_OUT_FAILURE, "", "1.2.3.10" },
		{ "drop connection #0 from [1.2.3.11]:5 on [5.6.7.8]:22 past "
		  "MaxStartups", VG_ACT_CONNECT, VG_OUT_FAILURE, "",
		  "1.2.3.11" },
		{ "error: PAM: Authentication failure for stefanor from "
		  "example.com", VG_ACT_AUTH, VG_OUT_FAILURE, "stefanor", "" },
		{ "pam_unix(sshd:auth): authentication failure; logname= uid=0 "
		  "euid=0 tty=ssh ruser= rhost=218.188.2.4  user=root",
		  VG_ACT_AUTH, VG_OUT_FAILURE, "root", "218.188.2.4" },
		{ "message repeated 2 times: [ Failed password for root from "
		  "1.2.3.12 port 9 ssh2]", VG_ACT_AUTH, VG_OUT_FAILURE, "root",
		  "1.2.3.12" },
	};
	char line[512];
	struct vg_event *ev;
	size_t i;

	for (i = 0; i < VG_ARRAY_LEN(cases); i++) {
		snprintf(line, sizeof(line), "Nov 25 10:00:00 h sshd[1]: %s",
		    cases[i].line);
		ev = vg_test_decode(line);
		ASSERT_INT_EQ(ev->ev_action, cases[i].action);
		ASSERT_INT_EQ(ev->ev_outcome, cases[i].outcome);
		ASSERT_VIEW_EQ(ev->ev_user, cases[i].user);
		ASSERT_STR_EQ(ev->ev_src.af ? vg_test_ip(&ev->ev_src) : "",
		    cases[i].src);
	}
}

VG_TEST(pam_old_style_program)
{
	struct vg_event *ev = vg_test_decode("Jun 14 15:16:01 combo "
	    "sshd(pam_unix)[19939]: authentication failure; logname= uid=0 "
	    "euid=0 tty=NODEVssh ruser= rhost=218.188.2.4 ");

	ASSERT_STR_EQ(ev->ev_dataset, "pam");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "218.188.2.4");
}

VG_TEST(generic_extract)
{
	struct vg_event *ev = vg_test_decode("Nov 25 10:00:00 h app[1]: "
	    "fetch http://evil.example.com:8080/x.sh from 203.0.113.9, "
	    "mail bob@corp.example.org md5 d41d8cd98f00b204e9800998ecf8427e "
	    "v6 2001:db8::1 bogus 999.1.1.1 file.txt");
	bool url = false, host = false, ip4 = false, mail = false,
	    hash = false, ip6 = false;
	unsigned i;

	ASSERT_STR_EQ(ev->ev_dataset, "syslog");
	for (i = 0; i < ev->ev_nobs; i++) {
		struct vg_obs *o = &ev->ev_obs[i];

		url |= o->ob_kind == VG_OBS_URL && vg_str_eq(o->ob_value,
		    "http://evil.example.com:8080/x.sh", 33);
		host |= o->ob_kind == VG_OBS_DOMAIN && vg_str_eq(o->ob_value,
		    "evil.example.com", 16);
		ip4 |= o->ob_kind == VG_OBS_IP && o->ob_addr.af == VG_AF_INET &&
		    o->ob_addr.u.v4 == 0xcb007109u;
		mail |= o->ob_kind == VG_OBS_EMAIL;
		hash |= o->ob_kind == VG_OBS_HASH;
		ip6 |= o->ob_kind == VG_OBS_IP && o->ob_addr.af == VG_AF_INET6;
		/* 999.1.1.1 is no address. */
		ASSERT_FALSE(o->ob_kind == VG_OBS_IP &&
		    vg_str_eq(o->ob_value, "999.1.1.1", 9));
	}
	ASSERT_TRUE(url);
	ASSERT_TRUE(host);
	ASSERT_TRUE(ip4);
	ASSERT_TRUE(mail);
	ASSERT_TRUE(hash);
	ASSERT_TRUE(ip6);
}

VG_TEST(garbage_never_crashes)
{
	struct vg_logsrc *ls = vg_test_logsrc();
	char line[4096];
	unsigned seed = 12345, i, k;

	for (k = 0; k < 2000; k++) {
		for (i = 0; i < sizeof(line); i++) {
			seed = seed * 1103515245u + 12345u;
			line[i] = (char)(seed >> 16);
		}
		if (k % 3 == 0)
			memcpy(line, "Nov 25 10:00:00 h sshd[1]: ", 27);
		(void)vg_test_decode_ls(ls, line);
	}
}
