/*
 * account_hash.c -- the security centre's side: the unit-domains map and
 * the hasher that turns leaked identifiers into per-unit HMAC-SHA256
 * digest files.
 *
 * Does no I/O.  The hasher derives every unit key when it is made and
 * wipes them, and the master key, when it is freed.  It holds 33 bytes
 * per digest (the digest and the password flag) until the files are
 * asked for, then sorts and de-duplicates each file's digests, so the
 * output does not depend on the order of the lists.  Why the scheme is
 * keyed per unit is in docs/ACCOUNTS.md.
 */
#include "account_int.h"

#include <sodium.h>

struct vg_account_units {
	struct vg_account__arena	 un_arena;
	const char			**un_names;
	size_t				  un_n;
	struct vg_account__tab		  un_domains;	/* domain -> unit */
};

struct dent {
	uint8_t	de_digest[VG_ACCOUNT_DIGEST_LEN];
	uint8_t	de_password;
};

struct hfile {
	const char	*hf_unit;
	uint8_t		 hf_key[VG_ACCOUNT_KEY_LEN];
	/* HMAC state after the key: copied per digest, halving its cost. */
	crypto_auth_hmacsha256_state hf_st;
	struct dent	*hf_ents;
	size_t		 hf_n;
	size_t		 hf_cap;
};

struct vg_account_hasher {
	const struct vg_account_units	*hs_units;
	struct hfile			*hs_files;
	size_t				 hs_nfiles;
	size_t				 hs_unassigned_file; /* or SIZE_MAX */
	unsigned long			 hs_unassigned;
	size_t				 hs_total;
};

/* ------------------------------------------------------------ the map */

static void	units_warn(vg_account_warn_fn *, void *, const char *,
		    unsigned long, const char *, ...) VG_PRINTF(5, 6);

static void
units_warn(vg_account_warn_fn *warn, void *arg, const char *file,
    unsigned long line, const char *fmt, ...)
{
	struct vg_diag d;
	va_list ap;

	if (warn == NULL)
		return;
	d.src = file;
	d.line = line;
	va_start(ap, fmt);
	vsnprintf(d.msg, sizeof(d.msg), fmt, ap);
	va_end(ap);
	vg_account__sanitize(d.msg);
	warn(arg, &d);
}

void
vg_account_units_free(struct vg_account_units *u)
{
	if (u == NULL)
		return;
	vg_account__tab_free(&u->un_domains);
	free(u->un_names);
	vg_account__arena_free(&u->un_arena);
	free(u);
}

size_t
vg_account_units_count(const struct vg_account_units *u)
{
	return u->un_n;
}

const char *
vg_account_units_name(const struct vg_account_units *u, size_t i)
{
	VG_ASSERT(i < u->un_n);
	return u->un_names[i];
}

/* The next word of `line', separated by spaces or tabs. */
static bool
next_word(struct vg_str *line, struct vg_str *wordp)
{
	size_t i;

	while (line->len > 0 && (line->p[0] == ' ' || line->p[0] == '\t'))
		vg_str_skip(line, 1);
	if (line->len == 0)
		return false;
	for (i = 0; i < line->len && line->p[i] != ' ' && line->p[i] != '\t';
	    i++)
		;
	*wordp = vg_str_make(line->p, i);
	vg_str_skip(line, i);
	return true;
}

/* The index of unit `name', added if new; SIZE_MAX on failure. */
static size_t
unit_index(struct vg_account_units *u, const char *name, int *rp)
{
	const char **v;
	const char *s;
	size_t i;

	for (i = 0; i < u->un_n; i++)
		if (strcmp(u->un_names[i], name) == 0)
			return i;
	if (u->un_n >= VG_MAX_ACCOUNT_UNITS) {
		*rp = VG_ERR_LIMIT;
		return SIZE_MAX;
	}
	*rp = VG_ERR_NOMEM;
	if ((v = reallocarray(u->un_names, u->un_n + 1, sizeof(*v))) == NULL)
		return SIZE_MAX;
	u->un_names = v;
	if ((s = vg_account__arena_strdup(&u->un_arena, vg_str_make(name,
	    strlen(name)))) == NULL)
		return SIZE_MAX;
	v[u->un_n] = s;
	return u->un_n++;
}

int
vg_account_units_parse(const char *file, const char *buf, size_t len,
    const struct vg_account_norm *norm, vg_account_warn_fn *warn,
    void *warn_arg, struct vg_account_units **unitsp, struct vg_diag *diag)
{
	struct vg_str rest = vg_str_make(buf, len), line, w;
	struct vg_account_units *u = NULL;
	char name[VG_MAX_ACCOUNT_UNIT + 1], dom[256], *k;
	const char *canon;
	unsigned long lno = 0;
	size_t ui, dlen, pos;
	ptrdiff_t cmt;
	uint32_t val;
	bool dup;
	int r = VG_ERR_INTERNAL;

	*unitsp = NULL;
	memset(diag, 0, sizeof(*diag));
	diag->src = file;
	if (len > VG_MAX_ACCOUNT_UNITS_BYTES) {
		snprintf(diag->msg, sizeof(diag->msg), "unit-domains file "
		    "larger than %d bytes", VG_MAX_ACCOUNT_UNITS_BYTES);
		return VG_ERR_LIMIT;
	}
	if ((u = calloc(1, sizeof(*u))) == NULL) {
		r = VG_ERR_NOMEM;
		goto fail;
	}
	while (vg_account__next_line(&rest, &line, &lno)) {
		if ((cmt = vg_str_chr(line, '#')) >= 0)
			line.len = (size_t)cmt;
		line = vg_str_trim(line);
		if (!next_word(&line, &w))
			continue;
		vg_str_copy(w, name, sizeof(name));
		if (w.len > VG_MAX_ACCOUNT_UNIT || memchr(w.p, '\0', w.len) !=
		    NULL || !vg_account_unit_name_ok(name)) {
			units_warn(warn, warn_arg, file, lno, "\"%.*s\" is not "
			    "a unit name (letters, digits, '.', '_', '-'; at "
			    "most %d); line skipped", (int)VG_MIN(w.len, 48),
			    w.p, VG_MAX_ACCOUNT_UNIT);
			continue;
		}
		if ((ui = unit_index(u, name, &r)) == SIZE_MAX) {
			snprintf(diag->msg, sizeof(diag->msg), "%s",
			    r == VG_ERR_LIMIT ? "too many units" :
			    vg_strerror(r));
			diag->line = lno;
			goto fail;
		}
		while (next_word(&line, &w)) {
			if (vg_account__norm_domain(w, dom, sizeof(dom),
			    &dlen) != 0) {
				units_warn(warn, warn_arg, file, lno,
				    "\"%.*s\" is not a domain; ignored",
				    (int)VG_MIN(w.len, 48), w.p);
				continue;
			}
			if ((canon = vg_account__alias_of(norm,
			    vg_str_make(dom, dlen))) != NULL) {
				snprintf(dom, sizeof(dom), "%s", canon);
				dlen = strlen(dom);
			}
			for (pos = 0, dup = false; vg_account__tab_next(
			    &u->un_domains, dom, dlen, vg_account__hash(dom,
			    dlen), &pos, &val); )
				dup |= val == ui;
			if (dup)
				continue;
			r = VG_ERR_NOMEM;
			if ((k = vg_account__arena_strdup(&u->un_arena,
			    vg_str_make(dom, dlen))) == NULL ||
			    vg_account__tab_add(&u->un_domains, k, dlen,
			    (uint32_t)ui) != 0)
				goto fail;
		}
	}
	if (u->un_n == 0) {
		r = VG_ERR_FORMAT;
		snprintf(diag->msg, sizeof(diag->msg), "no \"UNIT DOMAIN...\" "
		    "line");
		goto fail;
	}
	*unitsp = u;
	return 0;
 fail:
	if (diag->msg[0] == '\0')
		snprintf(diag->msg, sizeof(diag->msg), "%s", vg_strerror(r));
	vg_account_units_free(u);
	return r;
}

/* -------------------------------------------------------------- hasher */

static void	hasher_keys(struct vg_account_hasher *, const uint8_t *,
		    const struct vg_account_units *, bool);

int
vg_account_hasher_new(const uint8_t master[VG_ACCOUNT_KEY_LEN],
    const struct vg_account_units *units, bool keep_unassigned,
    struct vg_account_hasher **hasherp)
{
	struct vg_account_hasher *hs;
	size_t n;

	*hasherp = NULL;
	if ((hs = calloc(1, sizeof(*hs))) == NULL)
		return VG_ERR_NOMEM;
	hs->hs_units = units;
	hs->hs_unassigned_file = SIZE_MAX;
	n = units == NULL ? 1 : units->un_n + (keep_unassigned ? 1 : 0);
	if ((hs->hs_files = calloc(n, sizeof(*hs->hs_files))) == NULL) {
		free(hs);
		return VG_ERR_NOMEM;
	}
	hs->hs_nfiles = n;
	hasher_keys(hs, master, units, keep_unassigned);
	*hasherp = hs;
	return 0;
}

static void
hasher_keys(struct vg_account_hasher *hs, const uint8_t *master,
    const struct vg_account_units *units, bool keep_unassigned)
{
	size_t i;

	if (units == NULL) {
		hs->hs_files[0].hf_unit = "_all";
		memcpy(hs->hs_files[0].hf_key, master, VG_ACCOUNT_KEY_LEN);
	} else {
		for (i = 0; i < units->un_n; i++) {
			hs->hs_files[i].hf_unit = units->un_names[i];
			vg_account_unit_key(master, units->un_names[i],
			    hs->hs_files[i].hf_key);
		}
		if (keep_unassigned) {
			hs->hs_unassigned_file = i;
			hs->hs_files[i].hf_unit = "_unassigned";
			memcpy(hs->hs_files[i].hf_key, master,
			    VG_ACCOUNT_KEY_LEN);
		}
	}
	for (i = 0; i < hs->hs_nfiles; i++)
		crypto_auth_hmacsha256_init(&hs->hs_files[i].hf_st,
		    hs->hs_files[i].hf_key, VG_ACCOUNT_KEY_LEN);
}

void
vg_account_hasher_free(struct vg_account_hasher *hs)
{
	size_t i;

	if (hs == NULL)
		return;
	for (i = 0; i < hs->hs_nfiles; i++) {
		sodium_memzero(hs->hs_files[i].hf_key, VG_ACCOUNT_KEY_LEN);
		sodium_memzero(&hs->hs_files[i].hf_st,
		    sizeof(hs->hs_files[i].hf_st));
		free(hs->hs_files[i].hf_ents);
	}
	free(hs->hs_files);
	free(hs);
}

static int
file_add(struct vg_account_hasher *hs, struct hfile *hf, struct vg_str id,
    bool password, struct vg_diag *diag)
{
	crypto_auth_hmacsha256_state st;
	struct dent *v;
	size_t cap;

	if (hs->hs_total >= VG_MAX_ACCOUNT_DIGESTS) {
		snprintf(diag->msg, sizeof(diag->msg), "more than %u digests "
		    "(VG_MAX_ACCOUNT_DIGESTS); give --unit-domains or fewer "
		    "lists", VG_MAX_ACCOUNT_DIGESTS);
		return VG_ERR_LIMIT;
	}
	if (hf->hf_n == hf->hf_cap) {
		cap = hf->hf_cap == 0 ? 256 : hf->hf_cap * 2;
		if ((v = reallocarray(hf->hf_ents, cap, sizeof(*v))) == NULL)
			return VG_ERR_NOMEM;
		hf->hf_ents = v;
		hf->hf_cap = cap;
	}
	st = hf->hf_st;
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)id.p,
	    id.len);
	crypto_auth_hmacsha256_final(&st, hf->hf_ents[hf->hf_n].de_digest);
	hf->hf_ents[hf->hf_n].de_password = password;
	hf->hf_n++;
	hs->hs_total++;
	return 0;
}

int
vg_account_hasher_rec(void *arg, const struct vg_account_leak_rec *rec,
    struct vg_diag *diag)
{
	struct vg_account_hasher *hs = arg;
	const struct vg_account_units *u = hs->hs_units;
	const char *at;
	size_t pos = 0, dlen;
	uint32_t val;
	bool found = false;
	int r;

	if (rec->lr_is_digest) {
		snprintf(diag->msg, sizeof(diag->msg), "a digest list cannot "
		    "be hashed again; give the leaked list itself");
		return VG_ERR_INVAL;
	}
	if (u == NULL)
		return file_add(hs, &hs->hs_files[0], rec->lr_id,
		    rec->lr_password, diag);
	at = memchr(rec->lr_id.p, '@', rec->lr_id.len);
	if (at != NULL) {
		dlen = rec->lr_id.len - (size_t)(at + 1 - rec->lr_id.p);
		while (vg_account__tab_next(&u->un_domains, at + 1, dlen,
		    vg_account__hash(at + 1, dlen), &pos, &val)) {
			found = true;
			if ((r = file_add(hs, &hs->hs_files[val], rec->lr_id,
			    rec->lr_password, diag)) != 0)
				return r;
		}
	}
	if (found)
		return 0;
	hs->hs_unassigned++;
	if (hs->hs_unassigned_file == SIZE_MAX)
		return 0;
	return file_add(hs, &hs->hs_files[hs->hs_unassigned_file], rec->lr_id,
	    rec->lr_password, diag);
}

size_t
vg_account_hasher_nfiles(const struct vg_account_hasher *hs)
{
	return hs->hs_nfiles;
}

unsigned long
vg_account_hasher_unassigned(const struct vg_account_hasher *hs)
{
	return hs->hs_unassigned;
}

static int
dent_cmp(const void *a, const void *b)
{
	return memcmp(((const struct dent *)a)->de_digest,
	    ((const struct dent *)b)->de_digest, VG_ACCOUNT_DIGEST_LEN);
}

int
vg_account_hasher_file(struct vg_account_hasher *hs, size_t i,
    const char **unitp, char **textp, size_t *lenp, size_t *countp)
{
	struct hfile *hf;
	size_t k, n = 0, len, cap;
	char *text;
	int hl;

	VG_ASSERT(i < hs->hs_nfiles);
	hf = &hs->hs_files[i];
	*unitp = hf->hf_unit;
	*textp = NULL;
	*lenp = *countp = 0;
	/* Sort, then fold duplicates, keeping the password flag of any. */
	if (hf->hf_n > 1)
		qsort(hf->hf_ents, hf->hf_n, sizeof(*hf->hf_ents), dent_cmp);
	for (k = 0; k < hf->hf_n; k++) {
		if (n > 0 && memcmp(hf->hf_ents[n - 1].de_digest,
		    hf->hf_ents[k].de_digest, VG_ACCOUNT_DIGEST_LEN) == 0) {
			hf->hf_ents[n - 1].de_password |=
			    hf->hf_ents[k].de_password;
			continue;
		}
		hf->hf_ents[n++] = hf->hf_ents[k];
	}
	hs->hs_total -= hf->hf_n - n;
	hf->hf_n = n;
	cap = 32 + VG_MAX_ACCOUNT_UNIT + n * (2 * VG_ACCOUNT_DIGEST_LEN + 3);
	if ((text = malloc(cap)) == NULL)
		return VG_ERR_NOMEM;
	hl = snprintf(text, cap, "# vigil-hmac v1 unit=%s\n", hf->hf_unit);
	len = (size_t)hl;
	for (k = 0; k < n; k++) {
		sodium_bin2hex(text + len, 2 * VG_ACCOUNT_DIGEST_LEN + 1,
		    hf->hf_ents[k].de_digest, VG_ACCOUNT_DIGEST_LEN);
		len += 2 * VG_ACCOUNT_DIGEST_LEN;
		if (hf->hf_ents[k].de_password) {
			text[len++] = ' ';
			text[len++] = 'p';
		}
		text[len++] = '\n';
	}
	text[len] = '\0';
	*textp = text;
	*lenp = len;
	*countp = n;
	return 0;
}
