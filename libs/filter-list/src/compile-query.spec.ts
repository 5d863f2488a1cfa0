import { CHEAP_ROWS_PER_STEP, compileQuery } from './compile-query';

describe('compileQuery: rows per step', () => {
  it('reads many rows per step when every row is cheap', () => {
    for (const filters of [
      [],
      [['id', '=', 'x']],
      [
        [
          'OR',
          [
            ['origin', '^', '10.'],
            ['internal', '=', true],
          ],
        ],
      ],
      [['credentials_data.username', 'in', ['a', 'b']]],
    ]) {
      expect(compileQuery(filters, {}).rowsPerStep).toBe(CHEAP_ROWS_PER_STEP);
    }
    expect(compileQuery([], { count: true }).rowsPerStep).toBe(CHEAP_ROWS_PER_STEP);
    expect(compileQuery([], { order_by: ['-created_at'] }).rowsPerStep).toBe(CHEAP_ROWS_PER_STEP);
  });

  it('reads one row per step when a row can cost much', () => {
    for (const [filters, options] of [
      [[['origin', '~', 'a+']], {}],
      [
        [
          [
            'OR',
            [
              ['id', '=', 'x'],
              ['credentials_data.username', 'C=', 'ROOT'],
            ],
          ],
        ],
        {},
      ],
      [[['credentials_data.*', '=', 'x']], {}],
      [[], { select: ['credentials_data.*'] }],
    ] as [unknown[], object][]) {
      expect(compileQuery(filters, options).rowsPerStep).toBe(1);
    }
  });
});

describe('compileQuery: what it was made of', () => {
  const rows = [3, 1, 2].map((seq) => ({ seq, host: seq === 2 ? 'b' : 'a' }));

  it('exposes the filters and options as validated, defaults filled in', () => {
    const filters = [['host', '=', 'a']];
    const query = compileQuery(filters, { order_by: ['-seq'], limit: 1 });
    expect(query.filters).toEqual(filters);
    expect(query.options).toEqual({
      select: [],
      orderBy: ['-seq'],
      offset: 0,
      limit: 1,
      count: false,
      get: false,
    });
  });

  it('runs over rows already in its order without sorting them, and stops once a page is full', () => {
    const query = compileQuery([['host', '=', 'a']], { order_by: ['-seq'], limit: 1 });
    expect(query.run(rows)).toEqual([{ seq: 3, host: 'a' }]);
    const given = query.inGivenOrder();
    expect(given.mode).toBe('rows');
    expect(given.options.orderBy).toEqual([]);
    expect(given.filters).toBe(query.filters);
    const read: number[] = [];
    function* inOrder() {
      for (const row of [...rows].sort((a, b) => b.seq - a.seq)) {
        read.push(row.seq);
        yield row;
      }
    }
    expect(given.run(inOrder())).toEqual([{ seq: 3, host: 'a' }]);
    expect(read).toEqual([3]);
  });

  it('keeps its mode in the given order: a count stays a count, a get a get', () => {
    expect(
      compileQuery([], { order_by: ['seq'], count: true })
        .inGivenOrder()
        .run(rows),
    ).toBe(3);
    expect(
      compileQuery([], { order_by: ['seq'], get: true })
        .inGivenOrder()
        .run(rows),
    ).toEqual(rows[0]);
  });
});
