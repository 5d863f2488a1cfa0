import fc from 'fast-check';
import { originAddress } from './origin-address';

/** The reading of an origin as two regular expressions, the plain way to check it against. */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const TCP_ORIGIN = /^(?:([0-9.]+)|(\[[0-9A-Fa-f:.]+\])):(\d{1,5})$/;

function regexAddress(origin: string): string | undefined {
  const match = TCP_ORIGIN.exec(origin);
  if (!match) return undefined;
  const [, ipv4] = match;
  if (ipv4 !== undefined) return IPV4.test(ipv4) ? ipv4 : undefined;
  return originAddress(origin);
}

describe('originAddress', () => {
  it.each([
    ['192.168.1.50:51234', '192.168.1.50'],
    ['10.0.0.1:1', '10.0.0.1'],
    ['[2001:db8::5]:50022', '[2001:db8::5]'],
    ['[2001:DB8:0:0::5]:50022', '[2001:db8::5]'],
    ['[::1]:22', '[::1]'],
  ])('reads the address of the TCP origin %s', (origin, address) => {
    expect(originAddress(origin)).toBe(address);
  });

  it.each([
    'UNIX socket (pid=4312 uid=0 gid=0)',
    '',
    'None',
    '192.168.1.50',
    '10.0.0.256:1',
    '010.0.0.1:1',
    '2001:db8::5:50022',
    '[2001:db8::5::6]:1',
    '[zz]:1',
    '10.0.0.1:123456',
    'host.example:22',
  ])('gives no address for %j', (origin) => {
    expect(originAddress(origin)).toBeUndefined();
  });

  it('reads an origin that does not start with [ as the regular expressions do', () => {
    const part = fc.oneof(
      fc.integer({ min: 0, max: 300 }).map(String),
      fc.constantFrom('', '00', '01', '007', '255', '256', '1000', 'a', ' '),
    );
    const dotted = fc.array(part, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('.'));
    const port = fc.oneof(
      fc.integer({ min: 0, max: 999_999 }).map(String),
      fc.constantFrom('', 'x'),
    );
    const origin = fc.oneof(
      fc.tuple(dotted, fc.constantFrom(':', '::', '', ' :'), port).map((p) => p.join('')),
      fc.string({ unit: fc.constantFrom(...'0123456789.:[]a '.split('')), maxLength: 24 }),
    );
    fc.assert(
      fc.property(origin, (text) => expect(originAddress(text)).toBe(regexAddress(text))),
      { numRuns: 20_000 },
    );
  });
});
