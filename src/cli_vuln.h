/*
 * cli_vuln.h -- `vigil vuln': the patch and vulnerability audit from the
 * command line (scan one host, audit a fleet, find the hosts that carry
 * an advisory).  docs/VULN.md is the user's reference.
 */
#ifndef CLI_VULN_H
#define CLI_VULN_H

/* argv[0] is "vuln".  Returns the process exit status. */
int	vg_cli_vuln(int argc, char **argv);

#endif /* CLI_VULN_H */
