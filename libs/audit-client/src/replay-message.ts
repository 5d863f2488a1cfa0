import type { Msg } from 'nats';
import type { ReplayChunk, RpcErrorBody } from '@authtrail/contracts';

/** Why an audit.replay stream failed, as data: each caller words it for its own users. */
export type ReplayFailure =
  /** NATS answered that nobody listens on audit.replay (only expected first). */
  | { type: 'noResponders' }
  /** The service refused, or failed mid-stream: its error body (503: busy, worth asking again). */
  | { type: 'error'; error: RpcErrorBody }
  | { type: 'notJson' }
  | { type: 'noResultList' }
  /** Nothing arrived for `idleMs`. */
  | { type: 'idle'; idleMs: number }
  /** The connection closed before the closing empty message. */
  | { type: 'closed' };

/** One reply message of audit.replay: entries, the end of the stream, or a failure. */
export type ReplayMessage = { entries: ReplayChunk } | { end: true } | { failure: ReplayFailure };

const NO_RESPONDERS = 503;
const decoder = new TextDecoder();

/**
 * Reads one reply message of audit.replay (contract §5): an empty body closes the stream,
 * `{"result": [...]}` carries entries (as the service sent them: a caller that stores them checks
 * them), `{"error": ...}` is a failure, and so is a no-responders status or a body that is not
 * the contract's. Pure.
 */
export function readReplayMessage(msg: Pick<Msg, 'data' | 'headers'>): ReplayMessage {
  if (msg.headers?.code === NO_RESPONDERS) return { failure: { type: 'noResponders' } };
  if (msg.data.length === 0) return { end: true };
  let body: { result?: unknown; error?: RpcErrorBody } | null;
  try {
    body = JSON.parse(decoder.decode(msg.data)) as typeof body;
  } catch {
    return { failure: { type: 'notJson' } };
  }
  if (body?.error) return { failure: { type: 'error', error: body.error } };
  if (!Array.isArray(body?.result)) return { failure: { type: 'noResultList' } };
  return { entries: body.result as ReplayChunk };
}
