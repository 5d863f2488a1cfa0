import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Subscription } from 'nats';
import {
  ALERTS_WILDCARD,
  Subjects,
  type AlertRow,
  type AuthEvent,
  type StatsReply,
} from '@authtrail/contracts';
import { checkReceipt } from '@authtrail/audit-client';
import type { AlertChange } from '@authtrail/detections';
import { parseVerifierKey } from '@authtrail/signed-note';
import { runCli } from '../harness/run-cli';
import { runServiceUntilItEnds, ServiceProcess } from '../harness/service-process';
import { TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

const HOST = 'nas-1';
const BOOT = '6d1c1e4e-8a3f-4b7e-9c2d-0e1f2a3b4c5d';
const W = 10 * 60_000;
/** The attack happened two hours ago, on whole minutes (times are shown in whole seconds). */
const BASE = Math.floor((Date.now() - 2 * 3600_000) / 60_000) * 60_000;
const A = '203.0.113.5';
const B = '198.51.100.7';

let serial = 0;
const envelope = (atMs: number) => ({
  event_id: `0190a5e0-0000-7000-8000-${String(++serial).padStart(12, '0')}`,
  version: 1 as const,
  occurred_at: new Date(atMs).toISOString(),
  host: HOST,
  boot_id: BOOT,
});
const failure = (atMs: number, origin: string, username: string): AuthEvent => ({
  ...envelope(atMs),
  kind: 'login_failed',
  origin,
  credentials: 'LOGIN_PASSWORD',
  credentials_data: { username },
  error: 'Bad username or password',
});
const login = (atMs: number, origin: string, username: string): AuthEvent => ({
  ...envelope(atMs),
  kind: 'login',
  session: {
    id: `session-${serial}`,
    internal: false,
    origin,
    credentials: 'LOGIN_PASSWORD',
    credentials_data: { username },
  },
});

/** The scripted attack, in publishing order (= log order), and the alerts it must give. */
function script() {
  const events: AuthEvent[] = [];
  const seqOf = (event: AuthEvent) => events.indexOf(event) + 1;
  const at = (s: number) => BASE + s * 1000;
  // 30 failures from A in 2 minutes, then a success from A.
  const fromA = Array.from({ length: 30 }, (_, i) =>
    failure(at(i * 4), `${A}:${40000 + i}`, 'admin'),
  );
  events.push(...fromA);
  const success = login(at(120), `${A}:41000`, 'admin');
  events.push(success);
  // Spraying: B tries 8 usernames.
  const fromB = Array.from({ length: 8 }, (_, i) =>
    failure(at(130 + i * 5), `${B}:5000${i}`, `user${i + 1}`),
  );
  events.push(...fromB);
  // root fails from 6 IPv6 addresses.
  const onRoot = Array.from({ length: 6 }, (_, i) =>
    failure(at(170 + i * 5), `[2001:db8::${i + 1}]:22`, 'root'),
  );
  events.push(...onRoot);
  // What raises nothing: an exempt monitoring account, and failures over the UNIX socket.
  for (let i = 0; i < 10; i++)
    events.push(failure(at(200 + i), `192.0.2.50:${6000 + i}`, 'nagios'));
  for (let i = 0; i < 10; i++)
    events.push(failure(at(210), `UNIX socket (pid=${100 + i} uid=0 gid=0)`, 'root'));
  const seconds = (ms: number) => ({ $date: Math.floor(ms / 1000) * 1000 });
  const alert = (
    rule: AlertRow['rule'],
    key: string,
    opener: AuthEvent,
    made: AuthEvent[],
    last: AuthEvent,
  ) => ({
    id: `${rule}:${seqOf(opener)}`,
    rule,
    host: HOST,
    key,
    opened_at: seconds(Date.parse(opener.occurred_at)),
    last_at: seconds(Date.parse(last.occurred_at)),
    count: made.length,
    seqs: made.map(seqOf),
  });
  const expected = [
    alert('brute_force', A, fromA[4], fromA, fromA[29]),
    alert('break_in', A, success, [...fromA, success], success),
    alert('brute_force', B, fromB[4], fromB, fromB[7]),
    alert('spraying', B, fromB[4], fromB, fromB[7]),
    alert('distributed', 'root', onRoot[4], onRoot, onRoot[5]),
  ];
  return { events, expected };
}

const { events, expected } = script();
const closedAt = (row: { last_at: { $date: number } }) => ({ $date: row.last_at.$date + W });
const COLUMNS = ['id', 'rule', 'host', 'key', 'opened_at', 'last_at', 'closed_at', 'count', 'seqs'];
const withoutExtras = (rows: AlertRow[]) =>
  rows.map((row) => Object.fromEntries(COLUMNS.map((c) => [c, row[c as keyof AlertRow]])));

describe('detections over a scripted attack (real nats-server, service and CLI)', () => {
  let stack: TestStack;
  let live: Subscription;
  const published: AlertChange[] = [];
  let lastStreamSeq = 0;

  const alerts = async (request: Record<string, unknown> = {}) => {
    const reply = await stack.request(Subjects.alerts, request);
    expect(reply.body.error).toBeUndefined();
    return reply.body.result as AlertRow[];
  };

  beforeAll(async () => {
    stack = await TestStack.start();
    const settings = join(stack.dir, 'detections.yaml');
    writeFileSync(settings, 'exempt:\n  usernames: [nagios]\n');
    // The service again, with the detections' settings file and frequent snapshots.
    await stack.service.stop();
    Object.assign(stack.service.env, {
      AUTHTRAIL_DETECTIONS_FILE: settings,
      AUTHTRAIL_SNAPSHOT_EVERY: '20',
    });
    await stack.service.start();
    live = stack.nc.subscribe(ALERTS_WILDCARD, {
      callback: (_error, msg) => published.push(JSON.parse(msg.string()) as AlertChange),
    });
    await stack.nc.flush();
    for (const event of events) lastStreamSeq = await stack.publish(event);
  });

  afterAll(async () => {
    live?.unsubscribe();
    await stack?.dispose();
  });

  it('answers audit.alerts with exactly the expected alerts, open until the window passes', async () => {
    const rows = await alerts({ after_seq: lastStreamSeq });
    expect(withoutExtras(rows)).toEqual(expected.map((row) => ({ ...row, closed_at: null })));
    expect(rows.find((r) => r.rule === 'distributed')).toMatchObject({
      address: null,
      username: 'root',
    });
    expect(rows.find((r) => r.rule === 'break_in')).toMatchObject({
      address: A,
      username: 'admin',
    });
  });

  it('says in audit.stats how many alerts are open', async () => {
    const stats = (await stack.request(Subjects.stats, {})).body.result as StatsReply;
    expect(stats.alerts).toEqual({
      open: 5,
      open_per_rule: { brute_force: 2, spraying: 1, distributed: 1, break_in: 1, new_origin: 0 },
    });
  });

  it('closes every alert at its last entry plus the window once a later entry shows it passed', async () => {
    const boot = { ...envelope(BASE + 30 * 60_000), kind: 'boot' as const };
    lastStreamSeq = await stack.publish(boot);
    const rows = await alerts({ after_seq: lastStreamSeq });
    expect(withoutExtras(rows)).toEqual(
      expected.map((row) => ({ ...row, closed_at: closedAt(row) })),
    );
    const open = await alerts({ filters: [['closed_at', '=', null]], options: { count: true } });
    expect(open).toBe(0);
  });

  it('published each alert opened and closed on audit.alert.<rule>.<host>, after its entries', async () => {
    await waitFor('ten alert changes', () => (published.length >= 10 ? true : undefined), 10_000);
    expect(published.map((p) => `${p.change} ${p.alert.id}`)).toEqual([
      ...expected.map((row) => `opened ${row.id}`),
      ...expected.map((row) => `closed ${row.id}`),
    ]);
    const opened = published.filter((p) => p.change === 'opened');
    expect(opened.every((p) => p.alert.closed_at === null)).toBe(true);
    const bruteForce = opened[0].alert;
    expect(bruteForce).toMatchObject({ count: 5, seqs: [1, 2, 3, 4, 5] });
  });

  it('filters alerts with the query language, over RPC and in the CLI', async () => {
    const byAddress = await alerts({
      filters: [['address', '=', B]],
      options: { select: ['rule'] },
    });
    expect(byAddress).toEqual([{ rule: 'brute_force' }, { rule: 'spraying' }]);
    const json = await runCli(
      ['--mode', 'json', 'audit', 'alerts', 'id,rule,key,count'],
      stack.cliEnv,
    );
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(
      expected.map(({ id, rule, key, count }) => ({ id, rule, key, count })),
    );
    const table = await runCli(
      ['-c', "audit alerts id,key WHERE rule == 'distributed'"],
      stack.cliEnv,
    );
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`| ${expected[4].id} | root |`);
    expect(table.stdout.split('\n').filter((line) => line.startsWith('|'))).toHaveLength(2);
  });

  it('prints the evidence of an alert: its entries and their receipts against one checkpoint', async () => {
    const id = expected[1].id; // the break-in: 30 failures and the success
    const run = await runCli(['--mode', 'json', 'audit', 'alerts', '--evidence', id], stack.cliEnv);
    expect(run.code).toBe(0);
    const evidence = JSON.parse(run.stdout) as {
      alert: AlertRow;
      entries: { seq: number }[];
      checkpoint: string;
      receipts: { seq: number; receipt: string }[];
    };
    expect(evidence.alert.id).toBe(id);
    expect(evidence.entries.map((e) => e.seq)).toEqual(expected[1].seqs);
    const verifier = parseVerifierKey(
      readFileSync(join(stack.dir, 'signing.key.pub'), 'utf8').trim(),
    );
    const sizes = new Set<number>();
    for (const { seq, receipt } of evidence.receipts) {
      expect(receipt).toContain(evidence.checkpoint);
      const checked = checkReceipt(receipt, verifier);
      expect(checked.seq).toBe(seq);
      sizes.add(checked.size);
    }
    expect(evidence.receipts.map((r) => r.seq)).toEqual(expected[1].seqs);
    expect(sizes.size).toBe(1);
    const table = await runCli(['audit', 'alerts', '--evidence', id], stack.cliEnv);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`alert ${id}: break_in on ${HOST}, key ${A}, 31 entries`);
    expect(table.stdout.match(/^receipt of entry \d+:$/gm)).toHaveLength(31);
  });

  it('follows alerts live with --follow', async () => {
    const follow = runCli(
      ['audit', 'alerts', '--follow', '--rule', 'brute_force', '--count', '1'],
      stack.cliEnv,
    );
    // It may subscribe after the first bursts: each attempt is a burst from a new address.
    const burstAt = BASE + 40 * 60_000;
    let printed: Awaited<typeof follow> | undefined;
    void follow.then((run) => (printed = run));
    let burst = 0;
    await waitFor(
      'the follower to print a brute_force alert',
      async () => {
        if (printed) return true;
        burst++;
        for (let i = 0; i < 5; i++)
          lastStreamSeq = await stack.publish(
            failure(burstAt + i * 1000, `10.9.9.${burst}:1`, 'x'),
          );
        return undefined;
      },
      20_000,
    );
    expect(printed!.code).toBe(0);
    const change = JSON.parse(printed!.stdout) as AlertChange;
    expect(change).toMatchObject({ change: 'opened', alert: { rule: 'brute_force', count: 5 } });
    expect(change.alert.key).toMatch(/^10\.9\.9\.\d+$/);
  });

  it('answers audit.alerts.at as of a time and of a seq', async () => {
    const at = new Date(BASE + 125_000).toISOString(); // after the success, before B's failures
    const reply = await stack.request(Subjects.alertsAt, { at });
    expect(reply.body.error).toBeUndefined();
    expect(withoutExtras(reply.body.result as AlertRow[])).toEqual(
      expected.slice(0, 2).map((row) => ({ ...row, closed_at: null })),
    );
    const bySeq = await stack.request(Subjects.alertsAt, {
      seq: expected[2].seqs[4],
      options: { select: ['id', 'count'] },
    });
    expect(bySeq.body.result).toEqual([
      { id: expected[0].id, count: 30 },
      { id: expected[1].id, count: 31 },
      { id: expected[2].id, count: 5 },
      { id: expected[3].id, count: 5 },
    ]);
  });

  it('refuses bad requests with a 400 naming the problem, and keeps answering', async () => {
    const cases: [string, unknown, RegExp][] = [
      [Subjects.alerts, { filters: [['count', '>>', 1]] }, /./],
      [Subjects.alerts, { options: { limit: -1 } }, /./],
      [Subjects.alerts, { after_seq: 'x' }, /after_seq/],
      [Subjects.alerts, { flters: [] }, /flters/],
      [Subjects.alerts, [1, 2], /./],
      [Subjects.alertsAt, {}, /exactly one of "at"/],
      [Subjects.alertsAt, { at: 'yesterday' }, /RFC 3339/],
      [Subjects.alertsAt, { at: new Date().toISOString(), seq: 1 }, /exactly one of "at"/],
    ];
    for (const [subject, body, message] of cases) {
      const reply = await stack.request(subject, body);
      expect(reply.body.error?.code).toBe(400);
      expect(
        `${reply.body.error?.message} ${JSON.stringify(reply.body.error?.errors ?? [])}`,
      ).toMatch(message);
      expect(reply.headers['Nats-Service-Error-Code']).toBe('400');
    }
    const notJson = await stack.request(Subjects.alerts, new TextEncoder().encode('{"filters":'));
    expect(notJson.body.error?.code).toBe(400);
    const none = await stack.request(Subjects.alerts, {
      filters: [['id', '=', 'brute_force:999999']],
      options: { get: true },
    });
    expect(none.body.error?.code).toBe(404);
    const cli = await runCli(['audit', 'alerts', '--evidence', 'nope:1'], stack.cliEnv);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('no alert "nope:1"');
    const usage = await runCli(['audit', 'alerts', '--follow', '--rule', 'worm'], stack.cliEnv);
    expect(usage.code).toBe(2);
    expect((await alerts()).length).toBeGreaterThanOrEqual(5);
  });

  it('gives the same alerts after a restart, from its saved state, and on a second replica', async () => {
    const before = await alerts({ after_seq: lastStreamSeq });
    await stack.service.stop();
    await stack.service.start();
    const saved = /detections loaded: saved at seq (\d+), (\d+) entries replayed/.exec(
      stack.service.output,
    );
    expect(saved).not.toBeNull();
    expect(Number(saved![1])).toBeGreaterThan(0); // not the whole log folded again
    expect(await alerts()).toEqual(before);
    await stack.service.stop();
    // A replica with its own consumer and an empty log: it folds the stream from the start.
    const replica = new ServiceProcess({
      ...stack.service.env,
      AUTHTRAIL_CONSUMER: 'replica-2',
      AUTHTRAIL_DB: join(stack.dir, 'replica-2.db'),
    });
    await replica.start();
    try {
      expect(await alerts({ after_seq: lastStreamSeq })).toEqual(before);
    } finally {
      await replica.stop();
    }
    // And a copy of the log, started afresh.
    copyFileSync(stack.dbPath, join(stack.dir, 'copy.db'));
    const copy = new ServiceProcess({
      ...stack.service.env,
      AUTHTRAIL_CONSUMER: 'copy',
      AUTHTRAIL_DB: join(stack.dir, 'copy.db'),
    });
    await copy.start();
    try {
      expect(await alerts({ after_seq: lastStreamSeq })).toEqual(before);
    } finally {
      await copy.stop();
    }
    await stack.service.start();
  });

  it('refuses a bad detections setting at start: one line, exit 2', async () => {
    const bad = join(stack.dir, 'bad.yaml');
    writeFileSync(bad, 'rules:\n  brute_force:\n    threshold: zero\n');
    const envs: Record<string, string>[] = [
      { AUTHTRAIL_DETECTIONS_FILE: bad },
      { AUTHTRAIL_DETECT_SPRAYING_WINDOW: '-5' },
    ];
    for (const env of envs) {
      const run = await runServiceUntilItEnds({
        AUTHTRAIL_DB: join(stack.dir, 'never.db'),
        NATS_URL: stack.nats.url,
        ...env,
      });
      expect(run.code).toBe(2);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/threshold: "zero"|AUTHTRAIL_DETECT_SPRAYING_WINDOW: "-5"/);
    }
  });
});
