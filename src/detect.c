/*
 * detect.c -- the detection stage; see detect.h.
 *
 * Records arrive in input order and are released in event-time order
 * once the newest time seen is dc_reorder past them.  Those that arrive
 * in time order, nearly all of them, wait in a FIFO; only the others go
 * through a min-heap, and each release takes the earlier of the two
 * heads, so the order is the same as with one heap for all.  Each
 * detection keeps its state per key (a source address, an account, a
 * service) in a bounded table whose least recently touched key is
 * evicted when it is full; because records are released in time order,
 * that key is also the stalest in event time.
 *
 * Counting over time uses three shapes:
 *  - leaky buckets (CrowdSec's semantics, as a GCRA: `tat' is the time at
 *    which the bucket would be empty; an event that finds it holding
 *    `capacity' overflows), optionally counting distinct values only;
 *  - rings of the last N event times (time-based brute force, success
 *    after failures);
 *  - per-service windows cut in ten slices, each with the exact sets of
 *    distinct sources and accounts it saw (credential stuffing).
 */
#include "detect.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <sodium.h>

#include "geo.h"
#include "vg_time.h"
#include "webprobe.h"

#define SEC		((int64_t)1000000)
#define MIN		(60 * SEC)

#define MAX_SAMPLES	32
#define MAX_RING	64	/* time-based rules: failures considered */
#define MAX_DISTINCT	64	/* distinct values a key remembers */
#define MAX_COUNTRIES	8
#define REORDER_MAX	65536	/* records held for reordering */
#define MAX_SERVICES	256	/* credential stuffing: services tracked */
#define SLICES		10	/* stuffing window slices */
#define SET_CAP		VG_DET_MAX_DISTINCT_WINDOW	/* per slice */
#define SET_SLOTS	(2 * SET_CAP)
/* Bulk retrieval: baselines below these are not trusted for ratios. */
#define BULK_MIN_BYTES		((uint64_t)10 << 20)
#define BULK_MIN_REQUESTS	100

/* ------------------------------------------------------------ hashing */

static uint8_t		 hash_key[crypto_shorthash_KEYBYTES];
static pthread_once_t	 hash_once = PTHREAD_ONCE_INIT;

/*
 * Keys are chosen by attackers (user names, paths); a keyed hash with a
 * per-process random key keeps them from forcing collisions.
 */
static void
hash_init(void)
{
	if (sodium_init() < 0)
		abort();
	randombytes_buf(hash_key, sizeof(hash_key));
}

static uint64_t
hash_bytes(const void *p, size_t len, uint8_t domain)
{
	unsigned char out[crypto_shorthash_BYTES], buf[VG_DET_USER_MAX + 64];
	uint64_t h;

	/* A domain byte first so a user and a path never share a key. */
	if (len + 1 <= sizeof(buf)) {
		buf[0] = domain;
		memcpy(buf + 1, p, len);
		crypto_shorthash(out, buf, len + 1, hash_key);
	} else {
		crypto_shorthash(out, p, len, hash_key);
		out[0] ^= domain;
	}
	memcpy(&h, out, sizeof(h));
	return h | 1;			/* 0 means "none" */
}

static uint64_t
hash_addr(const struct vg_addr *a)
{
	uint64_t v[2];

	vg_addr_to_u128(a, &v[0], &v[1]);
	return hash_bytes(v, sizeof(v), 'a');
}

/* ------------------------------------------------------------ records */

static bool
is_web_dataset(const char *ds)
{
	return ds != NULL && (strncmp(ds, "nginx", 5) == 0 ||
	    strncmp(ds, "apache", 6) == 0 || strcmp(ds, "web") == 0 ||
	    strncmp(ds, "web.", 4) == 0);
}

bool
vg_det_rec_from_event(const struct vg_event *ev, struct vg_det_rec *r)
{
	uint8_t kind = VG_DK_NONE;
	size_t n;
	bool failed;

	pthread_once(&hash_once, hash_init);
	/*
	 * Attempts are counted, not lines: a failure its connection holds
	 * or that restates others is not one (event.h, logfmt_conn.c).
	 */
	failed = vg_event_failed_attempt(ev);
	if (ev->ev_action == VG_ACT_AUTH && ev->ev_outcome == VG_OUT_SUCCESS)
		kind = VG_DK_AUTH_OK;
	else if (ev->ev_action == VG_ACT_AUTH && failed)
		kind = VG_DK_AUTH_FAIL;
	/*
	 * sshd's "Disconnected from authenticating user": an aborted try;
	 * a close that settles the failures its connection held.
	 */
	else if (ev->ev_action == VG_ACT_DISCONNECT && failed &&
	    (ev->ev_user.len > 0 || ev->ev_attempt == VG_ATTEMPT_COUNTED))
		kind = VG_DK_AUTH_FAIL;
	else if (ev->ev_action == VG_ACT_HTTP_REQUEST)
		kind = VG_DK_HTTP;
	else if (ev->ev_bytes > 0 && ev->ev_user.len > 0)
		kind = VG_DK_DATA;
	if (kind == VG_DK_NONE)
		return false;
	/* Without a source or a user there is nothing to correlate on. */
	if (ev->ev_src.af == VG_AF_NONE && ev->ev_user.len == 0)
		return false;
	memset(r, 0, offsetof(struct vg_det_rec, r_user));
	r->r_kind = kind;
	/* A login that its connection counts as one more attempt too. */
	if (kind == VG_DK_AUTH_OK && failed)
		r->r_flags |= VG_DRF_FAILED_TOO;
	r->r_time = ev->ev_time;
	r->r_file = ev->ev_file;
	r->r_line = ev->ev_line;
	r->r_dataset = ev->ev_dataset;
	r->r_bytes = ev->ev_bytes;
	r->r_src = ev->ev_src;
	r->r_status = ev->ev_http_status > 0 && ev->ev_http_status < 1000 ?
	    (uint16_t)ev->ev_http_status : 0;
	n = VG_MIN(ev->ev_user.len, (size_t)VG_DET_USER_MAX);
	if (n < ev->ev_user.len)
		r->r_flags |= VG_DRF_USER_CUT;
	if (n > 0)
		memcpy(r->r_user, ev->ev_user.p, n);
	r->r_user_len = (uint8_t)n;
	/* Hashing here spreads the work over the decoding threads. */
	if (r->r_src.af != VG_AF_NONE)
		r->r_src_hash = hash_addr(&r->r_src);
	if (ev->ev_user.len > 0)
		r->r_user_hash = hash_bytes(ev->ev_user.p, ev->ev_user.len, 'u');
	n = VG_MIN(ev->ev_host.len, (size_t)VG_DET_HOST_MAX);
	if (n > 0)
		memcpy(r->r_host, ev->ev_host.p, n);
	r->r_host_len = (uint8_t)n;
	if (kind == VG_DK_HTTP && ev->ev_url.len > 0) {
		char path[512];
		const char *q;
		size_t plen;

		r->r_webclass = (uint16_t)vg_webprobe_classify(ev->ev_url);
		plen = vg_webprobe_path(ev->ev_url, path, sizeof(path));
		r->r_path_hash = hash_bytes(path, plen, 'p');
		q = memchr(ev->ev_url.p, '?', ev->ev_url.len);
		if (q != NULL)
			r->r_args_hash = hash_bytes(q, ev->ev_url.len -
			    (size_t)(q - ev->ev_url.p), 'q');
		if (ev->ev_http_method.len == 4 &&
		    memcmp(ev->ev_http_method.p, "POST", 4) == 0)
			r->r_flags |= VG_DRF_POST;
	}
	return true;
}

/* ------------------------------------------------------------- tables */

struct sample {
	const char	*file;
	uint64_t	 line;
	int64_t		 time;
};

/*
 * What a key needs beyond its counters, allocated at its second event:
 * the evidence samples, the distinct values seen and the ring of recent
 * times, each sized for its table (most tables need one or none of them).
 */
struct ext {
	uint32_t	 nsamples;
	uint32_t	 ndistinct;	/* values in distinct[] (a ring) */
	uint32_t	 dnext;
	uint32_t	 nring;		/* times in ring[] */
	uint32_t	 rnext;
	uint32_t	 ncountries;
	uint16_t	 countries[MAX_COUNTRIES];
	bool		 has_loc;
	bool		 win_fired;
	double		 lat, lon;
	int64_t		 loc_time;
	uint64_t	 win_bytes, win_requests;	/* bulk */
	double		 base_bytes, base_requests;
	uint32_t	 nwin;
	struct sample	*samples;	/* these point into the same block */
	uint64_t	*distinct;
	int64_t		*ring;
};

/* What a key's folded firings are reported with (allocated when needed). */
struct folded {
	struct vg_det_rec	 rec;	/* the latest firing */
	int64_t			 first, last;
};

struct slot {
	uint64_t	 key;		/* keyed hash; 0 when free */
	uint32_t	 hnext;		/* hash chain (index + 1) */
	uint32_t	 prev, next;	/* LRU order (index + 1) */
	uint32_t	 count;		/* events in the episode */
	uint32_t	 pending;	/* firings not yet in an alert */
	int64_t		 tat;		/* leaky: the bucket is empty at */
	int64_t		 first, last;	/* the episode's times */
	int64_t		 quiet_until;	/* no new alert before */
	uint64_t	 aux;		/* first distinct value */
	struct sample	 s0;		/* first event of the episode */
	struct ext	*ext;
	struct folded	*prec;		/* firings folded since the last alert */
};

struct table {
	uint32_t	 ns, nd, nr;	/* samples, distinct values, ring */
	struct slot	*slots;
	uint32_t	*heads;
	uint32_t	 cap, mask, used;
	uint32_t	 lru_head, lru_tail;	/* stalest first */
	uint32_t	 free_head;
	uint64_t	 evicted;
};

struct vg_detect;
static void	flush_pending(struct vg_detect *, enum vg_det_rule,
		    struct slot *, struct vg_json *);

static int
table_init(struct table *t, uint32_t cap, uint32_t ns, uint32_t nd,
    uint32_t nr)
{
	uint32_t nb = 64;

	t->ns = VG_MIN(ns, (uint32_t)MAX_SAMPLES);
	t->nd = VG_MIN(nd, (uint32_t)MAX_DISTINCT);
	t->nr = VG_MIN(nr, (uint32_t)MAX_RING);
	/*
	 * calloc'd pages stay untouched, so unused slots cost nothing; the
	 * chain heads start small and double with the keys (table_grow), so
	 * a table with few keys stays in cache.
	 */
	t->slots = calloc(cap, sizeof(*t->slots));
	t->heads = calloc(nb, sizeof(*t->heads));
	if (t->slots == NULL || t->heads == NULL)
		return VG_ERR_NOMEM;
	t->cap = cap;
	t->mask = nb - 1;
	return 0;
}

static void
table_free(struct table *t)
{
	uint32_t i;

	if (t->slots != NULL)
		for (i = 0; i < t->used; i++) {
			free(t->slots[i].ext);
			free(t->slots[i].prec);
		}
	free(t->slots);
	free(t->heads);
}

/* Double the chain heads once the keys outnumber them. */
static void
table_grow(struct table *t)
{
	uint32_t nb = (t->mask + 1) * 2, i, *heads;

	if (nb > (1u << 30) || (heads = calloc(nb, sizeof(*heads))) == NULL)
		return;			/* longer chains, still correct */
	for (i = 0; i < t->used; i++) {
		struct slot *s = &t->slots[i];

		if (s->key == 0)
			continue;
		s->hnext = heads[s->key & (nb - 1)];
		heads[s->key & (nb - 1)] = i + 1;
	}
	free(t->heads);
	t->heads = heads;
	t->mask = nb - 1;
}

static void
lru_unlink(struct table *t, struct slot *s)
{
	if (s->prev != 0)
		t->slots[s->prev - 1].next = s->next;
	else
		t->lru_head = s->next;
	if (s->next != 0)
		t->slots[s->next - 1].prev = s->prev;
	else
		t->lru_tail = s->prev;
	s->prev = s->next = 0;
}

static void
lru_append(struct table *t, struct slot *s)
{
	uint32_t idx = (uint32_t)(s - t->slots) + 1;

	s->prev = t->lru_tail;
	s->next = 0;
	if (t->lru_tail != 0)
		t->slots[t->lru_tail - 1].next = idx;
	else
		t->lru_head = idx;
	t->lru_tail = idx;
}

static void
chain_unlink(struct table *t, struct slot *s)
{
	uint32_t idx = (uint32_t)(s - t->slots) + 1;
	uint32_t *pp = &t->heads[s->key & t->mask];

	while (*pp != 0 && *pp != idx)
		pp = &t->slots[*pp - 1].hnext;
	if (*pp == idx)
		*pp = s->hnext;
	s->hnext = 0;
}

/* The slot of `key' if the table holds it; the LRU order is left alone. */
static struct slot *
table_find(const struct table *t, uint64_t key)
{
	uint32_t i;

	if (t->heads == NULL)
		return NULL;
	for (i = t->heads[key & t->mask]; i != 0; i = t->slots[i - 1].hnext)
		if (t->slots[i - 1].key == key)
			return &t->slots[i - 1];
	return NULL;
}

/*
 * The slot of `key', created (and the stalest key evicted when the table
 * is full) if needed.  *createdp tells a new slot from an existing one.
 */
static struct slot *
table_get(struct vg_detect *d, enum vg_det_rule rule, struct table *t,
    uint64_t key, bool *createdp, struct vg_json *out)
{
	uint32_t *hp, i;
	struct slot *s;

	/* Bursts hit the same key again and again: it is already the MRU. */
	if (t->lru_tail != 0 && t->slots[t->lru_tail - 1].key == key) {
		*createdp = false;
		return &t->slots[t->lru_tail - 1];
	}
	hp = &t->heads[key & t->mask];
	for (i = *hp; i != 0; i = s->hnext) {
		s = &t->slots[i - 1];
		if (s->key == key) {
			lru_unlink(t, s);
			lru_append(t, s);
			*createdp = false;
			return s;
		}
	}
	if (t->free_head != 0) {
		s = &t->slots[t->free_head - 1];
		t->free_head = s->hnext;
	} else if (t->used < t->cap) {
		if (t->used >= t->mask + 1 && t->mask + 1 < 2 * t->cap) {
			table_grow(t);
			hp = &t->heads[key & t->mask];
		}
		s = &t->slots[t->used++];
	} else {
		s = &t->slots[t->lru_head - 1];
		flush_pending(d, rule, s, out);
		lru_unlink(t, s);
		chain_unlink(t, s);
		free(s->ext);
		free(s->prec);
		t->evicted++;
	}
	memset(s, 0, sizeof(*s));
	s->key = key;
	s->hnext = *hp;
	*hp = (uint32_t)(s - t->slots) + 1;
	lru_append(t, s);
	*createdp = true;
	return s;
}

static struct ext *
slot_ext(const struct table *t, struct slot *s)
{
	struct ext *x;

	if (s->ext != NULL)
		return s->ext;
	x = calloc(1, sizeof(*x) + t->ns * sizeof(struct sample) +
	    t->nd * sizeof(uint64_t) + t->nr * sizeof(int64_t));
	if (x == NULL)
		return NULL;
	x->samples = (struct sample *)(x + 1);
	x->distinct = (uint64_t *)(x->samples + t->ns);
	x->ring = (int64_t *)(x->distinct + t->nd);
	s->ext = x;
	return x;
}

/* ------------------------------------------------------------- stage */

/*
 * The distinct keyed hashes of one stuffing slice, exactly, up to
 * SET_CAP (then `full': the count is a lower bound).  Exact counts keep
 * the output the same from run to run, which a sketch over randomly
 * keyed hashes would not.
 */
struct kset {
	uint32_t	 n;
	bool		 full;
	uint64_t	 v[SET_SLOTS];	/* open addressing; 0 is empty */
	uint16_t	 at[SET_CAP];	/* where each is in v[], in order */
};

struct service {
	const char	*dataset;	/* static; the key */
	int64_t		 slice_start[SLICES];
	uint32_t	 fail[SLICES], ok[SLICES];
	struct kset	 src_set[SLICES];
	struct kset	 user_set[SLICES];
	int64_t		 quiet_until;
	int64_t		 wave_until;	/* success during a wave is suspect */
	uint32_t	 since_eval, eval_every;
	uint32_t	 pending;
	uint32_t	 nsamples, snext;
	struct sample	 samples[MAX_SAMPLES];
};

struct vg_detect {
	struct vg_det_config	 cfg;
	struct vg_geo		*geo;
	struct table		 t[VG_DR_COUNT];
	struct table		 fail_src, fail_user;	/* success after */
	struct service		*services;	/* grows; never keep pointers */
	size_t			 nservices, services_cap;
	struct vg_det_stats	 st;
	/* reordering */
	struct vg_det_rec	*pool;
	uint32_t		*heap;		/* indices into pool */
	uint32_t		*fifo;		/* indices into pool, a ring */
	uint32_t		*free_idx;
	uint32_t		 nheap, nfree, pool_cap;
	uint32_t		 fifo_head, nfifo;
	int64_t			 newest;	/* newest time seen */
	int64_t			 released;	/* time of the last release */
	uint64_t		 seq;
	struct vg_json		 doc;
	char			 msg[512];
};

/* The reorder queue grows on demand, up to REORDER_MAX records. */
static bool
pool_grow(struct vg_detect *d)
{
	uint32_t cap = d->pool_cap == 0 ? 256 : d->pool_cap * 2, i;
	struct vg_det_rec *pool;
	uint32_t *heap, *fi, *fifo;

	if (cap > REORDER_MAX)
		return false;
	if ((pool = reallocarray(d->pool, cap, sizeof(*pool))) == NULL)
		return false;
	d->pool = pool;
	if ((heap = reallocarray(d->heap, cap, sizeof(*heap))) == NULL)
		return false;
	d->heap = heap;
	/* The ring is laid out afresh from its head. */
	if ((fifo = reallocarray(NULL, cap, sizeof(*fifo))) == NULL)
		return false;
	for (i = 0; i < d->nfifo; i++)
		fifo[i] = d->fifo[(d->fifo_head + i) % d->pool_cap];
	free(d->fifo);
	d->fifo = fifo;
	d->fifo_head = 0;
	if ((fi = reallocarray(d->free_idx, cap, sizeof(*fi))) == NULL)
		return false;
	d->free_idx = fi;
	for (i = cap; i > d->pool_cap; i--)
		d->free_idx[d->nfree++] = i - 1;
	d->pool_cap = cap;
	return true;
}

static bool
rule_on(const struct vg_detect *d, enum vg_det_rule r)
{
	return d->cfg.dc_rule[r].dp_enabled;
}

int
vg_detect_new(const struct vg_det_config *cfg, struct vg_geo *geo,
    struct vg_detect **detp)
{
	struct vg_detect *d;
	uint32_t i;
	int r;

	pthread_once(&hash_once, hash_init);
	if ((d = calloc(1, sizeof(*d))) == NULL)
		return VG_ERR_NOMEM;
	d->cfg = *cfg;
	d->cfg.dc_geoip = NULL;		/* not ours */
	d->cfg.dc_path = NULL;
	d->cfg.dc_samples = VG_MIN(d->cfg.dc_samples, MAX_SAMPLES);
	d->geo = geo;
	if (geo == NULL) {
		d->cfg.dc_rule[VG_DR_NEW_COUNTRY].dp_enabled = false;
		d->cfg.dc_rule[VG_DR_TRAVEL].dp_enabled = false;
	}
	for (i = 0; i < VG_DR_COUNT; i++) {
		const struct vg_det_param *p = &d->cfg.dc_rule[i];
		uint32_t ns = d->cfg.dc_samples, nd = 0, nr = 0;

		if (!rule_on(d, i))
			continue;
		if (i == VG_DR_SPRAY || (i >= VG_DR_WEB_NOTFOUND &&
		    i <= VG_DR_WEB_WPENUM))
			nd = p->dp_capacity + 1;
		if (i == VG_DR_BF_TIMED || i == VG_DR_SPRAY_TIMED)
			nr = VG_MAX(p->dp_failures, 2u);
		/* Accounts new to the episode: a few times the window's. */
		if (i == VG_DR_SPRAY_TIMED)
			nd = 4 * nr;
		if (i == VG_DR_SUCCESS_AFTER || i == VG_DR_LISTED_LOGIN ||
		    i == VG_DR_LEAKED || i == VG_DR_NEW_COUNTRY ||
		    i == VG_DR_TRAVEL)
			ns = 0;
		if ((r = table_init(&d->t[i], cfg->dc_max_keys, ns, nd,
		    nr)) != 0)
			goto fail;
	}
	i = d->cfg.dc_rule[VG_DR_SUCCESS_AFTER].dp_failures;
	if ((r = table_init(&d->fail_src, cfg->dc_max_keys,
	    d->cfg.dc_samples, 0, i)) != 0 ||
	    (r = table_init(&d->fail_user, cfg->dc_max_keys,
	    d->cfg.dc_samples, 0, i)) != 0)
		goto fail;
	if (!pool_grow(d)) {
		r = VG_ERR_NOMEM;
		goto fail;
	}
	d->newest = d->released = INT64_MIN;
	vg_json_init(&d->doc, 256 * 1024);
	*detp = d;
	return 0;
fail:
	vg_detect_free(d);
	return r;
}

void
vg_detect_free(struct vg_detect *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < VG_DR_COUNT; i++)
		table_free(&d->t[i]);
	table_free(&d->fail_src);
	table_free(&d->fail_user);
	free(d->services);
	free(d->pool);
	free(d->heap);
	free(d->fifo);
	free(d->free_idx);
	vg_json_cleanup(&d->doc);
	free(d);
}

const struct vg_det_stats *
vg_detect_stats(const struct vg_detect *d)
{
	return &d->st;
}

/* ------------------------------------------------------------- alerts */

/* What an alert says beyond its rule: the evidence. */
struct evidence {
	const struct vg_det_rec	*rec;		/* the firing record */
	const char		*key_field;	/* "source.ip", "user.name", ... */
	uint32_t		 count;
	uint32_t		 firings;
	int64_t			 first, last;
	int64_t			 distinct_users;	/* -1: not counted */
	int64_t			 distinct_sources;
	int64_t			 distinct_paths;
	const struct sample	*samples;
	uint32_t		 nsamples;
	const struct sample	*s0;		/* before samples[] */
	const char		*extra_key;	/* one more number */
	double			 extra;
	const char		*extra_key2;
	double			 extra2;
	const char		*country, *prev_country;
	bool			 update;	/* a pending-count report */
};

static void
json_time(struct vg_json *j, const char *key, int64_t t)
{
	char buf[VG_TIME_STRLEN];
	size_t n;

	if (t == VG_NO_TIME || t == INT64_MIN)
		return;
	n = vg_time_format(t, buf);
	vg_json_str(j, key, vg_str_make(buf, n));
}

static const char *
rule_category(enum vg_det_rule r)
{
	if (r == VG_DR_BULK)
		return "database";
	if (r >= VG_DR_WEB_NOTFOUND && r <= VG_DR_WEB_WPENUM)
		return "web";
	return "authentication";
}

/* A sample names its file when it is not the alert's log.file.path. */
static void
json_sample(struct vg_json *j, const struct sample *s, const char *file)
{
	vg_json_obj_begin(j, NULL);
	json_time(j, "@timestamp", s->time);
	if (s->file != NULL && (file == NULL || (s->file != file &&
	    strcmp(s->file, file) != 0)))
		vg_json_cstr(j, "file", s->file);
	vg_json_uint(j, "line", s->line);
	vg_json_obj_end(j);
}

static void
emit(struct vg_detect *d, enum vg_det_rule rule, const struct evidence *e,
    struct vg_json *out)
{
	const struct vg_det_param *p = &d->cfg.dc_rule[rule];
	const struct vg_det_rec *r = e->rec;
	struct vg_json *j = &d->doc;
	char ip[VG_ADDR_STRLEN];
	uint32_t i;
	size_t n;

	vg_json_reset(j);
	vg_json_obj_begin(j, NULL);
	json_time(j, "@timestamp", r->r_time);
	vg_json_obj_begin(j, "event");
	vg_json_cstr(j, "kind", "alert");
	vg_json_arr_begin(j, "category");
	vg_json_cstr(j, NULL, rule_category(rule));
	vg_json_arr_end(j);
	vg_json_cstr(j, "action", vg_det_rule_id(rule));
	if (r->r_dataset != NULL)
		vg_json_cstr(j, "dataset", r->r_dataset);
	vg_json_int(j, "severity", p->dp_severity);
	json_time(j, "start", e->first);
	json_time(j, "end", e->last);
	vg_json_obj_end(j);
	vg_json_obj_begin(j, "rule");
	vg_json_cstr(j, "id", vg_det_rule_id(rule));
	vg_json_cstr(j, "name", vg_det_rule_name(rule));
	vg_json_cstr(j, "ruleset", "vigil");
	vg_json_obj_end(j);
	if (r->r_src.af != VG_AF_NONE && strcmp(e->key_field, "service") != 0) {
		n = vg_addr_format(&r->r_src, ip);
		vg_json_obj_begin(j, "source");
		vg_json_str(j, "ip", vg_str_make(ip, n));
		vg_json_obj_end(j);
	}
	if (r->r_user_len > 0 && strcmp(e->key_field, "service") != 0) {
		vg_json_obj_begin(j, "user");
		vg_json_str(j, "name", vg_str_make(r->r_user, r->r_user_len));
		vg_json_obj_end(j);
	}
	if (r->r_host_len > 0) {
		vg_json_obj_begin(j, "host");
		vg_json_str(j, "name", vg_str_make(r->r_host, r->r_host_len));
		vg_json_obj_end(j);
	}
	if (rule == VG_DR_LISTED_LOGIN && r->r_listed.l_feed != NULL) {
		char matched[VG_MAX_INDICATOR + 8];
		struct vg_ioc_hit h;

		memset(&h, 0, sizeof(h));
		h.h_feed = r->r_listed.l_feed;
		h.h_cat = r->r_listed.l_cat;
		h.h_type = r->r_listed.l_type;
		h.h_prefix = r->r_listed.l_prefix;
		h.h_addr = r->r_listed.l_net;
		n = vg_ioc_hit_format(&h, matched, sizeof(matched));
		vg_json_obj_begin(j, "threat");
		vg_json_obj_begin(j, "indicator");
		vg_json_cstr(j, "type", vg_ioc_hit_type_name(&h));
		vg_json_str(j, "matched", vg_str_make(matched, n));
		vg_json_cstr(j, "category",
		    vg_ioc_cat_name(r->r_listed.l_cat));
		vg_json_obj_end(j);
		vg_json_obj_begin(j, "feed");
		vg_json_cstr(j, "name", r->r_listed.l_feed);
		vg_json_obj_end(j);
		vg_json_obj_end(j);
	}
	if (rule == VG_DR_LEAKED && r->r_leaked_feed != NULL) {
		vg_json_obj_begin(j, "threat");
		vg_json_obj_begin(j, "feed");
		vg_json_cstr(j, "name", r->r_leaked_feed);
		vg_json_obj_end(j);
		vg_json_obj_end(j);
	}
	vg_json_obj_begin(j, "vigil");
	vg_json_obj_begin(j, "detection");
	if (vg_det_rule_variant(rule)[0] != '\0')
		vg_json_cstr(j, "variant", vg_det_rule_variant(rule));
	vg_json_cstr(j, "key", e->key_field);
	vg_json_uint(j, "count", e->count);
	vg_json_uint(j, "firings", e->firings);
	if (e->update)
		vg_json_bool(j, "update", true);
	if (e->distinct_users >= 0)
		vg_json_int(j, "distinct_users", e->distinct_users);
	if (e->distinct_sources >= 0)
		vg_json_int(j, "distinct_sources", e->distinct_sources);
	if (e->distinct_paths >= 0)
		vg_json_int(j, "distinct_paths", e->distinct_paths);
	if (e->extra_key != NULL)
		vg_json_double(j, e->extra_key, e->extra);
	if (e->extra_key2 != NULL)
		vg_json_double(j, e->extra_key2, e->extra2);
	if (e->country != NULL)
		vg_json_cstr(j, "country", e->country);
	if (e->prev_country != NULL)
		vg_json_cstr(j, "previous_country", e->prev_country);
	vg_json_obj_end(j);
	if (e->s0 != NULL || e->nsamples > 0) {
		vg_json_arr_begin(j, "samples");
		if (e->s0 != NULL)
			json_sample(j, e->s0, r->r_file);
		for (i = 0; i < e->nsamples; i++)
			json_sample(j, &e->samples[i], r->r_file);
		vg_json_arr_end(j);
	}
	vg_json_obj_end(j);
	vg_json_obj_begin(j, "log");
	vg_json_obj_begin(j, "file");
	if (r->r_file != NULL)
		vg_json_cstr(j, "path", r->r_file);
	vg_json_uint(j, "line", r->r_line);
	vg_json_obj_end(j);
	vg_json_obj_end(j);
	if (d->msg[0] != '\0')
		vg_json_cstr(j, "message", d->msg);
	vg_json_obj_end(j);
	vg_json_newline(j);
	d->msg[0] = '\0';
	if (j->j_overflow)
		return;
	if (out->j_len + j->j_len > out->j_cap) {
		size_t cap = out->j_cap == 0 ? 65536 : out->j_cap;
		char *nb;

		while (cap < out->j_len + j->j_len)
			cap *= 2;
		if ((nb = realloc(out->j_buf, cap)) == NULL)
			return;
		out->j_buf = nb;
		out->j_cap = cap;
	}
	memcpy(out->j_buf + out->j_len, j->j_buf, j->j_len);
	out->j_len += j->j_len;
	d->st.ds_alerts++;
}

static void
set_msg(struct vg_detect *d, const char *fmt, ...) VG_PRINTF(2, 3);

static void
set_msg(struct vg_detect *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
}

static void
describe_duration(char *buf, size_t len, int64_t us)
{
	if (us < 2 * MIN)
		snprintf(buf, len, "%llds", (long long)(us / SEC));
	else if (us < 2 * 60 * MIN)
		snprintf(buf, len, "%lldm", (long long)(us / MIN));
	else
		snprintf(buf, len, "%.1fh", (double)us / (60.0 * MIN));
}

/*
 * A key's firings that were folded while it was quiet: report them once
 * the quiet period is over (or the key leaves the table, or input ends).
 */
static void
flush_pending(struct vg_detect *d, enum vg_det_rule rule, struct slot *s,
    struct vg_json *out)
{
	struct evidence e;
	char span[32];

	if (s->pending == 0 || out == NULL || s->prec == NULL)
		return;
	memset(&e, 0, sizeof(e));
	e.rec = &s->prec->rec;
	e.key_field = (rule == VG_DR_BF_USER || rule == VG_DR_LEAKED ||
	    rule == VG_DR_NEW_COUNTRY || rule == VG_DR_TRAVEL ||
	    rule == VG_DR_SUCCESS_AFTER) ? "user.name" : "source.ip";
	e.count = s->pending;
	e.firings = s->pending;
	e.first = s->prec->first;
	e.last = s->prec->last;
	e.distinct_users = e.distinct_sources = e.distinct_paths = -1;
	e.update = true;
	describe_duration(span, sizeof(span), s->prec->last - s->prec->first);
	set_msg(d, "%s fired %u more times for the same key over %s after "
	    "its last alert", vg_det_rule_id(rule), s->pending, span);
	emit(d, rule, &e, out);
	s->pending = 0;
	free(s->prec);
	s->prec = NULL;
}

/*
 * Whether a firing for this key becomes an alert now, or is folded into
 * the key's pending count (one alert per key per blackhole).
 */
/*
 * The slow and time-based variants see the same attack as the main
 * detection, later: while the main one's alert for the key is fresh
 * (within its blackhole), theirs would only repeat it.
 */
static bool
sibling_alerted(const struct vg_detect *d, enum vg_det_rule rule,
    uint64_t key, int64_t now)
{
	enum vg_det_rule sib;
	const struct slot *s;

	if (rule == VG_DR_BF_SLOW || rule == VG_DR_BF_TIMED)
		sib = VG_DR_BF;
	else if (rule == VG_DR_SPRAY_TIMED)
		sib = VG_DR_SPRAY;
	else
		return false;
	if (!d->cfg.dc_rule[sib].dp_enabled)
		return false;
	s = table_find(&d->t[sib], key);
	return s != NULL && now < s->quiet_until;
}

static bool
may_alert(struct vg_detect *d, enum vg_det_rule rule, struct slot *s,
    const struct vg_det_rec *r, uint32_t *firingsp)
{
	int64_t t = r->r_time;

	d->st.ds_fired[rule]++;
	if (t < s->quiet_until || sibling_alerted(d, rule, s->key, t)) {
		/* The latest firing stands for the folded ones in the report. */
		if (s->prec == NULL && (s->prec = malloc(sizeof(*s->prec))) !=
		    NULL)
			s->prec->first = t;
		if (s->prec != NULL) {
			s->prec->rec = *r;
			s->prec->last = t;
		}
		s->pending++;
		d->st.ds_suppressed++;
		return false;
	}
	*firingsp = 1 + s->pending;
	s->pending = 0;
	s->quiet_until = t + d->cfg.dc_rule[rule].dp_blackhole;
	return true;
}

/* Keep the episode's first events as evidence: s0, then ext samples. */
static void
add_sample(const struct table *t, struct slot *s, const struct vg_det_rec *r)
{
	struct ext *x;

	if (s->count == 1) {
		s->s0 = (struct sample){ r->r_file, r->r_line, r->r_time };
		if (s->ext != NULL)
			s->ext->nsamples = 0;
		return;
	}
	if (t->ns <= 1 || (x = slot_ext(t, s)) == NULL)
		return;
	if (x->nsamples + 1 < t->ns)
		x->samples[x->nsamples++] =
		    (struct sample){ r->r_file, r->r_line, r->r_time };
}

static void
key_field_text(const struct vg_det_rec *r, bool by_user, char *buf,
    size_t len)
{
	if (by_user)
		snprintf(buf, len, "%.*s", (int)r->r_user_len, r->r_user);
	else if (r->r_src.af != VG_AF_NONE)
		vg_addr_format(&r->r_src, buf);
	else
		snprintf(buf, len, "?");
}

/* ------------------------------------------------------ leaky buckets */

static bool
distinct_seen(const struct slot *s, uint64_t v)
{
	uint32_t i;

	if (s->count > 0 && s->aux == v)
		return true;
	if (s->ext == NULL)
		return false;
	for (i = 0; i < s->ext->ndistinct; i++)
		if (s->ext->distinct[i] == v)
			return true;
	return false;
}

static void
distinct_add(const struct table *t, struct slot *s, uint64_t v)
{
	struct ext *x;

	if (s->count == 1) {
		s->aux = v;
		return;
	}
	if (t->nd == 0 || (x = slot_ext(t, s)) == NULL)
		return;
	x->distinct[x->dnext] = v;
	x->dnext = (x->dnext + 1) % t->nd;
	if (x->ndistinct < t->nd)
		x->ndistinct++;
}

static void
episode_reset(struct slot *s, int64_t t)
{
	s->count = 0;
	s->tat = t;
	s->aux = 0;
	if (s->ext != NULL) {
		s->ext->nsamples = 0;
		s->ext->ndistinct = 0;
		s->ext->dnext = 0;
		s->ext->nring = 0;
		s->ext->rnext = 0;
	}
}

/*
 * Note the time of the episode's latest event (already counted) in the
 * key's ring of the last t->nr times.  The first event's time lives in
 * s->first, so a key seen once -- most keys, under a scan of a million
 * sources -- never gets an ext.  Returns the ext, or NULL.
 */
static struct ext *
ring_add(const struct table *t, struct slot *s, int64_t time)
{
	struct ext *x;

	if (t->nr == 0 || s->count < 2 || (x = slot_ext(t, s)) == NULL)
		return s->ext;
	if (x->nring == 0) {
		x->ring[0] = s->first;
		x->rnext = 1 % t->nr;
		x->nring = 1;
	}
	x->ring[x->rnext] = time;
	x->rnext = (x->rnext + 1) % t->nr;
	if (x->nring < t->nr)
		x->nring++;
	return x;
}

/*
 * Pour one event into the key's bucket.  `distinct' (0: count every
 * event) drops events whose value the bucket has already seen.  Returns
 * true when the bucket overflows; the bucket then starts over.
 */
static bool
leaky_pour(struct vg_detect *d, enum vg_det_rule rule, struct slot *s,
    const struct vg_det_rec *r, uint64_t distinct)
{
	const struct table *tb = &d->t[rule];
	const struct vg_det_param *p = &d->cfg.dc_rule[rule];
	/*
	 * A record later than the reorder tolerance would find the bucket
	 * fuller than it was at its time: it counts at the key's newest
	 * time instead, so disorder never raises the level.
	 */
	int64_t t = s->count > 0 ? VG_MAX(r->r_time, s->last) : r->r_time;

	if (s->count > 0 && s->tat <= t)
		episode_reset(s, t);	/* fully leaked: a new episode */
	if (distinct != 0 && distinct_seen(s, distinct))
		return false;
	if (s->tat < t)
		s->tat = t;
	if (++s->count == 1)
		s->first = t;
	s->last = VG_MAX(s->last, t);
	add_sample(tb, s, r);
	if (distinct != 0)
		distinct_add(tb, s, distinct);
	/*
	 * As a token bucket: `capacity' tokens, one back per `leak'; the
	 * event that finds less than one token left overflows.
	 */
	if (s->tat - t > ((int64_t)p->dp_capacity - 1) * p->dp_leak)
		return true;
	s->tat += p->dp_leak;
	return false;
}

static void
leaky_rule(struct vg_detect *d, enum vg_det_rule rule,
    const struct vg_det_rec *r, uint64_t key, bool by_user,
    uint64_t distinct, const char *what, struct vg_json *out)
{
	const struct vg_det_param *p = &d->cfg.dc_rule[rule];
	struct table *t = &d->t[rule];
	struct evidence e;
	struct slot *s;
	bool created;
	char keytext[VG_DET_USER_MAX + 1], span[32], leak[32];
	uint32_t firings;

	s = table_get(d, rule, t, key, &created, out);
	if (!leaky_pour(d, rule, s, r, distinct))
		return;
	if (may_alert(d, rule, s, r, &firings)) {
		memset(&e, 0, sizeof(e));
		e.rec = r;
		e.key_field = by_user ? "user.name" : "source.ip";
		e.count = s->count;
		e.firings = firings;
		e.first = s->first;
		e.last = s->last;
		e.distinct_users = e.distinct_sources = e.distinct_paths = -1;
		if (distinct != 0) {
			int64_t nd = 1 + (s->ext != NULL ? s->ext->ndistinct :
			    0);

			if (rule == VG_DR_SPRAY)
				e.distinct_users = nd;
			else
				e.distinct_paths = nd;
		}
		e.s0 = &s->s0;
		e.samples = s->ext != NULL ? s->ext->samples : NULL;
		e.nsamples = s->ext != NULL ? s->ext->nsamples : 0;
		key_field_text(r, by_user, keytext, sizeof(keytext));
		describe_duration(span, sizeof(span), s->last - s->first);
		describe_duration(leak, sizeof(leak), p->dp_leak);
		set_msg(d, "%u %s%s %s %s in %s (capacity %u, leakspeed %s)",
		    s->count, distinct != 0 ? "distinct " : "", what,
		    by_user ? "against account" : "from", keytext, span,
		    p->dp_capacity, leak);
		emit(d, rule, &e, out);
	}
	episode_reset(s, r->r_time);
}

/* --------------------------------------------------- time-based rules */

/* Insertion sort: the arrays hold a handful of nearly sorted times. */
static void
sort_i64(int64_t *v, size_t n)
{
	size_t i, j;
	int64_t x;

	for (i = 1; i < n; i++) {
		x = v[i];
		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/*
 * Failures spaced out to stay under the rate of a leaky bucket: fire
 * when the last `failures' of a key, all within `window', have a median
 * gap of at least `min_gap'.  With `distinct', only new accounts count.
 */
static void
timed_rule(struct vg_detect *d, enum vg_det_rule rule,
    const struct vg_det_rec *r, uint64_t key, uint64_t distinct,
    struct vg_json *out)
{
	const struct vg_det_param *p = &d->cfg.dc_rule[rule];
	struct table *t = &d->t[rule];
	int64_t times[MAX_RING], gaps[MAX_RING];
	uint32_t k = t->nr, i, n, firings;
	struct evidence e;
	struct slot *s;
	struct ext *x;
	bool created;
	char keytext[VG_ADDR_STRLEN], gap[32];

	s = table_get(d, rule, t, key, &created, out);
	if (k < 2)
		return;
	/* A pause longer than the window starts over. */
	if (s->count > 0 && r->r_time - s->last > p->dp_window)
		episode_reset(s, r->r_time);
	if (distinct != 0 && distinct_seen(s, distinct))
		return;
	if (++s->count == 1)
		s->first = r->r_time;
	s->last = VG_MAX(s->last, r->r_time);
	add_sample(t, s, r);
	if (distinct != 0)
		distinct_add(t, s, distinct);
	if ((x = ring_add(t, s, r->r_time)) == NULL || x->nring < k)
		return;
	/*
	 * A lower median of at least min_gap needs half the gaps (rounded
	 * up) that long, so a short span rules it out without sorting: the
	 * common case of a fast brute forcer costs a scan of k times.
	 */
	{
		int64_t lo = INT64_MAX, hi = INT64_MIN;

		for (i = 0; i < k; i++) {
			lo = VG_MIN(lo, x->ring[i]);
			hi = VG_MAX(hi, x->ring[i]);
		}
		if (hi - lo > p->dp_window || hi - lo < (int64_t)(k / 2) *
		    p->dp_min_gap)
			return;
	}
	for (i = 0; i < k; i++)
		times[i] = x->ring[(x->rnext + i) % k];
	sort_i64(times, k);
	for (i = 0, n = 0; i + 1 < k; i++)
		gaps[n++] = times[i + 1] - times[i];
	sort_i64(gaps, n);
	/* The lower median: one long pause among quick tries is not slow. */
	if (gaps[(n - 1) / 2] < p->dp_min_gap)
		return;
	if (may_alert(d, rule, s, r, &firings)) {
		memset(&e, 0, sizeof(e));
		e.rec = r;
		e.key_field = "source.ip";
		e.count = s->count;
		e.firings = firings;
		e.first = s->first;
		e.last = s->last;
		e.distinct_users = distinct != 0 ? (int64_t)s->count : -1;
		e.distinct_sources = e.distinct_paths = -1;
		e.s0 = &s->s0;
		e.samples = x->samples;
		e.nsamples = x->nsamples;
		e.extra_key = "median_gap_seconds";
		e.extra = (double)gaps[(n - 1) / 2] / SEC;
		key_field_text(r, false, keytext, sizeof(keytext));
		describe_duration(gap, sizeof(gap), gaps[(n - 1) / 2]);
		set_msg(d, "%u %sauthentication failures from %s with a "
		    "median gap of %s", s->count, distinct != 0 ?
		    "distinct-account " : "", keytext, gap);
		emit(d, rule, &e, out);
	}
	episode_reset(s, r->r_time);
}

/* A success from the source: the time-based buckets start over. */
static void
timed_cancel(struct vg_detect *d, enum vg_det_rule rule, uint64_t key)
{
	struct slot *s = table_find(&d->t[rule], key);

	if (s != NULL)
		episode_reset(s, s->last);
}

/* ------------------------------------------ success after failures */

/* Remember a failure's time in the key's ring of the last N. */
static void
fail_note(struct vg_detect *d, struct table *t, uint64_t key,
    const struct vg_det_rec *r, struct vg_json *out)
{
	struct slot *s;
	bool created;

	s = table_get(d, VG_DR_SUCCESS_AFTER, t, key, &created, out);
	if (s->count > 0 && r->r_time - s->last >
	    d->cfg.dc_rule[VG_DR_SUCCESS_AFTER].dp_window)
		episode_reset(s, r->r_time);
	if (++s->count == 1)
		s->first = r->r_time;
	s->last = VG_MAX(s->last, r->r_time);
	add_sample(t, s, r);
	(void)ring_add(t, s, r->r_time);
}

/* The key's failures within the window before `t', or NULL. */
static struct slot *
fail_burst(struct vg_detect *d, struct table *t, uint64_t key, int64_t now,
    uint32_t need)
{
	const struct vg_det_param *p = &d->cfg.dc_rule[VG_DR_SUCCESS_AFTER];
	uint32_t i, k = t->nr, n = 0;
	struct slot *s = table_find(t, key);

	if (s == NULL || s->count == 0)
		return NULL;
	/* A key seen once keeps its time in s->first, not in a ring. */
	if (s->ext == NULL || s->ext->nring == 0)
		return need <= 1 && now - s->first <= p->dp_window &&
		    s->first <= now ? s : NULL;
	for (i = 0; i < s->ext->nring && i < k; i++)
		if (now - s->ext->ring[i] <= p->dp_window &&
		    s->ext->ring[i] <= now)
			n++;
	return n >= need ? s : NULL;
}

static struct service *service_get(struct vg_detect *, const char *);

static void
success_after(struct vg_detect *d, const struct vg_det_rec *r,
    uint64_t src_key, uint64_t user_key, struct vg_json *out)
{
	const struct vg_det_param *p = &d->cfg.dc_rule[VG_DR_SUCCESS_AFTER];
	struct slot *burst = NULL, *s;
	struct service *sv;
	struct evidence e;
	const char *how = NULL;
	bool created;
	uint32_t firings;
	char ip[VG_ADDR_STRLEN] = "?";

	if (src_key != 0 && (burst = fail_burst(d, &d->fail_src, src_key,
	    r->r_time, p->dp_failures)) != NULL)
		how = "from the same source";
	else if (user_key != 0 && (burst = fail_burst(d, &d->fail_user,
	    user_key, r->r_time, p->dp_failures)) != NULL)
		how = "against the same account";
	else if (user_key != 0 && (sv = service_get(d, r->r_dataset)) != NULL &&
	    r->r_time < sv->wave_until && (burst = fail_burst(d,
	    &d->fail_user, user_key, r->r_time, 1)) != NULL)
		how = "during a credential-stuffing wave";
	if (burst == NULL)
		return;
	s = table_get(d, VG_DR_SUCCESS_AFTER, &d->t[VG_DR_SUCCESS_AFTER],
	    user_key != 0 ? user_key : src_key, &created, out);
	s->s0 = burst->s0;
	if (!may_alert(d, VG_DR_SUCCESS_AFTER, s, r, &firings))
		return;
	memset(&e, 0, sizeof(e));
	e.rec = r;
	e.key_field = user_key != 0 ? "user.name" : "source.ip";
	e.count = burst->count;
	e.firings = firings;
	e.first = burst->first;
	e.last = r->r_time;
	e.distinct_users = e.distinct_sources = e.distinct_paths = -1;
	e.s0 = &burst->s0;
	e.samples = burst->ext != NULL ? burst->ext->samples : NULL;
	e.nsamples = burst->ext != NULL ? burst->ext->nsamples : 0;
	if (r->r_src.af != VG_AF_NONE)
		vg_addr_format(&r->r_src, ip);
	set_msg(d, "successful login of '%.*s' from %s after %u failures %s",
	    (int)r->r_user_len, r->r_user, ip, burst->count, how);
	emit(d, VG_DR_SUCCESS_AFTER, &e, out);
}

/* ------------------------------------------------ credential stuffing */

static struct service *
service_get(struct vg_detect *d, const char *dataset)
{
	size_t i;

	if (dataset == NULL)
		return NULL;
	for (i = 0; i < d->nservices; i++)
		if (d->services[i].dataset == dataset ||
		    strcmp(d->services[i].dataset, dataset) == 0)
			return &d->services[i];
	if (d->nservices == d->services_cap) {
		size_t cap = d->services_cap == 0 ? 4 : d->services_cap * 2;
		struct service *sv;

		if (cap > MAX_SERVICES || (sv = reallocarray(d->services, cap,
		    sizeof(*sv))) == NULL)
			return NULL;
		memset(sv + d->nservices, 0, (cap - d->nservices) *
		    sizeof(*sv));
		d->services = sv;
		d->services_cap = cap;
	}
	d->services[d->nservices].dataset = dataset;
	return &d->services[d->nservices++];
}

static void
kset_add(struct kset *k, uint64_t h)
{
	uint32_t i = (uint32_t)(h >> 32) & (SET_SLOTS - 1);

	if (k->full)
		return;
	while (k->v[i] != 0) {
		if (k->v[i] == h)
			return;
		i = (i + 1) & (SET_SLOTS - 1);
	}
	k->v[i] = h;
	k->at[k->n] = (uint16_t)i;
	if (++k->n == SET_CAP)
		k->full = true;
}

/* Empty a set in O(its size): slices turn over every tenth of a window. */
static void
kset_clear(struct kset *k)
{
	uint32_t n;

	for (n = 0; n < k->n; n++)
		k->v[k->at[n]] = 0;
	k->n = 0;
	k->full = false;
}

static bool
kset_has(const struct kset *k, uint64_t h)
{
	uint32_t i = (uint32_t)(h >> 32) & (SET_SLOTS - 1);

	while (k->v[i] != 0) {
		if (k->v[i] == h)
			return true;
		i = (i + 1) & (SET_SLOTS - 1);
	}
	return false;
}

/*
 * Distinct values across the live slices, counting each value in the
 * latest slice that has it; stops once `enough' is reached (0: count
 * all).  A full slice makes the result a lower bound.
 */
static uint64_t
kset_union(const struct kset *sets, const bool *live, uint64_t enough)
{
	uint64_t n = 0;
	unsigned i, j, k;

	for (i = 0; i < SLICES; i++) {
		if (!live[i])
			continue;
		if (sets[i].full)
			n = VG_MAX(n, (uint64_t)SET_CAP);
		for (k = 0; k < sets[i].n; k++) {
			uint64_t h = sets[i].v[sets[i].at[k]];
			bool later = false;

			for (j = i + 1; j < SLICES && !later; j++)
				later = live[j] && kset_has(&sets[j], h);
			if (!later && ++n == enough)
				return n;
		}
	}
	return n;
}

/* The slice for time t, clearing slices that fell out of the window. */
static unsigned
service_slice(struct service *sv, int64_t t, int64_t slice_len)
{
	int64_t start = t - (((t % slice_len) + slice_len) % slice_len);
	unsigned i = (unsigned)((start / slice_len) % SLICES);

	if (sv->slice_start[i] != start) {
		sv->slice_start[i] = start;
		sv->fail[i] = sv->ok[i] = 0;
		kset_clear(&sv->src_set[i]);
		kset_clear(&sv->user_set[i]);
	}
	return i;
}

static void
stuffing(struct vg_detect *d, const struct vg_det_rec *r, uint64_t src_key,
    uint64_t user_key, struct vg_json *out)
{
	const struct vg_det_param *p = &d->cfg.dc_rule[VG_DR_STUFFING];
	int64_t slice_len = VG_MAX(p->dp_window / SLICES, (int64_t)1);
	uint64_t fails = 0, oks = 0, nsrc, nusr, need;
	bool live[SLICES];
	struct service *sv;
	struct evidence e;
	unsigned i, cur;

	if ((sv = service_get(d, r->r_dataset)) == NULL)
		return;
	cur = service_slice(sv, r->r_time, slice_len);
	if (r->r_kind == VG_DK_AUTH_OK) {
		sv->ok[cur]++;
		return;
	}
	sv->fail[cur]++;
	if (src_key != 0)
		kset_add(&sv->src_set[cur], src_key);
	if (user_key != 0)
		kset_add(&sv->user_set[cur], user_key);
	sv->samples[sv->snext] = (struct sample){ r->r_file, r->r_line,
	    r->r_time };
	sv->snext = (sv->snext + 1) % VG_MAX(d->cfg.dc_samples, 1u);
	if (sv->nsamples < d->cfg.dc_samples)
		sv->nsamples++;
	/*
	 * Counting across slices costs a few thousand steps: every 64th
	 * failure, and not while a wave already reported goes on (it is
	 * still a wave for success_after until the blackhole ends).
	 */
	if (++sv->since_eval < VG_MAX(sv->eval_every, 64u))
		return;
	if (r->r_time < sv->quiet_until) {
		sv->wave_until = VG_MAX(sv->wave_until, sv->quiet_until);
		sv->since_eval = 0;
		return;
	}
	sv->since_eval = 0;
	for (i = 0; i < SLICES; i++) {
		live[i] = sv->slice_start[i] > r->r_time - p->dp_window &&
		    sv->slice_start[i] <= r->r_time;
		if (live[i]) {
			fails += sv->fail[i];
			oks += sv->ok[i];
		}
	}
	if (fails < p->dp_failures ||
	    (double)fails / (double)(fails + oks) < p->dp_ratio)
		return;
	/* Enough sources that none is a brute forcer, and enough of them. */
	need = VG_MAX((uint64_t)p->dp_sources,
	    (uint64_t)ceil((double)fails / p->dp_per_source));
	/* Not a wave yet: look again less often, down to every 1024th. */
	if (kset_union(sv->src_set, live, need) < need ||
	    kset_union(sv->user_set, live, p->dp_users) < p->dp_users) {
		sv->eval_every = VG_MIN(VG_MAX(sv->eval_every, 64u) * 2,
		    1024u);
		return;
	}
	sv->eval_every = 64;
	sv->wave_until = r->r_time + p->dp_window;
	d->st.ds_fired[VG_DR_STUFFING]++;
	if (r->r_time < sv->quiet_until) {
		sv->pending++;
		d->st.ds_suppressed++;
		return;
	}
	sv->quiet_until = r->r_time + p->dp_blackhole;
	memset(&e, 0, sizeof(e));
	e.rec = r;
	e.key_field = "service";
	e.count = (uint32_t)VG_MIN(fails, (uint64_t)UINT32_MAX);
	e.firings = 1 + sv->pending;
	sv->pending = 0;
	e.first = r->r_time - p->dp_window;
	e.last = r->r_time;
	nsrc = kset_union(sv->src_set, live, 0);
	nusr = kset_union(sv->user_set, live, 0);
	e.distinct_sources = (int64_t)nsrc;
	e.distinct_users = (int64_t)nusr;
	e.distinct_paths = -1;
	e.samples = sv->samples;
	e.nsamples = sv->nsamples;
	e.extra_key = "failure_ratio";
	e.extra = (double)fails / (double)(fails + oks);
	e.extra_key2 = "failures_per_source";
	e.extra2 = (double)fails / (double)nsrc;
	set_msg(d, "credential stuffing on %s: %llu failures from %s%llu "
	    "sources on %s%llu accounts, %.1f per source", r->r_dataset,
	    (unsigned long long)fails, nsrc >= SET_CAP ? "at least " : "",
	    (unsigned long long)nsrc, nusr >= SET_CAP ? "at least " : "",
	    (unsigned long long)nusr, (double)fails / (double)nsrc);
	emit(d, VG_DR_STUFFING, &e, out);
}

/* ------------------------------------------------- single-event rules */

static void
once_per_key(struct vg_detect *d, enum vg_det_rule rule,
    const struct vg_det_rec *r, uint64_t key, const char *key_field,
    struct vg_json *out)
{
	struct evidence e;
	struct slot *s;
	bool created;
	uint32_t firings;

	s = table_get(d, rule, &d->t[rule], key, &created, out);
	if (++s->count == 1)
		s->first = r->r_time;
	s->last = VG_MAX(s->last, r->r_time);
	if (s->count == 1 || s->pending == 0)
		s->s0 = (struct sample){ r->r_file, r->r_line, r->r_time };
	if (!may_alert(d, rule, s, r, &firings))
		return;
	memset(&e, 0, sizeof(e));
	e.rec = r;
	e.key_field = key_field;
	e.count = s->count;
	e.firings = firings;
	e.first = r->r_time;
	e.last = r->r_time;
	e.distinct_users = e.distinct_sources = e.distinct_paths = -1;
	emit(d, rule, &e, out);
	s->count = 0;
}

static void
listed_login(struct vg_detect *d, const struct vg_det_rec *r,
    uint64_t src_key, struct vg_json *out)
{
	char ip[VG_ADDR_STRLEN] = "?";

	vg_addr_format(&r->r_src, ip);
	set_msg(d, "successful login of '%.*s' from %s, listed on %s (%s)",
	    (int)r->r_user_len, r->r_user, ip, r->r_listed.l_feed,
	    vg_ioc_cat_name(r->r_listed.l_cat));
	once_per_key(d, VG_DR_LISTED_LOGIN, r, (src_key ^ (r->r_user_len > 0 ?
	    hash_bytes(r->r_user, r->r_user_len, 'u') : 0)) | 1, "source.ip",
	    out);
}

static void
leaked_activity(struct vg_detect *d, const struct vg_det_rec *r,
    uint64_t user_key, struct vg_json *out)
{
	char ip[VG_ADDR_STRLEN] = "?";

	if (r->r_src.af != VG_AF_NONE)
		vg_addr_format(&r->r_src, ip);
	set_msg(d, "%s login of leaked account '%.*s' (on %s) from %s",
	    r->r_kind == VG_DK_AUTH_OK ? "successful" : "failed",
	    (int)r->r_user_len, r->r_user, r->r_leaked_feed, ip);
	once_per_key(d, VG_DR_LEAKED, r, user_key, "user.name", out);
}

/* ---------------------------------------------------------------- geo */


static void
geo_rules(struct vg_detect *d, const struct vg_det_rec *r, uint64_t user_key,
    struct vg_json *out)
{
	struct vg_geo_info gi;
	struct evidence e;
	struct slot *s;
	struct ext *x;
	bool created, known = false;
	uint16_t cc;
	uint32_t i, firings;
	char ip[VG_ADDR_STRLEN], prev[3] = "";
	struct table *t;
	enum vg_det_rule rule = rule_on(d, VG_DR_NEW_COUNTRY) ?
	    VG_DR_NEW_COUNTRY : VG_DR_TRAVEL;

	if (user_key == 0 || r->r_src.af == VG_AF_NONE ||
	    vg_addr_is_private(&r->r_src) ||
	    !vg_geo_lookup(d->geo, &r->r_src, &gi) || gi.country[0] == '\0')
		return;
	t = &d->t[rule];
	s = table_get(d, rule, t, user_key, &created, out);
	if ((x = slot_ext(t, s)) == NULL)
		return;
	cc = (uint16_t)((uint8_t)gi.country[0] << 8 | (uint8_t)gi.country[1]);
	for (i = 0; i < x->ncountries; i++)
		known |= x->countries[i] == cc;
	vg_addr_format(&r->r_src, ip);
	memset(&e, 0, sizeof(e));
	e.rec = r;
	e.key_field = "user.name";
	e.count = 1;
	e.first = x->loc_time != 0 ? x->loc_time : r->r_time;
	e.last = r->r_time;
	e.distinct_users = e.distinct_sources = e.distinct_paths = -1;
	e.country = gi.country;
	if (x->ncountries > 0) {
		uint16_t pc = x->countries[(x->ncountries - 1) % MAX_COUNTRIES];

		prev[0] = (char)(pc >> 8);
		prev[1] = (char)(pc & 0xff);
		e.prev_country = prev;
	}
	if (!created && x->ncountries > 0 && !known &&
	    rule_on(d, VG_DR_NEW_COUNTRY) && may_alert(d, VG_DR_NEW_COUNTRY, s,
	    r, &firings)) {
		e.firings = firings;
		set_msg(d, "'%.*s' logged in from %s (%s), a country not seen "
		    "for this account before", (int)r->r_user_len, r->r_user,
		    gi.country, ip);
		emit(d, VG_DR_NEW_COUNTRY, &e, out);
	}
	if (x->has_loc && gi.has_location && rule_on(d, VG_DR_TRAVEL)) {
		const struct vg_det_param *p = &d->cfg.dc_rule[VG_DR_TRAVEL];
		double km = vg_geo_distance_km(x->lat, x->lon, gi.lat, gi.lon);
		double hours = (double)VG_MAX(r->r_time - x->loc_time,
		    MIN) / (3600.0 * SEC);
		struct slot *ts = s;

		/* Its own slot, so the two detections aggregate apart. */
		if (rule != VG_DR_TRAVEL && km >= p->dp_min_km &&
		    km / hours > p->dp_speed_kmh)
			ts = table_get(d, VG_DR_TRAVEL, &d->t[VG_DR_TRAVEL],
			    user_key, &created, out);
		if (km >= p->dp_min_km && km / hours > p->dp_speed_kmh &&
		    may_alert(d, VG_DR_TRAVEL, ts, r, &firings)) {
			e.firings = firings;
			e.extra_key = "distance_km";
			e.extra = round(km);
			e.extra_key2 = "speed_kmh";
			e.extra2 = round(km / hours);
			set_msg(d, "'%.*s' logged in from %s (%s) %.0f km from "
			    "the previous login %.1f h earlier (%.0f km/h)",
			    (int)r->r_user_len, r->r_user, ip, gi.country, km,
			    hours, km / hours);
			emit(d, VG_DR_TRAVEL, &e, out);
		}
	}
	if (!known) {
		x->countries[x->ncountries % MAX_COUNTRIES] = cc;
		x->ncountries++;
	}
	if (gi.has_location) {
		x->has_loc = true;
		x->lat = gi.lat;
		x->lon = gi.lon;
	}
	x->loc_time = r->r_time;
}

/* ------------------------------------------------------ bulk retrieval */

static void
bulk_close_window(struct ext *x)
{
	/* An exponential moving average of the key's past windows. */
	const double alpha = 0.3;

	if (x->nwin == 0) {
		x->base_bytes = (double)x->win_bytes;
		x->base_requests = (double)x->win_requests;
	} else {
		x->base_bytes += alpha * ((double)x->win_bytes - x->base_bytes);
		x->base_requests += alpha * ((double)x->win_requests -
		    x->base_requests);
	}
	x->nwin++;
	x->win_bytes = x->win_requests = 0;
	x->win_fired = false;
}

static void
bulk(struct vg_detect *d, const struct vg_det_rec *r, uint64_t key,
    bool by_user, struct vg_json *out)
{
	const struct vg_det_param *p = &d->cfg.dc_rule[VG_DR_BULK];
	int64_t wstart = r->r_time - (((r->r_time % p->dp_window) +
	    p->dp_window) % p->dp_window);
	const char *why = NULL;
	struct evidence e;
	struct slot *s;
	struct ext *x;
	bool created;
	uint32_t firings;
	char keytext[VG_DET_USER_MAX + 1];

	struct table *t = &d->t[VG_DR_BULK];

	s = table_get(d, VG_DR_BULK, t, key, &created, out);
	if ((x = slot_ext(t, s)) == NULL)
		return;
	if (created) {
		s->first = wstart;
	} else if (wstart > s->first) {
		bulk_close_window(x);
		s->first = wstart;
		s->count = 0;
	}
	if (++s->count == 1)
		s->s0 = (struct sample){ r->r_file, r->r_line, r->r_time };
	else if (x->nsamples + 1 < t->ns)
		x->samples[x->nsamples++] = (struct sample){ r->r_file,
		    r->r_line, r->r_time };
	s->last = r->r_time;
	x->win_requests++;
	if (r->r_bytes > 0)
		x->win_bytes += (uint64_t)r->r_bytes;
	if (x->win_fired)
		return;
	if (x->win_bytes > p->dp_bytes)
		why = "over the byte ceiling";
	else if (x->win_requests > p->dp_requests)
		why = "over the request ceiling";
	else if (x->nwin >= p->dp_baseline_windows &&
	    (double)x->win_bytes > p->dp_factor * VG_MAX(x->base_bytes,
	    (double)BULK_MIN_BYTES))
		why = "far over its byte baseline";
	else if (x->nwin >= p->dp_baseline_windows &&
	    (double)x->win_requests > p->dp_factor * VG_MAX(x->base_requests,
	    (double)BULK_MIN_REQUESTS))
		why = "far over its request baseline";
	if (why == NULL)
		return;
	x->win_fired = true;
	if (!may_alert(d, VG_DR_BULK, s, r, &firings))
		return;
	memset(&e, 0, sizeof(e));
	e.rec = r;
	e.key_field = by_user ? "user.name" : "source.ip";
	e.count = s->count;
	e.firings = firings;
	e.first = s->s0.time;
	e.last = r->r_time;
	e.distinct_users = e.distinct_sources = e.distinct_paths = -1;
	e.s0 = &s->s0;
	e.samples = x->samples;
	e.nsamples = x->nsamples;
	e.extra_key = "bytes";
	e.extra = (double)x->win_bytes;
	e.extra_key2 = "baseline_bytes";
	e.extra2 = round(x->base_bytes);
	key_field_text(r, by_user, keytext, sizeof(keytext));
	set_msg(d, "%s retrieved %llu bytes in %llu requests this window, %s "
	    "(baseline %.0f bytes over %u windows)", keytext,
	    (unsigned long long)x->win_bytes,
	    (unsigned long long)x->win_requests, why, x->base_bytes, x->nwin);
	emit(d, VG_DR_BULK, &e, out);
}

/* ------------------------------------------------------------ dispatch */

static const struct {
	unsigned		 bit;
	enum vg_det_rule	 rule;
	const char		*what;
} web_rules[] = {
	{ VG_WEB_SENSITIVE,	VG_DR_WEB_SENSITIVE,	"sensitive-file requests" },
	{ VG_WEB_TRAVERSAL,	VG_DR_WEB_TRAVERSAL,	"path-traversal requests" },
	{ VG_WEB_SQLI,		VG_DR_WEB_SQLI,		"SQL-injection requests" },
	{ VG_WEB_ADMIN,		VG_DR_WEB_ADMIN,	"admin-interface requests" },
	{ VG_WEB_CVE,		VG_DR_WEB_CVE,		"exploit-path requests" },
	{ VG_WEB_XSS,		VG_DR_WEB_XSS,		"XSS requests" },
};

static void
run_http(struct vg_detect *d, const struct vg_det_rec *r, uint64_t src_key,
    struct vg_json *out)
{
	size_t i;
	unsigned st = r->r_status;

	/* Probes differ by their payload, often in the query. */
	uint64_t request = (r->r_path_hash ^ r->r_args_hash) | 1;

	if (src_key == 0)
		return;
	for (i = 0; i < VG_ARRAY_LEN(web_rules); i++)
		if ((r->r_webclass & web_rules[i].bit) &&
		    rule_on(d, web_rules[i].rule))
			leaky_rule(d, web_rules[i].rule, r, src_key, false,
			    request, web_rules[i].what, out);
	if ((r->r_webclass & VG_WEB_WP_ENUM) && rule_on(d, VG_DR_WEB_WPENUM))
		leaky_rule(d, VG_DR_WEB_WPENUM, r, src_key, false,
		    r->r_args_hash != 0 ? r->r_args_hash : r->r_path_hash,
		    "author lookups", out);
	if ((st == 403 || st == 404) && rule_on(d, VG_DR_WEB_NOTFOUND))
		leaky_rule(d, VG_DR_WEB_NOTFOUND, r, src_key, false,
		    r->r_path_hash, "403/404 paths", out);
	/*
	 * HTTP brute force: 401s, and failed login forms (WordPress answers
	 * a failed POST with 200 and the form again; a success redirects).
	 */
	if (rule_on(d, VG_DR_WEB_AUTH_BF) && (st == 401 ||
	    ((r->r_flags & VG_DRF_POST) && (r->r_webclass & VG_WEB_LOGIN) &&
	    (st == 200 || st == 403))))
		leaky_rule(d, VG_DR_WEB_AUTH_BF, r, src_key, false, 0,
		    "HTTP authentication failures", out);
}

/* One more failed attempt of a source: its brute-force buckets. */
static void
source_buckets(struct vg_detect *d, const struct vg_det_rec *r,
    uint64_t src_key, struct vg_json *out)
{
	if (rule_on(d, VG_DR_BF))
		leaky_rule(d, VG_DR_BF, r, src_key, false, 0,
		    "authentication failures", out);
	if (rule_on(d, VG_DR_BF_SLOW))
		leaky_rule(d, VG_DR_BF_SLOW, r, src_key, false, 0,
		    "authentication failures", out);
}

static void
run(struct vg_detect *d, const struct vg_det_rec *r, struct vg_json *out)
{
	uint64_t src_key = r->r_src_hash, user_key = r->r_user_hash;

	/* Records built by hand (tests, the daemon) may lack the hashes. */
	if (src_key == 0 && r->r_src.af != VG_AF_NONE)
		src_key = hash_addr(&r->r_src);
	if (user_key == 0 && r->r_user_len > 0)
		user_key = hash_bytes(r->r_user, r->r_user_len, 'u');

	switch (r->r_kind) {
	case VG_DK_AUTH_FAIL:
		if (src_key != 0) {
			source_buckets(d, r, src_key, out);
			if (rule_on(d, VG_DR_BF_TIMED))
				timed_rule(d, VG_DR_BF_TIMED, r, src_key, 0,
				    out);
			if (user_key != 0 && rule_on(d, VG_DR_SPRAY))
				leaky_rule(d, VG_DR_SPRAY, r, src_key, false,
				    user_key, "accounts failing", out);
			if (user_key != 0 && rule_on(d, VG_DR_SPRAY_TIMED))
				timed_rule(d, VG_DR_SPRAY_TIMED, r, src_key,
				    user_key, out);
			if (rule_on(d, VG_DR_SUCCESS_AFTER))
				fail_note(d, &d->fail_src, src_key, r, out);
		}
		if (user_key != 0) {
			if (rule_on(d, VG_DR_BF_USER))
				leaky_rule(d, VG_DR_BF_USER, r, user_key, true,
				    0, "authentication failures", out);
			if (rule_on(d, VG_DR_SUCCESS_AFTER))
				fail_note(d, &d->fail_user, user_key, r, out);
		}
		if (is_web_dataset(r->r_dataset) && src_key != 0 &&
		    rule_on(d, VG_DR_WEB_AUTH_BF))
			leaky_rule(d, VG_DR_WEB_AUTH_BF, r, src_key, false, 0,
			    "HTTP authentication failures", out);
		if (rule_on(d, VG_DR_STUFFING))
			stuffing(d, r, src_key, user_key, out);
		if (r->r_leaked_feed != NULL && user_key != 0 &&
		    rule_on(d, VG_DR_LEAKED))
			leaked_activity(d, r, user_key, out);
		break;
	case VG_DK_AUTH_OK:
		/*
		 * A login after tries of other users in the same connection
		 * is one more attempt of its source (logfmt_conn.c); it
		 * still goes on as the success it is.
		 */
		if ((r->r_flags & VG_DRF_FAILED_TOO) && src_key != 0)
			source_buckets(d, r, src_key, out);
		if (src_key != 0) {
			if (rule_on(d, VG_DR_BF_TIMED))
				timed_cancel(d, VG_DR_BF_TIMED, src_key);
			if (rule_on(d, VG_DR_SPRAY_TIMED))
				timed_cancel(d, VG_DR_SPRAY_TIMED, src_key);
		}
		if (rule_on(d, VG_DR_SUCCESS_AFTER))
			success_after(d, r, src_key, user_key, out);
		if (rule_on(d, VG_DR_STUFFING))
			stuffing(d, r, src_key, user_key, out);
		if (r->r_listed.l_feed != NULL && src_key != 0 &&
		    rule_on(d, VG_DR_LISTED_LOGIN))
			listed_login(d, r, src_key, out);
		if (r->r_leaked_feed != NULL && user_key != 0 &&
		    rule_on(d, VG_DR_LEAKED))
			leaked_activity(d, r, user_key, out);
		if (d->geo != NULL && (rule_on(d, VG_DR_NEW_COUNTRY) ||
		    rule_on(d, VG_DR_TRAVEL)))
			geo_rules(d, r, user_key, out);
		break;
	case VG_DK_HTTP:
		run_http(d, r, src_key, out);
		/* FALLTHROUGH */
	case VG_DK_DATA:
		if (rule_on(d, VG_DR_BULK) && (user_key != 0 || src_key != 0))
			bulk(d, r, user_key != 0 ? user_key : src_key,
			    user_key != 0, out);
		break;
	}
}

/* ---------------------------------------------------------- reordering */

static bool
rec_before(const struct vg_det_rec *a, const struct vg_det_rec *b)
{
	return a->r_time < b->r_time || (a->r_time == b->r_time &&
	    a->r_seq < b->r_seq);
}

static void
heap_push(struct vg_detect *d, uint32_t idx)
{
	uint32_t i = d->nheap++, parent;

	while (i > 0) {
		parent = (i - 1) / 2;
		if (!rec_before(&d->pool[idx], &d->pool[d->heap[parent]]))
			break;
		d->heap[i] = d->heap[parent];
		i = parent;
	}
	d->heap[i] = idx;
}

static uint32_t
heap_pop(struct vg_detect *d)
{
	uint32_t top = d->heap[0], last = d->heap[--d->nheap], i = 0, c;

	while ((c = 2 * i + 1) < d->nheap) {
		if (c + 1 < d->nheap && rec_before(&d->pool[d->heap[c + 1]],
		    &d->pool[d->heap[c]]))
			c++;
		if (!rec_before(&d->pool[d->heap[c]], &d->pool[last]))
			break;
		d->heap[i] = d->heap[c];
		i = c;
	}
	if (d->nheap > 0)
		d->heap[i] = last;
	return top;
}

/* Is the FIFO's head the earliest record held?  False when it is empty. */
static bool
fifo_first(const struct vg_detect *d)
{
	return d->nfifo > 0 && (d->nheap == 0 ||
	    !rec_before(&d->pool[d->heap[0]], &d->pool[d->fifo[d->fifo_head]]));
}

/* The earliest record held, from the FIFO or the heap; NULL if none. */
static const struct vg_det_rec *
held_first(const struct vg_detect *d)
{
	if (fifo_first(d))
		return &d->pool[d->fifo[d->fifo_head]];
	return d->nheap > 0 ? &d->pool[d->heap[0]] : NULL;
}

static void
release_one(struct vg_detect *d, struct vg_json *out)
{
	uint32_t idx;
	const struct vg_det_rec *r;

	if (fifo_first(d)) {
		idx = d->fifo[d->fifo_head];
		d->fifo_head = (d->fifo_head + 1) % d->pool_cap;
		d->nfifo--;
	} else {
		idx = heap_pop(d);
	}
	r = &d->pool[idx];

	d->released = VG_MAX(d->released, r->r_time);
	run(d, r, out);
	d->free_idx[d->nfree++] = idx;
}

void
vg_detect_feed(struct vg_detect *d, const struct vg_det_rec *r,
    struct vg_json *out)
{
	const struct vg_det_rec *first;
	uint32_t idx;

	d->st.ds_records++;
	if (r->r_time == VG_NO_TIME) {
		d->st.ds_no_time++;
		return;
	}
	if (d->newest != INT64_MIN && r->r_time < d->newest)
		d->st.ds_reordered++;
	if (r->r_time < d->released) {
		/* Too late to put back in order: apply it now, counted. */
		d->st.ds_late++;
		run(d, r, out);
		return;
	}
	if (d->cfg.dc_reorder == 0) {
		d->released = VG_MAX(d->released, r->r_time);
		run(d, r, out);
		return;
	}
	if (d->nfree == 0 && !pool_grow(d))
		release_one(d, out);	/* full: the oldest goes early */
	idx = d->free_idx[--d->nfree];
	d->pool[idx] = *r;
	d->pool[idx].r_seq = d->seq++;
	/* In time order after the FIFO's tail: it goes there. */
	if (d->nfifo == 0 || d->pool[d->fifo[(d->fifo_head + d->nfifo - 1) %
	    d->pool_cap]].r_time <= r->r_time) {
		d->fifo[(d->fifo_head + d->nfifo) % d->pool_cap] = idx;
		d->nfifo++;
	} else {
		heap_push(d, idx);
	}
	d->newest = VG_MAX(d->newest, r->r_time);
	while ((first = held_first(d)) != NULL &&
	    first->r_time <= d->newest - d->cfg.dc_reorder)
		release_one(d, out);
}

void
vg_detect_finish(struct vg_detect *d, struct vg_json *out)
{
	size_t i, k;

	while (d->nheap > 0 || d->nfifo > 0)
		release_one(d, out);
	for (i = 0; i < VG_DR_COUNT; i++) {
		struct table *t = &d->t[i];

		for (k = 0; k < t->used; k++)
			if (t->slots[k].key != 0)
				flush_pending(d, (enum vg_det_rule)i,
				    &t->slots[k], out);
		d->st.ds_evicted[i] = t->evicted;
		d->st.ds_keys[i] = t->used;
	}
	d->st.ds_evicted[VG_DR_SUCCESS_AFTER] += d->fail_src.evicted +
	    d->fail_user.evicted;
}

void
vg_det_stats_print(const struct vg_det_stats *st, FILE *fp)
{
	size_t i;

	fprintf(fp, "detections: %llu records, %llu alerts, %llu firings "
	    "folded into alerts, %llu reordered, %llu late, %llu without "
	    "time\n", (unsigned long long)st->ds_records,
	    (unsigned long long)st->ds_alerts,
	    (unsigned long long)st->ds_suppressed,
	    (unsigned long long)st->ds_reordered,
	    (unsigned long long)st->ds_late,
	    (unsigned long long)st->ds_no_time);
	for (i = 0; i < VG_DR_COUNT; i++) {
		if (st->ds_fired[i] == 0 && st->ds_evicted[i] == 0 &&
		    st->ds_keys[i] == 0)
			continue;
		fprintf(fp, "  %s%s%s: fired %llu, keys %llu, evicted %llu\n",
		    vg_det_rule_id(i), vg_det_rule_variant(i)[0] ? "/" : "",
		    vg_det_rule_variant(i), (unsigned long long)st->ds_fired[i],
		    (unsigned long long)st->ds_keys[i],
		    (unsigned long long)st->ds_evicted[i]);
	}
}
