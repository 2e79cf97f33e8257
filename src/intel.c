/*
 * intel.c -- feeds from the command line into indicator sets.
 */
#include "intel.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vg_file.h"

#define WARN_PER_FEED	5	/* bad lines shown per feed before a count */

struct warn_state {
	const char	*src;
	unsigned long	 shown;
	unsigned long	 total;
	bool		 all;		/* report every bad line */
	FILE		*out;		/* stderr, or a group's buffer */
};

static void
on_warn(void *arg, const struct vg_diag *d)
{
	struct warn_state *ws = arg;

	ws->total++;
	if (!ws->all && ws->shown >= WARN_PER_FEED)
		return;
	ws->shown++;
	fprintf(ws->out, "%s: %s:%lu: %s\n", vg_progname, d->src, d->line,
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

/*
 * Text feeds are loaded in groups, one builder and one set per group, on
 * a thread each.  A group is a run of consecutive feeds of the command
 * line, so each set keeps the feeds in command-line order and the sets
 * follow one another in it: the hits of an observable come out in the
 * same order as from a single set.  Messages are kept per group and
 * printed in that order after the threads are done.
 */
struct group {
	char *const		*g_args;	/* the group's -i arguments */
	size_t			 g_nargs;
	bool			 g_all_bad;
	struct vg_ioc_set	*g_set;		/* OUT */
	unsigned long		 g_bad_lines;	/* OUT */
	int			 g_r;		/* OUT: 0 or VG_ERR_* */
	char			*g_msgs;	/* OUT: for stderr */
	size_t			 g_msglen;
	const char		*g_cache;	/* cache directory, or NULL */
	bool			 g_cached;	/* OUT: came from the cache */
};

/* Below this many bytes of text feeds, a thread costs more than it saves. */
#define PARALLEL_MIN_BYTES	(4 * 1024 * 1024)

/*
 * The feed cache.  Parsing some seventy text feeds takes longer than
 * scanning a day of logs, and a unit scans every few minutes while its
 * feeds change a few times a day.  So the set sealed from a run of feeds
 * is kept as a snapshot (the `intel compile' format, opened and checked
 * like any snapshot) named by a BLAKE2b key over everything that decides
 * its contents: this executable (path, size, mtime), the -i arguments and
 * each feed file's device, inode, size, mtime and ctime.  A feed that
 * changes gets a new key; so does a new vigil build.  The messages the
 * parse printed (bad lines) are kept beside it and printed again on every
 * hit, so a cached feed still says what is wrong with it.  A directory
 * (a MISP feed, whose loader reads only the files at its top) is keyed by
 * its own identity and the name and identity of every entry in it, in
 * name order, since its files can change under an unchanged directory;
 * one with more than CACHE_MAX_DIR entries is not cached.  Entries
 * unused for CACHE_MAX_AGE days are removed.
 */
#define CACHE_KEY_LEN		16
#define CACHE_MAX_AGE		7
#define CACHE_MAX_MSGS		(1024 * 1024)
#define CACHE_MAX_DIR		65536

/* base + suffix into out, or false when it does not fit. */
static bool
path_with(char *out, size_t size, const char *base, const char *suffix)
{
	int n = snprintf(out, size, "%s%s", base, suffix);

	return n > 0 && (size_t)n < size;
}

static void
key_stat(crypto_generichash_state *h, const struct stat *st)
{
	int64_t v[7] = {
		(int64_t)st->st_dev, (int64_t)st->st_ino, (int64_t)st->st_size,
		(int64_t)st->st_mtim.tv_sec, (int64_t)st->st_mtim.tv_nsec,
		(int64_t)st->st_ctim.tv_sec, (int64_t)st->st_ctim.tv_nsec,
	};

	crypto_generichash_update(h, (const unsigned char *)v, sizeof(v));
}

/*
 * A directory feed's entries into the key; false when it cannot be.
 * The MISP loader reads only names of hex digits and dashes, so names
 * starting with '.' are left out with the listing's other hidden files.
 */
static bool
key_dir(crypto_generichash_state *h, const char *path)
{
	struct stat st;
	char **names;
	size_t n, i;
	int dfd;

	if ((dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return false;
	if (vg_file_dir_names(path, CACHE_MAX_DIR, &names, &n) != 0) {
		close(dfd);
		return false;
	}
	for (i = 0; i < n; i++) {
		/* What a missing or odd entry is, is part of the key too. */
		if (fstatat(dfd, names[i], &st, 0) != 0)
			memset(&st, 0, sizeof(st));
		crypto_generichash_update(h, (const unsigned char *)names[i],
		    strlen(names[i]) + 1);
		key_stat(h, &st);
	}
	vg_file_names_free(names, n);
	close(dfd);
	return true;
}

/* The cache file names of group `g' (without suffix), or false. */
static bool
cache_path(const struct group *g, char *out, size_t size)
{
	crypto_generichash_state h;
	unsigned char key[CACHE_KEY_LEN];
	char hex[2 * CACHE_KEY_LEN + 1], name[VG_MAX_FEED_NAME];
	const char *path;
	struct stat st;
	bool has_name;
	size_t i;
	int n;

	if (g->g_cache == NULL || stat("/proc/self/exe", &st) != 0)
		return false;
	crypto_generichash_init(&h, NULL, 0, sizeof(key));
	crypto_generichash_update(&h, (const unsigned char *)"vigil feed "
	    "cache v2", 20);
	key_stat(&h, &st);
	crypto_generichash_update(&h, (const unsigned char *)&g->g_all_bad,
	    sizeof(g->g_all_bad));
	for (i = 0; i < g->g_nargs; i++) {
		vg_intel_split_arg(g->g_args[i], name, sizeof(name), &path,
		    &has_name);
		if (stat(path, &st) != 0 ||
		    (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)))
			return false;
		crypto_generichash_update(&h, (const unsigned char *)
		    g->g_args[i], strlen(g->g_args[i]) + 1);
		key_stat(&h, &st);
		if (S_ISDIR(st.st_mode) && !key_dir(&h, path))
			return false;
	}
	crypto_generichash_final(&h, key, sizeof(key));
	sodium_bin2hex(hex, sizeof(hex), key, sizeof(key));
	n = snprintf(out, size, "%s/%s", g->g_cache, hex);
	return n > 0 && (size_t)n < size;
}

/* Replay a cache hit: the set, its bad-line count and its messages. */
static bool
cache_get(struct group *g, const char *base, FILE *out)
{
	char path[PATH_MAX], *msgs = NULL;
	struct vg_ioc_set *set;
	struct vg_diag d;
	struct vg_str rest;
	uint64_t bad;
	size_t len, skip;

	if (!path_with(path, sizeof(path), base, ".msg") ||
	    vg_file_read(path, CACHE_MAX_MSGS, &msgs, &len, &d) != 0)
		return false;
	/* "bad N\n", then the messages. */
	rest = vg_str_make(msgs, len);
	if (len < 6 || memcmp(msgs, "bad ", 4) != 0) {
		free(msgs);
		return false;
	}
	vg_str_skip(&rest, 4);
	if (!vg_str_uint(&rest, 19, ULONG_MAX, &bad) || rest.len == 0 ||
	    rest.p[0] != '\n') {
		free(msgs);
		return false;
	}
	skip = (size_t)(rest.p + 1 - msgs);
	if (!path_with(path, sizeof(path), base, ".vgi") ||
	    vg_ioc_set_open(path, &set) != 0) {
		free(msgs);
		return false;
	}
	/* Touch it: pruning goes by the time of last use. */
	(void)utimensat(AT_FDCWD, path, NULL, 0);
	fwrite(msgs + skip, 1, len - skip, out);
	free(msgs);
	g->g_set = set;
	g->g_bad_lines = (unsigned long)bad;
	g->g_cached = true;
	return true;
}

bool
vg_intel_cache_dir(char *buf, size_t size)
{
	const char *env, *home;
	struct stat st;
	int n;

	if ((env = getenv("VIGIL_CACHE_DIR")) != NULL && env[0] != '\0')
		n = snprintf(buf, size, "%s", env);
	else if ((env = getenv("XDG_CACHE_HOME")) != NULL && env[0] == '/')
		n = snprintf(buf, size, "%s/vigil", env);
	else if ((home = getenv("HOME")) != NULL && home[0] == '/')
		n = snprintf(buf, size, "%s/.cache/vigil", home);
	else
		return false;
	if (n <= 0 || (size_t)n >= size)
		return false;
	if (mkdir(buf, 0700) == -1 && errno == ENOENT) {
		/* $HOME/.cache itself may be missing. */
		char parent[PATH_MAX];
		char *slash;

		snprintf(parent, sizeof(parent), "%s", buf);
		if ((slash = strrchr(parent, '/')) != NULL && slash != parent) {
			*slash = '\0';
			(void)mkdir(parent, 0700);
		}
		(void)mkdir(buf, 0700);
	}
	return lstat(buf, &st) == 0 && S_ISDIR(st.st_mode) &&
	    st.st_uid == geteuid() && (st.st_mode & 022) == 0;
}

/* Remove entries unused for CACHE_MAX_AGE days. */
static void
cache_prune(const char *dir)
{
	struct dirent *de;
	struct stat st;
	char path[PATH_MAX];
	time_t now = time(NULL);
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || strlen(de->d_name) <
		    2 * CACHE_KEY_LEN)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    now - st.st_mtime > CACHE_MAX_AGE * 86400)
			(void)unlink(path);
	}
	closedir(d);
}

/*
 * Store a freshly sealed set.  Best effort: a cache that cannot be
 * written (read-only home, full disk) only costs the next run a parse.
 */
static void
cache_put(const struct group *g, const char *base, const char *msgs,
    size_t msglen)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	FILE *fp;
	int fd;

	if (!path_with(tmp, sizeof(tmp), base, ".msg.tmpXXXXXX") ||
	    !path_with(path, sizeof(path), base, ".msg") ||
	    (fd = mkstemp(tmp)) == -1)
		return;
	if ((fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlink(tmp);
		return;
	}
	fprintf(fp, "bad %lu\n", g->g_bad_lines);
	fwrite(msgs, 1, msglen, fp);
	if (fclose(fp) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		return;
	}
	if (path_with(path, sizeof(path), base, ".vgi"))
		(void)vg_ioc_set_write(g->g_set, path);
	cache_prune(g->g_cache);
}

static void *
load_group(void *arg)
{
	struct group *g = arg;
	struct vg_ioc_builder *b;
	char base[PATH_MAX];
	bool cacheable;
	struct warn_state ws;
	struct vg_diag diag;
	char name[VG_MAX_FEED_NAME];
	const char *path;
	bool has_name;
	FILE *out;
	size_t i;
	int r = 0;

	if ((out = open_memstream(&g->g_msgs, &g->g_msglen)) == NULL) {
		g->g_r = VG_ERR_NOMEM;
		return NULL;
	}
	if ((cacheable = cache_path(g, base, sizeof(base))) &&
	    cache_get(g, base, out)) {
		b = NULL;
		goto out;
	}
	if ((b = vg_ioc_builder_new()) == NULL) {
		r = VG_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i < g->g_nargs; i++) {
		vg_intel_split_arg(g->g_args[i], name, sizeof(name), &path,
		    &has_name);
		ws = (struct warn_state){ path, 0, 0, g->g_all_bad, out };
		r = vg_ioc_load_file(b, path, has_name ? name : NULL, on_warn,
		    &ws, &diag);
		if (ws.total > ws.shown)
			fprintf(out, "%s: %s: %lu more bad lines skipped "
			    "(vigil intel stats -i %s lists them all)\n",
			    vg_progname, path, ws.total - ws.shown, path);
		g->g_bad_lines += ws.total;
		if (r != 0) {
			fprintf(out, "%s: %s%s%s\n", vg_progname, path,
			    diag.msg[0] ? ": " : "", diag.msg);
			goto out;
		}
	}
	if ((r = vg_ioc_builder_seal_own(b, &g->g_set)) != 0)
		fprintf(out, "%s: sealing indicator set: %s\n", vg_progname,
		    vg_strerror(r));
	b = NULL;
	if (r == 0 && cacheable && fflush(out) == 0)
		cache_put(g, base, g->g_msgs, g->g_msglen);
 out:
	vg_ioc_builder_free(b);
	if (fclose(out) != 0 && r == 0)
		r = VG_ERR_NOMEM;
	g->g_r = r;
	return NULL;
}

/* A feed's size for balancing the groups (a directory counts as 1 MB). */
static off_t
feed_bytes(const char *arg)
{
	char name[VG_MAX_FEED_NAME];
	const char *path;
	struct stat st;
	bool has_name;

	vg_intel_split_arg(arg, name, sizeof(name), &path, &has_name);
	if (stat(path, &st) != 0)
		return 0;
	return S_ISREG(st.st_mode) ? st.st_size : 1024 * 1024;
}

int
vg_intel_load(struct vg_intel *in, char *const *args, size_t nargs,
    bool all_bad, unsigned threads, const char *cache_dir)
{
	struct vg_ioc_set *set;
	struct group *groups = NULL;
	pthread_t tids[VG_INTEL_MAX_THREADS];
	struct timespec t0, t1;
	char name[VG_MAX_FEED_NAME], **text = NULL;
	const char *path;
	bool has_name;
	off_t *sizes = NULL, total = 0, acc;
	size_t i, ntext = 0, ngroups, k, first;
	int r = 0;

	memset(in, 0, sizeof(*in));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (nargs > 0 && ((text = calloc(nargs, sizeof(*text))) == NULL ||
	    (sizes = calloc(nargs, sizeof(*sizes))) == NULL)) {
		r = VG_ERR_NOMEM;
		goto out;
	}
	/* Snapshots are mapped as they come; text feeds wait for a group. */
	for (i = 0; i < nargs; i++) {
		vg_intel_split_arg(args[i], name, sizeof(name), &path,
		    &has_name);
		if (!file_is_snapshot(path)) {
			sizes[ntext] = feed_bytes(args[i]);
			total += sizes[ntext];
			text[ntext++] = args[i];
			continue;
		}
		if ((r = vg_ioc_set_open(path, &set)) != 0) {
			vg_warnx("%s: %s", path, r == VG_ERR_FORMAT ?
			    "damaged or incompatible snapshot" :
			    vg_strerror(r));
			goto out;
		}
		if ((r = push_set(in, set)) != 0)
			goto out;
	}
	if (ntext == 0)
		goto done;

	/* Consecutive runs of feeds with about equal bytes each. */
	ngroups = VG_MIN(VG_MAX(threads, 1u), VG_INTEL_MAX_THREADS);
	if (total < PARALLEL_MIN_BYTES)
		ngroups = 1;
	ngroups = VG_MIN(ngroups, ntext);
	if ((groups = calloc(ngroups, sizeof(*groups))) == NULL) {
		r = VG_ERR_NOMEM;
		goto out;
	}
	for (k = 0, i = 0, first = 0, acc = 0; k < ngroups; k++) {
		/* Take feeds while under this group's share of the bytes. */
		while (i < ntext && (i == first || k == ngroups - 1 ||
		    (acc + sizes[i] / 2) * (off_t)ngroups <=
		    total * (off_t)(k + 1)) && ntext - i > ngroups - k - 1) {
			acc += sizes[i];
			i++;
		}
		if (k == ngroups - 1)
			i = ntext;
		groups[k] = (struct group){ text + first, i - first, all_bad,
		    NULL, 0, 0, NULL, 0, cache_dir, false };
		first = i;
	}
	if (ngroups == 1) {
		load_group(&groups[0]);
	} else {
		for (k = 0; k < ngroups; k++)
			if ((errno = pthread_create(&tids[k], NULL, load_group,
			    &groups[k])) != 0)
				vg_fatal("pthread_create");
		for (k = 0; k < ngroups; k++)
			pthread_join(tids[k], NULL);
	}
	/* Messages and errors in command-line order; the first error wins. */
	for (k = 0; k < ngroups; k++) {
		if (groups[k].g_msglen > 0)
			fwrite(groups[k].g_msgs, 1, groups[k].g_msglen, stderr);
		in->in_bad_lines += groups[k].g_bad_lines;
		in->in_cached += groups[k].g_cached;
		if (groups[k].g_r != 0) {
			r = groups[k].g_r;
			break;
		}
	}
	for (k = 0; k < ngroups; k++) {
		if (r == 0) {
			if ((r = push_set(in, groups[k].g_set)) != 0)
				vg_warnx("indicator sets: %s", vg_strerror(r));
			groups[k].g_set = NULL;
		}
		vg_ioc_set_free(groups[k].g_set);
		free(groups[k].g_msgs);
	}
	if (r != 0)
		goto out;
 done:
	clock_gettime(CLOCK_MONOTONIC, &t1);
	in->in_seconds = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
 out:
	free(groups);
	free(sizes);
	free(text);
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
