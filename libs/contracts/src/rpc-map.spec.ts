import type { RpcMap, RpcSubject, SessionsFieldSubject, SingleReplySubject } from './rpc-map';
import { sessionsFieldSubject, Subjects } from './subjects';

/** Compiles only when `value` is a T: the checks below are made by the type checker. */
const typed = <T>(value: T): T => value;

describe('RpcMap', () => {
  it('keys each RPC by its subject constant, the field subjects included', () => {
    const subjects: RpcSubject[] = [
      Subjects.sessions,
      Subjects.logQuery,
      Subjects.logVerify,
      Subjects.sessionsAt,
      Subjects.stats,
      Subjects.replay,
      sessionsFieldSubject('origin'),
    ];
    expect(subjects).toContain('auth.sessions.origin');
    expect(typed<SessionsFieldSubject>(sessionsFieldSubject('created_at'))).toBe(
      'auth.sessions.created_at',
    );
  });

  it('types requests and replies', () => {
    const verify = typed<RpcMap['audit.log.verify']>({
      request: { from_seq: 1 },
      reply: { ok: true, checked: 1 },
    });
    const count = typed<RpcMap['auth.sessions.id']['reply']>(3);
    const single = typed<SingleReplySubject>('audit.stats');
    expect([verify.reply.ok, count, single]).toEqual([true, 3, 'audit.stats']);
  });
});
