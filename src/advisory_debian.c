/*
 * advisory_debian.c -- the Debian security tracker's JSON export into
 * the advisory database.
 *
 * Runs where advisories are loaded; advisory.c hands over one source
 * package at a time (the export is read in pieces, see advisory.c).  The
 * export maps source package -> CVE (or TEMP-... id) -> {description,
 * scope, debianbug, releases -> codename -> {status, repositories,
 * fixed_version, urgency, nodsa, nodsa_reason}}.
 *
 * Each (package, CVE) with at least one affected release becomes one
 * advisory, and each affected release one entry whose ecosystem is the
 * OSV name of the release, with one ECOSYSTEM range: introduced "0",
 * then fixed at fixed_version when there is one.  The tracker's rules,
 * as debsecan applies them:
 *
 *   fixed_version "0"          never affected: counted in st_not_affected,
 *                              no entry
 *   fixed_version V            affected below V: FIXED
 *   "open", no fixed_version   every version affected, no fix: UNFIXED
 *   "undetermined", no fixed   not triaged yet: UNDETERMINED
 *   "resolved", no fixed       contradictory: reported, skipped
 *
 * urgency becomes the entry's severity with the "**" the tracker adds to
 * levels taken from NVD removed ("high**" reads "high"); "end-of-life"
 * (the release no longer gets fixes for the package) sets
 * VG_ADV_AF_EOL, and a `nodsa' member VG_ADV_AF_NODSA.  Releases whose
 * codename is not in the table below are counted as unmatched and
 * reported once per file, since each new release would otherwise give a
 * warning per CVE.
 */
#include "advisory.h"
#include "advisory_int.h"

/*
 * Codenames and their OSV ecosystems, from distro-info-data's
 * debian.csv.  OSV writes a numbered release "Debian:<version>"; the
 * issue's contract names unstable "Debian:unstable" (OSV's own table
 * would say "Debian:sid"; no OSV feed publishes sid records).
 */
static const struct {
	const char	*codename;
	const char	*ecosystem;
} codenames[] = {
	{ "sid", "Debian:unstable" },
	{ "duke", "Debian:15" },
	{ "forky", "Debian:14" },
	{ "trixie", "Debian:13" },
	{ "bookworm", "Debian:12" },
	{ "bullseye", "Debian:11" },
	{ "buster", "Debian:10" },
	{ "stretch", "Debian:9" },
	{ "jessie", "Debian:8" },
	{ "wheezy", "Debian:7" },
	{ "squeeze", "Debian:6" },
	{ "lenny", "Debian:5" },
	{ "etch", "Debian:4" },
};

static const char *
release_ecosystem(struct vg_str codename)
{
	size_t i;

	for (i = 0; i < VG_ARRAY_LEN(codenames); i++)
		if (vg_str_eq(codename, codenames[i].codename,
		    strlen(codenames[i].codename)))
			return codenames[i].ecosystem;
	return NULL;
}

bool
vg_advisory__debian_is_pkg(const json_t *pkg)
{
	const json_t *cve;
	void *it;

	if (!json_is_object(pkg) ||
	    (it = json_object_iter((json_t *)pkg)) == NULL)
		return false;
	cve = json_object_iter_value(it);
	return json_is_object(cve) && json_object_get(cve, "releases") != NULL;
}

/* The urgency as a severity word: trailing '*' removed. */
static struct vg_str
urgency_word(const json_t *rel)
{
	struct vg_str u = vg_advisory__jstr(rel, "urgency");

	while (u.len > 0 && u.p[u.len - 1] == '*')
		u.len--;
	return vg_advisory__field_ok(u) ? u : VG_STR_NULL;
}

/* What one release of one CVE says, before it becomes an entry. */
struct rel {
	const char		*rl_eco;
	struct vg_str		 rl_fixed;	/* empty: none */
	enum vg_adv_status	 rl_status;
	struct vg_str		 rl_urgency;
	unsigned		 rl_flags;
};

/*
 * Read release `codename' of `rel'.  Returns 1 when it yields an entry
 * (*out filled), 0 when not (counted or reported here).
 */
static int
release_read(struct vg_advisory__doc *doc, const char *pfx,
    unsigned long line, struct vg_str codename, const json_t *rel,
    struct rel *out)
{
	struct vg_advdb_stats *st = vg_advisory__stats(doc->dc_db);
	char q[VG_ADVISORY__QUOTE_MAX + 1];
	const json_t *fixed;
	struct vg_str status;

	memset(out, 0, sizeof(*out));
	if ((out->rl_eco = release_ecosystem(codename)) == NULL) {
		st->st_unmatched++;
		if (!doc->dc_unknown_codename) {
			doc->dc_unknown_codename = true;
			vg_advisory__warn(doc, line, "%sunknown release "
			    "\"%s\": skipped (reported once per file)", pfx,
			    vg_advisory__quote(codename, q, sizeof(q)));
		}
		return 0;
	}
	if (!json_is_object(rel)) {
		vg_advisory__warn(doc, line, "%s%s: not an object", pfx,
		    out->rl_eco);
		return 0;
	}
	fixed = json_object_get(rel, "fixed_version");
	if (fixed != NULL && !json_is_null(fixed)) {
		out->rl_fixed = vg_advisory__jview(fixed);
		if (!vg_advisory__field_ok(out->rl_fixed)) {
			vg_advisory__warn(doc, line, "%s%s: bad fixed_version",
			    pfx, out->rl_eco);
			return 0;
		}
		if (VG_STR_EQ(out->rl_fixed, "0")) {
			st->st_not_affected++;
			return 0;
		}
	}
	status = vg_advisory__jstr(rel, "status");
	if (out->rl_fixed.len > 0)
		out->rl_status = VG_ADV_FIXED;
	else if (VG_STR_EQ(status, "open"))
		out->rl_status = VG_ADV_UNFIXED;
	else if (VG_STR_EQ(status, "undetermined"))
		out->rl_status = VG_ADV_UNDETERMINED;
	else {
		vg_advisory__warn(doc, line, "%s%s: status \"%s\" without "
		    "fixed_version", pfx, out->rl_eco,
		    vg_advisory__quote(status, q, sizeof(q)));
		return 0;
	}
	out->rl_urgency = urgency_word(rel);
	if (VG_STR_EQ(out->rl_urgency, "end-of-life"))
		out->rl_flags |= VG_ADV_AF_EOL;
	if (json_object_get(rel, "nodsa") != NULL)
		out->rl_flags |= VG_ADV_AF_NODSA;
	return 1;
}

/* One CVE of one package. */
static int
cve_read(struct vg_advisory__doc *doc, struct vg_str pkg, struct vg_str id,
    const json_t *cve, unsigned long line)
{
	char pfx[2 * VG_ADVISORY__QUOTE_MAX + 8], q[VG_ADVISORY__QUOTE_MAX + 1];
	struct vg_adv_affected tmpl;
	struct vg_adv_event ev[2];
	struct vg_adv_range range;
	struct vg_adv atmpl;
	struct rel rl;
	const struct vg_adv *adv = NULL;
	const json_t *releases, *rel;
	enum vg_adv_sev sev, maxsev = VG_ADV_SEV_UNKNOWN;
	struct vg_str maxword = VG_STR_NULL, codename;
	void *it;
	int r;

	snprintf(pfx, sizeof(pfx), "%s/", vg_advisory__quote(pkg, q,
	    sizeof(q)));
	snprintf(pfx + strlen(pfx), sizeof(pfx) - strlen(pfx), "%s: ",
	    vg_advisory__quote(id, q, sizeof(q)));
	if (!json_is_object(cve)) {
		vg_advisory__warn(doc, line, "%snot an object", pfx);
		return 0;
	}
	releases = json_object_get(cve, "releases");
	if (json_is_array(releases) && json_array_size(releases) == 0)
		return 0;	/* as the tracker writes "no release" */
	if (!json_is_object(releases)) {
		vg_advisory__warn(doc, line, "%s\"releases\" is not an object",
		    pfx);
		return 0;
	}

	/* The advisory's severity: the highest urgency of its releases. */
	for (it = json_object_iter((json_t *)releases); it != NULL;
	    it = json_object_iter_next((json_t *)releases, it)) {
		struct vg_str w = urgency_word(json_object_iter_value(it));

		sev = vg_advisory__sev_parse(w);
		if (maxword.len == 0 || sev > maxsev) {
			maxsev = sev;
			maxword = w;
		}
	}

	for (it = json_object_iter((json_t *)releases); it != NULL;
	    it = json_object_iter_next((json_t *)releases, it)) {
		codename = vg_str_make(json_object_iter_key(it),
		    json_object_iter_key_len(it));
		rel = json_object_iter_value(it);
		if (release_read(doc, pfx, line, codename, rel, &rl) == 0)
			continue;
		if (adv == NULL) {
			memset(&atmpl, 0, sizeof(atmpl));
			atmpl.adv_source = VG_ADV_SRC_DEBIAN;
			atmpl.adv_id = id;
			atmpl.adv_summary = vg_advisory__summary(
			    vg_advisory__jstr(cve, "description"));
			atmpl.adv_sev = maxsev;
			atmpl.adv_severity = maxword;
			if ((r = vg_advisory__adv_add(doc, &atmpl, false,
			    &adv)) != 0)
				return r;
		}
		ev[0].ae_kind = VG_ADV_EV_INTRODUCED;
		ev[0].ae_version = VG_STR_LIT("0");
		ev[1].ae_kind = VG_ADV_EV_FIXED;
		ev[1].ae_version = rl.rl_fixed;
		range.ar_type = VG_ADV_RANGE_ECOSYSTEM;
		range.ar_events = ev;
		range.ar_nevents = rl.rl_fixed.len > 0 ? 2 : 1;
		memset(&tmpl, 0, sizeof(tmpl));
		tmpl.aa_adv = adv;
		tmpl.aa_ecosystem = vg_str_make(rl.rl_eco, strlen(rl.rl_eco));
		tmpl.aa_package = pkg;
		tmpl.aa_ranges = &range;
		tmpl.aa_nranges = 1;
		tmpl.aa_status = rl.rl_status;
		tmpl.aa_sev = vg_advisory__sev_parse(rl.rl_urgency);
		tmpl.aa_severity = rl.rl_urgency;
		tmpl.aa_flags = rl.rl_flags;
		if ((r = vg_advisory__affected_add(doc, &tmpl)) != 0)
			return r;
	}
	return 0;
}

int
vg_advisory__debian_pkg(struct vg_advisory__doc *doc, struct vg_str name,
    const json_t *pkg, unsigned long line)
{
	char q[VG_ADVISORY__QUOTE_MAX + 1], q2[VG_ADVISORY__QUOTE_MAX + 1];
	struct vg_str id;
	void *it;
	int r;

	for (it = json_object_iter((json_t *)pkg); it != NULL;
	    it = json_object_iter_next((json_t *)pkg, it)) {
		id = vg_str_make(json_object_iter_key(it),
		    json_object_iter_key_len(it));
		if (!vg_advisory__field_ok(id)) {
			vg_advisory__warn(doc, line, "%s: bad CVE id \"%s\"",
			    vg_advisory__quote(name, q, sizeof(q)),
			    vg_advisory__quote(id, q2, sizeof(q2)));
			continue;
		}
		if ((r = cve_read(doc, name, id, json_object_iter_value(it),
		    line)) != 0)
			return r;
	}
	return 0;
}
