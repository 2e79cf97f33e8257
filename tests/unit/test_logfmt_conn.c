/*
 * sshd connections across lines (logfmt_conn.c): the failed-attempt
 * verdict of each line, and what the detection stage makes of it.  The
 * lines are OpenSSH's own messages in the sequences a server writes:
 * PAM's failure and sshd's for the same try, a mistyped password, an
 * intruder switching accounts inside one connection.
 */
#include "vg_test.h"
#include "logfmt.h"

#include <jansson.h>

#include "detect.h"

#define PAM(pid, ip, user)						\
	"Mar  7 18:50:01 gw sshd[" pid "]: pam_unix(sshd:auth): "	\
	"authentication failure; logname= uid=0 euid=0 tty=ssh ruser= "	\
	"rhost=" ip "  user=" user
#define FAILED(pid, ip, user)						\
	"Mar  7 18:50:02 gw sshd[" pid "]: Failed password for " user	\
	" from " ip " port 50122 ssh2"
#define ACCEPTED(pid, ip, user)						\
	"Mar  7 18:50:03 gw sshd[" pid "]: Accepted password for " user	\
	" from " ip " port 50122 ssh2"

/* Decode `line' with `ls' and check its verdict. */
static struct vg_event *
step(struct vg_logsrc *ls, const char *line, enum vg_attempt attempt,
    bool failed)
{
	struct vg_event *ev = vg_test_decode_ls(ls, line);

	if (ev->ev_attempt != attempt || vg_event_failed_attempt(ev) !=
	    failed)
		vg_test_fail(__FILE__, __LINE__, "%s: attempt %s (want %s), "
		    "failed %d (want %d)", line,
		    vg_attempt_name(ev->ev_attempt) ?
		    vg_attempt_name(ev->ev_attempt) : "outcome",
		    vg_attempt_name(attempt) ? vg_attempt_name(attempt) :
		    "outcome", vg_event_failed_attempt(ev), failed);
	return ev;
}

VG_TEST(conn_pam_and_sshd_lines_are_one_attempt)
{
	struct vg_logsrc ls;

	vg_logsrc_init(&ls, "auth.log");
	/* A mistyped password, then the right one: nothing counts. */
	step(&ls, PAM("2001", "203.0.113.10", "alice"), VG_ATTEMPT_HELD,
	    false);
	step(&ls, ACCEPTED("2001", "203.0.113.10", "alice"),
	    VG_ATTEMPT_OUTCOME, false);
	/* PAM's line and sshd's for one guess count once, at sshd's. */
	step(&ls, PAM("2002", "198.51.100.7", "root"), VG_ATTEMPT_HELD,
	    false);
	step(&ls, FAILED("2002", "198.51.100.7", "root"), VG_ATTEMPT_OUTCOME,
	    true);
	step(&ls, PAM("2002", "198.51.100.7", "root"), VG_ATTEMPT_HELD,
	    false);
	step(&ls, FAILED("2002", "198.51.100.7", "root"), VG_ATTEMPT_OUTCOME,
	    true);
	/* libpam's summary restates them. */
	step(&ls, "Mar  7 18:50:04 gw sshd[2002]: PAM 1 more authentication "
	    "failure; logname= uid=0 euid=0 tty=ssh ruser= "
	    "rhost=198.51.100.7  user=root", VG_ATTEMPT_REPEAT, false);
	/* A held try that sshd never reported counts at the close. */
	step(&ls, PAM("2003", "198.51.100.9", "root"), VG_ATTEMPT_HELD,
	    false);
	step(&ls, "Mar  7 18:54:02 gw sshd[2003]: Connection closed by "
	    "198.51.100.9 port 60010 [preauth]", VG_ATTEMPT_COUNTED, true);
	/* The same close with nothing held: a failure, nothing to settle. */
	step(&ls, "Mar  7 18:54:02 gw sshd[2004]: Connection closed by "
	    "198.51.100.9 port 60011 [preauth]", VG_ATTEMPT_OUTCOME, true);
	/* PAM lines of other programs, and the old form, count alone. */
	step(&ls, "Mar  7 18:56:00 gw sshd(pam_unix)[2005]: authentication "
	    "failure; logname= uid=0 euid=0 tty=NODEVssh ruser= "
	    "rhost=198.51.100.11  user=guest", VG_ATTEMPT_OUTCOME, true);
	step(&ls, "Mar  7 18:56:00 gw sudo: pam_unix(sudo:auth): "
	    "authentication failure; logname=bob uid=1000 euid=0 tty=/dev/pts/0 "
	    "ruser=bob rhost=  user=bob", VG_ATTEMPT_OUTCOME, true);
	vg_logsrc_cleanup(&ls);
}

VG_TEST(conn_switching_accounts_counts)
{
	struct vg_logsrc ls;

	vg_logsrc_init(&ls, "auth.log");
	/* root held, admin is a second user: it and what follows count. */
	step(&ls, PAM("3001", "198.51.100.7", "root"), VG_ATTEMPT_HELD,
	    false);
	step(&ls, PAM("3001", "198.51.100.7", "admin"), VG_ATTEMPT_OUTCOME,
	    true);
	step(&ls, PAM("3001", "198.51.100.7", "root"), VG_ATTEMPT_OUTCOME,
	    true);
	/* ... and so does the login that closes it, as a success. */
	ASSERT_INT_EQ(step(&ls, ACCEPTED("3001", "198.51.100.7", "backup"),
	    VG_ATTEMPT_COUNTED, true)->ev_outcome, VG_OUT_SUCCESS);
	/* After a login the connection starts afresh. */
	step(&ls, PAM("3001", "198.51.100.7", "root"), VG_ATTEMPT_HELD,
	    false);
	/* Names that differ by a byte are different users. */
	step(&ls, PAM("3002", "198.51.100.8", "root"), VG_ATTEMPT_HELD,
	    false);
	step(&ls, ACCEPTED("3002", "198.51.100.8", "roo"), VG_ATTEMPT_COUNTED,
	    true);
	/* Long names (compared hashed) too, and equal ones are equal. */
	step(&ls, PAM("3005", "198.51.100.8",
	    "a-very-long-service-account-name-0001"), VG_ATTEMPT_HELD, false);
	step(&ls, PAM("3005", "198.51.100.8",
	    "a-very-long-service-account-name-0001"), VG_ATTEMPT_HELD, false);
	step(&ls, ACCEPTED("3005", "198.51.100.8",
	    "a-very-long-service-account-name-0002"), VG_ATTEMPT_COUNTED,
	    true);
	/* Tries of the accepted user alone are forgiven. */
	step(&ls, PAM("3003", "198.51.100.9", "carol"), VG_ATTEMPT_HELD,
	    false);
	step(&ls, PAM("3003", "198.51.100.9", "carol"), VG_ATTEMPT_HELD,
	    false);
	step(&ls, ACCEPTED("3003", "198.51.100.9", "carol"),
	    VG_ATTEMPT_OUTCOME, false);
	/* A pid reused by a new connection does not inherit the old one. */
	step(&ls, PAM("3004", "198.51.100.10", "dave"), VG_ATTEMPT_HELD,
	    false);
	step(&ls, "Mar  7 18:57:00 gw sshd[3004]: Connection from "
	    "198.51.100.11 port 4000 on 10.0.0.1 port 22 rdomain \"\"",
	    VG_ATTEMPT_OUTCOME, false);
	step(&ls, ACCEPTED("3004", "198.51.100.11", "erin"),
	    VG_ATTEMPT_OUTCOME, false);
	vg_logsrc_cleanup(&ls);
}

VG_TEST(conn_cache_is_bounded)
{
	struct vg_logsrc ls;
	char line[256];
	unsigned i;

	/*
	 * Far more connections than slots, each left open with a held
	 * failure: memory stays put, and a connection whose slot was taken
	 * loses only its history (its next failure counts as its own).
	 */
	vg_logsrc_init(&ls, "auth.log");
	for (i = 0; i < 20000; i++) {
		snprintf(line, sizeof(line), "Mar  7 18:50:01 gw sshd[%u]: "
		    "pam_unix(sshd:auth): authentication failure; logname= "
		    "uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.%u  user=u%u",
		    10000 + i, i % 250 + 1, i);
		step(&ls, line, VG_ATTEMPT_HELD, false);
	}
	for (i = 0; i < 20000; i += 997) {
		snprintf(line, sizeof(line), "Mar  7 18:50:02 gw sshd[%u]: "
		    "Failed password for u%u from 192.0.2.%u port 1 ssh2",
		    10000 + i, i, i % 250 + 1);
		step(&ls, line, VG_ATTEMPT_OUTCOME, true);
	}
	vg_logsrc_cleanup(&ls);
}

/* Decode `text' line by line with one logsrc and run the detections. */
static json_t *
detect_lines(const char *text, size_t *nfailp)
{
	struct vg_det_config cfg;
	struct vg_detect *det;
	struct vg_logsrc ls;
	struct vg_json out;
	struct vg_event ev;
	struct vg_det_rec r;
	struct vg_str line;
	const char *p = text, *end = text + strlen(text);
	json_t *all = json_array();
	char *q, *nl;
	uint64_t n = 0;

	*nfailp = 0;
	vg_det_config_default(&cfg);
	ASSERT_INT_EQ(vg_detect_new(&cfg, NULL, &det), 0);
	vg_json_init(&out, 1 << 20);
	vg_logsrc_init(&ls, "auth.log");
	ls.ls_year = 2026;
	ls.ls_year_fixed = true;
	while (vg_test_decode_next(&ls, &p, end, &ev, &line)) {
		ev.ev_file = "auth.log";
		ev.ev_line = ++n;
		if (!vg_det_rec_from_event(&ev, &r))
			continue;
		*nfailp += r.r_kind == VG_DK_AUTH_FAIL ||
		    (r.r_flags & VG_DRF_FAILED_TOO) != 0;
		vg_detect_feed(det, &r, &out);
	}
	vg_detect_finish(det, &out);
	for (q = out.j_buf; q != NULL && q < out.j_buf + out.j_len &&
	    (nl = memchr(q, '\n', out.j_len - (size_t)(q - out.j_buf))) !=
	    NULL; q = nl + 1)
		json_array_append_new(all, json_loadb(q, (size_t)(nl - q), 0,
		    NULL));
	vg_logsrc_cleanup(&ls);
	vg_json_cleanup(&out);
	vg_detect_free(det);
	vg_det_config_cleanup(&cfg);
	return all;
}

static size_t
count_rule(json_t *all, const char *id)
{
	size_t i, n = 0;
	json_t *a;

	json_array_foreach(all, i, a) {
		const char *rid = NULL, *var = "";

		(void)json_unpack(a, "{s:{s:s}}", "rule", "id", &rid);
		(void)json_unpack(a, "{s:{s:{s:s}}}", "vigil", "detection",
		    "variant", &var);
		n += rid != NULL && strcmp(rid, id) == 0 && var[0] == '\0';
	}
	return n;
}

VG_TEST(conn_detections_count_attempts)
{
	json_t *all;
	size_t nfail;

	/*
	 * Three guesses within seconds, each logged by PAM and by sshd:
	 * six failure lines, three attempts, under the fast brute-force
	 * bucket's five.
	 */
	all = detect_lines(
	    PAM("4001", "198.51.100.7", "root") "\n"
	    FAILED("4001", "198.51.100.7", "root") "\n"
	    PAM("4001", "198.51.100.7", "root") "\n"
	    FAILED("4001", "198.51.100.7", "root") "\n"
	    PAM("4001", "198.51.100.7", "root") "\n"
	    FAILED("4001", "198.51.100.7", "root") "\n", &nfail);
	ASSERT_UINT_EQ(nfail, 3);
	ASSERT_UINT_EQ(count_rule(all, "auth.bruteforce"), 0);
	json_decref(all);

	/* Six guesses overflow it. */
	all = detect_lines(
	    PAM("4002", "198.51.100.8", "root") "\n"
	    FAILED("4002", "198.51.100.8", "root") "\n"
	    FAILED("4002", "198.51.100.8", "root") "\n"
	    FAILED("4002", "198.51.100.8", "root") "\n"
	    PAM("4003", "198.51.100.8", "root") "\n"
	    FAILED("4003", "198.51.100.8", "root") "\n"
	    FAILED("4003", "198.51.100.8", "root") "\n"
	    FAILED("4003", "198.51.100.8", "root") "\n", &nfail);
	ASSERT_UINT_EQ(nfail, 6);
	ASSERT_UINT_EQ(count_rule(all, "auth.bruteforce"), 1);
	json_decref(all);

	/*
	 * Account switching: five users tried, then a login as a sixth.  The
	 * login is the sixth attempt, so brute force fires, and it is still
	 * the success that follows the failures.
	 */
	all = detect_lines(
	    PAM("4004", "198.51.100.9", "root") "\n"
	    PAM("4004", "198.51.100.9", "admin") "\n"
	    PAM("4004", "198.51.100.9", "oracle") "\n"
	    PAM("4004", "198.51.100.9", "test") "\n"
	    PAM("4004", "198.51.100.9", "ubuntu") "\n"
	    PAM("4004", "198.51.100.9", "git") "\n"
	    ACCEPTED("4004", "198.51.100.9", "backup") "\n", &nfail);
	ASSERT_UINT_EQ(nfail, 6);
	ASSERT_UINT_EQ(count_rule(all, "auth.bruteforce"), 1);
	ASSERT_UINT_EQ(count_rule(all, "auth.success_after_failures"), 1);
	json_decref(all);
}
