import fc from 'fast-check';
import { IsoTimeReader, isoTimeMs } from './iso-time';

const pad = (value: number, length: number) => String(value).padStart(length, '0');

/** `YYYY-MM-DDTHH:MM:SS.sssZ` with every field drawn a little beyond its range. */
const canonical = fc
  .record({
    year: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1968, max: 2040 })),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 61 }),
    second: fc.integer({ min: 0, max: 61 }),
    ms: fc.integer({ min: 0, max: 999 }),
  })
  .map(
    (t) =>
      `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}T${pad(t.hour, 2)}:` +
      `${pad(t.minute, 2)}:${pad(t.second, 2)}.${pad(t.ms, 3)}Z`,
  );

const same = (text: string) => expect(Object.is(isoTimeMs(text), Date.parse(text))).toBe(true);

describe('isoTimeMs', () => {
  it('reads what Date.parse reads for any time of the toISOString form, in range or not', () => {
    fc.assert(fc.property(canonical, same), { numRuns: 10_000 });
  });

  it('reads what Date.parse reads when one character of such a time is another', () => {
    const changed = fc
      .tuple(canonical, fc.nat(23), fc.constantFrom(...'0123456789-T:.Z tz+/ '.split('')))
      .map(([text, at, char]) => text.slice(0, at) + char + text.slice(at + 1));
    fc.assert(fc.property(changed, same), { numRuns: 10_000 });
  });

  it.each([
    '2026-03-01T12:00:00.000Z',
    '2024-02-29T23:59:59.999Z',
    '2023-02-29T00:00:00.000Z',
    '2023-02-30T00:00:00.000Z',
    '2020-01-01T24:00:00.000Z',
    '2016-12-31T23:59:60.000Z',
    '0000-01-01T00:00:00.000Z',
    '1969-12-31T23:59:59.999Z',
    '2026-03-01T12:00:00Z',
    '2026-03-01T12:00:00.123456Z',
    '2026-03-01T14:00:00.000+02:00',
    '2026-03-01 12:00:00.000Z',
    '+002026-03-01T12:00:00.000Z',
    '',
    'not a time at all, 24 ch',
  ])('reads %j as Date.parse does', same);

  it('reads a run of times, repeated or not, as isoTimeMs does one by one', () => {
    const times = fc.array(fc.oneof(canonical, fc.constantFrom('', '2026-03-01T12:00:00Z')), {
      maxLength: 50,
    });
    fc.assert(
      fc.property(times, (texts) => {
        const reader = new IsoTimeReader();
        const repeated = texts.flatMap((text) => [text, text]);
        const read = repeated.map((text) => reader.ms(text));
        expect(read).toEqual(repeated.map(isoTimeMs));
      }),
    );
  });
});
