/*
 * ioc_feed.c -- feed files in their native formats, into a builder.
 *
 * The format is recognised from the content, never trusted from the file
 * name: JSON documents go to the MISP and STIX loaders, abuse.ch CSV
 * exports to theirs, and everything else is read as lines: FireHOL
 * ipset/netset, IPsum, maltrail trails, hosts files and plain lists.  The
 * file name only hints a category when the content gives none.  Bad lines
 * are reported with their number and skipped; the rest loads.
 */
#include "ioc.h"
#include "ioc_int.h"
#include "vg_file.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>

void
vg_ioc__warn(struct vg_ioc__feedctx *fc, unsigned long line,
    const char *fmt, ...)
{
	struct vg_diag d;
	va_list ap;
	char *p;

	fc->fc_bad++;
	if (fc->fc_warn == NULL)
		return;
	d.src = fc->fc_path;
	d.line = line;
	va_start(ap, fmt);
	vsnprintf(d.msg, sizeof(d.msg), fmt, ap);
	va_end(ap);
	/* Messages quote feed bytes: keep terminal escapes out of them. */
	for (p = d.msg; *p != '\0'; p++)
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			*p = '?';
	fc->fc_warn(fc->fc_warn_arg, &d);
}

void
vg_ioc__basename(const char *path, char *buf, size_t size)
{
	const char *base = strrchr(path, '/'), *dot;
	size_t n;

	base = base == NULL ? path : base + 1;
	if ((dot = strchr(base, '.')) == NULL || dot == base)
		dot = base + strlen(base);
	n = VG_MIN((size_t)(dot - base), size - 1);
	memcpy(buf, base, n);
	buf[n] = '\0';
}

/* Category hinted by words in the file's path. */
static enum vg_ioc_cat
path_cat(const char *path)
{
	static const struct {
		const char	*word;
		enum vg_ioc_cat	 cat;
	} hints[] = {
		{ "whitelist", VG_CAT_ALLOW }, { "allowlist", VG_CAT_ALLOW },
		{ "feodo", VG_CAT_C2 }, { "c2", VG_CAT_C2 },
		{ "botcc", VG_CAT_C2 }, { "botnet", VG_CAT_BOTNET },
		{ "scanner", VG_CAT_SCANNER }, { "tor_", VG_CAT_ANONYMIZER },
		{ "proxy", VG_CAT_ANONYMIZER }, { "phish", VG_CAT_PHISHING },
		{ "spam", VG_CAT_SPAM }, { "malware", VG_CAT_MALWARE },
		{ "ransomware", VG_CAT_MALWARE }, { "brute", VG_CAT_ATTACK },
		{ "ssh", VG_CAT_ATTACK }, { "compromised", VG_CAT_COMPROMISED },
		{ "leak", VG_CAT_LEAKED }, { "bogon", VG_CAT_BOGON },
		{ "suspicious", VG_CAT_SUSPICIOUS },
		{ "malicious", VG_CAT_UNKNOWN },
	};
	size_t i;

	for (i = 0; i < VG_ARRAY_LEN(hints); i++)
		if (strstr(path, hints[i].word) != NULL)
			return hints[i].cat;
	return VG_CAT_UNKNOWN;
}

/*
 * -i accepts NAME=PATH and NAME:CATEGORY=PATH; fc_name is the part before
 * '='.  Returns the name part length and sets *catp when a category is
 * given.
 */
static size_t
split_name(const char *name, enum vg_ioc_cat *catp, bool *has_catp)
{
	const char *colon = strchr(name, ':');

	*has_catp = false;
	if (colon == NULL)
		return strlen(name);
	*catp = vg_ioc_cat_parse(vg_str_make(colon + 1, strlen(colon + 1)));
	*has_catp = true;
	return (size_t)(colon - name);
}

bool
vg_ioc__cat_forced(const struct vg_ioc__feedctx *fc)
{
	return fc->fc_name != NULL && strchr(fc->fc_name, ':') != NULL;
}

int
vg_ioc__feed(struct vg_ioc__feedctx *fc, const char *dflt,
    enum vg_ioc_cat cat, unsigned *feedp)
{
	char buf[VG_MAX_FEED_NAME];
	enum vg_ioc_cat forced;
	bool has_cat;
	size_t n;

	if (fc->fc_name != NULL && fc->fc_name[0] != '\0') {
		n = split_name(fc->fc_name, &forced, &has_cat);
		n = VG_MIN(n, sizeof(buf) - 1);
		memcpy(buf, fc->fc_name, n);
		buf[n] = '\0';
		if (has_cat)
			cat = forced;
	} else if (dflt != NULL) {
		snprintf(buf, sizeof(buf), "%s", dflt);
	} else {
		vg_ioc__basename(fc->fc_path, buf, sizeof(buf));
	}
	if (vg_ioc__cat_forced(fc) && buf[0] == '\0')
		vg_ioc__basename(fc->fc_path, buf, sizeof(buf));
	return vg_ioc_builder_feed(fc->fc_b, buf, fc->fc_path, cat, feedp);
}

/* Iterate over lines; returns false at the end. */
static bool
next_line(struct vg_str *rest, struct vg_str *linep, unsigned long *lnop)
{
	ptrdiff_t nl;

	if (rest->len == 0)
		return false;
	nl = vg_str_chr(*rest, '\n');
	if (nl < 0) {
		*linep = *rest;
		vg_str_skip(rest, rest->len);
	} else {
		*linep = vg_str_make(rest->p, (size_t)nl);
		vg_str_skip(rest, (size_t)nl + 1);
	}
	if (linep->len > 0 && linep->p[linep->len - 1] == '\r')
		linep->len--;
	(*lnop)++;
	return true;
}

enum line_format {
	LF_PLAIN,
	LF_FIREHOL,
	LF_IPSUM,
	LF_MALTRAIL,
	LF_HOSTS,
};

/* Look at the leading comment block and the first data lines. */
static enum line_format
sniff(struct vg_str text, char *name, size_t namesz, enum vg_ioc_cat *catp,
    bool *has_catp)
{
	struct vg_str rest = text, line, w;
	unsigned long lno = 0;
	enum line_format fmt = LF_PLAIN;
	unsigned data = 0, hosts = 0;
	bool firehol_name = false;

	*has_catp = false;
	while (next_line(&rest, &line, &lno) && lno < 200 && data < 20) {
		line = vg_str_trim(line);
		if (line.len == 0)
			continue;
		if (line.p[0] == '#') {
			struct vg_str c = line;

			vg_str_skip(&c, 1);
			c = vg_str_trim(c);
			if (VG_STR_FIND(c, "Maltrail") >= 0)
				fmt = LF_MALTRAIL;
			else if (VG_STR_PREFIX(c, "IPsum"))
				fmt = LF_IPSUM;
			else if (VG_STR_FIND(c, "hash:net ipset") >= 0 ||
			    VG_STR_FIND(c, "hash:ip ipset") >= 0 ||
			    VG_STR_FIND(c, "FireHOL") >= 0)
				fmt = LF_FIREHOL;
			if (lno <= 3 && !firehol_name && c.len > 0 &&
			    c.len < namesz && vg_str_chr(c, ' ') < 0) {
				/* FireHOL's first comment line names the set. */
				vg_str_copy(c, name, namesz);
				firehol_name = true;
			}
			if (VG_STR_EAT(&c, "Category")) {
				vg_str_skip_ws(&c);
				if (VG_STR_EAT(&c, ":")) {
					*catp = vg_ioc_cat_parse(c);
					*has_catp = true;
				}
			}
			continue;
		}
		if (line.p[0] == ';')
			continue;
		data++;
		if (vg_str_word(&line, &w) && (VG_STR_EQ(w, "0.0.0.0") ||
		    VG_STR_EQ(w, "127.0.0.1") || VG_STR_EQ(w, "::1") ||
		    VG_STR_EQ(w, "::")) && line.len > 0)
			hosts++;
	}
	if (fmt != LF_FIREHOL)
		name[0] = '\0';
	if (fmt == LF_PLAIN && hosts > 0 && hosts * 2 >= data)
		fmt = LF_HOSTS;
	return fmt;
}

static bool
is_local_name(struct vg_str w)
{
	return VG_STR_EQ(w, "localhost") || VG_STR_EQ(w, "localhost.localdomain") ||
	    VG_STR_EQ(w, "local") || VG_STR_EQ(w, "broadcasthost") ||
	    VG_STR_EQ(w, "ip6-localhost") || VG_STR_EQ(w, "ip6-loopback") ||
	    VG_STR_EQ(w, "0.0.0.0");
}

static int
add_token(struct vg_ioc__feedctx *fc, unsigned feed, struct vg_str tok,
    unsigned long lno)
{
	int r;

	if (tok.len >= VG_MAX_INDICATOR) {
		vg_ioc__warn(fc, lno, "indicator longer than %d bytes",
		    VG_MAX_INDICATOR);
		return 0;
	}
	r = vg_ioc_builder_add_auto(fc->fc_b, feed, tok, VG_CAT_UNKNOWN, lno);
	if (r == VG_ERR_INVAL) {
		vg_ioc__warn(fc, lno, "not an IP, CIDR, domain, URL, hash or "
		    "e-mail: \"%.*s\"", (int)VG_MIN(tok.len, 60), tok.p);
		return 0;
	}
	if (r == 0)
		fc->fc_added++;
	return r;
}

static int
load_lines(struct vg_ioc__feedctx *fc)
{
	struct vg_str rest = vg_str_make(fc->fc_buf, fc->fc_len), line, w;
	char name[VG_MAX_FEED_NAME];
	enum vg_ioc_cat cat = VG_CAT_UNKNOWN;
	enum line_format fmt;
	unsigned long lno = 0;
	unsigned feed;
	bool has_cat;
	ptrdiff_t i;
	int r;

	fmt = sniff(rest, name, sizeof(name), &cat, &has_cat);
	if (!has_cat)
		cat = path_cat(fc->fc_path);
	if (fmt == LF_IPSUM && !has_cat)
		cat = VG_CAT_REPUTATION;
	if ((r = vg_ioc__feed(fc, fmt == LF_IPSUM ? "ipsum" :
	    (name[0] != '\0' ? name : NULL), cat, &feed)) != 0)
		return r;
	while (next_line(&rest, &line, &lno)) {
		if (line.len > VG_MAX_FEED_LINE) {
			vg_ioc__warn(fc, lno, "line longer than %d bytes",
			    VG_MAX_FEED_LINE);
			continue;
		}
		if (memchr(line.p, '\0', line.len) != NULL) {
			vg_ioc__warn(fc, lno, "NUL byte in line");
			continue;
		}
		/* Comments: whole-line '#' or ';', and trailing " # ..." */
		if ((i = vg_str_chr(line, '#')) >= 0)
			line.len = (size_t)i;
		line = vg_str_trim(line);
		if (line.len == 0 || line.p[0] == ';')
			continue;
		switch (fmt) {
		case LF_HOSTS:
			if (!vg_str_word(&line, &w))
				continue;
			while (vg_str_word(&line, &w))
				if (!is_local_name(w) &&
				    (r = add_token(fc, feed, w, lno)) != 0)
					return r;
			continue;
		case LF_MALTRAIL:
			/*
			 * Maltrail also lists bare URL paths ("/izuku.sh"),
			 * matched by its sensor against any host; vigil has
			 * no host-less URL indicator yet, so they are counted
			 * apart, not reported as bad.  ".cc" lists a whole
			 * TLD, and the whitelist holds single labels: both
			 * are names matched with their subdomains.
			 */
			if (line.p[0] == '/') {
				fc->fc_skipped++;
				continue;
			}
			if (line.p[0] == '.' || (vg_str_chr(line, '.') < 0 &&
			    vg_str_chr(line, ':') < 0)) {
				w = line;
				(void)VG_STR_EAT(&w, ".");
				r = vg_ioc_builder_add(fc->fc_b, feed,
				    VG_IOC_DOMAIN, w, VG_CAT_UNKNOWN, lno);
				if (r == VG_ERR_INVAL)
					vg_ioc__warn(fc, lno, "bad name");
				else if (r != 0)
					return r;
				else
					fc->fc_added++;
				continue;
			}
			/* FALLTHROUGH */
		case LF_IPSUM:
		case LF_FIREHOL:
		case LF_PLAIN:
			/* First field; ';' or ',' or whitespace ends it. */
			for (i = 0; (size_t)i < line.len; i++)
				if (line.p[i] == ';' || line.p[i] == ',' ||
				    line.p[i] == ' ' || line.p[i] == '\t')
					break;
			w = vg_str_make(line.p, (size_t)i);
			if ((r = add_token(fc, feed, w, lno)) != 0)
				return r;
			continue;
		}
	}
	return 0;
}

int
vg_ioc_load_buf(struct vg_ioc_builder *b, const char *path, const char *name,
    const char *buf, size_t len, vg_ioc_warn_fn *warn, void *warn_arg,
    struct vg_diag *diag)
{
	struct vg_ioc__feedctx fc = {
		.fc_b = b,
		.fc_path = path,
		.fc_name = name,
		.fc_buf = buf,
		.fc_len = len,
		.fc_warn = warn,
		.fc_warn_arg = warn_arg,
	};
	struct vg_str head = vg_str_trim(vg_str_make(buf, VG_MIN(len, 64)));
	int r;

	memset(diag, 0, sizeof(*diag));
	diag->src = path;
	if (len > VG_MAX_FEED_BYTES) {
		snprintf(diag->msg, sizeof(diag->msg), "feed larger than %ld "
		    "bytes", VG_MAX_FEED_BYTES);
		return VG_ERR_LIMIT;
	}
	(void)VG_STR_EAT(&head, "\xef\xbb\xbf");
	if (head.len > 0 && (head.p[0] == '{' || head.p[0] == '[')) {
		if ((r = vg_ioc__load_misp(&fc)) != VG_ERR_FORMAT ||
		    (r = vg_ioc__load_stix(&fc)) != VG_ERR_FORMAT)
			goto out;
		snprintf(diag->msg, sizeof(diag->msg), "JSON document is "
		    "neither a MISP event nor a STIX 2 bundle");
		return VG_ERR_FORMAT;
	}
	if ((r = vg_ioc__load_abusech(&fc)) != VG_ERR_FORMAT)
		goto out;
	r = load_lines(&fc);
 out:
	if (r != 0 && diag->msg[0] == '\0')
		snprintf(diag->msg, sizeof(diag->msg), "%s", vg_strerror(r));
	return r;
}

/*
 * Files of a MISP feed directory named one by one (as a shell glob does):
 * manifest.json stands for the whole feed directory, and the hashes.csv
 * index (digests of attribute values, not indicators) adds nothing.
 * Event files load as single events.  Returns VG_ERR_FORMAT for any file
 * this does not handle.
 */
static int
misp_feed_member(struct vg_ioc_builder *b, const char *path,
    const char *name, vg_ioc_warn_fn *warn, void *warn_arg,
    struct vg_diag *diag)
{
	char dir[4096], manifest[4096 + 16];
	const char *slash = strrchr(path, '/'), *base;
	size_t n;

	base = slash == NULL ? path : slash + 1;
	n = slash == NULL ? 1 : (size_t)(slash - path);
	if (n >= sizeof(dir))
		return VG_ERR_FORMAT;
	if (slash == NULL)
		memcpy(dir, ".", 2);
	else {
		memcpy(dir, path, n);
		dir[n] = '\0';
	}
	snprintf(manifest, sizeof(manifest), "%s/manifest.json", dir);
	if (access(manifest, R_OK) != 0)
		return VG_ERR_FORMAT;
	if (strcmp(base, "manifest.json") == 0)
		return vg_ioc__load_misp_dir(b, dir, name, warn, warn_arg,
		    diag);
	/* The hash index lists digests of values, not indicators. */
	if (strcmp(base, "hashes.csv") == 0)
		return 0;
	return VG_ERR_FORMAT;
}

int
vg_ioc_load_file(struct vg_ioc_builder *b, const char *path, const char *name,
    vg_ioc_warn_fn *warn, void *warn_arg, struct vg_diag *diag)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	int fd, r;

	memset(diag, 0, sizeof(*diag));
	diag->src = path;
	if ((r = misp_feed_member(b, path, name, warn, warn_arg, diag)) !=
	    VG_ERR_FORMAT)
		return r;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1) {
		snprintf(diag->msg, sizeof(diag->msg), "%s", strerror(errno));
		if (fd != -1)
			close(fd);
		return VG_ERR_IO;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return vg_ioc__load_misp_dir(b, path, name, warn, warn_arg,
		    diag);
	}
	r = vg_file_read_fd(fd, VG_MAX_FEED_BYTES, &buf, &len, diag);
	close(fd);
	if (r != 0)
		return r == VG_ERR_LIMIT ? VG_ERR_IO : r;
	r = vg_ioc_load_buf(b, path, name, buf, len, warn, warn_arg, diag);
	free(buf);
	return r;
}
