/*
 * cli_accounts.c -- `vigil accounts match | hash | key'.
 *
 * The command line around account.h: read the directory whole (it is
 * small), stream each leaked list through the leak parser in chunks of
 * VG_READ_BUF bytes (gzip is read transparently), and write the results.
 * Every chunk is wiped after it is parsed, since it holds passwords.  An
 * input that cannot be read, or whose format cannot be read at all,
 * stops the run with status 2 and the file named; malformed lines are
 * reported with file:line and counted, and the rest loads.  Key files
 * that group or others may access are refused, as OpenSSH refuses such
 * private keys.
 */
#include "vg.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "account.h"
#include "cli.h"
#include "cli_accounts.h"
#include "pwdb.h"
#include "vg_file.h"

/* Malformed-line messages printed per input before the rest are counted. */
#define MAX_WARNINGS	20

static VG_NORETURN void
usage(void)
{
	fprintf(stderr,
	    "usage: vigil accounts match --directory DIR... "
	    "[--leaked LIST]...\n"
	    "                  [--alias-domain OLD=NEW]... [--org-domain D]...\n"
	    "                  [--key-file UNITKEY] [-x INDEX]\n"
	    "                  [--dir-format auto|csv|ldif]\n"
	    "                  [--leak-format auto|lines|csv|hmac]\n"
	    "                  [--format jsonl|table|csv] [-o OUT]\n"
	    "                  [--indicators FILE] [LIST...]\n"
	    "       vigil accounts hash --key-file MASTER -o DIR\n"
	    "                  [--unit-domains FILE] [--keep-unassigned]\n"
	    "                  [--alias-domain OLD=NEW]...\n"
	    "                  [--leak-format auto|lines|csv] LIST...\n"
	    "       vigil accounts key -o KEYFILE\n"
	    "       vigil accounts key --derive UNIT --key-file MASTER "
	    "-o UNITKEY\n");
	exit(2);
}

/* Messages of one input: the first MAX_WARNINGS printed, all counted. */
struct warns {
	const char	*w_file;
	unsigned long	 w_count;
};

static void
warn_cb(void *arg, const struct vg_diag *d)
{
	struct warns *w = arg;

	if (w->w_count++ < MAX_WARNINGS) {
		if (d->line > 0)
			vg_warnx("%s:%lu: %s", d->src, d->line, d->msg);
		else
			vg_warnx("%s: %s", d->src, d->msg);
	} else if (w->w_count == MAX_WARNINGS + 1)
		vg_warnx("%s: further messages only counted", d->src);
}

static void
diag_fatal(const struct vg_diag *d, const char *file)
{
	if (d->line > 0)
		vg_fatalx("%s:%lu: %s", file, d->line, d->msg);
	vg_fatalx("%s: %s", file, d->msg);
}

/* ------------------------------------------------------------- key files */

/*
 * Read a key file, refusing one that group or others may access, or
 * that another user owns (OpenSSH's rules for private keys).  Exits 2
 * naming the file on any problem.  *unit is "" for a master key.
 */
static void
read_key(const char *path, uint8_t key[VG_ACCOUNT_KEY_LEN], char *unit,
    size_t unitsz)
{
	struct vg_diag d = { 0 };
	struct stat st;
	size_t len;
	char *buf;
	int fd, r;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		vg_fatal("%s", path);
	if (fstat(fd, &st) == -1)
		vg_fatal("%s", path);
	if (!S_ISREG(st.st_mode))
		vg_fatalx("%s: not a regular file", path);
	if ((st.st_mode & 077) != 0)
		vg_fatalx("%s: permissions %04o are too open: a key file must "
		    "not be accessible by group or others (chmod 600 %s)",
		    path, (unsigned)(st.st_mode & 07777), path);
	if (st.st_uid != getuid() && st.st_uid != 0)
		vg_fatalx("%s: owned by uid %u, not by you or root", path,
		    (unsigned)st.st_uid);
	d.src = path;
	if ((r = vg_file_read_fd(fd, VG_MAX_ACCOUNT_KEY_FILE, &buf, &len,
	    &d)) != 0)
		vg_fatalx("%s: %s", path, d.msg);
	close(fd);
	r = vg_account_key_parse(buf, len, key, unit, unitsz, &d);
	sodium_memzero(buf, len);
	free(buf);
	if (r != 0)
		vg_fatalx("%s: %s", path, d.msg);
}

/* Write a new key file, mode 0600; an existing file is not replaced. */
static void
write_key(const char *path, const uint8_t key[VG_ACCOUNT_KEY_LEN],
    const char *unit)
{
	char text[VG_ACCOUNT_KEY_TEXT_MAX];
	size_t len, off = 0;
	ssize_t n;
	int fd;

	if (vg_account_key_format(key, unit, text, sizeof(text)) != 0)
		vg_fatalx("%s: unit name too long", path);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1) {
		if (errno == EEXIST)
			vg_fatalx("%s: exists; not overwritten (remove it "
			    "first)", path);
		vg_fatal("%s", path);
	}
	len = strlen(text);
	while (off < len) {
		if ((n = write(fd, text + off, len - off)) < 0) {
			if (errno == EINTR)
				continue;
			sodium_memzero(text, sizeof(text));
			vg_fatal("%s", path);
		}
		off += (size_t)n;
	}
	sodium_memzero(text, sizeof(text));
	if (fsync(fd) != 0 || close(fd) != 0)
		vg_fatal("%s", path);
}

static int
cmd_key(int argc, char **argv)
{
	enum { OPT_DERIVE = 256, OPT_KEYFILE };
	static const struct option longopts[] = {
		{ "derive", required_argument, NULL, OPT_DERIVE },
		{ "key-file", required_argument, NULL, OPT_KEYFILE },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	uint8_t master[VG_ACCOUNT_KEY_LEN], key[VG_ACCOUNT_KEY_LEN];
	const char *out = NULL, *derive = NULL, *keyfile = NULL;
	char unit[VG_MAX_ACCOUNT_UNIT + 2];
	int ch;

	while ((ch = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			out = optarg;
			break;
		case OPT_DERIVE:
			derive = optarg;
			break;
		case OPT_KEYFILE:
			keyfile = optarg;
			break;
		default:
			usage();
		}
	}
	if (out == NULL || optind != argc || (derive == NULL) !=
	    (keyfile == NULL))
		usage();
	if (derive == NULL) {
		randombytes_buf(key, sizeof(key));
		write_key(out, key, NULL);
		sodium_memzero(key, sizeof(key));
		fprintf(stderr, "%s: new master key (keep it at the centre; "
		    "give each unit its derived key)\n", out);
		return 0;
	}
	if (!vg_account_unit_name_ok(derive))
		vg_fatalx("--derive: \"%s\" is not a unit name (letters, "
		    "digits, '.', '_', '-'; at most %d)", derive,
		    VG_MAX_ACCOUNT_UNIT);
	read_key(keyfile, master, unit, sizeof(unit));
	if (unit[0] != '\0' && strcmp(unit, "?") != 0)
		vg_fatalx("%s: is the key of unit %s, not a master key",
		    keyfile, unit);
	vg_account_unit_key(master, derive, key);
	sodium_memzero(master, sizeof(master));
	write_key(out, key, derive);
	sodium_memzero(key, sizeof(key));
	fprintf(stderr, "%s: key of unit %s\n", out, derive);
	return 0;
}

/* ---------------------------------------------------------- leak lists */

static enum vg_account_leak_format
leak_format(const char *s)
{
	enum vg_account_leak_format f;

	for (f = VG_ACCOUNT_LEAK_AUTO; f < VG_ACCOUNT_LEAK_FORMAT_COUNT; f++)
		if (strcmp(s, vg_account_leak_format_name(f)) == 0)
			return f;
	vg_fatalx("--leak-format: \"%s\" is not auto, lines, csv or hmac", s);
}

/*
 * Stream list `path' ("-": stdin) through a leak parser feeding `rec'.
 * Exits 2 naming the file when it cannot be read or parsed.
 */
static void
run_list(const char *path, enum vg_account_leak_format fmt,
    const struct vg_account_norm *norm, vg_account_rec_fn *rec,
    void *rec_arg, char *buf, struct vg_account_leak_stats *stp)
{
	struct vg_account_leak *lk;
	struct warns w = { path, 0 };
	struct vg_diag d = { 0 };
	struct stat st;
	gzFile gz;
	int fd, n, r, errnum;
	const char *msg;

	if (strcmp(path, "-") == 0)
		fd = dup(STDIN_FILENO);
	else
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		vg_fatal("%s", path);
	if (fstat(fd, &st) == -1)
		vg_fatal("%s", path);
	if (S_ISDIR(st.st_mode))
		vg_fatalx("%s: is a directory", path);
	if ((gz = gzdopen(fd, "rb")) == NULL)
		vg_fatalx("%s: out of memory", path);
	if ((r = vg_account_leak_new(path, fmt, norm, rec, rec_arg, warn_cb,
	    &w, &lk)) != 0)
		vg_fatalx("%s: %s", path, vg_strerror(r));
	while ((n = gzread(gz, buf, VG_READ_BUF)) > 0) {
		r = vg_account_leak_feed(lk, buf, (size_t)n, &d);
		sodium_memzero(buf, (size_t)n);
		if (r != 0)
			diag_fatal(&d, path);
	}
	if (n < 0) {
		msg = gzerror(gz, &errnum);
		vg_fatalx("%s: read: %s", path, errnum == Z_ERRNO ?
		    strerror(errno) : msg);
	}
	if ((r = vg_account_leak_end(lk, &d)) != 0)
		diag_fatal(&d, path);
	vg_account_leak_stats(lk, stp);
	vg_account_leak_free(lk);
	gzclose(gz);
}

static void
print_list_stats(const char *path, const struct vg_account_leak_stats *st)
{
	fprintf(stderr, "accounts: %s: %lu lines, %lu records (%lu with a "
	    "password), %lu malformed, format %s\n", path, st->st_lines,
	    st->st_records, st->st_passwords, st->st_malformed,
	    vg_account_leak_format_name(st->st_format));
}

static void
add_alias(struct vg_account_norm *nm, const char *spec)
{
	int r;

	if ((r = vg_account_norm_alias(nm, spec)) == VG_ERR_NOMEM)
		vg_fatalx("out of memory");
	if (r != 0)
		vg_fatalx("--alias-domain: \"%s\" is not OLD=NEW with two "
		    "different domains, OLD not mapped already", spec);
}

/* --------------------------------------------------------------- hash */

static int
cmd_hash(int argc, char **argv)
{
	enum { OPT_KEYFILE = 256, OPT_UNITS, OPT_KEEP, OPT_ALIAS, OPT_LFMT };
	static const struct option longopts[] = {
		{ "key-file", required_argument, NULL, OPT_KEYFILE },
		{ "unit-domains", required_argument, NULL, OPT_UNITS },
		{ "keep-unassigned", no_argument, NULL, OPT_KEEP },
		{ "alias-domain", required_argument, NULL, OPT_ALIAS },
		{ "leak-format", required_argument, NULL, OPT_LFMT },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	enum vg_account_leak_format lfmt = VG_ACCOUNT_LEAK_AUTO;
	const char *keyfile = NULL, *unitsf = NULL, *outdir = NULL, *unitname;
	struct vg_account_units *units = NULL;
	struct vg_account_hasher *hs;
	struct vg_account_leak_stats st;
	struct vg_account_norm *nm;
	struct warns w = { NULL, 0 };
	struct vg_diag d = { 0 };
	uint8_t master[VG_ACCOUNT_KEY_LEN];
	char keyunit[VG_MAX_ACCOUNT_UNIT + 2], path[4096], tmp[4200], *buf;
	char *text;
	size_t len, i, count;
	bool keep = false;
	FILE *fp;
	int ch, r;

	if ((nm = vg_account_norm_new()) == NULL)
		vg_fatalx("out of memory");
	while ((ch = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			outdir = optarg;
			break;
		case OPT_KEYFILE:
			keyfile = optarg;
			break;
		case OPT_UNITS:
			unitsf = optarg;
			break;
		case OPT_KEEP:
			keep = true;
			break;
		case OPT_ALIAS:
			add_alias(nm, optarg);
			break;
		case OPT_LFMT:
			lfmt = leak_format(optarg);
			if (lfmt == VG_ACCOUNT_LEAK_HMAC)
				vg_fatalx("--leak-format hmac: digest lists "
				    "cannot be hashed again");
			break;
		default:
			usage();
		}
	}
	if (keyfile == NULL || outdir == NULL || optind >= argc)
		usage();
	if (keep && unitsf == NULL)
		vg_fatalx("--keep-unassigned needs --unit-domains");
	read_key(keyfile, master, keyunit, sizeof(keyunit));
	if (keyunit[0] != '\0' && strcmp(keyunit, "?") != 0)
		vg_fatalx("%s: is the key of unit %s; accounts hash needs the "
		    "master key", keyfile, keyunit);
	if (unitsf != NULL) {
		if ((r = vg_file_read(unitsf, VG_MAX_ACCOUNT_UNITS_BYTES, &buf,
		    &len, &d)) != 0)
			vg_fatalx("%s: %s", unitsf, d.msg);
		w.w_file = unitsf;
		if ((r = vg_account_units_parse(unitsf, buf, len, nm, warn_cb,
		    &w, &units, &d)) != 0)
			diag_fatal(&d, unitsf);
		free(buf);
	}
	if ((r = vg_account_hasher_new(master, units, keep, &hs)) != 0)
		vg_fatalx("%s", vg_strerror(r));
	sodium_memzero(master, sizeof(master));
	buf = vg_xmalloc(VG_READ_BUF);
	for (i = (size_t)optind; i < (size_t)argc; i++) {
		run_list(argv[i], lfmt, nm, vg_account_hasher_rec, hs, buf,
		    &st);
		print_list_stats(argv[i], &st);
	}
	free(buf);
	if (mkdir(outdir, 0755) != 0 && errno != EEXIST)
		vg_fatal("%s", outdir);
	for (i = 0; i < vg_account_hasher_nfiles(hs); i++) {
		if ((r = vg_account_hasher_file(hs, i, &unitname, &text, &len,
		    &count)) != 0)
			vg_fatalx("%s", vg_strerror(r));
		snprintf(path, sizeof(path), "%s/%s.hmac", outdir, unitname);
		snprintf(tmp, sizeof(tmp), "%s.tmp", path);
		if ((fp = fopen(tmp, "w")) == NULL)
			vg_fatal("%s", tmp);
		if (fwrite(text, 1, len, fp) != len || fclose(fp) != 0)
			vg_fatal("%s", tmp);
		if (rename(tmp, path) != 0)
			vg_fatal("%s", path);
		free(text);
		fprintf(stderr, "accounts: %s: %zu digests\n", path, count);
	}
	if (units != NULL)
		fprintf(stderr, "accounts: %lu identifiers of no unit%s\n",
		    vg_account_hasher_unassigned(hs), keep ?
		    " (in _unassigned.hmac)" : " (not written; "
		    "--keep-unassigned keeps them)");
	vg_account_hasher_free(hs);
	vg_account_units_free(units);
	vg_account_norm_free(nm);
	return 0;
}

/* -------------------------------------------------------------- match */

struct unit_count {
	const char	*uc_unit;
	unsigned long	 uc_n;
	unsigned long	 uc_pw;
};

static int
unit_count_cmp(const void *a, const void *b)
{
	return strcmp(((const struct unit_count *)a)->uc_unit,
	    ((const struct unit_count *)b)->uc_unit);
}

static void
print_units(const struct vg_account_match *m, size_t naccounts)
{
	struct unit_count *uc = NULL;
	struct vg_account_result rs;
	size_t n = 0, i, k, pw = 0;

	for (i = 0; i < vg_account_match_count(m); i++) {
		vg_account_match_result(m, i, &rs);
		pw += rs.rs_password;
		for (k = 0; k < n; k++)
			if (strcmp(uc[k].uc_unit, rs.rs_account->ac_unit) == 0)
				break;
		if (k == n) {
			uc = vg_xreallocarray(uc, n + 1, sizeof(*uc));
			uc[n++] = (struct unit_count){
			    rs.rs_account->ac_unit, 0, 0 };
		}
		uc[k].uc_n++;
		uc[k].uc_pw += rs.rs_password;
	}
	fprintf(stderr, "accounts: %zu of %zu accounts matched, %zu with a "
	    "password\n", vg_account_match_count(m), naccounts, pw);
	if (n > 0)
		qsort(uc, n, sizeof(*uc), unit_count_cmp);
	for (i = 0; i < n; i++)
		fprintf(stderr, "accounts:   unit %s: %lu matched, %lu with a "
		    "password\n", uc[i].uc_unit[0] != '\0' ? uc[i].uc_unit :
		    "(none)", uc[i].uc_n, uc[i].uc_pw);
	free(uc);
}

/*
 * The matched accounts as a plain indicator list that `vigil scan -i'
 * loads as accounts: every identifier in e-mail form (mail, UPN,
 * aliases, what matched) and each bare login as login@D for each
 * --org-domain D.  A plain list cannot carry a bare login (ioc_feed.c
 * reads a word without '@' as a domain), so those are counted instead.
 */
static void
write_indicators(const char *path, const struct vg_account_match *m,
    const char *const *orgs, size_t norgs)
{
	struct vg_account_result rs;
	const struct vg_account *ac;
	unsigned long bare = 0;
	size_t i, k, j;
	bool any;
	FILE *fp;

	if ((fp = fopen(path, "w")) == NULL)
		vg_fatal("%s", path);
	fprintf(fp, "# vigil accounts match: leaked accounts of the "
	    "organization\n# Category: leaked\n");
	for (i = 0; i < vg_account_match_count(m); i++) {
		vg_account_match_result(m, i, &rs);
		ac = rs.rs_account;
		any = false;
		for (k = 0; k < ac->ac_nidents; k++) {
			const struct vg_account_ident *ai = &ac->ac_idents[k];

			if (strchr(ai->ai_value, '@') != NULL) {
				fprintf(fp, "%s\n", ai->ai_value);
				any = true;
				continue;
			}
			if (ai->ai_kind != VG_ACCOUNT_ID_LOGIN)
				continue;
			for (j = 0; j < norgs; j++) {
				fprintf(fp, "%s@%s\n", ai->ai_value, orgs[j]);
				any = true;
			}
		}
		/* What matched, unless it is one of the account's own. */
		for (k = 0; k < rs.rs_nmatched; k++) {
			if (strchr(rs.rs_matched[k], '@') == NULL)
				continue;
			for (j = 0; j < ac->ac_nidents; j++)
				if (strcmp(ac->ac_idents[j].ai_value,
				    rs.rs_matched[k]) == 0)
					break;
			if (j == ac->ac_nidents)
				fprintf(fp, "%s\n", rs.rs_matched[k]);
		}
		bare += !any;
	}
	if (fclose(fp) != 0)
		vg_fatal("%s", path);
	if (bare > 0)
		vg_warnx("%s: %lu accounts have only a bare login, which a "
		    "plain indicator list cannot carry; give --org-domain",
		    path, bare);
}

/*
 * The breach-corpus hook: the SHA-1 of a leaked password in the pwdb
 * index (`-x').  A corrupt entry counts as absent, with a message.
 */
static bool
in_corpus(void *arg, const uint8_t sha1[VG_ACCOUNT_SHA1_LEN],
    uint32_t *countp)
{
	const struct vg_pwdb *db = arg;
	uint32_t count = 0;
	int r;

	if ((r = vg_pwdb_lookup(db, sha1, VG_ACCOUNT_SHA1_LEN, &count)) != 0) {
		vg_warnx("breach index: %s", vg_strerror(r));
		return false;
	}
	*countp = count;
	return count > 0;
}

static int
cmd_match(int argc, char **argv)
{
	enum { OPT_LEAKED = 256, OPT_DIR, OPT_ALIAS, OPT_ORG, OPT_KEYFILE,
	    OPT_DFMT, OPT_LFMT, OPT_FORMAT, OPT_IND };
	static const struct option longopts[] = {
		{ "leaked", required_argument, NULL, OPT_LEAKED },
		{ "directory", required_argument, NULL, OPT_DIR },
		{ "alias-domain", required_argument, NULL, OPT_ALIAS },
		{ "org-domain", required_argument, NULL, OPT_ORG },
		{ "key-file", required_argument, NULL, OPT_KEYFILE },
		{ "breach-index", required_argument, NULL, 'x' },
		{ "dir-format", required_argument, NULL, OPT_DFMT },
		{ "leak-format", required_argument, NULL, OPT_LFMT },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "output", required_argument, NULL, 'o' },
		{ "indicators", required_argument, NULL, OPT_IND },
		{ NULL, 0, NULL, 0 }
	};
	enum vg_account_leak_format lfmt = VG_ACCOUNT_LEAK_AUTO;
	enum vg_account_dir_format dfmt = VG_ACCOUNT_DIR_AUTO;
	enum vg_account_outfmt ofmt = VG_ACCOUNT_OUT_JSONL;
	const char **lists = NULL, **dirs = NULL, **orgs = NULL;
	const char *keyfile = NULL, *index = NULL, *out = NULL;
	const char *indicators = NULL;
	size_t nlists = 0, ndirs = 0, norgs = 0, i, len;
	struct vg_account_norm *nm;
	struct vg_account_dir *dir;
	struct vg_account_match *m;
	struct vg_pwdb *db = NULL;
	struct vg_account_dir_stats ds;
	struct vg_account_leak_stats st;
	struct vg_account_result rs;
	struct vg_diag d = { 0 };
	struct warns w;
	uint8_t key[VG_ACCOUNT_KEY_LEN];
	char keyunit[VG_MAX_ACCOUNT_UNIT + 2], *buf, *text;
	FILE *fp;
	int ch, r;

	if ((nm = vg_account_norm_new()) == NULL)
		vg_fatalx("out of memory");
	while ((ch = getopt_long(argc, argv, "o:x:", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_LEAKED:
			lists = vg_xreallocarray(lists, nlists + 1,
			    sizeof(*lists));
			lists[nlists++] = optarg;
			break;
		case OPT_DIR:
			dirs = vg_xreallocarray(dirs, ndirs + 1, sizeof(*dirs));
			dirs[ndirs++] = optarg;
			break;
		case OPT_ALIAS:
			add_alias(nm, optarg);
			break;
		case OPT_ORG:
			orgs = vg_xreallocarray(orgs, norgs + 1, sizeof(*orgs));
			orgs[norgs++] = optarg;
			break;
		case OPT_KEYFILE:
			keyfile = optarg;
			break;
		case 'x':
			index = optarg;
			break;
		case OPT_DFMT:
			if (strcmp(optarg, "auto") == 0)
				dfmt = VG_ACCOUNT_DIR_AUTO;
			else if (strcmp(optarg, "csv") == 0)
				dfmt = VG_ACCOUNT_DIR_CSV;
			else if (strcmp(optarg, "ldif") == 0)
				dfmt = VG_ACCOUNT_DIR_LDIF;
			else
				vg_fatalx("--dir-format: \"%s\" is not auto, "
				    "csv or ldif", optarg);
			break;
		case OPT_LFMT:
			lfmt = leak_format(optarg);
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "jsonl") == 0)
				ofmt = VG_ACCOUNT_OUT_JSONL;
			else if (strcmp(optarg, "table") == 0)
				ofmt = VG_ACCOUNT_OUT_TABLE;
			else if (strcmp(optarg, "csv") == 0)
				ofmt = VG_ACCOUNT_OUT_CSV;
			else
				vg_fatalx("--format: \"%s\" is not jsonl, "
				    "table or csv", optarg);
			break;
		case 'o':
			out = optarg;
			break;
		case OPT_IND:
			indicators = optarg;
			break;
		default:
			usage();
		}
	}
	for (; optind < argc; optind++) {
		lists = vg_xreallocarray(lists, nlists + 1, sizeof(*lists));
		lists[nlists++] = argv[optind];
	}
	if (ndirs == 0 || nlists == 0)
		usage();
	if (index != NULL) {
		if (vg_pwdb_open(index, &db, &d) != 0)
			vg_fatalx("%s: %s", index, d.msg);
		if (vg_pwdb_kind(db) != VG_PWDB_SHA1)
			vg_fatalx("%s: an index of %s hashes; leaked passwords "
			    "are checked as SHA-1", index,
			    vg_pwdb_kind_name(vg_pwdb_kind(db)));
	}
	/* Aliases first: org domains are stored under their new names. */
	for (i = 0; i < norgs; i++)
		if ((r = vg_account_norm_org_domain(nm, orgs[i])) != 0)
			vg_fatalx("--org-domain: \"%s\" is not a domain",
			    orgs[i]);
	if ((dir = vg_account_dir_new(nm)) == NULL)
		vg_fatalx("out of memory");
	for (i = 0; i < ndirs; i++) {
		if ((r = vg_file_read(dirs[i], VG_MAX_ACCOUNT_DIR_BYTES, &buf,
		    &len, &d)) != 0)
			vg_fatalx("%s: %s", dirs[i], d.msg);
		w = (struct warns){ dirs[i], 0 };
		if ((r = vg_account_dir_parse(dir, dirs[i], buf, len, dfmt,
		    warn_cb, &w, &d)) != 0)
			diag_fatal(&d, dirs[i]);
		free(buf);
	}
	vg_account_dir_stats(dir, &ds);
	fprintf(stderr, "accounts: directory: %zu accounts from %zu records "
	    "(%zu malformed, %zu duplicates, %zu shared identifiers)\n",
	    ds.st_accounts, ds.st_records, ds.st_malformed, ds.st_duplicates,
	    ds.st_shared);
	if ((r = vg_account_match_new(dir, &m)) != 0)
		vg_fatalx("%s", vg_strerror(r));
	if (db != NULL)
		vg_account_match_corpus(m, in_corpus, db);
	if (keyfile != NULL) {
		read_key(keyfile, key, keyunit, sizeof(keyunit));
		if (vg_account_match_key(m, key, keyunit) != 0)
			vg_fatalx("out of memory");
		sodium_memzero(key, sizeof(key));
	}
	buf = vg_xmalloc(VG_READ_BUF);
	for (i = 0; i < nlists; i++) {
		run_list(lists[i], lfmt, nm, vg_account_match_rec, m, buf,
		    &st);
		print_list_stats(lists[i], &st);
	}
	free(buf);
	if ((r = vg_account_match_finish(m)) != 0)
		vg_fatalx("%s", vg_strerror(r));
	fp = vg_cli_open_out(out);
	fputs(vg_account_out_header(ofmt), fp);
	for (i = 0; i < vg_account_match_count(m); i++) {
		vg_account_match_result(m, i, &rs);
		if ((r = vg_account_result_format(&rs, ofmt, &text,
		    &len)) != 0)
			vg_fatalx("%s: %s", rs.rs_account->ac_id,
			    vg_strerror(r));
		fwrite(text, 1, len, fp);
		free(text);
	}
	vg_cli_close_out(fp, out);
	if (indicators != NULL) {
		const char *const *norm_orgs = vg_account_norm_org_domains(nm,
		    &len);

		write_indicators(indicators, m, norm_orgs, len);
	}
	print_units(m, ds.st_accounts);
	vg_account_match_free(m);
	vg_account_dir_free(dir);
	vg_account_norm_free(nm);
	vg_pwdb_close(db);
	free(lists);
	free(dirs);
	free(orgs);
	return 0;
}

int
vg_cli_accounts(int argc, char **argv)
{
	if (argc < 2)
		usage();
	if (sodium_init() < 0)
		vg_fatalx("libsodium failed to initialise");
	optind = 1;
	if (strcmp(argv[1], "match") == 0)
		return cmd_match(argc - 1, argv + 1);
	if (strcmp(argv[1], "hash") == 0)
		return cmd_hash(argc - 1, argv + 1);
	if (strcmp(argv[1], "key") == 0)
		return cmd_key(argc - 1, argv + 1);
	usage();
}
