import { ErrorCode, NatsError } from 'nats';
import { PublishFailedError } from './publish-failed.error';

const ID = '018f3a2b-0000-7000-8000-000000000001';
const SUBJECT = 'auth.events.truenas.login';

describe('PublishFailedError', () => {
  it('says that no stream answered, and what to do about it', () => {
    const error = new PublishFailedError(ID, SUBJECT, 12, 30_012, NatsError.errorForCode('503'));
    expect(error.message).toBe(
      `event ${ID} on ${SUBJECT} was not acknowledged after 12 attempt(s) in 30.0 s ` +
        `(last: no responders (503)); no stream answered on ${SUBJECT}: create the stream ` +
        `(the authtrail service does when it starts) or wait for the JetStream cluster to elect ` +
        `a leader; it may still have been stored: publish it again with the same event id`,
    );
    expect(error).toMatchObject({ eventId: ID, subject: SUBJECT, attempts: 12, elapsedMs: 30_012 });
  });

  it("quotes JetStream's own reason when the stream answered with an error", () => {
    const full = NatsError.errorForCode('503', new Error('maximum messages exceeded'));
    full.api_error = { code: 503, err_code: 10077, description: 'maximum messages exceeded' };
    const error = new PublishFailedError(ID, SUBJECT, 3, 1_500, full);
    expect(error.message).toMatch(/\(last: JetStream error 503: maximum messages exceeded\); it/);
    expect(error.message).not.toMatch(/no stream answered/);
    expect(error.cause).toBe(full);
  });

  it('passes a timeout on as the client words it', () => {
    const timeout = NatsError.errorForCode(ErrorCode.Timeout);
    const error = new PublishFailedError(ID, SUBJECT, 1, 5_000, timeout);
    expect(error.message).toContain(`(last: ${timeout.message}); it may still have been stored`);
  });
});
