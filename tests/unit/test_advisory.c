/*
 * Unit tests of the advisory database: OSV records (files, directories,
 * arrays, zip archives), the Debian tracker export and the KEV catalogue.
 * The real data of ../shared/data/vuln is read in place (skipped when
 * absent); the fixtures of tests/data/advisory (see its README) cover the
 * rest, including broken input, so that a fresh clone tests every path.
 */
#include "vg_test.h"
#include "advisory.h"

#include <sys/stat.h>

#include <unistd.h>
#include <zip.h>

#define DATA	"tests/data/advisory/"

/* Warnings seen, as "src:line: msg", for substring checks. */
#define MAX_WARNS	64
struct warns {
	size_t	n;
	char	text[MAX_WARNS][VG_DIAG_MSG_MAX + 512];
};

static void
collect(void *arg, const struct vg_diag *d)
{
	struct warns *w = arg;

	if (w->n < MAX_WARNS)
		snprintf(w->text[w->n], sizeof(w->text[0]), "%s:%lu: %s",
		    d->src, d->line, d->msg);
	w->n++;
}

/* True when some warning contains `s'. */
static bool
warned(const struct warns *w, const char *s)
{
	size_t i;

	for (i = 0; i < w->n && i < MAX_WARNS; i++)
		if (strstr(w->text[i], s) != NULL)
			return true;
	return false;
}

static struct vg_str
S(const char *s)
{
	return vg_str_make(s, strlen(s));
}

static struct vg_advdb *
db_new(void)
{
	struct vg_advdb *db;

	ASSERT_INT_EQ(vg_advdb_new(&db), 0);
	return db;
}

static void
load_ok(struct vg_advdb *db, const char *path, struct warns *w)
{
	struct vg_diag d;

	ASSERT_INT_EQ(vg_advdb_load(db, path, collect, w, &d), 0);
}

static const char *
shared(const char *rel)
{
	const char *p;

	if ((p = vg_test_shared(rel)) == NULL)
		VG_SKIP("no ../shared");
	return p;
}

/* The only entry for (eco, pkg); fails unless there is exactly one. */
static const struct vg_adv_affected *
one(const struct vg_advdb *db, const char *eco, const char *pkg)
{
	const struct vg_adv_affected *a[4];

	ASSERT_UINT_EQ(vg_advdb_find(db, S(eco), S(pkg), a, 4), 1);
	return a[0];
}

static const struct vg_adv_event *
event(const struct vg_adv_affected *a, uint32_t r, uint32_t e)
{
	ASSERT_TRUE(r < a->aa_nranges);
	ASSERT_TRUE(e < a->aa_ranges[r].ar_nevents);
	return &a->aa_ranges[r].ar_events[e];
}

/* ------------------------------------------------------------ OSV */

VG_TEST(advisory_osv_examples)
{
	struct vg_advdb *db = db_new();
	struct vg_advdb_stats st;
	struct warns w = { 0 };
	const struct vg_adv_affected *a, *many[8];
	const struct vg_adv *adv;

	load_ok(db, shared("vuln/osv/examples"), &w);
	ASSERT_UINT_EQ(w.n, 0);
	vg_advdb_stats(db, &st);
	ASSERT_UINT_EQ(st.st_files, 10);
	ASSERT_UINT_EQ(st.st_records, 10);
	ASSERT_UINT_EQ(st.st_affected, 20);
	ASSERT_UINT_EQ(st.st_unmatched, 2);	/* two GIT-only entries */
	ASSERT_UINT_EQ(st.st_withdrawn, 0);
	ASSERT_UINT_EQ(st.st_bad, 0);

	/* DSA-3029-1: Debian:7 nginx, fixed in 1.2.1-2.2+wheezy3. */
	a = one(db, "Debian:7", "nginx");
	ASSERT_VIEW_EQ(a->aa_adv->adv_id, "DSA-3029-1");
	ASSERT_VIEW_EQ(a->aa_adv->adv_summary, "nginx - security update");
	ASSERT_INT_EQ(a->aa_adv->adv_source, VG_ADV_SRC_OSV);
	ASSERT_UINT_EQ(a->aa_nranges, 1);
	ASSERT_INT_EQ(a->aa_ranges[0].ar_type, VG_ADV_RANGE_ECOSYSTEM);
	ASSERT_UINT_EQ(a->aa_ranges[0].ar_nevents, 2);
	ASSERT_INT_EQ(event(a, 0, 0)->ae_kind, VG_ADV_EV_INTRODUCED);
	ASSERT_VIEW_EQ(event(a, 0, 0)->ae_version, "0");
	ASSERT_INT_EQ(event(a, 0, 1)->ae_kind, VG_ADV_EV_FIXED);
	ASSERT_VIEW_EQ(event(a, 0, 1)->ae_version, "1.2.1-2.2+wheezy3");
	ASSERT_STR_EQ(event(a, 0, 1)->ae_version.p, "1.2.1-2.2+wheezy3");
	ASSERT_INT_EQ(a->aa_status, VG_ADV_FIXED);
	ASSERT_UINT_EQ(a->aa_adv->adv_ncves, 1);
	ASSERT_VIEW_EQ(a->aa_adv->adv_cves[0], "CVE-2014-3616");
	ASSERT_TRUE(strstr(a->aa_adv->adv_file.p, "DSA-3029-1.json") != NULL);
	/* Debian:8 is another release: nothing. */
	ASSERT_UINT_EQ(vg_advdb_find(db, S("Debian:8"), S("nginx"), NULL, 0),
	    0);

	/* DLA-3623-1: 44 upstream CVEs, empty affected. */
	ASSERT_PTR_NE(adv = vg_advdb_get(db, S("DLA-3623-1")), NULL);
	ASSERT_UINT_EQ(adv->adv_ncves, 44);
	ASSERT_UINT_EQ(adv->adv_naliases, 44);
	ASSERT_VIEW_EQ(adv->adv_cves[0], "CVE-2022-39189");
	ASSERT_VIEW_EQ(adv->adv_cves[43], "CVE-2023-4921");
	ASSERT_VIEW_EQ(adv->adv_summary, "");

	/* MAL-2024-10238: a version list, no range, no fix, no CVE. */
	a = one(db, "PyPI", "123bla");
	ASSERT_VIEW_EQ(a->aa_adv->adv_id, "MAL-2024-10238");
	ASSERT_UINT_EQ(a->aa_nranges, 0);
	ASSERT_UINT_EQ(a->aa_nversions, 1);
	ASSERT_VIEW_EQ(a->aa_versions[0], "0.0.1");
	ASSERT_INT_EQ(a->aa_status, VG_ADV_UNFIXED);
	ASSERT_UINT_EQ(a->aa_adv->adv_ncves, 0);
	ASSERT_VIEW_EQ(a->aa_adv->adv_summary,
	    "Malicious code in 123bla (PyPI)");

	/* CVE-2018-5407: six Alpine releases; its id is its CVE. */
	a = one(db, "Alpine:v3.8", "openssl");
	ASSERT_VIEW_EQ(a->aa_adv->adv_id, "CVE-2018-5407");
	ASSERT_VIEW_EQ(event(a, 0, 1)->ae_version, "1.0.2q-r0");
	ASSERT_UINT_EQ(a->aa_adv->adv_ncves, 1);
	ASSERT_VIEW_EQ(a->aa_adv->adv_cves[0], "CVE-2018-5407");
	ASSERT_VIEW_EQ(a->aa_adv->adv_cvss,
	    "CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:N/A:N");
	ASSERT_INT_EQ(a->aa_sev, VG_ADV_SEV_UNKNOWN);
	/* No summary: the first line of the details. */
	ASSERT_TRUE(VG_STR_PREFIX(a->aa_adv->adv_summary,
	    "Simultaneous Multi-threading (SMT)"));
	ASSERT_TRUE(a->aa_adv->adv_summary.len <= VG_MAX_ADV_SUMMARY);
	(void)one(db, "Alpine:v3.3", "openssl");
	ASSERT_UINT_EQ(vg_advdb_find(db, S("Alpine:v3.9"), S("openssl"),
	    NULL, 0), 0);

	/* CVE-2023-41045: a GIT range only, so no entry. */
	ASSERT_PTR_NE(adv = vg_advdb_get(db, S("CVE-2023-41045")), NULL);
	ASSERT_UINT_EQ(adv->adv_naliases, 1);
	ASSERT_VIEW_EQ(adv->adv_aliases[0], "GHSA-g96c-x7rh-99r3");
	ASSERT_UINT_EQ(adv->adv_ncves, 1);

	/* GHSA-9v2f-6vcg-3hgv: database_specific.severity, versions. */
	a = one(db, "PyPI", "Gradio");
	ASSERT_INT_EQ(a->aa_sev, VG_ADV_SEV_CRITICAL);
	ASSERT_VIEW_EQ(a->aa_severity, "CRITICAL");
	ASSERT_UINT_EQ(a->aa_nversions, 2);
	ASSERT_VIEW_EQ(a->aa_versions[1], "4.36.-1");
	ASSERT_VIEW_EQ(a->aa_adv->adv_cves[0], "CVE-2024-39236");
	/* Names are compared byte for byte. */
	ASSERT_UINT_EQ(vg_advdb_find(db, S("PyPI"), S("gradio"), NULL, 0), 0);

	/* GO-2024-2963: a SEMVER range of two intervals. */
	a = one(db, "Go", "stdlib");
	ASSERT_INT_EQ(a->aa_ranges[0].ar_type, VG_ADV_RANGE_SEMVER);
	ASSERT_UINT_EQ(a->aa_ranges[0].ar_nevents, 4);
	ASSERT_VIEW_EQ(event(a, 0, 2)->ae_version, "1.22.0-0");
	ASSERT_INT_EQ(event(a, 0, 3)->ae_kind, VG_ADV_EV_FIXED);
	ASSERT_VIEW_EQ(event(a, 0, 3)->ae_version, "1.22.5");

	/* PYSEC-2023-74: the GIT range dropped, the ECOSYSTEM one kept. */
	a = one(db, "PyPI", "requests");
	ASSERT_UINT_EQ(a->aa_nranges, 1);
	ASSERT_VIEW_EQ(event(a, 0, 0)->ae_version, "2.3.0");
	ASSERT_VIEW_EQ(event(a, 0, 1)->ae_version, "2.31.0");
	ASSERT_UINT_EQ(a->aa_nversions, 66);
	ASSERT_UINT_EQ(a->aa_adv->adv_naliases, 2);
	ASSERT_UINT_EQ(a->aa_adv->adv_ncves, 1);
	ASSERT_VIEW_EQ(a->aa_adv->adv_cves[0], "CVE-2023-32681");

	/* RHSA-2022:0216: no affected, three related CVEs. */
	ASSERT_PTR_NE(adv = vg_advdb_get(db, S("RHSA-2022:0216")), NULL);
	ASSERT_UINT_EQ(adv->adv_ncves, 3);
	ASSERT_VIEW_EQ(adv->adv_cves[2], "CVE-2021-45105");

	/* RHSA-2024:4546: nine entries over three Red Hat streams. */
	ASSERT_UINT_EQ(vg_advdb_find(db, S("Red Hat:rhel_e4s:8.6::appstream"),
	    S("git-lfs-debuginfo"), many, 8), 1);
	a = many[0];
	ASSERT_VIEW_EQ(a->aa_adv->adv_id, "RHSA-2024:4546");
	ASSERT_VIEW_EQ(event(a, 0, 1)->ae_version, "0:2.13.3-3.el8_6.1");
	ASSERT_UINT_EQ(a->aa_adv->adv_naliases, 2);	/* upstream, related */
	ASSERT_UINT_EQ(a->aa_adv->adv_ncves, 1);
	ASSERT_VIEW_EQ(a->aa_adv->adv_cves[0], "CVE-2023-45288");
	ASSERT_VIEW_EQ(a->aa_adv->adv_aliases[1], "GO-2024-2687");
	/* "Red Hat:..." has a release part, but no bare "Red Hat" record. */
	ASSERT_UINT_EQ(vg_advdb_find(db, S("Red Hat:9"), S("git-lfs"), NULL,
	    0), 0);
	vg_advdb_free(db);
}

VG_TEST(advisory_osv_fixtures_dir)
{
	struct vg_advdb *db = db_new();
	struct vg_advdb_stats st;
	struct warns w = { 0 };
	const struct vg_adv_affected *a[4];
	const struct vg_adv *adv;

	load_ok(db, DATA "osv", &w);
	vg_advdb_stats(db, &st);
	/* DSA-9001-1, broken-entries, GHSA (nested); not .hidden.json. */
	ASSERT_UINT_EQ(st.st_records, 3);
	ASSERT_UINT_EQ(st.st_withdrawn, 1);
	ASSERT_UINT_EQ(st.st_files, 5);
	ASSERT_PTR_EQ(vg_advdb_get(db, S("HIDDEN-1")), NULL);
	ASSERT_PTR_EQ(vg_advdb_get(db, S("GHSA-wwww-wwww-wwww")), NULL);
	ASSERT_UINT_EQ(vg_advdb_find(db, S("PyPI"), S("withdrawnpkg"), NULL,
	    0), 0);
	/* The file that is not JSON: named, with its line. */
	ASSERT_TRUE(warned(&w, "osv/not-json.json:4: bad JSON"));

	/* DSA-9001-1: aliases merged, the id and repeats dropped. */
	ASSERT_PTR_NE(adv = vg_advdb_get(db, S("DSA-9001-1")), NULL);
	ASSERT_UINT_EQ(adv->adv_naliases, 4);
	ASSERT_VIEW_EQ(adv->adv_aliases[2], "CVE-2025-0003");
	ASSERT_VIEW_EQ(adv->adv_aliases[3], "GHSA-aaaa-bbbb-cccc");
	ASSERT_UINT_EQ(adv->adv_ncves, 3);
	ASSERT_VIEW_EQ(adv->adv_summary,
	    "Several vulnerabilities were discovered in examplelib,");
	ASSERT_VIEW_EQ(adv->adv_modified, "2025-01-02T03:04:05Z");
	ASSERT_INT_EQ(adv->adv_sev, VG_ADV_SEV_MEDIUM);
	ASSERT_VIEW_EQ(adv->adv_severity, "MODERATE");

	/* "Debian:12" finds its own entry first, then the bare "Debian". */
	ASSERT_UINT_EQ(vg_advdb_find(db, S("Debian:12"), S("examplelib"), a,
	    4), 2);
	ASSERT_VIEW_EQ(a[0]->aa_ecosystem, "Debian:12");
	ASSERT_INT_EQ(a[0]->aa_sev, VG_ADV_SEV_HIGH);	/* "high**" */
	ASSERT_VIEW_EQ(a[0]->aa_severity, "high");
	ASSERT_VIEW_EQ(a[1]->aa_ecosystem, "Debian");
	ASSERT_INT_EQ(a[1]->aa_sev, VG_ADV_SEV_MEDIUM);	/* the record's */
	ASSERT_INT_EQ(a[1]->aa_ranges[0].ar_events[1].ae_kind,
	    VG_ADV_EV_LAST_AFFECTED);
	ASSERT_INT_EQ(a[1]->aa_status, VG_ADV_UNFIXED);
	ASSERT_UINT_EQ(vg_advdb_find(db, S("Debian:11"), S("examplelib"), a,
	    4), 1);
	ASSERT_VIEW_EQ(a[0]->aa_ecosystem, "Debian");
	ASSERT_UINT_EQ(vg_advdb_find(db, S("Debian"), S("examplelib"), a, 4),
	    1);
	/* A smaller array still gets the total. */
	ASSERT_UINT_EQ(vg_advdb_find(db, S("Debian:12"), S("examplelib"), a,
	    1), 2);

	/* The nested GHSA: CVSS_V4 preferred, a limit event kept. */
	a[0] = one(db, "npm", "left-pad-ish");
	ASSERT_TRUE(VG_STR_PREFIX(a[0]->aa_adv->adv_cvss, "CVSS:4.0/"));
	ASSERT_INT_EQ(a[0]->aa_ranges[0].ar_events[1].ae_kind,
	    VG_ADV_EV_LIMIT);
	ASSERT_INT_EQ(a[0]->aa_status, VG_ADV_UNFIXED);
	vg_advdb_free(db);
}

VG_TEST(advisory_osv_broken_entries)
{
	struct vg_advdb *db = db_new();
	struct vg_advdb_stats st;
	struct warns w = { 0 };
	const struct vg_adv_affected *a[4];
	const struct vg_adv *adv;

	load_ok(db, DATA "osv/broken-entries.json", &w);
	vg_advdb_stats(db, &st);
	ASSERT_UINT_EQ(w.n, 6);
	ASSERT_UINT_EQ(st.st_bad, 6);
	ASSERT_TRUE(warned(&w, "broken-entries.json:0: OSV-2025-9: "
	    "aliases[1]: not an id string"));
	ASSERT_TRUE(warned(&w, "affected[1].ranges[0]: unknown range type "
	    "\"CALVER\""));
	ASSERT_TRUE(warned(&w, "affected[2].ranges[0].events[0]: more than "
	    "one kind"));
	ASSERT_TRUE(warned(&w, "affected[3].versions[1]: not a version"));
	ASSERT_TRUE(warned(&w, "affected[4].package: no valid ecosystem"));
	ASSERT_TRUE(warned(&w, "affected[7]: not an object"));
	/* The good entries load; the broken ones do not. */
	ASSERT_UINT_EQ(st.st_affected, 2);
	ASSERT_UINT_EQ(st.st_unmatched, 2);
	ASSERT_UINT_EQ(vg_advdb_find(db, S("Alpine:v3.19"), S("goodpkg"), a,
	    4), 2);
	ASSERT_INT_EQ(a[0]->aa_status, VG_ADV_FIXED);
	ASSERT_INT_EQ(a[1]->aa_status, VG_ADV_UNFIXED);
	ASSERT_UINT_EQ(vg_advdb_find(db, S("Alpine:v3.19"), S("badtype"),
	    NULL, 0), 0);
	ASSERT_UINT_EQ(vg_advdb_find(db, S("Alpine:v3.19"), S("twokinds"),
	    NULL, 0), 0);
	ASSERT_UINT_EQ(vg_advdb_find(db, S("Alpine:v3.19"), S("gitonly"),
	    NULL, 0), 0);
	ASSERT_PTR_NE(adv = vg_advdb_get(db, S("OSV-2025-9")), NULL);
	ASSERT_UINT_EQ(adv->adv_naliases, 1);
	vg_advdb_free(db);
}

VG_TEST(advisory_osv_array_and_duplicates)
{
	struct vg_advdb *db = db_new();
	struct vg_advdb_stats st;
	struct warns w = { 0 };
	const struct vg_adv_affected *a[4];

	load_ok(db, DATA "other/osv-list.json", &w);
	ASSERT_UINT_EQ(w.n, 2);
	ASSERT_TRUE(warned(&w, "[1]: not an object"));
	ASSERT_TRUE(warned(&w, "[2]: no valid \"id\""));
	ASSERT_UINT_EQ(vg_advdb_find(db, S("crates.io"), S("listed"), a, 4),
	    2);
	ASSERT_VIEW_EQ(a[0]->aa_adv->adv_id, "OSV-LIST-1");
	ASSERT_VIEW_EQ(a[1]->aa_adv->adv_id, "OSV-LIST-2");
	/* Loading again adds nothing: the first record of an id wins. */
	load_ok(db, DATA "other/osv-list.json", &w);
	vg_advdb_stats(db, &st);
	ASSERT_UINT_EQ(st.st_records, 2);
	ASSERT_UINT_EQ(st.st_duplicates, 2);
	ASSERT_UINT_EQ(vg_advdb_find(db, S("crates.io"), S("listed"), a, 4),
	    2);
	vg_advdb_free(db);
}

VG_TEST(advisory_iterator)
{
	struct vg_advdb *db = db_new();
	struct warns w = { 0 };
	struct vg_adv_iter it;
	const struct vg_adv_affected *a;

	load_ok(db, DATA "osv/DSA-9001-1.json", &w);
	vg_adv_iter_init(&it, db, S("Debian:12"), S("examplelib"));
	ASSERT_PTR_NE(a = vg_adv_iter_next(&it), NULL);
	ASSERT_VIEW_EQ(a->aa_ecosystem, "Debian:12");
	ASSERT_PTR_NE(a = vg_adv_iter_next(&it), NULL);
	ASSERT_VIEW_EQ(a->aa_ecosystem, "Debian");
	ASSERT_PTR_EQ(vg_adv_iter_next(&it), NULL);
	ASSERT_PTR_EQ(vg_adv_iter_next(&it), NULL);
	/* Odd keys find nothing and do not crash. */
	vg_adv_iter_init(&it, db, S(":12"), S("examplelib"));
	ASSERT_PTR_EQ(vg_adv_iter_next(&it), NULL);
	vg_adv_iter_init(&it, db, S(""), S(""));
	ASSERT_PTR_EQ(vg_adv_iter_next(&it), NULL);
	vg_advdb_free(db);
}

/* ------------------------------------------------------------ Debian */

VG_TEST(advisory_debian_tracker_shared)
{
	struct vg_advdb *db = db_new();
	struct vg_advdb_stats st;
	struct warns w = { 0 };
	const struct vg_adv_affected *a;
	struct vg_diag d;

	load_ok(db, shared("vuln/debian-tracker/"
	    "osvdev-debian_security_tracker_mock.json"), &w);
	load_ok(db, shared("vuln/debian-tracker/vunnel-debian.json"), &w);
	ASSERT_UINT_EQ(w.n, 0);
	vg_advdb_stats(db, &st);
	/* fixed_version "0": 5 releases of CVE-2014-1424, 4 of 2007-2383. */
	ASSERT_UINT_EQ(st.st_not_affected, 9);
	ASSERT_UINT_EQ(st.st_records, 7);
	ASSERT_UINT_EQ(st.st_affected, 31);
	ASSERT_PTR_EQ(vg_advdb_get(db, S("CVE-2016-1585")), NULL);

	/* apparmor CVE-2016-1585: open in bookworm, fixed in trixie/sid. */
	{
		const struct vg_adv_affected *two[2];

		ASSERT_UINT_EQ(vg_advdb_find(db, S("Debian:13"),
		    S("apparmor"), two, 2), 2);
		ASSERT_VIEW_EQ(two[0]->aa_adv->adv_id, "CVE-2016-1585");
		ASSERT_INT_EQ(two[0]->aa_status, VG_ADV_FIXED);
		ASSERT_VIEW_EQ(two[0]->aa_ranges[0].ar_events[1].ae_version,
		    "3.0.12-1");

		ASSERT_UINT_EQ(vg_advdb_find(db, S("Debian:12"),
		    S("apparmor"), two, 2), 2);
		ASSERT_VIEW_EQ(two[0]->aa_adv->adv_id, "CVE-2016-1585");
		ASSERT_INT_EQ(two[0]->aa_status, VG_ADV_UNFIXED);
		ASSERT_UINT_EQ(two[0]->aa_ranges[0].ar_nevents, 1);
		ASSERT_VIEW_EQ(two[0]->aa_ranges[0].ar_events[0].ae_version,
		    "0");
		ASSERT_INT_EQ(two[0]->aa_sev, VG_ADV_SEV_NEGLIGIBLE);
		ASSERT_VIEW_EQ(two[0]->aa_severity, "unimportant");
		ASSERT_INT_EQ(two[0]->aa_adv->adv_source, VG_ADV_SRC_DEBIAN);
		ASSERT_VIEW_EQ(two[0]->aa_adv->adv_cves[0], "CVE-2016-1585");
		ASSERT_VIEW_EQ(two[1]->aa_adv->adv_id, "CVE-2017-6507");
		ASSERT_INT_EQ(two[1]->aa_status, VG_ADV_FIXED);
		ASSERT_VIEW_EQ(two[1]->aa_ranges[0].ar_events[1].ae_version,
		    "2.11.0-3");
		ASSERT_INT_EQ(two[1]->aa_sev, VG_ADV_SEV_UNKNOWN);
		ASSERT_VIEW_EQ(two[1]->aa_severity, "not yet assigned");
	}
	/* sid is Debian:unstable; trixie Debian:13. */
	a = one(db, "Debian:unstable", "sope");
	ASSERT_VIEW_EQ(a->aa_ranges[0].ar_events[1].ae_version, "5.12.1-2");
	a = one(db, "Debian:11", "sope");
	ASSERT_VIEW_EQ(a->aa_ranges[0].ar_events[1].ae_version,
	    "5.0.1-2+deb11u1");
	ASSERT_TRUE(VG_STR_PREFIX(a->aa_adv->adv_summary, "In Alinto SOPE"));

	/* "high**" is high; stretch is Debian:9, jessie Debian:8. */
	a = one(db, "Debian:9", "prototypejs");
	ASSERT_VIEW_EQ(a->aa_adv->adv_id, "CVE-2008-7220");
	ASSERT_INT_EQ(a->aa_sev, VG_ADV_SEV_HIGH);
	ASSERT_VIEW_EQ(a->aa_severity, "high");
	ASSERT_INT_EQ(a->aa_adv->adv_sev, VG_ADV_SEV_HIGH);
	a = one(db, "Debian:8", "txt2man");
	ASSERT_INT_EQ(a->aa_sev, VG_ADV_SEV_LOW);
	ASSERT_VIEW_EQ(a->aa_ranges[0].ar_events[1].ae_version, "1.5.5-4.1");

	/* chromium: fixed in bullseye, open and end-of-life in buster. */
	a = one(db, "Debian:11", "chromium");
	ASSERT_VIEW_EQ(a->aa_ranges[0].ar_events[1].ae_version,
	    "98.0.4758.80-1~deb11u1");
	a = one(db, "Debian:10", "chromium");
	ASSERT_INT_EQ(a->aa_status, VG_ADV_UNFIXED);
	ASSERT_UINT_EQ(a->aa_flags, VG_ADV_AF_EOL);
	ASSERT_VIEW_EQ(a->aa_severity, "end-of-life");
	/* "releases": [] gives nothing, without a warning. */
	ASSERT_UINT_EQ(vg_advdb_find(db, S("Debian:12"),
	    S("chromium-browser"), NULL, 0), 0);

	/* osv.dev's intermediate "parts" are not a format we read. */
	ASSERT_INT_EQ(vg_advdb_load(db, shared("vuln/debian-tracker/"
	    "osvdev-CVE-2016-1585.debian-parts.json"), collect, &w, &d),
	    VG_ERR_FORMAT);
	ASSERT_TRUE(strstr(d.msg, "not an OSV record") != NULL);
	vg_advdb_free(db);
}

VG_TEST(advisory_debian_tracker_fixture)
{
	struct vg_advdb *db = db_new();
	struct vg_advdb_stats st;
	struct warns w = { 0 };
	const struct vg_adv_affected *a;

	load_ok(db, DATA "other/tracker-mini.json", &w);
	vg_advdb_stats(db, &st);
	ASSERT_UINT_EQ(w.n, 3);
	/* Unknown codenames: reported once per file, each counted. */
	ASSERT_TRUE(warned(&w, "tracker-mini.json:2: examplelib/"
	    "CVE-2025-1001: unknown release \"hamm\""));
	ASSERT_UINT_EQ(st.st_unmatched, 2);
	ASSERT_TRUE(warned(&w, "Debian:10: status \"resolved\" without "
	    "fixed_version"));
	/* A broken package: its line; the next package still loads. */
	ASSERT_TRUE(warned(&w, "tracker-mini.json:32: brokenpkg: bad JSON"));
	ASSERT_UINT_EQ(vg_advdb_find(db, S("Debian:12"), S("brokenpkg"),
	    NULL, 0), 0);
	a = one(db, "Debian:12", "otherlib");
	ASSERT_INT_EQ(a->aa_sev, VG_ADV_SEV_CRITICAL);
	ASSERT_VIEW_EQ(a->aa_adv->adv_summary,
	    "Loads after a broken package.");

	ASSERT_UINT_EQ(st.st_not_affected, 1);		/* trixie "0" */
	ASSERT_UINT_EQ(vg_advdb_find(db, S("Debian:13"), S("examplelib"),
	    NULL, 0), 0);
	a = one(db, "Debian:11", "examplelib");
	ASSERT_INT_EQ(a->aa_status, VG_ADV_UNFIXED);
	ASSERT_UINT_EQ(a->aa_flags, VG_ADV_AF_NODSA);
	a = one(db, "Debian:unstable", "examplelib");
	ASSERT_INT_EQ(a->aa_status, VG_ADV_UNDETERMINED);
	ASSERT_VIEW_EQ(a->aa_adv->adv_summary, "A buffer overflow in "
	    "examplelib.");
	/* Two ids for bookworm; a TEMP- id has no CVE. */
	{
		const struct vg_adv_affected *two[2];

		ASSERT_UINT_EQ(vg_advdb_find(db, S("Debian:12"),
		    S("examplelib"), two, 2), 2);
		ASSERT_INT_EQ(two[0]->aa_status, VG_ADV_FIXED);
		ASSERT_VIEW_EQ(two[0]->aa_severity, "high");
		ASSERT_VIEW_EQ(two[1]->aa_adv->adv_id, "TEMP-0000000-ABCDEF");
		ASSERT_UINT_EQ(two[1]->aa_adv->adv_ncves, 0);
	}
	vg_advdb_free(db);
}

/* ------------------------------------------------------------ KEV */

VG_TEST(advisory_kev_shared)
{
	struct vg_advdb *db = db_new();
	struct vg_advdb_stats st;
	struct warns w = { 0 };
	const struct vg_kev *k;
	struct vg_diag d;

	ASSERT_INT_EQ(vg_advdb_load_kev(db, shared("vuln/kev/"
	    "known_exploited_vulnerabilities.json"), collect, &w, &d), 0);
	ASSERT_UINT_EQ(w.n, 0);
	vg_advdb_stats(db, &st);
	ASSERT_UINT_EQ(st.st_kev, 1404);
	ASSERT_UINT_EQ(st.st_kev_ransomware, 293);
	ASSERT_PTR_NE(k = vg_advdb_kev(db, S("CVE-2021-44228")), NULL);
	ASSERT_VIEW_EQ(k->kev_due_date, "2021-12-24");
	ASSERT_VIEW_EQ(k->kev_date_added, "2021-12-10");
	ASSERT_VIEW_EQ(k->kev_vendor, "Apache");
	ASSERT_VIEW_EQ(k->kev_product, "Log4j2");
	ASSERT_VIEW_EQ(k->kev_name, "Apache Log4j2 Remote Code Execution "
	    "Vulnerability");
	ASSERT_TRUE(k->kev_ransomware);
	ASSERT_PTR_NE(k = vg_advdb_kev(db, S("CVE-2025-48384")), NULL);
	ASSERT_VIEW_EQ(k->kev_due_date, "2025-09-15");
	ASSERT_FALSE(k->kev_ransomware);
	ASSERT_PTR_EQ(vg_advdb_kev(db, S("CVE-2014-3616")), NULL);
	ASSERT_PTR_EQ(vg_advdb_kev(db, S("")), NULL);
	/* It is not an advisory file, and its schema is not a catalogue. */
	ASSERT_INT_EQ(vg_advdb_load_kev(db, shared("vuln/kev/"
	    "known_exploited_vulnerabilities_schema.json"), collect, &w, &d),
	    VG_ERR_FORMAT);
	vg_advdb_free(db);
}

VG_TEST(advisory_kev_fixture)
{
	struct vg_advdb *db = db_new();
	struct vg_advdb_stats st;
	struct warns w = { 0 };
	const struct vg_kev *k;

	/* Through vg_advdb_load: a catalogue is recognised there too. */
	load_ok(db, DATA "other/kev-mini.json", &w);
	vg_advdb_stats(db, &st);
	ASSERT_UINT_EQ(st.st_kev, 2);
	ASSERT_UINT_EQ(st.st_kev_ransomware, 1);
	ASSERT_UINT_EQ(w.n, 4);
	ASSERT_TRUE(warned(&w, "\"count\" says 5, the catalogue lists 4"));
	ASSERT_TRUE(warned(&w, "dueDate \"22 January 2025\" is not "
	    "YYYY-MM-DD"));
	ASSERT_TRUE(warned(&w, "CVE-2025-1001 listed again"));
	ASSERT_TRUE(warned(&w, "vulnerabilities[3]: no valid cveID "
	    "(\"not-a-cve\")"));
	ASSERT_PTR_NE(k = vg_advdb_kev(db, S("CVE-2025-1001")), NULL);
	ASSERT_VIEW_EQ(k->kev_vendor, "Example");	/* the first kept */
	ASSERT_TRUE(k->kev_ransomware);
	ASSERT_PTR_NE(k = vg_advdb_kev(db, S("CVE-2025-1003")), NULL);
	ASSERT_VIEW_EQ(k->kev_due_date, "");
	ASSERT_VIEW_EQ(k->kev_date_added, "2025-01-01");
	vg_advdb_free(db);
}

/* ------------------------------------------------------------ zip */

static void
add_member(zip_t *z, const char *name, const char *text)
{
	zip_source_t *src;

	ASSERT_PTR_NE(src = zip_source_buffer(z, text, strlen(text), 0),
	    NULL);
	ASSERT_TRUE(zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8) >= 0);
}

VG_TEST(advisory_zip)
{
	static const char good1[] = "{\"id\":\"ZIP-1\",\"affected\":[{"
	    "\"package\":{\"ecosystem\":\"Alpine:v3.20\",\"name\":\"zpkg\"},"
	    "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":"
	    "\"0\"},{\"fixed\":\"1.1-r0\"}]}]}]}";
	static const char broken[] = "{\"id\":\"ZIP-2\",\n\"affected\":"
	    "\n[{\"package\": }]}";
	static const char good2[] = "{\"id\":\"ZIP-3\",\"withdrawn\":"
	    "\"2025-01-01T00:00:00Z\"}";
	static const char good3[] = "{\"id\":\"ZIP-4\",\"affected\":[{"
	    "\"package\":{\"ecosystem\":\"Alpine:v3.20\",\"name\":\"zpkg\"},"
	    "\"versions\":[\"0.9-r0\"]}]}";
	struct vg_advdb *db = db_new();
	struct vg_advdb_stats st;
	struct warns w = { 0 };
	const struct vg_adv_affected *a[4];
	char dir[] = "/tmp/vg_advzip.XXXXXX", path[64], sub[64], inner[96];
	zip_t *z;
	int err;

	ASSERT_PTR_NE(mkdtemp(dir), NULL);
	snprintf(path, sizeof(path), "%s/all.zip", dir);
	ASSERT_PTR_NE(z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err),
	    NULL);
	add_member(z, "ZIP-1.json", good1);
	add_member(z, "ZIP-2.json", broken);
	add_member(z, "README.txt", "not read");
	add_member(z, "sub/ZIP-3.json", good2);
	add_member(z, "ZIP-4.json", good3);
	ASSERT_INT_EQ(zip_close(z), 0);

	load_ok(db, path, &w);
	vg_advdb_stats(db, &st);
	ASSERT_UINT_EQ(st.st_files, 4);
	ASSERT_UINT_EQ(st.st_records, 2);
	ASSERT_UINT_EQ(st.st_withdrawn, 1);
	ASSERT_UINT_EQ(w.n, 1);
	/* The broken member is named inside its archive, with its line. */
	snprintf(inner, sizeof(inner), "%s(ZIP-2.json):3: bad JSON", path);
	ASSERT_TRUE(warned(&w, inner));
	ASSERT_UINT_EQ(vg_advdb_find(db, S("Alpine:v3.20"), S("zpkg"), a, 4),
	    2);
	ASSERT_VIEW_EQ(a[0]->aa_adv->adv_id, "ZIP-1");
	ASSERT_VIEW_EQ(a[1]->aa_adv->adv_id, "ZIP-4");
	snprintf(inner, sizeof(inner), "%s(ZIP-4.json)", path);
	ASSERT_VIEW_EQ(a[1]->aa_adv->adv_file, inner);

	/* In a directory walk, an archive is read too (as duplicates). */
	snprintf(sub, sizeof(sub), "%s/junk.zip", dir);
	ASSERT_PTR_NE(z = zip_open(sub, ZIP_CREATE | ZIP_TRUNCATE, &err),
	    NULL);
	ASSERT_INT_EQ(zip_close(z), 0);	/* empty: not even written */
	load_ok(db, dir, &w);
	vg_advdb_stats(db, &st);
	ASSERT_UINT_EQ(st.st_duplicates, 2);

	/* A file that starts like a zip but is not one. */
	{
		FILE *fp;
		struct vg_diag d;

		ASSERT_PTR_NE(fp = fopen(sub, "w"), NULL);
		fputs("PK\003\004 but not a zip archive", fp);
		fclose(fp);
		ASSERT_INT_EQ(vg_advdb_load(db, sub, collect, &w, &d),
		    VG_ERR_FORMAT);
		ASSERT_TRUE(strstr(d.msg, "zip archive") != NULL);
		unlink(sub);
	}
	unlink(path);
	rmdir(dir);
	vg_advdb_free(db);
}

/* ------------------------------------------------------------ misc */

VG_TEST(advisory_errors)
{
	struct vg_advdb *db = db_new();
	struct vg_advdb_stats st;
	struct warns w = { 0 };
	struct vg_diag d;

	ASSERT_INT_EQ(vg_advdb_load(db, DATA "no-such-file.json", collect,
	    &w, &d), VG_ERR_IO);
	ASSERT_STR_EQ(d.src, DATA "no-such-file.json");
	ASSERT_INT_EQ(vg_advdb_load(db, DATA "osv/not-json.json", collect,
	    &w, &d), VG_ERR_FORMAT);
	ASSERT_UINT_EQ(d.line, 4);
	ASSERT_INT_EQ(vg_advdb_load_buf(db, "empty", "  \n", 3, collect, &w,
	    &d), VG_ERR_FORMAT);
	ASSERT_STR_EQ(d.msg, "empty file");
	ASSERT_INT_EQ(vg_advdb_load_buf(db, "obj", "{\"a\":1}", 7, collect,
	    &w, &d), VG_ERR_FORMAT);
	ASSERT_INT_EQ(vg_advdb_load_buf(db, "arr", "[1,2]", 5, collect, &w,
	    &d), VG_ERR_FORMAT);
	ASSERT_INT_EQ(vg_advdb_load_buf(db, "none", "[]", 2, collect, &w,
	    &d), 0);
	ASSERT_INT_EQ(vg_advdb_load_kev(db, DATA "osv/DSA-9001-1.json",
	    collect, &w, &d), VG_ERR_FORMAT);
	/* A tracker export cut short keeps what came before the cut. */
	{
		static const char cut[] = "{\"p\": {\"CVE-2025-1\": "
		    "{\"releases\": {\"bookworm\": {\"status\": \"open\"}}}},"
		    "\n\"q\": {\"CVE-2025-2\": {\"rel";

		ASSERT_INT_EQ(vg_advdb_load_buf(db, "cut", cut,
		    sizeof(cut) - 1, collect, &w, &d), 0);
		ASSERT_TRUE(warned(&w, "cut:2: expected a package name"));
		(void)one(db, "Debian:12", "p");
	}
	ASSERT_UINT_EQ(w.n, 1);
	vg_advdb_stats(db, &st);
	ASSERT_UINT_EQ(st.st_records, 1);
	vg_advdb_free(db);
	vg_advdb_free(NULL);
}

VG_TEST(advisory_shared_tree)
{
	struct vg_advdb *db = db_new();
	struct vg_advdb_stats st;
	struct warns w = { 0 };

	/* The whole directory: OSV, tracker and KEV told apart. */
	load_ok(db, shared("vuln"), &w);
	vg_advdb_stats(db, &st);
	ASSERT_UINT_EQ(st.st_records, 17);
	ASSERT_UINT_EQ(st.st_affected, 51);
	ASSERT_UINT_EQ(st.st_kev, 1404);
	/* Two JSON schemas, the ecosystem list, osv.dev's parts. */
	ASSERT_UINT_EQ(w.n, 4);
	ASSERT_TRUE(warned(&w, "osv/schema.json:0: not an OSV record"));
	ASSERT_TRUE(st.st_bytes > 0);
	vg_advdb_free(db);
}
