import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loggedIn } from '../../../test/fixtures/auth-events';
import { newLogEntry } from '../../../test/fixtures/log-entries';
import { GENESIS_HASH } from './entry-hash';
import { SqliteEventLog } from './sqlite-event-log';
import { SqliteLogReads } from './sqlite-log-reads';
import { LAST_ENTRY_OF_HOST } from './sqlite-entry-query';

const minute = (n: number) => new Date(Date.parse('2025-01-15T09:00:00Z') + n * 60_000);

describe('SqliteLogReads: reads by criteria over a read-only connection', () => {
  let dir: string;
  let log: SqliteEventLog;
  let db: Database.Database;
  let reads: SqliteLogReads;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-reads-'));
    const path = join(dir, 'log.db');
    log = new SqliteEventLog(path);
    // Seqs 1-10: hosts a and b in turn, a minute apart.
    log.append(
      Array.from({ length: 10 }, (_, i) =>
        newLogEntry(
          loggedIn({
            sessionId: `s${i + 1}`,
            host: i % 2 ? 'b' : 'a',
            occurred_at: minute(i + 1).toISOString(),
          }),
          i + 1,
        ),
      ),
    );
    db = new Database(path, { readonly: true, fileMustExist: true });
    reads = new SqliteLogReads(db);
  });

  afterAll(() => {
    db.close();
    log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const seqs = (entries: Iterable<{ seq: number }>) => [...entries].map((entry) => entry.seq);

  it('reads a seq range of one host up to a time, in order or reversed', () => {
    const criteria = { fromSeq: 2, toSeq: 9, host: 'a', occurredByMs: minute(7).getTime() };
    expect(seqs(reads.entries(criteria))).toEqual([3, 5, 7]);
    expect(seqs(reads.entries(criteria, true))).toEqual([7, 5, 3]);
    expect(seqs(reads.entries({}))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('narrows by the filters on indexed columns and leaves the others to the caller', () => {
    const filters = [
      ['host', '=', 'b'],
      ['event.session.origin', '=', 'nowhere'],
    ];
    expect(seqs(reads.entries({ filters, fromSeq: 5, bySeq: true }))).toEqual([6, 8, 10]);
  });

  it('gives the entries as their JSON texts, the same as the entries read', () => {
    const texts = [...reads.entryTexts({ fromSeq: 4, toSeq: 5, bySeq: true })];
    expect(texts.map((text) => JSON.parse(text) as unknown)).toEqual([...log.read(4, 5)]);
  });

  it('gives entry hashes, the snapshots and the chain check of the same file', () => {
    expect(reads.hashAt(0)).toBe(GENESIS_HASH);
    expect(reads.hashAt(4)).toBe(log.hashAt(4));
    expect(reads.hashAt(11)).toBeUndefined();
    log
      .openSnapshots()
      .save(
        { seq: 4, entryHash: log.hashAt(4)!, maxOccurredMs: minute(4).getTime(), state: '{}' },
        'now',
      );
    expect(reads.snapshots.atOrBefore(10)).toMatchObject({ seq: 4, state: '{}' });
    expect(reads.verify(1, 10)).toEqual({ ok: true, checked: 10 });
  });

  it("gives each host's newest entry by occurred time, through the host's time index", () => {
    const path = join(dir, 'last.db');
    const own = new SqliteEventLog(path);
    const at = (n: number, host: string, seq: number) =>
      newLogEntry(
        loggedIn({ sessionId: `l${seq}`, host, occurred_at: minute(n).toISOString() }),
        seq,
      );
    // a's last entry in the log (seq 3) is a late one: its newest by time is seq 2.
    own.append([at(1, 'a', 1), at(5, 'a', 2), at(2, 'a', 3), at(3, 'b', 4)]);
    const ro = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const last = new SqliteLogReads(ro).lastEntries(['a', 'b', 'nobody']);
      expect(last.map((entry) => entry?.seq)).toEqual([2, 4, undefined]);
      expect(last[0]).toEqual({
        host: 'a',
        seq: 2,
        kind: 'login',
        occurred_at: minute(5).toISOString(),
      });
      const plan = ro.prepare(`EXPLAIN QUERY PLAN ${LAST_ENTRY_OF_HOST}`).all('a') as {
        detail: string;
      }[];
      expect(plan.map((step) => step.detail).join(' ')).not.toMatch(/TEMP B-TREE/);
    } finally {
      ro.close();
      own.close();
    }
  });
});
