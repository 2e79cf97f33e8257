/*
 * OSV range evaluation (vuln.c) on advisories loaded by advisory.c: the
 * real DSA-3029-1 record when ../shared is present, and records written
 * here for the cases the issue names (last_affected inclusive, limit,
 * introduced "0", several ranges, no fix, explicit versions).
 */
#include "vg_test.h"

#include "advisory.h"
#include "vuln.h"

static struct vg_advdb *
load(const char *json)
{
	struct vg_advdb *db;
	struct vg_diag diag;

	ASSERT_INT_EQ(vg_advdb_new(&db), 0);
	if (vg_advdb_load_buf(db, "test.json", json, strlen(json), NULL,
	    NULL, &diag) != 0)
		vg_test_fail(__FILE__, __LINE__, "%s", diag.msg);
	return db;
}

static const struct vg_adv_affected *
entry(struct vg_advdb *db, const char *eco, const char *pkg)
{
	const struct vg_adv_affected *aa = NULL;

	ASSERT_TRUE(vg_advdb_find(db, vg_str_make(eco, strlen(eco)),
	    vg_str_make(pkg, strlen(pkg)), &aa, 1) >= 1);
	return aa;
}

/* The verdict for one version, with the fix it names. */
static enum vg_vuln_verdict
verdict(const struct vg_adv_affected *aa, enum vg_ver_scheme s,
    const char *v, char *fixed, size_t len)
{
	enum vg_vuln_verdict vd;
	struct vg_str f;

	ASSERT_INT_EQ(vg_vuln_check(aa, s, vg_str_make(v, strlen(v)), &vd,
	    &f), 0);
	snprintf(fixed, len, "%.*s", (int)f.len, f.p != NULL ? f.p : "");
	return vd;
}

#define EXPECT(aa, s, v, want, wfix) do {				\
	char fx_[128];							\
	enum vg_vuln_verdict got_ = verdict((aa), (s), (v), fx_,	\
	    sizeof(fx_));						\
	if (got_ != (want) || strcmp(fx_, (wfix)) != 0)			\
		vg_test_fail(__FILE__, __LINE__, "%s: verdict %d fix "	\
		    "\"%s\", expected %d \"%s\"", (v), got_, fx_,	\
		    (want), (wfix));					\
} while (0)

VG_TEST(vuln_debian_fixed_and_binnmu)
{
	/* A Debian DSA as OSV writes it: introduced 0, fixed in a +debNuM. */
	struct vg_advdb *db = load("{\"id\":\"DSA-9001-1\",\"modified\":"
	    "\"2024-01-01T00:00:00Z\",\"affected\":[{\"package\":{\"ecosystem\":"
	    "\"Debian:12\",\"name\":\"openssl\"},\"ranges\":[{\"type\":"
	    "\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":"
	    "\"3.0.11-1~deb12u2\"}]}]}]}");
	const struct vg_adv_affected *aa = entry(db, "Debian:12", "openssl");

	EXPECT(aa, VG_VER_DPKG, "3.0.11-1~deb12u1", VG_VULN_AFFECTED,
	    "3.0.11-1~deb12u2");
	EXPECT(aa, VG_VER_DPKG, "3.0.9-1", VG_VULN_AFFECTED, "3.0.11-1~deb12u2");
	EXPECT(aa, VG_VER_DPKG, "3.0.11-1~deb12u2", VG_VULN_NOT_AFFECTED, "");
	/* A binNMU of the fixed version is fixed too. */
	EXPECT(aa, VG_VER_DPKG, "3.0.11-1~deb12u2+b1", VG_VULN_NOT_AFFECTED,
	    "");
	EXPECT(aa, VG_VER_DPKG, "3.0.13-1~deb12u1", VG_VULN_NOT_AFFECTED, "");
	/* An epoch above the fix's (none) is newer whatever follows. */
	EXPECT(aa, VG_VER_DPKG, "1:1.0-1", VG_VULN_NOT_AFFECTED, "");
	vg_advdb_free(db);
}

VG_TEST(vuln_last_affected_limit_and_ranges)
{
	struct vg_advdb *db = load("{\"id\":\"GHSA-test-0001\","
	    "\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":["
	    /* last_affected is inclusive. */
	    "{\"package\":{\"ecosystem\":\"npm\",\"name\":\"left\"},"
	    "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":"
	    "\"1.0.0\"},{\"last_affected\":\"1.4.2\"}]}]},"
	    /* Two ranges: 1.x fixed in 1.2.3, 2.x fixed in 2.0.5. */
	    "{\"package\":{\"ecosystem\":\"npm\",\"name\":\"two\"},"
	    "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":"
	    "\"2.0.0\"},{\"fixed\":\"2.0.5\"},{\"introduced\":\"1.0.0\"},"
	    "{\"fixed\":\"1.2.3\"}]}]},"
	    /* limit bounds the range; no fix: unfixed below it. */
	    "{\"package\":{\"ecosystem\":\"npm\",\"name\":\"lim\"},"
	    "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":"
	    "\"0\"},{\"limit\":\"3.0.0\"}]}]},"
	    /* Only explicit versions. */
	    "{\"package\":{\"ecosystem\":\"npm\",\"name\":\"list\"},"
	    "\"versions\":[\"0.9.1\",\"0.9.2\"]}]}");
	const struct vg_adv_affected *aa;

	aa = entry(db, "npm", "left");
	EXPECT(aa, VG_VER_SEMVER, "0.9.9", VG_VULN_NOT_AFFECTED, "");
	EXPECT(aa, VG_VER_SEMVER, "1.0.0", VG_VULN_UNFIXED, "");
	EXPECT(aa, VG_VER_SEMVER, "1.4.2", VG_VULN_UNFIXED, "");
	EXPECT(aa, VG_VER_SEMVER, "1.4.3", VG_VULN_NOT_AFFECTED, "");
	aa = entry(db, "npm", "two");
	EXPECT(aa, VG_VER_SEMVER, "1.1.0", VG_VULN_AFFECTED, "1.2.3");
	EXPECT(aa, VG_VER_SEMVER, "1.2.3", VG_VULN_NOT_AFFECTED, "");
	EXPECT(aa, VG_VER_SEMVER, "1.9.0", VG_VULN_NOT_AFFECTED, "");
	EXPECT(aa, VG_VER_SEMVER, "2.0.1", VG_VULN_AFFECTED, "2.0.5");
	EXPECT(aa, VG_VER_SEMVER, "2.1.0", VG_VULN_NOT_AFFECTED, "");
	EXPECT(aa, VG_VER_SEMVER, "2.0.0-rc.1", VG_VULN_NOT_AFFECTED, "");
	aa = entry(db, "npm", "lim");
	EXPECT(aa, VG_VER_SEMVER, "2.9.9", VG_VULN_UNFIXED, "");
	EXPECT(aa, VG_VER_SEMVER, "3.0.0", VG_VULN_NOT_AFFECTED, "");
	aa = entry(db, "npm", "list");
	EXPECT(aa, VG_VER_SEMVER, "0.9.2", VG_VULN_UNFIXED, "");
	EXPECT(aa, VG_VER_SEMVER, "0.9.3", VG_VULN_NOT_AFFECTED, "");
	vg_advdb_free(db);
}

VG_TEST(vuln_bad_versions_are_reported)
{
	struct vg_advdb *db = load("{\"id\":\"DSA-9002-1\",\"modified\":"
	    "\"2024-01-01T00:00:00Z\",\"affected\":[{\"package\":{\"ecosystem\":"
	    "\"Debian:12\",\"name\":\"x\"},\"ranges\":[{\"type\":\"ECOSYSTEM\","
	    "\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"<unfixed>\"}]}]}]}");
	const struct vg_adv_affected *aa = entry(db, "Debian:12", "x");
	enum vg_vuln_verdict vd;
	struct vg_str f;

	/* Neither side is guessed: an advisory version that is not one... */
	ASSERT_INT_EQ(vg_vuln_check(aa, VG_VER_DPKG, VG_STR_LIT("1.0-1"), &vd,
	    &f), VG_ERR_PARSE);
	/* ...nor an installed one, nor an unknown scheme. */
	ASSERT_INT_EQ(vg_vuln_check(aa, VG_VER_DPKG, VG_STR_LIT("x y"), &vd,
	    &f), VG_ERR_PARSE);
	ASSERT_INT_EQ(vg_vuln_check(aa, 0, VG_STR_LIT("1.0-1"), &vd, &f),
	    VG_ERR_INVAL);
	vg_advdb_free(db);
}

VG_TEST(vuln_real_dsa_3029_1)
{
	const char *path = vg_test_shared("vuln/osv/examples/DSA-3029-1.json");
	const struct vg_adv_affected *aa;
	struct vg_advdb *db;
	struct vg_diag diag;

	if (path == NULL)
		VG_SKIP("../shared/data/vuln is absent");
	ASSERT_INT_EQ(vg_advdb_new(&db), 0);
	if (vg_advdb_load(db, path, NULL, NULL, &diag) != 0)
		vg_test_fail(__FILE__, __LINE__, "%s", diag.msg);
	aa = entry(db, "Debian:7", "nginx");
	/* wheezy's nginx before and at the DSA's fix. */
	EXPECT(aa, VG_VER_DPKG, "1.2.1-2.2+wheezy2", VG_VULN_AFFECTED,
	    "1.2.1-2.2+wheezy3");
	EXPECT(aa, VG_VER_DPKG, "1.2.1-2.2+wheezy3", VG_VULN_NOT_AFFECTED, "");
	vg_advdb_free(db);
}
