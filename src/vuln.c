/*
 * vuln.c -- OSV range evaluation; see vuln.h.
 */
#include "vuln.h"

/* "0" in an introduced event means "from the very first version". */
static bool
is_zero(struct vg_str s)
{
	return s.len == 1 && s.p[0] == '0';
}

/*
 * Order two events: by version, introduced "0" before anything, and on
 * equal versions introduced before the events that close a range.
 */
static int
event_cmp(enum vg_ver_scheme scheme, const struct vg_adv_event *a,
    const struct vg_adv_event *b, int *cmpp)
{
	bool za = a->ae_kind == VG_ADV_EV_INTRODUCED && is_zero(a->ae_version);
	bool zb = b->ae_kind == VG_ADV_EV_INTRODUCED && is_zero(b->ae_version);
	int r;

	if (za || zb) {
		*cmpp = za && zb ? 0 : za ? -1 : 1;
		return 0;
	}
	if ((r = vg_ver_cmp(scheme, a->ae_version, b->ae_version, cmpp)) != 0)
		return r;
	if (*cmpp == 0)
		*cmpp = (a->ae_kind != VG_ADV_EV_INTRODUCED) -
		    (b->ae_kind != VG_ADV_EV_INTRODUCED);
	return 0;
}

/* Sort the range's events (insertion sort: ranges hold a few events). */
static int
sort_events(enum vg_ver_scheme scheme, const struct vg_adv_event **ev,
    size_t n)
{
	const struct vg_adv_event *x;
	size_t i, j;
	int cmp, r;

	for (i = 1; i < n; i++) {
		x = ev[i];
		for (j = i; j > 0; j--) {
			if ((r = event_cmp(scheme, ev[j - 1], x, &cmp)) != 0)
				return r;
			if (cmp <= 0)
				break;
			ev[j] = ev[j - 1];
		}
		ev[j] = x;
	}
	return 0;
}

/* One range: affected or not, and the fix above the version. */
static int
check_range(const struct vg_adv_range *rg, enum vg_ver_scheme scheme,
    struct vg_str version, bool *affectedp, struct vg_str *fixedp)
{
	const struct vg_adv_event *ev[VG_MAX_ADV_EVENTS];
	enum vg_ver_scheme s = rg->ar_type == VG_ADV_RANGE_SEMVER ?
	    VG_VER_SEMVER : scheme;
	bool affected = false;
	size_t i, n = rg->ar_nevents;
	int cmp, r;

	if (n > VG_MAX_ADV_EVENTS)
		return VG_ERR_INVAL;
	for (i = 0; i < n; i++)
		ev[i] = &rg->ar_events[i];
	if ((r = sort_events(s, ev, n)) != 0)
		return r;
	*fixedp = vg_str_make(NULL, 0);
	for (i = 0; i < n; i++) {
		const struct vg_adv_event *e = ev[i];

		if (e->ae_kind == VG_ADV_EV_INTRODUCED && is_zero(e->ae_version))
			cmp = 1;
		else if ((r = vg_ver_cmp(s, version, e->ae_version, &cmp)) != 0)
			return r;
		switch (e->ae_kind) {
		case VG_ADV_EV_INTRODUCED:
			if (cmp >= 0)
				affected = true;
			break;
		case VG_ADV_EV_FIXED:
			if (cmp >= 0)
				affected = false;
			else if (affected && fixedp->len == 0)
				*fixedp = e->ae_version;
			break;
		case VG_ADV_EV_LIMIT:
			if (cmp >= 0)
				affected = false;
			break;
		case VG_ADV_EV_LAST_AFFECTED:
			if (cmp > 0)
				affected = false;
			break;
		}
		/* Past the version: later events cannot change the verdict. */
		if (cmp < 0 && (affected || e->ae_kind ==
		    VG_ADV_EV_INTRODUCED))
			break;
	}
	if (!affected)
		*fixedp = vg_str_make(NULL, 0);
	*affectedp = affected;
	return 0;
}

int
vg_vuln_check(const struct vg_adv_affected *aa, enum vg_ver_scheme scheme,
    struct vg_str version, enum vg_vuln_verdict *verdictp,
    struct vg_str *fixedp)
{
	struct vg_str fixed = vg_str_make(NULL, 0), f;
	bool affected = false, hit;
	uint32_t i;
	int cmp, r;

	*verdictp = VG_VULN_NOT_AFFECTED;
	*fixedp = fixed;
	if (scheme == 0)
		return VG_ERR_INVAL;
	if ((r = vg_ver_check(scheme, version)) != 0)
		return r;
	for (i = 0; i < aa->aa_nversions && !affected; i++) {
		if ((r = vg_ver_cmp(scheme, version, aa->aa_versions[i],
		    &cmp)) != 0)
			return r;
		affected = cmp == 0;
	}
	for (i = 0; i < aa->aa_nranges; i++) {
		if ((r = check_range(&aa->aa_ranges[i], scheme, version, &hit,
		    &f)) != 0)
			return r;
		if (!hit)
			continue;
		/* Of several ranges that hold it, the lowest fix wins. */
		if (!affected || (f.len > 0 && (fixed.len == 0 ||
		    (vg_ver_cmp(scheme, f, fixed, &cmp) == 0 && cmp < 0))))
			fixed = f.len > 0 ? f : fixed;
		affected = true;
	}
	if (!affected)
		return 0;
	*fixedp = fixed;
	*verdictp = fixed.len > 0 ? VG_VULN_AFFECTED : VG_VULN_UNFIXED;
	return 0;
}
