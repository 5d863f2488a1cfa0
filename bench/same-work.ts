import { hash } from 'node:crypto';
import type { JsMsg, NatsConnection } from 'nats';
import { canonicalJson, GENESIS_HASH } from '@authtrail/event-log';
import { eventFieldProblems } from '@authtrail/event-rules';
import { leafHash } from '@authtrail/merkle';
import { baselineDatabase, drainInBatches } from './batch-consumer';

const decoder = new TextDecoder();

/** The columns a competent consumer would index for the audit side, as the log does. */
const SCHEMA = `CREATE TABLE entries (
    seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
    host TEXT NOT NULL, occurred_ms INTEGER NOT NULL, session_id TEXT, username TEXT,
    event TEXT NOT NULL, stream_seq INTEGER NOT NULL, hash TEXT NOT NULL, leaf BLOB NOT NULL
  );
  CREATE INDEX entries_host_time ON entries (host, occurred_ms);
  CREATE INDEX entries_time ON entries (occurred_ms);
  CREATE INDEX entries_session ON entries (session_id) WHERE session_id IS NOT NULL;
  CREATE INDEX entries_username ON entries (username) WHERE username IS NOT NULL;`;

interface Parsed {
  event_id: string;
  kind: string;
  host: string;
  occurred_at: string;
  session?: { id?: string; credentials_data?: { username?: string } };
  credentials_data?: { username?: string };
}

/**
 * The same-work consumer: what a competent user would write without authtrail to do the
 * contract's per-event work in the obvious way, on one thread. A nats.js pull consumer that
 * parses each event, checks its fields (the contract's rules), writes its canonical JSON, chains
 * its SHA-256 and hashes its Merkle leaf, inserts the row with the audit indexes (event_id unique,
 * host and time, session, user), commits and fsyncs once per batch of 500 (WAL,
 * synchronous=FULL) and acknowledges each message. Returns events/s from its first pull to the
 * last commit.
 */
export async function sameWorkBaseline(
  nc: NatsConnection,
  dir: string,
  count: number,
): Promise<number> {
  const db = baselineDatabase(dir, 'same-work', SCHEMA);
  const insert = db.prepare(
    `INSERT INTO entries (event_id, kind, host, occurred_ms, session_id, username, event,
       stream_seq, hash, leaf) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  let previous = GENESIS_HASH;
  let refused = 0;
  const commit = db.transaction((items: JsMsg[]) => {
    for (const m of items) {
      const event = JSON.parse(decoder.decode(m.data)) as Parsed & Record<string, unknown>;
      if (eventFieldProblems(event).length > 0) {
        refused++;
        continue;
      }
      const text = canonicalJson(event);
      const chained = hash('sha256', previous + text, 'hex');
      const username =
        event.session?.credentials_data?.username ?? event.credentials_data?.username;
      insert.run(
        event.event_id,
        event.kind,
        event.host,
        Date.parse(event.occurred_at),
        event.session?.id ?? null,
        username ?? null,
        text,
        m.seq,
        chained,
        leafHash(text),
      );
      previous = chained;
    }
  });
  let rate: number;
  try {
    rate = await drainInBatches(nc, 'same-work', count, commit);
  } finally {
    db.close();
  }
  if (refused > 0) throw new Error(`the same-work consumer refused ${refused} events`);
  return rate;
}
