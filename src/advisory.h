/*
 * advisory.h -- an in-memory database of security advisories and of the
 * CISA Known Exploited Vulnerabilities catalogue, for the vulnerability
 * audit (vigil vuln scan).
 *
 * Three inputs, recognised by content:
 *
 *   OSV          OSV JSON records (https://ossf.github.io/osv-schema/):
 *                one record per file, a JSON array of records, a
 *                directory tree of them, or a zip archive of them such as
 *                the per-ecosystem all.zip files osv.dev publishes.
 *   Debian       the Debian security tracker's JSON export
 *                (security-tracker.debian.org/tracker/data/json):
 *                source package -> CVE -> releases -> codename -> status.
 *   KEV          CISA's known_exploited_vulnerabilities.json.
 *
 * Each advisory (struct vg_adv) yields one entry (struct vg_adv_affected)
 * per package and ecosystem it affects, and the entries are indexed by
 * (ecosystem, package) in a hash table, so that the audit looks up each
 * installed package once per host.  Versions are kept as the text the
 * advisory gives; ordering them is vercmp.h's business.
 *
 * Problems in the data -- a file that is not JSON, a record without an
 * id, a range event without a version, a value over a limit -- are
 * reported through a callback naming the file (and the zip member) and
 * where in it, then that record or entry is skipped and the rest loads.
 * Only a path that cannot be read at all, a database-wide limit and
 * allocation failure stop a load.  docs/INTERNALS-advisory.md is to
 * come with the audit; until then advisory.c's header comment is the
 * reference for the data structures.
 *
 * A database is built by one thread (the load functions), then read:
 * after the last load, the lookup functions are reentrant and may be
 * called from any number of threads at once.  Every string in it is owned
 * by the database and stays valid until vg_advdb_free().
 */
#ifndef ADVISORY_H
#define ADVISORY_H

#include "vg.h"
#include "vg_str.h"


/* ------------------------------------------------------------ types */

/* A range event: OSV's four kinds (the tracker gives introduced/fixed). */
enum vg_adv_event_kind {
	VG_ADV_EV_INTRODUCED = 1,
	VG_ADV_EV_FIXED,
	VG_ADV_EV_LAST_AFFECTED,	/* inclusive upper bound */
	VG_ADV_EV_LIMIT,
};

/*
 * One event.  The version is the advisory's text; an `introduced' of
 * "0" means "from the first version" (OSV's rule, whatever the scheme:
 * SemVer has no version "0", so compare it as below everything).
 */
struct vg_adv_event {
	enum vg_adv_event_kind	 ae_kind;
	struct vg_str		 ae_version;	/* 1..VG_MAX_ADV_FIELD bytes */
};

/*
 * OSV range types kept.  GIT ranges (commit hashes) cannot be compared
 * with package versions and are dropped when loading.
 */
enum vg_adv_range_type {
	VG_ADV_RANGE_ECOSYSTEM = 1,	/* the ecosystem's own ordering */
	VG_ADV_RANGE_SEMVER,		/* SemVer 2.0.0 */
};

/*
 * One range: events in the order the advisory lists them (OSV says to
 * sort them by version before evaluating; they are not sorted here).
 * Ranges of one entry are independent: a version is affected when any
 * range, or the explicit version list, says so.  Never empty.
 */
struct vg_adv_range {
	enum vg_adv_range_type	 ar_type;
	uint32_t		 ar_nevents;
	const struct vg_adv_event *ar_events;
};

/*
 * Whether a fix exists.  FIXED: some range of the entry has a `fixed'
 * event.  UNFIXED: none has; the versions from `introduced' on (or in
 * the version list) are affected and there is nothing to upgrade to
 * (the tracker's "open" without fixed_version).  UNDETERMINED: the
 * tracker has not triaged the release yet ("undetermined"); treated as
 * UNFIXED for matching.
 */
enum vg_adv_status {
	VG_ADV_FIXED = 1,
	VG_ADV_UNFIXED,
	VG_ADV_UNDETERMINED,
};

/*
 * A severity level, from the first of these that the data gives: OSV
 * database_specific.severity ("CRITICAL", "HIGH", "MODERATE", "LOW"), an
 * OSV severity[] of type "Ubuntu", the tracker's urgency ("unimportant"
 * is NEGLIGIBLE; "high**", a level the tracker took from NVD, reads as
 * "high").  CVSS vectors are kept (adv_cvss) but not scored: a record
 * with only a vector is UNKNOWN.
 */
enum vg_adv_sev {
	VG_ADV_SEV_UNKNOWN = 0,
	VG_ADV_SEV_NEGLIGIBLE,
	VG_ADV_SEV_LOW,
	VG_ADV_SEV_MEDIUM,
	VG_ADV_SEV_HIGH,
	VG_ADV_SEV_CRITICAL,
};

enum vg_adv_source {
	VG_ADV_SRC_OSV = 1,
	VG_ADV_SRC_DEBIAN,		/* the Debian security tracker */
};

/*
 * One advisory.  An OSV record gives one; the Debian tracker gives one
 * per (source package, CVE).  Every string is NUL-terminated as well as
 * counted, never NULL; an absent one is empty.
 */
struct vg_adv {
	struct vg_str		 adv_id;	/* "DSA-3029-1", "CVE-..." */
	struct vg_str		 adv_summary;	/* one line, may be empty */
	/*
	 * Every other id the advisory names: OSV aliases, then upstream,
	 * then related, without duplicates or adv_id.
	 */
	const struct vg_str	*adv_aliases;
	uint32_t		 adv_naliases;
	/*
	 * The CVE ids among adv_id and the aliases, adv_id first when it is
	 * one (each "CVE-" followed by a digit; upper case as written).
	 */
	uint32_t		 adv_ncves;
	const struct vg_str	*adv_cves;
	struct vg_str		 adv_cvss;	/* CVSS vector: V4 > V3 > V2 */
	struct vg_str		 adv_severity;	/* text adv_sev came from */
	enum vg_adv_sev		 adv_sev;
	enum vg_adv_source	 adv_source;
	struct vg_str		 adv_modified;	/* OSV: RFC 3339 text */
	/* The file it came from: "dir/x.json", "all.zip(x.json)". */
	struct vg_str		 adv_file;
};

/* Flags of an affected entry. */
#define VG_ADV_AF_NODSA		0x01	/* tracker: no DSA planned */
#define VG_ADV_AF_EOL		0x02	/* tracker: release end-of-life */

/*
 * One affected package of one advisory in one ecosystem.  The ecosystem
 * is the OSV name ("Debian:12", "Alpine:v3.19", "PyPI"); tracker
 * codenames are mapped to it (bookworm is "Debian:12", sid is
 * "Debian:unstable"; see advisory_debian.c for the table).  For Debian
 * ecosystems the package is the SOURCE package.  At least one of
 * aa_nranges and aa_nversions is non-zero.
 */
struct vg_adv_affected {
	const struct vg_adv	*aa_adv;
	struct vg_str		 aa_ecosystem;
	struct vg_str		 aa_package;
	const struct vg_adv_range *aa_ranges;
	uint32_t		 aa_nranges;
	uint32_t		 aa_nversions;
	const struct vg_str	*aa_versions;	/* explicit affected versions */
	enum vg_adv_status	 aa_status;
	/* The entry's own severity, else its advisory's. */
	enum vg_adv_sev		 aa_sev;
	struct vg_str		 aa_severity;
	unsigned		 aa_flags;	/* VG_ADV_AF_* */
};

/* One entry of the KEV catalogue.  Strings as in struct vg_adv. */
struct vg_kev {
	struct vg_str		 kev_cve;	/* "CVE-2021-44228" */
	struct vg_str		 kev_vendor;	/* vendorProject */
	struct vg_str		 kev_product;
	struct vg_str		 kev_name;	/* vulnerabilityName */
	struct vg_str		 kev_date_added; /* "2021-12-10" */
	struct vg_str		 kev_due_date;
	bool			 kev_ransomware; /* use "Known" */
};

/*
 * What the loads saw.  Every warning counts once in st_bad.
 */
struct vg_advdb_stats {
	size_t	st_files;	/* JSON documents read (files, members) */
	size_t	st_records;	/* advisories loaded (tracker: those with
				   an affected release) */
	size_t	st_withdrawn;	/* OSV records with `withdrawn': skipped */
	size_t	st_duplicates;	/* OSV ids loaded before: skipped */
	size_t	st_affected;	/* entries indexed */
	size_t	st_not_affected; /* tracker releases with fixed_version "0" */
	size_t	st_unmatched;	/* entries with nothing to compare (no
				   package, only GIT ranges, unknown
				   tracker codename): skipped */
	size_t	st_bad;		/* problems reported through warn */
	size_t	st_kev;		/* KEV entries loaded */
	size_t	st_kev_ransomware; /* of which used by ransomware */
	size_t	st_bytes;	/* memory held by the database */
};

struct vg_advdb;			/* opaque */

/*
 * Called once for each problem found.  d->src names the file, as
 * "path" or "archive.zip(member)" for a zip member; d->line is the
 * 1-based line of a JSON syntax error, or the line where the bad
 * record's value starts in a Debian tracker file, and 0 when unknown;
 * d->msg says what is wrong and where ("affected[2].ranges[0].events[1]:
 * no version"), with control bytes of quoted input replaced by '?'.
 * `d' is valid only during the call.
 */
typedef void vg_adv_warn_fn(void *arg, const struct vg_diag *d);

/* ------------------------------------------------------------ API */

/*
 * Create an empty database.  Returns 0 on success or a negative VG_ERR_*
 * code: VG_ERR_NOMEM, or VG_ERR_INTERNAL when libsodium cannot start (no
 * random source for the hash key).  On success *dbp owns the database
 * (free with vg_advdb_free()), else it is NULL.  Any process; reentrant.
 */
int	vg_advdb_new(struct vg_advdb **dbp);

/* Release a database and everything it holds; NULL is a no-op. */
void	vg_advdb_free(struct vg_advdb *);

/*
 * Load advisories from `path': a regular file (an OSV record, a JSON
 * array of OSV records, a Debian tracker export, a KEV catalogue -- the
 * same as vg_advdb_load_kev() -- or a zip archive of OSV records, told
 * apart by content), or a directory, whose *.json and *.zip files are
 * read recursively in name order (symbolic links to files are followed,
 * to directories not, and names starting with '.' are skipped).
 *
 * Problems with the data are reported through `warn' (may be NULL),
 * counted in st_bad and skipped; the load goes on with the next entry,
 * record, member or file.  OSV records already loaded (same id) are
 * skipped and counted as duplicates; the first one loaded wins.
 *
 * Returns 0 on success or a negative VG_ERR_* code, with *diag filled:
 * VG_ERR_IO (`path' cannot be opened or read; errno's text in the
 * message), VG_ERR_FORMAT (`path' is a file of none of the formats, not
 * valid JSON, or not a readable zip archive: also what and where in the
 * message), VG_ERR_LIMIT (`path' is larger than VG_MAX_ADV_FILE_BYTES,
 * or is JSON larger than VG_MAX_ADV_DOC_BYTES but not a tracker export,
 * or the database reached VG_MAX_ADV_RECORDS or VG_MAX_ADV_AFFECTED),
 * VG_ERR_NOMEM.  After a
 * failure the database holds what was loaded before it and stays usable.
 * Setup code only (reads files); not reentrant for one database.
 */
int	vg_advdb_load(struct vg_advdb *,
	    const char *path,			/* file or directory */
	    vg_adv_warn_fn *warn, void *warn_arg, /* may be NULL */
	    struct vg_diag *diag);		/* OUT: on failure */

/*
 * Load the JSON text buf[0, len) as vg_advdb_load() loads a file, with
 * `name' as the file name in messages and in adv_file.  Does no I/O (no
 * zip archives: those are files).  Same returns, without VG_ERR_IO.
 */
int	vg_advdb_load_buf(struct vg_advdb *, const char *name,
	    const char *buf, size_t len,
	    vg_adv_warn_fn *warn, void *warn_arg,
	    struct vg_diag *diag);		/* OUT: on failure */

/*
 * Load a KEV catalogue (a JSON object with a `vulnerabilities' array).
 * Entries without a valid cveID are reported and skipped, a malformed
 * date is reported and left empty, and a CVE listed twice keeps its
 * first entry.  Returns 0 on
 * success or a negative VG_ERR_* code with *diag filled: VG_ERR_IO,
 * VG_ERR_LIMIT (file over VG_MAX_ADV_DOC_BYTES), VG_ERR_FORMAT (not JSON,
 * or not a KEV catalogue), VG_ERR_NOMEM.  Same callers as vg_advdb_load().
 */
int	vg_advdb_load_kev(struct vg_advdb *, const char *path,
	    vg_adv_warn_fn *warn, void *warn_arg, struct vg_diag *diag);

/*
 * The entries for `package' in `ecosystem'.  Those recorded for the
 * ecosystem as given come first; then, when the ecosystem has a release
 * part ("Debian:12", "Alpine:v3.19"), those recorded for the bare
 * ecosystem name ("Debian"), which OSV uses for advisories that apply
 * to every release.  Names compare byte for byte (no case folding, so
 * PyPI's "Gradio" is not "gradio").
 *
 * Stores up to `max' entries in out[] (may be NULL when max is 0) and
 * returns how many there are in all: call again with a larger array
 * when the result exceeds `max'.  The entries are borrowed from the
 * database, valid until its next load or its free.  Reentrant.
 */
size_t	vg_advdb_find(const struct vg_advdb *, struct vg_str ecosystem,
	    struct vg_str package,
	    const struct vg_adv_affected **out,	/* OUT: up to max */
	    size_t max);

/*
 * The same as an iteration, for callers that do not want to size an
 * array: vg_adv_iter_init(), then vg_adv_iter_next() until it returns
 * NULL.  The iterator lives on the caller's stack and is only read by
 * the database, so any number may run at once.  Same order and
 * lifetime as vg_advdb_find().
 */
struct vg_adv_iter {
	const struct vg_advdb	*it_db;
	const struct vg_adv_affected *it_cur;	/* next entry */
	const struct vg_adv_affected *it_end;
	struct vg_str		 it_base;	/* bare ecosystem to look at */
	struct vg_str		 it_package;
	bool			 it_base_pending;
};

void	vg_adv_iter_init(struct vg_adv_iter *, const struct vg_advdb *,
	    struct vg_str ecosystem, struct vg_str package);
const struct vg_adv_affected *vg_adv_iter_next(struct vg_adv_iter *);

/*
 * The KEV entry for `cve' (as written in the catalogue, "CVE-..."), or
 * NULL when the catalogue does not list it or none was loaded.  Borrowed
 * like vg_advdb_find()'s entries.  Reentrant.
 */
const struct vg_kev *vg_advdb_kev(const struct vg_advdb *, struct vg_str cve);

/*
 * The OSV advisory with id `id', or NULL.  Tracker advisories are not
 * found here: their ids (CVEs) repeat once per source package.
 * Borrowed like vg_advdb_find()'s entries.  Reentrant.
 */
const struct vg_adv *vg_advdb_get(const struct vg_advdb *, struct vg_str id);

/* Counters of every load so far (see struct vg_advdb_stats). */
void	vg_advdb_stats(const struct vg_advdb *, struct vg_advdb_stats *);

/* "unknown", "negligible", "low", "medium", "high", "critical". */
const char	*vg_adv_sev_name(enum vg_adv_sev);

#endif /* ADVISORY_H */
