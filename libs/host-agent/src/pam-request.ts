/** The PAM calls `authtrail pam` records: the session stack's two, and the auth stack's failure. */
export const PAM_TYPES = ['open_session', 'close_session', 'auth'] as const;
export type PamType = (typeof PAM_TYPES)[number];

/** What pam_exec.so tells its command in the environment (pam_exec(8)), checked. */
export interface PamRequest {
  type: PamType;
  service: string;
  user: string;
  /** The user name as given was longer than MAX_USER_LENGTH and is cut (auth only). */
  userCut?: number;
  tty?: string;
  rhost?: string;
  /** `SSH_CONNECTION` (client address and port), which sshd puts in the PAM environment. */
  sshConnection?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** LOGIN_NAME_MAX on Linux. */
export const MAX_USER_LENGTH = 256;
const MAX_SERVICE_LENGTH = 64;
const MAX_TTY_LENGTH = 64;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

const printable = (value: string, max: number) =>
  value.length >= 1 && value.length <= max && !CONTROL.test(value);

/**
 * The request of one pam_exec call, or the problems with its environment (each naming the
 * variable). A user name given at a failed login is the attacker's text: any length is recorded,
 * cut at MAX_USER_LENGTH, so that a long one cannot hide the attempt; a session's user, whom PAM
 * has authenticated, must be a user name.
 */
export function parsePamRequest(env: Env): PamRequest | { problems: string[] } {
  const problems: string[] = [];
  const type = env.PAM_TYPE;
  if (type === undefined || type === '') {
    problems.push('PAM_TYPE is not set: run authtrail pam from pam_exec.so');
  } else if (!(PAM_TYPES as readonly string[]).includes(type)) {
    problems.push(
      `PAM_TYPE ${JSON.stringify(type)}: authtrail pam records open_session and close_session ` +
        '(the session stack) and auth (the auth stack, after a failed password check)',
    );
  }
  const service = env.PAM_SERVICE ?? '';
  if (!printable(service, MAX_SERVICE_LENGTH)) {
    problems.push(
      `PAM_SERVICE must be 1-${MAX_SERVICE_LENGTH} printable characters, not ${JSON.stringify(service)}`,
    );
  }
  let user = env.PAM_USER ?? '';
  let userCut: number | undefined;
  if (type === 'auth' && user.length > MAX_USER_LENGTH) {
    userCut = user.length;
    user = user.slice(0, MAX_USER_LENGTH);
  }
  if (user === '') {
    problems.push('PAM_USER is not set');
  } else if (type !== 'auth' && !printable(user, MAX_USER_LENGTH)) {
    problems.push(
      `PAM_USER must be 1-${MAX_USER_LENGTH} printable characters for a session, not ${JSON.stringify(user.slice(0, 80))}`,
    );
  }
  const tty = env.PAM_TTY || undefined;
  if (tty !== undefined && !printable(tty, MAX_TTY_LENGTH)) {
    problems.push(
      `PAM_TTY must be 1-${MAX_TTY_LENGTH} printable characters, not ${JSON.stringify(tty)}`,
    );
  }
  if (problems.length > 0) return { problems };
  return {
    type: type as PamType,
    service,
    user,
    ...(userCut === undefined ? {} : { userCut }),
    ...(tty === undefined ? {} : { tty }),
    ...(env.PAM_RHOST ? { rhost: env.PAM_RHOST } : {}),
    ...(env.SSH_CONNECTION ? { sshConnection: env.SSH_CONNECTION } : {}),
  };
}
