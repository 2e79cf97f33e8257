/*
 * Unit tests of the FTP decoders (logfmt_ftp.c): vsftpd (syslog and its
 * own log), ProFTPD, Pure-FTPd and the classic ftpd family.  The cases
 * are the tricky ones: IPv6 and IPv4-mapped clients, host names, login
 * names holding the separators, missing fields, and messages that must
 * leave the event untouched.
 */
#include "vg_test.h"
#include "logfmt.h"

VG_TEST(ftp_vsftpd_log)
{
	struct vg_event *ev;

	ev = vg_test_decode("Thu Sep  8 00:39:49 2026 [pid 15019] [guest] FAIL "
	    "LOGIN: Client \"::ffff:192.0.2.1\", \"User is not in the allow "
	    "user list.\"");
	ASSERT_STR_EQ(ev->ev_dataset, "vsftpd");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2026-09-08T00:39:49Z");
	ASSERT_INT_EQ(ev->ev_pid, 15019);
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_AUTH);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.1");
	ASSERT_VIEW_EQ(ev->ev_user, "guest");
	/* A login name holding a forged verdict: the last one is real. */
	ev = vg_test_decode("Thu Sep  8 00:39:50 2026 [pid 15020] [x] OK "
	    "LOGIN: Client \"198.51.100.1\"] FAIL LOGIN: Client "
	    "\"2001:db8::2\"");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::2");
	ASSERT_VIEW_EQ(ev->ev_user, "x] OK LOGIN: Client \"198.51.100.1\"");
	/* A transfer: the client-chosen path comes after the address. */
	ev = vg_test_decode("Thu Sep  8 00:39:51 2026 [pid 15021] [a b] OK "
	    "UPLOAD: Client \"192.0.2.3\", \"/x: Client \"6.6.6.6\"\", 12 "
	    "bytes, 1.00Kbyte/sec");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_FILE_TRANSFER);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.3");
	ASSERT_VIEW_EQ(ev->ev_user, "a b");
	/* Through syslog, and PAM's old spelling under vsftpd's name. */
	ev = vg_test_decode("Mar  4 01:06:36 ftp vsftpd[1658]: [username] FAIL "
	    "LOGIN: Client \"192.0.2.4\"");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.4");
	ev = vg_test_decode("Mar  4 01:06:37 ftp vsftpd[1659]: authentication "
	    "failure; logname= uid=0 euid=0 tty= ruser= rhost=192.0.2.5 "
	    "user=tester");
	ASSERT_STR_EQ(ev->ev_dataset, "pam");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.5");
	ASSERT_UNTOUCHED(&vg_logfmt_vsftpd, "[u] FAIL LOGIN: Client \"bad\"");
	ASSERT_UNTOUCHED(&vg_logfmt_vsftpd, "[u] MAYBE LOGIN: Client "
	    "\"1.2.3.4\"");
}

VG_TEST(ftp_proftpd)
{
	struct vg_event *ev;

	ev = vg_test_decode("Jun  9 07:30:58 ftp proftpd[11864]: "
	    "ftp.example.com (mail.example.net[::ffff:192.0.2.10]) - USER a b "
	    "(Login failed): c (Login failed): Incorrect password.");
	ASSERT_STR_EQ(ev->ev_dataset, "proftpd");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.10");
	ASSERT_VIEW_EQ(ev->ev_user, "a b (Login failed): c");
	/* The address in the message is client-influenced: not taken. */
	ev = vg_test_decode("Dec  5 15:44:32 ftp proftpd[70944]: serv1 "
	    "(example.com[2001:db8::11]) - USER j@example.org: no such user "
	    "found from example.com [6.6.6.6] to 192.0.2.1:21");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::11");
	ASSERT_VIEW_EQ(ev->ev_user, "j@example.org");
	ev = vg_test_decode("Oct  2 15:45:44 ftp proftpd[5517]: 192.0.2.13 "
	    "(192.0.2.13[192.0.2.13]) - SECURITY VIOLATION: Root login "
	    "attempted");
	ASSERT_VIEW_EQ(ev->ev_user, "Root");
	ev = vg_test_decode("May 31 10:53:25 ftp proftpd[15302]: x "
	    "(::ffff:192.0.2.14[::ffff:192.0.2.14]) - Maximum login "
	    "attempts (3) exceeded");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_INT_EQ(ev->ev_user.len, 0);
	ASSERT_UNTOUCHED(&vg_logfmt_proftpd, "x (y[not-an-ip]) - USER a "
	    "(Login failed): z");
	ASSERT_UNTOUCHED(&vg_logfmt_proftpd, "x (y[192.0.2.1]) - FTP "
	    "something else");
}

VG_TEST(ftp_pureftpd_and_ftpd)
{
	struct vg_event *ev;

	/* Pure-FTPd: a host name, and a user holding '@'. */
	ev = vg_test_decode("Jan 31 16:54:07 ftp pure-ftpd: "
	    "(a@b@scanner.example.net) [WARNING] Authentication failed for "
	    "user [ro ot]");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "");
	ASSERT_VIEW_EQ(ev->ev_src_name, "scanner.example.net");
	ASSERT_VIEW_EQ(ev->ev_user, "ro ot");
	ev = vg_test_decode("Jan 31 16:54:08 ftp pure-ftpd: (?@2001:db8::20) "
	    "[INFO] alice is now logged in");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_SUCCESS);
	ASSERT_VIEW_EQ(ev->ev_user, "alice");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::20");
	/* Classic ftpd: "NAME [IP]", bare IP, bare name. */
	ev = vg_test_decode("Oct  6 09:59:26 ftp wu-ftpd[18760]: failed login "
	    "from hj.example.cn [192.0.2.21]");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.21");
	ev = vg_test_decode("Jan 22 18:09:46 ftp ftpd[132]: repeated login "
	    "failures from 192.0.2.22 (example.com)");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.22");
	ev = vg_test_decode("Jan 22 18:09:47 ftp ftpd[133]: FTP LOGIN FAILED "
	    "FROM bad.example.net, test user");
	ASSERT_VIEW_EQ(ev->ev_src_name, "bad.example.net");
	ASSERT_VIEW_EQ(ev->ev_user, "test user");
	ASSERT_UNTOUCHED(&vg_logfmt_ftpd, "FTP session closed");
	ASSERT_UNTOUCHED(&vg_logfmt_pureftpd, "(?@192.0.2.1) [INFO] Timeout");
}
