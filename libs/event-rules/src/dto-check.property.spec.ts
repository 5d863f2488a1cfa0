import 'reflect-metadata';
import fc from 'fast-check';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  booted,
  failedLogin,
  loggedIn,
  loggedOut,
  terminated,
} from '../../../test/fixtures/auth-events';
import { EVENT_DTOS } from './auth-event.dto';
import { dtoAccepts } from './dto-check';
import { toDto } from './dto-instance';
import { errorTexts, eventFieldProblems, isEventKind } from './event-problems';

/**
 * eventFieldProblems asks validateSync only about events dtoAccepts refuses, and hands it toDto's
 * instance rather than class-transformer's. Both shortcuts must change nothing: on every kind with
 * random damage to its fields (around each rule's edges), dtoAccepts says what validateSync says,
 * and validateSync finds in toDto's instance what it finds in plainToInstance's.
 */
const bases = (): Record<string, unknown>[] => [
  { ...loggedIn() },
  { ...loggedOut('s1') },
  { ...booted() },
  { ...failedLogin() },
  { ...terminated('s1') },
  { ...terminated('s2', { requested_by: null, caller_session_id: 's1', outcome: 'FAILED' }) },
];

const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constant(undefined),
  fc.string(),
  fc.constantFrom([{}], [{ id: 's' }], [[{ id: '' }]], [null], { id: 's', internal: true }),
);
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
    fc.constantFrom(0, 1, 63, 64, 65, 127, 128, 129, 256, 257, 1024, 1025),
  )
  .map(([unit, count]) => unit.repeat(count));
const oneOfValues = (values: readonly string[]) =>
  fc.oneof(
    fc.constantFrom(...values),
    fc.constantFrom(...values).map((v) => v.toLowerCase()),
  );

const fieldValues: Record<string, fc.Arbitrary<unknown>> = {
  event_id: uuid,
  kind: oneOfValues(['login', 'logout', 'login_failed', 'boot', 'terminate', 'reboot']),
  version: fc.constantFrom(1, 2, '1', 0),
  occurred_at: time,
  host: fc.oneof(text, fc.stringMatching(/^[A-Za-z0-9_.-]{0,3}$/)),
  boot_id: uuid,
  session: fc.constantFrom('s', null, [], {}),
  reason: oneOfValues(['LOGOUT', 'DISCONNECT', 'TERMINATED', 'EXPIRED', 'BYE']),
  origin: fc.oneof(text, fc.constant(42)),
  credentials: oneOfValues(['UNIX_SOCKET', 'TOKEN', 'API_KEY', 'PASSWORD']),
  credentials_data: fc.constantFrom({}, { username: 'root' }, [], 'x', null),
  error: fc.oneof(text, fc.constant(false), fc.constant(null)),
  request_id: uuid,
  requested_by: fc.oneof(text, fc.constant(null), fc.constant(3)),
  caller_session_id: fc.oneof(text, fc.constant(null)),
  outcome: oneOfValues(['TERMINATED', 'NOT_LIVE', 'NOT_FOUND', 'FAILED', 'NO_ANSWER', 'GONE']),
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
const damagedEvent = fc
  .tuple(fc.nat(3), damage(fieldValues), damage(sessionValues))
  .map(([base, top, nested]) => {
    const event = bases()[base];
    for (const [field, value] of top) event[field] = value;
    if (typeof event.session === 'object' && event.session !== null) {
      const session = { ...(event.session as Record<string, unknown>) };
      for (const [field, value] of nested) session[field] = value;
      event.session = session;
    }
    // As it arrives: parsed JSON text.
    return JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
  });

const OPTIONS = { forbidUnknownValues: true };

describe('dtoAccepts and toDto', () => {
  it('agree with validateSync on class-transformer instances, on every kind with random damage', () => {
    fc.assert(
      fc.property(damagedEvent, (event) => {
        if (!isEventKind(event.kind)) {
          expect(eventFieldProblems(event)).toEqual([
            'kind must be one of: login, logout, login_failed, boot, terminate',
          ]);
          return;
        }
        const Dto = EVENT_DTOS[event.kind];
        const reasons = errorTexts(validateSync(toDto(Dto, event), OPTIONS));
        expect(reasons).toEqual(errorTexts(validateSync(plainToInstance(Dto, event), OPTIONS)));
        expect(dtoAccepts(Dto, event)).toBe(reasons.length === 0);
      }),
      { numRuns: 5_000 },
    );
  });

  it('accept the valid events of every kind', () => {
    for (const event of bases()) {
      if (!isEventKind(event.kind)) throw new Error('a base without a kind');
      expect(dtoAccepts(EVENT_DTOS[event.kind], event)).toBe(true);
      expect(validateSync(toDto(EVENT_DTOS[event.kind], event), OPTIONS)).toEqual([]);
    }
  });
});
