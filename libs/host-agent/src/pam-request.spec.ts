import { MAX_USER_LENGTH, parsePamRequest } from './pam-request';

const session = { PAM_TYPE: 'open_session', PAM_SERVICE: 'sshd', PAM_USER: 'alice' };
const problemsOf = (env: Record<string, string>) => {
  const parsed = parsePamRequest(env);
  return 'problems' in parsed ? parsed.problems : [];
};

describe('parsePamRequest', () => {
  it('reads what pam_exec sets, leaving out what is empty', () => {
    expect(
      parsePamRequest({
        ...session,
        PAM_TTY: 'ssh',
        PAM_RHOST: '10.0.0.9',
        PAM_RUSER: '',
        SSH_CONNECTION: '10.0.0.9 50000 10.0.0.1 22',
      }),
    ).toEqual({
      type: 'open_session',
      service: 'sshd',
      user: 'alice',
      tty: 'ssh',
      rhost: '10.0.0.9',
      sshConnection: '10.0.0.9 50000 10.0.0.1 22',
    });
    expect(parsePamRequest({ ...session, PAM_TTY: '', PAM_RHOST: '' })).toEqual({
      type: 'open_session',
      service: 'sshd',
      user: 'alice',
    });
  });

  it('says how to run it when it is not run by pam_exec', () => {
    expect(problemsOf({})).toEqual([
      'PAM_TYPE is not set: run authtrail pam from pam_exec.so',
      'PAM_SERVICE must be 1-64 printable characters, not ""',
      'PAM_USER is not set',
    ]);
  });

  it.each(['account', 'password', 'OPEN_SESSION', 'open_session '])(
    'refuses PAM_TYPE %j, naming the stacks it belongs in',
    (type) => {
      expect(problemsOf({ ...session, PAM_TYPE: type })).toEqual([
        `PAM_TYPE ${JSON.stringify(type)}: authtrail pam records open_session and close_session (the session stack) and auth (the auth stack, after a failed password check)`,
      ]);
    },
  );

  it.each([
    ['a newline in the user', { PAM_USER: 'al\nice' }, /^PAM_USER must be/],
    ['a user over 256 characters', { PAM_USER: 'a'.repeat(257) }, /^PAM_USER must be/],
    ['a control character in the tty', { PAM_TTY: 'pts/1\u001b[2J' }, /^PAM_TTY must be/],
    ['a long service', { PAM_SERVICE: 's'.repeat(65) }, /^PAM_SERVICE must be/],
  ])('refuses a session with %s', (_what, change, problem) => {
    const problems = problemsOf({ ...session, ...change });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  it('records a failed login whatever the user typed, cutting a long name and saying so', () => {
    const typed = 'x'.repeat(MAX_USER_LENGTH + 44);
    expect(parsePamRequest({ PAM_TYPE: 'auth', PAM_SERVICE: 'sshd', PAM_USER: typed })).toEqual({
      type: 'auth',
      service: 'sshd',
      user: 'x'.repeat(MAX_USER_LENGTH),
      userCut: MAX_USER_LENGTH + 44,
    });
    expect(problemsOf({ PAM_TYPE: 'auth', PAM_SERVICE: 'sshd', PAM_USER: 'a\nb' })).toEqual([]);
  });
});
