/*
 * pwaudit.h -- the audit of a directory's NT hashes: which accounts have
 * a password found in the breach corpus, which accounts share one
 * password, which have an empty password or still store an LM hash.
 *
 * `vigil pw audit' (cli_pw_audit.c) is the front end.  This module only
 * parses and groups: it takes dump text already in memory and does no
 * I/O, so it may run in a sandboxed child and is what the fuzzer drives.
 *
 * The input is the pwdump format, as secretsdump (impacket) and pwdump
 * write it, one account a line:
 *
 *	[DOMAIN\]user:rid:lmhash:nthash:::[ (status=Enabled)]...
 *
 * LM hashes of aad3b435b51404eeaad3b435b51404ee (the LM hash of "", what
 * Windows stores when it stores none), 32 zeros or "NO PASSWORD" and 21
 * asterisks mean "no LM hash".  Also read and skipped, without a
 * warning: impacket's log lines ("[*] ..."), the secretsdump banner,
 * Kerberos key and CLEARTEXT lines of a capture of secretsdump's whole
 * output, and the `user_historyN' lines of -history (an account's old
 * hashes, right after the account).  Machine accounts (a name ending in
 * '$') are skipped unless VG_PWAUDIT_MACHINES.  Anything else that does
 * not parse is reported through the warn callback with the file and the
 * line, counted and skipped; the rest of the dump loads.
 *
 * NT hashes are password-equivalent (pass-the-hash), so they are kept
 * in one array allocated with sodium_malloc(3) (locked, guard pages),
 * used only to group accounts and to ask the corpus, and wiped when
 * vg_pwaudit_finish() is done with them.  No output of this module and
 * no message ever contains a hash or a byte of a line that did not
 * parse.  Groups of accounts that share a password are numbered 1, 2,
 * ... in the order of their first account in the input, so a group id
 * says nothing about the hash.
 */
#ifndef PWAUDIT_H
#define PWAUDIT_H

#include "vg.h"

#define VG_PWAUDIT_NT_LEN	16	/* bytes of an NT hash */

/* Flags of vg_pwaudit_new(). */
#define VG_PWAUDIT_MACHINES	0x01	/* audit machine accounts too */

/* Actions, a bit set; the report lists them in this order. */
#define VG_PWAUDIT_ACT_RESET_PASSWORD	0x01
#define VG_PWAUDIT_ACT_CHECK_MFA	0x02
#define VG_PWAUDIT_ACT_DISABLE_LM	0x04	/* NoLMHash, then reset */

/*
 * Severity of one account:
 *   none      nothing found;
 *   high      an LM hash is stored, or the password is shared with
 *             another account (one cracked or phished password opens
 *             them all);
 *   critical  the password is empty or in the breach corpus.
 */
enum vg_pwaudit_severity {
	VG_PWAUDIT_SEV_NONE = 0,
	VG_PWAUDIT_SEV_HIGH,
	VG_PWAUDIT_SEV_CRITICAL,
};

/* impacket's -user-status suffix, when the line has one. */
enum vg_pwaudit_status {
	VG_PWAUDIT_STATUS_UNKNOWN = 0,
	VG_PWAUDIT_STATUS_ENABLED,
	VG_PWAUDIT_STATUS_DISABLED,
};

/*
 * One audited account.  Strings are NUL-terminated, owned by the audit
 * and valid until vg_pwaudit_free().  pa_domain is NULL when the line
 * names no domain.  pa_group is 0 when no other account has the same
 * NT hash, else the group's number (1 for the group whose first account
 * comes first in the input); pa_shared_with is the number of other
 * accounts in the group.
 */
struct vg_pwaudit_account {
	const char		*pa_name;
	const char		*pa_domain;	/* or NULL */
	const char		*pa_file;	/* the dump */
	unsigned long		 pa_line;
	uint32_t		 pa_rid;
	enum vg_pwaudit_status	 pa_status;
	bool			 pa_machine;	/* name ends in '$' */
	bool			 pa_empty;	/* NT hash of "" */
	bool			 pa_lm_present;
	bool			 pa_breached;
	uint32_t		 pa_breach_count;
	uint32_t		 pa_shared_with;
	uint32_t		 pa_group;
	unsigned		 pa_actions;	/* VG_PWAUDIT_ACT_* */
	enum vg_pwaudit_severity pa_severity;
};

/*
 * What the audit read and found.  Every line of every dump is counted
 * in exactly one of st_blank, st_other, st_history, st_machines (when
 * skipped), st_nohash, st_bad, st_duplicates and st_accounts.
 */
struct vg_pwaudit_stats {
	uint64_t	st_lines;	/* all dumps */
	uint64_t	st_blank;	/* empty lines, '#' comments */
	uint64_t	st_other;	/* impacket log, Kerberos, CLEARTEXT */
	uint64_t	st_history;	/* user_historyN lines */
	uint64_t	st_machines;	/* machine accounts skipped */
	uint64_t	st_nohash;	/* "NO PASSWORD" as the NT hash */
	uint64_t	st_bad;		/* reported, skipped */
	uint64_t	st_duplicates;	/* an account again: skipped */
	uint64_t	st_accounts;	/* audited */
	/* After vg_pwaudit_finish(): */
	uint64_t	st_breached;
	uint64_t	st_empty;
	uint64_t	st_lm;
	uint64_t	st_grouped;	/* accounts in a group */
	uint64_t	st_groups;
};

/*
 * The problem of one dump line: d->src is the dump (borrowed, valid
 * during the call), d->line its 1-based line, d->msg the text, never a
 * byte of the line.
 */
typedef void vg_pwaudit_warn_fn(void *arg, const struct vg_diag *d);

/*
 * The breach corpus: set *countp to the number of times the password
 * whose NT hash is `nt' was seen in breaches, 0 when it was not.
 * Return 0, or a negative VG_ERR_* code that stops vg_pwaudit_finish().
 * Called once per distinct hash.
 */
typedef int vg_pwaudit_corpus_fn(void *arg,
	    const uint8_t nt[VG_PWAUDIT_NT_LEN], uint32_t *countp);

struct vg_pwaudit;			/* opaque */

/*
 * A new empty audit; `flags' is 0 or VG_PWAUDIT_MACHINES.  Calls
 * sodium_init().  Returns NULL when out of memory or when libsodium
 * cannot be initialised.
 */
struct vg_pwaudit *vg_pwaudit_new(unsigned flags);

/* Wipe every hash still held and release the audit; NULL is a no-op. */
void	vg_pwaudit_free(struct vg_pwaudit *a);

/*
 * Read the dump text buf[0, len) (any bytes; it need not end in a
 * newline or a NUL; CRLF and LF both end lines) and add its accounts.
 * `file' names it in messages and results and is copied.  May be called
 * for several dumps (several domains) before vg_pwaudit_finish(); an
 * account already read (the same domain and name, ignoring ASCII case)
 * is reported and skipped.  The caller may wipe `buf' as soon as this
 * returns: nothing here points into it.  Returns 0 on success, also
 * when lines were bad, or a negative VG_ERR_* code with *diag naming the
 * file and line: VG_ERR_LIMIT (VG_MAX_PW_AUDIT_ACCOUNTS accounts),
 * VG_ERR_NOMEM, VG_ERR_INVAL (called after vg_pwaudit_finish()).
 * Not reentrant with respect to `a'.
 */
int	vg_pwaudit_add(struct vg_pwaudit *a, const char *file,
	    const char *buf, size_t len,
	    vg_pwaudit_warn_fn *warn, void *warn_arg,	/* may be NULL */
	    struct vg_diag *diag);			/* OUT: on failure */

/*
 * Group the accounts by NT hash, ask `corpus' (may be NULL: nothing is
 * breached) once for each distinct hash, set every account's findings,
 * actions and severity, and wipe and free the hashes.  Returns 0 on
 * success or a negative VG_ERR_* code: VG_ERR_NOMEM, or what `corpus'
 * returned; the hashes are wiped whatever the result, and the audit then
 * only answers vg_pwaudit_stats() and vg_pwaudit_free().  Calling it
 * twice is VG_ERR_INVAL.
 */
int	vg_pwaudit_finish(struct vg_pwaudit *a, vg_pwaudit_corpus_fn *corpus,
	    void *corpus_arg);

/* The number of accounts audited (after vg_pwaudit_finish()). */
size_t	vg_pwaudit_count(const struct vg_pwaudit *a);

/*
 * Account `i' (0 <= i < vg_pwaudit_count()), in input order.  Borrowed:
 * valid until vg_pwaudit_free().  Only after a successful
 * vg_pwaudit_finish().
 */
const struct vg_pwaudit_account *vg_pwaudit_get(const struct vg_pwaudit *a,
	    size_t i);

/*
 * The size of each group, sizes[g - 1] for group g, and *np the number
 * of groups.  Borrowed, like vg_pwaudit_get().
 */
const uint32_t *vg_pwaudit_group_sizes(const struct vg_pwaudit *a,
	    size_t *np);

/* Fill *st with the counts so far. */
void	vg_pwaudit_stats(const struct vg_pwaudit *a,
	    struct vg_pwaudit_stats *st);

enum vg_pwaudit_outfmt {
	VG_PWAUDIT_OUT_JSONL = 0,
	VG_PWAUDIT_OUT_TABLE,
	VG_PWAUDIT_OUT_CSV,
};

/*
 * The header line of a table or CSV report (with its newline); "" for
 * JSON lines.
 */
const char *vg_pwaudit_out_header(enum vg_pwaudit_outfmt fmt);

/*
 * One account as a line of the report, with its newline: for JSON lines
 * {"user":{"name","domain","id","enabled"},"password":{"breached",
 * "breach_count","shared_with","group","empty","lm_present"},"actions",
 * "severity"} (domain, enabled and group null when unknown); for CSV the
 * same fields in the header's columns, cells that a spreadsheet would
 * take for a formula defused with a quote; for a table the same in
 * aligned columns.  *textp is malloc'd, NUL-terminated and the caller's
 * to free; *lenp excludes the NUL.  Returns 0 on success or a negative
 * VG_ERR_* code: VG_ERR_NOMEM, VG_ERR_INVAL (fmt).  Reentrant.
 */
int	vg_pwaudit_format(const struct vg_pwaudit_account *ac,
	    enum vg_pwaudit_outfmt fmt, char **textp, size_t *lenp);

/* "reset_password", "check_mfa", "disable_lm_storage"; "?" if not one. */
const char *vg_pwaudit_action_name(unsigned act);

/* "none", "high", "critical"; "?" if not one. */
const char *vg_pwaudit_severity_name(enum vg_pwaudit_severity sev);

#endif /* PWAUDIT_H */
