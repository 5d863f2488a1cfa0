/** The CLI's exit codes (docs/contract.md §6, docs/contract-notes.md "Exit codes"). */

/** Success, an empty result and a known host without matching rows included. */
export const EXIT_OK = 0;

/**
 * An error, its message on stderr as the TrueNAS CLI words it: the service refused the request,
 * no service answered, NATS refused the connection, a broken hash chain, an unknown `--host`.
 */
export const EXIT_ERROR = 1;

/**
 * Bad usage: an unknown option, a bad `--mode` or flag value, an unreadable `--file`, an unknown
 * `publish` kind or a bad event field, `-c ""`, a malformed `NATS_*` variable.
 */
export const EXIT_USAGE = 2;
