import { daysFromCivil, parseIsoDateTime } from './iso-datetime';

const naive = (s: string): number | undefined => {
  const d = parseIsoDateTime(s);
  return d && !d.aware ? d.ms : undefined;
};
const at = (iso: string): number => Date.parse(`${iso}Z`);

describe('parseIsoDateTime (datetime.fromisoformat)', () => {
  it.each([
    ['2025-01-15', '2025-01-15T00:00:00'],
    ['20250115', '2025-01-15T00:00:00'],
    ['2025-01-15T09:30:00', '2025-01-15T09:30:00'],
    ['2025-01-15 09:30:00', '2025-01-15T09:30:00'],
    ['2025-01-15x09:30', '2025-01-15T09:30:00'],
    ['2025-01-15T09', '2025-01-15T09:00:00'],
    ['2025-01-15T0930', '2025-01-15T09:30:00'],
    ['20250115T093000', '2025-01-15T09:30:00'],
    ['2025-01-15T09:30:00.5', '2025-01-15T09:30:00.500'],
    ['2025-01-15T09:30:00,123', '2025-01-15T09:30:00.123'],
    ['2025-W03-3', '2025-01-15T00:00:00'],
    ['2025W033', '2025-01-15T00:00:00'],
    ['2025-W03', '2025-01-13T00:00:00'],
    ['2024-02-29T23:59:59', '2024-02-29T23:59:59'],
  ])('reads %s as naive UTC', (input, iso) => {
    expect(naive(input)).toBe(at(iso));
  });

  it('keeps microseconds as a fraction of a millisecond', () => {
    expect(naive('2025-01-15T09:30:00.123456')).toBeCloseTo(at('2025-01-15T09:30:00.123') + 0.456);
    expect(naive('2025-01-15T09:30:00.1234567')).toBeCloseTo(at('2025-01-15T09:30:00.123') + 0.456);
  });

  it('marks strings with Z or an offset as aware', () => {
    expect(parseIsoDateTime('2025-01-15T09:30:00Z')).toEqual({
      ms: at('2025-01-15T09:30:00'),
      aware: true,
    });
    expect(parseIsoDateTime('2025-01-15T09:30:00+01:00')).toEqual({
      ms: at('2025-01-15T08:30:00'),
      aware: true,
    });
    expect(parseIsoDateTime('2025-01-15T09:30:00-0130')?.aware).toBe(true);
  });

  it.each([
    '2025',
    '2025-01',
    '2025-1-15',
    '2025-13-01',
    '2025-02-29',
    '0000-01-01',
    '2025-01-15T24:00',
    '2025-01-15T09:60',
    '2025-01-15T09:30:60',
    '2025-01-15T09:3',
    '2025-01-15T09:30.5',
    '2025-01-15T09:30:00x',
    '2025-01-15T09:3000',
    '2025-0115',
    '2025-W54',
    '2025-W03-8',
    '2025-01-15T09:30:00Zjunk',
    '2025-01-15T09:30:00+25:00',
    'yesterday',
    '',
  ])('rejects %j', (input) => {
    expect(parseIsoDateTime(input)).toBeUndefined();
  });

  it('computes civil days across eras', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 3, 1)).toBe(Date.UTC(2000, 2, 1) / 86_400_000);
    expect(daysFromCivil(1, 1, 1)).toBe(-719162);
  });
});
