/*
 * intel.h -- loading the feeds named on a command line (-i) into sets.
 *
 * Text feeds are gathered into builders and sealed into sets, one per
 * loading thread; each compiled snapshot (.vgi) is mapped as a set of its
 * own.  Matching consults every set.  Used by `vigil scan' and `vigil intel'.
 */
#ifndef INTEL_H
#define INTEL_H

#include "ioc.h"

struct vg_intel {
	struct vg_ioc_set	**in_sets;
	size_t			  in_nsets;
	unsigned long		  in_bad_lines;
	double			  in_seconds;
	size_t			  in_cached;	/* sets taken from the cache */
};

/* Most threads vg_intel_load() uses for text feeds. */
#define VG_INTEL_MAX_THREADS	8

/*
 * Load every -i argument ("PATH", "NAME=PATH" or "NAME:CATEGORY=PATH").
 * Text feeds are parsed on up to `threads' threads (1 for one set, as
 * `intel compile' needs), each sealing the sets of a run of consecutive
 * feeds; snapshots are mapped.  The hits of an observable over the sets
 * come out in the order one set would give, and an allowlist in any set
 * drops the observable (VG_IOC_ALLOWED).  With `cache_dir', each run of
 * feeds is kept there as a snapshot and reused while no feed file, -i
 * argument or the vigil executable changed (see intel.c).
 * Bad feed lines are reported on stderr with file and line and skipped:
 * all of them with `all_bad', else the first few per feed and a count.
 * A missing or unreadable feed is reported and fails the load.  Returns
 * 0 or a negative VG_ERR_* code.
 */
int	vg_intel_load(struct vg_intel *, char *const *args, size_t nargs,
	    bool all_bad, unsigned threads,
	    const char *cache_dir);	/* NULL: parse every time */

/*
 * The feed cache directory into buf: $VIGIL_CACHE_DIR, else
 * $XDG_CACHE_HOME/vigil, else $HOME/.cache/vigil, created mode 0700 when
 * missing.  False (and nothing cached) when there is none, or when it is
 * not a directory of this user that only this user can write: another
 * user's cache could hand us sets of their choosing.
 */
bool	vg_intel_cache_dir(char *buf, size_t size);
void	vg_intel_free(struct vg_intel *);

/* Split "NAME=PATH" into its parts; *namep is NULL for a bare path. */
void	vg_intel_split_arg(const char *arg, char *name, size_t namesz,
	    const char **pathp, bool *has_namep);

#endif /* INTEL_H */
