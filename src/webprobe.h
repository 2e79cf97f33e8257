/*
 * webprobe.h -- classify one HTTP request target as probing or not.
 *
 * The detection stage calls it on every HTTP request event to tell
 * scanners from visitors: a request for /.env, /../../etc/passwd or
 * ?id=1 union select is a probe whatever the response was.  The
 * classifier looks only at the request target (path and query); the
 * caller combines its verdict with the method, the status and the
 * per-source counts.  Everything here is pure: no I/O, no allocation,
 * reentrant and callable from any process.  The word lists and the
 * reasons behind each entry are in webprobe.c.
 */
#ifndef WEBPROBE_H
#define WEBPROBE_H

#include "vg.h"
#include "vg_str.h"

enum vg_webprobe_class {
	/* Dotfiles, secrets and backups: /.env, /.git/, /wp-config.php.bak,
	 * *.sql dumps, /backup.zip, /id_rsa, /server-status. */
	VG_WEB_SENSITIVE = 1u << 0,
	/* ../ or ..\ after decoding, /etc/passwd, /win.ini, /proc/self/,
	 * php:// wrappers (file inclusion). */
	VG_WEB_TRAVERSAL = 1u << 1,
	/* SQL injection: union select, information_schema, sleep(, ' or 1=1,
	 * ,null,null and the functions blind injection relies on. */
	VG_WEB_SQLI = 1u << 2,
	/* Admin interfaces: /phpmyadmin*, /administrator, /wp-admin,
	 * /manager/html, /+CSCOE+/, /solr/admin. */
	VG_WEB_ADMIN = 1u << 3,
	/* Paths and payloads of well-known exploits (Log4Shell, PHPUnit
	 * eval-stdin, GPON, Fortinet, router command injection, ...). */
	VG_WEB_CVE = 1u << 4,
	/* Cross-site scripting: <script, javascript:, onerror=, alert(. */
	VG_WEB_XSS = 1u << 5,
	/* WordPress user enumeration: ?author=N, /wp-json/wp/v2/users. */
	VG_WEB_WP_ENUM = 1u << 6,
	/* A login endpoint (/wp-login.php, /xmlrpc.php, /login, ...); the
	 * caller decides from method and status whether a login failed. */
	VG_WEB_LOGIN = 1u << 7,
};

/*
 * Classify one request.  `url' is the request target as logged: path and
 * optional query, possibly in absolute form ("http://host/path"),
 * percent-encoded and in any case.  The target is decoded up to three
 * times (double and triple encoding), '+' is read as a space in the
 * query, '\' as '/' (IIS), and letters are compared without case.
 * Only the first VG_MAX_LINE bytes are looked at, and nothing past
 * url.len is read (the view need not be NUL-terminated).  Returns a mask
 * of enum vg_webprobe_class, 0 for an ordinary request.  Reentrant.
 */
unsigned	vg_webprobe_classify(struct vg_str url);

/*
 * Short ECS-friendly name of one class bit: "sensitive-file",
 * "path-traversal", "sqli", "admin-interface", "cve-probe", "xss",
 * "wp-user-enum" or "login".  Returns "unknown" for anything that is not
 * exactly one class bit.  The string is static.
 */
const char	*vg_webprobe_name(unsigned bit);

/*
 * The normalized path used for "distinct path" counting: the path only
 * (query dropped, the scheme and host of an absolute target dropped),
 * percent-decoded up to three times, lower-cased, with "//" collapsed.
 * Written to `buf', NUL-terminated and cut at buflen - 1 bytes; nothing
 * is written when buflen is 0.  Returns the length written.  A decoded
 * %00 stays in the output as a NUL byte, so use the length rather than
 * strlen(3).  Reentrant.
 */
size_t		vg_webprobe_path(struct vg_str url, char *buf, size_t buflen);

#endif /* WEBPROBE_H */
