import type { LogEntry } from '@authtrail/contracts';
import type { EntryCriteria } from '@authtrail/event-log';
import { QueryValidationError } from '@authtrail/filter-list';
import { loggedIn } from '../../../../test/fixtures/auth-events';
import { toLogEntry } from '../../../../test/fixtures/log-entries';
import { queryLog, seqOrder } from './log-query';

describe('seqOrder', () => {
  it('is the read order of an order_by that is only seq', () => {
    expect(seqOrder(['seq'])).toBe('ascending');
    expect(seqOrder(['-seq'])).toBe('descending');
    expect(seqOrder([])).toBeUndefined();
    expect(seqOrder(['host'])).toBeUndefined();
    expect(seqOrder(['seq', 'host'])).toBeUndefined();
  });
});

describe('queryLog', () => {
  const entries = [1, 2, 3, 4].map((seq) =>
    toLogEntry(loggedIn({ sessionId: `s${seq}`, host: seq % 2 ? 'a' : 'b' }), seq),
  );

  /** A store that reads in seq order (or reversed) and records what it was asked. */
  function store() {
    const asked: { criteria: EntryCriteria; descending: boolean }[] = [];
    const read: number[] = [];
    const select = (criteria: EntryCriteria, descending: boolean): Iterable<LogEntry> => {
      asked.push({ criteria, descending });
      const ordered = descending ? [...entries].reverse() : entries;
      return (function* () {
        for (const entry of ordered) {
          read.push(entry.seq);
          yield entry;
        }
      })();
    };
    return { select, asked, read };
  }

  it('hands the store the validated filters and lets it read in the order by seq', () => {
    const { select, asked, read } = store();
    const filters = [['host', '=', 'a']];
    const result = queryLog(select, filters, { order_by: ['-seq'], limit: 1 });
    expect(result).toMatchObject([{ seq: 3, host: 'a' }]);
    expect(asked).toEqual([{ criteria: { filters }, descending: true }]);
    // The page is full after the first match: nothing is sorted, the read stops.
    expect(read).toEqual([4, 3]);
  });

  it('orders by anything else itself, over the whole read', () => {
    const { select, asked, read } = store();
    const result = queryLog(select, [], { order_by: ['-event_id'] });
    expect(result).toHaveLength(4);
    expect(asked[0].descending).toBe(false);
    expect(read).toEqual([1, 2, 3, 4]);
  });

  it('reads nothing for a query it refuses', () => {
    const { select, asked } = store();
    expect(() => queryLog(select, [['host', '=']], {})).toThrow(QueryValidationError);
    expect(asked).toEqual([]);
  });
});
