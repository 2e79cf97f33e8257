/*
 * inventory.c -- installed-package inventories (dpkg status, dpkg-query,
 * rpm -qa, apk installed database) and the os-release ecosystem.
 *
 * Runs wherever the audit parses host data; does no I/O.  The parsers
 * read the text once, line by line, and keep (pointer, length) views into
 * it: the only allocations are the inventory and its one package array,
 * which grows by doubling up to VG_MAX_INV_PACKAGES.  A record-level
 * problem is reported with its line and the record skipped; only limits
 * and allocation failures stop a parse.  Every value kept is checked to
 * be printable ASCII without spaces, so callers may print it as is.
 */
#include "inventory.h"

#include <stdarg.h>
#include <strings.h>

struct vg_inventory {
	enum vg_inv_format	 inv_format;
	struct vg_inv_pkg	*inv_pkgs;
	size_t			 inv_npkgs;
	size_t			 inv_cap;
	struct vg_inv_stats	 inv_stats;
};

/* The state of one parse. */
struct parse {
	const char		*ps_file;
	vg_inv_warn_fn		*ps_warn;
	void			*ps_warn_arg;
	struct vg_inventory	*ps_inv;
	struct vg_diag		*ps_diag;
	struct vg_str		 ps_rest;	/* text not read yet */
	uint32_t		 ps_lno;	/* number of the last line read */
	bool			 ps_final_nl;	/* the text ends with "\n" */
};

/*
 * Arguments quoting input in a message: at most 48 bytes of a view (the
 * diagnostic holds VG_DIAG_MSG_MAX bytes), and never a NULL pointer.
 */
#define QUOTE_MAX	48
#define QV(v)	(int)VG_MIN((v).len, QUOTE_MAX), \
		((v).p != NULL ? (v).p : "")

static void	 vreport(struct parse *, uint32_t, const char *, va_list)
		    __attribute__((format(printf, 3, 0)));
static void	 report(struct parse *, uint32_t, const char *, ...)
		    VG_PRINTF(3, 4);
static void	 bad(struct parse *, uint32_t, const char *, ...)
		    VG_PRINTF(3, 4);

static void
vreport(struct parse *ps, uint32_t line, const char *fmt, va_list ap)
{
	struct vg_diag d;
	char *p;

	if (ps->ps_warn == NULL)
		return;
	d.src = ps->ps_file;
	d.line = line;
	vsnprintf(d.msg, sizeof(d.msg), fmt, ap);
	/* Messages quote package data: keep terminal escapes out. */
	for (p = d.msg; *p != '\0'; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			*p = '?';
	ps->ps_warn(ps->ps_warn_arg, &d);
}

/* A warning that does not cost a record. */
static void
report(struct parse *ps, uint32_t line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(ps, line, fmt, ap);
	va_end(ap);
}

/* A record skipped as malformed. */
static void
bad(struct parse *ps, uint32_t line, const char *fmt, ...)
{
	va_list ap;

	ps->ps_inv->inv_stats.st_malformed++;
	va_start(ap, fmt);
	vreport(ps, line, fmt, ap);
	va_end(ap);
}

/*
 * Take the next line (without its "\n" and one "\r" before it).  Returns
 * false at the end of the text.
 */
static bool
next_line(struct parse *ps, struct vg_str *linep)
{
	ptrdiff_t i;

	if (ps->ps_rest.len == 0)
		return false;
	ps->ps_lno++;
	if ((i = vg_str_chr(ps->ps_rest, '\n')) < 0) {
		*linep = ps->ps_rest;
		vg_str_skip(&ps->ps_rest, ps->ps_rest.len);
	} else {
		*linep = vg_str_sub(ps->ps_rest, 0, (size_t)i);
		vg_str_skip(&ps->ps_rest, (size_t)i + 1);
	}
	if (linep->len > 0 && linep->p[linep->len - 1] == '\r')
		linep->len--;
	return true;
}

static bool
is_blank(struct vg_str s)
{
	size_t i;

	for (i = 0; i < s.len; i++)
		if (s.p[i] != ' ' && s.p[i] != '\t')
			return false;
	return true;
}

/* Split off the next word at spaces or tabs; false when none is left. */
static bool
next_word(struct vg_str *s, struct vg_str *wordp)
{
	size_t n = 0;

	while (s->len > 0 && (s->p[0] == ' ' || s->p[0] == '\t'))
		vg_str_skip(s, 1);
	if (s->len == 0)
		return false;
	while (n < s->len && s->p[n] != ' ' && s->p[n] != '\t')
		n++;
	*wordp = vg_str_sub(*s, 0, n);
	vg_str_skip(s, n);
	return true;
}

/* Index of the last `c' in `s', or -1. */
static ptrdiff_t
last_chr(struct vg_str s, char c)
{
	size_t i;

	for (i = s.len; i > 0; i--)
		if (s.p[i - 1] == c)
			return (ptrdiff_t)(i - 1);
	return -1;
}

static bool
all_digits(struct vg_str s)
{
	size_t i;

	if (s.len == 0)
		return false;
	for (i = 0; i < s.len; i++)
		if (s.p[i] < '0' || s.p[i] > '9')
			return false;
	return true;
}

/*
 * Why a value cannot be kept, or NULL when it can: 1 to VG_MAX_PKG_FIELD
 * bytes of printable ASCII without spaces.  Names and versions of every
 * format fit; anything else is damage, and rejecting it here keeps
 * control bytes and separators out of the JSON and table output.
 */
static const char *
check_value(struct vg_str v)
{
	size_t i;

	if (v.len == 0)
		return "empty";
	if (v.len > VG_MAX_PKG_FIELD)
		return "too long";
	for (i = 0; i < v.len; i++)
		if ((unsigned char)v.p[i] <= ' ' ||
		    (unsigned char)v.p[i] >= 0x7f)
			return "not printable ASCII without spaces";
	return NULL;
}

/* Check a package's values and append it, or report it. */
static int
add_pkg(struct parse *ps, const struct vg_inv_pkg *pkg)
{
	struct vg_inventory *inv = ps->ps_inv;
	static const char *const what[] = {
		"name", "version", "source", "source version", "architecture"
	};
	const struct vg_str *vals[] = {
		&pkg->pk_name, &pkg->pk_version, &pkg->pk_source,
		&pkg->pk_source_version, &pkg->pk_arch
	};
	struct vg_inv_pkg *pkgs;
	const char *why;
	size_t i, cap;

	for (i = 0; i < VG_ARRAY_LEN(vals); i++) {
		/* The architecture is optional; the rest are required. */
		if (i == 4 && vals[i]->len == 0)
			continue;
		if ((why = check_value(*vals[i])) != NULL) {
			bad(ps, pkg->pk_line, "package \"%.*s\": %s \"%.*s\" "
			    "is %s", QV(pkg->pk_name), what[i], QV(*vals[i]),
			    why);
			return 0;
		}
	}
	if (inv->inv_npkgs == inv->inv_cap) {
		if (inv->inv_cap >= VG_MAX_INV_PACKAGES) {
			ps->ps_diag->line = pkg->pk_line;
			snprintf(ps->ps_diag->msg, sizeof(ps->ps_diag->msg),
			    "more than %d packages", VG_MAX_INV_PACKAGES);
			return VG_ERR_LIMIT;
		}
		cap = inv->inv_cap == 0 ? 256 : inv->inv_cap * 2;
		cap = VG_MIN(cap, (size_t)VG_MAX_INV_PACKAGES);
		if ((pkgs = reallocarray(inv->inv_pkgs, cap,
		    sizeof(*pkgs))) == NULL)
			return VG_ERR_NOMEM;
		inv->inv_pkgs = pkgs;
		inv->inv_cap = cap;
	}
	inv->inv_pkgs[inv->inv_npkgs++] = *pkg;
	inv->inv_stats.st_packages++;
	return 0;
}

/*
 * dpkg.  A Status value is "selection error-flag state" (dpkg-query(1)).
 * Loaded are the states in which the package's files are unpacked and
 * configured: `installed', and `triggers-pending'/`triggers-awaited',
 * which dpkg itself counts as installed when it checks dependencies.
 * The selection is what the administrator asked for next, not what is on
 * disk: `hold ok installed' (a package pinned by apt-mark hold) is the
 * most important package for an audit to see.
 */
enum dpkg_class {
	DC_BAD = 0,
	DC_INSTALLED,
	DC_CONFIG_FILES,
	DC_NOT_INSTALLED,
	DC_PARTIAL,
};

static enum dpkg_class
dpkg_state(struct vg_str state, bool reinstreq)
{
	static const struct {
		const char	*name;
		enum dpkg_class	 cls;
	} states[] = {
		{ "installed",		DC_INSTALLED },
		{ "triggers-pending",	DC_INSTALLED },
		{ "triggers-awaited",	DC_INSTALLED },
		{ "config-files",	DC_CONFIG_FILES },
		{ "not-installed",	DC_NOT_INSTALLED },
		{ "half-installed",	DC_PARTIAL },
		{ "unpacked",		DC_PARTIAL },
		{ "half-configured",	DC_PARTIAL },
	};
	size_t i;

	for (i = 0; i < VG_ARRAY_LEN(states); i++)
		if (vg_str_eq(state, states[i].name, strlen(states[i].name)))
			/* A package needing reinstallation is half there. */
			return reinstreq && states[i].cls == DC_INSTALLED ?
			    DC_PARTIAL : states[i].cls;
	return DC_BAD;
}

/* Classify a Status field value ("install ok installed"). */
static enum dpkg_class
dpkg_status(struct vg_str v)
{
	struct vg_str want, eflag, state, extra;
	bool reinstreq;

	if (!next_word(&v, &want) || !next_word(&v, &eflag) ||
	    !next_word(&v, &state) || next_word(&v, &extra))
		return DC_BAD;
	if (!VG_STR_EQ(want, "install") && !VG_STR_EQ(want, "hold") &&
	    !VG_STR_EQ(want, "deinstall") && !VG_STR_EQ(want, "purge") &&
	    !VG_STR_EQ(want, "unknown"))
		return DC_BAD;
	if (VG_STR_EQ(eflag, "ok"))
		reinstreq = false;
	else if (VG_STR_EQ(eflag, "reinstreq"))
		reinstreq = true;
	else
		return DC_BAD;
	return dpkg_state(state, reinstreq);
}

/*
 * Classify a ${db:Status-Abbrev} value: selection letter, state letter
 * and error letter (' ' or absent for ok, 'R' for reinstreq).
 */
static enum dpkg_class
dpkg_status_abbrev(struct vg_str v)
{
	static const struct {
		char		 c;
		const char	*name;
	} states[] = {
		{ 'n', "not-installed" }, { 'c', "config-files" },
		{ 'H', "half-installed" }, { 'U', "unpacked" },
		{ 'F', "half-configured" }, { 'W', "triggers-awaited" },
		{ 't', "triggers-pending" }, { 'i', "installed" },
	};
	bool reinstreq = false;
	size_t i;

	if (v.len < 2 || v.len > 3 || memchr("uihrp", v.p[0], 5) == NULL)
		return DC_BAD;
	if (v.len == 3) {
		if (v.p[2] == 'R')
			reinstreq = true;
		else if (v.p[2] != ' ')
			return DC_BAD;
	}
	for (i = 0; i < VG_ARRAY_LEN(states); i++)
		if (v.p[1] == states[i].c)
			return dpkg_state(vg_str_make(states[i].name,
			    strlen(states[i].name)), reinstreq);
	return DC_BAD;
}

/* Count a package that is not loaded; false for DC_BAD. */
static bool
count_skipped(struct parse *ps, enum dpkg_class cls)
{
	struct vg_inv_stats *st = &ps->ps_inv->inv_stats;

	switch (cls) {
	case DC_CONFIG_FILES:
		st->st_config_files++;
		return true;
	case DC_NOT_INSTALLED:
		st->st_not_installed++;
		return true;
	case DC_PARTIAL:
		st->st_partial++;
		return true;
	case DC_INSTALLED:
	case DC_BAD:
		break;
	}
	return false;
}

/*
 * Parse a Source value: "name" or "name (version)" (deb-src-control(5);
 * dpkg writes the version only when it differs from the binary's).
 * *versionp is empty when the value has none.
 */
static bool
dpkg_source(struct vg_str v, struct vg_str *namep, struct vg_str *versionp)
{
	size_t n = 0;

	*versionp = VG_STR_NULL;
	v = vg_str_trim(v);
	while (n < v.len && v.p[n] != ' ' && v.p[n] != '\t' && v.p[n] != '(')
		n++;
	*namep = vg_str_sub(v, 0, n);
	vg_str_skip(&v, n);
	vg_str_skip_ws(&v);
	if (namep->len == 0)
		return false;
	if (v.len == 0)
		return true;
	if (!VG_STR_EAT(&v, "(") || !VG_STR_SUFFIX(v, ")"))
		return false;
	v.len--;
	v = vg_str_trim(v);
	if (v.len == 0 || vg_str_chr(v, ' ') >= 0 || vg_str_chr(v, '\t') >= 0)
		return false;
	*versionp = v;
	return true;
}

enum dpkg_field {
	DF_PACKAGE,
	DF_VERSION,
	DF_ARCH,
	DF_STATUS,
	DF_SOURCE,
	DF_COUNT,
	DF_OTHER = DF_COUNT,
	DF_NONE,
};

static const char *const dpkg_field_names[DF_COUNT] = {
	"Package", "Version", "Architecture", "Status", "Source",
};

/* One stanza being read. */
struct stanza {
	uint32_t	 sz_line;		/* first line, 0: none open */
	uint32_t	 sz_bad_line;		/* first problem, 0: none */
	char		 sz_bad[VG_DIAG_MSG_MAX];
	enum dpkg_field	 sz_last;		/* field continuation lines extend */
	bool		 sz_seen[DF_COUNT];
	struct vg_str	 sz_val[DF_COUNT];
};

static void	 stanza_bad(struct stanza *, uint32_t, const char *, ...)
		    VG_PRINTF(3, 4);

/* Keep the first problem of a stanza; it is reported when it ends. */
static void
stanza_bad(struct stanza *sz, uint32_t line, const char *fmt, ...)
{
	va_list ap;

	if (sz->sz_bad_line != 0)
		return;
	sz->sz_bad_line = line;
	va_start(ap, fmt);
	vsnprintf(sz->sz_bad, sizeof(sz->sz_bad), fmt, ap);
	va_end(ap);
}

static void
stanza_line(struct stanza *sz, struct vg_str line, uint32_t lno)
{
	struct vg_str name, value;
	ptrdiff_t colon;
	size_t i;

	if (line.p[0] == ' ' || line.p[0] == '\t') {
		/*
		 * Continuation lines belong to multi-line fields
		 * (Description, Conffiles); the fields read here are
		 * single-line in dpkg's own output, so a folded one means
		 * damage rather than a value to join.
		 */
		if (sz->sz_last == DF_NONE)
			stanza_bad(sz, lno, "continuation line outside a "
			    "field");
		else if (sz->sz_last != DF_OTHER)
			stanza_bad(sz, lno, "%s field continued on a second "
			    "line", dpkg_field_names[sz->sz_last]);
		return;
	}
	if ((colon = vg_str_chr(line, ':')) <= 0) {
		stanza_bad(sz, lno, "not a \"Field: value\" line: \"%.*s\"",
		    QV(line));
		sz->sz_last = DF_OTHER;
		return;
	}
	name = vg_str_sub(line, 0, (size_t)colon);
	value = vg_str_trim(vg_str_sub(line, (size_t)colon + 1, line.len));
	if (vg_str_chr(name, ' ') >= 0 || vg_str_chr(name, '\t') >= 0) {
		stanza_bad(sz, lno, "bad field name \"%.*s\"", QV(name));
		sz->sz_last = DF_OTHER;
		return;
	}
	sz->sz_last = DF_OTHER;
	for (i = 0; i < DF_COUNT; i++) {
		if (!vg_str_caseeq(name, dpkg_field_names[i],
		    strlen(dpkg_field_names[i])))
			continue;
		if (sz->sz_seen[i])
			stanza_bad(sz, lno, "second %s field",
			    dpkg_field_names[i]);
		sz->sz_seen[i] = true;
		sz->sz_val[i] = value;
		sz->sz_last = (enum dpkg_field)i;
		break;
	}
}

static int
stanza_end(struct parse *ps, struct stanza *sz)
{
	struct vg_inv_pkg pkg;
	struct vg_str name = sz->sz_val[DF_PACKAGE];
	enum dpkg_class cls;

	if (sz->sz_bad_line != 0) {
		bad(ps, sz->sz_bad_line, "%s", sz->sz_bad);
		return 0;
	}
	if (!sz->sz_seen[DF_PACKAGE] || name.len == 0) {
		bad(ps, sz->sz_line, "stanza without a Package field");
		return 0;
	}
	if (!sz->sz_seen[DF_STATUS]) {
		bad(ps, sz->sz_line, "package \"%.*s\": no Status field",
		    QV(name));
		return 0;
	}
	if ((cls = dpkg_status(sz->sz_val[DF_STATUS])) == DC_BAD) {
		bad(ps, sz->sz_line, "package \"%.*s\": bad Status \"%.*s\"",
		    QV(name), QV(sz->sz_val[DF_STATUS]));
		return 0;
	}
	if (count_skipped(ps, cls))
		return 0;
	if (!sz->sz_seen[DF_VERSION] || sz->sz_val[DF_VERSION].len == 0) {
		bad(ps, sz->sz_line, "package \"%.*s\": no Version field",
		    QV(name));
		return 0;
	}
	memset(&pkg, 0, sizeof(pkg));
	pkg.pk_line = sz->sz_line;
	pkg.pk_name = name;
	pkg.pk_version = sz->sz_val[DF_VERSION];
	pkg.pk_arch = sz->sz_val[DF_ARCH];
	pkg.pk_source = name;
	pkg.pk_source_version = pkg.pk_version;
	if (sz->sz_seen[DF_SOURCE]) {
		if (!dpkg_source(sz->sz_val[DF_SOURCE], &pkg.pk_source,
		    &pkg.pk_source_version)) {
			bad(ps, sz->sz_line, "package \"%.*s\": bad Source "
			    "\"%.*s\"", QV(name), QV(sz->sz_val[DF_SOURCE]));
			return 0;
		}
		if (pkg.pk_source_version.len == 0)
			pkg.pk_source_version = pkg.pk_version;
	}
	return add_pkg(ps, &pkg);
}

static void
stanza_reset(struct stanza *sz)
{
	memset(sz, 0, sizeof(*sz));
	sz->sz_last = DF_NONE;
}

typedef void	record_line_fn(struct stanza *, struct vg_str, uint32_t);
typedef int	record_end_fn(struct parse *, struct stanza *);

/*
 * Records separated by blank lines (or lines of blanks), as dpkg status
 * and apk's installed database write them.  *openp gets the first line
 * of a record the text ended in without a blank line (0 when none).
 */
static int
parse_records(struct parse *ps, record_line_fn *line_fn,
    record_end_fn *end_fn, uint32_t *openp)
{
	struct stanza sz;
	struct vg_str line;
	int r;

	*openp = 0;
	stanza_reset(&sz);
	while (next_line(ps, &line)) {
		if (is_blank(line)) {
			if (sz.sz_line != 0 && (r = end_fn(ps, &sz)) != 0)
				return r;
			stanza_reset(&sz);
			continue;
		}
		if (sz.sz_line == 0)
			sz.sz_line = ps->ps_lno;
		line_fn(&sz, line, ps->ps_lno);
	}
	if (sz.sz_line == 0)
		return 0;
	*openp = sz.sz_line;
	return end_fn(ps, &sz);
}

/*
 * dpkg status: deb822 paragraphs separated by blank lines (or lines of
 * blanks, which deb822(5) lets parsers accept).  dpkg ends every stanza
 * with a blank line, so one still open at the end suggests truncation.
 */
static int
parse_dpkg_status(struct parse *ps)
{
	uint32_t open;
	int r;

	if ((r = parse_records(ps, stanza_line, stanza_end, &open)) != 0 ||
	    open == 0)
		return r;
	/* Without a final newline, the caller's report says it all. */
	if (ps->ps_final_nl)
		report(ps, ps->ps_lno, "the last stanza (line %lu) has no "
		    "blank line after it: the file may be truncated",
		    (unsigned long)open);
	return 0;
}

/*
 * dpkg-query -W lines: package, version and optionally the raw Source
 * field and ${Status} or ${db:Status-Abbrev}, separated by tabs.  The
 * package may be ${binary:Package}, "name:arch" for Multi-Arch: same
 * packages.
 */
static int
parse_dpkg_query(struct parse *ps)
{
	struct vg_inv_pkg pkg;
	struct vg_str line, col[5], status;
	enum dpkg_class cls;
	ptrdiff_t i;
	size_t n;
	int r;

	while (next_line(ps, &line)) {
		if (is_blank(line))
			continue;
		for (n = 0; n < VG_ARRAY_LEN(col); n++)
			if (!vg_str_until(&line, '\t', &col[n])) {
				col[n++] = line;
				break;
			}
		if (n < 2 || n > 4) {
			bad(ps, ps->ps_lno, "%s; expected 2 to 4 tab-separated "
			    "columns (package, version, source, status)",
			    n < 2 ? "no tab" : "more than 4 columns");
			continue;
		}
		memset(&pkg, 0, sizeof(pkg));
		pkg.pk_line = ps->ps_lno;
		pkg.pk_name = col[0];
		if ((i = vg_str_chr(col[0], ':')) >= 0) {
			pkg.pk_name = vg_str_sub(col[0], 0, (size_t)i);
			pkg.pk_arch = vg_str_sub(col[0], (size_t)i + 1,
			    col[0].len);
		}
		pkg.pk_version = vg_str_trim(col[1]);
		if (n == 4) {
			status = vg_str_make(col[3].p, col[3].len);
			while (status.len > 3 &&
			    status.p[status.len - 1] == ' ')
				status.len--;
			cls = vg_str_chr(status, ' ') >= 0 &&
			    status.len > 3 ? dpkg_status(status) :
			    dpkg_status_abbrev(status);
			if (cls == DC_BAD) {
				bad(ps, ps->ps_lno, "package \"%.*s\": bad "
				    "status \"%.*s\"", QV(pkg.pk_name),
				    QV(col[3]));
				continue;
			}
		} else
			cls = pkg.pk_version.len == 0 ? DC_NOT_INSTALLED :
			    DC_INSTALLED;
		if (count_skipped(ps, cls))
			continue;
		if (pkg.pk_version.len == 0) {
			bad(ps, ps->ps_lno, "package \"%.*s\": no version",
			    QV(pkg.pk_name));
			continue;
		}
		pkg.pk_source = pkg.pk_name;
		pkg.pk_source_version = pkg.pk_version;
		if (n >= 3 && !is_blank(col[2])) {
			if (!dpkg_source(col[2], &pkg.pk_source,
			    &pkg.pk_source_version)) {
				bad(ps, ps->ps_lno, "package \"%.*s\": bad "
				    "source \"%.*s\"", QV(pkg.pk_name),
				    QV(col[2]));
				continue;
			}
			if (pkg.pk_source_version.len == 0)
				pkg.pk_source_version = pkg.pk_version;
		}
		if ((r = add_pkg(ps, &pkg)) != 0)
			return r;
	}
	return 0;
}

/*
 * rpm.  The architectures that may end a NEVRA.  A release cannot be told
 * from an architecture by its shape ("25.el9_3" against "x86_64"), so
 * only these names are taken as one; after another, the text stays part
 * of the release.
 */
static bool
rpm_is_arch(struct vg_str s)
{
	static const char *const arches[] = {
		"noarch", "x86_64", "i386", "i486", "i586", "i686", "athlon",
		"geode", "aarch64", "armv5tel", "armv6l", "armv6hl", "armv7l",
		"armv7hl", "armv7hnl", "ppc", "ppc64", "ppc64le", "ppc64p7",
		"s390", "s390x", "ia64", "alpha", "sparc", "sparc64",
		"sparcv9", "mips", "mipsel", "mips64", "mips64el", "riscv64",
		"loongarch64", "src", "nosrc",
	};
	size_t i;

	for (i = 0; i < VG_ARRAY_LEN(arches); i++)
		if (vg_str_eq(s, arches[i], strlen(arches[i])))
			return true;
	return false;
}

/*
 * Check an [epoch:]version-release.  rpm forbids '-' in both version and
 * release, so there is exactly one.  A zero or "(none)" epoch (what
 * %{EPOCHNUM} and %{EPOCH} print for none) is dropped, since rpm orders
 * it the same as no epoch: *versionp is then "1.2-3", not "0:1.2-3".
 * *vrp is the version-release without any epoch.
 */
static bool
rpm_evr(struct vg_str evr, struct vg_str *versionp, struct vg_str *vrp)
{
	struct vg_str vr = evr, epoch;
	ptrdiff_t i;

	if ((i = vg_str_chr(evr, ':')) >= 0) {
		epoch = vg_str_sub(evr, 0, (size_t)i);
		vr = vg_str_sub(evr, (size_t)i + 1, evr.len);
		if (VG_STR_EQ(epoch, "0") || VG_STR_EQ(epoch, "(none)"))
			evr = vr;
		else if (!all_digits(epoch))
			return false;
	}
	if ((i = vg_str_chr(vr, '-')) <= 0 || (size_t)i + 1 == vr.len ||
	    last_chr(vr, '-') != i || vg_str_chr(vr, ':') >= 0)
		return false;
	*versionp = evr;
	*vrp = vr;
	return true;
}

/*
 * Split name-version-release at its last two dashes (names may contain
 * dashes, versions and releases may not).  False when a part is empty.
 */
static bool
rpm_nvr(struct vg_str s, struct vg_str *namep, struct vg_str *rest)
{
	ptrdiff_t r, v;

	if ((r = last_chr(s, '-')) <= 0 || (size_t)r + 1 == s.len)
		return false;
	if ((v = last_chr(vg_str_sub(s, 0, (size_t)r), '-')) <= 0 ||
	    v + 1 == r)
		return false;
	*namep = vg_str_sub(s, 0, (size_t)v);
	*rest = vg_str_sub(s, (size_t)v + 1, s.len);
	return true;
}

/* A source package file name, "openssl-3.0.7-24.el9.src.rpm". */
static bool
rpm_srpm(struct vg_str s, struct vg_str *namep, struct vg_str *vrp)
{
	struct vg_str version;

	if (VG_STR_SUFFIX(s, ".src.rpm"))
		s.len -= sizeof(".src.rpm") - 1;
	else if (VG_STR_SUFFIX(s, ".nosrc.rpm"))
		s.len -= sizeof(".nosrc.rpm") - 1;
	else
		return false;
	/* A source package's file name has no epoch. */
	return rpm_nvr(s, namep, vrp) && vg_str_chr(*vrp, ':') < 0 &&
	    rpm_evr(*vrp, &version, vrp);
}

/* A plain NEVRA, "openssl-libs-1:3.0.7-24.el9.x86_64". */
static bool
rpm_nevra(struct vg_str s, struct vg_inv_pkg *pkg)
{
	struct vg_str evr, vr;
	ptrdiff_t i;

	if ((i = last_chr(s, '.')) > 0 &&
	    rpm_is_arch(vg_str_sub(s, (size_t)i + 1, s.len))) {
		pkg->pk_arch = vg_str_sub(s, (size_t)i + 1, s.len);
		s.len = (size_t)i;
	}
	return rpm_nvr(s, &pkg->pk_name, &evr) &&
	    rpm_evr(evr, &pkg->pk_version, &vr);
}

/*
 * The words after NAME and EVR in a --queryformat line: SOURCERPM (known
 * by its suffix), an architecture, and "(none)" for either when absent.
 * Returns a problem, or NULL.
 *
 * The source version is the binary's version when the source package has
 * the same version-release, as it has for all but a few subpackages
 * built with a version of their own (perl's modules): then it keeps the
 * binary's epoch, which is the spec's.  For those few it is the source
 * package's version-release, whose epoch SOURCERPM does not give.
 */
static const char *
rpm_extra(struct vg_str rest, struct vg_str vr, struct vg_inv_pkg *pkg)
{
	struct vg_str w, src_vr;
	bool have_arch = false, have_src = false;
	unsigned n = 0;

	while (next_word(&rest, &w)) {
		if (++n > 2)
			return "more than 4 fields";
		if (VG_STR_SUFFIX(w, ".rpm")) {
			if (have_src)
				return "two source packages";
			if (!rpm_srpm(w, &pkg->pk_source, &src_vr))
				return "bad source package name";
			have_src = true;
			if (!vg_str_eq(src_vr, vr.p, vr.len))
				pkg->pk_source_version = src_vr;
		} else if (VG_STR_EQ(w, "(none)"))
			continue;
		else if (have_arch)
			return "two architectures";
		else {
			pkg->pk_arch = w;
			have_arch = true;
		}
	}
	return NULL;
}

/*
 * rpm -qa lines: "NAME [EPOCH:]VERSION-RELEASE [ARCH] [SOURCERPM]" or a
 * plain NEVRA.
 */
static int
parse_rpm(struct parse *ps)
{
	struct vg_inv_pkg pkg;
	struct vg_str line, word, evr, vr = VG_STR_NULL;
	const char *why;
	int r;

	while (next_line(ps, &line)) {
		if (!next_word(&line, &word))
			continue;
		memset(&pkg, 0, sizeof(pkg));
		pkg.pk_line = ps->ps_lno;
		if (!next_word(&line, &evr)) {
			if (!rpm_nevra(word, &pkg)) {
				bad(ps, ps->ps_lno, "not \"name [epoch:]version-"
				    "release ...\" nor a NEVRA: \"%.*s\"",
				    QV(word));
				continue;
			}
		} else {
			pkg.pk_name = word;
			if (!rpm_evr(evr, &pkg.pk_version, &vr)) {
				bad(ps, ps->ps_lno, "package \"%.*s\": bad "
				    "[epoch:]version-release \"%.*s\"",
				    QV(word), QV(evr));
				continue;
			}
		}
		pkg.pk_source = pkg.pk_name;
		pkg.pk_source_version = pkg.pk_version;
		if (line.len > 0 &&
		    (why = rpm_extra(line, vr, &pkg)) != NULL) {
			bad(ps, ps->ps_lno, "package \"%.*s\": %s",
			    QV(pkg.pk_name), why);
			continue;
		}
		/* Imported signing keys are listed as packages; they are not. */
		if (VG_STR_EQ(pkg.pk_name, "gpg-pubkey")) {
			ps->ps_inv->inv_stats.st_pseudo++;
			continue;
		}
		if ((r = add_pkg(ps, &pkg)) != 0)
			return r;
	}
	return 0;
}

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * One line of an apk installed-database record: a letter, ':' and the
 * value.  P, V, A and o are kept (in the slots of the dpkg fields they
 * match); the other keys (C checksum, T description, R files, ...)
 * are skipped, and are the bulk of the file.
 */
static void
apk_line(struct stanza *sz, struct vg_str line, uint32_t lno)
{
	static const char keys[DF_COUNT] = { 'P', 'V', 'A', '\0', 'o' };
	size_t i;

	if (line.len < 2 || !is_alpha(line.p[0]) || line.p[1] != ':') {
		stanza_bad(sz, lno, "not a \"X:value\" line: \"%.*s\"",
		    QV(line));
		return;
	}
	for (i = 0; i < DF_COUNT; i++) {
		if (keys[i] != line.p[0])
			continue;
		if (sz->sz_seen[i])
			stanza_bad(sz, lno, "second %c: line", keys[i]);
		sz->sz_seen[i] = true;
		sz->sz_val[i] = vg_str_trim(vg_str_sub(line, 2, line.len));
		break;
	}
}

static int
apk_end(struct parse *ps, struct stanza *sz)
{
	struct vg_inv_pkg pkg;

	if (sz->sz_bad_line != 0) {
		bad(ps, sz->sz_bad_line, "%s", sz->sz_bad);
		return 0;
	}
	if (!sz->sz_seen[DF_PACKAGE] || sz->sz_val[DF_PACKAGE].len == 0) {
		bad(ps, sz->sz_line, "record without a P: (package) line");
		return 0;
	}
	if (!sz->sz_seen[DF_VERSION] || sz->sz_val[DF_VERSION].len == 0) {
		bad(ps, sz->sz_line, "package \"%.*s\": no V: (version) line",
		    QV(sz->sz_val[DF_PACKAGE]));
		return 0;
	}
	memset(&pkg, 0, sizeof(pkg));
	pkg.pk_line = sz->sz_line;
	pkg.pk_name = sz->sz_val[DF_PACKAGE];
	pkg.pk_version = sz->sz_val[DF_VERSION];
	pkg.pk_arch = sz->sz_val[DF_ARCH];
	/* Subpackages share their origin's pkgver-pkgrel. */
	pkg.pk_source = sz->sz_seen[DF_SOURCE] ? sz->sz_val[DF_SOURCE] :
	    pkg.pk_name;
	pkg.pk_source_version = pkg.pk_version;
	return add_pkg(ps, &pkg);
}

/* Alpine's installed database: "X:value" records between blank lines. */
static int
parse_apk(struct parse *ps)
{
	uint32_t open;

	return parse_records(ps, apk_line, apk_end, &open);
}

/*
 * Recognise the format from the first non-blank line.  An apk database
 * starts with a one-letter key ("C:", "P:"); a dpkg status file with a
 * deb822 field name of two or more letters, a colon and a blank; a
 * dpkg-query line has a tab (the package may be "libc6:amd64", which is
 * not a field: no blank after the colon); rpm lines have none of these.
 * Returns VG_INV_AUTO for a blank text.
 */
static enum vg_inv_format
sniff(struct vg_str text)
{
	struct vg_str line;
	size_t i;

	do {
		if (!vg_str_until(&text, '\n', &line)) {
			line = text;
			text.len = 0;
		}
		line = vg_str_trim(line);
	} while (line.len == 0 && text.len > 0);
	if (line.len == 0)
		return VG_INV_AUTO;
	if (line.len >= 2 && is_alpha(line.p[0]) && line.p[1] == ':')
		return VG_INV_APK;
	for (i = 0; i < line.len && (is_alpha(line.p[i]) ||
	    (line.p[i] >= '0' && line.p[i] <= '9') || line.p[i] == '-'); i++)
		;
	if (i >= 2 && is_alpha(line.p[0]) && i < line.len &&
	    line.p[i] == ':' && (i + 1 == line.len || line.p[i + 1] == ' ' ||
	    line.p[i + 1] == '\t'))
		return VG_INV_DPKG_STATUS;
	if (vg_str_chr(line, '\t') >= 0)
		return VG_INV_DPKG_QUERY;
	return VG_INV_RPM;
}

const char *
vg_inv_format_name(enum vg_inv_format fmt)
{
	static const char *const names[VG_INV_FORMAT_COUNT] = {
		"auto", "dpkg-status", "dpkg-query", "rpm", "apk",
	};

	if ((unsigned)fmt >= VG_INV_FORMAT_COUNT)
		return "?";
	return names[fmt];
}

int
vg_inventory_parse(const char *file, const char *buf, size_t len,
    enum vg_inv_format fmt, vg_inv_warn_fn *warn, void *warn_arg,
    struct vg_inventory **invp, struct vg_diag *diag)
{
	struct vg_inventory *inv = NULL;
	struct vg_str text = vg_str_make(len > 0 ? buf : "", len);
	struct parse ps;
	int r = VG_ERR_INTERNAL;

	*invp = NULL;
	memset(diag, 0, sizeof(*diag));
	diag->src = file;
	if (len > VG_MAX_INVENTORY_BYTES) {
		snprintf(diag->msg, sizeof(diag->msg), "inventory larger "
		    "than %ld bytes", VG_MAX_INVENTORY_BYTES);
		return VG_ERR_LIMIT;
	}
	if ((unsigned)fmt >= VG_INV_FORMAT_COUNT) {
		snprintf(diag->msg, sizeof(diag->msg), "no inventory format "
		    "%u", (unsigned)fmt);
		return VG_ERR_INVAL;
	}
	if (fmt == VG_INV_AUTO && (fmt = sniff(text)) == VG_INV_AUTO) {
		snprintf(diag->msg, sizeof(diag->msg), "empty inventory");
		return VG_ERR_FORMAT;
	}
	if ((inv = calloc(1, sizeof(*inv))) == NULL) {
		r = VG_ERR_NOMEM;
		goto out;
	}
	inv->inv_format = fmt;
	memset(&ps, 0, sizeof(ps));
	ps.ps_file = file;
	ps.ps_warn = warn;
	ps.ps_warn_arg = warn_arg;
	ps.ps_inv = inv;
	ps.ps_diag = diag;
	ps.ps_rest = text;
	ps.ps_final_nl = len > 0 && buf[len - 1] == '\n';
	switch (fmt) {
	case VG_INV_DPKG_STATUS:
		r = parse_dpkg_status(&ps);
		break;
	case VG_INV_DPKG_QUERY:
		r = parse_dpkg_query(&ps);
		break;
	case VG_INV_RPM:
		r = parse_rpm(&ps);
		break;
	case VG_INV_APK:
		r = parse_apk(&ps);
		break;
	case VG_INV_AUTO:
	case VG_INV_FORMAT_COUNT:
		r = VG_ERR_INTERNAL;
		break;
	}
	if (r != 0)
		goto out;
	if (len > 0 && !ps.ps_final_nl)
		report(&ps, ps.ps_lno, "no newline at the end: the last line "
		    "may be truncated");
	*invp = inv;
	inv = NULL;
	r = 0;
 out:
	vg_inventory_free(inv);
	if (r != 0 && diag->msg[0] == '\0')
		snprintf(diag->msg, sizeof(diag->msg), "%s", vg_strerror(r));
	return r;
}

void
vg_inventory_free(struct vg_inventory *inv)
{
	if (inv == NULL)
		return;
	free(inv->inv_pkgs);
	free(inv);
}

size_t
vg_inventory_count(const struct vg_inventory *inv)
{
	return inv->inv_npkgs;
}

const struct vg_inv_pkg *
vg_inventory_get(const struct vg_inventory *inv, size_t i)
{
	VG_ASSERT(i < inv->inv_npkgs);
	return &inv->inv_pkgs[i];
}

enum vg_inv_format
vg_inventory_format(const struct vg_inventory *inv)
{
	return inv->inv_format;
}

void
vg_inventory_stats(const struct vg_inventory *inv,
    struct vg_inv_stats *statsp)
{
	*statsp = inv->inv_stats;
}

/*
 * os-release(5).  Values are shell-like: unquoted, or in double quotes
 * (with backslash escapes) or single quotes.  Copy the unquoted value of
 * `v' into buf; false when it does not fit or its quoting is broken.
 */
static bool
osr_value(struct vg_str v, char *buf, size_t size)
{
	size_t n = 0;
	char c, q = '\0';

	v = vg_str_trim(v);
	if (v.len > 0 && (v.p[0] == '"' || v.p[0] == '\'')) {
		q = v.p[0];
		vg_str_skip(&v, 1);
	}
	while (v.len > 0) {
		c = v.p[0];
		vg_str_skip(&v, 1);
		if (q != '\0' && c == q) {
			if (v.len != 0)
				return false;
			q = '\0';
			break;
		}
		if (c == '\\' && q != '\'' && v.len > 0) {
			c = v.p[0];
			vg_str_skip(&v, 1);
		}
		if (n + 1 >= size)
			return false;
		buf[n++] = c;
	}
	if (q != '\0')
		return false;
	buf[n] = '\0';
	return true;
}

/*
 * Number of parts of a version made only of dot-separated runs of digits
 * ("3.19.1": 3), or 0 for anything else.  *end1p and *end2p are where the
 * first and second parts end.  `v' is NUL-terminated.
 */
static unsigned
version_parts(const char *v, size_t *end1p, size_t *end2p)
{
	unsigned parts = 0;
	size_t i = 0, n;

	*end1p = *end2p = 0;
	for (;;) {
		for (n = 0; v[i + n] >= '0' && v[i + n] <= '9'; n++)
			;
		if (n == 0)
			return 0;
		i += n;
		if (++parts == 1)
			*end1p = i;
		else if (parts == 2)
			*end2p = i;
		if (v[i] == '\0')
			return parts;
		if (v[i++] != '.')
			return 0;
	}
}

enum osr_version {
	OV_NUMBER,		/* "12" */
	OV_YEAR_MONTH,		/* "22.04" */
	OV_BRANCH,		/* "3.19.1" -> "v3.19" */
	OV_MAJOR,		/* "9.3" -> "9" */
};

int
vg_inventory_ecosystem(const char *buf, size_t len, char *out,
    size_t outlen)
{
	static const struct {
		const char		*id;
		const char		*ecosystem;
		enum osr_version	 version;
	} distros[] = {
		{ "debian",	"Debian",	OV_NUMBER },
		{ "ubuntu",	"Ubuntu",	OV_YEAR_MONTH },
		{ "alpine",	"Alpine",	OV_BRANCH },
		{ "almalinux",	"AlmaLinux",	OV_MAJOR },
		{ "rocky",	"Rocky Linux",	OV_MAJOR },
		{ "rhel",	"Red Hat",	OV_MAJOR },
	};
	struct vg_str text = vg_str_make(len > 0 ? buf : "", len);
	struct vg_str line, key;
	char id[32] = "", version[32] = "";
	size_t i, end1, end2;
	unsigned parts;
	int n;

	if (outlen > 0)
		out[0] = '\0';
	if (len > VG_MAX_OS_RELEASE_BYTES)
		return VG_ERR_LIMIT;
	while (text.len > 0) {
		if (!vg_str_until(&text, '\n', &line)) {
			line = text;
			text.len = 0;
		}
		line = vg_str_trim(line);
		if (line.len == 0 || line.p[0] == '#' ||
		    !vg_str_until(&line, '=', &key))
			continue;
		/* A value that does not parse unsets the variable. */
		if (VG_STR_EQ(key, "ID") && !osr_value(line, id, sizeof(id)))
			id[0] = '\0';
		if (VG_STR_EQ(key, "VERSION_ID") &&
		    !osr_value(line, version, sizeof(version)))
			version[0] = '\0';
	}
	for (i = 0; i < VG_ARRAY_LEN(distros); i++)
		if (strcasecmp(id, distros[i].id) == 0)
			break;
	if (i == VG_ARRAY_LEN(distros))
		return VG_ERR_NOTFOUND;
	parts = version_parts(version, &end1, &end2);
	switch (distros[i].version) {
	case OV_NUMBER:
		if (parts != 1)
			return VG_ERR_NOTFOUND;
		n = snprintf(out, outlen, "%s:%s", distros[i].ecosystem,
		    version);
		break;
	case OV_YEAR_MONTH:
		if (parts != 2)
			return VG_ERR_NOTFOUND;
		n = snprintf(out, outlen, "%s:%s", distros[i].ecosystem,
		    version);
		break;
	case OV_BRANCH:
		/* "3.19.1" and "3.19"; not edge's "3.20.0_alpha20240329". */
		if (parts != 2 && parts != 3)
			return VG_ERR_NOTFOUND;
		n = snprintf(out, outlen, "%s:v%.*s", distros[i].ecosystem,
		    (int)end2, version);
		break;
	case OV_MAJOR:
	default:
		/* "9", "9.3", "8.10": the major release scopes the stream. */
		if (parts == 0)
			return VG_ERR_NOTFOUND;
		n = snprintf(out, outlen, "%s:%.*s", distros[i].ecosystem,
		    (int)end1, version);
		break;
	}
	if (n < 0 || (size_t)n >= outlen) {
		if (outlen > 0)
			out[0] = '\0';
		return VG_ERR_LIMIT;
	}
	return 0;
}
