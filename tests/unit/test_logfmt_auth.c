/*
 * Unit tests of the login and privilege decoders (logfmt_auth.c):
 * Dropbear, sudo, su, login and xinetd.
 */
#include "vg_test.h"
#include "logfmt.h"

VG_TEST(auth_dropbear)
{
	struct vg_event *ev;

	ev = vg_test_decode("Feb 11 15:23:17 dropbear[1252]: login attempt for "
	    "nonexistent user from ::ffff:192.0.2.1:60495");
	ASSERT_STR_EQ(ev->ev_dataset, "dropbear");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_AUTH);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.1");
	ASSERT_INT_EQ(ev->ev_src_port, 60495);
	/* A user name holding "' from ": the last one is Dropbear's. */
	ev = vg_test_decode("Mar 24 15:26:02 r dropbear[830]: Bad password "
	    "attempt for 'x' from 6.6.6.6:1' from [2001:db8::2]:40003");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::2");
	ASSERT_INT_EQ(ev->ev_src_port, 40003);
	ASSERT_VIEW_EQ(ev->ev_user, "x' from 6.6.6.6:1");
	/* Journal-doubled stamp; "is invalid" names no account. */
	ev = vg_test_decode("Jul 10 23:59:24 r dropbear[826]: [826] Jul 10 "
	    "23:59:24 Exit before auth from <192.0.2.3:52325>: Max auth tries "
	    "reached - user 'is invalid'");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.3");
	ASSERT_INT_EQ(ev->ev_user.len, 0);
	ev = vg_test_decode("Jul 10 23:59:25 r dropbear[827]: Exit before auth "
	    "from <192.0.2.4:1>: Exited normally");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_DISCONNECT);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_UNKNOWN);
	ev = vg_test_decode("Jul 10 23:59:26 r dropbear[828]: Password auth "
	    "succeeded for 'alice' from 198.51.100.5:40001");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_SUCCESS);
	ASSERT_VIEW_EQ(ev->ev_user, "alice");
	ASSERT_UNTOUCHED(&vg_logfmt_dropbear, "Bad password attempt for "
	    "'root' from nowhere");
	ASSERT_UNTOUCHED(&vg_logfmt_dropbear, "Running in background");
}

VG_TEST(auth_sudo_su)
{
	struct vg_event *ev;

	ev = vg_test_decode("Jan 12 09:00:00 web1 sudo:    alice : TTY=pts/0 ; "
	    "PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id -a ; echo");
	ASSERT_STR_EQ(ev->ev_dataset, "sudo");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_PRIV);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_SUCCESS);
	ASSERT_VIEW_EQ(ev->ev_user, "alice");
	ASSERT_VIEW_EQ(vg_test_label(ev, "user.target.name"), "root");
	ASSERT_VIEW_EQ(vg_test_label(ev, "process.command_line"), "/usr/bin/id "
	    "-a ; echo");
	ev = vg_test_decode("Jan 12 09:00:01 web1 sudo:      bob : 3 incorrect "
	    "password attempts ; TTY=pts/1 ; PWD=/ ; USER=root ; "
	    "COMMAND=/bin/bash");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(ev->ev_reason, "incorrect password");
	ev = vg_test_decode("Jan 12 09:00:02 web1 sudo:  mallory : user NOT in "
	    "sudoers ; TTY=pts/2 ; PWD=/tmp ; USER=root ; COMMAND=/bin/sh");
	ASSERT_STR_EQ(ev->ev_reason, "not in sudoers");
	ASSERT_VIEW_EQ(ev->ev_user, "mallory");
	ev = vg_test_decode("Feb  1 10:00:00 host su[2001]: FAILED SU (to "
	    "root) alice on pts/0");
	ASSERT_STR_EQ(ev->ev_dataset, "su");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_VIEW_EQ(ev->ev_user, "alice");
	ASSERT_VIEW_EQ(vg_test_label(ev, "user.target.name"), "root");
	ev = vg_test_decode("Feb  1 10:00:06 host su[2006]: + pts/1 "
	    "carol:root");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_SUCCESS);
	ASSERT_VIEW_EQ(ev->ev_user, "carol");
	ASSERT_UNTOUCHED(&vg_logfmt_sudo, "unable to resolve host web1");
	ASSERT_UNTOUCHED(&vg_logfmt_sudo, "alice : conversation failed");
	ASSERT_UNTOUCHED(&vg_logfmt_su, "No passwd entry for user 'ghost'");
}

VG_TEST(auth_login_xinetd)
{
	struct vg_event *ev;

	/* The user is client text: the last ", " ends it. */
	ev = vg_test_decode("Mar  1 08:00:09 host login[3010]: FAILED LOGIN 1 "
	    "FROM 2001:db8::9 FOR a b, c, Authentication failure");
	ASSERT_STR_EQ(ev->ev_dataset, "login");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::9");
	ASSERT_VIEW_EQ(ev->ev_user, "a b, c");
	ev = vg_test_decode("Mar  1 08:00:03 host login[3004]: FAILED LOGIN "
	    "(2) on '/dev/pts/3' FROM 'dialup.example.net' FOR 'oracle', User "
	    "not known to the underlying authentication module");
	ASSERT_VIEW_EQ(ev->ev_src_name, "dialup.example.net");
	ASSERT_VIEW_EQ(ev->ev_user, "oracle");
	ev = vg_test_decode("Mar  1 08:00:02 host login[3003]: FAILED LOGIN "
	    "(1) on '/dev/tty1' FOR 'root', Authentication failure");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "");
	ASSERT_INT_EQ(ev->ev_src_name.len, 0);
	ev = vg_test_decode("Aug  3 14:38:50 b xinetd[31234]: START: ftp "
	    "pid=26505 from=::ffff:198.51.100.2");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_CONNECT);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "198.51.100.2");
	ASSERT_VIEW_EQ(vg_test_label(ev, "service.name"), "ftp");
	ev = vg_test_decode("May 15 17:38:49 boo xinetd[16256]: FAIL: telnet "
	    "address from=192.0.2.10");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_UNTOUCHED(&vg_logfmt_login, "DIALUP AT ttyS0 BY carol");
	ASSERT_UNTOUCHED(&vg_logfmt_xinetd, "FAIL: telnet address from=nope");
	ASSERT_UNTOUCHED(&vg_logfmt_xinetd, "warning: can't get client "
	    "address");
}

VG_TEST(auth_webmin_xrdp_screensharing)
{
	struct vg_event *ev;

	/* A forged second record in the user name: the last ip= counts. */
	ev = vg_test_decode("Apr  7 12:22:02 rdp xrdp-sesman[41441]: [INFO ] "
	    "AUTHFAIL: user=inj ip=192.0.2.4 time=1\\n[x] AUTHFAIL: user=e "
	    "ip=::ffff:192.0.2.12 time=1649352122");
	ASSERT_STR_EQ(ev->ev_dataset, "xrdp");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.12");
	ASSERT_VIEW_EQ(ev->ev_user, "inj ip=192.0.2.4 time=1\\n[x] AUTHFAIL: "
	    "user=e");
	ev = vg_test_decode("Sep 25 10:38:13 sb1 webmin[27251]: Invalid login "
	    "as a from 6.6.6.6 from 2001:db8::5");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::5");
	ASSERT_VIEW_EQ(ev->ev_user, "a from 6.6.6.6");
	ev = vg_test_decode("Oct 27 2026 12:35:40 mac screensharingd[1170]: "
	    "Authentication: FAILED :: User Name: sdf () mro :: Viewer "
	    "Address: 192.0.2.21 :: Type: DH");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.21");
	ASSERT_VIEW_EQ(ev->ev_user, "sdf () mro");
	ASSERT_UNTOUCHED(&vg_logfmt_xrdp, "[INFO ] AUTHFAIL: user=y "
	    "ip=192.0.2.1 trailing=junk");
	ASSERT_UNTOUCHED(&vg_logfmt_webmin, "Invalid login as root from x");
	ASSERT_UNTOUCHED(&vg_logfmt_screensharing, "Authentication: FAILED :: "
	    "User Name: y :: Viewer Address: nowhere :: Type: DH");
}
