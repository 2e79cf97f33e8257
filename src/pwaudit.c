/*
 * pwaudit.c -- the NT hash audit: the pwdump parser, the grouping of
 * accounts by hash, the findings and the report lines.  See pwaudit.h,
 * and docs/PW-AUDIT-POLICY.md for the choices.
 *
 * Memory: one table of accounts (names as offsets into one arena of
 * names, so that the table can grow by realloc), and the NT hashes in a
 * parallel array from sodium_malloc(3), locked and between guard pages,
 * grown by doubling (copy, then sodium_free, which wipes).  A hash is
 * decoded from its hex digits straight into that array: no other copy
 * of it is ever made.  The dump's hex text itself is the caller's, who
 * wipes it.
 *
 * Grouping sorts account numbers by (hash, number), so each run of one
 * hash is in input order and its first element is the group's first
 * account; groups are then numbered by that first account.  The number
 * thus depends only on the order of the dump, never on the hash.
 */
#include "vg.h"

#include <stdarg.h>

#include <sodium.h>

#include "pwaudit.h"
#include "vg_buf.h"
#include "vg_json.h"

/* Longest report line: two escaped names and the fixed fields. */
#define MAX_TEXT	(16 * 1024)

#define NO_DOMAIN	SIZE_MAX

/*
 * A slot of the duplicate set: the key's hash, kept so that growing the
 * set and most failed probes never touch the account table.
 */
struct slot {
	uint64_t	s_hash;
	uint32_t	s_acct;		/* account + 1, or 0: free */
};

/* An account while the audit is being read. */
struct acct {
	size_t		ac_name;	/* offsets into a_names */
	size_t		ac_domain;	/* or NO_DOMAIN */
	uint32_t	ac_file;	/* index into a_files */
	uint32_t	ac_rid;
	unsigned long	ac_line;
	uint8_t		ac_status;	/* enum vg_pwaudit_status */
	bool		ac_machine;
	bool		ac_lm;
};

struct vg_pwaudit {
	unsigned		 a_flags;
	bool			 a_finished;
	bool			 a_failed;	/* finish failed */
	struct acct		*a_acct;
	size_t			 a_n;
	size_t			 a_cap;
	uint8_t			*a_nt;		/* sodium_malloc'd */
	size_t			 a_ntcap;	/* hashes of room */
	char			*a_names;
	size_t			 a_names_len;
	size_t			 a_names_cap;
	char			**a_files;
	size_t			 a_nfiles;
	struct slot		*a_set;
	size_t			 a_set_cap;	/* a power of two */
	uint8_t			 a_key[crypto_shorthash_KEYBYTES];
	struct vg_pwaudit_account *a_out;
	uint32_t		*a_sizes;
	size_t			 a_ngroups;
	struct vg_pwaudit_stats	 a_st;
};

/* MD4 of the empty UTF-16LE string: the NT hash of "". */
static const uint8_t empty_nt[VG_PWAUDIT_NT_LEN] = {
	0x31, 0xd6, 0xcf, 0xe0, 0xd1, 0x6a, 0xe9, 0x31,
	0xb7, 0x3c, 0x59, 0xd7, 0xe0, 0xc0, 0x89, 0xc0,
};

/* ------------------------------------------------------------- life */

struct vg_pwaudit *
vg_pwaudit_new(unsigned flags)
{
	struct vg_pwaudit *a;

	if (sodium_init() < 0)
		return NULL;
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	a->a_flags = flags;
	/* Dump names are not secret, but keep chains short whatever. */
	crypto_shorthash_keygen(a->a_key);
	return a;
}

void
vg_pwaudit_free(struct vg_pwaudit *a)
{
	size_t i;

	if (a == NULL)
		return;
	if (a->a_nt != NULL)
		sodium_free(a->a_nt);	/* wipes */
	for (i = 0; i < a->a_nfiles; i++)
		free(a->a_files[i]);
	free(a->a_files);
	free(a->a_acct);
	free(a->a_names);
	free(a->a_set);
	free(a->a_out);
	free(a->a_sizes);
	sodium_memzero(a, sizeof(*a));
	free(a);
}

/* --------------------------------------------------------- helpers */

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static bool
is_hex32(const char *p, size_t n)
{
	size_t i;

	if (n != 32)
		return false;
	for (i = 0; i < n; i++)
		if (hexval((unsigned char)p[i]) < 0)
			return false;
	return true;
}

/* 32 hex digits, already checked, to 16 bytes at `out'. */
static void
hex_decode(const char *p, uint8_t *out)
{
	size_t i;

	for (i = 0; i < VG_PWAUDIT_NT_LEN; i++)
		out[i] = (uint8_t)(hexval((unsigned char)p[2 * i]) << 4 |
		    hexval((unsigned char)p[2 * i + 1]));
}

static bool
eq_nocase(const char *p, size_t n, const char *s)
{
	size_t i;

	if (strlen(s) != n)
		return false;
	for (i = 0; i < n; i++) {
		unsigned char x = (unsigned char)p[i];
		unsigned char y = (unsigned char)s[i];

		if (x >= 'A' && x <= 'Z')
			x |= 0x20;
		if (y >= 'A' && y <= 'Z')
			y |= 0x20;
		if (x != y)
			return false;
	}
	return true;
}

static bool
starts_with(const char *p, size_t n, const char *s)
{
	size_t k = strlen(s);

	return n >= k && memcmp(p, s, k) == 0;
}

/* "NO PASSWORD" and 21 asterisks: pwdump's "no hash of this kind". */
static bool
is_no_password(const char *p, size_t n)
{
	size_t i;

	if (n != 32 || memcmp(p, "NO PASSWORD", 11) != 0)
		return false;
	for (i = 11; i < n; i++)
		if (p[i] != '*')
			return false;
	return true;
}

/* An LM field that says "none stored": LM("") , zeros, NO PASSWORD. */
static bool
lm_absent(const char *p, size_t n)
{
	size_t i;

	if (is_no_password(p, n))
		return true;
	if (eq_nocase(p, n, "aad3b435b51404eeaad3b435b51404ee"))
		return true;
	for (i = 0; i < n; i++)
		if (p[i] != '0')
			return false;
	return true;
}

static bool
has_control(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20 || (unsigned char)p[i] == 0x7f)
			return true;
	return false;
}

static void
lower_ascii(char *dst, const char *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = src[i] >= 'A' && src[i] <= 'Z' ?
		    (char)(src[i] | 0x20) : src[i];
}

/* --------------------------------------------------------- the set */

/*
 * The duplicate check: accounts by (domain, name) ignoring ASCII case,
 * in an open-addressed table of account numbers + 1 with the key's
 * hash, at most half full.  The key is the lower-cased "domain\name"
 * (or "\name" without a domain), hashed with SipHash under a
 * per-audit key.
 */
static size_t
key_of(const struct vg_pwaudit *a, const char *domain, size_t dlen,
    const char *name, size_t nlen, char *key)
{
	size_t n = 0;

	if (domain != NULL) {
		lower_ascii(key, domain, dlen);
		n = dlen;
	}
	key[n++] = '\\';
	lower_ascii(key + n, name, nlen);
	return n + nlen;
}

static uint64_t
key_hash(const struct vg_pwaudit *a, const char *key, size_t n)
{
	uint8_t h[crypto_shorthash_BYTES];
	uint64_t v;

	crypto_shorthash(h, (const unsigned char *)key, n, a->a_key);
	memcpy(&v, h, sizeof(v));
	return v;
}

static size_t
key_of_acct(const struct vg_pwaudit *a, const struct acct *ac, char *key)
{
	const char *d = ac->ac_domain == NO_DOMAIN ? NULL :
	    a->a_names + ac->ac_domain;
	const char *nm = a->a_names + ac->ac_name;

	return key_of(a, d, d != NULL ? strlen(d) : 0, nm, strlen(nm), key);
}

static int
set_grow(struct vg_pwaudit *a)
{
	size_t cap = a->a_set_cap == 0 ? 1024 : a->a_set_cap * 2, i, j;
	struct slot *set;

	if ((set = calloc(cap, sizeof(*set))) == NULL)
		return VG_ERR_NOMEM;
	for (i = 0; i < a->a_set_cap; i++) {
		if (a->a_set[i].s_acct == 0)
			continue;
		for (j = a->a_set[i].s_hash & (cap - 1); set[j].s_acct != 0;
		    j = (j + 1) & (cap - 1))
			;
		set[j] = a->a_set[i];
	}
	free(a->a_set);
	a->a_set = set;
	a->a_set_cap = cap;
	return 0;
}

/*
 * Find the account with `key' (of hash `h'), or the free slot for it:
 * *slotp is the slot, and the return the account number + 1 there, or
 * 0.
 */
static uint32_t
set_find(const struct vg_pwaudit *a, const char *key, size_t n, uint64_t h,
    size_t *slotp)
{
	char other[2 * VG_MAX_PW_DUMP_NAME + 2];
	const struct slot *sl;
	size_t j, m;

	for (j = h & (a->a_set_cap - 1); a->a_set[j].s_acct != 0;
	    j = (j + 1) & (a->a_set_cap - 1)) {
		sl = &a->a_set[j];
		if (sl->s_hash != h)
			continue;
		m = key_of_acct(a, &a->a_acct[sl->s_acct - 1], other);
		if (m == n && memcmp(other, key, n) == 0)
			break;
	}
	*slotp = j;
	return a->a_set[j].s_acct;
}

/* ------------------------------------------------------------ parse */

struct pctx {
	struct vg_pwaudit	*a;
	const char		*file;
	uint32_t		 fileno;
	unsigned long		 line;
	vg_pwaudit_warn_fn	*warn;
	void			*warn_arg;
	/*
	 * In secretsdump's cached-logon or LSA secrets section, whose lines
	 * (DCC2 hashes, $MACHINE.ACC, DPAPI keys) are not accounts.
	 */
	bool			 secrets;
	/* The last account line, for its history lines. */
	const char		*prev;
	size_t			 prevlen;
	uint32_t		 prevrid;
};

static void	bad_line(struct pctx *, const char *, ...) VG_PRINTF(2, 3);

static void
bad_line(struct pctx *cx, const char *fmt, ...)
{
	struct vg_diag d;
	va_list ap;

	cx->a->a_st.st_bad++;
	if (cx->warn == NULL)
		return;
	d.src = cx->file;
	d.line = cx->line;
	va_start(ap, fmt);
	vsnprintf(d.msg, sizeof(d.msg), fmt, ap);
	va_end(ap);
	cx->warn(cx->warn_arg, &d);
}

static int
names_add(struct vg_pwaudit *a, const char *p, size_t n, size_t *offp)
{
	size_t cap;
	char *q;

	if (a->a_names_len + n + 1 > a->a_names_cap) {
		for (cap = VG_MAX(a->a_names_cap, (size_t)4096);
		    cap < a->a_names_len + n + 1; cap *= 2)
			;
		if ((q = realloc(a->a_names, cap)) == NULL)
			return VG_ERR_NOMEM;
		a->a_names = q;
		a->a_names_cap = cap;
	}
	memcpy(a->a_names + a->a_names_len, p, n);
	a->a_names[a->a_names_len + n] = '\0';
	*offp = a->a_names_len;
	a->a_names_len += n + 1;
	return 0;
}

/*
 * Room for one more account and hash: both arrays double.  The hashes
 * move to a new sodium_malloc'd array and the old one is wiped by
 * sodium_free(), so no copy is left behind.
 */
static int
grow(struct vg_pwaudit *a)
{
	struct acct *acct;
	uint8_t *nt;
	size_t want;

	if (a->a_n < a->a_cap && a->a_n < a->a_ntcap)
		return 0;
	want = a->a_cap == 0 ? 1024 : a->a_cap * 2;
	if (want > VG_MAX_PW_AUDIT_ACCOUNTS)
		want = VG_MAX_PW_AUDIT_ACCOUNTS;
	if ((acct = reallocarray(a->a_acct, want, sizeof(*acct))) == NULL)
		return VG_ERR_NOMEM;
	a->a_acct = acct;
	a->a_cap = want;
	if ((nt = sodium_malloc(want * VG_PWAUDIT_NT_LEN)) == NULL)
		return VG_ERR_NOMEM;
	if (a->a_nt != NULL) {
		memcpy(nt, a->a_nt, a->a_n * VG_PWAUDIT_NT_LEN);
		sodium_free(a->a_nt);
	}
	a->a_nt = nt;
	a->a_ntcap = want;
	return 0;
}

/*
 * Field `i' of the line: the text up to the next ':' (or the end).
 * Returns false when the line has no more fields.
 */
static bool
field(const char **pp, const char *end, const char **fp, size_t *fnp)
{
	const char *p = *pp, *c;

	if (p == NULL)
		return false;
	c = memchr(p, ':', (size_t)(end - p));
	*fp = p;
	*fnp = (size_t)((c != NULL ? c : end) - p);
	*pp = c != NULL ? c + 1 : NULL;
	return true;
}

/* secretsdump lines that are not NT hashes and are not errors. */
static bool
is_other_field(const char *p, size_t n)
{
	static const char *const kinds[] = {
		"aes256-cts-hmac-sha1-96", "aes128-cts-hmac-sha1-96",
		"des-cbc-md5", "des-cbc-crc", "rc4_hmac", "rc4-hmac",
		"CLEARTEXT",
	};
	size_t i;

	for (i = 0; i < VG_ARRAY_LEN(kinds); i++)
		if (strlen(kinds[i]) == n && memcmp(kinds[i], p, n) == 0)
			return true;
	return false;
}

/* `user_historyN' after `user' with the same RID. */
static bool
is_history(const struct pctx *cx, const char *f, size_t n, uint32_t rid)
{
	static const char tag[] = "_history";
	size_t k = sizeof(tag) - 1, i;

	if (cx->prev == NULL || rid != cx->prevrid || n <= cx->prevlen + k ||
	    memcmp(f, cx->prev, cx->prevlen) != 0 ||
	    memcmp(f + cx->prevlen, tag, k) != 0)
		return false;
	for (i = cx->prevlen + k; i < n; i++)
		if (f[i] < '0' || f[i] > '9')
			return false;
	return true;
}

static bool
parse_rid(const char *p, size_t n, uint32_t *ridp)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || n > 10)
		return false;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(p[i] - '0');
	}
	if (v > UINT32_MAX)
		return false;
	*ridp = (uint32_t)v;
	return true;
}

static int
parse_line(struct pctx *cx, const char *p, size_t n, struct vg_diag *diag)
{
	struct vg_pwaudit *a = cx->a;
	const char *end = p + n, *cur = p, *f1, *f2, *f3, *f4, *user, *dom;
	const char *rest, *bs;
	char key[2 * VG_MAX_PW_DUMP_NAME + 2];
	size_t n1, n2, n3, n4, un, dn, kn, slot, i;
	struct acct *ac;
	uint32_t rid, other;
	uint64_t kh;
	int r;

	for (i = 0; i < n && (p[i] == ' ' || p[i] == '\t'); i++)
		;
	if (i == n || p[i] == '#') {
		a->a_st.st_blank++;
		return 0;
	}
	/*
	 * impacket's log lines and banner.  "[*] Dumping ..." starts a
	 * section: the cached logons and the LSA secrets are skipped whole,
	 * the SAM and NTDS hashes read.
	 */
	if ((n >= 3 && p[0] == '[' && p[2] == ']' &&
	    strchr("*+-!", p[1]) != NULL) || starts_with(p, n, "Impacket v")) {
		if (starts_with(p, n, "[*] Dumping "))
			cx->secrets = starts_with(p, n,
			    "[*] Dumping cached domain logon") ||
			    starts_with(p, n, "[*] Dumping LSA Secrets");
		a->a_st.st_other++;
		return 0;
	}
	if (cx->secrets) {
		a->a_st.st_other++;
		return 0;
	}
	if (n > VG_MAX_PW_DUMP_LINE) {
		bad_line(cx, "line longer than %d bytes, skipped",
		    VG_MAX_PW_DUMP_LINE);
		return 0;
	}
	if (!field(&cur, end, &f1, &n1) || !field(&cur, end, &f2, &n2)) {
		bad_line(cx, "not user:rid:lmhash:nthash, skipped");
		return 0;
	}
	if (is_other_field(f2, n2)) {
		a->a_st.st_other++;
		return 0;
	}
	if (!field(&cur, end, &f3, &n3) || !field(&cur, end, &f4, &n4)) {
		bad_line(cx, "not user:rid:lmhash:nthash, skipped");
		return 0;
	}
	rest = cur;	/* after the NT hash's colon, or NULL at the end */
	if (!parse_rid(f2, n2, &rid)) {
		bad_line(cx, "the RID is not a decimal number below 2^32, "
		    "skipped");
		return 0;
	}
	if (!is_hex32(f3, n3) && !is_no_password(f3, n3)) {
		bad_line(cx, "the LM hash is not 32 hex digits, skipped");
		return 0;
	}
	if (!is_hex32(f4, n4) && !is_no_password(f4, n4)) {
		bad_line(cx, "the NT hash is not 32 hex digits, skipped");
		return 0;
	}
	/* The name: DOMAIN\user or user. */
	if ((bs = memchr(f1, '\\', n1)) != NULL) {
		dom = f1;
		dn = (size_t)(bs - f1);
		user = bs + 1;
		un = n1 - dn - 1;
	} else {
		dom = NULL;
		dn = 0;
		user = f1;
		un = n1;
	}
	if (un == 0 || (dom != NULL && dn == 0)) {
		bad_line(cx, "an empty %s name, skipped", un == 0 ? "user" :
		    "domain");
		return 0;
	}
	if (un > VG_MAX_PW_DUMP_NAME || dn > VG_MAX_PW_DUMP_NAME) {
		bad_line(cx, "a name longer than %d bytes, skipped",
		    VG_MAX_PW_DUMP_NAME);
		return 0;
	}
	if (has_control(f1, n1)) {
		bad_line(cx, "a control character in the name, skipped");
		return 0;
	}
	if (is_history(cx, f1, n1, rid)) {
		a->a_st.st_history++;
		return 0;
	}
	cx->prev = f1;
	cx->prevlen = n1;
	cx->prevrid = rid;
	if (user[un - 1] == '$' && (a->a_flags & VG_PWAUDIT_MACHINES) == 0) {
		a->a_st.st_machines++;
		return 0;
	}
	if (is_no_password(f4, n4)) {
		a->a_st.st_nohash++;
		return 0;
	}

	kn = key_of(a, dom, dn, user, un, key);
	if (a->a_set_cap == 0 || (a->a_n + 1) * 2 > a->a_set_cap)
		if ((r = set_grow(a)) != 0)
			goto nomem;
	kh = key_hash(a, key, kn);
	if ((other = set_find(a, key, kn, kh, &slot)) != 0) {
		a->a_st.st_duplicates++;
		ac = &a->a_acct[other - 1];
		if (cx->warn != NULL) {
			struct vg_diag d;

			d.src = cx->file;
			d.line = cx->line;
			if (ac->ac_file == cx->fileno)
				snprintf(d.msg, sizeof(d.msg), "the account "
				    "of line %lu again, skipped", ac->ac_line);
			else
				snprintf(d.msg, sizeof(d.msg), "the account "
				    "of %s:%lu again, skipped",
				    a->a_files[ac->ac_file], ac->ac_line);
			cx->warn(cx->warn_arg, &d);
		}
		return 0;
	}
	if (a->a_n >= VG_MAX_PW_AUDIT_ACCOUNTS) {
		diag->src = cx->file;
		diag->line = cx->line;
		snprintf(diag->msg, sizeof(diag->msg), "more than %u accounts",
		    VG_MAX_PW_AUDIT_ACCOUNTS);
		return VG_ERR_LIMIT;
	}
	if ((r = grow(a)) != 0)
		goto nomem;
	ac = &a->a_acct[a->a_n];
	memset(ac, 0, sizeof(*ac));
	ac->ac_domain = NO_DOMAIN;
	if ((r = names_add(a, user, un, &ac->ac_name)) != 0)
		goto nomem;
	if (dom != NULL && (r = names_add(a, dom, dn, &ac->ac_domain)) != 0)
		goto nomem;
	ac->ac_file = cx->fileno;
	ac->ac_line = cx->line;
	ac->ac_rid = rid;
	ac->ac_machine = user[un - 1] == '$';
	ac->ac_lm = !lm_absent(f3, n3);
	if (rest != NULL) {
		size_t rn = (size_t)(end - rest);

		if (memmem(rest, rn, "(status=Enabled)", 16) != NULL)
			ac->ac_status = VG_PWAUDIT_STATUS_ENABLED;
		else if (memmem(rest, rn, "(status=Disabled)", 17) != NULL)
			ac->ac_status = VG_PWAUDIT_STATUS_DISABLED;
	}
	hex_decode(f4, a->a_nt + a->a_n * VG_PWAUDIT_NT_LEN);
	a->a_set[slot].s_hash = kh;
	a->a_set[slot].s_acct = (uint32_t)(a->a_n + 1);
	a->a_n++;
	a->a_st.st_accounts++;
	return 0;
nomem:
	diag->src = cx->file;
	diag->line = cx->line;
	snprintf(diag->msg, sizeof(diag->msg), "out of memory");
	return r;
}

int
vg_pwaudit_add(struct vg_pwaudit *a, const char *file, const char *buf,
    size_t len, vg_pwaudit_warn_fn *warnfn, void *warn_arg,
    struct vg_diag *diag)
{
	struct pctx cx;
	const char *p = buf, *end = buf + len, *nl;
	char **files, *copy;
	size_t n;
	int r;

	diag->src = file;
	diag->line = 0;
	diag->msg[0] = '\0';
	if (a->a_finished) {
		snprintf(diag->msg, sizeof(diag->msg), "the audit is "
		    "finished");
		return VG_ERR_INVAL;
	}
	if (a->a_nfiles >= UINT32_MAX)
		return VG_ERR_LIMIT;
	if ((copy = strdup(file)) == NULL) {
		r = VG_ERR_NOMEM;
		goto nomem;
	}
	if ((files = reallocarray(a->a_files, a->a_nfiles + 1,
	    sizeof(*files))) == NULL) {
		free(copy);
		r = VG_ERR_NOMEM;
		goto nomem;
	}
	a->a_files = files;
	a->a_files[a->a_nfiles] = copy;

	memset(&cx, 0, sizeof(cx));
	cx.a = a;
	cx.file = file;
	cx.fileno = (uint32_t)a->a_nfiles++;
	cx.warn = warnfn;
	cx.warn_arg = warn_arg;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl != NULL ? nl : end) - p);
		cx.line++;
		a->a_st.st_lines++;
		if ((r = parse_line(&cx, p, n > 0 && p[n - 1] == '\r' ?
		    n - 1 : n, diag)) != 0)
			return r;
		p += n + (nl != NULL);
	}
	return 0;
nomem:
	snprintf(diag->msg, sizeof(diag->msg), "out of memory");
	return r;
}

/* ----------------------------------------------------------- finish */

static int
by_hash(const void *x, const void *y, void *arg)
{
	const uint8_t *nt = arg;
	uint32_t i = *(const uint32_t *)x, j = *(const uint32_t *)y;
	int c;

	c = memcmp(nt + (size_t)i * VG_PWAUDIT_NT_LEN,
	    nt + (size_t)j * VG_PWAUDIT_NT_LEN, VG_PWAUDIT_NT_LEN);
	if (c != 0)
		return c;
	return i < j ? -1 : i > j;
}

/* A group while numbering: its first account and its run in `order'. */
struct grp {
	uint32_t	g_first;
	uint32_t	g_start;
	uint32_t	g_len;
};

static int
by_first(const void *x, const void *y)
{
	const struct grp *g = x, *h = y;

	return g->g_first < h->g_first ? -1 : g->g_first > h->g_first;
}

static void
decide(struct vg_pwaudit_account *pa)
{
	pa->pa_actions = 0;
	pa->pa_severity = VG_PWAUDIT_SEV_NONE;
	if (pa->pa_lm_present) {
		pa->pa_actions |= VG_PWAUDIT_ACT_DISABLE_LM |
		    VG_PWAUDIT_ACT_RESET_PASSWORD;
		pa->pa_severity = VG_PWAUDIT_SEV_HIGH;
	}
	if (pa->pa_shared_with > 0) {
		pa->pa_actions |= VG_PWAUDIT_ACT_RESET_PASSWORD |
		    VG_PWAUDIT_ACT_CHECK_MFA;
		pa->pa_severity = VG_PWAUDIT_SEV_HIGH;
	}
	if (pa->pa_breached || pa->pa_empty) {
		pa->pa_actions |= VG_PWAUDIT_ACT_RESET_PASSWORD |
		    VG_PWAUDIT_ACT_CHECK_MFA;
		pa->pa_severity = VG_PWAUDIT_SEV_CRITICAL;
	}
}

int
vg_pwaudit_finish(struct vg_pwaudit *a, vg_pwaudit_corpus_fn *corpus,
    void *corpus_arg)
{
	struct vg_pwaudit_account *out = NULL, *pa;
	struct grp *grps = NULL;
	uint32_t *order = NULL, *sizes = NULL, count;
	size_t i, j, k, ngrp = 0;
	const struct acct *ac;
	const uint8_t *h;
	bool empty;
	int r = VG_ERR_INTERNAL;

	if (a->a_finished)
		return VG_ERR_INVAL;
	a->a_finished = true;
	if ((out = calloc(a->a_n + 1, sizeof(*out))) == NULL ||
	    (order = calloc(a->a_n + 1, sizeof(*order))) == NULL ||
	    (grps = calloc(a->a_n / 2 + 1, sizeof(*grps))) == NULL) {
		r = VG_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < a->a_n; i++) {
		ac = &a->a_acct[i];
		pa = &out[i];
		pa->pa_name = a->a_names + ac->ac_name;
		pa->pa_domain = ac->ac_domain == NO_DOMAIN ? NULL :
		    a->a_names + ac->ac_domain;
		pa->pa_file = a->a_files[ac->ac_file];
		pa->pa_line = ac->ac_line;
		pa->pa_rid = ac->ac_rid;
		pa->pa_status = (enum vg_pwaudit_status)ac->ac_status;
		pa->pa_machine = ac->ac_machine;
		pa->pa_lm_present = ac->ac_lm;
		order[i] = (uint32_t)i;
	}
	if (a->a_n > 1)
		qsort_r(order, a->a_n, sizeof(*order), by_hash, a->a_nt);

	/* One run of equal hashes at a time: one corpus question each. */
	for (i = 0; i < a->a_n; i = j) {
		h = a->a_nt + (size_t)order[i] * VG_PWAUDIT_NT_LEN;
		for (j = i + 1; j < a->a_n && memcmp(h, a->a_nt +
		    (size_t)order[j] * VG_PWAUDIT_NT_LEN,
		    VG_PWAUDIT_NT_LEN) == 0; j++)
			;
		count = 0;
		if (corpus != NULL && (r = corpus(corpus_arg, h, &count)) != 0)
			goto out;
		empty = memcmp(h, empty_nt, VG_PWAUDIT_NT_LEN) == 0;
		for (k = i; k < j; k++) {
			pa = &out[order[k]];
			pa->pa_breached = count > 0;
			pa->pa_breach_count = count;
			pa->pa_empty = empty;
			pa->pa_shared_with = (uint32_t)(j - i - 1);
		}
		if (j - i > 1) {
			grps[ngrp].g_first = order[i];
			grps[ngrp].g_start = (uint32_t)i;
			grps[ngrp].g_len = (uint32_t)(j - i);
			ngrp++;
		}
	}
	/* The hashes are no longer needed: the rest works on numbers. */
	sodium_free(a->a_nt);
	a->a_nt = NULL;
	a->a_ntcap = 0;

	if (ngrp > 1)
		qsort(grps, ngrp, sizeof(*grps), by_first);
	if ((sizes = calloc(ngrp + 1, sizeof(*sizes))) == NULL) {
		r = VG_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < ngrp; i++) {
		sizes[i] = grps[i].g_len;
		for (k = grps[i].g_start; k < grps[i].g_start + grps[i].g_len;
		    k++)
			out[order[k]].pa_group = (uint32_t)(i + 1);
	}
	for (i = 0; i < a->a_n; i++) {
		pa = &out[i];
		decide(pa);
		a->a_st.st_breached += pa->pa_breached;
		a->a_st.st_empty += pa->pa_empty;
		a->a_st.st_lm += pa->pa_lm_present;
		a->a_st.st_grouped += pa->pa_group != 0;
	}
	a->a_st.st_groups = ngrp;
	a->a_out = out;
	a->a_sizes = sizes;
	a->a_ngroups = ngrp;
	out = NULL;
	sizes = NULL;
	r = 0;
out:
	if (a->a_nt != NULL) {
		sodium_free(a->a_nt);
		a->a_nt = NULL;
		a->a_ntcap = 0;
	}
	/* The order of accounts by hash says which share one: wipe it. */
	if (order != NULL)
		sodium_memzero(order, (a->a_n + 1) * sizeof(*order));
	free(order);
	free(grps);
	free(out);
	free(sizes);
	free(a->a_set);
	a->a_set = NULL;
	a->a_set_cap = 0;
	if (r != 0)
		a->a_failed = true;
	return r;
}

size_t
vg_pwaudit_count(const struct vg_pwaudit *a)
{
	return a->a_out != NULL ? a->a_n : 0;
}

const struct vg_pwaudit_account *
vg_pwaudit_get(const struct vg_pwaudit *a, size_t i)
{
	VG_ASSERT(a->a_out != NULL && i < a->a_n);
	return &a->a_out[i];
}

const uint32_t *
vg_pwaudit_group_sizes(const struct vg_pwaudit *a, size_t *np)
{
	*np = a->a_out != NULL ? a->a_ngroups : 0;
	return a->a_sizes;
}

void
vg_pwaudit_stats(const struct vg_pwaudit *a, struct vg_pwaudit_stats *st)
{
	*st = a->a_st;
}

/* ------------------------------------------------------------ text */

static const unsigned action_order[] = {
	VG_PWAUDIT_ACT_RESET_PASSWORD, VG_PWAUDIT_ACT_CHECK_MFA,
	VG_PWAUDIT_ACT_DISABLE_LM,
};

const char *
vg_pwaudit_action_name(unsigned act)
{
	switch (act) {
	case VG_PWAUDIT_ACT_RESET_PASSWORD:	return "reset_password";
	case VG_PWAUDIT_ACT_CHECK_MFA:		return "check_mfa";
	case VG_PWAUDIT_ACT_DISABLE_LM:	return "disable_lm_storage";
	default:				return "?";
	}
}

const char *
vg_pwaudit_severity_name(enum vg_pwaudit_severity sev)
{
	switch (sev) {
	case VG_PWAUDIT_SEV_NONE:	return "none";
	case VG_PWAUDIT_SEV_HIGH:	return "high";
	case VG_PWAUDIT_SEV_CRITICAL:	return "critical";
	default:			return "?";
	}
}


static void
join_actions(struct vg_buf *sb, unsigned actions, const char *sep)
{
	bool first = true;
	size_t i;

	for (i = 0; i < VG_ARRAY_LEN(action_order); i++) {
		if ((actions & action_order[i]) == 0)
			continue;
		vg_buf_printf(sb, "%s%s", first ? "" : sep,
		    vg_pwaudit_action_name(action_order[i]));
		first = false;
	}
}

static const char *
status_text(enum vg_pwaudit_status st)
{
	return st == VG_PWAUDIT_STATUS_ENABLED ? "true" :
	    st == VG_PWAUDIT_STATUS_DISABLED ? "false" : "";
}

static void
format_csv(const struct vg_pwaudit_account *pa, struct vg_buf *sb)
{
	struct vg_buf acts;
	char num[32];

	vg_buf_csv_str(sb, pa->pa_name, false);
	vg_buf_csv_str(sb, pa->pa_domain != NULL ? pa->pa_domain : "", false);
	snprintf(num, sizeof(num), "%u", (unsigned)pa->pa_rid);
	vg_buf_csv_str(sb, num, false);
	vg_buf_csv_str(sb, status_text(pa->pa_status), false);
	vg_buf_csv_str(sb, pa->pa_breached ? "true" : "false", false);
	snprintf(num, sizeof(num), "%u", (unsigned)pa->pa_breach_count);
	vg_buf_csv_str(sb, num, false);
	snprintf(num, sizeof(num), "%u", (unsigned)pa->pa_shared_with);
	vg_buf_csv_str(sb, num, false);
	if (pa->pa_group != 0)
		snprintf(num, sizeof(num), "%u", (unsigned)pa->pa_group);
	else
		num[0] = '\0';
	vg_buf_csv_str(sb, num, false);
	vg_buf_csv_str(sb, pa->pa_empty ? "true" : "false", false);
	vg_buf_csv_str(sb, pa->pa_lm_present ? "true" : "false", false);
	vg_buf_init(&acts, MAX_TEXT);
	join_actions(&acts, pa->pa_actions, " ");
	vg_buf_csv_str(sb, acts.b_p != NULL ? acts.b_p : "", false);
	vg_buf_csv_str(sb, vg_pwaudit_severity_name(pa->pa_severity), true);
	if (acts.b_err != 0 && sb->b_err == 0)
		sb->b_err = acts.b_err;
	vg_buf_free(&acts);
}

static void
format_table(const struct vg_pwaudit_account *pa, struct vg_buf *sb)
{
	struct vg_buf who;
	char group[16];

	vg_buf_init(&who, MAX_TEXT);
	if (pa->pa_domain != NULL) {
		vg_buf_str(&who, pa->pa_domain);
		vg_buf_str(&who, "\\");
	}
	vg_buf_str(&who, pa->pa_name);
	if (pa->pa_group != 0)
		snprintf(group, sizeof(group), "%u", (unsigned)pa->pa_group);
	else
		snprintf(group, sizeof(group), "-");
	vg_buf_printf(sb, "%-8s ", vg_pwaudit_severity_name(pa->pa_severity));
	if (who.b_err == 0)
		vg_buf_printf(sb, "%-32s", who.b_p);
	if (who.b_len > 32)
		vg_buf_add(sb, " ", 1);
	vg_buf_printf(sb, " %6u %-8s %10u %5s %6u %-5s %-3s  ",
	    (unsigned)pa->pa_rid, pa->pa_breached ? "yes" : "no",
	    (unsigned)pa->pa_breach_count, group,
	    (unsigned)pa->pa_shared_with, pa->pa_empty ? "yes" : "no",
	    pa->pa_lm_present ? "yes" : "no");
	join_actions(sb, pa->pa_actions, ",");
	vg_buf_add(sb, "\n", 1);
	if (who.b_err != 0 && sb->b_err == 0)
		sb->b_err = who.b_err;
	vg_buf_free(&who);
}

static int
format_json(const struct vg_pwaudit_account *pa, char **textp, size_t *lenp)
{
	struct vg_json j;
	size_t i;

	vg_json_init(&j, MAX_TEXT);
	vg_json_obj_begin(&j, NULL);
	vg_json_obj_begin(&j, "user");
	vg_json_cstr(&j, "name", pa->pa_name);
	if (pa->pa_domain != NULL)
		vg_json_cstr(&j, "domain", pa->pa_domain);
	else
		vg_json_null(&j, "domain");
	vg_json_uint(&j, "id", pa->pa_rid);
	if (pa->pa_status == VG_PWAUDIT_STATUS_UNKNOWN)
		vg_json_null(&j, "enabled");
	else
		vg_json_bool(&j, "enabled",
		    pa->pa_status == VG_PWAUDIT_STATUS_ENABLED);
	vg_json_obj_end(&j);
	vg_json_obj_begin(&j, "password");
	vg_json_bool(&j, "breached", pa->pa_breached);
	vg_json_uint(&j, "breach_count", pa->pa_breach_count);
	vg_json_uint(&j, "shared_with", pa->pa_shared_with);
	if (pa->pa_group != 0)
		vg_json_uint(&j, "group", pa->pa_group);
	else
		vg_json_null(&j, "group");
	vg_json_bool(&j, "empty", pa->pa_empty);
	vg_json_bool(&j, "lm_present", pa->pa_lm_present);
	vg_json_obj_end(&j);
	vg_json_arr_begin(&j, "actions");
	for (i = 0; i < VG_ARRAY_LEN(action_order); i++)
		if (pa->pa_actions & action_order[i])
			vg_json_cstr(&j, NULL,
			    vg_pwaudit_action_name(action_order[i]));
	vg_json_arr_end(&j);
	vg_json_cstr(&j, "severity", vg_pwaudit_severity_name(pa->pa_severity));
	vg_json_obj_end(&j);
	vg_json_newline(&j);
	/* Names are bounded, so only a failed allocation overflows. */
	return vg_json_take(&j, textp, lenp) == 0 ? 0 : VG_ERR_NOMEM;
}

const char *
vg_pwaudit_out_header(enum vg_pwaudit_outfmt fmt)
{
	switch (fmt) {
	case VG_PWAUDIT_OUT_TABLE:
		return "severity account                             rid "
		    "breached      count group shared empty lm   actions\n";
	case VG_PWAUDIT_OUT_CSV:
		return "user_name,user_domain,user_id,enabled,breached,"
		    "breach_count,shared_with,group,empty,lm_present,actions,"
		    "severity\n";
	default:
		return "";
	}
}

int
vg_pwaudit_format(const struct vg_pwaudit_account *pa,
    enum vg_pwaudit_outfmt fmt, char **textp, size_t *lenp)
{
	struct vg_buf sb;
	int r;

	*textp = NULL;
	*lenp = 0;
	vg_buf_init(&sb, MAX_TEXT);
	switch (fmt) {
	case VG_PWAUDIT_OUT_JSONL:
		return format_json(pa, textp, lenp);
	case VG_PWAUDIT_OUT_TABLE:
		format_table(pa, &sb);
		break;
	case VG_PWAUDIT_OUT_CSV:
		format_csv(pa, &sb);
		break;
	default:
		return VG_ERR_INVAL;
	}
	if (sb.b_err != 0) {
		r = sb.b_err;
		vg_buf_free(&sb);
		return r == VG_ERR_LIMIT ? VG_ERR_NOMEM : r;
	}
	*textp = sb.b_p;
	*lenp = sb.b_len;
	return 0;
}
