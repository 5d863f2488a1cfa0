import { isValidKeyName } from '@authtrail/signed-note';
import { defaultKeyName } from './default-key-name';

describe('defaultKeyName', () => {
  it('is authtrail-<host name>', () => {
    expect(defaultKeyName('nas-1.example.com')).toBe('authtrail-nas-1.example.com');
  });

  it('writes the spaces and plus signs a key name cannot hold as -', () => {
    expect(defaultKeyName('my host+a\u00a0b')).toBe('authtrail-my-host-a-b');
    expect(isValidKeyName(defaultKeyName('a\tb c'))).toBe(true);
  });

  it('is authtrail for an empty or blank host name', () => {
    expect(defaultKeyName('')).toBe('authtrail');
    expect(defaultKeyName('  ')).toBe('authtrail');
  });

  it('is authtrail for a host name that is not well-formed text', () => {
    expect(defaultKeyName('bad\ud800')).toBe('authtrail');
  });
});
