/*
 * pwpolicy.h -- whether a candidate password meets NIST SP 800-63B
 * revision 4 (section 3.1.1.2, "Password Verifiers"), with the reasons,
 * and zxcvbn's estimate of its strength as feedback.
 *
 * `vigil pw policy' (cli_pw_policy.c) is the front end.  This module is
 * pure: it takes a password in a buffer and a policy, and returns a
 * result that holds no byte of the password; no I/O, no global state.
 *
 * The rules, and only these (800-63B forbids composition rules such as
 * "a digit and a symbol"):
 *
 *   length     at least 15 characters when the password is a single
 *              factor, 8 when it is used only with another factor
 *              (VG_PWPOLICY_MFA).  Characters are Unicode code points
 *              after NFC normalization, so "é" counts once whether it
 *              was typed composed (U+00E9) or decomposed (e, U+0301).
 *              There is no maximum below the input limit,
 *              VG_MAX_PW_LINE bytes (at least 256 characters of any
 *              script; 800-63B asks for at least 64), and nothing is
 *              ever truncated.  Spaces and every printable Unicode
 *              character are allowed.
 *   breaches   with a corpus (the breached-password index, SHA-1 or
 *              NTLM), a password seen in breaches is rejected.  The
 *              corpus holds hashes of the bytes as they leaked, so the
 *              password is looked up as given and, when NFC changes it,
 *              in its NFC form as well.
 *   context    a password that contains one of the context words
 *              (organization and unit names, the user's identifiers),
 *              ignoring case (Unicode case folding of the NFC forms),
 *              is rejected.  Words of fewer than 4 characters are not
 *              used: they would reject too many good passwords.
 *   controls   a password with a control character (U+0000-U+001F,
 *              U+007F-U+009F) is rejected: such characters cannot be
 *              typed reliably on every device.
 *
 * Strength is zxcvbn's entropy estimate in bits (libzxcvbn, with the
 * context words as its user dictionary) and a score of 0 to 4 from the
 * cut-offs zxcvbn.js puts on the number of guesses, 10^3, 10^6, 10^8
 * and 10^10, that is log2 of them in bits: under 9.97 bits is 0, under
 * 19.93 is 1, under 26.58 is 2, under 33.22 is 3, else 4.  It is
 * feedback for the user, never a reason to reject (800-63B: "SHOULD
 * offer guidance", not a rule).
 *
 * Every copy of the password this module makes (its NFC and case-folded
 * forms, its hashes) is wiped with sodium_memzero() before
 * vg_pwpolicy_check() returns.  XXX: libunistring and libzxcvbn keep
 * scratch copies of their own (on the stack, or in the heap for long
 * inputs) that they free without wiping; the command line turns core
 * dumps off, which is what keeps them from leaving the process.
 */
#ifndef PWPOLICY_H
#define PWPOLICY_H

#include "vg.h"

#include "pwdb.h"

/* The minimum lengths of 800-63B rev. 4, in characters. */
#define VG_PWPOLICY_MIN_SINGLE	15
#define VG_PWPOLICY_MIN_MFA	8

/* Context words shorter than this, in characters, are not used. */
#define VG_PWPOLICY_CONTEXT_MIN	4

/* Matched context words a result keeps; further ones are not listed. */
#define VG_PWPOLICY_MAX_MATCHES	8

/* Flags of vg_pwpolicy_new(). */
#define VG_PWPOLICY_MFA		0x01	/* one of two factors */

/* What a context word is; it sets the reason's words. */
enum vg_pwpolicy_ctx {
	VG_PWPOLICY_CTX_WORD = 0,	/* WORD: a context word, named */
	VG_PWPOLICY_CTX_ORG,		/* org:WORD, the organization */
	VG_PWPOLICY_CTX_UNIT,		/* unit:WORD, a unit of it */
	VG_PWPOLICY_CTX_USER,		/* user:WORD, the user's id */
	VG_PWPOLICY_CTX_SECRET,		/* secret:WORD, never shown */
};

/* Why a password is rejected, a bit set. */
#define VG_PWPOLICY_R_SHORT	0x01
#define VG_PWPOLICY_R_BREACHED	0x02
#define VG_PWPOLICY_R_CONTEXT	0x04
#define VG_PWPOLICY_R_CONTROL	0x08

enum vg_pwpolicy_breach {
	VG_PWPOLICY_BREACH_UNKNOWN = 0,	/* no corpus */
	VG_PWPOLICY_BREACH_NO,
	VG_PWPOLICY_BREACH_YES,
};

/*
 * The verdict on one password.  Holds no byte of it: pr_context are
 * numbers of context words (in the order they were added), the first
 * VG_PWPOLICY_MAX_MATCHES that matched.
 */
struct vg_pwpolicy_result {
	bool			 pr_ok;
	unsigned		 pr_reasons;	/* VG_PWPOLICY_R_* */
	size_t			 pr_length;	/* code points, NFC */
	size_t			 pr_min_length;
	enum vg_pwpolicy_breach	 pr_breached;
	uint32_t		 pr_breach_count;
	size_t			 pr_context[VG_PWPOLICY_MAX_MATCHES];
	size_t			 pr_ncontext;
	double			 pr_entropy;	/* zxcvbn, bits */
	int			 pr_score;	/* 0 to 4 */
};

/*
 * The breach corpus: set *countp to how often the password whose hash
 * (of the corpus's kind) is hash[0, hashlen) was seen in breaches, 0
 * when never.  Return 0, or a negative VG_ERR_* code that
 * vg_pwpolicy_check() returns.  Must be reentrant if checks run on
 * several threads.
 */
typedef int vg_pwpolicy_corpus_fn(void *arg, const uint8_t *hash,
	    size_t hashlen, uint32_t *countp);

struct vg_pwpolicy;			/* opaque */

/*
 * A policy without context words or corpus; `flags' is 0 or
 * VG_PWPOLICY_MFA.  Calls sodium_init().  NULL when out of memory or
 * when libsodium cannot be initialised.
 */
struct vg_pwpolicy *vg_pwpolicy_new(unsigned flags);

/* Wipe the context words and release the policy; NULL is a no-op. */
void	vg_pwpolicy_free(struct vg_pwpolicy *p);

/*
 * Add the context word of spec[0, len): "WORD", or "org:WORD",
 * "unit:WORD", "user:WORD", "secret:WORD" (see enum vg_pwpolicy_ctx).
 * Blanks around the word are dropped; a word already added is not added
 * again.  The text is copied (and wiped on free).  Returns 0 when the
 * word was added, 1 when it was not used because it has fewer than
 * VG_PWPOLICY_CONTEXT_MIN characters, or a negative VG_ERR_* code:
 * VG_ERR_INVAL (empty, not UTF-8, or a control character), VG_ERR_LIMIT
 * (longer than VG_MAX_PW_LINE bytes, or VG_MAX_PW_CONTEXT_WORDS words
 * already), VG_ERR_NOMEM.
 */
int	vg_pwpolicy_context_add(struct vg_pwpolicy *p, const char *spec,
	    size_t len);

/* The number of context words in use. */
size_t	vg_pwpolicy_context_count(const struct vg_pwpolicy *p);

/*
 * Context word `i' as it was given (blanks dropped) and its kind.
 * Borrowed: valid until vg_pwpolicy_free().
 */
const char *vg_pwpolicy_context_get(const struct vg_pwpolicy *p, size_t i,
	    enum vg_pwpolicy_ctx *kindp);

/*
 * Check passwords against a breach corpus of `kind' (VG_PWDB_SHA1 or
 * VG_PWDB_NTLM) through `fn'.  Returns 0 or VG_ERR_INVAL (kind).
 */
int	vg_pwpolicy_corpus_set(struct vg_pwpolicy *p, enum vg_pwdb_kind kind,
	    vg_pwpolicy_corpus_fn *fn, void *arg);

/*
 * Check the password pw[0, len) (any bytes; not NUL-terminated; a line
 * without its newline) and fill *res.  Returns 0 when the password was
 * checked, whatever the verdict, or a negative VG_ERR_* code with *res
 * zeroed: VG_ERR_LIMIT (len > VG_MAX_PW_LINE), VG_ERR_INVAL (not valid
 * UTF-8), VG_ERR_NOMEM, or what the corpus returned.  Reentrant: a
 * policy may be shared by threads once built.
 */
int	vg_pwpolicy_check(const struct vg_pwpolicy *p, const char *pw,
	    size_t len, struct vg_pwpolicy_result *res);

/*
 * The reasons of `res' as text, separated by "; ", into buf[0, size)
 * with a NUL: "too short: 9 characters, at least 15", "found in 4,123
 * breaches", "contains the organization name", "contains the context
 * word \"acme\"", "contains a secret context word", "contains a
 * control character".  Returns the length it has, or would have had
 * (as snprintf).
 */
size_t	vg_pwpolicy_reasons(const struct vg_pwpolicy *p,
	    const struct vg_pwpolicy_result *res, char *buf, size_t size);

/*
 * One result as a report line, with its newline: "ok" or "reject:
 * REASON; REASON", or with `json' the object
 * {"line","ok","length","min_length","breached","breach_count","context",
 * "strength":{"entropy_bits","score"},"reasons"}, where "context" is
 * "matched WORD" for the first context word matched ("matched
 * <redacted>" for a secret one) or null, and "breached" is null without
 * a corpus.  *textp is malloc'd, NUL-terminated and the caller's to
 * free; *lenp excludes the NUL.  Returns 0 on success or VG_ERR_NOMEM.
 */
int	vg_pwpolicy_format(const struct vg_pwpolicy *p,
	    const struct vg_pwpolicy_result *res, unsigned long line,
	    bool json, char **textp, size_t *lenp);

#endif /* PWPOLICY_H */
