import { RpcErrorCode, Subjects } from '@authtrail/contracts';
import { NoAnswerError, RemoteError, type RpcClient } from '../rpc/rpc-client';
import { logReport, publishSummary, storedSeqFilters, storedSummary } from './publish-report';

const receipt = (seq: number, duplicate = false) => ({ eventId: `e${seq}`, seq, duplicate });

describe('what a publish reports', () => {
  it('matches the stored sequences with ranges for runs and in lists for the rest', () => {
    expect(storedSeqFilters([3, 4, 5])).toEqual([
      [
        ['stream_seq', '>=', 3],
        ['stream_seq', '<=', 5],
      ],
    ]);
    expect(storedSeqFilters([9, 1, 2, 7])).toEqual([
      [
        ['stream_seq', '>=', 1],
        ['stream_seq', '<=', 2],
      ],
      [['stream_seq', 'in', [7, 9]]],
    ]);
    const scattered = Array.from({ length: 1200 }, (_, i) => 2 * i + 1);
    const lists = storedSeqFilters(scattered);
    expect(lists.map((f) => ((f[0] as unknown[])[2] as number[]).length)).toEqual([500, 500, 200]);
  });

  it('says what JetStream and the log did', () => {
    expect(publishSummary([receipt(1), receipt(2, true)])).toBe(
      'published 1 event(s), 1 duplicate(s), last stream seq 2',
    );
    expect(storedSummary(2, 2)).toBe('the log stored 2 of 2');
    expect(storedSummary(3, 1)).toMatch(
      /^the log stored 1 of 3: 2 had an event id already in the log, or the service refused them/,
    );
  });

  it('waits for the service to reach the last event, then counts the entries at its sequences', async () => {
    const calls: [string, unknown][] = [];
    let waits = 0;
    const rpc = {
      request: (subject: string, request: unknown) => {
        calls.push([subject, request]);
        if (subject === Subjects.sessions && waits++ === 0)
          return Promise.reject(new RemoteError({ code: RpcErrorCode.Timeout, message: 'late' }));
        return Promise.resolve(subject === Subjects.logQuery ? 1 : 0);
      },
    } as unknown as RpcClient;
    const report = await logReport(rpc, 'nas', [receipt(4), receipt(5), receipt(6, true)]);
    expect(report).toBe(
      'the log stored 1 of 2: 1 had an event id already in the log, or the service refused them (see dead_letters in audit stats)',
    );
    expect(calls).toEqual([
      [Subjects.sessions, { host: 'nas', after_seq: 5, options: { count: true } }],
      [Subjects.sessions, { host: 'nas', after_seq: 5, options: { count: true } }],
      [
        Subjects.logQuery,
        {
          filters: [
            ['stream_seq', '>=', 4],
            ['stream_seq', '<=', 5],
          ],
          options: { count: true },
        },
      ],
    ]);
  });

  it('says when it could not check, and checks nothing when JetStream stored nothing', async () => {
    const rpc = {
      request: () =>
        Promise.reject(
          new NoAnswerError('no authtrail service is answering on auth.sessions', 'x'),
        ),
    } as unknown as RpcClient;
    expect(await logReport(rpc, 'nas', [receipt(1)])).toBe(
      'not checked whether the log stored them: no authtrail service is answering on auth.sessions',
    );
    expect(await logReport(rpc, 'nas', [receipt(1, true)])).toBeUndefined();
  });
});
