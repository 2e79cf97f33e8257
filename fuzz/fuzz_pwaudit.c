/*
 * fuzz_pwaudit.c -- the NT hash dump parser and the audit (pwaudit.h):
 * arbitrary bytes as a pwdump/secretsdump file, then the grouping, a
 * fake corpus and every report line in the three formats.
 *
 * The first byte holds options: bit 0 audits machine accounts, bit 1
 * splits the text in two dumps at its middle (several domains).  The
 * rest is the text.  Beyond crashes and leaks, the harness aborts when a
 * promise of pwaudit.h breaks: messages are non-empty printable text
 * naming a line of the input; every line is counted exactly once; group
 * numbers run from 1 in the order of each group's first account, their
 * sizes add up and agree with shared_with; findings agree with the
 * severity; every JSON line parses (jansson) and has the documented
 * fields.
 */
#include "vg.h"

#include <jansson.h>

#include "pwaudit.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct state {
	unsigned long	lines[2];
	const char	*names[2];
};

static void
check_msg(const char *msg)
{
	size_t i, n = strnlen(msg, VG_DIAG_MSG_MAX);

	if (n == 0 || n == VG_DIAG_MSG_MAX)
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)msg[i] < ' ' ||
		    (unsigned char)msg[i] >= 0x7f)
			abort();
}

static void
warned(void *arg, const struct vg_diag *d)
{
	const struct state *st = arg;
	int k = strcmp(d->src, st->names[0]) == 0 ? 0 :
	    strcmp(d->src, st->names[1]) == 0 ? 1 : -1;

	check_msg(d->msg);
	if (k < 0 || d->line < 1 || d->line > st->lines[k])
		abort();
}

/* A deterministic fake corpus: some hashes breached, by their bytes. */
static int
corpus(void *arg, const uint8_t nt[VG_PWAUDIT_NT_LEN], uint32_t *countp)
{
	*countp = (nt[0] & 3) == 0 ? (uint32_t)nt[1] + 1 : 0;
	return 0;
}

static unsigned long
count_lines(const char *p, size_t n)
{
	unsigned long lines = 0;
	size_t i;

	for (i = 0; i < n; i++)
		lines += p[i] == '\n';
	return lines + (n > 0 && p[n - 1] != '\n');
}

static void
check_json(const char *text, size_t len)
{
	json_t *root, *user, *pw;
	json_error_t err;

	if ((root = json_loadb(text, len, 0, &err)) == NULL)
		abort();
	user = json_object_get(root, "user");
	pw = json_object_get(root, "password");
	if (!json_is_object(user) || !json_is_object(pw) ||
	    !json_is_string(json_object_get(user, "name")) ||
	    !json_is_integer(json_object_get(user, "id")) ||
	    !json_is_boolean(json_object_get(pw, "breached")) ||
	    !json_is_integer(json_object_get(pw, "shared_with")) ||
	    !json_is_array(json_object_get(root, "actions")) ||
	    !json_is_string(json_object_get(root, "severity")))
		abort();
	json_decref(root);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum vg_pwaudit_outfmt fmts[] = {
		VG_PWAUDIT_OUT_JSONL, VG_PWAUDIT_OUT_TABLE, VG_PWAUDIT_OUT_CSV,
	};
	const struct vg_pwaudit_account *pa;
	struct vg_pwaudit_stats st;
	struct vg_pwaudit *a;
	struct vg_diag d;
	struct state s;
	const uint32_t *sizes;
	const char *text;
	uint32_t *seen = NULL, next = 1;
	size_t len, half, i, f, n, tlen;
	uint64_t members = 0;
	char *t;
	int r;

	if (size < 1)
		return 0;
	text = (const char *)data + 1;
	len = size - 1;
	half = (data[0] & 2) != 0 ? len / 2 : len;
	s.names[0] = "one.ntds";
	s.names[1] = "two.ntds";
	s.lines[0] = count_lines(text, half);
	s.lines[1] = count_lines(text + half, len - half);
	if ((a = vg_pwaudit_new((data[0] & 1) != 0 ? VG_PWAUDIT_MACHINES :
	    0)) == NULL)
		return 0;
	/* No size filter: enforcing the limits is the parser's job. */
	r = vg_pwaudit_add(a, s.names[0], text, half, warned, &s, &d);
	if (r == 0 && half < len)
		r = vg_pwaudit_add(a, s.names[1], text + half, len - half,
		    warned, &s, &d);
	if (r != 0) {
		if (r != VG_ERR_NOMEM && r != VG_ERR_LIMIT)
			abort();
		check_msg(d.msg);
		vg_pwaudit_free(a);
		return 0;
	}
	vg_pwaudit_stats(a, &st);
	if (st.st_lines != s.lines[0] + s.lines[1] ||
	    st.st_lines != st.st_blank + st.st_other + st.st_history +
	    st.st_machines + st.st_nohash + st.st_bad + st.st_duplicates +
	    st.st_accounts)
		abort();
	if ((r = vg_pwaudit_finish(a, corpus, NULL)) != 0) {
		if (r != VG_ERR_NOMEM)
			abort();
		vg_pwaudit_free(a);
		return 0;
	}
	vg_pwaudit_stats(a, &st);
	if (vg_pwaudit_count(a) != st.st_accounts)
		abort();
	sizes = vg_pwaudit_group_sizes(a, &n);
	if (n != st.st_groups)
		abort();
	for (i = 0; i < n; i++) {
		if (sizes[i] < 2)
			abort();
		members += sizes[i];
	}
	if (members != st.st_grouped)
		abort();
	if (n > 0 && (seen = calloc(n, sizeof(*seen))) == NULL)
		abort();
	for (i = 0; i < vg_pwaudit_count(a); i++) {
		pa = vg_pwaudit_get(a, i);
		if ((pa->pa_group == 0) != (pa->pa_shared_with == 0) ||
		    pa->pa_group > n)
			abort();
		if (pa->pa_group != 0) {
			if (pa->pa_shared_with + 1 != sizes[pa->pa_group - 1])
				abort();
			/* Numbered in the order of first appearance. */
			if (seen[pa->pa_group - 1]++ == 0 &&
			    pa->pa_group != next++)
				abort();
		}
		if (pa->pa_breached != (pa->pa_breach_count > 0) ||
		    pa->pa_name[0] == '\0' ||
		    (pa->pa_machine && (data[0] & 1) == 0))
			abort();
		if ((pa->pa_breached || pa->pa_empty) !=
		    (pa->pa_severity == VG_PWAUDIT_SEV_CRITICAL))
			abort();
		if ((pa->pa_severity == VG_PWAUDIT_SEV_NONE) !=
		    (pa->pa_actions == 0))
			abort();
		for (f = 0; f < VG_ARRAY_LEN(fmts); f++) {
			if (vg_pwaudit_format(pa, fmts[f], &t, &tlen) != 0)
				continue;	/* out of memory */
			if (strlen(t) != tlen || tlen == 0 ||
			    t[tlen - 1] != '\n')
				abort();
			if (fmts[f] == VG_PWAUDIT_OUT_JSONL)
				check_json(t, tlen);
			free(t);
		}
	}
	free(seen);
	vg_pwaudit_free(a);
	return 0;
}
