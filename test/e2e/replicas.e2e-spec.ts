import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  connect,
  DeliverPolicy,
  nanos,
  StorageType,
  type NatsConnection,
  type Subscription,
} from 'nats';
import {
  EVENTS_WILDCARD,
  QUEUE_GROUP,
  STREAM_DEFAULT,
  Subjects,
  type AuthEvent,
} from '@authtrail/contracts';
import { EventPublisher } from '@authtrail/publisher';
import { eventHistory } from '../fixtures/event-history';
import { entryRows, readLog, replayedSessions } from '../harness/log-file';
import { startNatsServer, type NatsServerHandle } from '../harness/nats-server';
import { Replica } from '../harness/replica';
import { runServiceUntilItEnds } from '../harness/service-process';

const HOSTS = ['host-0', 'host-1', 'host-2', 'host-3'];
const decoder = new TextDecoder();

/** A nats-server of its own, a client, and a folder for the replicas' log files. */
class ReplicaSetting {
  private constructor(
    readonly nats: NatsServerHandle,
    readonly nc: NatsConnection,
    readonly dir: string,
    readonly replicas: Replica[] = [],
  ) {}

  static async start(): Promise<ReplicaSetting> {
    const nats = await startNatsServer();
    const nc = await connect({ servers: nats.url });
    return new ReplicaSetting(nats, nc, mkdtempSync(join(tmpdir(), 'authtrail-replicas-')));
  }

  async replica(name: string, env: Record<string, string> = {}): Promise<Replica> {
    const replica = await Replica.create(this.nats.url, this.dir, name, env);
    this.replicas.push(replica);
    return replica;
  }

  /** A request in the queue group: whichever replica NATS picks answers. */
  async ask(subject: string, body: unknown): Promise<unknown> {
    const reply = await this.nc.request(subject, JSON.stringify(body), { timeout: 10_000 });
    return JSON.parse(decoder.decode(reply.data));
  }

  /**
   * Publishes `events` a few hundred at a time and waits, after each step, until every replica
   * stored them, so that none falls behind a stream that keeps only its newest messages.
   */
  async publishKeepingUp(events: readonly AuthEvent[], replicas: Replica[], step = 400) {
    const publisher = new EventPublisher(this.nc);
    for (let i = 0; i < events.length; i += step) {
      const receipts = await publisher.publishAll(events.slice(i, i + step));
      for (const replica of replicas) await replica.waitForStreamSeq(receipts.at(-1)!.seq);
    }
  }

  async dispose(): Promise<void> {
    await this.nc.close().catch(() => undefined);
    for (const replica of this.replicas) await replica.service.stop();
    await this.nats.dispose();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Asks auth.sessions for every host ten times through the queue group: each answer must be
 * `expected`, and each replica must have answered some (its own metrics count them).
 */
async function expectSameAnswersFromEach(
  setting: ReplicaSetting,
  replicas: Replica[],
  expected: Record<string, unknown[]>,
): Promise<void> {
  const before = await Promise.all(replicas.map((r) => r.answered(Subjects.sessions)));
  for (let round = 0; round < 10; round++) {
    for (const host of HOSTS) {
      expect(await setting.ask(Subjects.sessions, { host })).toEqual({ result: expected[host] });
    }
  }
  const after = await Promise.all(replicas.map((r) => r.answered(Subjects.sessions)));
  after.forEach((count, i) => expect(count).toBeGreaterThan(before[i]));
}

describe('two replicas on one stream, each with its own consumer and log', () => {
  let setting: ReplicaSetting;
  let a: Replica;
  let b: Replica;
  const events = eventHistory(3000, HOSTS.length, 41);

  beforeAll(async () => {
    setting = await ReplicaSetting.start();
    a = await setting.replica('replica-a');
    b = await setting.replica('replica-b');
    await a.service.start();
    await b.service.start();
  });

  afterAll(() => setting?.dispose());

  it('write the same log, entry for entry', async () => {
    const receipts = await new EventPublisher(setting.nc).publishAll(events);
    await a.waitForStreamSeq(receipts.at(-1)!.seq);
    await b.waitForStreamSeq(receipts.at(-1)!.seq);
    const rows = entryRows(a.dbPath);
    expect(rows).toHaveLength(events.length);
    expect(rows.map((row) => row.event_id)).toEqual(events.map((event) => event.event_id));
    expect(entryRows(b.dbPath)).toEqual(rows);
    const jsm = await setting.nc.jetstreamManager();
    const consumers = (await jsm.consumers.list(STREAM_DEFAULT).next()).map((c) => c.name);
    expect(consumers.sort()).toEqual(['replica-a', 'replica-b']);
  });

  it('answer auth.sessions alike, whichever takes the request', async () => {
    await expectSameAnswersFromEach(setting, [a, b], replayedSessions(a.dbPath, HOSTS));
  });
});

describe('a replica that joins after the stream dropped its oldest messages', () => {
  const MAX_MSGS = 1000;
  let setting: ReplicaSetting;
  let a: Replica;
  let b: Replica;
  const events = eventHistory(4000, HOSTS.length, 43);
  const early = events.slice(0, 3000);
  const late = events.slice(3000);
  const env = { AUTHTRAIL_SNAPSHOT_EVERY: '1000' };
  const noPeer = (path: string, through: number) =>
    `the log ${path} lacks stream seqs 1-${through} of ${STREAM_DEFAULT}, which the stream no longer holds`;

  beforeAll(async () => {
    setting = await ReplicaSetting.start();
    // The operator's stream: limits keep only the newest messages (the service leaves it so).
    const jsm = await setting.nc.jetstreamManager();
    await jsm.streams.add({
      name: STREAM_DEFAULT,
      subjects: [EVENTS_WILDCARD],
      storage: StorageType.File,
      max_msgs: MAX_MSGS,
      duplicate_window: nanos(60_000),
    });
    a = await setting.replica('replica-a', env);
    b = await setting.replica('replica-b', env);
    await a.service.start();
  });

  afterAll(() => setting?.dispose());

  it('has a stream that no longer holds the first entries of the log', async () => {
    await setting.publishKeepingUp(early, [a]);
    const jsm = await setting.nc.jetstreamManager();
    expect((await jsm.streams.info(STREAM_DEFAULT)).state.first_seq).toBe(2001);
    expect(entryRows(a.dbPath)).toHaveLength(3000);
  });

  it("imports the rest of the history from a peer's audit.replay, then goes on from the stream", async () => {
    await b.service.start();
    const output = b.service.output;
    expect(output).toContain(
      `${noPeer(b.dbPath, 2000)}: importing entries from seq 1 from a peer's audit.replay`,
    );
    expect(output).toContain(
      'imported 3000 entries from a peer (seq 1-3000, up to stream seq 3000)',
    );
    expect(output).toContain('snapshot at seq 0, 3000 entries replayed');
    expect(output).toContain(
      'created durable consumer replica-b on AUTH_EVENTS, from stream seq 3001',
    );
    expect(output).not.toContain('no longer in');
    const db = new Database(b.dbPath, { readonly: true });
    expect(db.prepare('SELECT seq FROM snapshots').all()).toEqual([{ seq: 3000 }]);
    db.close();
    const jsm = await setting.nc.jetstreamManager();
    expect((await jsm.consumers.info(STREAM_DEFAULT, 'replica-b')).config).toMatchObject({
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: 3001,
    });

    await setting.publishKeepingUp(late, [a, b]);
    const rows = entryRows(a.dbPath);
    expect(rows).toHaveLength(4000);
    expect(entryRows(b.dbPath)).toEqual(rows);
  });

  it('answers auth.sessions as its peer does', async () => {
    await expectSameAnswersFromEach(setting, [a, b], replayedSessions(a.dbPath, HOSTS));
  });

  it('passes audit.log.verify and answers alone once its peer is gone', async () => {
    const expected = replayedSessions(a.dbPath, HOSTS);
    expect(await a.service.stop()).toBe(0);
    expect(await setting.ask(Subjects.logVerify, {})).toEqual({
      result: { ok: true, checked: 4000 },
    });
    for (const host of HOSTS) {
      expect(await setting.ask(Subjects.sessions, { host })).toEqual({ result: expected[host] });
    }
  });

  it('refuses to start, with one line and exit 3, when no peer holds the missing history', async () => {
    expect(await b.service.stop()).toBe(0);
    const path = join(setting.dir, 'lonely.db');
    const run = await runServiceUntilItEnds({
      NATS_URL: setting.nats.url,
      AUTHTRAIL_DB: path,
      AUTHTRAIL_CONSUMER: 'lonely',
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      `authtrail: ${noPeer(path, 3000)}, and no peer answered audit.replay: start this replica while one that holds them runs\n`,
    );
    expect(entryRows(path)).toEqual([]);
    const jsm = await setting.nc.jetstreamManager();
    await expect(jsm.consumers.info(STREAM_DEFAULT, 'lonely')).rejects.toThrow(/not found/);
  });

  describe('a peer whose entries do not hold together', () => {
    let forger: Subscription;

    beforeAll(async () => {
      // Answers audit.replay with replica B's log, one entry edited (B itself is stopped).
      const entries = readLog(b.dbPath);
      entries[1499] = { ...entries[1499], recorded_at: '2020-01-01T00:00:00.000Z' };
      forger = setting.nc.subscribe(Subjects.replay, {
        queue: QUEUE_GROUP,
        callback: (_error, msg) => {
          for (let i = 0; i < entries.length; i += 500) {
            msg.respond(JSON.stringify({ result: entries.slice(i, i + 500) }));
          }
          msg.respond(new Uint8Array());
        },
      });
      await setting.nc.flush();
    });

    afterAll(() => forger?.unsubscribe());

    it('is refused, keeping the entries that came before the bad one', async () => {
      const path = join(setting.dir, 'misled.db');
      const run = await runServiceUntilItEnds({
        NATS_URL: setting.nats.url,
        AUTHTRAIL_DB: path,
        AUTHTRAIL_CONSUMER: 'misled',
      });
      expect(run.code).toBe(3);
      expect(run.stderr).toBe(
        'authtrail: refused the log a peer sent on audit.replay: entry 1500 does not match its hash or does not follow entry 1499\n',
      );
      expect(entryRows(path)).toEqual(entryRows(b.dbPath).slice(0, 1000));
    });

    it('lets the next start go on from there with an honest peer', async () => {
      forger.unsubscribe();
      await b.service.start();
      expect(b.service.output).not.toContain('importing');
      const misled = await setting.replica('misled', env);
      await misled.service.start();
      expect(misled.service.output).toContain(
        'imported 3000 entries from a peer (seq 1001-4000, up to stream seq 4000)',
      );
      expect(entryRows(misled.dbPath)).toEqual(entryRows(b.dbPath));
      await expectSameAnswersFromEach(setting, [b, misled], replayedSessions(b.dbPath, HOSTS));
    });
  });

  it('refuses to take history from a peer with AUTHTRAIL_BOOTSTRAP=off', async () => {
    const path = join(setting.dir, 'strict.db');
    const run = await runServiceUntilItEnds({
      NATS_URL: setting.nats.url,
      AUTHTRAIL_DB: path,
      AUTHTRAIL_CONSUMER: 'strict',
      AUTHTRAIL_BOOTSTRAP: 'off',
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      `authtrail: ${noPeer(path, 3000)}, and AUTHTRAIL_BOOTSTRAP=off forbids taking them from a peer\n`,
    );
    expect(entryRows(path)).toEqual([]);
  });
});
