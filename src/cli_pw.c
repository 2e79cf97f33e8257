/*
 * cli_pw.c -- `vigil pw index' and `vigil pw check'.  See cli_pw.h, and
 * pwdb.h for the index.
 *
 * pw check handles plaintext passwords, so it treats them as secrets:
 * core dumps are off (RLIMIT_CORE 0, and PR_SET_DUMPABLE 0, which also
 * keeps other processes of the user from reading its memory through
 * /proc or ptrace) before anything is read; stdin is read with read(2)
 * into one buffer (stdio would keep copies in its own buffer), locked in
 * memory where the system allows it; each line is wiped as soon as it is
 * answered, and so is every hash.  secmem.h does the first two for pw
 * check, pw audit and pw policy alike.  Passwords never
 * reach stdout, stderr or a file: answers are counts, and problems are
 * reported by line number only.
 */
#include "vg.h"

#include <errno.h>
#include <getopt.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"
#include "cli_pw.h"
#include "pwdb.h"
#include "secmem.h"

/* Input buffer of pw check; must exceed VG_MAX_PW_LINE + 1. */
#define CHECK_BUF	(64 * 1024)

#define VG_STR_(x)	#x
#define VG_STR(x)	VG_STR_(x)

/* Warnings of pw index printed before only counting them. */
#define MAX_WARNINGS	50

static VG_NORETURN void
usage(void)
{
	fprintf(stderr,
	    "usage: vigil pw index SRC... [--passwords LIST]... "
	    "[--sha1 | --ntlm] -o INDEX\n"
	    "       vigil pw check [-x INDEX] [--hash] [--json]\n"
	    "       vigil pw serve -x INDEX [--listen ADDR:PORT] "
	    "[--tls-cert FILE --tls-key FILE]\n"
	    "       vigil pw audit --ntlm-dump FILE... [-x INDEX] "
	    "[--machines] [--format F] [-o OUT]\n"
	    "       vigil pw policy [-x INDEX] [--mfa] [--context WORD]... "
	    "[--context-file FILE]... [--json]\n"
	    "SRC is a Pwned Passwords HASH:COUNT file or a directory of "
	    "range files,\n"
	    "LIST a plain password list.  pw check reads passwords (with "
	    "--hash, SHA-1\n"
	    "or NTLM hex digests) from stdin, one a line; INDEX defaults to "
	    "$VIGIL_PW_INDEX.\n");
	exit(2);
}

/* ------------------------------------------------------------- index */

struct warnings {
	unsigned long	n;
};

static void
print_warning(void *arg, const struct vg_diag *d)
{
	struct warnings *w = arg;

	if (w->n++ >= MAX_WARNINGS)
		return;
	if (d->line > 0)
		vg_warnx("%s:%lu: %s", d->src, d->line, d->msg);
	else
		vg_warnx("%s: %s", d->src, d->msg);
	if (w->n == MAX_WARNINGS)
		vg_warnx("further warnings are only counted");
}

static int
pw_index(int argc, char **argv)
{
	enum { OPT_PASSWORDS = 256, OPT_SHA1, OPT_NTLM };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "passwords", required_argument, NULL, OPT_PASSWORDS },
		{ "sha1", no_argument, NULL, OPT_SHA1 },
		{ "ntlm", no_argument, NULL, OPT_NTLM },
		{ NULL, 0, NULL, 0 }
	};
	struct vg_pwdb_build_stats st;
	struct vg_pwdb_src *srcs = NULL;
	struct warnings w = { 0 };
	struct vg_diag diag;
	struct timespec t0, t1;
	enum vg_pwdb_kind kind = VG_PWDB_ANY;
	const char *out = NULL;
	size_t n = 0;
	double secs;
	int ch, r;

	while ((ch = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			out = optarg;
			break;
		case OPT_PASSWORDS:
			srcs = vg_xreallocarray(srcs, n + 1, sizeof(*srcs));
			srcs[n++] = (struct vg_pwdb_src){ optarg, true };
			break;
		case OPT_SHA1:
		case OPT_NTLM:
			if (kind != VG_PWDB_ANY)
				vg_fatalx("pw index: give one of --sha1 and "
				    "--ntlm");
			kind = ch == OPT_SHA1 ? VG_PWDB_SHA1 : VG_PWDB_NTLM;
			break;
		default:
			usage();
		}
	}
	for (; optind < argc; optind++) {
		srcs = vg_xreallocarray(srcs, n + 1, sizeof(*srcs));
		srcs[n++] = (struct vg_pwdb_src){ argv[optind], false };
	}
	if (out == NULL || n == 0)
		usage();
	if (n > VG_MAX_PW_SOURCES)
		vg_fatalx("pw index: more than %d sources", VG_MAX_PW_SOURCES);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = vg_pwdb_build(out, srcs, n, kind, print_warning, &w, &st, &diag);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	free(srcs);
	if (r != 0) {
		if (diag.line > 0)
			vg_warnx("pw index: %s:%lu: %s", diag.src, diag.line,
			    diag.msg);
		else
			vg_warnx("pw index: %s: %s", diag.src,
			    diag.msg[0] != '\0' ? diag.msg : vg_strerror(r));
		vg_warnx("pw index: %s not written", out);
		return 2;
	}
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	fprintf(stderr, "%s: %ju %s hashes from %ju lines of %ju files "
	    "(%ju padding, %ju bad, %ju blank), %.1f MB, %.2f bytes/hash, "
	    "%.2f s\n", out, (uintmax_t)st.bs_hashes,
	    vg_pwdb_kind_name(st.bs_kind), (uintmax_t)st.bs_lines,
	    (uintmax_t)st.bs_files, (uintmax_t)st.bs_padding,
	    (uintmax_t)st.bs_bad, (uintmax_t)st.bs_blank,
	    (double)st.bs_bytes / 1e6, st.bs_hashes > 0 ?
	    (double)st.bs_bytes / (double)st.bs_hashes : 0.0, secs);
	return 0;
}

/* ------------------------------------------------------------- check */

struct checker {
	const struct vg_pwdb	*db;
	const char		*index;
	enum vg_pwdb_kind	 kind;
	bool			 hash_mode;	/* --hash */
	bool			 json;
	unsigned long		 line;
	unsigned long		 failed;
	unsigned long		 found;
};

/*
 * No core file and no ptrace or /proc access to this process's memory
 * by others: it is about to hold passwords.
 */
static void
harden(void)
{
	if (vg_secmem_no_dump() != 0)
		vg_fatal("pw check: cannot turn core dumps off");
}

/*
 * Answer one line: p[0, len) is the line without its newline, or, when
 * `toolong', nothing (the line is longer than the buffer allows and its
 * bytes are gone).  The caller wipes the line.
 */
static void
check_line(void *arg, const char *p, size_t len, bool toolong)
{
	struct checker *c = arg;
	uint8_t hash[VG_PWDB_HASH_MAX];
	char hex[2 * VG_PWDB_HASH_MAX + 1];
	enum vg_pwdb_kind kind;
	const char *err = NULL;
	uint32_t count = 0;
	int r;

	c->line++;
	if (!toolong && len > 0 && p[len - 1] == '\r')
		len--;
	if (toolong || len > VG_MAX_PW_LINE)
		err = "too long";
	else if (c->hash_mode) {
		if (vg_pwdb_hash_parse(p, len, hash, &kind) != 0)
			err = "not a hex digest";
		else if (kind != c->kind)
			err = kind == VG_PWDB_NTLM ?
			    "NTLM digest, SHA-1 index" :
			    "SHA-1 digest, NTLM index";
	} else if (vg_pwdb_hash_password(c->kind, p, len, hash) != 0)
		err = "invalid UTF-8";
	if (err == NULL) {
		r = vg_pwdb_lookup(c->db, hash, vg_pwdb_kind_hashlen(c->kind),
		    &count);
		if (r != 0)
			vg_fatalx("pw check: %s: %s: the index is damaged "
			    "(vigil pw index rebuilds it)", c->index,
			    vg_strerror(r));
		c->found += count > 0;
	}
	if (err != NULL) {
		/* The line number only: the line may be a password. */
		c->failed++;
		vg_warnx("pw check: line %lu: %s%s, not checked", c->line, err,
		    toolong || len > VG_MAX_PW_LINE ? " (over "
		    VG_STR(VG_MAX_PW_LINE) " bytes)" : "");
		if (c->json)
			printf("{\"line\":%lu,\"error\":\"%s\"}\n", c->line,
			    err);
		else
			printf("error\n");
	} else if (c->hash_mode) {
		/* The digest was the input: echoing it leaks nothing new. */
		vg_pwdb_hash_format(hash, vg_pwdb_kind_hashlen(c->kind), hex);
		if (c->json)
			printf("{\"line\":%lu,\"hash\":\"%s\",\"count\":%u}\n",
			    c->line, hex, (unsigned)count);
		else
			printf("%s:%u\n", hex, (unsigned)count);
		sodium_memzero(hex, sizeof(hex));
	} else if (c->json)
		printf("{\"line\":%lu,\"count\":%u}\n", c->line,
		    (unsigned)count);
	else
		printf("%u\n", (unsigned)count);
	sodium_memzero(hash, sizeof(hash));
}

static int
pw_check(int argc, char **argv)
{
	enum { OPT_HASH = 256, OPT_JSON, OPT_STATS };
	static const struct option longopts[] = {
		{ "index", required_argument, NULL, 'x' },
		{ "hash", no_argument, NULL, OPT_HASH },
		{ "json", no_argument, NULL, OPT_JSON },
		/* Not in the usage: timing for benchmarks. */
		{ "stats", no_argument, NULL, OPT_STATS },
		{ NULL, 0, NULL, 0 }
	};
	struct checker c;
	struct vg_pwdb *db;
	struct vg_diag diag;
	const char *path = NULL;
	bool stats = false;
	double secs;
	int ch, r;

	memset(&c, 0, sizeof(c));
	while ((ch = getopt_long(argc, argv, "x:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'x':
			path = optarg;
			break;
		case OPT_HASH:
			c.hash_mode = true;
			break;
		case OPT_JSON:
			c.json = true;
			break;
		case OPT_STATS:
			stats = true;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (path == NULL && ((path = getenv("VIGIL_PW_INDEX")) == NULL ||
	    path[0] == '\0')) {
		vg_warnx("pw check: no index: give -x INDEX or set "
		    "VIGIL_PW_INDEX");
		usage();
	}
	harden();
	if (sodium_init() < 0)
		vg_fatalx("pw check: libsodium cannot be initialised");
	if ((r = vg_pwdb_open(path, &db, &diag)) != 0) {
		vg_warnx("pw check: %s: %s", path, diag.msg[0] != '\0' ?
		    diag.msg : vg_strerror(r));
		return 2;
	}
	c.db = db;
	c.index = path;
	c.kind = vg_pwdb_kind(db);

	r = vg_cli_pw_lines("pw check", CHECK_BUF, check_line, &c, &secs);
	if (stats) {
		fprintf(stderr, "%lu lines, %lu found, %lu not checked, "
		    "%.3f s, %.0f lines/s\n", c.line, c.found, c.failed, secs,
		    secs > 0 ? (double)c.line / secs : 0.0);
	}
	vg_pwdb_close(db);
	if (r != 0)
		return 2;
	return c.failed > 0 ? 1 : 0;
}

int
vg_cli_pw_lines(const char *cmd, size_t bufsize, vg_secmem_line_fn *fn,
    void *arg, double *secsp)
{
	struct vg_secmem sm;
	struct timespec t0, t1;
	int r;

	if (vg_secmem_init(&sm, bufsize) != 0)
		vg_fatal("%s: the input buffer", cmd);
	if (!sm.sm_locked)
		vg_warnx("%s: cannot lock the input buffer in memory (%s); "
		    "passwords may reach swap", cmd,
		    strerror(sm.sm_lock_errno));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = vg_secmem_lines(&sm, STDIN_FILENO, VG_MAX_PW_LINE, stdout, fn,
	    arg);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (r == VG_ERR_IO)
		vg_fatal("%s: stdout", cmd);
	if (r != 0)
		vg_warnx("%s: stdin: %s", cmd, strerror(errno));
	vg_secmem_cleanup(&sm);
	vg_cli_close_out(stdout, "stdout");
	*secsp = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	return r;
}

int
vg_cli_pw(int argc, char **argv)
{
	if (argc < 2)
		usage();
	optind = 1;
	if (strcmp(argv[1], "index") == 0)
		return pw_index(argc - 1, argv + 1);
	if (strcmp(argv[1], "check") == 0)
		return pw_check(argc - 1, argv + 1);
	if (strcmp(argv[1], "serve") == 0)
		return vg_cli_pw_serve(argc - 1, argv + 1);
	if (strcmp(argv[1], "audit") == 0)
		return vg_cli_pw_audit(argc - 1, argv + 1);
	if (strcmp(argv[1], "policy") == 0)
		return vg_cli_pw_policy(argc - 1, argv + 1);
	usage();
}
