import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loggedIn } from '../../../test/fixtures/auth-events';
import { newLogEntry } from '../../../test/fixtures/log-entries';
import { LogLockedError } from './log-lock';
import { openLogStore } from './log-store';
import { SqliteEventLog } from './sqlite-event-log';

describe('openLogStore', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-store-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens the log, its snapshots and its read side over one file, and closes them at once', async () => {
    const path = join(dir, 'log.db');
    const store = openLogStore(path, { snapshotsInBackground: true });
    store.log.append([newLogEntry(loggedIn({ sessionId: 'a' }), 1)]);
    const snapshot = { seq: 1, entryHash: store.log.hashAt(1)!, maxOccurredMs: 0, state: '{}' };
    expect(store.snapshots).toBe(store.snapshots);
    expect(store.snapshots.streamInBackground).toBeDefined();
    store.snapshots.save(snapshot, 'now');
    expect(store.reader.lastSeq()).toBe(1);
    expect(await store.reader.verify()).toEqual({ ok: true, checked: 1 });
    await store.close();
    // Closed: the lock is released and everything is in the file.
    const reopened = openLogStore(path);
    expect(reopened.log.lastSeq()).toBe(1);
    expect(reopened.snapshots.atOrBefore(1)).toEqual(snapshot);
    expect(reopened.snapshots.streamInBackground).toBeUndefined();
    await reopened.close();
  });

  it('refuses a log another writer holds, and leaves it as it was', async () => {
    const path = join(dir, 'log.db');
    const holder = new SqliteEventLog(path);
    try {
      expect(() => openLogStore(path)).toThrow(LogLockedError);
    } finally {
      holder.close();
    }
    const store = openLogStore(path);
    expect(store.log.lastSeq()).toBe(0);
    await store.close();
  });
});
