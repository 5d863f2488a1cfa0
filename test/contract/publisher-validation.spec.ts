import 'reflect-metadata';
import fc from 'fast-check';
import { HOST_PATTERN } from '@authtrail/contracts';
import { eventProblems } from '@authtrail/publisher';
import { validateEvent } from '../../apps/audit-service/src/ingest/validate-event';
import { booted, loggedIn, loggedOut } from '../fixtures/auth-events';

/**
 * The publisher SDK checks events before sending them; the service checks them again on ingest.
 * Both must give the same verdict, or a publisher would send events the service dead-letters (or
 * refuse events the service would store).
 */
const encoder = new TextEncoder();

function serviceAccepts(value: Record<string, unknown>): boolean {
  const host = typeof value.host === 'string' && HOST_PATTERN.test(value.host) ? value.host : 'x';
  const kind =
    typeof value.kind === 'string' && /^[A-Za-z_]+$/.test(value.kind) ? value.kind : 'login';
  return validateEvent(`auth.events.${host}.${kind}`, encoder.encode(JSON.stringify(value))).ok;
}

const bases = (): Record<string, unknown>[] => [
  { ...loggedIn() },
  { ...loggedOut('s1') },
  { ...booted() },
  {
    ...booted(),
    kind: 'login_failed',
    origin: '10.0.0.9:4711',
    credentials: 'LOGIN_PASSWORD',
    credentials_data: {},
    error: 'bad password',
  },
];

const junk = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined));
const uuid = fc.oneof(
  fc.uuid(),
  fc.uuid({ version: 7 }),
  fc.uuid().map((id) => id.toUpperCase()),
  fc.constantFrom(
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '6d1c1e4e-8a3f-0b7e-9c2d-0e1f2a3b4c5d',
    '6d1c1e4e8a3f4b7e9c2d0e1f2a3b4c5d',
    'not-a-uuid',
  ),
);
const wellFormed = fc
  .tuple(
    fc.date({ noInvalidDate: true, min: new Date(0), max: new Date('9999-12-31') }),
    fc.constantFrom('Z', 'z', '+02:00', '-11:30', '+24:00', '', '+0200'),
    fc.constantFrom('T', 't', ' ', '_'),
    fc.boolean(),
  )
  .map(([date, zone, separator, fraction]) => {
    const [day, clock] = date
      .toISOString()
      .slice(0, fraction ? 23 : 19)
      .split('T');
    return `${day}${separator}${clock}${zone}`;
  });
/** Fields in range that name no instant (or a leap second, right or misplaced). */
const calendarEdge = fc
  .tuple(
    fc.constantFrom('2023', '2024', '1900', '2000', '2016'),
    fc.constantFrom('02', '04', '06', '12'),
    fc.constantFrom('28', '29', '30', '31'),
    fc.constantFrom('23:59:60', '23:58:60', '00:59:60', '23:59:59', '12:00:00'),
    fc.constantFrom('Z', '+01:00', '-05:00', '.5Z'),
  )
  .map(([year, month, day, clock, zone]) => `${year}-${month}-${day}T${clock}${zone}`);
const time = fc.oneof(wellFormed, calendarEdge);
/** Strings of lengths around the limits, with astral characters and variation selectors. */
const text = fc
  .tuple(
    fc.constantFrom('x', '😀', '☺️', 'é', '-', '.', ' '),
    fc.constantFrom(0, 1, 63, 64, 65, 127, 128, 129),
  )
  .map(([unit, count]) => unit.repeat(count));
const oneOfValues = (values: readonly string[]) =>
  fc.oneof(
    fc.constantFrom(...values),
    fc.constantFrom(...values).map((v) => v.toLowerCase()),
  );

const fieldValues: Record<string, fc.Arbitrary<unknown>> = {
  event_id: uuid,
  kind: oneOfValues(['login', 'logout', 'login_failed', 'boot', 'reboot']),
  version: fc.constantFrom(1, 2, '1', 0),
  occurred_at: time,
  host: fc.oneof(text, fc.stringMatching(/^[A-Za-z0-9_.-]{0,3}$/)),
  boot_id: uuid,
  session: fc.constantFrom('s', null, [], {}),
  reason: oneOfValues(['LOGOUT', 'DISCONNECT', 'TERMINATED', 'EXPIRED', 'BYE']),
  origin: fc.oneof(text, fc.constant(42)),
  credentials: oneOfValues(['UNIX_SOCKET', 'TOKEN', 'API_KEY', 'PASSWORD']),
  credentials_data: fc.constantFrom({}, { username: 'root' }, [], 'x', null),
  error: fc.oneof(text, fc.constant(false)),
};
const sessionValues: Record<string, fc.Arbitrary<unknown>> = {
  id: fc.oneof(text, fc.constant(7)),
  internal: fc.constantFrom(true, false, 'true', 0),
  origin: fieldValues.origin,
  credentials: fieldValues.credentials,
  credentials_data: fieldValues.credentials_data,
};
const damage = (values: Record<string, fc.Arbitrary<unknown>>) =>
  fc.array(
    fc
      .constantFrom(...Object.keys(values))
      .chain((field) =>
        fc.tuple(fc.constant(field), fc.oneof({ arbitrary: values[field], weight: 4 }, junk)),
      ),
    { maxLength: 2 },
  );

describe('publisher and service agree on what is a valid event', () => {
  it('gives the same verdict on every kind with random damage to its fields', () => {
    fc.assert(
      fc.property(fc.nat(3), damage(fieldValues), damage(sessionValues), (base, top, nested) => {
        const event = bases()[base];
        for (const [field, value] of top) event[field] = value;
        if (typeof event.session === 'object' && event.session !== null) {
          const session = { ...(event.session as Record<string, unknown>) };
          for (const [field, value] of nested) session[field] = value;
          event.session = session;
        }
        const sent = JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
        expect(eventProblems(sent).length === 0).toBe(serviceAccepts(sent));
      }),
      { numRuns: 5_000 },
    );
  });

  it('accepts the valid events of every kind, as the service does', () => {
    for (const event of bases()) {
      expect(eventProblems(event)).toEqual([]);
      expect(serviceAccepts(event)).toBe(true);
    }
  });
});
