import { decodeEjson } from './ejson';
import { renderTable } from './table-renderer';

/** Expected texts below were produced by midcli's display code with PrettyTable 3.6.0. */
function lines(...rows: string[]): string {
  return rows.join('\n');
}

describe('renderTable', () => {
  it('measures East Asian wide characters as two columns', () => {
    expect(
      renderTable([
        { name: '日本語', n: 1 },
        { name: 'ab', n: 22 },
      ]),
    ).toBe(
      lines(
        '+--------+----+',
        '| name   | n  |',
        '+--------+----+',
        '| 日本語 | 1  |',
        '| ab     | 22 |',
        '+--------+----+',
      ),
    );
  });

  it('gives zero width to combining and zero-width characters, two to emoji', () => {
    expect(renderTable([{ v: 'e\u0301\u200bx' }, { v: '😀' }])).toBe(
      lines('+----+', '| v  |', '+----+', '| e\u0301\u200bx |', '| 😀 |', '+----+'),
    );
  });

  it('pads the other cells of a row holding a multi-line list cell', () => {
    expect(
      renderTable([
        { tags: ['a', 'bb', 'ccc'], x: 'y' },
        { tags: [], x: 'z' },
        { tags: [{ k: 1 }], x: null },
      ]),
    ).toBe(
      lines(
        '+--------------+--------+',
        '| tags         | x      |',
        '+--------------+--------+',
        '| a            | y      |',
        '| bb           |        |',
        '| ccc          |        |',
        '| <empty list> | z      |',
        '| <list>       | <null> |',
        '+--------------+--------+',
      ),
    );
  });

  it('inserts a late key after its predecessor and shows <undefined> where a row lacks it', () => {
    expect(renderTable([{ a: 1, b: 2 }, { a: 3, c: 4 }, { d: 5 }])).toBe(
      lines(
        '+-------------+-------------+-------------+-------------+',
        '| a           | c           | b           | d           |',
        '+-------------+-------------+-------------+-------------+',
        '| 1           | <undefined> | 2           | <undefined> |',
        '| 3           | 4           | <undefined> | <undefined> |',
        '| <undefined> | <undefined> | <undefined> | 5           |',
        '+-------------+-------------+-------------+-------------+',
      ),
    );
  });

  it('cuts lines longer than 64 characters to 61 and "..."', () => {
    const digits = '0123456789'.repeat(7);
    expect(renderTable([{ line: digits }])).toBe(
      lines(
        `+${'-'.repeat(66)}+`,
        `| line${' '.repeat(61)}|`,
        `+${'-'.repeat(66)}+`,
        `| ${digits.slice(0, 61)}... |`,
        `+${'-'.repeat(66)}+`,
      ),
    );
    expect(renderTable([{ line: 'x'.repeat(64) }])).toContain(`| ${'x'.repeat(64)} |`);
  });

  it('keeps PrettyTable’s misalignment for lines with control characters (wcswidth -1)', () => {
    expect(renderTable([{ v: 'a\tb' }, { v: 'abcdef' }])).toBe(
      lines(
        '+--------+',
        '| v      |',
        '+--------+',
        '| a\tb        |',
        '| abcdef |',
        '+--------+',
      ),
    );
  });

  it('prints a list of non-objects one value per line', () => {
    expect(renderTable(decodeEjson([1, 'two', true, null, { a: 1 }, [1, 2], 1.5e-7]))).toBe(
      lines('1', 'two', 'true', '<null>', '<dict>', '1', '2', '1.5e-07'),
    );
  });

  it('draws an object as right-aligned keys and left-aligned values, without header', () => {
    const value = decodeEjson({
      id: 'x',
      internal: true,
      credentials_data: { username: 'root' },
      created_at: { $date: 1736935200000 },
    });
    expect(renderTable(value)).toBe(
      lines(
        '+------------------+---------------------------+',
        '|               id | x                         |',
        '|         internal | true                      |',
        '| credentials_data | <dict>                    |',
        '|       created_at | 2025-01-15T10:00:00+00:00 |',
        '+------------------+---------------------------+',
      ),
    );
  });

  it('handles the empty cases', () => {
    expect(renderTable([])).toBe('(empty list)');
    expect(renderTable({})).toBe('(empty object)');
    expect(renderTable([{}, {}, {}])).toBe(
      '(none of the specified fields found among 3 object(s))',
    );
  });

  it('never reads inherited properties as cells', () => {
    expect(renderTable([{ toString: 'a' }, { b: 1 }])).toContain('| <undefined> | 1           |');
  });
});
