/*
 * ioc.c -- indicator sets: builder, sealed image, snapshots, matching.
 *
 * The sealed image is one contiguous block of fixed-size sections that
 * refer to each other by offsets only; the same bytes serve a set built
 * in memory and a snapshot mapped from disk.  Opening a snapshot checks
 * the header and section bounds in O(1); every lookup then bounds-checks
 * the offsets it follows, so a damaged or hostile file cannot make a
 * lookup read outside the mapping.  See docs/INTERNALS-ioc.md.
 */
#include "ioc.h"
#include "ioc_int.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#define VGI_MAGIC	"VIGILIOC"
#define VGI_VERSION	2
#define VGI_BOM		0x01020304u	/* refuses images of the other endianness */
#define NO_LIST		UINT32_MAX
/*
 * A list reference with this bit set is not an offset into `lists' but
 * the one entry itself: most addresses and names are listed by a single
 * feed, and this saves their two-word list.
 */
#define DIRECT		0x80000000u
#define V4_INDEX_LEN	65537

/* ---------------------------------------------------------------- image */

struct vgi_section {
	uint64_t	off;
	uint64_t	len;		/* in elements */
};

enum {
	SEC_FEEDS,
	SEC_ENTRIES,
	SEC_V4IDX,
	SEC_V4IV,
	SEC_V4XIDX,
	SEC_V4X,
	SEC_V6IV,
	SEC_LISTS,
	SEC_SLOTS,
	SEC_STRINGS,
	SEC_COUNT
};

struct vgi_header {
	char			magic[8];
	uint32_t		version;
	uint32_t		bom;
	uint64_t		size;
	uint64_t		by_type[VG_IOC_TYPE_COUNT];
	struct vgi_section	sec[SEC_COUNT];
};

struct vgi_feed {
	uint32_t	name_off;
	uint32_t	source_off;
	uint32_t	count;
	uint8_t		cat;
	uint8_t		pad[3];
};

/* One listed indicator. */
struct vgi_entry {
	uint32_t	val;		/* IPv4 address, or strings offset */
	uint32_t	line;
	uint16_t	feed;
	uint8_t		type;
	uint8_t		cat;
	uint8_t		prefix;
	uint8_t		af;		/* for IPs: 4 or 6 */
	uint16_t	slen;		/* length of the string value */
};

struct vgi_v4iv {
	uint32_t	start;
	uint32_t	list;
};

struct vgi_v6iv {
	uint64_t	hi;
	uint64_t	lo;
	uint32_t	list;
	uint32_t	pad;
};

struct vgi_slot {
	uint64_t	hash;
	uint32_t	list;		/* NO_LIST: empty slot */
	uint32_t	key_off;
	uint16_t	key_len;
	uint8_t		type;
	uint8_t		pad[5];
};

static const size_t sec_elem_size[SEC_COUNT] = {
	[SEC_FEEDS] = sizeof(struct vgi_feed),
	[SEC_ENTRIES] = sizeof(struct vgi_entry),
	[SEC_V4IDX] = sizeof(uint32_t),
	[SEC_V4IV] = sizeof(struct vgi_v4iv),
	[SEC_V4XIDX] = sizeof(uint32_t),
	[SEC_V4X] = sizeof(struct vgi_v4iv),
	[SEC_V6IV] = sizeof(struct vgi_v6iv),
	[SEC_LISTS] = sizeof(uint32_t),
	[SEC_SLOTS] = sizeof(struct vgi_slot),
	[SEC_STRINGS] = 1,
};

struct vg_ioc_set {
	const uint8_t		*img;
	size_t			 img_len;
	bool			 mapped;
	const struct vgi_header	*hdr;
	const struct vgi_feed	*feeds;
	size_t			 nfeeds;
	const struct vgi_entry	*entries;
	size_t			 nentries;
	const uint32_t		*v4idx;
	const struct vgi_v4iv	*v4iv;
	size_t			 nv4iv;
	const uint32_t		*v4xidx;	/* like v4idx, for v4x */
	const struct vgi_v4iv	*v4x;		/* single addresses, sorted */
	size_t			 nv4x;
	const struct vgi_v6iv	*v6iv;
	size_t			 nv6iv;
	const uint32_t		*lists;
	size_t			 nlists;
	const struct vgi_slot	*slots;
	size_t			 nslots;	/* 0 or a power of two */
	const char		*strings;
	size_t			 nstrings;
};

/* -------------------------------------------------------------- helpers */

static const char *const type_names[VG_IOC_TYPE_COUNT] = {
	[VG_IOC_IP] = "ip",
	[VG_IOC_DOMAIN] = "domain-name",
	[VG_IOC_URL] = "url",
	[VG_IOC_MD5] = "file",
	[VG_IOC_SHA1] = "file",
	[VG_IOC_SHA256] = "file",
	[VG_IOC_SHA512] = "file",
	[VG_IOC_ACCOUNT] = "user-account",
};

const char *
vg_ioc_hit_type_name(const struct vg_ioc_hit *h)
{
	if (h->h_type == VG_IOC_IP)
		return h->h_addr.af == VG_AF_INET6 ? "ipv6-addr" : "ipv4-addr";
	if (h->h_type == VG_IOC_ACCOUNT && h->h_value.len > 0 &&
	    memchr(h->h_value.p, '@', h->h_value.len) != NULL)
		return "email-addr";
	return vg_ioc_type_name(h->h_type);
}

const char *
vg_ioc_type_name(enum vg_ioc_type t)
{
	return (unsigned)t < VG_IOC_TYPE_COUNT && type_names[t] != NULL ?
	    type_names[t] : "unknown";
}

static const char *const cat_names[VG_CAT_COUNT] = {
	[VG_CAT_UNKNOWN] = "malicious",
	[VG_CAT_BOTNET] = "botnet",
	[VG_CAT_C2] = "c2",
	[VG_CAT_SCANNER] = "scanner",
	[VG_CAT_MALWARE] = "malware",
	[VG_CAT_PHISHING] = "phishing",
	[VG_CAT_SPAM] = "spam",
	[VG_CAT_ATTACK] = "attack",
	[VG_CAT_ANONYMIZER] = "anonymizer",
	[VG_CAT_COMPROMISED] = "compromised",
	[VG_CAT_REPUTATION] = "reputation",
	[VG_CAT_BOGON] = "bogon",
	[VG_CAT_LEAKED] = "leaked-account",
	[VG_CAT_SUSPICIOUS] = "suspicious",
	[VG_CAT_ALLOW] = "allowlist",
};

const char *
vg_ioc_cat_name(enum vg_ioc_cat c)
{
	return (unsigned)c < VG_CAT_COUNT ? cat_names[c] : "malicious";
}

enum vg_ioc_cat
vg_ioc_cat_parse(struct vg_str s)
{
	static const struct {
		const char	*word;
		enum vg_ioc_cat	 cat;
	} words[] = {
		{ "botnet", VG_CAT_BOTNET }, { "c2", VG_CAT_C2 },
		{ "c&c", VG_CAT_C2 }, { "cnc", VG_CAT_C2 },
		{ "botnet_cc", VG_CAT_C2 }, { "scanner", VG_CAT_SCANNER },
		{ "scanners", VG_CAT_SCANNER }, { "malware", VG_CAT_MALWARE },
		{ "phishing", VG_CAT_PHISHING }, { "spam", VG_CAT_SPAM },
		{ "attacks", VG_CAT_ATTACK }, { "attack", VG_CAT_ATTACK },
		{ "abuse", VG_CAT_ATTACK }, { "bruteforce", VG_CAT_ATTACK },
		{ "anonymizers", VG_CAT_ANONYMIZER },
		{ "anonymizer", VG_CAT_ANONYMIZER }, { "tor", VG_CAT_ANONYMIZER },
		{ "compromised", VG_CAT_COMPROMISED },
		{ "reputation", VG_CAT_REPUTATION },
		{ "unroutable", VG_CAT_BOGON }, { "bogon", VG_CAT_BOGON },
		{ "leaked", VG_CAT_LEAKED }, { "leaked-account", VG_CAT_LEAKED },
		{ "suspicious", VG_CAT_SUSPICIOUS },
		{ "allowlist", VG_CAT_ALLOW }, { "whitelist", VG_CAT_ALLOW },
		{ "allow", VG_CAT_ALLOW }, { "malicious", VG_CAT_UNKNOWN },
	};
	size_t i;

	s = vg_str_trim(s);
	for (i = 0; i < VG_ARRAY_LEN(words); i++)
		if (vg_str_caseeq(s, words[i].word, strlen(words[i].word)))
			return words[i].cat;
	return VG_CAT_UNKNOWN;
}

/*
 * FNV-1a over the type and the key's bytes, in steps so that
 * vg_ioc_match_account() can hash a name while it reads it.
 */
static inline uint64_t
key_hash_start(uint8_t type)
{
	return 0xcbf29ce484222325ULL ^ type;
}

static inline uint64_t
key_hash_add(uint64_t h, uint8_t c)
{
	return (h ^ c) * 0x100000001b3ULL;
}

static inline uint64_t
key_hash_end(uint64_t h)
{
	return h ^ (h >> 29);
}

static inline uint64_t
key_hash(uint8_t type, const char *p, size_t len)
{
	uint64_t h = key_hash_start(type);
	size_t i;

	for (i = 0; i < len; i++)
		h = key_hash_add(h, (uint8_t)p[i]);
	return key_hash_end(h);
}

static inline char
lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

static size_t
hash_type_len(size_t len, enum vg_ioc_type *typep)
{
	switch (len) {
	case 32:	*typep = VG_IOC_MD5; return len;
	case 40:	*typep = VG_IOC_SHA1; return len;
	case 64:	*typep = VG_IOC_SHA256; return len;
	case 128:	*typep = VG_IOC_SHA512; return len;
	}
	return 0;
}

/*
 * Normalize a value of `type' into `buf' (VG_MAX_INDICATOR bytes).
 * Returns the length, or 0 when the value is not valid for the type.
 */
static size_t
normalize(enum vg_ioc_type type, struct vg_str s, char *buf)
{
	size_t i, n = 0, hostlen;
	const char *host, *p, *end;
	enum vg_ioc_type ht;
	bool https;

	s = vg_str_trim(s);
	if (s.len == 0 || s.len >= VG_MAX_INDICATOR)
		return 0;
	switch (type) {
	case VG_IOC_DOMAIN:
		(void)VG_STR_EAT(&s, "*.");
		while (s.len > 0 && s.p[s.len - 1] == '.')
			s.len--;
		if (s.len == 0 || s.len > 253)
			return 0;
		for (i = 0; i < s.len; i++) {
			char c = lower(s.p[i]);

			if (c <= ' ' || c == '/' || c == '@' || c == 0x7f)
				return 0;
			buf[n++] = c;
		}
		return n;
	case VG_IOC_URL:
		/*
		 * Key = lower-case host + path and query; the scheme, any
		 * "user@", a default port and the fragment are dropped, so
		 * feeds and logs that spell one URL differently agree.
		 */
		p = s.p;
		end = s.p + s.len;
		for (i = 0; i + 2 < s.len && i < 16; i++)
			if (s.p[i] == ':' && s.p[i + 1] == '/' &&
			    s.p[i + 2] == '/') {
				p = s.p + i + 3;
				break;
			}
		/* Only the scheme's own default port is dropped. */
		https = p - s.p == 8 && vg_str_caseeq(vg_str_make(s.p, 8),
		    "https://", 8);
		host = p;
		while (p < end && *p != '/' && *p != '?' && *p != '#')
			p++;
		hostlen = (size_t)(p - host);
		{
			const char *at = memchr(host, '@', hostlen);

			if (at != NULL) {
				hostlen -= (size_t)(at + 1 - host);
				host = at + 1;
			}
		}
		if (!https && hostlen > 3 &&
		    memcmp(host + hostlen - 3, ":80", 3) == 0)
			hostlen -= 3;
		else if (https && hostlen > 4 &&
		    memcmp(host + hostlen - 4, ":443", 4) == 0)
			hostlen -= 4;
		while (hostlen > 0 && host[hostlen - 1] == '.')
			hostlen--;
		if (hostlen == 0)
			return 0;
		for (i = 0; i < hostlen; i++) {
			if ((unsigned char)host[i] <= ' ' || host[i] == '"' ||
			    host[i] == '<' || host[i] == '>')
				return 0;
			buf[n++] = lower(host[i]);
		}
		if (p == end || *p != '/')
			buf[n++] = '/';
		for (; p < end && *p != '#'; p++) {
			if ((unsigned char)*p <= ' ')
				return 0;
			buf[n++] = *p;
		}
		return n;
	case VG_IOC_MD5:
	case VG_IOC_SHA1:
	case VG_IOC_SHA256:
	case VG_IOC_SHA512:
		if (hash_type_len(s.len, &ht) == 0 || ht != type)
			return 0;
		for (i = 0; i < s.len; i++) {
			char c = lower(s.p[i]);

			if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
				return 0;
			buf[n++] = c;
		}
		return n;
	case VG_IOC_ACCOUNT:
		for (i = 0; i < s.len; i++) {
			if ((unsigned char)s.p[i] < ' ')
				return 0;
			buf[n++] = lower(s.p[i]);
		}
		return n;
	default:
		return 0;
	}
}

/* -------------------------------------------------------------- builder */

struct bfeed {
	char		*name;
	char		*source;
	uint8_t		 cat;
	uint32_t	 count;
};

struct v4range {
	uint32_t	start;
	uint32_t	end;
	uint32_t	entry;
};

struct v6range {
	unsigned __int128 start;
	unsigned __int128 end;
	uint32_t	entry;
};

struct bslot {
	uint64_t	hash;
	uint32_t	head;		/* first entry of the chain, +1; 0 empty */
	uint32_t	key_off;
	uint16_t	key_len;
	uint8_t		type;
};

struct vg_ioc_builder {
	struct bfeed		*feeds;
	size_t			 nfeeds, feeds_cap;
	struct vgi_entry	*entries;
	uint32_t		*next;		/* chain of string entries */
	size_t			 nentries, entries_cap;
	struct v4range		*v4;
	size_t			 nv4, v4_cap;
	struct v6range		*v6;
	size_t			 nv6, v6_cap;
	struct bslot		*slots;
	size_t			 nslots, slots_used;
	char			*strings;
	size_t			 nstrings, strings_cap;
};

static int
grow(void **pp, size_t *capp, size_t need, size_t elem)
{
	size_t cap = *capp;
	void *p;

	if (need <= cap)
		return 0;
	cap = cap == 0 ? 64 : cap;
	while (cap < need)
		cap *= 2;
	if ((p = reallocarray(*pp, cap, elem)) == NULL)
		return VG_ERR_NOMEM;
	*pp = p;
	*capp = cap;
	return 0;
}

/* Append bytes plus a NUL to the string pool; *offp receives the offset. */
static int
pool_add(struct vg_ioc_builder *b, const void *p, size_t len, uint32_t *offp)
{
	int r;

	if (b->nstrings + len + 1 > UINT32_MAX)
		return VG_ERR_LIMIT;
	if ((r = grow((void **)&b->strings, &b->strings_cap,
	    b->nstrings + len + 1, 1)) != 0)
		return r;
	memcpy(b->strings + b->nstrings, p, len);
	b->strings[b->nstrings + len] = '\0';
	*offp = (uint32_t)b->nstrings;
	b->nstrings += len + 1;
	return 0;
}

struct vg_ioc_builder *
vg_ioc_builder_new(void)
{
	struct vg_ioc_builder *b;
	uint32_t off;

	if ((b = calloc(1, sizeof(*b))) == NULL)
		return NULL;
	/* Offset 0 is the empty string, so no real string has offset 0. */
	if (pool_add(b, "", 0, &off) != 0) {
		free(b);
		return NULL;
	}
	return b;
}

void
vg_ioc_builder_free(struct vg_ioc_builder *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->nfeeds; i++) {
		free(b->feeds[i].name);
		free(b->feeds[i].source);
	}
	free(b->feeds);
	free(b->entries);
	free(b->next);
	free(b->v4);
	free(b->v6);
	free(b->slots);
	free(b->strings);
	free(b);
}

int
vg_ioc_builder_feed(struct vg_ioc_builder *b, const char *name,
    const char *source, enum vg_ioc_cat cat, unsigned *feedp)
{
	struct bfeed *f;
	int r;

	if (b->nfeeds >= VG_MAX_FEEDS)
		return VG_ERR_LIMIT;
	if ((r = grow((void **)&b->feeds, &b->feeds_cap, b->nfeeds + 1,
	    sizeof(*b->feeds))) != 0)
		return r;
	f = &b->feeds[b->nfeeds];
	memset(f, 0, sizeof(*f));
	if ((f->name = strndup(name, VG_MAX_FEED_NAME)) == NULL ||
	    (f->source = strdup(source != NULL ? source : "")) == NULL) {
		free(f->name);
		return VG_ERR_NOMEM;
	}
	f->cat = (uint8_t)cat;
	*feedp = (unsigned)b->nfeeds++;
	return 0;
}

void
vg_ioc_builder_feed_cat(struct vg_ioc_builder *b, unsigned feed,
    enum vg_ioc_cat cat)
{
	if (feed < b->nfeeds)
		b->feeds[feed].cat = (uint8_t)cat;
}

void
vg_ioc_builder_feed_rename(struct vg_ioc_builder *b, unsigned feed,
    const char *name)
{
	char *n;

	if (feed < b->nfeeds && (n = strndup(name, VG_MAX_FEED_NAME)) != NULL) {
		free(b->feeds[feed].name);
		b->feeds[feed].name = n;
	}
}

size_t
vg_ioc_builder_count(const struct vg_ioc_builder *b)
{
	return b->nentries;
}

static int
new_entry(struct vg_ioc_builder *b, unsigned feed, enum vg_ioc_type type,
    enum vg_ioc_cat cat, unsigned long line, uint32_t *idxp)
{
	size_t cap = b->entries_cap;
	int r;

	if (feed >= b->nfeeds)
		return VG_ERR_INVAL;
	if (b->nentries >= VG_MAX_INDICATORS)
		return VG_ERR_LIMIT;
	if ((r = grow((void **)&b->entries, &b->entries_cap, b->nentries + 1,
	    sizeof(*b->entries))) != 0)
		return r;
	if (b->entries_cap != cap && (r = grow((void **)&b->next, &cap,
	    b->entries_cap, sizeof(*b->next))) != 0)
		return r;
	b->entries[b->nentries] = (struct vgi_entry){
		.line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line,
		.feed = (uint16_t)feed,
		.type = (uint8_t)type,
		.cat = (uint8_t)(cat != VG_CAT_UNKNOWN ? cat :
		    b->feeds[feed].cat),
	};
	b->next[b->nentries] = 0;
	*idxp = (uint32_t)b->nentries++;
	b->feeds[feed].count++;
	return 0;
}

int
vg_ioc_builder_add_ip(struct vg_ioc_builder *b, unsigned feed,
    const struct vg_addr *a, unsigned prefix, enum vg_ioc_cat cat,
    unsigned long line)
{
	struct vgi_entry *e;
	uint32_t idx, off, mask;
	uint64_t hi, lo;
	unsigned __int128 v, m;
	int r;

	if (a->af == VG_AF_INET && prefix <= 32) {
		if ((r = grow((void **)&b->v4, &b->v4_cap, b->nv4 + 1,
		    sizeof(*b->v4))) != 0)
			return r;
		if ((r = new_entry(b, feed, VG_IOC_IP, cat, line, &idx)) != 0)
			return r;
		mask = prefix == 0 ? 0 : ~(uint32_t)0 << (32 - prefix);
		e = &b->entries[idx];
		e->val = a->u.v4 & mask;
		e->prefix = (uint8_t)prefix;
		e->af = VG_AF_INET;
		b->v4[b->nv4++] = (struct v4range){ e->val, e->val | ~mask,
		    idx };
		return 0;
	}
	if (a->af != VG_AF_INET6 || prefix > 128)
		return VG_ERR_INVAL;
	if ((r = grow((void **)&b->v6, &b->v6_cap, b->nv6 + 1,
	    sizeof(*b->v6))) != 0)
		return r;
	if ((r = pool_add(b, a->u.v6, 16, &off)) != 0)
		return r;
	if ((r = new_entry(b, feed, VG_IOC_IP, cat, line, &idx)) != 0)
		return r;
	e = &b->entries[idx];
	e->val = off;
	e->prefix = (uint8_t)prefix;
	e->af = VG_AF_INET6;
	vg_addr_to_u128(a, &hi, &lo);
	v = (unsigned __int128)hi << 64 | lo;
	m = prefix == 0 ? 0 : ~(unsigned __int128)0 << (128 - prefix);
	b->v6[b->nv6++] = (struct v6range){ v & m, (v & m) | ~m, idx };
	return 0;
}

static int
slots_grow(struct vg_ioc_builder *b)
{
	struct bslot *old = b->slots, *ns;
	size_t oldn = b->nslots, n = oldn == 0 ? 1024 : oldn * 2, i, h;

	if ((ns = calloc(n, sizeof(*ns))) == NULL)
		return VG_ERR_NOMEM;
	for (i = 0; i < oldn; i++) {
		if (old[i].head == 0)
			continue;
		h = old[i].hash & (n - 1);
		while (ns[h].head != 0)
			h = (h + 1) & (n - 1);
		ns[h] = old[i];
	}
	free(old);
	b->slots = ns;
	b->nslots = n;
	return 0;
}

int
vg_ioc_builder_add(struct vg_ioc_builder *b, unsigned feed,
    enum vg_ioc_type type, struct vg_str value, enum vg_ioc_cat cat,
    unsigned long line)
{
	char buf[VG_MAX_INDICATOR];
	struct bslot *s;
	size_t n, h;
	uint64_t hash;
	uint32_t idx, e;
	int r;

	if (type == VG_IOC_IP || type <= 0 || type >= VG_IOC_TYPE_COUNT)
		return VG_ERR_INVAL;
	if ((n = normalize(type, value, buf)) == 0)
		return VG_ERR_INVAL;
	if ((b->slots_used + 1) * 2 > b->nslots && (r = slots_grow(b)) != 0)
		return r;
	hash = key_hash((uint8_t)type, buf, n);
	for (h = hash & (b->nslots - 1); b->slots[h].head != 0;
	    h = (h + 1) & (b->nslots - 1)) {
		s = &b->slots[h];
		if (s->hash != hash || s->type != type || s->key_len != n ||
		    memcmp(b->strings + s->key_off, buf, n) != 0)
			continue;
		for (e = s->head; e != 0; e = b->next[e - 1])
			if (b->entries[e - 1].feed == feed)
				return 0;	/* listed twice by one feed */
		if ((r = new_entry(b, feed, type, cat, line, &idx)) != 0)
			return r;
		b->entries[idx].val = s->key_off;
		b->entries[idx].slen = (uint16_t)n;
		b->next[idx] = s->head;
		s->head = idx + 1;
		return 0;
	}
	s = &b->slots[h];
	if ((r = pool_add(b, buf, n, &s->key_off)) != 0)
		return r;
	if ((r = new_entry(b, feed, type, cat, line, &idx)) != 0)
		return r;
	s->hash = hash;
	s->key_len = (uint16_t)n;
	s->type = (uint8_t)type;
	b->entries[idx].val = s->key_off;
	b->entries[idx].slen = (uint16_t)n;
	s->head = idx + 1;
	b->slots_used++;
	return 0;
}

/*
 * A DNS name as feeds list them: letters, digits, '-', '_' and dots, at
 * least two labels, and a last label that is not all digits (so a broken
 * address like 999.1.1.1 is refused, not listed as a name).
 */
static bool
is_hostname(struct vg_str s)
{
	size_t i, label = 0;
	bool digits_only = true, dot = false;

	(void)VG_STR_EAT(&s, "*.");
	while (s.len > 0 && s.p[s.len - 1] == '.')
		s.len--;
	if (s.len == 0 || s.len > 253)
		return false;
	for (i = 0; i < s.len; i++) {
		char c = s.p[i];

		if (c == '.') {
			if (label == 0)
				return false;
			label = 0;
			digits_only = true;
			dot = true;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
		if (!(c >= '0' && c <= '9'))
			digits_only = false;
		if (++label > 63)
			return false;
	}
	return dot && label > 0 && !digits_only;
}

int
vg_ioc_builder_add_auto(struct vg_ioc_builder *b, unsigned feed,
    struct vg_str v, enum vg_ioc_cat cat, unsigned long line)
{
	struct vg_addr a;
	unsigned prefix;
	enum vg_ioc_type ht;
	ptrdiff_t colon, at;
	struct vg_str host;

	v = vg_str_trim(v);
	if (v.len == 0)
		return VG_ERR_INVAL;
	if (vg_addr_parse_cidr(v, &a, &prefix))
		return vg_ioc_builder_add_ip(b, feed, &a, prefix, cat, line);
	if (VG_STR_FIND(v, "://") > 0)
		return vg_ioc_builder_add(b, feed, VG_IOC_URL, v, cat, line);
	/* "1.2.3.4:8080" (maltrail, ThreatFox ip:port) lists the address. */
	if ((colon = vg_str_chr(v, ':')) > 0 &&
	    vg_str_chr(vg_str_make(v.p + colon + 1, v.len - (size_t)colon - 1),
	    ':') < 0) {
		host = vg_str_make(v.p, (size_t)colon);
		if (vg_addr_parse(host, &a))
			return vg_ioc_builder_add_ip(b, feed, &a,
			    a.af == VG_AF_INET ? 32 : 128, cat, line);
	}
	if (hash_type_len(v.len, &ht) != 0 && vg_str_is_hex(v))
		return vg_ioc_builder_add(b, feed, ht, v, cat, line);
	if ((at = vg_str_chr(v, '@')) > 0)
		return vg_ioc_builder_add(b, feed, VG_IOC_ACCOUNT, v, cat, line);
	/* "evil.com/path" without a scheme is a URL (maltrail trails). */
	if ((colon = vg_str_chr(v, '/')) > 0) {
		host = vg_str_make(v.p, (size_t)colon);
		if ((colon = vg_str_chr(host, ':')) > 0)
			host.len = (size_t)colon;
		if (!is_hostname(host) && !vg_addr_parse(host, &a))
			return VG_ERR_INVAL;
		return vg_ioc_builder_add(b, feed, VG_IOC_URL, v, cat, line);
	}
	if (is_hostname(v))
		return vg_ioc_builder_add(b, feed, VG_IOC_DOMAIN, v, cat, line);
	return VG_ERR_INVAL;
}

/* ---------------------------------------------------------------- seal */

struct u32vec {
	uint32_t	*v;
	size_t		 n, cap;
};

static int
u32_push(struct u32vec *vec, uint32_t x)
{
	int r;

	if ((r = grow((void **)&vec->v, &vec->cap, vec->n + 1,
	    sizeof(uint32_t))) != 0)
		return r;
	vec->v[vec->n++] = x;
	return 0;
}

static int
v4_cmp(const void *a, const void *b)
{
	const struct v4range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;	/* wider first */
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

static uint64_t
v4_key(const struct v4range *x)
{
	/* Start ascending, then wider (larger end) first. */
	return (uint64_t)x->start << 32 | (uint32_t)~x->end;
}

/*
 * Sort IPv4 ranges as v4_cmp() orders them, by a stable LSD radix sort
 * of the 64-bit key (4 passes of 16 bits; a pass where every key has the
 * same digit is skipped).  Entries were added in index order, so
 * stability gives the entry tie-break for free.  On a feed of millions
 * of addresses this is several times faster than qsort(3) with a
 * comparison callback.
 */
static int
sort_v4(struct v4range *v, size_t n)
{
	struct v4range *tmp, *src = v, *dst;
	size_t *count, i, pass, sum, c;
	unsigned shift;

	if (n < 64) {
		qsort(v, n, sizeof(*v), v4_cmp);
		return 0;
	}
	if ((tmp = reallocarray(NULL, n, sizeof(*tmp))) == NULL)
		return VG_ERR_NOMEM;
	if ((count = calloc(65536, sizeof(*count))) == NULL) {
		free(tmp);
		return VG_ERR_NOMEM;
	}
	dst = tmp;
	for (pass = 0; pass < 4; pass++) {
		shift = (unsigned)pass * 16;
		memset(count, 0, 65536 * sizeof(*count));
		for (i = 0; i < n; i++)
			count[(v4_key(&src[i]) >> shift) & 0xffff]++;
		if (count[(v4_key(&src[0]) >> shift) & 0xffff] == n)
			continue;		/* one digit: order unchanged */
		for (i = 0, sum = 0; i < 65536; i++) {
			c = count[i];
			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[count[(v4_key(&src[i]) >> shift) & 0xffff]++] =
			    src[i];
		dst = src;
		src = (src == v) ? tmp : v;
	}
	if (src != v)
		memcpy(v, src, n * sizeof(*v));
	free(count);
	free(tmp);
	return 0;
}

static int
v6_cmp(const void *a, const void *b)
{
	const struct v6range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/*
 * A new list: the entries of one group (same network, several feeds)
 * followed by the enclosing networks' list, so lists run from the most to
 * the least specific network.
 */
static int
make_list(struct u32vec *lists, const uint32_t *grp, size_t n,
    uint32_t parent, uint32_t *listp)
{
	uint32_t off = (uint32_t)lists->n, pn, i;
	int r;

	if (n == 1 && parent == NO_LIST) {
		*listp = DIRECT | grp[0];
		return 0;
	}
	pn = parent == NO_LIST ? 0 : (parent & DIRECT) ? 1 : lists->v[parent];
	if (lists->n + 1 + n + pn >= DIRECT)
		return VG_ERR_LIMIT;
	if ((r = u32_push(lists, (uint32_t)(n + pn))) != 0)
		return r;
	for (i = 0; i < n; i++)
		if ((r = u32_push(lists, grp[i])) != 0)
			return r;
	if (parent != NO_LIST && (parent & DIRECT))
		r = u32_push(lists, parent & ~DIRECT);
	for (i = 0; i < pn && !(parent & DIRECT); i++)
		if ((r = u32_push(lists, lists->v[parent + 1 + i])) != 0)
			return r;
	if (r != 0)
		return r;
	*listp = off;
	return 0;
}

/*
 * CIDRs nest or are disjoint, so one sweep with a stack of enclosing
 * networks flattens them into disjoint intervals, each pointing at the
 * list of every network that covers it.  The interval vector always
 * starts at address 0, so every address falls in exactly one interval.
 * The v4 and v6 sweeps are the same algorithm over different widths.
 */
#define SWEEP_BODY(RANGE, KEY, MAXV, EMIT)				\
	struct { KEY end; uint32_t list; } *stack = NULL;		\
	size_t depth = 0, stack_cap = 0, i = 0, j, gn;			\
	struct u32vec grp = { NULL, 0, 0 };				\
	uint32_t list, parent;						\
	int r = 0;							\
									\
	if ((r = EMIT(0, NO_LIST)) != 0)				\
		goto out;						\
	while (i < n) {							\
		KEY s = rg[i].start, e = rg[i].end;			\
		while (depth > 0 && stack[depth - 1].end < s) {		\
			KEY nxt = stack[depth - 1].end + 1;		\
			depth--;					\
			if ((r = EMIT(nxt, depth > 0 ?			\
			    stack[depth - 1].list : NO_LIST)) != 0)	\
				goto out;				\
		}							\
		grp.n = 0;						\
		for (j = i; j < n && rg[j].start == s && rg[j].end == e;\
		    j++) {						\
			if (j > i && b->entries[rg[j].entry].feed ==	\
			    b->entries[rg[j - 1].entry].feed) {		\
				b->feeds[b->entries[rg[j].entry].feed]	\
				    .count--;				\
				continue;	/* duplicate */		\
			}						\
			if ((r = u32_push(&grp, rg[j].entry)) != 0)	\
				goto out;				\
		}							\
		gn = grp.n;						\
		parent = depth > 0 ? stack[depth - 1].list : NO_LIST;	\
		if ((r = make_list(lists, grp.v, gn, parent, &list)) != 0)\
			goto out;					\
		if ((r = EMIT(s, list)) != 0)				\
			goto out;					\
		if ((r = grow((void **)&stack, &stack_cap, depth + 1,	\
		    sizeof(*stack))) != 0)				\
			goto out;					\
		stack[depth].end = e;					\
		stack[depth].list = list;				\
		depth++;						\
		i = j;							\
	}								\
	while (depth > 0) {						\
		KEY end = stack[depth - 1].end;				\
		depth--;						\
		if (end == (MAXV))					\
			continue;					\
		if ((r = EMIT(end + 1, depth > 0 ?			\
		    stack[depth - 1].list : NO_LIST)) != 0)		\
			goto out;					\
	}								\
 out:									\
	free(stack);							\
	free(grp.v);							\
	return r;

struct v4out {
	struct vgi_v4iv	*v;
	size_t		 n, cap;
};

struct v6out {
	struct vgi_v6iv	*v;
	size_t		 n, cap;
};

/* Append an interval; an interval at the same start replaces the last. */
static int
v4_emit(struct v4out *o, uint32_t start, uint32_t list)
{
	int r;

	if (o->n > 0 && o->v[o->n - 1].start == start) {
		o->v[o->n - 1].list = list;
		return 0;
	}
	if (o->n > 0 && o->v[o->n - 1].list == list)
		return 0;		/* same list continues */
	if ((r = grow((void **)&o->v, &o->cap, o->n + 1, sizeof(*o->v))) != 0)
		return r;
	o->v[o->n++] = (struct vgi_v4iv){ start, list };
	return 0;
}

static int
v6_emit(struct v6out *o, unsigned __int128 start, uint32_t list)
{
	int r;

	if (o->n > 0 && ((unsigned __int128)o->v[o->n - 1].hi << 64 |
	    o->v[o->n - 1].lo) == start) {
		o->v[o->n - 1].list = list;
		return 0;
	}
	if (o->n > 0 && o->v[o->n - 1].list == list)
		return 0;
	if ((r = grow((void **)&o->v, &o->cap, o->n + 1, sizeof(*o->v))) != 0)
		return r;
	o->v[o->n++] = (struct vgi_v6iv){ (uint64_t)(start >> 64),
	    (uint64_t)start, list, 0 };
	return 0;
}

static int
sweep_v4(struct vg_ioc_builder *b, struct u32vec *lists, struct v4out *o)
{
	const struct v4range *rg = b->v4;
	size_t n = b->nv4;
#define V4_EMIT(s, l)	v4_emit(o, (s), (l))
	SWEEP_BODY(struct v4range, uint32_t, UINT32_MAX, V4_EMIT)
#undef V4_EMIT
}

static int
sweep_v6(struct vg_ioc_builder *b, struct u32vec *lists, struct v6out *o)
{
	const struct v6range *rg = b->v6;
	size_t n = b->nv6;
#define V6_EMIT(s, l)	v6_emit(o, (s), (l))
	SWEEP_BODY(struct v6range, unsigned __int128,
	    ~(unsigned __int128)0, V6_EMIT)
#undef V6_EMIT
}

/*
 * Single IPv4 addresses (the bulk of most feeds) skip the interval sweep:
 * they go to their own sorted array, one {address, list} pair each, which
 * is a third of what an address costs as two interval bounds plus a list.
 * The CIDRs left in b->v4 are swept as before.  `b->v4' is sorted.
 */
static int
split_exact_v4(struct vg_ioc_builder *b, struct u32vec *lists,
    struct v4out *x)
{
	size_t i, j, k = 0, gn;
	struct u32vec grp = { NULL, 0, 0 };
	uint32_t list;
	int r = 0;

	for (i = 0; i < b->nv4; i = j) {
		if (b->v4[i].start != b->v4[i].end) {
			b->v4[k++] = b->v4[i];
			j = i + 1;
			continue;
		}
		grp.n = 0;
		for (j = i; j < b->nv4 && b->v4[j].start == b->v4[i].start &&
		    b->v4[j].end == b->v4[i].start; j++) {
			if (j > i && b->entries[b->v4[j].entry].feed ==
			    b->entries[b->v4[j - 1].entry].feed) {
				b->feeds[b->entries[b->v4[j].entry].feed].count--;
				continue;	/* listed twice by one feed */
			}
			if ((r = u32_push(&grp, b->v4[j].entry)) != 0)
				goto out;
		}
		gn = grp.n;
		if ((r = make_list(lists, grp.v, gn, NO_LIST, &list)) != 0 ||
		    (r = grow((void **)&x->v, &x->cap, x->n + 1,
		    sizeof(*x->v))) != 0)
			goto out;
		x->v[x->n++] = (struct vgi_v4iv){ b->v4[i].start, list };
	}
	b->nv4 = k;
 out:
	free(grp.v);
	return r;
}

/* index[k] = how many of the sorted starts lie below k << 16. */
static uint32_t *
v4_index(const struct vgi_v4iv *v, size_t n)
{
	uint32_t *idx;
	size_t k, i = 0;

	if ((idx = calloc(V4_INDEX_LEN, sizeof(*idx))) == NULL)
		return NULL;
	for (k = 0; k < V4_INDEX_LEN; k++) {
		uint64_t bound = (uint64_t)k << 16;

		while (i < n && v[i].start < bound)
			i++;
		idx[k] = (uint32_t)i;
	}
	return idx;
}

static size_t
align8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

static int
adopt(const uint8_t *img, size_t len, bool mapped, struct vg_ioc_set **setp);

int
vg_ioc_builder_seal_own(struct vg_ioc_builder *b, struct vg_ioc_set **setp)
{
	struct u32vec lists = { NULL, 0, 0 }, feedoff = { NULL, 0, 0 };
	struct v4out v4 = { NULL, 0, 0 }, v4x = { NULL, 0, 0 };
	struct v6out v6 = { NULL, 0, 0 };
	struct vgi_slot *slots = NULL;
	uint32_t *v4idx = NULL, *v4xidx = NULL, off, e, cnt;
	struct vgi_header hdr;
	struct vgi_feed *vf;
	uint8_t *img = NULL;
	size_t nslots = 0, i, h, total, sizes[SEC_COUNT];
	const void *src[SEC_COUNT];
	int r = VG_ERR_INTERNAL;

	*setp = NULL;
	if (b == NULL)
		return VG_ERR_INVAL;
	if (b->nv4 > 0 && (r = sort_v4(b->v4, b->nv4)) != 0)
		goto out;
	if (b->nv6 > 0)
		qsort(b->v6, b->nv6, sizeof(*b->v6), v6_cmp);
	if ((r = split_exact_v4(b, &lists, &v4x)) != 0 ||
	    (r = sweep_v4(b, &lists, &v4)) != 0 ||
	    (r = sweep_v6(b, &lists, &v6)) != 0)
		goto out;

	/* IPv4 indexes: entries per top 16 bits (see match_v4). */
	if ((v4idx = v4_index(v4.v, v4.n)) == NULL ||
	    (v4xidx = v4_index(v4x.v, v4x.n)) == NULL) {
		r = VG_ERR_NOMEM;
		goto out;
	}

	/* String keys: a table at most half full, lists by chain. */
	if (b->slots_used > 0) {
		nslots = 16;
		while (nslots < b->slots_used * 2)
			nslots *= 2;
		if ((slots = calloc(nslots, sizeof(*slots))) == NULL) {
			r = VG_ERR_NOMEM;
			goto out;
		}
		for (i = 0; i < nslots; i++)
			slots[i].list = NO_LIST;
		for (i = 0; i < b->nslots; i++) {
			if (b->slots[i].head == 0)
				continue;
			for (cnt = 0, e = b->slots[i].head; e != 0;
			    e = b->next[e - 1])
				cnt++;
			off = (uint32_t)lists.n;
			if (cnt == 1) {
				off = DIRECT | (b->slots[i].head - 1);
			} else {
				if ((r = u32_push(&lists, cnt)) != 0)
					goto out;
				for (e = b->slots[i].head; e != 0;
				    e = b->next[e - 1])
					if ((r = u32_push(&lists, e - 1)) != 0)
						goto out;
			}
			h = b->slots[i].hash & (nslots - 1);
			while (slots[h].list != NO_LIST)
				h = (h + 1) & (nslots - 1);
			slots[h] = (struct vgi_slot){
				.hash = b->slots[i].hash,
				.list = off,
				.key_off = b->slots[i].key_off,
				.key_len = b->slots[i].key_len,
				.type = b->slots[i].type,
			};
		}
	}

	/* Feed names go into the string pool. */
	if ((vf = calloc(b->nfeeds + 1, sizeof(*vf))) == NULL) {
		r = VG_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < b->nfeeds; i++) {
		vf[i].cat = b->feeds[i].cat;
		vf[i].count = b->feeds[i].count;
		if ((r = pool_add(b, b->feeds[i].name, strlen(b->feeds[i].name),
		    &vf[i].name_off)) != 0 ||
		    (r = pool_add(b, b->feeds[i].source,
		    strlen(b->feeds[i].source), &vf[i].source_off)) != 0) {
			free(vf);
			goto out;
		}
	}

	memset(&hdr, 0, sizeof(hdr));
	memcpy(hdr.magic, VGI_MAGIC, 8);
	hdr.version = VGI_VERSION;
	hdr.bom = VGI_BOM;
	for (i = 0; i < b->nentries; i++)
		hdr.by_type[b->entries[i].type]++;
	/* Duplicates dropped by the sweep are still in entries; fine. */
	hdr.sec[SEC_FEEDS].len = b->nfeeds;
	hdr.sec[SEC_ENTRIES].len = b->nentries;
	hdr.sec[SEC_V4IDX].len = V4_INDEX_LEN;
	hdr.sec[SEC_V4IV].len = v4.n;
	hdr.sec[SEC_V4XIDX].len = V4_INDEX_LEN;
	hdr.sec[SEC_V4X].len = v4x.n;
	hdr.sec[SEC_V6IV].len = v6.n;
	hdr.sec[SEC_LISTS].len = lists.n;
	hdr.sec[SEC_SLOTS].len = nslots;
	hdr.sec[SEC_STRINGS].len = b->nstrings;
	src[SEC_FEEDS] = vf;
	src[SEC_ENTRIES] = b->entries;
	src[SEC_V4IDX] = v4idx;
	src[SEC_V4IV] = v4.v;
	src[SEC_V4XIDX] = v4xidx;
	src[SEC_V4X] = v4x.v;
	src[SEC_V6IV] = v6.v;
	src[SEC_LISTS] = lists.v;
	src[SEC_SLOTS] = slots;
	src[SEC_STRINGS] = b->strings;
	total = align8(sizeof(hdr));
	for (i = 0; i < SEC_COUNT; i++) {
		sizes[i] = hdr.sec[i].len * sec_elem_size[i];
		hdr.sec[i].off = total;
		total = align8(total + sizes[i]);
	}
	hdr.size = total;
	if ((img = calloc(1, total)) == NULL) {
		free(vf);
		r = VG_ERR_NOMEM;
		goto out;
	}
	memcpy(img, &hdr, sizeof(hdr));
	for (i = 0; i < SEC_COUNT; i++)
		if (sizes[i] > 0)
			memcpy(img + hdr.sec[i].off, src[i], sizes[i]);
	free(vf);
	if ((r = adopt(img, total, false, setp)) != 0)
		goto out;
	img = NULL;
	r = 0;
 out:
	free(img);
	free(lists.v);
	free(feedoff.v);
	free(v4.v);
	free(v4x.v);
	free(v6.v);
	free(slots);
	free(v4idx);
	free(v4xidx);
	vg_ioc_builder_free(b);
	return r;
}

/* ------------------------------------------------------- image adoption */

static int
adopt(const uint8_t *img, size_t len, bool mapped, struct vg_ioc_set **setp)
{
	const struct vgi_header *hdr = (const void *)img;
	struct vg_ioc_set *set;
	size_t i;

	*setp = NULL;
	if (len < sizeof(*hdr) || ((uintptr_t)img & 7) != 0 ||
	    memcmp(hdr->magic, VGI_MAGIC, 8) != 0 ||
	    hdr->version != VGI_VERSION || hdr->bom != VGI_BOM ||
	    hdr->size != len)
		return VG_ERR_FORMAT;
	for (i = 0; i < SEC_COUNT; i++) {
		const struct vgi_section *s = &hdr->sec[i];

		if (s->off > len || (s->off & 7) != 0 ||
		    s->len > (len - s->off) / sec_elem_size[i])
			return VG_ERR_FORMAT;
	}
	if (hdr->sec[SEC_V4IDX].len != V4_INDEX_LEN ||
	    hdr->sec[SEC_V4XIDX].len != V4_INDEX_LEN ||
	    (hdr->sec[SEC_SLOTS].len & (hdr->sec[SEC_SLOTS].len - 1)) != 0 ||
	    hdr->sec[SEC_V4IV].len == 0 || hdr->sec[SEC_STRINGS].len == 0 ||
	    hdr->sec[SEC_FEEDS].len > VG_MAX_FEEDS)
		return VG_ERR_FORMAT;
	if ((set = calloc(1, sizeof(*set))) == NULL)
		return VG_ERR_NOMEM;
	set->img = img;
	set->img_len = len;
	set->mapped = mapped;
	set->hdr = hdr;
#define SEC(field, n, idx) do {						\
	set->field = (const void *)(img + hdr->sec[idx].off);		\
	set->n = hdr->sec[idx].len;					\
} while (0)
	SEC(feeds, nfeeds, SEC_FEEDS);
	SEC(entries, nentries, SEC_ENTRIES);
	SEC(v4iv, nv4iv, SEC_V4IV);
	SEC(v4x, nv4x, SEC_V4X);
	SEC(v6iv, nv6iv, SEC_V6IV);
	SEC(lists, nlists, SEC_LISTS);
	SEC(slots, nslots, SEC_SLOTS);
	SEC(strings, nstrings, SEC_STRINGS);
#undef SEC
	set->v4idx = (const void *)(img + hdr->sec[SEC_V4IDX].off);
	set->v4xidx = (const void *)(img + hdr->sec[SEC_V4XIDX].off);
	/* The pool must end in NUL so names read from it are terminated. */
	if (set->strings[set->nstrings - 1] != '\0')
		goto bad;
	for (i = 0; i < set->nfeeds; i++)
		if (set->feeds[i].name_off >= set->nstrings ||
		    set->feeds[i].source_off >= set->nstrings)
			goto bad;
	for (i = 0; i + 1 < V4_INDEX_LEN; i++)
		if (set->v4idx[i] > set->v4idx[i + 1] ||
		    set->v4xidx[i] > set->v4xidx[i + 1])
			goto bad;
	if (set->v4xidx[V4_INDEX_LEN - 1] != set->nv4x ||
	    set->v4xidx[0] != 0 ||
	    set->v4idx[V4_INDEX_LEN - 1] != set->nv4iv ||
	    set->v4idx[0] != 0 || set->v4iv[0].start != 0)
		goto bad;
	*setp = set;
	return 0;
 bad:
	free(set);
	return VG_ERR_FORMAT;
}

bool
vg_ioc_is_snapshot(const void *buf, size_t len)
{
	return len >= 8 && memcmp(buf, VGI_MAGIC, 8) == 0;
}

int
vg_ioc_set_from_image(const void *buf, size_t len, struct vg_ioc_set **setp)
{
	uint8_t *copy;
	int r;

	*setp = NULL;
	/* Copy: the caller's buffer may be unaligned or short-lived. */
	if ((copy = malloc(len == 0 ? 1 : len)) == NULL)
		return VG_ERR_NOMEM;
	memcpy(copy, buf, len);
	if ((r = adopt(copy, len, false, setp)) != 0)
		free(copy);
	return r;
}

int
vg_ioc_set_open(const char *path, struct vg_ioc_set **setp)
{
	struct stat st;
	void *p;
	int fd, r;

	*setp = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return VG_ERR_SYSTEM;
	if (fstat(fd, &st) == -1) {
		r = VG_ERR_SYSTEM;
		close(fd);
		return r;
	}
	if (!S_ISREG(st.st_mode) || st.st_size < (off_t)sizeof(struct
	    vgi_header)) {
		close(fd);
		return VG_ERR_FORMAT;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return VG_ERR_SYSTEM;
	if ((r = adopt(p, (size_t)st.st_size, true, setp)) != 0)
		munmap(p, (size_t)st.st_size);
	return r;
}

int
vg_ioc_set_write(const struct vg_ioc_set *set, const char *path)
{
	char tmp[4096];
	size_t off = 0;
	ssize_t w;
	int fd, n, saved;

	n = snprintf(tmp, sizeof(tmp), "%s.tmpXXXXXX", path);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return VG_ERR_INVAL;
	if ((fd = mkstemp(tmp)) == -1)
		return VG_ERR_SYSTEM;
	while (off < set->img_len) {
		w = write(fd, set->img + off, set->img_len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto fail;
		off += (size_t)w;
	}
	if (fchmod(fd, 0644) == -1 || fsync(fd) == -1 || close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	if (rename(tmp, path) == -1) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		return VG_ERR_SYSTEM;
	}
	return 0;
 fail:
	saved = errno;
	if (fd != -1)
		close(fd);
	unlink(tmp);
	errno = saved;
	return VG_ERR_SYSTEM;
}

void
vg_ioc_set_free(struct vg_ioc_set *set)
{
	if (set == NULL)
		return;
	if (set->mapped)
		munmap((void *)set->img, set->img_len);
	else
		free((void *)set->img);
	free(set);
}

/* ------------------------------------------------------------- matching */

/*
 * Turn list `off' into hits.  Returns the number written, or SIZE_MAX when
 * an allowlist entry is in the list (the caller then reports nothing).
 */
static size_t
list_hits(const struct vg_ioc_set *set, uint32_t off, struct vg_ioc_hit *hits,
    size_t nh, size_t max)
{
	const struct vgi_entry *e;
	const struct vgi_feed *f;
	uint32_t cnt, i, idx;

	if (off == NO_LIST)
		return nh;
	if (off & DIRECT) {
		cnt = 1;
	} else {
		if (off >= set->nlists)
			return nh;
		cnt = set->lists[off];
		if (cnt > set->nlists - off - 1)
			return nh;
	}
	for (i = 0; i < cnt; i++) {
		idx = (off & DIRECT) ? off & ~DIRECT :
		    set->lists[off + 1 + i];
		if (idx >= set->nentries)
			continue;
		e = &set->entries[idx];
		if (e->cat == VG_CAT_ALLOW)
			return SIZE_MAX;
		if (nh >= max || e->feed >= set->nfeeds)
			continue;
		f = &set->feeds[e->feed];
		hits[nh] = (struct vg_ioc_hit){
			.h_feed = set->strings + f->name_off,
			.h_source = set->strings + f->source_off,
			.h_type = e->type,
			.h_cat = e->cat,
			.h_prefix = e->prefix,
			.h_line = e->line,
		};
		if (e->type == VG_IOC_IP && e->af == VG_AF_INET) {
			/* An IPv4 entry keeps its address in val... */
			hits[nh].h_addr.af = VG_AF_INET;
			hits[nh].h_addr.u.v4 = e->val;
		} else if (e->type == VG_IOC_IP && e->af == VG_AF_INET6 &&
		    (size_t)e->val + 16 <= set->nstrings) {
			/* ...an IPv6 entry its 16 bytes in the pool. */
			hits[nh].h_addr.af = VG_AF_INET6;
			memcpy(hits[nh].h_addr.u.v6, set->strings + e->val, 16);
		} else if (e->type != VG_IOC_IP &&
		    (size_t)e->val + e->slen < set->nstrings) {
			hits[nh].h_value = vg_str_make(set->strings + e->val,
			    e->slen);
		}
		nh++;
	}
	return nh;
}

/*
 * The last element of v[] (sorted by start) whose start <= x, searching
 * only the top-16-bit bucket of x: idx[hi] elements start below it.
 * Returns the position plus one, or 0 when no element starts <= x.
 */
static size_t
v4_floor(const struct vgi_v4iv *v, size_t n, const uint32_t *idx, uint32_t x)
{
	uint32_t hi = x >> 16;
	size_t lo = idx[hi], up = idx[hi + 1], mid;

	if (up > n || lo > up)
		return 0;
	while (lo < up) {
		mid = lo + (up - lo) / 2;
		if (v[mid].start <= x)
			lo = mid + 1;
		else
			up = mid;
	}
	return lo;
}

static size_t
match_v4(const struct vg_ioc_set *set, uint32_t x, struct vg_ioc_hit *hits,
    size_t max)
{
	size_t pos, n = 0;

	/* The address itself first (most specific), then its networks. */
	if ((pos = v4_floor(set->v4x, set->nv4x, set->v4xidx, x)) > 0 &&
	    set->v4x[pos - 1].start == x)
		n = list_hits(set, set->v4x[pos - 1].list, hits, 0, max);
	if (n == SIZE_MAX)
		return n;
	if ((pos = v4_floor(set->v4iv, set->nv4iv, set->v4idx, x)) == 0)
		return n;
	return list_hits(set, set->v4iv[pos - 1].list, hits, n, max);
}

static size_t
match_v6(const struct vg_ioc_set *set, const struct vg_addr *a,
    struct vg_ioc_hit *hits, size_t max)
{
	uint64_t hi, lo;
	unsigned __int128 x, s;
	size_t l = 0, u = set->nv6iv, mid;

	if (u == 0)
		return 0;
	vg_addr_to_u128(a, &hi, &lo);
	x = (unsigned __int128)hi << 64 | lo;
	while (l < u) {
		mid = l + (u - l) / 2;
		s = (unsigned __int128)set->v6iv[mid].hi << 64 |
		    set->v6iv[mid].lo;
		if (s <= x)
			l = mid + 1;
		else
			u = mid;
	}
	if (l == 0)
		return 0;
	return list_hits(set, set->v6iv[l - 1].list, hits, 0, max);
}

size_t
vg_ioc_match_ip(const struct vg_ioc_set *set, const struct vg_addr *a,
    struct vg_ioc_hit *hits, size_t max)
{
	size_t n;

	if (a->af == VG_AF_INET)
		n = match_v4(set, a->u.v4, hits, max);
	else if (a->af == VG_AF_INET6)
		n = match_v6(set, a, hits, max);
	else
		return 0;
	return n;
}

/* Is the stored key `key' the lower-case form of k[0, n)? */
static bool
key_eq_lower(const char *key, const char *k, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (key[i] != lower(k[i]))
			return false;
	return true;
}

/*
 * The list of the key with `hash' whose bytes are k[0, n), or NO_LIST.
 * With `fold', k is not normalized yet and compares in lower case.
 */
static inline uint32_t
slot_list(const struct vg_ioc_set *set, enum vg_ioc_type type, uint64_t hash,
    const char *k, size_t n, bool fold)
{
	size_t h, probes;
	const struct vgi_slot *s;

	if (set->nslots == 0)
		return NO_LIST;
	for (h = hash & (set->nslots - 1), probes = 0; probes < set->nslots;
	    h = (h + 1) & (set->nslots - 1), probes++) {
		s = &set->slots[h];
		if (s->list == NO_LIST)
			return NO_LIST;
		if (s->hash == hash && s->type == type && s->key_len == n &&
		    (size_t)s->key_off + n < set->nstrings &&
		    (fold ? key_eq_lower(set->strings + s->key_off, k, n) :
		    memcmp(set->strings + s->key_off, k, n) == 0))
			return s->list;
	}
	return NO_LIST;
}

/* The list of one exact key, or NO_LIST. */
static uint32_t
key_list(const struct vg_ioc_set *set, enum vg_ioc_type type, const char *k,
    size_t n)
{
	return slot_list(set, type, key_hash((uint8_t)type, k, n), k, n,
	    false);
}

static size_t
match_key(const struct vg_ioc_set *set, enum vg_ioc_type type,
    struct vg_str v, struct vg_ioc_hit *hits, size_t max)
{
	char buf[VG_MAX_INDICATOR];
	size_t n;

	if ((n = normalize(type, v, buf)) == 0)
		return 0;
	n = list_hits(set, key_list(set, type, buf, n), hits, 0, max);
	return n;
}

size_t
vg_ioc_match_domain(const struct vg_ioc_set *set, struct vg_str v,
    struct vg_ioc_hit *hits, size_t max)
{
	char buf[VG_MAX_INDICATOR];
	size_t n, i, nh = 0;

	if (set->hdr->by_type[VG_IOC_DOMAIN] == 0 ||
	    (n = normalize(VG_IOC_DOMAIN, v, buf)) == 0)
		return 0;
	/* The name itself, then each parent at a label boundary. */
	for (i = 0; i < n; i++) {
		if (i > 0 && buf[i - 1] != '.')
			continue;
		nh = list_hits(set, key_list(set, VG_IOC_DOMAIN, buf + i,
		    n - i), hits, nh, max);
		if (nh == SIZE_MAX)
			return VG_IOC_ALLOWED;
	}
	return nh;
}

size_t
vg_ioc_match_url(const struct vg_ioc_set *set, struct vg_str v,
    struct vg_ioc_hit *hits, size_t max)
{
	if (set->hdr->by_type[VG_IOC_URL] == 0)
		return 0;
	return match_key(set, VG_IOC_URL, v, hits, max);
}

size_t
vg_ioc_match_hash(const struct vg_ioc_set *set, struct vg_str v,
    struct vg_ioc_hit *hits, size_t max)
{
	enum vg_ioc_type t;

	if (hash_type_len(v.len, &t) == 0 || set->hdr->by_type[t] == 0)
		return 0;
	return match_key(set, t, v, hits, max);
}

/*
 * Every user name of a log comes here, and nearly none is listed.  So the
 * name is read once, hashed as normalize() would lower-case it into a
 * copy, and compared with a slot's key in place; match_key() gives the
 * same hits.
 */
size_t
vg_ioc_match_account(const struct vg_ioc_set *set, struct vg_str v,
    struct vg_ioc_hit *hits, size_t max)
{
	uint64_t h = key_hash_start(VG_IOC_ACCOUNT);
	uint32_t list;
	size_t i, n;

	/* Most sets list no accounts: skip reading every user name. */
	if (set->hdr->by_type[VG_IOC_ACCOUNT] == 0 || set->nslots == 0)
		return 0;
	v = vg_str_trim(v);
	if (v.len == 0 || v.len >= VG_MAX_INDICATOR)
		return 0;
	for (i = 0; i < v.len; i++) {
		if ((unsigned char)v.p[i] < ' ')
			return 0;
		h = key_hash_add(h, (uint8_t)lower(v.p[i]));
	}
	if ((list = slot_list(set, VG_IOC_ACCOUNT, key_hash_end(h), v.p, v.len,
	    true)) == NO_LIST)
		return 0;
	n = list_hits(set, list, hits, 0, max);
	return n;
}

size_t
vg_ioc_hit_format(const struct vg_ioc_hit *h, char *buf, size_t size)
{
	char a[VG_ADDR_STRLEN];
	int n;

	if (size == 0)
		return 0;
	if (h->h_type == VG_IOC_IP) {
		vg_addr_format(&h->h_addr, a);
		if ((h->h_addr.af == VG_AF_INET && h->h_prefix == 32) ||
		    (h->h_addr.af == VG_AF_INET6 && h->h_prefix == 128))
			n = snprintf(buf, size, "%s", a);
		else
			n = snprintf(buf, size, "%s/%u", a, h->h_prefix);
	} else {
		n = snprintf(buf, size, "%.*s", (int)h->h_value.len,
		    h->h_value.p);
	}
	if (n < 0)
		n = 0;
	return VG_MIN((size_t)n, size - 1);
}

void
vg_ioc_set_stats(const struct vg_ioc_set *set, struct vg_ioc_stats *st)
{
	size_t i;

	memset(st, 0, sizeof(*st));
	st->st_feeds = set->nfeeds;
	st->st_entries = set->nentries;
	for (i = 0; i < VG_IOC_TYPE_COUNT; i++)
		st->st_by_type[i] = set->hdr->by_type[i];
	st->st_v4_intervals = set->nv4iv;
	st->st_v6_intervals = set->nv6iv;
	st->st_image_bytes = set->img_len;
}

size_t
vg_ioc_set_nfeeds(const struct vg_ioc_set *set)
{
	return set->nfeeds;
}

void
vg_ioc_set_feed(const struct vg_ioc_set *set, size_t i, const char **namep,
    const char **sourcep, enum vg_ioc_cat *catp, size_t *countp)
{
	const struct vgi_feed *f = &set->feeds[i];

	*namep = set->strings + f->name_off;
	*sourcep = set->strings + f->source_off;
	*catp = (enum vg_ioc_cat)(f->cat < VG_CAT_COUNT ? f->cat : 0);
	*countp = f->count;
}
