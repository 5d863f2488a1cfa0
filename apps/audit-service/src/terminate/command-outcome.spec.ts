import { errorText, failed, readCommandReply } from './command-outcome';

describe('readCommandReply', () => {
  it('reads the result of a host that ended the session, or had none', () => {
    expect(readCommandReply('nas', { result: { terminated: true, stream_seq: 42 } })).toEqual({
      outcome: 'TERMINATED',
      streamSeq: 42,
    });
    expect(readCommandReply('nas', { result: { terminated: true } })).toEqual({
      outcome: 'TERMINATED',
    });
    expect(readCommandReply('nas', { result: { terminated: false } })).toEqual({
      outcome: 'NOT_FOUND',
    });
  });

  it("reads a handler's error as a failure naming the host", () => {
    expect(readCommandReply('nas', { error: { code: 500, message: 'pam said no' } })).toEqual({
      outcome: 'FAILED',
      error: 'host "nas": pam said no',
    });
  });

  it('fails on anything else, a bad stream_seq included', () => {
    const shapes = [
      undefined,
      null,
      [],
      { result: true },
      { result: { terminated: 'yes' } },
      { result: { terminated: true, stream_seq: 0 } },
      { result: { terminated: true, stream_seq: 1.5 } },
      { error: { code: 500 } },
    ];
    for (const reply of shapes) {
      expect(readCommandReply('nas', reply)).toEqual({
        outcome: 'FAILED',
        error: 'host "nas" answered with something that is not a terminate reply',
      });
    }
  });
});

describe('errorText and failed', () => {
  it('cuts a long error to the record limit', () => {
    expect(errorText('e'.repeat(1024))).toHaveLength(1024);
    expect(errorText('e'.repeat(5000))).toBe(`${'e'.repeat(1023)}…`);
  });

  it('counts only a failure or no answer as failed', () => {
    expect(failed({ outcome: 'FAILED', error: 'x' })).toBe(true);
    expect(failed({ outcome: 'NO_ANSWER', error: 'x' })).toBe(true);
    expect(failed({ outcome: 'NOT_FOUND' })).toBe(false);
    expect(failed({ outcome: 'NOT_LIVE' })).toBe(false);
    expect(failed({ outcome: 'TERMINATED' })).toBe(false);
  });
});
