import { isValidKeyName } from '@authtrail/signed-note';

/** What a key name cannot hold: Unicode spaces and `+`. */
const UNSAFE = /[\p{White_Space}+]/gu;

/**
 * The name of a signing key the service creates on the host `hostname`: `authtrail-<hostname>`,
 * each space or `+` in it as `-`; `authtrail` for an empty host name.
 */
export function defaultKeyName(hostname: string): string {
  const host = hostname.trim().replace(UNSAFE, '-');
  const name = `authtrail-${host}`;
  return host !== '' && isValidKeyName(name) ? name : 'authtrail';
}
