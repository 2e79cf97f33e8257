/*
 * logfmt_generic.c -- observables out of free text.
 *
 * Any line, decoded or not, can name a listed address, domain, URL, mail
 * address or file hash.  This extractor finds them with a single pass of
 * cheap character-class tests and validates each candidate strictly
 * (addresses through vg_addr_parse, domains by label syntax), so a line of
 * binary garbage yields nothing and costs one pass.
 */
#include "logfmt.h"

/*
 * Characters that can be part of an observable token.  '/' is not: it
 * separates "HIER_DIRECT/203.0.113.9" and paths; URLs are taken whole
 * when "://" is seen, before tokens are split.
 */
static inline bool
tok_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' ||
	    c == ':' || c == '@' || c == '%';
}

/* Characters that end a URL. */
static inline bool
url_end(unsigned char c)
{
	return c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' ||
	    c == '`' || c == 0x7f;
}

static inline bool
is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

static inline bool
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * Top labels that are file extensions far more often than domains in
 * log text ("wp-login.php", "bins.sh"): not taken as names.  A listed
 * domain under such a TLD is still matched where a decoder sets it.
 */
static bool
is_file_ext(struct vg_str top)
{
	static const char *const exts[] = { "php", "sh", "txt", "html",
	    "htm", "js", "css", "jsp", "asp", "aspx", "cgi", "pl", "py", "log",
	    "conf", "cfg", "ini", "xml", "json", "bak", "old", "properties",
	    "exe", "dll", "so", "jpg", "jpeg", "png", "gif", "ico", "svg",
	    "gz", "tgz", "bz2", "bin", "elf", "arm", "arm7", "mips", "x86",
	    "service", "socket", "target", "mount", "timer", "conf", "pem",
	    "key", "crt", "sql", "db", "c", "h", "o" };
	size_t i;

	for (i = 0; i < VG_ARRAY_LEN(exts); i++)
		if (vg_str_caseeq(top, exts[i], strlen(exts[i])))
			return true;
	return false;
}

/*
 * A DNS name: labels of letters, digits and '-', at least two labels, a
 * top label of 2..63 letters.  Dotted numbers are not names.
 */
static bool
is_domain(struct vg_str s)
{
	size_t i, label = 0, labels = 1, top = 0;
	bool alpha_top = true;

	if (s.len < 4 || s.len > 253 || s.p[0] == '.' || s.p[0] == '-')
		return false;
	for (i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.p[i];

		if (c == '.') {
			if (label == 0 || label > 63)
				return false;
			labels++;
			label = 0;
			alpha_top = true;
			top = 0;
			continue;
		}
		if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '-' &&
		    c != '_')
			return false;
		if (!is_alpha(c))
			alpha_top = false;
		label++;
		top++;
	}
	return labels >= 2 && label > 0 && alpha_top && top >= 2 && top <= 63 &&
	    !is_file_ext(vg_str_make(s.p + s.len - top, top));
}

static void
add_host(struct vg_event *ev, struct vg_str host)
{
	struct vg_addr a;

	if (vg_addr_parse(host, &a))
		vg_event_obs(ev, VG_OBS_IP, NULL, host, &a);
	else if (is_domain(host))
		vg_event_obs(ev, VG_OBS_DOMAIN, NULL, host, NULL);
}

/* A URL at `p' (already known to hold "://"); returns its length. */
static size_t
take_url(struct vg_event *ev, const char *p, const char *end)
{
	struct vg_str url, host;
	const char *q = p, *h, *he;

	while (q < end && !url_end((unsigned char)*q))
		q++;
	url = vg_str_make(p, (size_t)(q - p));
	/* Trailing punctuation of prose is not part of a URL. */
	while (url.len > 0 && strchr(".,;)]}", url.p[url.len - 1]) != NULL)
		url.len--;
	vg_event_obs(ev, VG_OBS_URL, NULL, url, NULL);
	h = (const char *)memchr(url.p, ':', url.len) + 3;
	he = h;
	while (he < url.p + url.len && *he != '/' && *he != '?' && *he != '#')
		he++;
	host = vg_str_make(h, (size_t)(he - h));
	/* Drop "user@" and ":port"; keep "[v6]" for the parser. */
	{
		ptrdiff_t at = vg_str_chr(host, '@');
		ptrdiff_t colon;

		if (at >= 0)
			host = vg_str_make(host.p + at + 1,
			    host.len - (size_t)at - 1);
		if (host.len > 0 && host.p[0] == '[') {
			colon = vg_str_chr(host, ']');
			if (colon > 0)
				host.len = (size_t)colon + 1;
		} else if ((colon = vg_str_chr(host, ':')) >= 0) {
			host.len = (size_t)colon;
		}
	}
	add_host(ev, host);
	return (size_t)(q - p);
}

static void
classify(struct vg_event *ev, struct vg_str t)
{
	struct vg_addr a;
	ptrdiff_t at, colon;
	size_t i, hex = 0, colons = 0, dots = 0;

	/* Strip punctuation that ends sentences or wraps values. */
	while (t.len > 0 && (t.p[t.len - 1] == '.' || t.p[t.len - 1] == ':' ||
	    t.p[t.len - 1] == '/' || t.p[t.len - 1] == '-'))
		t.len--;
	while (t.len > 0 && (t.p[0] == '.' || t.p[0] == '/' || t.p[0] == '-'))
		vg_str_skip(&t, 1);
	if (t.len < 4)
		return;
	for (i = 0; i < t.len; i++) {
		unsigned char c = (unsigned char)t.p[i];

		hex += is_hex(c);
		colons += c == ':';
		dots += c == '.';
	}
	if (hex == t.len && (t.len == 32 || t.len == 40 || t.len == 64 ||
	    t.len == 128)) {
		vg_event_obs(ev, VG_OBS_HASH, NULL, t, NULL);
		return;
	}
	if (dots == 3 && colons <= 1 && t.p[0] >= '0' && t.p[0] <= '9') {
		/* "1.2.3.4" or "1.2.3.4:22" */
		if (colons == 1)
			t.len = (size_t)vg_str_chr(t, ':');
		if (vg_addr_parse(t, &a))
			vg_event_obs(ev, VG_OBS_IP, NULL, t, &a);
		return;
	}
	if (colons >= 2) {
		if (vg_addr_parse(t, &a)) {
			vg_event_obs(ev, VG_OBS_IP, NULL, t, &a);
			return;
		}
		/* "[2001:db8::1]:22" was split at '['; "2001:db8::1]:22" */
		return;
	}
	if ((at = vg_str_chr(t, '@')) > 0 && (size_t)at + 1 < t.len) {
		struct vg_str dom = vg_str_make(t.p + at + 1,
		    t.len - (size_t)at - 1);

		if (is_domain(dom)) {
			vg_event_obs(ev, VG_OBS_EMAIL, NULL, t, NULL);
			vg_event_obs(ev, VG_OBS_DOMAIN, NULL, dom, NULL);
		}
		return;
	}
	if (dots == 0)
		return;
	if ((colon = vg_str_chr(t, ':')) > 0)
		t.len = (size_t)colon;	/* "host.example.com:443" */
	if (vg_str_chr(t, '/') >= 0)
		return;			/* a path, not a name */
	if (is_domain(t))
		vg_event_obs(ev, VG_OBS_DOMAIN, NULL, t, NULL);
}

void
vg_logfmt_extract(struct vg_str text, struct vg_event *ev)
{
	const char *p = text.p, *end = text.p + text.len, *start;

	while (p < end) {
		if (!tok_char((unsigned char)*p)) {
			p++;
			continue;
		}
		start = p;
		while (p < end && tok_char((unsigned char)*p)) {
			if (*p == ':' && end - p > 3 && p[1] == '/' &&
			    p[2] == '/' && p > start) {
				/*
				 * The scheme is the letters right before
				 * "://", not the token's start: in
				 * "${jndi:ldap://h/}" it is "ldap".
				 */
				const char *sch = p;

				while (sch > start && (is_alpha(
				    (unsigned char)sch[-1]) || sch[-1] == '+' ||
				    sch[-1] == '-' || sch[-1] == '.'))
					sch--;
				if (sch < p && is_alpha((unsigned char)*sch)) {
					if (sch > start)
						classify(ev, vg_str_make(start,
						    (size_t)(sch - start)));
					p = sch + take_url(ev, sch, end);
					start = NULL;
					break;
				}
			}
			p++;
		}
		if (start != NULL)
			classify(ev, vg_str_make(start, (size_t)(p - start)));
	}
}
