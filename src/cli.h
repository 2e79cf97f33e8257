/*
 * cli.h -- small helpers shared by the command-line front ends
 * (vigil.c and the cli_*.c subcommand files): numeric options and output
 * files.  They exit with a message on error, so they belong to the
 * command line only, never to a library module.
 */
#ifndef CLI_H
#define CLI_H

#include "vg.h"

/*
 * The decimal number `s' given to option `opt', in min..max; exits with
 * status 2 and a message naming the option otherwise.
 */
long	vg_cli_number(const char *opt, const char *s, long min, long max);

/* stdout for NULL or "-", else `path' opened for writing, or exit. */
FILE	*vg_cli_open_out(const char *path);

/* Close what vg_cli_open_out() opened (stdout is left open), or exit. */
void	vg_cli_close_out(FILE *, const char *path);

#endif /* CLI_H */
