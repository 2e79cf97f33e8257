/*
 * cli_accounts.h -- `vigil accounts': which of the organization's
 * accounts appear in leaked credential lists (match), the security
 * centre's per-unit digest files (hash) and their keys (key).
 * docs/ACCOUNTS.md is the user's reference.
 */
#ifndef CLI_ACCOUNTS_H
#define CLI_ACCOUNTS_H

/* argv[0] is "accounts".  Returns the process exit status. */
int	vg_cli_accounts(int argc, char **argv);

#endif /* CLI_ACCOUNTS_H */
