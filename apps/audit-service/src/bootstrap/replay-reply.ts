import type { Msg } from 'nats';
import { RpcErrorCode, Subjects, type RpcErrorBody } from '@authtrail/contracts';
import { BootstrapError } from './bootstrap-error';

/** One reply message of audit.replay as a replica reads it. */
export type ReplayReply =
  { entries: unknown[] } | { end: true } | { noPeer: true } | { busy: string };

const NO_RESPONDERS = 503;
const decoder = new TextDecoder();

/**
 * Reads one reply message of audit.replay (contract §5): an empty body closes the stream,
 * `{"result": [...]}` carries entries (checked when they are imported), `{"error": ...}` is a
 * refusal, except code 503 (the peer is busy with other heavy requests: worth asking again); a
 * no-responders status means no replica is listening. Pure.
 */
export function readReplayReply(msg: Pick<Msg, 'data' | 'headers'>): ReplayReply {
  if (msg.headers?.code === NO_RESPONDERS) return { noPeer: true };
  if (msg.data.length === 0) return { end: true };
  let body: { result?: unknown; error?: RpcErrorBody };
  try {
    body = JSON.parse(decoder.decode(msg.data)) as typeof body;
  } catch {
    throw new BootstrapError(`a peer sent a reply on ${Subjects.replay} that is not JSON`);
  }
  if (body?.error?.code === RpcErrorCode.Unavailable) return { busy: body.error.message };
  if (body?.error) {
    throw new BootstrapError(
      `a peer answered ${Subjects.replay} with error ${body.error.code}: ${body.error.message}`,
    );
  }
  if (!Array.isArray(body?.result)) {
    throw new BootstrapError(`a peer sent a reply on ${Subjects.replay} without a result list`);
  }
  return { entries: body.result };
}
