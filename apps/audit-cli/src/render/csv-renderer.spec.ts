import { renderCsv } from './csv-renderer';
import { decodeEjson } from './ejson';

/** Expected texts below were produced by midcli's CSV mode (Python `csv`, `ejson.dumps`). */
describe('renderCsv', () => {
  it('quotes minimally, doubles quotes, writes objects as Python JSON text', () => {
    const value = decodeEjson([
      {
        a: 'x,y',
        b: 'say "hi"',
        c: 'l1\nl2',
        d: { u: '日', when: { $date: 1736935200000 }, l: [1, 2] },
      },
    ]);
    expect(renderCsv(value)).toBe(
      'a,b,c,d\r\n"x,y","say ""hi""","l1\nl2","{""u"": ""\\u65e5"", ""when"": {""$date"": 1736935200000}, ""l"": [1, 2]}"\r\n',
    );
  });

  it('writes a record of one empty field as "" but leaves empty fields of wider records bare', () => {
    expect(renderCsv([{ a: '' }, { a: '' }])).toBe('a\r\n""\r\n""\r\n');
    expect(renderCsv([{ a: '', b: '' }])).toBe('a,b\r\n,\r\n');
  });

  it('renders the other values as the table does, lists of objects as JSON', () => {
    const value = decodeEjson([
      { a: [1, 2], b: [], c: [{ k: null }], d: null, e: { $date: 1736935200000 } },
      { z: 1 },
    ]);
    expect(renderCsv(value)).toBe(
      'a,b,c,d,e,z\r\n"1\n2",<empty list>,"[{""k"": null}]",<null>,2025-01-15T10:00:00+00:00,<undefined>\r\n' +
        '<undefined>,<undefined>,<undefined>,<undefined>,<undefined>,1\r\n',
    );
  });

  it('handles lists of non-objects, single objects and scalars', () => {
    expect(renderCsv(['a', { b: 1 }])).toBe('a\n{"b": 1}');
    expect(renderCsv({ a: 1, b: 'x' })).toBe('a,b\r\n1,x\r\n');
    expect(renderCsv({})).toBe('');
    expect(renderCsv(7)).toBe('7');
  });

  it('does not cut long lines', () => {
    const long = 'y'.repeat(100);
    expect(renderCsv([{ v: long }])).toBe(`v\r\n${long}\r\n`);
  });

  it('reports rows without any field', () => {
    expect(renderCsv([{}])).toBe('None of the specified fields found among 1 object(s)');
  });
});
