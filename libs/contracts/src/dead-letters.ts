/** Headers of a dead letter on `auth.deadletter.<host or _>` (docs/contract-notes.md). */
export const DEAD_LETTER_HEADERS = {
  /** JSON list of the reasons the message was refused. */
  reasons: 'Authtrail-Reasons',
  /** The subject the message was published on. */
  subject: 'Authtrail-Subject',
  /** Its sequence in the events stream (the original stays there). */
  streamSeq: 'Authtrail-Stream-Seq',
} as const;
