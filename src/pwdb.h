/*
 * pwdb.h -- the breached-password index: Have I Been Pwned's Pwned
 * Passwords corpus (SHA-1 or NTLM hashes, each with the number of times
 * it was seen in breaches) in one compact file that is mapped, not
 * loaded.
 *
 * `vigil pw index' builds the file (vg_pwdb_build) from the forms HIBP
 * publishes it in: the single "ordered by hash" text file (HASH:COUNT
 * lines), a directory of range files named by 5-hex prefix (SUFFIX:COUNT
 * lines, what the official downloader writes), and plain password lists
 * hashed on the way in.  Hash sources are merged as streams, so memory
 * does not grow with the corpus; only plain lists are sorted in memory
 * (at most VG_MAX_PW_PLAIN passwords).  `vigil pw check' and the range
 * server map the file (vg_pwdb_open) read-only; every header field and
 * the prefix table are validated at open, so a hostile file is an error,
 * never a crash.  Lookups are one binary search in a bucket of about a
 * thousand entries and allocate nothing.
 *
 * The file format is described in docs/INTERNALS-pwdb.md and above the
 * constants in pwdb_int.h.  Nothing here ever writes a password, or a
 * line of a password list, to a message.
 */
#ifndef PWDB_H
#define PWDB_H

#include "vg.h"

/* The longest hash (SHA-1); NTLM hashes are 16 bytes. */
#define VG_PWDB_HASH_MAX	20

/* Range prefixes: 5 hex digits, 20 bits. */
#define VG_PWDB_PREFIX_BITS	20
#define VG_PWDB_PREFIXES	(1u << VG_PWDB_PREFIX_BITS)

/* Hex digits of a range suffix: 35 for SHA-1, 27 for NTLM. */
#define VG_PWDB_SUFFIX_HEX_MAX	35

enum vg_pwdb_kind {
	VG_PWDB_ANY = 0,	/* not decided: "whatever the sources hold" */
	VG_PWDB_SHA1,		/* SHA-1 of the UTF-8 password */
	VG_PWDB_NTLM,		/* MD4 of its UTF-16LE form */
};

struct vg_pwdb;				/* opaque: one mapped index */

/*
 * The problem of one input line, for the warn callbacks below: d->src is
 * the file (borrowed, valid during the call), d->line its 1-based line,
 * d->msg the text.  Messages never contain the line's bytes.
 */
typedef void vg_pwdb_warn_fn(void *arg, const struct vg_diag *d);

/* ------------------------------------------------------------ hashes */

/* Bytes of a hash of `kind' (20 or 16), or 0 for VG_PWDB_ANY. */
size_t	vg_pwdb_kind_hashlen(enum vg_pwdb_kind kind);

/* "SHA-1", "NTLM", or "any". */
const char *vg_pwdb_kind_name(enum vg_pwdb_kind kind);

/*
 * Hash the password pw[0, len) as HIBP does for `kind': SHA-1 of its
 * bytes, or NTLM, MD4 of its UTF-16LE form, which requires `pw' to be
 * valid UTF-8 (strict: no overlong forms, no surrogates, nothing above
 * U+10FFFF).  Any byte may occur, NUL included.  Writes
 * vg_pwdb_kind_hashlen(kind) bytes to `out'.  Every hashing context and
 * every scratch copy of the password is wiped with sodium_memzero()
 * before returning, whatever the result.  Returns 0 on success or a
 * negative VG_ERR_* code: VG_ERR_INVAL (invalid UTF-8 for NTLM, or
 * `kind' not SHA-1 or NTLM), VG_ERR_LIMIT (len > VG_MAX_PW_LINE); `out'
 * is then zeroed.  Reentrant; any process.
 */
int	vg_pwdb_hash_password(enum vg_pwdb_kind kind, const char *pw,
	    size_t len, uint8_t out[VG_PWDB_HASH_MAX]);

/*
 * Parse the hex digest s[0, len): 40 digits (SHA-1) or 32 (NTLM), either
 * case, nothing else.  Writes the bytes to `out' and the kind, told by
 * the length, to *kindp.  Returns 0 on success or VG_ERR_PARSE (another
 * length, a byte that is not a hex digit), with *kindp set to
 * VG_PWDB_ANY.  Reentrant.
 */
int	vg_pwdb_hash_parse(const char *s, size_t len,
	    uint8_t out[VG_PWDB_HASH_MAX], enum vg_pwdb_kind *kindp);

/*
 * Write hash[0, len) as upper-case hex and a NUL to `out', which must
 * have room for 2 * len + 1 bytes.
 */
void	vg_pwdb_hash_format(const uint8_t *hash, size_t len, char *out);

/* ------------------------------------------------------------- index */

/*
 * Map the index file `path' (read-only, MAP_PRIVATE) and validate it:
 * the header (magic, version, kind, record size, counts, the exact file
 * size), the prefix table (starts at 0, never decreases, ends at the
 * entry count) and the count overflow table (entry numbers increasing
 * and in range, counts above the inline range).  Records themselves are
 * checked only when read, and vg_pwdb_verify() checks them all.  Returns
 * 0 on success or a negative VG_ERR_* code with diag->msg set and
 * diag->src = path: VG_ERR_IO (open, stat, map, not a regular file),
 * VG_ERR_FORMAT (not an index, another version, or corrupt: the message
 * says which field), VG_ERR_NOMEM.  On success *dbp owns the mapping;
 * release it with vg_pwdb_close().  *dbp is NULL on failure.  Any
 * process that may open the file.
 */
int	vg_pwdb_open(const char *path, struct vg_pwdb **dbp,
	    struct vg_diag *diag);

/*
 * The same for an open descriptor (for a sandboxed process handed the
 * file by its parent); `name' is for messages and is not kept.  `fd' is
 * not closed and may be closed once this returns: the mapping stays.
 */
int	vg_pwdb_open_fd(int fd, const char *name, struct vg_pwdb **dbp,
	    struct vg_diag *diag);

/* Unmap and free an index; NULL is a no-op. */
void	vg_pwdb_close(struct vg_pwdb *db);

/* The kind of hashes the index holds: VG_PWDB_SHA1 or VG_PWDB_NTLM. */
enum vg_pwdb_kind vg_pwdb_kind(const struct vg_pwdb *db);

/* The number of distinct hashes in the index. */
uint64_t vg_pwdb_count(const struct vg_pwdb *db);

/* Bytes of the index file. */
uint64_t vg_pwdb_size(const struct vg_pwdb *db);

/*
 * Look up the full hash hash[0, hashlen) and set *countp to its breach
 * count, 0 when it is not in the index.  Returns 0 on success or a
 * negative VG_ERR_* code, with *countp 0: VG_ERR_INVAL (hashlen is not
 * the index kind's hash length), VG_ERR_FORMAT (the entry found is
 * corrupt: a count of 0, or an overflow count that is missing).  Binary
 * search in the hash's 20-bit bucket; allocates nothing; reentrant and
 * safe from any number of threads.
 */
int	vg_pwdb_lookup(const struct vg_pwdb *db, const uint8_t *hash,
	    size_t hashlen, uint32_t *countp);

/*
 * The entries of one 20-bit prefix (an HIBP range), for a server of
 * GET /range/{prefix}.  Filled by vg_pwdb_range(); read the fields,
 * do not set them.  Valid until the index is closed.
 */
struct vg_pwdb_range {
	const struct vg_pwdb	*rg_db;
	uint32_t		 rg_prefix;
	uint64_t		 rg_first;	/* entry of the first */
	size_t			 rg_count;	/* entries */
};

/*
 * Set *rp to the range of `prefix' (0 to VG_PWDB_PREFIXES - 1), in hash
 * order; an empty range has rg_count 0.  Returns 0 on success or
 * VG_ERR_INVAL (prefix out of range, *rp zeroed).  O(1).
 */
int	vg_pwdb_range(const struct vg_pwdb *db, uint32_t prefix,
	    struct vg_pwdb_range *rp);

/*
 * Entry `i' of a range: the full hash (prefix included) to
 * hash[0, vg_pwdb_kind_hashlen()) and its count to *countp.  Returns 0 on
 * success or a negative VG_ERR_* code: VG_ERR_INVAL (i >= rg_count),
 * VG_ERR_FORMAT (a corrupt count).
 */
int	vg_pwdb_range_entry(const struct vg_pwdb_range *rg, size_t i,
	    uint8_t hash[VG_PWDB_HASH_MAX], uint32_t *countp);

/*
 * The most bytes vg_pwdb_range_format() writes for `rg', NUL included:
 * rg_count lines of a suffix, a colon, up to 10 digits and a CRLF.
 */
size_t	vg_pwdb_range_body_max(const struct vg_pwdb_range *rg);

/*
 * Write the HIBP range body of `rg' to buf[0, size): one line per entry,
 * "SUFFIX:COUNT" with the suffix in upper-case hex (35 digits for SHA-1,
 * 27 for NTLM), lines separated by CRLF with none after the last, as
 * api.pwnedpasswords.com serves it without padding; then a NUL, not
 * counted in *lenp.  An empty range is an empty body.  Returns 0 on
 * success or a negative VG_ERR_* code, with *lenp 0: VG_ERR_LIMIT (size
 * too small; vg_pwdb_range_body_max() is always enough), VG_ERR_FORMAT
 * (a corrupt count).
 */
int	vg_pwdb_range_format(const struct vg_pwdb_range *rg, char *buf,
	    size_t size, size_t *lenp);

/*
 * Check every record of the index: sorted and distinct within each
 * bucket, the bits that belong to the prefix clear, every count valid
 * and every overflow entry used.  O(entries): seconds for the full
 * corpus.  Returns 0 on success or VG_ERR_FORMAT with diag->msg naming
 * the entry (diag->src as given to the open, diag->line 0).
 */
int	vg_pwdb_verify(const struct vg_pwdb *db, struct vg_diag *diag);

/* ------------------------------------------------------------- build */

/* One SRC of a build. */
struct vg_pwdb_src {
	const char	*ps_path;	/* a file or a range directory */
	bool		 ps_passwords;	/* a plain password list */
};

/*
 * What a build read and wrote.  Every line of every source is counted in
 * exactly one of bs_entries, bs_padding, bs_bad and bs_blank.
 */
struct vg_pwdb_build_stats {
	enum vg_pwdb_kind bs_kind;	/* of the index written */
	uint64_t	bs_lines;	/* lines read, all sources */
	uint64_t	bs_entries;	/* hashes read (passwords hashed) */
	uint64_t	bs_padding;	/* count 0 lines, ignored */
	uint64_t	bs_bad;		/* reported (warn) and skipped */
	uint64_t	bs_blank;	/* empty lines, ignored */
	uint64_t	bs_files;	/* files read (range files each) */
	uint64_t	bs_hashes;	/* distinct hashes written */
	uint64_t	bs_overflow;	/* of them with a count over 254 */
	uint64_t	bs_bytes;	/* size of the index */
};

/*
 * Build the index `out' from srcs[0, nsrcs).  A source with ps_passwords
 * is a plain list: one password per line (a final CR is dropped, empty
 * lines are ignored), hashed with the index's kind and counted by
 * occurrence.  Any other source is a hash source: a directory is read as
 * range files named by their 5-hex prefix ("00000" or "00000.txt", lines
 * SUFFIX:COUNT; other names are reported and ignored), a file named so
 * as one range file, any other file as HASH:COUNT lines.  Hash sources need no
 * option: SHA-1 (40 hex digits) or NTLM (32) is told by the length, CRLF
 * and LF both end lines, the last line may lack one, hex digits may be
 * either case; they must be sorted (as HIBP publishes them), and a
 * source's first line must parse, so that a password list given without
 * ps_passwords is refused before any of it is taken for hashes.
 *
 * `kind' is the kind requested for plain lists (--sha1/--ntlm), or
 * VG_PWDB_ANY: then plain lists take the kind of the hash sources, or
 * SHA-1 when there are none.  One index holds one kind: a hash source of
 * another kind than the others or than `kind' fails the build.
 * Duplicate hashes across sources are merged and their counts summed
 * (saturating at 4294967295); lines with count 0 (the API's padding) are
 * ignored.
 *
 * Bad lines (not HASH:COUNT, a hex digit missing, a count that is not a
 * number below 2^32, too long, or for plain lists too long or, for NTLM,
 * not UTF-8) are reported through `warn' (may be NULL) with file and line
 * and skipped.  The build fails with VG_ERR_PARSE and *diag naming the
 * file and line for: an unsorted or repeated hash, a bad last line
 * without a newline (a truncated download), mixed kinds, a bad first
 * line of a hash source, VG_MAX_PW_BAD_LINES bad lines in one hash
 * source, two range files of one prefix.  Other errors: VG_ERR_IO
 * (unreadable source, unwritable output; diag->msg has errno's text),
 * VG_ERR_LIMIT (more than VG_MAX_PW_SOURCES sources, VG_MAX_PW_PLAIN
 * passwords or VG_MAX_PW_HASHES hashes), VG_ERR_INVAL (no source, or
 * `kind' out of range), VG_ERR_NOMEM.
 *
 * The index is written to a temporary file beside `out' and renamed over
 * it only when complete, so `out' is either the old file or the whole
 * new one.  It is mode 0644, or 0600 when built from a plain list.
 * Memory: the prefix table (4 MiB), a buffer per source, and the hashes
 * of plain lists.  *stp (may be NULL) is filled on success.  Not
 * reentrant with respect to `out'; command line only (it writes files).
 */
int	vg_pwdb_build(const char *out,		/* the index */
	    const struct vg_pwdb_src *srcs, size_t nsrcs,
	    enum vg_pwdb_kind kind,		/* for plain lists */
	    vg_pwdb_warn_fn *warn, void *warn_arg, /* may be NULL */
	    struct vg_pwdb_build_stats *stp,	/* OUT: may be NULL */
	    struct vg_diag *diag);		/* OUT: on failure */

/* The layouts vg_pwdb_source_parse() reads. */
enum vg_pwdb_src_format {
	VG_PWDB_SRC_HASHES,	/* HASH:COUNT, the ordered-by-hash file */
	VG_PWDB_SRC_RANGE,	/* SUFFIX:COUNT, one range file */
	VG_PWDB_SRC_PASSWORDS,	/* one password a line */
};

/*
 * Called for each entry a source yields: the full hash and its count
 * (at least 1).  A non-zero return stops the parse and is returned.
 */
typedef int vg_pwdb_entry_fn(void *arg, const uint8_t *hash,
	    size_t hashlen, uint32_t count);

/*
 * Read the text buf[0, len) as the build reads one source in `fmt' (the
 * same code, minus the file I/O), calling `fn' for each entry in order:
 * for hash formats with the checks and messages vg_pwdb_build()
 * describes, for VG_PWDB_SRC_RANGE with `prefix' the range's prefix, for
 * passwords with each line's hash, count 1, unsorted.  *kindp is the
 * kind expected, or VG_PWDB_ANY to take the first line's; it is set to
 * the kind found.  `name' is for messages.  For fuzzing and tests.
 * Returns 0 on success or a negative VG_ERR_* code, the build's, or
 * what `fn' returned.
 */
int	vg_pwdb_source_parse(const char *name, const char *buf, size_t len,
	    enum vg_pwdb_src_format fmt,
	    uint32_t prefix,				/* for RANGE */
	    enum vg_pwdb_kind *kindp,			/* IN/OUT */
	    vg_pwdb_entry_fn *fn, void *arg,
	    vg_pwdb_warn_fn *warn, void *warn_arg,	/* may be NULL */
	    struct vg_diag *diag);			/* OUT: on failure */

#endif /* PWDB_H */
