import { loginForRow } from '../fixtures/f5-events';
import { C, f2Rows, f5Rows } from '../fixtures/f5-rows';
import { runCli } from '../harness/run-cli';
import { TestStack } from '../harness/test-stack';

const ALL_COLUMNS = [
  '+--------------------------------------+---------+----------+------------------------------------+----------------+------------------+---------------------------+',
  '| id                                   | current | internal | origin                             | credentials    | credentials_data | created_at                |',
  '+--------------------------------------+---------+----------+------------------------------------+----------------+------------------+---------------------------+',
  '| 8d3b6c2a-7e41-4f0b-a5d9-3e6f1b2c4d58 | false   | false    | 192.168.1.50:51234                 | LOGIN_PASSWORD | <dict>           | 2025-01-15T09:05:30+00:00 |',
  '| 5c0f9f3e-2b8a-4d6e-9f1a-0c2d4e6f8a10 | true    | true     | UNIX socket (pid=4312 uid=0 gid=0) | UNIX_SOCKET    | <dict>           | 2025-01-15T10:00:00+00:00 |',
  '+--------------------------------------+---------+----------+------------------------------------+----------------+------------------+---------------------------+',
].join('\n');

const ID_TABLE = [
  '+--------------------------------------+',
  '| id                                   |',
  '+--------------------------------------+',
  '| 8d3b6c2a-7e41-4f0b-a5d9-3e6f1b2c4d58 |',
  '| 5c0f9f3e-2b8a-4d6e-9f1a-0c2d4e6f8a10 |',
  '+--------------------------------------+',
].join('\n');

const ROOT_BANNER = 'Type "ls" (followed by Enter) to list available configuration options';
const AUTH_BANNER = [
  'Type "ls" (followed by Enter) to list available auth configuration options',
  'Type "man" (followed by Action) to get help on how to use the specific Action.',
  '',
  'i.e.',
  '\tman sessions',
].join('\n');

describe('REF §6 CLI cases 24-30 against the real CLI (seven columns)', () => {
  let stack: TestStack;
  const cli = (host: string, ...args: string[]) =>
    runCli(['--host', host, '--session', C.id, ...args], stack.cliEnv);

  beforeAll(async () => {
    stack = await TestStack.start();
    let last = 0;
    for (const [i, row] of f2Rows().entries())
      last = await stack.publish(loginForRow(row, 'truenas', i));
    for (const [i, row] of f5Rows().entries())
      last = await stack.publish(loginForRow(row, 'f5', i + 10));
    await stack.sessions({ host: 'f5' }, last);
  });

  afterAll(() => stack?.dispose());

  it('case 24: auth sessions, sessions and sessions * inside auth', async () => {
    expect(await cli('truenas', 'auth', 'sessions')).toEqual({
      code: 0,
      stdout: `${ALL_COLUMNS}\n`,
      stderr: '',
    });
    expect((await cli('truenas', '-c', 'auth sessions *')).stdout).toBe(`${ALL_COLUMNS}\n`);
  });

  it('cases 25-27: single columns', async () => {
    expect((await cli('truenas', 'auth', 'sessions', 'id')).stdout).toBe(`${ID_TABLE}\n`);
    expect((await cli('truenas', 'auth', 'sessions', 'current')).stdout).toBe(
      '+---------+\n| current |\n+---------+\n| false   |\n| true    |\n+---------+\n',
    );
    expect((await cli('truenas', 'auth', 'sessions', 'credentials')).stdout).toBe(
      '+----------------+\n| credentials    |\n+----------------+\n| LOGIN_PASSWORD |\n| UNIX_SOCKET    |\n+----------------+\n',
    );
    expect((await cli('truenas', 'auth', 'sessions', 'created_at')).stdout).toBe(
      '+---------------------------+\n| created_at                |\n+---------------------------+\n' +
        '| 2025-01-15T09:05:30+00:00 |\n| 2025-01-15T10:00:00+00:00 |\n+---------------------------+\n',
    );
  });

  it('case 28: columns with WHERE, on F2 and on F5', async () => {
    expect(
      (await cli('truenas', '-c', 'auth sessions id,origin WHERE internal == false')).stdout,
    ).toBe(
      [
        '+--------------------------------------+--------------------+',
        '| id                                   | origin             |',
        '+--------------------------------------+--------------------+',
        '| 8d3b6c2a-7e41-4f0b-a5d9-3e6f1b2c4d58 | 192.168.1.50:51234 |',
        '+--------------------------------------+--------------------+',
        '',
      ].join('\n'),
    );
    expect(
      (await cli('f5', '-c', 'auth sessions id,origin,credentials WHERE internal == false')).stdout,
    ).toBe(
      [
        '+--------------------------------------+---------------------+----------------+',
        '| id                                   | origin              | credentials    |',
        '+--------------------------------------+---------------------+----------------+',
        '| 8d3b6c2a-7e41-4f0b-a5d9-3e6f1b2c4d58 | 192.168.1.50:51234  | LOGIN_PASSWORD |',
        '| a1b2c3d4-0000-4000-8000-000000000003 | 10.0.0.7:40112      | API_KEY        |',
        '| a1b2c3d4-0000-4000-8000-000000000004 | [2001:db8::5]:50022 | TOKEN          |',
        '+--------------------------------------+---------------------+----------------+',
        '',
      ].join('\n'),
    );
  });

  it('case 29: zero rows and absent fields', async () => {
    expect(
      (await cli('truenas', '-c', "auth sessions * WHERE credentials == 'API_KEY'")).stdout,
    ).toBe('(empty list)\n');
    const none = '(none of the specified fields found among 2 object(s))\n';
    expect((await cli('truenas', 'auth', 'sessions', 'credentials_data.username')).stdout).toBe(
      none,
    );
    expect((await cli('truenas', 'auth', 'sessions', 'bogus')).stdout).toBe(none);
    expect((await cli('truenas', 'auth', 'sessions', 'credentials_data')).stdout).toBe(
      '+------------------+\n| credentials_data |\n+------------------+\n| <dict>           |\n| <dict>           |\n+------------------+\n',
    );
  });

  it('case 30: and works here; unsupported expressions and namespaces are errors with exit 1', async () => {
    expect(
      (await cli('truenas', '-c', 'auth sessions id WHERE internal == false and current == false'))
        .stdout,
    ).toBe(
      '+--------------------------------------+\n| id                                   |\n+--------------------------------------+\n' +
        '| 8d3b6c2a-7e41-4f0b-a5d9-3e6f1b2c4d58 |\n+--------------------------------------+\n',
    );
    expect(await cli('truenas', '-c', 'auth sessions id WHERE internal')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Unsupported filter expression: Name\n',
    });
    expect(
      await cli('truenas', '-c', "auth sessions id WHERE credentials_data.username == 'root'"),
    ).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Unsupported left operand Attribute\n',
    });
    expect(await cli('truenas', 'foo')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Namespace foo not found\n',
    });
    const caret = await cli('truenas', '-c', 'auth sessions WHERE internal == false');
    expect(caret.code).toBe(1);
    expect(caret.stderr).toMatch(/^Expected end of text, found 'i'/);
    expect(caret.stderr).toContain('^');
    expect((await cli('truenas', '--mode', 'csv', '-c', 'auth sessions id,current')).stdout).toBe(
      'id,current\r\n8d3b6c2a-7e41-4f0b-a5d9-3e6f1b2c4d58,false\r\n5c0f9f3e-2b8a-4d6e-9f1a-0c2d4e6f8a10,true\r\n\n',
    );
  });

  it('prints server-side errors as the TrueNAS CLI does, exit 1', async () => {
    expect(await cli('truenas', '-c', 'auth sessions id WHERE id > 3')).toEqual({
      code: 1,
      stdout: '',
      stderr: "'>' not supported between instances of 'str' and 'int'\n",
    });
    expect(await cli('truenas', '-c', "auth sessions id WHERE created_at.match('x')")).toEqual({
      code: 1,
      stdout: '',
      stderr: "expected string or bytes-like object, got 'datetime.datetime'\n",
    });
  });

  it('drives the interactive shell through stdin', async () => {
    const input = [
      'auth',
      'sessions id',
      '..',
      '.mode',
      '.mode csv',
      'auth sessions id,current',
      '.mode yaml',
      'ls',
      'auth ls',
      'man',
      'auth man sessions',
      'foo',
      'exit',
      '',
    ].join('\n');
    const run = await runCli(
      ['--host', 'truenas', '--session', C.id],
      { ...stack.cliEnv, AUTHTRAIL_HISTORY: '/dev/null' },
      input,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('Namespace foo not found\n\n');
    const expected = [
      ROOT_BANNER,
      `[truenas]> ${AUTH_BANNER}`,
      `[truenas] auth> ${ID_TABLE}`,
      `[truenas] auth> ${ROOT_BANNER}`,
      '[truenas]> Current output mode: table',
      '[truenas]> [truenas]> id,current\r',
      '8d3b6c2a-7e41-4f0b-a5d9-3e6f1b2c4d58,false\r',
      '5c0f9f3e-2b8a-4d6e-9f1a-0c2d4e6f8a10,true\r',
      '',
      '[truenas]> Error: Mode should be one of: csv, json, table',
      '[truenas]> audit - Audit log: history, integrity, time travel',
      'auth  - Authentication sessions',
      '[truenas]> sessions                 - Returns a list of active auth sessions',
      'terminate_other_sessions - Terminates all other sessions (except the current one)',
      'terminate_session        - Terminates session `id`',
      '[truenas]> Usage: man <command>',
    ];
    expect(run.stdout.startsWith(expected.join('\n'))).toBe(true);
    expect(run.stdout).toContain('Usage: sessions [<columns>|*] [WHERE <expression>]');
    expect(run.stdout.endsWith('[truenas]> [truenas]> ')).toBe(true);
  });
});
