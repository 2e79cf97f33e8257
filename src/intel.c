/*
 * intel.c -- feeds from the command line into indicator sets.
 */
#include "intel.h"

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#define WARN_PER_FEED	5	/* bad lines shown per feed before a count */

struct warn_state {
	const char	*src;
	unsigned long	 shown;
	unsigned long	 total;
	bool		 all;		/* report every bad line */
};

static void
on_warn(void *arg, const struct vg_diag *d)
{
	struct warn_state *ws = arg;

	ws->total++;
	if (!ws->all && ws->shown >= WARN_PER_FEED)
		return;
	ws->shown++;
	fprintf(stderr, "%s: %s:%lu: %s\n", vg_progname, d->src, d->line,
	    d->msg);
}

void
vg_intel_split_arg(const char *arg, char *name, size_t namesz,
    const char **pathp, bool *has_namep)
{
	const char *eq = strchr(arg, '=');
	size_t n;

	*has_namep = false;
	*pathp = arg;
	name[0] = '\0';
	/* NAME=PATH only when NAME has no '/': paths may contain '='. */
	if (eq == NULL || eq == arg || memchr(arg, '/', (size_t)(eq - arg)))
		return;
	n = VG_MIN((size_t)(eq - arg), namesz - 1);
	memcpy(name, arg, n);
	name[n] = '\0';
	*pathp = eq + 1;
	*has_namep = true;
}

static bool
file_is_snapshot(const char *path)
{
	char magic[8];
	int fd;
	bool yes;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return false;
	yes = read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
	    vg_ioc_is_snapshot(magic, sizeof(magic));
	close(fd);
	return yes;
}

static int
push_set(struct vg_intel *in, struct vg_ioc_set *set)
{
	struct vg_ioc_set **p;

	p = reallocarray(in->in_sets, in->in_nsets + 1, sizeof(*p));
	if (p == NULL) {
		vg_ioc_set_free(set);
		return VG_ERR_NOMEM;
	}
	in->in_sets = p;
	in->in_sets[in->in_nsets++] = set;
	return 0;
}

int
vg_intel_load(struct vg_intel *in, char *const *args, size_t nargs,
    bool all_bad)
{
	struct vg_ioc_builder *b = NULL;
	struct vg_ioc_set *set;
	struct warn_state ws;
	struct vg_diag diag;
	struct timespec t0, t1;
	char name[VG_MAX_FEED_NAME];
	const char *path;
	bool has_name;
	size_t i;
	int r = 0;

	memset(in, 0, sizeof(*in));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < nargs; i++) {
		vg_intel_split_arg(args[i], name, sizeof(name), &path,
		    &has_name);
		if (file_is_snapshot(path)) {
			if ((r = vg_ioc_set_open(path, &set)) != 0) {
				vg_warnx("%s: %s", path, r == VG_ERR_FORMAT ?
				    "damaged or incompatible snapshot" :
				    vg_strerror(r));
				goto out;
			}
			if ((r = push_set(in, set)) != 0)
				goto out;
			continue;
		}
		if (b == NULL && (b = vg_ioc_builder_new()) == NULL) {
			r = VG_ERR_NOMEM;
			goto out;
		}
		ws = (struct warn_state){ path, 0, 0, all_bad };
		r = vg_ioc_load_file(b, path, has_name ? name : NULL, on_warn,
		    &ws, &diag);
		if (ws.total > ws.shown)
			fprintf(stderr, "%s: %s: %lu more bad lines skipped "
			    "(vigil intel stats -i %s lists them all)\n",
			    vg_progname, path, ws.total - ws.shown, path);
		in->in_bad_lines += ws.total;
		if (r != 0) {
			vg_warnx("%s%s%s", path, diag.msg[0] ? ": " : "",
			    diag.msg);
			goto out;
		}
	}
	if (b != NULL) {
		r = vg_ioc_builder_seal_own(b, &set);
		b = NULL;
		if (r != 0 || (r = push_set(in, set)) != 0) {
			vg_warnx("sealing indicator set: %s", vg_strerror(r));
			goto out;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	in->in_seconds = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	r = 0;
 out:
	vg_ioc_builder_free(b);
	if (r != 0)
		vg_intel_free(in);
	return r;
}

void
vg_intel_free(struct vg_intel *in)
{
	size_t i;

	for (i = 0; i < in->in_nsets; i++)
		vg_ioc_set_free(in->in_sets[i]);
	free(in->in_sets);
	memset(in, 0, sizeof(*in));
}
