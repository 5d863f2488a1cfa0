import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AckPolicy, type JsMsg, nanos, type NatsConnection } from 'nats';

/**
 * A SQLite file for a baseline consumer: WAL, an fsync per commit (synchronous=FULL), `schema`
 * created.
 */
export function baselineDatabase(dir: string, name: string, schema: string): Database.Database {
  const db = new Database(join(dir, `${name}.db`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(schema);
  return db;
}

/**
 * Drains `count` messages of AUTH_EVENTS through a durable pull consumer of its own (`durable`),
 * as a plain nats.js program does: batches of up to 500 (or what has arrived), each handed to
 * `commit` and then acknowledged message by message. Returns events/s from the first pull to the
 * last acknowledgement sent.
 */
export async function drainInBatches(
  nc: NatsConnection,
  durable: string,
  count: number,
  commit: (batch: JsMsg[]) => void,
): Promise<number> {
  const jsm = await nc.jetstreamManager();
  await jsm.consumers.add('AUTH_EVENTS', {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(30_000),
    max_ack_pending: 10_000,
  });
  const started = performance.now();
  const consumer = await nc.jetstream().consumers.get('AUTH_EVENTS', durable);
  const messages = await consumer.consume({ max_messages: 1000 });
  let batch: JsMsg[] = [];
  let done = 0;
  for await (const m of messages) {
    batch.push(m);
    if (batch.length >= 500 || m.info.pending === 0) {
      commit(batch);
      for (const item of batch) item.ack();
      done += batch.length;
      batch = [];
      if (done >= count) break;
    }
  }
  const rate = count / ((performance.now() - started) / 1000);
  messages.stop();
  return rate;
}
