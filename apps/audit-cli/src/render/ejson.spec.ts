import { decodeEjson, PyDateTime } from './ejson';

describe('ejson decoding', () => {
  it('turns {"$date": ms} objects into datetimes at any depth', () => {
    const decoded = decodeEjson({ a: [{ $date: 0 }], b: { $date: 1736935200000, x: 1 } }) as {
      a: PyDateTime[];
      b: Record<string, unknown>;
    };
    expect(decoded.a[0]).toBeInstanceOf(PyDateTime);
    expect(decoded.a[0].isoformat()).toBe('1970-01-01T00:00:00+00:00');
    expect(decoded.b).toEqual({ $date: 1736935200000, x: 1 });
  });

  it('formats like Python isoformat, microseconds only when present', () => {
    expect(new PyDateTime(1736935200000).isoformat()).toBe('2025-01-15T10:00:00+00:00');
    expect(new PyDateTime(-1000).isoformat()).toBe('1969-12-31T23:59:59+00:00');
    // truenas_api_client adds the millisecond remainder twice: 1.25 s decodes as 1.5 s.
    expect(new PyDateTime(1250).isoformat()).toBe('1970-01-01T00:00:01.500000+00:00');
    expect(new PyDateTime(1250).toEncoded()).toEqual({ $date: 1000 });
  });

  it('leaves values that are not datetimes alone', () => {
    expect(decodeEjson({ $date: 'x' })).toEqual({ $date: 'x' });
    expect(decodeEjson({ $date: 1e300 })).toEqual({ $date: 1e300 });
    expect(decodeEjson('s')).toBe('s');
  });
});
