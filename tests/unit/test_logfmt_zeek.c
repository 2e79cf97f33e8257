/*
 * Unit tests of the Zeek decoder: TSV header state, rows, JSON records.
 */
#include "vg_test.h"
#include "logfmt.h"

static const char conn_header[] =
    "#separator \\x09\n"
    "#set_separator\t,\n"
    "#empty_field\t(empty)\n"
    "#unset_field\t-\n"
    "#path\tconn\n"
    "#open\t2025-11-23-10-29-51\n"
    "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\t"
    "service\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\t"
    "local_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\t"
    "resp_pkts\tresp_ip_bytes\ttunnel_parents\tip_proto\n"
    "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\t"
    "count\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\t"
    "count\tset[string]\tcount\n";

/* Decode each line of `text' with one source; returns the last event. */
static struct vg_event *
feed(struct vg_logsrc *ls, const char *text, unsigned *recognisedp)
{
	static struct vg_event ev;
	const char *p = text, *nl;
	unsigned n = 0;

	while (*p != '\0') {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		vg_event_reset(&ev);
		n += vg_logfmt_decode(ls, vg_str_make(p, (size_t)(nl - p)),
		    &ev);
		p = *nl == '\n' ? nl + 1 : nl;
	}
	if (recognisedp != NULL)
		*recognisedp = n;
	return &ev;
}

VG_TEST(logfmt_zeek_tsv_conn)
{
	struct vg_logsrc ls;
	struct vg_event *ev;
	unsigned n;

	vg_logsrc_init(&ls, "conn.log");
	ev = feed(&ls, conn_header, &n);
	ASSERT_UINT_EQ(n, 8);			/* headers are recognised */
	ASSERT_STR_EQ(ev->ev_dataset, "zeek");
	ASSERT_PTR_NE(ls.ls_zeek, NULL);
	ev = feed(&ls, "1541117137.618695\tCYtJYz4gNk3t5ZEt2\t172.16.9.233\t"
	    "49159\t172.16.9.5\t88\ttcp\tkrb_tcp\t0.013561\t244\t292\tRSTR\tT\t"
	    "T\t0\tShADdFar\t4\t416\t4\t464\t-\t6", &n);
	ASSERT_UINT_EQ(n, 1);
	ASSERT_STR_EQ(ev->ev_dataset, "zeek");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_FLOW);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_SUCCESS);
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2018-11-02T00:05:37.618695Z");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "172.16.9.233");
	ASSERT_INT_EQ(ev->ev_src_port, 49159);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_dst), "172.16.9.5");
	ASSERT_INT_EQ(ev->ev_dst_port, 88);
	ASSERT_STR_EQ(vg_test_extra(ev, "zeek.path"), "conn");
	ASSERT_STR_EQ(vg_test_extra(ev, "zeek.uid"), "CYtJYz4gNk3t5ZEt2");
	ASSERT_STR_EQ(vg_test_extra(ev, "source.bytes"), "244");
	ASSERT_STR_EQ(vg_test_extra(ev, "zeek.conn.state"), "RSTR");
	/* Unset ("-") and empty ("(empty)") fields stay unset. */
	ev = feed(&ls, "1541117139.881040\tCJdox\t2001:db8::1\t0\t2001:db8::2\t"
	    "0\tunknown_transport\t-\t-\t-\t(empty)\tREJ\tT\tF\t0\t-\t1\t40\t0"
	    "\t0\t-\t2", NULL);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::1");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_extra(ev, "network.protocol"), "");
	ASSERT_STR_EQ(vg_test_extra(ev, "destination.bytes"), "");
	/* Lines that are no rows of this log. */
	ev = feed(&ls, "garbage without tabs", &n);
	ASSERT_UINT_EQ(n, 0);
	ev = feed(&ls, "not-a-time\tCx\t10.0.0.1", &n);
	ASSERT_UINT_EQ(n, 0);
	ev = feed(&ls, "# a comment", &n);
	ASSERT_UINT_EQ(n, 0);
	/* A truncated row keeps what it has. */
	ev = feed(&ls, "1541117137.5\tCshort\t10.0.0.1", &n);
	ASSERT_UINT_EQ(n, 1);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "10.0.0.1");
	ASSERT_INT_EQ(ev->ev_dst.af, VG_AF_NONE);
	vg_logsrc_cleanup(&ls);
	ASSERT_PTR_EQ(ls.ls_zeek, NULL);
}

VG_TEST(logfmt_zeek_tsv_needs_header)
{
	struct vg_logsrc ls;
	unsigned n;

	vg_logsrc_init(&ls, "x");
	(void)feed(&ls, "1541117137.618695\tCYtJ\t172.16.9.233\t49159", &n);
	ASSERT_UINT_EQ(n, 0);
	/* A '#' line that is no header does not start Zeek state. */
	(void)feed(&ls, "#path\tconn", &n);
	ASSERT_UINT_EQ(n, 0);
	ASSERT_PTR_EQ(ls.ls_zeek, NULL);
	(void)feed(&ls, "#separator \\xZZ", &n);
	ASSERT_UINT_EQ(n, 0);
	vg_logsrc_cleanup(&ls);
}

VG_TEST(logfmt_zeek_tsv_paths)
{
	struct vg_logsrc ls;
	struct vg_event *ev;

	vg_logsrc_init(&ls, "x");
	/* A second log in the same input replaces the header. */
	(void)feed(&ls, conn_header, NULL);
	ev = feed(&ls, "#separator \\x09\n#path\tssh\n#fields\tts\tuid\t"
	    "id.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tversion\t"
	    "auth_success\tauth_attempts\tdirection\tclient\tserver\n"
	    "1521911958.864751\tCJqh\t10.128.0.233\t36040\t10.47.26.186\t22\t2"
	    "\tF\t1\t-\tSSH-2.0-OpenSSH_7.6p1\tSSH-2.0-OpenSSH_6.7p1", NULL);
	ASSERT_STR_EQ(vg_test_extra(ev, "zeek.path"), "ssh");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_AUTH);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_extra(ev, "ssh.client.software"),
	    "SSH-2.0-OpenSSH_7.6p1");
	ev = feed(&ls, "#separator \\x09\n#path\thttp\n#fields\tts\tuid\t"
	    "id.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tmethod\thost\turi\t"
	    "status_code\tresponse_body_len\tuser_agent\n"
	    "1541117602.863357\tCHB1\t172.16.9.233\t52044\t173.171.132.82\t"
	    "8082\tPOST\t173.171.132.82\t/ser1101/\t200\t3\t-", NULL);
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_HTTP_REQUEST);
	ASSERT_VIEW_EQ(ev->ev_url, "http://173.171.132.82:8082/ser1101/");
	ASSERT_VIEW_EQ(ev->ev_http_method, "POST");
	ASSERT_INT_EQ(ev->ev_http_status, 200);
	ASSERT_INT_EQ(ev->ev_bytes, 3);
	ev = feed(&ls, "#separator \\x09\n#path\tdns\n#fields\tts\tuid\t"
	    "id.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tquery\tqtype_name\t"
	    "rcode_name\tanswers\n"
	    "1541117142.533406\tCATt\t172.16.9.233\t54109\t172.16.9.5\t53\t"
	    "www.msftncsi.com\tA\tNOERROR\ta1961.g2.akamai.net,23.63.78.26",
	    NULL);
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_DNS_QUERY);
	ASSERT_VIEW_EQ(ev->ev_domain, "www.msftncsi.com");
	ASSERT_UINT_EQ(ev->ev_nobs, 2);		/* the two answers */
	/* A comma separator, as "#separator \x2c" announces. */
	ev = feed(&ls, "#separator \\x2c\n#path,ssl\n#fields,ts,uid,"
	    "id.orig_h,server_name,established\n"
	    "1714521600.5,Cs,10.0.0.5,evil.example,F", NULL);
	ASSERT_VIEW_EQ(ev->ev_domain, "evil.example");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	vg_logsrc_cleanup(&ls);
}

VG_TEST(logfmt_zeek_json)
{
	struct vg_logsrc ls;
	struct vg_event *ev;
	unsigned n;

	vg_logsrc_init(&ls, "x");
	ev = feed(&ls, "{\"ts\":1714521601.75,\"uid\":\"CpjMvj2Cvj048u6bF1\","
	    "\"id.orig_h\":\"10.0.0.7\",\"id.orig_p\":50000,\"id.resp_h\":"
	    "\"198.51.100.60\",\"id.resp_p\":80,\"method\":\"POST\",\"host\":"
	    "\"panel.badhost.example\",\"uri\":\"/gate.php\",\"status_code\":"
	    "401,\"username\":\"bot\"}", &n);
	ASSERT_UINT_EQ(n, 1);
	ASSERT_STR_EQ(ev->ev_dataset, "zeek");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2024-05-01T00:00:01.750Z");
	ASSERT_STR_EQ(vg_test_extra(ev, "zeek.path"), "http");	/* guessed */
	ASSERT_VIEW_EQ(ev->ev_url, "http://panel.badhost.example/gate.php");
	ASSERT_VIEW_EQ(ev->ev_user, "bot");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_INT_EQ(ev->ev_dst_port, 80);
	ev = feed(&ls, "{\"_path\":\"ssh\",\"ts\":\"2024-05-01T00:00:02Z\","
	    "\"uid\":\"CEle\",\"id.orig_h\":\"2001:db8::7\",\"auth_success\":"
	    "true,\"auth_attempts\":3}", NULL);
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_AUTH);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_SUCCESS);
	ASSERT_STR_EQ(vg_test_extra(ev, "zeek.ssh.auth_attempts"), "3");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::7");
	ev = feed(&ls, "{\"ts\":1714521600.5,\"uid\":\"C4J4\",\"query\":"
	    "\"x.example\",\"answers\":[\"198.51.100.50\",\"198.51.100.51\"]}",
	    NULL);
	ASSERT_VIEW_EQ(ev->ev_domain, "x.example");
	ASSERT_UINT_EQ(ev->ev_nobs, 2);
	/* Not Zeek: a uuid is no uid; a bad ts; broken JSON. */
	ev = feed(&ls, "{\"ts\":1,\"uuid\":\"abc\"}", NULL);
	ASSERT_STR_EQ(ev->ev_dataset, "json");
	ev = feed(&ls, "{\"ts\":\"soon\",\"uid\":\"Cbad\"}", NULL);
	ASSERT_STR_EQ(ev->ev_dataset, "json");
	ev = feed(&ls, "{\"ts\":1714521607.0,\"uid\":\"Ctrunc\",\"id.orig_h\":",
	    &n);
	ASSERT_UINT_EQ(n, 0);
	vg_logsrc_cleanup(&ls);
}

/*
 * The real DNS log: one event per row, and the rows that ask for
 * ise.wrccdc.org number as many as the text "\tise.wrccdc.org\t".
 */
VG_TEST(logfmt_zeek_real_dns)
{
	const char *path = vg_test_shared("logs/zeek/wrccdc_2018/"
	    "dns.first10000.log");
	static struct vg_event ev;
	struct vg_logsrc ls;
	size_t len, rows = 0, dns = 0, ise = 0, ise_text = 0;
	const char *p, *end, *q;
	struct vg_str line;
	char *buf;

	if (path == NULL)
		VG_SKIP("no ../shared");
	buf = vg_test_read(path, &len);
	vg_logsrc_init(&ls, path);
	for (p = buf, end = buf + len;
	    vg_test_decode_next(&ls, &p, end, &ev, &line);) {
		rows += line.len == 0 || line.p[0] != '#';
		dns += ev.ev_action == VG_ACT_DNS_QUERY;
		ise += VG_STR_EQ(ev.ev_domain, "ise.wrccdc.org");
	}
	vg_logsrc_cleanup(&ls);
	for (q = buf; (q = memmem(q, len - (size_t)(q - buf),
	    "\tise.wrccdc.org\t", 16)) != NULL; q++)
		ise_text++;
	free(buf);
	ASSERT_UINT_EQ(rows, 9992);
	ASSERT_UINT_EQ(dns, rows);
	ASSERT_TRUE(ise_text > 0);
	ASSERT_UINT_EQ(ise, ise_text);
}
