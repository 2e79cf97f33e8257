/*
 * cli.c -- helpers of the command-line front ends.  See cli.h.
 */
#include "vg.h"

#include <errno.h>

#include "cli.h"

long
vg_cli_number(const char *opt, const char *s, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s || v < min || v > max)
		vg_fatalx("%s: \"%s\" is not a number in %ld..%ld", opt, s,
		    min, max);
	return v;
}

FILE *
vg_cli_open_out(const char *path)
{
	FILE *fp;

	if (path == NULL || strcmp(path, "-") == 0)
		return stdout;
	if ((fp = fopen(path, "w")) == NULL)
		vg_fatal("%s", path);
	return fp;
}

void
vg_cli_close_out(FILE *fp, const char *path)
{
	if (fp != stdout && fclose(fp) != 0)
		vg_fatal("%s", path);
	if (fp == stdout && fflush(stdout) != 0)
		vg_fatal("stdout");
}
