/*
 * fuzz_inventory.c -- package inventories (dpkg status, dpkg-query, rpm
 * -qa, apk installed) through vg_inventory_parse, once with format
 * recognition and once in each format, and the same bytes as an
 * os-release file through vg_inventory_ecosystem.
 *
 * Beyond crashes and leaks, the harness checks what the header promises
 * and aborts when it does not hold: every view lies inside the input and
 * is 1 to VG_MAX_PKG_FIELD printable bytes without spaces (the
 * architecture may be empty), every line number is one of the input's,
 * the counters agree with the packages returned, and messages are
 * NUL-terminated without control bytes.
 */
#include "vg.h"

#include "inventory.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct input {
	const char	*p;
	size_t		 len;
	unsigned long	 lines;		/* lines of the input, at least 1 */
};

static void
check_warning(void *arg, const struct vg_diag *d)
{
	const struct input *in = arg;
	size_t i, n;

	n = strnlen(d->msg, sizeof(d->msg));
	if (n == sizeof(d->msg) || n == 0)
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)d->msg[i] < ' ' || d->msg[i] == 0x7f)
			abort();
	if (d->line < 1 || d->line > in->lines || d->src == NULL)
		abort();
}

static void
check_view(const struct input *in, struct vg_str v, bool may_be_empty)
{
	size_t i;

	if (v.len == 0) {
		if (!may_be_empty)
			abort();
		return;
	}
	if (v.len > VG_MAX_PKG_FIELD || v.p < in->p ||
	    v.p + v.len > in->p + in->len)
		abort();
	for (i = 0; i < v.len; i++)
		if ((unsigned char)v.p[i] <= ' ' ||
		    (unsigned char)v.p[i] >= 0x7f)
			abort();
}

static void
parse_as(const struct input *in, enum vg_inv_format fmt)
{
	struct vg_inventory *inv = NULL;
	const struct vg_inv_pkg *pkg;
	struct vg_inv_stats st;
	struct vg_diag d;
	size_t i, n;
	int r;

	r = vg_inventory_parse("fuzz", in->p, in->len, fmt, check_warning,
	    (void *)in, &inv, &d);
	if (r != 0) {
		if (inv != NULL || strnlen(d.msg, sizeof(d.msg)) ==
		    sizeof(d.msg))
			abort();
		return;
	}
	if (vg_inventory_format(inv) == VG_INV_AUTO ||
	    (fmt != VG_INV_AUTO && vg_inventory_format(inv) != fmt))
		abort();
	n = vg_inventory_count(inv);
	vg_inventory_stats(inv, &st);
	if (st.st_packages != n || n > VG_MAX_INV_PACKAGES)
		abort();
	for (i = 0; i < n; i++) {
		pkg = vg_inventory_get(inv, i);
		check_view(in, pkg->pk_name, false);
		check_view(in, pkg->pk_version, false);
		check_view(in, pkg->pk_source, false);
		check_view(in, pkg->pk_source_version, false);
		check_view(in, pkg->pk_arch, true);
		if (pkg->pk_line < 1 || pkg->pk_line > in->lines ||
		    (i > 0 && pkg->pk_line <= vg_inventory_get(inv,
		    i - 1)->pk_line))
			abort();
	}
	vg_inventory_free(inv);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const prefixes[] = {
		"Debian:", "Ubuntu:", "Alpine:v", "AlmaLinux:",
		"Rocky Linux:", "Red Hat:",
	};
	struct input in = { (const char *)data, size, 1 };
	char eco[VG_INV_ECOSYSTEM_MAX];
	size_t i;
	int fmt;

	/* No size filter: enforcing the limits is the parser's job. */
	for (i = 0; i < size; i++)
		in.lines += data[i] == '\n';
	for (fmt = VG_INV_AUTO; fmt < VG_INV_FORMAT_COUNT; fmt++)
		parse_as(&in, (enum vg_inv_format)fmt);

	if (vg_inventory_ecosystem(in.p, in.len, eco, sizeof(eco)) == 0) {
		for (i = 0; i < VG_ARRAY_LEN(prefixes); i++)
			if (strncmp(eco, prefixes[i],
			    strlen(prefixes[i])) == 0)
				break;
		if (i == VG_ARRAY_LEN(prefixes) ||
		    strnlen(eco, sizeof(eco)) == sizeof(eco))
			abort();
	} else if (eco[0] != '\0')
		abort();
	return 0;
}
