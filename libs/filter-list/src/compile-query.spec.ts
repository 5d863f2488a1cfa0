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
