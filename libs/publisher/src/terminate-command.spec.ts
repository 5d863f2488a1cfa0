import { readTerminateCommand } from './terminate-command';

const ID = '0190a5b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b';

describe('readTerminateCommand', () => {
  it('reads a command into the request the handler receives', () => {
    expect(readTerminateCommand({ request_id: ID, session_id: 's1' })).toEqual({
      ok: true,
      request: { requestId: ID, sessionId: 's1' },
    });
    expect(
      readTerminateCommand({ request_id: ID, session_id: 's1', requested_by: 'alice' }),
    ).toEqual({ ok: true, request: { requestId: ID, sessionId: 's1', requestedBy: 'alice' } });
  });

  it('names every problem: missing and mistyped members, huge ids, unknown keys', () => {
    expect(readTerminateCommand({ session_id: 7, requested_by: '', x: 1 })).toEqual({
      ok: false,
      problems: [
        'x: Extra inputs are not permitted',
        'request_id must be a UUID',
        'session_id must be a string of 1 to 128 characters',
        'requested_by must be a string of 1 to 256 characters',
      ],
    });
    expect(readTerminateCommand({ request_id: ID, session_id: 'x'.repeat(129) })).toEqual({
      ok: false,
      problems: ['session_id must be a string of 1 to 128 characters'],
    });
  });

  it('refuses anything but an object', () => {
    for (const value of [null, [], 'x', 3, undefined]) {
      expect(readTerminateCommand(value)).toEqual({
        ok: false,
        problems: ['the command must be a JSON object'],
      });
    }
  });
});
