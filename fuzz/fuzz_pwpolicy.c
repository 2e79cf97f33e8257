/*
 * fuzz_pwpolicy.c -- the password policy (pwpolicy.h) on arbitrary
 * bytes: the NFC length, the context match, the corpus lookups, zxcvbn,
 * and both report forms.
 *
 * The first byte holds options: bit 0 --mfa, bit 1 a fake corpus, bit 2
 * the fixed context words, bit 3 a context word taken from the input
 * (up to its first newline).  The rest is the password.  Beyond crashes
 * and leaks, the harness aborts when a promise of pwpolicy.h breaks: a
 * password is checked unless it is over VG_MAX_PW_LINE bytes or not
 * UTF-8; the verdict agrees with the reasons; the length is at most the
 * bytes; the score is 0 to 4 and follows the entropy; the JSON line
 * parses (jansson) with the documented fields; the plain line is "ok"
 * or "reject: ..."; and, unless a context word came from the input, no
 * report names the secret word.
 */
#include "vg.h"

#include <jansson.h>

#include "pwdb.h"
#include "pwpolicy.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
corpus(void *arg, const uint8_t *hash, size_t len, uint32_t *countp)
{
	*countp = (hash[0] & 7) == 0 ? (uint32_t)hash[1] * 1000 + 1 : 0;
	return 0;
}

static void
check_json(const char *text, size_t len, unsigned long line)
{
	json_t *root, *strength;
	json_error_t err;

	if ((root = json_loadb(text, len, 0, &err)) == NULL)
		abort();
	strength = json_object_get(root, "strength");
	if (json_integer_value(json_object_get(root, "line")) !=
	    (json_int_t)line ||
	    !json_is_boolean(json_object_get(root, "ok")) ||
	    !json_is_integer(json_object_get(root, "length")) ||
	    !json_is_integer(json_object_get(root, "min_length")) ||
	    !json_is_array(json_object_get(root, "reasons")) ||
	    !json_is_object(strength) ||
	    !json_is_number(json_object_get(strength, "entropy_bits")) ||
	    !json_is_integer(json_object_get(strength, "score")))
		abort();
	json_decref(root);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_pwpolicy_result res;
	struct vg_pwpolicy *p;
	const char *pw, *nl;
	size_t len, tlen;
	bool own_word = false;
	char *t;
	int r, j;

	if (size < 1)
		return 0;
	pw = (const char *)data + 1;
	len = size - 1;
	if ((p = vg_pwpolicy_new((data[0] & 1) != 0 ? VG_PWPOLICY_MFA :
	    0)) == NULL)
		return 0;
	if ((data[0] & 2) != 0)
		(void)vg_pwpolicy_corpus_set(p, VG_PWDB_SHA1, corpus, NULL);
	if ((data[0] & 4) != 0) {
		(void)vg_pwpolicy_context_add(p, "org:Acme", 8);
		(void)vg_pwpolicy_context_add(p, "unit:Payroll", 12);
		(void)vg_pwpolicy_context_add(p, "secret:hunter2zz", 16);
		(void)vg_pwpolicy_context_add(p, "user:ana.popescu", 16);
	}
	if ((data[0] & 8) != 0 && (nl = memchr(pw, '\n', len)) != NULL) {
		r = vg_pwpolicy_context_add(p, pw, (size_t)(nl - pw));
		if (r != 0 && r != 1 && r != VG_ERR_INVAL &&
		    r != VG_ERR_LIMIT && r != VG_ERR_NOMEM)
			abort();
		own_word = true;
		len -= (size_t)(nl - pw) + 1;
		pw = nl + 1;
	}

	/* No size filter: enforcing the limits is the policy's job. */
	r = vg_pwpolicy_check(p, pw, len, &res);
	if (r != 0) {
		if (r != VG_ERR_LIMIT && r != VG_ERR_INVAL && r != VG_ERR_NOMEM)
			abort();
		if (r == VG_ERR_LIMIT && len <= VG_MAX_PW_LINE)
			abort();
		if (res.pr_ok || res.pr_reasons != 0)
			abort();
		vg_pwpolicy_free(p);
		return 0;
	}
	if (len > VG_MAX_PW_LINE)
		abort();
	if (res.pr_ok != (res.pr_reasons == 0) || res.pr_length > len ||
	    (res.pr_min_length != VG_PWPOLICY_MIN_SINGLE &&
	    res.pr_min_length != VG_PWPOLICY_MIN_MFA) ||
	    ((res.pr_reasons & VG_PWPOLICY_R_SHORT) != 0) !=
	    (res.pr_length < res.pr_min_length) ||
	    res.pr_score < 0 || res.pr_score > 4 || !(res.pr_entropy >= 0) ||
	    res.pr_ncontext > VG_PWPOLICY_MAX_MATCHES ||
	    ((res.pr_reasons & VG_PWPOLICY_R_CONTEXT) != 0) !=
	    (res.pr_ncontext > 0) ||
	    ((res.pr_reasons & VG_PWPOLICY_R_BREACHED) != 0) !=
	    (res.pr_breach_count > 0) ||
	    ((data[0] & 2) == 0) !=
	    (res.pr_breached == VG_PWPOLICY_BREACH_UNKNOWN))
		abort();
	for (j = 0; j < 2; j++) {
		if (vg_pwpolicy_format(p, &res, 7, j == 1, &t, &tlen) != 0)
			continue;	/* out of memory */
		if (strlen(t) != tlen || tlen == 0 || t[tlen - 1] != '\n')
			abort();
		if (j == 1)
			check_json(t, tlen, 7);
		else if (strcmp(t, "ok\n") != 0 &&
		    strncmp(t, "reject: ", 8) != 0)
			abort();
		if (!own_word && strstr(t, "hunter2zz") != NULL)
			abort();
		free(t);
	}
	vg_pwpolicy_free(p);
	return 0;
}
