/*
 * fuzz_advisory.c -- advisory files (OSV records and arrays, Debian
 * tracker exports, KEV catalogues, zip archives of OSV records) through
 * vg_advdb_load and vg_advdb_load_kev.
 *
 * The input is written to a scratch file (mkstemp in /tmp, unlinked
 * after each run) because a zip archive is only read from a file.
 * Beyond crashes and leaks, the harness checks what the header promises
 * and aborts when it does not hold: every warning and diagnostic is
 * NUL-terminated without control bytes, counters add up, and the
 * entries found for the names the corpus uses have non-empty, counted
 * and NUL-terminated strings, at least one range or version, and events
 * of the four kinds.
 */
#include "vg.h"

#include "advisory.h"

#include <unistd.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_text(const char *s, size_t max)
{
	size_t i, n = strnlen(s, max);

	if (n == max)
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < ' ' || s[i] == 0x7f)
			abort();
}

static void
check_warning(void *arg, const struct vg_diag *d)
{
	unsigned long *n = arg;

	(*n)++;
	if (d->src == NULL || d->msg[0] == '\0')
		abort();
	check_text(d->msg, sizeof(d->msg));
}

/* A view the database returned: counted, NUL-terminated, in bounds. */
static void
check_str(struct vg_str s, bool may_be_empty)
{
	if (s.p == NULL || s.p[s.len] != '\0' || strlen(s.p) != s.len ||
	    (!may_be_empty && s.len == 0))
		abort();
}

static void
check_field(struct vg_str s)
{
	check_str(s, false);
	if (s.len > VG_MAX_ADV_FIELD)
		abort();
}

static void
check_adv(const struct vg_adv *adv)
{
	uint32_t i;

	check_field(adv->adv_id);
	check_str(adv->adv_summary, true);
	check_text(adv->adv_summary.p, VG_MAX_ADV_SUMMARY + 1);
	check_str(adv->adv_file, false);
	check_str(adv->adv_cvss, true);
	check_str(adv->adv_severity, true);
	check_str(adv->adv_modified, true);
	if (adv->adv_naliases > VG_MAX_ADV_ALIASES ||
	    adv->adv_ncves > adv->adv_naliases + 1)
		abort();
	for (i = 0; i < adv->adv_naliases; i++)
		check_field(adv->adv_aliases[i]);
	for (i = 0; i < adv->adv_ncves; i++)
		if (memcmp(adv->adv_cves[i].p, "CVE-", 4) != 0)
			abort();
}

static void
check_entries(const struct vg_advdb *db, const char *eco, const char *pkg)
{
	struct vg_adv_iter it;
	const struct vg_adv_affected *a, *arr[4];
	const struct vg_adv_event *ev;
	size_t n = 0;
	uint32_t i, j;

	vg_adv_iter_init(&it, db, vg_str_make(eco, strlen(eco)),
	    vg_str_make(pkg, strlen(pkg)));
	while ((a = vg_adv_iter_next(&it)) != NULL) {
		n++;
		check_adv(a->aa_adv);
		check_field(a->aa_ecosystem);
		check_field(a->aa_package);
		check_str(a->aa_severity, true);
		if (a->aa_nranges == 0 && a->aa_nversions == 0)
			abort();
		if (a->aa_status < VG_ADV_FIXED ||
		    a->aa_status > VG_ADV_UNDETERMINED)
			abort();
		for (i = 0; i < a->aa_nranges; i++) {
			if (a->aa_ranges[i].ar_nevents == 0 ||
			    a->aa_ranges[i].ar_nevents > VG_MAX_ADV_EVENTS)
				abort();
			for (j = 0; j < a->aa_ranges[i].ar_nevents; j++) {
				ev = &a->aa_ranges[i].ar_events[j];
				if (ev->ae_kind < VG_ADV_EV_INTRODUCED ||
				    ev->ae_kind > VG_ADV_EV_LIMIT)
					abort();
				check_field(ev->ae_version);
			}
		}
		for (i = 0; i < a->aa_nversions; i++)
			check_field(a->aa_versions[i]);
	}
	if (vg_advdb_find(db, vg_str_make(eco, strlen(eco)),
	    vg_str_make(pkg, strlen(pkg)), arr, 4) != n)
		abort();
}

static void
check_kev(const struct vg_advdb *db, const char *cve)
{
	const struct vg_kev *k;

	if ((k = vg_advdb_kev(db, vg_str_make(cve, strlen(cve)))) == NULL)
		return;
	check_field(k->kev_cve);
	check_str(k->kev_vendor, true);
	check_str(k->kev_product, true);
	check_str(k->kev_name, true);
	check_str(k->kev_date_added, true);
	check_str(k->kev_due_date, true);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[][2] = {
		{ "Debian:12", "examplelib" }, { "Debian:7", "nginx" },
		{ "Debian:12", "apparmor" }, { "Alpine:v3.19", "goodpkg" },
		{ "Alpine:v3.20", "zpkg" }, { "PyPI", "123bla" },
		{ "crates.io", "listed" }, { "Debian:unstable", "sope" },
	};
	struct vg_advdb *db;
	struct vg_advdb_stats st;
	struct vg_diag d;
	char path[] = "/tmp/fuzz_advisory.XXXXXX";
	unsigned long nwarn = 0;
	size_t i;
	int fd;

	if ((fd = mkstemp(path)) == -1)
		abort();
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	if (vg_advdb_new(&db) != 0)
		abort();
	/* No size filter: the loaders enforce their own limits. */
	if (vg_advdb_load(db, path, check_warning, &nwarn, &d) != 0)
		check_text(d.msg, sizeof(d.msg));
	if (vg_advdb_load_kev(db, path, check_warning, &nwarn, &d) != 0)
		check_text(d.msg, sizeof(d.msg));
	(void)unlink(path);

	vg_advdb_stats(db, &st);
	if (st.st_bad != nwarn || st.st_kev_ransomware > st.st_kev ||
	    (st.st_records == 0 && st.st_affected > 0))
		abort();
	for (i = 0; i < VG_ARRAY_LEN(keys); i++)
		check_entries(db, keys[i][0], keys[i][1]);
	check_kev(db, "CVE-2025-1001");
	check_kev(db, "CVE-2021-44228");
	vg_advdb_free(db);
	return 0;
}
