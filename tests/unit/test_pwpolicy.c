/*
 * Unit tests of pwpolicy: NIST SP 800-63B rev. 4 checks of candidate
 * passwords.  Lengths are counted in code points after NFC; the breach
 * corpus is a fake one, a tiny SHA-1 index built in a fresh directory,
 * and the real HIBP SHA-1 range files of ../shared/data/creds when
 * present.
 */
#include "vg_test.h"
#include "pwdb.h"
#include "pwpolicy.h"

#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------ helpers */

static struct vg_pwpolicy *
policy(unsigned flags)
{
	struct vg_pwpolicy *p;

	ASSERT_PTR_NE(p = vg_pwpolicy_new(flags), NULL);
	return p;
}

static void
context(struct vg_pwpolicy *p, const char *spec)
{
	ASSERT_INT_EQ(vg_pwpolicy_context_add(p, spec, strlen(spec)), 0);
}

/* Check `pw' (a C string); fails the test when it cannot be checked. */
static struct vg_pwpolicy_result
check(const struct vg_pwpolicy *p, const char *pw)
{
	struct vg_pwpolicy_result res;

	ASSERT_INT_EQ(vg_pwpolicy_check(p, pw, strlen(pw), &res), 0);
	return res;
}

/* The reasons of `pw' as text, in a buffer reused by each call. */
static const char *
reasons(const struct vg_pwpolicy *p, const char *pw)
{
	static char buf[4096];
	struct vg_pwpolicy_result res = check(p, pw);

	ASSERT_UINT_EQ(vg_pwpolicy_reasons(p, &res, buf, sizeof(buf)),
	    strlen(buf));
	return buf;
}

/* The report line of `pw', malloc'd. */
static char *
format(const struct vg_pwpolicy *p, const char *pw, unsigned long line,
    bool json)
{
	struct vg_pwpolicy_result res = check(p, pw);
	size_t len;
	char *t;

	ASSERT_INT_EQ(vg_pwpolicy_format(p, &res, line, json, &t, &len), 0);
	ASSERT_UINT_EQ(strlen(t), len);
	return t;
}

/* "x" repeated to `n' characters of a varied text, in a static buffer. */
static const char *
text_of(size_t n)
{
	static const char src[] = "purple Gibbon 7 sings under a tin moon; ";
	static char buf[2048];
	size_t i;

	ASSERT_TRUE(n < sizeof(buf));
	for (i = 0; i < n; i++)
		buf[i] = src[i % (sizeof(src) - 1)];
	buf[n] = '\0';
	return buf;
}

/* A fake corpus of SHA-1 hashes: `password' 4,123 times, the rest 1. */
struct fake {
	uint8_t		hash[4][VG_PWDB_HASH_MAX];
	uint32_t	count[4];
	size_t		n;
	unsigned	calls;
};

static void
fake_add(struct fake *f, const char *pw, uint32_t count)
{
	ASSERT_INT_EQ(vg_pwdb_hash_password(VG_PWDB_SHA1, pw, strlen(pw),
	    f->hash[f->n]), 0);
	f->count[f->n++] = count;
}

static int
fake_corpus(void *arg, const uint8_t *hash, size_t len, uint32_t *countp)
{
	struct fake *f = arg;
	size_t i;

	f->calls++;
	ASSERT_UINT_EQ(len, 20);
	*countp = 0;
	for (i = 0; i < f->n; i++)
		if (memcmp(f->hash[i], hash, len) == 0)
			*countp = f->count[i];
	return 0;
}

static int
failing_corpus(void *arg, const uint8_t *hash, size_t len, uint32_t *countp)
{
	*countp = 0;
	return VG_ERR_FORMAT;
}

static int
index_corpus(void *arg, const uint8_t *hash, size_t len, uint32_t *countp)
{
	return vg_pwdb_lookup(arg, hash, len, countp);
}

/* ------------------------------------------------------------- length */

VG_TEST(pwpolicy_length_bounds)
{
	struct vg_pwpolicy *p = policy(0), *m = policy(VG_PWPOLICY_MFA);
	struct vg_pwpolicy_result res;
	char big[VG_MAX_PW_LINE + 2];
	char e256[2 * 256 + 1];
	size_t i;

	res = check(p, text_of(14));
	ASSERT_FALSE(res.pr_ok);
	ASSERT_UINT_EQ(res.pr_length, 14);
	ASSERT_UINT_EQ(res.pr_min_length, 15);
	ASSERT_UINT_EQ(res.pr_reasons, VG_PWPOLICY_R_SHORT);
	ASSERT_STR_EQ(reasons(p, text_of(14)),
	    "too short: 14 characters, at least 15");
	res = check(p, text_of(15));
	ASSERT_TRUE(res.pr_ok);
	ASSERT_UINT_EQ(res.pr_reasons, 0);
	ASSERT_STR_EQ(reasons(p, text_of(15)), "");
	ASSERT_STR_EQ(reasons(p, "a"), "too short: 1 character, at least 15");
	ASSERT_STR_EQ(reasons(p, ""), "too short: 0 characters, at least 15");

	/* With MFA, 8. */
	res = check(m, text_of(7));
	ASSERT_FALSE(res.pr_ok);
	ASSERT_UINT_EQ(res.pr_min_length, 8);
	ASSERT_STR_EQ(reasons(m, text_of(7)),
	    "too short: 7 characters, at least 8");
	ASSERT_TRUE(check(m, text_of(8)).pr_ok);

	/* Long ones accepted and counted whole: never truncated. */
	res = check(p, text_of(64));
	ASSERT_TRUE(res.pr_ok);
	ASSERT_UINT_EQ(res.pr_length, 64);
	res = check(p, text_of(200));
	ASSERT_TRUE(res.pr_ok);
	ASSERT_UINT_EQ(res.pr_length, 200);
	/* 256 two-byte characters: 512 bytes, 256 characters. */
	for (i = 0; i < 256; i++)
		memcpy(e256 + 2 * i, "\xc3\xa9", 2);
	e256[512] = '\0';
	res = check(p, e256);
	ASSERT_UINT_EQ(res.pr_length, 256);
	/* Up to VG_MAX_PW_LINE bytes; one more cannot be checked. */
	memset(big, 'k', sizeof(big));
	ASSERT_INT_EQ(vg_pwpolicy_check(p, big, VG_MAX_PW_LINE, &res), 0);
	ASSERT_UINT_EQ(res.pr_length, VG_MAX_PW_LINE);
	ASSERT_INT_EQ(vg_pwpolicy_check(p, big, VG_MAX_PW_LINE + 1, &res),
	    VG_ERR_LIMIT);
	ASSERT_FALSE(res.pr_ok);
	vg_pwpolicy_free(p);
	vg_pwpolicy_free(m);
}

/* Characters are code points after NFC: composed or not, the same. */
VG_TEST(pwpolicy_nfc_length)
{
	/* r é s u m é _ p a s s _ x y z: 15 characters. */
	static const char composed[] = "r\xc3\xa9sum\xc3\xa9 pass xyz";
	static const char decomposed[] = "re\xcc\x81sume\xcc\x81 pass xyz";
	static const char short_dec[] = "re\xcc\x81sume\xcc\x81 pass xy";
	/* Hangul: two conjoining jamo compose to one syllable. */
	static const char jamo[] = "\xe1\x84\x80\xe1\x85\xa1";
	struct vg_pwpolicy *p = policy(0);
	struct vg_pwpolicy_result a, b;

	a = check(p, composed);
	b = check(p, decomposed);
	ASSERT_UINT_EQ(a.pr_length, 15);
	ASSERT_UINT_EQ(b.pr_length, 15);
	ASSERT_TRUE(a.pr_ok);
	ASSERT_TRUE(b.pr_ok);
	/* 16 code points as typed, 14 characters: too short. */
	ASSERT_STR_EQ(reasons(p, short_dec),
	    "too short: 14 characters, at least 15");
	ASSERT_UINT_EQ(check(p, jamo).pr_length, 1);
	/* The same strength estimate for both forms. */
	ASSERT_TRUE(a.pr_entropy == b.pr_entropy);
	vg_pwpolicy_free(p);
}

/* Spaces and any printable character are fine; controls are not. */
VG_TEST(pwpolicy_characters)
{
	struct vg_pwpolicy *p = policy(0);
	struct vg_pwpolicy_result res;

	ASSERT_TRUE(check(p, "correct horse battery staple").pr_ok);
	ASSERT_TRUE(check(p, "\xd0\xbf\xd0\xb0\xd1\x80\xd0\xbe\xd0\xbb\xd1\x8c "
	    "\xe4\xbd\xa0\xe5\xa5\xbd \xf0\x9f\x98\x80 !\"#$%&'()*+,-./:;<=>?"
	    "@[\\]^_`{|}~").pr_ok);
	ASSERT_STR_EQ(reasons(p, "tab\there and long enough"),
	    "contains a control character");
	ASSERT_STR_EQ(reasons(p, "del\x7fhere and long enough"),
	    "contains a control character");
	/* U+0085, a C1 control. */
	ASSERT_STR_EQ(reasons(p, "nel\xc2\x85here and long enough"),
	    "contains a control character");
	/* A NUL byte is a control too. */
	ASSERT_INT_EQ(vg_pwpolicy_check(p, "nul\0here and long enough", 24,
	    &res), 0);
	ASSERT_UINT_EQ(res.pr_reasons, VG_PWPOLICY_R_CONTROL);
	ASSERT_UINT_EQ(res.pr_length, 24);
	/* Not UTF-8: stray byte, overlong, surrogate, past U+10FFFF. */
	ASSERT_INT_EQ(vg_pwpolicy_check(p, "a\xff", 2, &res), VG_ERR_INVAL);
	ASSERT_INT_EQ(vg_pwpolicy_check(p, "\xc0\xaf", 2, &res),
	    VG_ERR_INVAL);
	ASSERT_INT_EQ(vg_pwpolicy_check(p, "\xed\xa0\x80", 3, &res),
	    VG_ERR_INVAL);
	ASSERT_INT_EQ(vg_pwpolicy_check(p, "\xf4\x90\x80\x80", 4, &res),
	    VG_ERR_INVAL);
	ASSERT_FALSE(res.pr_ok);
	vg_pwpolicy_free(p);
}

/* ----------------------------------------------------------- breaches */

VG_TEST(pwpolicy_breached)
{
	struct vg_pwpolicy *p = policy(0);
	struct vg_pwpolicy_result res;
	struct fake f;

	memset(&f, 0, sizeof(f));
	fake_add(&f, "password", 4123);
	fake_add(&f, "a rather long passphrase", 1);
	/* Known to the corpus in its NFC form only. */
	fake_add(&f, "caf\xc3\xa9 au lait noir tous", 17);
	ASSERT_INT_EQ(vg_pwpolicy_corpus_set(p, VG_PWDB_SHA1, fake_corpus,
	    &f), 0);
	ASSERT_INT_EQ(vg_pwpolicy_corpus_set(p, VG_PWDB_ANY, fake_corpus,
	    &f), VG_ERR_INVAL);

	res = check(p, "password");
	ASSERT_INT_EQ(res.pr_breached, VG_PWPOLICY_BREACH_YES);
	ASSERT_UINT_EQ(res.pr_breach_count, 4123);
	ASSERT_STR_EQ(reasons(p, "password"), "too short: 8 characters, at "
	    "least 15; found in 4,123 breaches");
	ASSERT_STR_EQ(reasons(p, "a rather long passphrase"),
	    "found in 1 breach");
	res = check(p, text_of(20));
	ASSERT_TRUE(res.pr_ok);
	ASSERT_INT_EQ(res.pr_breached, VG_PWPOLICY_BREACH_NO);
	/* Typed decomposed, found through its NFC form. */
	f.calls = 0;
	res = check(p, "cafe\xcc\x81 au lait noir tous");
	ASSERT_UINT_EQ(res.pr_breach_count, 17);
	ASSERT_UINT_EQ(f.calls, 2);
	/* Already NFC: one lookup. */
	f.calls = 0;
	(void)check(p, "caf\xc3\xa9 au lait noir tous");
	ASSERT_UINT_EQ(f.calls, 1);
	/* A corpus error is the check's. */
	ASSERT_INT_EQ(vg_pwpolicy_corpus_set(p, VG_PWDB_SHA1, failing_corpus,
	    NULL), 0);
	ASSERT_INT_EQ(vg_pwpolicy_check(p, "password", 8, &res),
	    VG_ERR_FORMAT);
	ASSERT_FALSE(res.pr_ok);
	vg_pwpolicy_free(p);

	/* Without a corpus: unknown, not a reason. */
	p = policy(0);
	res = check(p, "password");
	ASSERT_INT_EQ(res.pr_breached, VG_PWPOLICY_BREACH_UNKNOWN);
	ASSERT_UINT_EQ(res.pr_reasons, VG_PWPOLICY_R_SHORT);
	vg_pwpolicy_free(p);
}

/* A tiny index built here, SHA-1 and NTLM: something always runs. */
VG_TEST(pwpolicy_tiny_index)
{
	static const enum vg_pwdb_kind kinds[] = { VG_PWDB_SHA1, VG_PWDB_NTLM };
	struct vg_pwpolicy_result res;
	struct vg_pwdb_src src;
	struct vg_pwpolicy *p;
	struct vg_pwdb *db;
	struct vg_diag d;
	char list[128], idx[128];
	const char *dir = vg_test_tmpdir();
	size_t k;

	snprintf(list, sizeof(list), "%s/list.txt", dir);
	vg_test_write(list, "correct horse battery staple\npassword\n"
	    "correct horse battery staple\nZa\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87 "
	    "g\xc4\x99\xc5\x9bl\xc4\x85 ja\xc5\xba\xc5\x84\n");
	for (k = 0; k < VG_ARRAY_LEN(kinds); k++) {
		snprintf(idx, sizeof(idx), "%s/%zu.idx", dir, k);
		src = (struct vg_pwdb_src){ list, true };
		ASSERT_INT_EQ(vg_pwdb_build(idx, &src, 1, kinds[k], NULL, NULL,
		    NULL, &d), 0);
		ASSERT_INT_EQ(vg_pwdb_open(idx, &db, &d), 0);
		p = policy(0);
		ASSERT_INT_EQ(vg_pwpolicy_corpus_set(p, vg_pwdb_kind(db),
		    index_corpus, db), 0);
		res = check(p, "correct horse battery staple");
		ASSERT_FALSE(res.pr_ok);
		ASSERT_UINT_EQ(res.pr_breach_count, 2);
		ASSERT_STR_EQ(reasons(p, "correct horse battery staple"),
		    "found in 2 breaches");
		ASSERT_UINT_EQ(check(p, "Za\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87 "
		    "g\xc4\x99\xc5\x9bl\xc4\x85 ja\xc5\xba\xc5\x84")
		    .pr_breach_count, 1);
		res = check(p, "correct horse battery stapler");
		ASSERT_TRUE(res.pr_ok);
		ASSERT_INT_EQ(res.pr_breached, VG_PWPOLICY_BREACH_NO);
		vg_pwpolicy_free(p);
		vg_pwdb_close(db);
	}
	vg_test_rmtree(dir);
}

/* The real HIBP SHA-1 range files: each known answer's count. */
VG_TEST(pwpolicy_known_answers_sha1)
{
	struct vg_pwpolicy_result res;
	struct vg_pwdb_src src;
	struct vg_pwpolicy *p;
	struct vg_pwdb *db;
	struct vg_diag d;
	char idx[128], *tsv, *line, *next, *f[6], *q, *rng;
	const char *dir, *sp;
	size_t len, i, rows = 0;

	if ((sp = vg_test_shared("creds/hibp-range/sha1")) == NULL)
		VG_SKIP("../shared/data/creds is absent");
	ASSERT_PTR_NE(rng = strdup(sp), NULL);
	if ((sp = vg_test_shared("creds/hibp-known-answers.tsv")) == NULL) {
		free(rng);
		VG_SKIP("../shared/data/creds is absent");
	}
	tsv = vg_test_read(sp, &len);
	dir = vg_test_tmpdir();
	snprintf(idx, sizeof(idx), "%s/sha1.idx", dir);
	src = (struct vg_pwdb_src){ rng, false };
	ASSERT_INT_EQ(vg_pwdb_build(idx, &src, 1, VG_PWDB_ANY, NULL, NULL,
	    NULL, &d), 0);
	ASSERT_INT_EQ(vg_pwdb_open(idx, &db, &d), 0);
	p = policy(VG_PWPOLICY_MFA);
	ASSERT_INT_EQ(vg_pwpolicy_corpus_set(p, vg_pwdb_kind(db),
	    index_corpus, db), 0);
	for (line = tsv; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (strncmp(line, "sha1\t", 5) != 0)
			continue;
		for (i = 0, q = line; i < 6; i++) {
			f[i] = q;
			if ((q = strchr(q, '\t')) != NULL)
				*q++ = '\0';
		}
		res = check(p, f[1]);
		ASSERT_UINT_EQ(res.pr_breach_count, strtoul(f[5], NULL, 10));
		ASSERT_INT_EQ(res.pr_breached, strtoul(f[5], NULL, 10) > 0 ?
		    VG_PWPOLICY_BREACH_YES : VG_PWPOLICY_BREACH_NO);
		rows++;
	}
	ASSERT_UINT_EQ(rows, 35);
	vg_pwpolicy_free(p);
	vg_pwdb_close(db);
	free(tsv);
	free(rng);
	vg_test_rmtree(dir);
}

/* ------------------------------------------------------------ context */

VG_TEST(pwpolicy_context_words)
{
	struct vg_pwpolicy *p = policy(0);
	struct vg_pwpolicy_result res;
	enum vg_pwpolicy_ctx kind;

	context(p, "org:ACME");
	context(p, "org: Acme Corporation ");
	context(p, "unit:Payroll");
	context(p, "user:ana.popescu");
	context(p, "vigilant");
	context(p, "secret:1850101123456");
	ASSERT_UINT_EQ(vg_pwpolicy_context_count(p), 6);
	ASSERT_STR_EQ(vg_pwpolicy_context_get(p, 1, &kind), "Acme Corporation");
	ASSERT_INT_EQ(kind, VG_PWPOLICY_CTX_ORG);
	/* Short words are not used; a word already there is not added. */
	ASSERT_INT_EQ(vg_pwpolicy_context_add(p, "org:ab", 6), 1);
	ASSERT_INT_EQ(vg_pwpolicy_context_add(p, "\xc3\xa9t\xc3\xa9", 5), 1);
	context(p, "org:acme");
	ASSERT_UINT_EQ(vg_pwpolicy_context_count(p), 6);
	/* Refused words. */
	ASSERT_INT_EQ(vg_pwpolicy_context_add(p, "org:  ", 6), VG_ERR_INVAL);
	ASSERT_INT_EQ(vg_pwpolicy_context_add(p, "bad\xff", 4), VG_ERR_INVAL);
	ASSERT_INT_EQ(vg_pwpolicy_context_add(p, "ta\tb2", 5), VG_ERR_INVAL);

	/* Case-insensitive, in Unicode, and full-width folds to ASCII. */
	ASSERT_STR_EQ(reasons(p, "my new acme password 2025"),
	    "contains the organization name");
	ASSERT_STR_EQ(reasons(p, "MY NEW \xef\xbc\xa1\xef\xbc\xa3\xef\xbc\xad"
	    "\xef\xbc\xa5 PASSWORD"), "contains the organization name");
	/* Two organization words: one reason. */
	ASSERT_STR_EQ(reasons(p, "acme corporation forever 99"),
	    "contains the organization name");
	res = check(p, "acme corporation forever 99");
	ASSERT_UINT_EQ(res.pr_ncontext, 2);
	ASSERT_STR_EQ(reasons(p, "PAYROLL-is-the-best-team"),
	    "contains the unit name");
	ASSERT_STR_EQ(reasons(p, "Ana.Popescu loves winter"),
	    "contains the user's identifier");
	ASSERT_STR_EQ(reasons(p, "be VIGILANT at all times"),
	    "contains the context word \"vigilant\"");
	ASSERT_STR_EQ(reasons(p, "id 1850101123456 rocks"),
	    "contains a secret context word");
	res = check(p, "a perfectly fine passphrase");
	ASSERT_TRUE(res.pr_ok);
	ASSERT_UINT_EQ(res.pr_ncontext, 0);
	/* Everything at once, in the documented order. */
	ASSERT_STR_EQ(reasons(p, "acme\tpayroll"), "too short: 12 characters, "
	    "at least 15; contains the organization name; contains the unit "
	    "name; contains a control character");
	vg_pwpolicy_free(p);
}

/* ----------------------------------------------------------- strength */

VG_TEST(pwpolicy_zxcvbn_monotone)
{
	struct vg_pwpolicy *p = policy(0), *c = policy(0);
	struct vg_pwpolicy_result weak, mid, strong, with, without;

	weak = check(p, "password");
	mid = check(p, "Tr0ub4dor&3");
	strong = check(p, "correct horse battery staple");
	ASSERT_TRUE(weak.pr_entropy < mid.pr_entropy);
	ASSERT_TRUE(mid.pr_entropy < strong.pr_entropy);
	ASSERT_TRUE(weak.pr_score <= mid.pr_score);
	ASSERT_TRUE(mid.pr_score <= strong.pr_score);
	ASSERT_INT_EQ(weak.pr_score, 0);
	ASSERT_INT_EQ(strong.pr_score, 4);
	ASSERT_TRUE(weak.pr_score >= 0 && strong.pr_score <= 4);
	/* Strength is feedback, never a reason: 15 weak characters pass. */
	ASSERT_TRUE(check(p, "aaaaaaaaaaaaaaa").pr_ok);
	ASSERT_INT_EQ(check(p, "aaaaaaaaaaaaaaa").pr_score, 0);
	/* A context word is in zxcvbn's dictionary: it lowers the estimate. */
	context(c, "zorblaxian");
	with = check(c, "zorblaxian");
	without = check(p, "zorblaxian");
	ASSERT_TRUE(with.pr_entropy < without.pr_entropy);
	vg_pwpolicy_free(p);
	vg_pwpolicy_free(c);
}

/* ------------------------------------------------------------ reports */

VG_TEST(pwpolicy_report_lines)
{
	struct vg_pwpolicy *p = policy(0);
	struct vg_pwpolicy_result res;
	struct fake f;
	char want[1024], small[16];
	char *t;

	memset(&f, 0, sizeof(f));
	fake_add(&f, "acme2024!", 4123);
	ASSERT_INT_EQ(vg_pwpolicy_corpus_set(p, VG_PWDB_SHA1, fake_corpus,
	    &f), 0);
	context(p, "org:acme");
	context(p, "secret:hunter42");

	t = format(p, "acme2024!", 3, false);
	ASSERT_STR_EQ(t, "reject: too short: 9 characters, at least 15; "
	    "found in 4,123 breaches; contains the organization name\n");
	free(t);
	res = check(p, "acme2024!");
	t = format(p, "acme2024!", 3, true);
	snprintf(want, sizeof(want), "{\"line\":3,\"ok\":false,\"length\":9,"
	    "\"min_length\":15,\"breached\":true,\"breach_count\":4123,"
	    "\"context\":\"matched acme\",\"strength\":{\"entropy_bits\":"
	    "%.1f,\"score\":%d},\"reasons\":[\"too short: 9 characters, at "
	    "least 15\",\"found in 4,123 breaches\",\"contains the "
	    "organization name\"]}\n", res.pr_entropy, res.pr_score);
	ASSERT_STR_EQ(t, want);
	free(t);

	t = format(p, "correct horse battery staple", 1, false);
	ASSERT_STR_EQ(t, "ok\n");
	free(t);
	res = check(p, "correct horse battery staple");
	t = format(p, "correct horse battery staple", 1, true);
	snprintf(want, sizeof(want), "{\"line\":1,\"ok\":true,\"length\":28,"
	    "\"min_length\":15,\"breached\":false,\"breach_count\":0,"
	    "\"context\":null,\"strength\":{\"entropy_bits\":%.1f,"
	    "\"score\":4},\"reasons\":[]}\n", res.pr_entropy);
	ASSERT_STR_EQ(t, want);
	free(t);

	/* A secret word is never shown. */
	t = format(p, "my hunter42 is long enough", 2, true);
	ASSERT_PTR_NE(strstr(t, "\"context\":\"matched <redacted>\""), NULL);
	ASSERT_PTR_NE(strstr(t, "\"contains a secret context word\""), NULL);
	ASSERT_PTR_EQ(strstr(t, "hunter42"), NULL);
	free(t);

	/* The reasons text is cut like snprintf, its length given. */
	res = check(p, "acme2024!");
	ASSERT_UINT_EQ(vg_pwpolicy_reasons(p, &res, small, sizeof(small)),
	    strlen("too short: 9 characters, at least 15; found in 4,123 "
	    "breaches; contains the organization name"));
	ASSERT_TRUE(strlen(small) < sizeof(small));
	vg_pwpolicy_free(p);

	/* Without a corpus "breached" is null. */
	p = policy(0);
	t = format(p, "x", 9, true);
	ASSERT_PTR_NE(strstr(t, "\"breached\":null,\"breach_count\":0,"), NULL);
	free(t);
	vg_pwpolicy_free(p);
}

/* No password and no secret word in any report line. */
VG_TEST(pwpolicy_no_password_in_output)
{
	static const char *const pws[] = {
		"password", "S3cretMarker-but-long", "acmeS3cretMarker!",
		"S3cretMarker hunter42", "S3cretMarker\tS3cretMarker",
		"S3cretMarker",
	};
	struct vg_pwpolicy *p = policy(0);
	struct fake f;
	size_t i;
	char *t;

	memset(&f, 0, sizeof(f));
	fake_add(&f, "S3cretMarker", 9);
	ASSERT_INT_EQ(vg_pwpolicy_corpus_set(p, VG_PWDB_SHA1, fake_corpus,
	    &f), 0);
	context(p, "org:acme");
	context(p, "secret:hunter42");
	for (i = 0; i < VG_ARRAY_LEN(pws); i++) {
		t = format(p, pws[i], i + 1, true);
		ASSERT_PTR_EQ(strcasestr(t, "S3cretMarker"), NULL);
		ASSERT_PTR_EQ(strcasestr(t, "hunter42"), NULL);
		ASSERT_TRUE(i != 0 || strstr(t, "password") == NULL);
		free(t);
		t = format(p, pws[i], i + 1, false);
		ASSERT_PTR_EQ(strcasestr(t, "S3cretMarker"), NULL);
		ASSERT_PTR_EQ(strcasestr(t, "hunter42"), NULL);
		free(t);
	}
	vg_pwpolicy_free(p);
}
