/*
 * advisory_int.h -- shared by advisory.c and the format readers
 * (advisory_osv.c, advisory_debian.c, advisory_kev.c); private to the
 * advisory module.
 *
 * A reader walks one parsed JSON document and hands each advisory to
 * vg_advisory__adv_add() and each affected entry to
 * vg_advisory__affected_add().  Both copy what they are given into the
 * database's arena, so a reader may pass views into the jansson tree or
 * into scratch arrays of its own.  Problems go through
 * vg_advisory__warn(), which counts them.
 */
#ifndef ADVISORY_INT_H
#define ADVISORY_INT_H

#include "advisory.h"

#include <jansson.h>

/* One JSON document being loaded: a file, a zip member, a buffer. */
struct vg_advisory__doc {
	struct vg_advdb		*dc_db;
	const char		*dc_src;	/* "path" or "zip(member)" */
	vg_adv_warn_fn		*dc_warn;
	void			*dc_warn_arg;
	struct vg_str		 dc_file;	/* dc_src in the arena, or
						   empty until first needed */
	const char		*dc_text;	/* the whole text, for lines */
	size_t			 dc_len;
	bool			 dc_unknown_codename; /* reported once */
};

/* Report a problem of `doc' (line 0: unknown) and count it in st_bad. */
void	vg_advisory__warn(struct vg_advisory__doc *, unsigned long line,
	    const char *fmt, ...) VG_PRINTF(3, 4);

/* Copy `s' for a message: at most 64 bytes, control bytes as '?'. */
#define VG_ADVISORY__QUOTE_MAX	64
const char	*vg_advisory__quote(struct vg_str s, char *buf, size_t size);

/*
 * The status of the database, for readers: VG_ERR_LIMIT once it is full
 * (a reader then stops), else 0.
 */
int	vg_advisory__full(const struct vg_advdb *);

/* Counters readers bump directly. */
struct vg_advdb_stats *vg_advisory__stats(struct vg_advdb *);

/*
 * Add the advisory described by `tmpl' (views anywhere; adv_cves is
 * ignored and derived from the id and aliases; adv_file is set from the
 * document).  Aliases equal to the id or to an earlier alias are
 * dropped.  *advp is the database's copy.  When `unique_id' is set and
 * an advisory with that id was added with unique_id before, nothing is
 * added, st_duplicates counts it and *advp is NULL (OSV ids are unique;
 * the tracker has one advisory per package and CVE).  Counts st_records.
 * Returns 0 on success or VG_ERR_NOMEM or VG_ERR_LIMIT.
 */
int	vg_advisory__adv_add(struct vg_advisory__doc *,
	    const struct vg_adv *tmpl, bool unique_id,
	    const struct vg_adv **advp);

/*
 * Add and index one affected entry.  `tmpl' may point anywhere; its
 * ranges must be non-empty, its strings valid fields (see
 * vg_advisory__field_ok()).  Counts st_affected.  Returns 0 on success or
 * VG_ERR_NOMEM or VG_ERR_LIMIT.
 */
int	vg_advisory__affected_add(struct vg_advisory__doc *,
	    const struct vg_adv_affected *tmpl);

/*
 * Add one KEV entry (views anywhere).  A CVE already listed is not
 * added again; returns 1 then.  Otherwise 0, VG_ERR_NOMEM or
 * VG_ERR_LIMIT.
 */
int	vg_advisory__kev_add(struct vg_advisory__doc *,
	    const struct vg_kev *tmpl);

/*
 * True if `s' may be kept as an id, name, ecosystem or version: 1 to
 * VG_MAX_ADV_FIELD bytes, none a control byte.
 */
bool	vg_advisory__field_ok(struct vg_str s);

/* True for "CVE-" followed by a digit. */
bool	vg_advisory__is_cve(struct vg_str s);

/* The level a severity word names, VG_ADV_SEV_UNKNOWN when none. */
enum vg_adv_sev	vg_advisory__sev_parse(struct vg_str word);

/*
 * A one-line summary from `text': its first non-blank line, cut to
 * VG_MAX_ADV_SUMMARY bytes at a UTF-8 character boundary.  A view into
 * `text'; vg_advisory__adv_add() replaces control bytes when copying.
 */
struct vg_str	vg_advisory__summary(struct vg_str text);

/* JSON helpers: a string member as a view, VG_STR_NULL when not one. */
struct vg_str	vg_advisory__jstr(const json_t *obj, const char *key);
struct vg_str	vg_advisory__jview(const json_t *v);

/* The readers.  Each returns 0, VG_ERR_NOMEM or VG_ERR_LIMIT. */
int	vg_advisory__osv_record(struct vg_advisory__doc *, const json_t *rec,
	    const char *where);
int	vg_advisory__kev_doc(struct vg_advisory__doc *, const json_t *root);

/*
 * The Debian tracker: true if `pkg' (the value of a top-level member)
 * has the shape of a tracker package (an object whose first member is an
 * object with a `releases' member).
 */
bool	vg_advisory__debian_is_pkg(const json_t *pkg);

/*
 * Load one tracker package: `name' is its top-level key, `line' the line
 * where its value starts (for messages).
 */
int	vg_advisory__debian_pkg(struct vg_advisory__doc *, struct vg_str name,
	    const json_t *pkg, unsigned long line);

#endif /* ADVISORY_INT_H */
