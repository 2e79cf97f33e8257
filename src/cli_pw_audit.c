/*
 * cli_pw_audit.c -- `vigil pw audit': a directory's NT hashes (a pwdump
 * or secretsdump file) against the NTLM breach corpus.  See cli_pw.h,
 * pwaudit.h for the parser and the grouping, and
 * docs/PW-AUDIT-POLICY.md.
 *
 * NT hashes are password-equivalent, so this runs like pw check: core
 * dumps off before anything is read, each dump read with read(2) into
 * one buffer locked in memory (secmem.h) and wiped as soon as it is
 * parsed, the hashes themselves kept by pwaudit.c in locked memory and
 * wiped once grouped.  Nothing written, to the report or to stderr,
 * holds a hash or a byte of a line that did not parse: problems are
 * reported by file and line.
 */
#include "vg.h"

#include <errno.h>
#include <getopt.h>
#include <time.h>

#include <sodium.h>

#include "cli.h"
#include "cli_pw.h"
#include "pwaudit.h"
#include "pwdb.h"
#include "secmem.h"

/* Warnings of one run printed before only counting them. */
#define MAX_WARNINGS	50

/* Group sizes listed in the summary; the rest are counted. */
#define MAX_SIZES	20

static VG_NORETURN void
usage(void)
{
	fprintf(stderr,
	    "usage: vigil pw audit --ntlm-dump FILE... [-x INDEX] "
	    "[--machines]\n"
	    "                      [--format jsonl|table|csv] [-o OUT]\n"
	    "FILE is a pwdump/secretsdump file (user:rid:lmhash:nthash:::), "
	    "\"-\" for stdin;\n"
	    "INDEX an NTLM breached-password index (vigil pw index --ntlm), "
	    "by default\n$VIGIL_PW_INDEX.\n");
	exit(2);
}

struct warnings {
	unsigned long	n;
};

static void
print_warning(void *arg, const struct vg_diag *d)
{
	struct warnings *w = arg;

	if (w->n++ >= MAX_WARNINGS)
		return;
	vg_warnx("pw audit: %s:%lu: %s", d->src, d->line, d->msg);
	if (w->n == MAX_WARNINGS)
		vg_warnx("pw audit: further warnings are only counted");
}

static int
in_corpus(void *arg, const uint8_t nt[VG_PWAUDIT_NT_LEN], uint32_t *countp)
{
	return vg_pwdb_lookup(arg, nt, VG_PWAUDIT_NT_LEN, countp);
}

static const char *
plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void
summary(const struct vg_pwaudit *a, double secs)
{
	struct vg_pwaudit_stats st;
	const uint32_t *sizes;
	char list[MAX_SIZES * 12 + 32];
	size_t n, i, o = 0;

	vg_pwaudit_stats(a, &st);
	fprintf(stderr, "pw audit: %ju lines: %ju %s audited, %ju machine "
	    "%s and %ju history %s skipped, %ju without an NT hash, "
	    "%ju bad, %ju %s, %ju other\n",
	    (uintmax_t)st.st_lines, (uintmax_t)st.st_accounts,
	    plural(st.st_accounts, "account", "accounts"),
	    (uintmax_t)st.st_machines,
	    plural(st.st_machines, "account", "accounts"),
	    (uintmax_t)st.st_history,
	    plural(st.st_history, "line", "lines"),
	    (uintmax_t)st.st_nohash, (uintmax_t)st.st_bad,
	    (uintmax_t)st.st_duplicates,
	    plural(st.st_duplicates, "duplicate", "duplicates"),
	    (uintmax_t)st.st_other);
	sizes = vg_pwaudit_group_sizes(a, &n);
	list[0] = '\0';
	for (i = 0; i < n && i < MAX_SIZES; i++)
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%u",
		    i > 0 ? ", " : "", (unsigned)sizes[i]);
	if (n > MAX_SIZES)
		snprintf(list + o, sizeof(list) - o, ", ... %zu more",
		    n - MAX_SIZES);
	fprintf(stderr, "pw audit: %ju breached, %ju %s sharing a password "
	    "(%ju %s%s%s), %ju empty, %ju with an LM hash; %.2f s\n",
	    (uintmax_t)st.st_breached, (uintmax_t)st.st_grouped,
	    plural(st.st_grouped, "account", "accounts"),
	    (uintmax_t)st.st_groups,
	    plural(st.st_groups, "group", "groups"),
	    n > 0 ? " of " : "", list,
	    (uintmax_t)st.st_empty, (uintmax_t)st.st_lm, secs);
}

int
vg_cli_pw_audit(int argc, char **argv)
{
	enum { OPT_DUMP = 256, OPT_MACHINES, OPT_FORMAT };
	static const struct option longopts[] = {
		{ "ntlm-dump", required_argument, NULL, OPT_DUMP },
		{ "index", required_argument, NULL, 'x' },
		{ "machines", no_argument, NULL, OPT_MACHINES },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	enum vg_pwaudit_outfmt ofmt = VG_PWAUDIT_OUT_JSONL;
	const char *path = NULL, *out = NULL, **dumps = NULL;
	struct warnings w = { 0 };
	struct timespec t0, t1;
	struct vg_pwaudit *a = NULL;
	struct vg_secmem sm;
	struct vg_pwdb *db = NULL;
	struct vg_diag diag;
	unsigned flags = 0;
	bool warned_lock = false;
	size_t ndumps = 0, i, len;
	char *text;
	FILE *fp;
	int ch, r, status = 2;

	while ((ch = getopt_long(argc, argv, "x:o:", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_DUMP:
			dumps = vg_xreallocarray(dumps, ndumps + 1,
			    sizeof(*dumps));
			dumps[ndumps++] = optarg;
			break;
		case 'x':
			path = optarg;
			break;
		case OPT_MACHINES:
			flags |= VG_PWAUDIT_MACHINES;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "jsonl") == 0)
				ofmt = VG_PWAUDIT_OUT_JSONL;
			else if (strcmp(optarg, "table") == 0)
				ofmt = VG_PWAUDIT_OUT_TABLE;
			else if (strcmp(optarg, "csv") == 0)
				ofmt = VG_PWAUDIT_OUT_CSV;
			else {
				vg_warnx("pw audit: --format: \"%s\" is not "
				    "jsonl, table or csv", optarg);
				usage();
			}
			break;
		case 'o':
			out = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc || ndumps == 0)
		usage();
	if (path == NULL && ((path = getenv("VIGIL_PW_INDEX")) == NULL ||
	    path[0] == '\0')) {
		vg_warnx("pw audit: no index: give -x INDEX or set "
		    "VIGIL_PW_INDEX");
		usage();
	}
	if (vg_secmem_no_dump() != 0)
		vg_fatal("pw audit: cannot turn core dumps off");
	if (sodium_init() < 0)
		vg_fatalx("pw audit: libsodium cannot be initialised");
	if ((r = vg_pwdb_open(path, &db, &diag)) != 0) {
		vg_warnx("pw audit: %s: %s", path, diag.msg[0] != '\0' ?
		    diag.msg : vg_strerror(r));
		goto out;
	}
	if (vg_pwdb_kind(db) != VG_PWDB_NTLM) {
		vg_warnx("pw audit: %s: an index of %s hashes; NT hashes need "
		    "an NTLM index (vigil pw index --ntlm, or the NTLM "
		    "Pwned Passwords files)", path,
		    vg_pwdb_kind_name(vg_pwdb_kind(db)));
		goto out;
	}
	if ((a = vg_pwaudit_new(flags)) == NULL)
		vg_fatalx("pw audit: out of memory");

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < ndumps; i++) {
		if ((r = vg_secmem_read_file(&sm, dumps[i],
		    VG_MAX_PW_DUMP_BYTES, &diag)) != 0) {
			vg_warnx("pw audit: %s: %s", dumps[i], diag.msg);
			goto out;
		}
		if (!sm.sm_locked && !warned_lock) {
			vg_warnx("pw audit: cannot lock the dump in memory "
			    "(%s); NT hashes may reach swap",
			    strerror(sm.sm_lock_errno));
			warned_lock = true;
		}
		/* The dump is wiped as soon as it is parsed. */
		r = vg_pwaudit_add(a, strcmp(dumps[i], "-") == 0 ? "stdin" :
		    dumps[i], sm.sm_p, sm.sm_len, print_warning, &w, &diag);
		vg_secmem_cleanup(&sm);
		if (r != 0) {
			vg_warnx("pw audit: %s:%lu: %s", diag.src, diag.line,
			    diag.msg[0] != '\0' ? diag.msg : vg_strerror(r));
			goto out;
		}
	}
	if ((r = vg_pwaudit_finish(a, in_corpus, db)) != 0) {
		if (r == VG_ERR_NOMEM)
			vg_warnx("pw audit: out of memory");
		else
			vg_warnx("pw audit: %s: %s: the index is damaged "
			    "(vigil pw index rebuilds it)", path,
			    vg_strerror(r));
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);

	fp = vg_cli_open_out(out);
	fputs(vg_pwaudit_out_header(ofmt), fp);
	for (i = 0; i < vg_pwaudit_count(a); i++) {
		if ((r = vg_pwaudit_format(vg_pwaudit_get(a, i), ofmt, &text,
		    &len)) != 0)
			vg_fatalx("pw audit: %s", vg_strerror(r));
		fwrite(text, 1, len, fp);
		free(text);
	}
	vg_cli_close_out(fp, out);
	summary(a, (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	status = 0;
out:
	vg_pwaudit_free(a);
	vg_pwdb_close(db);
	free(dumps);
	return status;
}
