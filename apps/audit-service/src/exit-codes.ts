/**
 * Exit codes of the service and of `authtrail-backup` (docs/contract-notes.md, docs/operations.md).
 * The CLI has its own (apps/audit-cli).
 */

/** Stopped as asked; `authtrail-backup`: copied and verified. */
export const EXIT_OK = 0;

/**
 * Anything else: NATS refused the credentials, a server without JetStream; `authtrail-backup`:
 * no copy, or a copy whose hash chain does not verify.
 */
export const EXIT_FAILURE = 1;

/**
 * A bad configuration: an environment variable, a log file of another schema, an unwritable
 * `AUTHTRAIL_DB`, an `AUTHTRAIL_HTTP_PORT` in use, a signing or witness key file that cannot be
 * used; `authtrail-backup`: bad arguments.
 */
export const EXIT_CONFIG = 2;

/** Another process writes the log (its lock is held). */
export const EXIT_LOG_IN_USE = 3;

/** The stream no longer holds history the log lacks, and no peer supplied it. */
export const EXIT_HISTORY_MISSING = 3;

/**
 * The log is not an extension of a checkpoint its key signed (kept in the file or published):
 * cut, edited or replaced. The service signs nothing over it.
 */
export const EXIT_TREE_DISAGREES = 3;
