import { compileSelect } from './select';

const row = {
  id: 'x',
  origin: 'o',
  credentials_data: { username: 'root', api_key: { id: 3, name: 'k' }, n: null },
  created_at: { $date: 1000 },
  tags: ['a'],
};

const pick = (select: (string | unknown[])[], input: unknown = row): unknown =>
  compileSelect(select)(input);

describe('compileSelect', () => {
  it('keeps select order and rebuilds nested dicts', () => {
    expect(pick(['origin', 'id'])).toEqual({ origin: 'o', id: 'x' });
    expect(Object.keys(pick(['origin', 'id']) as object)).toEqual(['origin', 'id']);
    expect(pick(['credentials_data.username', 'credentials_data.api_key.id'])).toEqual({
      credentials_data: { username: 'root', api_key: { id: 3 } },
    });
  });

  it('stores [path, name] pairs flat', () => {
    expect(pick([['credentials_data.api_key.id', 'key_id'], 'id'])).toEqual({ key_id: 3, id: 'x' });
  });

  it('leaves absent paths out, keeps present nulls', () => {
    expect(pick(['nope', 'credentials_data.nope.deeper', ['nope', 'x']])).toEqual({});
    expect(pick(['credentials_data.n'])).toEqual({ credentials_data: { n: null } });
  });

  it('stops at scalars and datetimes like MW-26', () => {
    expect(pick(['origin.more'])).toEqual({ origin: 'o' });
    expect(pick(['created_at.$date'])).toEqual({ created_at: { $date: 1000 } });
  });

  it('refuses to select through a list', () => {
    expect(() => pick(['tags.0'])).toThrow('Selecting by list index is not supported');
  });

  it('reproduces MW-26 failures for odd paths', () => {
    expect(() => pick([''])).toThrow('pop from empty list');
    expect(() => pick(['a..b'])).toThrow('string index out of range');
    expect(() => pick([['origin', 'credentials_data'], 'credentials_data.username'])).toThrow(
      "'str' object does not support item assignment",
    );
    expect(pick([['', 'whole']])).toEqual({ whole: row });
  });

  it('never mutates the row when a later path goes inside an earlier selected dict', () => {
    const input = structuredClone(row);
    const out = pick(
      [['credentials_data.api_key', 'credentials_data'], 'credentials_data.username'],
      input,
    );
    expect(out).toEqual({ credentials_data: { id: 3, name: 'k', username: 'root' } });
    expect(input).toEqual(row);
    expect(pick(['credentials_data', 'credentials_data.username'], input)).toEqual({
      credentials_data: row.credentials_data,
    });
    expect(input).toEqual(row);
  });

  it('handles a __proto__ key as a plain key', () => {
    const input = JSON.parse('{"__proto__": {"a": 1}}') as unknown;
    const out = pick(['__proto__.a'], input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe('{"__proto__":{"a":1}}');
  });
});
