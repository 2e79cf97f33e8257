/*
 * pwserve.c -- the HIBP-compatible range endpoint: the pure request to
 * response function, and its libmicrohttpd server.  See pwserve.h for
 * the API and docs/PW.md for the protocol and the deployment.
 *
 * Runs in `vigil pw serve' (and later in the daemon's http process),
 * after the indexes are mapped and privileges dropped.  The response
 * function reads only the mapped index and the request views it is
 * given; every answer for a prefix is formatted into a fresh buffer of
 * the size pwdb.h promises is enough, which libmicrohttpd frees when the
 * answer is sent, so threads share nothing but the read-only mapping.
 *
 * Privacy: the path of a request holds a prefix of a user's password
 * hash, so it is never logged, not even by libmicrohttpd (its messages
 * are dropped once the server runs).  Padding suffixes come from
 * libsodium's randombytes, so their distribution says nothing.
 */
#include "vg.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "pwdb.h"
#include "pwserve.h"
#include "vg_str.h"

#define VG_STR_(x)	#x
#define VG_STR(x)	VG_STR_(x)

static const char type_text[] = "text/plain";
static const char cache_range[] = "public, max-age="
    VG_STR(VG_DEFAULT_PWSERVE_MAX_AGE);
static const char cache_none[] = "no-store";
static const char allow_get[] = "GET, HEAD";

/* HIBP's own text for a bad prefix. */
static const char msg_prefix[] = "The hash prefix was not in a valid format";
static const char msg_mode[] = "Unknown mode: use mode=ntlm or no mode";
static const char msg_no_sha1[] = "This server has no SHA-1 index";
static const char msg_no_ntlm[] = "This server has no NTLM index";
static const char msg_not_found[] = "Not found";
static const char msg_method[] = "Method not allowed: use GET";
static const char msg_nomem[] = "Out of memory";
static const char msg_damaged[] = "The password index is damaged";

/* A line of a body: suffix, colon, a count of up to 10 digits, CRLF. */
#define LINE_MAX_BYTES	(VG_PWDB_SUFFIX_HEX_MAX + 1 + 10 + 2)

/* ------------------------------------------------------------ respond */

static bool
view_eq(const char *p, size_t len, const char *lit)
{
	size_t n = strlen(lit);

	return p != NULL && len == n && memcmp(p, lit, n) == 0;
}

/* ASCII case-insensitive; never locale-dependent. */
static bool
view_ieq(const char *p, size_t len, const char *lit)
{
	size_t i, n = strlen(lit);
	unsigned char c;

	if (p == NULL || len != n)
		return false;
	for (i = 0; i < n; i++) {
		c = (unsigned char)p[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (c != (unsigned char)lit[i])
			return false;
	}
	return true;
}

/* Exactly five hex digits, either case, to *prefixp. */
static bool
parse_prefix(const char *p, size_t len, uint32_t *prefixp)
{
	uint32_t v = 0;
	size_t i;
	int d;

	if (len != 5)
		return false;
	for (i = 0; i < len; i++) {
		if ((d = vg_hexval(p[i])) < 0)
			return false;
		v = v << 4 | (uint32_t)d;
	}
	*prefixp = v;
	return true;
}

static void
set_text(struct vg_pwserve_resp *rs, unsigned status, const char *msg)
{
	rs->rs_status = status;
	rs->rs_type = type_text;
	rs->rs_cache = cache_none;
	rs->rs_body = msg;
	rs->rs_len = strlen(msg);
}

/* Order of padding hashes: all of one prefix, zero beyond hashlen. */
static int
cmp_hash(const void *a, const void *b)
{
	return memcmp(a, b, VG_PWDB_HASH_MAX);
}

/*
 * Fill pads[0, npad) with distinct random hashes of `prefix' that are
 * not in the index, sorted.  A collision (about 2^-100 a line for
 * NTLM) draws that hash again.
 */
static int
draw_padding(const struct vg_pwdb *db, uint32_t prefix, size_t hashlen,
    uint8_t (*pads)[VG_PWDB_HASH_MAX], size_t npad)
{
	uint32_t count;
	size_t j;
	bool again;
	int r;

	/*
	 * One call for all of them: libsodium's randombytes_buf() is a
	 * getrandom(2) system call each time, which would be most of the
	 * cost of a padded answer if made per line.  The slots are
	 * VG_PWDB_HASH_MAX wide; an NTLM hash leaves its last four bytes
	 * zero, so that whole slots compare as hashes do.
	 */
	randombytes_buf(pads, npad * VG_PWDB_HASH_MAX);
	for (j = 0; j < npad; j++) {
		memset(pads[j] + hashlen, 0, VG_PWDB_HASH_MAX - hashlen);
		pads[j][0] = (uint8_t)(prefix >> 12);
		pads[j][1] = (uint8_t)(prefix >> 4);
		pads[j][2] = (uint8_t)((prefix & 0xf) << 4 |
		    (pads[j][2] & 0x0f));
	}
	do {
		again = false;
		qsort(pads, npad, sizeof(pads[0]), cmp_hash);
		for (j = 0; j < npad; j++) {
			if ((r = vg_pwdb_lookup(db, pads[j], hashlen,
			    &count)) != 0)
				return r;
			if (count == 0 && (j == 0 ||
			    memcmp(pads[j], pads[j - 1], VG_PWDB_HASH_MAX) != 0))
				continue;
			randombytes_buf(pads[j] + 3, hashlen - 3);
			pads[j][2] = (uint8_t)((pads[j][2] & 0xf0) |
			    (randombytes_random() & 0x0f));
			again = true;
		}
	} while (again);
	return 0;
}

/* Append "SUFFIX:COUNT" of hash[0, hashlen) at buf + *np. */
static void
put_line(char *buf, size_t *np, const uint8_t *hash, size_t hashlen,
    uint32_t count)
{
	char hex[2 * VG_PWDB_HASH_MAX + 1], num[10];
	size_t n = *np, digits = 2 * hashlen - 5, nd = 0;

	vg_pwdb_hash_format(hash, hashlen, hex);
	memcpy(buf + n, hex + 5, digits);
	n += digits;
	buf[n++] = ':';
	do {
		num[nd++] = (char)('0' + count % 10);
		count /= 10;
	} while (count > 0);
	while (nd > 0)
		buf[n++] = num[--nd];
	*np = n;
}

/*
 * The body of `rg' with `npad' padding lines merged in hash order, into
 * a new buffer.  The range's own lines come out exactly as
 * vg_pwdb_range_format() writes them.
 */
static int
padded_body(const struct vg_pwdb *db, const struct vg_pwdb_range *rg,
    size_t npad, char **bufp, size_t *lenp)
{
	uint8_t (*pads)[VG_PWDB_HASH_MAX] = NULL;
	uint8_t hash[VG_PWDB_HASH_MAX];
	size_t hashlen = vg_pwdb_kind_hashlen(vg_pwdb_kind(db));
	size_t i = 0, j = 0, n = 0, lines;
	uint32_t count = 0;
	char *buf = NULL;
	bool have = false;
	int r = VG_ERR_INTERNAL;

	*bufp = NULL;
	*lenp = 0;
	lines = rg->rg_count + npad;
	if ((pads = calloc(npad, sizeof(*pads))) == NULL ||
	    (buf = malloc(lines * LINE_MAX_BYTES + 1)) == NULL) {
		r = VG_ERR_NOMEM;
		goto out;
	}
	if ((r = draw_padding(db, rg->rg_prefix, hashlen, pads, npad)) != 0)
		goto out;
	while (i < rg->rg_count || j < npad) {
		if (!have && i < rg->rg_count) {
			if ((r = vg_pwdb_range_entry(rg, i, hash, &count)) != 0)
				goto out;
			have = true;
		}
		if (n > 0) {
			buf[n++] = '\r';
			buf[n++] = '\n';
		}
		if (have && (j == npad ||
		    memcmp(hash, pads[j], VG_PWDB_HASH_MAX) < 0)) {
			put_line(buf, &n, hash, hashlen, count);
			have = false;
			i++;
		} else
			put_line(buf, &n, pads[j++], hashlen, 0);
	}
	buf[n] = '\0';
	*bufp = buf;
	*lenp = n;
	buf = NULL;
	r = 0;
 out:
	free(pads);
	free(buf);
	return r;
}

/* The 200 answer for `prefix' of `db', padded or not. */
static int
range_body(const struct vg_pwdb *db, uint32_t prefix, bool padding,
    struct vg_pwserve_resp *rs)
{
	struct vg_pwdb_range rg;
	size_t target, max, len;
	char *buf;
	int r;

	if ((r = vg_pwdb_range(db, prefix, &rg)) != 0)
		return r;
	/* Drawn only when asked: each draw is a getrandom(2) call. */
	target = padding ? VG_PWSERVE_PAD_MIN + randombytes_uniform(
	    VG_PWSERVE_PAD_MAX - VG_PWSERVE_PAD_MIN + 1) : 0;
	if (rg.rg_count < target) {
		if ((r = padded_body(db, &rg, target - rg.rg_count, &buf,
		    &len)) != 0)
			return r;
	} else {
		max = vg_pwdb_range_body_max(&rg);
		if ((buf = malloc(max)) == NULL)
			return VG_ERR_NOMEM;
		if ((r = vg_pwdb_range_format(&rg, buf, max, &len)) != 0) {
			free(buf);
			return r;
		}
	}
	rs->rs_status = 200;
	rs->rs_type = type_text;
	rs->rs_cache = cache_range;
	rs->rs_vary = true;
	rs->rs_buf = buf;
	rs->rs_body = buf;
	rs->rs_len = len;
	return 0;
}

int
vg_pwserve_respond(const struct vg_pwserve_index *ix,
    const struct vg_pwserve_req *rq, struct vg_pwserve_resp *rs)
{
	static const char route[] = "/range/";
	const size_t rlen = sizeof(route) - 1;
	const struct vg_pwdb *db;
	uint32_t prefix;
	bool ntlm = false;
	int r;

	memset(rs, 0, sizeof(*rs));
	if (rq->rq_path == NULL || rq->rq_path_len < rlen ||
	    memcmp(rq->rq_path, route, rlen) != 0) {
		set_text(rs, 404, msg_not_found);
		return 0;
	}
	if (!view_eq(rq->rq_method, rq->rq_method_len, "GET") &&
	    !view_eq(rq->rq_method, rq->rq_method_len, "HEAD")) {
		set_text(rs, 405, msg_method);
		rs->rs_allow = allow_get;
		return 0;
	}
	if (!parse_prefix(rq->rq_path + rlen, rq->rq_path_len - rlen,
	    &prefix)) {
		set_text(rs, 400, msg_prefix);
		return 0;
	}
	if (rq->rq_mode != NULL) {
		if (view_ieq(rq->rq_mode, rq->rq_mode_len, "ntlm"))
			ntlm = true;
		else if (!view_ieq(rq->rq_mode, rq->rq_mode_len, "sha1")) {
			set_text(rs, 400, msg_mode);
			return 0;
		}
	}
	db = ntlm ? ix->pi_ntlm : ix->pi_sha1;
	if (db == NULL) {
		set_text(rs, 400, ntlm ? msg_no_ntlm : msg_no_sha1);
		return 0;
	}
	r = range_body(db, prefix, view_ieq(rq->rq_padding,
	    rq->rq_padding_len, "true"), rs);
	if (r != 0) {
		vg_pwserve_resp_cleanup(rs);
		set_text(rs, 500, r == VG_ERR_NOMEM ? msg_nomem : msg_damaged);
	}
	return r;
}

void
vg_pwserve_resp_cleanup(struct vg_pwserve_resp *rs)
{
	free(rs->rs_buf);
	memset(rs, 0, sizeof(*rs));
}

/* ------------------------------------------------------------- listen */

int
vg_pwserve_listen(const char *hostport, int *fdp, char *bound,
    size_t boundsz, struct vg_diag *diag)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t sslen;
	char host[INET6_ADDRSTRLEN + 1], text[INET6_ADDRSTRLEN];
	const char *colon, *port, *p;
	size_t hlen;
	unsigned long pnum = 0;
	int fd = -1, on = 1, saved, r = VG_ERR_INTERNAL;
	bool v6;

	*fdp = -1;
	diag->line = 0;
	diag->msg[0] = '\0';
	memset(&ss, 0, sizeof(ss));
	if (hostport[0] == '[') {
		if ((colon = strchr(hostport, ']')) == NULL ||
		    colon[1] != ':')
			goto bad;
		hlen = (size_t)(colon - hostport - 1);
		p = hostport + 1;
		port = colon + 2;
		v6 = true;
	} else {
		if ((colon = strrchr(hostport, ':')) == NULL)
			goto bad;
		hlen = (size_t)(colon - hostport);
		p = hostport;
		port = colon + 1;
		v6 = false;
	}
	if (hlen == 0 || hlen >= sizeof(host) || port[0] == '\0' ||
	    strlen(port) > 5)
		goto bad;
	memcpy(host, p, hlen);
	host[hlen] = '\0';
	for (p = port; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		pnum = pnum * 10 + (unsigned long)(*p - '0');
	}
	if (pnum > 65535)
		goto bad;
	if (v6) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)pnum);
		if (inet_pton(AF_INET6, host, &sin6->sin6_addr) != 1)
			goto bad;
		sslen = sizeof(*sin6);
	} else {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)pnum);
		if (inet_pton(AF_INET, host, &sin->sin_addr) != 1)
			goto bad;
		sslen = sizeof(*sin);
	}

	if ((fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, 0)) == -1) {
		snprintf(diag->msg, sizeof(diag->msg), "socket: %s",
		    strerror(errno));
		r = VG_ERR_SYSTEM;
		goto out;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) ==
	    -1 || (v6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on,
	    sizeof(on)) == -1) || bind(fd, (struct sockaddr *)&ss, sslen) ==
	    -1 || listen(fd, SOMAXCONN) == -1 ||
	    getsockname(fd, (struct sockaddr *)&ss, &sslen) == -1) {
		saved = errno;
		snprintf(diag->msg, sizeof(diag->msg), "%s: %s", hostport,
		    strerror(saved));
		errno = saved;
		r = VG_ERR_SYSTEM;
		goto out;
	}
	if (bound != NULL) {
		if (v6)
			snprintf(bound, boundsz, "[%s]:%u", inet_ntop(AF_INET6,
			    &sin6->sin6_addr, text, sizeof(text)),
			    (unsigned)ntohs(sin6->sin6_port));
		else
			snprintf(bound, boundsz, "%s:%u", inet_ntop(AF_INET,
			    &sin->sin_addr, text, sizeof(text)),
			    (unsigned)ntohs(sin->sin_port));
	}
	*fdp = fd;
	fd = -1;
	r = 0;
	goto out;
 bad:
	snprintf(diag->msg, sizeof(diag->msg), "not ADDR:PORT with a "
	    "numeric address (127.0.0.1:8420, [::1]:8420)");
	r = VG_ERR_PARSE;
 out:
	if (fd != -1) {
		saved = errno;
		close(fd);
		errno = saved;
	}
	return r;
}

/* ------------------------------------------------------------- server */

struct vg_pwserve {
	struct MHD_Daemon	*sv_daemon;
	struct vg_pwserve_index	 sv_index;
	bool			 sv_access_log;
	atomic_bool		 sv_running;	/* drop MHD's messages */
};

static void __attribute__((format(printf, 2, 0)))
mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct vg_pwserve *srv = cls;

	/* Once running, a message could be about a request and its URL. */
	if (atomic_load(&srv->sv_running))
		return;
	fprintf(stderr, "%s: libmicrohttpd: ", vg_progname);
	vfprintf(stderr, fmt, ap);
}

/*
 * The method for the access log: known ones as they are, anything else
 * as "OTHER", so that the log never carries client-chosen bytes.
 */
static const char *
log_method(const char *m)
{
	static const char *const known[] = { "GET", "HEAD", "POST", "PUT",
	    "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT" };
	size_t i;

	for (i = 0; i < VG_ARRAY_LEN(known); i++)
		if (strcmp(m, known[i]) == 0)
			return known[i];
	return "OTHER";
}

static void
access_log(const char *method, unsigned status, size_t bytes,
    const struct timespec *t0, const struct timespec *t1)
{
	struct tm tm;
	time_t now = time(NULL);
	char stamp[32];
	double ms;

	ms = (double)(t1->tv_sec - t0->tv_sec) * 1e3 +
	    (double)(t1->tv_nsec - t0->tv_nsec) / 1e6;
	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(stamp, sizeof(stamp), "-");
	/* One call, so that lines of concurrent threads do not mix. */
	fprintf(stderr, "%s %s %u %zu %.3fms\n", stamp, log_method(method),
	    status, bytes, ms);
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct vg_pwserve *srv = cls;
	struct vg_pwserve_req rq;
	struct vg_pwserve_resp rs;
	struct MHD_Response *resp;
	struct timespec t0, t1;
	const char *v;
	size_t vlen;
	enum MHD_Result ret = MHD_NO;

	/*
	 * The first call comes when the headers are in; answering then
	 * makes libmicrohttpd close the connection ("Connection: close"),
	 * so answer on the second, after it has seen the (empty) body.  A
	 * request with a body is refused (405) before it is read.
	 */
	if (*con_cls == NULL) {
		*con_cls = srv;
		if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
			return MHD_YES;
	} else if (*upload_data_size != 0) {
		*upload_data_size = 0;
		return MHD_YES;
	}
	memset(&rq, 0, sizeof(rq));
	if (srv->sv_access_log)
		clock_gettime(CLOCK_MONOTONIC, &t0);
	rq.rq_method = method;
	rq.rq_method_len = strlen(method);
	rq.rq_path = url;
	rq.rq_path_len = strlen(url);
	if (MHD_lookup_connection_value_n(conn, MHD_GET_ARGUMENT_KIND,
	    "mode", 4, &v, &vlen) == MHD_YES) {
		/* "?mode" without a value is an empty mode, not none. */
		rq.rq_mode = v != NULL ? v : "";
		rq.rq_mode_len = v != NULL ? vlen : 0;
	}
	if (MHD_lookup_connection_value_n(conn, MHD_HEADER_KIND,
	    "Add-Padding", 11, &v, &vlen) == MHD_YES && v != NULL) {
		rq.rq_padding = v;
		rq.rq_padding_len = vlen;
	}

	(void)vg_pwserve_respond(&srv->sv_index, &rq, &rs);
	if (rs.rs_buf != NULL) {
		resp = MHD_create_response_from_buffer(rs.rs_len, rs.rs_buf,
		    MHD_RESPMEM_MUST_FREE);
		if (resp != NULL)
			rs.rs_buf = NULL;	/* libmicrohttpd frees it */
	} else
		resp = MHD_create_response_from_buffer(rs.rs_len,
		    (void *)rs.rs_body, MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		goto out;
	if (MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    rs.rs_type) != MHD_YES ||
	    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
	    rs.rs_cache) != MHD_YES ||
	    MHD_add_response_header(resp,
	    MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_ORIGIN, "*") != MHD_YES ||
	    MHD_add_response_header(resp, "X-Content-Type-Options",
	    "nosniff") != MHD_YES ||
	    (rs.rs_vary && MHD_add_response_header(resp,
	    MHD_HTTP_HEADER_VARY, "Add-Padding") != MHD_YES) ||
	    (rs.rs_allow != NULL && MHD_add_response_header(resp,
	    MHD_HTTP_HEADER_ALLOW, rs.rs_allow) != MHD_YES)) {
		MHD_destroy_response(resp);
		goto out;
	}
	ret = MHD_queue_response(conn, rs.rs_status, resp);
	MHD_destroy_response(resp);
	if (srv->sv_access_log) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		access_log(method, rs.rs_status, strcmp(method, "HEAD") == 0 ?
		    0 : rs.rs_len, &t0, &t1);
	}
 out:
	vg_pwserve_resp_cleanup(&rs);
	return ret;
}

int
vg_pwserve_start(const struct vg_pwserve_opts *opts,
    struct vg_pwserve **srvp, struct vg_diag *diag)
{
	struct MHD_OptionItem mo[12];
	struct vg_pwserve *srv = NULL;
	struct sockaddr_storage ss;
	socklen_t sslen = sizeof(ss);
	unsigned int flags, threads;
	long cpus;
	size_t n = 0;
	int fd = opts->so_listen_fd, r = VG_ERR_INTERNAL;

	*srvp = NULL;
	diag->line = 0;
	diag->msg[0] = '\0';
	if (opts->so_index.pi_sha1 == NULL && opts->so_index.pi_ntlm == NULL) {
		snprintf(diag->msg, sizeof(diag->msg), "no index to serve");
		r = VG_ERR_INVAL;
		goto out;
	}
	if ((opts->so_tls_cert == NULL) != (opts->so_tls_key == NULL)) {
		snprintf(diag->msg, sizeof(diag->msg), "TLS needs both a "
		    "certificate and a key");
		r = VG_ERR_INVAL;
		goto out;
	}
	if ((srv = calloc(1, sizeof(*srv))) == NULL) {
		snprintf(diag->msg, sizeof(diag->msg), "out of memory");
		r = VG_ERR_NOMEM;
		goto out;
	}
	srv->sv_index = opts->so_index;
	srv->sv_access_log = opts->so_access_log;
	atomic_init(&srv->sv_running, false);

	if ((threads = opts->so_threads) == 0) {
		cpus = sysconf(_SC_NPROCESSORS_ONLN);
		threads = cpus < 1 ? 1 : (unsigned)VG_MIN(cpus,
		    VG_MAX_PWSERVE_THREADS);
	}
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	    MHD_USE_ERROR_LOG;
	if (opts->so_tls_cert != NULL)
		flags |= MHD_USE_TLS;
	if (getsockname(fd, (struct sockaddr *)&ss, &sslen) == 0 &&
	    ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;

	/* The logger first, or libmicrohttpd logs the options before it. */
	mo[n++] = (struct MHD_OptionItem){ MHD_OPTION_EXTERNAL_LOGGER,
	    (intptr_t)mhd_log, srv };
	mo[n++] = (struct MHD_OptionItem){ MHD_OPTION_LISTEN_SOCKET, fd,
	    NULL };
	mo[n++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_LIMIT,
	    VG_MAX_PWSERVE_CONNECTIONS, NULL };
	mo[n++] = (struct MHD_OptionItem){ MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    VG_MAX_PWSERVE_PER_IP, NULL };
	mo[n++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_TIMEOUT,
	    VG_MAX_PWSERVE_IDLE, NULL };
	mo[n++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    VG_MAX_PWSERVE_CONN_MEMORY, NULL };
	if (threads > 1)
		mo[n++] = (struct MHD_OptionItem){
		    MHD_OPTION_THREAD_POOL_SIZE, threads, NULL };
	if (opts->so_tls_cert != NULL) {
		mo[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT,
		    0, (void *)opts->so_tls_cert };
		mo[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY,
		    0, (void *)opts->so_tls_key };
	}
	mo[n++] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };
	VG_ASSERT(n <= VG_ARRAY_LEN(mo));

	srv->sv_daemon = MHD_start_daemon(flags, 0, NULL, NULL, handle, srv,
	    MHD_OPTION_ARRAY, mo, MHD_OPTION_END);
	if (srv->sv_daemon == NULL) {
		snprintf(diag->msg, sizeof(diag->msg), "libmicrohttpd could "
		    "not start the server");
		r = VG_ERR_SYSTEM;
		goto out;
	}
	fd = -1;		/* the daemon's now; MHD_stop_daemon closes it */
	atomic_store(&srv->sv_running, true);
	*srvp = srv;
	srv = NULL;
	r = 0;
 out:
	/*
	 * A failed start may or may not have closed the socket; the process
	 * is single-threaded here, so the check cannot race a new open.
	 */
	if (fd != -1 && fcntl(fd, F_GETFD) != -1)
		close(fd);
	free(srv);
	return r;
}

void
vg_pwserve_stop(struct vg_pwserve *srv)
{
	if (srv == NULL)
		return;
	MHD_stop_daemon(srv->sv_daemon);
	free(srv);
}
