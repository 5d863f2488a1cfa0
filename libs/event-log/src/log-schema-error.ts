/** Raised when the file is not a log this build may open; the file is left untouched. */
export class LogSchemaError extends Error {
  override readonly name = 'LogSchemaError';
}
