/*
 * fuzz_logfmt.c -- every log decoder on arbitrary bytes.
 *
 * The first byte picks a forced format (or auto-detection), the rest is
 * split into lines and decoded with one vg_logsrc, so state that spans
 * lines (years, Zeek headers) is exercised too.  The events also go
 * through matching and JSON output.  Crashes, hangs and leaks are bugs.
 */
#include "vg.h"

#include "logfmt.h"
#include "scan.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vg_event ev;
	const struct vg_logfmt *const *all;
	struct vg_logsrc ls;
	struct vg_json j;
	const char *p, *end, *nl;
	size_t n;

	if (size == 0)
		return 0;
	all = vg_logfmt_all(&n);
	vg_logsrc_init(&ls, "fuzz.log");
	ls.ls_mtime_year = 2026;
	ls.ls_mtime_month = 6;
	/* No size filter: enforcing limits is the decoders' job. */
	ls.ls_forced = data[0] < n ? all[data[0]] : NULL;
	vg_json_init(&j, 1 << 20);
	p = (const char *)data + 1;
	end = (const char *)data + size;
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
