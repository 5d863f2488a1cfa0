import type { NatsConnection } from 'nats';
import {
  LOG_SEQ_HEADER,
  Subjects,
  type RpcErrorBody,
  type SessionRow,
  type SessionsRequest,
} from '@authtrail/contracts';
import { RpcReplyError } from './rpc-call';

/** A host's non-internal sessions and the log seq they reflect (`Authtrail-Log-Seq`). */
export interface CurrentSessions {
  seq: number;
  rows: SessionRow[];
}

const decoder = new TextDecoder();

/**
 * Asks `auth.sessions` for `host`'s non-internal sessions (the ones changes are published for:
 * REF §1.5) with the reply's log seq. An error reply rejects as RpcReplyError; a reply without
 * the header (a service that does not publish changes) or with another body rejects as Error.
 */
export async function readCurrentSessions(
  connection: NatsConnection,
  host: string,
  timeoutMs: number,
): Promise<CurrentSessions> {
  const request: SessionsRequest = { host, filters: [['internal', '=', false]] };
  const reply = await connection.request(Subjects.sessions, JSON.stringify(request), {
    timeout: timeoutMs,
  });
  const body = JSON.parse(decoder.decode(reply.data)) as { result?: unknown; error?: RpcErrorBody };
  if (body.error) throw new RpcReplyError(Subjects.sessions, body.error);
  const header = reply.headers?.get(LOG_SEQ_HEADER) ?? '';
  const seq = /^\d{1,15}$/.test(header) ? Number(header) : undefined;
  if (seq === undefined) {
    throw new Error(
      `${Subjects.sessions}: the reply has no ${LOG_SEQ_HEADER} header: the service does not publish session changes`,
    );
  }
  if (!Array.isArray(body.result)) throw new Error(`${Subjects.sessions}: the reply holds no rows`);
  return { seq, rows: body.result as SessionRow[] };
}
