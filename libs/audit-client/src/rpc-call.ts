import type { NatsConnection } from 'nats';
import type { RpcErrorBody, RpcMap, SingleReplySubject } from '@authtrail/contracts';

/**
 * One request-reply call to the service: resolves with the reply's `result`. An error reply
 * rejects with an error whose `body` is the reply's error (RpcReplyError here; the CLI's own
 * RemoteError has the same `body`), so callers can tell a 404 from other failures.
 */
export type RpcCall = <S extends SingleReplySubject>(
  subject: S,
  body: RpcMap[S]['request'],
) => Promise<RpcMap[S]['reply']>;

/** The service answered with an error body. */
export class RpcReplyError extends Error {
  constructor(
    readonly subject: string,
    readonly body: RpcErrorBody,
  ) {
    super(`${subject}: ${body.message}`);
    this.name = 'RpcReplyError';
  }
}

/** The error code an RpcCall's rejection carries, when the service answered with one. */
export function replyErrorCode(error: unknown): number | undefined {
  const code = (error as { body?: { code?: unknown } } | null)?.body?.code;
  return typeof code === 'number' ? code : undefined;
}

const decoder = new TextDecoder();

/**
 * An RpcCall over `connection`, each request waiting up to `timeoutMs`. The `nats` client's own
 * errors (no responders, a timeout, a closed connection) reject as they are.
 */
export function natsRpcCall(connection: NatsConnection, timeoutMs = 10_000): RpcCall {
  return async (subject, body) => {
    const reply = await connection.request(subject, JSON.stringify(body), { timeout: timeoutMs });
    const answer = JSON.parse(decoder.decode(reply.data)) as {
      result?: unknown;
      error?: RpcErrorBody;
    };
    if (answer.error) throw new RpcReplyError(subject, answer.error);
    return answer.result as never;
  };
}
