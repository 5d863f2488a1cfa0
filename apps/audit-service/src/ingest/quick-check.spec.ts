import 'reflect-metadata';
import fc from 'fast-check';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { booted, loggedIn, loggedOut } from '../../../../test/fixtures/auth-events';
import { EVENT_DTOS } from './auth-event.dto';
import { passesQuickCheck } from './quick-check';

const dtoAccepts = (kind: keyof typeof EVENT_DTOS, value: Record<string, unknown>) =>
  validateSync(plainToInstance(EVENT_DTOS[kind], value) as object, { forbidUnknownValues: true })
    .length === 0;

describe('passesQuickCheck', () => {
  const bases = () => [
    loggedIn(),
    loggedOut('s'),
    booted(),
    {
      ...loggedIn(),
      kind: 'login_failed',
      origin: 'o',
      credentials: 'TOKEN',
      credentials_data: {},
      error: 'e',
    },
  ];

  it('accepts the valid events of every kind', () => {
    for (const event of bases())
      expect(passesQuickCheck(event.kind as never, event as never)).toBe(true);
  });

  it('never accepts what the DTOs reject (random field damage)', () => {
    const junk = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constant(undefined),
      fc.string(),
      fc.uuid(),
      fc.constantFrom('2023-02-30T00:00:00Z', '2016-12-31T23:59:60Z', '2016-12-30T23:59:60Z'),
    );
    const fields = [
      'event_id',
      'version',
      'occurred_at',
      'host',
      'boot_id',
      'session',
      'reason',
      'origin',
      'credentials',
      'credentials_data',
      'error',
    ];
    const sessionFields = ['id', 'internal', 'origin', 'credentials', 'credentials_data'];
    fc.assert(
      fc.property(
        fc.nat(3),
        fc.constantFrom(...fields),
        fc.constantFrom(...sessionFields),
        junk,
        junk,
        (b, field, sf, v1, v2) => {
          const event = bases()[b] as unknown as Record<string, unknown>;
          event[field] = v1;
          if (typeof event.session === 'object' && event.session !== null)
            (event.session as Record<string, unknown>)[sf] = v2;
          const kind = event.kind as keyof typeof EVENT_DTOS;
          if (passesQuickCheck(kind, event)) expect(dtoAccepts(kind, event)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
