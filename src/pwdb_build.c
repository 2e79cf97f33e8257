/*
 * pwdb_build.c -- the breached-password index, writing side: reading
 * HIBP's hash files, range directories and plain password lists, the
 * k-way merge, and the streaming writer.  See pwdb.h for the API and
 * pwdb_int.h for the file format.
 *
 * Memory does not grow with the corpus: each hash source is read through
 * one buffer and yields its entries in hash order, a heap merges the
 * sources, and records go to the output as they come.  Only the prefix
 * table (4 MiB) waits for the end, and the few counts too large for a
 * record's count byte go to an unlinked temporary file, appended at the
 * end.  Plain password lists are the exception: they are hashed into one
 * array, bounded by VG_MAX_PW_PLAIN, sorted and fed to the merge as one
 * more source.
 *
 * Since sorted input is what makes streaming possible, order is checked,
 * not assumed: each hash must be above the one before it in its source,
 * and a violation fails the build naming the file and line.
 */
#include "vg.h"

#include <dirent.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "pwdb.h"
#include "pwdb_int.h"

/* Bytes read at a time from a source; at least VG_MAX_PW_LINE + 2. */
#define READ_BUF	(1024 * 1024)
/* Output buffering. */
#define WRITE_BUF	(1024 * 1024)
#define OVER_BUF	(64 * 1024)

/* ------------------------------------------------------- line reader */

/*
 * Lines of a descriptor (through a buffer of its own) or of a buffer in
 * memory (fd -1), never modified.  A line longer than `maxline' is
 * returned once, flagged, as soon as it is known to be too long, and the
 * rest of it is skipped.
 */
struct lr {
	int		 fd;
	char		*buf;		/* READ_BUF bytes, owned */
	const char	*p, *end;	/* what is not yet returned */
	bool		 eof;
	bool		 skipping;	/* in the rest of a long line */
	bool		 secret;	/* wipe the buffer when done */
	size_t		 maxline;
	unsigned long	 line;		/* the last returned */
};

#define LR_TOOLONG	0x1	/* longer than maxline (text cut) */
#define LR_NO_NEWLINE	0x2	/* the last line, without a newline */

static void
lr_init_mem(struct lr *lr, const char *buf, size_t len, size_t maxline)
{
	memset(lr, 0, sizeof(*lr));
	lr->fd = -1;
	lr->p = buf;
	lr->end = buf + len;
	lr->eof = true;
	lr->maxline = maxline;
}

static int
lr_init_fd(struct lr *lr, int fd, size_t maxline, bool secret)
{
	memset(lr, 0, sizeof(*lr));
	lr->fd = fd;
	lr->maxline = maxline;
	lr->secret = secret;
	if ((lr->buf = malloc(READ_BUF)) == NULL)
		return VG_ERR_NOMEM;
	lr->p = lr->end = lr->buf;
	return 0;
}

static void
lr_cleanup(struct lr *lr)
{
	if (lr->buf != NULL) {
		if (lr->secret)
			sodium_memzero(lr->buf, READ_BUF);
		free(lr->buf);
	}
	if (lr->fd != -1)
		close(lr->fd);
	memset(lr, 0, sizeof(*lr));
	lr->fd = -1;
}

/*
 * The next line, without its newline, to *linep and *lenp, with LR_*
 * flags in *flagsp.  Returns 1 for a line, 0 at the end, VG_ERR_IO on a
 * read error (errno kept).
 */
static int
lr_next(struct lr *lr, const char **linep, size_t *lenp, int *flagsp)
{
	const char *nl, *s;
	size_t avail;
	ssize_t n;

	for (;;) {
		avail = (size_t)(lr->end - lr->p);
		nl = avail > 0 ? memchr(lr->p, '\n', avail) : NULL;
		if (nl != NULL) {
			s = lr->p;
			lr->p = nl + 1;
			if (lr->skipping) {
				lr->skipping = false;
				continue;
			}
			lr->line++;
			*linep = s;
			*lenp = (size_t)(nl - s);
			*flagsp = *lenp > lr->maxline ? LR_TOOLONG : 0;
			return 1;
		}
		if (lr->eof) {
			lr->p = lr->end;
			if (avail == 0 || lr->skipping) {
				lr->skipping = false;
				return 0;
			}
			lr->line++;
			*linep = lr->end - avail;
			*lenp = avail;
			*flagsp = LR_NO_NEWLINE |
			    (avail > lr->maxline ? LR_TOOLONG : 0);
			return 1;
		}
		if (avail > lr->maxline) {
			/* Too long already: report it now, skip the rest. */
			lr->p = lr->end;
			if (!lr->skipping) {
				lr->skipping = true;
				lr->line++;
				*linep = lr->end - avail;
				*lenp = avail;
				*flagsp = LR_TOOLONG;
				return 1;
			}
			avail = 0;
		}
		memmove(lr->buf, lr->p, avail);
		lr->p = lr->buf;
		lr->end = lr->buf + avail;
		do
			n = read(lr->fd, lr->buf + avail, READ_BUF - avail);
		while (n == -1 && errno == EINTR);
		if (n < 0)
			return VG_ERR_IO;
		if (n == 0)
			lr->eof = true;
		lr->end += n;
	}
}

/* ----------------------------------------------------------- sources */

enum src_type {
	SRC_FILE,		/* HASH:COUNT file, or one range file */
	SRC_DIR,		/* directory of range files */
	SRC_PLAIN,		/* the sorted hashes of every plain list */
	SRC_MEM,		/* vg_pwdb_source_parse() */
};

struct rangefile {
	uint32_t	 prefix;
	char		 name[10];	/* "XXXXX" or "XXXXX.txt" */
};

struct build;

struct src {
	struct build	*b;
	enum src_type	 type;
	const char	*path;		/* as given: file or dir */
	/* The file being read: its layout, its prefix if a range file. */
	enum vg_pwdb_src_format fmt;
	uint32_t	 prefix;
	struct lr	 lr;
	bool		 open;		/* lr is reading a file */
	const char	*fname;		/* being read, for messages */
	char		*pathbuf;	/* "dir/name" of range files */
	size_t		 pathcap;
	bool		 first;		/* no non-blank line yet */
	unsigned long	 bad;		/* bad lines so far */

	int		 dirfd;
	struct rangefile *files;
	size_t		 nfiles, nextfile;

	uint8_t		*hashes;	/* SRC_PLAIN: sorted */
	size_t		 nhashes, nexthash;

	/* The current entry, and the previous one for the order check. */
	uint8_t		 hash[VG_PWDB_HASH_MAX];
	uint32_t	 count;
	bool		 done;
	uint8_t		 prev[VG_PWDB_HASH_MAX];
	unsigned long	 prev_line;
	bool		 have_prev;
};

struct build {
	enum vg_pwdb_kind	 kind;		/* ANY: not yet */
	const char		*kind_src;	/* who said, for messages */
	unsigned long		 kind_line;
	bool			 kind_opt;	/* asked for, not found */
	vg_pwdb_warn_fn		*warn;
	void			*warn_arg;
	struct vg_pwdb_build_stats st;
	struct vg_diag		*diag;

	/* Plain password lists, hashed. */
	uint8_t			*plain;
	size_t			 nplain, capplain;
	size_t			 plainlen;	/* bytes per hash */
};

static int
src_error(struct src *s, const char *fmt, ...) VG_PRINTF(2, 3);

/*
 * Fail the build at the current line of `s'.  diag->src must outlive
 * the build, so inside a range directory it is the directory, as given,
 * and the message starts with the file's name.
 */
static int
src_error(struct src *s, const char *fmt, ...)
{
	struct vg_diag *diag = s->b->diag;
	va_list ap;
	size_t n = 0;

	diag->src = s->path;
	diag->line = s->lr.line;
	if (s->type == SRC_DIR && s->fname != s->path)
		n = (size_t)snprintf(diag->msg, sizeof(diag->msg), "%s: ",
		    s->fname + strlen(s->path) + 1);
	if (n >= sizeof(diag->msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(diag->msg + n, sizeof(diag->msg) - n, fmt, ap);
	va_end(ap);
	return VG_ERR_PARSE;
}

static int
src_ioerror(struct src *s, const char *what)
{
	struct vg_diag *diag = s->b->diag;
	int saved = errno;

	diag->src = s->path;
	diag->line = 0;
	if (s->type == SRC_DIR && s->fname != s->path)
		snprintf(diag->msg, sizeof(diag->msg), "%s: %s: %s",
		    s->fname + strlen(s->path) + 1, what, strerror(saved));
	else
		snprintf(diag->msg, sizeof(diag->msg), "%s: %s", what,
		    strerror(saved));
	return VG_ERR_IO;
}

static void
src_warn(struct src *s, const char *msg)
{
	struct vg_diag d;

	if (s->b->warn == NULL)
		return;
	d.src = s->fname;
	d.line = s->lr.line;
	snprintf(d.msg, sizeof(d.msg), "%s", msg);
	s->b->warn(s->b->warn_arg, &d);
}

/*
 * A bad line of a hash source: reported and skipped, unless it is the
 * last line and has no newline (a cut download), the first line (not a
 * hash file at all), or one too many.  `why' never quotes the line:
 * a password list taken for a hash file must not leak through messages.
 */
static int
hash_bad(struct src *s, int flags, const char *why)
{
	s->b->st.bs_bad++;
	if (flags & LR_NO_NEWLINE)
		return src_error(s, "truncated: the last line has no newline "
		    "and is bad (%s)", why);
	if (s->first)
		return src_error(s, "%s; not a Pwned Passwords %s (for a "
		    "password list use --passwords)", why,
		    s->fmt == VG_PWDB_SRC_RANGE ? "range file" :
		    "HASH:COUNT file");
	if (++s->bad >= VG_MAX_PW_BAD_LINES)
		return src_error(s, "%s; %d bad lines, giving up on this "
		    "source", why, VG_MAX_PW_BAD_LINES);
	src_warn(s, why);
	return 0;
}

/* Decide the kind of the index, or check that `kind' is the one. */
static int
check_kind(struct src *s, enum vg_pwdb_kind kind)
{
	struct build *b = s->b;

	if (b->kind == kind)
		return 0;
	if (b->kind == VG_PWDB_ANY) {
		/* A directory's file name does not outlive the file. */
		b->kind = kind;
		b->kind_src = s->path;
		b->kind_line = s->type == SRC_DIR ? 0 : s->lr.line;
		return 0;
	}
	if (b->kind_opt)
		return src_error(s, "%s hash in a %s index: SHA-1 and NTLM are "
		    "never mixed (%s asked for %s)", vg_pwdb_kind_name(kind),
		    vg_pwdb_kind_name(b->kind), b->kind_src,
		    vg_pwdb_kind_name(b->kind));
	if (b->kind_line == 0)
		return src_error(s, "%s hash in a %s index: SHA-1 and NTLM are "
		    "never mixed (%s since %s)", vg_pwdb_kind_name(kind),
		    vg_pwdb_kind_name(b->kind), vg_pwdb_kind_name(b->kind),
		    b->kind_src);
	return src_error(s, "%s hash in a %s index: SHA-1 and NTLM are never "
	    "mixed (%s since %s:%lu)", vg_pwdb_kind_name(kind),
	    vg_pwdb_kind_name(b->kind), vg_pwdb_kind_name(b->kind),
	    b->kind_src, b->kind_line);
}

#define ONES	0x0101010101010101ull
#define HIGHS	0x8080808080808080ull

/* High bit of each byte of x (all bytes < 0x80) that is in [lo, hi]. */
static inline uint64_t
swar_in(uint64_t x, unsigned lo, unsigned hi)
{
	return (x + (0x80 - lo) * ONES) & ~(x + (0x7f - hi) * ONES) & HIGHS;
}

/*
 * Decode the 8 hex digits at p to 4 bytes at out, eight digits in one
 * 64-bit word (SIMD within a register): the build spends most of its
 * time turning hex into bytes.  Returns false if a byte is not a hex
 * digit, with `out' undefined.
 */
static inline bool
hex8(const char *p, uint8_t *out)
{
	uint64_t x, v;

	memcpy(&x, p, 8);
	x = le64toh(x);
	if ((x & HIGHS) != 0 || (swar_in(x, '0', '9') |
	    swar_in(x | 0x20 * ONES, 'a', 'f')) != HIGHS)
		return false;
	/* '0'-'9' -> 0-9; 'A'-'F' and 'a'-'f' have bit 6 set: +9. */
	v = (x & 0x0f * ONES) + 9 * ((x >> 6) & ONES);
	/* Digit 2k is the high nibble of byte k, digit 2k + 1 the low. */
	v = ((v & 0x00ff00ff00ff00ffull) << 4) | ((v >> 8) &
	    0x00ff00ff00ff00ffull);
	v &= 0x00ff00ff00ff00ffull;
	v = (v | v >> 8) & 0x0000ffff0000ffffull;
	v = (v | v >> 16) & 0xffffffffull;
	out[0] = (uint8_t)v;
	out[1] = (uint8_t)(v >> 8);
	out[2] = (uint8_t)(v >> 16);
	out[3] = (uint8_t)(v >> 24);
	return true;
}

/*
 * Parse one line of a hash source into s->hash and s->count.  Returns 1
 * for an entry, 0 for a line skipped (blank, padding, bad and reported),
 * or a negative VG_ERR_* code that ends the build.
 */
static int
hash_line(struct src *s, const char *p, size_t len, int flags)
{
	char why[96];
	const char *colon;
	enum vg_pwdb_kind kind;
	size_t ndig, i, nib, hashlen;
	uint64_t count;
	int v, hi, lo, c, r;

	if (flags & LR_TOOLONG) {
		snprintf(why, sizeof(why), "line longer than %d bytes",
		    VG_MAX_PW_SOURCE_LINE);
		return hash_bad(s, flags, why);
	}
	if (len > 0 && p[len - 1] == '\r')
		len--;
	if (len == 0) {
		s->b->st.bs_blank++;
		return 0;
	}
	if ((colon = memchr(p, ':', len)) == NULL)
		return hash_bad(s, flags, "not HASH:COUNT (no colon)");
	ndig = (size_t)(colon - p);
	/* The hash's nibbles, after the prefix's for a range line. */
	nib = s->fmt == VG_PWDB_SRC_RANGE ? 5 : 0;
	if (ndig + nib == 40)
		kind = VG_PWDB_SHA1;
	else if (ndig + nib == 32)
		kind = VG_PWDB_NTLM;
	else {
		snprintf(why, sizeof(why), "%zu hex digits before the colon, "
		    "expected %d (SHA-1) or %d (NTLM)", ndig, 40 - (int)nib,
		    32 - (int)nib);
		return hash_bad(s, flags, why);
	}
	/*
	 * Eight digits at a time, then two; an invalid digit makes `v'
	 * negative, and only then is its column looked for.  A range line
	 * starts with the low nibble of the hash's third byte.
	 */
	v = 0;
	i = 0;
	if (nib > 0) {
		s->hash[0] = (uint8_t)(s->prefix >> 12);
		s->hash[1] = (uint8_t)(s->prefix >> 4);
		v = vg_pwdb__hexval((uint8_t)p[0]);
		s->hash[2] = (uint8_t)((s->prefix & 0xf) << 4 | (v & 0xf));
		i = 1;
	}
	for (; i + 8 <= ndig; i += 8)
		if (!hex8(p + i, s->hash + (i + nib) / 2))
			v = -1;
	for (; i < ndig; i += 2) {
		hi = vg_pwdb__hexval((uint8_t)p[i]);
		lo = vg_pwdb__hexval((uint8_t)p[i + 1]);
		v |= hi | lo;
		s->hash[(i + nib) / 2] = (uint8_t)((hi & 0xf) << 4 |
		    (lo & 0xf));
	}
	if (v < 0) {
		for (i = 0; vg_pwdb__hexval((uint8_t)p[i]) >= 0; i++)
			;
		snprintf(why, sizeof(why), "not a hex digit at column %zu",
		    i + 1);
		return hash_bad(s, flags, why);
	}
	count = 0;
	for (i = ndig + 1; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return hash_bad(s, flags, "count is not a decimal "
			    "number");
		count = count * 10 + (uint64_t)(p[i] - '0');
		if (count > UINT32_MAX)
			return hash_bad(s, flags, "count above 4294967295");
	}
	if (i == ndig + 1)
		return hash_bad(s, flags, "count is missing");
	s->first = false;
	if ((r = check_kind(s, kind)) != 0)
		return r;
	if (count == 0) {
		/* The API's padding: fake suffixes, in no particular order. */
		s->b->st.bs_padding++;
		return 0;
	}
	hashlen = vg_pwdb_kind_hashlen(kind);
	if (s->have_prev &&
	    (c = vg_pwdb__hashcmp(s->prev, s->hash, hashlen)) >= 0)
		return src_error(s, c == 0 ? "repeats the hash of line %lu" :
		    "not sorted: the hash is below that of line %lu",
		    s->prev_line);
	memcpy(s->prev, s->hash, sizeof(s->prev));
	s->prev_line = s->lr.line;
	s->have_prev = true;
	s->count = (uint32_t)count;
	s->b->st.bs_entries++;
	return 1;
}

/*
 * Hash one line of a plain list into out.  Returns 1 for a hash, 0 for
 * a line skipped (blank; too long or not UTF-8, reported by number
 * only), a negative VG_ERR_* code otherwise.
 */
static int
plain_line(struct src *s, const char *p, size_t len, int flags,
    enum vg_pwdb_kind kind, uint8_t *out)
{
	char why[64];
	int r;

	if (len > 0 && p[len - 1] == '\r' && !(flags & LR_TOOLONG))
		len--;
	if ((flags & LR_TOOLONG) || len > VG_MAX_PW_LINE) {
		s->b->st.bs_bad++;
		snprintf(why, sizeof(why), "password longer than %d bytes, "
		    "skipped", VG_MAX_PW_LINE);
		src_warn(s, why);
		return 0;
	}
	if (len == 0) {
		s->b->st.bs_blank++;
		return 0;
	}
	if ((r = vg_pwdb_hash_password(kind, p, len, out)) == VG_ERR_INVAL) {
		s->b->st.bs_bad++;
		src_warn(s, "not valid UTF-8, which NTLM needs; skipped");
		return 0;
	}
	if (r != 0)
		return r;
	s->b->st.bs_entries++;
	return 1;
}

static bool
range_name(const char *name, uint32_t *prefixp)
{
	uint32_t prefix = 0;
	int i, v;

	for (i = 0; i < 5; i++) {
		if ((v = vg_pwdb__hexval((uint8_t)name[i])) < 0)
			return false;
		prefix = prefix << 4 | (uint32_t)v;
	}
	if (name[5] != '\0' && strcmp(name + 5, ".txt") != 0)
		return false;
	*prefixp = prefix;
	return true;
}

static int
rangefile_cmp(const void *a, const void *b)
{
	const struct rangefile *x = a, *y = b;

	return x->prefix < y->prefix ? -1 : x->prefix > y->prefix;
}

/*
 * List the range files of a directory, in prefix order.  Other names are
 * reported and ignored (dot files silently); two files of one prefix
 * ("00000" and "00000.txt") fail the build.
 */
static int
dir_scan(struct src *s)
{
	struct rangefile *rf;
	struct dirent *de;
	struct vg_diag *diag = s->b->diag;
	DIR *d;
	size_t cap = 0, i;
	uint32_t prefix;
	char msg[VG_DIAG_MSG_MAX];
	int fd, r = 0;

	if ((fd = dup(s->dirfd)) == -1 || (d = fdopendir(fd)) == NULL) {
		if (fd != -1)
			close(fd);
		return src_ioerror(s, "opendir");
	}
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (!range_name(de->d_name, &prefix)) {
			snprintf(msg, sizeof(msg), "%.64s: not a range file "
			    "name (00000.txt to FFFFF.txt), ignored",
			    de->d_name);
			s->lr.line = 0;
			src_warn(s, msg);
			continue;
		}
		if (s->nfiles == cap) {
			/* More than every prefix twice: duplicates. */
			if (cap >= 2 * (size_t)VG_PWDB_PREFIXES) {
				r = src_error(s, "more than %u range files",
				    2 * VG_PWDB_PREFIXES);
				goto out;
			}
			cap = cap == 0 ? 256 : 2 * cap;
			rf = reallocarray(s->files, cap, sizeof(*rf));
			if (rf == NULL) {
				r = VG_ERR_NOMEM;
				goto out;
			}
			s->files = rf;
		}
		s->files[s->nfiles].prefix = prefix;
		/* range_name() allows at most 9 bytes. */
		memcpy(s->files[s->nfiles].name, de->d_name,
		    strlen(de->d_name) + 1);
		s->nfiles++;
	}
	if (errno != 0) {
		r = src_ioerror(s, "readdir");
		goto out;
	}
	if (s->nfiles == 0) {
		diag->src = s->path;
		diag->line = 0;
		snprintf(diag->msg, sizeof(diag->msg), "no range files "
		    "(00000.txt to FFFFF.txt) in the directory");
		r = VG_ERR_PARSE;
		goto out;
	}
	qsort(s->files, s->nfiles, sizeof(*s->files), rangefile_cmp);
	for (i = 1; i < s->nfiles; i++)
		if (s->files[i].prefix == s->files[i - 1].prefix) {
			diag->src = s->path;
			diag->line = 0;
			snprintf(diag->msg, sizeof(diag->msg), "both %s and %s "
			    "hold prefix %05X", s->files[i - 1].name,
			    s->files[i].name, (unsigned)s->files[i].prefix);
			r = VG_ERR_PARSE;
			goto out;
		}
out:
	closedir(d);
	return r;
}

/* Open the next range file of a directory; false when there is none. */
static int
dir_next_file(struct src *s, bool *gotp)
{
	const struct rangefile *rf;
	size_t need;
	int fd, r;

	*gotp = false;
	if (s->nextfile == s->nfiles)
		return 0;
	rf = &s->files[s->nextfile++];
	need = strlen(s->path) + 1 + sizeof(rf->name);
	if (need > s->pathcap) {
		free(s->pathbuf);
		if ((s->pathbuf = malloc(need)) == NULL)
			return VG_ERR_NOMEM;
		s->pathcap = need;
	}
	snprintf(s->pathbuf, s->pathcap, "%s/%s", s->path, rf->name);
	s->fname = s->pathbuf;
	s->prefix = rf->prefix;
	s->fmt = VG_PWDB_SRC_RANGE;
	s->first = true;
	s->have_prev = false;
	if ((fd = openat(s->dirfd, rf->name, O_RDONLY | O_CLOEXEC)) == -1)
		return src_ioerror(s, "open");
	if ((r = lr_init_fd(&s->lr, fd, VG_MAX_PW_SOURCE_LINE,
	    false)) != 0) {
		close(fd);
		return r;
	}
	s->open = true;
	s->b->st.bs_files++;
	*gotp = true;
	return 0;
}

/*
 * Advance a hash source to its next entry (s->hash, s->count), or set
 * s->done.  Returns 0 or a negative VG_ERR_* code.
 */
static int
src_next(struct src *s)
{
	const char *line;
	size_t len;
	bool got;
	int flags, r;

	if (s->type == SRC_PLAIN) {
		size_t w = s->b->plainlen;
		uint64_t sum = 0;

		if (s->nexthash == s->nhashes) {
			s->done = true;
			return 0;
		}
		memcpy(s->hash, s->hashes + s->nexthash * w, w);
		while (s->nexthash < s->nhashes &&
		    vg_pwdb__hashcmp(s->hashes + s->nexthash * w, s->hash,
		    w) == 0) {
			sum++;
			s->nexthash++;
		}
		s->count = (uint32_t)VG_MIN(sum, UINT32_MAX);
		return 0;
	}
	for (;;) {
		if (!s->open) {
			if (s->type != SRC_DIR) {
				s->done = true;
				return 0;
			}
			if ((r = dir_next_file(s, &got)) != 0)
				return r;
			if (!got) {
				s->done = true;
				return 0;
			}
		}
		r = lr_next(&s->lr, &line, &len, &flags);
		if (r < 0)
			return src_ioerror(s, "read");
		if (r == 0) {
			s->b->st.bs_lines += s->lr.line;
			lr_cleanup(&s->lr);
			s->open = false;
			continue;
		}
		if ((r = hash_line(s, line, len, flags)) != 0)
			return r < 0 ? r : 0;
	}
}

static void
src_cleanup(struct src *s)
{
	if (s->open)
		lr_cleanup(&s->lr);
	if (s->type == SRC_DIR && s->dirfd != -1)
		close(s->dirfd);
	free(s->files);
	free(s->pathbuf);
	memset(s, 0, sizeof(*s));
	s->dirfd = -1;
}

static bool
basename_is_range(const char *path, uint32_t *prefixp)
{
	const char *base = strrchr(path, '/');

	return range_name(base != NULL ? base + 1 : path, prefixp);
}

/* Open a hash source (file or directory) and read its first entry. */
static int
src_open(struct build *b, struct src *s, const char *path)
{
	struct stat st;
	int fd, r;

	memset(s, 0, sizeof(*s));
	s->b = b;
	s->path = s->fname = path;
	s->dirfd = -1;
	s->first = true;
	s->type = SRC_FILE;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return src_ioerror(s, "open");
	if (fstat(fd, &st) == -1) {
		r = src_ioerror(s, "stat");
		close(fd);
		return r;
	}
	if (S_ISDIR(st.st_mode)) {
		s->type = SRC_DIR;
		s->dirfd = fd;
		if ((r = dir_scan(s)) != 0)
			return r;
	} else {
		s->fmt = basename_is_range(path, &s->prefix) ?
		    VG_PWDB_SRC_RANGE : VG_PWDB_SRC_HASHES;
		if ((r = lr_init_fd(&s->lr, fd, VG_MAX_PW_SOURCE_LINE,
		    false)) != 0) {
			close(fd);
			return r;
		}
		s->open = true;
		b->st.bs_files++;
	}
	return src_next(s);
}

static int
hash_cmp(const void *a, const void *b, void *arg)
{
	return memcmp(a, b, *(const size_t *)arg);
}

/*
 * Hash every line of the plain list `path' into b->plain.  The read
 * buffer holds passwords, so it is wiped when done.
 */
static int
plain_load(struct build *b, const char *path, enum vg_pwdb_kind kind)
{
	struct src s;
	const char *line;
	size_t len, cap;
	uint8_t *grown;
	int fd, flags, r;

	memset(&s, 0, sizeof(s));
	s.b = b;
	s.type = SRC_FILE;
	s.path = s.fname = path;
	s.dirfd = -1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return src_ioerror(&s, "open");
	/* One more byte: a CR before the newline is not counted. */
	if ((r = lr_init_fd(&s.lr, fd, VG_MAX_PW_LINE + 1, true)) != 0) {
		close(fd);
		return r;
	}
	b->st.bs_files++;
	for (;;) {
		if ((r = lr_next(&s.lr, &line, &len, &flags)) <= 0) {
			if (r < 0)
				r = src_ioerror(&s, "read");
			break;
		}
		if (b->nplain == b->capplain) {
			if (b->nplain >= VG_MAX_PW_PLAIN) {
				r = src_error(&s, "more than %u passwords in "
				    "plain lists", VG_MAX_PW_PLAIN);
				r = VG_ERR_LIMIT;
				break;
			}
			cap = b->capplain == 0 ? 4096 :
			    VG_MIN(2 * b->capplain, (size_t)VG_MAX_PW_PLAIN);
			if ((grown = reallocarray(b->plain, cap,
			    b->plainlen)) == NULL) {
				r = VG_ERR_NOMEM;
				break;
			}
			b->plain = grown;
			b->capplain = cap;
		}
		r = plain_line(&s, line, len, flags, kind,
		    b->plain + b->nplain * b->plainlen);
		if (r < 0)
			break;
		b->nplain += (size_t)r;
	}
	b->st.bs_lines += s.lr.line;
	lr_cleanup(&s.lr);
	return r;
}

/* ------------------------------------------------------------ writer */

struct writer {
	const char	*out;
	char		*tmppath;	/* the index being written */
	int		 fd;
	int		 ovfd;		/* overflow counts, unlinked */
	uint8_t		*buf;
	size_t		 len;
	uint8_t		 ovbuf[OVER_BUF];
	size_t		 ovlen;
	uint32_t	*table;		/* PWDB_TABLE_LEN, host order */
	uint32_t	 next_fill;	/* first table entry not yet set */
	uint64_t	 n, nover, total;
	enum vg_pwdb_kind kind;
	size_t		 hashlen, recsize;
	uint8_t		 last[VG_PWDB_HASH_MAX];
	struct vg_diag	*diag;
};

static int
write_all(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return VG_ERR_IO;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
w_ioerror(struct writer *w, const char *what)
{
	int saved = errno;

	w->diag->src = w->out;
	w->diag->line = 0;
	snprintf(w->diag->msg, sizeof(w->diag->msg), "%s: %s", what,
	    strerror(saved));
	return VG_ERR_IO;
}

/* A temporary file beside `out': "OUT.TAG.XXXXXX". */
static int
w_mktemp(struct writer *w, const char *tag, char **pathp, int *fdp)
{
	size_t n = strlen(w->out) + strlen(tag) + 9;

	if ((*pathp = malloc(n)) == NULL)
		return VG_ERR_NOMEM;
	snprintf(*pathp, n, "%s.%s.XXXXXX", w->out, tag);
	if ((*fdp = mkostemp(*pathp, O_CLOEXEC)) == -1) {
		free(*pathp);
		*pathp = NULL;
		return w_ioerror(w, "cannot create a temporary file beside "
		    "it");
	}
	return 0;
}

static int
w_open(struct writer *w, const char *out, enum vg_pwdb_kind kind,
    struct vg_diag *diag)
{
	char *ovpath = NULL;
	int r;

	memset(w, 0, sizeof(*w));
	w->out = out;
	w->fd = w->ovfd = -1;
	w->diag = diag;
	w->kind = kind;
	w->hashlen = vg_pwdb_kind_hashlen(kind);
	w->recsize = vg_pwdb__recsize(kind);
	if ((w->buf = malloc(WRITE_BUF + VG_PWDB_HASH_MAX)) == NULL ||
	    (w->table = calloc(PWDB_TABLE_LEN, sizeof(*w->table))) == NULL)
		return VG_ERR_NOMEM;
	if ((r = w_mktemp(w, "tmp", &w->tmppath, &w->fd)) != 0)
		return r;
	r = w_mktemp(w, "ovf", &ovpath, &w->ovfd);
	if (ovpath != NULL) {
		unlink(ovpath);
		free(ovpath);
	}
	if (r != 0)
		return r;
	/* Header and table are written last; leave room for them. */
	if (lseek(w->fd, (off_t)PWDB_RECORDS_OFF, SEEK_SET) == -1)
		return w_ioerror(w, "lseek");
	return 0;
}

static int
w_flush(struct writer *w)
{
	if (w->len > 0 && write_all(w->fd, w->buf, w->len) != 0)
		return w_ioerror(w, "write");
	w->len = 0;
	return 0;
}

static int
w_flush_over(struct writer *w)
{
	if (w->ovlen > 0 && write_all(w->ovfd, w->ovbuf, w->ovlen) != 0)
		return w_ioerror(w, "write (temporary file)");
	w->ovlen = 0;
	return 0;
}

/* Append one entry; entries come in strictly increasing hash order. */
static int
w_add(struct writer *w, const uint8_t *hash, uint32_t count)
{
	uint8_t *rec;
	uint32_t prefix = vg_pwdb__prefix(hash), i;
	int r;

	VG_ASSERT(count > 0);
	VG_ASSERT(w->n == 0 || vg_pwdb__hashcmp(w->last, hash, w->hashlen) <
	    0);
	if (w->n >= VG_MAX_PW_HASHES) {
		w->diag->src = w->out;
		w->diag->line = 0;
		snprintf(w->diag->msg, sizeof(w->diag->msg), "more than %u "
		    "distinct hashes", VG_MAX_PW_HASHES);
		return VG_ERR_LIMIT;
	}
	memcpy(w->last, hash, sizeof(w->last));
	for (i = w->next_fill; i <= prefix; i++)
		w->table[i] = (uint32_t)w->n;
	w->next_fill = prefix + 1;
	if (w->len + w->recsize > WRITE_BUF && (r = w_flush(w)) != 0)
		return r;
	/*
	 * A fixed-size copy is one move instead of a call; for NTLM it
	 * spills into the next record's place (the buffer has room).
	 */
	rec = w->buf + w->len;
	memcpy(rec, hash + 2, VG_PWDB_HASH_MAX - 2);
	rec[0] &= 0x0f;
	if (count <= PWDB_COUNT_INLINE_MAX)
		rec[w->recsize - 1] = (uint8_t)count;
	else {
		rec[w->recsize - 1] = PWDB_COUNT_OVERFLOW;
		if (w->ovlen + PWDB_OVERFLOW_SIZE > sizeof(w->ovbuf) &&
		    (r = w_flush_over(w)) != 0)
			return r;
		vg_pwdb__put32(w->ovbuf + w->ovlen, (uint32_t)w->n);
		vg_pwdb__put32(w->ovbuf + w->ovlen + 4, count);
		w->ovlen += PWDB_OVERFLOW_SIZE;
		w->nover++;
	}
	w->len += w->recsize;
	w->n++;
	w->total += count;
	return 0;
}

/* Append the overflow table, write header and prefix table, rename. */
static int
w_finish(struct writer *w, bool plain, uint64_t *sizep)
{
	uint8_t hdr[PWDB_HDR_SIZE];
	uint64_t size, i;
	ssize_t n;
	int r;

	for (i = w->next_fill; i < PWDB_TABLE_LEN; i++)
		w->table[i] = (uint32_t)w->n;
	if ((r = w_flush(w)) != 0 || (r = w_flush_over(w)) != 0)
		return r;
	if (lseek(w->ovfd, 0, SEEK_SET) == -1)
		return w_ioerror(w, "lseek (temporary file)");
	for (;;) {
		n = read(w->ovfd, w->buf, WRITE_BUF);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return w_ioerror(w, "read (temporary file)");
		if (n == 0)
			break;
		if (write_all(w->fd, w->buf, (size_t)n) != 0)
			return w_ioerror(w, "write");
	}
	size = PWDB_RECORDS_OFF + w->n * w->recsize +
	    w->nover * PWDB_OVERFLOW_SIZE;

	memset(hdr, 0, sizeof(hdr));
	memcpy(hdr, PWDB_MAGIC, PWDB_MAGIC_LEN);
	vg_pwdb__put32(hdr + PWDB_H_VERSION, PWDB_VERSION);
	vg_pwdb__put32(hdr + PWDB_H_KIND, (uint32_t)w->kind);
	vg_pwdb__put32(hdr + PWDB_H_RECSIZE, (uint32_t)w->recsize);
	vg_pwdb__put32(hdr + PWDB_H_HDRSIZE, PWDB_HDR_SIZE);
	vg_pwdb__put64(hdr + PWDB_H_ENTRIES, w->n);
	vg_pwdb__put64(hdr + PWDB_H_OVERFLOW, w->nover);
	vg_pwdb__put64(hdr + PWDB_H_FILESIZE, size);
	vg_pwdb__put64(hdr + PWDB_H_TOTAL, w->total);
	vg_pwdb__put32(hdr + PWDB_H_FLAGS, plain ? PWDB_FLAG_PLAIN : 0);
	/* The table in file byte order, in place. */
	for (i = 0; i < PWDB_TABLE_LEN; i++)
		vg_pwdb__put32((uint8_t *)&w->table[i], w->table[i]);
	if (pwrite(w->fd, hdr, sizeof(hdr), 0) != (ssize_t)sizeof(hdr) ||
	    pwrite(w->fd, w->table, PWDB_TABLE_LEN * sizeof(*w->table),
	    PWDB_TABLE_OFF) != (ssize_t)(PWDB_TABLE_LEN * sizeof(*w->table)))
		return w_ioerror(w, "write");
	/* Hashes of a private password list stay private. */
	if (fchmod(w->fd, plain ? 0600 : 0644) == -1)
		return w_ioerror(w, "fchmod");
	if (fsync(w->fd) == -1)
		return w_ioerror(w, "fsync");
	if (close(w->fd) == -1) {
		w->fd = -1;
		return w_ioerror(w, "close");
	}
	w->fd = -1;
	if (rename(w->tmppath, w->out) == -1)
		return w_ioerror(w, "rename");
	free(w->tmppath);
	w->tmppath = NULL;
	*sizep = size;
	return 0;
}

static void
w_cleanup(struct writer *w)
{
	if (w->fd != -1)
		close(w->fd);
	if (w->ovfd != -1)
		close(w->ovfd);
	if (w->tmppath != NULL) {
		unlink(w->tmppath);
		free(w->tmppath);
	}
	free(w->buf);
	free(w->table);
	memset(w, 0, sizeof(*w));
	w->fd = w->ovfd = -1;
}

/* ------------------------------------------------------------- merge */

static inline bool
src_less(const struct src *a, const struct src *b, size_t hashlen)
{
	return vg_pwdb__hashcmp(a->hash, b->hash, hashlen) < 0;
}

static void
heap_down(struct src **heap, size_t n, size_t i, size_t hashlen)
{
	struct src *t;
	size_t m, c;

	for (;;) {
		m = i;
		c = 2 * i + 1;
		if (c < n && src_less(heap[c], heap[m], hashlen))
			m = c;
		if (c + 1 < n && src_less(heap[c + 1], heap[m], hashlen))
			m = c + 1;
		if (m == i)
			return;
		t = heap[i];
		heap[i] = heap[m];
		heap[m] = t;
		i = m;
	}
}

/*
 * Merge the sources into the writer: the smallest current hash of all,
 * with the counts of every source holding it summed.
 */
static int
merge(struct src **heap, size_t n, struct writer *w)
{
	uint8_t cur[VG_PWDB_HASH_MAX];
	uint64_t sum;
	size_t i, hashlen = w->hashlen;
	int r;

	for (i = n; i-- > 0;)
		heap_down(heap, n, i, hashlen);
	while (n > 0) {
		memcpy(cur, heap[0]->hash, sizeof(cur));
		sum = 0;
		do {
			sum += heap[0]->count;
			if ((r = src_next(heap[0])) != 0)
				return r;
			if (heap[0]->done)
				heap[0] = heap[--n];
			if (n > 0)
				heap_down(heap, n, 0, hashlen);
		} while (n > 0 &&
		    vg_pwdb__hashcmp(heap[0]->hash, cur, hashlen) == 0);
		if ((r = w_add(w, cur, (uint32_t)VG_MIN(sum, UINT32_MAX))) != 0)
			return r;
	}
	return 0;
}

int
vg_pwdb_build(const char *out, const struct vg_pwdb_src *srcs, size_t nsrcs,
    enum vg_pwdb_kind kind, vg_pwdb_warn_fn *warn, void *warn_arg,
    struct vg_pwdb_build_stats *stp, struct vg_diag *diag)
{
	struct build b;
	struct writer w;
	struct src *src = NULL, **heap = NULL;
	size_t i, nsrc = 0, nheap = 0;
	bool plain = false;
	int r = VG_ERR_INTERNAL;

	memset(&b, 0, sizeof(b));
	memset(&w, 0, sizeof(w));
	w.fd = w.ovfd = -1;
	memset(diag, 0, sizeof(*diag));
	diag->src = out;
	if (stp != NULL)
		memset(stp, 0, sizeof(*stp));
	if (nsrcs == 0 || (kind != VG_PWDB_ANY && kind != VG_PWDB_SHA1 &&
	    kind != VG_PWDB_NTLM)) {
		snprintf(diag->msg, sizeof(diag->msg), "no source, or an "
		    "unknown kind");
		return VG_ERR_INVAL;
	}
	if (nsrcs > VG_MAX_PW_SOURCES) {
		snprintf(diag->msg, sizeof(diag->msg), "more than %d sources",
		    VG_MAX_PW_SOURCES);
		return VG_ERR_LIMIT;
	}
	b.kind = kind;
	b.kind_opt = kind != VG_PWDB_ANY;
	b.kind_src = kind == VG_PWDB_NTLM ? "--ntlm" : "--sha1";
	b.warn = warn;
	b.warn_arg = warn_arg;
	b.diag = diag;
	if ((src = calloc(nsrcs + 1, sizeof(*src))) == NULL ||
	    (heap = calloc(nsrcs + 1, sizeof(*heap))) == NULL) {
		r = VG_ERR_NOMEM;
		goto out;
	}
	for (i = 0; i <= nsrcs; i++)
		src[i].dirfd = -1;

	/* Hash sources first: their first lines decide the kind. */
	for (i = 0; i < nsrcs; i++) {
		if (srcs[i].ps_passwords) {
			plain = true;
			continue;
		}
		if ((r = src_open(&b, &src[nsrc++], srcs[i].ps_path)) != 0)
			goto out;
		if (!src[nsrc - 1].done)
			heap[nheap++] = &src[nsrc - 1];
	}
	if (b.kind == VG_PWDB_ANY) {
		b.kind = VG_PWDB_SHA1;
		b.kind_src = "the default for plain lists";
		b.kind_opt = true;
	}
	if (plain) {
		b.plainlen = vg_pwdb_kind_hashlen(b.kind);
		for (i = 0; i < nsrcs; i++)
			if (srcs[i].ps_passwords && (r = plain_load(&b,
			    srcs[i].ps_path, b.kind)) != 0)
				goto out;
		if (b.nplain > 0)
			qsort_r(b.plain, b.nplain, b.plainlen, hash_cmp,
			    &b.plainlen);
		src[nsrc].b = &b;
		src[nsrc].type = SRC_PLAIN;
		src[nsrc].hashes = b.plain;
		src[nsrc].nhashes = b.nplain;
		if ((r = src_next(&src[nsrc])) != 0)
			goto out;
		if (!src[nsrc].done)
			heap[nheap++] = &src[nsrc];
		nsrc++;
	}
	if ((r = w_open(&w, out, b.kind, diag)) != 0 ||
	    (r = merge(heap, nheap, &w)) != 0 ||
	    (r = w_finish(&w, plain, &b.st.bs_bytes)) != 0)
		goto out;
	b.st.bs_kind = b.kind;
	b.st.bs_hashes = w.n;
	b.st.bs_overflow = w.nover;
	if (stp != NULL)
		*stp = b.st;
	memset(diag, 0, sizeof(*diag));
	r = 0;
out:
	w_cleanup(&w);
	for (i = 0; src != NULL && i <= nsrcs; i++)
		src_cleanup(&src[i]);
	free(src);
	free(heap);
	free(b.plain);
	return r;
}

int
vg_pwdb_source_parse(const char *name, const char *buf, size_t len,
    enum vg_pwdb_src_format fmt, uint32_t prefix, enum vg_pwdb_kind *kindp,
    vg_pwdb_entry_fn *fn, void *arg, vg_pwdb_warn_fn *warn, void *warn_arg,
    struct vg_diag *diag)
{
	struct build b;
	struct src s;
	const char *line;
	uint8_t hash[VG_PWDB_HASH_MAX];
	size_t n;
	int flags, r;

	memset(&b, 0, sizeof(b));
	memset(&s, 0, sizeof(s));
	memset(diag, 0, sizeof(*diag));
	diag->src = name;
	if (prefix >= VG_PWDB_PREFIXES || (*kindp != VG_PWDB_ANY &&
	    *kindp != VG_PWDB_SHA1 && *kindp != VG_PWDB_NTLM))
		return VG_ERR_INVAL;
	b.kind = *kindp;
	b.kind_opt = *kindp != VG_PWDB_ANY;
	b.kind_src = "the caller";
	b.warn = warn;
	b.warn_arg = warn_arg;
	b.diag = diag;
	s.b = &b;
	s.type = SRC_MEM;
	s.path = s.fname = name;
	s.dirfd = -1;
	s.fmt = fmt;
	s.prefix = prefix;
	s.first = true;
	lr_init_mem(&s.lr, buf, len, fmt == VG_PWDB_SRC_PASSWORDS ?
	    VG_MAX_PW_LINE + 1 : VG_MAX_PW_SOURCE_LINE);
	if (fmt == VG_PWDB_SRC_PASSWORDS && b.kind == VG_PWDB_ANY)
		b.kind = VG_PWDB_SHA1;
	while ((r = lr_next(&s.lr, &line, &n, &flags)) > 0) {
		if (fmt == VG_PWDB_SRC_PASSWORDS) {
			if ((r = plain_line(&s, line, n, flags, b.kind,
			    hash)) == 1)
				r = fn(arg, hash, vg_pwdb_kind_hashlen(b.kind),
				    1);
			sodium_memzero(hash, sizeof(hash));
		} else if ((r = hash_line(&s, line, n, flags)) == 1)
			r = fn(arg, s.hash, vg_pwdb_kind_hashlen(b.kind),
			    s.count);
		if (r != 0)
			break;
	}
	*kindp = b.kind;
	return r;
}
