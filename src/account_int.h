/*
 * account_int.h -- private to account*.c: the string table, the arena,
 * the line and CSV helpers and the normalization shared by the directory
 * parser, the leak parser, the matcher and the centre's hasher.
 *
 * Nothing outside src/account*.c includes this file (scripts/checksrc
 * enforces it).  See account.h for the public contract.
 */
#ifndef ACCOUNT_INT_H
#define ACCOUNT_INT_H

#include "account.h"

#include <stdarg.h>

/*
 * A bump allocator for the strings a directory keeps: chunks of at least
 * ARENA_CHUNK bytes, freed all at once.  Directories are tens of
 * thousands of short strings, which would otherwise be as many mallocs.
 */
#define VG_ACCOUNT__ARENA_CHUNK	(64 * 1024)

struct vg_account__chunk {
	struct vg_account__chunk	*ch_next;
	size_t				 ch_used;
	size_t				 ch_size;
	char				 ch_data[];
};

struct vg_account__arena {
	struct vg_account__chunk	*ar_head;
	size_t				 ar_bytes;	/* data bytes held */
};

void	 vg_account__arena_free(struct vg_account__arena *);
/* A NUL-terminated copy of `s' in the arena, or NULL on OOM. */
char	*vg_account__arena_strdup(struct vg_account__arena *, struct vg_str s);
/* `n' bytes aligned for pointers, or NULL on OOM. */
void	*vg_account__arena_alloc(struct vg_account__arena *, size_t n);

/*
 * A multimap from strings to 32-bit values: open addressing with linear
 * probing, at most half full.  Keys are borrowed (they live in an arena
 * or in the caller's storage) and the same key may be added more than
 * once.  The keys are the organization's own identifiers and domains,
 * never leaked data, so the hash needs no secret seed: leaked values
 * are only looked up, and a lookup cannot lengthen any chain.
 */
struct vg_account__slot {
	const char	*sl_key;	/* NULL: empty */
	uint64_t	 sl_hash;
	uint32_t	 sl_len;
	uint32_t	 sl_val;
};

struct vg_account__tab {
	struct vg_account__slot	*tb_slots;
	size_t			 tb_mask;	/* slots - 1; 0 when none */
	size_t			 tb_count;
};

uint64_t vg_account__hash(const void *p, size_t len);
void	 vg_account__tab_free(struct vg_account__tab *);
/* Returns 0 or VG_ERR_NOMEM.  `key' must outlive the table. */
int	 vg_account__tab_add(struct vg_account__tab *, const char *key,
	    size_t len, uint32_t val);
/*
 * Iterate over the values of `key': start with *posp = 0 (computed from
 * the hash), call until it returns false.
 */
bool	 vg_account__tab_next(const struct vg_account__tab *,
	    const char *key, size_t len, uint64_t hash, size_t *posp,
	    uint32_t *valp);

/* The normalization context (account.h: struct vg_account_norm). */
struct vg_account_norm {
	struct vg_account__arena	 nm_arena;
	struct vg_account__tab		 nm_alias;	/* old -> canonical */
	const char			**nm_canon;	/* by alias value */
	size_t				 nm_ncanon;
	struct vg_account__tab		 nm_org;	/* the org's domains */
	const char			**nm_orgs;	/* in the order given */
	size_t				 nm_norgs;
};

/*
 * Normalize a domain (trimmed, ASCII lower case, trailing dots removed,
 * printable, no '@' or '=') into out[0, outsz).  Returns 0 or
 * VG_ERR_INVAL.
 */
int	 vg_account__norm_domain(struct vg_str in, char *out, size_t outsz,
	    size_t *lenp);

/* The canonical domain of `domain', or NULL when it is no alias. */
const char *vg_account__alias_of(const struct vg_account_norm *,
	    struct vg_str domain);

/*
 * Take the next line of `rest' (without "\n" and one "\r" before it) and
 * count it in *lnop.  Returns false at the end of the text.
 */
bool	 vg_account__next_line(struct vg_str *rest, struct vg_str *linep,
	    unsigned long *lnop);

/*
 * Split the next CSV field (RFC 4180 on one physical line) off `rest'.
 * An unquoted field is a view into the line; a quoted one is unescaped
 * into scratch[0, scratchsz) and the view points there.  Returns 1 for a
 * field, 0 at the end of the line, -1 for a malformed field (a quote not
 * closed on the line, text after a closing quote, a field longer than
 * the scratch).  `*morep' tracks whether a delimiter was seen, so that
 * "a," has two fields; start it at true.
 */
int	 vg_account__csv_field(struct vg_str *rest, char delim,
	    char *scratch, size_t scratchsz, bool *morep,
	    struct vg_str *fieldp);

/*
 * The accounts of normalized identifier id[0, len) (account.h:
 * vg_account_dir_find() without the normalization).
 */
size_t	 vg_account__dir_lookup(const struct vg_account_dir *, const char *id,
	    size_t len, size_t *idxs, size_t max);

/* The normalization context a directory was made with (may be NULL). */
const struct vg_account_norm *vg_account__dir_norm(
	    const struct vg_account_dir *);

/* Replace bytes below 0x20 and DEL in a message by '?'. */
void	 vg_account__sanitize(char *msg);

#endif /* ACCOUNT_INT_H */
