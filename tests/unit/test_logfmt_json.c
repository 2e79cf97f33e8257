/*
 * Unit tests of the generic JSON-lines decoder.
 */
#include "vg_test.h"
#include "logfmt.h"

static unsigned
count_obs(const struct vg_event *ev, enum vg_obs_kind kind)
{
	unsigned i, n = 0;

	for (i = 0; i < ev->ev_nobs; i++)
		n += ev->ev_obs[i].ob_kind == kind;
	return n;
}

VG_TEST(logfmt_json_flat_keys)
{
	struct vg_event *ev = vg_test_decode("{\"time\":\"2024-05-01T10:00:00.1"
	    "23Z\",\"level\":\"warn\",\"msg\":\"login failed from 198.51.100.3"
	    "\",\"user\":\"alice\",\"src_ip\":\"203.0.113.5\",\"dst_port\":\"22"
	    "\",\"sha256\":\"9E2B8C7D6A5F4E3D2C1B0A99887766554433221100FFEEDDCC"
	    "BBAA9988776655\"}");

	ASSERT_STR_EQ(ev->ev_dataset, "json");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2024-05-01T10:00:00.123Z");
	ASSERT_VIEW_EQ(ev->ev_user, "alice");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "203.0.113.5");
	ASSERT_INT_EQ(ev->ev_dst_port, 22);
	ASSERT_INT_EQ(ev->ev_hash.len, 64);
	/* The message is searched; the mapped address is not again. */
	ASSERT_UINT_EQ(count_obs(ev, VG_OBS_IP), 1);
	ASSERT_STR_EQ(ev->ev_extra[0].ex_name, "message");
}

VG_TEST(logfmt_json_ecs_nested)
{
	struct vg_event *ev = vg_test_decode("{\"@timestamp\":\"2024-05-01T10:"
	    "00:01Z\",\"event\":{\"outcome\":\"failure\"},\"source\":{\"ip\":"
	    "\"2001:db8::7\",\"port\":50432},\"destination\":{\"ip\":"
	    "\"10.0.0.2\",\"port\":443},\"user\":{\"name\":\"bob\"},\"host\":"
	    "{\"name\":\"web-01\"},\"url\":{\"original\":\"http://x.example/"
	    "a\"},\"http\":{\"request\":{\"method\":\"POST\"},\"response\":"
	    "{\"status_code\":403}}}");

	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::7");
	ASSERT_INT_EQ(ev->ev_src_port, 50432);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_dst), "10.0.0.2");
	ASSERT_INT_EQ(ev->ev_dst_port, 443);
	ASSERT_VIEW_EQ(ev->ev_user, "bob");
	ASSERT_VIEW_EQ(ev->ev_host, "web-01");
	ASSERT_VIEW_EQ(ev->ev_url, "http://x.example/a");
	ASSERT_VIEW_EQ(ev->ev_http_method, "POST");
	ASSERT_INT_EQ(ev->ev_http_status, 403);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
}

VG_TEST(logfmt_json_times_and_first_wins)
{
	struct vg_event *ev;

	ev = vg_test_decode("{\"timestamp\":1714557605123,\"ts\":1}");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2024-05-01T10:00:05.123Z");
	ev = vg_test_decode("{\"ts\":1714557604.5}");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2024-05-01T10:00:04.500Z");
	ev = vg_test_decode("{\"timestamp\":\"1714557606\"}");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2024-05-01T10:00:06Z");
	ev = vg_test_decode("{\"time_local\":\"01/May/2024:10:00:03 +0200\"}");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2024-05-01T08:00:03Z");
	ev = vg_test_decode("{\"time\":\"yesterday\"}");
	ASSERT_INT_EQ(ev->ev_time, VG_NO_TIME);
	/* The first key that fits wins; a value that does not fit is free. */
	ev = vg_test_decode("{\"src_ip\":\"not-an-ip\",\"client_ip\":"
	    "\"192.0.2.1:8080\",\"ip\":\"192.0.2.2\"}");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.1");
	ASSERT_INT_EQ(ev->ev_src_port, 8080);
	ASSERT_UINT_EQ(count_obs(ev, VG_OBS_IP), 1);	/* 192.0.2.2 */
	/* nginx's $request: method and target; an embedded URL is found. */
	ev = vg_test_decode("{\"request\":\"GET "
	    "/go?u=http://evil.example.org/x HTTP/1.1\",\"status\":\"302\"}");
	ASSERT_VIEW_EQ(ev->ev_http_method, "GET");
	ASSERT_VIEW_EQ(ev->ev_url, "/go?u=http://evil.example.org/x");
	ASSERT_INT_EQ(ev->ev_http_status, 302);
	ASSERT_UINT_EQ(count_obs(ev, VG_OBS_URL), 1);
}

VG_TEST(logfmt_json_malformed_and_bounds)
{
	static const char *const bad[] = {
		"{\"broken json\": ",
		"{\"a\":1}}",
		"{\"a\":\"unterminated}",
		"[1,2,3]",
		"{\"a\":1,}",
	};
	static struct vg_event ev, copy;
	struct vg_logsrc ls;
	char *deep;
	size_t i, n = 3000;

	vg_logsrc_init(&ls, "x");
	for (i = 0; i < VG_ARRAY_LEN(bad); i++) {
		vg_event_reset(&ev);
		memcpy(&copy, &ev, sizeof(ev));
		ASSERT_INT_EQ(vg_logfmt_json.lf_line(&ls, vg_str_make(bad[i],
		    strlen(bad[i])), &ev), VG_ERR_FORMAT);
		ASSERT_TRUE(memcmp(&ev, &copy, sizeof(ev)) == 0);
	}
	/* Deep nesting: refused by jansson past its depth, else bounded. */
	ASSERT_PTR_NE(deep = malloc(n * 6 + 64), NULL);
	for (i = 0; i < n; i++)
		memcpy(deep + i * 5, "{\"a\":", 5);
	memcpy(deep + n * 5, "\"1.2.3.4\"", 9);
	memset(deep + n * 5 + 9, '}', n);
	deep[n * 6 + 9] = '\0';
	(void)vg_test_decode(deep);
	n = 20;
	for (i = 0; i < n; i++)
		memcpy(deep + i * 5, "{\"a\":", 5);
	memcpy(deep + n * 5, "\"1.2.3.4\"", 9);
	memset(deep + n * 5 + 9, '}', n);
	deep[n * 6 + 9] = '\0';
	ASSERT_STR_EQ(vg_test_decode(deep)->ev_dataset, "json");
	/* Past the depth. */
	ASSERT_UINT_EQ(vg_test_decode(deep)->ev_nobs, 0);
	free(deep);
	/* Many values: the walk stops, the event is still made. */
	ASSERT_PTR_NE(deep = malloc(20000 * 12 + 16), NULL);
	deep[0] = '[';
	for (i = 0, n = 1; i < 20000; i++)
		n += (size_t)snprintf(deep + n, 13, "\"1.1.1.%zu\",", i % 250);
	memcpy(deep + n - 1, "]", 2);
	{
		char *obj = malloc(n + 16);

		ASSERT_PTR_NE(obj, NULL);
		snprintf(obj, n + 16, "{\"l\":%s}", deep);
		ASSERT_STR_EQ(vg_test_decode(obj)->ev_dataset, "json");
		ASSERT_TRUE(vg_test_decode(obj)->ev_nobs <= VG_MAX_OBSERVABLES);
		free(obj);
	}
	free(deep);
}
