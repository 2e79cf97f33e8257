/*
 * fuzz_det_config.c -- the detections' YAML thresholds file.  It comes
 * from an officer's editor or a configuration tool; whatever it holds
 * must load or be refused with a message, never crash.
 */
#include "vg.h"

#include "detect.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_det_config cfg;
	struct vg_detect *det;
	char err[512];

	vg_det_config_default(&cfg);
	if (vg_det_config_load_buf(&cfg, "fuzz.yaml", (const char *)data,
	    size, err, sizeof(err)) == 0) {
		/* What loads must also make a working stage. */
		cfg.dc_max_keys = VG_MIN(cfg.dc_max_keys, 1024u);
		if (vg_detect_new(&cfg, NULL, &det) == 0)
			vg_detect_free(det);
	} else if (strncmp(err, "fuzz.yaml", 9) != 0) {
		abort();	/* every error names the file */
	}
	vg_det_config_cleanup(&cfg);
	return 0;
}
