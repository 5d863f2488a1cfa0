import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { NewLogEntry } from '@authtrail/contracts';
import { loggedIn } from '../../../test/fixtures/auth-events';
import { newLogEntry } from '../../../test/fixtures/log-entries';
import { verifyChain } from './chain-verifier';
import { ReadPool, ReadPoolBusyError } from './read-pool';
import { SqliteAuditReader } from './sqlite-audit-reader';
import { SqliteEventLog } from './sqlite-event-log';
import { BACKGROUND_NICE } from './thread-priority';
import { VERIFY_JOBS } from './verify-jobs';
import { connectionOf } from '../../../test/fixtures/log-connection';

function entries(count: number, offset: number): NewLogEntry[] {
  return Array.from({ length: count }, (_, i) =>
    newLogEntry(loggedIn({ sessionId: `s-${offset + i}` }), offset + i + 1),
  );
}

describe('ReadPool and SqliteAuditReader.verify on worker threads', () => {
  let dir: string;
  let path: string;
  let log: SqliteEventLog;
  const COUNT = 6000;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-pool-'));
    path = join(dir, 'log.db');
    log = new SqliteEventLog(path);
    for (let offset = 0; offset < COUNT; offset += 1000) log.append(entries(1000, offset));
  });

  afterAll(() => {
    log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies a long range on its threads with the same result as one walk, while the writer goes on', async () => {
    const reader = new SqliteAuditReader(path, { threads: 2, maxQueued: 4 });
    try {
      const result = reader.verify();
      log.append(entries(10, COUNT)); // the reader takes no write lock
      expect(await result).toEqual({ ok: true, checked: COUNT });
      expect(await reader.verify(2, 5000)).toEqual(verifyChain(connectionOf(log), 2, 5000));
    } finally {
      reader.close();
    }
  });

  it('finds the first bad entry of a tampered copy from a worker range', async () => {
    const copy = join(dir, 'copy.db');
    await connectionOf(log).backup(copy);
    const db = new Database(copy);
    db.exec('DROP TRIGGER entries_append_only_update');
    db.prepare(`UPDATE entries SET hash = 'x' WHERE seq = 4500`).run();
    db.close();
    const reader = new SqliteAuditReader(copy);
    try {
      expect(await reader.verify(1, COUNT)).toEqual({
        ok: false,
        checked: 4499,
        first_bad_seq: 4500,
        reason: 'entry 4500 does not match its hash',
      });
    } finally {
      reader.close();
    }
  });

  it('holds at most threads + maxQueued jobs and refuses more at once with ReadPoolBusyError', async () => {
    const pool = new ReadPool(path, { threads: 1, maxQueued: 2 });
    const job = { module: VERIFY_JOBS, name: 'verify', payload: { fromSeq: 1, toSeq: COUNT } };
    try {
      const admitted = [pool.run(job), pool.run(job), pool.run(job)];
      expect(pool.inFlight).toBe(3);
      await expect(pool.run(job)).rejects.toThrow(ReadPoolBusyError);
      await expect(pool.runAll([job, job])).rejects.toThrow(
        'the service is busy with 3 heavy reads (at most 3 at once): retry later',
      );
      for (const result of await Promise.all(admitted)) {
        expect(result).toEqual({ ok: true, checked: expect.any(Number) as number });
      }
      expect(pool.inFlight).toBe(0);
      expect(await pool.run(job)).toMatchObject({ ok: true });
    } finally {
      pool.close();
    }
  });

  it('rejects a job that throws in its worker, and goes on with the next', async () => {
    const pool = new ReadPool(path, { threads: 1, maxQueued: 1 });
    try {
      await expect(pool.run({ module: VERIFY_JOBS, name: 'nope', payload: {} })).rejects.toThrow(
        /no read job "nope"/,
      );
      await expect(
        pool.run({ module: VERIFY_JOBS, name: 'verify', payload: { fromSeq: 1, toSeq: 10 } }),
      ).resolves.toEqual({ ok: true, checked: 10 });
    } finally {
      pool.close();
    }
  });

  it('runs its jobs on threads of lowered priority, so the event loop comes first', async () => {
    const module = join(dir, 'thread-jobs.js');
    writeFileSync(
      module,
      `const { readlinkSync } = require('node:fs');
       const { getPriority } = require('node:os');
       const tid = () => Number(readlinkSync('/proc/thread-self').split('/').pop());
       exports.readJobs = { nice: () => getPriority(tid()) };`,
    );
    const before = getPriority();
    const pool = new ReadPool(path, { threads: 1, maxQueued: 0 });
    try {
      expect(await pool.run({ module, name: 'nice', payload: {} })).toBe(BACKGROUND_NICE);
      expect(getPriority()).toBe(before);
    } finally {
      pool.close();
    }
  });
});
