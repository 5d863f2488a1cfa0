/** A backup that could not be made; the message is one line for the operator. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}
