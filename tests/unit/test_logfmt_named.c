/*
 * Unit tests of the DNS decoders (logfmt_named.c): BIND named through
 * syslog and its file channel, and NSD through syslog and its own log.
 */
#include "vg_test.h"
#include "logfmt.h"

VG_TEST(named_query_log)
{
	struct vg_event *ev;

	ev = vg_test_decode("Jul 24 14:23:40 ns1 named[3935]: client "
	    "@0x7f1234567890 2001:db8::186#53124 (www.example.org): query: "
	    "www.example.org IN AAAA +E(0)K (2001:db8::53)");
	ASSERT_STR_EQ(ev->ev_dataset, "named");
	ASSERT_INT_EQ(ev->ev_action, VG_ACT_DNS_QUERY);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_UNKNOWN);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::186");
	ASSERT_INT_EQ(ev->ev_src_port, 53124);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_dst), "2001:db8::53");
	ASSERT_VIEW_EQ(ev->ev_domain, "www.example.org");
	ASSERT_VIEW_EQ(vg_test_label(ev, "dns.question.type"), "AAAA");
	/* File channel with category and severity, millisecond stamp. */
	ev = vg_test_decode("23-Aug-2026 10:33:00.001 queries: info: client "
	    "198.51.100.1#5300 (example.net): query: example.net IN A - "
	    "(192.0.2.53)");
	ASSERT_STR_EQ(ev->ev_dataset, "named");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2026-08-23T10:33:00.001Z");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "198.51.100.1");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_dst), "192.0.2.53");
}

VG_TEST(named_denied)
{
	struct vg_event *ev;

	ev = vg_test_decode("Jul 24 14:23:36 ns1 named[3935]: client "
	    "::ffff:192.0.2.2#9334: view external: query (cache) './NS/IN' "
	    "denied");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.2");
	ASSERT_VIEW_EQ(ev->ev_domain, ".");
	ASSERT_VIEW_EQ(vg_test_label(ev, "dns.view"), "external");
	/* A quote inside the name: the last quote closes it. */
	ev = vg_test_decode("Jul 24 14:23:37 ns1 named[3935]: client "
	    "192.0.2.3#53: query 'it's.example/A/IN' denied");
	ASSERT_VIEW_EQ(ev->ev_domain, "it's.example");
	ASSERT_VIEW_EQ(vg_test_label(ev, "dns.question.type"), "A");
	ev = vg_test_decode("11-Aug-2026 03:36:11.372 error: client "
	    "192.0.2.4#52115: zone transfer 'example.com/AXFR/IN' denied");
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(ev->ev_reason, "zone transfer denied");
	ev = vg_test_decode("Jul 24 14:23:42 ns1 named[3935]: client "
	    "192.0.2.5#5353: update 'example.org/IN' denied");
	ASSERT_STR_EQ(ev->ev_reason, "update denied");
	ASSERT_VIEW_EQ(ev->ev_domain, "example.org");
	/* Category as the program (print-category, syslog-style stamp). */
	ev = vg_test_decode("Oct 23 02:06:39 security: info: client "
	    "@0x7f4e446fd6e8 192.0.2.6#53 (example.io): query (cache) "
	    "'example.io/A/IN' denied");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.6");
	ASSERT_UNTOUCHED(&vg_logfmt_named, "client 192.0.2.1#53: something");
	ASSERT_UNTOUCHED(&vg_logfmt_named, "client bad#53: query: x IN A +");
	ASSERT_UNTOUCHED(&vg_logfmt_named, "zone example.org/IN: loaded");
}

VG_TEST(named_nsd)
{
	struct vg_event *ev;

	ev = vg_test_decode("[1387288694] nsd[7745]: info: ratelimit block "
	    "example.com. type any target 192.0.2.0/24 query 192.0.2.105 "
	    "TYPE255");
	ASSERT_STR_EQ(ev->ev_dataset, "nsd");
	ASSERT_STR_EQ(vg_test_time(ev->ev_time), "2013-12-17T13:58:14Z");
	ASSERT_INT_EQ(ev->ev_pid, 7745);
	ASSERT_INT_EQ(ev->ev_outcome, VG_OUT_FAILURE);
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.105");
	ASSERT_VIEW_EQ(ev->ev_domain, "example.com");
	ev = vg_test_decode("[2026-03-05 05:25:14.562] nsd[160800]: info: axfr "
	    "for example.com. from 2001:db8::32 refused, no acl matches");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "2001:db8::32");
	ASSERT_STR_EQ(ev->ev_reason, "zone transfer refused");
	ev = vg_test_decode("Mar  5 05:25:17 ns2 nsd[1600]: info: axfr for "
	    "zone example.org. from client 192.0.2.7@40000 refused, no acl "
	    "matches.");
	ASSERT_STR_EQ(vg_test_ip(&ev->ev_src), "192.0.2.7");
	ASSERT_UNTOUCHED(&vg_logfmt_nsd, "info: zone example.com read");
	ASSERT_UNTOUCHED(&vg_logfmt_nsd, "info: axfr for zone x. from client "
	    "nope refused");
}
