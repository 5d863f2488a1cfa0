import { pamOrigin } from './pam-origin';

describe('pamOrigin', () => {
  it('is "" for a local login (no PAM_RHOST), as TrueNAS shows a connection of no known family', () => {
    expect(pamOrigin(undefined)).toEqual({ origin: '' });
    expect(pamOrigin('')).toEqual({ origin: '' });
  });

  it.each([
    ['10.0.0.9', '10.0.0.9 50022 10.0.0.1 22', '10.0.0.9:50022'],
    ['2001:db8::5', '2001:db8::5 50022 2001:db8::1 22', '[2001:db8::5]:50022'],
    ['2001:DB8::5', '2001:db8::5 50022 2001:db8::1 22', '[2001:DB8::5]:50022'],
  ])('takes the port of SSH_CONNECTION when it names the same client: %s', (rhost, ssh, origin) => {
    expect(pamOrigin(rhost, ssh)).toEqual({ origin });
  });

  it.each([
    ['10.0.0.9', undefined, '10.0.0.9:0'],
    ['10.0.0.9', '10.0.0.8 50022 10.0.0.1 22', '10.0.0.9:0'],
    ['10.0.0.9', '10.0.0.9 99999 10.0.0.1 22', '10.0.0.9:0'],
    ['10.0.0.9', '10.0.0.9', '10.0.0.9:0'],
    ['::1', 'garbage', '[::1]:0'],
    ['client.example.org', undefined, 'client.example.org:0'],
  ])('gives port 0 where PAM does not tell it: %s with %j', (rhost, ssh, origin) => {
    expect(pamOrigin(rhost, ssh)).toEqual({ origin });
  });

  it.each(['a b', 'host;rm -rf', '-leading', 'x'.repeat(300), '10.0.0.9\n'])(
    'refuses a PAM_RHOST that is neither an address nor a name: %j',
    (rhost) => {
      const result = pamOrigin(rhost);
      expect(result).toHaveProperty('problem');
      expect((result as { problem: string }).problem).toMatch(
        /^PAM_RHOST must be an IP address or a host name/,
      );
    },
  );
});
