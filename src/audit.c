/*
 * audit.c -- one host's packages against the advisory database, and the
 * reports.  See audit.h.
 */
#include "vg.h"

#include <errno.h>

#include "audit.h"
#include "vg_buf.h"
#include "vg_json.h"

/* Advisory entries looked at for one name: more are read in passes. */
#define ENTRY_BATCH	64

struct finding_buf {
	struct vg_audit_finding	*fb_v;
	size_t			 fb_n;
	size_t			 fb_cap;
};

static int
finding_push(struct finding_buf *fb, const struct vg_audit_finding *f)
{
	struct vg_audit_finding *nv;
	size_t ncap;

	if (fb->fb_n == fb->fb_cap) {
		ncap = fb->fb_cap == 0 ? 64 : fb->fb_cap * 2;
		if ((nv = reallocarray(fb->fb_v, ncap, sizeof(*nv))) == NULL)
			return VG_ERR_NOMEM;
		fb->fb_v = nv;
		fb->fb_cap = ncap;
	}
	fb->fb_v[fb->fb_n++] = *f;
	return 0;
}

static const struct vg_kev *
kev_of(const struct vg_advdb *db, const struct vg_adv *adv)
{
	const struct vg_kev *k;
	uint32_t i;

	for (i = 0; i < adv->adv_ncves; i++)
		if ((k = vg_advdb_kev(db, adv->adv_cves[i])) != NULL)
			return k;
	return NULL;
}

static void
warn_pair(vg_audit_warn_fn *warn, void *arg, const char *host,
    const struct vg_inv_pkg *pk, const struct vg_adv_affected *aa,
    int r)
{
	struct vg_diag d;

	if (warn == NULL)
		return;
	d.src = host;
	d.line = pk->pk_line;
	snprintf(d.msg, sizeof(d.msg), "%.*s %.*s: advisory %.*s (%.*s): %s",
	    (int)VG_MIN(aa->aa_package.len, 48), aa->aa_package.p,
	    (int)VG_MIN(pk->pk_version.len, 40), pk->pk_version.p,
	    (int)VG_MIN(aa->aa_adv->adv_id.len, 40), aa->aa_adv->adv_id.p,
	    (int)VG_MIN(aa->aa_adv->adv_file.len, 40), aa->aa_adv->adv_file.p,
	    r == VG_ERR_PARSE ? "a version of its ranges is unreadable" :
	    vg_strerror(r));
	warn(arg, &d);
}

/*
 * Evaluate every entry for (ecosystem, name) against `version' and
 * append the findings of package `pk', skipping advisories already found
 * for it (an advisory may list a package twice, under the release and
 * under the bare ecosystem, or under the binary and the source name).
 * `first' is where this package's findings start in fb.
 */
static int
audit_name(const struct vg_advdb *db, struct vg_audit *au,
    enum vg_ver_scheme scheme, struct vg_str eco, struct vg_str name,
    struct vg_str version, const struct vg_inv_pkg *pk, size_t first,
    struct finding_buf *fb, vg_audit_warn_fn *warn, void *warn_arg)
{
	struct vg_adv_iter it;
	const struct vg_adv_affected *aa;
	struct vg_audit_finding f;
	enum vg_vuln_verdict verdict;
	struct vg_str fixed;
	size_t k;
	int r;

	vg_adv_iter_init(&it, db, eco, name);
	while ((aa = vg_adv_iter_next(&it)) != NULL) {
		au->au_stats.as_entries++;
		for (k = first; k < fb->fb_n; k++)
			if (fb->fb_v[k].af_aff->aa_adv == aa->aa_adv)
				break;
		if (k < fb->fb_n)
			continue;
		r = vg_vuln_check(aa, scheme, version, &verdict, &fixed);
		if (r != 0) {
			au->au_stats.as_unreadable++;
			warn_pair(warn, warn_arg, au->au_host, pk, aa, r);
			continue;
		}
		if (verdict == VG_VULN_NOT_AFFECTED)
			continue;
		memset(&f, 0, sizeof(f));
		f.af_pkg = pk;
		f.af_aff = aa;
		f.af_verdict = verdict;
		f.af_fixed = verdict == VG_VULN_AFFECTED ? fixed :
		    vg_str_make("", 0);
		f.af_kev = kev_of(db, aa->aa_adv);
		if ((r = finding_push(fb, &f)) != 0)
			return r;
	}
	return 0;
}

static int
str_cmp(struct vg_str a, struct vg_str b)
{
	int c = memcmp(a.p, b.p, VG_MIN(a.len, b.len));

	return c != 0 ? c : (a.len > b.len) - (a.len < b.len);
}

/* What must be done first comes first (see audit.h). */
static int
finding_cmp(const void *va, const void *vb)
{
	const struct vg_audit_finding *a = va, *b = vb;
	int c;

	if ((a->af_kev != NULL) != (b->af_kev != NULL))
		return a->af_kev != NULL ? -1 : 1;
	if (a->af_aff->aa_sev != b->af_aff->aa_sev)
		return a->af_aff->aa_sev > b->af_aff->aa_sev ? -1 : 1;
	if (a->af_verdict != b->af_verdict)
		return a->af_verdict == VG_VULN_AFFECTED ? -1 : 1;
	if ((c = str_cmp(a->af_pkg->pk_source, b->af_pkg->pk_source)) != 0 ||
	    (c = str_cmp(a->af_pkg->pk_name, b->af_pkg->pk_name)) != 0)
		return c;
	if ((c = str_cmp(a->af_aff->aa_adv->adv_id,
	    b->af_aff->aa_adv->adv_id)) != 0)
		return c;
	/* Total order for a stable report: the inventory line. */
	return (a->af_pkg->pk_line > b->af_pkg->pk_line) -
	    (a->af_pkg->pk_line < b->af_pkg->pk_line);
}

int
vg_audit_host(const struct vg_advdb *db, const struct vg_inventory *inv,
    const char *host, const char *ecosystem, vg_audit_warn_fn *warn,
    void *warn_arg, struct vg_audit *au)
{
	struct finding_buf fb = { NULL, 0, 0 };
	const struct vg_inv_pkg *pk;
	struct vg_str eco;
	enum vg_ver_scheme scheme;
	struct vg_diag d;
	size_t i, n, first;
	bool by_source;
	int r;

	memset(au, 0, sizeof(*au));
	au->au_host = host;
	if ((size_t)snprintf(au->au_ecosystem, sizeof(au->au_ecosystem), "%s",
	    ecosystem) >= sizeof(au->au_ecosystem))
		return VG_ERR_INVAL;
	eco = vg_str_make(au->au_ecosystem, strlen(au->au_ecosystem));
	if ((scheme = vg_ver_scheme_of(eco)) == 0)
		return VG_ERR_INVAL;
	by_source = scheme == VG_VER_DPKG || scheme == VG_VER_APK;

	n = vg_inventory_count(inv);
	for (i = 0; i < n; i++) {
		struct vg_str name, version;

		pk = vg_inventory_get(inv, i);
		au->au_stats.as_packages++;
		name = by_source ? pk->pk_source : pk->pk_name;
		version = by_source ? pk->pk_source_version : pk->pk_version;
		if ((r = vg_ver_check(scheme, version)) != 0) {
			au->au_stats.as_unreadable++;
			if (warn != NULL) {
				d.src = host;
				d.line = pk->pk_line;
				snprintf(d.msg, sizeof(d.msg), "%.*s: version "
				    "\"%.*s\" is not a %s version: not audited",
				    (int)VG_MIN(name.len, 64), name.p,
				    (int)VG_MIN(version.len, 64), version.p,
				    au->au_ecosystem);
				warn(warn_arg, &d);
			}
			continue;
		}
		first = fb.fb_n;
		if ((r = audit_name(db, au, scheme, eco, name, version, pk,
		    first, &fb, warn, warn_arg)) != 0)
			goto fail;
		/* rpm advisories name binaries, sometimes the source RPM. */
		if (!by_source && !vg_str_same(pk->pk_source, pk->pk_name) &&
		    (r = audit_name(db, au, scheme, eco, pk->pk_source,
		    version, pk, first, &fb, warn, warn_arg)) != 0)
			goto fail;
	}
	if (fb.fb_n > 1)
		qsort(fb.fb_v, fb.fb_n, sizeof(*fb.fb_v), finding_cmp);
	au->au_findings = fb.fb_v;
	au->au_nfindings = fb.fb_n;
	au->au_stats.as_findings = fb.fb_n;
	for (i = 0; i < fb.fb_n; i++) {
		au->au_stats.as_kev += fb.fb_v[i].af_kev != NULL;
		au->au_stats.as_unfixed +=
		    fb.fb_v[i].af_verdict == VG_VULN_UNFIXED;
	}
	return 0;
 fail:
	free(fb.fb_v);
	memset(au, 0, sizeof(*au));
	return r;
}

void
vg_audit_cleanup(struct vg_audit *au)
{
	free(au->au_findings);
	au->au_findings = NULL;
	au->au_nfindings = 0;
}

bool
vg_audit_finding_is(const struct vg_audit_finding *f, struct vg_str id)
{
	const struct vg_adv *adv = f->af_aff->aa_adv;
	uint32_t i;

	if (vg_str_same(adv->adv_id, id))
		return true;
	for (i = 0; i < adv->adv_naliases; i++)
		if (vg_str_same(adv->adv_aliases[i], id))
			return true;
	return false;
}

/* ------------------------------------------------------------ reports */

bool
vg_audit_format_parse(const char *s, enum vg_audit_format *fmtp)
{
	if (strcmp(s, "jsonl") == 0 || strcmp(s, "json") == 0)
		*fmtp = VG_AUDIT_JSONL;
	else if (strcmp(s, "table") == 0)
		*fmtp = VG_AUDIT_TABLE;
	else if (strcmp(s, "csv") == 0)
		*fmtp = VG_AUDIT_CSV;
	else
		return false;
	return true;
}

static const char *
status_name(enum vg_vuln_verdict v)
{
	return v == VG_VULN_UNFIXED ? "unfixed" : "affected";
}

static void
finding_json(struct vg_json *j, const struct vg_audit *au,
    const struct vg_audit_finding *f)
{
	const struct vg_inv_pkg *pk = f->af_pkg;
	const struct vg_adv_affected *aa = f->af_aff;
	const struct vg_adv *adv = aa->aa_adv;
	uint32_t i;

	vg_json_reset(j);
	vg_json_obj_begin(j, NULL);
	vg_json_obj_begin(j, "host");
	vg_json_cstr(j, "name", au->au_host);
	vg_json_obj_begin(j, "os");
	vg_json_cstr(j, "ecosystem", au->au_ecosystem);
	vg_json_obj_end(j);
	vg_json_obj_end(j);
	vg_json_obj_begin(j, "package");
	vg_json_str(j, "name", pk->pk_name);
	vg_json_str(j, "version", pk->pk_version);
	vg_json_str(j, "source", pk->pk_source);
	vg_json_str(j, "source_version", pk->pk_source_version);
	if (pk->pk_arch.len > 0)
		vg_json_str(j, "architecture", pk->pk_arch);
	vg_json_obj_end(j);
	vg_json_obj_begin(j, "vulnerability");
	vg_json_str(j, "id", adv->adv_id);
	vg_json_arr_begin(j, "cve");
	for (i = 0; i < adv->adv_ncves; i++)
		vg_json_str(j, NULL, adv->adv_cves[i]);
	vg_json_arr_end(j);
	if (f->af_fixed.len > 0)
		vg_json_str(j, "fixed_version", f->af_fixed);
	else
		vg_json_null(j, "fixed_version");
	vg_json_cstr(j, "status", status_name(f->af_verdict));
	vg_json_bool(j, "kev", f->af_kev != NULL);
	if (aa->aa_sev != VG_ADV_SEV_UNKNOWN)
		vg_json_cstr(j, "severity", vg_adv_sev_name(aa->aa_sev));
	if (aa->aa_severity.len > 0)
		vg_json_str(j, "severity_source", aa->aa_severity);
	vg_json_str(j, "package", aa->aa_package);
	vg_json_str(j, "ecosystem", aa->aa_ecosystem);
	if (adv->adv_summary.len > 0)
		vg_json_str(j, "summary", adv->adv_summary);
	vg_json_cstr(j, "source", adv->adv_source == VG_ADV_SRC_DEBIAN ?
	    "debian-tracker" : "osv");
	vg_json_str(j, "file", adv->adv_file);
	vg_json_obj_end(j);
	if (f->af_kev != NULL) {
		vg_json_obj_begin(j, "kev");
		vg_json_str(j, "cve", f->af_kev->kev_cve);
		if (f->af_kev->kev_due_date.len > 0)
			vg_json_str(j, "due_date", f->af_kev->kev_due_date);
		if (f->af_kev->kev_date_added.len > 0)
			vg_json_str(j, "date_added",
			    f->af_kev->kev_date_added);
		vg_json_bool(j, "ransomware", f->af_kev->kev_ransomware);
		vg_json_obj_end(j);
	}
	vg_json_obj_end(j);
	vg_json_newline(j);
}

static int
write_jsonl(FILE *fp, const struct vg_audit *au)
{
	struct vg_json j;
	size_t i;
	int r = 0;

	vg_json_init(&j, 1 << 20);
	for (i = 0; i < au->au_nfindings && r == 0; i++) {
		finding_json(&j, au, &au->au_findings[i]);
		if (j.j_overflow)
			r = VG_ERR_NOMEM;
		else if (fwrite(j.j_buf, 1, j.j_len, fp) != j.j_len)
			r = VG_ERR_IO;
	}
	vg_json_cleanup(&j);
	return r;
}

/* A view as one CSV cell, not the last of its row. */
static void
csv_view(struct vg_buf *b, struct vg_str s)
{
	vg_buf_csv_cell(b, s.p, s.len, false);
}

static int
write_csv(FILE *fp, const struct vg_audit *au, bool first)
{
	const struct vg_audit_finding *f;
	const struct vg_adv *adv;
	struct vg_buf row, cves;
	size_t i;
	uint32_t k;
	int r = 0;

	if (first)
		fputs("host.name,package.name,package.version,package.source,"
		    "package.source_version,vulnerability.id,vulnerability.cve,"
		    "vulnerability.fixed_version,vulnerability.status,"
		    "vulnerability.kev,kev.due_date,vulnerability.severity\n",
		    fp);
	vg_buf_init(&row, 64 * 1024);
	vg_buf_init(&cves, 32 * 1024);
	for (i = 0; i < au->au_nfindings && r == 0; i++) {
		f = &au->au_findings[i];
		adv = f->af_aff->aa_adv;
		vg_buf_clear(&row);
		vg_buf_clear(&cves);
		for (k = 0; k < adv->adv_ncves; k++) {
			if (k > 0)
				vg_buf_add(&cves, " ", 1);
			vg_buf_add(&cves, adv->adv_cves[k].p,
			    adv->adv_cves[k].len);
		}
		vg_buf_csv_str(&row, au->au_host, false);
		csv_view(&row, f->af_pkg->pk_name);
		csv_view(&row, f->af_pkg->pk_version);
		csv_view(&row, f->af_pkg->pk_source);
		csv_view(&row, f->af_pkg->pk_source_version);
		csv_view(&row, adv->adv_id);
		vg_buf_csv_cell(&row, cves.b_p, cves.b_len, false);
		csv_view(&row, f->af_fixed);
		vg_buf_csv_str(&row, status_name(f->af_verdict), false);
		vg_buf_csv_str(&row, f->af_kev != NULL ? "true" : "false",
		    false);
		if (f->af_kev != NULL)
			csv_view(&row, f->af_kev->kev_due_date);
		else
			vg_buf_csv_str(&row, "", false);
		vg_buf_csv_str(&row, f->af_aff->aa_sev == VG_ADV_SEV_UNKNOWN ?
		    "" : vg_adv_sev_name(f->af_aff->aa_sev), true);
		if ((r = row.b_err != 0 ? row.b_err : cves.b_err) == 0 &&
		    fwrite(row.b_p, 1, row.b_len, fp) != row.b_len)
			r = VG_ERR_IO;
	}
	vg_buf_free(&row);
	vg_buf_free(&cves);
	if (r == 0 && ferror(fp))
		r = VG_ERR_IO;
	return r;
}

/*
 * The table: the findings grouped by source package.  A group's fix is
 * the highest fixed version among its fixable findings: upgrading the
 * source package to it fixes every one of them.
 */
struct upgrade {
	struct vg_str	 up_source;
	struct vg_str	 up_installed;
	struct vg_str	 up_fix;		/* "" when nothing is fixable */
	size_t		 up_advisories;		/* distinct, fixable */
	size_t		 up_unfixed;		/* distinct, no fix */
	size_t		 up_kev;
	enum vg_adv_sev	 up_sev;
	const struct vg_audit_finding *up_first_kev;
	const struct vg_audit_finding *up_worst;
};

static int
upgrade_cmp(const void *va, const void *vb)
{
	const struct upgrade *a = va, *b = vb;

	if ((a->up_kev > 0) != (b->up_kev > 0))
		return a->up_kev > 0 ? -1 : 1;
	if ((a->up_fix.len > 0) != (b->up_fix.len > 0))
		return a->up_fix.len > 0 ? -1 : 1;
	if (a->up_sev != b->up_sev)
		return a->up_sev > b->up_sev ? -1 : 1;
	return str_cmp(a->up_source, b->up_source);
}

/* Was this finding's advisory counted for the group already? */
static bool
seen_before(const struct vg_audit *au, size_t i, struct vg_str source)
{
	const struct vg_adv *adv = au->au_findings[i].af_aff->aa_adv;
	size_t k;

	for (k = 0; k < i; k++)
		if (au->au_findings[k].af_aff->aa_adv == adv &&
		    vg_str_same(au->au_findings[k].af_pkg->pk_source, source))
			return true;
	return false;
}

static int
build_upgrades(const struct vg_audit *au, enum vg_ver_scheme scheme,
    struct upgrade **upsp, size_t *nupsp)
{
	struct upgrade *ups, *up;
	const struct vg_audit_finding *f;
	size_t i, k, nups = 0;
	int cmp;

	*upsp = NULL;
	*nupsp = 0;
	if (au->au_nfindings == 0)
		return 0;
	if ((ups = calloc(au->au_nfindings, sizeof(*ups))) == NULL)
		return VG_ERR_NOMEM;
	for (i = 0; i < au->au_nfindings; i++) {
		f = &au->au_findings[i];
		for (k = 0; k < nups; k++)
			if (vg_str_same(ups[k].up_source, f->af_pkg->pk_source))
				break;
		up = &ups[k];
		if (k == nups) {
			nups++;
			up->up_source = f->af_pkg->pk_source;
			up->up_installed = f->af_pkg->pk_source_version;
			up->up_fix = vg_str_make("", 0);
		}
		if (seen_before(au, i, up->up_source))
			continue;
		if (f->af_verdict == VG_VULN_UNFIXED) {
			up->up_unfixed++;
		} else {
			up->up_advisories++;
			if (up->up_fix.len == 0 ||
			    (vg_ver_cmp(scheme, f->af_fixed, up->up_fix,
			    &cmp) == 0 && cmp > 0))
				up->up_fix = f->af_fixed;
		}
		if (f->af_kev != NULL && up->up_kev++ == 0)
			up->up_first_kev = f;
		if (up->up_worst == NULL || f->af_aff->aa_sev > up->up_sev) {
			up->up_sev = f->af_aff->aa_sev;
			up->up_worst = f;
		}
	}
	qsort(ups, nups, sizeof(*ups), upgrade_cmp);
	*upsp = ups;
	*nupsp = nups;
	return 0;
}

static int
write_table(FILE *fp, const struct vg_audit *au)
{
	struct upgrade *ups;
	const struct upgrade *up;
	const struct vg_audit_finding *f;
	size_t nups, i, nfix = 0;
	int r;

	r = build_upgrades(au, vg_ver_scheme_of(vg_str_make(au->au_ecosystem,
	    strlen(au->au_ecosystem))), &ups, &nups);
	if (r != 0)
		return r;
	for (i = 0; i < nups; i++)
		nfix += ups[i].up_fix.len > 0;
	fprintf(fp, "%s (%s): %zu packages, %zu findings, %zu known "
	    "exploited, %zu upgrades to make, %zu without a fix\n",
	    au->au_host, au->au_ecosystem, au->au_stats.as_packages,
	    au->au_nfindings, au->au_stats.as_kev, nfix,
	    au->au_stats.as_unfixed);
	for (i = 0; i < nups; i++) {
		up = &ups[i];
		f = up->up_kev > 0 ? up->up_first_kev : up->up_worst;
		fprintf(fp, "  %-3s %-24.*s %-26.*s -> %-26.*s %3zu advisor%s",
		    up->up_kev > 0 ? "KEV" : "",
		    (int)up->up_source.len, up->up_source.p,
		    (int)up->up_installed.len, up->up_installed.p,
		    up->up_fix.len > 0 ? (int)up->up_fix.len : 8,
		    up->up_fix.len > 0 ? up->up_fix.p : "(no fix)",
		    up->up_advisories + up->up_unfixed,
		    up->up_advisories + up->up_unfixed == 1 ? "y" : "ies");
		if (up->up_unfixed > 0 && up->up_fix.len > 0)
			fprintf(fp, " (%zu without a fix)", up->up_unfixed);
		fprintf(fp, "  %-10s %.*s", up->up_sev == VG_ADV_SEV_UNKNOWN ?
		    "-" : vg_adv_sev_name(up->up_sev),
		    (int)f->af_aff->aa_adv->adv_id.len,
		    f->af_aff->aa_adv->adv_id.p);
		if (up->up_kev > 0 && f->af_kev->kev_due_date.len > 0)
			fprintf(fp, " (KEV %.*s, due %.*s)",
			    (int)f->af_kev->kev_cve.len, f->af_kev->kev_cve.p,
			    (int)f->af_kev->kev_due_date.len,
			    f->af_kev->kev_due_date.p);
		putc('\n', fp);
	}
	free(ups);
	return ferror(fp) ? VG_ERR_IO : 0;
}

int
vg_audit_write(FILE *fp, enum vg_audit_format fmt, const struct vg_audit *au,
    bool first)
{
	switch (fmt) {
	case VG_AUDIT_JSONL:
		return write_jsonl(fp, au);
	case VG_AUDIT_CSV:
		return write_csv(fp, au, first);
	case VG_AUDIT_TABLE:
		return write_table(fp, au);
	}
	return VG_ERR_INVAL;
}
