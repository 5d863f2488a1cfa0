interface NatsFailure {
  code?: unknown;
  api_error?: { code?: number; description?: string };
}

/** What went wrong last, in words: a JetStream error's description, or the client's message. */
function describe(cause: unknown): { text: string; noResponders: boolean } {
  const failure = (cause ?? {}) as NatsFailure;
  if (failure.api_error?.description) {
    return {
      text: `JetStream error ${failure.api_error.code}: ${failure.api_error.description}`,
      noResponders: false,
    };
  }
  if (failure.code === '503') return { text: 'no responders (503)', noResponders: true };
  return { text: cause instanceof Error ? cause.message : String(cause), noResponders: false };
}

/**
 * JetStream did not acknowledge an event within the publisher's deadline (or attempts), each
 * failure being one that a retry could have cured. The event may still have been stored: publish
 * it again with the same event id, and JetStream stores it at most once.
 */
export class PublishFailedError extends Error {
  override readonly name = 'PublishFailedError';

  constructor(
    readonly eventId: string,
    readonly subject: string,
    readonly attempts: number,
    readonly elapsedMs: number,
    cause: unknown,
  ) {
    const last = describe(cause);
    const hint = last.noResponders
      ? `; no stream answered on ${subject}: create the stream (the authtrail service does when it starts) or wait for the JetStream cluster to elect a leader`
      : '';
    super(
      `event ${eventId} on ${subject} was not acknowledged after ${attempts} attempt(s) in ` +
        `${(elapsedMs / 1000).toFixed(1)} s (last: ${last.text})${hint}; it may still have been ` +
        `stored: publish it again with the same event id`,
      { cause },
    );
  }
}
