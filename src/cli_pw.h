/*
 * cli_pw.h -- `vigil pw': the breached-password index on the command
 * line.  `vigil pw index' builds an index from Have I Been Pwned's Pwned
 * Passwords files and plain password lists; `vigil pw check' answers,
 * for each password (or hex digest) read from stdin, how often it was
 * seen in breaches.  The index itself is pwdb.h.
 */
#ifndef CLI_PW_H
#define CLI_PW_H

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

#endif /* CLI_PW_H */
