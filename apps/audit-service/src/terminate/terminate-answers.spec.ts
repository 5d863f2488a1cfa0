import { MAX_FAILURE_LINES, othersFailure, terminateAnswer } from './terminate-answers';

describe('terminateAnswer', () => {
  it('is true for an ended session, false when there was none to end', () => {
    expect(terminateAnswer({ outcome: 'TERMINATED', streamSeq: 3 })).toBe(true);
    expect(terminateAnswer({ outcome: 'NOT_LIVE' })).toBe(false);
    expect(terminateAnswer({ outcome: 'NOT_FOUND' })).toBe(false);
  });

  it('is a 503 for a host that did not answer, a 500 for a handler that failed', () => {
    expect(terminateAnswer({ outcome: 'NO_ANSWER', error: 'host "nas" did not answer' })).toEqual({
      code: 503,
      message: 'host "nas" did not answer',
    });
    expect(terminateAnswer({ outcome: 'FAILED', error: 'host "nas": boom' })).toEqual({
      code: 500,
      message: 'host "nas": boom',
    });
  });
});

describe('othersFailure', () => {
  it('is nothing when every session was ended or already gone', () => {
    expect(othersFailure([])).toBeUndefined();
    expect(
      othersFailure([
        { sessionId: 'a', result: { outcome: 'TERMINATED' } },
        { sessionId: 'b', result: { outcome: 'NOT_FOUND' } },
      ]),
    ).toBeUndefined();
  });

  it('names each failed session on a line of its own after the REF §2 text', () => {
    expect(
      othersFailure([
        { sessionId: 'a', result: { outcome: 'TERMINATED' } },
        { sessionId: 'b', result: { outcome: 'FAILED', error: 'host "nas": boom' } },
        { sessionId: 'c', result: { outcome: 'NO_ANSWER', error: 'host "nas" did not answer' } },
      ]),
    ).toEqual({
      code: 500,
      message:
        'Unable to terminate all sessions:\nb: host "nas": boom\nc: host "nas" did not answer',
    });
  });

  it('is a 503 when the host never answered, and counts lines beyond the limit', () => {
    const many = Array.from({ length: MAX_FAILURE_LINES + 3 }, (_, i) => ({
      sessionId: `s${i}`,
      result: { outcome: 'NO_ANSWER' as const, error: 'no handler' },
    }));
    const failure = othersFailure(many);
    const lines = failure?.message.split('\n') ?? [];
    expect(failure?.code).toBe(503);
    expect(lines).toHaveLength(MAX_FAILURE_LINES + 2);
    expect(lines[1]).toBe('s0: no handler');
    expect(lines.at(-1)).toBe('… and 3 more');
  });
});
