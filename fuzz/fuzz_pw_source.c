/*
 * fuzz_pw_source.c -- the Pwned Passwords source parser (HASH:COUNT
 * files, range files, plain password lists) through
 * vg_pwdb_source_parse(), the code vigil pw index reads every source
 * with, minus the file I/O.
 *
 * The first byte picks the layout (bits 0-1: hashes, range, passwords)
 * and the kind expected (bits 2-3: any, SHA-1, NTLM); for a range file
 * the next three bytes give the prefix.  The rest is the text.  Beyond
 * crashes and leaks, the harness aborts when a promise of pwdb.h breaks:
 * entries have the kind's hash length and a count of at least 1, hash
 * sources yield strictly increasing hashes, a range file's hashes start
 * with its prefix, line numbers are the input's, and messages are
 * non-empty printable text that, for password lists, is one of the
 * fixed sentences (never a piece of a password).
 */
#include "vg.h"

#include "pwdb.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct state {
	enum vg_pwdb_src_format	 fmt;
	uint32_t		 prefix;
	unsigned long		 lines;		/* at least 1 */
	uint8_t			 prev[VG_PWDB_HASH_MAX];
	size_t			 prevlen;
	unsigned long		 n;
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

	check_msg(d->msg);
	if (d->line < 1 || d->line > st->lines || strcmp(d->src, "src") != 0)
		abort();
	if (st->fmt == VG_PWDB_SRC_PASSWORDS &&
	    strcmp(d->msg, "password longer than 1024 bytes, skipped") != 0 &&
	    strcmp(d->msg, "not valid UTF-8, which NTLM needs; skipped") != 0)
		abort();
}

static int
entry(void *arg, const uint8_t *hash, size_t len, uint32_t count)
{
	struct state *st = arg;
	uint32_t prefix;

	if ((len != 20 && len != 16) || count == 0)
		abort();
	if (st->n > 0 && len != st->prevlen)
		abort();
	if (st->fmt != VG_PWDB_SRC_PASSWORDS) {
		if (st->n > 0 && memcmp(st->prev, hash, len) >= 0)
			abort();
		prefix = (uint32_t)hash[0] << 12 | (uint32_t)hash[1] << 4 |
		    (uint32_t)hash[2] >> 4;
		if (st->fmt == VG_PWDB_SRC_RANGE && prefix != st->prefix)
			abort();
	} else if (count != 1)
		abort();
	memcpy(st->prev, hash, len);
	st->prevlen = len;
	st->n++;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum vg_pwdb_kind kinds[] = {
		VG_PWDB_ANY, VG_PWDB_SHA1, VG_PWDB_NTLM, VG_PWDB_ANY,
	};
	struct state st;
	struct vg_diag d;
	enum vg_pwdb_kind kind, asked;
	const char *text;
	size_t len, i;
	int r;

	if (size < 4)
		return 0;
	memset(&st, 0, sizeof(st));
	st.fmt = (enum vg_pwdb_src_format)((data[0] & 3) % 3);
	asked = kind = kinds[(data[0] >> 2) & 3];
	st.prefix = ((uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 |
	    data[3]) & (VG_PWDB_PREFIXES - 1);
	/* No size filter: enforcing the limits is the parser's job. */
	text = (const char *)data + 4;
	len = size - 4;
	st.lines = 1;
	for (i = 0; i < len; i++)
		st.lines += text[i] == '\n';

	r = vg_pwdb_source_parse("src", text, len, st.fmt, st.prefix, &kind,
	    entry, &st, warned, &st, &d);
	if (r != 0) {
		if (r != VG_ERR_PARSE && r != VG_ERR_NOMEM)
			abort();
		check_msg(d.msg);
		if (d.line < 1 || d.line > st.lines)
			abort();
		if (st.fmt == VG_PWDB_SRC_PASSWORDS)
			abort();	/* a list has no fatal line */
	}
	/* The kind found is the one asked for, or the one of the hashes. */
	if (asked != VG_PWDB_ANY && kind != asked)
		abort();
	if (st.n > 0 && vg_pwdb_kind_hashlen(kind) != st.prevlen)
		abort();
	return 0;
}
