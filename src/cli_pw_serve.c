/*
 * cli_pw_serve.c -- `vigil pw serve': the HIBP-compatible range API
 * (pwserve.h) over the unit's own indexes.  See docs/PW.md.
 *
 * Process setup in the order that leaves the least behind: core dumps
 * off (the process will hold a TLS key), the indexes mapped and the TLS
 * files read, the socket bound; then, when started as root, the
 * supplementary groups, group and user are switched to --user (nobody by
 * default) and the switch is checked; only then does libmicrohttpd start
 * its threads.  SIGINT and SIGTERM are blocked before that, so that every
 * thread inherits the mask and the main thread alone takes them with
 * sigwait() and stops the server cleanly (exit status 0).
 */
#include "vg.h"

#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"
#include "cli_pw.h"
#include "pwdb.h"
#include "pwserve.h"
#include "vg_file.h"

/* An index given with -x, up to one of each kind. */
#define MAX_INDEXES	2

static VG_NORETURN void
serve_usage(void)
{
	fprintf(stderr,
	    "usage: vigil pw serve -x INDEX [-x INDEX] [--listen ADDR:PORT] "
	    "[--tls-cert FILE --tls-key FILE]\n"
	    "                      [--user NAME] [--threads N] "
	    "[--access-log]\n"
	    "Serves GET /range/PREFIX (SHA-1 index) and "
	    "/range/PREFIX?mode=ntlm (NTLM index)\n"
	    "like api.pwnedpasswords.com.  --listen defaults to "
	    VG_DEFAULT_PWSERVE_LISTEN "; as root the\n"
	    "server runs as --user (default nobody) once the indexes are "
	    "open.\n");
	exit(2);
}

/* A TLS file, read whole; the key is refused if others may read it. */
static char *
read_tls(const char *path, bool secret)
{
	struct vg_diag diag;
	struct stat st;
	char *buf;
	size_t len;

	if (secret && stat(path, &st) == 0 && (st.st_mode & 077) != 0)
		vg_fatalx("pw serve: %s: the key may be read by group or "
		    "others (chmod 600 it)", path);
	if (vg_file_read(path, VG_MAX_PWSERVE_TLS_FILE, &buf, &len,
	    &diag) != 0)
		vg_fatalx("pw serve: %s: %s", path, diag.msg);
	if (strlen(buf) != len)
		vg_fatalx("pw serve: %s: not a PEM file", path);
	return buf;
}

/*
 * Become `user' (root only): supplementary groups, then the group, then
 * the user, all three ids of each, and check that root cannot be had
 * back.  Nothing runs in other threads yet.
 */
static void
drop_privileges(const char *user)
{
	struct passwd *pw;
	uid_t ruid, euid, suid;
	gid_t rgid, egid, sgid, gid;

	errno = 0;
	if ((pw = getpwnam(user)) == NULL)
		vg_fatalx("pw serve: --user %s: no such user", user);
	if (pw->pw_uid == 0)
		vg_fatalx("pw serve: --user %s: the server does not run as "
		    "root", user);
	gid = pw->pw_gid;
	if (setgroups(1, &gid) == -1)
		vg_fatal("pw serve: setgroups");
	if (setresgid(gid, gid, gid) == -1)
		vg_fatal("pw serve: setresgid");
	if (setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) == -1)
		vg_fatal("pw serve: setresuid");
	if (getresgid(&rgid, &egid, &sgid) == -1 ||
	    getresuid(&ruid, &euid, &suid) == -1)
		vg_fatal("pw serve: getresuid");
	if (rgid != gid || egid != gid || sgid != gid ||
	    ruid != pw->pw_uid || euid != pw->pw_uid || suid != pw->pw_uid)
		vg_fatalx("pw serve: the switch to %s did not take", user);
	if (setuid(0) != -1 || setgid(0) != -1)
		vg_fatalx("pw serve: root could be regained after the switch "
		    "to %s", user);
}

int
vg_cli_pw_serve(int argc, char **argv)
{
	enum { OPT_LISTEN = 256, OPT_CERT, OPT_KEY, OPT_USER, OPT_THREADS,
	    OPT_ACCESS_LOG };
	static const struct option longopts[] = {
		{ "index", required_argument, NULL, 'x' },
		{ "listen", required_argument, NULL, OPT_LISTEN },
		{ "tls-cert", required_argument, NULL, OPT_CERT },
		{ "tls-key", required_argument, NULL, OPT_KEY },
		{ "user", required_argument, NULL, OPT_USER },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "access-log", no_argument, NULL, OPT_ACCESS_LOG },
		{ NULL, 0, NULL, 0 }
	};
	const char *paths[MAX_INDEXES], *listen_at = VG_DEFAULT_PWSERVE_LISTEN;
	const char *cert_path = NULL, *key_path = NULL, *user = NULL;
	struct vg_pwdb *dbs[MAX_INDEXES] = { NULL, NULL };
	struct vg_pwserve_opts opts;
	struct vg_pwserve *srv;
	struct rlimit rl = { 0, 0 };
	struct vg_diag diag;
	struct sigaction sa;
	sigset_t stop;
	char bound[80], *cert = NULL, *key = NULL;
	const struct vg_pwdb **slot;
	size_t npaths = 0, i;
	int ch, fd, sig, r;

	memset(&opts, 0, sizeof(opts));
	while ((ch = getopt_long(argc, argv, "x:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'x':
			if (npaths == MAX_INDEXES)
				vg_fatalx("pw serve: at most two indexes, one "
				    "SHA-1 and one NTLM");
			paths[npaths++] = optarg;
			break;
		case OPT_LISTEN:
			listen_at = optarg;
			break;
		case OPT_CERT:
			cert_path = optarg;
			break;
		case OPT_KEY:
			key_path = optarg;
			break;
		case OPT_USER:
			user = optarg;
			break;
		case OPT_THREADS:
			opts.so_threads = (unsigned)vg_cli_number("--threads",
			    optarg, 1, VG_MAX_PWSERVE_THREADS);
			break;
		case OPT_ACCESS_LOG:
			opts.so_access_log = true;
			break;
		default:
			serve_usage();
		}
	}
	if (optind != argc)
		serve_usage();
	if (npaths == 0) {
		if ((paths[0] = getenv("VIGIL_PW_INDEX")) == NULL ||
		    paths[0][0] == '\0') {
			vg_warnx("pw serve: no index: give -x INDEX or set "
			    "VIGIL_PW_INDEX");
			serve_usage();
		}
		npaths = 1;
	}
	if ((cert_path == NULL) != (key_path == NULL)) {
		vg_warnx("pw serve: give both --tls-cert and --tls-key");
		serve_usage();
	}
	if (user != NULL && geteuid() != 0)
		vg_fatalx("pw serve: --user needs root");

	/* The process will hold a TLS key: no core file, no ptrace. */
	if (setrlimit(RLIMIT_CORE, &rl) == -1)
		vg_fatal("pw serve: setrlimit(RLIMIT_CORE)");
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1)
		vg_fatal("pw serve: prctl(PR_SET_DUMPABLE)");
	if (sodium_init() < 0)
		vg_fatalx("pw serve: libsodium cannot be initialised");

	for (i = 0; i < npaths; i++) {
		if ((r = vg_pwdb_open(paths[i], &dbs[i], &diag)) != 0) {
			vg_warnx("pw serve: %s: %s", paths[i],
			    diag.msg[0] != '\0' ? diag.msg : vg_strerror(r));
			r = 2;
			goto out;
		}
		slot = vg_pwdb_kind(dbs[i]) == VG_PWDB_NTLM ?
		    &opts.so_index.pi_ntlm : &opts.so_index.pi_sha1;
		if (*slot != NULL)
			vg_fatalx("pw serve: two %s indexes; give one SHA-1 "
			    "and one NTLM", vg_pwdb_kind_name(
			    vg_pwdb_kind(dbs[i])));
		*slot = dbs[i];
	}
	if (cert_path != NULL) {
		cert = read_tls(cert_path, false);
		key = read_tls(key_path, true);
		opts.so_tls_cert = cert;
		opts.so_tls_key = key;
	}
	if ((r = vg_pwserve_listen(listen_at, &fd, bound, sizeof(bound),
	    &diag)) != 0) {
		vg_warnx("pw serve: --listen %s", diag.msg);
		r = 2;
		goto out;
	}
	if (geteuid() == 0)
		drop_privileges(user != NULL ? user : "nobody");

	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &stop, NULL) == -1)
		vg_fatal("pw serve: sigprocmask");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) == -1)
		vg_fatal("pw serve: sigaction(SIGPIPE)");

	opts.so_listen_fd = fd;
	if ((r = vg_pwserve_start(&opts, &srv, &diag)) != 0) {
		vg_warnx("pw serve: %s", diag.msg);
		r = 2;
		goto out;
	}
	fprintf(stderr, "%s: pw serve: listening on %s://%s", vg_progname,
	    cert != NULL ? "https" : "http", bound);
	if (opts.so_index.pi_sha1 != NULL)
		fprintf(stderr, ", SHA-1 %ju hashes",
		    (uintmax_t)vg_pwdb_count(opts.so_index.pi_sha1));
	if (opts.so_index.pi_ntlm != NULL)
		fprintf(stderr, ", NTLM %ju hashes (mode=ntlm)",
		    (uintmax_t)vg_pwdb_count(opts.so_index.pi_ntlm));
	fprintf(stderr, "\n");

	do
		r = sigwait(&stop, &sig);
	while (r == EINTR);
	if (r != 0)
		vg_fatalx("pw serve: sigwait: %s", strerror(r));
	vg_pwserve_stop(srv);
	fprintf(stderr, "%s: pw serve: stopped (%s)\n", vg_progname,
	    sig == SIGINT ? "SIGINT" : "SIGTERM");
	r = 0;
 out:
	for (i = 0; i < npaths; i++)
		vg_pwdb_close(dbs[i]);
	if (key != NULL) {
		sodium_memzero(key, strlen(key));
		free(key);
	}
	free(cert);
	return r;
}
