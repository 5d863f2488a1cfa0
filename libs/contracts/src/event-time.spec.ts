import { readEventTime, storedEventTime } from './event-time';

describe('readEventTime', () => {
  it('reads RFC 3339 times as Date.parse does', () => {
    for (const text of [
      '2023-07-25T17:54:49Z',
      '2023-07-25t17:54:49.123456z',
      '2023-07-25 17:54:49+02:00',
      '2024-02-29T00:00:00Z',
      '0001-01-01T00:00:00Z',
    ]) {
      expect(readEventTime(text)).toEqual({ ok: true, text, ms: Date.parse(text) });
    }
  });

  it('refuses dates the calendar does not have, naming the month', () => {
    expect(readEventTime('2023-02-30T00:00:00Z')).toEqual({
      ok: false,
      problem: 'is not a date of the calendar: February 2023 has 28 days',
    });
    expect(readEventTime('2023-02-29T00:00:00Z').ok).toBe(false);
    expect(readEventTime('1900-02-29T00:00:00Z').ok).toBe(false);
    expect(readEventTime('2000-02-29T00:00:00Z').ok).toBe(true);
    expect(readEventTime('2023-04-31T12:00:00Z').ok).toBe(false);
  });

  it('stores a leap second as second 59 of its minute, fraction and offset kept', () => {
    expect(readEventTime('2016-12-31T23:59:60Z')).toEqual({
      ok: true,
      text: '2016-12-31T23:59:59Z',
      ms: Date.parse('2016-12-31T23:59:59Z'),
    });
    expect(readEventTime('2016-12-31T18:59:60.25-05:00')).toEqual({
      ok: true,
      text: '2016-12-31T18:59:59.25-05:00',
      ms: Date.parse('2017-01-01T00:00:00Z') - 750,
    });
    expect(readEventTime('2015-06-30T23:59:60Z').ok).toBe(true);
    expect(readEventTime('2017-01-01T00:59:60+01:00').ok).toBe(true);
  });

  it('refuses second 60 anywhere but at the end of a month (UTC)', () => {
    for (const text of [
      '2016-12-31T23:58:60Z',
      '2016-12-30T23:59:60Z',
      '2016-12-31T23:59:60+01:00',
      '2017-01-01T00:59:60Z',
    ]) {
      expect(readEventTime(text)).toMatchObject({
        ok: false,
        problem: expect.stringMatching(/leap/),
      });
    }
  });
});

describe('storedEventTime', () => {
  it('is the text readEventTime gives, without reading the time again', () => {
    for (const text of [
      '2016-12-31T23:59:60Z',
      '2016-12-31T23:59:60.5Z',
      '2017-01-01T00:59:60+01:00',
      '2023-07-25T17:54:49Z',
      '2023-07-25 17:54:06.60z',
      '2023-07-25T17:54:49-06:00',
    ]) {
      expect(readEventTime(text)).toMatchObject({ ok: true, text: storedEventTime(text) });
    }
  });
});
