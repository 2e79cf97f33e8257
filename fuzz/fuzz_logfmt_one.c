/*
 * fuzz_logfmt_one.c -- log decoders on arbitrary bytes split into lines,
 * decoded with one vg_logsrc so that state spanning lines (years, Zeek
 * headers, sshd connections) is exercised too, and every event written
 * as JSON.
 *
 * Built twice over: with FUZZ_FORMAT naming a decoder (one harness per
 * decoder, forced as with --format, so each has a corpus and a coverage
 * map of its own), and without it as fuzz_logfmt, where the first byte
 * picks a decoder or, past the last one, auto-detection.
 */
#include "vg.h"

#include "logfmt.h"
#include "scan.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vg_event ev;
	const struct vg_logfmt *lf;
	struct vg_logsrc ls;
	struct vg_json j;
	const char *p = (const char *)data, *end = p + size, *nl;

#ifdef FUZZ_FORMAT
	if ((lf = vg_logfmt_find(FUZZ_FORMAT)) == NULL)
		abort();	/* the harness names a decoder that is gone */
#else
	const struct vg_logfmt *const *all;
	size_t n;

	if (size == 0)
		return 0;
	all = vg_logfmt_all(&n);
	lf = data[0] < n ? all[data[0]] : NULL;
	p++;
#endif
	vg_logsrc_init(&ls, "fuzz.log");
	ls.ls_mtime_year = 2026;
	ls.ls_mtime_month = 6;
	ls.ls_forced = lf;
	vg_json_init(&j, 1 << 20);
	/* No size filter: enforcing limits is the decoders' job. */
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
