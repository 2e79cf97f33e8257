/*
 * pwserve.h -- an HTTP endpoint compatible with Have I Been Pwned's
 * Pwned Passwords range API (GET /range/{prefix}, ?mode=ntlm,
 * Add-Padding: true), answered from the unit's own breached-password
 * indexes (pwdb.h), so that password managers and other HIBP clients can
 * check passwords without a hash prefix leaving the organization.
 *
 * Two layers.  vg_pwserve_respond() is a pure function from a request
 * (method, path, mode, Add-Padding) to a response (status, headers, body):
 * no I/O, no global state, what the unit tests and the fuzzer drive and
 * what the coming daemon's http process can mount.  vg_pwserve_listen(),
 * vg_pwserve_start() and vg_pwserve_stop() put it on libmicrohttpd, with
 * a thread pool, optional TLS, connection limits and timeouts.
 *
 * A hash prefix is a piece of a user's password hash: nothing here ever
 * writes a request path to a log or a message.  See docs/PW.md.
 */
#ifndef PWSERVE_H
#define PWSERVE_H

#include "vg.h"

struct vg_pwdb;

/*
 * Lines of a padded response (Add-Padding: true): the API pads to a
 * number drawn uniformly in [VG_PWSERVE_PAD_MIN, VG_PWSERVE_PAD_MAX].
 */
#define VG_PWSERVE_PAD_MIN	800
#define VG_PWSERVE_PAD_MAX	1000

/*
 * The indexes a server answers from, borrowed: they must stay open as
 * long as the server (or a call of vg_pwserve_respond()) uses them.  At
 * least one is set; a SHA-1 index answers requests without a mode or
 * with mode=sha1, an NTLM index those with mode=ntlm.
 */
struct vg_pwserve_index {
	const struct vg_pwdb	*pi_sha1;	/* or NULL */
	const struct vg_pwdb	*pi_ntlm;	/* or NULL */
};

/*
 * One request, as (pointer, length) views of untrusted bytes that need
 * not be NUL-terminated and may hold any byte.  A NULL pointer is an
 * absent field.
 */
struct vg_pwserve_req {
	const char	*rq_method;	/* "GET", "HEAD", ... */
	size_t		 rq_method_len;
	const char	*rq_path;	/* the decoded path, without query */
	size_t		 rq_path_len;
	const char	*rq_mode;	/* value of the query's mode=, or NULL */
	size_t		 rq_mode_len;
	const char	*rq_padding;	/* the Add-Padding header, or NULL */
	size_t		 rq_padding_len;
};

/*
 * A response.  Header values and rs_type are static strings; rs_body
 * points to rs_len bytes, either rs_buf (owned, malloc'd, released by
 * vg_pwserve_resp_cleanup() or taken over by the caller, which then sets
 * rs_buf to NULL) or static text.  For HEAD the body is the GET body,
 * and the HTTP layer sends only its length.
 */
struct vg_pwserve_resp {
	unsigned	 rs_status;	/* 200, 400, 404, 405 or 500 */
	const char	*rs_type;	/* Content-Type */
	const char	*rs_cache;	/* Cache-Control */
	const char	*rs_allow;	/* Allow (405), or NULL */
	bool		 rs_vary;	/* add "Vary: Add-Padding" */
	const char	*rs_body;
	size_t		 rs_len;
	char		*rs_buf;	/* owned heap body, or NULL */
};

/*
 * Answer one request from `ix':
 *
 *   GET|HEAD /range/PPPPP          200, the SHA-1 range of prefix PPPPP
 *   GET|HEAD /range/PPPPP?mode=ntlm  200, the NTLM range
 *   /range/... with a prefix that is not 5 hex digits (either case)
 *                                  400
 *   a mode other than sha1 or ntlm (either case), or one the server has
 *   no index for                   400
 *   another method on /range/...   405, with Allow: GET, HEAD
 *   any other path                 404
 *
 * A 200 body is exactly what api.pwnedpasswords.com serves: SUFFIX:COUNT
 * lines, upper-case hex, CRLF between lines and none after the last,
 * text/plain, "public, max-age=VG_DEFAULT_PWSERVE_MAX_AGE".  When
 * rq_padding is "true" (either case), lines of count 0 with random
 * suffixes (libsodium's randombytes) that are not in the range are
 * merged in hash order until the body has between VG_PWSERVE_PAD_MIN and
 * VG_PWSERVE_PAD_MAX lines, the number drawn uniformly; a range that
 * already has VG_PWSERVE_PAD_MAX lines or more is sent without padding.
 * Error bodies are one short line of text and are not cached.
 *
 * Returns 0 when *rs answers the request (whatever its status), or a
 * negative VG_ERR_* code with *rs a 500 response that may still be sent:
 * VG_ERR_NOMEM, VG_ERR_FORMAT (a corrupt record in the index).  Call
 * vg_pwserve_resp_cleanup() either way.  Reentrant and thread-safe as
 * long as sodium_init() has been called; allocates only the body.
 */
int	vg_pwserve_respond(const struct vg_pwserve_index *ix,
	    const struct vg_pwserve_req *rq,
	    struct vg_pwserve_resp *rs);		/* OUT */

/* Free rs->rs_buf and clear *rs; safe on a cleared response. */
void	vg_pwserve_resp_cleanup(struct vg_pwserve_resp *rs);

/* ------------------------------------------------------- the server */

struct vg_pwserve;			/* opaque: one running server */

/*
 * Parse `hostport' ("127.0.0.1:8420", "[::1]:8420"; the address
 * numeric, the port 0 to 65535, 0 for any free one), create a TCP socket,
 * bind it with SO_REUSEADDR and listen.  On success *fdp is the
 * listening socket (close-on-exec, non-blocking) and, when `bound' is not
 * NULL, the address actually bound is written there as "ADDR:PORT" (IPv6
 * in brackets; at least 64 bytes).  Returns 0 on success or a negative
 * VG_ERR_* code with diag->msg set: VG_ERR_PARSE (not ADDR:PORT),
 * VG_ERR_SYSTEM (socket, bind or listen failed; errno's text in the
 * message).  For process setup, before privileges are dropped.
 */
int	vg_pwserve_listen(const char *hostport, int *fdp, char *bound,
	    size_t boundsz, struct vg_diag *diag);

struct vg_pwserve_opts {
	struct vg_pwserve_index so_index;	/* borrowed, see above */
	int		 so_listen_fd;	/* from vg_pwserve_listen(); consumed */
	const char	*so_tls_cert;	/* PEM text, or NULL for plain HTTP */
	const char	*so_tls_key;	/* PEM text, with so_tls_cert */
	unsigned	 so_threads;	/* 0: one per online CPU */
	bool		 so_access_log;	/* a line per request on stderr */
};

/*
 * Start serving on opts->so_listen_fd with libmicrohttpd: an epoll thread
 * pool, at most VG_MAX_PWSERVE_CONNECTIONS connections and
 * VG_MAX_PWSERVE_PER_IP from one address, idle connections closed after
 * VG_MAX_PWSERVE_IDLE seconds, TLS (GnuTLS) when so_tls_cert and
 * so_tls_key are set.  The certificate and key text must stay valid until
 * vg_pwserve_stop() returns; the caller wipes the key then.
 *
 * The access log (off by default) writes, per request, the time, the
 * method, the status, the body bytes and the handling time, never the
 * path: a range prefix is part of a password hash.  For the same reason
 * libmicrohttpd's own messages are printed while starting and dropped
 * once the server runs.
 *
 * Returns 0 on success with *srvp running, or a negative VG_ERR_* code
 * with diag->msg set and *srvp NULL: VG_ERR_INVAL (no index, a key
 * without a certificate), VG_ERR_SYSTEM (libmicrohttpd could not start;
 * its message is on stderr), VG_ERR_NOMEM.  The listening socket is
 * closed on failure too.  Call sodium_init() first; call from one thread.
 */
int	vg_pwserve_start(const struct vg_pwserve_opts *opts,
	    struct vg_pwserve **srvp, struct vg_diag *diag);

/*
 * Stop accepting, finish or close the connections, join the threads,
 * close the listening socket and free the server.  NULL is a no-op.
 */
void	vg_pwserve_stop(struct vg_pwserve *srv);

#endif /* PWSERVE_H */
