import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootEvent, InvalidEventError } from '@authtrail/publisher';
import { EventSpool, REJECTED_DIR } from './event-spool';
import { HostFileError } from './private-files';
import { spoolName } from './spool-names';

const origin = { host: 'nas1', bootId: '6d1c1e4e-8a3f-4b7e-9c2d-0e1f2a3b4c5d' };

describe('EventSpool', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'authtrail-spool-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('keeps each event in an owner-only file of an owner-only folder, as its exact JSON', () => {
    const spool = new EventSpool(join(root, 'spool'));
    const event = bootEvent(origin);
    const entry = spool.add(event);
    expect(statSync(spool.dir).mode & 0o777).toBe(0o700);
    expect(statSync(entry.path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(entry.path, 'utf8'))).toEqual(event);
    const read = spool.read(entry);
    expect(read).toMatchObject({ subject: 'auth.events.nas1.boot', eventId: event.event_id });
  });

  it('gives the events back in the order they were added, even within one millisecond', () => {
    const spool = new EventSpool(join(root, 'spool'));
    const ids = Array.from({ length: 50 }, () => spool.add(bootEvent(origin)).eventId);
    expect(spool.pending().map((entry) => entry.eventId)).toEqual(ids);
  });

  it('adds an event id that is already waiting once', () => {
    const spool = new EventSpool(join(root, 'spool'));
    const event = bootEvent(origin);
    spool.add(event);
    spool.add({ ...event, event_id: event.event_id.toUpperCase() });
    expect(spool.pending()).toHaveLength(1);
  });

  it('refuses an event the service would refuse, writing nothing', () => {
    const spool = new EventSpool(join(root, 'spool'));
    expect(() => spool.add({ ...bootEvent(origin), host: 'bad host' })).toThrow(InvalidEventError);
    expect(readdirSync(spool.dir)).toEqual([]);
  });

  it('moves a file that is no event aside, with why, and keeps it', () => {
    const spool = new EventSpool(join(root, 'spool'));
    const event = bootEvent(origin);
    writeFileSync(join(spool.dir, spoolName(1, event.event_id)), '{"half":');
    writeFileSync(
      join(spool.dir, spoolName(2, event.event_id)),
      JSON.stringify({ ...event, kind: 'reboot' }),
    );
    const [first, second] = spool.pending();
    expect(spool.read(first)).toEqual({ problem: expect.stringMatching(/^not JSON/) });
    expect(spool.read(second)).toEqual({ problem: expect.stringMatching(/kind/) });
    spool.reject(first);
    expect(readdirSync(join(spool.dir, REJECTED_DIR))).toEqual([first.name]);
    expect(spool.pending()).toHaveLength(1);
  });

  it('refuses a folder others may write, not using it', () => {
    const dir = join(root, 'open');
    new EventSpool(dir);
    chmodSync(dir, 0o777);
    expect(() => new EventSpool(dir)).toThrow(HostFileError);
    expect(() => new EventSpool(dir)).toThrow(/may be written by others \(mode 777\)/);
  });
});
