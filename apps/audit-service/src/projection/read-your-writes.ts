import { RpcErrorCode } from '@authtrail/contracts';
import { RpcError } from '../rpc/rpc-error';
import type { SessionsProjection } from './sessions.projection';

/** How long an answer waits for the projection to apply a stream sequence (contract §5). */
export const AFTER_SEQ_TIMEOUT_MS = 5_000;

/**
 * Read-your-writes: resolves once the projection has applied every event up to stream sequence
 * `streamSeq`; a 504 naming it after AFTER_SEQ_TIMEOUT_MS.
 */
export async function untilApplied(
  projection: SessionsProjection,
  streamSeq: number,
): Promise<void> {
  if (await projection.waitUntilHandled(streamSeq, AFTER_SEQ_TIMEOUT_MS)) return;
  throw new RpcError({
    code: RpcErrorCode.Timeout,
    message: `stream sequence ${streamSeq} was not applied within ${AFTER_SEQ_TIMEOUT_MS} ms`,
  });
}
