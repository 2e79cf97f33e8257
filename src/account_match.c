/*
 * account_match.c -- leaked records against the directory: what matched
 * each account, where it was seen and which distinct password hashes
 * leaked with it; then the results, their actions and severity, and
 * their text.
 *
 * Does no I/O.  Memory grows with the directory and the matches only: a
 * record that matches nothing leaves no trace.  Per matched account the
 * matcher keeps at most VG_MAX_ACCOUNT_SOURCES sightings and
 * VG_MAX_ACCOUNT_PASSWORDS password hashes; the hashes are wiped when the
 * matcher is freed.  Digest lists are matched through a second table,
 * built on the first digest record, of the HMAC of every form in which a
 * directory identifier may have leaked (account.h, docs/ACCOUNTS.md).
 */
#include "account_int.h"

#include <sodium.h>

#include "vg_buf.h"
#include "vg_json.h"

#define MAX_MATCHED	(2 * VG_MAX_ACCOUNT_IDENTS)	/* per account */
#define MAX_LOOKUP	64	/* accounts sharing one identifier */
#define MAX_TEXT	(1024 * 1024)	/* one result's text */

struct hit {
	const char			**ht_matched;
	size_t				  ht_nmatched;
	struct vg_account_source	  ht_src[VG_MAX_ACCOUNT_SOURCES];
	size_t				  ht_nsrc;
	unsigned long			  ht_seen;
	unsigned			  ht_nlists;
	const char			 *ht_last_file;
	bool				  ht_password;
	uint8_t				(*ht_sha1)[VG_ACCOUNT_SHA1_LEN];
	uint32_t			  ht_nsha1;
	uint32_t			  ht_capsha1;
	enum vg_account_breach		  ht_breached;
	unsigned			  ht_actions;
	enum vg_account_severity	  ht_severity;
};

/* One slot of the digest table; dg_ident NULL when empty. */
struct dslot {
	uint8_t		 dg_digest[VG_ACCOUNT_DIGEST_LEN];
	uint32_t	 dg_acct;
	const char	*dg_ident;
};

struct vg_account_match {
	const struct vg_account_dir	 *m_dir;
	struct hit			**m_hits;	/* by account */
	uint32_t			 *m_order;	/* matched accounts */
	size_t				  m_nmatched;
	size_t				  m_capmatched;
	struct vg_account__arena	  m_arena;
	const char			 *m_file;	/* last list name */
	uint8_t				  m_key[VG_ACCOUNT_KEY_LEN];
	bool				  m_has_key;
	char				 *m_key_unit;	/* NULL: unknown */
	struct dslot			 *m_dtab;
	size_t				  m_dmask;
	bool				  m_dbuilt;
	vg_account_corpus_fn		 *m_corpus;
	void				 *m_corpus_arg;
	bool				  m_finished;
};

int
vg_account_match_new(const struct vg_account_dir *dir,
    struct vg_account_match **matchp)
{
	struct vg_account_match *m;
	size_t n = vg_account_dir_count(dir);

	*matchp = NULL;
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return VG_ERR_NOMEM;
	if ((m->m_hits = calloc(n == 0 ? 1 : n, sizeof(*m->m_hits))) == NULL) {
		free(m);
		return VG_ERR_NOMEM;
	}
	m->m_dir = dir;
	*matchp = m;
	return 0;
}

void
vg_account_match_free(struct vg_account_match *m)
{
	struct hit *h;
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->m_nmatched; i++) {
		h = m->m_hits[m->m_order[i]];
		if (h->ht_sha1 != NULL)
			sodium_memzero(h->ht_sha1, (size_t)h->ht_capsha1 *
			    sizeof(*h->ht_sha1));
		free(h->ht_sha1);
		free(h->ht_matched);
		free(h);
	}
	free(m->m_hits);
	free(m->m_order);
	free(m->m_dtab);
	free(m->m_key_unit);
	sodium_memzero(m->m_key, sizeof(m->m_key));
	vg_account__arena_free(&m->m_arena);
	free(m);
}

int
vg_account_match_key(struct vg_account_match *m,
    const uint8_t key[VG_ACCOUNT_KEY_LEN], const char *unit)
{
	free(m->m_key_unit);
	m->m_key_unit = NULL;
	if (unit != NULL && (m->m_key_unit = strdup(unit)) == NULL)
		return VG_ERR_NOMEM;
	memcpy(m->m_key, key, VG_ACCOUNT_KEY_LEN);
	m->m_has_key = true;
	return 0;
}

void
vg_account_match_corpus(struct vg_account_match *m, vg_account_corpus_fn *fn,
    void *arg)
{
	m->m_corpus = fn;
	m->m_corpus_arg = arg;
}

/* ------------------------------------------------------------ recording */

static struct hit *
hit_get(struct vg_account_match *m, uint32_t idx)
{
	uint32_t *v;
	size_t cap;

	if (m->m_hits[idx] != NULL)
		return m->m_hits[idx];
	if (m->m_nmatched == m->m_capmatched) {
		cap = m->m_capmatched == 0 ? 64 : m->m_capmatched * 2;
		if ((v = reallocarray(m->m_order, cap, sizeof(*v))) == NULL)
			return NULL;
		m->m_order = v;
		m->m_capmatched = cap;
	}
	if ((m->m_hits[idx] = calloc(1, sizeof(struct hit))) == NULL)
		return NULL;
	m->m_order[m->m_nmatched++] = idx;
	return m->m_hits[idx];
}

/* The matcher's copy of the list name (one per run of records). */
static const char *
file_copy(struct vg_account_match *m, const char *file)
{
	if (m->m_file == NULL || strcmp(m->m_file, file) != 0)
		m->m_file = vg_account__arena_strdup(&m->m_arena,
		    vg_str_make(file, strlen(file)));
	return m->m_file;
}

static int
hit_add(struct vg_account_match *m, uint32_t idx, struct vg_str ident,
    const struct vg_account_leak_rec *rec)
{
	uint8_t (*sv)[VG_ACCOUNT_SHA1_LEN];
	const char **mv, *file, *s;
	struct hit *h;
	uint32_t i, cap;

	if ((h = hit_get(m, idx)) == NULL ||
	    (file = file_copy(m, rec->lr_file)) == NULL)
		return VG_ERR_NOMEM;
	for (i = 0; i < h->ht_nmatched; i++)
		if (strlen(h->ht_matched[i]) == ident.len &&
		    memcmp(h->ht_matched[i], ident.p, ident.len) == 0)
			break;
	if (i == h->ht_nmatched && h->ht_nmatched < MAX_MATCHED) {
		if ((mv = reallocarray(h->ht_matched, h->ht_nmatched + 1,
		    sizeof(*mv))) == NULL)
			return VG_ERR_NOMEM;
		h->ht_matched = mv;
		if ((s = vg_account__arena_strdup(&m->m_arena, ident)) == NULL)
			return VG_ERR_NOMEM;
		mv[h->ht_nmatched++] = s;
	}
	if (h->ht_nsrc < VG_MAX_ACCOUNT_SOURCES) {
		h->ht_src[h->ht_nsrc].so_file = file;
		h->ht_src[h->ht_nsrc].so_line = rec->lr_line;
		h->ht_nsrc++;
	}
	h->ht_seen++;
	if (h->ht_last_file != file) {
		h->ht_nlists++;
		h->ht_last_file = file;
	}
	if (!rec->lr_password)
		return 0;
	h->ht_password = true;
	if (!rec->lr_has_sha1)
		return 0;
	for (i = 0; i < h->ht_nsha1; i++)
		if (sodium_memcmp(h->ht_sha1[i], rec->lr_sha1,
		    VG_ACCOUNT_SHA1_LEN) == 0)
			return 0;
	if (h->ht_nsha1 == VG_MAX_ACCOUNT_PASSWORDS)
		return 0;
	if (h->ht_nsha1 == h->ht_capsha1) {
		/* Grow by hand: the old block is wiped, not just freed. */
		cap = h->ht_capsha1 == 0 ? 4 : h->ht_capsha1 * 2;
		if ((sv = calloc(cap, sizeof(*sv))) == NULL)
			return VG_ERR_NOMEM;
		if (h->ht_sha1 != NULL) {
			memcpy(sv, h->ht_sha1, h->ht_nsha1 * sizeof(*sv));
			sodium_memzero(h->ht_sha1, h->ht_capsha1 *
			    sizeof(*sv));
			free(h->ht_sha1);
		}
		h->ht_sha1 = sv;
		h->ht_capsha1 = cap;
	}
	memcpy(h->ht_sha1[h->ht_nsha1++], rec->lr_sha1, VG_ACCOUNT_SHA1_LEN);
	return 0;
}

/* -------------------------------------------------------------- digests */

static int
dtab_add(struct vg_account_match *m, uint32_t acct, struct vg_str ident)
{
	uint8_t dg[VG_ACCOUNT_DIGEST_LEN];
	uint64_t h;
	size_t i;
	const char *s;

	vg_account_digest(m->m_key, ident, dg);
	memcpy(&h, dg, sizeof(h));
	for (i = (size_t)h & m->m_dmask; m->m_dtab[i].dg_ident != NULL;
	    i = (i + 1) & m->m_dmask)
		if (m->m_dtab[i].dg_acct == acct &&
		    memcmp(m->m_dtab[i].dg_digest, dg, sizeof(dg)) == 0)
			return 0;	/* the same form twice */
	if ((s = vg_account__arena_strdup(&m->m_arena, ident)) == NULL)
		return VG_ERR_NOMEM;
	memcpy(m->m_dtab[i].dg_digest, dg, sizeof(dg));
	m->m_dtab[i].dg_acct = acct;
	m->m_dtab[i].dg_ident = s;
	return 0;
}

/*
 * Call `fn' for every form in which identifier `id' of kind `kind' may
 * appear in a leak the centre normalized: as it is, under each alias of
 * its domain (the centre may not know the alias), and for a login as
 * login@D for each organization domain D and alias of D.
 */
static int
id_forms(struct vg_account_match *m, uint32_t acct,
    const struct vg_account_ident *ai, size_t *countp, bool count_only)
{
	const struct vg_account_norm *nm = vg_account__dir_norm(m->m_dir);
	const struct vg_account__slot *sl;
	char buf[2 * (VG_MAX_ACCOUNT_ID + 1)];
	const char *id = ai->ai_value, *at = strchr(id, '@'), *dom;
	size_t i, j, local, n;
	int r;

	if (count_only)
		(*countp)++;
	else if ((r = dtab_add(m, acct, vg_str_make(id, strlen(id)))) != 0)
		return r;
	if (nm == NULL)
		return 0;
	for (j = 0; j < (ai->ai_kind == VG_ACCOUNT_ID_LOGIN ? nm->nm_norgs :
	    at != NULL ? 1 : 0); j++) {
		if (ai->ai_kind == VG_ACCOUNT_ID_LOGIN) {
			local = strlen(id);
			dom = nm->nm_orgs[j];
			if (count_only)
				(*countp)++;
			else {
				n = (size_t)snprintf(buf, sizeof(buf), "%s@%s",
				    id, dom);
				if (n <= VG_MAX_ACCOUNT_ID && (r = dtab_add(m,
				    acct, vg_str_make(buf, n))) != 0)
					return r;
			}
		} else {
			local = (size_t)(at - id);
			dom = at + 1;
		}
		/* Every alias whose canonical domain is `dom'. */
		for (i = 0; nm->nm_alias.tb_mask != 0 &&
		    i <= nm->nm_alias.tb_mask; i++) {
			sl = &nm->nm_alias.tb_slots[i];
			if (sl->sl_key == NULL ||
			    strcmp(nm->nm_canon[sl->sl_val], dom) != 0)
				continue;
			if (count_only) {
				(*countp)++;
				continue;
			}
			n = (size_t)snprintf(buf, sizeof(buf), "%.*s@%s",
			    (int)local, id, sl->sl_key);
			if (n <= VG_MAX_ACCOUNT_ID && (r = dtab_add(m, acct,
			    vg_str_make(buf, n))) != 0)
				return r;
		}
	}
	return 0;
}

static int
dtab_build(struct vg_account_match *m)
{
	const struct vg_account *ac;
	size_t n = 0, i, k, slots;
	int r;

	for (i = 0; i < vg_account_dir_count(m->m_dir); i++) {
		ac = vg_account_dir_get(m->m_dir, i);
		for (k = 0; k < ac->ac_nidents; k++)
			(void)id_forms(m, (uint32_t)i, &ac->ac_idents[k], &n,
			    true);
	}
	for (slots = 64; slots < 2 * n + 1; slots *= 2)
		;
	if ((m->m_dtab = calloc(slots, sizeof(*m->m_dtab))) == NULL)
		return VG_ERR_NOMEM;
	m->m_dmask = slots - 1;
	for (i = 0; i < vg_account_dir_count(m->m_dir); i++) {
		ac = vg_account_dir_get(m->m_dir, i);
		for (k = 0; k < ac->ac_nidents; k++)
			if ((r = id_forms(m, (uint32_t)i, &ac->ac_idents[k],
			    NULL, false)) != 0)
				return r;
	}
	m->m_dbuilt = true;
	return 0;
}

/*
 * Whether the digests of a list headed "unit=UNIT" were made with the key
 * of `key_unit' ("" for the master key, which keys "_all" and
 * "_unassigned").
 */
static bool
key_fits(const char *key_unit, const char *unit)
{
	if (key_unit[0] == '\0')
		return strcmp(unit, "_all") == 0 ||
		    strcmp(unit, "_unassigned") == 0;
	return strcmp(key_unit, unit) == 0;
}

static int
match_digest(struct vg_account_match *m, const struct vg_account_leak_rec *rec,
    struct vg_diag *diag)
{
	const struct dslot *s;
	uint64_t h;
	size_t i;
	int r;

	if (!m->m_has_key) {
		snprintf(diag->msg, sizeof(diag->msg), "a digest list needs "
		    "the unit's key (--key-file)");
		return VG_ERR_INVAL;
	}
	if (rec->lr_unit != NULL && m->m_key_unit != NULL &&
	    strcmp(m->m_key_unit, "?") != 0 && !key_fits(m->m_key_unit,
	    rec->lr_unit)) {
		snprintf(diag->msg, sizeof(diag->msg), "digests are for unit "
		    "%s but the key is %s%s%s", rec->lr_unit,
		    m->m_key_unit[0] == '\0' ? "the master key" : "unit ",
		    m->m_key_unit[0] == '\0' ? "" : m->m_key_unit,
		    m->m_key_unit[0] == '\0' ? "" : "'s");
		vg_account__sanitize(diag->msg);
		return VG_ERR_INVAL;
	}
	if (!m->m_dbuilt && (r = dtab_build(m)) != 0)
		return r;
	memcpy(&h, rec->lr_digest, sizeof(h));
	for (i = (size_t)h & m->m_dmask; (s = &m->m_dtab[i])->dg_ident != NULL;
	    i = (i + 1) & m->m_dmask) {
		if (sodium_memcmp(s->dg_digest, rec->lr_digest,
		    VG_ACCOUNT_DIGEST_LEN) != 0)
			continue;
		if ((r = hit_add(m, s->dg_acct, vg_str_make(s->dg_ident,
		    strlen(s->dg_ident)), rec)) != 0)
			return r;
	}
	return 0;
}

int
vg_account_match_rec(void *arg, const struct vg_account_leak_rec *rec,
    struct vg_diag *diag)
{
	struct vg_account_match *m = arg;
	size_t idxs[MAX_LOOKUP], n, i;
	int r;

	if (m->m_finished) {
		snprintf(diag->msg, sizeof(diag->msg), "matching already "
		    "finished");
		return VG_ERR_LIMIT;
	}
	if (rec->lr_is_digest)
		return match_digest(m, rec, diag);
	n = vg_account__dir_lookup(m->m_dir, rec->lr_id.p, rec->lr_id.len,
	    idxs, MAX_LOOKUP);
	for (i = 0; i < VG_MIN(n, (size_t)MAX_LOOKUP); i++)
		if ((r = hit_add(m, (uint32_t)idxs[i], rec->lr_id, rec)) != 0)
			return r;
	return 0;
}

int
vg_account_match_buf(struct vg_account_match *m, const char *file,
    const char *buf, size_t len, enum vg_account_leak_format fmt,
    vg_account_warn_fn *warn, void *warn_arg,
    struct vg_account_leak_stats *stats, struct vg_diag *diag)
{
	struct vg_account_leak *lk = NULL;
	int r;

	memset(diag, 0, sizeof(*diag));
	diag->src = file;
	if ((r = vg_account_leak_new(file, fmt, vg_account__dir_norm(m->m_dir),
	    vg_account_match_rec, m, warn, warn_arg, &lk)) != 0) {
		snprintf(diag->msg, sizeof(diag->msg), "%s", vg_strerror(r));
		return r;
	}
	if ((r = vg_account_leak_feed(lk, buf, len, diag)) == 0)
		r = vg_account_leak_end(lk, diag);
	if (stats != NULL)
		vg_account_leak_stats(lk, stats);
	/* diag->src pointed at the parser's copy: point at the caller's. */
	diag->src = file;
	vg_account_leak_free(lk);
	return r;
}

/* -------------------------------------------------------------- results */

static int
result_cmp(const void *a, const void *b, void *arg)
{
	const struct vg_account_match *m = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	const struct hit *hx = m->m_hits[x], *hy = m->m_hits[y];
	const struct vg_account *ax = vg_account_dir_get(m->m_dir, x);
	const struct vg_account *ay = vg_account_dir_get(m->m_dir, y);
	int c;

	if (hx->ht_severity != hy->ht_severity)
		return hx->ht_severity > hy->ht_severity ? -1 : 1;
	if ((c = strcmp(ax->ac_unit, ay->ac_unit)) != 0)
		return c;
	if ((c = strcmp(ax->ac_id, ay->ac_id)) != 0)
		return c;
	return x < y ? -1 : x > y;
}

int
vg_account_match_finish(struct vg_account_match *m)
{
	struct hit *h;
	uint32_t count;
	size_t i, k;

	if (m->m_finished)
		return 0;
	for (i = 0; i < m->m_nmatched; i++) {
		h = m->m_hits[m->m_order[i]];
		h->ht_breached = VG_ACCOUNT_BREACH_UNKNOWN;
		if (m->m_corpus != NULL && h->ht_nsha1 > 0) {
			h->ht_breached = VG_ACCOUNT_BREACH_NO;
			for (k = 0; k < h->ht_nsha1; k++) {
				count = 0;
				if (m->m_corpus(m->m_corpus_arg, h->ht_sha1[k],
				    &count))
					h->ht_breached = VG_ACCOUNT_BREACH_YES;
			}
		}
		h->ht_actions = VG_ACCOUNT_ACT_CHECK_MFA |
		    VG_ACCOUNT_ACT_NOTIFY_USER;
		if (h->ht_password)
			h->ht_actions |= VG_ACCOUNT_ACT_RESET_PASSWORD |
			    VG_ACCOUNT_ACT_REVOKE_SESSIONS;
		if (h->ht_breached == VG_ACCOUNT_BREACH_YES ||
		    h->ht_nsha1 >= 2)
			h->ht_severity = VG_ACCOUNT_SEV_CRITICAL;
		else if (h->ht_password)
			h->ht_severity = VG_ACCOUNT_SEV_HIGH;
		else if (h->ht_nlists >= 2)
			h->ht_severity = VG_ACCOUNT_SEV_MEDIUM;
		else
			h->ht_severity = VG_ACCOUNT_SEV_LOW;
	}
	if (m->m_nmatched > 1)
		qsort_r(m->m_order, m->m_nmatched, sizeof(*m->m_order),
		    result_cmp, m);
	m->m_finished = true;
	return 0;
}

size_t
vg_account_match_count(const struct vg_account_match *m)
{
	return m->m_nmatched;
}

void
vg_account_match_result(const struct vg_account_match *m, size_t i,
    struct vg_account_result *rs)
{
	const struct hit *h;

	VG_ASSERT(i < m->m_nmatched);
	h = m->m_hits[m->m_order[i]];
	memset(rs, 0, sizeof(*rs));
	rs->rs_account = vg_account_dir_get(m->m_dir, m->m_order[i]);
	rs->rs_matched = h->ht_matched;
	rs->rs_nmatched = h->ht_nmatched;
	rs->rs_sources = h->ht_src;
	rs->rs_nsources = h->ht_nsrc;
	rs->rs_seen = h->ht_seen;
	rs->rs_nlists = h->ht_nlists;
	rs->rs_password = h->ht_password;
	rs->rs_breached = h->ht_breached;
	rs->rs_password_count = h->ht_nsha1;
	rs->rs_actions = h->ht_actions;
	rs->rs_severity = h->ht_severity;
}

const char *
vg_account_action_name(unsigned act)
{
	switch (act) {
	case VG_ACCOUNT_ACT_RESET_PASSWORD:	return "reset_password";
	case VG_ACCOUNT_ACT_REVOKE_SESSIONS:	return "revoke_sessions";
	case VG_ACCOUNT_ACT_CHECK_MFA:		return "check_mfa";
	case VG_ACCOUNT_ACT_NOTIFY_USER:	return "notify_user";
	default:				return "?";
	}
}

const char *
vg_account_severity_name(enum vg_account_severity sev)
{
	switch (sev) {
	case VG_ACCOUNT_SEV_LOW:	return "low";
	case VG_ACCOUNT_SEV_MEDIUM:	return "medium";
	case VG_ACCOUNT_SEV_HIGH:	return "high";
	case VG_ACCOUNT_SEV_CRITICAL:	return "critical";
	default:			return "?";
	}
}

/* ----------------------------------------------------------------- text */

static const unsigned action_order[] = {
	VG_ACCOUNT_ACT_RESET_PASSWORD, VG_ACCOUNT_ACT_REVOKE_SESSIONS,
	VG_ACCOUNT_ACT_CHECK_MFA, VG_ACCOUNT_ACT_NOTIFY_USER,
};


static const char *
breach_text(enum vg_account_breach b)
{
	return b == VG_ACCOUNT_BREACH_YES ? "true" :
	    b == VG_ACCOUNT_BREACH_NO ? "false" : "";
}

/* "a;b;c" of the matched identifiers, sources or actions. */
static void
join_matched(struct vg_buf *out, const struct vg_account_result *rs,
    const char *sep)
{
	size_t i;

	for (i = 0; i < rs->rs_nmatched; i++) {
		if (i > 0)
			vg_buf_str(out, sep);
		vg_buf_str(out, rs->rs_matched[i]);
	}
}

static void
join_sources(struct vg_buf *out, const struct vg_account_result *rs,
    const char *sep)
{
	size_t i;

	for (i = 0; i < rs->rs_nsources; i++)
		vg_buf_printf(out, "%s%s:%lu", i > 0 ? sep : "",
		    rs->rs_sources[i].so_file, rs->rs_sources[i].so_line);
}

static void
join_actions(struct vg_buf *out, const struct vg_account_result *rs,
    const char *sep)
{
	size_t i;
	bool first = true;

	for (i = 0; i < VG_ARRAY_LEN(action_order); i++) {
		if ((rs->rs_actions & action_order[i]) == 0)
			continue;
		vg_buf_printf(out, "%s%s", first ? "" : sep,
		    vg_account_action_name(action_order[i]));
		first = false;
	}
}

static int
format_csv(const struct vg_account_result *rs, struct vg_buf *sb)
{
	const struct vg_account *ac = rs->rs_account;
	struct vg_buf tmp;
	char num[32];

	vg_buf_init(&tmp, MAX_TEXT);
	vg_buf_csv_str(sb, ac->ac_id, false);
	vg_buf_csv_str(sb, ac->ac_unit, false);
	vg_buf_csv_str(sb, ac->ac_name, false);
	join_matched(&tmp, rs, " ");
	vg_buf_csv_str(sb, tmp.b_p != NULL ? tmp.b_p : "", false);
	vg_buf_clear(&tmp);
	join_sources(&tmp, rs, " ");
	vg_buf_csv_str(sb, tmp.b_p != NULL ? tmp.b_p : "", false);
	snprintf(num, sizeof(num), "%lu", rs->rs_seen);
	vg_buf_csv_str(sb, num, false);
	snprintf(num, sizeof(num), "%u", rs->rs_nlists);
	vg_buf_csv_str(sb, num, false);
	vg_buf_csv_str(sb, rs->rs_password ? "true" : "false", false);
	vg_buf_csv_str(sb, breach_text(rs->rs_breached), false);
	snprintf(num, sizeof(num), "%u", rs->rs_password_count);
	vg_buf_csv_str(sb, num, false);
	vg_buf_clear(&tmp);
	join_actions(&tmp, rs, " ");
	vg_buf_csv_str(sb, tmp.b_p != NULL ? tmp.b_p : "", false);
	vg_buf_csv_str(sb, vg_account_severity_name(rs->rs_severity), true);
	if (tmp.b_err != 0 && sb->b_err == 0)
		sb->b_err = tmp.b_err;
	vg_buf_free(&tmp);
	return sb->b_err;
}

static int
format_table(const struct vg_account_result *rs, struct vg_buf *sb)
{
	const struct vg_account *ac = rs->rs_account;

	vg_buf_printf(sb, "%-8s %-36s %-14s %-5s %-8s %5u %6lu  ",
	    vg_account_severity_name(rs->rs_severity), ac->ac_id,
	    ac->ac_unit[0] != '\0' ? ac->ac_unit : "-",
	    rs->rs_password ? "yes" : "no",
	    rs->rs_breached == VG_ACCOUNT_BREACH_UNKNOWN ? "-" :
	    rs->rs_breached == VG_ACCOUNT_BREACH_YES ? "yes" : "no",
	    rs->rs_password_count, rs->rs_seen);
	join_actions(sb, rs, ",");
	vg_buf_add(sb, "\n", 1);
	return sb->b_err;
}


static int
format_json(const struct vg_account_result *rs, char **textp, size_t *lenp)
{
	const struct vg_account *ac = rs->rs_account;
	struct vg_json j;
	char where[4200];
	size_t i;

	vg_json_init(&j, MAX_TEXT);
	vg_json_obj_begin(&j, NULL);
	vg_json_obj_begin(&j, "account");
	vg_json_cstr(&j, "id", ac->ac_id);
	vg_json_cstr(&j, "unit", ac->ac_unit);
	vg_json_cstr(&j, "name", ac->ac_name);
	vg_json_arr_begin(&j, "matched");
	for (i = 0; i < rs->rs_nmatched; i++)
		vg_json_cstr(&j, NULL, rs->rs_matched[i]);
	vg_json_arr_end(&j);
	vg_json_obj_end(&j);
	vg_json_obj_begin(&j, "leak");
	vg_json_arr_begin(&j, "sources");
	for (i = 0; i < rs->rs_nsources; i++) {
		snprintf(where, sizeof(where), "%s:%lu",
		    rs->rs_sources[i].so_file, rs->rs_sources[i].so_line);
		vg_json_cstr(&j, NULL, where);
	}
	vg_json_arr_end(&j);
	vg_json_uint(&j, "source_count", rs->rs_seen);
	vg_json_uint(&j, "lists", rs->rs_nlists);
	vg_json_bool(&j, "password", rs->rs_password);
	if (rs->rs_breached == VG_ACCOUNT_BREACH_UNKNOWN)
		vg_json_null(&j, "password_breached");
	else
		vg_json_bool(&j, "password_breached",
		    rs->rs_breached == VG_ACCOUNT_BREACH_YES);
	vg_json_uint(&j, "password_count", rs->rs_password_count);
	vg_json_obj_end(&j);
	vg_json_arr_begin(&j, "actions");
	for (i = 0; i < VG_ARRAY_LEN(action_order); i++)
		if (rs->rs_actions & action_order[i])
			vg_json_cstr(&j, NULL,
			    vg_account_action_name(action_order[i]));
	vg_json_arr_end(&j);
	vg_json_cstr(&j, "severity", vg_account_severity_name(rs->rs_severity));
	vg_json_obj_end(&j);
	vg_json_newline(&j);
	return vg_json_take(&j, textp, lenp);
}

const char *
vg_account_out_header(enum vg_account_outfmt fmt)
{
	switch (fmt) {
	case VG_ACCOUNT_OUT_TABLE:
		return "severity account                              unit    "
		    "       pw    breached count   seen  actions\n";
	case VG_ACCOUNT_OUT_CSV:
		return "account_id,unit,name,matched,sources,source_count,"
		    "lists,password,password_breached,password_count,actions,"
		    "severity\n";
	default:
		return "";
	}
}

int
vg_account_result_format(const struct vg_account_result *rs,
    enum vg_account_outfmt fmt, char **textp, size_t *lenp)
{
	struct vg_buf sb;
	int r;

	*textp = NULL;
	*lenp = 0;
	vg_buf_init(&sb, MAX_TEXT);
	switch (fmt) {
	case VG_ACCOUNT_OUT_JSONL:
		return format_json(rs, textp, lenp);
	case VG_ACCOUNT_OUT_TABLE:
		r = format_table(rs, &sb);
		break;
	case VG_ACCOUNT_OUT_CSV:
		r = format_csv(rs, &sb);
		break;
	default:
		return VG_ERR_INVAL;
	}
	if (r != 0) {
		vg_buf_free(&sb);
		return r;
	}
	*textp = sb.b_p;
	*lenp = sb.b_len;
	return 0;
}
