import fc from 'fast-check';
import { ALERT_RULES, type AuthEvent, type JsonObject, type LogEntry } from '@authtrail/contracts';
import { naiveDetections } from '../../../test/fixtures/naive-detections';
import { DEFAULT_DETECTION_CONFIG, type DetectionConfig } from './detection-config';
import { Detector, type AlertChange } from './detect';
import { fromDetectionSnapshot, toDetectionSnapshot } from './detection-snapshot';
import { initialDetectionState, type DetectionState } from './detection-state';
import { alertRow } from './alert';

const START = Date.parse('2026-03-01T12:00:00Z');
const TICK = 5000;
const BOOT = '6d1c1e4e-8a3f-4b7e-9c2d-0e1f2a3b4c5d';

/** Origins of every REF §1.1 shape; two spellings of one IPv6 address among them. */
const ORIGINS = [
  '10.0.0.1:50000',
  '10.0.0.1:50001',
  '10.0.0.2:40000',
  '192.168.1.50:51234',
  '[2001:db8::5]:50022',
  '[2001:DB8:0::5]:50023',
  '[fe80::1]:22',
  'UNIX socket (pid=4312 uid=0 gid=0)',
  '',
  'None',
  '10.0.0.300:1',
];
const USERNAMES = ['root', 'admin', 'alice', 'bob', 'carol', 'nagios', undefined];

const step = fc.record({
  host: fc.constantFrom('nas-1', 'nas-2', 'nas-3'),
  kind: fc.constantFrom('login_failed', 'login_failed', 'login_failed', 'login', 'logout', 'boot'),
  origin: fc.constantFrom(...ORIGINS),
  username: fc.constantFrom(...USERNAMES),
  /**
   * Ticks (of 5 s, as are the windows, so that times often fall on a window's edges) the host's
   * events move on: mostly forward, sometimes back (out of order).
   */
  move: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: -60, max: 60 })),
  /** Ticks after its occurred_at JetStream recorded it (negative: the host's clock is ahead). */
  recordedAfter: fc.oneof(fc.constant(0), fc.integer({ min: -12, max: 120 })),
});

const ruleConfig = fc.record({
  enabled: fc.boolean(),
  threshold: fc.integer({ min: 1, max: 4 }),
  windowMs: fc.integer({ min: 1, max: 24 }).map((ticks) => ticks * TICK),
});

const config: fc.Arbitrary<DetectionConfig> = fc.record({
  rules: fc.record({
    brute_force: ruleConfig,
    spraying: ruleConfig,
    distributed: ruleConfig,
    break_in: ruleConfig,
    new_origin: ruleConfig,
  }),
  exemptHosts: fc.subarray(['nas-3']),
  exemptUsernames: fc.subarray(['nagios']),
  alertsKept: fc.oneof(fc.constant(100_000), fc.integer({ min: 1, max: 5 })),
});

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** Log entries from the steps: per host a clock that wanders, recorded_at always moving on. */
function entriesOf(steps: readonly Step[]) {
  const clocks = new Map<string, number>();
  let recorded = START;
  return steps.map((s, index): LogEntry => {
    const clock = (clocks.get(s.host) ?? START) + s.move * TICK;
    clocks.set(s.host, clock);
    recorded = Math.max(recorded + 1, clock + s.recordedAfter * TICK);
    const base = {
      event_id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      version: 1 as const,
      occurred_at: new Date(clock).toISOString(),
      host: s.host,
      boot_id: BOOT,
    };
    const data: JsonObject = s.username === undefined ? {} : { username: s.username };
    const event: AuthEvent =
      s.kind === 'login_failed'
        ? {
            ...base,
            kind: 'login_failed',
            origin: s.origin,
            credentials: 'LOGIN_PASSWORD',
            credentials_data: data,
            error: 'bad password',
          }
        : s.kind === 'login'
          ? {
              ...base,
              kind: 'login',
              session: {
                id: `s${index}`,
                internal: false,
                origin: s.origin,
                credentials: 'LOGIN_PASSWORD',
                credentials_data: data,
              },
            }
          : s.kind === 'logout'
            ? { ...base, kind: 'logout', session: { id: `s${index - 1}` }, reason: 'LOGOUT' }
            : { ...base, kind: 'boot' };
    return {
      seq: index + 1,
      event_id: base.event_id,
      kind: event.kind,
      host: s.host,
      boot_id: BOOT,
      occurred_at: base.occurred_at,
      recorded_at: new Date(recorded).toISOString(),
      event,
      stream_seq: index + 1,
      redacted: [],
      hash: '',
    };
  });
}

function fold(detector: Detector, entries: readonly LogEntry[], state = initialDetectionState()) {
  const changes: AlertChange[] = [];
  for (const entry of entries) detector.detect(state, entry, changes);
  return { state, changes };
}

const rows = (state: DetectionState) => state.alerts.map(alertRow);
const histories = fc.array(step, { minLength: 1, maxLength: 250, size: 'max' });

describe('Detector against a reference that recounts every window', () => {
  it('opens and closes the same alerts, in the same order, for any history and configuration', () => {
    fc.assert(
      fc.property(histories, config, (steps, settings) => {
        const entries = entriesOf(steps);
        const { state, changes } = fold(new Detector(settings), entries);
        const naive = naiveDetections(entries, settings);
        expect(changes).toEqual(naive.changes);
        expect(rows(state)).toEqual(naive.alerts);
        expect(state.counters.lateEntries).toBe(naive.late);
      }),
      { numRuns: 300 },
    );
  });

  it('finds alerts of every rule in long histories with the default thresholds', () => {
    const settings: DetectionConfig = {
      ...DEFAULT_DETECTION_CONFIG,
      rules: {
        ...DEFAULT_DETECTION_CONFIG.rules,
        new_origin: { ...DEFAULT_DETECTION_CONFIG.rules.new_origin, enabled: true },
      },
    };
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(step, { minLength: 400, maxLength: 800 }), (steps) => {
        const entries = entriesOf(steps);
        const { state, changes } = fold(new Detector(settings), entries);
        expect(changes).toEqual(naiveDetections(entries, settings).changes);
        for (const alert of state.alerts) seen.add(alert.rule);
      }),
      { numRuns: 40 },
    );
    // The histories are not too tame to test anything: every rule fired somewhere.
    expect([...seen].sort()).toEqual([...ALERT_RULES].sort());
  });

  it('continues from a snapshot taken anywhere exactly as the fold that never stopped', () => {
    fc.assert(
      fc.property(histories, config, fc.nat(), (steps, settings, cut) => {
        const entries = entriesOf(steps);
        const detector = new Detector(settings);
        const whole = fold(detector, entries);
        const at = cut % (entries.length + 1);
        const first = fold(detector, entries.slice(0, at));
        const text = JSON.stringify(toDetectionSnapshot(first.state, settings));
        const restored = fromDetectionSnapshot(JSON.parse(text), settings);
        expect(restored).toBeDefined();
        const rest = fold(detector, entries.slice(at), restored);
        expect([...first.changes, ...rest.changes]).toEqual(whole.changes);
        expect(rows(rest.state)).toEqual(rows(whole.state));
        expect(rest.state.counters).toEqual(whole.state.counters);
      }),
      { numRuns: 200 },
    );
  });
});
