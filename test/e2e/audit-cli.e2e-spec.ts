import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { appendedSubject } from '@authtrail/contracts';
import { EventPublisher } from '@authtrail/publisher';
import { eventHistory } from '../fixtures/event-history';
import { loggedIn } from '../fixtures/auth-events';
import { readLog } from '../harness/log-file';
import { naiveFold, rowsOf } from '../harness/naive-fold';
import { CLI_BIN } from '../harness/paths';
import { runCli } from '../harness/run-cli';
import { TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

describe('the audit namespace of the real CLI', () => {
  let stack: TestStack;
  const events = eventHistory(300, 2, 31);
  const cli = (...args: string[]) => runCli(args, stack.cliEnv);

  beforeAll(async () => {
    stack = await TestStack.start();
    const receipts = await new EventPublisher(stack.nc).publishAll(events);
    await stack.sessions({ host: 'host-0' }, receipts.at(-1)!.seq);
  });

  afterAll(() => stack?.dispose());

  it('audit log: columns and WHERE over the log', async () => {
    const boots = readLog(stack.dbPath).filter((e) => e.host === 'host-1' && e.kind === 'logout');
    const run = await cli(
      '--mode',
      'json',
      '-c',
      "audit log seq,kind WHERE host == 'host-1' and kind == 'logout'",
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(boots.map((e) => ({ seq: e.seq, kind: 'logout' })));
    const table = await cli('-c', 'audit log seq,host WHERE seq <= 2');
    expect(table.stdout).toBe(
      ['+-----+--------+', '| seq | host   |', '+-----+--------+']
        .concat(
          readLog(stack.dbPath)
            .slice(0, 2)
            .map((e) => `| ${String(e.seq).padEnd(3)} | ${e.host} |`),
        )
        .concat(['+-----+--------+', ''])
        .join('\n'),
    );
    const bad = await cli('-c', 'audit log seq WHERE seq >');
    expect(bad.code).toBe(1);
  });

  it('audit at: the sessions as they stood at a time or after an entry', async () => {
    const at = events[150].occurred_at;
    const expected = rowsOf(naiveFold(events.filter((e) => e.occurred_at <= at)), 'host-0') as {
      id: string;
    }[];
    const run = await cli('--host', 'host-0', '--mode', 'json', '-c', `audit at ${at} sessions id`);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(expected.map((r) => ({ id: r.id })));
    const bySeq = await cli(
      '--host',
      'host-1',
      '--mode',
      'json',
      '-c',
      'audit at seq=40 sessions id',
    );
    expect(JSON.parse(bySeq.stdout)).toEqual(
      (rowsOf(naiveFold(events.slice(0, 40)), 'host-1') as { id: string }[]).map((r) => ({
        id: r.id,
      })),
    );
    const bad = await cli('--host', 'host-0', '-c', 'audit at yesterday sessions');
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toBe('');
  });

  it('audit replay: JSON lines of the stored entries', async () => {
    const run = await cli('-c', 'audit replay --from 5 --to 9');
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    expect(lines).toEqual(readLog(stack.dbPath).slice(4, 9));
    const all = await cli('audit', 'replay');
    expect(all.stdout.trimEnd().split('\n')).toHaveLength(300);
    expect((await cli('-c', 'audit replay --bogus 1')).code).toBe(2);
  });

  it('audit stats', async () => {
    const run = await cli('--mode', 'json', 'audit', 'stats');
    expect(JSON.parse(run.stdout)).toMatchObject({ last_seq: 300, entries: 300, healthy: true });
    const table = await cli('audit', 'stats');
    expect(table.stdout).toMatch(/\| +last_seq \| 300 +\|/);
  });

  it('audit tail: follows entries as they are committed', async () => {
    const child = spawn(process.execPath, [CLI_BIN, 'audit', 'tail', '--count', '2'], {
      env: { PATH: process.env.PATH ?? '', ...stack.cliEnv },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // Publish only once the CLI's subscription has reached the server: a request on its subject
    // then times out (the CLI skips the empty probe) instead of finding no responders.
    await waitFor('audit tail to subscribe', async () => {
      try {
        await stack.nc.request(appendedSubject('host-0', 'login'), '', { timeout: 200 });
      } catch (error) {
        return (error as { code?: string }).code === 'TIMEOUT' ? true : undefined;
      }
      return undefined;
    });
    const a = loggedIn({
      host: 'host-0',
      boot_id: events[0].boot_id,
      occurred_at: '2031-01-01T00:00:00Z',
    });
    const b = loggedIn({
      host: 'host-1',
      boot_id: events[1].boot_id,
      occurred_at: '2031-01-01T00:00:01Z',
    });
    await stack.publish(a);
    await stack.publish(b);
    expect(await exited).toBe(0);
    expect(
      out
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { event_id: string }).event_id),
    ).toEqual([a.event_id, b.event_id]);
  });

  it('audit verify: ok, then exit 1 at the first tampered entry', async () => {
    const ok = await cli('audit', 'verify');
    expect(ok).toMatchObject({ code: 0, stdout: 'ok: 302 entries verified\n' });
    const db = new Database(stack.dbPath);
    db.exec('DROP TRIGGER entries_append_only_update');
    db.prepare(`UPDATE entries SET host = 'forged' WHERE seq = 123`).run();
    db.close();
    const broken = await cli('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toBe('broken: entry 123: entry 123 does not match its hash\n');
  });
});
