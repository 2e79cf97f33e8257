/*
 * cli_pw_policy.c -- `vigil pw policy': candidate passwords from stdin,
 * one a line, checked against NIST SP 800-63B rev. 4 (pwpolicy.h), one
 * answer a line in order.  See cli_pw.h and docs/PW-AUDIT-POLICY.md.
 *
 * The same hygiene as pw check, with the same code (secmem.h): core
 * dumps off before anything is read, stdin read with read(2) into one
 * locked buffer, each line wiped as soon as it is answered.  Answers
 * hold no byte of a password; problems are reported by line number.
 * Context files are read into a locked buffer too and wiped, since a
 * "secret:" word is the user's own.
 */
#include "vg.h"

#include <errno.h>
#include <getopt.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"
#include "cli_pw.h"
#include "pwdb.h"
#include "pwpolicy.h"
#include "secmem.h"

/* Input buffer; must exceed VG_MAX_PW_LINE + 2. */
#define POLICY_BUF	(64 * 1024)

#define VG_STR_(x)	#x
#define VG_STR(x)	VG_STR_(x)

static VG_NORETURN void
usage(void)
{
	fprintf(stderr,
	    "usage: vigil pw policy [-x INDEX] [--mfa] [--context WORD]... "
	    "[--context-file FILE]...\n"
	    "                       [--json]\n"
	    "Passwords on stdin, one a line; one answer a line: \"ok\" or "
	    "\"reject: REASONS\".\n"
	    "WORD may be org:WORD, unit:WORD, user:WORD or secret:WORD (never "
	    "shown).\n"
	    "INDEX (SHA-1 or NTLM) defaults to $VIGIL_PW_INDEX; without one, "
	    "breaches are\nnot checked.\n");
	exit(2);
}

struct policy_run {
	const struct vg_pwpolicy *pol;
	const char		*index;
	bool			 json;
	unsigned long		 line;
	unsigned long		 ok;
	unsigned long		 rejected;
	unsigned long		 failed;
};

static int
in_corpus(void *arg, const uint8_t *hash, size_t hashlen, uint32_t *countp)
{
	return vg_pwdb_lookup(arg, hash, hashlen, countp);
}

/* Add a context word; `where' names it in messages, never the word. */
static void
add_context(struct vg_pwpolicy *pol, const char *where, const char *s,
    size_t len)
{
	int r;

	r = vg_pwpolicy_context_add(pol, s, len);
	if (r == 1)
		vg_warnx("pw policy: %s: fewer than %d characters, not used",
		    where, VG_PWPOLICY_CONTEXT_MIN);
	else if (r == VG_ERR_INVAL)
		vg_fatalx("pw policy: %s: empty, not UTF-8, or a control "
		    "character", where);
	else if (r == VG_ERR_LIMIT)
		vg_fatalx("pw policy: %s: longer than %d bytes, or more than "
		    "%d words", where, VG_MAX_PW_LINE,
		    VG_MAX_PW_CONTEXT_WORDS);
	else if (r != 0)
		vg_fatalx("pw policy: %s: %s", where, vg_strerror(r));
}

static void
add_context_file(struct vg_pwpolicy *pol, const char *path)
{
	struct vg_secmem sm;
	struct vg_diag diag;
	char where[300];
	const char *p, *end, *nl;
	unsigned long line = 0;
	size_t n, i;

	if (vg_secmem_read_file(&sm, path, VG_MAX_PW_CONTEXT_FILE,
	    &diag) != 0)
		vg_fatalx("pw policy: %s: %s", path, diag.msg);
	for (p = sm.sm_p, end = sm.sm_p + sm.sm_len; p < end; p += n + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl != NULL ? nl : end) - p);
		line++;
		for (i = 0; i < n && (p[i] == ' ' || p[i] == '\t' ||
		    p[i] == '\r'); i++)
			;
		if (i == n || p[i] == '#') {
			if (nl == NULL)
				break;
			continue;
		}
		snprintf(where, sizeof(where), "%s:%lu", path, line);
		add_context(pol, where, p, n);
		if (nl == NULL)
			break;
	}
	vg_secmem_cleanup(&sm);
}

/*
 * Answer one line: p[0, len) without its newline, or, when `toolong',
 * nothing (its bytes are gone).  The caller wipes the line.
 */
static void
policy_line(void *arg, const char *p, size_t len, bool toolong)
{
	struct policy_run *c = arg;
	struct vg_pwpolicy_result res;
	const char *err = NULL;
	size_t tlen;
	char *text;
	int r;

	c->line++;
	if (!toolong && len > 0 && p[len - 1] == '\r')
		len--;
	if (toolong)
		r = VG_ERR_LIMIT;
	else
		r = vg_pwpolicy_check(c->pol, p, len, &res);
	if (r == VG_ERR_LIMIT)
		err = "too long";
	else if (r == VG_ERR_INVAL)
		err = "invalid UTF-8";
	else if (r == VG_ERR_NOMEM)
		vg_fatalx("pw policy: out of memory");
	else if (r != 0)
		vg_fatalx("pw policy: %s: %s: the index is damaged "
		    "(vigil pw index rebuilds it)", c->index, vg_strerror(r));
	if (err != NULL) {
		/* The line number only: the line is a password. */
		c->failed++;
		vg_warnx("pw policy: line %lu: %s%s, not checked", c->line,
		    err, r == VG_ERR_LIMIT ? " (over "
		    VG_STR(VG_MAX_PW_LINE) " bytes)" : "");
		if (c->json)
			printf("{\"line\":%lu,\"error\":\"%s\"}\n", c->line,
			    err);
		else
			printf("error\n");
		return;
	}
	if (vg_pwpolicy_format(c->pol, &res, c->line, c->json, &text,
	    &tlen) != 0)
		vg_fatalx("pw policy: out of memory");
	fwrite(text, 1, tlen, stdout);
	free(text);
	if (res.pr_ok)
		c->ok++;
	else
		c->rejected++;
	sodium_memzero(&res, sizeof(res));
}

int
vg_cli_pw_policy(int argc, char **argv)
{
	enum { OPT_MFA = 256, OPT_CONTEXT, OPT_CONTEXT_FILE, OPT_JSON,
	    OPT_STATS };
	static const struct option longopts[] = {
		{ "index", required_argument, NULL, 'x' },
		{ "mfa", no_argument, NULL, OPT_MFA },
		{ "context", required_argument, NULL, OPT_CONTEXT },
		{ "context-file", required_argument, NULL, OPT_CONTEXT_FILE },
		{ "json", no_argument, NULL, OPT_JSON },
		/* Not in the usage: timing for benchmarks. */
		{ "stats", no_argument, NULL, OPT_STATS },
		{ NULL, 0, NULL, 0 }
	};
	struct policy_run c;
	struct vg_pwpolicy *pol;
	struct vg_pwdb *db = NULL;
	struct vg_diag diag;
	const char *path = NULL, **ctx = NULL, **ctxfiles = NULL;
	size_t nctx = 0, nctxfiles = 0, i;
	unsigned flags = 0;
	bool stats = false;
	char where[64];
	double secs;
	int ch, r;

	memset(&c, 0, sizeof(c));
	while ((ch = getopt_long(argc, argv, "x:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'x':
			path = optarg;
			break;
		case OPT_MFA:
			flags |= VG_PWPOLICY_MFA;
			break;
		case OPT_CONTEXT:
			ctx = vg_xreallocarray(ctx, nctx + 1, sizeof(*ctx));
			ctx[nctx++] = optarg;
			break;
		case OPT_CONTEXT_FILE:
			ctxfiles = vg_xreallocarray(ctxfiles, nctxfiles + 1,
			    sizeof(*ctxfiles));
			ctxfiles[nctxfiles++] = optarg;
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
	if (path == NULL && (path = getenv("VIGIL_PW_INDEX")) != NULL &&
	    path[0] == '\0')
		path = NULL;
	if (vg_secmem_no_dump() != 0)
		vg_fatal("pw policy: cannot turn core dumps off");
	if (sodium_init() < 0)
		vg_fatalx("pw policy: libsodium cannot be initialised");
	if ((pol = vg_pwpolicy_new(flags)) == NULL)
		vg_fatalx("pw policy: out of memory");
	for (i = 0; i < nctx; i++) {
		snprintf(where, sizeof(where), "--context #%zu", i + 1);
		if (strncmp(ctx[i], "secret:", 7) == 0)
			vg_warnx("pw policy: %s: a secret word on the command "
			    "line is visible to other users (ps); use "
			    "--context-file", where);
		add_context(pol, where, ctx[i], strlen(ctx[i]));
	}
	for (i = 0; i < nctxfiles; i++)
		add_context_file(pol, ctxfiles[i]);
	free(ctx);
	free(ctxfiles);
	if (path != NULL) {
		if ((r = vg_pwdb_open(path, &db, &diag)) != 0) {
			vg_warnx("pw policy: %s: %s", path,
			    diag.msg[0] != '\0' ? diag.msg : vg_strerror(r));
			vg_pwpolicy_free(pol);
			return 2;
		}
		(void)vg_pwpolicy_corpus_set(pol, vg_pwdb_kind(db), in_corpus,
		    db);
	} else
		vg_warnx("pw policy: no breach corpus (-x INDEX or "
		    "VIGIL_PW_INDEX): NIST SP 800-63B requires one; "
		    "breaches not checked");
	c.pol = pol;
	c.index = path;

	r = vg_cli_pw_lines("pw policy", POLICY_BUF, policy_line, &c, &secs);
	if (stats) {
		fprintf(stderr, "%lu lines, %lu ok, %lu rejected, %lu not "
		    "checked, %.3f s, %.0f lines/s\n", c.line, c.ok,
		    c.rejected, c.failed, secs, secs > 0 ?
		    (double)c.line / secs : 0.0);
	}
	vg_pwpolicy_free(pol);
	vg_pwdb_close(db);
	if (r != 0)
		return 2;
	return c.failed > 0 ? 1 : 0;
}
