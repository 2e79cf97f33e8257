/*
 * webprobe.c -- the request-target classifier; see webprobe.h.
 *
 * A target is split at its first '?' into path and query, and each part
 * goes through one pass that decodes it (percent-escapes up to three
 * rounds, '+' as space in the query), lower-cases it, reads '\' as '/'
 * and, in the path, collapses "//" and "/./".  The pass fills a small
 * stack buffer one window at a time, and each window is scanned once for
 * the tokens of the table below.  A token is a lower-case string with
 * conditions on the byte before it and the bytes after it, and optionally
 * a check function for what needs more context (union ... select,
 * ' or 1=1).  Tokens are found through an index of their first bytes,
 * built once.
 *
 * The lists are ours, written from public knowledge of what scanners and
 * exploit kits request; each entry says why it is there.  They favour
 * tokens with context over bare words, so that ordinary traffic
 * (/search?q=select+a+car, /blog/the-union-of-a-and-b, /scripts/backup/)
 * stays unflagged; tests/unit/test_webprobe.c measures that on a real
 * access log.
 */
#include "webprobe.h"

#include <pthread.h>

/*
 * Windows.  WIN raw bytes are decoded per window: one window covers any
 * request line a default Apache or nginx accepts (8 KiB with the method
 * and version), so the loop below runs once for real traffic, and the
 * buffer stays small enough for the stack of any thread.  Longer targets
 * (up to VG_MAX_LINE) take several windows.  The last OVL decoded bytes
 * of a window are not scanned there but carried to the start of the next
 * one, with one more byte before them for the look-behind, so a token up
 * to OVL - 1 bytes long is always seen whole with the byte after it.
 */
#define WIN		4096
#define OVL		128
/*
 * One character encoded three times ("%25252e") spans at most 27 raw
 * bytes.  A window ends where no '%' occurs in the 26 bytes before the
 * cut, so no escape of any round straddles two windows.  Such a place is
 * looked for in the last CUT_BACK bytes; input that is all escapes there
 * is cut anyway and may be decoded imperfectly at that one place.
 */
#define CHAIN		27
#define CUT_BACK	256
/* How far a check looks past SQL blanks and comments between words. */
#define SKIP_MAX	64

#define S_PATH		0x01		/* the path part */
#define S_QUERY		0x02		/* the query part: '+' is a space */
#define S_CLASSIFY	0x04		/* also '\' as '/' and "/./" as "/" */

struct wp_stream {
	const unsigned char	*raw;
	size_t			 rawlen;
	size_t			 pos;		/* raw bytes consumed */
	unsigned		 flags;		/* S_* */
	size_t			 n;		/* decoded bytes in buf */
	size_t			 from;		/* first position to scan */
	size_t			 to;		/* end of positions to scan */
	bool			 started;
	bool			 final;		/* buf ends with the part */
	unsigned char		 buf[OVL + 1 + WIN];
};

/* Where a token applies. */
#define W_PATH		0x01
#define W_QUERY		0x02
#define W_BOTH		(W_PATH | W_QUERY)

/* What the byte before a token must be. */
enum {
	B_ANY,
	B_START,		/* none: the token starts the path */
	B_NALPHA,		/* none or not a letter: a word start */
	B_PARAM,		/* none, '&', ';' or '?': a parameter name */
};

/* What follows a token. */
enum {
	A_ANY,
	A_END,			/* nothing: the part ends there */
	A_SEG,			/* end, or / . ; ? & # space NUL */
	A_SEGEND,		/* the same without '.' (no extension) */
	A_DIGIT,		/* a digit */
	A_NALNUM,		/* end or not a letter or digit */
};

typedef bool	wp_check_fn(const struct wp_stream *, size_t);

struct wp_tok {
	const char	*t_text;	/* lower case */
	uint8_t		 t_len;
	uint8_t		 t_class;	/* one VG_WEB_* bit */
	uint8_t		 t_where;	/* W_* */
	uint8_t		 t_before;	/* B_* */
	uint8_t		 t_after;	/* A_* */
	wp_check_fn	*t_check;	/* more context, given the end */
	const char	*t_except;	/* no match when followed by this */
};

#define TOK(s, c, w, b, a)	{ s, sizeof(s) - 1, c, w, b, a, NULL, NULL }
#define TOKF(s, c, w, b, a, f)	{ s, sizeof(s) - 1, c, w, b, a, f, NULL }
#define TOKX(s, c, w, b, a, x)	{ s, sizeof(s) - 1, c, w, b, a, NULL, x }

#define SENS	VG_WEB_SENSITIVE
#define TRAV	VG_WEB_TRAVERSAL
#define SQLI	VG_WEB_SQLI
#define ADMIN	VG_WEB_ADMIN
#define CVE	VG_WEB_CVE
#define XSS	VG_WEB_XSS
#define WPENUM	VG_WEB_WP_ENUM
#define LOGIN	VG_WEB_LOGIN

static inline bool
is_alpha(unsigned char c)
{
	return c >= 'a' && c <= 'z';	/* the buffer is lower-cased */
}

static inline bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline bool
is_alnum(unsigned char c)
{
	return is_alpha(c) || is_digit(c);
}

static inline bool
has_at(const struct wp_stream *s, size_t q, const char *lit, size_t len)
{
	return q <= s->n && s->n - q >= len &&
	    memcmp(s->buf + q, lit, len) == 0;
}
#define HAS_AT(s, q, lit)	has_at((s), (q), (lit), sizeof(lit) - 1)

/* A keyword at q not running on into a longer word. */
static bool
word_at(const struct wp_stream *s, size_t q, const char *lit, size_t len)
{
	return has_at(s, q, lit, len) &&
	    (q + len == s->n || !is_alpha(s->buf[q + len]));
}
#define WORD_AT(s, q, lit)	word_at((s), (q), (lit), sizeof(lit) - 1)

/*
 * Skip what SQL reads as white space: blanks, '+' (a space in a query),
 * comments, and with `paren' opening parentheses ("union(select").  A
 * MySQL versioned comment "/ *!50000" runs its content, so only its
 * opening is skipped.  Returns the first position past them.
 */
static size_t
sql_skip(const struct wp_stream *s, size_t q, bool paren)
{
	const unsigned char *b = s->buf;
	size_t lim = VG_MIN(s->n, q + SKIP_MAX), k;

	while (q < lim) {
		switch (b[q]) {
		case ' ': case '\t': case '\n': case '\r': case '\v':
		case '\f': case '+':
			q++;
			continue;
		case '(':
			if (!paren)
				return q;
			q++;
			continue;
		case '*':
			/* The end of a versioned comment opened earlier. */
			if (q + 1 >= s->n || b[q + 1] != '/')
				return q;
			q += 2;
			continue;
		case '/':
			if (q + 1 >= s->n || b[q + 1] != '*')
				return q;
			if (q + 2 < s->n && b[q + 2] == '!') {
				for (q += 3; q < lim && is_digit(b[q]); q++)
					;
				continue;
			}
			for (k = q + 2; k + 1 < lim; k++)
				if (b[k] == '*' && b[k + 1] == '/')
					break;
			if (k + 1 >= lim)
				return q;	/* unterminated: not a blank */
			q = k + 2;
			continue;
		default:
			return q;
		}
	}
	return q;
}

/*
 * "union" [all|distinct] "select", with any SQL blanks between: the
 * shape of every UNION-based injection, and unlike the bare words never
 * in a blog slug ("the-union-of-a-and-b") or a search ("union selection").
 */
static bool
check_union(const struct wp_stream *s, size_t q)
{
	size_t r, r2;

	if ((r = sql_skip(s, q, true)) == q)
		return false;
	if (HAS_AT(s, r, "all") || HAS_AT(s, r, "distinct")) {
		r2 = r + (s->buf[r] == 'a' ? 3 : 8);
		if ((r2 = sql_skip(s, r2, true)) > r + 3)
			r = r2;
	}
	return WORD_AT(s, r, "select");
}

/* One operand of a comparison: optional quote, then [a-z0-9_]{1,16}. */
static size_t
sql_operand(const struct wp_stream *s, size_t *qp, size_t *lenp)
{
	const unsigned char *b = s->buf;
	size_t q = *qp, start, n = s->n;
	unsigned char quote = 0;

	if (q < n && (b[q] == '\'' || b[q] == '"'))
		quote = b[q++];
	start = q;
	while (q < n && q - start < 16 && (is_alnum(b[q]) || b[q] == '_'))
		q++;
	*lenp = q - start;
	if (quote != 0 && q < n && b[q] == quote)
		q++;
	*qp = q;
	return start;
}

/*
 * or/and followed by a comparison that is always true or between two
 * numbers: ' or 1=1, ' or 'a'='a, and 1=2 (the false half of a boolean
 * blind test).  A search for "black or white" has no '='; "this or
 * that=that" is contrived enough to accept.
 */
static bool
check_tautology(const struct wp_stream *s, size_t q)
{
	const unsigned char *b = s->buf;
	size_t r, a, alen, c, clen;

	r = sql_skip(s, q, false);
	if (r == q && (r >= s->n || (b[r] != '\'' && b[r] != '"')))
		return false;
	a = sql_operand(s, &r, &alen);
	if (alen == 0)
		return false;
	r = sql_skip(s, r, false);
	if (r >= s->n || b[r] != '=')
		return false;
	r = sql_skip(s, r + 1, false);
	c = sql_operand(s, &r, &clen);
	if (clen == 0)
		return false;
	if (alen == clen && memcmp(b + a, b + c, alen) == 0)
		return true;
	return is_digit(b[a]) && is_digit(b[c]);
}

/* ",null" then ", null": the column padding of UNION probes. */
static bool
check_nulls(const struct wp_stream *s, size_t q)
{
	q = sql_skip(s, q, false);
	if (q >= s->n || s->buf[q] != ',')
		return false;
	q = sql_skip(s, q + 1, false);
	return WORD_AT(s, q, "null");
}

/* MSSQL time-based probe: waitfor delay '0:0:5'. */
static bool
check_waitfor(const struct wp_stream *s, size_t q)
{
	size_t r = sql_skip(s, q, false);

	return r > q && WORD_AT(s, r, "delay");
}

/* MySQL file write: into outfile / into dumpfile. */
static bool
check_outfile(const struct wp_stream *s, size_t q)
{
	size_t r = sql_skip(s, q, false);

	return r > q && (WORD_AT(s, r, "outfile") || WORD_AT(s, r, "dumpfile"));
}

/* An event-handler attribute: the name, blanks, then '='. */
static bool
check_handler(const struct wp_stream *s, size_t q)
{
	while (q < s->n && (s->buf[q] == ' ' || s->buf[q] == '\t' ||
	    s->buf[q] == '\n' || s->buf[q] == '\r' || s->buf[q] == '/'))
		q++;
	return q < s->n && s->buf[q] == '=';
}

/*
 * A path segment starting with a dot and a name: /.env, /.git/,
 * /.htpasswd, /.bash_history, /.ssh/, /.aws/, /.DS_Store, /.svn/ and the
 * like.  Browsers remove "." and ".." segments before sending, and web
 * roots do not serve dotfiles, so such a request is a probe for a leaked
 * one.  The exception is RFC 8615's /.well-known/ (ACME challenges,
 * security.txt, app links), which ordinary clients fetch.
 */
static bool
check_dotfile(const struct wp_stream *s, size_t q)
{
	if (q >= s->n || !(is_alnum(s->buf[q]) || s->buf[q] == '_'))
		return false;
	if (HAS_AT(s, q, "well-known") &&
	    (q + 10 == s->n || s->buf[q + 10] == '/'))
		return false;
	return true;
}

/*
 * Remote file inclusion: a parameter whose value is a URL ending in '?'
 * (index.php?page=http://evil/shell.txt?), the '?' making the server's
 * own suffix (".php") a query of the attacker's file.  A redirect
 * parameter (?next=http://x/) has no such trailing '?'.
 */
static bool
check_rfi(const struct wp_stream *s, size_t q)
{
	const unsigned char *amp;
	size_t lim, end;

	/* Values up to ~OVL bytes: always in the window, and bounded work. */
	lim = VG_MIN(s->n, q + OVL - 10);
	amp = memchr(s->buf + q, '&', lim - q);
	end = amp != NULL ? (size_t)(amp - s->buf) : lim;
	if (amp == NULL && lim != s->n)
		return false;
	return end > q && s->buf[end - 1] == '?';
}

/*
 * After a backup-ish name (/backup, /www, /site, /db, ...): optional
 * digits, '-' or '_' (a date), then an archive extension that ends the
 * path.  /backup.zip and /www-2021.tar.gz are site dumps; /scripts/backup/
 * (a directory) and /datasheet.zip are not.
 */
static bool
check_archive(const struct wp_stream *s, size_t q)
{
	static const char *const ext[] = {
		".zip", ".rar", ".7z", ".tar", ".tgz", ".gz", ".tar.gz",
		".bz2", ".tar.bz2", ".xz", ".tar.xz", ".zst",
	};
	size_t i, start = q, len;

	if (!s->final)
		return false;
	while (q < s->n && q - start < 32 && (is_digit(s->buf[q]) ||
	    s->buf[q] == '-' || s->buf[q] == '_'))
		q++;
	for (i = 0; i < VG_ARRAY_LEN(ext); i++) {
		len = strlen(ext[i]);
		if (s->n - q == len && memcmp(s->buf + q, ext[i], len) == 0)
			return true;
	}
	return false;
}

static const struct wp_tok toks[] = {
	/*
	 * Sensitive files.  Dotfiles, backups and dumps are never linked
	 * from a page, so a request for one is a scanner hoping the site
	 * leaked it.
	 */
	TOKF("/.", SENS, W_PATH, B_ANY, A_ANY, check_dotfile),
	/* Editor and admin backup copies: config.php.bak, index.php~. */
	TOK(".bak", SENS, W_PATH, B_ANY, A_END),
	TOK(".bkp", SENS, W_PATH, B_ANY, A_END),
	TOK(".backup", SENS, W_PATH, B_ANY, A_END),
	TOK(".old", SENS, W_PATH, B_ANY, A_END),
	TOK(".orig", SENS, W_PATH, B_ANY, A_END),
	TOK(".save", SENS, W_PATH, B_ANY, A_END),
	TOK(".swp", SENS, W_PATH, B_ANY, A_END),
	TOK(".swo", SENS, W_PATH, B_ANY, A_END),
	TOK(".php~", SENS, W_PATH, B_ANY, A_END),
	TOK(".inc~", SENS, W_PATH, B_ANY, A_END),
	TOK(".conf~", SENS, W_PATH, B_ANY, A_END),
	TOK(".cfg~", SENS, W_PATH, B_ANY, A_END),
	TOK(".ini~", SENS, W_PATH, B_ANY, A_END),
	TOK(".yml~", SENS, W_PATH, B_ANY, A_END),
	TOK(".asp~", SENS, W_PATH, B_ANY, A_END),
	TOK(".aspx~", SENS, W_PATH, B_ANY, A_END),
	TOK(".jsp~", SENS, W_PATH, B_ANY, A_END),
	/* Database dumps and files: dump.sql, db.sql.gz, data.sqlite. */
	TOK(".sql", SENS, W_PATH, B_ANY, A_SEG),
	TOK(".sqlite", SENS, W_PATH, B_ANY, A_SEG),
	TOK(".sqlite3", SENS, W_PATH, B_ANY, A_END),
	TOK(".mdb", SENS, W_PATH, B_ANY, A_END),
	/* Whole-site archives left in the web root. */
	TOKF("/backup", SENS, W_PATH, B_ANY, A_ANY, check_archive),
	TOKF("/backups", SENS, W_PATH, B_ANY, A_ANY, check_archive),
	TOKF("/bak", SENS, W_PATH, B_ANY, A_ANY, check_archive),
	TOKF("/www", SENS, W_PATH, B_ANY, A_ANY, check_archive),
	TOKF("/wwwroot", SENS, W_PATH, B_ANY, A_ANY, check_archive),
	TOKF("/htdocs", SENS, W_PATH, B_ANY, A_ANY, check_archive),
	TOKF("/public_html", SENS, W_PATH, B_ANY, A_ANY, check_archive),
	TOKF("/site", SENS, W_PATH, B_ANY, A_ANY, check_archive),
	TOKF("/website", SENS, W_PATH, B_ANY, A_ANY, check_archive),
	TOKF("/web", SENS, W_PATH, B_ANY, A_ANY, check_archive),
	TOKF("/db", SENS, W_PATH, B_ANY, A_ANY, check_archive),
	TOKF("/database", SENS, W_PATH, B_ANY, A_ANY, check_archive),
	TOKF("/dump", SENS, W_PATH, B_ANY, A_ANY, check_archive),
	/* WordPress credentials, and its copies (wp-config.php.bak). */
	TOK("/wp-config", SENS, W_PATH, B_ANY, A_ANY),
	/* IIS / ASP.NET configuration. */
	TOK("/web.config", SENS, W_PATH, B_ANY, A_SEG),
	/* SSH private keys in the web root. */
	TOK("/id_rsa", SENS, W_PATH, B_ANY, A_SEG),
	TOK("/id_dsa", SENS, W_PATH, B_ANY, A_SEG),
	TOK("/id_ecdsa", SENS, W_PATH, B_ANY, A_SEG),
	TOK("/id_ed25519", SENS, W_PATH, B_ANY, A_SEG),
	TOK("/privkey.pem", SENS, W_PATH, B_ANY, A_END),
	TOK("/server.key", SENS, W_PATH, B_ANY, A_END),
	/* Information pages: phpinfo(), Apache mod_status/mod_info. */
	TOK("/phpinfo", SENS, W_PATH, B_ANY, A_SEG),
	TOK("/info.php", SENS, W_PATH, B_ANY, A_END),
	TOK("/server-status", SENS, W_PATH, B_ANY, A_SEGEND),
	TOK("/server-info", SENS, W_PATH, B_ANY, A_SEGEND),
	/* ASP.NET error and trace logs. */
	TOK("/elmah.axd", SENS, W_PATH, B_ANY, A_ANY),
	TOK("/trace.axd", SENS, W_PATH, B_ANY, A_ANY),
	/* Java deployment descriptors, never served by a container. */
	TOK("/web-inf", SENS, W_PATH, B_ANY, A_SEGEND),
	TOK("/meta-inf", SENS, W_PATH, B_ANY, A_SEGEND),
	/* Spring Boot actuators that leak secrets (not /health). */
	TOK("/actuator/env", SENS, W_PATH, B_ANY, A_SEG),
	TOK("/actuator/configprops", SENS, W_PATH, B_ANY, A_SEG),
	TOK("/heapdump", SENS, W_PATH, B_ANY, A_SEG),
	/* Deployment files with credentials. */
	TOK("/docker-compose", SENS, W_PATH, B_ANY, A_ANY),
	TOK("/sftp-config.json", SENS, W_PATH, B_ANY, A_END),
	TOK("/database.yml", SENS, W_PATH, B_ANY, A_ANY),
	TOK("/secrets.yml", SENS, W_PATH, B_ANY, A_ANY),
	TOK("/localsettings.php", SENS, W_PATH, B_ANY, A_ANY),
	TOK("/settings.py", SENS, W_PATH, B_ANY, A_END),
	/* Application logs (not any .log: sites publish sample logs). */
	TOK("/debug.log", SENS, W_PATH, B_ANY, A_END),
	TOK("/error.log", SENS, W_PATH, B_ANY, A_END),
	TOK("/error_log", SENS, W_PATH, B_ANY, A_END),
	TOK("/access.log", SENS, W_PATH, B_ANY, A_END),
	TOK("/access_log", SENS, W_PATH, B_ANY, A_END),
	TOK("/laravel.log", SENS, W_PATH, B_ANY, A_END),

	/*
	 * Traversal and file inclusion.  '\' was read as '/', so "..\"
	 * is "../" here.  A trailing "/.." is also a climb: clients remove
	 * dot segments before sending (RFC 3986, 5.2.4).
	 */
	TOK("../", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("..;/", TRAV, W_BOTH, B_ANY, A_ANY),	/* Tomcat ";" bypass */
	TOK("/..", TRAV, W_PATH, B_ANY, A_END),
	/* Overlong UTF-8 dots and slashes (IIS, CVE-2000-0884). */
	TOK("\xc0\xae\xc0\xae", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("..\xc0\xaf", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("..\xc1\x9c", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("\xe0\x80\xae\xe0\x80\xae", TRAV, W_BOTH, B_ANY, A_ANY),
	/* The files every traversal and LFI probe reads. */
	TOK("etc/passwd", TRAV, W_BOTH, B_NALPHA, A_ANY),
	TOK("etc/shadow", TRAV, W_BOTH, B_NALPHA, A_ANY),
	TOK("/etc/master.passwd", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("/etc/group", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("/etc/hosts", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("/etc/hostname", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("/etc/issue", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("/etc/crontab", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("/etc/sudoers", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("/etc/resolv.conf", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("/etc/nginx/", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("/etc/httpd/", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("/etc/apache2/", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("/proc/self/", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("/proc/version", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("/proc/cpuinfo", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("/win.ini", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("/boot.ini", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("/system.ini", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("/system32/", TRAV, W_BOTH, B_ANY, A_ANY),
	TOKF("=http://", TRAV, W_QUERY, B_ANY, A_ANY, check_rfi),
	TOKF("=https://", TRAV, W_QUERY, B_ANY, A_ANY, check_rfi),
	TOKF("=ftp://", TRAV, W_QUERY, B_ANY, A_ANY, check_rfi),
	/* PHP stream wrappers used for local file inclusion. */
	TOK("php://", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("phar://", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("expect://", TRAV, W_BOTH, B_ANY, A_ANY),
	TOK("data://", TRAV, W_BOTH, B_ANY, A_ANY),

	/*
	 * SQL injection.  Keywords only in context; functions only with
	 * their '(' (sleep( is a probe, sleep is a word).
	 */
	TOKF("union", SQLI, W_BOTH, B_NALPHA, A_ANY, check_union),
	TOKF("or", SQLI, W_BOTH, B_NALPHA, A_ANY, check_tautology),
	TOKF("and", SQLI, W_BOTH, B_NALPHA, A_ANY, check_tautology),
	TOKF(",null", SQLI, W_BOTH, B_ANY, A_ANY, check_nulls),
	TOKF("waitfor", SQLI, W_BOTH, B_NALPHA, A_ANY, check_waitfor),
	TOKF("into", SQLI, W_BOTH, B_NALPHA, A_ANY, check_outfile),
	/* Catalogues an attacker reads to map the schema. */
	TOK("information_schema", SQLI, W_BOTH, B_ANY, A_ANY),
	TOK("sqlite_master", SQLI, W_BOTH, B_ANY, A_ANY),
	TOK("sysobjects", SQLI, W_BOTH, B_NALPHA, A_ANY),
	TOK("@@version", SQLI, W_BOTH, B_ANY, A_ANY),
	TOK("@@datadir", SQLI, W_BOTH, B_ANY, A_ANY),
	/* Time-based blind injection. */
	TOK("sleep(", SQLI, W_BOTH, B_NALPHA, A_ANY),
	TOK("pg_sleep(", SQLI, W_BOTH, B_ANY, A_ANY),
	TOK("benchmark(", SQLI, W_BOTH, B_NALPHA, A_ANY),
	/* Boolean blind injection extracts data a character at a time. */
	TOK("substr(", SQLI, W_BOTH, B_NALPHA, A_ANY),
	TOK("substring(", SQLI, W_BOTH, B_NALPHA, A_ANY),
	TOK("ascii(", SQLI, W_BOTH, B_NALPHA, A_ANY),
	TOK("char(", SQLI, W_BOTH, B_ANY, A_ANY),	/* "selectchar(" */
	TOK("chr(", SQLI, W_BOTH, B_NALPHA, A_ANY),
	TOK("hex(", SQLI, W_BOTH, B_NALPHA, A_ANY),
	TOK("unhex(", SQLI, W_BOTH, B_NALPHA, A_ANY),
	TOK("md5(", SQLI, W_BOTH, B_NALPHA, A_ANY),
	TOK("upper(", SQLI, W_BOTH, B_NALPHA, A_ANY),
	TOK("distinct(", SQLI, W_BOTH, B_NALPHA, A_ANY),
	TOK("concat(", SQLI, W_BOTH, B_NALPHA, A_ANY),
	TOK("concat_ws(", SQLI, W_BOTH, B_NALPHA, A_ANY),
	TOK("group_concat(", SQLI, W_BOTH, B_ANY, A_ANY),
	TOK("version(", SQLI, W_BOTH, B_NALPHA, A_ANY),
	TOK("database(", SQLI, W_BOTH, B_NALPHA, A_ANY),
	/* Error-based injection (MySQL XPath functions). */
	TOK("extractvalue(", SQLI, W_BOTH, B_ANY, A_ANY),
	TOK("updatexml(", SQLI, W_BOTH, B_ANY, A_ANY),
	/* File access and command execution from SQL. */
	TOK("load_file(", SQLI, W_BOTH, B_ANY, A_ANY),
	TOK("xp_cmdshell", SQLI, W_BOTH, B_ANY, A_ANY),
	/* Oracle out-of-band and delay packages. */
	TOK("dbms_pipe.", SQLI, W_BOTH, B_ANY, A_ANY),
	TOK("utl_inaddr.", SQLI, W_BOTH, B_ANY, A_ANY),
	TOK("utl_http.", SQLI, W_BOTH, B_ANY, A_ANY),

	/*
	 * Admin interfaces.  Database front-ends first: they are the
	 * most probed, under many spellings (phpMyAdmin2017, pma, ...).
	 */
	TOK("/phpmyadmin", ADMIN, W_PATH, B_ANY, A_ANY),
	TOK("/php-myadmin", ADMIN, W_PATH, B_ANY, A_ANY),
	TOK("/pma", ADMIN, W_PATH, B_ANY, A_SEG),
	TOK("/myadmin", ADMIN, W_PATH, B_ANY, A_SEG),
	TOK("/mysqladmin", ADMIN, W_PATH, B_ANY, A_ANY),
	TOK("/mysql-admin", ADMIN, W_PATH, B_ANY, A_ANY),
	TOK("/sqladmin", ADMIN, W_PATH, B_ANY, A_SEG),
	TOK("/dbadmin", ADMIN, W_PATH, B_ANY, A_SEG),
	TOK("/phppgadmin", ADMIN, W_PATH, B_ANY, A_ANY),
	TOK("/pgadmin", ADMIN, W_PATH, B_ANY, A_ANY),
	TOK("/phpldapadmin", ADMIN, W_PATH, B_ANY, A_ANY),
	TOK("/adminer", ADMIN, W_PATH, B_ANY, A_ANY),
	/* CMS back ends: Joomla, generic /admin, TYPO3, Umbraco. */
	TOK("/administrator", ADMIN, W_PATH, B_ANY, A_SEG),
	TOK("/admin", ADMIN, W_PATH, B_ANY, A_SEG),
	TOK("/webadmin", ADMIN, W_PATH, B_ANY, A_SEG),
	TOK("/siteadmin", ADMIN, W_PATH, B_ANY, A_SEG),
	TOK("/admincp", ADMIN, W_PATH, B_ANY, A_SEG),
	TOK("/adminpanel", ADMIN, W_PATH, B_ANY, A_SEG),
	TOK("/admin-panel", ADMIN, W_PATH, B_ANY, A_SEG),
	TOK("/admin_area", ADMIN, W_PATH, B_ANY, A_SEG),
	TOK("/cpanel", ADMIN, W_PATH, B_ANY, A_SEG),
	TOK("/typo3", ADMIN, W_PATH, B_ANY, A_SEGEND),
	TOK("/umbraco", ADMIN, W_PATH, B_ANY, A_SEGEND),
	/*
	 * WordPress's dashboard; admin-ajax.php is excluded because
	 * themes call it from public pages for every visitor.
	 */
	TOKX("/wp-admin", ADMIN, W_PATH, B_ANY, A_SEG, "/admin-ajax.php"),
	/* Java servers: Tomcat manager, JBoss, WebLogic, Felix/AEM. */
	TOK("/manager/html", ADMIN, W_PATH, B_ANY, A_ANY),
	TOK("/manager/text", ADMIN, W_PATH, B_ANY, A_ANY),
	TOK("/host-manager/", ADMIN, W_PATH, B_ANY, A_ANY),
	TOK("/jmx-console", ADMIN, W_PATH, B_ANY, A_ANY),
	TOK("/web-console", ADMIN, W_PATH, B_ANY, A_ANY),
	TOK("/admin-console", ADMIN, W_PATH, B_ANY, A_ANY),
	TOK("/console", ADMIN, W_PATH, B_ANY, A_SEGEND),
	TOK("/system/console", ADMIN, W_PATH, B_ANY, A_ANY),
	TOK("/axis2-admin", ADMIN, W_PATH, B_ANY, A_ANY),
	TOK("/jolokia", ADMIN, W_PATH, B_ANY, A_SEG),
	TOK("/solr/admin", ADMIN, W_PATH, B_ANY, A_ANY),
	TOK("/cfide/", ADMIN, W_PATH, B_ANY, A_ANY),	/* ColdFusion */
	/* Appliances: Cisco ASA WebVPN portal, OpenWrt LuCI. */
	TOK("/+cscoe+/", ADMIN, W_PATH, B_ANY, A_ANY),
	TOK("/cgi-bin/luci", ADMIN, W_PATH, B_ANY, A_SEGEND),

	/*
	 * Well-known exploits: paths that exist only on a vulnerable
	 * product, and payloads that only an exploit sends.
	 */
	/* CVE-2021-3129: Laravel Ignition execute-solution RCE. */
	TOK("/_ignition/", CVE, W_PATH, B_ANY, A_ANY),
	/* Netgear DGN setup.cgi todo=syscmd RCE (no CVE; Mozi, Mirai). */
	TOK("/setup.cgi", CVE, W_PATH, B_ANY, A_SEG),
	/* CVE-2021-36380: Sunhillo SureLine networkDiag.cgi injection. */
	TOK("/cgi/networkdiag.cgi", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2017-9841: PHPUnit eval-stdin.php RCE, under any vendor/. */
	TOK("/eval-stdin.php", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2022-22947: Spring Cloud Gateway actuator route injection. */
	TOK("/actuator/gateway/", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2021-44228 (Log4Shell) and its obfuscated lookups. */
	TOK("${jndi:", CVE, W_BOTH, B_ANY, A_ANY),
	TOK("${${", CVE, W_BOTH, B_ANY, A_ANY),
	TOK("${lower:", CVE, W_BOTH, B_ANY, A_ANY),
	TOK("${upper:", CVE, W_BOTH, B_ANY, A_ANY),
	TOK("${::-", CVE, W_BOTH, B_ANY, A_ANY),
	/* CVE-2021-41773 / CVE-2021-42013: Apache 2.4.49/50 traversal. */
	TOK("/cgi-bin/../", CVE, W_PATH, B_ANY, A_ANY),
	TOK("/icons/../", CVE, W_PATH, B_ANY, A_ANY),
	/* Boa-based GPON/ONT routers: formLogin, formPing injection. */
	TOK("/boaform/", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2015-2051: D-Link HNAP1 SOAPAction injection (TheMoon). */
	TOK("/hnap1", CVE, W_PATH, B_ANY, A_SEG),
	/* CVE-2018-10561 / CVE-2018-10562: Dasan GPON auth bypass + RCE. */
	TOK("/gponform/", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2018-13379: FortiOS SSL VPN fgt_lang file read. */
	TOK("/remote/fgt_lang", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2022-40684: FortiOS admin API authentication bypass. */
	TOK("/api/v2/cmdb/system/admin", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2021-26855: Exchange ProxyLogon SSRF probe files. */
	TOK("/owa/auth/x.js", CVE, W_PATH, B_ANY, A_ANY),
	TOK("/ecp/y.js", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2021-34473: Exchange ProxyShell (path repeated in query). */
	TOK("autodiscover/autodiscover.json", CVE, W_QUERY, B_ANY, A_ANY),
	TOK("x-rps-cat=", CVE, W_BOTH, B_ANY, A_ANY),
	/* CVE-2023-1389: TP-Link Archer AX21 locale injection. */
	TOK(";stok=/locale", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2020-25213: WP File Manager elFinder upload. */
	TOK("/connector.minimal.php", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2019-17558: Apache Solr Velocity template RCE. */
	TOK("wt=velocity", CVE, W_QUERY, B_PARAM, A_ANY),
	/* CVE-2014-6271: Shellshock function definition. */
	TOK("() {", CVE, W_BOTH, B_ANY, A_ANY),
	/* CVE-2020-14882: WebLogic console double-encoded traversal. */
	TOK("../console.portal", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2017-10271: WebLogic wls-wsat XMLDecoder. */
	TOK("/wls-wsat/", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2019-2725: WebLogic _async deserialization. */
	TOK("/_async/asyncresponseservice", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2021-22986 / CVE-2022-1388: F5 BIG-IP iControl REST bash. */
	TOK("/mgmt/tm/util/bash", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2020-5902: F5 BIG-IP TMUI ..; traversal target. */
	TOK("/tmui/locallb/workspace/", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2019-19781: Citrix ADC /vpns/ reached by traversal. */
	TOK("/vpns/", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2019-11510: Pulse Secure arbitrary file read. */
	TOK("/dana/html5acc/guacamole/", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2023-46805: Ivanti Connect Secure authentication bypass. */
	TOK("/api/v1/totp/user-backup-code", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2020-3452: Cisco ASA/FTD +CSCOT+ file read. */
	TOK("/+cscot+/", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2024-3400: PAN-OS GlobalProtect command injection. */
	TOK("/ssl-vpn/hipreport.esp", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2021-25646: Apache Druid sampler JavaScript RCE. */
	TOK("/druid/indexer/v1/sampler", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2020-7961: Liferay JSON web services deserialization. */
	TOK("/api/jsonws/invoke", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2019-12725: Zeroshell kerbynet command injection. */
	TOK("/cgi-bin/kerbynet", CVE, W_PATH, B_ANY, A_ANY),
	/* MVPower/JAWS DVR /shell?cmd command execution (no CVE; Mirai). */
	TOK("/shell", CVE, W_PATH, B_START, A_END),
	/* CVE-2014-8361: Realtek SDK miniigd UPnP injection. */
	TOK("/picsdesc.xml", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2017-17215: Huawei HG532 DeviceUpgrade injection. */
	TOK("/ctrlt/deviceupgrade_1", CVE, W_PATH, B_ANY, A_ANY),
	/* Linksys E-series tmUnblock.cgi injection (TheMoon worm, 2014). */
	TOK("/tmunblock.cgi", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2020-8515: DrayTek Vigor mainfunction.cgi injection. */
	TOK("/cgi-bin/mainfunction.cgi", CVE, W_PATH, B_ANY, A_ANY),
	/* GoAhead router forms (Tenda and others): many injection CVEs. */
	TOK("/goform/", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2022-30525: Zyxel firewall ztp handler injection. */
	TOK("/ztp/cgi-bin/handler", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2024-3273: D-Link NAS nas_sharing.cgi injection. */
	TOK("/cgi-bin/nas_sharing.cgi", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2024-10914: D-Link NAS account_mgr.cgi injection. */
	TOK("/cgi-bin/account_mgr.cgi", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2024-3721: TBK DVR device.rsp injection. */
	TOK("/device.rsp", CVE, W_PATH, B_ANY, A_ANY),
	/* Netgear currentsetting.htm model disclosure (Mozi recon). */
	TOK("/currentsetting.htm", CVE, W_PATH, B_ANY, A_ANY),
	/* ZynOS routers (TP-Link, ZTE, D-Link): rom-0 config download. */
	TOK("/rom-0", CVE, W_PATH, B_ANY, A_END),
	/* CVE-2001-0537: Cisco IOS HTTP level/N/exec bypass. */
	TOK("/level/15/exec/", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2021-38647 (OMIGOD): Azure OMI management endpoint. */
	TOK("/wsman", CVE, W_PATH, B_ANY, A_SEGEND),
	/* Hadoop YARN ResourceManager unauthenticated RCE (no CVE). */
	TOK("/ws/v1/cluster/apps/new-application", CVE, W_PATH, B_ANY,
	    A_ANY),
	/* Exposed Docker Engine API (no CVE; cryptomining campaigns). */
	TOK("/containers/json", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2012-1823 / CVE-2024-4577: PHP-CGI argument injection. */
	TOK("/cgi-bin/php", CVE, W_PATH, B_ANY, A_ANY),
	TOK("/php-cgi/php-cgi.exe", CVE, W_PATH, B_ANY, A_ANY),
	TOK("allow_url_include", CVE, W_BOTH, B_ANY, A_ANY),
	TOK("auto_prepend_file", CVE, W_BOTH, B_ANY, A_ANY),
	/* CVE-2018-20062: ThinkPHP 5 invokefunction RCE. */
	TOK("invokefunction", CVE, W_BOTH, B_ANY, A_ANY),
	TOK("call_user_func_array", CVE, W_BOTH, B_ANY, A_ANY),
	/* ThinkPHP 5.0.23 Request::method __construct RCE. */
	TOK("_method=__construct", CVE, W_BOTH, B_ANY, A_ANY),
	/* CVE-2009-1151: phpMyAdmin setup.php code injection. */
	TOK("/scripts/setup.php", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2018-7600: Drupalgeddon2 form API render arrays. */
	TOK("element_parents=", CVE, W_QUERY, B_PARAM, A_ANY),
	TOK("#post_render", CVE, W_BOTH, B_ANY, A_ANY),
	/* CVE-2014-9734: Slider Revolution file download. */
	TOK("revslider_show_image", CVE, W_BOTH, B_ANY, A_ANY),
	/* CVE-2017-5638 / CVE-2018-11776: Apache Struts OGNL. */
	TOK("_memberaccess", CVE, W_BOTH, B_ANY, A_ANY),
	TOK("ognlcontext", CVE, W_BOTH, B_ANY, A_ANY),
	/* CVE-2022-26134: Confluence OGNL in the URI. */
	TOK("${(#", CVE, W_BOTH, B_ANY, A_ANY),
	/* CVE-2021-26084: Confluence createpage-entervariables OGNL. */
	TOK("/pages/createpage-entervariables.action", CVE, W_PATH, B_ANY,
	    A_ANY),
	/* CVE-2023-22527: Confluence text-inline.vm template injection. */
	TOK("/template/aui/text-inline.vm", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2022-22965 (Spring4Shell): class loader property binding. */
	TOK("class.module.classloader", CVE, W_BOTH, B_ANY, A_ANY),
	/* CVE-2019-1003000: Jenkins Script Security sandbox bypass. */
	TOK("securegroovyscript/checkscript", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2020-15505: MobileIron Core MIFS ".;" bypass. */
	TOK("/mifs/.;/", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2021-21972: vCenter vROps plugin upload. */
	TOK("/vropspluginui/rest/services/", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2021-22005: vCenter analytics telemetry upload. */
	TOK("/analytics/telemetry/ph/api/hyper/send", CVE, W_PATH, B_ANY,
	    A_ANY),
	/* CVE-2023-51467: Apache OFBiz authentication bypass. */
	TOK("requirepasswordchange=y", CVE, W_QUERY, B_PARAM, A_ANY),
	TOK("/webtools/control/programexport", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2019-18935 / CVE-2017-11317: Telerik RadAsyncUpload. */
	TOK("type=rau", CVE, W_QUERY, B_PARAM, A_ANY),
	/* CVE-2015-7501: JBoss invoker servlets deserialization. */
	TOK("/invoker/jmxinvokerservlet", CVE, W_PATH, B_ANY, A_ANY),
	TOK("/invoker/ejbinvokerservlet", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2021-42237: Sitecore XP Report.ashx deserialization. */
	TOK("/sitecore/shell/clientbin/reporting/report.ashx", CVE, W_PATH,
	    B_ANY, A_ANY),
	/* CVE-2009-2265: FCKeditor connectors upload (and fingerprints). */
	TOK("/fckeditor/", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2011-4106: TimThumb remote file cache. */
	TOK("timthumb.php", CVE, W_PATH, B_ANY, A_ANY),
	/* Uploadify unauthenticated upload (bundled by many plugins). */
	TOK("/uploadify.php", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2019-16759 / CVE-2020-17496: vBulletin widget RCE. */
	TOK("ajax/render/widget_php", CVE, W_BOTH, B_ANY, A_ANY),
	TOK("widget_tabbedcontainer_tab_panel", CVE, W_BOTH, B_ANY, A_ANY),
	/* CVE-2017-9506: Jira OAuth icon-uri SSRF. */
	TOK("/plugins/servlet/oauth/users/icon-uri", CVE, W_PATH, B_ANY,
	    A_ANY),
	/* CVE-2019-11581: Jira ContactAdministrators template injection. */
	TOK("/secure/contactadministrators!default.jspa", CVE, W_PATH,
	    B_ANY, A_ANY),
	/* CVE-2022-35914: GLPI htmLawed test page injection. */
	TOK("/htmlawedtest.php", CVE, W_PATH, B_ANY, A_ANY),
	/* CVE-2022-47986: IBM Aspera Faspex YAML deserialization. */
	TOK("/aspera/faspex/package_relay/relaypackage", CVE, W_PATH, B_ANY,
	    A_ANY),
	/* Well-known web shells: someone else's backdoor, looked for. */
	TOK("/c99.php", CVE, W_PATH, B_ANY, A_END),
	TOK("/r57.php", CVE, W_PATH, B_ANY, A_END),
	TOK("/wso.php", CVE, W_PATH, B_ANY, A_END),
	TOK("/shell.php", CVE, W_PATH, B_ANY, A_END),
	TOK("/cmd.php", CVE, W_PATH, B_ANY, A_END),
	/*
	 * Command-injection payloads of the router exploits above
	 * (Mirai, Mozi): the download-and-run tail, whatever the CVE.
	 */
	TOK("${ifs}", CVE, W_BOTH, B_ANY, A_ANY),
	TOK("wget http", CVE, W_BOTH, B_NALPHA, A_ANY),
	TOK("wget -", CVE, W_BOTH, B_NALPHA, A_ANY),
	TOK("curl http", CVE, W_BOTH, B_NALPHA, A_ANY),
	TOK("tftp -", CVE, W_BOTH, B_NALPHA, A_ANY),
	TOK("/bin/busybox", CVE, W_BOTH, B_ANY, A_ANY),
	TOK("/bin/sh", CVE, W_BOTH, B_ANY, A_NALNUM),
	TOK("/bin/bash", CVE, W_BOTH, B_ANY, A_NALNUM),
	TOK("chmod 777", CVE, W_BOTH, B_NALPHA, A_ANY),
	TOK("chmod +x", CVE, W_BOTH, B_NALPHA, A_ANY),
	TOK("rm -rf", CVE, W_BOTH, B_NALPHA, A_ANY),
	TOK("cd /tmp", CVE, W_BOTH, B_NALPHA, A_ANY),
	TOK("cd /var/tmp", CVE, W_BOTH, B_NALPHA, A_ANY),

	/*
	 * Cross-site scripting.  Tags and handlers only in their HTML
	 * shape, calls only with their '('.
	 */
	TOK("<script", XSS, W_BOTH, B_ANY, A_ANY),
	TOK("<svg", XSS, W_BOTH, B_ANY, A_NALNUM),
	TOK("<iframe", XSS, W_BOTH, B_ANY, A_NALNUM),
	TOK("<img", XSS, W_BOTH, B_ANY, A_NALNUM),
	TOK("<body", XSS, W_BOTH, B_ANY, A_NALNUM),
	TOK("javascript:", XSS, W_BOTH, B_ANY, A_ANY),
	TOK("vbscript:", XSS, W_BOTH, B_ANY, A_ANY),
	TOK("data:text/html", XSS, W_BOTH, B_ANY, A_ANY),
	TOK("alert(", XSS, W_BOTH, B_NALPHA, A_ANY),
	TOK("alert`", XSS, W_BOTH, B_NALPHA, A_ANY),
	TOK("prompt(", XSS, W_BOTH, B_NALPHA, A_ANY),
	TOK("confirm(", XSS, W_BOTH, B_NALPHA, A_ANY),
	TOK("fromcharcode(", XSS, W_BOTH, B_ANY, A_ANY),
	TOK("document.cookie", XSS, W_BOTH, B_ANY, A_ANY),
	TOK("document.domain", XSS, W_BOTH, B_ANY, A_ANY),
	TOKF("onerror", XSS, W_BOTH, B_NALPHA, A_ANY, check_handler),
	TOKF("onload", XSS, W_BOTH, B_NALPHA, A_ANY, check_handler),
	TOKF("onmouseover", XSS, W_BOTH, B_NALPHA, A_ANY, check_handler),
	TOKF("onfocus", XSS, W_BOTH, B_NALPHA, A_ANY, check_handler),
	TOKF("onclick", XSS, W_BOTH, B_NALPHA, A_ANY, check_handler),
	TOKF("ontoggle", XSS, W_BOTH, B_NALPHA, A_ANY, check_handler),
	TOKF("onbegin", XSS, W_BOTH, B_NALPHA, A_ANY, check_handler),
	TOKF("onpageshow", XSS, W_BOTH, B_NALPHA, A_ANY, check_handler),
	TOKF("onanimationstart", XSS, W_BOTH, B_NALPHA, A_ANY,
	    check_handler),

	/*
	 * WordPress user enumeration: /?author=N redirects to the
	 * author's slug, and the REST API lists users outright.
	 */
	TOK("author=", WPENUM, W_QUERY, B_PARAM, A_DIGIT),
	TOK("/wp/v2/users", WPENUM, W_BOTH, B_ANY, A_ANY),

	/* Login endpoints, the targets of credential brute force. */
	TOK("/wp-login.php", LOGIN, W_PATH, B_ANY, A_ANY),
	TOK("/xmlrpc.php", LOGIN, W_PATH, B_ANY, A_ANY),	/* multicall */
	TOK("/login", LOGIN, W_PATH, B_ANY, A_SEG),
	TOK("/log-in", LOGIN, W_PATH, B_ANY, A_SEG),
	TOK("/logon", LOGIN, W_PATH, B_ANY, A_SEG),
	TOK("/signin", LOGIN, W_PATH, B_ANY, A_SEG),
	TOK("/sign-in", LOGIN, W_PATH, B_ANY, A_SEG),
	TOK("/sign_in", LOGIN, W_PATH, B_ANY, A_SEG),	/* Devise, GitLab */
	TOK("/authenticate", LOGIN, W_PATH, B_ANY, A_SEG),
	TOK("/login_form", LOGIN, W_PATH, B_ANY, A_SEG),	/* Plone */
	TOK("/require_login", LOGIN, W_PATH, B_ANY, A_SEG),	/* Plone */
	/* Only as the last segment: /auth/ prefixes whole apps. */
	TOK("/auth", LOGIN, W_PATH, B_ANY, A_END),
	TOK("/j_security_check", LOGIN, W_PATH, B_ANY, A_ANY),	/* Java EE */
	TOK("/j_spring_security_check", LOGIN, W_PATH, B_ANY, A_ANY),
	TOK("/owa/auth.owa", LOGIN, W_PATH, B_ANY, A_ANY),	/* Exchange */
	TOK("/remote/logincheck", LOGIN, W_PATH, B_ANY, A_ANY),	/* Forti */
};

#define NTOK		VG_ARRAY_LEN(toks)
/*
 * Tokens are found by their first three bytes: a bitmap of the first
 * two rejects most positions at once, then a hash of three picks a
 * bucket of about one token ("/p" alone starts twenty).  A token of two
 * bytes goes in the bucket of each possible third byte.
 */
#define NBUCKET		4096
#define MAX_SHORT	4		/* two-byte tokens per index */
#define PAIR(a, b)	((unsigned)(unsigned char)(a) << 8 | (unsigned char)(b))
#define HASH(a, b, c)	(((unsigned)(unsigned char)(a) * 1089u +	\
			    (unsigned)(unsigned char)(b) * 33u +	\
			    (unsigned char)(c)) & (NBUCKET - 1))

struct wp_index {
	uint8_t		pair[65536 / 8];	/* first two bytes in use */
	uint16_t	start[NBUCKET + 1];
	uint16_t	tok[NTOK + 255 * MAX_SHORT];
};
static struct wp_index	index_path, index_query;
/* The first four bytes of each token of four or more, as loaded. */
static uint32_t		tok_head[NTOK];
/*
 * Byte maps of the normalization: lower case, plus '\' as '/' (+1,
 * classifying) and '+' as ' ' (+2, a query not decoded yet).
 */
static unsigned char	norm_tab[4][256];
static pthread_once_t	index_once = PTHREAD_ONCE_INIT;

/* Call fn(ix, h, i) for each bucket h that token i goes in. */
static void
index_each(struct wp_index *ix, size_t i,
    void (*fn)(struct wp_index *, size_t, size_t))
{
	const char *t = toks[i].t_text;
	unsigned c;

	if (toks[i].t_len > 2) {
		fn(ix, HASH(t[0], t[1], t[2]), i);
		return;
	}
	for (c = 0; c < 256; c++)
		fn(ix, HASH(t[0], t[1], c), i);
}

static void
index_count(struct wp_index *ix, size_t h, size_t i)
{
	ix->start[h + 1]++;
}

static uint16_t	index_fill[NBUCKET];

static void
index_put(struct wp_index *ix, size_t h, size_t i)
{
	ix->tok[index_fill[h]++] = (uint16_t)i;
}

static void
index_build1(struct wp_index *ix, unsigned where)
{
	size_t i, h, nshort = 0;

	memset(ix, 0, sizeof(*ix));
	for (i = 0; i < NTOK; i++) {
		if ((toks[i].t_where & where) == 0)
			continue;
		h = PAIR(toks[i].t_text[0], toks[i].t_text[1]);
		ix->pair[h / 8] |= (uint8_t)(1u << (h % 8));
		nshort += toks[i].t_len == 2;
		index_each(ix, i, index_count);
	}
	VG_ASSERT(nshort <= MAX_SHORT);
	for (h = 0; h < NBUCKET; h++)
		ix->start[h + 1] += ix->start[h];
	memcpy(index_fill, ix->start, sizeof(index_fill));
	for (i = 0; i < NTOK; i++)
		if (toks[i].t_where & where)
			index_each(ix, i, index_put);
}

static void
index_build(void)
{
	size_t i, j;

	/* The table's invariants, which the scan relies on. */
	VG_ASSERT(NTOK < UINT16_MAX);
	for (i = 0; i < NTOK; i++) {
		VG_ASSERT(toks[i].t_len >= 2 && toks[i].t_len < OVL);
		VG_ASSERT(toks[i].t_len == strlen(toks[i].t_text));
		VG_ASSERT((toks[i].t_class & (toks[i].t_class - 1)) == 0);
		for (j = 0; j < toks[i].t_len; j++)
			VG_ASSERT(toks[i].t_text[j] < 'A' ||
			    toks[i].t_text[j] > 'Z');
	}
	for (i = 0; i < 4; i++) {
		for (j = 0; j < 256; j++)
			norm_tab[i][j] = (unsigned char)(j >= 'A' && j <= 'Z' ?
			    j + 'a' - 'A' : j);
		if (i & 1)
			norm_tab[i]['\\'] = '/';
		if (i & 2)
			norm_tab[i]['+'] = ' ';
	}
	for (i = 0; i < NTOK; i++)
		if (toks[i].t_len >= 4)
			memcpy(&tok_head[i], toks[i].t_text, 4);
	index_build1(&index_path, W_PATH);
	index_build1(&index_query, W_QUERY);
}

/*
 * One round of percent-decoding from src to dst, which may be the same
 * buffer: the output never runs ahead of the input.  An escape that is
 * not two hex digits stays as it is.  Sets *pctp when the output still
 * holds a '%', so that the caller knows whether another round can
 * change anything.
 */
static size_t
pct_decode(unsigned char *dst, const unsigned char *src, size_t len,
    bool plus, bool *pctp)
{
	size_t i = 0, o = 0;
	unsigned char c;
	int hi, lo;
	bool pct = false;

	while (i < len) {
		c = src[i];
		if (c == '%' && len - i > 2 && (hi = vg_hexval(src[i + 1])) >= 0 &&
		    (lo = vg_hexval(src[i + 2])) >= 0) {
			c = (unsigned char)(hi << 4 | lo);
			i += 3;
		} else {
			if (plus && c == '+')
				c = ' ';
			i++;
		}
		pct |= c == '%';
		dst[o++] = c;
	}
	*pctp = pct;
	return o;
}

/*
 * Where the chunk starting at raw byte `pos' ends when at most `room'
 * bytes fit; see CHAIN.
 */
static size_t
cut_point(const unsigned char *raw, size_t pos, size_t len, size_t room)
{
	size_t end, i, run = 0;

	if (len - pos <= room)
		return len;
	end = pos + room;
	for (i = end; i > pos && i > end - VG_MIN(end, (size_t)CUT_BACK);
	    i--) {
		if (raw[i - 1] == '%')
			run = 0;
		else if (++run == CHAIN - 1)
			return i - 1 + CHAIN - 1;
	}
	return end;
}

static void
stream_init(struct wp_stream *s, struct vg_str part, unsigned flags)
{
	s->raw = (const unsigned char *)part.p;
	s->rawlen = part.len;
	s->pos = 0;
	s->flags = flags;
	s->n = s->from = s->to = 0;
	s->started = s->final = false;
}

/*
 * Decode, lower-case and normalize `len' raw bytes to s->buf + s->n (the
 * later rounds and the normalization work in place).  The look-back of
 * the normalization may reach into the bytes carried from the previous
 * window (a "/" ending one window and one starting the next), but never
 * to the carried byte 0, which was scanned already.  Returns the new
 * length of the buffer.
 */
static size_t
decode_chunk(struct wp_stream *s, const unsigned char *raw, size_t len)
{
	unsigned char *b = s->buf, c;
	const unsigned char *src = raw, *tab;
	size_t m = len, i, o;
	bool pct, plus = (s->flags & S_QUERY) != 0;
	int round;

	/* Most targets have no escape: normalize straight from raw. */
	if (len > 0 && memchr(raw, '%', len) != NULL) {
		m = pct_decode(b + s->n, raw, len, plus, &pct);
		for (round = 1; round < 3 && pct; round++)
			m = pct_decode(b + s->n, b + s->n, m, false, &pct);
		src = b + s->n;
		plus = false;
	}
	tab = norm_tab[((s->flags & S_CLASSIFY) ? 1 : 0) + (plus ? 2 : 0)];
	for (i = 0, o = s->n; i < m; i++) {
		c = tab[src[i]];
		if (c == '/' && (s->flags & S_PATH)) {
			if (o > 0 && b[o - 1] == '/')
				continue;
			if ((s->flags & S_CLASSIFY) && o >= 2 &&
			    b[o - 1] == '.' && b[o - 2] == '/') {
				o--;
				continue;
			}
		}
		b[o++] = c;
	}
	return o;
}

/*
 * Decode the next window of the part into s->buf, after the bytes carried
 * over from the previous one, and set the range to scan.  Returns false
 * when the part is done.
 */
static bool
stream_next(struct wp_stream *s)
{
	unsigned char *b = s->buf;
	size_t cut, n0, keep;

	if (s->final)
		return false;
	if (s->started) {
		keep = VG_MIN(s->n, (size_t)OVL + 1);
		memmove(b, b + s->n - keep, keep);
		s->n = keep;
		s->from = 1;
	} else {
		s->started = true;
		s->n = s->from = 0;
	}
	/*
	 * Decode chunks until the window holds more than OVL new bytes or
	 * the part ends; one chunk is enough unless "//" collapsing or
	 * heavy encoding shrank it.
	 */
	n0 = s->n;
	do {
		cut = cut_point(s->raw, s->pos, s->rawlen,
		    sizeof(s->buf) - s->n);
		s->n = decode_chunk(s, s->raw + s->pos, cut - s->pos);
		s->pos = cut;
	} while (s->pos < s->rawlen && s->n < n0 + OVL + 1);
	s->final = s->pos == s->rawlen;
	s->to = s->final ? s->n : s->n - OVL;
	return true;
}

static inline bool
before_ok(const struct wp_stream *s, size_t p, unsigned before)
{
	unsigned char c;

	if (p == 0)
		return true;	/* only the first window scans from 0 */
	c = s->buf[p - 1];
	switch (before) {
	case B_START:
		return false;
	case B_NALPHA:
		return !is_alpha(c);
	case B_PARAM:
		return c == '&' || c == ';' || c == '?';
	default:
		return true;
	}
}

static inline bool
after_ok(const struct wp_stream *s, size_t q, unsigned after)
{
	unsigned char c;

	if (q == s->n)
		return after != A_DIGIT && (s->final || after == A_ANY);
	c = s->buf[q];
	switch (after) {
	case A_END:
		return false;
	case A_SEG:
		if (c == '.')
			return true;
		/* FALLTHROUGH */
	case A_SEGEND:
		return c == '/' || c == ';' || c == '?' || c == '&' ||
		    c == '#' || c == ' ' || c == '\0';
	case A_DIGIT:
		return is_digit(c);
	case A_NALNUM:
		return !is_alnum(c);
	default:
		return true;
	}
}

/* Scan the window's range; returns `mask' with the classes found. */
static unsigned
stream_scan(const struct wp_stream *s, const struct wp_index *ix,
    unsigned mask)
{
	const unsigned char *b = s->buf;
	const struct wp_tok *t;
	size_t p, h, i;
	uint32_t head;

	for (p = s->from; p < s->to && p + 1 < s->n; p++) {
		h = PAIR(b[p], b[p + 1]);
		if ((ix->pair[h / 8] & (1u << (h % 8))) == 0)
			continue;
		h = HASH(b[p], b[p + 1], p + 2 < s->n ? b[p + 2] : 0);
		head = 0;
		if (s->n - p >= 4)
			memcpy(&head, b + p, 4);
		for (i = ix->start[h]; i < ix->start[h + 1]; i++) {
			t = &toks[ix->tok[i]];
			if ((mask & t->t_class) != 0 || t->t_len > s->n - p)
				continue;
			if (t->t_len >= 4 ? head != tok_head[ix->tok[i]] ||
			    memcmp(b + p + 4, t->t_text + 4,
			    t->t_len - 4) != 0 :
			    memcmp(b + p, t->t_text, t->t_len) != 0)
				continue;
			if (!before_ok(s, p, t->t_before) ||
			    !after_ok(s, p + t->t_len, t->t_after))
				continue;
			if (t->t_except != NULL && has_at(s, p + t->t_len,
			    t->t_except, strlen(t->t_except)))
				continue;
			if (t->t_check != NULL && !t->t_check(s, p + t->t_len))
				continue;
			mask |= t->t_class;
		}
	}
	return mask;
}

/*
 * Split a target into path and query (query.p is NULL without a '?'),
 * after cutting it to VG_MAX_LINE bytes and dropping the scheme and host
 * of an absolute target.
 */
static void
split(struct vg_str url, struct vg_str *pathp, struct vg_str *queryp)
{
	ptrdiff_t k;
	size_t i;

	if (url.p == NULL)
		url.len = 0;
	url.len = VG_MIN(url.len, (size_t)VG_MAX_LINE);
	*queryp = VG_STR_NULL;
	if ((url.len >= 7 && vg_str_caseeq(vg_str_sub(url, 0, 7),
	    "http://", 7)) || (url.len >= 8 &&
	    vg_str_caseeq(vg_str_sub(url, 0, 8), "https://", 8))) {
		i = url.p[4] == ':' ? 7 : 8;
		while (i < url.len && url.p[i] != '/' && url.p[i] != '?')
			i++;
		if (i == url.len || url.p[i] == '?') {
			/* No path: an origin's path is "/". */
			*pathp = VG_STR_LIT("/");
			if (i < url.len)
				*queryp = vg_str_sub(url, i + 1, url.len);
			return;
		}
		url = vg_str_sub(url, i, url.len);
	}
	if ((k = vg_str_chr(url, '?')) < 0) {
		*pathp = url;
		return;
	}
	*pathp = vg_str_sub(url, 0, (size_t)k);
	*queryp = vg_str_sub(url, (size_t)k + 1, url.len);
}

unsigned
vg_webprobe_classify(struct vg_str url)
{
	struct wp_stream s;
	struct vg_str path, query;
	unsigned mask = 0;

	(void)pthread_once(&index_once, index_build);
	split(url, &path, &query);
	stream_init(&s, path, S_PATH | S_CLASSIFY);
	while (stream_next(&s))
		mask = stream_scan(&s, &index_path, mask);
	if (query.p != NULL) {
		stream_init(&s, query, S_QUERY | S_CLASSIFY);
		while (stream_next(&s))
			mask = stream_scan(&s, &index_query, mask);
	}
	return mask;
}

const char *
vg_webprobe_name(unsigned bit)
{
	switch (bit) {
	case VG_WEB_SENSITIVE:
		return "sensitive-file";
	case VG_WEB_TRAVERSAL:
		return "path-traversal";
	case VG_WEB_SQLI:
		return "sqli";
	case VG_WEB_ADMIN:
		return "admin-interface";
	case VG_WEB_CVE:
		return "cve-probe";
	case VG_WEB_XSS:
		return "xss";
	case VG_WEB_WP_ENUM:
		return "wp-user-enum";
	case VG_WEB_LOGIN:
		return "login";
	default:
		return "unknown";
	}
}

size_t
vg_webprobe_path(struct vg_str url, char *buf, size_t buflen)
{
	struct wp_stream s;
	struct vg_str path, query;
	size_t o = 0, k;

	if (buflen == 0)
		return 0;
	(void)pthread_once(&index_once, index_build);
	split(url, &path, &query);
	stream_init(&s, path, S_PATH);
	while (o < buflen - 1 && stream_next(&s)) {
		k = VG_MIN(s.to - s.from, buflen - 1 - o);
		memcpy(buf + o, s.buf + s.from, k);
		o += k;
	}
	buf[o] = '\0';
	return o;
}
