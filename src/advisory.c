/*
 * advisory.c -- the advisory database: its memory, its indexes, and the
 * loading of files, directories and zip archives.
 *
 * Runs in the process that prepares an audit (vigil vuln scan), before
 * any host is matched.  Memory: the advisories, the ranges, events and
 * version lists of the entries, and every string are carved from an
 * arena of 256 KiB chunks and freed at once with the database, so a load
 * that stops half way leaves nothing to unwind.  Strings are copied
 * NUL-terminated, so views handed out may also be printed as C strings.
 * Ecosystem names are interned (a few hundred distinct ones stand for
 * millions of entries), as is each (ecosystem, package) pair and the
 * introduced version "0" that starts most ranges.  The entries
 * themselves sit in one array per (ecosystem, package), see struct
 * group.
 *
 * Indexes: four open-addressing hash tables with linear probing, at
 * most 70% full: (ecosystem, package) -> its entries, ecosystem name ->
 * its interned copy, OSV id -> advisory (to skip a record loaded twice),
 * CVE -> KEV entry.  Keys come from downloaded data that anyone can
 * publish to (OSV records of npm or PyPI packages), so they are hashed
 * with SipHash (libsodium's crypto_shorthash) under a key drawn when the
 * database is created: no input can be crafted to collide.  A lookup is
 * one hash (two when the bare ecosystem is tried too) and on average
 * about two probes, then a scan of consecutive entries: two million
 * lookups (1,000 hosts of 2,000 packages) over 50,000 advisories take
 * about half a second.
 *
 * Reading: a JSON text is recognised by its shape.  The Debian tracker
 * export, the only input larger than VG_MAX_ADV_DOC_BYTES, is read one
 * source package at a time: a small scanner finds where each top-level
 * member's value ends (tracking strings and brackets only) and jansson
 * parses that value alone, so memory stays that of one package and a
 * broken package is reported with its line while the next one loads.
 * Everything else is parsed whole by jansson (nesting bounded by its
 * JSON_PARSER_MAX_DEPTH, NUL in strings rejected).  The per-format
 * readers are advisory_osv.c, advisory_debian.c and advisory_kev.c.
 */
#include "advisory.h"
#include "advisory_int.h"
#include "vg_file.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <unistd.h>

#include <sodium.h>
#include <zip.h>

/* Arena chunk size: large enough that malloc overhead is negligible. */
#define CHUNK_SIZE	(256 * 1024)

struct chunk {
	struct chunk	*ch_next;
	size_t		 ch_used;
	size_t		 ch_cap;
	uint64_t	 ch_data[];	/* 8-byte aligned */
};

struct slot {
	uint64_t	 sl_hash;
	void		*sl_item;	/* NULL: empty */
};

struct htab {
	struct slot	*ht_slots;
	size_t		 ht_cap;	/* a power of two, or 0 */
	size_t		 ht_n;
};

/*
 * The entries of one (ecosystem, package), in load order, in one array
 * of their own (not in the arena) so that a lookup reads them from
 * consecutive memory instead of chasing a pointer per entry: with
 * hundreds of MB of advisories, each chased pointer is a cache miss.
 * The array moves when it grows, which is why entries are borrowed only
 * until the next load.
 */
struct group {
	struct vg_str		 g_eco;
	struct vg_str		 g_pkg;
	struct vg_adv_affected	*g_aff;
	uint32_t		 g_n;
	uint32_t		 g_cap;
};

struct vg_advdb {
	struct chunk		*db_chunks;	/* the one being filled first */
	size_t			 db_arena_bytes;
	size_t			 db_array_bytes; /* of the groups' arrays */
	struct htab		 db_groups;	/* struct group */
	struct htab		 db_ecos;	/* struct vg_str (interned) */
	struct htab		 db_ids;	/* struct vg_adv (OSV) */
	struct htab		 db_kevs;	/* struct vg_kev */
	struct vg_advdb_stats	 db_stats;
	bool			 db_full;	/* a database limit was hit */
	unsigned char		 db_key[crypto_shorthash_KEYBYTES];
};

/* Hash key domains, so that an id and a CVE never share a key. */
enum {
	DOM_GROUP = 'g',
	DOM_ECO = 'e',
	DOM_ID = 'i',
	DOM_KEV = 'k',
};

/* ------------------------------------------------------------ arena */

static void *
arena_alloc(struct vg_advdb *db, size_t n)
{
	struct chunk *c = db->db_chunks, *nc;
	size_t need, cap;
	void *p;

	if (n > SIZE_MAX / 2)
		return NULL;
	need = (n + 7) & ~(size_t)7;
	if (c == NULL || c->ch_cap - c->ch_used < need) {
		/* A large block gets a chunk of its own, behind the head. */
		cap = need > CHUNK_SIZE / 4 ? need : CHUNK_SIZE;
		if ((nc = malloc(sizeof(*nc) + cap)) == NULL)
			return NULL;
		nc->ch_used = 0;
		nc->ch_cap = cap;
		db->db_arena_bytes += sizeof(*nc) + cap;
		if (cap != CHUNK_SIZE && c != NULL) {
			nc->ch_next = c->ch_next;
			c->ch_next = nc;
		} else {
			nc->ch_next = c;
			db->db_chunks = nc;
		}
		c = nc;
	}
	p = (char *)c->ch_data + c->ch_used;
	c->ch_used += need;
	memset(p, 0, n);
	return p;
}

/*
 * Copy `s' NUL-terminated into the arena.  With `oneline', control bytes
 * become spaces (summaries are printed on one line).
 */
static int
arena_str(struct vg_advdb *db, struct vg_str s, bool oneline,
    struct vg_str *outp)
{
	char *p;
	size_t i;

	if (s.len == 0) {
		*outp = vg_str_make("", 0);
		return 0;
	}
	if ((p = arena_alloc(db, s.len + 1)) == NULL)
		return VG_ERR_NOMEM;
	memcpy(p, s.p, s.len);
	p[s.len] = '\0';
	if (oneline)
		for (i = 0; i < s.len; i++)
			if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
				p[i] = ' ';
	*outp = vg_str_make(p, s.len);
	return 0;
}

/* ------------------------------------------------------------ hashing */

static uint64_t
hash2(const struct vg_advdb *db, int dom, struct vg_str a, struct vg_str b)
{
	unsigned char buf[2 * VG_MAX_ADV_FIELD + 2];
	unsigned char out[crypto_shorthash_BYTES];
	size_t n = 0;
	uint64_t h;

	/* Callers check both lengths against VG_MAX_ADV_FIELD. */
	VG_ASSERT(a.len <= VG_MAX_ADV_FIELD && b.len <= VG_MAX_ADV_FIELD);
	buf[n++] = (unsigned char)dom;
	if (a.len > 0)
		memcpy(buf + n, a.p, a.len);
	n += a.len;
	buf[n++] = '\0';	/* fields hold no NUL: the split is unique */
	if (b.len > 0)
		memcpy(buf + n, b.p, b.len);
	n += b.len;
	crypto_shorthash(out, buf, n, db->db_key);
	memcpy(&h, out, sizeof(h));
	return h;
}

typedef bool	item_eq_fn(const void *item, const void *key);

static void *
htab_find(const struct htab *t, uint64_t h, item_eq_fn *eq, const void *key)
{
	size_t i, mask;

	if (t->ht_cap == 0)
		return NULL;
	mask = t->ht_cap - 1;
	for (i = h & mask; t->ht_slots[i].sl_item != NULL; i = (i + 1) & mask)
		if (t->ht_slots[i].sl_hash == h &&
		    eq(t->ht_slots[i].sl_item, key))
			return t->ht_slots[i].sl_item;
	return NULL;
}

/* Insert an item known to be absent. */
static int
htab_insert(struct htab *t, uint64_t h, void *item)
{
	struct slot *ns;
	size_t i, j, ncap, mask;

	/* Keep the table at most 70% full, so probe runs stay short. */
	if ((t->ht_n + 1) * 10 > t->ht_cap * 7) {
		ncap = t->ht_cap == 0 ? 64 : t->ht_cap * 2;
		if (ncap > SIZE_MAX / sizeof(*ns) ||
		    (ns = calloc(ncap, sizeof(*ns))) == NULL)
			return VG_ERR_NOMEM;
		for (i = 0; i < t->ht_cap; i++) {
			if (t->ht_slots[i].sl_item == NULL)
				continue;
			for (j = t->ht_slots[i].sl_hash & (ncap - 1);
			    ns[j].sl_item != NULL; j = (j + 1) & (ncap - 1))
				;
			ns[j] = t->ht_slots[i];
		}
		free(t->ht_slots);
		t->ht_slots = ns;
		t->ht_cap = ncap;
	}
	mask = t->ht_cap - 1;
	for (i = h & mask; t->ht_slots[i].sl_item != NULL; i = (i + 1) & mask)
		;
	t->ht_slots[i].sl_hash = h;
	t->ht_slots[i].sl_item = item;
	t->ht_n++;
	return 0;
}

static void
htab_free(struct htab *t)
{
	free(t->ht_slots);
	memset(t, 0, sizeof(*t));
}

struct group_key {
	struct vg_str	eco;
	struct vg_str	pkg;
};

static bool
group_eq(const void *item, const void *key)
{
	const struct group *g = item;
	const struct group_key *k = key;

	return vg_str_same(g->g_eco, k->eco) && vg_str_same(g->g_pkg, k->pkg);
}

static bool
eco_eq(const void *item, const void *key)
{
	return vg_str_same(*(const struct vg_str *)item,
	    *(const struct vg_str *)key);
}

static bool
adv_id_eq(const void *item, const void *key)
{
	return vg_str_same(((const struct vg_adv *)item)->adv_id,
	    *(const struct vg_str *)key);
}

static bool
kev_eq(const void *item, const void *key)
{
	return vg_str_same(((const struct vg_kev *)item)->kev_cve,
	    *(const struct vg_str *)key);
}

static const struct group *
group_find(const struct vg_advdb *db, struct vg_str eco, struct vg_str pkg)
{
	struct group_key k = { eco, pkg };

	if (eco.len == 0 || eco.len > VG_MAX_ADV_FIELD || pkg.len == 0 ||
	    pkg.len > VG_MAX_ADV_FIELD)
		return NULL;
	return htab_find(&db->db_groups, hash2(db, DOM_GROUP, eco, pkg),
	    group_eq, &k);
}

/* The interned copy of ecosystem name `eco'. */
static int
eco_intern(struct vg_advdb *db, struct vg_str eco, struct vg_str *outp)
{
	struct vg_str *s;
	uint64_t h = hash2(db, DOM_ECO, eco, VG_STR_NULL);
	int r;

	if ((s = htab_find(&db->db_ecos, h, eco_eq, &eco)) == NULL) {
		if ((s = arena_alloc(db, sizeof(*s))) == NULL)
			return VG_ERR_NOMEM;
		if ((r = arena_str(db, eco, false, s)) != 0 ||
		    (r = htab_insert(&db->db_ecos, h, s)) != 0)
			return r;
	}
	*outp = *s;
	return 0;
}

static int
group_get(struct vg_advdb *db, struct vg_str eco, struct vg_str pkg,
    struct group **gp)
{
	struct group_key k = { eco, pkg };
	struct group *g;
	uint64_t h = hash2(db, DOM_GROUP, eco, pkg);
	int r;

	if ((g = htab_find(&db->db_groups, h, group_eq, &k)) == NULL) {
		if ((g = arena_alloc(db, sizeof(*g))) == NULL)
			return VG_ERR_NOMEM;
		if ((r = eco_intern(db, eco, &g->g_eco)) != 0 ||
		    (r = arena_str(db, pkg, false, &g->g_pkg)) != 0 ||
		    (r = htab_insert(&db->db_groups, h, g)) != 0)
			return r;
	}
	*gp = g;
	return 0;
}

/* ------------------------------------------------------------ helpers */

const char *
vg_advisory__quote(struct vg_str s, char *buf, size_t size)
{
	size_t i, n = VG_MIN(s.len, size - 1);

	n = VG_MIN(n, VG_ADVISORY__QUOTE_MAX);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s.p[i];

		buf[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	buf[n] = '\0';
	return buf;
}

void
vg_advisory__warn(struct vg_advisory__doc *doc, unsigned long line,
    const char *fmt, ...)
{
	struct vg_diag d;
	va_list ap;

	doc->dc_db->db_stats.st_bad++;
	if (doc->dc_warn == NULL)
		return;
	memset(&d, 0, sizeof(d));
	d.src = doc->dc_src;
	d.line = line;
	va_start(ap, fmt);
	vsnprintf(d.msg, sizeof(d.msg), fmt, ap);
	va_end(ap);
	doc->dc_warn(doc->dc_warn_arg, &d);
}

int
vg_advisory__full(const struct vg_advdb *db)
{
	return db->db_full ? VG_ERR_LIMIT : 0;
}

struct vg_advdb_stats *
vg_advisory__stats(struct vg_advdb *db)
{
	return &db->db_stats;
}

bool
vg_advisory__field_ok(struct vg_str s)
{
	size_t i;

	if (s.len == 0 || s.len > VG_MAX_ADV_FIELD)
		return false;
	for (i = 0; i < s.len; i++)
		if ((unsigned char)s.p[i] < 0x20 || s.p[i] == 0x7f)
			return false;
	return true;
}

bool
vg_advisory__is_cve(struct vg_str s)
{
	return s.len > 4 && memcmp(s.p, "CVE-", 4) == 0 &&
	    s.p[4] >= '0' && s.p[4] <= '9';
}

enum vg_adv_sev
vg_advisory__sev_parse(struct vg_str w)
{
	static const struct {
		const char	*word;
		enum vg_adv_sev	 sev;
	} words[] = {
		{ "unimportant", VG_ADV_SEV_NEGLIGIBLE },
		{ "negligible", VG_ADV_SEV_NEGLIGIBLE },
		{ "none", VG_ADV_SEV_NEGLIGIBLE },
		{ "low", VG_ADV_SEV_LOW },
		{ "medium", VG_ADV_SEV_MEDIUM },
		{ "moderate", VG_ADV_SEV_MEDIUM },
		{ "important", VG_ADV_SEV_HIGH },
		{ "high", VG_ADV_SEV_HIGH },
		{ "critical", VG_ADV_SEV_CRITICAL },
	};
	size_t i;

	for (i = 0; i < VG_ARRAY_LEN(words); i++)
		if (vg_str_caseeq(w, words[i].word, strlen(words[i].word)))
			return words[i].sev;
	return VG_ADV_SEV_UNKNOWN;
}

const char *
vg_adv_sev_name(enum vg_adv_sev sev)
{
	switch (sev) {
	case VG_ADV_SEV_NEGLIGIBLE:	return "negligible";
	case VG_ADV_SEV_LOW:		return "low";
	case VG_ADV_SEV_MEDIUM:		return "medium";
	case VG_ADV_SEV_HIGH:		return "high";
	case VG_ADV_SEV_CRITICAL:	return "critical";
	case VG_ADV_SEV_UNKNOWN:	break;
	}
	return "unknown";
}

struct vg_str
vg_advisory__summary(struct vg_str text)
{
	struct vg_str line;
	size_t n;

	for (;;) {
		text = vg_str_trim(text);
		if (!vg_str_until(&text, '\n', &line)) {
			line = text;
			break;
		}
		if (!vg_str_empty(vg_str_trim(line)))
			break;
	}
	line = vg_str_trim(line);
	if (line.len > VG_MAX_ADV_SUMMARY) {
		/* Back up to the start of a UTF-8 character. */
		n = VG_MAX_ADV_SUMMARY;
		while (n > 0 && ((unsigned char)line.p[n] & 0xc0) == 0x80)
			n--;
		line.len = n;
	}
	return line;
}

struct vg_str
vg_advisory__jview(const json_t *v)
{
	if (!json_is_string(v))
		return VG_STR_NULL;
	return vg_str_make(json_string_value(v), json_string_length(v));
}

struct vg_str
vg_advisory__jstr(const json_t *obj, const char *key)
{
	return vg_advisory__jview(json_object_get(obj, key));
}

/* ------------------------------------------------------------ building */

/* The document's file name in the arena, copied on first use. */
static int
doc_file(struct vg_advisory__doc *doc, struct vg_str *outp)
{
	int r;

	if (doc->dc_file.p == NULL &&
	    (r = arena_str(doc->dc_db, vg_str_make(doc->dc_src,
	    strlen(doc->dc_src)), true, &doc->dc_file)) != 0)
		return r;
	*outp = doc->dc_file;
	return 0;
}

static int
db_limit(struct vg_advdb *db, size_t n, size_t max)
{
	if (db->db_full)
		return VG_ERR_LIMIT;
	if (n >= max) {
		db->db_full = true;
		return VG_ERR_LIMIT;
	}
	return 0;
}

int
vg_advisory__adv_add(struct vg_advisory__doc *doc, const struct vg_adv *tmpl,
    bool unique_id, const struct vg_adv **advp)
{
	struct vg_advdb *db = doc->dc_db;
	struct vg_adv *adv;
	struct vg_str *aliases = NULL, *cves = NULL, id = tmpl->adv_id;
	uint64_t h = 0;
	uint32_t i, j, n = 0, ncves = 0;
	int r;

	*advp = NULL;
	if ((r = db_limit(db, db->db_stats.st_records,
	    VG_MAX_ADV_RECORDS)) != 0)
		return r;
	VG_ASSERT(vg_advisory__field_ok(id));
	if (unique_id) {
		h = hash2(db, DOM_ID, id, VG_STR_NULL);
		if (htab_find(&db->db_ids, h, adv_id_eq, &id) != NULL) {
			db->db_stats.st_duplicates++;
			return 0;
		}
	}
	if ((adv = arena_alloc(db, sizeof(*adv))) == NULL)
		return VG_ERR_NOMEM;
	adv->adv_sev = tmpl->adv_sev;
	adv->adv_source = tmpl->adv_source;
	if ((r = arena_str(db, id, false, &adv->adv_id)) != 0 ||
	    (r = arena_str(db, tmpl->adv_summary, true,
	    &adv->adv_summary)) != 0 ||
	    (r = arena_str(db, tmpl->adv_cvss, true, &adv->adv_cvss)) != 0 ||
	    (r = arena_str(db, tmpl->adv_severity, true,
	    &adv->adv_severity)) != 0 ||
	    (r = arena_str(db, tmpl->adv_modified, true,
	    &adv->adv_modified)) != 0 ||
	    (r = doc_file(doc, &adv->adv_file)) != 0)
		return r;

	/* Aliases, without the id and without repeats. */
	if (tmpl->adv_naliases > 0 && (aliases = arena_alloc(db,
	    tmpl->adv_naliases * sizeof(*aliases))) == NULL)
		return VG_ERR_NOMEM;
	for (i = 0; i < tmpl->adv_naliases; i++) {
		struct vg_str a = tmpl->adv_aliases[i];

		if (vg_str_same(a, id))
			continue;
		for (j = 0; j < n && !vg_str_same(aliases[j], a); j++)
			;
		if (j < n)
			continue;
		if ((r = arena_str(db, a, false, &aliases[n])) != 0)
			return r;
		n++;
	}
	adv->adv_aliases = aliases;
	adv->adv_naliases = n;

	/* The CVEs, sharing the strings just copied. */
	ncves = vg_advisory__is_cve(id) ? 1 : 0;
	for (i = 0; i < n; i++)
		ncves += vg_advisory__is_cve(aliases[i]) ? 1 : 0;
	if (ncves > 0) {
		if ((cves = arena_alloc(db, ncves * sizeof(*cves))) == NULL)
			return VG_ERR_NOMEM;
		j = 0;
		if (vg_advisory__is_cve(id))
			cves[j++] = adv->adv_id;
		for (i = 0; i < n; i++)
			if (vg_advisory__is_cve(aliases[i]))
				cves[j++] = aliases[i];
	}
	adv->adv_cves = cves;
	adv->adv_ncves = ncves;

	if (unique_id && (r = htab_insert(&db->db_ids, h, adv)) != 0)
		return r;
	db->db_stats.st_records++;
	*advp = adv;
	return 0;
}

/* The version "0" of `introduced' starts most ranges: share one copy. */
static int
version_copy(struct vg_advdb *db, struct vg_str v, struct vg_str *outp)
{
	if (VG_STR_EQ(v, "0")) {
		*outp = VG_STR_LIT("0");
		return 0;
	}
	return arena_str(db, v, false, outp);
}

int
vg_advisory__affected_add(struct vg_advisory__doc *doc,
    const struct vg_adv_affected *tmpl)
{
	struct vg_advdb *db = doc->dc_db;
	struct vg_adv_range *ranges = NULL;
	struct vg_adv_event *ev;
	struct vg_str *versions = NULL;
	struct vg_adv_affected *aff, *na;
	struct group *g;
	uint32_t i, j, ncap;
	int r;

	if ((r = db_limit(db, db->db_stats.st_affected,
	    VG_MAX_ADV_AFFECTED)) != 0)
		return r;
	VG_ASSERT(tmpl->aa_nranges > 0 || tmpl->aa_nversions > 0);
	if ((r = group_get(db, tmpl->aa_ecosystem, tmpl->aa_package,
	    &g)) != 0)
		return r;
	if (g->g_n == g->g_cap) {
		/* Exact for the many groups of one or two entries. */
		ncap = g->g_cap < 2 ? g->g_cap + 1 : g->g_cap * 2;
		if ((na = reallocarray(g->g_aff, ncap, sizeof(*na))) == NULL)
			return VG_ERR_NOMEM;
		db->db_array_bytes += (ncap - g->g_cap) * sizeof(*na);
		g->g_aff = na;
		g->g_cap = ncap;
	}
	aff = &g->g_aff[g->g_n];
	*aff = *tmpl;
	aff->aa_ecosystem = g->g_eco;
	aff->aa_package = g->g_pkg;
	if ((r = arena_str(db, tmpl->aa_severity, true,
	    &aff->aa_severity)) != 0)
		return r;

	if (tmpl->aa_nranges > 0 && (ranges = arena_alloc(db,
	    tmpl->aa_nranges * sizeof(*ranges))) == NULL)
		return VG_ERR_NOMEM;
	for (i = 0; i < tmpl->aa_nranges; i++) {
		const struct vg_adv_range *tr = &tmpl->aa_ranges[i];

		ranges[i] = *tr;
		if ((ev = arena_alloc(db, tr->ar_nevents * sizeof(*ev))) ==
		    NULL)
			return VG_ERR_NOMEM;
		for (j = 0; j < tr->ar_nevents; j++) {
			ev[j].ae_kind = tr->ar_events[j].ae_kind;
			if ((r = version_copy(db, tr->ar_events[j].ae_version,
			    &ev[j].ae_version)) != 0)
				return r;
		}
		ranges[i].ar_events = ev;
	}
	aff->aa_ranges = ranges;

	if (tmpl->aa_nversions > 0 && (versions = arena_alloc(db,
	    tmpl->aa_nversions * sizeof(*versions))) == NULL)
		return VG_ERR_NOMEM;
	for (i = 0; i < tmpl->aa_nversions; i++)
		if ((r = arena_str(db, tmpl->aa_versions[i], false,
		    &versions[i])) != 0)
			return r;
	aff->aa_versions = versions;

	/* Counted last, so a failure above leaves the index as it was. */
	g->g_n++;
	db->db_stats.st_affected++;
	return 0;
}

int
vg_advisory__kev_add(struct vg_advisory__doc *doc, const struct vg_kev *tmpl)
{
	struct vg_advdb *db = doc->dc_db;
	struct vg_kev *k;
	struct vg_str cve = tmpl->kev_cve;
	uint64_t h;
	int r;

	VG_ASSERT(vg_advisory__field_ok(cve));
	h = hash2(db, DOM_KEV, cve, VG_STR_NULL);
	if (htab_find(&db->db_kevs, h, kev_eq, &cve) != NULL)
		return 1;
	if (db->db_stats.st_kev >= VG_MAX_KEV_ENTRIES)
		return VG_ERR_LIMIT;
	if ((k = arena_alloc(db, sizeof(*k))) == NULL)
		return VG_ERR_NOMEM;
	k->kev_ransomware = tmpl->kev_ransomware;
	if ((r = arena_str(db, cve, false, &k->kev_cve)) != 0 ||
	    (r = arena_str(db, tmpl->kev_vendor, true, &k->kev_vendor)) != 0 ||
	    (r = arena_str(db, tmpl->kev_product, true,
	    &k->kev_product)) != 0 ||
	    (r = arena_str(db, tmpl->kev_name, true, &k->kev_name)) != 0 ||
	    (r = arena_str(db, tmpl->kev_date_added, true,
	    &k->kev_date_added)) != 0 ||
	    (r = arena_str(db, tmpl->kev_due_date, true,
	    &k->kev_due_date)) != 0 ||
	    (r = htab_insert(&db->db_kevs, h, k)) != 0)
		return r;
	db->db_stats.st_kev++;
	if (k->kev_ransomware)
		db->db_stats.st_kev_ransomware++;
	return 0;
}

/* ------------------------------------------------------------ lookups */

void
vg_adv_iter_init(struct vg_adv_iter *it, const struct vg_advdb *db,
    struct vg_str eco, struct vg_str pkg)
{
	const struct group *g = group_find(db, eco, pkg);
	ptrdiff_t colon = vg_str_chr(eco, ':');

	memset(it, 0, sizeof(*it));
	it->it_db = db;
	if (g != NULL) {
		it->it_cur = g->g_aff;
		it->it_end = g->g_aff + g->g_n;
	}
	it->it_package = pkg;
	if (colon > 0) {
		it->it_base = vg_str_make(eco.p, (size_t)colon);
		it->it_base_pending = true;
	}
}

const struct vg_adv_affected *
vg_adv_iter_next(struct vg_adv_iter *it)
{
	const struct group *g;

	while (it->it_cur == it->it_end && it->it_base_pending) {
		it->it_base_pending = false;
		if ((g = group_find(it->it_db, it->it_base,
		    it->it_package)) != NULL) {
			it->it_cur = g->g_aff;
			it->it_end = g->g_aff + g->g_n;
		}
	}
	if (it->it_cur == it->it_end)
		return NULL;
	return it->it_cur++;
}

size_t
vg_advdb_find(const struct vg_advdb *db, struct vg_str eco, struct vg_str pkg,
    const struct vg_adv_affected **out, size_t max)
{
	struct vg_adv_iter it;
	const struct vg_adv_affected *a;
	size_t n = 0;

	vg_adv_iter_init(&it, db, eco, pkg);
	while ((a = vg_adv_iter_next(&it)) != NULL) {
		if (n < max)
			out[n] = a;
		n++;
	}
	return n;
}

const struct vg_kev *
vg_advdb_kev(const struct vg_advdb *db, struct vg_str cve)
{
	if (cve.len == 0 || cve.len > VG_MAX_ADV_FIELD)
		return NULL;
	return htab_find(&db->db_kevs, hash2(db, DOM_KEV, cve, VG_STR_NULL),
	    kev_eq, &cve);
}

const struct vg_adv *
vg_advdb_get(const struct vg_advdb *db, struct vg_str id)
{
	if (id.len == 0 || id.len > VG_MAX_ADV_FIELD)
		return NULL;
	return htab_find(&db->db_ids, hash2(db, DOM_ID, id, VG_STR_NULL),
	    adv_id_eq, &id);
}

void
vg_advdb_stats(const struct vg_advdb *db, struct vg_advdb_stats *st)
{
	*st = db->db_stats;
	st->st_bytes = db->db_arena_bytes + db->db_array_bytes + sizeof(*db) +
	    (db->db_groups.ht_cap + db->db_ecos.ht_cap + db->db_ids.ht_cap +
	    db->db_kevs.ht_cap) * sizeof(struct slot);
}

/* ------------------------------------------------------------ life */

int
vg_advdb_new(struct vg_advdb **dbp)
{
	struct vg_advdb *db;

	*dbp = NULL;
	/* Thread-safe and idempotent; fails only without a random source. */
	if (sodium_init() < 0)
		return VG_ERR_INTERNAL;
	if ((db = calloc(1, sizeof(*db))) == NULL)
		return VG_ERR_NOMEM;
	crypto_shorthash_keygen(db->db_key);
	*dbp = db;
	return 0;
}

void
vg_advdb_free(struct vg_advdb *db)
{
	struct chunk *c, *next;
	struct group *g;
	size_t i;

	if (db == NULL)
		return;
	for (i = 0; i < db->db_groups.ht_cap; i++)
		if ((g = db->db_groups.ht_slots[i].sl_item) != NULL)
			free(g->g_aff);
	for (c = db->db_chunks; c != NULL; c = next) {
		next = c->ch_next;
		free(c);
	}
	htab_free(&db->db_groups);
	htab_free(&db->db_ecos);
	htab_free(&db->db_ids);
	htab_free(&db->db_kevs);
	free(db);
}

/* ------------------------------------------------------------ JSON text */

static void
diag_set(struct vg_diag *diag, unsigned long line, const char *fmt, ...)
    VG_PRINTF(3, 4);

static void
diag_set(struct vg_diag *diag, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	diag->line = line;
	va_start(ap, fmt);
	vsnprintf(diag->msg, sizeof(diag->msg), fmt, ap);
	va_end(ap);
}

/* jansson's message about a syntax error, made safe to print. */
static const char *
json_errtext(const json_error_t *err, char *buf, size_t size)
{
	return vg_advisory__quote(vg_str_make(err->text, strnlen(err->text,
	    sizeof(err->text))), buf, size);
}

static const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && vg_str_is_ws(*p))
		p++;
	return p;
}

/* Past the string starting at the '"' at p, or NULL if unterminated. */
static const char *
skip_string(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p == '\\')
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return NULL;
}

/*
 * Past the JSON value starting at p, or NULL when the text ends first.
 * Only strings and bracket depth are tracked, not validity: jansson
 * checks the value afterwards.  Depth is counted in size_t, which input
 * of at most VG_MAX_ADV_FILE_BYTES cannot overflow.
 */
static const char *
skip_value(const char *p, const char *end)
{
	const char *start = p;
	size_t depth = 0;

	if (p >= end)
		return NULL;
	if (*p == '"')
		return skip_string(p, end);
	if (*p != '{' && *p != '[') {
		while (p < end && strchr(",}] \t\r\n", *p) == NULL)
			p++;
		return p == start ? NULL : p;
	}
	while (p < end) {
		switch (*p) {
		case '"':
			if ((p = skip_string(p, end)) == NULL)
				return NULL;
			continue;
		case '{':
		case '[':
			depth++;
			break;
		case '}':
		case ']':
			if (--depth == 0)
				return p + 1;
			break;
		}
		p++;
	}
	return NULL;
}

/* Lines of the text counted so far, to number positions in order. */
struct linepos {
	const char	*lp_at;
	unsigned long	 lp_line;
	const char	*lp_end;
};

static unsigned long
line_at(struct linepos *lp, const char *p)
{
	const char *nl;

	while (lp->lp_at < p &&
	    (nl = memchr(lp->lp_at, '\n', (size_t)(p - lp->lp_at))) != NULL) {
		lp->lp_line++;
		lp->lp_at = nl + 1;
	}
	return lp->lp_line;
}

/*
 * Parse the member key at p (a JSON string) and the value after it.  On
 * success *keyp is the decoded key (a jansson string the caller
 * releases), [*valp, *vendp) the value's text.  Returns false when the
 * text is not a key, a colon and a complete value.
 */
static bool
member_at(const char *p, const char *end, json_t **keyp, const char **valp,
    const char **vendp)
{
	const char *q;
	json_error_t err;

	*keyp = NULL;
	if (p >= end || *p != '"' || (q = skip_string(p, end)) == NULL)
		return false;
	*keyp = json_loadb(p, (size_t)(q - p), JSON_DECODE_ANY, &err);
	if (*keyp == NULL)
		return false;
	p = skip_ws(q, end);
	if (p >= end || *p != ':')
		goto fail;
	*valp = p = skip_ws(p + 1, end);
	if ((*vendp = skip_value(p, end)) == NULL)
		goto fail;
	return true;
 fail:
	json_decref(*keyp);
	*keyp = NULL;
	return false;
}

/*
 * True when the object text at p (its '{') is a Debian tracker export:
 * its first member's value is a tracker package.
 */
static bool
is_tracker(const char *p, const char *end)
{
	const char *val, *vend;
	json_error_t err;
	json_t *key, *v;
	bool yes;

	p = skip_ws(p + 1, end);
	if (!member_at(p, end, &key, &val, &vend))
		return false;
	json_decref(key);
	if (*val != '{' || vend - val > VG_MAX_ADV_DOC_BYTES)
		return false;
	if ((v = json_loadb(val, (size_t)(vend - val), 0, &err)) == NULL)
		return false;
	yes = vg_advisory__debian_is_pkg(v);
	json_decref(v);
	return yes;
}

/*
 * Read a tracker export one package at a time (see the file comment).
 * A package that is not valid JSON, or too large, is reported and
 * skipped; text that is not a member where one should be stops the
 * reading, with what was read kept.
 */
static int
load_tracker(struct vg_advisory__doc *doc, const char *p, const char *end)
{
	struct linepos lp = { doc->dc_text, 1, end };
	char q[VG_ADVISORY__QUOTE_MAX + 1], e[VG_ADVISORY__QUOTE_MAX + 1];
	const char *val, *vend;
	json_error_t err;
	json_t *key, *v;
	struct vg_str name;
	unsigned long line;
	int r = 0;

	for (p = skip_ws(p + 1, end); p < end && *p != '}';) {
		if (!member_at(p, end, &key, &val, &vend)) {
			vg_advisory__warn(doc, line_at(&lp, p), "expected a "
			    "package name and its CVEs: the rest of the file "
			    "is not read");
			return 0;
		}
		name = vg_advisory__jview(key);
		line = line_at(&lp, val);
		if (!vg_advisory__field_ok(name))
			vg_advisory__warn(doc, line, "bad package name \"%s\"",
			    vg_advisory__quote(name, q, sizeof(q)));
		else if (vend - val > VG_MAX_ADV_DOC_BYTES)
			vg_advisory__warn(doc, line, "%s: %zu bytes, more "
			    "than %ld", vg_advisory__quote(name, q, sizeof(q)),
			    (size_t)(vend - val), VG_MAX_ADV_DOC_BYTES);
		else if ((v = json_loadb(val, (size_t)(vend - val), 0,
		    &err)) == NULL)
			vg_advisory__warn(doc, line + (unsigned long)VG_MAX(
			    err.line, 1) - 1, "%s: bad JSON: %s",
			    vg_advisory__quote(name, q, sizeof(q)),
			    json_errtext(&err, e, sizeof(e)));
		else {
			if (json_is_object(v))
				r = vg_advisory__debian_pkg(doc, name, v,
				    line);
			else
				vg_advisory__warn(doc, line, "%s: not an "
				    "object of CVEs",
				    vg_advisory__quote(name, q, sizeof(q)));
			json_decref(v);
		}
		json_decref(key);
		if (r != 0)
			return r;
		p = skip_ws(vend, end);
		if (p < end && *p == ',')
			p = skip_ws(p + 1, end);
		else if (p >= end || *p != '}') {
			vg_advisory__warn(doc, line_at(&lp, p), "expected ',' "
			    "or '}' after a package: the rest of the file is "
			    "not read");
			return 0;
		}
	}
	if (p >= end)
		vg_advisory__warn(doc, line_at(&lp, p), "the text ends inside "
		    "the top-level object (truncated?)");
	return 0;
}

/* An array of OSV records: each element that is an object. */
static int
load_osv_array(struct vg_advisory__doc *doc, const json_t *root)
{
	char where[32];
	size_t i;
	int r;

	for (i = 0; i < json_array_size(root); i++) {
		snprintf(where, sizeof(where), "[%zu]", i);
		if (!json_is_object(json_array_get(root, i))) {
			vg_advisory__warn(doc, 0, "%s: not an object", where);
			continue;
		}
		if ((r = vg_advisory__osv_record(doc, json_array_get(root, i),
		    where)) != 0)
			return r;
	}
	return 0;
}

static bool
is_kev(const json_t *root)
{
	return json_is_object(root) &&
	    json_is_array(json_object_get(root, "vulnerabilities")) &&
	    json_object_get(root, "id") == NULL;
}

/*
 * Load one JSON document.  Returns 0 (problems inside reported through
 * the callback), or VG_ERR_FORMAT or VG_ERR_LIMIT with *diag saying why
 * the text as a whole was not read, or VG_ERR_NOMEM, or VG_ERR_LIMIT
 * with the database full.
 */
static int
load_text(struct vg_advisory__doc *doc, const char *text, size_t len,
    struct vg_diag *diag)
{
	const char *p = text, *end = text + len;
	char e[VG_ADVISORY__QUOTE_MAX + 1];
	json_error_t err;
	json_t *root;
	const json_t *first;
	int r;

	doc->dc_db->db_stats.st_files++;
	doc->dc_text = text;
	doc->dc_len = len;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;		/* a UTF-8 byte order mark */
	p = skip_ws(p, end);
	if (p == end) {
		diag_set(diag, 0, "empty file");
		return VG_ERR_FORMAT;
	}
	if (*p == '{' && is_tracker(p, end))
		return load_tracker(doc, p, end);
	if (len > VG_MAX_ADV_DOC_BYTES) {
		diag_set(diag, 0, "%zu bytes of JSON, more than %ld, and not a "
		    "Debian tracker export", len, VG_MAX_ADV_DOC_BYTES);
		return VG_ERR_LIMIT;
	}
	if ((root = json_loadb(p, (size_t)(end - p), 0, &err)) == NULL) {
		diag_set(diag, (unsigned long)VG_MAX(err.line, 0),
		    "bad JSON at column %d: %s", err.column,
		    json_errtext(&err, e, sizeof(e)));
		return VG_ERR_FORMAT;
	}
	r = VG_ERR_FORMAT;
	if (json_is_array(root)) {
		first = json_array_get(root, 0);
		if (first == NULL || json_is_string(json_object_get(first,
		    "id")))
			r = load_osv_array(doc, root);
	} else if (is_kev(root))
		r = vg_advisory__kev_doc(doc, root);
	else if (json_is_object(root) && json_object_get(root, "id") != NULL)
		r = vg_advisory__osv_record(doc, root, "");
	if (r == VG_ERR_FORMAT)
		diag_set(diag, 0, "not an OSV record, a Debian tracker export "
		    "or a KEV catalogue");
	json_decref(root);
	return r;
}

/* ------------------------------------------------------------ files */

struct loadctx {
	struct vg_advdb	*lc_db;
	vg_adv_warn_fn	*lc_warn;
	void		*lc_warn_arg;
	size_t		 lc_nfiles;	/* files met in directories */
	bool		 lc_too_many;	/* reported */
};

static void
doc_init(struct vg_advisory__doc *doc, struct loadctx *lc, const char *src)
{
	memset(doc, 0, sizeof(*doc));
	doc->dc_db = lc->lc_db;
	doc->dc_src = src;
	doc->dc_warn = lc->lc_warn;
	doc->dc_warn_arg = lc->lc_warn_arg;
}

/* Report a failure of a whole file met inside a directory or archive. */
static void
warn_diag(struct loadctx *lc, const char *src, const struct vg_diag *diag)
{
	struct vg_advisory__doc doc;

	doc_init(&doc, lc, src);
	vg_advisory__warn(&doc, diag->line, "%s", diag->msg);
}

/* A failure that stops everything, not only the current file. */
static bool
fatal(const struct loadctx *lc, int r)
{
	return r == VG_ERR_NOMEM || (r == VG_ERR_LIMIT && lc->lc_db->db_full);
}


static int
open_file(const char *path, int *fdp, struct stat *st, struct vg_diag *diag)
{
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, st) == -1) {
		diag_set(diag, 0, "%s", strerror(errno));
		if (fd != -1)
			close(fd);
		return VG_ERR_IO;
	}
	*fdp = fd;
	return 0;
}

/* "archive(member)" for messages, with unprintable bytes as '?'. */
static void
member_src(const char *path, const char *member, char *buf, size_t size)
{
	char *p;

	snprintf(buf, size, "%s(%s)", path, member);
	for (p = buf; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
}

static bool
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/*
 * Every *.json member of a zip archive, in the archive's order.  A
 * member that cannot be read or parsed is reported and skipped.
 */
static int
load_zip(struct loadctx *lc, const char *path, struct vg_diag *diag)
{
	struct vg_advisory__doc doc;
	struct vg_diag md;
	struct zip_stat zs;
	zip_file_t *zf = NULL;
	zip_t *za;
	zip_int64_t i, n, got;
	uint64_t total = 0;
	char src[PATH_MAX + 256], *buf = NULL;
	int zerr = 0, r = 0;

	if ((za = zip_open(path, ZIP_RDONLY, &zerr)) == NULL) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, zerr);
		diag_set(diag, 0, "zip archive: %s", zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return VG_ERR_FORMAT;
	}
	n = zip_get_num_entries(za, 0);
	doc_init(&doc, lc, path);
	if (n > (zip_int64_t)VG_MAX_ADV_ZIP_MEMBERS) {
		vg_advisory__warn(&doc, 0, "%lld members, more than %u: only "
		    "the first are read", (long long)n,
		    VG_MAX_ADV_ZIP_MEMBERS);
		n = VG_MAX_ADV_ZIP_MEMBERS;
	}
	for (i = 0; i < n && r == 0; i++) {
		if (zip_stat_index(za, (zip_uint64_t)i, 0, &zs) != 0 ||
		    !(zs.valid & ZIP_STAT_NAME) ||
		    !(zs.valid & ZIP_STAT_SIZE)) {
			vg_advisory__warn(&doc, 0, "member %lld: %s",
			    (long long)i, zip_strerror(za));
			continue;
		}
		if (!has_suffix(zs.name, ".json"))
			continue;
		member_src(path, zs.name, src, sizeof(src));
		doc_init(&doc, lc, src);
		if (zs.size > (zip_uint64_t)VG_MAX_ADV_DOC_BYTES) {
			vg_advisory__warn(&doc, 0, "%llu bytes, more than %ld",
			    (unsigned long long)zs.size, VG_MAX_ADV_DOC_BYTES);
			continue;
		}
		total += zs.size;
		if (total > (uint64_t)VG_MAX_ADV_ZIP_BYTES) {
			vg_advisory__warn(&doc, 0, "the archive holds more "
			    "than %lld bytes: the rest is not read",
			    VG_MAX_ADV_ZIP_BYTES);
			break;
		}
		if ((buf = malloc((size_t)zs.size + 1)) == NULL) {
			r = VG_ERR_NOMEM;
			break;
		}
		/* libzip checks the size and CRC against the directory. */
		if ((zf = zip_fopen_index(za, (zip_uint64_t)i, 0)) == NULL ||
		    (got = zip_fread(zf, buf, zs.size)) < 0 ||
		    (zip_uint64_t)got != zs.size) {
			vg_advisory__warn(&doc, 0, "cannot read: %s",
			    zf != NULL ? zip_file_strerror(zf) :
			    zip_strerror(za));
		} else {
			memset(&md, 0, sizeof(md));
			r = load_text(&doc, buf, (size_t)zs.size, &md);
			if (r != 0 && !fatal(lc, r)) {
				vg_advisory__warn(&doc, md.line, "%s", md.msg);
				r = 0;
			}
		}
		if (zf != NULL)
			zip_fclose(zf);
		zf = NULL;
		free(buf);
		buf = NULL;
	}
	zip_discard(za);
	return r;
}

/* One regular file: a zip archive or a JSON document. */
static int
load_file(struct loadctx *lc, const char *path, struct vg_diag *diag)
{
	struct vg_advisory__doc doc;
	struct stat st;
	char magic[4], *buf = NULL;
	size_t len;
	int fd, r;

	if ((r = open_file(path, &fd, &st, diag)) != 0)
		return r;
	if (S_ISREG(st.st_mode) && pread(fd, magic, sizeof(magic), 0) ==
	    (ssize_t)sizeof(magic) && memcmp(magic, "PK", 2) == 0 &&
	    ((magic[2] == 3 && magic[3] == 4) ||
	    (magic[2] == 5 && magic[3] == 6))) {
		close(fd);
		return load_zip(lc, path, diag);
	}
	r = vg_file_read_fd(fd, (size_t)VG_MAX_ADV_FILE_BYTES, &buf, &len, diag);
	close(fd);
	if (r != 0)
		return r;
	doc_init(&doc, lc, path);
	r = load_text(&doc, buf, len, diag);
	free(buf);
	return r;
}

static int	load_dir(struct loadctx *, const char *, int,
		    struct vg_diag *);

/*
 * One entry of a directory: recurse into directories, load *.json and
 * *.zip files; anything wrong is reported and skipped.
 */
static int
load_entry(struct loadctx *lc, const char *path, int depth)
{
	struct vg_diag diag;
	struct stat st;
	int r;

	memset(&diag, 0, sizeof(diag));
	if (lstat(path, &st) == -1) {
		diag_set(&diag, 0, "%s", strerror(errno));
		warn_diag(lc, path, &diag);
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		if (depth + 1 > VG_MAX_ADV_DEPTH) {
			diag_set(&diag, 0, "directory nested more than %d "
			    "deep: not read", VG_MAX_ADV_DEPTH);
			warn_diag(lc, path, &diag);
			return 0;
		}
		return load_dir(lc, path, depth + 1, &diag);
	}
	/* Links to directories are not followed: they could loop. */
	if (S_ISLNK(st.st_mode) && (stat(path, &st) == -1 ||
	    !S_ISREG(st.st_mode)))
		return 0;
	if (!S_ISREG(st.st_mode) ||
	    (!has_suffix(path, ".json") && !has_suffix(path, ".zip")))
		return 0;
	if (lc->lc_nfiles++ >= VG_MAX_ADV_FILES) {
		if (!lc->lc_too_many) {
			lc->lc_too_many = true;
			diag_set(&diag, 0, "more than %u files: the rest "
			    "is not read", VG_MAX_ADV_FILES);
			warn_diag(lc, path, &diag);
		}
		return 0;
	}
	r = load_file(lc, path, &diag);
	if (r != 0 && !fatal(lc, r)) {
		warn_diag(lc, path, &diag);
		r = 0;
	}
	return r;
}

/*
 * A directory's entries in name order.  `depth' counts the directories
 * above; a directory that cannot be listed fails with VG_ERR_IO (the
 * caller reports it when it is not the top one).
 */
static int
load_dir(struct loadctx *lc, const char *path, int depth,
    struct vg_diag *diag)
{
	char **names, child[PATH_MAX];
	size_t n, i;
	int r;

	if ((r = vg_file_dir_names(path, SIZE_MAX, &names, &n)) != 0) {
		if (r != VG_ERR_IO)
			return r;
		diag_set(diag, 0, "%s", strerror(errno));
		if (depth > 0) {
			warn_diag(lc, path, diag);
			return 0;
		}
		return VG_ERR_IO;
	}
	for (i = 0; i < n && r == 0; i++) {
		if (snprintf(child, sizeof(child), "%s/%s", path, names[i]) >=
		    (int)sizeof(child)) {
			diag_set(diag, 0, "path too long");
			warn_diag(lc, path, diag);
			continue;
		}
		r = load_entry(lc, child, depth);
	}
	vg_file_names_free(names, n);
	return r;
}

int
vg_advdb_load(struct vg_advdb *db, const char *path, vg_adv_warn_fn *warn,
    void *warn_arg, struct vg_diag *diag)
{
	struct loadctx lc = { db, warn, warn_arg, 0, false };
	struct stat st;

	memset(diag, 0, sizeof(*diag));
	diag->src = path;
	if (db->db_full) {
		diag_set(diag, 0, "the advisory database is full");
		return VG_ERR_LIMIT;
	}
	if (stat(path, &st) == -1) {
		diag_set(diag, 0, "%s", strerror(errno));
		return VG_ERR_IO;
	}
	if (S_ISDIR(st.st_mode))
		return load_dir(&lc, path, 0, diag);
	return load_file(&lc, path, diag);
}

int
vg_advdb_load_buf(struct vg_advdb *db, const char *name, const char *buf,
    size_t len, vg_adv_warn_fn *warn, void *warn_arg, struct vg_diag *diag)
{
	struct loadctx lc = { db, warn, warn_arg, 0, false };
	struct vg_advisory__doc doc;

	memset(diag, 0, sizeof(*diag));
	diag->src = name;
	if (db->db_full) {
		diag_set(diag, 0, "the advisory database is full");
		return VG_ERR_LIMIT;
	}
	if (len > VG_MAX_ADV_FILE_BYTES) {
		diag_set(diag, 0, "%zu bytes, more than %ld", len,
		    VG_MAX_ADV_FILE_BYTES);
		return VG_ERR_LIMIT;
	}
	doc_init(&doc, &lc, name);
	return load_text(&doc, buf, len, diag);
}

int
vg_advdb_load_kev(struct vg_advdb *db, const char *path, vg_adv_warn_fn *warn,
    void *warn_arg, struct vg_diag *diag)
{
	struct loadctx lc = { db, warn, warn_arg, 0, false };
	struct vg_advisory__doc doc;
	struct stat st;
	json_error_t err;
	json_t *root;
	char *buf = NULL, e[VG_ADVISORY__QUOTE_MAX + 1];
	size_t len;
	int fd, r;

	memset(diag, 0, sizeof(*diag));
	diag->src = path;
	if ((r = open_file(path, &fd, &st, diag)) != 0)
		return r;
	r = vg_file_read_fd(fd, (size_t)VG_MAX_ADV_DOC_BYTES, &buf, &len, diag);
	close(fd);
	if (r != 0)
		return r;
	db->db_stats.st_files++;
	if ((root = json_loadb(buf, len, 0, &err)) == NULL) {
		diag_set(diag, (unsigned long)VG_MAX(err.line, 0),
		    "bad JSON at column %d: %s", err.column,
		    json_errtext(&err, e, sizeof(e)));
		free(buf);
		return VG_ERR_FORMAT;
	}
	free(buf);
	if (!is_kev(root)) {
		diag_set(diag, 0, "not a KEV catalogue (no "
		    "\"vulnerabilities\" array)");
		json_decref(root);
		return VG_ERR_FORMAT;
	}
	doc_init(&doc, &lc, path);
	r = vg_advisory__kev_doc(&doc, root);
	json_decref(root);
	return r;
}
