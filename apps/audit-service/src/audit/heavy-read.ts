import { RpcErrorCode } from '@authtrail/contracts';
import { ReadPoolBusyError } from '@authtrail/event-log';
import { RpcError, toRpcError } from '../rpc/rpc-error';

/** The 503 of a request refused because the service holds as many heavy ones as it takes. */
export function busyError(message: string): RpcError {
  return new RpcError({ code: RpcErrorCode.Unavailable, message });
}

/** Maps a heavy read's failure to what the caller receives: 503 when busy, query errors as 4xx. */
export function toHeavyReadError(error: unknown): unknown {
  if (error instanceof ReadPoolBusyError) return busyError(error.message);
  return toRpcError(error);
}
