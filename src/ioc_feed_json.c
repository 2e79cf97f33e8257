/*
 * ioc_feed_json.c -- MISP events, MISP feed directories and STIX 2.0/2.1
 * bundles, into an indicator builder.
 *
 * Runs wherever feeds are loaded (`vigil intel compile', the scan
 * parent), never on the log path.  Documents are parsed whole with
 * jansson, which bounds nesting at its compile-time JSON_PARSER_MAX_DEPTH
 * (2048) and rejects NUL in strings; we bound the input at
 * VG_MAX_FEED_BYTES before parsing.  A loader that does not recognise its
 * top-level shape returns VG_ERR_FORMAT before declaring a feed, so the
 * dispatcher can try the next one.
 *
 * JSON has no useful line numbers once parsed, so the `line' kept with an
 * indicator and given in warnings is the ordinal of its record: the n-th
 * MISP attribute of the file (event attributes before object attributes,
 * in file order), or the n-th object of a STIX bundle.  Only syntax
 * errors carry a real line, from jansson.
 *
 * STIX patterns are not evaluated: every `path = 'value'' and `path IN
 * (...)' comparison on a known observable path is taken as an indicator,
 * whatever AND, OR or qualifiers join it to the rest.  An AND of two
 * observables thus lists both, which over-matches but never misses; a
 * negated comparison is never taken.  See docs/INTERNALS-ioc.md.
 */
#include "ioc.h"
#include "ioc_int.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include <jansson.h>

/* Longest value quoted in a warning, so a junk value gives a short line. */
#define EXCERPT_MAX	64

/*
 * Event file name characters allowed from a MISP manifest key.  Keys are
 * UUIDs; anything else (a '/', "..") could name a file outside the feed
 * directory, so it is refused.
 */
#define MANIFEST_KEY_MAX	64

/* What a MISP attribute type or STIX object path contributes. */
enum obs {
	OBS_NONE = 0,
	OBS_IP,			/* address or CIDR */
	OBS_IP_PORT,		/* "addr|port" */
	OBS_IP_OR_DOMAIN,	/* STIX network-traffic refs */
	OBS_DOMAIN,
	OBS_DOMAIN_PORT,	/* "host|port" */
	OBS_DOMAIN_IP,		/* "domain|addr" */
	OBS_URL,
	OBS_HASH,		/* type in the table */
	OBS_NAME_HASH,		/* "filename|hash" */
	OBS_ACCOUNT,
};

struct loadctx {
	struct vg_ioc__feedctx	*lc_fc;
	unsigned		 lc_feed;
	unsigned long		 lc_rec;	/* record number */
	bool			 lc_forced;	/* category from -i */
};

/*
 * Copy a value for a message, replacing control and non-ASCII bytes so a
 * hostile feed cannot put terminal escapes into our diagnostics.
 */
static const char *
excerpt(struct vg_str s, char *buf, size_t size)
{
	size_t i, n = VG_MIN(s.len, size - 1);

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s.p[i];

		buf[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	buf[n] = '\0';
	return buf;
}

/* A string member as a view; VG_STR_NULL when absent or not a string. */
static struct vg_str
jstr(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	if (!json_is_string(v))
		return VG_STR_NULL;
	return vg_str_make(json_string_value(v), json_string_length(v));
}

/* MISP writes booleans as true, "1", 1 or "true" depending on version. */
static bool
jtrue(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	struct vg_str s;

	if (json_is_true(v))
		return true;
	if (json_is_integer(v))
		return json_integer_value(v) != 0;
	if (json_is_string(v)) {
		s = vg_str_make(json_string_value(v), json_string_length(v));
		return VG_STR_EQ(s, "1") || vg_str_caseeq(s, "true", 4);
	}
	return false;
}

/* Case-insensitive search for `w' as a whole word (alnum boundaries). */
static bool
has_word(struct vg_str s, const char *w)
{
	size_t n = strlen(w), i;

	for (i = 0; i + n <= s.len; i++) {
		if (!vg_str_caseeq(vg_str_make(s.p + i, n), w, n))
			continue;
		if (i > 0 && isalnum((unsigned char)s.p[i - 1]))
			continue;
		if (i + n < s.len && isalnum((unsigned char)s.p[i + n]))
			continue;
		return true;
	}
	return false;
}

/*
 * Parse the whole text.  Returns VG_ERR_FORMAT without a message when the
 * text is not JSON at all, so that the caller can decline it.
 */
static int
parse_doc(struct vg_ioc__feedctx *fc, json_t **rootp)
{
	json_error_t err;
	char ex[EXCERPT_MAX + 1];

	*rootp = NULL;
	if (fc->fc_len > (size_t)VG_MAX_JSON_FEED_BYTES) {
		vg_ioc__warn(fc, 0, "JSON document larger than %ld bytes",
		    VG_MAX_JSON_FEED_BYTES);
		return VG_ERR_LIMIT;
	}
	/* No JSON_REJECT_DUPLICATES: MISP exports do repeat keys. */
	*rootp = json_loadb(fc->fc_buf, fc->fc_len, 0, &err);
	if (*rootp == NULL) {
		vg_ioc__warn(fc, (unsigned long)VG_MAX(err.line, 0),
		    "bad JSON: %s", excerpt(vg_str_make(err.text,
		    strlen(err.text)), ex, sizeof(ex)));
		return VG_ERR_PARSE;
	}
	return 0;
}

/* Count an add, report a rejected value, pass real errors up. */
static int
added(struct loadctx *lc, int r, const char *what, struct vg_str value)
{
	char ex[EXCERPT_MAX + 1];

	if (r == 0) {
		lc->lc_fc->fc_added++;
		return 0;
	}
	if (r != VG_ERR_INVAL)
		return r;
	vg_ioc__warn(lc->lc_fc, lc->lc_rec, "bad %s \"%s\"", what,
	    excerpt(value, ex, sizeof(ex)));
	return 0;
}

static int
add_ip(struct loadctx *lc, struct vg_str v, enum vg_ioc_cat cat)
{
	struct vg_addr a;
	unsigned prefix;
	int r = VG_ERR_INVAL;

	v = vg_str_trim(v);
	if (vg_addr_parse_cidr(v, &a, &prefix))
		r = vg_ioc_builder_add_ip(lc->lc_fc->fc_b, lc->lc_feed, &a,
		    prefix, cat, lc->lc_rec);
	return added(lc, r, "IP address", v);
}

static int
add_name(struct loadctx *lc, enum vg_ioc_type type, struct vg_str v,
    enum vg_ioc_cat cat)
{
	int r;

	r = vg_ioc_builder_add(lc->lc_fc->fc_b, lc->lc_feed, type, v, cat,
	    lc->lc_rec);
	return added(lc, r, vg_ioc_type_name(type), v);
}

/* Split "a|b" at the last '|'; false when there is none. */
static bool
split_pipe(struct vg_str v, struct vg_str *ap, struct vg_str *bp)
{
	size_t i;

	for (i = v.len; i > 0; i--)
		if (v.p[i - 1] == '|') {
			*ap = vg_str_make(v.p, i - 1);
			*bp = vg_str_make(v.p + i, v.len - i);
			return true;
		}
	return false;
}

/* Add one observable of kind `obs' (type for the hash kinds). */
static int
add_obs(struct loadctx *lc, enum obs obs, enum vg_ioc_type type,
    struct vg_str v, enum vg_ioc_cat cat)
{
	struct vg_str a, b;
	struct vg_addr addr;
	unsigned prefix;
	int r;

	/* A category given with -i NAME:CATEGORY beats the document's. */
	if (lc->lc_forced)
		cat = VG_CAT_UNKNOWN;
	switch (obs) {
	case OBS_IP:
		return add_ip(lc, v, cat);
	case OBS_IP_PORT:
		if (!split_pipe(v, &a, &b))
			a = v;
		return add_ip(lc, a, cat);
	case OBS_IP_OR_DOMAIN:
		if (vg_addr_parse_cidr(vg_str_trim(v), &addr, &prefix))
			return add_ip(lc, v, cat);
		return add_name(lc, VG_IOC_DOMAIN, v, cat);
	case OBS_DOMAIN:
		return add_name(lc, VG_IOC_DOMAIN, v, cat);
	case OBS_DOMAIN_PORT:
		if (!split_pipe(v, &a, &b))
			a = v;
		return add_name(lc, VG_IOC_DOMAIN, a, cat);
	case OBS_DOMAIN_IP:
		if (!split_pipe(v, &a, &b))
			return added(lc, VG_ERR_INVAL, "domain|ip", v);
		if ((r = add_name(lc, VG_IOC_DOMAIN, a, cat)) != 0)
			return r;
		return add_ip(lc, b, cat);
	case OBS_URL:
		return add_name(lc, VG_IOC_URL, v, cat);
	case OBS_HASH:
		return add_name(lc, type, v, cat);
	case OBS_NAME_HASH:
		if (!split_pipe(v, &a, &b))
			return added(lc, VG_ERR_INVAL, "filename|hash", v);
		return add_name(lc, type, b, cat);
	case OBS_ACCOUNT:
		return add_name(lc, VG_IOC_ACCOUNT, v, cat);
	case OBS_NONE:
		break;
	}
	return 0;
}

/* ---------------------------------------------------------------- MISP */

static const struct {
	const char		*type;
	enum obs		 obs;
	enum vg_ioc_type	 hash;
} misp_types[] = {
	{ "ip-src", OBS_IP, 0 },
	{ "ip-dst", OBS_IP, 0 },
	{ "ip-src|port", OBS_IP_PORT, 0 },
	{ "ip-dst|port", OBS_IP_PORT, 0 },
	{ "domain", OBS_DOMAIN, 0 },
	{ "hostname", OBS_DOMAIN, 0 },
	{ "hostname|port", OBS_DOMAIN_PORT, 0 },
	{ "domain|ip", OBS_DOMAIN_IP, 0 },
	{ "url", OBS_URL, 0 },
	{ "md5", OBS_HASH, VG_IOC_MD5 },
	{ "sha1", OBS_HASH, VG_IOC_SHA1 },
	{ "sha256", OBS_HASH, VG_IOC_SHA256 },
	{ "sha512", OBS_HASH, VG_IOC_SHA512 },
	{ "filename|md5", OBS_NAME_HASH, VG_IOC_MD5 },
	{ "filename|sha1", OBS_NAME_HASH, VG_IOC_SHA1 },
	{ "filename|sha256", OBS_NAME_HASH, VG_IOC_SHA256 },
	{ "filename|sha512", OBS_NAME_HASH, VG_IOC_SHA512 },
	/* Certificate fingerprints, as the SSLBL CSV lists them. */
	{ "x509-fingerprint-md5", OBS_HASH, VG_IOC_MD5 },
	{ "x509-fingerprint-sha1", OBS_HASH, VG_IOC_SHA1 },
	{ "x509-fingerprint-sha256", OBS_HASH, VG_IOC_SHA256 },
	{ "email-src", OBS_ACCOUNT, 0 },
	{ "email-dst", OBS_ACCOUNT, 0 },
	{ "email", OBS_ACCOUNT, 0 },
};

/*
 * Category of an event from its tags.  MITRE ATT&CK galaxy tags are
 * skipped: they name techniques ("Exfiltration Over C2 Channel") and say
 * nothing of what the listed values are.  C2 outranks botnet, which
 * outranks scanner, since a more specific tag is the better label.
 */
static enum vg_ioc_cat
misp_event_cat(const json_t *event)
{
	const json_t *tags = json_object_get(event, "Tag"), *t;
	enum vg_ioc_cat cat = VG_CAT_MALWARE;
	struct vg_str name;
	size_t i;
	int rank = 0;

	json_array_foreach(tags, i, t) {
		name = jstr(t, "name");
		if (VG_STR_PREFIX(name, "misp-galaxy:mitre-"))
			continue;
		if (rank < 3 && (has_word(name, "c2") ||
		    has_word(name, "c&c") || has_word(name, "cnc") ||
		    has_word(name, "command and control") ||
		    has_word(name, "command-and-control"))) {
			cat = VG_CAT_C2;
			rank = 3;
		} else if (rank < 2 && has_word(name, "botnet")) {
			cat = VG_CAT_BOTNET;
			rank = 2;
		} else if (rank < 1 && has_word(name, "scanner")) {
			cat = VG_CAT_SCANNER;
			rank = 1;
		}
	}
	return cat;
}

static int
misp_attr(struct loadctx *lc, const json_t *attr, enum vg_ioc_cat cat)
{
	struct vg_str type, value;
	size_t i;

	lc->lc_rec++;
	if (!json_is_object(attr)) {
		vg_ioc__warn(lc->lc_fc, lc->lc_rec, "attribute is not an "
		    "object");
		return 0;
	}
	if (jtrue(attr, "deleted"))
		return 0;
	type = jstr(attr, "type");
	value = jstr(attr, "value");
	if (type.p == NULL || value.p == NULL) {
		vg_ioc__warn(lc->lc_fc, lc->lc_rec, "attribute without type "
		    "or value");
		return 0;
	}
	/* Types we do not index (text, link, yara...) are not errors. */
	for (i = 0; i < VG_ARRAY_LEN(misp_types); i++)
		if (vg_str_eq(type, misp_types[i].type,
		    strlen(misp_types[i].type)))
			return add_obs(lc, misp_types[i].obs,
			    misp_types[i].hash, value, cat);
	return 0;
}

static int
misp_attrs(struct loadctx *lc, const json_t *attrs, enum vg_ioc_cat cat)
{
	const json_t *a;
	size_t i;
	int r;

	json_array_foreach(attrs, i, a)
		if ((r = misp_attr(lc, a, cat)) != 0)
			return r;
	return 0;
}

static int
misp_event(struct loadctx *lc, const json_t *event)
{
	const json_t *objs, *o;
	enum vg_ioc_cat cat = misp_event_cat(event);
	size_t i;
	int r;

	if ((r = misp_attrs(lc, json_object_get(event, "Attribute"),
	    cat)) != 0)
		return r;
	objs = json_object_get(event, "Object");
	json_array_foreach(objs, i, o) {
		if (jtrue(o, "deleted"))
			continue;
		if ((r = misp_attrs(lc, json_object_get(o, "Attribute"),
		    cat)) != 0)
			return r;
	}
	return 0;
}

/* The event of {"Event": {...}}, or NULL. */
static const json_t *
misp_unwrap(const json_t *v)
{
	const json_t *e = json_object_get(v, "Event");

	return json_is_object(e) ? e : NULL;
}

/*
 * The events of a document: {"Event": ...}, {"response": [{"Event":
 * ...}, ...]} (restSearch), {"response": {"Event": ...}} or a bare array
 * of {"Event": ...} (older exports).  Returns the container to iterate
 * and sets *singlep when the document is one event.
 */
static const json_t *
misp_events(const json_t *root, const json_t **singlep)
{
	const json_t *resp;

	*singlep = NULL;
	if ((*singlep = misp_unwrap(root)) != NULL)
		return NULL;
	resp = json_is_array(root) ? root : json_object_get(root, "response");
	if (json_is_object(resp)) {
		*singlep = misp_unwrap(resp);
		return NULL;
	}
	return json_is_array(resp) ? resp : NULL;
}

/*
 * How many events a document holds (0: it is not MISP); *firstp is the
 * first of them.
 */
static size_t
misp_count(const json_t *root, const json_t **firstp)
{
	const json_t *single, *list, *v, *e;
	size_t i, n = 0;

	*firstp = NULL;
	list = misp_events(root, &single);
	if (single != NULL) {
		*firstp = single;
		return 1;
	}
	json_array_foreach(list, i, v) {
		if ((e = misp_unwrap(v)) == NULL)
			continue;
		if (n++ == 0)
			*firstp = e;
	}
	return n;
}

static int
misp_doc(struct loadctx *lc, const json_t *root)
{
	const json_t *single, *list, *v, *e;
	size_t i;
	int r;

	list = misp_events(root, &single);
	if (single != NULL)
		return misp_event(lc, single);
	json_array_foreach(list, i, v)
		if ((e = misp_unwrap(v)) != NULL &&
		    (r = misp_event(lc, e)) != 0)
			return r;
	return 0;
}

/* The text has "Event" somewhere: cheap, before a full parse. */
static bool
misp_sniff(const struct vg_ioc__feedctx *fc)
{
	return VG_STR_FIND(vg_str_make(fc->fc_buf, fc->fc_len),
	    "\"Event\"") >= 0;
}

int
vg_ioc__load_misp(struct vg_ioc__feedctx *fc)
{
	struct loadctx lc = { .lc_fc = fc };
	const json_t *first;
	json_t *root = NULL;
	size_t n;
	int r = VG_ERR_INTERNAL;

	if (!misp_sniff(fc))
		return VG_ERR_FORMAT;
	if ((r = parse_doc(fc, &root)) != 0)
		goto out;
	if ((n = misp_count(root, &first)) == 0) {
		r = VG_ERR_FORMAT;
		goto out;
	}
	if ((r = vg_ioc__feed(fc, NULL, VG_CAT_MALWARE, &lc.lc_feed)) != 0)
		goto out;
	lc.lc_forced = vg_ioc__cat_forced(fc);
	/* One event: its tags are the category of the whole feed. */
	if (n == 1 && !lc.lc_forced)
		vg_ioc_builder_feed_cat(fc->fc_b, lc.lc_feed,
		    misp_event_cat(first));
	r = misp_doc(&lc, root);
 out:
	json_decref(root);
	return r;
}

/* ------------------------------------------------------ MISP feed dir */

/*
 * Read a whole file of at most VG_MAX_FEED_BYTES.  Returns 0,
 * VG_ERR_SYSTEM with errno set (ENOENT for a missing file), VG_ERR_LIMIT,
 * VG_ERR_INVAL for a non-regular file, or VG_ERR_NOMEM.
 */
static int
read_whole(const char *path, char **bufp, size_t *lenp)
{
	struct stat st;
	char *buf = NULL, *nb;
	size_t len = 0, cap;
	ssize_t n;
	int fd, r = VG_ERR_INTERNAL, saved;

	*bufp = NULL;
	*lenp = 0;
	/* O_NONBLOCK: a FIFO put in the directory must not hang us. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1)
		return VG_ERR_SYSTEM;
	if (fstat(fd, &st) == -1) {
		r = VG_ERR_SYSTEM;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		r = VG_ERR_INVAL;
		goto out;
	}
	if (st.st_size > VG_MAX_FEED_BYTES) {
		r = VG_ERR_LIMIT;
		goto out;
	}
	/* The file may grow while read; the bound is rechecked as we go. */
	cap = (size_t)st.st_size + 1;
	if ((buf = malloc(cap)) == NULL) {
		r = VG_ERR_NOMEM;
		goto out;
	}
	for (;;) {
		if (len == cap) {
			if (cap > (size_t)VG_MAX_FEED_BYTES) {
				r = VG_ERR_LIMIT;
				goto out;
			}
			cap = VG_MIN(cap * 2, (size_t)VG_MAX_FEED_BYTES + 1);
			if ((nb = realloc(buf, cap)) == NULL) {
				r = VG_ERR_NOMEM;
				goto out;
			}
			buf = nb;
		}
		n = read(fd, buf + len, cap - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			r = VG_ERR_SYSTEM;
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > (size_t)VG_MAX_FEED_BYTES) {
		r = VG_ERR_LIMIT;
		goto out;
	}
	*bufp = buf;
	*lenp = len;
	buf = NULL;
	r = 0;
 out:
	saved = errno;
	free(buf);
	close(fd);
	errno = saved;
	return r;
}

/* A manifest key is usable as a file name: a UUID, or near enough. */
static bool
manifest_key_ok(const char *key)
{
	size_t i;

	for (i = 0; key[i] != '\0'; i++)
		if (i >= MANIFEST_KEY_MAX ||
		    !(isxdigit((unsigned char)key[i]) || key[i] == '-'))
			return false;
	return i > 0;
}

static const char *
read_error(int r, char *buf, size_t size)
{
	if (r == VG_ERR_SYSTEM)
		snprintf(buf, size, "%s", strerror(errno));
	else if (r == VG_ERR_INVAL)
		snprintf(buf, size, "not a regular file");
	else if (r == VG_ERR_LIMIT)
		snprintf(buf, size, "larger than %ld bytes",
		    VG_MAX_FEED_BYTES);
	else
		snprintf(buf, size, "%s", vg_strerror(r));
	return buf;
}

/* One event file of a feed directory; bad files are warned and skipped. */
static int
misp_dir_event(struct loadctx *lc, struct vg_ioc__feedctx *fc,
    const char *path)
{
	char *buf = NULL, msg[VG_DIAG_MSG_MAX];
	const json_t *first;
	json_t *root = NULL;
	size_t len;
	int r;

	fc->fc_path = path;
	if ((r = read_whole(path, &buf, &len)) != 0) {
		if (r == VG_ERR_NOMEM)
			return r;
		if (r == VG_ERR_SYSTEM && errno == ENOENT)
			vg_ioc__warn(fc, 0, "listed in manifest.json but "
			    "missing");
		else
			vg_ioc__warn(fc, 0, "%s", read_error(r, msg,
			    sizeof(msg)));
		return 0;
	}
	fc->fc_buf = buf;
	fc->fc_len = len;
	if ((r = parse_doc(fc, &root)) != 0) {
		r = r == VG_ERR_NOMEM ? r : 0;
		goto out;
	}
	if (misp_count(root, &first) == 0) {
		vg_ioc__warn(fc, 0, "not a MISP event");
		goto out;
	}
	lc->lc_rec = 0;
	r = misp_doc(lc, root);
 out:
	json_decref(root);
	free(buf);
	fc->fc_buf = NULL;
	fc->fc_len = 0;
	return r;
}

int
vg_ioc__load_misp_dir(struct vg_ioc_builder *b, const char *dir,
    const char *name, vg_ioc_warn_fn *warn, void *warn_arg,
    struct vg_diag *diag)
{
	struct vg_ioc__feedctx fc = {
		.fc_b = b,
		.fc_path = dir,
		.fc_name = name,
		.fc_warn = warn,
		.fc_warn_arg = warn_arg,
	};
	struct loadctx lc = { .lc_fc = &fc };
	char path[PATH_MAX], dflt[VG_MAX_FEED_NAME], msg[VG_DIAG_MSG_MAX];
	char ex[EXCERPT_MAX + 1];
	const char *key, *base;
	char *buf = NULL;
	json_t *manifest = NULL, *v;
	json_error_t err;
	size_t len, dirlen;
	int r = VG_ERR_INTERNAL;

	memset(diag, 0, sizeof(*diag));
	diag->src = dir;
	dirlen = strlen(dir);
	while (dirlen > 1 && dir[dirlen - 1] == '/')
		dirlen--;
	if ((size_t)snprintf(path, sizeof(path), "%.*s/manifest.json",
	    (int)dirlen, dir) >= sizeof(path)) {
		snprintf(diag->msg, sizeof(diag->msg), "path too long");
		return VG_ERR_INVAL;
	}
	if ((r = read_whole(path, &buf, &len)) != 0) {
		if (r == VG_ERR_SYSTEM && errno == ENOENT) {
			snprintf(diag->msg, sizeof(diag->msg), "directory "
			    "without manifest.json is not a MISP feed");
			r = VG_ERR_FORMAT;
		} else {
			snprintf(diag->msg, sizeof(diag->msg),
			    "manifest.json: %s", read_error(r, msg,
			    sizeof(msg)));
			r = r == VG_ERR_NOMEM ? r : VG_ERR_IO;
		}
		goto out;
	}
	if ((manifest = json_loadb(buf, len, 0, &err)) == NULL) {
		diag->line = (unsigned long)VG_MAX(err.line, 0);
		snprintf(diag->msg, sizeof(diag->msg), "manifest.json: %s",
		    excerpt(vg_str_make(err.text, strlen(err.text)), ex,
		    sizeof(ex)));
		r = VG_ERR_PARSE;
		goto out;
	}
	if (!json_is_object(manifest)) {
		snprintf(diag->msg, sizeof(diag->msg), "manifest.json is not "
		    "an object keyed by event UUID");
		r = VG_ERR_PARSE;
		goto out;
	}
	/* The feed is named after the directory: "misp_feed_crowdsec". */
	for (base = dir + dirlen; base > dir && base[-1] != '/'; base--)
		;
	snprintf(dflt, sizeof(dflt), "%.*s", (int)(dir + dirlen - base),
	    base);
	if ((r = vg_ioc__feed(&fc, dflt, VG_CAT_MALWARE, &lc.lc_feed)) != 0) {
		snprintf(diag->msg, sizeof(diag->msg), "%s", vg_strerror(r));
		goto out;
	}
	lc.lc_forced = vg_ioc__cat_forced(&fc);
	json_object_foreach(manifest, key, v) {
		if (!manifest_key_ok(key)) {
			fc.fc_path = dir;
			vg_ioc__warn(&fc, 0, "manifest.json: event key \"%s\" "
			    "is not a UUID", excerpt(vg_str_make(key,
			    strlen(key)), ex, sizeof(ex)));
			continue;
		}
		if ((size_t)snprintf(path, sizeof(path), "%.*s/%s.json",
		    (int)dirlen, dir, key) >= sizeof(path)) {
			fc.fc_path = dir;
			vg_ioc__warn(&fc, 0, "path of event %s too long", key);
			continue;
		}
		if ((r = misp_dir_event(&lc, &fc, path)) != 0) {
			snprintf(diag->msg, sizeof(diag->msg), "%s.json: %s",
			    key, vg_strerror(r));
			goto out;
		}
	}
	r = 0;
 out:
	json_decref(manifest);
	free(buf);
	return r;
}

/* ---------------------------------------------------------------- STIX */

enum stix_tok {
	T_END = 0,
	T_ERR,
	T_LBRACK,
	T_RBRACK,
	T_LPAREN,
	T_RPAREN,
	T_COMMA,
	T_OP,		/* = != < > <= >= */
	T_STRING,	/* 'text', escapes not yet undone */
	T_TYPED,	/* t'...', b'...', h'...': never an observable value */
	T_PATH,		/* object-type:property.path */
	T_WORD,		/* keyword, number, true, false */
};

struct stix_lex {
	const char	*p, *end;
};

static bool
path_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' ||
	    c == '.' || c == ':' || c == '*' || c == '+';
}

/* Skip a 'quoted' run at `p' (on the quote); NULL if unterminated. */
static const char *
skip_quoted(const char *p, const char *end)
{
	for (p++; p < end; p++) {
		if (*p == '\\') {
			if (++p == end)
				return NULL;
		} else if (*p == '\'')
			return p + 1;
	}
	return NULL;
}

/*
 * Next token of a STIX pattern.  Only the structure matters to us: the
 * lexer accepts any keyword as a T_WORD and leaves the grammar alone.
 * An object path may hold 'quoted' components (hashes.'SHA-256') and
 * list indexes ([*], [0]); an index is told from an observation bracket
 * by following a path with no space between.
 */
static enum stix_tok
stix_next(struct stix_lex *lx, struct vg_str *textp)
{
	const char *p = lx->p, *end = lx->end, *start, *q;
	bool path = false;
	enum stix_tok t;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' ||
	    *p == '\n'))
		p++;
	start = p;
	*textp = VG_STR_NULL;
	if (p == end) {
		lx->p = p;
		return T_END;
	}
	switch (*p) {
	case '[':
		t = T_LBRACK;
		p++;
		break;
	case ']':
		t = T_RBRACK;
		p++;
		break;
	case '(':
		t = T_LPAREN;
		p++;
		break;
	case ')':
		t = T_RPAREN;
		p++;
		break;
	case ',':
		t = T_COMMA;
		p++;
		break;
	case '=':
		t = T_OP;
		p++;
		break;
	case '!':
	case '<':
	case '>':
		t = T_OP;
		if (*p == '!' && (p + 1 == end || p[1] != '='))
			return T_ERR;
		p++;
		if (p < end && *p == '=')
			p++;
		break;
	case '\'':
		if ((q = skip_quoted(p, end)) == NULL)
			return T_ERR;
		*textp = vg_str_make(p + 1, (size_t)(q - p - 2));
		lx->p = q;
		return T_STRING;
	default:
		if (!path_char(*p))
			return T_ERR;
		if (p + 1 < end && p[1] == '\'' &&
		    (*p == 't' || *p == 'b' || *p == 'h')) {
			if ((q = skip_quoted(p + 1, end)) == NULL)
				return T_ERR;
			lx->p = q;
			return T_TYPED;
		}
		while (p < end) {
			if (path_char(*p)) {
				path = path || *p == ':';
				p++;
			} else if (*p == '\'' && path && p[-1] == '.') {
				if ((p = skip_quoted(p, end)) == NULL)
					return T_ERR;
			} else if (*p == '[' && path && p + 2 < end &&
			    (p[1] == '*' || isdigit((unsigned char)p[1]))) {
				for (q = p + 1; q < end &&
				    (*q == '*' || isdigit((unsigned char)*q));
				    q++)
					;
				if (q == end || *q != ']')
					return T_ERR;
				p = q + 1;
			} else
				break;
		}
		t = path ? T_PATH : T_WORD;
		break;
	}
	*textp = vg_str_make(start, (size_t)(p - start));
	lx->p = p;
	return t;
}

/* Lex the whole pattern once: brackets balanced, every token known. */
static bool
stix_valid(struct vg_str pattern)
{
	struct stix_lex lx = { pattern.p, pattern.p + pattern.len };
	struct vg_str text;
	enum stix_tok t;
	long depth = 0;
	bool obs = false;

	while ((t = stix_next(&lx, &text)) != T_END) {
		if (t == T_ERR)
			return false;
		if (t == T_LBRACK || t == T_LPAREN) {
			obs = obs || t == T_LBRACK;
			depth++;
		} else if (t == T_RBRACK || t == T_RPAREN) {
			if (--depth < 0)
				return false;
		}
	}
	return obs && depth == 0;
}

static const struct {
	const char	*name;
	enum vg_ioc_type type;
} stix_hashes[] = {
	{ "MD5", VG_IOC_MD5 },
	{ "SHA-1", VG_IOC_SHA1 },
	{ "SHA1", VG_IOC_SHA1 },
	{ "SHA-256", VG_IOC_SHA256 },
	{ "SHA256", VG_IOC_SHA256 },
	{ "SHA-512", VG_IOC_SHA512 },
	{ "SHA512", VG_IOC_SHA512 },
};

/* What an object path names; OBS_NONE for the paths we do not index. */
static enum obs
stix_path(struct vg_str path, enum vg_ioc_type *typep)
{
	struct vg_str h = path;
	size_t i;

	if (VG_STR_EQ(path, "ipv4-addr:value") ||
	    VG_STR_EQ(path, "ipv6-addr:value"))
		return OBS_IP;
	if (VG_STR_EQ(path, "domain-name:value"))
		return OBS_DOMAIN;
	if (VG_STR_EQ(path, "url:value"))
		return OBS_URL;
	if (VG_STR_EQ(path, "email-addr:value") ||
	    VG_STR_EQ(path, "email-message:from_ref.value") ||
	    VG_STR_EQ(path, "email-message:sender_ref.value"))
		return OBS_ACCOUNT;
	/* A reference may point at an address or a domain-name object. */
	if (VG_STR_EQ(path, "network-traffic:dst_ref.value") ||
	    VG_STR_EQ(path, "network-traffic:src_ref.value"))
		return OBS_IP_OR_DOMAIN;
	if (!VG_STR_EAT(&h, "file:hashes.") &&
	    !VG_STR_EAT(&h, "artifact:hashes.") &&
	    !VG_STR_EAT(&h, "x509-certificate:hashes."))
		return OBS_NONE;
	if (h.len >= 2 && h.p[0] == '\'' && h.p[h.len - 1] == '\'')
		h = vg_str_make(h.p + 1, h.len - 2);
	for (i = 0; i < VG_ARRAY_LEN(stix_hashes); i++)
		if (vg_str_caseeq(h, stix_hashes[i].name,
		    strlen(stix_hashes[i].name))) {
			*typep = stix_hashes[i].type;
			return OBS_HASH;
		}
	return OBS_NONE;
}

/* Add the value of one `path = 'value'' comparison. */
static int
stix_emit(struct loadctx *lc, struct vg_str path, struct vg_str raw,
    enum vg_ioc_cat cat)
{
	char buf[VG_MAX_INDICATOR];
	enum vg_ioc_type type = 0;
	enum obs obs;
	size_t i, n = 0;

	if ((obs = stix_path(path, &type)) == OBS_NONE)
		return 0;
	/* Undo \' and \\; the lexer saw every backslash has a successor. */
	for (i = 0; i < raw.len; i++) {
		if (n == sizeof(buf))
			return added(lc, VG_ERR_INVAL, "over-long value", raw);
		if (raw.p[i] == '\\')
			i++;
		buf[n++] = raw.p[i];
	}
	return add_obs(lc, obs, type, vg_str_make(buf, n), cat);
}

/*
 * Take every `PATH = 'v'' and `PATH IN ('v', ...)' of a pattern that
 * stix_valid() accepted.  `PATH NOT = ...' and the other operators are
 * skipped.
 */
static int
stix_pattern(struct loadctx *lc, struct vg_str pattern, enum vg_ioc_cat cat)
{
	struct stix_lex lx = { pattern.p, pattern.p + pattern.len };
	struct vg_str text, path;
	enum stix_tok t;
	bool neg;
	int r;

	t = stix_next(&lx, &text);
	while (t != T_END && t != T_ERR) {
		if (t != T_PATH) {
			t = stix_next(&lx, &text);
			continue;
		}
		path = text;
		t = stix_next(&lx, &text);
		if ((neg = t == T_WORD && vg_str_caseeq(text, "NOT", 3)))
			t = stix_next(&lx, &text);
		if (t == T_OP && VG_STR_EQ(text, "=")) {
			if ((t = stix_next(&lx, &text)) == T_STRING) {
				if (!neg &&
				    (r = stix_emit(lc, path, text, cat)) != 0)
					return r;
				t = stix_next(&lx, &text);
			}
		} else if (t == T_WORD && vg_str_caseeq(text, "IN", 2)) {
			if ((t = stix_next(&lx, &text)) != T_LPAREN)
				continue;
			while ((t = stix_next(&lx, &text)) == T_STRING) {
				if (!neg &&
				    (r = stix_emit(lc, path, text, cat)) != 0)
					return r;
				if ((t = stix_next(&lx, &text)) != T_COMMA)
					break;
			}
		}
	}
	return 0;
}

/*
 * Category from indicator_types (2.1) or labels (2.0).  The first label
 * that names a category wins; "malicious-activity" and "attribution" say
 * nothing more than that the feed lists it.  A "benign" indicator is not
 * loaded at all (returns false): treating it as an allowlist entry would
 * let one feed silence every other feed's hits.  For the same reason a
 * label never yields VG_CAT_ALLOW.
 */
static bool
stix_cat(const json_t *ind, enum vg_ioc_cat *catp)
{
	static const char *const keys[] = { "indicator_types", "labels" };
	const json_t *v;
	struct vg_str s;
	enum vg_ioc_cat c, cat = VG_CAT_UNKNOWN;
	size_t i, k;

	for (k = 0; k < VG_ARRAY_LEN(keys); k++) {
		json_array_foreach(json_object_get(ind, keys[k]), i, v) {
			if (!json_is_string(v))
				continue;
			s = vg_str_make(json_string_value(v),
			    json_string_length(v));
			if (VG_STR_EQ(s, "benign"))
				return false;
			if (VG_STR_EQ(s, "anomalous-activity"))
				c = VG_CAT_SUSPICIOUS;
			else if (VG_STR_EQ(s, "anonymization"))
				c = VG_CAT_ANONYMIZER;
			else if (VG_STR_EQ(s, "compromised"))
				c = VG_CAT_COMPROMISED;
			else if ((c = vg_ioc_cat_parse(s)) == VG_CAT_ALLOW)
				c = VG_CAT_UNKNOWN;
			if (cat == VG_CAT_UNKNOWN)
				cat = c;
		}
	}
	*catp = cat;
	return true;
}

static int
stix_indicator(struct loadctx *lc, const json_t *ind)
{
	struct vg_str ptype, pattern;
	enum vg_ioc_cat cat;

	if (jtrue(ind, "revoked"))
		return 0;
	/* Absent in STIX 2.0, where every pattern is a STIX pattern. */
	ptype = jstr(ind, "pattern_type");
	if (ptype.p != NULL && !VG_STR_EQ(ptype, "stix"))
		return 0;
	if ((pattern = jstr(ind, "pattern")).p == NULL) {
		vg_ioc__warn(lc->lc_fc, lc->lc_rec, "indicator without a "
		    "pattern");
		return 0;
	}
	if (!stix_cat(ind, &cat))
		return 0;
	if (!stix_valid(pattern)) {
		vg_ioc__warn(lc->lc_fc, lc->lc_rec, "bad STIX pattern");
		return 0;
	}
	return stix_pattern(lc, pattern, cat);
}

/*
 * The objects of a bundle, of a TAXII 2.1 envelope ({"objects": [...]}
 * without a type), or a lone indicator (*singlep).  Returns false when
 * the document is none of these.
 */
static bool
stix_objects(const json_t *root, const json_t **objsp,
    const json_t **singlep)
{
	struct vg_str type = jstr(root, "type");
	const json_t *objs = json_object_get(root, "objects");

	*objsp = NULL;
	*singlep = NULL;
	if (VG_STR_EQ(type, "bundle") ||
	    (type.p == NULL && json_is_array(objs))) {
		*objsp = objs;
		return true;
	}
	if (VG_STR_EQ(type, "indicator")) {
		*singlep = root;
		return true;
	}
	return false;
}

int
vg_ioc__load_stix(struct vg_ioc__feedctx *fc)
{
	struct loadctx lc = { .lc_fc = fc };
	const json_t *objs, *single, *o;
	json_t *root = NULL;
	size_t i;
	int r = VG_ERR_INTERNAL;

	if (VG_STR_FIND(vg_str_make(fc->fc_buf, fc->fc_len),
	    "\"type\"") < 0 && VG_STR_FIND(vg_str_make(fc->fc_buf,
	    fc->fc_len), "\"objects\"") < 0)
		return VG_ERR_FORMAT;
	if ((r = parse_doc(fc, &root)) != 0)
		goto out;
	if (!stix_objects(root, &objs, &single)) {
		r = VG_ERR_FORMAT;
		goto out;
	}
	if ((r = vg_ioc__feed(fc, NULL, VG_CAT_UNKNOWN, &lc.lc_feed)) != 0)
		goto out;
	lc.lc_forced = vg_ioc__cat_forced(fc);
	if (single != NULL) {
		lc.lc_rec = 1;
		r = stix_indicator(&lc, single);
		goto out;
	}
	json_array_foreach(objs, i, o) {
		lc.lc_rec = i + 1;
		if (!VG_STR_EQ(jstr(o, "type"), "indicator"))
			continue;
		if ((r = stix_indicator(&lc, o)) != 0)
			goto out;
	}
	r = 0;
 out:
	json_decref(root);
	return r;
}
