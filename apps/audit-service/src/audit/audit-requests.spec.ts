import { RpcError } from '../rpc/rpc-error';
import { parseStatsRequest, parseVerifyRequest, STATS_PAGE_MAX } from './audit-requests';

function errorOf(run: () => unknown): { code: number; message: string; errors?: unknown[] } {
  try {
    run();
  } catch (error) {
    if (error instanceof RpcError) return error.body;
    throw error;
  }
  throw new Error('no error');
}

describe('parseVerifyRequest', () => {
  it('takes root_at from 1 to the last seq, and refuses any other', () => {
    expect(parseVerifyRequest({ root_at: 9 }, 9)).toEqual({
      fromSeq: undefined,
      toSeq: undefined,
      rootAt: 9,
    });
    expect(errorOf(() => parseVerifyRequest({ root_at: 10 }, 9)).message).toBe(
      "bad root_at 10: the tree's sizes are 1 to 9 (the log's seqs are 1 to 9)",
    );
    expect(errorOf(() => parseVerifyRequest({ root_at: 0 }, 9)).code).toBe(400);
    expect(errorOf(() => parseVerifyRequest({ root_at: '3' }, 9)).errors).toEqual([
      ['root_at', 'Input should be a non-negative integer', 22],
    ]);
  });

  it('takes a range within the log, and one that ends after it', () => {
    expect(parseVerifyRequest({}, 9)).toEqual({ fromSeq: undefined, toSeq: undefined });
    expect(parseVerifyRequest({}, 0)).toEqual({ fromSeq: undefined, toSeq: undefined });
    expect(parseVerifyRequest({ from_seq: 9, to_seq: 20 }, 9)).toEqual({ fromSeq: 9, toSeq: 20 });
  });

  it('refuses a range that starts after the last seq, naming the range and the last seq', () => {
    expect(errorOf(() => parseVerifyRequest({ from_seq: 10 }, 9))).toEqual({
      code: 400,
      message:
        "bad range from_seq 10 to the end: it starts after the log's last seq (the log's seqs are 1 to 9)",
    });
    expect(errorOf(() => parseVerifyRequest({ from_seq: 1, to_seq: 5 }, 0)).message).toBe(
      "bad range from_seq 1 to to_seq 5: it starts after the log's last seq (the log is empty)",
    );
  });

  it('refuses to_seq before from_seq the same way', () => {
    expect(errorOf(() => parseVerifyRequest({ from_seq: 5, to_seq: 4 }, 9))).toEqual({
      code: 400,
      message:
        "bad range from_seq 5 to to_seq 4: to_seq is before from_seq (the log's seqs are 1 to 9)",
    });
  });

  it('still names bad fields first', () => {
    expect(errorOf(() => parseVerifyRequest({ from_seq: -1, x: 1 }, 9)).errors).toEqual([
      ['x', 'Extra inputs are not permitted', 22],
      ['from_seq', 'Input should be a non-negative integer', 22],
    ]);
  });
});

describe('parseStatsRequest', () => {
  it('reads no page from {} and a page from options', () => {
    expect(parseStatsRequest({})).toBeUndefined();
    expect(parseStatsRequest({ options: {} })).toEqual({ offset: 0 });
    expect(parseStatsRequest({ options: { limit: 2, offset: 4 } })).toEqual({
      limit: 2,
      offset: 4,
    });
  });

  it('refuses bad options with the field and the limit', () => {
    expect(
      errorOf(() => parseStatsRequest({ options: { limit: 0, offset: -1, order_by: [] } })).errors,
    ).toEqual([
      ['options.order_by', 'Extra inputs are not permitted', 22],
      ['options.limit', `Input should be an integer from 1 to ${STATS_PAGE_MAX}`, 22],
      ['options.offset', 'Input should be a non-negative integer', 22],
    ]);
    expect(errorOf(() => parseStatsRequest({ options: [] })).errors).toEqual([
      ['options', 'Input should be an object with "limit" and "offset"', 22],
    ]);
    expect(errorOf(() => parseStatsRequest({ filters: [] })).errors).toEqual([
      ['filters', 'Extra inputs are not permitted', 22],
    ]);
  });
});
