/*
 * Unit tests of inventory: dpkg status files, dpkg-query, rpm -qa and apk
 * installed databases, and the os-release ecosystem.  The dpkg fixtures
 * are real stanzas of a Debian 12 host (tests/data/inventory/README).
 */
#include "vg_test.h"
#include "inventory.h"

#define DATA	"tests/data/inventory/"

/* The warnings of one parse, in order. */
#define MAX_WARNS	16
struct warns {
	unsigned	n;
	unsigned long	line[MAX_WARNS];
	char		msg[MAX_WARNS][VG_DIAG_MSG_MAX];
};

static void
collect(void *arg, const struct vg_diag *d)
{
	struct warns *w = arg;

	ASSERT_STR_EQ(d->src, "host-a/status");
	ASSERT_TRUE(w->n < MAX_WARNS);
	w->line[w->n] = d->line;
	snprintf(w->msg[w->n], sizeof(w->msg[0]), "%s", d->msg);
	w->n++;
}

/* Parse `len' bytes of `buf' and fail the test unless that succeeds. */
static struct vg_inventory *
parse(const char *buf, size_t len, enum vg_inv_format fmt, struct warns *w)
{
	struct vg_inventory *inv;
	struct vg_diag d;

	memset(w, 0, sizeof(*w));
	ASSERT_INT_EQ(vg_inventory_parse("host-a/status", buf, len, fmt,
	    collect, w, &inv, &d), 0);
	ASSERT_PTR_NE(inv, NULL);
	return inv;
}

static struct vg_inventory *
parse_str(const char *s, enum vg_inv_format fmt, struct warns *w)
{
	return parse(s, strlen(s), fmt, w);
}

#define ASSERT_PKG(inv, i, name, ver, src, srcver, arch, line)	\
	check_pkg(__LINE__, (inv), (i), (name), (ver), (src), (srcver),	\
	    (arch), (line))

static void
check_view(int line, size_t i, const char *what, struct vg_str v,
    const char *want)
{
	/* An empty view may have a NULL pointer. */
	if (v.len != strlen(want) || (v.len > 0 &&
	    memcmp(v.p, want, v.len) != 0))
		vg_test_fail(__FILE__, line, "package %zu: %s is \"%.*s\", "
		    "expected \"%s\"", i, what, (int)v.len,
		    v.p != NULL ? v.p : "", want);
}

static void
check_pkg(int line, const struct vg_inventory *inv, size_t i,
    const char *name, const char *version, const char *source,
    const char *source_version, const char *arch, unsigned pkg_line)
{
	const struct vg_inv_pkg *pkg;

	if (i >= vg_inventory_count(inv))
		vg_test_fail(__FILE__, line, "no package %zu (%zu loaded)", i,
		    vg_inventory_count(inv));
	pkg = vg_inventory_get(inv, i);
	check_view(line, i, "name", pkg->pk_name, name);
	check_view(line, i, "version", pkg->pk_version, version);
	check_view(line, i, "source", pkg->pk_source, source);
	check_view(line, i, "source version", pkg->pk_source_version,
	    source_version);
	check_view(line, i, "arch", pkg->pk_arch, arch);
	if (pkg->pk_line != pkg_line)
		vg_test_fail(__FILE__, line, "package %zu: line %u, expected "
		    "%u", i, (unsigned)pkg->pk_line, pkg_line);
}

#define ASSERT_STATS(inv, pkgs, cfg, notinst, partial, pseudo, malformed) \
	do {								\
		struct vg_inv_stats st_;				\
									\
		vg_inventory_stats((inv), &st_);			\
		ASSERT_UINT_EQ(st_.st_packages, (pkgs));		\
		ASSERT_UINT_EQ(vg_inventory_count(inv), (pkgs));	\
		ASSERT_UINT_EQ(st_.st_config_files, (cfg));		\
		ASSERT_UINT_EQ(st_.st_not_installed, (notinst));	\
		ASSERT_UINT_EQ(st_.st_partial, (partial));		\
		ASSERT_UINT_EQ(st_.st_pseudo, (pseudo));		\
		ASSERT_UINT_EQ(st_.st_malformed, (malformed));		\
	} while (0)

#define ASSERT_WARN(w, i, ln, text) do {				\
	ASSERT_TRUE((i) < (w).n);					\
	ASSERT_UINT_EQ((w).line[i], (ln));				\
	ASSERT_STR_EQ((w).msg[i], (text));				\
} while (0)

/*
 * The Debian 12 fixture: real stanzas, with Source mapping plain
 * (libc6 -> glibc), absent (openssl), a binNMU (bash 5.2.15-2+b8 from
 * bash 5.2.15-2), an epoch the source lacks (bsdutils 1:2.38.1-5+deb12u3
 * from util-linux 2.38.1-5+deb12u3), a different version altogether (cpp
 * from gcc-defaults 1.203), a binNMU with epoch (libcap2), a held
 * package, one removed with its config files, one unpacked and one purged.
 */
static void
check_debian12(const struct vg_inventory *inv)
{
	ASSERT_INT_EQ(vg_inventory_format(inv), VG_INV_DPKG_STATUS);
	ASSERT_STATS(inv, 10, 1, 1, 1, 0, 0);
	ASSERT_PKG(inv, 0, "libc6", "2.36-9+deb12u14", "glibc",
	    "2.36-9+deb12u14", "amd64", 1);
	ASSERT_PKG(inv, 1, "libssl3", "3.0.19-1~deb12u2", "openssl",
	    "3.0.19-1~deb12u2", "amd64", 24);
	ASSERT_PKG(inv, 2, "openssl", "3.0.19-1~deb12u2", "openssl",
	    "3.0.19-1~deb12u2", "amd64", 43);
	ASSERT_PKG(inv, 3, "bash", "5.2.15-2+b8", "bash", "5.2.15-2",
	    "amd64", 71);
	ASSERT_PKG(inv, 4, "bsdutils", "1:2.38.1-5+deb12u3", "util-linux",
	    "2.38.1-5+deb12u3", "amd64", 105);
	ASSERT_PKG(inv, 5, "cpp", "4:12.2.0-3", "gcc-defaults", "1.203",
	    "amd64", 124);
	ASSERT_PKG(inv, 6, "tzdata", "2025b-0+deb12u2", "tzdata",
	    "2025b-0+deb12u2", "all", 146);
	/* "hold ok installed": pinned, and on disk. */
	ASSERT_PKG(inv, 7, "zlib1g", "1:1.2.13.dfsg-1", "zlib",
	    "1:1.2.13.dfsg-1", "amd64", 165);
	ASSERT_PKG(inv, 8, "libbpf1", "1:1.1.2-0+deb12u1", "libbpf",
	    "1.1.2-0+deb12u1", "amd64", 258);
	ASSERT_PKG(inv, 9, "libcap2", "1:2.66-4+deb12u2+b2", "libcap2",
	    "1:2.66-4+deb12u2", "amd64", 275);
}

VG_TEST(inventory_dpkg_status_debian12)
{
	struct vg_inventory *inv;
	struct warns w;
	size_t len;
	char *buf = vg_test_read(DATA "dpkg-status", &len);

	inv = parse(buf, len, VG_INV_AUTO, &w);
	ASSERT_UINT_EQ(w.n, 0);
	check_debian12(inv);
	vg_inventory_free(inv);
	/* Named explicitly, the same. */
	inv = parse(buf, len, VG_INV_DPKG_STATUS, &w);
	check_debian12(inv);
	vg_inventory_free(inv);
	free(buf);
}

VG_TEST(inventory_dpkg_status_crlf)
{
	struct vg_inventory *inv;
	struct warns w;
	size_t len, i, n = 0;
	char *buf = vg_test_read(DATA "dpkg-status", &len);
	char *crlf = malloc(2 * len);

	ASSERT_PTR_NE(crlf, NULL);
	for (i = 0; i < len; i++) {
		crlf[n] = '\r';		/* kept only before a newline */
		n += buf[i] == '\n';
		crlf[n++] = buf[i];
	}
	inv = parse(crlf, n, VG_INV_AUTO, &w);
	ASSERT_UINT_EQ(w.n, 0);
	check_debian12(inv);
	vg_inventory_free(inv);
	free(crlf);
	free(buf);
}

/*
 * Real stanzas with damage done to them: each damaged stanza is reported
 * at the line that shows the damage (the stanza's first line when a
 * field is missing) and skipped; the rest loads.  The file ends in the
 * middle of a stanza, as a truncated copy does.
 */
VG_TEST(inventory_dpkg_status_damaged)
{
	struct vg_inventory *inv;
	struct warns w;
	size_t len;
	char *buf = vg_test_read(DATA "dpkg-status-damaged", &len);

	inv = parse(buf, len, VG_INV_AUTO, &w);
	ASSERT_STATS(inv, 3, 0, 0, 0, 0, 7);
	ASSERT_PKG(inv, 0, "libssl3", "3.0.19-1~deb12u2", "openssl",
	    "3.0.19-1~deb12u2", "amd64", 1);
	ASSERT_PKG(inv, 1, "bash", "5.2.15-2+b8", "bash", "5.2.15-2",
	    "amd64", 66);
	ASSERT_PKG(inv, 2, "cpp", "4:12.2.0-3", "gcc-defaults", "1.203",
	    "amd64", 178);
	ASSERT_UINT_EQ(w.n, 8);
	ASSERT_WARN(w, 0, 20, "stanza without a Package field");
	ASSERT_WARN(w, 1, 52, "not a \"Field: value\" line: \"Maintainer "
	    "GNU Libc Maintainers <debian-glibc@li\"");
	ASSERT_WARN(w, 2, 100, "package \"zlib1g\": no Version field");
	ASSERT_WARN(w, 3, 118, "package \"bsdutils\": bad Status \"install "
	    "ok instaled\"");
	ASSERT_WARN(w, 4, 137, "package \"libc6\": bad Source \"glibc "
	    "(2.36-9\"");
	ASSERT_WARN(w, 5, 170, "Version field continued on a second line");
	/* Cut in the middle of a field name: that line is the damage. */
	ASSERT_WARN(w, 6, 203, "not a \"Field: value\" line: \"Secti\"");
	ASSERT_WARN(w, 7, 203, "no newline at the end: the last line may be "
	    "truncated");
	vg_inventory_free(inv);
	free(buf);
}

VG_TEST(inventory_dpkg_status_states)
{
	static const char text[] =
	    "Package: a\nStatus: install ok triggers-pending\nVersion: 1\n\n"
	    "Package: b\nStatus: install ok triggers-awaited\nVersion: 2\n\n"
	    "Package: c\nStatus: deinstall ok installed\nVersion: 3\n\n"
	    "Package: d\nStatus: install reinstreq installed\nVersion: 4\n\n"
	    "Package: e\nStatus: install reinstreq half-installed\n\n"
	    "Package: f\nStatus: install ok half-configured\nVersion: 6\n\n"
	    "Package: g\nStatus: purge ok not-installed\n\n"
	    "Package: h\nStatus: install ok config-files\nVersion: 8\n\n"
	    "Package: i\nStatus: install  ok   installed\nVersion: 9\n\n"
	    "Package: j\nStatus: install ok installed extra\nVersion: 10\n\n"
	    "Package: k\nStatus: install maybe installed\nVersion: 11\n\n"
	    "Package: l\nStatus: want ok installed\nVersion: 12\n";
	struct vg_inventory *inv;
	struct warns w;

	inv = parse_str(text, VG_INV_DPKG_STATUS, &w);
	ASSERT_STATS(inv, 4, 1, 1, 3, 0, 3);
	ASSERT_PKG(inv, 0, "a", "1", "a", "1", "", 1);
	ASSERT_PKG(inv, 1, "b", "2", "b", "2", "", 5);
	ASSERT_PKG(inv, 2, "c", "3", "c", "3", "", 9);
	ASSERT_PKG(inv, 3, "i", "9", "i", "9", "", 31);
	ASSERT_UINT_EQ(w.n, 4);
	ASSERT_WARN(w, 0, 35, "package \"j\": bad Status \"install ok "
	    "installed extra\"");
	ASSERT_WARN(w, 1, 39, "package \"k\": bad Status \"install maybe "
	    "installed\"");
	ASSERT_WARN(w, 2, 43, "package \"l\": bad Status \"want ok "
	    "installed\"");
	ASSERT_WARN(w, 3, 45, "the last stanza (line 43) has no blank line "
	    "after it: the file may be truncated");
	vg_inventory_free(inv);
}

VG_TEST(inventory_dpkg_status_syntax)
{
	static const char text[] =
	    "\n \t\n"				/* blank lines first */
	    "package: lower\nSTATUS: install ok installed\n"
	    "version: 1.0-1\nsource:  up   ( 2:1.0-1 ) \n"
	    "Description: x\n more\n .\n"
	    " \t \n"				/* blanks separate */
	    " Version: 2\nPackage: cont\n"	/* continuation first */
	    "Status: install ok installed\nVersion: 1\n\n"
	    "Package: dup\nPackage: dup\n"
	    "Status: install ok installed\nVersion: 1\n\n"
	    "Package: sp ace\nStatus: install ok installed\nVersion: 1\n\n"
	    "Package: nostatus\nVersion: 1\n\n"
	    "Package: glued\nStatus: install ok installed\nVersion: 1+b1\n"
	    "Source: up(1)\n\n"
	    "Package: badsrc\nStatus: install ok installed\nVersion: 1\n"
	    "Source: up (1) x\n\n"
	    "Package: emptysrcver\nStatus: install ok installed\n"
	    "Version: 1\nSource: up ()\n\n"
	    "Package: ctl\nStatus: install ok installed\nVersion: 1\x01\n\n"
	    "Bad Name: x\nPackage: b\n\n"
	    ":x\n\n"
	    "Package:\nStatus: install ok installed\nVersion: 1\n\n";
	struct vg_inventory *inv;
	struct warns w;

	inv = parse_str(text, VG_INV_AUTO, &w);
	ASSERT_INT_EQ(vg_inventory_format(inv), VG_INV_DPKG_STATUS);
	ASSERT_STATS(inv, 2, 0, 0, 0, 0, 10);
	ASSERT_PKG(inv, 0, "lower", "1.0-1", "up", "2:1.0-1", "", 3);
	ASSERT_PKG(inv, 1, "glued", "1+b1", "up", "1", "", 28);
	ASSERT_UINT_EQ(w.n, 10);
	ASSERT_WARN(w, 0, 11, "continuation line outside a field");
	ASSERT_WARN(w, 1, 17, "second Package field");
	ASSERT_WARN(w, 2, 21, "package \"sp ace\": name \"sp ace\" is not "
	    "printable ASCII without spaces");
	ASSERT_WARN(w, 3, 25, "package \"nostatus\": no Status field");
	ASSERT_WARN(w, 4, 33, "package \"badsrc\": bad Source \"up (1) x\"");
	ASSERT_WARN(w, 5, 38, "package \"emptysrcver\": bad Source "
	    "\"up ()\"");
	ASSERT_WARN(w, 6, 43, "package \"ctl\": version \"1?\" is not "
	    "printable ASCII without spaces");
	ASSERT_WARN(w, 7, 47, "bad field name \"Bad Name\"");
	ASSERT_WARN(w, 8, 50, "not a \"Field: value\" line: \":x\"");
	ASSERT_WARN(w, 9, 52, "stanza without a Package field");
	vg_inventory_free(inv);
}

/* The default -W format says neither source nor state. */
VG_TEST(inventory_dpkg_query_default)
{
	struct vg_inventory *inv;
	struct warns w;
	size_t len;
	char *buf = vg_test_read(DATA "dpkg-query-default", &len);

	inv = parse(buf, len, VG_INV_AUTO, &w);
	ASSERT_INT_EQ(vg_inventory_format(inv), VG_INV_DPKG_QUERY);
	ASSERT_UINT_EQ(w.n, 0);
	ASSERT_STATS(inv, 11, 0, 1, 0, 0, 0);
	ASSERT_PKG(inv, 0, "bash", "5.2.15-2+b8", "bash", "5.2.15-2+b8", "",
	    1);
	/* Removed with its config files left: the format cannot tell. */
	ASSERT_PKG(inv, 3, "fail2ban", "1.0.2-2", "fail2ban", "1.0.2-2", "",
	    4);
	ASSERT_PKG(inv, 4, "libbpf1", "1:1.1.2-0+deb12u1", "libbpf1",
	    "1:1.1.2-0+deb12u1", "amd64", 5);
	ASSERT_PKG(inv, 7, "libssl3", "3.0.19-1~deb12u2", "libssl3",
	    "3.0.19-1~deb12u2", "amd64", 9);
	ASSERT_PKG(inv, 10, "zlib1g", "1:1.2.13.dfsg-1", "zlib1g",
	    "1:1.2.13.dfsg-1", "amd64", 12);
	vg_inventory_free(inv);
	free(buf);
}

/* -f '${binary:Package}\t${Version}\t${Source}\t${Status}\n' */
VG_TEST(inventory_dpkg_query_full)
{
	struct vg_inventory *inv;
	struct warns w;
	size_t len;
	char *buf = vg_test_read(DATA "dpkg-query-full", &len);

	inv = parse(buf, len, VG_INV_AUTO, &w);
	ASSERT_INT_EQ(vg_inventory_format(inv), VG_INV_DPKG_QUERY);
	ASSERT_UINT_EQ(w.n, 0);
	ASSERT_STATS(inv, 10, 1, 1, 1, 0, 0);
	ASSERT_PKG(inv, 0, "bash", "5.2.15-2+b8", "bash", "5.2.15-2", "", 1);
	ASSERT_PKG(inv, 1, "bsdutils", "1:2.38.1-5+deb12u3", "util-linux",
	    "2.38.1-5+deb12u3", "", 2);
	ASSERT_PKG(inv, 2, "cpp", "4:12.2.0-3", "gcc-defaults", "1.203", "",
	    3);
	ASSERT_PKG(inv, 3, "libbpf1", "1:1.1.2-0+deb12u1", "libbpf",
	    "1.1.2-0+deb12u1", "amd64", 5);
	ASSERT_PKG(inv, 4, "libc6", "2.36-9+deb12u14", "glibc",
	    "2.36-9+deb12u14", "amd64", 6);
	ASSERT_PKG(inv, 5, "libcap2", "1:2.66-4+deb12u2+b2", "libcap2",
	    "1:2.66-4+deb12u2", "amd64", 7);
	ASSERT_PKG(inv, 6, "libssl3", "3.0.19-1~deb12u2", "openssl",
	    "3.0.19-1~deb12u2", "amd64", 10);
	ASSERT_PKG(inv, 7, "openssl", "3.0.19-1~deb12u2", "openssl",
	    "3.0.19-1~deb12u2", "", 11);
	ASSERT_PKG(inv, 9, "zlib1g", "1:1.2.13.dfsg-1", "zlib",
	    "1:1.2.13.dfsg-1", "amd64", 13);
	vg_inventory_free(inv);
	free(buf);
}

VG_TEST(inventory_dpkg_query_abbrev_and_bad)
{
	static const char text[] =
	    "bash\t5.2.15-2+b8\tbash (5.2.15-2)\tii \r\n"
	    "libc6:amd64\t2.36-9+deb12u14\tglibc\tii\n"
	    "fail2ban\t1.0.2-2\t\trc \n"
	    "libsodium-dev:amd64\t1.0.18-1+deb12u1\tlibsodium\tiU \n"
	    "x\t1\t\tiiR\n"
	    "\n"
	    "justaname\n"
	    "a\t1\tb\tii \tmore\n"
	    "a\t1\tb\tzz \n"
	    "a\t\t\tii \n"
	    "a\t1\tb (\tii \n"
	    "zlib1g:amd64\t1:1.2.13.dfsg-1\tzlib\tinstall ok installed  \n";
	struct vg_inventory *inv;
	struct warns w;

	inv = parse_str(text, VG_INV_DPKG_QUERY, &w);
	ASSERT_STATS(inv, 3, 1, 0, 2, 0, 5);
	ASSERT_PKG(inv, 0, "bash", "5.2.15-2+b8", "bash", "5.2.15-2", "", 1);
	ASSERT_PKG(inv, 1, "libc6", "2.36-9+deb12u14", "glibc",
	    "2.36-9+deb12u14", "amd64", 2);
	ASSERT_PKG(inv, 2, "zlib1g", "1:1.2.13.dfsg-1", "zlib",
	    "1:1.2.13.dfsg-1", "amd64", 12);
	ASSERT_UINT_EQ(w.n, 5);
	ASSERT_WARN(w, 0, 7, "no tab; expected 2 to 4 tab-separated columns "
	    "(package, version, source, status)");
	ASSERT_WARN(w, 1, 8, "more than 4 columns; expected 2 to 4 "
	    "tab-separated columns (package, version, source, status)");
	ASSERT_WARN(w, 2, 9, "package \"a\": bad status \"zz \"");
	ASSERT_WARN(w, 3, 10, "package \"a\": no version");
	ASSERT_WARN(w, 4, 11, "package \"a\": bad source \"b (\"");
	vg_inventory_free(inv);
}

/*
 * rpm -qa --queryformat '%{NAME} %{EPOCHNUM}:%{VERSION}-%{RELEASE}
 * %{ARCH} %{SOURCERPM}\n' on AlmaLinux 9.3.
 */
VG_TEST(inventory_rpm_queryformat)
{
	struct vg_inventory *inv;
	struct warns w;
	size_t len;
	char *buf = vg_test_read(DATA "rpm-qf", &len);

	inv = parse(buf, len, VG_INV_AUTO, &w);
	ASSERT_INT_EQ(vg_inventory_format(inv), VG_INV_RPM);
	ASSERT_UINT_EQ(w.n, 0);
	ASSERT_STATS(inv, 10, 0, 0, 0, 1, 0);
	/* The source package keeps the binary's epoch. */
	ASSERT_PKG(inv, 0, "openssl-libs", "1:3.0.7-24.el9", "openssl",
	    "1:3.0.7-24.el9", "x86_64", 1);
	/* A zero epoch is no epoch. */
	ASSERT_PKG(inv, 1, "glibc", "2.34-83.el9_3.7", "glibc",
	    "2.34-83.el9_3.7", "x86_64", 2);
	ASSERT_PKG(inv, 2, "glibc-common", "2.34-83.el9_3.7", "glibc",
	    "2.34-83.el9_3.7", "x86_64", 3);
	/* Two kernels installed side by side: both are listed. */
	ASSERT_PKG(inv, 3, "kernel-core", "5.14.0-362.8.1.el9_3", "kernel",
	    "5.14.0-362.8.1.el9_3", "x86_64", 4);
	ASSERT_PKG(inv, 4, "kernel-core", "5.14.0-362.13.1.el9_3", "kernel",
	    "5.14.0-362.13.1.el9_3", "x86_64", 5);
	ASSERT_PKG(inv, 5, "kernel", "5.14.0-362.13.1.el9_3", "kernel",
	    "5.14.0-362.13.1.el9_3", "x86_64", 6);
	ASSERT_PKG(inv, 6, "bind-libs", "32:9.16.23-14.el9_3", "bind",
	    "32:9.16.23-14.el9_3", "x86_64", 7);
	/* A subpackage with a version of its own: the source's, no epoch. */
	ASSERT_PKG(inv, 7, "perl-Errno", "1.30-480.el9", "perl",
	    "5.32.1-480.el9", "x86_64", 8);
	ASSERT_PKG(inv, 8, "tzdata", "2023c-1.el9", "tzdata", "2023c-1.el9",
	    "noarch", 9);
	/* Line 10 is gpg-pubkey: counted as a pseudo-package. */
	ASSERT_PKG(inv, 9, "openssl", "1:3.0.7-24.el9", "openssl",
	    "1:3.0.7-24.el9", "x86_64", 11);
	vg_inventory_free(inv);
	free(buf);
}

/* Plain rpm -qa (NVRA) and %{NEVRA} lines: no source package named. */
VG_TEST(inventory_rpm_nevra)
{
	struct vg_inventory *inv;
	struct warns w;
	size_t len;
	char *buf = vg_test_read(DATA "rpm-nevra", &len);

	inv = parse(buf, len, VG_INV_AUTO, &w);
	ASSERT_INT_EQ(vg_inventory_format(inv), VG_INV_RPM);
	ASSERT_UINT_EQ(w.n, 0);
	ASSERT_STATS(inv, 7, 0, 0, 0, 1, 0);
	ASSERT_PKG(inv, 0, "openssl-libs", "3.0.7-24.el9", "openssl-libs",
	    "3.0.7-24.el9", "x86_64", 1);
	ASSERT_PKG(inv, 1, "glibc", "2.34-83.el9_3.7", "glibc",
	    "2.34-83.el9_3.7", "x86_64", 2);
	ASSERT_PKG(inv, 2, "kernel-core", "5.14.0-362.13.1.el9_3",
	    "kernel-core", "5.14.0-362.13.1.el9_3", "x86_64", 3);
	ASSERT_PKG(inv, 3, "bind-libs", "32:9.16.23-14.el9_3", "bind-libs",
	    "32:9.16.23-14.el9_3", "x86_64", 5);
	ASSERT_PKG(inv, 4, "tzdata", "2023c-1.el9", "tzdata", "2023c-1.el9",
	    "noarch", 6);
	ASSERT_PKG(inv, 5, "glibc", "2.34-83.el9_3.7", "glibc",
	    "2.34-83.el9_3.7", "i686", 7);
	ASSERT_PKG(inv, 6, "python3-libs", "3.9.18-1.el9_3.1", "python3-libs",
	    "3.9.18-1.el9_3.1", "x86_64", 8);
	vg_inventory_free(inv);
	free(buf);
}

VG_TEST(inventory_rpm_edge)
{
	static const char text[] =
	    "openssl-libs (none):3.0.7-24.el9 x86_64 "
	    "openssl-3.0.7-24.el9.src.rpm\n"
	    "glibc\t2.34-83.el9\n"			/* no epoch, no arch */
	    "foo-1.0-1.el9.mips128\n"			/* unknown arch */
	    "a x:1-1\n"
	    "a 1-1-1\n"
	    "a 1 x86_64\n"
	    "a 1:-1\n"
	    "a 1-1 a-1-1.src.rpm b-1-1.src.rpm\n"
	    "a 1-1 x86_64 i686\n"
	    "a 1-1 x86_64 a-1.src.rpm\n"
	    "a 1-1 x86_64 a-1-1.src.rpm extra\n"
	    "noversion-1\n"
	    "   \n"
	    "b 1-1 x86_64 b-1-1.nosrc.rpm\n";
	struct vg_inventory *inv;
	struct warns w;

	inv = parse_str(text, VG_INV_RPM, &w);
	ASSERT_STATS(inv, 4, 0, 0, 0, 0, 9);
	ASSERT_PKG(inv, 0, "openssl-libs", "3.0.7-24.el9", "openssl",
	    "3.0.7-24.el9", "x86_64", 1);
	ASSERT_PKG(inv, 1, "glibc", "2.34-83.el9", "glibc", "2.34-83.el9", "",
	    2);
	ASSERT_PKG(inv, 2, "foo", "1.0-1.el9.mips128", "foo",
	    "1.0-1.el9.mips128", "", 3);
	ASSERT_PKG(inv, 3, "b", "1-1", "b", "1-1", "x86_64", 14);
	ASSERT_UINT_EQ(w.n, 9);
	ASSERT_WARN(w, 0, 4, "package \"a\": bad [epoch:]version-release "
	    "\"x:1-1\"");
	ASSERT_WARN(w, 1, 5, "package \"a\": bad [epoch:]version-release "
	    "\"1-1-1\"");
	ASSERT_WARN(w, 2, 6, "package \"a\": bad [epoch:]version-release "
	    "\"1\"");
	ASSERT_WARN(w, 3, 7, "package \"a\": bad [epoch:]version-release "
	    "\"1:-1\"");
	ASSERT_WARN(w, 4, 8, "package \"a\": two source packages");
	ASSERT_WARN(w, 5, 9, "package \"a\": two architectures");
	ASSERT_WARN(w, 6, 10, "package \"a\": bad source package name");
	ASSERT_WARN(w, 7, 11, "package \"a\": more than 4 fields");
	ASSERT_WARN(w, 8, 12, "not \"name [epoch:]version-release ...\" nor "
	    "a NEVRA: \"noversion-1\"");
	vg_inventory_free(inv);
}

/* An Alpine 3.19 installed database. */
VG_TEST(inventory_apk_installed)
{
	struct vg_inventory *inv;
	struct warns w;
	size_t len;
	char *buf = vg_test_read(DATA "apk-installed", &len);

	inv = parse(buf, len, VG_INV_AUTO, &w);
	ASSERT_INT_EQ(vg_inventory_format(inv), VG_INV_APK);
	ASSERT_UINT_EQ(w.n, 0);
	ASSERT_STATS(inv, 9, 0, 0, 0, 0, 0);
	ASSERT_PKG(inv, 0, "alpine-baselayout-data", "3.4.3-r2",
	    "alpine-baselayout", "3.4.3-r2", "x86_64", 1);
	ASSERT_PKG(inv, 1, "musl", "1.2.4_git20230717-r4", "musl",
	    "1.2.4_git20230717-r4", "x86_64", 47);
	ASSERT_PKG(inv, 3, "busybox-binsh", "1.36.1-r15", "busybox",
	    "1.36.1-r15", "x86_64", 93);
	ASSERT_PKG(inv, 4, "libcrypto3", "3.1.4-r5", "openssl", "3.1.4-r5",
	    "x86_64", 113);
	ASSERT_PKG(inv, 5, "libssl3", "3.1.4-r5", "openssl", "3.1.4-r5",
	    "x86_64", 135);
	ASSERT_PKG(inv, 6, "zlib", "1.3.1-r0", "zlib", "1.3.1-r0", "x86_64",
	    157);
	ASSERT_PKG(inv, 8, "ssl_client", "1.36.1-r15", "busybox",
	    "1.36.1-r15", "x86_64", 202);
	vg_inventory_free(inv);
	free(buf);
}

VG_TEST(inventory_apk_bad_records)
{
	static const char text[] =
	    "C:Q1abc=\nP:noorigin\nV:1.0-r0\n\n"
	    "C:Q1abc=\nV:1.0-r0\no:x\n\n"
	    "P:nover\nA:x86_64\n\n"
	    "P:bad\nV:1.0-r0\nnot a key line\n\n"
	    "P:twice\nV:1.0-r0\nV:1.0-r1\n\n"
	    "P:last\r\nV:2.0-r0\r\no:origin\r\n";
	struct vg_inventory *inv;
	struct warns w;

	inv = parse_str(text, VG_INV_AUTO, &w);
	ASSERT_INT_EQ(vg_inventory_format(inv), VG_INV_APK);
	ASSERT_STATS(inv, 2, 0, 0, 0, 0, 4);
	ASSERT_PKG(inv, 0, "noorigin", "1.0-r0", "noorigin", "1.0-r0", "",
	    1);
	ASSERT_PKG(inv, 1, "last", "2.0-r0", "origin", "2.0-r0", "", 20);
	ASSERT_UINT_EQ(w.n, 4);
	ASSERT_WARN(w, 0, 5, "record without a P: (package) line");
	ASSERT_WARN(w, 1, 9, "package \"nover\": no V: (version) line");
	ASSERT_WARN(w, 2, 14, "not a \"X:value\" line: \"not a key line\"");
	ASSERT_WARN(w, 3, 18, "second V: line");
	vg_inventory_free(inv);
}

VG_TEST(inventory_errors_and_limits)
{
	static const char name256[] = "Package: "
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "\nStatus: install ok installed\nVersion: 1\n\n"
	    "Package: b"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "\nStatus: install ok installed\nVersion: 1\n";
	struct vg_inventory *inv = (struct vg_inventory *)&inv;
	struct warns w;
	struct vg_diag d;
	size_t i, n = VG_MAX_INV_PACKAGES + 1;
	char *big;

	/* Refused before anything is read. */
	ASSERT_INT_EQ(vg_inventory_parse("h", "x", VG_MAX_INVENTORY_BYTES + 1,
	    VG_INV_AUTO, NULL, NULL, &inv, &d), VG_ERR_LIMIT);
	ASSERT_PTR_EQ(inv, NULL);
	ASSERT_STR_EQ(d.src, "h");
	ASSERT_INT_EQ(vg_inventory_parse("h", "x\n", 2, VG_INV_FORMAT_COUNT,
	    NULL, NULL, &inv, &d), VG_ERR_INVAL);
	/* AUTO cannot tell the format of nothing; an explicit one can. */
	ASSERT_INT_EQ(vg_inventory_parse("h", " \n\r\n", 4, VG_INV_AUTO,
	    NULL, NULL, &inv, &d), VG_ERR_FORMAT);
	ASSERT_STR_EQ(d.msg, "empty inventory");
	ASSERT_INT_EQ(vg_inventory_parse("h", NULL, 0, VG_INV_AUTO, NULL,
	    NULL, &inv, &d), VG_ERR_FORMAT);
	inv = parse("", 0, VG_INV_APK, &w);
	ASSERT_STATS(inv, 0, 0, 0, 0, 0, 0);
	ASSERT_UINT_EQ(w.n, 0);
	vg_inventory_free(inv);
	vg_inventory_free(NULL);

	/* 256 bytes is the longest value kept. */
	inv = parse_str(name256, VG_INV_AUTO, &w);
	ASSERT_STATS(inv, 1, 0, 0, 0, 0, 1);
	ASSERT_UINT_EQ(vg_inventory_get(inv, 0)->pk_name.len, 256);
	ASSERT_UINT_EQ(w.n, 2);
	ASSERT_UINT_EQ(w.line[0], 5);
	ASSERT_STR_EQ(w.msg[0], "package \"baaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaa\": name \"baaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaa\" is too long");
	vg_inventory_free(inv);

	/* One package too many fails the parse, naming the line. */
	ASSERT_PTR_NE(big = malloc(n * 6), NULL);
	for (i = 0; i < n; i++)
		memcpy(big + 6 * i, "a 1-1\n", 6);
	ASSERT_INT_EQ(vg_inventory_parse("h", big, n * 6, VG_INV_AUTO, NULL,
	    NULL, &inv, &d), VG_ERR_LIMIT);
	ASSERT_PTR_EQ(inv, NULL);
	ASSERT_UINT_EQ(d.line, n);
	ASSERT_STR_EQ(d.msg, "more than 200000 packages");
	/* One fewer loads. */
	ASSERT_INT_EQ(vg_inventory_parse("h", big, (n - 1) * 6, VG_INV_AUTO,
	    NULL, NULL, &inv, &d), 0);
	ASSERT_UINT_EQ(vg_inventory_count(inv), n - 1);
	vg_inventory_free(inv);
	free(big);

	ASSERT_STR_EQ(vg_inv_format_name(VG_INV_DPKG_STATUS), "dpkg-status");
	ASSERT_STR_EQ(vg_inv_format_name(VG_INV_APK), "apk");
	ASSERT_STR_EQ(vg_inv_format_name(VG_INV_FORMAT_COUNT), "?");
}

static const char *
ecosystem_of(const char *path)
{
	static char out[VG_INV_ECOSYSTEM_MAX];
	size_t len;
	char *buf = vg_test_read(path, &len);

	ASSERT_INT_EQ(vg_inventory_ecosystem(buf, len, out, sizeof(out)), 0);
	free(buf);
	return out;
}

VG_TEST(inventory_os_release_files)
{
	ASSERT_STR_EQ(ecosystem_of(DATA "os-release-debian12"), "Debian:12");
	ASSERT_STR_EQ(ecosystem_of(DATA "os-release-ubuntu2204"),
	    "Ubuntu:22.04");
	ASSERT_STR_EQ(ecosystem_of(DATA "os-release-almalinux93"),
	    "AlmaLinux:9");
	ASSERT_STR_EQ(ecosystem_of(DATA "os-release-alpine3191"),
	    "Alpine:v3.19");
	ASSERT_STR_EQ(ecosystem_of(DATA "os-release-rocky810"),
	    "Rocky Linux:8");
}

static int
ecosystem(const char *text, char *out, size_t outlen)
{
	return vg_inventory_ecosystem(text, strlen(text), out, outlen);
}

VG_TEST(inventory_os_release_edge)
{
	char out[VG_INV_ECOSYSTEM_MAX];

	ASSERT_INT_EQ(ecosystem("NAME=\"Red Hat Enterprise Linux\"\n"
	    "VERSION=\"9.3 (Plow)\"\nID=\"rhel\"\nID_LIKE=\"fedora\"\n"
	    "VERSION_ID=\"9.3\"\n", out, sizeof(out)), 0);
	ASSERT_STR_EQ(out, "Red Hat:9");
	/* Single quotes, escapes, CRLF, comments, the last one wins. */
	ASSERT_INT_EQ(ecosystem("# comment\r\nID=fedora\r\nID='alpine'\r\n"
	    "  VERSION_ID=\"3.\\18\"\r\n", out, sizeof(out)), 0);
	ASSERT_STR_EQ(out, "Alpine:v3.18");
	ASSERT_INT_EQ(ecosystem("ID=alpine\nVERSION_ID=3.19", out,
	    sizeof(out)), 0);
	ASSERT_STR_EQ(out, "Alpine:v3.19");
	ASSERT_INT_EQ(ecosystem("ID=almalinux\nVERSION_ID=9", out,
	    sizeof(out)), 0);
	ASSERT_STR_EQ(out, "AlmaLinux:9");
	/* Debian testing/sid and Alpine edge have no OSV release. */
	ASSERT_INT_EQ(ecosystem("PRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\n"
	    "ID=debian\n", out, sizeof(out)), VG_ERR_NOTFOUND);
	ASSERT_STR_EQ(out, "");
	ASSERT_INT_EQ(ecosystem("ID=alpine\nVERSION_ID=3.20.0_alpha20240329\n",
	    out, sizeof(out)), VG_ERR_NOTFOUND);
	ASSERT_INT_EQ(ecosystem("ID=ubuntu\nVERSION_ID=\"22.04.3\"\n", out,
	    sizeof(out)), VG_ERR_NOTFOUND);
	ASSERT_INT_EQ(ecosystem("ID=debian\nVERSION_ID=\"12.1\"\n", out,
	    sizeof(out)), VG_ERR_NOTFOUND);
	ASSERT_INT_EQ(ecosystem("ID=rocky\nVERSION_ID=\"x\"\n", out,
	    sizeof(out)), VG_ERR_NOTFOUND);
	/* Not an OSV ecosystem, or no ID at all. */
	ASSERT_INT_EQ(ecosystem("ID=\"centos\"\nVERSION_ID=\"7\"\n", out,
	    sizeof(out)), VG_ERR_NOTFOUND);
	ASSERT_INT_EQ(ecosystem("VERSION_ID=12\n", out, sizeof(out)),
	    VG_ERR_NOTFOUND);
	ASSERT_INT_EQ(ecosystem("ID=\"debian\nVERSION_ID=12\n", out,
	    sizeof(out)), VG_ERR_NOTFOUND);
	/* Too small an output, too large an input. */
	ASSERT_INT_EQ(ecosystem("ID=debian\nVERSION_ID=12\n", out, 9),
	    VG_ERR_LIMIT);
	ASSERT_STR_EQ(out, "");
	ASSERT_INT_EQ(ecosystem("ID=debian\nVERSION_ID=12\n", out, 10), 0);
	ASSERT_STR_EQ(out, "Debian:12");
	ASSERT_INT_EQ(vg_inventory_ecosystem("ID=debian\n",
	    VG_MAX_OS_RELEASE_BYTES + 1, out, sizeof(out)), VG_ERR_LIMIT);
}
