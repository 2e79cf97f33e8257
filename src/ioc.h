/*
 * ioc.h -- threat-intel indicator sets: build, seal, snapshot, match.
 *
 * A set is built with a builder from one or more feeds, then sealed into a
 * single read-only image: sorted address intervals with a 16-bit index
 * for IPv4, sorted 128-bit intervals for IPv6, and one open-addressing
 * hash table for domains, URLs, hashes and accounts.  The image holds
 * only offsets, so `vigil intel compile' writes it as is and loading a
 * snapshot is one mmap(2).  A sealed set is immutable and may be shared
 * by any number of threads.  See docs/INTERNALS-ioc.md.
 *
 * Matching rules: an address matches every CIDR containing it, most
 * specific first; a domain matches itself and every listed parent domain
 * (label boundaries only: evil.com matches a.evil.com, not notevil.com);
 * URLs match after normalization (scheme dropped, host lower-cased,
 * default port and fragment removed); hashes and accounts match exactly,
 * case-insensitively.  Any hit from an allowlist feed suppresses all hits
 * of that observable.
 */
#ifndef IOC_H
#define IOC_H

#include "vg_addr.h"
#include "vg_str.h"

enum vg_ioc_type {
	VG_IOC_IP = 1,		/* IPv4/IPv6 address or CIDR */
	VG_IOC_DOMAIN,
	VG_IOC_URL,
	VG_IOC_MD5,
	VG_IOC_SHA1,
	VG_IOC_SHA256,
	VG_IOC_SHA512,
	VG_IOC_ACCOUNT,		/* user name or e-mail address */
	VG_IOC_TYPE_COUNT
};

/* threat.indicator.category values. */
enum vg_ioc_cat {
	VG_CAT_UNKNOWN = 0,	/* "malicious" */
	VG_CAT_BOTNET,
	VG_CAT_C2,
	VG_CAT_SCANNER,
	VG_CAT_MALWARE,
	VG_CAT_PHISHING,
	VG_CAT_SPAM,
	VG_CAT_ATTACK,		/* brute force, exploitation, abuse */
	VG_CAT_ANONYMIZER,	/* tor, proxies */
	VG_CAT_COMPROMISED,
	VG_CAT_REPUTATION,
	VG_CAT_BOGON,
	VG_CAT_LEAKED,		/* leaked accounts */
	VG_CAT_SUSPICIOUS,
	VG_CAT_ALLOW,		/* allowlist: suppresses matches */
	VG_CAT_COUNT
};

const char	*vg_ioc_type_name(enum vg_ioc_type);
const char	*vg_ioc_cat_name(enum vg_ioc_cat);
/* Category from a word as feeds write it ("attacks", "c2", "Botnet"...). */
enum vg_ioc_cat	 vg_ioc_cat_parse(struct vg_str);

struct vg_ioc_builder;
struct vg_ioc_set;

struct vg_ioc_builder	*vg_ioc_builder_new(void);
void	vg_ioc_builder_free(struct vg_ioc_builder *);

/*
 * Declare a feed; later adds name it by the returned id.  `name' and
 * `source' (the path) are copied.  Returns 0 on success or a negative
 * VG_ERR_* code (VG_ERR_LIMIT past VG_MAX_FEEDS, VG_ERR_NOMEM).
 */
int	vg_ioc_builder_feed(struct vg_ioc_builder *, const char *name,
	    const char *source, enum vg_ioc_cat, unsigned *feedp);

/* Change a declared feed's category (a header read after the first line). */
void	vg_ioc_builder_feed_cat(struct vg_ioc_builder *, unsigned feed,
	    enum vg_ioc_cat);
void	vg_ioc_builder_feed_rename(struct vg_ioc_builder *, unsigned feed,
	    const char *name);

/*
 * Add an address or CIDR (prefix in bits of its family).  `cat' of
 * VG_CAT_UNKNOWN means "the feed's category".  `line' is the feed line,
 * kept for `intel lookup'.  Returns 0, VG_ERR_INVAL or VG_ERR_LIMIT.
 */
int	vg_ioc_builder_add_ip(struct vg_ioc_builder *, unsigned feed,
	    const struct vg_addr *, unsigned prefix, enum vg_ioc_cat,
	    unsigned long line);

/*
 * Add a named indicator of `type' (not VG_IOC_IP); the value is
 * normalized and copied.  Returns 0, VG_ERR_INVAL (empty, too long or
 * not valid for the type) or VG_ERR_LIMIT / VG_ERR_NOMEM.
 */
int	vg_ioc_builder_add(struct vg_ioc_builder *, unsigned feed,
	    enum vg_ioc_type, struct vg_str value, enum vg_ioc_cat,
	    unsigned long line);

/*
 * Classify one plain-list token (address, CIDR, "addr:port", URL, domain,
 * hash, e-mail) and add it.  Returns 0, or VG_ERR_INVAL when the token is
 * none of these.
 */
int	vg_ioc_builder_add_auto(struct vg_ioc_builder *, unsigned feed,
	    struct vg_str value, enum vg_ioc_cat, unsigned long line);

/* Number of indicators added so far (after de-duplication per feed). */
size_t	vg_ioc_builder_count(const struct vg_ioc_builder *);

/*
 * Seal the builder into an immutable set.  Consumes the builder, whatever
 * the result.  Returns 0 on success or a negative VG_ERR_* code.
 */
int	vg_ioc_builder_seal_own(struct vg_ioc_builder *,
	    struct vg_ioc_set **setp);

/* Write a sealed set as a snapshot file (atomically, via rename). */
int	vg_ioc_set_write(const struct vg_ioc_set *, const char *path);

/*
 * Map a snapshot.  Validates the header and every section bound before
 * use; a damaged file gives VG_ERR_FORMAT, never a crash.
 */
int	vg_ioc_set_open(const char *path, struct vg_ioc_set **setp);

/* Validate and adopt an in-memory image (for fuzzing and tests). */
int	vg_ioc_set_from_image(const void *buf, size_t len,
	    struct vg_ioc_set **setp);

/* True if the file starts with the snapshot magic. */
bool	vg_ioc_is_snapshot(const void *buf, size_t len);

void	vg_ioc_set_free(struct vg_ioc_set *);

/* One hit: which list entry matched. */
struct vg_ioc_hit {
	const char	*h_feed;	/* feed name, borrowed from the set */
	const char	*h_source;	/* feed file, borrowed */
	uint8_t		 h_type;	/* enum vg_ioc_type */
	uint8_t		 h_cat;		/* enum vg_ioc_cat */
	uint8_t		 h_prefix;	/* for IPs */
	unsigned long	 h_line;	/* line in the feed file */
	struct vg_addr	 h_addr;	/* for IPs: the listed network */
	struct vg_str	 h_value;	/* for names: the listed value */
};

/*
 * Look an observable up.  At most `max' hits are written, most specific
 * first; the return value is the number of hits (0 when none), or
 * VG_IOC_ALLOWED when an allowlist entry of the set covers the
 * observable: the caller then reports nothing for it, whatever other sets
 * say, so that an allowlist suppresses matches across every set loaded
 * (text feeds loaded in parallel, snapshots).  Reentrant.
 */
#define VG_IOC_ALLOWED	SIZE_MAX
size_t	vg_ioc_match_ip(const struct vg_ioc_set *, const struct vg_addr *,
	    struct vg_ioc_hit *, size_t max);
size_t	vg_ioc_match_domain(const struct vg_ioc_set *, struct vg_str,
	    struct vg_ioc_hit *, size_t max);
size_t	vg_ioc_match_url(const struct vg_ioc_set *, struct vg_str,
	    struct vg_ioc_hit *, size_t max);
/* Hash type is taken from the length (32, 40, 64 or 128 hex digits). */
size_t	vg_ioc_match_hash(const struct vg_ioc_set *, struct vg_str,
	    struct vg_ioc_hit *, size_t max);
size_t	vg_ioc_match_account(const struct vg_ioc_set *, struct vg_str,
	    struct vg_ioc_hit *, size_t max);

/*
 * ECS threat.indicator.type of a hit: ipv4-addr, ipv6-addr, domain-name,
 * url, file, email-addr or user-account.
 */
const char	*vg_ioc_hit_type_name(const struct vg_ioc_hit *);

/* Write the listed value of a hit as text ("10.0.0.0/8", "evil.com"). */
size_t	vg_ioc_hit_format(const struct vg_ioc_hit *, char *buf, size_t size);

struct vg_ioc_stats {
	size_t	st_feeds;
	size_t	st_entries;
	size_t	st_by_type[VG_IOC_TYPE_COUNT];
	size_t	st_v4_intervals;
	size_t	st_v6_intervals;
	size_t	st_image_bytes;
};

void	vg_ioc_set_stats(const struct vg_ioc_set *, struct vg_ioc_stats *);

/* Feed i of the set: name, source, category, allow flag, entry count. */
size_t	vg_ioc_set_nfeeds(const struct vg_ioc_set *);
void	vg_ioc_set_feed(const struct vg_ioc_set *, size_t i, const char **namep,
	    const char **sourcep, enum vg_ioc_cat *catp, size_t *countp);

/*
 * Feed loading (ioc_feed.c): read a feed file in any supported format
 * (detected from content; see `vigil intel formats') into the builder.
 * `name' overrides the feed name (NULL: from header or file name).  Bad
 * lines are reported through `warn' with file and line and skipped; a
 * missing or unreadable file is an error.  Returns 0 on success or a
 * negative VG_ERR_* code with *diag filled.
 */
typedef void vg_ioc_warn_fn(void *arg, const struct vg_diag *);

int	vg_ioc_load_file(struct vg_ioc_builder *, const char *path,
	    const char *name, vg_ioc_warn_fn *warn, void *warn_arg,
	    struct vg_diag *diag);

/*
 * Parse feed text already in memory (what vg_ioc_load_file does after
 * reading; the fuzzers call it directly).  `path' is used for the feed
 * name, format hints and messages only.  Same returns.
 */
int	vg_ioc_load_buf(struct vg_ioc_builder *, const char *path,
	    const char *name, const char *buf, size_t len,
	    vg_ioc_warn_fn *warn, void *warn_arg, struct vg_diag *diag);

#endif /* IOC_H */
