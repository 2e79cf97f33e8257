/*
 * Detections on the real logs in ../shared/data/logs.
 *
 * Brute force and spraying: the decoders' failure events (whose counts
 * test_real_logs checks against grep-style counts) go through an
 * independent model written here -- a token bucket in floating point,
 * refilled continuously, the textbook form of what detect.c does with
 * integer GCRA arithmetic -- and the sources it flags must be exactly the
 * sources vigil alerts on.
 *
 * Stuffing: a wave built from real failed-login lines (the real users and
 * the real attacking addresses of the elastic auth.log, a few tries each,
 * squeezed into minutes) must raise auth.stuffing and no brute force;
 * the real single brute forcer of loghub's OpenSSH log must raise brute
 * force and no stuffing.
 */
#include "vg_test.h"

#include <jansson.h>
#include <time.h>
#include <unistd.h>

#include "detect.h"
#include "scan.h"

#define MAX_SRC		4096
#define MAX_EV		65536

struct fail_ev {
	double		 t;		/* seconds */
	char		 user[64];
};

struct src {
	char		 ip[64];
	struct fail_ev	*ev;
	size_t		 n, cap;
};

/* Scan one file; alerts and (optionally) events go to the given files. */
static void
scan_file(const char *path, FILE *alerts, FILE *events, bool detect,
    int year)
{
	struct vg_det_config cfg;
	struct vg_detect *det = NULL;
	struct vg_scan_opts so;
	struct vg_scan_stats st;
	const char *files[1] = { path };

	vg_det_config_default(&cfg);
	if (detect)
		ASSERT_INT_EQ(vg_detect_new(&cfg, NULL, &det), 0);
	memset(&so, 0, sizeof(so));
	so.so_files = files;
	so.so_nfiles = 1;
	so.so_alerts = alerts;
	so.so_events = events;
	so.so_year = year;
	so.so_threads = 2;
	so.so_detect = det;
	ASSERT_INT_EQ(vg_scan_run(&so, &st), 0);
	vg_detect_free(det);
}

static struct src *
src_get(struct src *srcs, size_t *nsrc, const char *ip)
{
	size_t i;

	for (i = 0; i < *nsrc; i++)
		if (strcmp(srcs[i].ip, ip) == 0)
			return &srcs[i];
	ASSERT_TRUE(*nsrc < MAX_SRC);
	memset(&srcs[*nsrc], 0, sizeof(srcs[0]));
	snprintf(srcs[*nsrc].ip, sizeof(srcs[0].ip), "%s", ip);
	return &srcs[(*nsrc)++];
}

/* The failure events per source, in file order, from --events output. */
static size_t
failures_by_source(FILE *events, struct src *srcs)
{
	char line[70000];
	size_t nsrc = 0;

	rewind(events);
	while (fgets(line, sizeof(line), events) != NULL) {
		json_t *d = json_loads(line, 0, NULL);
		const char *action = "", *outcome = "", *ip = NULL,
		    *user = "", *ts = NULL, *attempt = "";
		struct src *s;
		struct tm tm;

		ASSERT_TRUE(d != NULL);
		(void)json_unpack(d, "{s:{s?s,s?s}}", "event", "action",
		    &action, "outcome", &outcome);
		(void)json_unpack(d, "{s:{s:s}}", "source", "ip", &ip);
		(void)json_unpack(d, "{s:{s:s}}", "user", "name", &user);
		(void)json_unpack(d, "{s:s}", "@timestamp", &ts);
		(void)json_unpack(d, "{s:{s:s}}", "labels", "attempt",
		    &attempt);
		/*
		 * An authentication failure, or an aborted one by a user,
		 * unless its connection holds it ("held") or it restates
		 * others ("repeat"); and what the connection counts anyway.
		 */
		if (ip != NULL && ts != NULL &&
		    (strcmp(attempt, "counted") == 0 ||
		    (attempt[0] == '\0' && strcmp(outcome, "failure") == 0 &&
		    (strcmp(action, "authentication") == 0 ||
		    (strcmp(action, "disconnect") == 0 && user[0] != '\0'))))) {
			memset(&tm, 0, sizeof(tm));
			ASSERT_TRUE(strptime(ts, "%Y-%m-%dT%H:%M:%S", &tm) !=
			    NULL);
			s = src_get(srcs, &nsrc, ip);
			if (s->n == s->cap) {
				s->cap = s->cap ? s->cap * 2 : 64;
				s->ev = realloc(s->ev, s->cap * sizeof(*s->ev));
				ASSERT_TRUE(s->ev != NULL);
			}
			s->ev[s->n].t = (double)timegm(&tm);
			snprintf(s->ev[s->n].user, sizeof(s->ev[0].user), "%s",
			    user);
			s->n++;
		}
		json_decref(d);
	}
	return nsrc;
}

/*
 * The model: `cap' tokens, one back every `leak' seconds; an event
 * takes a token, and one that finds less than one overflows.  The bucket
 * then starts full again; with `distinct', a user already seen since the
 * bucket was last full takes nothing.
 */
static bool
bucket_overflows(const struct src *s, double cap, double leak, bool distinct)
{
	double tokens = cap, last = 0;
	char seen[64][64];
	size_t nseen = 0, i, k;
	bool dup;

	for (i = 0; i < s->n; i++) {
		const struct fail_ev *e = &s->ev[i];

		if (i > 0)
			tokens += (e->t - last) / leak;
		last = e->t;
		if (tokens >= cap) {
			tokens = cap;
			nseen = 0;
		}
		if (distinct) {
			if (e->user[0] == '\0')
				continue;
			for (k = 0, dup = false; k < nseen && !dup; k++)
				dup = strcmp(seen[k], e->user) == 0;
			if (dup)
				continue;
			if (nseen < 64)
				snprintf(seen[nseen++], 64, "%s", e->user);
		}
		if (tokens < 1.0)
			return true;
		tokens -= 1.0;
	}
	return false;
}

/* The sources vigil alerted on with rule id/variant. */
static size_t
alert_sources(FILE *alerts, const char *id, const char *variant,
    char ips[][64], size_t max)
{
	char line[70000];
	size_t n = 0, k;

	rewind(alerts);
	while (fgets(line, sizeof(line), alerts) != NULL) {
		json_t *d = json_loads(line, 0, NULL);
		const char *rid = "", *var = "", *ip = NULL;
		bool dup = false;

		ASSERT_TRUE(d != NULL);
		(void)json_unpack(d, "{s:{s:s}}", "rule", "id", &rid);
		(void)json_unpack(d, "{s:{s:{s:s}}}", "vigil", "detection",
		    "variant", &var);
		(void)json_unpack(d, "{s:{s:s}}", "source", "ip", &ip);
		if (ip != NULL && strcmp(rid, id) == 0 &&
		    strcmp(var, variant) == 0) {
			for (k = 0; k < n; k++)
				dup |= strcmp(ips[k], ip) == 0;
			if (!dup && n < max)
				snprintf(ips[n++], 64, "%s", ip);
		}
		json_decref(d);
	}
	return n;
}

static void
compare_rule(const char *what, FILE *alerts, const char *id,
    const char *variant, struct src *srcs, size_t nsrc, double cap,
    double leak, bool distinct, size_t *nflaggedp)
{
	static char ips[MAX_SRC][64];
	size_t n, i, k, flagged = 0;
	bool in;

	n = alert_sources(alerts, id, variant, ips, MAX_SRC);
	for (i = 0; i < nsrc; i++) {
		bool model = bucket_overflows(&srcs[i], cap, leak, distinct);

		for (k = 0, in = false; k < n && !in; k++)
			in = strcmp(ips[k], srcs[i].ip) == 0;
		if (model != in)
			vg_test_fail(__FILE__, __LINE__, "%s: %s: model says "
			    "%d, vigil %d (%zu failures)", what, srcs[i].ip,
			    model, in, srcs[i].n);
		flagged += model;
	}
	ASSERT_UINT_EQ(n, flagged);
	*nflaggedp = flagged;
}

static void
check_log(const char *rel, int year)
{
	const char *path = vg_test_shared(rel);
	static struct src srcs[MAX_SRC];
	FILE *alerts, *events;
	size_t nsrc, fast, slow, spray, i;

	if (path == NULL)
		VG_SKIP("../shared/data/logs is absent");
	ASSERT_TRUE((alerts = tmpfile()) != NULL);
	ASSERT_TRUE((events = tmpfile()) != NULL);
	scan_file(path, NULL, events, false, year);
	scan_file(path, alerts, NULL, true, year);
	nsrc = failures_by_source(events, srcs);
	ASSERT_TRUE(nsrc > 10);
	compare_rule(rel, alerts, "auth.bruteforce", "", srcs, nsrc, 5, 10,
	    false, &fast);
	compare_rule(rel, alerts, "auth.bruteforce", "slow", srcs, nsrc, 10,
	    60, false, &slow);
	compare_rule(rel, alerts, "auth.spraying", "", srcs, nsrc, 5, 10,
	    true, &spray);
	printf("%s: %zu failing sources; brute force %zu, slow %zu, "
	    "spraying %zu (vigil and the model agree)\n", rel, nsrc, fast,
	    slow, spray);
	fflush(stdout);
	ASSERT_TRUE(fast > 0);
	for (i = 0; i < nsrc; i++)
		free(srcs[i].ev);
	fclose(alerts);
	fclose(events);
}

VG_TEST(detect_real_elastic_auth_log)
{
	check_log("logs/elastic/auth.log", 2017);
}

VG_TEST(detect_real_loghub_openssh)
{
	check_log("logs/loghub/OpenSSH_2k.log", 2017);
}

/* Count alerts of a rule in an alerts file. */
static size_t
count_alerts(FILE *alerts, const char *id, const char *variant)
{
	static char ips[MAX_SRC][64];

	return alert_sources(alerts, id, variant, ips, MAX_SRC);
}

VG_TEST(detect_real_stuffing_wave)
{
	static const char *logs[] = { "logs/elastic/auth.log",
	    "logs/loghub/OpenSSH_2k.log" };
	static char ips[512][64], users[512][64];
	char *text, *p, *line, *save, tmp[] = "/tmp/vigil-stuff-XXXXXX";
	size_t len, nip = 0, nuser = 0, i, k, f;
	FILE *out, *alerts;
	int fd;

	for (f = 0; f < VG_ARRAY_LEN(logs); f++) {
		const char *path = vg_test_shared(logs[f]);

		if (path == NULL)
			VG_SKIP("../shared/data/logs is absent");
		ASSERT_TRUE((text = vg_test_read(path, &len)) != NULL);
		/* The real attackers and the real user names they tried. */
		for (line = strtok_r(text, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save)) {
			char u[64], ip[64];
			bool dup = false;

			if ((p = strstr(line, "Invalid user ")) == NULL ||
			    sscanf(p, "Invalid user %63s from %63s", u,
			    ip) != 2)
				continue;
			for (k = 0; k < nip && !dup; k++)
				dup = strcmp(ips[k], ip) == 0;
			if (!dup && nip < 512)
				snprintf(ips[nip++], 64, "%s", ip);
			for (k = 0, dup = false; k < nuser && !dup; k++)
				dup = strcmp(users[k], u) == 0;
			if (!dup && nuser < 512)
				snprintf(users[nuser++], 64, "%s", u);
		}
		free(text);
	}
	printf("stuffing wave from %zu real sources and %zu real users\n",
	    nip, nuser);
	ASSERT_TRUE(nip >= 50 && nuser >= 50);
	/*
	 * The wave: every source tries two or three of the users, once
	 * each, a second or two apart across the sources: ten minutes.
	 */
	ASSERT_TRUE((fd = mkstemp(tmp)) >= 0);
	ASSERT_TRUE((out = fdopen(fd, "w")) != NULL);
	for (i = 0, k = 0; i < nip * 3 && i < 600; i++, k++) {
		int sec = (int)i;

		fprintf(out, "Mar 28 10:%02d:%02d ip-10-77-20-248 sshd[%zu]: "
		    "Failed password for invalid user %s from %s port %zu "
		    "ssh2\n", sec / 60, sec % 60, 4000 + i,
		    users[k % nuser], ips[i % nip], 40000 + i);
	}
	fclose(out);
	ASSERT_TRUE((alerts = tmpfile()) != NULL);
	scan_file(tmp, alerts, NULL, true, 2017);
	unlink(tmp);
	ASSERT_UINT_EQ(count_alerts(alerts, "auth.stuffing", ""), 0);
	/* auth.stuffing alerts have no source: count them by rule. */
	{
		char l[70000];
		size_t n = 0, bf = 0;

		rewind(alerts);
		while (fgets(l, sizeof(l), alerts) != NULL) {
			n += strstr(l, "\"id\":\"auth.stuffing\"") != NULL;
			bf += strstr(l, "\"id\":\"auth.bruteforce\"") != NULL &&
			    strstr(l, "\"variant\"") == NULL;
		}
		printf("wave: %zu stuffing alert(s), %zu brute force\n", n,
		    bf);
		ASSERT_UINT_EQ(n, 1);
		ASSERT_UINT_EQ(bf, 0);
	}
	fclose(alerts);
}

VG_TEST(detect_real_single_bruteforcer_is_not_stuffing)
{
	const char *path = vg_test_shared("logs/loghub/OpenSSH_2k.log");
	char *text, *line, *save, tmp[] = "/tmp/vigil-bf-XXXXXX", l[70000];
	size_t len, n = 0, stuffing = 0;
	FILE *out, *alerts;
	int fd;

	if (path == NULL)
		VG_SKIP("../shared/data/logs is absent");
	ASSERT_TRUE((text = vg_test_read(path, &len)) != NULL);
	ASSERT_TRUE((fd = mkstemp(tmp)) >= 0);
	ASSERT_TRUE((out = fdopen(fd, "w")) != NULL);
	/* Every line of the log's top attacker, as it was. */
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		if (strstr(line, "183.62.140.253") != NULL) {
			fprintf(out, "%s\n", line);
			n++;
		}
	fclose(out);
	free(text);
	ASSERT_TRUE(n > 200);
	ASSERT_TRUE((alerts = tmpfile()) != NULL);
	scan_file(tmp, alerts, NULL, true, 2017);
	unlink(tmp);
	ASSERT_TRUE(count_alerts(alerts, "auth.bruteforce", "") >= 1);
	rewind(alerts);
	while (fgets(l, sizeof(l), alerts) != NULL)
		stuffing += strstr(l, "\"id\":\"auth.stuffing\"") != NULL;
	ASSERT_UINT_EQ(stuffing, 0);
	fclose(alerts);
}
