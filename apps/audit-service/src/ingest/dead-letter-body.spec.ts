import { createHash } from 'node:crypto';
import { loggedIn } from '../../../../test/fixtures/auth-events';
import type { RawEventMessage } from '../transport/raw-event';
import { deadLetterBody } from './dead-letter-body';

const message = (data: Uint8Array | string): RawEventMessage => ({
  subject: 'auth.events.truenas.login',
  data: typeof data === 'string' ? new TextEncoder().encode(data) : data,
  streamSeq: 42,
  deliveryCount: 1,
  storedAt: new Date('2026-01-01T00:00:00.000Z'),
});
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('deadLetterBody', () => {
  it('copies a refused JSON object redacted, with where it is and why it was refused', () => {
    const event = { ...loggedIn(), version: 2, api_token: 'tok-secret-7f3e' };
    event.session.credentials_data = { username: 'root', passphrase: 'correct horse' };
    const raw = message(JSON.stringify(event));
    const body = deadLetterBody('AUTH_EVENTS', raw, ['version must be equal to 1'], {
      maxCopy: 65536,
    });
    expect(body).toEqual({
      stream: 'AUTH_EVENTS',
      stream_seq: 42,
      subject: 'auth.events.truenas.login',
      stored_at: '2026-01-01T00:00:00.000Z',
      reasons: ['version must be equal to 1'],
      size: raw.data.length,
      sha256: sha256(raw.data),
      payload: {
        ...event,
        api_token: '<redacted>',
        session: {
          ...event.session,
          credentials_data: { username: 'root', passphrase: '<redacted>' },
        },
      },
      redacted: ['session.credentials_data.passphrase', 'api_token'],
    });
    expect(JSON.stringify(body)).not.toMatch(/correct horse|tok-secret-7f3e/);
  });

  it('does not copy bytes that are not a JSON object, nor a payload over the limit', () => {
    for (const [data, why] of [
      ['password=hunter2', 'not UTF-8 JSON text'],
      [new Uint8Array([0x7b, 0xff, 0x7d]), 'not UTF-8 JSON text'],
      ['"hunter2"', 'not a JSON object'],
      ['["hunter2"]', 'not a JSON object'],
    ] as const) {
      const raw = message(data);
      const body = deadLetterBody('AUTH_EVENTS', raw, ['r'], { maxCopy: 65536 });
      expect(body).toMatchObject({
        size: raw.data.length,
        sha256: sha256(raw.data),
        payload_omitted: why,
      });
      expect(body.payload).toBeUndefined();
      expect(JSON.stringify(body)).not.toMatch(/hunter2/);
    }
    const big = message(JSON.stringify({ ...loggedIn(), pad: 'x'.repeat(100) }));
    expect(deadLetterBody('S', big, ['r'], { maxCopy: 100 })).toMatchObject({
      payload_omitted: 'over 100 bytes',
    });
  });
});
