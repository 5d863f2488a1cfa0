import { isIP } from 'node:net';

/** A DNS name as sshd gives PAM_RHOST with UseDNS: letters, digits, dots and hyphens. */
const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;

/**
 * The client's port from `SSH_CONNECTION` (`<client ip> <client port> <server ip> <server port>`),
 * when it names the same client as PAM_RHOST; 0 otherwise (PAM itself has no port).
 */
function clientPort(rhost: string, sshConnection: string | undefined): number {
  const [ip, port] = (sshConnection ?? '').split(' ');
  if (
    ip === undefined ||
    ip.toLowerCase() !== rhost.toLowerCase() ||
    !/^\d{1,5}$/.test(port ?? '')
  ) {
    return 0;
  }
  const value = Number(port);
  return value >= 1 && value <= 65535 ? value : 0;
}

/**
 * The session's `origin` in the closest of REF §1.1's formats: a remote login (PAM_RHOST) is
 * `<ip>:<port>`, `[<ipv6>]:<port>`, or `<name>:<port>` for a name (sshd with UseDNS), the port
 * from SSH_CONNECTION or 0 where PAM does not tell it; a local login (no PAM_RHOST: a console,
 * su, sudo) is `""`, as TrueNAS shows a connection that is neither a UNIX socket nor TCP.
 * A PAM_RHOST that is none of these is a problem, not an origin.
 */
export function pamOrigin(
  rhost: string | undefined,
  sshConnection?: string,
): { origin: string } | { problem: string } {
  if (rhost === undefined || rhost === '') return { origin: '' };
  const port = clientPort(rhost, sshConnection);
  const family = isIP(rhost);
  if (family === 6) return { origin: `[${rhost}]:${port}` };
  if (family === 4 || HOST_NAME.test(rhost)) return { origin: `${rhost}:${port}` };
  return {
    problem: `PAM_RHOST must be an IP address or a host name, not ${JSON.stringify(rhost.slice(0, 80))}`,
  };
}
