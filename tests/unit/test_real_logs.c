/*
 * Counts over real logs, checked against counts made without vigil's
 * decoders: loghub's ground-truth parse (*_structured.csv, every line
 * labelled with its template by people) and plain substring search over
 * the raw lines.  The logs live in ../shared/data and are read in place;
 * each test is skipped when they are absent.
 */
#include "vg_test.h"
#include "logfmt.h"

#define MAX_KEYS	1024
#define MAX_FIELDS	16
#define KEY_MAX		128

/* A count per source: an address in canonical form or a host name. */
struct tally {
	char		 key[MAX_KEYS][KEY_MAX];
	unsigned	 n[MAX_KEYS];
	size_t		 nkeys;
	unsigned	 total;
};

static void
tally_add(struct tally *t, const char *key, size_t len)
{
	size_t i;

	t->total++;
	len = VG_MIN(len, KEY_MAX - 1);
	for (i = 0; i < t->nkeys; i++)
		if (strlen(t->key[i]) == len &&
		    memcmp(t->key[i], key, len) == 0) {
			t->n[i]++;
			return;
		}
	ASSERT_TRUE(t->nkeys < MAX_KEYS);
	memcpy(t->key[t->nkeys], key, len);
	t->key[t->nkeys][len] = '\0';
	t->n[t->nkeys++] = 1;
}

static unsigned
tally_get(const struct tally *t, const char *key)
{
	size_t i;

	for (i = 0; i < t->nkeys; i++)
		if (strcmp(t->key[i], key) == 0)
			return t->n[i];
	return 0;
}

static size_t
tally_top(const struct tally *t)
{
	size_t i, top = 0;

	for (i = 1; i < t->nkeys; i++)
		if (t->n[i] > t->n[top])
			top = i;
	return top;
}

/* Every key with the same count in both, and no key in one only. */
static void
tally_assert_eq(const struct tally *got, const struct tally *want)
{
	size_t i;

	for (i = 0; i < want->nkeys; i++)
		if (tally_get(got, want->key[i]) != want->n[i])
			vg_test_fail(__FILE__, __LINE__, "source %s: vigil "
			    "counts %u, expected %u", want->key[i],
			    tally_get(got, want->key[i]), want->n[i]);
	ASSERT_UINT_EQ(got->nkeys, want->nkeys);
	ASSERT_UINT_EQ(got->total, want->total);
}

/* The event's source as a tally key. */
static void
tally_source(struct tally *t, const struct vg_event *ev)
{
	char buf[VG_ADDR_STRLEN];
	size_t n;

	if (ev->ev_src.af != VG_AF_NONE) {
		n = vg_addr_format(&ev->ev_src, buf);
		tally_add(t, buf, n);
	} else {
		tally_add(t, ev->ev_src_name.p, ev->ev_src_name.len);
	}
}

static bool
has_source(const struct vg_event *ev)
{
	return ev->ev_src.af != VG_AF_NONE || ev->ev_src_name.len > 0;
}

static bool
extra_is(const struct vg_event *ev, const char *name, const char *value)
{
	unsigned i;

	for (i = 0; i < ev->ev_nextra; i++)
		if (strcmp(ev->ev_extra[i].ex_name, name) == 0)
			return vg_str_eq(ev->ev_extra[i].ex_value, value,
			    strlen(value));
	return false;
}

/*
 * Split one CSV record (RFC 4180 quoting, no newline inside a field) of
 * `line' into fields unescaped into `buf'.  Returns the field count.
 */
static size_t
csv_split(const char *line, size_t len, char *buf, size_t size,
    const char *fields[MAX_FIELDS])
{
	size_t i = 0, o = 0, nf = 0;
	bool quoted;

	while (nf < MAX_FIELDS) {
		fields[nf++] = buf + o;
		quoted = i < len && line[i] == '"';
		i += quoted;
		for (; i < len; i++) {
			if (quoted && line[i] == '"') {
				if (i + 1 < len && line[i + 1] == '"') {
					i++;
				} else {
					quoted = false;
					continue;
				}
			} else if (!quoted && line[i] == ',') {
				break;
			}
			ASSERT_TRUE(o + 1 < size);
			buf[o++] = line[i];
		}
		ASSERT_TRUE(o < size);
		buf[o++] = '\0';
		if (i >= len)
			break;
		i++;
	}
	return nf;
}

static size_t
column(const char *header, const char *name)
{
	const char *fields[MAX_FIELDS];
	char buf[1024];
	size_t i, nf;

	nf = csv_split(header, strcspn(header, "\r\n"), buf, sizeof(buf),
	    fields);
	for (i = 0; i < nf; i++)
		if (strcmp(fields[i], name) == 0)
			return i;
	vg_test_fail(__FILE__, __LINE__, "no column %s", name);
}

static bool
prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* Next line of `*pp' (without its newline); false at the end. */
static bool
next_line(char **pp, const char *end, const char **linep, size_t *lenp)
{
	char *p = *pp, *nl;

	if (p >= end)
		return false;
	if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
		nl = (char *)end;
	*linep = p;
	*lenp = (size_t)(nl - p);
	if (*lenp > 0 && p[*lenp - 1] == '\r')
		(*lenp)--;
	*pp = nl + (nl < end);
	return true;
}

static struct vg_event *
decode(struct vg_logsrc *ls, const char *line, size_t len)
{
	static struct vg_event ev;

	vg_event_reset(&ev);
	(void)vg_logfmt_decode(ls, vg_str_make(line, len), &ev);
	return &ev;
}

static void
logsrc(struct vg_logsrc *ls, const char *path)
{
	vg_logsrc_init(ls, path);
	ls->ls_year = 2026;
	ls->ls_year_fixed = true;
}

/*
 * Templates of loghub's OpenSSH_2k ground truth that are authentication
 * failures: a login attempt that did not succeed.  Disconnects, protocol
 * errors and "input_userauth_request" (the same attempt as "Invalid
 * user") are not.  "PAM service(sshd) ignoring max retries" is a note
 * about configuration.
 */
static const char *const ssh_auth_failure_templates[] = {
	"Failed ",
	"Invalid user ",
	"message repeated <*> times: [ Failed ",
	"Disconnecting: Too many authentication failures for ",
	"PAM <*> more authentication failure",
	"pam_unix(sshd:auth): authentication failure;",
	"pam_unix(sshd:auth): check pass; user unknown",
};

/*
 * The source of a "Failed password" line, by hand: the word after the
 * last " from " (loghub's user names hold no " from ").
 */
static void
csv_failed_source(struct tally *t, const char *content)
{
	const char *p, *q = NULL;

	for (p = content; (p = strstr(p, " from ")) != NULL; p++)
		q = p + 6;
	ASSERT_TRUE(q != NULL);
	tally_add(t, q, strcspn(q, " ]"));
}

#define MAX_LINES	4096

VG_TEST(real_loghub_openssh_failed_password)
{
	static struct tally want, got;
	static bool got_fail[MAX_LINES];
	const char *rel = "logs/loghub/OpenSSH_2k.log";
	const char *path, *fields[MAX_FIELDS], *line;
	char *csv, *log, *p, buf[4096];
	size_t len, n, c_tmpl, c_content, i, rows = 0, lines = 0, top;
	unsigned want_auth = 0, got_auth = 0, differ = 0;
	bool fail;
	struct vg_logsrc ls;
	struct vg_event *ev;

	if ((path = vg_test_shared(rel)) == NULL)
		VG_SKIP("../shared/data/logs/loghub is absent");
	log = vg_test_read(path, &len);
	logsrc(&ls, rel);
	for (p = log; next_line(&p, log + len, &line, &n); lines++) {
		ev = decode(&ls, line, n);
		if (ev->ev_outcome == VG_OUT_FAILURE &&
		    extra_is(ev, "ssh.method", "password"))
			tally_source(&got, ev);
		ASSERT_TRUE(lines < MAX_LINES);
		got_fail[lines] = ev->ev_action == VG_ACT_AUTH &&
		    ev->ev_outcome == VG_OUT_FAILURE;
		got_auth += got_fail[lines];
	}
	free(log);
	vg_logsrc_cleanup(&ls);

	path = vg_test_shared("logs/loghub/OpenSSH_2k.log_structured.csv");
	ASSERT_TRUE(path != NULL);
	csv = vg_test_read(path, &len);
	c_tmpl = column(csv, "EventTemplate");
	c_content = column(csv, "Content");
	p = csv + strcspn(csv, "\n") + 1;
	for (; next_line(&p, csv + len, &line, &n); rows++) {
		ASSERT_TRUE(csv_split(line, n, buf, sizeof(buf), fields) >
		    VG_MAX(c_tmpl, c_content));
		if (prefix(fields[c_tmpl], "Failed password") ||
		    prefix(fields[c_tmpl], "message repeated <*> times: "
		    "[ Failed password"))
			csv_failed_source(&want, fields[c_content]);
		fail = false;
		for (i = 0; i < VG_ARRAY_LEN(ssh_auth_failure_templates); i++)
			fail |= prefix(fields[c_tmpl],
			    ssh_auth_failure_templates[i]);
		want_auth += fail;
		/* Line by line, so that two errors cannot cancel out. */
		if (rows < lines && fail != got_fail[rows] && differ++ < 5)
			printf("    line %zu: %s, vigil says %s\n", rows + 1,
			    fields[c_tmpl], got_fail[rows] ?
			    "authentication failure" : "no failure");
	}
	free(csv);

	top = tally_top(&want);
	printf("loghub OpenSSH_2k: \"Failed password\" lines %u (vigil %u), "
	    "sources %zu (vigil %zu), top %s with %u; authentication "
	    "failures %u (vigil %u)\n", want.total, got.total, want.nkeys,
	    got.nkeys, want.key[top], want.n[top], want_auth, got_auth);
	ASSERT_UINT_EQ(rows, lines);
	tally_assert_eq(&got, &want);
	ASSERT_UINT_EQ(differ, 0);
	ASSERT_UINT_EQ(got_auth, want_auth);
	/*
	 * Anchors: 518 "Failed password" lines plus two "message repeated
	 * N times: [ Failed password ...]" lines, from 23 sources.  (The
	 * bench README's "27 distinct sources" does not hold for this
	 * file: the ground truth names 23.)
	 */
	ASSERT_UINT_EQ(want.total, 520);
	ASSERT_UINT_EQ(want.nkeys, 23);
	ASSERT_STR_EQ(want.key[top], "183.62.140.253");
	ASSERT_UINT_EQ(want.n[top], 286);
}

VG_TEST(real_elastic_auth_log)
{
	const char *rel = "logs/elastic/auth.log", *path, *line;
	unsigned want_failed = 0, want_invalid = 0, want_accepted = 0;
	unsigned got_failed = 0, got_invalid = 0, got_accepted = 0;
	unsigned differ = 0, wf, wi, wa, gf, gi, ga;
	struct vg_logsrc ls;
	struct vg_event *ev;
	char *log, *p, *tmp;
	size_t len, n, lineno = 0;

	if ((path = vg_test_shared(rel)) == NULL)
		VG_SKIP("../shared/data/logs/elastic is absent");
	log = vg_test_read(path, &len);
	logsrc(&ls, rel);
	for (p = log; next_line(&p, log + len, &line, &n); lineno++) {
		/* Independent: substrings of the raw sshd lines. */
		tmp = strndup(line, n);
		ASSERT_TRUE(tmp != NULL);
		wf = wi = wa = 0;
		if (strstr(tmp, " sshd[") != NULL) {
			wf = strstr(tmp, "Failed password") != NULL;
			wi = strstr(tmp, "Invalid user ") != NULL;
			wa = strstr(tmp, "Accepted ") != NULL;
		}
		free(tmp);

		gf = gi = ga = 0;
		ev = decode(&ls, line, n);
		if (ev->ev_dataset != NULL &&
		    strcmp(ev->ev_dataset, "sshd") == 0 &&
		    ev->ev_action == VG_ACT_AUTH) {
			gf = ev->ev_outcome == VG_OUT_FAILURE &&
			    extra_is(ev, "ssh.method", "password");
			ga = ev->ev_outcome == VG_OUT_SUCCESS;
			/* "Invalid user X from H" has no ssh.method. */
			gi = ev->ev_outcome == VG_OUT_FAILURE &&
			    ev->ev_nextra == 0 && ev->ev_reason != NULL &&
			    strcmp(ev->ev_reason, "invalid user") == 0 &&
			    has_source(ev);
		}
		if ((wf != gf || wi != gi || wa != ga) && differ++ < 5)
			printf("    line %zu differs: %.*s\n", lineno + 1,
			    (int)VG_MIN(n, 160), line);
		want_failed += wf;
		want_invalid += wi;
		want_accepted += wa;
		got_failed += gf;
		got_invalid += gi;
		got_accepted += ga;
	}
	free(log);
	vg_logsrc_cleanup(&ls);
	printf("elastic auth.log: \"Failed password\" %u (vigil %u), "
	    "\"Invalid user\" %u (vigil %u), \"Accepted\" %u (vigil %u)\n",
	    want_failed, got_failed, want_invalid, got_invalid,
	    want_accepted, got_accepted);
	ASSERT_UINT_EQ(differ, 0);
	ASSERT_UINT_EQ(got_failed, want_failed);
	ASSERT_UINT_EQ(got_invalid, want_invalid);
	ASSERT_UINT_EQ(got_accepted, want_accepted);
	ASSERT_TRUE(want_failed > 0 && want_invalid > 0 && want_accepted > 0);
}

VG_TEST(real_loghub_linux_pam_rhost)
{
	static struct tally want, got;
	const char *rel = "logs/loghub/Linux_2k.log";
	const char *path, *fields[MAX_FIELDS], *line, *q;
	char *csv, *log, *p, buf[4096];
	size_t len, n, c_tmpl, c_content, top;
	unsigned want_bare = 0, got_bare = 0;
	struct vg_logsrc ls;
	struct vg_event *ev;

	if ((path = vg_test_shared(rel)) == NULL)
		VG_SKIP("../shared/data/logs/loghub is absent");
	log = vg_test_read(path, &len);
	logsrc(&ls, rel);
	for (p = log; next_line(&p, log + len, &line, &n); ) {
		ev = decode(&ls, line, n);
		if (ev->ev_dataset == NULL ||
		    strcmp(ev->ev_dataset, "pam") != 0 ||
		    ev->ev_outcome != VG_OUT_FAILURE ||
		    ev->ev_reason == NULL ||
		    strcmp(ev->ev_reason, "authentication failure") != 0)
			continue;
		if (has_source(ev))
			tally_source(&got, ev);
		else
			got_bare++;
	}
	free(log);
	vg_logsrc_cleanup(&ls);

	/* Independent: the templates "authentication failure; ... rhost=" */
	path = vg_test_shared("logs/loghub/Linux_2k.log_structured.csv");
	ASSERT_TRUE(path != NULL);
	csv = vg_test_read(path, &len);
	c_tmpl = column(csv, "EventTemplate");
	c_content = column(csv, "Content");
	p = csv + strcspn(csv, "\n") + 1;
	while (next_line(&p, csv + len, &line, &n)) {
		ASSERT_TRUE(csv_split(line, n, buf, sizeof(buf), fields) >
		    VG_MAX(c_tmpl, c_content));
		if (!prefix(fields[c_tmpl], "authentication failure;"))
			continue;
		if (strstr(fields[c_tmpl], "rhost=<*>") == NULL) {
			want_bare++;
			continue;
		}
		ASSERT_TRUE((q = strstr(fields[c_content], "rhost=")) != NULL);
		q += 6;
		tally_add(&want, q, strcspn(q, " "));
	}
	free(csv);

	top = tally_top(&want);
	printf("loghub Linux_2k: PAM authentication failures with rhost %u "
	    "(vigil %u) from %zu sources (vigil %zu), top %s with %u; "
	    "without rhost %u (vigil %u)\n", want.total, got.total,
	    want.nkeys, got.nkeys, want.key[top], want.n[top], want_bare,
	    got_bare);
	tally_assert_eq(&got, &want);
	ASSERT_UINT_EQ(got_bare, want_bare);
	ASSERT_TRUE(want.total > 0);
}
