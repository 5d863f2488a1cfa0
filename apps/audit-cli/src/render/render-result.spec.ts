import { SEED_DIR } from '../../../../test/harness/paths';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { renderResult } from './render-result';

const SEED = SEED_DIR;
const CALLER = 'f01274e8-4954-4926-9346-76a16d3648dd';
const SINGLE_FIELDS = ['id', 'current', 'internal', 'origin', 'credentials', 'created_at'];

interface SeedLogin {
  occurred_at: string;
  session: {
    id: string;
    internal: boolean;
    origin: string;
    credentials: string;
    credentials_data: Record<string, unknown>;
  };
}

/** The rows `auth.sessions` returns for the seed's two logins, as the caller CALLER. */
function seedRows(): Record<string, unknown>[] {
  return readFileSync(path.join(SEED, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SeedLogin)
    .map(({ occurred_at, session }) => ({
      id: session.id,
      current: session.id === CALLER,
      internal: session.internal,
      origin: session.origin,
      credentials: session.credentials,
      credentials_data: session.credentials_data,
      created_at: { $date: Date.parse(occurred_at) },
    }));
}

function fixture(name: string): string {
  return readFileSync(path.join(SEED, name), 'utf8');
}

/** REF §6 rows W and C (F2), as sent on the wire (created_at in whole seconds). */
const W = {
  id: '8d3b6c2a-7e41-4f0b-a5d9-3e6f1b2c4d58',
  current: false,
  internal: false,
  origin: '192.168.1.50:51234',
  credentials: 'LOGIN_PASSWORD',
  credentials_data: {
    username: 'truenas_admin',
    login_id: 'x',
    login_at: { $date: 1736931930000 },
  },
  created_at: { $date: Date.UTC(2025, 0, 15, 9, 5, 30) },
  secure_transport: true,
};
const C = {
  id: '5c0f9f3e-2b8a-4d6e-9f1a-0c2d4e6f8a10',
  current: true,
  internal: true,
  origin: 'UNIX socket (pid=4312 uid=0 gid=0)',
  credentials: 'UNIX_SOCKET',
  credentials_data: { username: 'root', login_id: 'y', login_at: { $date: 1736935200000 } },
  created_at: { $date: Date.UTC(2025, 0, 15, 10) },
  secure_transport: true,
};
const F2 = [W, C];

function lines(...rows: string[]): string {
  return rows.join('\n');
}

describe('renderResult: the seed examples, byte for byte', () => {
  const rows = seedRows();

  it('renders `sessions` (all columns) as sessions.txt', () => {
    expect(`${renderResult(rows, 'table')}\n`).toBe(fixture('sessions.txt'));
  });

  it.each(SINGLE_FIELDS)('renders `sessions %s` from the sliced rows', (field) => {
    const sliced = rows.map((row) => ({ [field]: row[field] }));
    const text = renderResult(sliced, 'table', { select: [field] });
    expect(`${text}\n`).toBe(fixture(`sessions_${field}.txt`));
  });

  it.each(SINGLE_FIELDS)('keeps only the selected key of full rows for `sessions %s`', (field) => {
    const text = renderResult(rows, 'table', { select: [field] });
    expect(`${text}\n`).toBe(fixture(`sessions_${field}.txt`));
  });
});

describe('renderResult: REF §6 CLI cases on F2', () => {
  it('case 24: all columns, secure_transport included', () => {
    const rule =
      '+--------------------------------------+---------+----------+------------------------------------+----------------+------------------+---------------------------+------------------+';
    expect(renderResult(F2, 'table')).toBe(
      lines(
        rule,
        '| id                                   | current | internal | origin                             | credentials    | credentials_data | created_at                | secure_transport |',
        rule,
        '| 8d3b6c2a-7e41-4f0b-a5d9-3e6f1b2c4d58 | false   | false    | 192.168.1.50:51234                 | LOGIN_PASSWORD | <dict>           | 2025-01-15T09:05:30+00:00 | true             |',
        '| 5c0f9f3e-2b8a-4d6e-9f1a-0c2d4e6f8a10 | true    | true     | UNIX socket (pid=4312 uid=0 gid=0) | UNIX_SOCKET    | <dict>           | 2025-01-15T10:00:00+00:00 | true             |',
        rule,
      ),
    );
  });

  it('case 25: sessions id', () => {
    const rule = '+--------------------------------------+';
    expect(renderResult(F2, 'table', { select: ['id'] })).toBe(
      lines(
        rule,
        '| id                                   |',
        rule,
        '| 8d3b6c2a-7e41-4f0b-a5d9-3e6f1b2c4d58 |',
        '| 5c0f9f3e-2b8a-4d6e-9f1a-0c2d4e6f8a10 |',
        rule,
      ),
    );
  });

  it('case 26: sessions current, sessions internal', () => {
    expect(renderResult(F2, 'table', { select: ['current'] })).toBe(
      lines(
        '+---------+',
        '| current |',
        '+---------+',
        '| false   |',
        '| true    |',
        '+---------+',
      ),
    );
    expect(renderResult(F2, 'table', { select: ['internal'] })).toBe(
      lines(
        '+----------+',
        '| internal |',
        '+----------+',
        '| false    |',
        '| true     |',
        '+----------+',
      ),
    );
  });

  it('case 27: sessions origin, credentials, created_at', () => {
    const originRule = '+------------------------------------+';
    expect(renderResult(F2, 'table', { select: ['origin'] })).toBe(
      lines(
        originRule,
        '| origin                             |',
        originRule,
        '| 192.168.1.50:51234                 |',
        '| UNIX socket (pid=4312 uid=0 gid=0) |',
        originRule,
      ),
    );
    expect(renderResult(F2, 'table', { select: ['credentials'] })).toBe(
      lines(
        '+----------------+',
        '| credentials    |',
        '+----------------+',
        '| LOGIN_PASSWORD |',
        '| UNIX_SOCKET    |',
        '+----------------+',
      ),
    );
    const dateRule = '+---------------------------+';
    expect(renderResult(F2, 'table', { select: ['created_at'] })).toBe(
      lines(
        dateRule,
        '| created_at                |',
        dateRule,
        '| 2025-01-15T09:05:30+00:00 |',
        '| 2025-01-15T10:00:00+00:00 |',
        dateRule,
      ),
    );
  });

  it('case 28: two columns of the filtered rows', () => {
    const rule = '+--------------------------------------+--------------------+';
    expect(renderResult([W], 'table', { select: ['id', 'origin'] })).toBe(
      lines(
        rule,
        '| id                                   | origin             |',
        rule,
        '| 8d3b6c2a-7e41-4f0b-a5d9-3e6f1b2c4d58 | 192.168.1.50:51234 |',
        rule,
      ),
    );
  });

  it('case 29: no rows, absent fields, object cells', () => {
    expect(renderResult([], 'table')).toBe('(empty list)');
    const none = '(none of the specified fields found among 2 object(s))';
    const nested = F2.map((row) => ({
      credentials_data: { username: row.credentials_data.username },
    }));
    expect(renderResult(nested, 'table', { select: ['credentials_data.username'] })).toBe(none);
    expect(renderResult([{}, {}], 'table', { select: ['bogus'] })).toBe(none);
    expect(renderResult(F2, 'table', { select: ['credentials_data'] })).toBe(
      lines(
        '+------------------+',
        '| credentials_data |',
        '+------------------+',
        '| <dict>           |',
        '| <dict>           |',
        '+------------------+',
      ),
    );
  });

  it('case 30: csv mode, CRLF line ends, the caller adds the final newline', () => {
    const text = renderResult(F2, 'csv', { select: ['id', 'current'] });
    expect(`${text}\n`).toBe(
      'id,current\r\n8d3b6c2a-7e41-4f0b-a5d9-3e6f1b2c4d58,false\r\n5c0f9f3e-2b8a-4d6e-9f1a-0c2d4e6f8a10,true\r\n\n',
    );
  });

  it('csv: none of the selected fields, an empty list', () => {
    expect(renderResult(F2, 'csv', { select: ['bogus'] })).toBe(
      'None of the specified fields found among 2 object(s)',
    );
    expect(renderResult([], 'csv')).toBe('');
  });
});

describe('renderResult: other result shapes', () => {
  it('draws a single object as key/value rows (a `get` result)', () => {
    expect(
      renderResult({ id: 'x', internal: true, created_at: { $date: 1736935200000 } }, 'table'),
    ).toBe(
      lines(
        '+------------+---------------------------+',
        '|         id | x                         |',
        '|   internal | true                      |',
        '| created_at | 2025-01-15T10:00:00+00:00 |',
        '+------------+---------------------------+',
      ),
    );
    expect(renderResult({}, 'table')).toBe('(empty object)');
  });

  it('prints scalars plainly (a `count` result, a boolean)', () => {
    expect(renderResult(5, 'table')).toBe('5');
    expect(renderResult(true, 'table')).toBe('true');
    expect(renderResult('done', 'csv')).toBe('done');
  });

  it('json mode pretty-prints the select-processed raw result', () => {
    const text = renderResult(F2, 'json', { select: ['id', 'created_at'] });
    expect(JSON.parse(text)).toEqual(F2.map(({ id, created_at }) => ({ id, created_at })));
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2));
    expect(renderResult(3, 'json')).toBe('3');
  });
});
