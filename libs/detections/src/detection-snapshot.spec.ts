import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthEvent, LogEntry } from '@authtrail/contracts';
import { seededRandom } from '../../../test/fixtures/event-history';
import { DEFAULT_DETECTION_CONFIG, type DetectionConfig } from './detection-config';
import { Detector, type AlertChange } from './detect';
import {
  fromDetectionSnapshot,
  toDetectionSnapshot,
  type DetectionSnapshot,
} from './detection-snapshot';
import { initialDetectionState, type DetectionState } from './detection-state';
import { alertRow } from './alert';

/** Every rule on, new_origin too, with fail2ban's thresholds and window. */
const CONFIG: DetectionConfig = {
  ...DEFAULT_DETECTION_CONFIG,
  rules: {
    ...DEFAULT_DETECTION_CONFIG.rules,
    new_origin: { ...DEFAULT_DETECTION_CONFIG.rules.new_origin, enabled: true },
  },
};
/** Where test/fixtures/detection-snapshot-v1.json was saved: after this many entries. */
const CUT = 150;
const START = Date.parse('2026-03-01T12:00:00Z');
const ORIGINS = [
  ...Array.from({ length: 7 }, (_, i) => `10.0.0.${i + 1}:${50000 + i}`),
  '[2001:db8::5]:22',
  'UNIX socket (pid=1 uid=0 gid=0)',
];
const USERNAMES = ['root', 'admin', 'alice', 'bob', 'carol', 'dave'];

/**
 * 200 entries over two hosts, most of them failures from a few addresses, 0-10 s apart and
 * now and then five minutes back, and the last ten half an hour on: windows that hold several
 * failures and alerts of every rule open at the cut, and each of them closed after it.
 */
function history(): LogEntry[] {
  const random = seededRandom(7);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
  let clock = START;
  return Array.from({ length: 200 }, (_, i): LogEntry => {
    clock += Math.floor(random() * 10_000);
    if (i === 190) clock += 30 * 60_000; // the last ten close every alert still open
    const occurred = random() < 0.05 ? clock - 300_000 : clock;
    const recorded = occurred + (random() < 0.05 ? -60_000 : Math.floor(random() * 2000));
    const host = pick(['nas-1', 'nas-2']);
    const base = {
      event_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      version: 1 as const,
      occurred_at: new Date(occurred).toISOString(),
      host,
      boot_id: 'b',
    };
    const origin = pick(ORIGINS);
    const credentials_data = { username: pick(USERNAMES) };
    const roll = random();
    const event: AuthEvent =
      roll < 0.7
        ? {
            ...base,
            kind: 'login_failed',
            origin,
            credentials: 'LOGIN_PASSWORD',
            credentials_data,
            error: 'x',
          }
        : roll < 0.9
          ? {
              ...base,
              kind: 'login',
              session: {
                id: `s${i}`,
                internal: false,
                origin,
                credentials: 'LOGIN_PASSWORD',
                credentials_data,
              },
            }
          : { ...base, kind: 'boot' };
    return {
      seq: i + 1,
      event_id: base.event_id,
      kind: event.kind,
      host,
      boot_id: 'b',
      occurred_at: base.occurred_at,
      recorded_at: new Date(recorded).toISOString(),
      event,
      stream_seq: i + 1,
      redacted: [],
      hash: '',
    };
  });
}

function fold(entries: readonly LogEntry[], state: DetectionState = initialDetectionState()) {
  const detector = new Detector(CONFIG);
  const changes: AlertChange[] = [];
  for (const entry of entries) detector.detect(state, entry, changes);
  return { state, changes };
}

const savedV1 = () =>
  readFileSync(join(__dirname, '../../../test/fixtures/detection-snapshot-v1.json'), 'utf8');

describe('the saved detections', () => {
  it('are written, after the same entries, exactly as version 1 of the saved form was', () => {
    const { state } = fold(history().slice(0, CUT));
    expect(toDetectionSnapshot(state, CONFIG)).toEqual(JSON.parse(savedV1()));
  });

  it('saved by version 1 continue to the same alerts as a fold that never stopped', () => {
    const entries = history();
    const whole = fold(entries);
    const restored = fromDetectionSnapshot(JSON.parse(savedV1()) as DetectionSnapshot, CONFIG);
    expect(restored).toBeDefined();
    const openAtCut = restored!.alerts.filter((alert) => alert.closedAt === null);
    expect(new Set(openAtCut.map((alert) => alert.rule)).size).toBe(5);
    const openIds = openAtCut.map((alert) => alert.id);
    const rest = fold(entries.slice(CUT), restored);
    const before = fold(entries.slice(0, CUT)).changes.length;
    expect(rest.changes).toEqual(whole.changes.slice(before));
    const closed = rest.changes.filter((change) => change.change === 'closed');
    expect(closed.map((change) => change.alert.id)).toEqual(expect.arrayContaining(openIds));
    expect(rest.state.alerts.map(alertRow)).toEqual(whole.state.alerts.map(alertRow));
    expect(rest.state.counters).toEqual(whole.state.counters);
  });
});
