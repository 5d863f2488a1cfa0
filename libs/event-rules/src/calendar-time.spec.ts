import { calendarTimeProblem } from './calendar-time';

describe('calendarTimeProblem', () => {
  it('names what makes an RFC 3339 time no instant', () => {
    expect(calendarTimeProblem('2023-02-30T00:00:00Z')).toBe(
      'is not a date of the calendar: February 2023 has 28 days',
    );
    expect(calendarTimeProblem('2016-12-31T12:00:60Z')).toMatch(/^has second 60, a leap second/);
  });

  it('says nothing of real instants, nor of what is no RFC 3339 text (IsRFC3339 says so)', () => {
    expect(calendarTimeProblem('2016-12-31T23:59:60Z')).toBeUndefined();
    expect(calendarTimeProblem('2024-02-29T10:00:00+02:00')).toBeUndefined();
    expect(calendarTimeProblem('yesterday')).toBeUndefined();
    expect(calendarTimeProblem(7)).toBeUndefined();
  });
});
