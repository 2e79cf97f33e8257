/*
 * Unit tests of the FTP decoders (logfmt_ftp.c): vsftpd (syslog and its
 * own log), ProFTPD, Pure-FTPd and the classic ftpd family.  The cases
 * are the tricky ones: IPv6 and IPv4-mapped clients, host names, login
 * names holding the separators, missing fields, and messages that must
 * leave the event untouched.
 */
#include "vg_test.h"
#include "logfmt.h"

static struct vg_logsrc *
src(void)
{
	static struct vg_logsrc ls;

	vg_logsrc_init(&ls, "test.log");
	ls.ls_year = 2026;
	ls.ls_year_fixed = true;
	return &ls;
}

static struct vg_event *
decode(const char *line)
{
	static struct vg_event ev;

	vg_event_reset(&ev);
	(void)vg_logfmt_decode(src(), vg_str_make(line, strlen(line)), &ev);
	return &ev;
}

static const char *
ip(const struct vg_addr *a)
{
	static char buf[VG_ADDR_STRLEN];

	if (a->af == VG_AF_NONE)
		return "none";
	vg_addr_format(a, buf);
	return buf;
}

static const char *
ts(int64_t t)
{
	static char buf[VG_TIME_STRLEN];

	vg_time_format(t, buf);
	return buf;
}

/*
 * Run a program decoder directly over `msg' and require VG_ERR_FORMAT
 * with the event byte-for-byte as it was.
 */
static void
assert_untouched(const struct vg_logfmt *lf, const char *msg)
{
	static struct vg_event ev, before;

	vg_event_reset(&ev);
	ev.ev_program = VG_STR_LIT("prog");
	memcpy(&before, &ev, sizeof(ev));
	ASSERT_INT_EQ(lf->lf_msg(vg_str_make(msg, strlen(msg)), &ev),
	    VG_ERR_FORMAT);
	ASSERT_TRUE(memcmp(&before, &ev, sizeof(ev)) == 0);
}

VG_TEST(ftp_vsftpd_log)
{
	struct vg_event *ev;

	ev = decode("Thu Sep  8 00:39:49 2026 [pid 15019] [guest] FAIL LOGIN: "
	    "Client \"::ffff:192.0.2.1\", \"User is not in the allow user "
	    "list.\"");
	ASSERT_STR_EQ(ev->ev_dataset, "vsftpd");
	ASSERT_STR_EQ(ts(ev->ev_time), "2026-09-08T00:39:49Z");
	ASSERT_INT_EQ(ev->ev_pid, 15019);
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_AUTH);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(ip(&ev->ev_src), "192.0.2.1");
	ASSERT_VIEW_EQ(ev->ev_user, "guest");
	/* A login name holding a forged verdict: the last one is real. */
	ev = decode("Thu Sep  8 00:39:50 2026 [pid 15020] [x] OK LOGIN: "
	    "Client \"198.51.100.1\"] FAIL LOGIN: Client \"2001:db8::2\"");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(ip(&ev->ev_src), "2001:db8::2");
	ASSERT_VIEW_EQ(ev->ev_user, "x] OK LOGIN: Client \"198.51.100.1\"");
	/* A transfer: the client-chosen path comes after the address. */
	ev = decode("Thu Sep  8 00:39:51 2026 [pid 15021] [a b] OK UPLOAD: "
	    "Client \"192.0.2.3\", \"/x: Client \"6.6.6.6\"\", 12 bytes, "
	    "1.00Kbyte/sec");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_FILE_TRANSFER);
	ASSERT_STR_EQ(ip(&ev->ev_src), "192.0.2.3");
	ASSERT_VIEW_EQ(ev->ev_user, "a b");
	/* Through syslog, and PAM's old spelling under vsftpd's name. */
	ev = decode("Mar  4 01:06:36 ftp vsftpd[1658]: [username] FAIL LOGIN: "
	    "Client \"192.0.2.4\"");
	ASSERT_STR_EQ(ip(&ev->ev_src), "192.0.2.4");
	ev = decode("Mar  4 01:06:37 ftp vsftpd[1659]: authentication "
	    "failure; logname= uid=0 euid=0 tty= ruser= rhost=192.0.2.5 "
	    "user=tester");
	ASSERT_STR_EQ(ev->ev_dataset, "pam");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(ip(&ev->ev_src), "192.0.2.5");
	assert_untouched(&vg_logfmt_vsftpd, "[u] FAIL LOGIN: Client \"bad\"");
	assert_untouched(&vg_logfmt_vsftpd, "[u] MAYBE LOGIN: Client "
	    "\"1.2.3.4\"");
}

VG_TEST(ftp_proftpd)
{
	struct vg_event *ev;

	ev = decode("Jun  9 07:30:58 ftp proftpd[11864]: ftp.example.com "
	    "(mail.example.net[::ffff:192.0.2.10]) - USER a b (Login "
	    "failed): c (Login failed): Incorrect password.");
	ASSERT_STR_EQ(ev->ev_dataset, "proftpd");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(ip(&ev->ev_src), "192.0.2.10");
	ASSERT_VIEW_EQ(ev->ev_user, "a b (Login failed): c");
	/* The address in the message is client-influenced: not taken. */
	ev = decode("Dec  5 15:44:32 ftp proftpd[70944]: serv1 "
	    "(example.com[2001:db8::11]) - USER j@example.org: no such user "
	    "found from example.com [6.6.6.6] to 192.0.2.1:21");
	ASSERT_STR_EQ(ip(&ev->ev_src), "2001:db8::11");
	ASSERT_VIEW_EQ(ev->ev_user, "j@example.org");
	ev = decode("Oct  2 15:45:44 ftp proftpd[5517]: 192.0.2.13 "
	    "(192.0.2.13[192.0.2.13]) - SECURITY VIOLATION: Root login "
	    "attempted");
	ASSERT_VIEW_EQ(ev->ev_user, "Root");
	ev = decode("May 31 10:53:25 ftp proftpd[15302]: x "
	    "(::ffff:192.0.2.14[::ffff:192.0.2.14]) - Maximum login "
	    "attempts (3) exceeded");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_INT_EQ(ev->ev_user.len, 0);
	assert_untouched(&vg_logfmt_proftpd, "x (y[not-an-ip]) - USER a "
	    "(Login failed): z");
	assert_untouched(&vg_logfmt_proftpd, "x (y[192.0.2.1]) - FTP "
	    "something else");
}

VG_TEST(ftp_pureftpd_and_ftpd)
{
	struct vg_event *ev;

	/* Pure-FTPd: a host name, and a user holding '@'. */
	ev = decode("Jan 31 16:54:07 ftp pure-ftpd: (a@b@scanner.example.net) "
	    "[WARNING] Authentication failed for user [ro ot]");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(ip(&ev->ev_src), "none");
	ASSERT_VIEW_EQ(ev->ev_src_name, "scanner.example.net");
	ASSERT_VIEW_EQ(ev->ev_user, "ro ot");
	ev = decode("Jan 31 16:54:08 ftp pure-ftpd: (?@2001:db8::20) [INFO] "
	    "alice is now logged in");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_SUCCESS);
	ASSERT_VIEW_EQ(ev->ev_user, "alice");
	ASSERT_STR_EQ(ip(&ev->ev_src), "2001:db8::20");
	/* Classic ftpd: "NAME [IP]", bare IP, bare name. */
	ev = decode("Oct  6 09:59:26 ftp wu-ftpd[18760]: failed login from "
	    "hj.example.cn [192.0.2.21]");
	ASSERT_STR_EQ(ip(&ev->ev_src), "192.0.2.21");
	ev = decode("Jan 22 18:09:46 ftp ftpd[132]: repeated login failures "
	    "from 192.0.2.22 (example.com)");
	ASSERT_STR_EQ(ip(&ev->ev_src), "192.0.2.22");
	ev = decode("Jan 22 18:09:47 ftp ftpd[133]: FTP LOGIN FAILED FROM "
	    "bad.example.net, test user");
	ASSERT_VIEW_EQ(ev->ev_src_name, "bad.example.net");
	ASSERT_VIEW_EQ(ev->ev_user, "test user");
	assert_untouched(&vg_logfmt_ftpd, "FTP session closed");
	assert_untouched(&vg_logfmt_pureftpd, "(?@192.0.2.1) [INFO] Timeout");
}
