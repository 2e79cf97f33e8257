/*
 * fuzz_feed_lines.c -- the line feed formats (plain lists, FireHOL,
 * IPsum, maltrail, hosts) and the format sniffing in front of them, then
 * sealing and a few lookups.
 */
#include "vg.h"

#include "ioc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_ioc_builder *b;
	struct vg_ioc_hit hits[8];
	struct vg_ioc_set *set;
	struct vg_diag d;
	struct vg_addr a = { .af = VG_AF_INET, .u.v4 = 0x0a010203 };

	if ((b = vg_ioc_builder_new()) == NULL)
		return 0;
	if (vg_ioc_load_buf(b, "maltrail/malware/x.txt", NULL,
	    (const char *)data, size, NULL, NULL, &d) != 0) {
		vg_ioc_builder_free(b);
		return 0;
	}
	if (vg_ioc_builder_seal_own(b, &set) != 0)
		return 0;
	(void)vg_ioc_match_ip(set, &a, hits, 8);
	(void)vg_ioc_match_domain(set, VG_STR_LIT("a.evil.com"), hits, 8);
	vg_ioc_set_free(set);
	return 0;
}
