import { keyFileName } from './keygen.command';

describe('keyFileName', () => {
  it('keeps the characters a file name can hold and ends in .key', () => {
    expect(keyFileName('authtrail.example-1_a')).toBe('authtrail.example-1_a.key');
  });

  it('turns path separators and other awkward characters into _', () => {
    expect(keyFileName('example.com/log')).toBe('example.com_log.key');
    expect(keyFileName('host:4222/audit\\x')).toBe('host_4222_audit_x.key');
    expect(keyFileName('ünïcode')).toBe('_n_code.key');
  });
});
