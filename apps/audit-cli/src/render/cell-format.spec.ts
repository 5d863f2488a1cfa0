import { csvText, cutLongLine, readableText, tableText } from './cell-format';
import { PyDateTime } from './ejson';

describe('cell formatting', () => {
  it.each<[unknown, string]>([
    [true, 'true'],
    [false, 'false'],
    [null, '<null>'],
    [undefined, '<undefined>'],
    [0, '0'],
    [1.5, '1.5'],
    [-2, '-2'],
    ['as is', 'as is'],
    [[], '<empty list>'],
    [['a', 1, true], 'a\n1\ntrue'],
    [[['a', 'b'], 'c'], 'a\nb\nc'],
    [{ a: 1 }, '<dict>'],
    [[1, { a: 1 }], '<list>'],
    [new PyDateTime(1690307689000), '2023-07-25T17:54:49+00:00'],
  ])('table cell of %p is %p', (value, text) => {
    expect(tableText(value)).toBe(text);
  });

  it('has no readable text for objects and lists holding one', () => {
    expect(readableText({})).toBeNull();
    expect(readableText([[{}]])).toBeNull();
  });

  it('cuts each line of a cell separately, counting code points', () => {
    const wide = '日'.repeat(70);
    expect(cutLongLine(wide)).toBe(`${'日'.repeat(61)}...`);
    expect(cutLongLine('😀'.repeat(64))).toBe('😀'.repeat(64));
    expect(tableText(['a'.repeat(65), 'b'])).toBe(`${'a'.repeat(61)}...\nb`);
  });

  it('writes objects as JSON text in csv cells', () => {
    expect(csvText({ a: [1, 'x'], b: { c: null } })).toBe('{"a": [1, "x"], "b": {"c": null}}');
    expect(csvText([{ when: new PyDateTime(1736935200000) }])).toBe(
      '[{"when": {"$date": 1736935200000}}]',
    );
    expect(csvText('a'.repeat(70))).toBe('a'.repeat(70));
  });
});
