/*
 * advisory_osv.c -- OSV records (https://ossf.github.io/osv-schema/)
 * into the advisory database.
 *
 * Runs where advisories are loaded (advisory.c hands over each parsed
 * record).  What is kept of a record: its id; aliases, upstream and
 * related ids; summary (or the first line of details); severity[] (the
 * CVSS vector) and the severity words of database_specific and
 * ecosystem_specific; modified.  Of each affected[] entry: the package's
 * ecosystem and name, its ECOSYSTEM and SEMVER ranges with every event
 * (introduced, fixed, last_affected, limit) and its explicit versions.
 *
 * Choices: a record with `withdrawn' set (to anything but null) is
 * skipped and counted, as osv.dev hides those.  GIT ranges name commits,
 * which a package inventory cannot be compared with: they are dropped,
 * and an entry left with neither a range nor a version list (or without
 * a package, such as CVE records that only name a repository) is
 * counted as unmatched, not reported.  An entry that breaks the schema
 * (a range type we do not know, an event with no or two kinds, a
 * version that is not a string) is reported and skipped as a whole,
 * since half its ranges could turn "affected" into "not affected"; the
 * record's other entries still load.
 */
#include "advisory.h"
#include "advisory_int.h"

/* What a record or an entry says about severity. */
struct sevinfo {
	struct vg_str	 si_cvss;
	int		 si_cvss_rank;
	struct vg_str	 si_text;
	enum vg_adv_sev	 si_sev;
};

/* Take `word' as the severity unless a known level was found already. */
static void
sev_word(struct sevinfo *si, struct vg_str word)
{
	enum vg_adv_sev sev;

	if (!vg_advisory__field_ok(word) || si->si_sev != VG_ADV_SEV_UNKNOWN)
		return;
	/* The Debian tracker marks levels taken from NVD with "**". */
	while (word.len > 1 && word.p[word.len - 1] == '*')
		word.len--;
	sev = vg_advisory__sev_parse(word);
	if (sev != VG_ADV_SEV_UNKNOWN || si->si_text.len == 0) {
		si->si_sev = sev;
		si->si_text = word;
	}
}

/*
 * The severity members of `obj' (a record or an affected entry):
 * severity[] for the vector (CVSS_V4 over V3 over V2) and the Ubuntu
 * level, and the words of database_specific and ecosystem_specific, in
 * the order of the header's list.
 */
static void
severity_of(const json_t *obj, struct sevinfo *si)
{
	const json_t *arr, *e, *ds, *es;
	struct vg_str type, score;
	size_t i;
	int rank;

	ds = json_object_get(obj, "database_specific");
	es = json_object_get(obj, "ecosystem_specific");
	sev_word(si, vg_advisory__jstr(ds, "severity"));
	sev_word(si, vg_advisory__jstr(es, "severity"));
	sev_word(si, vg_advisory__jstr(es, "urgency"));
	arr = json_object_get(obj, "severity");
	for (i = 0; i < json_array_size(arr); i++) {
		e = json_array_get(arr, i);
		type = vg_advisory__jstr(e, "type");
		score = vg_advisory__jstr(e, "score");
		if (!vg_advisory__field_ok(score))
			continue;
		rank = VG_STR_EQ(type, "CVSS_V4") ? 3 :
		    VG_STR_EQ(type, "CVSS_V3") ? 2 :
		    VG_STR_EQ(type, "CVSS_V2") ? 1 : 0;
		if (rank > si->si_cvss_rank) {
			si->si_cvss = score;
			si->si_cvss_rank = rank;
		}
		if (VG_STR_EQ(type, "Ubuntu"))
			sev_word(si, score);
	}
}

/* Scratch arrays for one affected entry, freed after it is added. */
struct scratch {
	struct vg_adv_range	*sc_ranges;
	struct vg_adv_event	*sc_events;
	struct vg_str		*sc_versions;
};

static void
scratch_free(struct scratch *sc)
{
	free(sc->sc_ranges);
	free(sc->sc_events);
	free(sc->sc_versions);
	memset(sc, 0, sizeof(*sc));
}

static const struct {
	const char		*key;
	enum vg_adv_event_kind	 kind;
} event_keys[] = {
	{ "introduced", VG_ADV_EV_INTRODUCED },
	{ "fixed", VG_ADV_EV_FIXED },
	{ "last_affected", VG_ADV_EV_LAST_AFFECTED },
	{ "limit", VG_ADV_EV_LIMIT },
};

/*
 * Read one event.  Returns NULL on success, else what is wrong.  Other
 * members (database_specific...) are allowed; two kinds are not.
 */
static const char *
event_read(const json_t *e, struct vg_adv_event *ev)
{
	const json_t *v;
	size_t i, found = 0;

	if (!json_is_object(e))
		return "not an object";
	for (i = 0; i < VG_ARRAY_LEN(event_keys); i++) {
		if ((v = json_object_get(e, event_keys[i].key)) == NULL)
			continue;
		found++;
		ev->ae_kind = event_keys[i].kind;
		ev->ae_version = vg_advisory__jview(v);
	}
	if (found == 0)
		return "no introduced, fixed, last_affected or limit";
	if (found > 1)
		return "more than one kind";
	if (ev->ae_version.len > VG_MAX_ADV_FIELD)
		return "version too long";
	if (!vg_advisory__field_ok(ev->ae_version))
		return "no version, or one with control bytes";
	return NULL;
}

/*
 * The ranges of entry `a' into sc (GIT ones left out).  Returns the
 * number kept, or -1 after reporting a problem.
 */
static long
ranges_read(struct vg_advisory__doc *doc, const char *pfx, size_t ai,
    const json_t *ranges, struct scratch *sc)
{
	const json_t *rg, *events;
	struct vg_adv_range *r;
	struct vg_str type;
	const char *why;
	size_t i, j, nev = 0, total = 0;
	long n = 0;

	for (i = 0; i < json_array_size(ranges); i++)
		total += json_array_size(json_object_get(json_array_get(ranges,
		    i), "events"));
	if (total > VG_MAX_ADV_EVENTS) {
		vg_advisory__warn(doc, 0, "%saffected[%zu]: %zu range events, "
		    "more than %d", pfx, ai, total, VG_MAX_ADV_EVENTS);
		return -1;
	}
	if (json_array_size(ranges) == 0)
		return 0;
	if ((sc->sc_ranges = calloc(json_array_size(ranges),
	    sizeof(*sc->sc_ranges))) == NULL ||
	    (total > 0 && (sc->sc_events = calloc(total,
	    sizeof(*sc->sc_events))) == NULL))
		return -2;
	for (i = 0; i < json_array_size(ranges); i++) {
		rg = json_array_get(ranges, i);
		type = vg_advisory__jstr(rg, "type");
		if (VG_STR_EQ(type, "GIT"))
			continue;
		r = &sc->sc_ranges[n];
		if (VG_STR_EQ(type, "ECOSYSTEM"))
			r->ar_type = VG_ADV_RANGE_ECOSYSTEM;
		else if (VG_STR_EQ(type, "SEMVER"))
			r->ar_type = VG_ADV_RANGE_SEMVER;
		else {
			char q[VG_ADVISORY__QUOTE_MAX + 1];

			vg_advisory__warn(doc, 0, "%saffected[%zu].ranges[%zu]"
			    ": unknown range type \"%s\"", pfx, ai, i,
			    vg_advisory__quote(type, q, sizeof(q)));
			return -1;
		}
		events = json_object_get(rg, "events");
		if (json_array_size(events) == 0) {
			vg_advisory__warn(doc, 0, "%saffected[%zu].ranges[%zu]"
			    ": no events", pfx, ai, i);
			return -1;
		}
		r->ar_events = sc->sc_events + nev;
		for (j = 0; j < json_array_size(events); j++) {
			why = event_read(json_array_get(events, j),
			    &sc->sc_events[nev]);
			if (why != NULL) {
				vg_advisory__warn(doc, 0, "%saffected[%zu]."
				    "ranges[%zu].events[%zu]: %s", pfx, ai, i,
				    j, why);
				return -1;
			}
			nev++;
		}
		r->ar_nevents = (uint32_t)j;
		n++;
	}
	return n;
}

/*
 * OSV spells some releases differently from a host's os-release
 * (inventory.h): Ubuntu LTS releases carry ":LTS" ("Ubuntu:22.04:LTS"),
 * and Red Hat scopes advisories by CPE product and repository ("Red
 * Hat:enterprise_linux:9::baseos").  Those are indexed under the host's
 * spelling ("Ubuntu:22.04", "Red Hat:9") so that the audit looks up one
 * name.  Extended-support streams (Ubuntu Pro, rhel_eus, rhel_aus:8.6)
 * stay as written: a plain host is not on them.  `buf' holds the
 * rewritten name when there is one.
 */
static struct vg_str
eco_canonical(struct vg_str eco, char *buf, size_t size)
{
	static const char rh[] = "Red Hat:enterprise_linux:";
	struct vg_str rest;
	size_t n;

	if (eco.len > 11 && memcmp(eco.p, "Ubuntu:", 7) == 0 &&
	    memcmp(eco.p + eco.len - 4, ":LTS", 4) == 0 &&
	    memchr(eco.p + 7, ':', eco.len - 11) == NULL)
		return vg_str_make(eco.p, eco.len - 4);
	if (eco.len > sizeof(rh) - 1 && memcmp(eco.p, rh, sizeof(rh) - 1) ==
	    0) {
		rest = vg_str_make(eco.p + sizeof(rh) - 1,
		    eco.len - (sizeof(rh) - 1));
		for (n = 0; n < rest.len && n < 4 && rest.p[n] >= '0' &&
		    rest.p[n] <= '9'; n++)
			;
		if (n > 0 && (n == rest.len || rest.p[n] == ':') &&
		    8 + n < size) {
			memcpy(buf, "Red Hat:", 8);
			memcpy(buf + 8, rest.p, n);
			return vg_str_make(buf, 8 + n);
		}
	}
	return eco;
}

/* The explicit versions into sc: count, or -1 after reporting. */
static long
versions_read(struct vg_advisory__doc *doc, const char *pfx, size_t ai,
    const json_t *versions, struct scratch *sc)
{
	size_t i, n = json_array_size(versions);

	if (n > VG_MAX_ADV_VERSIONS) {
		vg_advisory__warn(doc, 0, "%saffected[%zu]: %zu versions, more "
		    "than %d", pfx, ai, n, VG_MAX_ADV_VERSIONS);
		return -1;
	}
	if (n == 0)
		return 0;
	if ((sc->sc_versions = calloc(n, sizeof(*sc->sc_versions))) == NULL)
		return -2;
	for (i = 0; i < n; i++) {
		sc->sc_versions[i] = vg_advisory__jview(json_array_get(versions,
		    i));
		if (!vg_advisory__field_ok(sc->sc_versions[i])) {
			vg_advisory__warn(doc, 0, "%saffected[%zu]."
			    "versions[%zu]: not a version string", pfx, ai, i);
			return -1;
		}
	}
	return (long)n;
}

static int
affected_one(struct vg_advisory__doc *doc, const struct vg_adv *adv,
    const char *pfx, size_t ai, const json_t *a)
{
	struct vg_advdb_stats *st = vg_advisory__stats(doc->dc_db);
	struct vg_adv_affected tmpl;
	struct scratch sc = { NULL, NULL, NULL };
	struct sevinfo si;
	const json_t *pkg, *ranges, *versions;
	struct vg_str eco, name;
	char ecobuf[32];
	long nr, nv = 0;
	uint32_t i, j;
	int r = 0;

	if (!json_is_object(a)) {
		vg_advisory__warn(doc, 0, "%saffected[%zu]: not an object",
		    pfx, ai);
		return 0;
	}
	pkg = json_object_get(a, "package");
	if (pkg == NULL || json_is_null(pkg)) {
		st->st_unmatched++;
		return 0;
	}
	eco = vg_advisory__jstr(pkg, "ecosystem");
	name = vg_advisory__jstr(pkg, "name");
	if (!vg_advisory__field_ok(eco) || !vg_advisory__field_ok(name)) {
		vg_advisory__warn(doc, 0, "%saffected[%zu].package: no valid "
		    "ecosystem and name", pfx, ai);
		return 0;
	}
	ranges = json_object_get(a, "ranges");
	versions = json_object_get(a, "versions");
	if ((ranges != NULL && !json_is_array(ranges) &&
	    !json_is_null(ranges)) || (versions != NULL &&
	    !json_is_array(versions) && !json_is_null(versions))) {
		vg_advisory__warn(doc, 0, "%saffected[%zu]: ranges or versions "
		    "not an array", pfx, ai);
		return 0;
	}
	if ((nr = ranges_read(doc, pfx, ai, ranges, &sc)) < 0 ||
	    (nv = versions_read(doc, pfx, ai, versions, &sc)) < 0) {
		r = (nr == -2 || (nr >= 0 && nv == -2)) ? VG_ERR_NOMEM : 0;
		goto out;
	}
	if (nr == 0 && nv == 0) {
		st->st_unmatched++;
		goto out;
	}
	memset(&tmpl, 0, sizeof(tmpl));
	tmpl.aa_adv = adv;
	tmpl.aa_ecosystem = eco_canonical(eco, ecobuf, sizeof(ecobuf));
	tmpl.aa_package = name;
	tmpl.aa_ranges = sc.sc_ranges;
	tmpl.aa_nranges = (uint32_t)nr;
	tmpl.aa_versions = sc.sc_versions;
	tmpl.aa_nversions = (uint32_t)nv;
	tmpl.aa_status = VG_ADV_UNFIXED;
	for (i = 0; i < tmpl.aa_nranges; i++)
		for (j = 0; j < sc.sc_ranges[i].ar_nevents; j++)
			if (sc.sc_ranges[i].ar_events[j].ae_kind ==
			    VG_ADV_EV_FIXED)
				tmpl.aa_status = VG_ADV_FIXED;
	memset(&si, 0, sizeof(si));
	severity_of(a, &si);
	if (si.si_text.len > 0) {
		tmpl.aa_sev = si.si_sev;
		tmpl.aa_severity = si.si_text;
	} else {
		tmpl.aa_sev = adv->adv_sev;
		tmpl.aa_severity = adv->adv_severity;
	}
	r = vg_advisory__affected_add(doc, &tmpl);
 out:
	scratch_free(&sc);
	return r;
}

/* Append the string elements of array `key' of `rec' to aliases[]. */
static void
ids_read(struct vg_advisory__doc *doc, const char *pfx, const json_t *rec,
    const char *key, struct vg_str *aliases, uint32_t *np, bool *truncp)
{
	const json_t *arr = json_object_get(rec, key);
	struct vg_str s;
	size_t i;

	for (i = 0; i < json_array_size(arr); i++) {
		s = vg_advisory__jview(json_array_get(arr, i));
		if (!vg_advisory__field_ok(s)) {
			vg_advisory__warn(doc, 0, "%s%s[%zu]: not an id "
			    "string", pfx, key, i);
			continue;
		}
		if (*np >= VG_MAX_ADV_ALIASES) {
			*truncp = true;
			return;
		}
		aliases[(*np)++] = s;
	}
}

int
vg_advisory__osv_record(struct vg_advisory__doc *doc, const json_t *rec,
    const char *where)
{
	static const char *const idkeys[] = { "aliases", "upstream",
	    "related" };
	struct vg_advdb_stats *st = vg_advisory__stats(doc->dc_db);
	const struct vg_adv *adv;
	struct vg_adv tmpl;
	struct vg_str *aliases = NULL, details;
	struct sevinfo si;
	const json_t *w, *affected;
	char pfx[VG_ADVISORY__QUOTE_MAX + 48], q[VG_ADVISORY__QUOTE_MAX + 1];
	size_t i, cap = 0;
	bool trunc = false;
	int r;

	w = json_object_get(rec, "withdrawn");
	if (w != NULL && !json_is_null(w)) {
		st->st_withdrawn++;
		return 0;
	}
	memset(&tmpl, 0, sizeof(tmpl));
	tmpl.adv_source = VG_ADV_SRC_OSV;
	tmpl.adv_id = vg_advisory__jstr(rec, "id");
	if (!vg_advisory__field_ok(tmpl.adv_id)) {
		vg_advisory__warn(doc, 0, "%s%sno valid \"id\": record skipped",
		    where, where[0] != '\0' ? ": " : "");
		return 0;
	}
	snprintf(pfx, sizeof(pfx), "%s%s%s: ", where,
	    where[0] != '\0' ? " " : "",
	    vg_advisory__quote(tmpl.adv_id, q, sizeof(q)));

	for (i = 0; i < VG_ARRAY_LEN(idkeys); i++)
		cap += json_array_size(json_object_get(rec, idkeys[i]));
	cap = VG_MIN(cap, VG_MAX_ADV_ALIASES);
	if (cap > 0 && (aliases = calloc(cap, sizeof(*aliases))) == NULL)
		return VG_ERR_NOMEM;
	for (i = 0; i < VG_ARRAY_LEN(idkeys); i++)
		ids_read(doc, pfx, rec, idkeys[i], aliases, &tmpl.adv_naliases,
		    &trunc);
	if (trunc)
		vg_advisory__warn(doc, 0, "%smore than %d aliases: the rest "
		    "dropped", pfx, VG_MAX_ADV_ALIASES);
	tmpl.adv_aliases = aliases;

	tmpl.adv_summary = vg_advisory__summary(vg_advisory__jstr(rec,
	    "summary"));
	if (tmpl.adv_summary.len == 0) {
		details = vg_advisory__jstr(rec, "details");
		tmpl.adv_summary = vg_advisory__summary(details);
	}
	tmpl.adv_modified = vg_advisory__jstr(rec, "modified");
	if (!vg_advisory__field_ok(tmpl.adv_modified))
		tmpl.adv_modified = VG_STR_NULL;
	memset(&si, 0, sizeof(si));
	severity_of(rec, &si);
	/* Schema 1.5 moved severity[] into the entries: take the first. */
	affected = json_object_get(rec, "affected");
	for (i = 0; si.si_cvss_rank == 0 && i < json_array_size(affected);
	    i++) {
		struct sevinfo ai;

		memset(&ai, 0, sizeof(ai));
		severity_of(json_array_get(affected, i), &ai);
		si.si_cvss = ai.si_cvss;
		si.si_cvss_rank = ai.si_cvss_rank;
	}
	tmpl.adv_cvss = si.si_cvss;
	tmpl.adv_sev = si.si_sev;
	tmpl.adv_severity = si.si_text;

	r = vg_advisory__adv_add(doc, &tmpl, true, &adv);
	free(aliases);
	if (r != 0 || adv == NULL)
		return r;
	if (affected != NULL && !json_is_array(affected) &&
	    !json_is_null(affected)) {
		vg_advisory__warn(doc, 0, "%s\"affected\" is not an array",
		    pfx);
		return 0;
	}
	for (i = 0; i < json_array_size(affected); i++)
		if ((r = affected_one(doc, adv, pfx, i,
		    json_array_get(affected, i))) != 0)
			return r;
	return 0;
}
