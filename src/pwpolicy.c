/*
 * pwpolicy.c -- NIST SP 800-63B rev. 4 password checks: length in code
 * points after NFC, the breach corpus, context words, control
 * characters, and zxcvbn's strength as feedback.  See pwpolicy.h, and
 * docs/PW-AUDIT-POLICY.md.
 *
 * Unicode comes from libunistring: u8_normalize(UNINORM_NFC) for the
 * length, u8_casefold(..., UNINORM_NFKC) for the context match, so that
 * "ACME", "acme" and the full-width "ＡＣＭＥ" are one word.  Both
 * functions write to a caller's buffer when the result fits and
 * malloc otherwise; every result is wiped, and freed when it was
 * malloc'd, before vg_pwpolicy_check() returns.  The stack buffers are
 * sized for the common case: NFC grows UTF-8 by at most three times,
 * and an input is at most VG_MAX_PW_LINE bytes.
 */
#include "vg.h"

#include <errno.h>
#include <stdarg.h>

#include <sodium.h>
#include <unicase.h>
#include <uninorm.h>
#include <unistr.h>
#include <zxcvbn.h>

#include "pwdb.h"
#include "pwpolicy.h"
#include "vg_json.h"

#define SCRATCH		(3 * VG_MAX_PW_LINE + 1)

/* Longest report line: eleven reasons of a context word each. */
#define MAX_TEXT	(64 * 1024)

/*
 * zxcvbn.js's score cut-offs, 10^3, 10^6, 10^8 and 10^10 guesses, as
 * log2 of them: the entropy in bits libzxcvbn returns.
 */
static const double score_bits[] = {
	9.965784284662087,	/* log2(1e3) */
	19.931568569324174,	/* log2(1e6) */
	26.575424759098897,	/* log2(1e8) */
	33.219280948873624,	/* log2(1e10) */
};

struct word {
	char			*w_text;	/* as given, trimmed */
	size_t			 w_len;
	char			*w_fold;	/* NFKC case fold */
	size_t			 w_foldlen;
	enum vg_pwpolicy_ctx	 w_kind;
};

struct vg_pwpolicy {
	unsigned		 p_flags;
	struct word		*p_words;
	size_t			 p_n;
	const char		**p_dict;	/* zxcvbn: the folds, NULL */
	enum vg_pwdb_kind	 p_kind;
	vg_pwpolicy_corpus_fn	*p_corpus;
	void			*p_corpus_arg;
};

/* --------------------------------------------------------- unicode */

/* Wipe a libunistring result, and free it when it is not `scratch'. */
static void
release(uint8_t *p, size_t n, const uint8_t *scratch)
{
	if (p == NULL)
		return;
	sodium_memzero(p, n);
	if (p != scratch)
		free(p);
}

/*
 * NFC of s[0, n) (valid UTF-8) into `scratch' of `size' bytes or a
 * malloc'd buffer: *outp, *outlenp.  Returns 0 or VG_ERR_NOMEM.
 */
static int
nfc(const uint8_t *s, size_t n, uint8_t *scratch, size_t size,
    uint8_t **outp, size_t *outlenp)
{
	size_t len = size;
	uint8_t *r;

	r = u8_normalize(UNINORM_NFC, s, n, scratch, &len);
	if (r == NULL)
		return VG_ERR_NOMEM;
	*outp = r;
	*outlenp = len;
	return 0;
}

/* The same for the NFKC case fold. */
static int
fold(const uint8_t *s, size_t n, uint8_t *scratch, size_t size,
    uint8_t **outp, size_t *outlenp)
{
	size_t len = size;
	uint8_t *r;

	r = u8_casefold(s, n, NULL, UNINORM_NFKC, scratch, &len);
	if (r == NULL)
		return VG_ERR_NOMEM;
	*outp = r;
	*outlenp = len;
	return 0;
}

/* Whether valid UTF-8 s[0, n) holds a C0 or C1 control or DEL. */
static bool
has_control(const uint8_t *s, size_t n)
{
	ucs4_t uc;
	size_t i = 0;
	int k;

	while (i < n) {
		k = u8_mbtouc(&uc, s + i, n - i);
		if (uc < 0x20 || (uc >= 0x7f && uc <= 0x9f))
			return true;
		i += (size_t)(k > 0 ? k : 1);
	}
	return false;
}

/* ------------------------------------------------------------- life */

struct vg_pwpolicy *
vg_pwpolicy_new(unsigned flags)
{
	struct vg_pwpolicy *p;

	if (sodium_init() < 0)
		return NULL;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	if ((p->p_dict = calloc(1, sizeof(*p->p_dict))) == NULL) {
		free(p);
		return NULL;
	}
	p->p_flags = flags;
	return p;
}

void
vg_pwpolicy_free(struct vg_pwpolicy *p)
{
	size_t i;

	if (p == NULL)
		return;
	/* A context word may be a user's secret: wipe them all. */
	for (i = 0; i < p->p_n; i++) {
		sodium_memzero(p->p_words[i].w_text, p->p_words[i].w_len);
		sodium_memzero(p->p_words[i].w_fold, p->p_words[i].w_foldlen);
		free(p->p_words[i].w_text);
		free(p->p_words[i].w_fold);
	}
	free(p->p_words);
	free(p->p_dict);
	free(p);
}

/* ---------------------------------------------------------- context */

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int
vg_pwpolicy_context_add(struct vg_pwpolicy *p, const char *spec, size_t len)
{
	static const struct {
		const char		*prefix;
		enum vg_pwpolicy_ctx	 kind;
	} kinds[] = {
		{ "org:", VG_PWPOLICY_CTX_ORG },
		{ "unit:", VG_PWPOLICY_CTX_UNIT },
		{ "user:", VG_PWPOLICY_CTX_USER },
		{ "secret:", VG_PWPOLICY_CTX_SECRET },
	};
	uint8_t nbuf[SCRATCH], fbuf[SCRATCH], *n = NULL, *f = NULL;
	enum vg_pwpolicy_ctx kind = VG_PWPOLICY_CTX_WORD;
	size_t nlen = 0, flen = 0, i, k;
	struct word *words, *w;
	const char **dict;
	int r = VG_ERR_INTERNAL;

	for (i = 0; i < VG_ARRAY_LEN(kinds); i++) {
		k = strlen(kinds[i].prefix);
		if (len >= k && memcmp(spec, kinds[i].prefix, k) == 0) {
			kind = kinds[i].kind;
			spec += k;
			len -= k;
			break;
		}
	}
	while (len > 0 && is_blank(spec[0])) {
		spec++;
		len--;
	}
	while (len > 0 && is_blank(spec[len - 1]))
		len--;
	if (len == 0)
		return VG_ERR_INVAL;
	if (len > VG_MAX_PW_LINE)
		return VG_ERR_LIMIT;
	if (u8_check((const uint8_t *)spec, len) != NULL ||
	    has_control((const uint8_t *)spec, len))
		return VG_ERR_INVAL;
	if ((r = nfc((const uint8_t *)spec, len, nbuf, sizeof(nbuf), &n,
	    &nlen)) != 0)
		goto out;
	if (u8_mbsnlen(n, nlen) < VG_PWPOLICY_CONTEXT_MIN) {
		r = 1;
		goto out;
	}
	if ((r = fold(n, nlen, fbuf, sizeof(fbuf), &f, &flen)) != 0)
		goto out;
	for (i = 0; i < p->p_n; i++) {
		if (p->p_words[i].w_foldlen == flen &&
		    memcmp(p->p_words[i].w_fold, f, flen) == 0) {
			r = 0;
			goto out;
		}
	}
	if (p->p_n >= VG_MAX_PW_CONTEXT_WORDS) {
		r = VG_ERR_LIMIT;
		goto out;
	}
	if ((words = reallocarray(p->p_words, p->p_n + 1,
	    sizeof(*words))) == NULL) {
		r = VG_ERR_NOMEM;
		goto out;
	}
	p->p_words = words;
	if ((dict = reallocarray(p->p_dict, p->p_n + 2,
	    sizeof(*dict))) == NULL) {
		r = VG_ERR_NOMEM;
		goto out;
	}
	p->p_dict = dict;
	w = &p->p_words[p->p_n];
	memset(w, 0, sizeof(*w));
	if ((w->w_text = malloc(len + 1)) == NULL ||
	    (w->w_fold = malloc(flen + 1)) == NULL) {
		free(w->w_text);
		r = VG_ERR_NOMEM;
		goto out;
	}
	memcpy(w->w_text, spec, len);
	w->w_text[len] = '\0';
	w->w_len = len;
	memcpy(w->w_fold, f, flen);
	w->w_fold[flen] = '\0';
	w->w_foldlen = flen;
	w->w_kind = kind;
	p->p_dict[p->p_n] = w->w_fold;
	p->p_dict[p->p_n + 1] = NULL;
	p->p_n++;
	r = 0;
out:
	release(n, nlen, nbuf);
	release(f, flen, fbuf);
	return r;
}

size_t
vg_pwpolicy_context_count(const struct vg_pwpolicy *p)
{
	return p->p_n;
}

const char *
vg_pwpolicy_context_get(const struct vg_pwpolicy *p, size_t i,
    enum vg_pwpolicy_ctx *kindp)
{
	VG_ASSERT(i < p->p_n);
	if (kindp != NULL)
		*kindp = p->p_words[i].w_kind;
	return p->p_words[i].w_text;
}

int
vg_pwpolicy_corpus_set(struct vg_pwpolicy *p, enum vg_pwdb_kind kind,
    vg_pwpolicy_corpus_fn *fn, void *arg)
{
	if (kind != VG_PWDB_SHA1 && kind != VG_PWDB_NTLM)
		return VG_ERR_INVAL;
	p->p_kind = kind;
	p->p_corpus = fn;
	p->p_corpus_arg = arg;
	return 0;
}

/* ------------------------------------------------------------ check */

/* Ask the corpus about s[0, n); *countp is the count or left alone. */
static int
lookup(const struct vg_pwpolicy *p, const char *s, size_t n,
    uint32_t *countp)
{
	uint8_t hash[VG_PWDB_HASH_MAX];
	uint32_t count = 0;
	int r;

	if ((r = vg_pwdb_hash_password(p->p_kind, s, n, hash)) != 0)
		return r;
	r = p->p_corpus(p->p_corpus_arg, hash, vg_pwdb_kind_hashlen(p->p_kind),
	    &count);
	sodium_memzero(hash, sizeof(hash));
	if (r == 0 && count > *countp)
		*countp = count;
	return r;
}

static int
score_of(double bits)
{
	int s = 0;

	while (s < (int)VG_ARRAY_LEN(score_bits) && bits >= score_bits[s])
		s++;
	return s;
}

int
vg_pwpolicy_check(const struct vg_pwpolicy *p, const char *pw, size_t len,
    struct vg_pwpolicy_result *res)
{
	uint8_t nbuf[SCRATCH], fbuf[SCRATCH], *n = NULL, *f = NULL;
	char zbuf[SCRATCH + 1];
	size_t nlen = 0, flen = 0, i;
	uint32_t count = 0;
	int r = VG_ERR_INTERNAL;

	memset(res, 0, sizeof(*res));
	if (len > VG_MAX_PW_LINE)
		return VG_ERR_LIMIT;
	if (u8_check((const uint8_t *)pw, len) != NULL)
		return VG_ERR_INVAL;
	if ((r = nfc((const uint8_t *)pw, len, nbuf, sizeof(nbuf), &n,
	    &nlen)) != 0)
		goto out;

	res->pr_length = u8_mbsnlen(n, nlen);
	res->pr_min_length = (p->p_flags & VG_PWPOLICY_MFA) != 0 ?
	    VG_PWPOLICY_MIN_MFA : VG_PWPOLICY_MIN_SINGLE;
	if (res->pr_length < res->pr_min_length)
		res->pr_reasons |= VG_PWPOLICY_R_SHORT;
	if (has_control(n, nlen))
		res->pr_reasons |= VG_PWPOLICY_R_CONTROL;

	if (p->p_corpus != NULL) {
		if ((r = lookup(p, pw, len, &count)) != 0)
			goto out;
		/* An NFC form past the limit is not hashed: as typed only. */
		if ((nlen != len || memcmp(n, pw, len) != 0) &&
		    nlen <= VG_MAX_PW_LINE &&
		    (r = lookup(p, (const char *)n, nlen, &count)) != 0)
			goto out;
		res->pr_breached = count > 0 ? VG_PWPOLICY_BREACH_YES :
		    VG_PWPOLICY_BREACH_NO;
		res->pr_breach_count = count;
		if (count > 0)
			res->pr_reasons |= VG_PWPOLICY_R_BREACHED;
	}

	if (p->p_n > 0) {
		if ((r = fold(n, nlen, fbuf, sizeof(fbuf), &f, &flen)) != 0)
			goto out;
		for (i = 0; i < p->p_n; i++) {
			if (memmem(f, flen, p->p_words[i].w_fold,
			    p->p_words[i].w_foldlen) == NULL)
				continue;
			res->pr_reasons |= VG_PWPOLICY_R_CONTEXT;
			if (res->pr_ncontext < VG_PWPOLICY_MAX_MATCHES)
				res->pr_context[res->pr_ncontext++] = i;
		}
	}

	/* zxcvbn reads a C string: a NUL ends it (and is a control). */
	i = VG_MIN(nlen, sizeof(zbuf) - 1);
	memcpy(zbuf, n, i);
	zbuf[i] = '\0';
	res->pr_entropy = ZxcvbnMatch(zbuf, p->p_dict, NULL);
	sodium_memzero(zbuf, sizeof(zbuf));
	if (!(res->pr_entropy >= 0))
		res->pr_entropy = 0;
	res->pr_score = score_of(res->pr_entropy);
	res->pr_ok = res->pr_reasons == 0;
	r = 0;
out:
	release(n, nlen, nbuf);
	release(f, flen, fbuf);
	sodium_memzero(nbuf, sizeof(nbuf));
	sodium_memzero(fbuf, sizeof(fbuf));
	if (r != 0)
		memset(res, 0, sizeof(*res));
	return r;
}

/* ------------------------------------------------------------- text */

/* "4,123": decimal with thousands separators. */
static void
thousands(uint32_t v, char *buf, size_t size)
{
	char digits[16];
	size_t n, i, o = 0;

	n = (size_t)snprintf(digits, sizeof(digits), "%u", (unsigned)v);
	for (i = 0; i < n && o + 2 < size; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

/*
 * Reason number `k' of `res' into buf[0, size): returns false when
 * there is none.  The order: length, breaches, context words (each
 * kind of word once, except plain words, which are named), controls.
 */
static bool
reason(const struct vg_pwpolicy *p, const struct vg_pwpolicy_result *res,
    size_t k, char *buf, size_t size)
{
	const struct word *w;
	char num[32];
	size_t i, j;
	bool seen;

	if (res->pr_reasons & VG_PWPOLICY_R_SHORT) {
		if (k-- == 0) {
			snprintf(buf, size, "too short: %zu character%s, at "
			    "least %zu", res->pr_length, res->pr_length == 1 ?
			    "" : "s", res->pr_min_length);
			return true;
		}
	}
	if (res->pr_reasons & VG_PWPOLICY_R_BREACHED) {
		if (k-- == 0) {
			thousands(res->pr_breach_count, num, sizeof(num));
			snprintf(buf, size, "found in %s breach%s", num,
			    res->pr_breach_count == 1 ? "" : "es");
			return true;
		}
	}
	for (i = 0; i < res->pr_ncontext; i++) {
		w = &p->p_words[res->pr_context[i]];
		seen = false;
		for (j = 0; j < i && w->w_kind != VG_PWPOLICY_CTX_WORD; j++)
			if (p->p_words[res->pr_context[j]].w_kind == w->w_kind)
				seen = true;
		if (seen || k-- != 0)
			continue;
		switch (w->w_kind) {
		case VG_PWPOLICY_CTX_ORG:
			snprintf(buf, size, "contains the organization name");
			break;
		case VG_PWPOLICY_CTX_UNIT:
			snprintf(buf, size, "contains the unit name");
			break;
		case VG_PWPOLICY_CTX_USER:
			snprintf(buf, size, "contains the user's identifier");
			break;
		case VG_PWPOLICY_CTX_SECRET:
			snprintf(buf, size, "contains a secret context word");
			break;
		default:
			snprintf(buf, size, "contains the context word \"%s\"",
			    w->w_text);
			break;
		}
		return true;
	}
	if (res->pr_reasons & VG_PWPOLICY_R_CONTROL) {
		if (k-- == 0) {
			snprintf(buf, size, "contains a control character");
			return true;
		}
	}
	return false;
}

size_t
vg_pwpolicy_reasons(const struct vg_pwpolicy *p,
    const struct vg_pwpolicy_result *res, char *buf, size_t size)
{
	char one[VG_MAX_PW_LINE + 64];
	size_t k, total = 0, n;

	if (size > 0)
		buf[0] = '\0';
	for (k = 0; reason(p, res, k, one, sizeof(one)); k++) {
		n = strlen(one);
		if (k > 0) {
			if (total + 2 < size)
				memcpy(buf + total, "; ", 3);
			total += 2;
		}
		if (total + n < size)
			memcpy(buf + total, one, n + 1);
		else if (total < size)
			buf[total] = '\0';
		total += n;
	}
	return total;
}

int
vg_pwpolicy_format(const struct vg_pwpolicy *p,
    const struct vg_pwpolicy_result *res, unsigned long line, bool json,
    char **textp, size_t *lenp)
{
	char one[VG_MAX_PW_LINE + 64], num[32];
	const struct word *w;
	struct vg_json j;
	size_t k, n;
	char *t;
	int len;

	*textp = NULL;
	*lenp = 0;
	if (!json) {
		if (res->pr_ok) {
			if ((t = strdup("ok\n")) == NULL)
				return VG_ERR_NOMEM;
			*textp = t;
			*lenp = 3;
			return 0;
		}
		n = vg_pwpolicy_reasons(p, res, NULL, 0);
		if ((t = malloc(n + 10)) == NULL)
			return VG_ERR_NOMEM;
		memcpy(t, "reject: ", 8);
		(void)vg_pwpolicy_reasons(p, res, t + 8, n + 1);
		t[8 + n] = '\n';
		t[9 + n] = '\0';
		*textp = t;
		*lenp = n + 9;
		return 0;
	}
	vg_json_init(&j, MAX_TEXT);
	vg_json_obj_begin(&j, NULL);
	vg_json_uint(&j, "line", line);
	vg_json_bool(&j, "ok", res->pr_ok);
	vg_json_uint(&j, "length", res->pr_length);
	vg_json_uint(&j, "min_length", res->pr_min_length);
	if (res->pr_breached == VG_PWPOLICY_BREACH_UNKNOWN)
		vg_json_null(&j, "breached");
	else
		vg_json_bool(&j, "breached",
		    res->pr_breached == VG_PWPOLICY_BREACH_YES);
	vg_json_uint(&j, "breach_count", res->pr_breach_count);
	if (res->pr_ncontext == 0)
		vg_json_null(&j, "context");
	else {
		w = &p->p_words[res->pr_context[0]];
		snprintf(one, sizeof(one), "matched %s",
		    w->w_kind == VG_PWPOLICY_CTX_SECRET ? "<redacted>" :
		    w->w_text);
		vg_json_cstr(&j, "context", one);
	}
	vg_json_obj_begin(&j, "strength");
	len = snprintf(num, sizeof(num), "%.1f", res->pr_entropy);
	vg_json_rawnum(&j, "entropy_bits", vg_str_make(num, (size_t)len));
	vg_json_int(&j, "score", res->pr_score);
	vg_json_obj_end(&j);
	vg_json_arr_begin(&j, "reasons");
	for (k = 0; reason(p, res, k, one, sizeof(one)); k++)
		vg_json_cstr(&j, NULL, one);
	vg_json_arr_end(&j);
	vg_json_obj_end(&j);
	vg_json_newline(&j);
	if (j.j_overflow) {
		vg_json_cleanup(&j);
		return VG_ERR_NOMEM;
	}
	if ((t = realloc(j.j_buf, j.j_len + 1)) == NULL) {
		vg_json_cleanup(&j);
		return VG_ERR_NOMEM;
	}
	t[j.j_len] = '\0';
	*textp = t;
	*lenp = j.j_len;
	return 0;
}
