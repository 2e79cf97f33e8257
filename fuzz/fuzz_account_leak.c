/*
 * fuzz_account_leak.c -- leaked lists through the chunked leak parser,
 * in every format: once whole and once split at two places the input
 * chooses (the records must be the same), then through the matcher over
 * a small directory with a unit key, with every result formatted in
 * every output form.
 *
 * Beyond crashes and leaks, the harness aborts when a record's
 * identifier is not normalized or its line is not one of the input's,
 * when the counters disagree, when a message has control bytes or is
 * not NUL-terminated, or when an output line is not one line.
 */
#include "vg.h"

#include "account.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char directory[] =
    "mail,aliases,sAMAccountName,unit\n"
    "ana.popescu@cnas.example,ana.p@cj.cnas.example,apopescu,Cluj\n"
    "ion.ionescu@cnas.example,,iionescu,Iasi\n";

struct sum {
	unsigned long	lines;		/* of the input, at least 1 */
	unsigned long	n;
	unsigned long	hash;
};

static void
check_warning(void *arg, const struct vg_diag *d)
{
	const struct sum *s = arg;
	size_t i, n;

	n = strnlen(d->msg, sizeof(d->msg));
	if (n == sizeof(d->msg) || n == 0 || d->src == NULL)
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)d->msg[i] < ' ' || d->msg[i] == 0x7f)
			abort();
	if (d->line > s->lines)
		abort();
}

static int
record(void *arg, const struct vg_account_leak_rec *rec, struct vg_diag *d)
{
	struct sum *s = arg;
	size_t i;

	if (rec->lr_line < 1 || rec->lr_line > s->lines)
		abort();
	if (rec->lr_is_digest != (rec->lr_id.len == 0))
		abort();
	if (rec->lr_has_sha1 && !rec->lr_password)
		abort();
	if (rec->lr_id.len > VG_MAX_ACCOUNT_ID)
		abort();
	for (i = 0; i < rec->lr_id.len; i++) {
		unsigned char c = (unsigned char)rec->lr_id.p[i];

		if (c <= ' ' || c == 0x7f || (c >= 'A' && c <= 'Z'))
			abort();
	}
	s->n++;
	s->hash = s->hash * 31 + rec->lr_line * 7 + rec->lr_id.len +
	    rec->lr_password + rec->lr_digest[0] + rec->lr_sha1[0];
	return 0;
}

static void
run(const char *buf, size_t len, enum vg_account_leak_format fmt,
    size_t cut1, size_t cut2, struct sum *s)
{
	struct vg_account_leak_stats st;
	struct vg_account_leak *lk;
	struct vg_diag d;
	bool fed;

	if (vg_account_leak_new("fuzz", fmt, NULL, record, s, check_warning,
	    s, &lk) != 0)
		return;
	fed = vg_account_leak_feed(lk, buf, cut1, &d) == 0 &&
	    vg_account_leak_feed(lk, buf + cut1, cut2 - cut1, &d) == 0 &&
	    vg_account_leak_feed(lk, buf + cut2, len - cut2, &d) == 0;
	if (fed)
		(void)vg_account_leak_end(lk, &d);
	else if (strnlen(d.msg, sizeof(d.msg)) == sizeof(d.msg) ||
	    d.msg[0] == '\0')
		abort();
	vg_account_leak_stats(lk, &st);
	/* A failed feed stops the parse: the bytes after it are not counted. */
	if (st.st_records != s->n || st.st_passwords > st.st_records ||
	    st.st_lines > s->lines || (fed && st.st_bytes != len) ||
	    st.st_bytes > len)
		abort();
	vg_account_leak_free(lk);
}

static void
match(const char *buf, size_t len, enum vg_account_leak_format fmt,
    const struct vg_account_dir *dir, struct sum *s)
{
	static const uint8_t key[VG_ACCOUNT_KEY_LEN] = { 1, 2, 3 };
	struct vg_account_match *m;
	struct vg_account_result rs;
	struct vg_diag d;
	enum vg_account_outfmt f;
	char *text;
	size_t i, n;

	if (vg_account_match_new(dir, &m) != 0)
		return;
	if (vg_account_match_key(m, key, NULL) != 0)
		goto out;
	(void)vg_account_match_buf(m, "fuzz", buf, len, fmt, check_warning,
	    s, NULL, &d);
	if (vg_account_match_finish(m) != 0)
		goto out;
	if (vg_account_match_count(m) > vg_account_dir_count(dir))
		abort();
	for (i = 0; i < vg_account_match_count(m); i++) {
		vg_account_match_result(m, i, &rs);
		if (rs.rs_nmatched == 0 || rs.rs_seen == 0 ||
		    rs.rs_nsources > VG_MAX_ACCOUNT_SOURCES)
			abort();
		for (f = VG_ACCOUNT_OUT_JSONL; f <= VG_ACCOUNT_OUT_CSV; f++) {
			if (vg_account_result_format(&rs, f, &text, &n) != 0)
				continue;
			if (n == 0 || text[n - 1] != '\n' ||
			    memchr(text, '\n', n) != text + n - 1)
				abort();
			free(text);
		}
	}
 out:
	vg_account_match_free(m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct vg_account_dir *dir;
	struct vg_diag d;
	struct sum whole, split;
	size_t i, cut1, cut2;
	int fmt;

	/* No size filter: enforcing the limits is the parser's job. */
	memset(&whole, 0, sizeof(whole));
	whole.lines = 1;
	for (i = 0; i < size; i++)
		whole.lines += data[i] == '\n';
	cut1 = size > 0 ? data[0] % (size + 1) : 0;
	cut2 = cut1 + (size > 1 ? data[size - 1] * 131 % (size - cut1 + 1) :
	    0);
	for (fmt = VG_ACCOUNT_LEAK_AUTO; fmt < VG_ACCOUNT_LEAK_FORMAT_COUNT;
	    fmt++) {
		whole.n = whole.hash = 0;
		split = whole;
		run(buf, size, (enum vg_account_leak_format)fmt, size, size,
		    &whole);
		run(buf, size, (enum vg_account_leak_format)fmt, cut1, cut2,
		    &split);
		if (whole.n != split.n || whole.hash != split.hash)
			abort();
	}
	if ((dir = vg_account_dir_new(NULL)) == NULL)
		return 0;
	if (vg_account_dir_parse(dir, "dir.csv", directory,
	    sizeof(directory) - 1, VG_ACCOUNT_DIR_CSV, NULL, NULL, &d) != 0)
		abort();
	for (fmt = VG_ACCOUNT_LEAK_AUTO; fmt < VG_ACCOUNT_LEAK_FORMAT_COUNT;
	    fmt++)
		match(buf, size, (enum vg_account_leak_format)fmt, dir, &whole);
	vg_account_dir_free(dir);
	return 0;
}
