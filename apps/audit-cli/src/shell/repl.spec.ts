import { PassThrough } from 'node:stream';
import type { RpcClient } from '../rpc/rpc-client';
import type { CliContext } from '../commands/cli-context';
import { Repl } from './repl';

/** The shell on a fake terminal: keys go in as bytes, the screen and the printed lines come out. */
function terminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = '';
  output.on('data', (chunk: Buffer) => (screen += chunk.toString()));
  const printed: string[] = [];
  const context: CliContext = {
    rpc: {} as RpcClient,
    mode: 'table',
    out: (text) => printed.push(text),
  };
  const repl = new Repl(context, 'nas');
  const done = repl.run(input, output, true, '/dev/null');
  let ended = false;
  void done.then(() => (ended = true));
  const type = async (keys: string) => {
    input.write(keys);
    await new Promise((resolve) => setImmediate(resolve));
  };
  // the text as it stands, without readline's cursor moves and erasures
  const text = () => screen.replace(new RegExp(String.raw`\u001b\[[0-9;]*[A-Za-z]`, 'g'), '');
  return { type, done, printed, screen: text, ended: () => ended };
}

describe('the interactive shell on a terminal', () => {
  it('drops the typed line on Ctrl-C and gives a fresh prompt, then goes on', async () => {
    const shell = terminal();
    await shell.type('auth ls');
    await shell.type('\x03');
    expect(shell.ended()).toBe(false);
    expect(shell.screen()).toMatch(/\[nas\]> auth ls\r?\n\[nas\]> $/);
    await shell.type('ls\r');
    expect(shell.printed.at(-1)).toMatch(/^audit - .*\nauth {2}- /);
    await shell.type('\x03');
    await shell.type('exit\r');
    await shell.done;
    expect(shell.printed.join('\n')).not.toContain('sessions - ');
  });

  it('ends on Ctrl-D at an empty line, with a new line; mid-line Ctrl-D does not end it', async () => {
    const shell = terminal();
    await shell.type('au');
    await shell.type('\x04');
    expect(shell.ended()).toBe(false);
    await shell.type('\x15\x04');
    await shell.done;
    expect(shell.screen().endsWith('[nas]> \n')).toBe(true);
  });

  it('ends on exit without a new line of its own', async () => {
    const shell = terminal();
    await shell.type('exit\r');
    await shell.done;
    expect(shell.screen().endsWith('exit\r\n')).toBe(true);
  });

  it('completes a word with its space, so the next word can follow', async () => {
    const shell = terminal();
    await shell.type('aut\t');
    await shell.type('man se\t');
    await shell.type('\r');
    expect(shell.printed.at(-1)).toContain('Usage: sessions [<columns>|*] [WHERE <expression>]');
    await shell.type('exit\r');
    await shell.done;
  });
});

describe('tab completion', () => {
  const repl = new Repl({ rpc: {} as RpcClient, mode: 'table', out: () => undefined }, 'nas');
  const hits = (line: string) => repl.complete(line);

  it('completes namespaces, commands and built-ins with a trailing space', () => {
    expect(hits('aut')).toEqual([['auth '], 'aut']);
    expect(hits('auth se')).toEqual([['sessions '], 'se']);
    expect(hits('audit  v')).toEqual([['verify ', 'verify-proof '], 'v']);
    expect(hits('audit verify-')).toEqual([['verify-proof '], 'verify-']);
    expect(hits('e')).toEqual([['exit '], 'e']);
    expect(hits('auth man se')).toEqual([['sessions '], 'se']);
    expect(hits('nope se')).toEqual([[], 'se']);
  });

  it('completes columns after sessions, WHERE after the columns, and columns inside WHERE', () => {
    expect(hits('auth sessions cr')).toEqual([
      ['credentials', 'credentials_data', 'created_at'],
      'cr',
    ]);
    expect(hits('auth sessions W')).toEqual([[], 'W']);
    expect(hits('auth sessions id,or')).toEqual([['origin'], 'or']);
    expect(hits('auth sessions id, cur')).toEqual([['current'], 'cur']);
    expect(hits('auth sessions id ')).toEqual([['WHERE '], '']);
    expect(hits('auth sessions * WH')).toEqual([['WHERE '], 'WH']);
    expect(hits('auth sessions id WHERE inte')).toEqual([['internal '], 'inte']);
    expect(hits('auth sessions id where (orig')).toEqual([['origin '], 'orig']);
    expect(hits('auth sessions WHERE internal == false and cre')[0]).toEqual([
      'credentials ',
      'credentials_data ',
      'created_at ',
    ]);
    expect(hits('audit log seq,ki')).toEqual([['kind'], 'ki']);
    expect(hits('audit log seq WHERE ho')).toEqual([['host '], 'ho']);
  });

  it('completes the words of audit at and the flags of audit commands', () => {
    expect(hits('audit at s')).toEqual([['seq='], 's']);
    expect(hits('audit at seq=4 se')).toEqual([['sessions '], 'se']);
    expect(hits('audit at seq=4 sessions id WHERE ori')).toEqual([['origin '], 'ori']);
    expect(hits('audit replay --f')).toEqual([['--from '], '--f']);
    expect(hits('audit tail --host h --k')).toEqual([['--kind '], '--k']);
  });

  it('completes the terminate commands, then id= (no space) until it is given', () => {
    expect(hits('auth term')).toEqual([
      ['terminate_other_sessions ', 'terminate_session '],
      'term',
    ]);
    expect(hits('auth terminate_session ')).toEqual([['id='], '']);
    expect(hits('auth terminate_session i')).toEqual([['id='], 'i']);
    expect(hits('auth terminate_session id="x" ')).toEqual([[], '']);
    expect(hits('auth terminate_other_sessions ')).toEqual([[], '']);
  });
});

describe('the auth namespace', () => {
  it('lists the terminate commands with their descriptions and manuals', async () => {
    const printed: string[] = [];
    const repl = new Repl(
      { rpc: {} as RpcClient, mode: 'table', out: (t) => printed.push(t) },
      'nas',
    );
    await repl.handle('auth ls');
    expect(printed.at(-1)).toBe(
      [
        'sessions                 - Returns a list of active auth sessions',
        'terminate_other_sessions - Terminates all other sessions (except the current one)',
        'terminate_session        - Terminates session `id`',
      ].join('\n'),
    );
    await repl.handle('auth man terminate_session');
    expect(printed.at(-1)).toContain('Usage: terminate_session "<id>"');
    await repl.handle('auth man terminate_other_sessions');
    expect(printed.at(-1)).toContain('Usage: terminate_other_sessions');
  });
});
