/*
 * fuzz_webprobe.c -- the request-target classifier and the path
 * normalization, on arbitrary bytes as a (pointer, length) view.  The
 * input is not NUL-terminated, so ASan sees any read past the view.
 */
#include "vg.h"

#include "webprobe.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_str url = vg_str_make((const char *)data, size);
	char buf[256], again[256], tiny[2];
	unsigned mask;
	size_t n;

	mask = vg_webprobe_classify(url);
	VG_ASSERT((mask & ~0xffu) == 0);
	n = vg_webprobe_path(url, buf, sizeof(buf));
	VG_ASSERT(n < sizeof(buf) && buf[n] == '\0');
	/* Normalizing never lengthens, so a second pass fits. */
	VG_ASSERT(vg_webprobe_path(vg_str_make(buf, n), again,
	    sizeof(again)) <= n);
	(void)vg_webprobe_classify(vg_str_make(buf, n));
	n = vg_webprobe_path(url, tiny, sizeof(tiny));
	VG_ASSERT(n <= 1 && tiny[n] == '\0');
	return 0;
}
