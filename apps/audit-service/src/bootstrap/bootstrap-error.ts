/**
 * The service cannot start: the stream no longer holds history its log lacks, and no peer could
 * supply it (or a peer supplied a log that does not hold together). The message is one line.
 */
export class BootstrapError extends Error {
  override readonly name = 'BootstrapError';
}
