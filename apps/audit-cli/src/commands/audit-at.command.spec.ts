import { usageError } from '../../../../test/fixtures/cli-usage-error';
import { parseAtArgs, parsePointInTime } from './audit-at.command';

describe('parsePointInTime', () => {
  it('accepts RFC 3339 times with Z or an offset, as typed', () => {
    for (const text of [
      '2025-01-15T09:30:00Z',
      '2025-01-15t09:30:00z',
      '2025-01-15T09:30:00.250Z',
      '2025-01-15T10:30:00+01:00',
      '2024-02-29T23:59:59-05:30',
    ]) {
      expect(parsePointInTime(text)).toEqual({ at: text });
    }
  });

  it('accepts seq=N', () => {
    expect(parsePointInTime('seq=0')).toEqual({ seq: 0 });
    expect(parsePointInTime('seq=1200')).toEqual({ seq: 1200 });
  });

  it('refuses anything else with exit code 2', () => {
    for (const text of [
      '2025-01-15',
      '2025-01-15T09:30:00',
      '2025-01-15 09:30:00Z',
      '2025-02-30T00:00:00Z',
      '2025-13-01T00:00:00Z',
      '2025-01-15T24:00:00Z',
      '2025-01-15T09:60:00Z',
      '2025-01-15T09:30:00+25:00',
      'yesterday',
      '1736933400',
      'seq=',
      'seq=-1',
      'seq=1.5',
      'seq=99999999999999999999',
    ]) {
      expect(usageError(() => parsePointInTime(text)).message).toContain(
        `at: "${text}" is not a time`,
      );
    }
  });
});

describe('parseAtArgs', () => {
  it('splits the time, the word sessions and the query', () => {
    expect(parseAtArgs('2025-01-15T09:30:00Z sessions')).toEqual({
      point: { at: '2025-01-15T09:30:00Z' },
      query: '',
    });
    expect(parseAtArgs('  seq=5   sessions id,origin WHERE internal == false')).toEqual({
      point: { seq: 5 },
      query: 'id,origin WHERE internal == false',
    });
  });

  it('needs a time and the word sessions', () => {
    expect(usageError(() => parseAtArgs('')).message).toContain('at: give a time');
    expect(usageError(() => parseAtArgs('seq=5')).message).toContain(
      'expected "sessions" after the time, found nothing',
    );
    expect(usageError(() => parseAtArgs('seq=5 log')).message).toContain('not "log"');
    expect(usageError(() => parseAtArgs('now sessions')).message).toContain('"now" is not a time');
  });
});
