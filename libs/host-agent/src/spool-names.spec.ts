import { nextPosition, parseSpoolName, spoolName, spoolOrder } from './spool-names';

const ID_A = '01a24a9f-60c4-787d-b4a9-6b9f4154dd1b';
const ID_B = '01a24a9f-60c4-787d-b4a9-6b9f4154dd1c';

describe('spool names', () => {
  it('round-trip a position and an event id (lower case)', () => {
    const name = spoolName(1736935200000, ID_A.toUpperCase());
    expect(name).toBe(`0001736935200000-${ID_A}.json`);
    expect(parseSpoolName(name)).toEqual({ name, position: 1736935200000, eventId: ID_A });
  });

  it('orders by position, whatever the listing order, leaving other files out', () => {
    const names = [
      spoolName(30, ID_A),
      '.tmp-0123456789abcdef',
      'rejected',
      spoolName(4, ID_B),
      'notes.txt',
      spoolName(100, ID_B),
    ];
    expect(spoolOrder(names).map((entry) => entry.position)).toEqual([4, 30, 100]);
  });

  it('places a new event after every waiting one, also when the clock went back', () => {
    expect(nextPosition([], 1000)).toBe(1000);
    expect(nextPosition([spoolName(5000, ID_A)], 1000)).toBe(5001);
    expect(nextPosition([spoolName(5000, ID_A)], 9000.7)).toBe(9000);
  });
});
