/*
 * advisory_kev.c -- CISA's Known Exploited Vulnerabilities catalogue
 * (known_exploited_vulnerabilities.json) into the advisory database.
 *
 * Runs where advisories are loaded; advisory.c hands over the parsed
 * catalogue.  Of each entry of `vulnerabilities' are kept cveID (which
 * must be "CVE-YYYY-N..." with at least four digits of N), vendorProject,
 * product, vulnerabilityName (each cut to VG_MAX_ADV_SUMMARY bytes),
 * dateAdded and dueDate (YYYY-MM-DD; another form is reported and kept
 * empty, as the entry still flags its CVE) and whether
 * knownRansomwareCampaignUse is "Known".  The catalogue's `count' is
 * checked against its list, since a short list means a cut download.
 */
#include "advisory.h"
#include "advisory_int.h"

#include <ctype.h>

static bool
digits(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)p[i]))
			return false;
	return true;
}

/* "CVE-" 4 digits "-" 4 to 19 digits. */
static bool
kev_cve_ok(struct vg_str s)
{
	return s.len >= 13 && s.len <= 28 && memcmp(s.p, "CVE-", 4) == 0 &&
	    digits(s.p + 4, 4) && s.p[8] == '-' &&
	    digits(s.p + 9, s.len - 9);
}

static bool
date_ok(struct vg_str s)
{
	return s.len == 10 && digits(s.p, 4) && s.p[4] == '-' &&
	    digits(s.p + 5, 2) && s.p[7] == '-' && digits(s.p + 8, 2);
}

int
vg_advisory__kev_doc(struct vg_advisory__doc *doc, const json_t *root)
{
	static const char *const datekeys[] = { "dateAdded", "dueDate" };
	char q[VG_ADVISORY__QUOTE_MAX + 1], q2[VG_ADVISORY__QUOTE_MAX + 1];
	const json_t *arr = json_object_get(root, "vulnerabilities");
	const json_t *count = json_object_get(root, "count"), *e;
	struct vg_str *dates[2];
	struct vg_kev k;
	size_t i, j, n = json_array_size(arr);
	int r;

	if (json_is_integer(count) && json_integer_value(count) >= 0 &&
	    (uint64_t)json_integer_value(count) != n)
		vg_advisory__warn(doc, 0, "\"count\" says %lld, the catalogue "
		    "lists %zu (a cut download?)",
		    (long long)json_integer_value(count), n);
	for (i = 0; i < n; i++) {
		e = json_array_get(arr, i);
		memset(&k, 0, sizeof(k));
		k.kev_cve = vg_advisory__jstr(e, "cveID");
		if (!kev_cve_ok(k.kev_cve)) {
			vg_advisory__warn(doc, 0, "vulnerabilities[%zu]: no "
			    "valid cveID (\"%s\")", i,
			    vg_advisory__quote(k.kev_cve, q, sizeof(q)));
			continue;
		}
		k.kev_vendor = vg_advisory__summary(vg_advisory__jstr(e,
		    "vendorProject"));
		k.kev_product = vg_advisory__summary(vg_advisory__jstr(e,
		    "product"));
		k.kev_name = vg_advisory__summary(vg_advisory__jstr(e,
		    "vulnerabilityName"));
		k.kev_ransomware = VG_STR_EQ(vg_advisory__jstr(e,
		    "knownRansomwareCampaignUse"), "Known");
		dates[0] = &k.kev_date_added;
		dates[1] = &k.kev_due_date;
		for (j = 0; j < 2; j++) {
			*dates[j] = vg_advisory__jstr(e, datekeys[j]);
			if (dates[j]->len > 0 && !date_ok(*dates[j])) {
				vg_advisory__warn(doc, 0,
				    "vulnerabilities[%zu] (%s): %s \"%s\" is "
				    "not YYYY-MM-DD", i,
				    vg_advisory__quote(k.kev_cve, q,
				    sizeof(q)), datekeys[j],
				    vg_advisory__quote(*dates[j], q2,
				    sizeof(q2)));
				*dates[j] = VG_STR_NULL;
			}
		}
		r = vg_advisory__kev_add(doc, &k);
		if (r == 1)
			vg_advisory__warn(doc, 0, "vulnerabilities[%zu]: %s "
			    "listed again: the first entry is kept", i,
			    vg_advisory__quote(k.kev_cve, q, sizeof(q)));
		else if (r == VG_ERR_LIMIT) {
			vg_advisory__warn(doc, 0, "more than %d entries: the "
			    "rest is not read", VG_MAX_KEV_ENTRIES);
			return 0;
		} else if (r != 0)
			return r;
	}
	return 0;
}
