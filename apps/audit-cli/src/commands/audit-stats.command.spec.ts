import type { StatsReply } from '@authtrail/contracts';
import { renderResult } from '../render';
import { flattenStats, statsCsv } from './audit-stats.command';

const STATS: Omit<StatsReply, 'memory'> = {
  last_seq: 120,
  last_stream_seq: 131,
  log_bytes: 65_536,
  entries: 120,
  per_kind: { logout: 40, login: 70, boot: 10 },
  per_host: { 'nas-2': { login: 20 }, 'nas-1': { login: 50, logout: 40 } },
  live_sessions: { 'nas-2': 20, 'nas-1': 10 },
  ignored: { duplicate_logins: 1, unknown_logouts: 2, stale_events: 0, logins_after_logout: 0 },
  consumer: { name: 'authtrail', pending: 3, ack_pending: 1, redelivered: 0 },
  dead_letters: 4,
  snapshot_seq: 100,
  healthy: true,
  ingest: { failing: false },
};

describe('flattenStats', () => {
  it('lists the counters as dotted keys in a fixed order, maps sorted by key', () => {
    expect(Object.entries(flattenStats(STATS))).toEqual([
      ['last_seq', 120],
      ['last_stream_seq', 131],
      ['entries', 120],
      ['log_bytes', 65_536],
      ['dead_letters', 4],
      ['snapshot_seq', 100],
      ['consumer.pending', 3],
      ['consumer.ack_pending', 1],
      ['live_sessions.nas-1', 10],
      ['live_sessions.nas-2', 20],
      ['per_kind.boot', 10],
      ['per_kind.login', 70],
      ['per_kind.logout', 40],
      ['per_host.nas-1.login', 50],
      ['per_host.nas-1.logout', 40],
      ['per_host.nas-2.login', 20],
      ['ignored.duplicate_logins', 1],
      ['ignored.logins_after_logout', 0],
      ['ignored.stale_events', 0],
      ['ignored.unknown_logouts', 2],
      ['healthy', true],
      ['ingest.failing', false],
    ]);
  });

  it('appends keys it does not place itself, flattened', () => {
    const flat = flattenStats({
      ...STATS,
      memory: { rss_bytes: 10, heap_used_bytes: 5 },
      extra: { list: [1, 2], deep: { n: null } },
    } as Partial<StatsReply>);
    expect(Object.entries(flat).slice(-4)).toEqual([
      ['memory.rss_bytes', 10],
      ['memory.heap_used_bytes', 5],
      ['extra.list', '[1,2]'],
      ['extra.deep.n', null],
    ]);
  });

  it('shows a missing consumer and dead-letter count as null, and leaves out unsent keys', () => {
    const flat = flattenStats({
      ...STATS,
      consumer: null,
      dead_letters: null,
      ingest: { failing: true, since: '2025-01-15T09:30:00Z', last_error: 'disk full' },
    });
    expect(flat['consumer.pending']).toBeNull();
    expect(flat['consumer.ack_pending']).toBeNull();
    expect(flat.dead_letters).toBeNull();
    expect(flat['ingest.last_error']).toBe('disk full');
    expect(flattenStats({ last_seq: 0, entries: 0 })).toEqual({ last_seq: 0, entries: 0 });
  });

  it('renders as a key/value table', () => {
    const table = renderResult(flattenStats({ last_seq: 12, per_kind: { login: 3 } }), 'table');
    expect(table.split('\n')).toEqual([
      '+----------------+----+',
      '|       last_seq | 12 |',
      '| per_kind.login | 3  |',
      '+----------------+----+',
    ]);
  });
});

describe('statsCsv', () => {
  it('writes one key,value row per line, quoting where needed', () => {
    expect(
      statsCsv({ last_seq: 12, 'consumer.pending': null, 'ingest.last_error': 'a, "b"' }),
    ).toBe('last_seq,12\nconsumer.pending,\ningest.last_error,"a, ""b"""');
  });
});
