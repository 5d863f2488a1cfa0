import { entryLine, tailSubject } from './audit-tail.command';

const encoder = new TextEncoder();

describe('audit tail', () => {
  it('subscribes to the appended subject, * for what is not given', () => {
    expect(tailSubject({})).toBe('audit.log.appended.*.*');
    expect(tailSubject({ host: 'nas-1' })).toBe('audit.log.appended.nas-1.*');
    expect(tailSubject({ kind: 'login' })).toBe('audit.log.appended.*.login');
    expect(tailSubject({ host: 'nas-1', kind: 'boot', count: 2 })).toBe(
      'audit.log.appended.nas-1.boot',
    );
  });

  it('prints each entry as one JSON line', () => {
    const body = '{\n  "seq": 3,\n  "kind": "login"\n}';
    expect(entryLine(encoder.encode(body))).toBe('{"seq":3,"kind":"login"}\n');
    expect(entryLine(encoder.encode('not json'))).toBeUndefined();
    expect(entryLine(encoder.encode('[1]'))).toBeUndefined();
    expect(entryLine(encoder.encode('null'))).toBeUndefined();
  });
});
