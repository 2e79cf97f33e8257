/*
 * fuzz_logfmt_one.c -- one log decoder, forced with --format semantics,
 * on arbitrary bytes split into lines.  The Makefile builds one harness
 * per decoder from this file, FUZZ_FORMAT naming the decoder, so each
 * decoder gets a corpus and a coverage map of its own.
 */
#include "vg.h"

#include "logfmt.h"
#include "scan.h"

#ifndef FUZZ_FORMAT
#error "build with -DFUZZ_FORMAT='\"name\"'"
#endif

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vg_event ev;
	static const struct vg_logfmt *lf;
	struct vg_logsrc ls;
	struct vg_json j;
	const char *p = (const char *)data, *end = p + size, *nl;

	if (lf == NULL && (lf = vg_logfmt_find(FUZZ_FORMAT)) == NULL)
		abort();	/* the harness names a decoder that is gone */
	vg_logsrc_init(&ls, "fuzz.log");
	ls.ls_mtime_year = 2026;
	ls.ls_mtime_month = 6;
	ls.ls_forced = lf;
	vg_json_init(&j, 1 << 20);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		vg_event_reset(&ev);
		(void)vg_logfmt_decode(&ls, vg_str_make(p,
		    VG_MIN((size_t)(nl - p), VG_MAX_LINE)), &ev);
		vg_json_reset(&j);
		vg_scan_event_json(&ev, &j);
		p = nl + 1;
	}
	vg_json_cleanup(&j);
	vg_logsrc_cleanup(&ls);
	return 0;
}
