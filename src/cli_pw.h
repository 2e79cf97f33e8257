/*
 * cli_pw.h -- `vigil pw': the breached-password index on the command
 * line.  `vigil pw index' builds an index from Have I Been Pwned's Pwned
 * Passwords files and plain password lists; `vigil pw check' answers,
 * for each password (or hex digest) read from stdin, how often it was
 * seen in breaches.  The index itself is pwdb.h.
 */
#ifndef CLI_PW_H
#define CLI_PW_H

#include "secmem.h"

/*
 * Run `vigil pw SUBCOMMAND ...' with argv[0] == "pw" and argv[1] the
 * subcommand, options after it.  Returns the exit status: for index 0 on
 * success, 2 on a usage error or a failed build; for check 0 when every
 * line was checked, 1 when a line could not be (too long, not a digest,
 * not UTF-8 for an NTLM index), 2 on a usage error, an unreadable index
 * or a read error.  Exits with status 2 itself on usage errors.  Command
 * line only: it parses options with getopt and writes to stdout and
 * stderr.
 */
int	vg_cli_pw(int argc, char **argv);

/*
 * `vigil pw serve' (cli_pw_serve.c), with argv[0] == "serve": the
 * HIBP-compatible range API over -x INDEX until SIGINT or SIGTERM.
 * Returns 0 after a clean stop, 2 when an index cannot be opened or the
 * address bound; exits with status 2 itself on usage errors.  Drops root
 * privileges before serving.  Command line only.
 */
int	vg_cli_pw_serve(int argc, char **argv);

/*
 * `vigil pw audit' (cli_pw_audit.c), with argv[0] == "audit": the NT
 * hashes of pwdump/secretsdump files against an NTLM index, one report
 * line per account.  Returns 0 when the audit ran (bad dump lines are
 * reported and counted), 2 when a dump or the index cannot be read or
 * the index is not NTLM; exits with status 2 itself on usage errors.
 * Turns core dumps off.  Command line only.
 */
int	vg_cli_pw_audit(int argc, char **argv);

/*
 * `vigil pw policy' (cli_pw_policy.c), with argv[0] == "policy":
 * passwords from stdin checked against NIST SP 800-63B rev. 4, one
 * answer per line.  Returns 0 when every line was checked (rejected or
 * not), 1 when a line could not be (too long, not UTF-8), 2 on an
 * unreadable index or a read error; exits with status 2 itself on usage
 * errors.  Turns core dumps off.  Command line only.
 */
int	vg_cli_pw_policy(int argc, char **argv);

/*
 * Answer stdin line by line through `fn' for `vigil pw check' and `pw
 * policy' (`cmd' names it in messages): one buffer of `bufsize' bytes,
 * locked in memory where allowed (else one warning that passwords may
 * reach swap), each line wiped once answered (secmem.h).  Exits on an
 * output error.  Returns 0, or the negative VG_ERR_* code of a read
 * error, which is reported; *secsp is the time spent, for --stats.
 */
int	vg_cli_pw_lines(const char *cmd, size_t bufsize,
	    vg_secmem_line_fn *fn, void *arg, double *secsp);

#endif /* CLI_PW_H */
