import { RpcError } from '../rpc/rpc-error';
import { parseSessionField, parseSessionsRequest } from './sessions-request';

describe('parseSessionField', () => {
  it('takes the last word of auth.sessions.<field> when it is a row field', () => {
    expect(parseSessionField('auth.sessions.origin')).toBe('origin');
    expect(parseSessionField('auth.sessions.created_at')).toBe('created_at');
  });

  it('refuses any other word with a 404 that lists the fields', () => {
    expect(() => parseSessionField('auth.sessions.nope')).toThrow(
      RpcError.notFound(
        'no field "nope": use one of id, current, internal, origin, credentials, credentials_data, created_at',
      ),
    );
  });
});

describe('parseSessionsRequest', () => {
  it('reads the fields and refuses unknown keys with every problem at once', () => {
    expect(parseSessionsRequest({ host: 'nas', after_seq: 3 })).toEqual({
      filters: [],
      options: {},
      host: 'nas',
      callerSessionId: undefined,
      afterSeq: 3,
    });
    try {
      parseSessionsRequest({ filter: [], after_seq: -1 });
      throw new Error('not refused');
    } catch (error) {
      expect((error as RpcError).body).toEqual({
        code: 400,
        message: 'Invalid params',
        errors: [
          ['filter', 'Extra inputs are not permitted', 22],
          ['after_seq', 'Input should be a non-negative integer', 22],
        ],
      });
    }
  });
});
