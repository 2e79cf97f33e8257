/*
 * account.c -- the parts of leaked-account matching that the directory,
 * the leak parser, the matcher and the hasher share: the arena and the
 * string table, identifier normalization, the line and CSV helpers, and
 * the keys (unit key derivation, identifier digests, key files).
 *
 * Does no I/O.  Key material is wiped with sodium_memzero(3) wherever
 * this file copies it.  See account.h for the contracts and
 * docs/ACCOUNTS.md for why the HMAC scheme is what it is.
 */
#include "account_int.h"

#include <sodium.h>

/* ---------------------------------------------------------------- arena */

void
vg_account__arena_free(struct vg_account__arena *ar)
{
	struct vg_account__chunk *ch, *next;

	for (ch = ar->ar_head; ch != NULL; ch = next) {
		next = ch->ch_next;
		free(ch);
	}
	ar->ar_head = NULL;
	ar->ar_bytes = 0;
}

void *
vg_account__arena_alloc(struct vg_account__arena *ar, size_t n)
{
	struct vg_account__chunk *ch = ar->ar_head;
	size_t size;
	void *p;

	/* Round up so that every allocation stays pointer-aligned. */
	n = (n + sizeof(void *) - 1) & ~(sizeof(void *) - 1);
	if (ch == NULL || ch->ch_size - ch->ch_used < n) {
		size = VG_MAX(n, (size_t)VG_ACCOUNT__ARENA_CHUNK);
		if ((ch = malloc(sizeof(*ch) + size)) == NULL)
			return NULL;
		ch->ch_next = ar->ar_head;
		ch->ch_used = 0;
		ch->ch_size = size;
		ar->ar_head = ch;
	}
	p = ch->ch_data + ch->ch_used;
	ch->ch_used += n;
	ar->ar_bytes += n;
	return p;
}

char *
vg_account__arena_strdup(struct vg_account__arena *ar, struct vg_str s)
{
	char *p;

	if ((p = vg_account__arena_alloc(ar, s.len + 1)) == NULL)
		return NULL;
	if (s.len > 0)
		memcpy(p, s.p, s.len);
	p[s.len] = '\0';
	return p;
}

/* ---------------------------------------------------------------- table */

uint64_t
vg_account__hash(const void *p, size_t len)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	/* FNV-1a: the keys are the organization's own (account_int.h). */
	for (i = 0; i < len; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h ^ (h >> 29);
}

void
vg_account__tab_free(struct vg_account__tab *tb)
{
	free(tb->tb_slots);
	memset(tb, 0, sizeof(*tb));
}

static void
tab_put(struct vg_account__slot *slots, size_t mask,
    const struct vg_account__slot *s)
{
	size_t i = (size_t)s->sl_hash & mask;

	while (slots[i].sl_key != NULL)
		i = (i + 1) & mask;
	slots[i] = *s;
}

int
vg_account__tab_add(struct vg_account__tab *tb, const char *key, size_t len,
    uint32_t val)
{
	struct vg_account__slot *slots, s;
	size_t n, i;

	if (tb->tb_mask == 0 || (tb->tb_count + 1) * 2 > tb->tb_mask + 1) {
		n = tb->tb_mask == 0 ? 64 : (tb->tb_mask + 1) * 2;
		if ((slots = calloc(n, sizeof(*slots))) == NULL)
			return VG_ERR_NOMEM;
		for (i = 0; tb->tb_mask != 0 && i <= tb->tb_mask; i++)
			if (tb->tb_slots[i].sl_key != NULL)
				tab_put(slots, n - 1, &tb->tb_slots[i]);
		free(tb->tb_slots);
		tb->tb_slots = slots;
		tb->tb_mask = n - 1;
	}
	s.sl_key = key;
	s.sl_len = (uint32_t)len;
	s.sl_hash = vg_account__hash(key, len);
	s.sl_val = val;
	tab_put(tb->tb_slots, tb->tb_mask, &s);
	tb->tb_count++;
	return 0;
}

bool
vg_account__tab_next(const struct vg_account__tab *tb, const char *key,
    size_t len, uint64_t hash, size_t *posp, uint32_t *valp)
{
	const struct vg_account__slot *s;
	size_t i;

	if (tb->tb_mask == 0)
		return false;
	/* *posp is 0 at the start, else one past the last slot returned. */
	i = *posp == 0 ? (size_t)hash & tb->tb_mask : (*posp - 1) & tb->tb_mask;
	for (;;) {
		s = &tb->tb_slots[i];
		if (s->sl_key == NULL)
			return false;
		i = (i + 1) & tb->tb_mask;
		if (s->sl_hash == hash && s->sl_len == len &&
		    memcmp(s->sl_key, key, len) == 0) {
			/* Stored +1 so that 0 keeps meaning "start". */
			*posp = i + 1;
			*valp = s->sl_val;
			return true;
		}
	}
}

/* -------------------------------------------------------- normalization */

struct vg_account_norm *
vg_account_norm_new(void)
{
	return calloc(1, sizeof(struct vg_account_norm));
}

void
vg_account_norm_free(struct vg_account_norm *nm)
{
	if (nm == NULL)
		return;
	vg_account__tab_free(&nm->nm_alias);
	vg_account__tab_free(&nm->nm_org);
	free(nm->nm_canon);
	free(nm->nm_orgs);
	vg_account__arena_free(&nm->nm_arena);
	free(nm);
}

static bool
id_byte_ok(unsigned char c)
{
	return c > ' ' && c != 0x7f;
}

/*
 * Normalize a domain: trimmed, ASCII lower case, trailing dots removed,
 * printable, no '@'.  Writes out[0, outsz).
 */
int
vg_account__norm_domain(struct vg_str in, char *out, size_t outsz, size_t *lenp)
{
	size_t i;

	in = vg_str_trim(in);
	while (in.len > 0 && in.p[in.len - 1] == '.')
		in.len--;
	if (in.len == 0 || in.p[0] == '.')
		return VG_ERR_INVAL;
	if (in.len > 253 || in.len >= outsz)
		return VG_ERR_INVAL;
	for (i = 0; i < in.len; i++) {
		unsigned char c = (unsigned char)in.p[i];

		if (!id_byte_ok(c) || c == '@' || c == '=')
			return VG_ERR_INVAL;
		out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	out[in.len] = '\0';
	*lenp = in.len;
	return 0;
}

int
vg_account_norm_alias(struct vg_account_norm *nm, const char *spec)
{
	const char *eq = strchr(spec, '='), **v;
	char from[256], to[256];
	struct vg_str key;
	size_t flen, tlen, pos = 0;
	uint32_t val;
	char *k, *c;
	int r;

	if (eq == NULL)
		return VG_ERR_INVAL;
	if ((r = vg_account__norm_domain(vg_str_make(spec,
	    (size_t)(eq - spec)), from, sizeof(from), &flen)) != 0 ||
	    (r = vg_account__norm_domain(vg_str_make(eq + 1, strlen(eq + 1)),
	    to, sizeof(to), &tlen)) != 0)
		return VG_ERR_INVAL;
	if (flen == tlen && memcmp(from, to, flen) == 0)
		return VG_ERR_INVAL;
	key = vg_str_make(from, flen);
	if (vg_account__tab_next(&nm->nm_alias, key.p, key.len,
	    vg_account__hash(key.p, key.len), &pos, &val))
		return VG_ERR_INVAL;
	/*
	 * No chains (a=b, b=c): normalizing must be idempotent, or an
	 * identifier stored under b would not find itself again.
	 */
	pos = 0;
	if (vg_account__tab_next(&nm->nm_alias, to, tlen,
	    vg_account__hash(to, tlen), &pos, &val))
		return VG_ERR_INVAL;
	for (size_t i = 0; i < nm->nm_ncanon; i++)
		if (strcmp(nm->nm_canon[i], from) == 0)
			return VG_ERR_INVAL;
	if ((k = vg_account__arena_strdup(&nm->nm_arena, key)) == NULL ||
	    (c = vg_account__arena_strdup(&nm->nm_arena,
	    vg_str_make(to, tlen))) == NULL)
		return VG_ERR_NOMEM;
	if ((v = reallocarray(nm->nm_canon, nm->nm_ncanon + 1,
	    sizeof(*v))) == NULL)
		return VG_ERR_NOMEM;
	nm->nm_canon = v;
	v[nm->nm_ncanon] = c;
	if ((r = vg_account__tab_add(&nm->nm_alias, k, flen,
	    (uint32_t)nm->nm_ncanon)) != 0)
		return r;
	nm->nm_ncanon++;
	return 0;
}

int
vg_account_norm_org_domain(struct vg_account_norm *nm, const char *domain)
{
	const char *canon, **v;
	char d[256];
	size_t len;
	char *k;
	int r;

	if (vg_account__norm_domain(vg_str_make(domain, strlen(domain)), d,
	    sizeof(d), &len) != 0)
		return VG_ERR_INVAL;
	/* An alias of an org domain is an org domain under its new name. */
	if ((canon = vg_account__alias_of(nm, vg_str_make(d, len))) != NULL) {
		snprintf(d, sizeof(d), "%s", canon);
		len = strlen(d);
	}
	if ((k = vg_account__arena_strdup(&nm->nm_arena,
	    vg_str_make(d, len))) == NULL)
		return VG_ERR_NOMEM;
	if ((v = reallocarray(nm->nm_orgs, nm->nm_norgs + 1,
	    sizeof(*v))) == NULL)
		return VG_ERR_NOMEM;
	nm->nm_orgs = v;
	if ((r = vg_account__tab_add(&nm->nm_org, k, len, 0)) != 0)
		return r;
	v[nm->nm_norgs++] = k;
	return 0;
}

const char *const *
vg_account_norm_org_domains(const struct vg_account_norm *nm, size_t *np)
{
	*np = nm->nm_norgs;
	return nm->nm_orgs;
}

const char *
vg_account__alias_of(const struct vg_account_norm *nm, struct vg_str domain)
{
	size_t pos = 0;
	uint32_t val;

	if (nm == NULL || nm->nm_alias.tb_count == 0)
		return NULL;
	if (!vg_account__tab_next(&nm->nm_alias, domain.p, domain.len,
	    vg_account__hash(domain.p, domain.len), &pos, &val))
		return NULL;
	return nm->nm_canon[val];
}

int
vg_account_normalize(const struct vg_account_norm *nm, struct vg_str in,
    char *out, size_t outsz, size_t *lenp)
{
	const char *canon;
	size_t i, at = SIZE_MAX, len, clen;

	*lenp = 0;
	if (outsz > 0)
		out[0] = '\0';
	in = vg_str_trim(in);
	if (in.len == 0)
		return VG_ERR_INVAL;
	if (in.len > VG_MAX_ACCOUNT_ID || in.len >= outsz)
		return VG_ERR_LIMIT;
	for (i = 0; i < in.len; i++) {
		unsigned char c = (unsigned char)in.p[i];

		if (!id_byte_ok(c))
			return VG_ERR_INVAL;
		if (c == '@') {
			if (at != SIZE_MAX)
				return VG_ERR_INVAL;
			at = i;
		}
		/* ASCII only: UTF-8 sequences pass through untouched. */
		out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	len = in.len;
	if (at != SIZE_MAX) {
		while (len > at + 1 && out[len - 1] == '.')
			len--;
		if (at == 0 || len == at + 1)
			return VG_ERR_INVAL;
		canon = vg_account__alias_of(nm, vg_str_make(out + at + 1,
		    len - at - 1));
		if (canon != NULL) {
			clen = strlen(canon);
			if (at + 1 + clen > VG_MAX_ACCOUNT_ID ||
			    at + 1 + clen >= outsz)
				return VG_ERR_LIMIT;
			memcpy(out + at + 1, canon, clen);
			len = at + 1 + clen;
		}
	}
	out[len] = '\0';
	*lenp = len;
	return 0;
}

/* ------------------------------------------------------ text helpers */

bool
vg_account__next_line(struct vg_str *rest, struct vg_str *linep,
    unsigned long *lnop)
{
	ptrdiff_t nl;

	if (rest->len == 0)
		return false;
	(*lnop)++;
	if ((nl = vg_str_chr(*rest, '\n')) < 0) {
		*linep = *rest;
		vg_str_skip(rest, rest->len);
	} else {
		*linep = vg_str_make(rest->p, (size_t)nl);
		vg_str_skip(rest, (size_t)nl + 1);
	}
	if (linep->len > 0 && linep->p[linep->len - 1] == '\r')
		linep->len--;
	return true;
}

int
vg_account__csv_field(struct vg_str *rest, char delim, char *scratch,
    size_t scratchsz, bool *morep, struct vg_str *fieldp)
{
	size_t i, n = 0;
	ptrdiff_t d;

	*fieldp = VG_STR_NULL;
	if (!*morep)
		return 0;
	vg_str_skip_ws(rest);
	if (rest->len > 0 && rest->p[0] == '"') {
		/* Quoted: "" is a quote; the field ends at the closing one. */
		for (i = 1; ; i++) {
			if (i >= rest->len)
				return -1;
			if (rest->p[i] == '"') {
				if (i + 1 >= rest->len ||
				    rest->p[i + 1] != '"')
					break;
				i++;
			}
			if (n + 1 >= scratchsz)
				return -1;
			scratch[n++] = rest->p[i];
		}
		vg_str_skip(rest, i + 1);
		vg_str_skip_ws(rest);
		*fieldp = vg_str_make(scratch, n);
		if (rest->len == 0) {
			*morep = false;
			return 1;
		}
		if (rest->p[0] != delim)
			return -1;
		vg_str_skip(rest, 1);
		return 1;
	}
	if ((d = vg_str_chr(*rest, delim)) < 0) {
		*fieldp = vg_str_trim(*rest);
		vg_str_skip(rest, rest->len);
		*morep = false;
		return 1;
	}
	*fieldp = vg_str_trim(vg_str_make(rest->p, (size_t)d));
	vg_str_skip(rest, (size_t)d + 1);
	return 1;
}

void
vg_account__sanitize(char *msg)
{
	for (; *msg != '\0'; msg++)
		if ((unsigned char)*msg < ' ' || *msg == 0x7f)
			*msg = '?';
}

/* ---------------------------------------------------------------- keys */

/*
 * The derivation label ends in a NUL so that no unit name can extend
 * it into another label, and identifiers never contain a NUL, so no
 * identifier digest under the master key equals a unit key.
 */
static const char unit_label[] = "vigil accounts unit v1";

void
vg_account_unit_key(const uint8_t master[VG_ACCOUNT_KEY_LEN],
    const char *unit, uint8_t out[VG_ACCOUNT_KEY_LEN])
{
	crypto_auth_hmacsha256_state st;

	crypto_auth_hmacsha256_init(&st, master, VG_ACCOUNT_KEY_LEN);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)unit_label,
	    sizeof(unit_label));	/* with its NUL */
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)unit,
	    strlen(unit));
	crypto_auth_hmacsha256_final(&st, out);
	sodium_memzero(&st, sizeof(st));
}

void
vg_account_digest(const uint8_t key[VG_ACCOUNT_KEY_LEN], struct vg_str ident,
    uint8_t out[VG_ACCOUNT_DIGEST_LEN])
{
	crypto_auth_hmacsha256(out, (const unsigned char *)ident.p, ident.len,
	    key);
}

bool
vg_account_unit_name_ok(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > VG_MAX_ACCOUNT_UNIT || name[0] == '.' ||
	    name[0] == '_')
		return false;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		    c == '-'))
			return false;
	}
	return true;
}


int
vg_account_key_parse(const char *buf, size_t len,
    uint8_t key[VG_ACCOUNT_KEY_LEN], char *unit, size_t unitsz,
    struct vg_diag *diag)
{
	struct vg_str rest = vg_str_make(buf, len), line, c;
	uint8_t k[VG_ACCOUNT_KEY_LEN];
	unsigned long lno = 0;
	size_t nhex = 0, i;
	int hi = -1, v;

	snprintf(unit, unitsz, "?");
	diag->msg[0] = '\0';
	if (len > VG_MAX_ACCOUNT_KEY_FILE) {
		snprintf(diag->msg, sizeof(diag->msg), "key file larger than "
		    "%d bytes", VG_MAX_ACCOUNT_KEY_FILE);
		return VG_ERR_LIMIT;
	}
	if (len == VG_ACCOUNT_KEY_LEN) {
		/* Raw: a text key file is at least 64 bytes long. */
		memcpy(key, buf, VG_ACCOUNT_KEY_LEN);
		return 0;
	}
	while (vg_account__next_line(&rest, &line, &lno)) {
		line = vg_str_trim(line);
		if (line.len > 0 && line.p[0] == '#') {
			c = line;
			vg_str_skip(&c, 1);
			c = vg_str_trim(c);
			if (!VG_STR_EAT(&c, "vigil-key v1 "))
				continue;
			if (VG_STR_EQ(c, "master"))
				snprintf(unit, unitsz, "%s", "");
			else if (VG_STR_EAT(&c, "unit=") && c.len > 0 &&
			    c.len <= VG_MAX_ACCOUNT_UNIT)
				vg_str_copy(c, unit, unitsz);
			continue;
		}
		for (i = 0; i < line.len; i++) {
			if (line.p[i] == ' ' || line.p[i] == '\t')
				continue;
			if ((v = vg_hexval(line.p[i])) < 0 ||
			    nhex >= 2 * VG_ACCOUNT_KEY_LEN)
				goto bad;
			if (hi < 0)
				hi = v;
			else {
				k[nhex / 2] = (uint8_t)(hi << 4 | v);
				hi = -1;
			}
			nhex++;
		}
	}
	if (nhex != 2 * VG_ACCOUNT_KEY_LEN)
		goto bad;
	memcpy(key, k, sizeof(k));
	sodium_memzero(k, sizeof(k));
	return 0;
 bad:
	sodium_memzero(k, sizeof(k));
	snprintf(diag->msg, sizeof(diag->msg), "not a key file: expected 64 "
	    "hex digits (after '#' comment lines) or 32 raw bytes");
	return VG_ERR_PARSE;
}

int
vg_account_key_format(const uint8_t key[VG_ACCOUNT_KEY_LEN],
    const char *unit, char *out, size_t outsz)
{
	char hex[2 * VG_ACCOUNT_KEY_LEN + 1];
	int n;

	sodium_bin2hex(hex, sizeof(hex), key, VG_ACCOUNT_KEY_LEN);
	if (unit == NULL)
		n = snprintf(out, outsz, "# vigil-key v1 master\n%s\n", hex);
	else
		n = snprintf(out, outsz, "# vigil-key v1 unit=%s\n%s\n", unit,
		    hex);
	sodium_memzero(hex, sizeof(hex));
	if (n < 0 || (size_t)n >= outsz) {
		if (outsz > 0)
			sodium_memzero(out, outsz);
		return VG_ERR_LIMIT;
	}
	return 0;
}
