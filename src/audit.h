/*
 * audit.h -- the patch and vulnerability audit of one host: every
 * installed package of its inventory (inventory.h) against the advisory
 * database (advisory.h), with the version ordering of its ecosystem
 * (vercmp.h) and OSV's range evaluation (vuln.h), flagged with the CISA
 * KEV catalogue; and the three report formats of `vigil vuln'.
 *
 * Which name and version are looked up depends on the ecosystem, as the
 * advisories are written:
 *
 *   Debian, Ubuntu   the SOURCE package and the SOURCE version (OSV's
 *                    Debian and Ubuntu records and the security tracker
 *                    name source packages; a binNMU "+b1" exists only in
 *                    the binary's version)
 *   Alpine           the origin (source) package, the package version
 *   rpm ecosystems   the binary name, then the source RPM's name when it
 *                    differs; the binary's version
 *
 * One finding is one (installed binary package, advisory entry) pair that
 * the version is affected by.  A package whose version the ecosystem's
 * ordering cannot read, or an advisory whose versions it cannot read, is
 * reported through the warn callback (host, package, advisory) and the
 * pair is skipped: a wrong guess would either hide a flaw or invent one.
 *
 * Findings are sorted so that what must be done first comes first:
 * known-exploited (KEV) before the rest, then by severity, fixed before
 * unfixed, then by package and advisory id.  Reentrant: any number of
 * hosts may be audited at once against one loaded database.
 */
#ifndef AUDIT_H
#define AUDIT_H

#include "advisory.h"
#include "inventory.h"
#include "vuln.h"

struct vg_audit_finding {
	const struct vg_inv_pkg		*af_pkg;	/* borrowed */
	const struct vg_adv_affected	*af_aff;	/* borrowed */
	enum vg_vuln_verdict		 af_verdict;	/* AFFECTED/UNFIXED */
	struct vg_str			 af_fixed;	/* "" when none */
	/* The KEV entry of the first of the advisory's CVEs listed. */
	const struct vg_kev		*af_kev;
};

/* What was audited, for one host. */
struct vg_audit_stats {
	size_t	as_packages;		/* inventory packages looked at */
	size_t	as_entries;		/* advisory entries evaluated */
	size_t	as_findings;
	size_t	as_kev;			/* findings flagged known-exploited */
	size_t	as_unfixed;		/* findings without a fix */
	size_t	as_unreadable;		/* pairs skipped: version unreadable */
};

struct vg_audit {
	const char		*au_host;	/* borrowed from the caller */
	char			 au_ecosystem[VG_INV_ECOSYSTEM_MAX];
	struct vg_audit_finding	*au_findings;
	size_t			 au_nfindings;
	struct vg_audit_stats	 au_stats;
};

/*
 * Called for each pair skipped, with d->src the host name, d->line the
 * package's line in the inventory and d->msg naming the package, the
 * version and the advisory.  `d' is valid only during the call.
 */
typedef void vg_audit_warn_fn(void *arg, const struct vg_diag *d);

/*
 * Audit inventory `inv' of host `host' (kept as a borrowed pointer) in
 * OSV ecosystem `ecosystem' ("Debian:12") against `db'.  Returns 0 and
 * fills *au (the caller's; release its findings with vg_audit_cleanup()),
 * or a negative VG_ERR_* code: VG_ERR_INVAL when no version ordering is
 * known for the ecosystem (vercmp.h), VG_ERR_NOMEM.  The findings borrow
 * from `inv' and `db', which must outlive them.
 */
int	vg_audit_host(const struct vg_advdb *db,
	    const struct vg_inventory *inv,
	    const char *host, const char *ecosystem,
	    vg_audit_warn_fn *warn, void *warn_arg,	/* may be NULL */
	    struct vg_audit *au);			/* OUT */

void	vg_audit_cleanup(struct vg_audit *);

/* True if the finding concerns `id': its advisory id, a CVE or alias. */
bool	vg_audit_finding_is(const struct vg_audit_finding *, struct vg_str id);

/* ------------------------------------------------------------ reports */

enum vg_audit_format {
	VG_AUDIT_JSONL = 0,	/* one object per finding */
	VG_AUDIT_TABLE,		/* per host: the upgrades to make */
	VG_AUDIT_CSV,		/* one row per finding, with a header */
};

/* "jsonl", "table", "csv" -> *fmtp; false for anything else. */
bool	vg_audit_format_parse(const char *, enum vg_audit_format *fmtp);

/*
 * Write the report of one host to `fp'.  JSON lines and CSV rows carry
 * the fields of docs/VULN.md (host.name, package.*, vulnerability.*,
 * kev.*); the CSV header is written when `first' is true.  The table
 * gives one line per source package: the installed version, the one
 * version that fixes all its fixable findings (the highest of their
 * fixed versions), how many findings, the KEV ones and the worst
 * severity, KEV packages first; unfixed findings follow on lines of
 * their own.  Returns 0, or VG_ERR_IO when writing failed (errno set),
 * VG_ERR_NOMEM.
 */
int	vg_audit_write(FILE *fp, enum vg_audit_format, const struct vg_audit *,
	    bool first);

#endif /* AUDIT_H */
