/*
 * Unit tests of vercmp: dpkg, rpm, apk and SemVer ordering.
 *
 * Two halves.  Embedded cases, so that a clone without ../shared still
 * tests each scheme's hard parts (epochs, '~', '^', empty revisions,
 * binNMUs, backports, apk suffixes and revisions, SemVer pre-releases)
 * and what each scheme refuses.  Then every vector of
 * ../shared/data/vuln/version-vectors, read in place: `A <op> B' lines
 * (osv-scanner's fixtures) and `a<TAB>b<TAB>result' lines (rpm's own
 * test suite, and pairs run through dpkg --compare-versions).  Every
 * pair is compared both ways, which checks antisymmetry, and each
 * version is copied into a heap block of its exact length first, so a
 * sanitizer build catches any read past the end of a view.
 *
 * Some fixture lines use strings that the scheme's own tools refuse or
 * order differently from one release to the next (the alpine file says
 * so in its comments); vercmp refuses them with VG_ERR_PARSE.  Those
 * strings are listed per file below, and the test fails both when a
 * listed string is accepted and when one no longer occurs in its file.
 */
#include "vg_test.h"
#include "vercmp.h"

static struct vg_str
S(const char *s)
{
	return vg_str_make(s, strlen(s));
}

static const char *
op_name(int cmp)
{
	return cmp < 0 ? "<" : cmp > 0 ? ">" : "=";
}

/*
 * Fail unless a <want> b and b <-want> a.  Each side is copied into a
 * heap block of exactly its length, so reading past a view's end is a
 * sanitizer error rather than a read of the literal's NUL.
 */
static void
check_pair(const char *file, int line, enum vg_ver_scheme scheme,
    struct vg_str a, int want, struct vg_str b)
{
	char *pa, *pb;
	int r, ab = 9, ba = 9;

	pa = malloc(a.len > 0 ? a.len : 1);
	pb = malloc(b.len > 0 ? b.len : 1);
	ASSERT_TRUE(pa != NULL && pb != NULL);
	if (a.len > 0)
		memcpy(pa, a.p, a.len);
	if (b.len > 0)
		memcpy(pb, b.p, b.len);
	if ((r = vg_ver_cmp(scheme, vg_str_make(pa, a.len),
	    vg_str_make(pb, b.len), &ab)) != 0)
		vg_test_fail(file, line, "\"%.*s\" vs \"%.*s\": %s",
		    (int)a.len, a.p, (int)b.len, b.p, vg_strerror(r));
	if ((r = vg_ver_cmp(scheme, vg_str_make(pb, b.len),
	    vg_str_make(pa, a.len), &ba)) != 0)
		vg_test_fail(file, line, "\"%.*s\" vs \"%.*s\": %s",
		    (int)b.len, b.p, (int)a.len, a.p, vg_strerror(r));
	if (ab != want || ba != -want)
		vg_test_fail(file, line, "expected \"%.*s\" %s \"%.*s\", got "
		    "%s (and %s the other way)", (int)a.len, a.p,
		    op_name(want), (int)b.len, b.p, op_name(ab),
		    op_name(-ba));
	free(pa);
	free(pb);
}

#define LT(sc, a, b)	check_pair(__FILE__, __LINE__, (sc), S(a), -1, S(b))
#define EQ(sc, a, b)	check_pair(__FILE__, __LINE__, (sc), S(a), 0, S(b))
#define GT(sc, a, b)	check_pair(__FILE__, __LINE__, (sc), S(a), 1, S(b))

/* Fail unless `v' is refused, alone and on either side of a comparison. */
static void
check_bad(const char *file, int line, enum vg_ver_scheme scheme,
    struct vg_str v, struct vg_str good, int want_r)
{
	int r, cmp = 9;

	if ((r = vg_ver_check(scheme, v)) != want_r)
		vg_test_fail(file, line, "check \"%.*s\" returned %d, "
		    "expected %d", (int)v.len, v.p, r, want_r);
	if ((r = vg_ver_cmp(scheme, v, good, &cmp)) != want_r || cmp != 0)
		vg_test_fail(file, line, "cmp(\"%.*s\", good) returned %d "
		    "with %d", (int)v.len, v.p, r, cmp);
	cmp = 9;
	if ((r = vg_ver_cmp(scheme, good, v, &cmp)) != want_r || cmp != 0)
		vg_test_fail(file, line, "cmp(good, \"%.*s\") returned %d "
		    "with %d", (int)v.len, v.p, r, cmp);
}

#define BAD(sc, v, good)	\
	check_bad(__FILE__, __LINE__, (sc), S(v), S(good), VG_ERR_PARSE)

VG_TEST(vercmp_dpkg)
{
	enum vg_ver_scheme d = VG_VER_DPKG;

	/* Epochs: absent is 0, and an epoch outweighs everything after. */
	EQ(d, "1.0", "0:1.0");
	GT(d, "1:1.0", "2.0");
	GT(d, "1:0.1", "9.9");
	LT(d, "2:1.0", "10:0.1");
	EQ(d, "01:1.0", "1:1.0");
	LT(d, "9.2p1-2", "1:9.2p1-2");
	GT(d, "2147483647:1", "2147483646:9");
	/* An absent revision is revision 0. */
	EQ(d, "1.0", "1.0-0");
	EQ(d, "1.0-0", "1.0-00");
	LT(d, "0.0.0-0", "0:0.0.1");
	/* '~' sorts before anything, even the end of the part. */
	LT(d, "1.0~rc1", "1.0");
	LT(d, "1.0~~", "1.0~");
	LT(d, "1.0~~a", "1.0~");
	GT(d, "1.0~~a", "1.0~~");
	LT(d, "1.0~", "1.0");
	LT(d, "1.2.3-1~deb7u1", "1.2.3-1");
	LT(d, "3.0.11-1~deb12u1", "3.0.11-1");
	/* Backports and binNMUs. */
	LT(d, "1.0-1~bpo12+1", "1.0-1");
	GT(d, "1.0-1~bpo12+1", "1.0-0");
	LT(d, "1.0-1", "1.0-1+b1");
	LT(d, "1.0-1+b1", "1.0-1+b2");
	LT(d, "1.0-1+b1", "1.0-1.1");
	/* Stable security updates, numbers by value. */
	LT(d, "1.0-1", "1.0-1+deb12u1");
	LT(d, "1.0-1+deb12u9", "1.0-1+deb12u10");
	LT(d, "7.88.1-10+deb12u5", "7.88.1-10+deb12u14");
	LT(d, "2.7.4+reloaded2-13ubuntu1", "2.7.4+reloaded2-13+deb9u1");
	/* Letters sort before other non-digits, and by ASCII. */
	GT(d, "1.2.3a", "1.2.3");
	LT(d, "1.2.3a", "1.2.3.1");
	LT(d, "1.0a", "1.0+");
	GT(d, "1.0a", "1.0A");
	GT(d, "1.0.", "1.0");
	LT(d, "1.0+", "1.0.");
	EQ(d, "1.01", "1.1");
	GT(d, "6.1.0-22", "6.1.0-9");
	/* The revision starts after the last hyphen. */
	LT(d, "1.0-1-1", "1.0-1-2");
	GT(d, "1.0-1-1", "1.0-1");
	/* A colon may follow in the upstream part once there is an epoch. */
	LT(d, "1:2:3-1", "1:2:4-1");
	/* Digit runs longer than any integer type. */
	LT(d, "99999999999999999999999", "100000000000000000000000");

	BAD(d, "", "1.0");
	BAD(d, "a1.0", "1.0");
	BAD(d, "<unfixed>", "1.0");
	BAD(d, "unknown", "1.0");
	BAD(d, " 1.0", "1.0");
	BAD(d, "1.0 ", "1.0");
	BAD(d, "1.0 1", "1.0");
	BAD(d, "1:", "1.0");
	BAD(d, ":1.0", "1.0");
	BAD(d, "a:1.0", "1.0");
	BAD(d, "-1:1.0", "1.0");
	BAD(d, "+1:1.0", "1.0");
	BAD(d, "2147483648:1.0", "1.0");
	BAD(d, "1.0-", "1.0");
	BAD(d, "1:-1", "1.0");
	BAD(d, "1.0_1", "1.0");
	BAD(d, "1.0-1_1", "1.0");
	BAD(d, "1.0-1:2", "1.0");
	BAD(d, "1.0\xc3\xa9", "1.0");
	check_bad(__FILE__, __LINE__, d, vg_str_make("1.0\0", 4), S("1.0"),
	    VG_ERR_PARSE);
}

VG_TEST(vercmp_rpm)
{
	enum vg_ver_scheme r = VG_VER_RPM;

	EQ(r, "1.0-1", "0:1.0-1");
	GT(r, "1:1.0-1", "2.0-1");
	EQ(r, "01:1.0", "1:1.0");
	/* Segments: digits by value, digits beat letters, more is newer. */
	LT(r, "1.0", "2.0");
	LT(r, "2.0", "2.0.1");
	GT(r, "2.0.1a", "2.0.1");
	LT(r, "5.5p1", "5.5p10");
	LT(r, "xyz.4", "8");
	GT(r, "6.0.rc1", "6.0");
	EQ(r, "10.0001", "10.1");
	EQ(r, "2.0", "2_0");
	LT(r, "1.a", "1.1");
	/* '~' sorts before the end, '^' after the end but before more. */
	LT(r, "1.0~rc1", "1.0");
	LT(r, "1.0~rc1", "1.0~rc2");
	LT(r, "1.0~rc1~git123", "1.0~rc1");
	GT(r, "1.0^", "1.0");
	GT(r, "1.0^git1", "1.0");
	LT(r, "1.0^git1", "1.0.1");
	LT(r, "1.0^git1", "1.01");
	LT(r, "1.0^git1~pre", "1.0^git1");
	GT(r, "1.0~rc1^git1", "1.0~rc1");
	/* Releases, and no release before any release. */
	LT(r, "1.0", "1.0-1");
	LT(r, "1.0", "1.0-0");
	LT(r, "1.0-1.el9", "1.0-1.el9_1");
	GT(r, "0:2.13.3-3.el8_6.1", "2.13.3-3.el8_6");
	LT(r, "0:3.10.0-229.el7", "0:3.10.0-229.1.2.ael7b");
	LT(r, "1.0-1", "1.0-1+b1");
	LT(r, "1-9", "1-10");

	BAD(r, "", "1.0");
	BAD(r, "(none):1.2-3", "1.0");
	BAD(r, "1.0-1-2", "1.0");
	BAD(r, "1.0-", "1.0");
	BAD(r, "-1", "1.0");
	BAD(r, "1:", "1.0");
	BAD(r, ":1.0", "1.0");
	BAD(r, "a:1.0", "1.0");
	BAD(r, "1:2:3", "1.0");
	BAD(r, "1.0 -1", "1.0");
	BAD(r, "1.1.\xce\xb1", "1.0");
	BAD(r, "1.0-1%{?dist}", "1.0");
	BAD(r, "<unfixed>", "1.0");
	check_bad(__FILE__, __LINE__, r, vg_str_make("1.0\0", 4), S("1.0"),
	    VG_ERR_PARSE);
}

VG_TEST(vercmp_apk)
{
	enum vg_ver_scheme a = VG_VER_APK;

	/* Revisions, by value. */
	LT(a, "1.2.3-r0", "1.2.3-r2");
	LT(a, "1.2.3-r2", "1.2.3-r10");
	EQ(a, "1-r1", "1-r01");
	LT(a, "1.2.3", "1.2.3-r0");
	/* Suffixes: pre-releases < none < post-releases, in rank order. */
	LT(a, "1.2.3_alpha", "1.2.3_beta");
	LT(a, "1.2.3_beta", "1.2.3_pre");
	LT(a, "1.2.3_pre", "1.2.3_rc");
	LT(a, "1.2.3_rc", "1.2.3");
	LT(a, "1.2.3_rc1-r5", "1.2.3-r0");
	LT(a, "1.2.3_rc1", "1.2.3_rc2");
	LT(a, "1.2.3", "1.2.3_cvs");
	LT(a, "1.2.3_cvs", "1.2.3_svn");
	LT(a, "1.2.3_svn", "1.2.3_git");
	LT(a, "1.2.3_git", "1.2.3_hg");
	LT(a, "1.2.3_hg", "1.2.3_p");
	GT(a, "1.2.3_p1", "1.2.3-r9");
	LT(a, "1.0_p9-r0", "1.0_p10-r0");
	LT(a, "0.1.0_alpha_pre2", "0.1.0_alpha");
	GT(a, "0.1.0_alpha2", "0.1.0_alpha");
	/* A letter after the numbers. */
	GT(a, "1.0.2q-r0", "1.0.2p-r3");
	GT(a, "1.2.3a", "1.2.3");
	LT(a, "1.2a", "1.2.1");
	LT(a, "1.7", "1.7b");
	/* Numbers: the first by value, later ones as fractions. */
	EQ(a, "006", "6");
	LT(a, "1.02", "1.1");
	LT(a, "1.2.07.8", "1.2.12.04");
	LT(a, "0.12", "0.12.1");
	LT(a, "2.1.9.200602141850", "2.1.10");
	/*
	 * A commit hash sits between the suffixes and the revision; like
	 * every token kind, the earlier kind sorts later.
	 */
	GT(a, "1.2.3~abc", "1.2.3");
	LT(a, "1.2.3~abc-r1", "1.2.3~abd-r0");
	GT(a, "1.2.3~abc", "1.2.3-r0");

	BAD(a, "", "1.0");
	BAD(a, "1.2.3-1", "1.0");
	BAD(a, "1-r", "1.0");
	BAD(a, "1-r-1", "1.0");
	BAD(a, "1-r1-r2", "1.0");
	BAD(a, "1.2.0A", "1.0");
	BAD(a, "6.6.2p1", "1.0");
	BAD(a, "1.0bc", "1.0");
	BAD(a, "1.2_blah", "1.0");
	BAD(a, "1.2_rc1a", "1.0");
	BAD(a, "1.2_rc1.1", "1.0");
	BAD(a, "v1.2", "1.0");
	BAD(a, ".1", "1.0");
	BAD(a, "1..2", "1.0");
	BAD(a, "1.2.", "1.0");
	BAD(a, "1.2~", "1.0");
	BAD(a, "1.2~ABC", "1.0");
	BAD(a, "1.2~abc~def", "1.0");
	BAD(a, "1.2.3 ", "1.0");
	check_bad(__FILE__, __LINE__, a, vg_str_make("1.0\0", 4), S("1.0"),
	    VG_ERR_PARSE);
}

VG_TEST(vercmp_semver)
{
	enum vg_ver_scheme s = VG_VER_SEMVER;

	/* The chain of SemVer 2.0.0 section 11. */
	LT(s, "1.0.0-alpha", "1.0.0-alpha.1");
	LT(s, "1.0.0-alpha.1", "1.0.0-alpha.beta");
	LT(s, "1.0.0-alpha.beta", "1.0.0-beta");
	LT(s, "1.0.0-beta", "1.0.0-beta.2");
	LT(s, "1.0.0-beta.2", "1.0.0-beta.11");
	LT(s, "1.0.0-beta.11", "1.0.0-rc.1");
	LT(s, "1.0.0-rc.1", "1.0.0");
	LT(s, "1.0.0", "2.0.0");
	LT(s, "2.0.0", "2.1.0");
	LT(s, "2.1.0", "2.1.1");
	LT(s, "1.9.0", "1.10.0");
	/* Numeric identifiers before alphanumeric ones, then ASCII. */
	LT(s, "1.2.3-5", "1.2.3-5-foo");
	LT(s, "1.2.3-5-Foo", "1.2.3-5-foo");
	GT(s, "1.2.3-r2", "1.2.3-r100");
	LT(s, "1.2.3-a.5", "1.2.3-a.10");
	EQ(s, "1.0.0-0A.is.legal", "1.0.0-0A.is.legal");
	/* Go's "introduced" spelling, and the 'v' prefix. */
	LT(s, "1.22.0-0", "1.22.0");
	EQ(s, "v1.2.3", "1.2.3");
	/* Build metadata does not order. */
	EQ(s, "1.0.0+20130313144700", "1.0.0");
	EQ(s, "1.0.0-beta+exp.sha.5114f85", "1.0.0-beta+other");
	LT(s, "1.0.0-beta+zzz", "1.0.0+aaa");
	EQ(s, "1.0.0+001", "1.0.0");
	/* Numbers beyond 64 bits. */
	LT(s, "18446744073709551615.0.0", "18446744073709551616.0.0");
	LT(s, "1.0.0-18446744073709551616", "1.0.0-99999999999999999999");

	BAD(s, "", "1.0.0");
	BAD(s, "1", "1.0.0");
	BAD(s, "1.2", "1.0.0");
	BAD(s, "1.2.3.4", "1.0.0");
	BAD(s, "01.2.3", "1.0.0");
	BAD(s, "1.02.3", "1.0.0");
	BAD(s, "1.2.03", "1.0.0");
	BAD(s, "1.2.3-01", "1.0.0");
	BAD(s, "1.2.3-", "1.0.0");
	BAD(s, "1.2.3+", "1.0.0");
	BAD(s, "1.2.3-a..b", "1.0.0");
	BAD(s, "1.2.3-a.", "1.0.0");
	BAD(s, "1.2.3+a..b", "1.0.0");
	BAD(s, "1.2.3-a_b", "1.0.0");
	BAD(s, "1.2.3+a+b", "1.0.0");
	BAD(s, "V1.2.3", "1.0.0");
	BAD(s, "v", "1.0.0");
	BAD(s, "vv1.2.3", "1.0.0");
	BAD(s, "=1.2.3", "1.0.0");
	BAD(s, "1.2.3 ", "1.0.0");
	BAD(s, "0", "1.0.0");
	check_bad(__FILE__, __LINE__, s, vg_str_make("1.0.0\0", 6),
	    S("1.0.0"), VG_ERR_PARSE);
}

VG_TEST(vercmp_limits_and_schemes)
{
	char buf[VG_MAX_VERSION + 1];
	int cmp = 9;

	/* A version of exactly VG_MAX_VERSION bytes; one more is refused. */
	memset(buf, '1', sizeof(buf));
	ASSERT_INT_EQ(vg_ver_check(VG_VER_DPKG,
	    vg_str_make(buf, VG_MAX_VERSION)), 0);
	ASSERT_INT_EQ(vg_ver_check(VG_VER_DPKG,
	    vg_str_make(buf, VG_MAX_VERSION + 1)), VG_ERR_LIMIT);
	ASSERT_INT_EQ(vg_ver_cmp(VG_VER_APK, S("1"),
	    vg_str_make(buf, VG_MAX_VERSION + 1), &cmp), VG_ERR_LIMIT);
	ASSERT_INT_EQ(cmp, 0);
	cmp = 9;
	ASSERT_INT_EQ(vg_ver_cmp((enum vg_ver_scheme)0, S("1"), S("1"),
	    &cmp), VG_ERR_INVAL);
	ASSERT_INT_EQ(cmp, 0);
	ASSERT_INT_EQ(vg_ver_cmp((enum vg_ver_scheme)5, S("1"), S("1"),
	    &cmp), VG_ERR_INVAL);
	ASSERT_INT_EQ(vg_ver_check((enum vg_ver_scheme)0, S("1")),
	    VG_ERR_INVAL);

	ASSERT_INT_EQ(vg_ver_scheme_of(S("Debian")), VG_VER_DPKG);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("Debian:12")), VG_VER_DPKG);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("Ubuntu:22.04")), VG_VER_DPKG);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("Ubuntu:Pro:18.04:LTS")),
	    VG_VER_DPKG);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("AlmaLinux:9")), VG_VER_RPM);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("Rocky Linux:8")), VG_VER_RPM);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("Red Hat:rhel_aus:8.6::appstream")),
	    VG_VER_RPM);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("openSUSE:Tumbleweed")), VG_VER_RPM);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("SUSE:Linux Enterprise Server 15")),
	    VG_VER_RPM);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("Alpine:v3.19")), VG_VER_APK);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("Wolfi")), VG_VER_APK);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("npm")), VG_VER_SEMVER);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("crates.io")), VG_VER_SEMVER);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("Go")), VG_VER_SEMVER);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("Hex")), VG_VER_SEMVER);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("NuGet")), 0);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("Packagist")), 0);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("RubyGems")), 0);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("Pub")), 0);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("PyPI")), 0);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("debian:12")), 0);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("Debian 12")), 0);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("Deb")), 0);
	ASSERT_INT_EQ(vg_ver_scheme_of(S("")), 0);
	ASSERT_INT_EQ(vg_ver_scheme_of(S(":Debian")), 0);
}

/*
 * The vector files.  `refused' lists the strings of the file that the
 * scheme does not accept, with the reason; a line naming one of them
 * must get VG_ERR_PARSE both ways instead of its stated order.
 */
struct vfile {
	const char		 *vf_rel;
	enum vg_ver_scheme	  vf_scheme;
	bool			  vf_tsv;
	const char *const	 *vf_refused;	/* NULL-terminated */
};

static const char *const no_refused[] = { NULL };

/*
 * osv-scanner's Red Hat fixture probes its own parser: a letter "epoch"
 * (rpm reads "a:1" as a version containing ':', rpmbuild allows neither),
 * non-ASCII letters, and an empty release "1-".
 */
static const char *const redhat_refused[] = {
	"a:1", "b:1", "a:2", "a:1~1", "c:1~1", "a1:1", "b1:1", "a1:2",
	"a2:1", "b~1:1", "1-", "1.1.\xce\xb1", "1.1.\xce\xb2",
	"1.1.\xce\xb1\xce\xb1", "1.1.\xce\xb2\xce\xb2", "1.2.\xce\xb2\xce\xb2",
	"0:1.2.\xce\xb2\xce\xb2", NULL,
};

/*
 * Outside apk-package(5)'s grammar: "-r" without digits, a second
 * "-r", upper case, a digit after the letter, two letters, unknown
 * suffixes, no leading number.  The fixture's own comments note that
 * apk 2.x and 3.x order several of these differently.
 */
static const char *const alpine_refused[] = {
	"1-r", "1-r-0", "1-r-1", "1-r-2", "1-ruff", "1-ruff1", "1-ruff2",
	"1--ruff1", "1-r0-1", "1-r0-2", "1-r0-ruff1", "1-r0-ruff2",
	"1.2.0A", "1.2.0D", "6.6.2p1", "6.6.2p2", "1.2_blah", "1.2_csv2",
	"23_foo", "1.0bc", ".1", ".2", "a", "b", "c", NULL,
};

/*
 * Not SemVer 2.0.0: a lone major number, and five components (the
 * fixture itself calls the last two "build string" by its own rule).
 */
static const char *const semver_refused[] = {
	"999999999999999999999999999991", "999999999999999999999999999999",
	"1.1.3.4.5", NULL,
};

static bool
listed(const char *const *list, struct vg_str v, bool *seen)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++) {
		if (vg_str_eq(v, list[i], strlen(list[i]))) {
			seen[i] = true;
			return true;
		}
	}
	return false;
}

/* Split `line' at `sep' into exactly `n' non-empty fields. */
static bool
split(struct vg_str line, char sep, struct vg_str *f, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++)
		if (!vg_str_until(&line, sep, &f[i]) || f[i].len == 0)
			return false;
	f[n - 1] = line;
	return line.len > 0 && vg_str_chr(line, sep) < 0;
}

static void
run_vectors(const struct vfile *vf)
{
	const char *path, *p, *end, *nl;
	struct vg_str line, f[3];
	bool seen[64] = { false };
	size_t len, n = 0, refused = 0, i, lineno = 0;
	char *buf;
	int want, cmp, r;
	bool bad_a, bad_b;

	for (i = 0; vf->vf_refused[i] != NULL; i++)
		;
	ASSERT_TRUE(i <= VG_ARRAY_LEN(seen));
	if ((path = vg_test_shared(vf->vf_rel)) == NULL)
		VG_SKIP("no ../shared");
	buf = vg_test_read(path, &len);
	for (p = buf, end = buf + len; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		lineno++;
		line = vg_str_make(p, (size_t)(nl - p));
		if (line.len > 0 && line.p[line.len - 1] == '\r')
			line.len--;
		if (line.len == 0 || VG_STR_PREFIX(line, "#") ||
		    VG_STR_PREFIX(line, "//"))
			continue;
		if (!split(line, vf->vf_tsv ? '\t' : ' ', f, 3))
			vg_test_fail(__FILE__, __LINE__, "%s:%zu: not a "
			    "vector: %.*s", vf->vf_rel, lineno,
			    (int)line.len, line.p);
		/* "A op B" or "a TAB b TAB result": B is f[2] or f[1]. */
		if (vf->vf_tsv) {
			struct vg_str t = f[1];

			f[1] = f[2];
			f[2] = t;
		}
		if (VG_STR_EQ(f[1], "<") || VG_STR_EQ(f[1], "-1"))
			want = -1;
		else if (VG_STR_EQ(f[1], "=") || VG_STR_EQ(f[1], "0"))
			want = 0;
		else if (VG_STR_EQ(f[1], ">") || VG_STR_EQ(f[1], "1"))
			want = 1;
		else
			vg_test_fail(__FILE__, __LINE__, "%s:%zu: bad "
			    "operator %.*s", vf->vf_rel, lineno,
			    (int)f[1].len, f[1].p);
		n++;
		bad_a = listed(vf->vf_refused, f[0], seen);
		bad_b = listed(vf->vf_refused, f[2], seen);
		if (!bad_a && !bad_b) {
			check_pair(vf->vf_rel, (int)lineno, vf->vf_scheme,
			    f[0], want, f[2]);
			continue;
		}
		refused++;
		ASSERT_INT_EQ(vg_ver_check(vf->vf_scheme, f[0]) != 0, bad_a);
		ASSERT_INT_EQ(vg_ver_check(vf->vf_scheme, f[2]) != 0, bad_b);
		if ((r = vg_ver_cmp(vf->vf_scheme, f[0], f[2], &cmp)) !=
		    VG_ERR_PARSE || (r = vg_ver_cmp(vf->vf_scheme, f[2], f[0],
		    &cmp)) != VG_ERR_PARSE)
			vg_test_fail(vf->vf_rel, (int)lineno, "returned %d, "
			    "expected VG_ERR_PARSE", r);
	}
	for (i = 0; vf->vf_refused[i] != NULL; i++)
		if (!seen[i])
			vg_test_fail(__FILE__, __LINE__, "%s: refused string "
			    "\"%s\" no longer occurs: drop it from the list",
			    vf->vf_rel, vf->vf_refused[i]);
	printf("    %s: %zu pairs compared both ways, %zu of them refused "
	    "as invalid\n", vf->vf_rel, n, refused);
	ASSERT_TRUE(n > 0);
	free(buf);
}

#define VV	"vuln/version-vectors/"

VG_TEST(vercmp_vectors_debian)
{
	static const struct vfile vf = {
		VV "debian-versions.txt", VG_VER_DPKG, false, no_refused
	};

	run_vectors(&vf);
}

VG_TEST(vercmp_vectors_debian_generated)
{
	static const struct vfile vf = {
		VV "debian-versions-generated.txt", VG_VER_DPKG, false,
		no_refused
	};

	run_vectors(&vf);
}

VG_TEST(vercmp_vectors_dpkg)
{
	static const struct vfile vf = {
		VV "dpkg-vectors.tsv", VG_VER_DPKG, true, no_refused
	};

	run_vectors(&vf);
}

VG_TEST(vercmp_vectors_rpmvercmp)
{
	static const struct vfile vf = {
		VV "rpmvercmp-vectors.tsv", VG_VER_RPM, true, no_refused
	};

	run_vectors(&vf);
}

VG_TEST(vercmp_vectors_redhat)
{
	static const struct vfile vf = {
		VV "redhat-versions.txt", VG_VER_RPM, false, redhat_refused
	};

	run_vectors(&vf);
}

VG_TEST(vercmp_vectors_alpine)
{
	static const struct vfile vf = {
		VV "alpine-versions.txt", VG_VER_APK, false, alpine_refused
	};

	run_vectors(&vf);
}

VG_TEST(vercmp_vectors_semver)
{
	static const struct vfile vf = {
		VV "semver-versions.txt", VG_VER_SEMVER, false, semver_refused
	};

	run_vectors(&vf);
}
