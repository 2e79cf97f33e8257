/*
 * Conformance with fail2ban's annotated filter test logs.
 *
 * ../shared/data/logs/fail2ban holds fail2ban's own test logs (GPL data,
 * read in place, never copied).  Each "# failJSON: {...}" comment
 * describes the next non-comment line: "match" says whether fail2ban's
 * filter reports a failure there, "host" which address or name it bans,
 * "time" the time it read.  We decode every line of a file in order
 * with one vg_logsrc, as fail2ban reads it with one filter, so that
 * vigil's sshd connection state (logfmt_conn.c) sees the lines before
 * each one, and compare, line by line, vigil's failed-attempt verdict
 * (vg_event_failed_attempt(): what the detections count) with fail2ban's:
 *
 *  - match:true  needs an event that is a failed attempt and whose source
 *    (source.ip, compared as a parsed address so 192.030.0.6 equals
 *    192.30.0.6, or source.domain, compared without case) is the host;
 *    an annotation without a host ("ip4"/"ip6" name it in some files)
 *    needs only the failure;
 *  - match:false needs no failed attempt attributed to a source.  fail2ban can
 *    only report a failure together with a host, so a source-less
 *    failure (sshd's "Disconnecting: Too many authentication failures
 *    for root [preauth]", whose host fail2ban takes from another line)
 *    is no disagreement;
 *  - "time", when present, must equal @timestamp modulo the zone: the
 *    annotated time is read as UTC and may differ from ours by a whole
 *    number of quarter hours, since fail2ban's test suite printed times
 *    in its own local zone (an RFC 5424 "-04:00" line is annotated six
 *    hours later).  Year-less stamps get their year from vigil's own
 *    rule with the file dated like fail2ban's test clock (14 August
 *    2005): later dates belong to 2004.  Each line is dated on its own, as
 *    fail2ban does, since the test logs are not in time order.
 *
 * Modes.  fail2ban runs a section under each of its "# filterOptions",
 * and some verdicts hold in one mode only ({"mode": "aggressive"},
 * "ddos", "extra").  vigil has no modes: it reports every failure-like
 * message, as fail2ban's most inclusive mode does.  The sshd file shows
 * the rule: a line that is a failure only in aggressive mode is
 * annotated twice, once match:false with the constraint
 * "opts.get('mode') != 'aggressive'" (or a desc "no failure in normal
 * mode") and once match:true for aggressive mode.  So when a file lists
 * an aggressive or ddos mode, a match:false annotation whose constraint
 * excludes aggressive mode, or whose desc says it holds in normal mode
 * only ("normal mode", "aggressive mode only", "not aggressive"), is
 * expected true.  A constraint "name == 'X'" restricts an annotation to
 * the filter X (the file's name, or the one its fileOptions
 * test.condition names: sshd-journal runs under the sshd filter).
 *
 * Journal logs.  "# fileOptions: {"logtype": "journal"}", and a section
 * whose filterOptions all say so, hold "host prog[pid]: msg" lines
 * without a time stamp: they are decoded with the syslog-notime format.
 * A "test.prefix-line" option is put in front of each line, as fail2ban
 * does.
 *
 * Which files count: those where a decoder other than the bare syslog
 * framing took at least one annotated line.  Every file is printed;
 * sshd and sshd-journal must agree on every line; the files in
 * floors[] (those decoded
 * when it was last written) must not fall below their recorded floor.
 * VG_F2B_VERBOSE=FILE (or "all") prints each disagreeing line.
 */
#include "vg_test.h"
#include "logfmt.h"

#include <sys/stat.h>

#include <dirent.h>
#include <jansson.h>
#include <strings.h>

#define F2B_DIR		"logs/fail2ban"
#define F2B_MAX_FILES	256

/*
 * fail2ban's test clock reads 2005-08-14 (TEST_NOW): year-less stamps
 * later than that day are from 2004.  vigil's rule does the same with
 * the file's modification date, which the test sets to that day.
 */
#define F2B_YEAR	2005
#define F2B_MONTH	8
#define F2B_DAY		14

/*
 * Agreement (percent, all annotations of the file) below which a file
 * fails; set to what was achieved, rounded down, so that a regression
 * fails.  Raise a floor when a decoder improves; add a row when a new
 * decoder starts to take a file's lines.
 */
static const struct {
	const char	*file;
	double		 floor;
} floors[] = {
	{ "apache-auth", 97.7 },
	{ "apache-badbots", 24.9 },
	{ "apache-botsearch", 89.4 },
	{ "apache-fakegooglebot", 33.2 },
	{ "apache-modsecurity", 99.9 },
	{ "apache-nohome", 99.9 },
	{ "apache-noscript", 99.9 },
	{ "apache-overflows", 99.9 },
	{ "apache-pass", -0.1 },
	{ "apache-shellshock", 99.9 },
	{ "courier-auth", 99.9 },
	{ "courier-smtp", 99.9 },
	{ "cowrie", 71.3 },
	{ "cyrus-imap", 99.9 },
	{ "dovecot", 89.5 },
	{ "dropbear", 99.9 },
	{ "exim", 99.9 },
	{ "exim-spam", 99.9 },
	{ "gssftpd", 99.9 },
	{ "named-refused", 99.9 },
	{ "nginx-bad-request", 99.9 },
	{ "nginx-botsearch", 28.5 },
	{ "nginx-forbidden", 99.9 },
	{ "nginx-http-auth", 94.3 },
	{ "nginx-limit-req", 99.9 },
	{ "nsd", 99.9 },
	{ "pam-generic", 88.8 },
	{ "perdition", 99.9 },
	{ "php-url-fopen", -0.1 },
	{ "postfix", 98.3 },
	{ "proftpd", 99.9 },
	{ "pure-ftpd", 99.9 },
	{ "qmail", 99.9 },
	{ "screensharingd", 99.9 },
	{ "sendmail-auth", 99.9 },
	{ "sendmail-reject", 97.7 },
	{ "sieve", 99.9 },
	{ "solid-pop3d", 99.9 },
	{ "traefik-auth", 66.6 },
	{ "uwimap-auth", 99.9 },
	{ "vsftpd", 99.9 },
	{ "webmin-auth", 99.9 },
	{ "wuftpd", 99.9 },
	{ "xinetd-fail", 99.9 },
	{ "xrdp", 99.9 },
	{ "zoneminder", -0.1 },
};

struct section {
	bool		 journal;	/* every option says logtype journal */
	char		 prefix[128];	/* test.prefix-line */
};

struct f2b_file {
	const char	*name;		/* relative to F2B_DIR */
	char		 filter[64];	/* the fail2ban filter it runs under */
	bool		 broad;		/* lists an aggressive or ddos mode */
	bool		 journal;	/* fileOptions logtype journal */
	unsigned	 t_total, t_ok;	/* match: true */
	unsigned	 f_total, f_ok;	/* match: false */
	unsigned	 time_total, time_ok;
	unsigned	 decoded;	/* annotated lines a decoder took */
	unsigned	 skipped;	/* constraint names another filter */
};

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file under `dir', as paths relative to `base'. */
static void
list_files(const char *base, const char *rel, char **names, size_t *np)
{
	char path[1024], sub[1024];
	struct dirent *de;
	struct stat st;
	DIR *d;

	snprintf(path, sizeof(path), "%s%s%s", base, *rel ? "/" : "", rel);
	if ((d = opendir(path)) == NULL)
		vg_test_fail(__FILE__, __LINE__, "cannot open %s", path);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' ||
		    strncmp(de->d_name, "COPYING", 7) == 0)
			continue;
		if ((size_t)snprintf(sub, sizeof(sub), "%s%s%s", rel,
		    *rel ? "/" : "", de->d_name) >= sizeof(sub) ||
		    (size_t)snprintf(path, sizeof(path), "%s/%s", base,
		    sub) >= sizeof(path) || stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			list_files(base, sub, names, np);
		else if (S_ISREG(st.st_mode) && *np < F2B_MAX_FILES)
			names[(*np)++] = vg_xstrdup(sub);
	}
	closedir(d);
}

static const char *
json_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* "# filterOptions: X": one object or an array of them. */
static void
parse_section(const char *text, struct section *sec, bool *broadp)
{
	json_t *root, *o;
	const char *lt, *mode, *pfx;
	size_t i, n;
	bool journal = true;

	memset(sec, 0, sizeof(*sec));
	if ((root = json_loads(text, JSON_DECODE_ANY, NULL)) == NULL)
		return;
	n = json_is_array(root) ? json_array_size(root) : 1;
	for (i = 0; i < n; i++) {
		o = json_is_array(root) ? json_array_get(root, i) : root;
		lt = json_str(o, "logtype");
		mode = json_str(o, "mode");
		pfx = json_str(o, "test.prefix-line");
		journal &= lt != NULL && strcmp(lt, "journal") == 0;
		if (mode != NULL && (strcmp(mode, "aggressive") == 0 ||
		    strcmp(mode, "ddos") == 0))
			*broadp = true;
		if (pfx != NULL)
			snprintf(sec->prefix, sizeof(sec->prefix), "%s", pfx);
	}
	sec->journal = n > 0 && journal;
	json_decref(root);
}

/* Does `host' (an address or a name) name the event's source? */
static bool
same_source(const struct vg_event *ev, const char *host)
{
	struct vg_addr a;
	struct vg_str h = vg_str_make(host, strlen(host));

	if (vg_addr_parse(h, &a))
		return vg_addr_eq(&a, &ev->ev_src);
	return ev->ev_src_name.len == h.len &&
	    strncasecmp(ev->ev_src_name.p, host, h.len) == 0;
}

/*
 * Whole quarter hours within a day of each other: the same instant read
 * in two zones.
 */
static bool
same_time(int64_t ours, const char *annotated)
{
	static const char seps[] = "--T::";
	const char *p = annotated;
	char *end;
	long v[6];
	int64_t diff;
	size_t i;

	/* "2005-03-7T02:09:33": fail2ban's reader allows unpadded fields. */
	for (i = 0; i < 6; i++) {
		v[i] = strtol(p, &end, 10);
		if (end == p || (i < 5 && *end != seps[i]))
			return false;
		p = end + (i < 5);
	}
	if (ours == VG_NO_TIME)
		return false;
	diff = ours / VG_USEC - vg_time_from_civil((int)v[0], (int)v[1],
	    (int)v[2], (int)v[3], (int)v[4], (int)v[5]);
	return diff % 900 == 0 && diff <= 14 * 3600 && diff >= -14 * 3600;
}

/* Is the annotation false only outside fail2ban's aggressive mode? */
static bool
narrow_mode_only(json_t *ann)
{
	const char *desc = json_str(ann, "desc");
	const char *cons = json_str(ann, "constraint");

	if (cons != NULL && strstr(cons, "!= 'aggressive'") != NULL)
		return true;
	return desc != NULL && (strstr(desc, "normal mode") != NULL ||
	    strstr(desc, "aggressive mode only") != NULL ||
	    strstr(desc, "not aggressive") != NULL);
}

/* Does a constraint "name == 'X'" exclude this file's filter? */
static bool
other_filter(json_t *ann, const char *filter)
{
	const char *cons = json_str(ann, "constraint"), *q;
	size_t n;

	if (cons == NULL || (q = strstr(cons, "name == '")) == NULL)
		return false;
	q += 9;
	n = strcspn(q, "'");
	return n != strlen(filter) || strncmp(q, filter, n) != 0;
}

static void
judge(struct f2b_file *f, struct vg_logsrc *ls, const char *line,
    size_t len, unsigned lineno, json_t *ann, bool verbose)
{
	static struct vg_event ev;
	const char *host, *stamp;
	bool expect, failure, attributed, ok, time_ok = true, decoded;

	if (other_filter(ann, f->filter)) {
		f->skipped++;
		return;
	}
	expect = json_is_true(json_object_get(ann, "match"));
	if (!expect && f->broad && narrow_mode_only(ann))
		expect = true;
	if ((host = json_str(ann, "host")) == NULL &&
	    (host = json_str(ann, "ip4")) == NULL)
		host = json_str(ann, "ip6");
	stamp = json_str(ann, "time");

	/* Each line is dated alone: see the file comment. */
	ls->ls_year = 0;
	ls->ls_last_month = 0;
	vg_event_reset(&ev);
	decoded = vg_logfmt_decode(ls, vg_str_make(line, len), &ev) &&
	    ev.ev_dataset != NULL && strcmp(ev.ev_dataset, "syslog") != 0;
	failure = vg_event_failed_attempt(&ev);
	attributed = ev.ev_src.af != VG_AF_NONE || ev.ev_src_name.len > 0;
	if (expect)
		ok = failure && (host == NULL || same_source(&ev, host));
	else
		ok = !(failure && attributed);
	if (stamp != NULL) {
		/*
		 * A TAI64N label is read as tai64nlocal reads it, 10 s
		 * earlier than fail2ban, which drops only the 2^62.
		 */
		time_ok = same_time(ev.ev_time + (line[0] == '@' ?
		    10 * VG_USEC : 0), stamp);
		f->time_total++;
		f->time_ok += time_ok;
	}
	ok &= time_ok;
	f->decoded += decoded;
	if (expect) {
		f->t_total++;
		f->t_ok += ok;
	} else {
		f->f_total++;
		f->f_ok += ok;
	}
	if (!ok && verbose) {
		char src[VG_ADDR_STRLEN] = "", when[VG_TIME_STRLEN] = "";

		if (ev.ev_src.af != VG_AF_NONE)
			vg_addr_format(&ev.ev_src, src);
		if (ev.ev_time != VG_NO_TIME)
			vg_time_format(ev.ev_time, when);
		printf("    %s:%u expected %s%s%s%s%s, got %s %s "
		    "src=%s%.*s time=%s\n      %.*s\n", f->name, lineno,
		    expect ? "failure" : "no failure", host ? " from " : "",
		    host ? host : "", stamp ? " at " : "", stamp ? stamp : "",
		    ev.ev_dataset ? ev.ev_dataset : "-",
		    vg_outcome_name(ev.ev_outcome) ?
		    vg_outcome_name(ev.ev_outcome) : "-", src,
		    (int)ev.ev_src_name.len, ev.ev_src_name.p ?
		    ev.ev_src_name.p : "", when, (int)VG_MIN(len, 160), line);
	}
}

static char *
xstrndup(const char *p, size_t n)
{
	char *s;

	if ((s = strndup(p, n)) == NULL)
		vg_test_fail(__FILE__, __LINE__, "out of memory");
	return s;
}

/* Does any "# filterOptions:" of the file list an aggressive/ddos mode? */
static bool
lists_broad_mode(const char *buf)
{
	struct section unused;
	const char *q;
	bool broad = false;
	char *text;

	for (q = buf; (q = strstr(q, "# filterOptions:")) != NULL; q++) {
		text = xstrndup(q + 16, strcspn(q + 16, "\n"));
		parse_section(text, &unused, &broad);
		free(text);
	}
	return broad;
}

/*
 * A comment line: a failJSON annotation replaces *pendingp, options
 * change the section or the file.
 */
static void
directive(struct f2b_file *f, const char *text, struct section *sec,
    json_t **pendingp)
{
	const char *q, *v;
	json_t *o;
	bool unused = false;

	/* "# failJSON:" or "#failJSON:", but not "# #_dis_failJSON:". */
	q = text + 1 + strspn(text + 1, " 	");
	if (strncmp(q, "failJSON:", 9) == 0) {
		json_decref(*pendingp);
		if ((*pendingp = json_loads(q + 9, 0, NULL)) == NULL)
			vg_test_fail(__FILE__, __LINE__, "%s: bad failJSON: "
			    "%s", f->name, text);
	} else if ((q = strstr(text, "filterOptions:")) != NULL) {
		parse_section(q + 14, sec, &unused);
	} else if ((q = strstr(text, "fileOptions:")) != NULL &&
	    (o = json_loads(q + 12, 0, NULL)) != NULL) {
		v = json_str(o, "logtype");
		f->journal = v != NULL && strcmp(v, "journal") == 0;
		/* {"test.condition": "name=='sshd'"}: the filter to run. */
		if ((v = json_str(o, "test.condition")) != NULL &&
		    (v = strstr(v, "name=='")) != NULL)
			snprintf(f->filter, sizeof(f->filter), "%.*s",
			    (int)strcspn(v + 7, "'"), v + 7);
		json_decref(o);
	}
}

/* Run one file; fills `f'. */
static void
run_file(const char *dir, struct f2b_file *f, bool verbose)
{
	char path[1024], *buf, *p, *end, *nl, *text;
	struct vg_logsrc ls;
	struct section sec;
	json_t *pending = NULL;
	const char *base;
	unsigned lineno = 0;
	size_t len, n, pl;

	snprintf(path, sizeof(path), "%s/%s", dir, f->name);
	buf = vg_test_read(path, &len);
	memset(&sec, 0, sizeof(sec));
	base = strrchr(f->name, '/');
	snprintf(f->filter, sizeof(f->filter), "%s",
	    base != NULL ? base + 1 : f->name);
	f->broad = lists_broad_mode(buf);
	vg_logsrc_init(&ls, f->name);
	ls.ls_mtime_year = F2B_YEAR;
	ls.ls_mtime_month = F2B_MONTH;
	ls.ls_mtime_day = F2B_DAY;
	for (p = buf, end = buf + len; p < end; p = nl + 1) {
		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n > 0 && p[0] == '#') {
			text = xstrndup(p, n);
			directive(f, text, &sec, &pending);
			free(text);
			continue;
		}
		if (n == 0 || pending == NULL)
			continue;
		ls.ls_forced = f->journal || sec.journal ?
		    vg_logfmt_find("syslog-notime") : NULL;
		/* "test.prefix-line": fail2ban puts it before each line. */
		pl = strlen(sec.prefix);
		text = vg_xmalloc(pl + n + 1);
		memcpy(text, sec.prefix, pl);
		memcpy(text + pl, p, n);
		text[pl + n] = '\0';
		judge(f, &ls, text, pl + n, lineno, pending, verbose);
		free(text);
		json_decref(pending);
		pending = NULL;
	}
	json_decref(pending);
	vg_logsrc_cleanup(&ls);
	free(buf);
}

static double
pct(unsigned ok, unsigned total)
{
	return total == 0 ? 100.0 : 100.0 * ok / total;
}

static double
floor_of(const char *name)
{
	size_t i;

	for (i = 0; i < VG_ARRAY_LEN(floors); i++)
		if (strcmp(floors[i].file, name) == 0)
			return floors[i].floor;
	return 0.0;
}

static int
cmp_worst(const void *a, const void *b)
{
	const struct f2b_file *x = a, *y = b;
	double px = pct(x->t_ok + x->f_ok, x->t_total + x->f_total);
	double py = pct(y->t_ok + y->f_ok, y->t_total + y->f_total);

	if (px != py)
		return px < py ? -1 : 1;
	return strcmp(x->name, y->name);
}

VG_TEST(conformance_fail2ban)
{
	static struct f2b_file files[F2B_MAX_FILES];
	char *names[F2B_MAX_FILES];
	const char *shared = vg_test_shared(F2B_DIR);
	const char *verbose_env = getenv("VG_F2B_VERBOSE");
	char *dir;
	struct f2b_file *f;
	size_t i, n = 0, nfiles = 0;
	unsigned total, ok;
	bool strict, verbose;

	if (shared == NULL)
		VG_SKIP("../shared/data/" F2B_DIR " is absent");
	dir = vg_xstrdup(shared);
	list_files(dir, "", names, &n);
	qsort(names, n, sizeof(names[0]), cmp_names);
	for (i = 0; i < n; i++) {
		f = &files[nfiles];
		memset(f, 0, sizeof(*f));
		f->name = names[i];
		strict = strcmp(f->name, "sshd") == 0 ||
		    strcmp(f->name, "sshd-journal") == 0;
		verbose = strict || (verbose_env != NULL &&
		    (strcmp(verbose_env, "all") == 0 ||
		    strcmp(verbose_env, f->name) == 0));
		run_file(dir, f, verbose);
		if (f->t_total + f->f_total > 0)
			nfiles++;
	}
	qsort(files, nfiles, sizeof(files[0]), cmp_worst);
	for (i = 0; i < nfiles; i++) {
		f = &files[i];
		total = f->t_total + f->f_total;
		ok = f->t_ok + f->f_ok;
		printf("fail2ban %s: %u/%u match:true, %u/%u match:false "
		    "(%.1f%%)", f->name, f->t_ok, f->t_total, f->f_ok,
		    f->f_total, pct(ok, total));
		if (f->decoded == 0)
			printf(" not decoded");
		else
			printf(" decoded %u/%u, time %u/%u", f->decoded, total,
			    f->time_ok, f->time_total);
		if (f->skipped > 0)
			printf(", %u for other filters", f->skipped);
		printf("\n");
	}
	for (i = 0; i < nfiles; i++) {
		f = &files[i];
		total = f->t_total + f->f_total;
		ok = f->t_ok + f->f_ok;
		if (strcmp(f->name, "sshd") == 0 ||
		    strcmp(f->name, "sshd-journal") == 0) {
			ASSERT_TRUE(total > 0);
			ASSERT_UINT_EQ(ok, total);
		} else if (pct(ok, total) + 1e-9 < floor_of(f->name)) {
			vg_test_fail(__FILE__, __LINE__, "fail2ban %s: "
			    "%.1f%% agreement, below the floor of %.1f%%",
			    f->name, pct(ok, total), floor_of(f->name));
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(dir);
}
