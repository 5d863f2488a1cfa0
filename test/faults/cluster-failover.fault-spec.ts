import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import { APPENDED_WILDCARD, Subjects, type AuthEvent, type LogEntry } from '@authtrail/contracts';
import { EventPublisher, type PublishReceipt } from '@authtrail/publisher';
import { eventHistory } from '../fixtures/event-history';
import { readLog, replayedSessions } from '../harness/log-file';
import { NatsCluster } from '../harness/nats-cluster';
import { ServiceProcess } from '../harness/service-process';
import { waitFor } from '../harness/wait-for';

const STREAM = 'AUTH_EVENTS';
const DEADLETTER_STREAM = 'AUTH_DEADLETTER';
const CONSUMER = 'authtrail';
const HOSTS = ['host-0', 'host-1', 'host-2'];
/** Events published around the failover, then a few more once the killed node is back. */
const MAIN = 9_000;
const AFTER_REJOIN = 300;
const PER_SECOND = 600;
const IN_FLIGHT = 32;
/** The leader is killed once the service has appended this many events. */
const KILL_AFTER = 3_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const decoder = new TextDecoder();

interface PublishFailure {
  at: number;
  error: string;
}

/**
 * Publishes at about `perSecond` with up to `inFlight` events outstanding; an event whose publish
 * fails is published again, the same object (same Nats-Msg-Id), until JetStream acknowledges it
 * or the connection is closed.
 */
async function publishUntilAcked(
  connection: NatsConnection,
  publisher: EventPublisher,
  events: readonly AuthEvent[],
  perSecond: number,
  inFlight: number,
  failures: PublishFailure[],
  onAck: (receipt: PublishReceipt, at: number) => void,
): Promise<PublishReceipt[]> {
  const receipts: PublishReceipt[] = new Array(events.length);
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < events.length) {
      const index = next++;
      const due = started + (index * 1000) / perSecond;
      if (due > Date.now()) await sleep(due - Date.now());
      for (;;) {
        try {
          receipts[index] = await publisher.publish(events[index]);
          onAck(receipts[index], Date.now());
          break;
        } catch (error) {
          if (connection.isClosed()) throw error;
          failures.push({ at: Date.now(), error: rootError(error) });
          await sleep(100);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return receipts;
}

/** The client error under a publisher's own error (it may wrap the last attempt's). */
function rootError(error: unknown): string {
  let e = error as { code?: unknown; message?: unknown; cause?: unknown };
  while (e.cause && typeof e.cause === 'object') e = e.cause as typeof e;
  return `${String(e.code ?? e.constructor?.name ?? '?')}: ${String(e.message ?? e)}`;
}

/** Each distinct error with its count and first and last time, in seconds from `since`. */
function summarise(failures: readonly PublishFailure[], since: number): string[] {
  const byError = new Map<string, PublishFailure[]>();
  for (const failure of failures) {
    byError.set(failure.error, [...(byError.get(failure.error) ?? []), failure]);
  }
  const at = (ms: number) => `${ms >= since ? '+' : ''}${((ms - since) / 1000).toFixed(2)} s`;
  return [...byError].map(
    ([error, list]) => `"${error}" x${list.length}, ${at(list[0].at)} .. ${at(list.at(-1)!.at)}`,
  );
}

/** The longest time without an appended entry, from the last entry before `since` on. */
function longestPause(
  appended: readonly { at: number }[],
  since: number,
): { from: number; to: number } {
  let longest = { from: since, to: since };
  for (let i = 1; i < appended.length; i++) {
    const gap = { from: appended[i - 1].at, to: appended[i].at };
    if (gap.to > since && gap.to - gap.from > longest.to - longest.from) longest = gap;
  }
  return longest;
}

describe('a 3-node JetStream cluster loses the stream leader in the middle of ingest', () => {
  let cluster: NatsCluster | undefined;
  let service: ServiceProcess | undefined;
  let client: NatsConnection | undefined;
  let dir: string | undefined;

  afterAll(async () => {
    await client?.close().catch(() => undefined);
    await service?.stop();
    await cluster?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function request(subject: string, body: unknown, timeout = 10_000) {
    const reply = await client!.request(subject, JSON.stringify(body), { timeout });
    return JSON.parse(decoder.decode(reply.data)) as {
      result?: unknown;
      error?: { code: number; message: string };
    };
  }

  /** Waits until the service has handled stream sequence `seq` (read-your-writes). */
  async function waitUntilApplied(seq: number, timeoutMs: number): Promise<void> {
    await waitFor(
      `stream sequence ${seq} to be applied`,
      async () => {
        const reply = await request(Subjects.sessions, { host: HOSTS[0], after_seq: seq });
        if (reply.error) throw new Error(reply.error.message);
        return true;
      },
      timeoutMs,
      200,
    );
  }

  it('keeps every event exactly once, in a gapless sound chain, across the election', async () => {
    cluster = await NatsCluster.start(3);
    dir = mkdtempSync(join(tmpdir(), 'authtrail-cluster-'));
    const dbPath = join(dir, 'authtrail.db');
    service = new ServiceProcess({
      NATS_URL: cluster.urls.join(','),
      AUTHTRAIL_DB: dbPath,
      AUTHTRAIL_STREAM_REPLICAS: '3',
      AUTHTRAIL_SNAPSHOT_EVERY: '2000',
    });
    await service.start();

    // The node to kill leads both the stream and the service's consumer, while the service's
    // ingest connection stays on another node: nothing tells the service that the leader died
    // but the silence of its pull requests.
    const admin = await connect({ servers: cluster.urls, name: 'cluster-test-admin' });
    let ingestNode: string;
    let rpcNode: string | undefined;
    let target: string;
    try {
      const adminJsm = await admin.jetstreamManager();
      for (const stream of [STREAM, DEADLETTER_STREAM]) {
        expect((await adminJsm.streams.info(stream)).config.num_replicas).toBe(3);
      }
      ingestNode = await waitFor('the ingest connection', () =>
        cluster!.nodeOfConnection('authtrail-service'),
      );
      rpcNode = await cluster.nodeOfConnection('authtrail-rpc');
      target = cluster.nodes
        .map((node) => node.name)
        .filter((name) => name !== ingestNode)
        .sort((a, b) => Number(a === rpcNode) - Number(b === rpcNode))[0];
      await cluster.moveStreamLeader(admin, adminJsm, STREAM, target);
      await cluster.moveConsumerLeader(admin, adminJsm, STREAM, CONSUMER, target);
    } finally {
      await admin.close();
    }

    client = await connect({
      servers: cluster.nodes.filter((node) => node.name !== target).map((node) => node.url),
      name: 'cluster-test',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 200,
    });
    const jsm: JetStreamManager = await client.jetstreamManager({ timeout: 2_000 });

    const events = eventHistory(MAIN + AFTER_REJOIN, HOSTS.length, 29, 0, 300);
    const failures: PublishFailure[] = [];
    let acked = 0;
    const appended: { streamSeq: number; at: number }[] = [];
    const notifications = client.subscribe(APPENDED_WILDCARD, {
      callback: (_error, msg) => {
        const entry = JSON.parse(decoder.decode(msg.data)) as LogEntry;
        appended.push({ streamSeq: entry.stream_seq, at: Date.now() });
      },
    });
    const publisher = new EventPublisher(client, { attempts: 1, timeoutMs: 2_000 });
    const publishing = publishUntilAcked(
      client,
      publisher,
      events.slice(0, MAIN),
      PER_SECOND,
      IN_FLIGHT,
      failures,
      () => acked++,
    );
    publishing.catch(() => undefined);

    // The kill: the stream's leader, once part of the events are in and the service is ingesting.
    await waitFor(
      'the service to be ingesting',
      () => (appended.length >= KILL_AFTER ? true : undefined),
      60_000,
    );
    const leader = await cluster.waitForStreamLeader(jsm, STREAM);
    const consumerLeader = await cluster.consumerLeader(jsm, STREAM, CONSUMER);
    const metaLeader = await cluster.metaLeader();
    const appendedBeforeKill = appended.length;
    const ackedBeforeKill = acked;
    await cluster.kill(leader);
    const killedAt = Date.now();
    expect(appendedBeforeKill).toBeGreaterThan(0);
    expect(appendedBeforeKill).toBeLessThan(MAIN);

    const [newLeader, newConsumerLeader] = await Promise.all([
      cluster.waitForStreamLeader(jsm, STREAM, leader, 60_000).then((name) => ({
        name,
        ms: Date.now() - killedAt,
      })),
      waitFor(
        'a new consumer leader',
        async () => {
          const name = await cluster!.consumerLeader(jsm, STREAM, CONSUMER);
          return name && name !== leader ? { name, ms: Date.now() - killedAt } : undefined;
        },
        60_000,
        100,
      ),
    ]);
    const receipts = await publishing;
    const published = Date.now();

    // Ingest goes on with the new leaders and drains everything published.
    const lastSeq = Math.max(...receipts.map((r) => r.seq));
    await waitUntilApplied(lastSeq, 90_000).catch(async (error: Error) => {
      const consumer = await jsm.consumers.info(STREAM, CONSUMER).catch((e: Error) => e.message);
      const tail = service!.output.split('\n').slice(-30).join('\n');
      throw new Error(
        `${error.message}\nkilled ${leader}; ${appended.length} appended notifications\n` +
          `consumer: ${JSON.stringify(consumer)}\nservice output:\n${tail}`,
      );
    });
    const drainedMs = Date.now() - published;

    // The killed node comes back, catches up, and the cluster takes more events.
    await cluster.restart(leader);
    const restartedAt = Date.now();
    await cluster.waitUntilReady(60_000);
    await waitFor(
      `${leader} to be a current replica of ${STREAM} again`,
      async () =>
        (await jsm.streams.info(STREAM)).cluster?.replicas?.some(
          (r) => r.name === leader && r.current,
        )
          ? true
          : undefined,
      60_000,
      200,
    );
    const rejoinMs = Date.now() - restartedAt;
    const more = await publishUntilAcked(
      client,
      publisher,
      events.slice(MAIN),
      PER_SECOND,
      IN_FLIGHT,
      failures,
      () => undefined,
    );
    await waitUntilApplied(Math.max(...more.map((r) => r.seq)), 60_000);
    notifications.unsubscribe();

    // Every event exactly once, seq 1..N, a sound chain, and the projection is the log's fold.
    const log = readLog(dbPath);
    expect(log.map((e) => e.seq)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
    expect(log.map((e) => e.event_id).sort()).toEqual(events.map((e) => e.event_id).sort());
    expect((await request(Subjects.logVerify, {})).result).toEqual({
      ok: true,
      checked: events.length,
    });
    for (const host of HOSTS) {
      expect((await request(Subjects.sessions, { host })).result).toEqual(
        replayedSessions(dbPath, [host])[host],
      );
    }
    // The restarted node's replica has caught up: every node holds what the stream holds.
    const held = (await jsm.streams.info(STREAM)).state.messages;
    for (const node of cluster.nodes) {
      await waitFor(
        `${node.name} to hold ${held} messages of ${STREAM}`,
        async () => {
          const stored = await cluster!.storedMessages(node.name, STREAM);
          if (stored !== held) throw new Error(`it holds ${stored}`);
          return true;
        },
        30_000,
        200,
      );
    }
    expect(service.running).toBe(true);
    expect(service.output).not.toMatch(/unhandled rejection/);

    // When the new leader stored its first event, and when the service appended it.
    const firstAfterKill = log.find((e) => Date.parse(e.recorded_at) > killedAt)!;
    const resumed = appended.find((a) => a.streamSeq >= firstAfterKill.stream_seq);
    const pause = longestPause(appended, killedAt);
    const serviceLines = service.output
      .split('\n')
      .filter((line) => /"level":"(warn|error)"/.test(line))
      .map((line) => /"message":"((?:[^"\\]|\\.)*)"/.exec(line)?.[1] ?? line);
    const streamInfo = await jsm.streams.info(STREAM);
    const duplicates = [...receipts, ...more].filter((r) => r.duplicate).length;
    const placement =
      leader === consumerLeader && leader === target
        ? `stream and consumer leader; the service's ingest connection on ${ingestNode}, RPC on ${rpcNode}`
        : `stream leader (consumer leader ${consumerLeader}, planned ${target}; ingest on ${ingestNode})`;
    const relative = (ms: number) => `+${ms - killedAt} ms`;
    console.log(
      [
        `cluster failover: ${events.length} events (${MAIN} around the kill, ${AFTER_REJOIN} after the rejoin)`,
        `killed ${leader} (meta leader ${metaLeader}), ${placement}, after ${ackedBeforeKill} publishes acknowledged and ${appendedBeforeKill} entries appended`,
        `new leaders: stream ${newLeader.name} reported at +${newLeader.ms} ms, consumer ${newConsumerLeader.name} at +${newConsumerLeader.ms} ms`,
        `first event stored after the kill: stream seq ${firstAfterKill.stream_seq} at ${relative(Date.parse(firstAfterKill.recorded_at))}, appended by the service at ${resumed ? relative(resumed.at) : '?'}`,
        `ingest: longest pause from ${relative(pause.from)} to ${relative(pause.to)}; the service logged ${serviceLines.length ? serviceLines.map((l) => `"${l}"`).join(', ') : 'no warning or error'}`,
        `drained ${drainedMs} ms after the last publish; ${leader} current again ${rejoinMs} ms after its restart`,
        `stream holds ${streamInfo.state.messages} messages (last seq ${streamInfo.state.last_seq}); ${duplicates} publishes acknowledged as duplicates; log ${log.length} entries, none twice`,
        `publish failures: ${summarise(failures, killedAt).join('; ') || 'none'}`,
      ].join('\n  '),
    );
  });
});
