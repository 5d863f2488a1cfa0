import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventHistory } from '../../../test/fixtures/event-history';
import { connectionOf } from '../../../test/fixtures/log-connection';
import { newLogEntry } from '../../../test/fixtures/log-entries';
import { SqliteEventLog } from './sqlite-event-log';

const checkpoint = (size: number, note = `note ${size}\n`) => ({
  size,
  root: new Uint8Array(32).fill(size),
  note,
  signedAt: `2026-12-06T00:00:0${size % 10}.000Z`,
});

describe('the signed checkpoints kept in the log file', () => {
  let dir: string;
  let log: SqliteEventLog;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-signed-'));
    log = new SqliteEventLog(join(dir, 'log.db'));
  });

  afterEach(() => {
    log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps each one, gives the newest and the one of a size, and keeps the first of a size', () => {
    const kept = log.signedCheckpoints();
    expect(kept.latest()).toBeUndefined();
    kept.add(checkpoint(3));
    kept.add(checkpoint(9));
    kept.add(checkpoint(3, 'another note\n'));
    expect(kept.latest()).toEqual({ ...checkpoint(9), root: Buffer.from(checkpoint(9).root) });
    expect(kept.atSize(3)?.note).toBe('note 3\n');
    expect(kept.atSize(4)).toBeUndefined();
  });

  it('refuses to change or delete one, as the tree refuses its hashes', () => {
    log.signedCheckpoints().add(checkpoint(5));
    const db = connectionOf(log);
    expect(() => db.exec(`UPDATE signed_checkpoints SET note = 'forged'`)).toThrow(
      'the audit log is append-only',
    );
    expect(() => db.exec('DELETE FROM signed_checkpoints')).toThrow('the audit log is append-only');
    log.append(eventHistory(2, 1, 1).map((event, i) => newLogEntry(event, i + 1)));
    expect(() => db.exec('DELETE FROM tree_hashes WHERE seq = 1')).toThrow(
      'the audit log is append-only',
    );
    expect(() => db.exec(`UPDATE tree_hashes SET hashes = x'00'`)).toThrow(
      'the audit log is append-only',
    );
  });
});
