/*
 * fuzz_ioc_snapshot.c -- a compiled indicator snapshot (.vgi) is a file a
 * unit receives from elsewhere: damaged or hostile images must be refused
 * or answered without reading out of bounds.
 */
#include "vg.h"

#include "ioc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const ips[] = { "0.0.0.0", "10.1.2.3",
	    "255.255.255.255", "2001:db8::1", "::" };
	struct vg_ioc_hit hits[8];
	struct vg_ioc_set *set;
	struct vg_addr a;
	size_t i;

	if (vg_ioc_set_from_image(data, size, &set) != 0)
		return 0;
	for (i = 0; i < VG_ARRAY_LEN(ips); i++)
		if (vg_addr_parse(vg_str_make(ips[i], strlen(ips[i])), &a))
			(void)vg_ioc_match_ip(set, &a, hits, 8);
	(void)vg_ioc_match_domain(set, VG_STR_LIT("a.b.evil.com"), hits, 8);
	(void)vg_ioc_match_url(set, VG_STR_LIT("http://x.org/p"), hits, 8);
	(void)vg_ioc_match_hash(set,
	    VG_STR_LIT("d41d8cd98f00b204e9800998ecf8427e"), hits, 8);
	(void)vg_ioc_match_account(set, VG_STR_LIT("bob@x.org"), hits, 8);
	for (i = 0; i < 8; i++)
		if (hits[i].h_feed != NULL)
			(void)strlen(hits[i].h_feed);
	vg_ioc_set_free(set);
	return 0;
}
