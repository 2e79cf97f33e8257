/*
 * test_audit.c -- the host audit (audit.c) on the project's fleet
 * fixture: dpkg status files built from real Debian 12 stanzas (a binNMU
 * whose binary carries an epoch its source lacks, a package removed with
 * its config files left), an Alpine database, rpm lists for AlmaLinux
 * and RHEL, against OSV records (withdrawn, last_affected, a Red Hat CPE
 * ecosystem, a broken record) and a Debian tracker export, flagged with
 * a KEV catalogue.  And, when ../shared is there, the same audit with
 * the real KEV catalogue.
 */
#include "vg_test.h"

#include "audit.h"

#define FIX	"tests/data/vuln/"

struct warns {
	size_t	n;
	char	last[256];
};

static void
count_warn(void *arg, const struct vg_diag *d)
{
	struct warns *w = arg;

	w->n++;
	snprintf(w->last, sizeof(w->last), "%s:%lu: %s", d->src, d->line,
	    d->msg);
}

static struct vg_advdb *
load_db(const char *kev, struct warns *w)
{
	struct vg_advdb *db;
	struct vg_diag diag;

	ASSERT_INT_EQ(vg_advdb_new(&db), 0);
	memset(&diag, 0, sizeof(diag));
	ASSERT_INT_EQ(vg_advdb_load(db, FIX "advisories", count_warn, w,
	    &diag), 0);
	ASSERT_INT_EQ(vg_advdb_load_kev(db, kev, count_warn, w, &diag), 0);
	return db;
}

struct host_fx {
	char			*buf;
	struct vg_inventory	*inv;
	struct vg_audit		 au;
};

static void
audit_fixture(const struct vg_advdb *db, const char *path, const char *host,
    const char *eco, struct host_fx *h, struct warns *w)
{
	struct vg_diag diag;
	size_t len;

	h->buf = vg_test_read(path, &len);
	ASSERT_INT_EQ(vg_inventory_parse(path, h->buf, len, VG_INV_AUTO, NULL,
	    NULL, &h->inv, &diag), 0);
	ASSERT_INT_EQ(vg_audit_host(db, h->inv, host, eco, count_warn, w,
	    &h->au), 0);
}

static void
host_free(struct host_fx *h)
{
	vg_audit_cleanup(&h->au);
	vg_inventory_free(h->inv);
	free(h->buf);
}

/* The finding of binary package `pkg' for advisory `id', or NULL. */
static const struct vg_audit_finding *
find(const struct vg_audit *au, const char *pkg, const char *id)
{
	size_t i;

	for (i = 0; i < au->au_nfindings; i++) {
		const struct vg_audit_finding *f = &au->au_findings[i];

		if (vg_str_same(f->af_pkg->pk_name, vg_str_make(pkg,
		    strlen(pkg))) && vg_str_same(f->af_aff->aa_adv->adv_id,
		    vg_str_make(id, strlen(id))))
			return f;
	}
	return NULL;
}

VG_TEST(audit_debian_host)
{
	const struct vg_audit_finding *f;
	struct warns w = { 0 };
	struct vg_advdb *db = load_db(FIX "kev.json", &w);
	struct host_fx h;
	size_t i;

	/* The broken record and the range without a version, nothing else. */
	ASSERT_UINT_EQ(w.n, 2);
	memset(&w, 0, sizeof(w));
	audit_fixture(db, FIX "fleet/web01/status", "web01", "Debian:12", &h,
	    &w);
	ASSERT_UINT_EQ(w.n, 0);
	/* 11 installed; apache2 (config files only) is not audited. */
	ASSERT_UINT_EQ(h.au.au_stats.as_packages, 11);

	/* KEV first: glibc (Looney Tunables) and the fixture's WallEscape. */
	ASSERT_TRUE(h.au.au_nfindings == 9);
	ASSERT_TRUE(h.au.au_findings[0].af_kev != NULL);
	ASSERT_TRUE(h.au.au_findings[1].af_kev != NULL);
	ASSERT_TRUE(h.au.au_findings[2].af_kev == NULL);
	ASSERT_UINT_EQ(h.au.au_stats.as_kev, 2);

	f = find(&h.au, "libc6", "DSA-5514-1");
	ASSERT_TRUE(f != NULL);
	ASSERT_VIEW_EQ(f->af_fixed, "2.36-9+deb12u3");
	ASSERT_VIEW_EQ(f->af_kev->kev_due_date, "2023-12-12");
	ASSERT_FALSE(f->af_kev->kev_ransomware);

	/*
	 * bsdutils 1:2.38.1-5+b1 is a binNMU of util-linux 2.38.1-5: the
	 * source version (no epoch) is below the fix; the binary's, with
	 * its epoch, would wrongly be above it.
	 */
	f = find(&h.au, "bsdutils", "DEBIAN-CVE-2024-28085");
	ASSERT_TRUE(f != NULL);
	ASSERT_VIEW_EQ(f->af_pkg->pk_version, "1:2.38.1-5+b1");
	ASSERT_VIEW_EQ(f->af_pkg->pk_source_version, "2.38.1-5");
	ASSERT_INT_EQ(f->af_verdict, VG_VULN_AFFECTED);
	ASSERT_TRUE(f->af_kev != NULL && f->af_kev->kev_ransomware);

	/* One advisory on a source: a finding per installed binary. */
	ASSERT_TRUE(find(&h.au, "openssl", "DEBIAN-CVE-2024-0727") != NULL);
	f = find(&h.au, "libssl3", "DEBIAN-CVE-2024-0727");
	ASSERT_TRUE(f != NULL);
	ASSERT_VIEW_EQ(f->af_fixed, "3.0.13-1~deb12u1");
	ASSERT_INT_EQ(f->af_aff->aa_sev, VG_ADV_SEV_MEDIUM);
	/* Fixed in exactly the installed version: not affected. */
	ASSERT_TRUE(find(&h.au, "openssl", "DSA-5532-1") == NULL);
	/* The withdrawn record is not reported; deb12u5 > deb12u4 fixed. */
	ASSERT_TRUE(find(&h.au, "curl", "DEBIAN-CVE-2023-46218") == NULL);
	ASSERT_TRUE(find(&h.au, "curl", "DEBIAN-CVE-2023-38545") == NULL);
	ASSERT_TRUE(find(&h.au, "libcurl4", "DEBIAN-CVE-2024-2398") != NULL);

	/* last_affected is inclusive; it names no fix. */
	f = find(&h.au, "libtiff6", "DEBIAN-CVE-2023-52356");
	ASSERT_TRUE(f != NULL);
	ASSERT_INT_EQ(f->af_verdict, VG_VULN_UNFIXED);
	ASSERT_UINT_EQ(f->af_fixed.len, 0);

	/* The tracker: open in bookworm (unfixed) and a resolved one. */
	f = find(&h.au, "zlib1g", "CVE-2023-45853");
	ASSERT_TRUE(f != NULL);
	ASSERT_INT_EQ(f->af_verdict, VG_VULN_UNFIXED);
	ASSERT_INT_EQ(f->af_aff->aa_sev, VG_ADV_SEV_NEGLIGIBLE);
	ASSERT_TRUE(find(&h.au, "libexpat1", "CVE-2023-52425") != NULL);
	ASSERT_UINT_EQ(h.au.au_stats.as_unfixed, 2);

	/* Sorted: nothing after an unfixed of lower rank is KEV. */
	for (i = 1; i < h.au.au_nfindings; i++)
		ASSERT_FALSE(h.au.au_findings[i].af_kev != NULL &&
		    h.au.au_findings[i - 1].af_kev == NULL);
	ASSERT_TRUE(vg_audit_finding_is(&h.au.au_findings[0],
	    VG_STR_LIT("CVE-2023-4911")));
	ASSERT_FALSE(vg_audit_finding_is(&h.au.au_findings[0],
	    VG_STR_LIT("CVE-2023-4912")));
	host_free(&h);

	/* db02 runs bookworm's current versions: only the fixture's. */
	audit_fixture(db, FIX "fleet/db02.status", "db02", "Debian:12", &h,
	    &w);
	ASSERT_UINT_EQ(h.au.au_nfindings, 2);
	ASSERT_TRUE(find(&h.au, "zlib1g", "CVE-2023-45853") != NULL);
	ASSERT_TRUE(find(&h.au, "libexpat1", "CVE-2023-52425") != NULL);
	host_free(&h);
	vg_advdb_free(db);
}

VG_TEST(audit_rpm_and_apk_hosts)
{
	const struct vg_audit_finding *f;
	struct warns w = { 0 };
	struct vg_advdb *db = load_db(FIX "kev.json", &w);
	struct host_fx h;

	/*
	 * AlmaLinux names binaries: openssl-libs and openssl each match
	 * once, even though openssl-libs' source RPM is openssl too.
	 */
	audit_fixture(db, FIX "fleet/alma01.txt", "alma01", "AlmaLinux:9",
	    &h, &w);
	ASSERT_UINT_EQ(h.au.au_nfindings, 2);
	f = find(&h.au, "openssl-libs", "ALSA-2024:2447");
	ASSERT_TRUE(f != NULL);
	ASSERT_VIEW_EQ(f->af_fixed, "1:3.0.7-27.el9");
	ASSERT_TRUE(find(&h.au, "openssl", "ALSA-2024:2447") != NULL);
	host_free(&h);

	/* Red Hat's CPE ecosystem is indexed under the host's "Red Hat:9". */
	audit_fixture(db, FIX "fleet/rhel01.txt", "rhel01", "Red Hat:9", &h,
	    &w);
	ASSERT_UINT_EQ(h.au.au_nfindings, 1);
	ASSERT_TRUE(find(&h.au, "openssl-libs", "RHSA-2024:2447") != NULL);
	host_free(&h);

	/* Alpine: by origin (libcrypto3 comes from openssl). */
	audit_fixture(db, FIX "fleet/alpine01/lib/apk/db/installed",
	    "alpine01", "Alpine:v3.19", &h, &w);
	ASSERT_UINT_EQ(h.au.au_nfindings, 1);
	f = find(&h.au, "libcrypto3", "ALPINE-CVE-2023-5678");
	ASSERT_TRUE(f != NULL);
	ASSERT_VIEW_EQ(f->af_fixed, "3.1.4-r1");
	host_free(&h);
	ASSERT_UINT_EQ(w.n, 2);		/* the two load problems only */
	vg_advdb_free(db);
}

VG_TEST(audit_unreadable_and_unknown)
{
	static const char status[] =
	    "Package: openssl\n"
	    "Status: install ok installed\n"
	    "Version: 3.0.11-1~deb12u2\n"
	    "\n"
	    "Package: weird\n"
	    "Status: install ok installed\n"
	    "Source: tiff\n"
	    "Version: not_a_version\n"
	    "\n";
	struct warns w = { 0 };
	struct vg_advdb *db = load_db(FIX "kev.json", &w);
	struct vg_inventory *inv;
	struct vg_audit au;
	struct vg_diag diag;

	ASSERT_INT_EQ(vg_inventory_parse("mem", status, sizeof(status) - 1,
	    VG_INV_DPKG_STATUS, NULL, NULL, &inv, &diag), 0);
	memset(&w, 0, sizeof(w));
	ASSERT_INT_EQ(vg_audit_host(db, inv, "h", "Debian:12", count_warn, &w,
	    &au), 0);
	ASSERT_UINT_EQ(au.au_nfindings, 1);	/* openssl; weird skipped */
	ASSERT_UINT_EQ(au.au_stats.as_unreadable, 1);
	ASSERT_UINT_EQ(w.n, 1);
	ASSERT_TRUE(strstr(w.last, "h:5: ") == w.last);
	ASSERT_TRUE(strstr(w.last, "not_a_version") != NULL);
	vg_audit_cleanup(&au);
	/* No ordering for PyPI: refused, not guessed. */
	ASSERT_INT_EQ(vg_audit_host(db, inv, "h", "PyPI", NULL, NULL, &au),
	    VG_ERR_INVAL);
	vg_inventory_free(inv);
	vg_advdb_free(db);
}

VG_TEST(audit_reports)
{
	struct warns w = { 0 };
	struct vg_advdb *db = load_db(FIX "kev.json", &w);
	struct host_fx h;
	char *out = NULL;
	size_t len = 0;
	FILE *fp;

	audit_fixture(db, FIX "fleet/web01/status", "web01", "Debian:12", &h,
	    &w);
	ASSERT_TRUE((fp = open_memstream(&out, &len)) != NULL);
	ASSERT_INT_EQ(vg_audit_write(fp, VG_AUDIT_TABLE, &h.au, true), 0);
	fclose(fp);
	/* KEV upgrades first; one line per source package. */
	ASSERT_TRUE(strstr(out, "web01 (Debian:12): 11 packages, 9 findings, "
	    "2 known exploited, 5 upgrades to make, 2 without a fix\n") ==
	    out);
	ASSERT_TRUE(strstr(out, "\n  KEV glibc ") != NULL);
	ASSERT_TRUE(strstr(out, "\n  KEV glibc ") < strstr(out, " openssl "));
	ASSERT_TRUE(strstr(out, "3.0.11-1~deb12u2") != NULL);
	ASSERT_TRUE(strstr(strstr(out, " openssl "), "-> 3.0.13-1~deb12u1")
	    != NULL);
	ASSERT_TRUE(strstr(out, " libssl3 ") == NULL);
	ASSERT_TRUE(strstr(strstr(out, " tiff "), "(no fix)") != NULL);
	free(out);

	out = NULL;
	ASSERT_TRUE((fp = open_memstream(&out, &len)) != NULL);
	ASSERT_INT_EQ(vg_audit_write(fp, VG_AUDIT_CSV, &h.au, true), 0);
	fclose(fp);
	ASSERT_TRUE(strncmp(out, "host.name,package.name,package.version,",
	    39) == 0);
	ASSERT_TRUE(strstr(out, "\nweb01,libc6,2.36-9+deb12u1,glibc,"
	    "2.36-9+deb12u1,DSA-5514-1,CVE-2023-4911,2.36-9+deb12u3,affected,"
	    "true,2023-12-12,\n") != NULL);
	free(out);

	out = NULL;
	ASSERT_TRUE((fp = open_memstream(&out, &len)) != NULL);
	ASSERT_INT_EQ(vg_audit_write(fp, VG_AUDIT_JSONL, &h.au, true), 0);
	fclose(fp);
	ASSERT_TRUE(strncmp(out, "{\"host\":{\"name\":\"web01\"", 23) == 0);
	ASSERT_TRUE(strstr(out, "\"package\":{\"name\":\"bsdutils\",\"version\":"
	    "\"1:2.38.1-5+b1\",\"source\":\"util-linux\",\"source_version\":"
	    "\"2.38.1-5\"") != NULL);
	ASSERT_TRUE(strstr(out, "\"fixed_version\":null,\"status\":"
	    "\"unfixed\"") != NULL);
	free(out);
	host_free(&h);
	vg_advdb_free(db);
}

/* The real catalogue flags the real CVE; the fixture's is not in it. */
VG_TEST(audit_real_kev)
{
	const char *kev = vg_test_shared("vuln/kev/"
	    "known_exploited_vulnerabilities.json");
	struct warns w = { 0 };
	struct vg_advdb *db;
	struct host_fx h;

	if (kev == NULL)
		VG_SKIP("../shared/data/vuln/kev absent");
	db = load_db(kev, &w);
	audit_fixture(db, FIX "fleet/web01/status", "web01", "Debian:12", &h,
	    &w);
	ASSERT_UINT_EQ(h.au.au_stats.as_kev, 1);
	ASSERT_TRUE(find(&h.au, "libc6", "DSA-5514-1")->af_kev != NULL);
	ASSERT_TRUE(find(&h.au, "bsdutils", "DEBIAN-CVE-2024-28085")->af_kev
	    == NULL);
	host_free(&h);
	vg_advdb_free(db);
}

/* OSV's spellings of Ubuntu LTS and Red Hat releases meet os-release's. */
VG_TEST(audit_ecosystem_spellings)
{
	static const char rec[] =
	    "{\"id\":\"UBUNTU-CVE-2024-0727\",\"affected\":["
	    "{\"package\":{\"ecosystem\":\"Ubuntu:22.04:LTS\",\"name\":"
	    "\"openssl\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":["
	    "{\"introduced\":\"0\"},{\"fixed\":\"3.0.2-0ubuntu1.14\"}]}]},"
	    "{\"package\":{\"ecosystem\":\"Ubuntu:Pro:18.04:LTS\",\"name\":"
	    "\"openssl\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":["
	    "{\"introduced\":\"0\"},{\"fixed\":\"1.1.1-1ubuntu2.1~18.04.23+esm4\"}]}]},"
	    "{\"package\":{\"ecosystem\":\"Red Hat:rhel_aus:8.6::appstream\","
	    "\"name\":\"openssl\"},\"ranges\":[{\"type\":\"ECOSYSTEM\","
	    "\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1:1.1.1k-9.el8_6\"}]}]}]}";
	const struct vg_adv_affected *aa;
	struct vg_advdb *db;
	struct vg_diag diag;

	ASSERT_INT_EQ(vg_advdb_new(&db), 0);
	ASSERT_INT_EQ(vg_advdb_load_buf(db, "mem.json", rec, sizeof(rec) - 1,
	    NULL, NULL, &diag), 0);
	ASSERT_UINT_EQ(vg_advdb_find(db, VG_STR_LIT("Ubuntu:22.04"),
	    VG_STR_LIT("openssl"), &aa, 1), 1);
	ASSERT_VIEW_EQ(aa->aa_ecosystem, "Ubuntu:22.04");
	/* Extended-support streams stay as written. */
	ASSERT_UINT_EQ(vg_advdb_find(db, VG_STR_LIT("Ubuntu:18.04"),
	    VG_STR_LIT("openssl"), &aa, 1), 0);
	ASSERT_UINT_EQ(vg_advdb_find(db, VG_STR_LIT("Ubuntu:Pro:18.04:LTS"),
	    VG_STR_LIT("openssl"), &aa, 1), 1);
	ASSERT_UINT_EQ(vg_advdb_find(db, VG_STR_LIT("Red Hat:8"),
	    VG_STR_LIT("openssl"), &aa, 1), 0);
	vg_advdb_free(db);
}
