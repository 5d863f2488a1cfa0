import { originAddress } from './origin-address';

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
});
