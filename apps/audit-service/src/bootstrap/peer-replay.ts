import type { NatsConnection } from 'nats';
import { streamReplay, type ReplayFailure } from '@authtrail/audit-client';
import { RpcErrorCode, Subjects, type ReplayChunk } from '@authtrail/contracts';
import type { SeqRange } from '../transport/resume-point';
import { BootstrapError } from './bootstrap-error';

/** No replica answered audit.replay (NATS reported no responders). */
export class NoPeerError extends Error {
  override readonly name = 'NoPeerError';
}

/** The replica that took the request is busy with other heavy requests (its 503). */
export class PeerBusyError extends Error {
  override readonly name = 'PeerBusyError';
}

/**
 * What a failed audit.replay means to a replica at start: no peer, a busy peer (worth asking
 * again), or a one-line refusal to start.
 */
export function peerReplayError(failure: ReplayFailure): Error {
  switch (failure.type) {
    case 'noResponders':
      return new NoPeerError(`no replica answers ${Subjects.replay}`);
    case 'error': {
      const { code, message } = failure.error;
      if (code === RpcErrorCode.Unavailable) return new PeerBusyError(message);
      return new BootstrapError(
        `a peer answered ${Subjects.replay} with error ${code}: ${message}`,
      );
    }
    case 'notJson':
      return new BootstrapError(`a peer sent a reply on ${Subjects.replay} that is not JSON`);
    case 'noResultList':
      return new BootstrapError(`a peer sent a reply on ${Subjects.replay} without a result list`);
    case 'idle':
      return new BootstrapError(
        `the peer answering ${Subjects.replay} sent nothing for ${failure.idleMs / 1000} s`,
      );
    case 'closed':
      return new BootstrapError(`the NATS connection closed during the replay`);
  }
}

/**
 * Asks the queue group for entries `window.from`..`window.to` on audit.replay and hands each reply
 * message's entries (checked when they are imported) to `onEntries`, in order, until the closing
 * empty message. Whichever replica answers sends the whole window. Fails when nothing arrives for
 * `idleMs`.
 */
export function replayWindow(
  connection: NatsConnection,
  window: SeqRange,
  onEntries: (entries: ReplayChunk) => void,
  idleMs: number,
): Promise<void> {
  const request = { from_seq: window.from, to_seq: window.to };
  return streamReplay(connection, request, onEntries, { idleMs, failure: peerReplayError });
}
