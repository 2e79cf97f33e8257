/*
 * fuzz_feed_stix.c -- STIX 2.0/2.1 bundles, TAXII envelopes and the STIX
 * pattern lexer through vg_ioc_load_buf, then sealing and a few lookups.
 * The builder is sealed even when loading failed, since a loader that
 * stops half way must still leave it consistent.  Warnings are read so
 * that their message text is checked too.
 */
#include "vg.h"

#include "ioc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
read_warn(void *arg, const struct vg_diag *d)
{
	size_t *np = arg;

	*np += strlen(d->msg);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_ioc_builder *b;
	struct vg_ioc_hit hits[8];
	struct vg_ioc_set *set;
	struct vg_diag d;
	struct vg_addr a = { .af = VG_AF_INET, .u.v4 = 0xc0000201 };
	size_t msgbytes = 0;

	if ((b = vg_ioc_builder_new()) == NULL)
		return 0;
	(void)vg_ioc_load_buf(b, "intel/stix/bundle.json", NULL,
	    (const char *)data, size, read_warn, &msgbytes, &d);
	if (vg_ioc_builder_seal_own(b, &set) != 0)
		return 0;
	(void)vg_ioc_match_ip(set, &a, hits, 8);
	(void)vg_ioc_match_domain(set, VG_STR_LIT("a.example.com"), hits, 8);
	(void)vg_ioc_match_url(set, VG_STR_LIT("http://example.com/x"), hits,
	    8);
	vg_ioc_set_free(set);
	return 0;
}
