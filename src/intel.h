/*
 * intel.h -- loading the feeds named on a command line (-i) into sets.
 *
 * Text feeds are gathered into one builder and sealed into one set;
 * each compiled snapshot (.vgi) is mapped as a set of its own.  Matching
 * consults every set.  Used by `vigil scan' and `vigil intel'.
 */
#ifndef INTEL_H
#define INTEL_H

#include "ioc.h"

struct vg_intel {
	struct vg_ioc_set	**in_sets;
	size_t			  in_nsets;
	unsigned long		  in_bad_lines;
	double			  in_seconds;
};

/*
 * Load every -i argument ("PATH", "NAME=PATH" or "NAME:CATEGORY=PATH").
 * Bad feed lines are reported on stderr with file and line and skipped:
 * all of them with `all_bad', else the first few per feed and a count.
 * A missing or unreadable feed is reported and fails the load.  Returns
 * 0 or a negative VG_ERR_* code.
 */
int	vg_intel_load(struct vg_intel *, char *const *args, size_t nargs,
	    bool all_bad);
void	vg_intel_free(struct vg_intel *);

/* Split "NAME=PATH" into its parts; *namep is NULL for a bare path. */
void	vg_intel_split_arg(const char *arg, char *name, size_t namesz,
	    const char **pathp, bool *has_namep);

#endif /* INTEL_H */
