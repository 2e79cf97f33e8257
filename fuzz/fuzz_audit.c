/*
 * fuzz_audit.c -- the host audit and its three reports on hostile
 * inventories and advisories together.
 *
 * The input is an inventory, a line "----", then OSV JSON (or a Debian
 * tracker export).  The advisories are loaded, the inventory parsed, and
 * the host audited in the ecosystem named by the first byte (Debian,
 * Alpine, AlmaLinux, npm) so every version scheme meets hostile versions
 * from both sides; then each report is written to a memory stream.
 * Beyond crashes: every finding must point into the inventory, carry a
 * fixed version exactly when it is `affected', and the sorting must put
 * KEV findings (none here) and higher severities first.
 */
#include "vg.h"

#include "audit.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const ecosystems[] = {
	"Debian:12", "Alpine:v3.19", "AlmaLinux:9", "npm",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *sep;
	struct vg_inventory *inv = NULL;
	struct vg_advdb *db;
	struct vg_audit au;
	struct vg_diag diag;
	size_t i, ilen;
	char *out;
	size_t outlen;
	FILE *fp;
	int f;

	if (size < 1)
		return 0;
	f = p[0] & 3;
	p++;
	size--;
	sep = memmem(p, size, "\n----\n", 6);
	ilen = sep != NULL ? (size_t)(sep - p) + 1 : size;
	if (vg_advdb_new(&db) != 0)
		abort();
	if (sep != NULL)
		(void)vg_advdb_load_buf(db, "fuzz.json", sep + 6,
		    size - ilen - 5, NULL, NULL, &diag);
	if (vg_inventory_parse("fuzz", p, ilen, VG_INV_AUTO, NULL, NULL,
	    &inv, &diag) != 0) {
		vg_advdb_free(db);
		return 0;
	}
	if (vg_audit_host(db, inv, "h", ecosystems[f], NULL, NULL, &au) == 0) {
		for (i = 0; i < au.au_nfindings; i++) {
			const struct vg_audit_finding *af = &au.au_findings[i];

			if (af->af_pkg->pk_name.p < p ||
			    af->af_pkg->pk_name.p >= p + ilen)
				abort();
			if ((af->af_verdict == VG_VULN_AFFECTED) !=
			    (af->af_fixed.len > 0))
				abort();
			if (af->af_kev != NULL)
				abort();
			if (i > 0 && af->af_aff->aa_sev >
			    au.au_findings[i - 1].af_aff->aa_sev)
				abort();
		}
		for (f = VG_AUDIT_JSONL; f <= VG_AUDIT_CSV; f++) {
			out = NULL;
			if ((fp = open_memstream(&out, &outlen)) == NULL)
				abort();
			if (vg_audit_write(fp, (enum vg_audit_format)f, &au,
			    true) != 0)
				abort();
			fclose(fp);
			free(out);
		}
		vg_audit_cleanup(&au);
	}
	vg_inventory_free(inv);
	vg_advdb_free(db);
	return 0;
}
