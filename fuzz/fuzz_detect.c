/*
 * fuzz_detect.c -- the detection stage under arbitrary record streams:
 * times jumping back and forth (reordering, late records), few and many
 * keys (eviction with a tiny table), every kind of record.  Records are
 * built from the input 12 bytes at a time.
 */
#include "vg.h"

#include "detect.h"
#include "webprobe.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const users[] = { "root", "admin", "alice",
	    "bob@example.org", "", "oracle", "x", "postgres" };
	static struct vg_detect *det;
	struct vg_det_config cfg;
	struct vg_det_rec r;
	struct vg_json out;
	int64_t t = (int64_t)1700000000 * 1000000;
	size_t i;

	vg_det_config_default(&cfg);
	cfg.dc_max_keys = 16;
	cfg.dc_rule[VG_DR_STUFFING].dp_failures = 4;
	cfg.dc_rule[VG_DR_STUFFING].dp_sources = 2;
	cfg.dc_rule[VG_DR_STUFFING].dp_users = 2;
	if (vg_detect_new(&cfg, NULL, &det) != 0)
		return 0;
	vg_json_init(&out, 1 << 20);
	for (i = 0; i + 12 <= size; i += 12) {
		const uint8_t *p = data + i;
		const char *u = users[p[3] % VG_ARRAY_LEN(users)];

		memset(&r, 0, sizeof(r));
		r.r_kind = (uint8_t)(p[0] % 5);
		/* Mostly forward, sometimes back, sometimes far. */
		t += ((int64_t)(int8_t)p[1]) * (p[2] & 0x80 ? 60000000 :
		    100000);
		r.r_time = (p[2] & 0x7f) == 0x7f ? VG_NO_TIME : t;
		r.r_file = "fuzz.log";
		r.r_line = i / 12 + 1;
		r.r_dataset = p[4] & 1 ? "sshd" : "web";
		r.r_src.af = p[5] & 0x80 ? VG_AF_INET6 : VG_AF_INET;
		if (r.r_src.af == VG_AF_INET)
			r.r_src.u.v4 = 0xc6336400u | (p[5] & 0x1f);
		else
			r.r_src.u.v6[15] = p[5];
		if (p[5] == 0)
			r.r_src.af = VG_AF_NONE;
		r.r_user_len = (uint8_t)strlen(u);
		memcpy(r.r_user, u, r.r_user_len);
		r.r_status = (uint16_t)(200 + p[6] % 300);
		r.r_webclass = (uint16_t)(p[7] | (p[8] & 1) << 8);
		r.r_path_hash = (uint64_t)p[9] << 8 | 1;
		r.r_args_hash = p[10] & 1 ? 0 : (uint64_t)p[10] << 16 | 1;
		r.r_bytes = p[11] & 0x80 ? -1 : (int64_t)p[11] << 20;
		r.r_flags = p[11] & 1 ? VG_DRF_POST : 0;
		if (p[4] & 2) {
			r.r_listed.l_feed = "fuzz-feed";
			r.r_listed.l_type = VG_IOC_IP;
			r.r_listed.l_net = r.r_src;
			r.r_listed.l_prefix = 32;
		}
		if (p[4] & 4)
			r.r_leaked_feed = "fuzz-leaks";
		vg_detect_feed(det, &r, &out);
		out.j_len = 0;
	}
	vg_detect_finish(det, &out);
	vg_json_cleanup(&out);
	vg_detect_free(det);
	det = NULL;
	return 0;
}
