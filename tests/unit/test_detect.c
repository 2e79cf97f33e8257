/*
 * The detection stage: windows on event time, reordering, eviction,
 * aggregation, and each detection on records shaped like the ones the
 * decoders make from real logs (sshd failures, portal logins, web hits).
 */
#include "vg_test.h"

#include <jansson.h>
#include <unistd.h>

#include "detect.h"
#include "geo.h"
#include "vg_addr.h"

#define SEC	((int64_t)1000000)
#define MIN	(60 * SEC)
/* 2026-11-25T08:00:00Z */
#define T0	((int64_t)1795593600 * SEC)

struct run {
	struct vg_det_config	 cfg;
	struct vg_detect	*det;
	struct vg_json		 out;
	uint64_t		 line;
};

static void
run_init(struct run *r, const char *yaml)
{
	char path[] = "/tmp/vigil-det-XXXXXX", err[256];
	int fd;

	memset(r, 0, sizeof(*r));
	vg_det_config_default(&r->cfg);
	if (yaml != NULL) {
		ASSERT_TRUE((fd = mkstemp(path)) >= 0);
		ASSERT_TRUE(write(fd, yaml, strlen(yaml)) ==
		    (ssize_t)strlen(yaml));
		close(fd);
		if (vg_det_config_load(&r->cfg, path, err, sizeof(err)) != 0)
			vg_test_fail(__FILE__, __LINE__, "%s", err);
		unlink(path);
	}
	ASSERT_INT_EQ(vg_detect_new(&r->cfg, NULL, &r->det), 0);
	vg_json_init(&r->out, 64 * 1024 * 1024);
}

static void
run_free(struct run *r)
{
	vg_detect_free(r->det);
	vg_det_config_cleanup(&r->cfg);
	vg_json_cleanup(&r->out);
}

static struct vg_det_rec
rec(int kind, int64_t t, const char *ip, const char *user)
{
	struct vg_det_rec r;

	memset(&r, 0, sizeof(r));
	r.r_kind = (uint8_t)kind;
	r.r_time = t;
	r.r_file = "auth.log";
	r.r_dataset = "sshd";
	r.r_bytes = -1;
	if (ip != NULL)
		ASSERT_TRUE(vg_addr_parse(vg_str_make(ip, strlen(ip)),
		    &r.r_src));
	if (user != NULL) {
		r.r_user_len = (uint8_t)strlen(user);
		memcpy(r.r_user, user, r.r_user_len);
	}
	memcpy(r.r_host, "web01", 5);
	r.r_host_len = 5;
	return r;
}

static void
feed(struct run *r, struct vg_det_rec x)
{
	x.r_line = ++r->line;
	vg_detect_feed(r->det, &x, &r->out);
}

static void
fail(struct run *r, int64_t t, const char *ip, const char *user)
{
	feed(r, rec(VG_DK_AUTH_FAIL, t, ip, user));
}

/* The alerts so far, as parsed JSON; the caller frees. */
static json_t *
alerts(struct run *r, bool finish)
{
	json_t *all = json_array();
	char *p, *nl, *end;

	if (finish)
		vg_detect_finish(r->det, &r->out);
	p = r->out.j_buf;
	end = p + r->out.j_len;
	while (p != NULL && p < end && (nl = memchr(p, '\n', (size_t)(end -
	    p))) != NULL) {
		json_error_t e;
		json_t *doc = json_loadb(p, (size_t)(nl - p), 0, &e);

		if (doc == NULL)
			vg_test_fail(__FILE__, __LINE__, "bad alert JSON: %s",
			    e.text);
		json_array_append_new(all, doc);
		p = nl + 1;
	}
	return all;
}

/*
 * How many alerts of rule id (and variant, "" for the main one), not
 * counting the end-of-input reports of folded firings.
 */
static size_t
count_rule(json_t *all, const char *id, const char *variant)
{
	size_t i, n = 0;
	json_t *a;

	json_array_foreach(all, i, a) {
		const char *rid = NULL, *var = "";
		int update = 0;

		(void)json_unpack(a, "{s:{s:s}}", "rule", "id", &rid);
		(void)json_unpack(a, "{s:{s:{s:s}}}", "vigil", "detection",
		    "variant", &var);
		(void)json_unpack(a, "{s:{s:{s:b}}}", "vigil", "detection",
		    "update", &update);
		n += rid != NULL && strcmp(rid, id) == 0 &&
		    strcmp(var, variant) == 0 && !update;
	}
	return n;
}

static json_t *
first_rule(json_t *all, const char *id, const char *variant)
{
	size_t i;
	json_t *a;

	json_array_foreach(all, i, a) {
		const char *rid = NULL, *var = "";

		(void)json_unpack(a, "{s:{s:s}}", "rule", "id", &rid);
		(void)json_unpack(a, "{s:{s:{s:s}}}", "vigil", "detection",
		    "variant", &var);
		if (rid != NULL && strcmp(rid, id) == 0 &&
		    strcmp(var, variant) == 0)
			return a;
	}
	return NULL;
}

static long long
det_int(json_t *a, const char *key)
{
	json_t *v = json_object_get(json_object_get(json_object_get(a,
	    "vigil"), "detection"), key);

	return json_is_integer(v) ? json_integer_value(v) : -1;
}

VG_TEST(detect_bruteforce_bucket_fires_on_overflow)
{
	struct run r;
	json_t *all, *a;
	int i;

	run_init(&r, NULL);
	/* Capacity 5: five failures in a second hold, the sixth fires. */
	for (i = 0; i < 5; i++)
		fail(&r, T0 + i * 200000, "203.0.113.7", "root");
	all = alerts(&r, false);
	ASSERT_UINT_EQ(count_rule(all, "auth.bruteforce", ""), 0);
	json_decref(all);
	fail(&r, T0 + SEC, "203.0.113.7", "root");
	all = alerts(&r, true);
	ASSERT_UINT_EQ(count_rule(all, "auth.bruteforce", ""), 1);
	a = first_rule(all, "auth.bruteforce", "");
	ASSERT_INT_EQ(det_int(a, "count"), 6);
	ASSERT_INT_EQ(det_int(a, "firings"), 1);
	ASSERT_STR_EQ(json_string_value(json_object_get(json_object_get(a,
	    "source"), "ip")), "203.0.113.7");
	ASSERT_STR_EQ(json_string_value(json_object_get(json_object_get(a,
	    "event"), "start")), "2026-11-25T08:00:00Z");
	/* Evidence: five samples with their line numbers, first first. */
	ASSERT_UINT_EQ(json_array_size(json_object_get(json_object_get(a,
	    "vigil"), "samples")), 5);
	ASSERT_INT_EQ(json_integer_value(json_object_get(json_array_get(
	    json_object_get(json_object_get(a, "vigil"), "samples"), 0),
	    "line")), 1);
	json_decref(all);
	run_free(&r);
}

VG_TEST(detect_bruteforce_slow_rate_never_fires)
{
	struct run r;
	json_t *all;
	int i;

	run_init(&r, NULL);
	/* One failure every 11 s leaks faster than it fills a 10 s bucket. */
	for (i = 0; i < 200; i++)
		fail(&r, T0 + i * 11 * SEC, "198.51.100.20", "admin");
	all = alerts(&r, true);
	ASSERT_UINT_EQ(count_rule(all, "auth.bruteforce", ""), 0);
	/* ...but the slow variant (10 per minute of leak) sees it. */
	ASSERT_UINT_EQ(count_rule(all, "auth.bruteforce", "slow"), 1);
	json_decref(all);
	run_free(&r);
}

VG_TEST(detect_windows_run_on_event_time)
{
	struct run r1, r2;
	json_t *a1, *a2;
	int i;

	/* The same traffic a year apart gives the same alerts. */
	run_init(&r1, NULL);
	run_init(&r2, NULL);
	for (i = 0; i < 40; i++) {
		fail(&r1, T0 + i * 3 * SEC, "192.0.2.1", "oracle");
		fail(&r2, T0 - 365 * 24 * 60 * MIN + i * 3 * SEC, "192.0.2.1",
		    "oracle");
	}
	a1 = alerts(&r1, true);
	a2 = alerts(&r2, true);
	ASSERT_UINT_EQ(json_array_size(a1), json_array_size(a2));
	ASSERT_TRUE(count_rule(a1, "auth.bruteforce", "") >= 1);
	json_decref(a1);
	json_decref(a2);
	run_free(&r1);
	run_free(&r2);
}

VG_TEST(detect_out_of_order_within_tolerance)
{
	struct run r;
	json_t *all;
	static const int order[] = { 3, 0, 5, 1, 4, 2 };
	struct vg_det_rec ok;
	size_t i;

	run_init(&r, NULL);
	/*
	 * Two hosts' logs merged: the success (t+8s) is read before the
	 * failures it follows (t..t+5s).  Within the 10 s tolerance they
	 * are put back in order, so the success comes after the burst.
	 */
	ok = rec(VG_DK_AUTH_OK, T0 + 8 * SEC, "203.0.113.50", "alice");
	feed(&r, ok);
	for (i = 0; i < VG_ARRAY_LEN(order); i++)
		fail(&r, T0 + order[i] * SEC, "203.0.113.50", "alice");
	all = alerts(&r, true);
	ASSERT_UINT_EQ(count_rule(all, "auth.success_after_failures", ""), 1);
	ASSERT_UINT_EQ(count_rule(all, "auth.bruteforce", ""), 1);
	ASSERT_TRUE(vg_detect_stats(r.det)->ds_reordered >= 4);
	ASSERT_UINT_EQ(vg_detect_stats(r.det)->ds_late, 0);
	json_decref(all);
	run_free(&r);
}

/*
 * Records shuffled within the tolerance give exactly the alerts of the
 * same records in time order: in-order arrivals wait in a FIFO, the
 * others in a heap, and each release takes the earlier of the two.
 * 600 failures of 4 sources over 10 minutes, each with its own time and
 * a line number that follows it, shuffled within 20-second windows.
 */
VG_TEST(detect_shuffled_within_tolerance_same_alerts)
{
	struct run a, b;
	struct vg_det_rec recs[600], x;
	char ip[32];
	size_t i, j, w;
	uint32_t seed = 12345;

	for (i = 0; i < VG_ARRAY_LEN(recs); i++) {
		snprintf(ip, sizeof(ip), "198.51.100.%zu", 1 + i % 4);
		recs[i] = rec(VG_DK_AUTH_FAIL, T0 + (int64_t)i * SEC, ip,
		    i % 3 == 0 ? "root" : "admin");
		recs[i].r_line = i + 1;
	}
	run_init(&a, NULL);
	for (i = 0; i < VG_ARRAY_LEN(recs); i++)
		vg_detect_feed(a.det, &recs[i], &a.out);
	vg_detect_finish(a.det, &a.out);
	/* Fisher-Yates within each window of 20 (a fixed LCG). */
	for (w = 0; w < VG_ARRAY_LEN(recs); w += 20)
		for (i = 19; i > 0; i--) {
			seed = seed * 1103515245u + 12345u;
			j = (seed >> 16) % (i + 1);
			x = recs[w + i];
			recs[w + i] = recs[w + j];
			recs[w + j] = x;
		}
	run_init(&b, NULL);
	for (i = 0; i < VG_ARRAY_LEN(recs); i++)
		vg_detect_feed(b.det, &recs[i], &b.out);
	vg_detect_finish(b.det, &b.out);
	ASSERT_TRUE(vg_detect_stats(b.det)->ds_reordered > 100);
	ASSERT_UINT_EQ(vg_detect_stats(b.det)->ds_late, 0);
	ASSERT_TRUE(vg_detect_stats(a.det)->ds_alerts > 10);
	ASSERT_UINT_EQ(a.out.j_len, b.out.j_len);
	ASSERT_INT_EQ(memcmp(a.out.j_buf, b.out.j_buf, a.out.j_len), 0);
	run_free(&a);
	run_free(&b);
}

VG_TEST(detect_late_records_are_counted)
{
	struct run r;
	json_t *all;

	run_init(&r, NULL);
	fail(&r, T0, "192.0.2.9", "a");
	fail(&r, T0 + 60 * SEC, "192.0.2.9", "a");	/* releases the first */
	fail(&r, T0 + 50 * SEC, "192.0.2.9", "a");	/* in time: queued */
	fail(&r, T0 - 5 * SEC, "192.0.2.9", "a");	/* older than released */
	feed(&r, rec(VG_DK_AUTH_FAIL, VG_NO_TIME, "192.0.2.9", "a"));
	all = alerts(&r, true);
	ASSERT_UINT_EQ(vg_detect_stats(r.det)->ds_late, 1);
	ASSERT_UINT_EQ(vg_detect_stats(r.det)->ds_no_time, 1);
	ASSERT_UINT_EQ(vg_detect_stats(r.det)->ds_records, 5);
	ASSERT_UINT_EQ(vg_detect_stats(r.det)->ds_reordered, 2);
	json_decref(all);
	run_free(&r);
}

VG_TEST(detect_eviction_bounds_memory_and_keeps_working)
{
	struct run r;
	json_t *all;
	char ip[32];
	int i;

	run_init(&r, "defaults:\n  max_keys: 64\n");
	/* 100,000 distinct sources, one failure each, a second apart. */
	for (i = 0; i < 100000; i++) {
		snprintf(ip, sizeof(ip), "10.%d.%d.%d", (i >> 16) & 255,
		    (i >> 8) & 255, i & 255);
		fail(&r, T0 + i * SEC, ip, "root");
	}
	/* A real brute force afterwards is still caught. */
	for (i = 0; i < 8; i++)
		fail(&r, T0 + 100000 * SEC + i * SEC / 10, "203.0.113.99",
		    "root");
	all = alerts(&r, true);
	ASSERT_UINT_EQ(count_rule(all, "auth.bruteforce", ""), 1);
	ASSERT_TRUE(vg_detect_stats(r.det)->ds_keys[VG_DR_BF] <= 64);
	ASSERT_TRUE(vg_detect_stats(r.det)->ds_evicted[VG_DR_BF] >=
	    100000 - 64);
	json_decref(all);
	run_free(&r);
}

VG_TEST(detect_repeated_firings_are_aggregated)
{
	struct run r;
	json_t *all, *a;
	size_t i, total = 0;
	int k;

	run_init(&r, NULL);
	/* A source hammering for 30 minutes, 2 failures a second. */
	for (k = 0; k < 3600; k++)
		fail(&r, T0 + k * SEC / 2, "198.51.100.77", "root");
	all = alerts(&r, true);
	/*
	 * The bucket overflows every few seconds; with a 10 minute
	 * blackhole that is one alert per 10 minutes, each counting the
	 * firings folded since the one before, and at the end one report
	 * of what the last period folded.
	 */
	ASSERT_UINT_EQ(count_rule(all, "auth.bruteforce", ""), 3);
	json_array_foreach(all, i, a) {
		const char *rid = NULL, *var = "";

		(void)json_unpack(a, "{s:{s:s}}", "rule", "id", &rid);
		(void)json_unpack(a, "{s:{s:{s:s}}}", "vigil", "detection",
		    "variant", &var);
		if (strcmp(rid, "auth.bruteforce") == 0 && var[0] == '\0')
			total += (size_t)det_int(a, "firings");
	}
	/* Every firing is accounted for in some alert. */
	ASSERT_UINT_EQ(total, vg_detect_stats(r.det)->ds_fired[VG_DR_BF]);
	ASSERT_TRUE(total > 100);
	json_decref(all);
	run_free(&r);
}

VG_TEST(detect_spraying_counts_distinct_accounts)
{
	struct run r;
	json_t *all;
	static const char *users[] = { "admin", "oracle", "postgres", "test",
	    "ubuntu", "guest", "pi" };
	int i;

	run_init(&r, NULL);
	/* The same account over and over is brute force, not spraying. */
	for (i = 0; i < 7; i++)
		fail(&r, T0 + i * SEC / 4, "192.0.2.44", "root");
	for (i = 0; i < 7; i++)
		fail(&r, T0 + i * SEC / 4, "192.0.2.45", users[i]);
	all = alerts(&r, true);
	ASSERT_UINT_EQ(count_rule(all, "auth.spraying", ""), 1);
	ASSERT_STR_EQ(json_string_value(json_object_get(json_object_get(
	    first_rule(all, "auth.spraying", ""), "source"), "ip")),
	    "192.0.2.45");
	ASSERT_INT_EQ(det_int(first_rule(all, "auth.spraying", ""),
	    "distinct_users"), 6);
	ASSERT_UINT_EQ(count_rule(all, "auth.bruteforce", ""), 2);
	json_decref(all);
	run_free(&r);
}

VG_TEST(detect_stuffing_wave_not_brute_force)
{
	struct run r;
	json_t *all, *a;
	char ip[32], user[32];
	int i;

	run_init(&r, NULL);
	/*
	 * A portal under stuffing: 300 addresses, each trying two leaked
	 * accounts once, over 8 minutes; a few real users log in.
	 */
	for (i = 0; i < 600; i++) {
		snprintf(ip, sizeof(ip), "198.18.%d.%d", (i / 2) / 200,
		    (i / 2) % 200 + 1);
		snprintf(user, sizeof(user), "citizen%04d@example.org", i);
		fail(&r, T0 + i * 800000, ip, user);
		if (i % 100 == 0)
			feed(&r, rec(VG_DK_AUTH_OK, T0 + i * 800000 + 1,
			    "192.0.2.200", "officer@example.org"));
	}
	all = alerts(&r, true);
	ASSERT_UINT_EQ(count_rule(all, "auth.stuffing", ""), 1);
	a = first_rule(all, "auth.stuffing", "");
	/* It fires as soon as the wave crosses every threshold. */
	ASSERT_TRUE(det_int(a, "distinct_sources") >= 10);
	ASSERT_TRUE(det_int(a, "distinct_users") >= 20);
	ASSERT_TRUE(det_int(a, "count") >= 50);
	/* No single source crossed the brute-force threshold. */
	ASSERT_UINT_EQ(count_rule(all, "auth.bruteforce", ""), 0);
	json_decref(all);
	run_free(&r);

	/* One brute forcer with 600 tries is not stuffing. */
	run_init(&r, NULL);
	for (i = 0; i < 600; i++) {
		snprintf(user, sizeof(user), "citizen%04d@example.org", i);
		fail(&r, T0 + i * 800000, "203.0.113.66", user);
	}
	all = alerts(&r, true);
	ASSERT_UINT_EQ(count_rule(all, "auth.stuffing", ""), 0);
	ASSERT_TRUE(count_rule(all, "auth.bruteforce", "") >= 1);
	ASSERT_TRUE(count_rule(all, "auth.spraying", "") >= 1);
	json_decref(all);
	run_free(&r);
}

VG_TEST(detect_success_after_failures_and_listed_login)
{
	struct run r;
	json_t *all, *a;
	struct vg_det_rec ok;
	int i;

	run_init(&r, NULL);
	for (i = 0; i < 5; i++)
		fail(&r, T0 + i * 30 * SEC, "203.0.113.5", "alice");
	ok = rec(VG_DK_AUTH_OK, T0 + 3 * MIN, "203.0.113.5", "alice");
	feed(&r, ok);
	/* A login from a listed C2 address. */
	ok = rec(VG_DK_AUTH_OK, T0 + 4 * MIN, "198.51.100.9", "bob");
	ok.r_listed.l_feed = "feodotracker";
	ok.r_listed.l_cat = VG_CAT_C2;
	ok.r_listed.l_type = VG_IOC_IP;
	ok.r_listed.l_prefix = 32;
	ok.r_listed.l_net = ok.r_src;
	feed(&r, ok);
	/* A success long after old failures is nothing. */
	for (i = 0; i < 5; i++)
		fail(&r, T0 + i * SEC, "192.0.2.77", "carol");
	feed(&r, rec(VG_DK_AUTH_OK, T0 + 2 * 60 * MIN, "192.0.2.77",
	    "carol"));
	all = alerts(&r, true);
	ASSERT_UINT_EQ(count_rule(all, "auth.success_after_failures", ""), 1);
	a = first_rule(all, "auth.success_after_failures", "");
	ASSERT_STR_EQ(json_string_value(json_object_get(json_object_get(a,
	    "user"), "name")), "alice");
	ASSERT_INT_EQ(json_integer_value(json_object_get(json_object_get(a,
	    "event"), "severity")), 85);
	ASSERT_UINT_EQ(count_rule(all, "auth.login_from_listed_ip", ""), 1);
	a = first_rule(all, "auth.login_from_listed_ip", "");
	ASSERT_STR_EQ(json_string_value(json_object_get(json_object_get(
	    json_object_get(a, "threat"), "feed"), "name")), "feodotracker");
	ASSERT_STR_EQ(json_string_value(json_object_get(json_object_get(
	    json_object_get(a, "threat"), "indicator"), "matched")),
	    "198.51.100.9");
	json_decref(all);
	run_free(&r);
}

VG_TEST(detect_time_based_needs_regular_spacing)
{
	struct run r;
	json_t *all;
	int i;

	run_init(&r, NULL);
	/* Four failures 20 minutes apart: evasive. */
	for (i = 0; i < 4; i++)
		fail(&r, T0 + i * 20 * MIN, "192.0.2.101", "root");
	/* Three quick ones and one an hour later: not regular. */
	for (i = 0; i < 3; i++)
		fail(&r, T0 + i * 2 * SEC, "192.0.2.103", "root");
	fail(&r, T0 + 60 * MIN, "192.0.2.103", "root");
	all = alerts(&r, true);
	ASSERT_UINT_EQ(count_rule(all, "auth.bruteforce", "time-based"), 1);
	ASSERT_STR_EQ(json_string_value(json_object_get(json_object_get(
	    first_rule(all, "auth.bruteforce", "time-based"), "source"),
	    "ip")), "192.0.2.101");
	json_decref(all);
	run_free(&r);
}

VG_TEST(detect_bulk_retrieval_against_baseline)
{
	struct run r;
	json_t *all;
	struct vg_det_rec x;
	int h, i;

	run_init(&r, NULL);
	/* An API account pulls ~50 records an hour for five hours... */
	for (h = 0; h < 5; h++)
		for (i = 0; i < 50; i++) {
			x = rec(VG_DK_DATA, T0 + h * 60 * MIN + i * MIN,
			    "10.1.2.3", "svc-reports");
			x.r_bytes = 200000;
			feed(&r, x);
		}
	all = alerts(&r, false);
	ASSERT_UINT_EQ(count_rule(all, "data.bulk_retrieval", ""), 0);
	json_decref(all);
	/* ...then 2,000 in the next hour: 40 times its baseline. */
	for (i = 0; i < 2000; i++) {
		x = rec(VG_DK_DATA, T0 + 5 * 60 * MIN + i * SEC, "10.1.2.3",
		    "svc-reports");
		x.r_bytes = 200000;
		feed(&r, x);
	}
	all = alerts(&r, true);
	ASSERT_UINT_EQ(count_rule(all, "data.bulk_retrieval", ""), 1);
	ASSERT_STR_EQ(json_string_value(json_object_get(json_object_get(
	    first_rule(all, "data.bulk_retrieval", ""), "user"), "name")),
	    "svc-reports");
	json_decref(all);
	run_free(&r);
}

VG_TEST(detect_geo_new_country_and_travel)
{
	struct vg_det_config cfg;
	struct vg_detect *det;
	struct vg_geo *geo;
	struct vg_json out;
	struct vg_det_rec x;
	char err[256];
	json_t *all;
	struct run r;

	if (vg_geo_open("tests/data/geo/test-city.mmdb", &geo, err,
	    sizeof(err)) != 0)
		vg_test_fail(__FILE__, __LINE__, "%s", err);
	vg_det_config_default(&cfg);
	ASSERT_INT_EQ(vg_detect_new(&cfg, geo, &det), 0);
	vg_json_init(&out, 1 << 20);
	/* London, then London again, then Seattle an hour later. */
	x = rec(VG_DK_AUTH_OK, T0, "81.2.69.10", "dave");
	vg_detect_feed(det, &x, &out);
	x = rec(VG_DK_AUTH_OK, T0 + 10 * MIN, "81.2.69.11", "dave");
	vg_detect_feed(det, &x, &out);
	x = rec(VG_DK_AUTH_OK, T0 + 70 * MIN, "216.160.83.56", "dave");
	vg_detect_feed(det, &x, &out);
	memset(&r, 0, sizeof(r));
	r.det = det;
	r.out = out;
	all = alerts(&r, true);
	ASSERT_UINT_EQ(count_rule(all, "auth.new_country", ""), 1);
	ASSERT_UINT_EQ(count_rule(all, "auth.impossible_travel", ""), 1);
	ASSERT_STR_EQ(json_string_value(json_object_get(json_object_get(
	    first_rule(all, "auth.new_country", ""), "vigil"), "detection")
	    == NULL ? NULL : json_object_get(json_object_get(json_object_get(
	    first_rule(all, "auth.new_country", ""), "vigil"), "detection"),
	    "country")), "US");
	json_decref(all);
	vg_detect_free(det);
	vg_json_cleanup(&r.out);
	vg_geo_close(geo);
}

VG_TEST(detect_web_probing_and_http_bruteforce)
{
	struct run r;
	json_t *all;
	struct vg_det_rec x;
	static const char *paths[] = { "/.env", "/.git/config",
	    "/backup.sql", "/.aws/credentials", "/wp-config.php.bak",
	    "/.htpasswd" };
	char url[64];
	size_t i;

	run_init(&r, NULL);
	for (i = 0; i < VG_ARRAY_LEN(paths); i++) {
		struct vg_event ev;

		memset(&ev, 0, sizeof(ev));
		vg_event_reset(&ev);
		ev.ev_action = VG_ACT_HTTP_REQUEST;
		ev.ev_time = T0 + (int64_t)i * SEC / 2;
		ev.ev_http_status = 404;
		ev.ev_dataset = "web";
		ev.ev_url = vg_str_make(paths[i], strlen(paths[i]));
		ev.ev_http_method = vg_str_make("GET", 3);
		ASSERT_TRUE(vg_event_set_src(&ev, vg_str_make("192.0.2.66",
		    10)));
		ASSERT_TRUE(vg_det_rec_from_event(&ev, &x));
		feed(&r, x);
	}
	/* Six failed WordPress logins (200 with the form again). */
	for (i = 0; i < 6; i++) {
		struct vg_event ev;

		vg_event_reset(&ev);
		ev.ev_action = VG_ACT_HTTP_REQUEST;
		ev.ev_time = T0 + (int64_t)i * SEC;
		ev.ev_http_status = 200;
		ev.ev_dataset = "web";
		snprintf(url, sizeof(url), "/wp-login.php");
		ev.ev_url = vg_str_make(url, strlen(url));
		ev.ev_http_method = vg_str_make("POST", 4);
		ASSERT_TRUE(vg_event_set_src(&ev, vg_str_make("192.0.2.67",
		    10)));
		ASSERT_TRUE(vg_det_rec_from_event(&ev, &x));
		feed(&r, x);
	}
	all = alerts(&r, true);
	ASSERT_UINT_EQ(count_rule(all, "web.probing", "sensitive-file"), 1);
	ASSERT_UINT_EQ(count_rule(all, "web.auth_bruteforce", ""), 1);
	ASSERT_STR_EQ(json_string_value(json_object_get(json_object_get(
	    first_rule(all, "web.auth_bruteforce", ""), "source"), "ip")),
	    "192.0.2.67");
	json_decref(all);
	run_free(&r);
}

VG_TEST(detect_config_errors_name_file_line)
{
	struct vg_det_config cfg;
	char path[] = "/tmp/vigil-detcfg-XXXXXX", err[512];
	static const struct {
		const char	*yaml;
		const char	*want;
	} bad[] = {
		{ "auth.bruteforce:\n  capacity: 5\n  leakspeeed: 10s\n",
		  ":3:3: auth.bruteforce has no threshold 'leakspeeed'" },
		{ "auth.bruteforce:\n  leakspeed: ten\n",
		  ":2:14: 'ten': expected a duration" },
		{ "auth.bruteforse:\n  capacity: 5\n",
		  ":1:1: unknown detection 'auth.bruteforse'" },
		{ "auth.spraying:\n  capacity: 500\n",
		  ":2:13: capacity 500: at most 63" },
		{ "auth.bruteforce:\n  capacity: [1, 2\n", ":" },
		{ "web.probing:\n  capacity: 3\n",
		  ":2:3: web.probing has no variant 'capacity'" },
		{ "defaults:\n  max_keys: 3\n", ":2:13: max_keys" },
	};
	size_t i;
	int fd;

	for (i = 0; i < VG_ARRAY_LEN(bad); i++) {
		strcpy(path, "/tmp/vigil-detcfg-XXXXXX");
		ASSERT_TRUE((fd = mkstemp(path)) >= 0);
		ASSERT_TRUE(write(fd, bad[i].yaml, strlen(bad[i].yaml)) ==
		    (ssize_t)strlen(bad[i].yaml));
		close(fd);
		vg_det_config_default(&cfg);
		err[0] = '\0';
		ASSERT_TRUE(vg_det_config_load(&cfg, path, err,
		    sizeof(err)) != 0);
		if (strncmp(err, path, strlen(path)) != 0 ||
		    strstr(err, bad[i].want) == NULL)
			vg_test_fail(__FILE__, __LINE__, "case %zu: \"%s\" "
			    "lacks \"%s\"", i, err, bad[i].want);
		/* A failed load leaves the defaults. */
		ASSERT_UINT_EQ(cfg.dc_rule[VG_DR_BF].dp_capacity, 5);
		unlink(path);
		vg_det_config_cleanup(&cfg);
	}
	/* A good one changes what it names, and only that. */
	strcpy(path, "/tmp/vigil-detcfg-XXXXXX");
	ASSERT_TRUE((fd = mkstemp(path)) >= 0);
	{
		static const char good[] = "# portal thresholds\n"
		    "auth.bruteforce:\n  capacity: 8\n  leakspeed: 30s\n"
		    "  slow:\n    enabled: false\n"
		    "auth.stuffing:\n  sources: 25\n  failure_ratio: 0.95\n"
		    "data.bulk_retrieval:\n  bytes: 2G\n"
		    "web.probing:\n  enabled: false\n";

		ASSERT_TRUE(write(fd, good, sizeof(good) - 1) ==
		    (ssize_t)sizeof(good) - 1);
	}
	close(fd);
	vg_det_config_default(&cfg);
	if (vg_det_config_load(&cfg, path, err, sizeof(err)) != 0)
		vg_test_fail(__FILE__, __LINE__, "%s", err);
	unlink(path);
	ASSERT_UINT_EQ(cfg.dc_rule[VG_DR_BF].dp_capacity, 8);
	ASSERT_INT_EQ(cfg.dc_rule[VG_DR_BF].dp_leak, 30 * SEC);
	ASSERT_FALSE(cfg.dc_rule[VG_DR_BF_SLOW].dp_enabled);
	ASSERT_TRUE(cfg.dc_rule[VG_DR_BF_TIMED].dp_enabled);
	ASSERT_UINT_EQ(cfg.dc_rule[VG_DR_STUFFING].dp_sources, 25);
	ASSERT_TRUE(cfg.dc_rule[VG_DR_STUFFING].dp_ratio > 0.949);
	ASSERT_UINT_EQ(cfg.dc_rule[VG_DR_BULK].dp_bytes, (uint64_t)2 << 30);
	ASSERT_FALSE(cfg.dc_rule[VG_DR_WEB_SQLI].dp_enabled);
	ASSERT_FALSE(cfg.dc_rule[VG_DR_WEB_NOTFOUND].dp_enabled);
	ASSERT_TRUE(cfg.dc_rule[VG_DR_WEB_AUTH_BF].dp_enabled);
	ASSERT_UINT_EQ(cfg.dc_rule[VG_DR_SPRAY].dp_capacity, 5);
	vg_det_config_cleanup(&cfg);
}

VG_TEST(detect_leaked_account_activity)
{
	struct run r;
	json_t *all, *a;
	struct vg_det_rec x;
	int i;

	run_init(&r, NULL);
	/* A leaked account: failed logins, then a success; one alert an hour. */
	for (i = 0; i < 3; i++) {
		x = rec(VG_DK_AUTH_FAIL, T0 + i * MIN, "198.51.100.40",
		    "citizen0042@example.org");
		x.r_leaked_feed = "centre-leaks-2026-11";
		feed(&r, x);
	}
	x = rec(VG_DK_AUTH_OK, T0 + 2 * 60 * MIN, "198.51.100.40",
	    "citizen0042@example.org");
	x.r_leaked_feed = "centre-leaks-2026-11";
	feed(&r, x);
	/* Another account, not on the list: nothing. */
	feed(&r, rec(VG_DK_AUTH_OK, T0, "198.51.100.41", "officer@example.org"));
	all = alerts(&r, true);
	ASSERT_UINT_EQ(count_rule(all, "auth.leaked_account_activity", ""), 2);
	a = first_rule(all, "auth.leaked_account_activity", "");
	ASSERT_STR_EQ(json_string_value(json_object_get(json_object_get(
	    json_object_get(a, "threat"), "feed"), "name")),
	    "centre-leaks-2026-11");
	ASSERT_STR_EQ(json_string_value(json_object_get(json_object_get(a,
	    "user"), "name")), "citizen0042@example.org");
	json_decref(all);
	run_free(&r);
}
