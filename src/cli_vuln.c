/*
 * cli_vuln.c -- `vigil vuln scan | hosts | affected'.
 *
 * The command line around audit.h: load the advisories and the KEV
 * catalogue once, then audit each host's inventory.  A fleet is audited
 * by a pool of threads that take hosts in name order; each renders its
 * host's report and messages into memory, and the main thread writes
 * them in that order, so the output does not depend on the thread count.
 * A host that cannot be audited (unreadable, unknown format, no
 * ecosystem) is reported and counted, and the others go on.
 */
#include "vg.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "cli.h"
#include "cli_vuln.h"
#include "vg_file.h"

/* Messages of one kind printed before the rest are only counted. */
#define MAX_LOAD_WARNINGS	50
#define MAX_HOST_WARNINGS	10

static VG_NORETURN void
usage(void)
{
	fprintf(stderr,
	    "usage: vigil vuln scan --status FILE [--os-release FILE]\n"
	    "                  [--ecosystem ECO] [--host NAME]\n"
	    "                  -a ADVISORIES... [--kev FILE]\n"
	    "                  [--format jsonl|table|csv] [-o OUT]\n"
	    "       vigil vuln hosts DIR -a ADVISORIES... [--kev FILE]\n"
	    "                  [--ecosystem ECO] [--format jsonl|table|csv]\n"
	    "                  [--threads N] [-o OUT]\n"
	    "       vigil vuln affected ID... --hosts DIR -a ADVISORIES...\n"
	    "                  [--kev FILE] [--ecosystem ECO]\n"
	    "                  [--format jsonl|table|csv] [-o OUT]\n"
	    "       vigil vuln affected ID... --findings FILE [-o OUT]\n"
	    "ADVISORIES: OSV records (files, directories, all.zip), Debian\n"
	    "security tracker JSON; -a may repeat, and more paths may follow.\n");
	exit(2);
}

struct opts {
	const char		**o_adv;
	size_t			  o_nadv;
	const char		 *o_kev;
	const char		 *o_status;
	const char		 *o_os_release;
	const char		 *o_ecosystem;
	const char		 *o_host;
	const char		 *o_hosts_dir;
	const char		 *o_out;
	enum vg_audit_format	  o_format;
	unsigned		  o_threads;
	const char		**o_ids;	/* vuln affected */
	size_t			  o_nids;
	const char		 *o_findings;	/* vuln affected --findings */
};

enum {
	OPT_STATUS = 256,
	OPT_OS_RELEASE,
	OPT_ECOSYSTEM,
	OPT_HOST,
	OPT_HOSTS,
	OPT_FINDINGS,
	OPT_KEV,
	OPT_FORMAT,
	OPT_THREADS,
};

static void
push(const char ***vp, size_t *np, const char *s)
{
	*vp = vg_xreallocarray(*vp, *np + 1, sizeof(**vp));
	(*vp)[(*np)++] = s;
}

/* ------------------------------------------------------------ loading */

struct load_warn {
	size_t	lw_count;
};

static void
load_warn(void *arg, const struct vg_diag *d)
{
	struct load_warn *lw = arg;

	if (lw->lw_count++ < MAX_LOAD_WARNINGS) {
		if (d->line > 0)
			vg_warnx("%s:%lu: %s", d->src, d->line, d->msg);
		else
			vg_warnx("%s: %s", d->src, d->msg);
	}
}

static struct vg_advdb *
load_advisories(const struct opts *o)
{
	struct vg_advdb *db;
	struct vg_advdb_stats st;
	struct load_warn lw = { 0 };
	struct vg_diag diag;
	size_t i;
	int r;

	if (o->o_nadv == 0)
		vg_fatalx("vuln: no advisories: give -a PATH");
	if ((r = vg_advdb_new(&db)) != 0)
		vg_fatalx("vuln: %s", vg_strerror(r));
	for (i = 0; i < o->o_nadv; i++) {
		memset(&diag, 0, sizeof(diag));
		diag.src = o->o_adv[i];
		r = vg_advdb_load(db, o->o_adv[i], load_warn, &lw, &diag);
		if (r != 0)
			vg_fatalx("%s: %s", diag.src != NULL ? diag.src :
			    o->o_adv[i], diag.msg[0] != '\0' ? diag.msg :
			    vg_strerror(r));
	}
	if (o->o_kev != NULL) {
		memset(&diag, 0, sizeof(diag));
		diag.src = o->o_kev;
		r = vg_advdb_load_kev(db, o->o_kev, load_warn, &lw, &diag);
		if (r != 0)
			vg_fatalx("%s: %s", o->o_kev, diag.msg[0] != '\0' ?
			    diag.msg : vg_strerror(r));
	}
	vg_advdb_stats(db, &st);
	if (lw.lw_count > MAX_LOAD_WARNINGS)
		vg_warnx("advisories: %zu more problems not shown",
		    lw.lw_count - MAX_LOAD_WARNINGS);
	fprintf(stderr, "advisories: %zu records, %zu package entries, "
	    "%zu withdrawn, %zu duplicates, %zu skipped, %zu problems; "
	    "KEV: %zu (%zu ransomware)\n", st.st_records, st.st_affected,
	    st.st_withdrawn, st.st_duplicates, st.st_unmatched, st.st_bad,
	    st.st_kev, st.st_kev_ransomware);
	return db;
}

/* ------------------------------------------------------------ one host */

/* Where one host's inventory and os-release are. */
struct host {
	char		*h_name;
	char		*h_inventory;
	char		*h_os_release;	/* NULL: none */
};

/* What auditing one host produced, rendered for the main thread. */
struct host_result {
	char			*hr_out;	/* the report */
	size_t			 hr_outlen;
	char			*hr_msgs;	/* messages for stderr */
	size_t			 hr_msglen;
	struct vg_audit_stats	 hr_stats;
	bool			 hr_failed;
	bool			 hr_done;
};

struct host_warn {
	FILE	*hw_fp;
	size_t	 hw_count;
};

static void
host_warn(void *arg, const struct vg_diag *d)
{
	struct host_warn *hw = arg;

	if (hw->hw_count++ < MAX_HOST_WARNINGS)
		fprintf(hw->hw_fp, "vigil: %s:%lu: %s\n", d->src, d->line,
		    d->msg);
}

/* Keep only the findings of the ids asked for (vuln affected). */
static void
filter_ids(struct vg_audit *au, const char **ids, size_t nids)
{
	size_t i, k, n = 0;

	for (i = 0; i < au->au_nfindings; i++) {
		for (k = 0; k < nids; k++)
			if (vg_audit_finding_is(&au->au_findings[i],
			    vg_str_make(ids[k], strlen(ids[k]))))
				break;
		if (k < nids)
			au->au_findings[n++] = au->au_findings[i];
	}
	au->au_nfindings = n;
}

/*
 * Audit one host: read and parse its inventory, tell its ecosystem, run
 * the audit and render the report.  Every problem goes to `msgs'.
 */
static bool
audit_one(const struct opts *o, const struct vg_advdb *db,
    const struct host *h, bool first, FILE *out, FILE *msgs,
    struct vg_audit_stats *statsp)
{
	struct host_warn hw = { msgs, 0 };
	struct vg_inventory *inv = NULL;
	struct vg_inv_stats ist;
	struct vg_audit au;
	struct vg_diag diag;
	char eco[VG_INV_ECOSYSTEM_MAX], *buf = NULL, *osr = NULL;
	size_t len, oslen;
	bool ok = false;
	int r;

	memset(&diag, 0, sizeof(diag));
	if ((r = vg_file_read(h->h_inventory, VG_MAX_INVENTORY_BYTES, &buf,
	    &len, &diag)) != 0) {
		fprintf(msgs, "vigil: %s: %s\n", h->h_inventory, diag.msg);
		return false;
	}
	if (o->o_ecosystem != NULL) {
		snprintf(eco, sizeof(eco), "%s", o->o_ecosystem);
	} else if (h->h_os_release == NULL) {
		fprintf(msgs, "vigil: %s: no os-release to tell the "
		    "ecosystem: give --os-release or --ecosystem\n",
		    h->h_name);
		goto out;
	} else {
		if ((r = vg_file_read(h->h_os_release, VG_MAX_OS_RELEASE_BYTES,
		    &osr, &oslen, &diag)) != 0) {
			fprintf(msgs, "vigil: %s: %s\n", h->h_os_release,
			    diag.msg);
			goto out;
		}
		if (vg_inventory_ecosystem(osr, oslen, eco, sizeof(eco)) !=
		    0) {
			fprintf(msgs, "vigil: %s: no known distribution "
			    "release (ID and VERSION_ID): give --ecosystem\n",
			    h->h_os_release);
			goto out;
		}
	}
	if ((r = vg_inventory_parse(h->h_inventory, buf, len, VG_INV_AUTO,
	    host_warn, &hw, &inv, &diag)) != 0) {
		fprintf(msgs, "vigil: %s: %s\n", h->h_inventory,
		    diag.msg[0] != '\0' ? diag.msg : vg_strerror(r));
		goto out;
	}
	vg_inventory_stats(inv, &ist);
	r = vg_audit_host(db, inv, h->h_name, eco, host_warn, &hw, &au);
	if (r == VG_ERR_INVAL) {
		fprintf(msgs, "vigil: %s: ecosystem \"%s\": no version "
		    "ordering known for it\n", h->h_name, eco);
		goto out;
	}
	if (r != 0) {
		fprintf(msgs, "vigil: %s: %s\n", h->h_name, vg_strerror(r));
		goto out;
	}
	*statsp = au.au_stats;
	if (o->o_nids > 0) {
		filter_ids(&au, o->o_ids, o->o_nids);
		statsp->as_findings = au.au_nfindings;
	}
	if (o->o_nids == 0 || au.au_nfindings > 0 ||
	    o->o_format != VG_AUDIT_TABLE)
		r = vg_audit_write(out, o->o_format, &au, first);
	vg_audit_cleanup(&au);
	if (r != 0) {
		fprintf(msgs, "vigil: %s: report: %s\n", h->h_name,
		    vg_strerror(r));
		goto out;
	}
	ok = true;
 out:
	if (hw.hw_count > MAX_HOST_WARNINGS)
		fprintf(msgs, "vigil: %s: %zu more problems not shown\n",
		    h->h_name, hw.hw_count - MAX_HOST_WARNINGS);
	vg_inventory_free(inv);
	free(osr);
	free(buf);
	return ok;
}

/* ------------------------------------------------------------ a fleet */

struct fleet {
	const struct opts	*f_opts;
	const struct vg_advdb	*f_db;
	struct host		*f_hosts;
	struct host_result	*f_res;
	size_t			 f_nhosts;
	size_t			 f_next;	/* next host to take */
	pthread_mutex_t		 f_mtx;
	pthread_cond_t		 f_cond;	/* a result is done */
};

static void *
fleet_worker(void *arg)
{
	struct fleet *f = arg;
	struct host_result *hr;
	FILE *out, *msgs;
	size_t i;
	bool ok;

	for (;;) {
		pthread_mutex_lock(&f->f_mtx);
		i = f->f_next < f->f_nhosts ? f->f_next++ : SIZE_MAX;
		pthread_mutex_unlock(&f->f_mtx);
		if (i == SIZE_MAX)
			return NULL;
		hr = &f->f_res[i];
		out = open_memstream(&hr->hr_out, &hr->hr_outlen);
		msgs = open_memstream(&hr->hr_msgs, &hr->hr_msglen);
		if (out == NULL || msgs == NULL)
			vg_fatal("open_memstream");
		ok = audit_one(f->f_opts, f->f_db, &f->f_hosts[i], i == 0,
		    out, msgs, &hr->hr_stats);
		if (fclose(out) != 0 || fclose(msgs) != 0)
			vg_fatal("open_memstream");
		pthread_mutex_lock(&f->f_mtx);
		hr->hr_failed = !ok;
		hr->hr_done = true;
		pthread_cond_broadcast(&f->f_cond);
		pthread_mutex_unlock(&f->f_mtx);
	}
}

static bool
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n > m && strcmp(s + n - m, suf) == 0;
}

static char *
path_join(const char *a, const char *b)
{
	char *p;

	if (asprintf(&p, "%s/%s", a, b) < 0)
		vg_fatal("asprintf");
	return p;
}

static bool
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Where a copied tree keeps its os-release. */
static const char *const osr_names[] = {
	"os-release", "etc/os-release", "usr/lib/os-release", NULL
};

/* The first of `names' under `dir' that is a file, or NULL. */
static char *
find_under(const char *dir, const char *const *names)
{
	char *p;

	for (; *names != NULL; names++) {
		p = path_join(dir, *names);
		if (is_file(p))
			return p;
		free(p);
	}
	return NULL;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(((const struct host *)a)->h_name,
	    ((const struct host *)b)->h_name);
}

/*
 * The hosts of fleet directory `dir', in name order.  Each entry is a
 * host: a directory holding its package database and os-release (as
 * copied from the host, or flat), or a file HOST[.EXT] with an optional
 * HOST.os-release beside it.
 */
static struct host *
fleet_read(const char *dir, size_t *np)
{
	static const char *const inv_names[] = {
		"status", "var/lib/dpkg/status", "installed",
		"lib/apk/db/installed", "dpkg-query.txt", "dpkg.txt",
		"rpm.txt", "rpm-qa.txt", "packages", "packages.txt", NULL
	};
	struct host *hosts = NULL, *h;
	struct dirent *de;
	struct stat st;
	size_t n = 0, cap = 0;
	char *path, *dot, *osr;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		vg_fatal("%s", dir);
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || has_suffix(de->d_name,
		    ".os-release"))
			continue;
		path = path_join(dir, de->d_name);
		if (stat(path, &st) != 0) {
			vg_warnx("%s: %s", path, strerror(errno));
			free(path);
			continue;
		}
		if (n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			if (cap > VG_MAX_FLEET_HOSTS)
				vg_fatalx("%s: more than %u hosts", dir,
				    VG_MAX_FLEET_HOSTS);
			hosts = vg_xreallocarray(hosts, cap, sizeof(*hosts));
		}
		h = &hosts[n];
		if (S_ISDIR(st.st_mode)) {
			h->h_inventory = find_under(path, inv_names);
			h->h_os_release = find_under(path, osr_names);
			h->h_name = vg_xstrdup(de->d_name);
			if (h->h_inventory == NULL) {
				vg_warnx("%s: no package database in it "
				    "(status, installed, rpm.txt...): skipped",
				    path);
				free(h->h_os_release);
				free(h->h_name);
				free(path);
				continue;
			}
			free(path);
		} else if (S_ISREG(st.st_mode)) {
			h->h_inventory = path;
			h->h_name = vg_xstrdup(de->d_name);
			if ((dot = strchr(h->h_name, '.')) != NULL &&
			    dot != h->h_name)
				*dot = '\0';
			if (asprintf(&osr, "%s/%s.os-release", dir,
			    h->h_name) < 0)
				vg_fatal("asprintf");
			if (is_file(osr)) {
				h->h_os_release = osr;
			} else {
				h->h_os_release = NULL;
				free(osr);
			}
		} else {
			free(path);
			continue;
		}
		n++;
	}
	if (errno != 0)
		vg_fatal("%s", dir);
	closedir(d);
	if (n > 1)
		qsort(hosts, n, sizeof(*hosts), name_cmp);
	*np = n;
	return hosts;
}

static void
hosts_free(struct host *hosts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(hosts[i].h_name);
		free(hosts[i].h_inventory);
		free(hosts[i].h_os_release);
	}
	free(hosts);
}

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct totals {
	size_t	t_hosts;
	size_t	t_failed;
	size_t	t_with_findings;
	struct vg_audit_stats t_st;
};

static void
totals_add(struct totals *t, const struct vg_audit_stats *s, bool failed)
{
	t->t_hosts++;
	if (failed) {
		t->t_failed++;
		return;
	}
	t->t_with_findings += s->as_findings > 0;
	t->t_st.as_packages += s->as_packages;
	t->t_st.as_entries += s->as_entries;
	t->t_st.as_findings += s->as_findings;
	t->t_st.as_kev += s->as_kev;
	t->t_st.as_unfixed += s->as_unfixed;
	t->t_st.as_unreadable += s->as_unreadable;
}

static void
totals_print(const struct totals *t, double secs)
{
	fprintf(stderr, "vuln: %zu hosts (%zu not audited), %zu packages, "
	    "%zu findings on %zu hosts (%zu known exploited, %zu without a "
	    "fix), %zu unreadable versions, %.2f s\n", t->t_hosts,
	    t->t_failed, t->t_st.as_packages, t->t_st.as_findings,
	    t->t_with_findings, t->t_st.as_kev, t->t_st.as_unfixed,
	    t->t_st.as_unreadable, secs);
}

static int
run_fleet(const struct opts *o)
{
	struct fleet f;
	struct totals t;
	pthread_t *tids;
	struct host_result *hr;
	struct vg_advdb *db;
	FILE *out;
	double t0;
	size_t i;
	unsigned k, nthr;

	memset(&f, 0, sizeof(f));
	memset(&t, 0, sizeof(t));
	t0 = now_seconds();
	f.f_hosts = fleet_read(o->o_hosts_dir, &f.f_nhosts);
	if (f.f_nhosts == 0)
		vg_fatalx("%s: no hosts in it", o->o_hosts_dir);
	db = load_advisories(o);
	out = vg_cli_open_out(o->o_out);
	f.f_opts = o;
	f.f_db = db;
	f.f_res = vg_xcalloc(f.f_nhosts, sizeof(*f.f_res));
	pthread_mutex_init(&f.f_mtx, NULL);
	pthread_cond_init(&f.f_cond, NULL);
	nthr = (unsigned)VG_MIN((size_t)o->o_threads, f.f_nhosts);
	tids = vg_xcalloc(nthr, sizeof(*tids));
	for (k = 0; k < nthr; k++)
		if ((errno = pthread_create(&tids[k], NULL, fleet_worker,
		    &f)) != 0)
			vg_fatal("pthread_create");
	for (i = 0; i < f.f_nhosts; i++) {
		hr = &f.f_res[i];
		pthread_mutex_lock(&f.f_mtx);
		while (!hr->hr_done)
			pthread_cond_wait(&f.f_cond, &f.f_mtx);
		pthread_mutex_unlock(&f.f_mtx);
		if (hr->hr_msglen > 0)
			fwrite(hr->hr_msgs, 1, hr->hr_msglen, stderr);
		if (hr->hr_outlen > 0 &&
		    fwrite(hr->hr_out, 1, hr->hr_outlen, out) !=
		    hr->hr_outlen)
			vg_fatal("%s", o->o_out != NULL ? o->o_out : "stdout");
		totals_add(&t, &hr->hr_stats, hr->hr_failed);
		free(hr->hr_out);
		free(hr->hr_msgs);
	}
	for (k = 0; k < nthr; k++)
		pthread_join(tids[k], NULL);
	vg_cli_close_out(out, o->o_out);
	totals_print(&t, now_seconds() - t0);
	free(tids);
	free(f.f_res);
	pthread_mutex_destroy(&f.f_mtx);
	pthread_cond_destroy(&f.f_cond);
	hosts_free(f.f_hosts, f.f_nhosts);
	vg_advdb_free(db);
	return 0;
}

/* ------------------------------------------------------------ vuln scan */

/*
 * The host a copied database belongs to, from its path: the directory
 * that holds the copied tree for the generic names ("web01/status",
 * "web01/var/lib/dpkg/status" are web01's), else the file name without
 * its extension ("web01.status").
 */
static void
host_from_path(const char *path, char *name, size_t size, char **osrp)
{
	static const char *const tails[] = {
		"/var/lib/dpkg/status", "/lib/apk/db/installed", "/status",
		"/installed", NULL
	};
	const char *const *t;
	const char *end = path + strlen(path), *start;
	size_t n;
	char *dot;

	for (t = tails; *t != NULL; t++) {
		n = strlen(*t);
		if ((size_t)(end - path) > n && strcmp(end - n, *t) == 0) {
			end -= n;
			break;
		}
	}
	for (start = end; start > path && start[-1] != '/'; start--)
		;
	snprintf(name, size, "%.*s", (int)(end - start), start);
	if (*t == NULL && (dot = strchr(name, '.')) != NULL && dot != name)
		*dot = '\0';
	if (name[0] == '\0')
		snprintf(name, size, "localhost");
	/* Its os-release: in the copied tree, or beside as HOST.os-release. */
	if (*t != NULL) {
		char *root;

		if (asprintf(&root, "%.*s", (int)(end - path), path) < 0)
			vg_fatal("asprintf");
		*osrp = find_under(root, osr_names);
		free(root);
	} else {
		if (asprintf(osrp, "%.*s%s.os-release", (int)(start - path),
		    path, name) < 0)
			vg_fatal("asprintf");
		if (!is_file(*osrp)) {
			free(*osrp);
			*osrp = NULL;
		}
	}
}

/* The host's own package database, as opposed to a copy of another's. */
static bool
is_local_db(const char *path)
{
	return strcmp(path, "/var/lib/dpkg/status") == 0 ||
	    strcmp(path, "/lib/apk/db/installed") == 0;
}

static int
run_scan(const struct opts *o)
{
	struct vg_audit_stats st;
	struct totals t;
	struct host h;
	struct vg_advdb *db;
	char name[256], *near_osr = NULL;
	FILE *out;
	double t0;
	bool ok;

	memset(&t, 0, sizeof(t));
	memset(&st, 0, sizeof(st));
	t0 = now_seconds();
	if (o->o_host != NULL) {
		snprintf(name, sizeof(name), "%s", o->o_host);
	} else if (is_local_db(o->o_status)) {
		if (gethostname(name, sizeof(name)) != 0)
			snprintf(name, sizeof(name), "localhost");
		name[sizeof(name) - 1] = '\0';
	} else {
		host_from_path(o->o_status, name, sizeof(name), &near_osr);
	}
	h.h_name = name;
	h.h_inventory = (char *)o->o_status;
	h.h_os_release = (char *)o->o_os_release;
	if (h.h_os_release == NULL && o->o_ecosystem == NULL) {
		if (is_local_db(o->o_status) && is_file("/etc/os-release"))
			h.h_os_release = (char *)"/etc/os-release";
		else
			h.h_os_release = near_osr;
	}
	if (!is_file(o->o_status))
		vg_fatalx("%s: %s", o->o_status, access(o->o_status, R_OK) ?
		    strerror(errno) : "not a regular file");
	db = load_advisories(o);
	out = vg_cli_open_out(o->o_out);
	ok = audit_one(o, db, &h, true, out, stderr, &st);
	vg_cli_close_out(out, o->o_out);
	totals_add(&t, &st, !ok);
	totals_print(&t, now_seconds() - t0);
	vg_advdb_free(db);
	free(near_osr);
	return ok ? 0 : 2;
}

/* ------------------------------------------------- vuln affected --findings */

/* Does finding `doc' (a line of a jsonl report) concern one of the ids? */
static bool
finding_matches(const json_t *doc, const char **ids, size_t nids)
{
	const json_t *v = json_object_get(doc, "vulnerability");
	const json_t *id, *cves, *c;
	size_t i, k;

	if (!json_is_object(v))
		return false;
	id = json_object_get(v, "id");
	cves = json_object_get(v, "cve");
	for (k = 0; k < nids; k++) {
		if (json_is_string(id) && strcmp(json_string_value(id),
		    ids[k]) == 0)
			return true;
		json_array_foreach(cves, i, c)
			if (json_is_string(c) && strcmp(json_string_value(c),
			    ids[k]) == 0)
				return true;
	}
	return false;
}

/*
 * The hosts that carry the ids, from a fleet report written before by
 * `vuln hosts' (jsonl), without auditing again: its matching lines, as
 * they are.  A line that is not a finding is reported with its number
 * and skipped.  "-" reads stdin.
 */
static int
run_findings(const struct opts *o)
{
	FILE *in, *out;
	json_t *doc;
	json_error_t err;
	char *line = NULL;
	size_t cap = 0, nline = 0, hits = 0, bad = 0;
	ssize_t n;

	if (strcmp(o->o_findings, "-") == 0)
		in = stdin;
	else if ((in = fopen(o->o_findings, "r")) == NULL)
		vg_fatal("%s", o->o_findings);
	out = vg_cli_open_out(o->o_out);
	while ((n = getline(&line, &cap, in)) > 0) {
		nline++;
		if ((size_t)n > VG_MAX_FINDING_LINE) {
			if (bad++ < MAX_LOAD_WARNINGS)
				vg_warnx("%s:%zu: line longer than %d bytes: "
				    "skipped", o->o_findings, nline,
				    VG_MAX_FINDING_LINE);
			continue;
		}
		if ((doc = json_loadb(line, (size_t)n, 0, &err)) == NULL ||
		    !json_is_object(doc)) {
			if (bad++ < MAX_LOAD_WARNINGS)
				vg_warnx("%s:%zu: not a JSON finding: skipped",
				    o->o_findings, nline);
			json_decref(doc);
			continue;
		}
		if (finding_matches(doc, o->o_ids, o->o_nids)) {
			hits++;
			if (fwrite(line, 1, (size_t)n, out) != (size_t)n)
				vg_fatal("%s", o->o_out != NULL ? o->o_out :
				    "stdout");
		}
		json_decref(doc);
	}
	if (ferror(in))
		vg_fatal("%s", o->o_findings);
	free(line);
	if (in != stdin)
		fclose(in);
	vg_cli_close_out(out, o->o_out);
	fprintf(stderr, "vuln: %zu findings read, %zu match, %zu lines "
	    "skipped\n", nline - bad, hits, bad);
	return 0;
}

/* ------------------------------------------------------------ options */

int
vg_cli_vuln(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "status",	required_argument, NULL, OPT_STATUS },
		{ "os-release",	required_argument, NULL, OPT_OS_RELEASE },
		{ "ecosystem",	required_argument, NULL, OPT_ECOSYSTEM },
		{ "host",	required_argument, NULL, OPT_HOST },
		{ "hosts",	required_argument, NULL, OPT_HOSTS },
		{ "findings",	required_argument, NULL, OPT_FINDINGS },
		{ "kev",	required_argument, NULL, OPT_KEV },
		{ "format",	required_argument, NULL, OPT_FORMAT },
		{ "threads",	required_argument, NULL, OPT_THREADS },
		{ "advisories",	required_argument, NULL, 'a' },
		{ "output",	required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	struct opts o;
	const char *cmd;
	long ncpu;
	int ch, i, r;

	if (argc < 2)
		usage();
	cmd = argv[1];
	if (strcmp(cmd, "scan") != 0 && strcmp(cmd, "hosts") != 0 &&
	    strcmp(cmd, "affected") != 0)
		usage();
	memset(&o, 0, sizeof(o));
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	o.o_threads = ncpu < 1 ? 1 : ncpu > 16 ? 16 : (unsigned)ncpu;
	argc--;
	argv++;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "a:o:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			push(&o.o_adv, &o.o_nadv, optarg);
			break;
		case 'o':
			o.o_out = optarg;
			break;
		case OPT_STATUS:
			o.o_status = optarg;
			break;
		case OPT_OS_RELEASE:
			o.o_os_release = optarg;
			break;
		case OPT_ECOSYSTEM:
			o.o_ecosystem = optarg;
			break;
		case OPT_HOST:
			o.o_host = optarg;
			break;
		case OPT_HOSTS:
			o.o_hosts_dir = optarg;
			break;
		case OPT_FINDINGS:
			o.o_findings = optarg;
			break;
		case OPT_KEV:
			o.o_kev = optarg;
			break;
		case OPT_FORMAT:
			if (!vg_audit_format_parse(optarg, &o.o_format))
				vg_fatalx("--format: \"%s\" is not jsonl, "
				    "table or csv", optarg);
			break;
		case OPT_THREADS:
			o.o_threads = (unsigned)vg_cli_number("--threads",
			    optarg, 1, 64);
			break;
		default:
			usage();
		}
	}
	/*
	 * Operands: for hosts, DIR then more advisory paths; for affected,
	 * the ids; for scan, more advisory paths ("-a A B C").
	 */
	i = optind;
	if (strcmp(cmd, "hosts") == 0) {
		if (i >= argc)
			usage();
		o.o_hosts_dir = argv[i++];
	}
	for (; i < argc; i++) {
		if (strcmp(cmd, "affected") == 0)
			push(&o.o_ids, &o.o_nids, argv[i]);
		else
			push(&o.o_adv, &o.o_nadv, argv[i]);
	}
	if (strcmp(cmd, "scan") == 0) {
		if (o.o_status == NULL)
			usage();
		r = run_scan(&o);
	} else if (strcmp(cmd, "affected") == 0 && o.o_findings != NULL) {
		if (o.o_nids == 0 || o.o_hosts_dir != NULL)
			usage();
		if (o.o_format != VG_AUDIT_JSONL)
			vg_fatalx("vuln affected --findings: reads and writes "
			    "JSON lines only");
		r = run_findings(&o);
	} else {
		if (o.o_hosts_dir == NULL ||
		    (strcmp(cmd, "affected") == 0 && o.o_nids == 0))
			usage();
		r = run_fleet(&o);
	}
	free(o.o_adv);
	free(o.o_ids);
	return r;
}
