/*
 * vercmp.h -- package version ordering for the vulnerability audit.
 *
 * Orders two versions the way a package manager does, for the four
 * schemes that cover distribution advisories and most OSV records: dpkg
 * (Debian Policy 5.6.12), rpm (rpmvercmp, with `~' and `^'), apk
 * (apk-tools) and SemVer 2.0.0 (section 11).  Each scheme accepts only
 * what its own tools accept as a version, and says VG_ERR_PARSE about
 * anything else, so that the audit reports a string it cannot order
 * (a tracker's "<unfixed>", rpm's "(none)" epoch, a SemVer-like tag)
 * instead of guessing a verdict.  docs/INTERNALS-vercmp.md is to come
 * with the audit; until then the comments in vercmp.c are the reference.
 *
 * Pure functions on (pointer, length) views: no allocation, no locale,
 * no global state; reentrant and callable from any process.  Work is
 * linear in the length of the two strings, which is at most
 * VG_MAX_VERSION.
 */
#ifndef VERCMP_H
#define VERCMP_H

#include "vg_str.h"


enum vg_ver_scheme {
	VG_VER_DPKG = 1,
	VG_VER_RPM,
	VG_VER_APK,
	VG_VER_SEMVER,
};

/*
 * The scheme that orders the versions of an OSV ecosystem, or 0 when
 * none of the four is exactly that ecosystem's rule.  Only the name
 * before the first ':' counts ("Debian:12", "Ubuntu:Pro:18.04:LTS",
 * "Alpine:v3.19"), matched exactly, with OSV's spelling and case:
 *
 *   VG_VER_DPKG    Debian, Ubuntu
 *   VG_VER_RPM     AlmaLinux, Azure Linux, Mageia, openEuler, openSUSE,
 *                  Photon OS, Red Hat, Rocky Linux, SUSE
 *   VG_VER_APK     Alpine, Alpaquita, BellSoft Hardened Containers,
 *                  Chainguard, MinimOS, Wolfi
 *   VG_VER_SEMVER  crates.io, Go, Hex, npm, SwiftURL
 *
 * Deliberately 0: NuGet (a fourth number, pre-release labels compared
 * without case), Packagist (Composer normalises to four numbers and
 * orders stability words), RubyGems (Gem::Version: any number of
 * segments, a letter makes a pre-release), Pub (build metadata orders
 * versions, "1.0.0+1" > "1.0.0"), PyPI (PEP 440), Maven, and every
 * other name.  Pure and reentrant.
 */
enum vg_ver_scheme	vg_ver_scheme_of(struct vg_str ecosystem);

/*
 * Check that `v' is a version of `scheme'.  Returns 0 on success or a
 * negative VG_ERR_* code: VG_ERR_PARSE when it is not (see vg_ver_cmp()
 * for what each scheme accepts), VG_ERR_LIMIT when it is longer than
 * VG_MAX_VERSION, VG_ERR_INVAL for an unknown scheme.  For reporting
 * which side of a failed comparison was bad, or validating a feed once
 * at load time.  Pure and reentrant.
 */
int	vg_ver_check(enum vg_ver_scheme scheme, struct vg_str v);

/*
 * Compare versions `a' and `b' of `scheme' and set *cmpp to -1, 0 or 1
 * as `a' sorts before, equal to or after `b'.  Equal means equal in
 * precedence, not in spelling: dpkg "1.0" and "0:1.0-0", SemVer
 * "v1.2.3+a" and "1.2.3+b".  The order is antisymmetric:
 * cmp(a, b) == -cmp(b, a).
 *
 * What each scheme accepts (anything else is VG_ERR_PARSE):
 *
 *   dpkg    [epoch:]upstream[-revision] as dpkg(1) accepts it without
 *           error and without warning: the epoch is decimal digits up to
 *           INT_MAX (no sign), upstream starts with a digit and holds
 *           only alphanumerics and . + ~ - (and : after an epoch), the
 *           revision (after the last '-') only alphanumerics and . + ~.
 *           dpkg merely warns about the rest, but feeds use such strings
 *           as sentinels ("<unfixed>", "unknown"), so they are refused.
 *           No revision sorts as revision "0".
 *   rpm     [epoch:]version[-release] as rpmbuild writes it: a decimal
 *           epoch, version and release made of alphanumerics and
 *           . _ + ~ ^, at most one '-'.  No epoch is epoch 0; within
 *           the rest, rpmvercmp.  A version without a release sorts
 *           before the same version with any release (rpm's dependency
 *           matching would treat it as a wildcard instead: a caller
 *           that wants that must compare without the release itself).
 *   apk     number{.number}[letter]{_suffix[number]}[~hash][-rN] as
 *           apk-tools validates it: suffixes alpha beta pre rc (before
 *           the bare version) and cvs svn git hg p (after it), a lower
 *           case letter, a lower case hex commit hash, "-r" and digits.
 *           apk versions disagree among themselves on strings outside
 *           this grammar, so there is no order to copy for those.
 *   SemVer  strict 2.0.0 with an optional leading 'v': three numbers
 *           without leading zeros, optional pre-release and build
 *           identifiers; build metadata is ignored.
 *
 * Numbers of any length compare by value without overflow.  Returns 0
 * on success or a negative VG_ERR_* code: VG_ERR_PARSE when `a' or `b'
 * is not a version of the scheme, VG_ERR_LIMIT when one is longer than
 * VG_MAX_VERSION, VG_ERR_INVAL for an unknown scheme; *cmpp is 0 then.
 * OSV's "introduced": "0" means "since the first version" and is the
 * caller's to handle (it is no SemVer version).  Pure and reentrant.
 */
int	vg_ver_cmp(enum vg_ver_scheme scheme,
	    struct vg_str a,		/* first version */
	    struct vg_str b,		/* second version */
	    int *cmpp);			/* OUT: -1, 0 or 1 */

#endif /* VERCMP_H */
