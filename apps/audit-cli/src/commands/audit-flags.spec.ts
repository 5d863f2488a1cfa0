import { usageError } from '../../../../test/fixtures/cli-usage-error';
import {
  parseMonitorFlags,
  parseRangeFlags,
  parseTailFlags,
  parseVerifyFlags,
  readFlags,
} from './audit-flags';

describe('parseRangeFlags', () => {
  it('reads --from and --to, in any order and with =', () => {
    expect(parseRangeFlags('audit replay', '')).toEqual({});
    expect(parseRangeFlags('audit replay', '  ')).toEqual({});
    expect(parseRangeFlags('audit replay', '--from 10 --to 20')).toEqual({ from: 10, to: 20 });
    expect(parseRangeFlags('audit replay', '--to=20 --from=10')).toEqual({ from: 10, to: 20 });
    expect(parseRangeFlags('audit replay', '--from 7')).toEqual({ from: 7 });
    expect(parseRangeFlags('audit replay', '--to 0')).toEqual({ to: 0 });
    expect(parseRangeFlags('audit replay', '--from 5 --to 5')).toEqual({ from: 5, to: 5 });
  });

  it('refuses unknown flags, stray words, missing and bad values', () => {
    expect(usageError(() => parseRangeFlags('audit replay', '--since 3')).message).toBe(
      'audit replay: unknown option --since (options: --from N, --to N)',
    );
    expect(usageError(() => parseRangeFlags('audit verify', '10')).message).toContain(
      'audit verify: unexpected argument "10"',
    );
    expect(usageError(() => parseRangeFlags('audit replay', '--from')).message).toBe(
      'audit replay: --from needs a value (N)',
    );
    expect(usageError(() => parseRangeFlags('audit replay', '--from --to 3')).message).toBe(
      'audit replay: --from needs a value (N)',
    );
    expect(usageError(() => parseRangeFlags('audit replay', '--from=')).message).toBe(
      'audit replay: --from needs a value (N)',
    );
    for (const bad of ['-1', '1.5', 'ten', '1e3', '99999999999999999999']) {
      expect(usageError(() => parseRangeFlags('audit replay', `--to ${bad}`)).message).toBe(
        `audit replay: --to must be a non-negative integer, not "${bad}"`,
      );
    }
    expect(usageError(() => parseRangeFlags('audit replay', '--from 1 --from 2')).message).toBe(
      'audit replay: --from given twice',
    );
    expect(usageError(() => parseRangeFlags('audit replay', '--from 20 --to 10')).message).toBe(
      'audit replay: --to 10 is before --from 20',
    );
  });
});

describe('parseTailFlags', () => {
  it('reads --host, --kind and --count', () => {
    expect(parseTailFlags('')).toEqual({});
    expect(parseTailFlags('--host nas-1 --kind login --count 3')).toEqual({
      host: 'nas-1',
      kind: 'login',
      count: 3,
    });
    expect(parseTailFlags('--kind=login_failed')).toEqual({ kind: 'login_failed' });
  });

  it('refuses subjects tokens that are not a host or a kind, and a zero count', () => {
    expect(usageError(() => parseTailFlags('--host a.b')).message).toContain('--host "a.b"');
    expect(usageError(() => parseTailFlags('--host *')).message).toContain('--host "*"');
    expect(usageError(() => parseTailFlags('--kind >')).message).toBe(
      'audit tail: --kind must be one of login, logout, login_failed, boot, terminate, not ">"',
    );
    expect(usageError(() => parseTailFlags('--count 0')).message).toBe(
      'audit tail: --count must be a positive integer, not "0"',
    );
    expect(usageError(() => parseTailFlags('--from 1')).message).toBe(
      'audit tail: unknown option --from (options: --host H, --kind K, --count N)',
    );
  });
});

describe('readFlags', () => {
  it('does not treat inherited object keys as flags', () => {
    expect(usageError(() => readFlags('x', '--constructor 1', { a: 'A' })).message).toContain(
      'unknown option --constructor',
    );
  });

  it('reads a switch without a value, and refuses one given a value or twice', () => {
    const allowed = { a: 'A', on: null };
    expect([...readFlags('x', '--on --a 1', allowed)]).toEqual([
      ['on', ''],
      ['a', '1'],
    ]);
    expect([...readFlags('x', '--a 1 --on', allowed)]).toEqual([
      ['a', '1'],
      ['on', ''],
    ]);
    expect(usageError(() => readFlags('x', '--on=yes', allowed)).message).toBe(
      'x: --on takes no value',
    );
    expect(usageError(() => readFlags('x', '--on yes', allowed)).message).toBe(
      'x: unexpected argument "yes" (options: --a A, --on)',
    );
    expect(usageError(() => readFlags('x', '--on --on', allowed)).message).toBe(
      'x: --on given twice',
    );
  });
});

describe('parseVerifyFlags', () => {
  it('reads --key beside the range', () => {
    expect(parseVerifyFlags('')).toEqual({});
    expect(parseVerifyFlags('--key log.pub --from 3 --to 9')).toEqual({
      key: 'log.pub',
      from: 3,
      to: 9,
    });
    expect(parseVerifyFlags('--key=a+0a0b0c0d+AQID')).toEqual({ key: 'a+0a0b0c0d+AQID' });
    expect(parseVerifyFlags('--witnesses 2 --witness-key w.pub --checkpoint m/checkpoint')).toEqual(
      {
        witnesses: 2,
        witnessKeys: ['w.pub'],
        checkpoint: 'm/checkpoint',
      },
    );
  });

  it('takes --witness-key again for each witness, in order, and no other flag twice', () => {
    expect(parseVerifyFlags('--witness-key a.pub --witnesses 2 --witness-key=b.pub')).toEqual({
      witnesses: 2,
      witnessKeys: ['a.pub', 'b.pub'],
    });
    expect(usageError(() => parseVerifyFlags('--witnesses 1 --witnesses 2')).message).toBe(
      'audit verify: --witnesses given twice',
    );
  });

  it('needs a positive whole number of witnesses', () => {
    for (const bad of ['0', '-1', '1.5', 'two']) {
      expect(usageError(() => parseVerifyFlags(`--witnesses ${bad}`)).message).toBe(
        `audit verify: --witnesses must be a positive integer, not "${bad}"`,
      );
    }
  });

  it('refuses what audit verify does not know, and a bad range', () => {
    expect(usageError(() => parseVerifyFlags('--key')).message).toBe(
      'audit verify: --key needs a value (K)',
    );
    expect(usageError(() => parseVerifyFlags('--state d')).message).toBe(
      'audit verify: unknown option --state (options: --from N, --to N, --key K, --witnesses N, ' +
        '--witness-key W, --checkpoint FILE)',
    );
    expect(usageError(() => parseVerifyFlags('--from 9 --to 3')).message).toBe(
      'audit verify: --to 3 is before --from 9',
    );
  });
});

describe('parseMonitorFlags', () => {
  it('reads --state, --key and --follow', () => {
    expect(parseMonitorFlags('--state /var/lib/m')).toEqual({
      state: '/var/lib/m',
      follow: false,
    });
    expect(parseMonitorFlags('--follow --key k.pub --state=m')).toEqual({
      state: 'm',
      key: 'k.pub',
      follow: true,
    });
  });

  it('needs --state and refuses unknown options', () => {
    expect(usageError(() => parseMonitorFlags('--follow')).message).toBe(
      'audit monitor: --state DIR is required: where the last verified checkpoint is kept',
    );
    expect(usageError(() => parseMonitorFlags('--state m --from 1')).message).toBe(
      'audit monitor: unknown option --from (options: --state DIR, --key K, --follow)',
    );
    expect(usageError(() => parseMonitorFlags('--state m --follow=1')).message).toBe(
      'audit monitor: --follow takes no value',
    );
  });
});

describe('readFlags with positional words', () => {
  it('collects the words that are not flags, in order, wherever they stand', () => {
    const words: string[] = [];
    const flags = readFlags('x', 'a.proof --key k --entry=e b', { key: 'K', entry: 'F' }, words);
    expect(words).toEqual(['a.proof', 'b']);
    expect([...flags]).toEqual([
      ['key', 'k'],
      ['entry', 'e'],
    ]);
  });

  it('still refuses unknown flags and flags without a value', () => {
    expect(usageError(() => readFlags('x', 'a --size 3', { key: 'K' }, [])).message).toContain(
      'unknown option --size',
    );
    expect(usageError(() => readFlags('x', 'a --key', { key: 'K' }, [])).message).toBe(
      'x: --key needs a value (K)',
    );
  });
});
