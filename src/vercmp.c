/*
 * vercmp.c -- package version ordering; see vercmp.h.
 *
 * Four comparators written from the public rules: Debian Policy 5.6.12
 * and dpkg's documented checks, rpm's version comparison as the rpm and
 * Fedora documentation describe it, the apk-package(5) version grammar,
 * and SemVer 2.0.0.  Each scheme first validates both strings completely,
 * then compares: a comparison never starts on a string it would refuse,
 * so no verdict depends on how far a walk got before meeting a bad byte.
 *
 * Walks read a byte only below the view's length, mostly through at(),
 * which returns 0 past the end.  That stand-in never collides with a
 * real byte because every scheme refuses NUL (and everything below '!')
 * during validation.
 * Digit runs compare by value without converting them (leading zeros
 * skipped, then length, then bytes), so a 30-digit component neither
 * overflows nor wraps.
 */
#include "vercmp.h"

static inline int
at(struct vg_str s, size_t i)
{
	return i < s.len ? (unsigned char)s.p[i] : 0;
}

static inline bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline bool
is_lower(int c)
{
	return c >= 'a' && c <= 'z';
}

static inline bool
is_alpha(int c)
{
	return is_lower(c) || (c >= 'A' && c <= 'Z');
}

static inline bool
is_alnum(int c)
{
	return is_digit(c) || is_alpha(c);
}

static inline int
sign(int v)
{
	return (v > 0) - (v < 0);
}

/* Length of the run of digits at the start of `s'. */
static size_t
digits_len(struct vg_str s)
{
	size_t n = 0;

	while (n < s.len && is_digit((unsigned char)s.p[n]))
		n++;
	return n;
}

static bool
all_digits(struct vg_str s)
{
	return s.len > 0 && digits_len(s) == s.len;
}

/* Compare two runs of decimal digits by value. */
static int
num_cmp(struct vg_str a, struct vg_str b)
{
	size_t i;

	while (a.len > 0 && a.p[0] == '0')
		vg_str_skip(&a, 1);
	while (b.len > 0 && b.p[0] == '0')
		vg_str_skip(&b, 1);
	if (a.len != b.len)
		return a.len < b.len ? -1 : 1;
	/* Runs are short (one to eight digits): a loop beats memcmp(3). */
	for (i = 0; i < a.len; i++)
		if (a.p[i] != b.p[i])
			return a.p[i] < b.p[i] ? -1 : 1;
	return 0;
}

/* Compare byte strings; a proper prefix sorts first. */
static int
bytes_cmp(struct vg_str a, struct vg_str b)
{
	size_t n = VG_MIN(a.len, b.len);
	int r;

	if (n > 0 && (r = memcmp(a.p, b.p, n)) != 0)
		return sign(r);
	return a.len < b.len ? -1 : a.len > b.len;
}

/*
 * The punctuation each part of a version may hold besides alphanumerics:
 * Debian Policy 5.6.12 for upstream versions (':' only after an epoch,
 * which dpkg also allows) and revisions, rpmbuild's check for rpm
 * versions and releases.
 */
#define CH_DPKG_UP	0x01u
#define CH_DPKG_REV	0x02u
#define CH_RPM		0x04u

static const uint8_t punct_class[128] = {
	['.'] = CH_DPKG_UP | CH_DPKG_REV | CH_RPM,
	['+'] = CH_DPKG_UP | CH_DPKG_REV | CH_RPM,
	['~'] = CH_DPKG_UP | CH_DPKG_REV | CH_RPM,
	['-'] = CH_DPKG_UP,
	[':'] = CH_DPKG_UP,
	['_'] = CH_RPM,
	['^'] = CH_RPM,
};

/* True when every byte of `s' is alphanumeric or punctuation of `cls'. */
static bool
chars_ok(struct vg_str s, unsigned cls)
{
	size_t i;
	int c;

	for (i = 0; i < s.len; i++) {
		c = (unsigned char)s.p[i];
		if (!is_alnum(c) && (c >= 128 || (punct_class[c] & cls) == 0))
			return false;
	}
	return true;
}

/*
 * dpkg.  Policy 5.6.12: [epoch:]upstream_version[-debian_revision].  The
 * epoch ends at the first ':', the revision starts after the last '-'.
 * We refuse what dpkg's own parser refuses (an empty or non-numeric
 * epoch, one above INT_MAX, nothing after the colon, an empty upstream
 * or revision) and also what it only warns about (upstream not starting
 * with a digit, bytes outside the Policy's sets): version-tracking data
 * uses strings like "<unfixed>" as sentinels, and dpkg would order those
 * as versions with nothing more than a warning.  A sign in the epoch,
 * which dpkg's strtol(3) would take, is refused too.
 */
struct dpkg_ver {
	struct vg_str	 dv_epoch;	/* digits; empty when absent */
	struct vg_str	 dv_upstream;
	struct vg_str	 dv_revision;	/* empty when absent */
};

static int
dpkg_parse(struct vg_str s, struct dpkg_ver *v)
{
	ptrdiff_t colon, i;

	/* Absent parts are empty views on a real pointer, never NULL. */
	v->dv_epoch = v->dv_revision = VG_STR_LIT("");
	if ((colon = vg_str_chr(s, ':')) >= 0) {
		v->dv_epoch = vg_str_sub(s, 0, (size_t)colon);
		if (!all_digits(v->dv_epoch) || num_cmp(v->dv_epoch,
		    VG_STR_LIT("2147483647")) > 0)
			return VG_ERR_PARSE;
		s = vg_str_sub(s, (size_t)colon + 1, s.len);
	}
	v->dv_upstream = s;
	for (i = (ptrdiff_t)s.len - 1; i >= 0; i--) {
		if (s.p[i] == '-') {
			v->dv_upstream = vg_str_sub(s, 0, (size_t)i);
			v->dv_revision = vg_str_sub(s, (size_t)i + 1, s.len);
			if (v->dv_revision.len == 0)
				return VG_ERR_PARSE;
			break;
		}
	}
	/*
	 * ':' cannot reach the upstream part without an epoch (the first
	 * colon would have been taken as the epoch's), so allowing it here
	 * allows exactly what dpkg allows.  An upstream part that is empty
	 * fails the leading-digit test.
	 */
	if (!is_digit(at(v->dv_upstream, 0)) ||
	    !chars_ok(v->dv_upstream, CH_DPKG_UP) ||
	    !chars_ok(v->dv_revision, CH_DPKG_REV))
		return VG_ERR_PARSE;
	return 0;
}

/*
 * The weight of a non-digit byte (Policy 5.6.12): '~' before everything,
 * even the end of the part; then the end (and a digit, which ends a
 * non-digit run); then letters in ASCII order; then everything else in
 * ASCII order.
 */
static inline int
dpkg_weight(int c)
{
	if (c == 0 || is_digit(c))
		return 0;
	if (is_alpha(c))
		return c;
	if (c == '~')
		return -1;
	return c + 256;
}

/*
 * Compare an upstream version or a revision: alternate runs of non-digits
 * (compared byte by byte by weight) and runs of digits (by value, an
 * absent run being 0).
 */
static int
dpkg_part_cmp(struct vg_str a, struct vg_str b)
{
	size_t i = 0, j = 0, si, sj;
	int wa, wb, r;

	while (i < a.len || j < b.len) {
		while ((i < a.len && !is_digit(at(a, i))) ||
		    (j < b.len && !is_digit(at(b, j)))) {
			wa = dpkg_weight(at(a, i));
			wb = dpkg_weight(at(b, j));
			if (wa != wb)
				return wa < wb ? -1 : 1;
			/*
			 * Equal weights are two equal bytes, never the end
			 * or a digit (weight 0): at least one side is a
			 * non-digit byte here, and those weigh nonzero.
			 */
			i++;
			j++;
		}
		si = i;
		sj = j;
		while (is_digit(at(a, i)))
			i++;
		while (is_digit(at(b, j)))
			j++;
		if ((r = num_cmp(vg_str_sub(a, si, i),
		    vg_str_sub(b, sj, j))) != 0)
			return r;
	}
	return 0;
}

static int
dpkg_cmp(struct vg_str a, struct vg_str b, int *cmpp)
{
	struct dpkg_ver va, vb;
	int r;

	if ((r = dpkg_parse(a, &va)) != 0 || (r = dpkg_parse(b, &vb)) != 0)
		return r;
	if ((r = num_cmp(va.dv_epoch, vb.dv_epoch)) == 0 &&
	    (r = dpkg_part_cmp(va.dv_upstream, vb.dv_upstream)) == 0)
		r = dpkg_part_cmp(va.dv_revision, vb.dv_revision);
	*cmpp = r;
	return 0;
}

/*
 * rpm.  [epoch:]version[-release], where rpmbuild allows alphanumerics
 * and . _ + ~ ^ in version and release, so there is at most one '-'.
 * Strings outside that set are refused although rpmvercmp would order
 * them: the common one is "(none):1.2-3", which `rpm -q --qf
 * %{EPOCH}:...' prints for a package without an epoch, and which
 * rpmvercmp would silently sort below every numeric version.
 */
struct rpm_ver {
	struct vg_str	 rv_epoch;	/* digits; empty when absent */
	struct vg_str	 rv_version;
	struct vg_str	 rv_release;
	bool		 rv_has_release;
};

static bool
rpm_part_ok(struct vg_str s)
{
	return s.len > 0 && chars_ok(s, CH_RPM);
}

static int
rpm_parse(struct vg_str s, struct rpm_ver *v)
{
	ptrdiff_t colon, dash;

	v->rv_epoch = v->rv_release = VG_STR_LIT("");
	v->rv_has_release = false;
	if ((colon = vg_str_chr(s, ':')) >= 0) {
		v->rv_epoch = vg_str_sub(s, 0, (size_t)colon);
		if (!all_digits(v->rv_epoch))
			return VG_ERR_PARSE;
		s = vg_str_sub(s, (size_t)colon + 1, s.len);
	}
	v->rv_version = s;
	if ((dash = vg_str_chr(s, '-')) >= 0) {
		v->rv_version = vg_str_sub(s, 0, (size_t)dash);
		v->rv_release = vg_str_sub(s, (size_t)dash + 1, s.len);
		v->rv_has_release = true;
		if (!rpm_part_ok(v->rv_release))
			return VG_ERR_PARSE;
	}
	return rpm_part_ok(v->rv_version) ? 0 : VG_ERR_PARSE;
}

/*
 * rpmvercmp: split both strings into segments, each a maximal run of
 * digits or of letters, skipping the separators between them; compare
 * segment by segment.  A digit segment beats a letter segment; digit
 * segments compare by value, letter segments as bytes.  '~' sorts before
 * anything, even the end ("1.0~rc1" < "1.0"); '^' sorts after the end but
 * before anything else ("1.0" < "1.0^git1" < "1.0.1").  When one string
 * runs out, the one with segments left is newer.
 */
static int
rpm_part_cmp(struct vg_str a, struct vg_str b)
{
	size_t i = 0, j = 0, si, sj;
	bool num;
	int ca, cb, r;

	if (bytes_cmp(a, b) == 0)
		return 0;
	while (i < a.len || j < b.len) {
		while (i < a.len && !is_alnum(at(a, i)) && at(a, i) != '~' &&
		    at(a, i) != '^')
			i++;
		while (j < b.len && !is_alnum(at(b, j)) && at(b, j) != '~' &&
		    at(b, j) != '^')
			j++;
		ca = at(a, i);
		cb = at(b, j);
		if (ca == '~' || cb == '~') {
			if (ca != '~')
				return 1;
			if (cb != '~')
				return -1;
			i++;
			j++;
			continue;
		}
		if (ca == '^' || cb == '^') {
			if (i >= a.len)
				return -1;
			if (j >= b.len)
				return 1;
			if (ca != '^')
				return 1;
			if (cb != '^')
				return -1;
			i++;
			j++;
			continue;
		}
		if (i >= a.len || j >= b.len)
			break;
		si = i;
		sj = j;
		num = is_digit(ca);
		if (num) {
			while (is_digit(at(a, i)))
				i++;
			while (is_digit(at(b, j)))
				j++;
		} else {
			while (is_alpha(at(a, i)))
				i++;
			while (is_alpha(at(b, j)))
				j++;
		}
		/* The segments differ in kind: digits are newer. */
		if (j == sj)
			return num ? 1 : -1;
		r = num ? num_cmp(vg_str_sub(a, si, i), vg_str_sub(b, sj, j)) :
		    bytes_cmp(vg_str_sub(a, si, i), vg_str_sub(b, sj, j));
		if (r != 0)
			return r;
	}
	if (i >= a.len && j >= b.len)
		return 0;
	return i >= a.len ? -1 : 1;
}

static int
rpm_cmp(struct vg_str a, struct vg_str b, int *cmpp)
{
	struct rpm_ver va, vb;
	int r;

	if ((r = rpm_parse(a, &va)) != 0 || (r = rpm_parse(b, &vb)) != 0)
		return r;
	if ((r = num_cmp(va.rv_epoch, vb.rv_epoch)) == 0 &&
	    (r = rpm_part_cmp(va.rv_version, vb.rv_version)) == 0) {
		if (va.rv_has_release && vb.rv_has_release)
			r = rpm_part_cmp(va.rv_release, vb.rv_release);
		else
			r = (int)va.rv_has_release - (int)vb.rv_has_release;
	}
	*cmpp = r;
	return 0;
}

/*
 * apk.  A version is a sequence of tokens whose kinds may only appear in
 * this order (enum order matters: it is also the tie-break below):
 *
 *   FIRST     the leading number
 *   DIGIT     ".number", any number of them
 *   LETTER    one lower case letter, right after a number
 *   SUFFIX    "_name", any number of them, each ...
 *   SUFNO     ... optionally followed by its number
 *   HASH      "~" and lower case hex digits
 *   REV       "-r" and digits
 *
 * Two versions compare token by token while the kinds agree: numbers by
 * value, except that a ".number" with a leading zero on either side
 * compares as bytes (so "1.02" < "1.1", as a decimal fraction would);
 * letters and hashes as bytes; suffixes by rank.  At the first place the
 * kinds differ, a pre-release suffix (alpha, beta, pre, rc) sorts first;
 * otherwise the version whose token kind comes later in the grammar is
 * the older one, and the end counts as latest of all: "1.2" < "1.2.1",
 * "1.2a" < "1.2.1", "1.2" < "1.2-r1" < "1.2~beef" < "1.2_p1".
 */
enum apk_tok {
	APK_FIRST,
	APK_DIGIT,
	APK_LETTER,
	APK_SUFFIX,
	APK_SUFNO,
	APK_HASH,
	APK_REV,
	APK_END,
	APK_BAD,
};

/* Ranks of the suffixes; a bare version ranks APK_SUF_NONE. */
static const char *const apk_suffixes[] = {
	"alpha", "beta", "pre", "rc", "", "cvs", "svn", "git", "hg", "p",
};
#define APK_SUF_NONE	4

struct apk_cur {
	struct vg_str	 ac_rest;	/* what follows the current token */
	struct vg_str	 ac_val;	/* its digits, letter, name or hash */
	enum apk_tok	 ac_tok;
	int		 ac_suf;	/* rank, for APK_SUFFIX */
};

/* Take the run of bytes at the start of ac_rest that `ok' accepts. */
static struct vg_str
apk_take(struct apk_cur *c, bool (*ok)(int))
{
	size_t n = 0;
	struct vg_str v;

	while (n < c->ac_rest.len && ok((unsigned char)c->ac_rest.p[n]))
		n++;
	v = vg_str_sub(c->ac_rest, 0, n);
	vg_str_skip(&c->ac_rest, n);
	return v;
}

static bool
is_hex_lower(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f');
}

static void
apk_digits(struct apk_cur *c, enum apk_tok tok)
{
	c->ac_val = apk_take(c, is_digit);
	c->ac_tok = c->ac_val.len > 0 ? tok : APK_BAD;
}

static void
apk_first(struct apk_cur *c, struct vg_str s)
{
	c->ac_rest = s;
	c->ac_suf = APK_SUF_NONE;
	apk_digits(c, APK_FIRST);
}

static void
apk_next(struct apk_cur *c)
{
	enum apk_tok prev = c->ac_tok;
	size_t k;
	int ch;

	if (c->ac_rest.len == 0) {
		c->ac_tok = APK_END;
		return;
	}
	ch = (unsigned char)c->ac_rest.p[0];
	c->ac_tok = APK_BAD;
	if (is_lower(ch) && prev <= APK_DIGIT) {
		c->ac_val = vg_str_sub(c->ac_rest, 0, 1);
		vg_str_skip(&c->ac_rest, 1);
		c->ac_tok = APK_LETTER;
	} else if (ch == '.' && prev <= APK_DIGIT) {
		vg_str_skip(&c->ac_rest, 1);
		apk_digits(c, APK_DIGIT);
	} else if (is_digit(ch) && prev == APK_SUFFIX) {
		apk_digits(c, APK_SUFNO);
	} else if (ch == '_' && prev <= APK_SUFNO) {
		vg_str_skip(&c->ac_rest, 1);
		c->ac_val = apk_take(c, is_lower);
		for (k = 0; k < VG_ARRAY_LEN(apk_suffixes); k++) {
			if (k != APK_SUF_NONE && vg_str_eq(c->ac_val,
			    apk_suffixes[k], strlen(apk_suffixes[k]))) {
				c->ac_suf = (int)k;
				c->ac_tok = APK_SUFFIX;
				break;
			}
		}
	} else if (ch == '~' && prev < APK_HASH) {
		vg_str_skip(&c->ac_rest, 1);
		c->ac_val = apk_take(c, is_hex_lower);
		if (c->ac_val.len > 0)
			c->ac_tok = APK_HASH;
	} else if (ch == '-' && prev < APK_REV &&
	    VG_STR_EAT(&c->ac_rest, "-r")) {
		apk_digits(c, APK_REV);
	}
}

static int
apk_check(struct vg_str s)
{
	struct apk_cur c;

	for (apk_first(&c, s); c.ac_tok < APK_END; apk_next(&c))
		;
	return c.ac_tok == APK_END ? 0 : VG_ERR_PARSE;
}

static int
apk_tok_cmp(const struct apk_cur *a, const struct apk_cur *b)
{
	switch (a->ac_tok) {
	case APK_DIGIT:
		if (a->ac_val.p[0] == '0' || b->ac_val.p[0] == '0')
			return bytes_cmp(a->ac_val, b->ac_val);
		return num_cmp(a->ac_val, b->ac_val);
	case APK_FIRST:
	case APK_SUFNO:
	case APK_REV:
		return num_cmp(a->ac_val, b->ac_val);
	case APK_SUFFIX:
		return sign(a->ac_suf - b->ac_suf);
	case APK_LETTER:
	case APK_HASH:
		return bytes_cmp(a->ac_val, b->ac_val);
	case APK_END:
	case APK_BAD:
		break;
	}
	/* NOTREACHED: the caller stops at the end, and both are valid. */
	VG_ASSERT(0);
	return 0;
}

static int
apk_cmp(struct vg_str a, struct vg_str b, int *cmpp)
{
	struct apk_cur ca, cb;
	int r;

	if ((r = apk_check(a)) != 0 || (r = apk_check(b)) != 0)
		return r;
	for (apk_first(&ca, a), apk_first(&cb, b);
	    ca.ac_tok == cb.ac_tok && ca.ac_tok < APK_END;
	    apk_next(&ca), apk_next(&cb)) {
		if ((r = apk_tok_cmp(&ca, &cb)) != 0) {
			*cmpp = r;
			return 0;
		}
	}
	if (ca.ac_tok == cb.ac_tok)
		r = 0;
	else if (ca.ac_tok == APK_SUFFIX && ca.ac_suf < APK_SUF_NONE)
		r = -1;
	else if (cb.ac_tok == APK_SUFFIX && cb.ac_suf < APK_SUF_NONE)
		r = 1;
	else
		r = ca.ac_tok > cb.ac_tok ? -1 : 1;
	*cmpp = r;
	return 0;
}

/*
 * SemVer 2.0.0, strictly, after an optional 'v' (Go spells versions so):
 * MAJOR.MINOR.PATCH as numbers without leading zeros, then optionally
 * "-" and dot-separated pre-release identifiers ([0-9A-Za-z-]+, numeric
 * ones without leading zeros), then optionally "+" and dot-separated
 * build identifiers ([0-9A-Za-z-]+), which do not take part in ordering.
 */
struct semver {
	struct vg_str	 sv_core[3];
	struct vg_str	 sv_pre;	/* without the '-' */
	bool		 sv_has_pre;
};

static bool
semver_ident_char(int c)
{
	return is_alnum(c) || c == '-';
}

/* A numeric identifier: "0" or digits without a leading zero. */
static bool
semver_num_ok(struct vg_str s)
{
	return all_digits(s) && (s.len == 1 || s.p[0] != '0');
}

/* Check dot-separated identifiers; pre-release ones are stricter. */
static bool
semver_idents_ok(struct vg_str s, bool pre)
{
	struct vg_str id;
	bool more = true;
	size_t i;

	while (more) {
		if (!vg_str_until(&s, '.', &id)) {
			id = s;
			more = false;
		}
		if (id.len == 0)
			return false;
		for (i = 0; i < id.len; i++)
			if (!semver_ident_char((unsigned char)id.p[i]))
				return false;
		if (pre && all_digits(id) && !semver_num_ok(id))
			return false;
	}
	return true;
}

static int
semver_parse(struct vg_str s, struct semver *v)
{
	size_t i, n;
	ptrdiff_t plus;

	v->sv_pre = VG_STR_LIT("");
	v->sv_has_pre = false;
	(void)VG_STR_EAT(&s, "v");
	for (i = 0; i < 3; i++) {
		if (i > 0 && !VG_STR_EAT(&s, "."))
			return VG_ERR_PARSE;
		n = digits_len(s);
		v->sv_core[i] = vg_str_sub(s, 0, n);
		if (!semver_num_ok(v->sv_core[i]))
			return VG_ERR_PARSE;
		vg_str_skip(&s, n);
	}
	if ((plus = vg_str_chr(s, '+')) >= 0) {
		if (!semver_idents_ok(vg_str_sub(s, (size_t)plus + 1, s.len),
		    false))
			return VG_ERR_PARSE;
		s.len = (size_t)plus;
	}
	if (VG_STR_EAT(&s, "-")) {
		if (!semver_idents_ok(s, true))
			return VG_ERR_PARSE;
		v->sv_pre = s;
		v->sv_has_pre = true;
	} else if (s.len != 0)
		return VG_ERR_PARSE;
	return 0;
}

/*
 * Section 11: identifiers compare one by one; numeric ones by value and
 * before alphanumeric ones, alphanumeric ones as ASCII bytes; if all
 * shared identifiers are equal, more identifiers sort later.
 */
static int
semver_pre_cmp(struct vg_str a, struct vg_str b)
{
	struct vg_str ia, ib;
	bool more_a = true, more_b = true, na, nb;
	int r;

	for (;;) {
		if (!more_a || !more_b)
			return (int)more_a - (int)more_b;
		if (!vg_str_until(&a, '.', &ia)) {
			ia = a;
			more_a = false;
		}
		if (!vg_str_until(&b, '.', &ib)) {
			ib = b;
			more_b = false;
		}
		na = all_digits(ia);
		nb = all_digits(ib);
		if (na != nb)
			return na ? -1 : 1;
		r = na ? num_cmp(ia, ib) : bytes_cmp(ia, ib);
		if (r != 0)
			return r;
	}
}

static int
semver_cmp(struct vg_str a, struct vg_str b, int *cmpp)
{
	struct semver va, vb;
	size_t i;
	int r;

	if ((r = semver_parse(a, &va)) != 0 || (r = semver_parse(b, &vb)) != 0)
		return r;
	for (i = 0, r = 0; i < 3 && r == 0; i++)
		r = num_cmp(va.sv_core[i], vb.sv_core[i]);
	if (r == 0) {
		/* A pre-release sorts before its release. */
		if (va.sv_has_pre && vb.sv_has_pre)
			r = semver_pre_cmp(va.sv_pre, vb.sv_pre);
		else
			r = (int)vb.sv_has_pre - (int)va.sv_has_pre;
	}
	*cmpp = r;
	return 0;
}

/* Refuse an unknown scheme, a long string, or an empty one. */
static int
precheck(enum vg_ver_scheme scheme, struct vg_str v)
{
	if (scheme < VG_VER_DPKG || scheme > VG_VER_SEMVER)
		return VG_ERR_INVAL;
	if (v.len > VG_MAX_VERSION)
		return VG_ERR_LIMIT;
	return v.len == 0 ? VG_ERR_PARSE : 0;
}

int
vg_ver_cmp(enum vg_ver_scheme scheme, struct vg_str a, struct vg_str b,
    int *cmpp)
{
	int r = VG_ERR_INTERNAL, cmp = 0;

	*cmpp = 0;
	if ((r = precheck(scheme, a)) != 0 || (r = precheck(scheme, b)) != 0)
		return r;
	switch (scheme) {
	case VG_VER_DPKG:
		r = dpkg_cmp(a, b, &cmp);
		break;
	case VG_VER_RPM:
		r = rpm_cmp(a, b, &cmp);
		break;
	case VG_VER_APK:
		r = apk_cmp(a, b, &cmp);
		break;
	case VG_VER_SEMVER:
		r = semver_cmp(a, b, &cmp);
		break;
	}
	if (r == 0)
		*cmpp = sign(cmp);
	return r;
}

int
vg_ver_check(enum vg_ver_scheme scheme, struct vg_str v)
{
	struct dpkg_ver dv;
	struct rpm_ver rv;
	struct semver sv;
	int r;

	if ((r = precheck(scheme, v)) != 0)
		return r;
	switch (scheme) {
	case VG_VER_DPKG:
		return dpkg_parse(v, &dv);
	case VG_VER_RPM:
		return rpm_parse(v, &rv);
	case VG_VER_APK:
		return apk_check(v);
	case VG_VER_SEMVER:
		return semver_parse(v, &sv);
	}
	return VG_ERR_INTERNAL;
}

enum vg_ver_scheme
vg_ver_scheme_of(struct vg_str ecosystem)
{
	static const struct {
		const char		*name;
		enum vg_ver_scheme	 scheme;
	} map[] = {
		{ "Debian",			VG_VER_DPKG },
		{ "Ubuntu",			VG_VER_DPKG },
		{ "AlmaLinux",			VG_VER_RPM },
		{ "Azure Linux",		VG_VER_RPM },
		{ "Mageia",			VG_VER_RPM },
		{ "openEuler",			VG_VER_RPM },
		{ "openSUSE",			VG_VER_RPM },
		{ "Photon OS",			VG_VER_RPM },
		{ "Red Hat",			VG_VER_RPM },
		{ "Rocky Linux",		VG_VER_RPM },
		{ "SUSE",			VG_VER_RPM },
		{ "Alpaquita",			VG_VER_APK },
		{ "Alpine",			VG_VER_APK },
		{ "BellSoft Hardened Containers", VG_VER_APK },
		{ "Chainguard",			VG_VER_APK },
		{ "MinimOS",			VG_VER_APK },
		{ "Wolfi",			VG_VER_APK },
		{ "crates.io",			VG_VER_SEMVER },
		{ "Go",				VG_VER_SEMVER },
		{ "Hex",			VG_VER_SEMVER },
		{ "npm",			VG_VER_SEMVER },
		{ "SwiftURL",			VG_VER_SEMVER },
	};
	struct vg_str name;
	size_t i;

	if (!vg_str_until(&ecosystem, ':', &name))
		name = ecosystem;
	for (i = 0; i < VG_ARRAY_LEN(map); i++)
		if (vg_str_eq(name, map[i].name, strlen(map[i].name)))
			return map[i].scheme;
	return 0;
}
