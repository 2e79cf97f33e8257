/*
 * vuln.h -- is an installed version affected by an advisory entry?
 *
 * The first piece of the patch audit's matcher (issue 4): OSV's range
 * evaluation over one vg_adv_affected entry, with the version ordering of
 * the host's scheme (vercmp.h).  The Debian tracker's entries come out of
 * advisory.c in the same shape ("introduced 0", then "fixed V" when there
 * is a fix), so one evaluation serves both sources.  Pure, reentrant, no
 * allocation.
 */
#ifndef VULN_H
#define VULN_H

#include "advisory.h"
#include "vercmp.h"

enum vg_vuln_verdict {
	VG_VULN_NOT_AFFECTED = 0,
	VG_VULN_AFFECTED,	/* a fixed version exists: *fixedp */
	VG_VULN_UNFIXED,	/* affected, and no fix is known */
};

/*
 * Evaluate `version' of a package against the entry, as the OSV
 * specification's evaluation describes: explicit versions first, then
 * each range with its events in version order (introduced "0" first):
 * introduced <= v makes it affected, fixed <= v or limit <= v or
 * last_affected < v makes it not affected.  On VG_VULN_AFFECTED,
 * *fixedp is the lowest `fixed' above the version in the range that
 * decided (empty when the decision came from an explicit version list).
 *
 * Returns 0, or VG_ERR_PARSE when the version or one of the entry's
 * versions is not a version of the scheme (the caller reports the
 * advisory and the package instead of guessing), VG_ERR_INVAL for an
 * unknown scheme or a range of more than VG_MAX_ADV_EVENTS events.
 */
int	vg_vuln_check(const struct vg_adv_affected *, enum vg_ver_scheme,
	    struct vg_str version, enum vg_vuln_verdict *verdictp,
	    struct vg_str *fixedp);

#endif /* VULN_H */
