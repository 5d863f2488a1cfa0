/** A key file that cannot be written or read as asked; the message names the file and the cause. */
export class KeyFileError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'KeyFileError';
  }
}
