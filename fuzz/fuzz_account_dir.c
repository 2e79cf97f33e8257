/*
 * fuzz_account_dir.c -- directory exports (CSV, LDIF) through
 * vg_account_dir_parse, once with format recognition and once in each
 * format, with a domain alias and an organization domain declared.
 *
 * Beyond crashes and leaks, the harness checks what account.h promises
 * and aborts when it does not hold: every identifier is normalized (no
 * ASCII upper case, no byte <= 0x20 or DEL, at most one '@', at most
 * VG_MAX_ACCOUNT_ID bytes), the primary identifier is the first, every
 * identifier finds its own account, units and names hold no control
 * bytes, line numbers are the input's, and messages are NUL-terminated
 * without control bytes.
 */
#include "vg.h"

#include "account.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct input {
	unsigned long	lines;
};

static void
check_warning(void *arg, const struct vg_diag *d)
{
	const struct input *in = arg;
	size_t i, n;

	n = strnlen(d->msg, sizeof(d->msg));
	if (n == sizeof(d->msg) || n == 0 || d->src == NULL)
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)d->msg[i] < ' ' || d->msg[i] == 0x7f)
			abort();
	if (d->line > in->lines)
		abort();
}

static void
check_text(const char *s, size_t max)
{
	size_t i, n = strlen(s);

	if (n > max)
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < ' ' || s[i] == 0x7f)
			abort();
}

static void
check_ident(const char *id)
{
	size_t i, n = strlen(id), at = 0;

	if (n == 0 || n > VG_MAX_ACCOUNT_ID)
		abort();
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)id[i];

		if (c <= ' ' || c == 0x7f || (c >= 'A' && c <= 'Z'))
			abort();
		at += c == '@';
	}
	if (at > 1)
		abort();
}

static void
parse_as(const char *buf, size_t len, const struct input *in,
    const struct vg_account_norm *nm, enum vg_account_dir_format fmt)
{
	struct vg_account_dir *dir;
	struct vg_account_dir_stats st;
	const struct vg_account *ac;
	struct vg_diag d;
	size_t i, k, idx[8], n, j;
	int r;

	if ((dir = vg_account_dir_new(nm)) == NULL)
		return;
	r = vg_account_dir_parse(dir, "fuzz", buf, len, fmt, check_warning,
	    (void *)in, &d);
	if (r != 0 && strnlen(d.msg, sizeof(d.msg)) == sizeof(d.msg))
		abort();
	vg_account_dir_stats(dir, &st);
	if (st.st_accounts != vg_account_dir_count(dir) ||
	    st.st_accounts > VG_MAX_ACCOUNTS)
		abort();
	for (i = 0; i < vg_account_dir_count(dir); i++) {
		ac = vg_account_dir_get(dir, i);
		if (ac->ac_nidents == 0 ||
		    ac->ac_nidents > VG_MAX_ACCOUNT_IDENTS ||
		    ac->ac_id != ac->ac_idents[0].ai_value)
			abort();
		if (ac->ac_line < 1 || ac->ac_line > in->lines)
			abort();
		check_text(ac->ac_unit, 256);
		check_text(ac->ac_name, 256);
		for (k = 0; k < ac->ac_nidents; k++) {
			check_ident(ac->ac_idents[k].ai_value);
			n = vg_account_dir_find(dir, vg_str_make(
			    ac->ac_idents[k].ai_value,
			    strlen(ac->ac_idents[k].ai_value)), idx,
			    VG_ARRAY_LEN(idx));
			for (j = 0; j < VG_MIN(n, VG_ARRAY_LEN(idx)); j++)
				if (idx[j] == i)
					break;
			if (n <= VG_ARRAY_LEN(idx) &&
			    j == VG_MIN(n, VG_ARRAY_LEN(idx)))
				abort();
		}
	}
	vg_account_dir_free(dir);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_account_norm *nm;
	struct input in = { 1 };
	size_t i;
	int fmt;

	/* No size filter: enforcing the limits is the parser's job. */
	for (i = 0; i < size; i++)
		in.lines += data[i] == '\n';
	if ((nm = vg_account_norm_new()) == NULL)
		return 0;
	if (vg_account_norm_alias(nm, "cnas.ro=cnas.example") != 0 ||
	    vg_account_norm_org_domain(nm, "cnas.example") != 0)
		abort();
	for (fmt = VG_ACCOUNT_DIR_AUTO; fmt < VG_ACCOUNT_DIR_FORMAT_COUNT;
	    fmt++)
		parse_as((const char *)data, size, &in, nm,
		    (enum vg_account_dir_format)fmt);
	vg_account_norm_free(nm);
	return 0;
}
