import type { LogEntry } from '@authtrail/contracts';
import { DEFAULT_DETECTION_CONFIG, type DetectionConfig } from './detection-config';
import { Detector, type AlertChange } from './detect';
import { initialDetectionState, openAlertCounts } from './detection-state';
import { alertRow } from './alert';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const MIN = 60_000;

/** Entries built in log order: `at` is minutes after T0; recorded when it occurred. */
class History {
  readonly entries: LogEntry[] = [];

  private push(at: number, event: Record<string, unknown>, host = 'nas-1', recordedAt = at) {
    const seq = this.entries.length + 1;
    const occurred = new Date(T0 + at * MIN).toISOString();
    this.entries.push({
      seq,
      event_id: `e${seq}`,
      kind: event.kind as LogEntry['kind'],
      host,
      boot_id: 'b',
      occurred_at: occurred,
      recorded_at: new Date(T0 + recordedAt * MIN).toISOString(),
      event: {
        event_id: `e${seq}`,
        version: 1,
        occurred_at: occurred,
        host,
        boot_id: 'b',
        ...event,
      },
      stream_seq: seq,
      redacted: [],
      hash: '',
    } as unknown as LogEntry);
    return this;
  }

  fail(at: number, origin: string, username?: string, host?: string, recordedAt?: number) {
    const data = username === undefined ? {} : { username };
    const event = {
      kind: 'login_failed',
      origin,
      credentials: 'LOGIN_PASSWORD',
      credentials_data: data,
      error: 'x',
    };
    return this.push(at, event, host, recordedAt ?? at);
  }

  login(at: number, origin: string, username: string) {
    const session = {
      id: `s${at}`,
      internal: false,
      origin,
      credentials: 'LOGIN_PASSWORD',
      credentials_data: { username },
    };
    return this.push(at, { kind: 'login', session });
  }

  boot(at: number, host?: string) {
    return this.push(at, { kind: 'boot' }, host);
  }
}

function run(history: History, config: DetectionConfig = DEFAULT_DETECTION_CONFIG) {
  const state = initialDetectionState();
  const changes: AlertChange[] = [];
  const detector = new Detector(config);
  for (const entry of history.entries) detector.detect(state, entry, changes);
  return { state, changes, rows: state.alerts.map(alertRow) };
}

const brief = (changes: AlertChange[]) =>
  changes.map(({ change, alert }) => `${change} ${alert.id} ${alert.key} ${alert.count}`);

describe('Detector', () => {
  it('opens brute_force at the 5th failure within 10 minutes, counts the rest, closes 10 minutes after the last', () => {
    const history = new History();
    for (let i = 0; i < 7; i++) history.fail(i, `10.0.0.9:${40000 + i}`, 'root');
    history.boot(16).boot(17);
    const { changes, rows } = run(history);
    expect(brief(changes)).toEqual([
      'opened brute_force:5 10.0.0.9 5',
      'closed brute_force:5 10.0.0.9 7',
    ]);
    expect(rows[0]).toMatchObject({
      address: '10.0.0.9',
      seqs: [1, 2, 3, 4, 5, 6, 7],
      opened_at: { $date: T0 + 4 * MIN },
      last_at: { $date: T0 + 6 * MIN },
      closed_at: { $date: T0 + 16 * MIN },
    });
  });

  it('does not open for failures spread wider than the window, and opens a new alert for a later burst', () => {
    const history = new History();
    for (let i = 0; i < 8; i++) history.fail(i * 3, '10.0.0.9:1', 'root'); // 4 within any 10 min
    for (let i = 0; i < 5; i++) history.fail(100 + i, '10.0.0.9:1', 'root');
    for (let i = 0; i < 5; i++) history.fail(200 + i, '10.0.0.9:1', 'root');
    expect(brief(run(history).changes)).toEqual([
      'opened brute_force:13 10.0.0.9 5',
      'closed brute_force:13 10.0.0.9 5',
      'opened brute_force:18 10.0.0.9 5',
    ]);
  });

  it('finds spraying, distributed and a break-in, each with the entries that made it', () => {
    const history = new History();
    for (const user of ['a', 'b', 'c', 'd', 'e']) history.fail(0, '10.1.1.1:1', user);
    for (let i = 1; i <= 5; i++) history.fail(1, `[2001:db8::${i}]:22`, 'root');
    for (let i = 0; i < 5; i++) history.fail(2, '10.2.2.2:1', 'admin');
    history.login(3, '10.2.2.2:5', 'admin');
    const { changes, rows, state } = run(history);
    expect(brief(changes)).toEqual([
      'opened brute_force:5 10.1.1.1 5',
      'opened spraying:5 10.1.1.1 5',
      'opened distributed:10 root 5',
      'opened brute_force:15 10.2.2.2 5',
      'opened break_in:16 10.2.2.2 6',
    ]);
    expect(rows.find((r) => r.id === 'break_in:16')).toMatchObject({
      username: 'admin',
      seqs: [11, 12, 13, 14, 15, 16],
    });
    expect(rows.find((r) => r.id === 'distributed:10')).toMatchObject({
      address: null,
      username: 'root',
    });
    expect(openAlertCounts(state)).toEqual({
      brute_force: 2,
      spraying: 1,
      distributed: 1,
      break_in: 1,
      new_origin: 0,
    });
  });

  it('never counts UNIX socket origins or failures without an address, and keeps hosts apart', () => {
    const history = new History();
    for (let i = 0; i < 10; i++) history.fail(0, 'UNIX socket (pid=1 uid=0 gid=0)', 'root');
    for (let i = 0; i < 10; i++) history.fail(0, 'None', `u${i}`);
    for (let i = 0; i < 4; i++) history.fail(0, '10.0.0.9:1', 'root', 'nas-1');
    for (let i = 0; i < 4; i++) history.fail(0, '10.0.0.9:1', 'root', 'nas-2');
    expect(run(history).changes).toEqual([]);
  });

  it('leaves exempt hosts and usernames alone', () => {
    const history = new History();
    for (let i = 0; i < 6; i++) history.fail(0, '10.0.0.9:1', 'nagios');
    for (let i = 0; i < 6; i++) history.fail(0, '10.0.0.8:1', 'root', 'lab');
    const config = {
      ...DEFAULT_DETECTION_CONFIG,
      exemptHosts: ['lab'],
      exemptUsernames: ['nagios'],
    };
    expect(run(history, config).changes).toEqual([]);
    expect(run(history).changes).toHaveLength(2);
  });

  it('ignores entries more than the window behind the host clock, and cuts a clock ahead to recorded_at', () => {
    const late = new History().boot(60);
    for (let i = 0; i < 6; i++) late.fail(40 + i, '10.0.0.9:1', 'root');
    const { changes, state } = run(late);
    expect(changes).toEqual([]);
    expect(state.counters.lateEntries).toBe(6);
    // A host clock a day ahead would make every later entry late; recorded_at bounds it.
    const ahead = new History().boot(24 * 60, 'nas-1');
    ahead.entries[0].recorded_at = new Date(T0).toISOString();
    for (let i = 0; i < 5; i++) ahead.fail(1 + i, '10.0.0.9:1', 'root');
    expect(brief(run(ahead).changes)).toEqual(['opened brute_force:6 10.0.0.9 5']);
  });

  it('reports a login from a new address for a user, not the first one', () => {
    const history = new History()
      .login(0, '10.0.0.1:1', 'alice')
      .login(1, '10.0.0.1:2', 'alice')
      .login(2, '[::1]:3', 'alice')
      .login(3, '10.0.0.2:3', 'bob');
    const config: DetectionConfig = {
      ...DEFAULT_DETECTION_CONFIG,
      rules: {
        ...DEFAULT_DETECTION_CONFIG.rules,
        new_origin: { ...DEFAULT_DETECTION_CONFIG.rules.new_origin, enabled: true },
      },
    };
    expect(brief(run(history, config).changes)).toEqual(['opened new_origin:3 alice 1']);
    expect(run(history).changes).toEqual([]);
  });

  it('lists at most 100 seqs of an alert and counts on', () => {
    const history = new History();
    for (let i = 0; i < 150; i++) history.fail(i / 100, '10.0.0.9:1', 'root');
    const [row] = run(history).rows;
    expect(row.count).toBe(150);
    expect(row.seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('forgets the closed alerts that opened first beyond alertsKept', () => {
    const history = new History();
    for (let burst = 0; burst < 5; burst++) {
      for (let i = 0; i < 5; i++) history.fail(burst * 30 + i, `10.0.0.${burst}:1`, 'root');
    }
    history.boot(500);
    const { rows, state } = run(history, { ...DEFAULT_DETECTION_CONFIG, alertsKept: 2 });
    expect(rows.map((r) => r.key)).toEqual(['10.0.0.3', '10.0.0.4']);
    expect(state.counters.forgotten).toBe(3);
  });
});
