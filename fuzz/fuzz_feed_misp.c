/*
 * fuzz_feed_misp.c -- MISP event documents (single events and restSearch
 * lists) through vg_ioc_load_buf, then sealing and a few lookups.
 * The builder is sealed even when loading failed, since a loader that
 * stops half way must still leave it consistent.  Warnings are read so
 * that their message text is checked too.
 *
 * The harness is also differential: every input is loaded with the fast
 * JSON reader alone (VIGIL_FEED_JSON=fast) and, when that reader accepts
 * it, again with jansson alone.  The two loads must agree on everything
 * observable: the result, the diagnostic, each warning with its line, the
 * indicator count and the snapshot image byte for byte.  A difference
 * aborts, so the fuzzer keeps the input.  Inputs the fast reader refuses
 * are loaded the normal way, which hands them to jansson.
 */
#include "vg.h"

#include "ioc.h"

#include <unistd.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* What one load produced. */
struct outcome {
	int		 r;
	char		 diag[VG_DIAG_MSG_MAX];
	unsigned long	 nwarns;
	uint64_t	 warn_hash;	/* FNV-1a over every line and message */
	bool		 refused;	/* by the fast reader */
	size_t		 count;
	char		*image;		/* the sealed set's snapshot */
	size_t		 image_len;
};

static char	 snap_dir[64];

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	while (n-- > 0)
		h = (h ^ *c++) * 0x100000001b3ULL;
	return h;
}

static void
read_warn(void *arg, const struct vg_diag *d)
{
	struct outcome *o = arg;

	o->nwarns++;
	o->warn_hash = fnv(o->warn_hash, &d->line, sizeof(d->line));
	o->warn_hash = fnv(o->warn_hash, d->msg, strlen(d->msg) + 1);
	if (strstr(d->msg, "refused by the fast reader") != NULL)
		o->refused = true;
}

static void
remove_snap_dir(void)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/set.vgi", snap_dir);
	(void)unlink(path);
	(void)rmdir(snap_dir);
}

/* The snapshot of `set', read back from a scratch file. */
static void
image_of(const struct vg_ioc_set *set, struct outcome *o)
{
	char path[128];
	FILE *fp;
	long n;

	if (snap_dir[0] == '\0') {
		/* Writing a snapshot syncs it: memory-backed is faster. */
		snprintf(snap_dir, sizeof(snap_dir), "%s/fuzz_misp.XXXXXX",
		    getenv("TMPDIR") != NULL ? getenv("TMPDIR") :
		    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
		if (mkdtemp(snap_dir) == NULL)
			abort();
		atexit(remove_snap_dir);
	}
	snprintf(path, sizeof(path), "%s/set.vgi", snap_dir);
	if (vg_ioc_set_write(set, path) != 0 ||
	    (fp = fopen(path, "rb")) == NULL)
		abort();
	if (fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0 ||
	    (o->image = malloc((size_t)n + 1)) == NULL ||
	    fread(o->image, 1, (size_t)n, fp) != (size_t)n)
		abort();
	o->image_len = (size_t)n;
	fclose(fp);
}

/* Load with VIGIL_FEED_JSON=`reader' (NULL: unset), seal, look up. */
static void
load(const uint8_t *data, size_t size, const char *reader, bool image,
    struct outcome *o)
{
	struct vg_ioc_builder *b;
	struct vg_ioc_hit hits[8];
	struct vg_ioc_set *set;
	struct vg_diag d;
	struct vg_addr a = { .af = VG_AF_INET, .u.v4 = 0xc0000201 };

	memset(o, 0, sizeof(*o));
	o->warn_hash = 0xcbf29ce484222325ULL;
	if (reader != NULL)
		setenv("VIGIL_FEED_JSON", reader, 1);
	else
		unsetenv("VIGIL_FEED_JSON");
	if ((b = vg_ioc_builder_new()) == NULL)
		return;
	o->r = vg_ioc_load_buf(b, "intel/misp/event.json", NULL,
	    (const char *)data, size, read_warn, o, &d);
	snprintf(o->diag, sizeof(o->diag), "%s", d.msg);
	o->count = vg_ioc_builder_count(b);
	if (vg_ioc_builder_seal_own(b, &set) != 0)
		return;
	(void)vg_ioc_match_ip(set, &a, hits, 8);
	(void)vg_ioc_match_domain(set, VG_STR_LIT("a.example.com"), hits, 8);
	(void)vg_ioc_match_url(set, VG_STR_LIT("http://example.com/x"), hits,
	    8);
	/* An empty set's image says nothing the count has not. */
	if (image && o->count > 0)
		image_of(set, o);
	vg_ioc_set_free(set);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct outcome fast, slow;

	load(data, size, "fast", true, &fast);
	if (fast.refused) {
		/* Both readers would be jansson: the usual path only. */
		load(data, size, NULL, false, &slow);
		free(slow.image);
		free(fast.image);
		return 0;
	}
	load(data, size, "jansson", true, &slow);
	if (fast.r != slow.r || strcmp(fast.diag, slow.diag) != 0 ||
	    fast.nwarns != slow.nwarns || fast.warn_hash != slow.warn_hash ||
	    fast.count != slow.count || fast.image_len != slow.image_len ||
	    (fast.image_len > 0 &&
	    memcmp(fast.image, slow.image, fast.image_len) != 0)) {
		fprintf(stderr, "fast and jansson readers differ: r %d/%d, "
		    "warnings %lu/%lu, count %zu/%zu, image %zu/%zu bytes, "
		    "diag \"%s\"/\"%s\"\n", fast.r, slow.r, fast.nwarns,
		    slow.nwarns, fast.count, slow.count, fast.image_len,
		    slow.image_len, fast.diag, slow.diag);
		abort();
	}
	free(fast.image);
	free(slow.image);
	return 0;
}
