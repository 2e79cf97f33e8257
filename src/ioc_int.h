/*
 * ioc_int.h -- shared between the ioc*.c files only; never include it
 * from anywhere else.
 *
 * The feed loaders (ioc_feed.c for line formats, ioc_feed_csv.c for the
 * abuse.ch exports, ioc_feed_json.c for MISP and STIX) share one context.
 */
#ifndef IOC_INT_H
#define IOC_INT_H

#include "ioc.h"

struct vg_ioc__feedctx {
	struct vg_ioc_builder	*fc_b;
	const char		*fc_path;	/* for names and messages */
	const char		*fc_name;	/* -i NAME=PATH, or NULL */
	const char		*fc_buf;
	size_t			 fc_len;
	vg_ioc_warn_fn		*fc_warn;
	void			*fc_warn_arg;
	unsigned long		 fc_bad;	/* bad lines reported */
	unsigned long		 fc_added;	/* indicators added */
	unsigned long		 fc_skipped;	/* entries of unsupported kinds */
};

/* Report a bad line through the caller's callback and count it. */
void	vg_ioc__warn(struct vg_ioc__feedctx *, unsigned long line,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Declare the feed of this file: the -i name if given, else `dflt', else
 * the file name without directory and extension.
 */
int	vg_ioc__feed(struct vg_ioc__feedctx *, const char *dflt,
	    enum vg_ioc_cat, unsigned *feedp);

/*
 * True when the user gave the feed a category (-i NAME:CATEGORY=PATH):
 * it then overrides whatever the feed's rows or tags say.
 */
bool	vg_ioc__cat_forced(const struct vg_ioc__feedctx *);

/* The file name without directory and extension, in `buf'. */
void	vg_ioc__basename(const char *path, char *buf, size_t size);

/*
 * Format loaders.  Each returns VG_ERR_FORMAT, having added nothing, when
 * the text is not of its format; otherwise 0 or an error.
 */
int	vg_ioc__load_abusech(struct vg_ioc__feedctx *);
int	vg_ioc__load_misp(struct vg_ioc__feedctx *);
int	vg_ioc__load_stix(struct vg_ioc__feedctx *);

/*
 * A MISP feed directory (manifest.json plus one JSON file per event):
 * loads each event the manifest lists.  Does the I/O itself.
 */
int	vg_ioc__load_misp_dir(struct vg_ioc_builder *, const char *dir,
	    const char *name, vg_ioc_warn_fn *, void *, struct vg_diag *);

#endif /* IOC_INT_H */
