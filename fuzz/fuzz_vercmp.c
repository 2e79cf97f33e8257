/*
 * fuzz_vercmp.c -- version ordering.  The first byte picks the scheme
 * (dpkg, rpm, apk, SemVer, in that order, modulo 4); the rest is split at
 * its first newline into two versions, compared both ways and each with
 * itself.  A comparison must fail exactly when vg_ver_check() refuses a
 * side, must be antisymmetric, and a version must equal itself.  The
 * first version is copied into a heap block of its own length and the
 * second ends the input, so ASan sees a read past either view.
 */
#include "vg.h"

#include "vercmp.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum vg_ver_scheme scheme;
	struct vg_str a, b, rest;
	char *copy;
	int ab, ba, aa, ra, rb, rab, rba;

	if (size == 0)
		return 0;
	scheme = (enum vg_ver_scheme)(VG_VER_DPKG + data[0] % 4);
	rest = vg_str_make((const char *)data + 1, size - 1);
	if (!vg_str_until(&rest, '\n', &a)) {
		a = rest;
		rest = vg_str_make(rest.p + rest.len, 0);
	}
	b = rest;
	if ((copy = malloc(a.len > 0 ? a.len : 1)) == NULL)
		return 0;
	if (a.len > 0)
		memcpy(copy, a.p, a.len);
	a = vg_str_make(copy, a.len);

	ra = vg_ver_check(scheme, a);
	rb = vg_ver_check(scheme, b);
	rab = vg_ver_cmp(scheme, a, b, &ab);
	rba = vg_ver_cmp(scheme, b, a, &ba);
	if ((rab == 0) != (ra == 0 && rb == 0) || (rba == 0) != (rab == 0))
		abort();
	if (rab != 0 && (ab != 0 || ba != 0))
		abort();
	if (rab == 0 && (ab < -1 || ab > 1 || ab != -ba))
		abort();
	if (ra == 0 && (vg_ver_cmp(scheme, a, a, &aa) != 0 || aa != 0))
		abort();
	free(copy);
	return 0;
}
