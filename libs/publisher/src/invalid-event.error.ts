/**
 * An event (or a publisher's options) the service would reject; nothing was sent. `problems`
 * names each bad field, e.g. `session.id must be longer than or equal to 1 characters`.
 */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';

  constructor(
    readonly problems: readonly string[],
    what = 'event',
  ) {
    super(`invalid ${what}: ${problems.join('; ')}`);
  }
}
