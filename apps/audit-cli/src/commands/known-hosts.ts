import { RpcErrorCode, Subjects } from '@authtrail/contracts';
import { CliError } from '../errors/cli-error';
import { EXIT_ERROR } from '../errors/exit-codes';
import { RemoteError, type RpcClient } from '../rpc/rpc-client';

/** Most known hosts an unknown-host error lists. */
export const LISTED_HOSTS = 20;

/** The error for a `--host` the service does not know, with the hosts it does know. */
export function unknownHostMessage(host: string, known: readonly string[]): string {
  if (known.length === 0) return `no host "${host}" is known: the service has no host's events yet`;
  const listed = known.slice(0, LISTED_HOSTS).join(', ');
  const more = known.length > LISTED_HOSTS ? ` and ${known.length - LISTED_HOSTS} more` : '';
  return `no host "${host}" is known; known hosts: ${listed}${more}`;
}

const HOST_FIELD_HINT = /name one with "host"$/;

/** The service's "name one with "host"" (its request field) as the CLI's flag, `--host`. */
export function withHostFlag(error: unknown): unknown {
  if (
    error instanceof RemoteError &&
    error.body.code === RpcErrorCode.BadRequest &&
    HOST_FIELD_HINT.test(error.body.message)
  ) {
    const message = error.body.message.replace(HOST_FIELD_HINT, 'name one with --host');
    return new RemoteError({ ...error.body, message });
  }
  return error;
}

/**
 * Throws when `host` is not a host the service knows (the hosts of `audit.stats`' live_sessions:
 * every host with a projection). When the stats cannot be had, nothing is said.
 */
export async function requireKnownHost(rpc: RpcClient, host: string): Promise<void> {
  let known: string[];
  try {
    const stats = await rpc.request(Subjects.stats, {});
    known = Object.keys(stats.live_sessions ?? {}).sort();
  } catch {
    return;
  }
  if (!known.includes(host)) throw new CliError(unknownHostMessage(host, known), EXIT_ERROR);
}
