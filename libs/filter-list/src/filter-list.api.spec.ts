import { C, f5Rows, K, N, T, W, type FixtureRow } from '../../../test/fixtures/f5-rows';
import { filterList } from './filter-list';
import { MatchNotFoundError, QueryCallError, QueryValidationError } from './query-error';

const ids = (result: unknown): string[] => (result as FixtureRow[]).map((row) => row.id);
const run = (filters: unknown, options: unknown = {}): unknown =>
  filterList(f5Rows(), filters, options);

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('filterList: REF §6 API cases on F5', () => {
  it('1: no filter returns every row in order', () => {
    expect(run([], {})).toEqual([N, W, K, T, C]);
  });

  it('2: internal = false', () => {
    expect(ids(run([['internal', '=', false]]))).toEqual([W.id, K.id, T.id]);
  });

  it('3: get returns the single object C', () => {
    const result = run([['current', '=', true]], { get: true });
    expect(result).toEqual(C);
    expect(JSON.stringify(result)).toBe(
      '{"id":"5c0f9f3e-2b8a-4d6e-9f1a-0c2d4e6f8a10","current":true,"internal":true,' +
        '"origin":"UNIX socket (pid=4312 uid=0 gid=0)","credentials":"UNIX_SOCKET",' +
        '"credentials_data":{"username":"root","login_id":"7f6e5d4c-3b2a-4190-8877-665544332211",' +
        '"login_at":{"$date":1736935200000}},"created_at":{"$date":1736935200000},' +
        '"secure_transport":true}',
    );
  });

  it('4: count', () => {
    expect(run([], { count: true })).toBe(5);
    expect(run([['internal', '=', true]], { count: true })).toBe(2);
  });

  it('5: in with select', () => {
    expect(
      run([['credentials', 'in', ['API_KEY', 'TOKEN']]], { select: ['id', 'credentials'] }),
    ).toEqual([
      { id: 'a1b2c3d4-0000-4000-8000-000000000003', credentials: 'API_KEY' },
      { id: 'a1b2c3d4-0000-4000-8000-000000000004', credentials: 'TOKEN' },
    ]);
  });

  it('6: nested path equality', () => {
    expect(ids(run([['credentials_data.username', '=', 'truenas_admin']]))).toEqual([W.id, T.id]);
  });

  it('7: != and nin exclude rows missing the key', () => {
    expect(ids(run([['credentials_data.username', '!=', 'root']]))).toEqual([W.id, K.id, T.id]);
    expect(ids(run([['credentials_data.username', 'nin', ['root']]]))).toEqual([W.id, K.id, T.id]);
  });

  it('8: rin is a substring match', () => {
    expect(ids(run([['credentials_data.username', 'rin', 'admin']]))).toEqual([W.id, T.id]);
  });

  it('9: ^ and ~', () => {
    expect(ids(run([['origin', '^', 'UNIX socket']]))).toEqual([C.id]);
    expect(ids(run([['origin', '~', '^\\[.*\\]:\\d+$']]))).toEqual([T.id]);
  });

  it('10: C= and C^', () => {
    expect(ids(run([['credentials', 'C=', 'api_key']]))).toEqual([K.id]);
    expect(ids(run([['credentials', 'C^', 'login']]))).toEqual([W.id]);
  });

  it('11: OR of two leaves', () => {
    const filters = [
      [
        'OR',
        [
          ['credentials', '=', 'TRUENAS_NODE'],
          ['secure_transport', '=', false],
        ],
      ],
    ];
    expect(ids(run(filters))).toEqual([N.id, T.id]);
  });

  it('12: OR of an AND group and a leaf', () => {
    const filters = [
      [
        'OR',
        [
          [
            ['internal', '=', false],
            ['credentials', '=', 'API_KEY'],
          ],
          ['current', '=', true],
        ],
      ],
    ];
    expect(ids(run(filters))).toEqual([K.id, C.id]);
  });

  it('13: order_by -created_at with limit', () => {
    expect(ids(run([], { order_by: ['-created_at'], limit: 2 }))).toEqual([C.id, T.id]);
  });

  it('14: order_by, offset, limit and select', () => {
    expect(
      run([], { order_by: ['credentials'], offset: 1, limit: 2, select: ['credentials'] }),
    ).toEqual([{ credentials: 'LOGIN_PASSWORD' }, { credentials: 'TOKEN' }]);
  });

  it('15: .$date timestamp filter', () => {
    expect(ids(run([['created_at.$date', '>=', '2025-01-15T09:30:00']]))).toEqual([
      K.id,
      T.id,
      C.id,
    ]);
  });

  it('16: get without a match fails with MatchNotFound; with several it returns the first', () => {
    const error = errorOf(() => run([['credentials', '=', 'LOGIN_TWOFACTOR']], { get: true }));
    expect(error).toBeInstanceOf(MatchNotFoundError);
    expect(error).toBeInstanceOf(QueryCallError);
    expect((error as Error).message).toBe('MatchNotFound()');
    expect(run([['internal', '=', true]], { get: true })).toEqual(N);
  });

  it('17: unknown operator is a validation error', () => {
    const error = errorOf(() => run([['id', 'like', 'x']]));
    expect(error).toBeInstanceOf(QueryValidationError);
    expect((error as QueryValidationError).message).toBe('Invalid params');
    expect((error as QueryValidationError).errors).toEqual([
      ['filters', 'Value error, Invalid operation: like', 22],
    ]);
  });

  it('18: invalid timestamp operation is a validation error', () => {
    const error = errorOf(() => run([['created_at.$date', '^', '2025']]));
    expect(error).toBeInstanceOf(QueryValidationError);
    expect((error as QueryValidationError).errors).toEqual([
      ['filters', 'Value error, ^: invalid timestamp operation.', 22],
    ]);
  });

  it('19: get with limit 2 is a call error', () => {
    const error = errorOf(() => run([], { get: true, limit: 2 }));
    expect(error).toBeInstanceOf(QueryCallError);
    expect(error).not.toBeInstanceOf(MatchNotFoundError);
    expect((error as Error).message).toBe(
      'Invalid options combination. `get` implies a single result.',
    );
  });

  it('20: offset past the end and at the last row', () => {
    expect(run([], { offset: 10 })).toEqual([]);
    expect(run([], { offset: 4 })).toEqual([C]);
  });

  it('21: select pair stores the value flat', () => {
    expect(
      run([['credentials_data.api_key.name', '=', 'backup-key']], {
        select: [['credentials_data.api_key.id', 'key_id']],
      }),
    ).toEqual([{ key_id: 3 }]);
  });

  it('22: select of a nested path rebuilds dicts and leaves absent paths out', () => {
    expect(run([], { select: ['credentials_data.username'] })).toEqual([
      {},
      { credentials_data: { username: 'truenas_admin' } },
      { credentials_data: { username: 'svc_backup' } },
      { credentials_data: { username: 'truenas_admin' } },
      { credentials_data: { username: 'root' } },
    ]);
  });

  it('23: nulls_last on a dotted path keeps the order; without it the sort fails', () => {
    expect(
      run([], { order_by: ['nulls_last:credentials_data.username'], select: ['credentials'] }),
    ).toEqual([
      { credentials: 'TRUENAS_NODE' },
      { credentials: 'LOGIN_PASSWORD' },
      { credentials: 'API_KEY' },
      { credentials: 'TOKEN' },
      { credentials: 'UNIX_SOCKET' },
    ]);
    const error = errorOf(() => run([], { order_by: ['credentials_data.username'] }));
    expect(error).toBeInstanceOf(QueryCallError);
    expect((error as Error).message).toBe(
      "'<' not supported between instances of 'str' and 'NoneType'",
    );
  });
});
