/*
 * account.h -- leaked-account matching: which of the organization's
 * accounts appear in leaked credential lists, what leaked with them, and
 * the keyed digests the security centre sends to the units.
 *
 * `vigil accounts match' and `vigil accounts hash' (cli_accounts.c) are
 * front ends of this module.  It only parses and matches: it takes text
 * already in memory and does no I/O, so it may run in a sandboxed child.
 * Its parts, in the order a run uses them:
 *
 *   normalization  struct vg_account_norm: domain aliases (OLD=NEW) and
 *                  the organization's domains.  An identifier is trimmed,
 *                  lower-cased in ASCII only (bytes >= 0x80 are kept as
 *                  they are, so UTF-8 is never split), a trailing dot of
 *                  its domain is removed and an alias domain is replaced
 *                  by its canonical one.
 *   directory      struct vg_account_dir: the accounts from a CSV export
 *                  or an LDIF dump (account_dir.c), indexed by every
 *                  normalized identifier (mail, aliases, proxyAddresses,
 *                  otherMailbox, userPrincipalName) and by bare login
 *                  (sAMAccountName, uid).
 *   leak parser    struct vg_account_leak (account_leak.c): identifier
 *                  lists, combo lists (login:password, ';' or tab),
 *                  CSV with a header and keyed digest lists, fed in
 *                  chunks of any size, so that a list of any length
 *                  needs memory only for one line.  It hands each record
 *                  to a callback.  A password is hashed with SHA-1 the
 *                  moment its line is split and never leaves the parser
 *                  in clear: every copy the parser makes is wiped with
 *                  sodium_memzero(3).  Messages never quote a leak line.
 *   matcher        struct vg_account_match (account_match.c): one such
 *                  callback, looking each record up in the directory and
 *                  keeping per matched account what matched, where, and
 *                  which distinct password hashes; then the results with
 *                  their actions and severity, and their text in JSON
 *                  lines, a table or CSV.
 *   hasher         struct vg_account_hasher (account_hash.c): the other
 *                  callback, for the centre.  It sorts leaked identifiers
 *                  into units by domain (struct vg_account_units) and
 *                  turns each into HMAC-SHA256 under that unit's key, so
 *                  that a unit learns only which of its own identifiers
 *                  leaked.  See docs/ACCOUNTS.md for the scheme.
 *
 * Problems are reported through a callback with the file and the line,
 * counted and skipped; the rest loads.  Only limits, allocation failures
 * and inputs that cannot be read at all (a CSV without an identifier
 * column, a digest list without a key) stop a parse.
 */
#ifndef ACCOUNT_H
#define ACCOUNT_H

#include "vg.h"
#include "vg_str.h"

#define VG_ACCOUNT_KEY_LEN	32	/* HMAC-SHA256 keys */
#define VG_ACCOUNT_DIGEST_LEN	32	/* HMAC-SHA256 digests */
#define VG_ACCOUNT_SHA1_LEN	20	/* password hashes */

/*
 * Called once for each problem found, with d->src the file name given to
 * the parser, d->line the 1-based line (0 when the problem is not one
 * line's) and d->msg the text (control bytes replaced by '?').  `d' is
 * valid only during the call.  Messages about leak lines never contain
 * bytes of the line.
 */
typedef void vg_account_warn_fn(void *arg, const struct vg_diag *d);

/*
 * The breach-corpus hook: true when the password whose SHA-1 is `sha1'
 * is in the corpus, with *countp set to how often it was seen there (0
 * when the corpus does not say).  Must be reentrant with respect to the
 * matcher; called only from vg_account_match_finish().
 */
typedef bool vg_account_corpus_fn(void *arg,
	    const uint8_t sha1[VG_ACCOUNT_SHA1_LEN], uint32_t *countp);

/* ------------------------------------------------------- normalization */

struct vg_account_norm;			/* opaque */

/* A context with no alias and no organization domain; NULL on OOM. */
struct vg_account_norm *vg_account_norm_new(void);

/* Release a context; NULL is a no-op. */
void	vg_account_norm_free(struct vg_account_norm *);

/*
 * Map domain `spec' = "OLD=NEW" (both normalized as domains): OLD is
 * replaced by NEW in every identifier normalized afterwards.  Chains
 * are refused, so that normalizing twice changes nothing.  Returns 0 on
 * success or a negative VG_ERR_* code: VG_ERR_INVAL (no '=', an empty or
 * invalid side, OLD equal to NEW, OLD already mapped, NEW mapped itself
 * or OLD the target of another alias), VG_ERR_NOMEM.  The text is
 * copied.
 */
int	vg_account_norm_alias(struct vg_account_norm *, const char *spec);

/*
 * Declare one of the organization's own domains: a leaked
 * "login@DOMAIN" then also matches an account whose sAMAccountName or
 * uid is `login'.  Returns 0 on success or a negative VG_ERR_* code:
 * VG_ERR_INVAL (not a domain), VG_ERR_NOMEM.  The text is copied.
 */
int	vg_account_norm_org_domain(struct vg_account_norm *,
	    const char *domain);

/*
 * The organization domains declared so far, normalized, in the order
 * given; *np is their number.  Borrowed: valid until the next change or
 * vg_account_norm_free().
 */
const char *const *vg_account_norm_org_domains(
	    const struct vg_account_norm *, size_t *np);

/*
 * Normalize identifier `in' (see the file comment) into out[0, outsz)
 * as a NUL-terminated string, with *lenp its length.  `norm' may be
 * NULL (no alias).  Returns 0 on success or a negative VG_ERR_* code:
 * VG_ERR_INVAL when the trimmed text is empty, holds a space, a control
 * byte or DEL, more than one '@', or an '@' with an empty side;
 * VG_ERR_LIMIT when it is longer than VG_MAX_ACCOUNT_ID or than outsz-1.
 * Reentrant.
 */
int	vg_account_normalize(const struct vg_account_norm *, struct vg_str in,
	    char *out, size_t outsz, size_t *lenp);

/* ----------------------------------------------------------- directory */

enum vg_account_dir_format {
	VG_ACCOUNT_DIR_AUTO = 0,	/* recognise from the content */
	VG_ACCOUNT_DIR_CSV,
	VG_ACCOUNT_DIR_LDIF,
	VG_ACCOUNT_DIR_FORMAT_COUNT
};

/* What an identifier of an account is; the order is the report's. */
enum vg_account_ident_kind {
	VG_ACCOUNT_ID_MAIL = 0,		/* mail */
	VG_ACCOUNT_ID_UPN,		/* userPrincipalName */
	VG_ACCOUNT_ID_ALIAS,		/* aliases, proxyAddresses... */
	VG_ACCOUNT_ID_LOGIN,		/* sAMAccountName, uid: no domain */
};

struct vg_account_ident {
	const char	*ai_value;	/* normalized, NUL-terminated */
	uint8_t		 ai_kind;	/* enum vg_account_ident_kind */
};

/*
 * One account of the directory.  Every string is NUL-terminated, owned
 * by the directory and valid until vg_account_dir_free().  ac_id is the
 * primary identifier: mail, else userPrincipalName, else sAMAccountName
 * or uid; it is also ac_idents[0].  ac_unit and ac_name are "" when the
 * directory does not give them.  ac_name is the displayName as written
 * (not normalized; bytes below 0x20 replaced by '?').
 */
struct vg_account {
	const char			*ac_id;
	const char			*ac_unit;
	const char			*ac_name;
	const struct vg_account_ident	*ac_idents;
	uint16_t			 ac_nidents;
	const char			*ac_file;	/* the directory file */
	unsigned long			 ac_line;	/* its record's first */
};

struct vg_account_dir_stats {
	size_t	st_accounts;		/* loaded */
	size_t	st_records;		/* every record of the input */
	size_t	st_malformed;		/* reported, skipped */
	size_t	st_duplicates;		/* a primary id seen before: skipped */
	size_t	st_shared;		/* identifiers of two accounts */
};

struct vg_account_dir;			/* opaque */

/*
 * A new empty directory that normalizes with `norm' (borrowed: it must
 * outlive the directory, and gain no alias after the first parse).
 * Returns NULL on OOM.
 */
struct vg_account_dir *vg_account_dir_new(const struct vg_account_norm *norm);

/* Release a directory; NULL is a no-op. */
void	vg_account_dir_free(struct vg_account_dir *);

/*
 * Add the accounts of directory text buf[0, len) in format `fmt'
 * (VG_ACCOUNT_DIR_AUTO: LDIF when the first line that is neither blank
 * nor a comment starts with "dn:" or "version:", else CSV).  May be
 * called several times to merge directories; `file' names the input in
 * messages and results and is copied.
 *
 * CSV: a header line names the columns, case-insensitively: mail,
 * aliases (several, separated by ';', ',' or spaces; "smtp:" prefixes
 * are dropped and other address types such as "x500:" skipped),
 * proxyAddresses (the same), userPrincipalName, sAMAccountName, uid,
 * unit (or ou), displayName; other columns are ignored.  The delimiter
 * is ',' ';' or tab, whichever names the most known columns.  Fields
 * follow RFC 4180 on one physical line.  LDIF (RFC 2849): records of
 * "attr: value" lines separated by blank lines, "attr:: base64",
 * continuation lines starting with one space, '#' comments; the
 * attributes read are mail, proxyAddresses, otherMailbox,
 * userPrincipalName, sAMAccountName, uid, ou and displayName, and the
 * unit is ou, else the first OU of the dn that is not a generic
 * container name (Users, People, Accounts, Staff, ...), else the first
 * OU.
 *
 * A record with no identifier, with a bad value (a line that is no
 * attribute, bad base64, an identifier that does not normalize) or whose
 * primary identifier an earlier record had is reported through `warn'
 * (may be NULL) and skipped or, for a bad secondary value, loaded
 * without it.  An identifier shared by two accounts is reported and
 * kept for both.
 *
 * Returns 0 on success or a negative VG_ERR_* code, with *diag filled:
 * VG_ERR_LIMIT (len > VG_MAX_ACCOUNT_DIR_BYTES, or more than
 * VG_MAX_ACCOUNTS accounts in the directory), VG_ERR_FORMAT (a CSV
 * header with no identifier column), VG_ERR_INVAL (`fmt' out of range),
 * VG_ERR_NOMEM.  Accounts of the records before a failure stay loaded.
 * Nothing points into `buf' afterwards.  Not reentrant on one directory.
 */
int	vg_account_dir_parse(struct vg_account_dir *,
	    const char *file,			/* for messages */
	    const char *buf, size_t len,	/* the directory text */
	    enum vg_account_dir_format fmt,	/* or VG_ACCOUNT_DIR_AUTO */
	    vg_account_warn_fn *warn, void *warn_arg, /* may be NULL */
	    struct vg_diag *diag);		/* OUT: on failure */

/* Number of accounts, in input order. */
size_t	vg_account_dir_count(const struct vg_account_dir *);

/* Account i (i < count).  Borrowed: valid until vg_account_dir_free(). */
const struct vg_account *vg_account_dir_get(const struct vg_account_dir *,
	    size_t i);

/* The counters of every parse so far. */
void	vg_account_dir_stats(const struct vg_account_dir *,
	    struct vg_account_dir_stats *statsp);

/*
 * The accounts that leaked identifier `ident' (normalized here, with the
 * directory's context) names, as a matcher sees it: a mail, alias or
 * UPN equal to it, a bare login equal to it when it has no '@', and a
 * bare login equal to its local part when its domain is an organization
 * domain.  Writes at most `max' account indexes into idxs; returns how
 * many accounts match (possibly more than max), 0 when `ident' does not
 * normalize.  Reentrant.
 */
size_t	vg_account_dir_find(const struct vg_account_dir *, struct vg_str ident,
	    size_t *idxs, size_t max);

/* ---------------------------------------------------------- leak lists */

enum vg_account_leak_format {
	VG_ACCOUNT_LEAK_AUTO = 0,	/* recognise from the first lines */
	VG_ACCOUNT_LEAK_LINES,		/* identifiers and combos */
	VG_ACCOUNT_LEAK_CSV,
	VG_ACCOUNT_LEAK_HMAC,		/* keyed digests */
	VG_ACCOUNT_LEAK_FORMAT_COUNT
};

/*
 * One leaked record, handed to the record callback.  For identifier
 * lists, combo lists and CSV, lr_id is the normalized identifier; for
 * digest lists lr_digest is the digest and lr_id is empty.  lr_password
 * says a non-empty password leaked with it; lr_has_sha1 that its SHA-1
 * is in lr_sha1 (digest lists carry only the flag).  Every pointer is
 * valid only during the call.
 */
struct vg_account_leak_rec {
	const char	*lr_file;	/* the list, as given to _leak_new */
	unsigned long	 lr_line;
	struct vg_str	 lr_id;
	bool		 lr_is_digest;
	uint8_t		 lr_digest[VG_ACCOUNT_DIGEST_LEN];
	const char	*lr_unit;	/* digests: header's unit, or NULL */
	bool		 lr_password;
	bool		 lr_has_sha1;
	uint8_t		 lr_sha1[VG_ACCOUNT_SHA1_LEN];
};

/*
 * The record callback.  Returns 0 to go on, or a negative VG_ERR_* code
 * to stop the parse, with diag->msg set (the parser fills src and line).
 */
typedef int vg_account_rec_fn(void *arg, const struct vg_account_leak_rec *,
	    struct vg_diag *diag);

struct vg_account_leak_stats {
	unsigned long	st_lines;	/* every line, blank and comment too */
	unsigned long	st_records;	/* handed to the callback */
	unsigned long	st_passwords;	/* records with a password */
	unsigned long	st_malformed;	/* reported, skipped */
	uint64_t	st_bytes;	/* fed */
	enum vg_account_leak_format st_format;	/* AUTO until recognised */
};

struct vg_account_leak;			/* opaque */

/*
 * Start parsing a leaked list named `file' (copied; it names the list
 * in messages and records) in format `fmt'.  Records go to `rec' with
 * `rec_arg'; problems to `warn' (may be NULL).  `norm' (borrowed, may be
 * NULL) normalizes identifiers.
 *
 * Recognition (VG_ACCOUNT_LEAK_AUTO), on the first line that is neither
 * blank nor a comment: a "# vigil-hmac v1" header before it, or a line
 * of 64 hex digits, is a digest list; a line that splits at ',', ';' or
 * tab into columns one of which is email, mail, login, username, user
 * or account and another a known column name (password, name, ...) is a
 * CSV header (for ',' the identifier column alone suffices); anything
 * else is an identifier or combo list.  In that last format a line
 * splits at its first ':', ';' or tab into login and password (the
 * password may hold any of them); a line without one is an identifier,
 * and " #" starts a comment in it.  In CSV the password column is
 * password, pass, passwd or pwd.  A digest line is 64 hex digits,
 * optionally followed by whitespace and "p" (a password leaked with it).
 *
 * Returns 0 on success or a negative VG_ERR_* code: VG_ERR_INVAL (`fmt'
 * out of range), VG_ERR_NOMEM.  On success *leakp owns the parser;
 * release it with vg_account_leak_free().
 */
int	vg_account_leak_new(const char *file,
	    enum vg_account_leak_format fmt,
	    const struct vg_account_norm *norm,	/* may be NULL */
	    vg_account_rec_fn *rec, void *rec_arg,
	    vg_account_warn_fn *warn, void *warn_arg, /* may be NULL */
	    struct vg_account_leak **leakp);	/* OUT */

/*
 * Feed the next `len' bytes of the list (chunks may split lines
 * anywhere).  The parser copies at most one partial line, which it
 * wipes once used; the caller should wipe its own buffer after the call
 * (it may hold passwords).  Returns 0 on success or a negative VG_ERR_*
 * code, with *diag filled (src and line): VG_ERR_LIMIT (more than
 * VG_MAX_ACCOUNT_LEAK_BYTES in all), VG_ERR_FORMAT (a CSV header without
 * an identifier column), VG_ERR_NOMEM, or the record callback's code.
 * After a failure the parser accepts nothing more but _stats and _free.
 */
int	vg_account_leak_feed(struct vg_account_leak *, const char *buf,
	    size_t len, struct vg_diag *diag);

/*
 * End the list: parse a last line without a newline.  Returns as
 * vg_account_leak_feed().
 */
int	vg_account_leak_end(struct vg_account_leak *, struct vg_diag *diag);

/* The counters so far. */
void	vg_account_leak_stats(const struct vg_account_leak *,
	    struct vg_account_leak_stats *statsp);

/* Release a parser, wiping its buffers; NULL is a no-op. */
void	vg_account_leak_free(struct vg_account_leak *);

/* Short name of a format: "auto", "lines", "csv", "hmac"; "?" if bad. */
const char *vg_account_leak_format_name(enum vg_account_leak_format);

/* ------------------------------------------------------------- matcher */

#define VG_ACCOUNT_ACT_RESET_PASSWORD	0x01
#define VG_ACCOUNT_ACT_REVOKE_SESSIONS	0x02
#define VG_ACCOUNT_ACT_CHECK_MFA	0x04
#define VG_ACCOUNT_ACT_NOTIFY_USER	0x08

/*
 * How urgent a matched account is (docs/ACCOUNTS.md):
 *   low       identifier only, in one list;
 *   medium    identifier only, in two lists or more;
 *   high      a password leaked with it;
 *   critical  a leaked password is in the breach corpus, or several
 *             distinct passwords leaked (credential stuffing will try
 *             them all).
 */
enum vg_account_severity {
	VG_ACCOUNT_SEV_LOW = 1,
	VG_ACCOUNT_SEV_MEDIUM,
	VG_ACCOUNT_SEV_HIGH,
	VG_ACCOUNT_SEV_CRITICAL,
};

enum vg_account_breach {
	VG_ACCOUNT_BREACH_UNKNOWN = 0,	/* no corpus, or no password hash */
	VG_ACCOUNT_BREACH_NO,
	VG_ACCOUNT_BREACH_YES,
};

/* Where an account was seen: a list and a line of it. */
struct vg_account_source {
	const char	*so_file;
	unsigned long	 so_line;
};

/*
 * One matched account.  Every pointer is owned by the matcher and valid
 * until vg_account_match_free().  rs_matched lists the identifiers that
 * matched (for digest lists, the directory's identifier whose digest
 * matched), in first-seen order; rs_sources the first
 * VG_MAX_ACCOUNT_SOURCES sightings, with rs_seen the count of all;
 * rs_password_count the distinct password hashes seen (a digest list's
 * "p" flag sets rs_password without adding to it), capped at
 * VG_MAX_ACCOUNT_PASSWORDS.
 */
struct vg_account_result {
	const struct vg_account		 *rs_account;
	const char *const		 *rs_matched;
	size_t				  rs_nmatched;
	const struct vg_account_source	 *rs_sources;
	size_t				  rs_nsources;
	unsigned long			  rs_seen;
	unsigned			  rs_nlists;	/* distinct lists */
	bool				  rs_password;
	enum vg_account_breach		  rs_breached;
	uint32_t			  rs_password_count;
	unsigned			  rs_actions;	/* VG_ACCOUNT_ACT_* */
	enum vg_account_severity	  rs_severity;
};

struct vg_account_match;		/* opaque */

/*
 * A matcher over `dir' (borrowed: it must outlive the matcher).  Returns
 * 0 on success or a negative VG_ERR_* code (VG_ERR_NOMEM); *matchp owns
 * the matcher.
 */
int	vg_account_match_new(const struct vg_account_dir *dir,
	    struct vg_account_match **matchp);

/*
 * Release a matcher, wiping the password hashes it kept; NULL is a
 * no-op.
 */
void	vg_account_match_free(struct vg_account_match *);

/*
 * Set the unit key that digest lists are matched with (copied, wiped on
 * free), and the unit it belongs to (copied; NULL when unknown, "" for a
 * master key).  Must precede the first digest record.  Returns 0 or
 * VG_ERR_NOMEM.
 */
int	vg_account_match_key(struct vg_account_match *,
	    const uint8_t key[VG_ACCOUNT_KEY_LEN], const char *unit);

/* Set the breach-corpus hook (NULL: password_breached stays unknown). */
void	vg_account_match_corpus(struct vg_account_match *,
	    vg_account_corpus_fn *fn, void *arg);

/*
 * The record callback of the matcher: pass it with the matcher as
 * `rec_arg' to vg_account_leak_new().  Errors: VG_ERR_INVAL for a digest
 * record when no key was set or the list's unit is not the key's,
 * VG_ERR_NOMEM, VG_ERR_LIMIT (after vg_account_match_finish()).
 */
int	vg_account_match_rec(void *match, const struct vg_account_leak_rec *,
	    struct vg_diag *diag);

/*
 * Parse list buf[0, len) with a parser of its own and match it: for
 * lists already in memory (tests, fuzzing).  `stats' may be NULL.
 * Returns as vg_account_leak_feed().
 */
int	vg_account_match_buf(struct vg_account_match *, const char *file,
	    const char *buf, size_t len, enum vg_account_leak_format fmt,
	    vg_account_warn_fn *warn, void *warn_arg,
	    struct vg_account_leak_stats *stats, struct vg_diag *diag);

/*
 * End matching: ask the corpus hook about every kept password hash,
 * decide actions and severity, and sort the results by severity (most
 * urgent first), unit and identifier.  Later records are refused.
 * Returns 0 on success or VG_ERR_NOMEM.
 */
int	vg_account_match_finish(struct vg_account_match *);

/* Number of matched accounts (after _finish). */
size_t	vg_account_match_count(const struct vg_account_match *);

/* Result i (i < count), filled into *resp; borrowed as described. */
void	vg_account_match_result(const struct vg_account_match *, size_t i,
	    struct vg_account_result *resp);

enum vg_account_outfmt {
	VG_ACCOUNT_OUT_JSONL = 0,
	VG_ACCOUNT_OUT_TABLE,
	VG_ACCOUNT_OUT_CSV,
};

/*
 * The header line of a table or CSV report (with its newline); "" for
 * JSON lines.  Static storage.
 */
const char *vg_account_out_header(enum vg_account_outfmt);

/*
 * The text of one result in `fmt', one line with its newline, into a
 * malloc'd NUL-terminated *textp (free(3) it) of *lenp bytes.  JSON
 * lines have the fields account.{id,unit,name,matched},
 * leak.{sources,source_count,lists,password,password_breached,
 * password_count}, actions and severity; CSV cells that a spreadsheet
 * would read as a formula are prefixed with "'".  Returns 0 on success
 * or VG_ERR_NOMEM, VG_ERR_LIMIT (longer than 1 MiB, impossible within
 * the limits), VG_ERR_INVAL (`fmt' out of range).
 */
int	vg_account_result_format(const struct vg_account_result *,
	    enum vg_account_outfmt fmt, char **textp, size_t *lenp);

/* "reset_password", ... for one VG_ACCOUNT_ACT_* bit; "?" otherwise. */
const char *vg_account_action_name(unsigned act);

/* "low", "medium", "high", "critical"; "?" otherwise. */
const char *vg_account_severity_name(enum vg_account_severity);

/* -------------------------------------------------------------- keys */

/*
 * The key of unit `unit' derived from the master key:
 * HMAC-SHA256(master, "vigil accounts unit v1\0" || unit).  Writes
 * `out'.  Reentrant.
 */
void	vg_account_unit_key(const uint8_t master[VG_ACCOUNT_KEY_LEN],
	    const char *unit, uint8_t out[VG_ACCOUNT_KEY_LEN]);

/*
 * The digest of normalized identifier `ident' under `key':
 * HMAC-SHA256(key, ident).  Reentrant.
 */
void	vg_account_digest(const uint8_t key[VG_ACCOUNT_KEY_LEN],
	    struct vg_str ident, uint8_t out[VG_ACCOUNT_DIGEST_LEN]);

/*
 * True if `name' may name a unit: 1 to VG_MAX_ACCOUNT_UNIT bytes of
 * letters, digits, '.', '_' and '-', not starting with '.' or '_' (the
 * "_all" and "_unassigned" files are the hasher's own).
 */
bool	vg_account_unit_name_ok(const char *name);

/*
 * Parse a key file's text: optional '#' comment lines, of which
 * "# vigil-key v1 unit=NAME" names the unit of a derived key and
 * "# vigil-key v1 master" a master key, then 64 hex digits (and
 * whitespace); or exactly 32 raw bytes.  Writes the key into `key' and
 * the unit into unit[0, unitsz): "" for a master key, "?" when the file
 * does not say.  Returns 0 on success or a negative VG_ERR_* code with
 * diag->msg set: VG_ERR_PARSE (neither form), VG_ERR_LIMIT (len >
 * VG_MAX_ACCOUNT_KEY_FILE).  Wipes its own copies.  Reentrant.
 */
int	vg_account_key_parse(const char *buf, size_t len,
	    uint8_t key[VG_ACCOUNT_KEY_LEN], char *unit, size_t unitsz,
	    struct vg_diag *diag);

/*
 * The text of a key file for `key': its comment line (master when unit
 * is NULL) and its hex digits.  Writes a NUL-terminated string into
 * out[0, outsz); returns 0, or VG_ERR_LIMIT when outsz is too small
 * (VG_ACCOUNT_KEY_TEXT_MAX always suffices).
 */
#define VG_ACCOUNT_KEY_TEXT_MAX	(128 + VG_MAX_ACCOUNT_UNIT)
int	vg_account_key_format(const uint8_t key[VG_ACCOUNT_KEY_LEN],
	    const char *unit, char *out, size_t outsz);

/* -------------------------------------------------- the centre's side */

struct vg_account_units;		/* opaque */

/*
 * Parse a unit-domains file: lines "UNIT DOMAIN..." (spaces or tabs),
 * '#' comments.  A domain may belong to several units; a unit may have
 * several lines.  Bad unit names and bad domains are reported through
 * `warn' with their line and skipped.  Returns 0 on success or a
 * negative VG_ERR_* code with *diag filled: VG_ERR_LIMIT (len >
 * VG_MAX_ACCOUNT_UNITS_BYTES or more than VG_MAX_ACCOUNT_UNITS units),
 * VG_ERR_FORMAT (no unit at all), VG_ERR_NOMEM.  `norm' (may be NULL)
 * maps alias domains.  On success *unitsp owns the map.
 */
int	vg_account_units_parse(const char *file, const char *buf, size_t len,
	    const struct vg_account_norm *norm,
	    vg_account_warn_fn *warn, void *warn_arg,
	    struct vg_account_units **unitsp, struct vg_diag *diag);

void	vg_account_units_free(struct vg_account_units *);

/* Number of units, and unit i's name (borrowed, in first-seen order). */
size_t	vg_account_units_count(const struct vg_account_units *);
const char *vg_account_units_name(const struct vg_account_units *, size_t i);

struct vg_account_hasher;		/* opaque */

/*
 * A hasher under master key `master' (copied; unit keys are derived at
 * once and everything is wiped on free).  With `units' (borrowed, must
 * outlive the hasher) each identifier goes to every unit owning its
 * domain, keyed with that unit's key, and identifiers of no unit are
 * kept, under the master key, in file "_unassigned" only if
 * `keep_unassigned'; without `units' everything goes to file "_all"
 * under the master key.  Returns 0 on success or VG_ERR_NOMEM.
 */
int	vg_account_hasher_new(const uint8_t master[VG_ACCOUNT_KEY_LEN],
	    const struct vg_account_units *units, bool keep_unassigned,
	    struct vg_account_hasher **hasherp);

void	vg_account_hasher_free(struct vg_account_hasher *);

/*
 * The record callback of the hasher (rec_arg: the hasher).  Errors:
 * VG_ERR_INVAL for a digest record (digests cannot be re-keyed),
 * VG_ERR_LIMIT past VG_MAX_ACCOUNT_DIGESTS, VG_ERR_NOMEM.
 */
int	vg_account_hasher_rec(void *hasher, const struct vg_account_leak_rec *,
	    struct vg_diag *diag);

/*
 * The files to write: every unit of the map (even with no digest, so
 * that a unit learns that nothing of its leaked), then "_unassigned" if
 * kept; or only "_all".
 */
size_t	vg_account_hasher_nfiles(const struct vg_account_hasher *);

/*
 * File i: its unit name (borrowed; the file is UNIT.hmac) and its text
 * in a malloc'd *textp of *lenp bytes (free(3) it): the line
 * "# vigil-hmac v1 unit=NAME", then one line per distinct digest in
 * ascending order, 64 lowercase hex digits followed by " p" when a
 * password leaked with that identifier in any list.  *countp is the
 * number of digests.  Returns 0 on success or VG_ERR_NOMEM.
 */
int	vg_account_hasher_file(struct vg_account_hasher *, size_t i,
	    const char **unitp, char **textp, size_t *lenp, size_t *countp);

/* Identifiers seen that no unit owns (whether kept or not). */
unsigned long vg_account_hasher_unassigned(const struct vg_account_hasher *);

#endif /* ACCOUNT_H */
