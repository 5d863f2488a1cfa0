import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LOG_SCHEMA_VERSION } from '@authtrail/event-log';
import { runServiceUntilItEnds as runService } from '../harness/service-process';

describe('service configuration', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'authtrail-config-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [
      { NATS_URL: 'http://x y' },
      /^authtrail: NATS_URL: "http:\/\/x y" is not a NATS server address/,
    ],
    [{ LOG_LEVEL: 'loud' }, /^authtrail: LOG_LEVEL: "loud" is not one of/],
    [{ NATS_USER: 'a' }, /^authtrail: NATS_USER and NATS_PASS go together/],
    [
      { NATS_CREDS: '/nonexistent/x.creds' },
      /^authtrail: NATS_CREDS=\/nonexistent\/x.creds: cannot read the file/,
    ],
    [
      { AUTHTRAIL_STREAM: 'a.b' },
      /^authtrail: AUTHTRAIL_STREAM: "a.b" is not a valid JetStream name/,
    ],
    [{ AUTHTRAIL_BATCH_SIZE: '0' }, /^authtrail: AUTHTRAIL_BATCH_SIZE: "0" is not a whole number/],
    [
      { AUTHTRAIL_BOOTSTRAP: 'maybe' },
      /^authtrail: AUTHTRAIL_BOOTSTRAP: "maybe" is not one of peer, off/,
    ],
  ])('refuses %j with one line and exit 2', async (env, message) => {
    const run = await runService({ AUTHTRAIL_DB: join(dir, 'a.db'), ...env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('refuses a log written by a newer schema and leaves the file as it was', async () => {
    const path = join(dir, 'newer.db');
    const db = new Database(path);
    db.exec('CREATE TABLE entries (seq INTEGER PRIMARY KEY)');
    db.pragma('user_version = 99');
    db.close();
    const before = readFileSync(path);
    const run = await runService({ AUTHTRAIL_DB: path, NATS_URL: 'nats://127.0.0.1:1' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      `has log schema version 99, newer than this authtrail supports (${LOG_SCHEMA_VERSION})`,
    );
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});
