/*
 * inventory.h -- the installed packages of a host, from its package
 * manager's database or query output, and its OSV ecosystem.
 *
 * The vulnerability audit (vigil vuln) reads one inventory per host and
 * matches every installed binary package, through its source package and
 * source version, against advisories.  This module only parses: it takes
 * text already in memory and returns views into it, so it does no I/O,
 * allocates nothing per field and may run in a sandboxed child.  Four
 * formats, recognised by content or named by the caller:
 *
 *   dpkg-status  /var/lib/dpkg/status: deb822 stanzas.  Package, Version,
 *                Architecture, Status and Source are read; Source maps a
 *                binary package to its source package ("Source: foo")
 *                and, when it differs from the binary's version (binNMU
 *                "+bN" rebuilds, other epochs), the source version
 *                ("Source: foo (1.2-3)").
 *   dpkg-query   dpkg-query -W output, one package a line, tab-separated:
 *                the default ${binary:Package}\t${Version}, or with
 *                -f '${binary:Package}\t${Version}\t${Source}\t${Status}\n'
 *                (${Package} instead of ${binary:Package}, and
 *                ${db:Status-Abbrev} instead of ${Status}, work too; the
 *                third and fourth columns are optional).  The default
 *                format gives no source and no state: every line with a
 *                version counts as installed.
 *   rpm          rpm -qa output, one package a line: either
 *                --queryformat '%{NAME} %{EPOCHNUM}:%{VERSION}-%{RELEASE}
 *                %{ARCH} %{SOURCERPM}\n' (space-separated; the epoch part
 *                and ARCH and SOURCERPM are optional, %{EPOCH}'s "(none)"
 *                is accepted) or the plain NEVRA lines of rpm -qa and dnf,
 *                name-[epoch:]version-release[.arch], which name no source
 *                package.  gpg-pubkey entries are not packages: counted,
 *                not loaded.
 *   apk          Alpine's lib/apk/db/installed: records of "X:value"
 *                lines separated by blank lines; P (name), V (version), A
 *                (architecture) and o (origin: the source package) are
 *                read.
 *
 * Malformed records are reported through a callback with the file and
 * the line, counted and skipped; the rest loads.  See the comment above
 * vg_inventory_parse() for what "installed" means in each format.
 */
#ifndef INVENTORY_H
#define INVENTORY_H

#include "vg.h"
#include "vg_str.h"


/* Room for any ecosystem string vg_inventory_ecosystem() writes. */
#define VG_INV_ECOSYSTEM_MAX	64

enum vg_inv_format {
	VG_INV_AUTO = 0,	/* recognise from the content */
	VG_INV_DPKG_STATUS,
	VG_INV_DPKG_QUERY,
	VG_INV_RPM,
	VG_INV_APK,
	VG_INV_FORMAT_COUNT
};

/*
 * One installed binary package.  Every view points into the buffer given
 * to vg_inventory_parse(); none is NUL-terminated.  name and version are
 * never empty; source and source_version are the binary's own name and
 * version when the data names no other; arch is empty when unknown.
 * Every value is 1 to VG_MAX_PKG_FIELD printable ASCII bytes without
 * spaces (arch may be empty).
 */
struct vg_inv_pkg {
	struct vg_str	 pk_name;		/* binary package */
	struct vg_str	 pk_version;		/* [epoch:]version as installed */
	struct vg_str	 pk_source;		/* source package */
	struct vg_str	 pk_source_version;
	struct vg_str	 pk_arch;
	uint32_t	 pk_line;		/* 1-based line its record starts */
};

/*
 * What a parse saw besides the packages it loaded.  Every record of the
 * input is counted in exactly one of these.
 */
struct vg_inv_stats {
	size_t	st_packages;		/* loaded */
	size_t	st_config_files;	/* dpkg: removed, config files left */
	size_t	st_not_installed;	/* dpkg: purged but still listed */
	size_t	st_partial;		/* dpkg: unpacked, half-installed... */
	size_t	st_pseudo;		/* rpm: gpg-pubkey entries */
	size_t	st_malformed;		/* reported through warn, skipped */
};

struct vg_inventory;			/* opaque */

/*
 * Called once for each problem found, with d->src the file name given to
 * vg_inventory_parse(), d->line the 1-based line and d->msg the text
 * (control bytes replaced by '?').  `d' is valid only during the call.
 */
typedef void vg_inv_warn_fn(void *arg, const struct vg_diag *d);

/*
 * Parse the inventory text buf[0, len) in format `fmt' (VG_INV_AUTO:
 * recognised from the first non-blank line: "X:" is apk, a deb822 field
 * "Name: " is dpkg-status, a line with a tab is dpkg-query, anything else
 * rpm).  `file' names the input in messages only and is not kept.
 *
 * Installed means: for dpkg, Status state `installed', `triggers-pending'
 * or `triggers-awaited' (dpkg's own "configured" states) with error flag
 * `ok', whatever the selection (`install', and also `hold' and
 * `deinstall': the files of that version are on disk).  `config-files',
 * `not-installed', the partial states and `reinstreq' are counted in
 * *stats, not loaded.  For dpkg-query without a status column, a line
 * with an empty version is not installed.  Everything in an apk database
 * or an rpm list is installed.
 *
 * Problems that spoil one record (a line that is not a field, a missing
 * Package or Version, a bad Status or Source, a value too long or with
 * spaces or control bytes) are reported through `warn' (may be NULL) and
 * the record is skipped.  Input that does not end in a newline, or a
 * dpkg status file whose last stanza is not closed by a blank line, is
 * reported as possibly truncated; its last record still loads if valid.
 *
 * Returns 0 on success or a negative VG_ERR_* code, with *diag filled:
 * VG_ERR_LIMIT (more than VG_MAX_INVENTORY_BYTES, or more than
 * VG_MAX_INV_PACKAGES packages), VG_ERR_FORMAT (VG_INV_AUTO and the text
 * is empty or blank), VG_ERR_INVAL (`fmt' out of range), VG_ERR_NOMEM.
 * An empty text in an explicit format is an empty inventory.  On success
 * *invp owns the inventory; free it with vg_inventory_free().  Its views
 * point into `buf', which must outlive it and stay unchanged.  *invp is
 * NULL on any failure.  Reentrant; any process.
 */
int	vg_inventory_parse(const char *file,	/* for messages */
	    const char *buf, size_t len,	/* the inventory text */
	    enum vg_inv_format fmt,		/* or VG_INV_AUTO */
	    vg_inv_warn_fn *warn, void *warn_arg, /* may be NULL */
	    struct vg_inventory **invp,	/* OUT: on success */
	    struct vg_diag *diag);		/* OUT: on failure */

/* Release an inventory; NULL is a no-op.  Does not touch the text. */
void	vg_inventory_free(struct vg_inventory *);

/* Number of packages loaded, in input order. */
size_t	vg_inventory_count(const struct vg_inventory *);

/*
 * Package i (i < vg_inventory_count()).  Borrowed: valid until
 * vg_inventory_free() and while the parsed text lives.
 */
const struct vg_inv_pkg *vg_inventory_get(const struct vg_inventory *,
	    size_t i);

/* The format parsed: never VG_INV_AUTO, as AUTO resolves to one. */
enum vg_inv_format vg_inventory_format(const struct vg_inventory *);

/* Counters of the parse (see struct vg_inv_stats). */
void	vg_inventory_stats(const struct vg_inventory *,
	    struct vg_inv_stats *statsp);

/*
 * Short name of a format: "auto", "dpkg-status", "dpkg-query", "rpm",
 * "apk"; "?" when out of range.  Static storage.
 */
const char	*vg_inv_format_name(enum vg_inv_format);

/*
 * The OSV ecosystem of a host from the text of its os-release(5) file,
 * from ID and VERSION_ID (quoted or not; the last assignment wins):
 *
 *   debian      VERSION_ID "12"       -> "Debian:12"
 *   ubuntu      VERSION_ID "22.04"    -> "Ubuntu:22.04"
 *   alpine      VERSION_ID "3.19.1"   -> "Alpine:v3.19"
 *   almalinux   VERSION_ID "9.3"      -> "AlmaLinux:9"
 *   rocky       VERSION_ID "8.9"      -> "Rocky Linux:8"
 *   rhel        VERSION_ID "9.3"      -> "Red Hat:9"
 *
 * Writes the NUL-terminated string into out[0, outlen); out is "" on
 * failure when outlen > 0.  Returns 0 on success or a negative VG_ERR_*
 * code: VG_ERR_NOTFOUND (no ID, a distribution not listed above, or a
 * VERSION_ID missing or not of the form shown, as on Debian testing or
 * Alpine edge), VG_ERR_LIMIT (len > VG_MAX_OS_RELEASE_BYTES, or outlen too
 * small; VG_INV_ECOSYSTEM_MAX always suffices).  Reentrant; does no I/O.
 *
 * XXX OSV spells Ubuntu LTS releases "Ubuntu:22.04:LTS" and scopes Red
 * Hat by CPE ("Red Hat:enterprise_linux:9::baseos"); the advisory matcher
 * must map these forms, which are what issue 4 specifies.
 */
int	vg_inventory_ecosystem(const char *buf, size_t len, char *out,
	    size_t outlen);

#endif /* INVENTORY_H */
