import { storedAtFromAckSubject } from './stored-at';

describe('storedAtFromAckSubject', () => {
  const nanos = '1795840320123999999'; // as a float this rounds up to the next millisecond

  it('reads the millisecond exactly from a v1 ack subject', () => {
    const at = storedAtFromAckSubject(`$JS.ACK.AUTH_EVENTS.authtrail.1.42.42.${nanos}.0`);
    expect(at.getTime()).toBe(1795840320123);
  });

  it('reads it from a v2 ack subject with domain and account', () => {
    const at = storedAtFromAckSubject(`$JS.ACK.hub.ACC.AUTH_EVENTS.authtrail.1.42.42.${nanos}.7.x`);
    expect(at.getTime()).toBe(1795840320123);
  });

  it('refuses what is not an ack subject', () => {
    expect(() => storedAtFromAckSubject('_INBOX.abc')).toThrow(/not a JetStream ack subject/);
  });
});
