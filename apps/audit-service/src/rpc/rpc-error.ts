import { RpcException } from '@nestjs/microservices';
import { RpcErrorCode, type RpcErrorBody, type ValidationItem } from '@authtrail/contracts';
import { ReadPoolBusyError } from '@authtrail/event-log';
import { HostRequiredError } from '@authtrail/sessions';
import { MatchNotFoundError, QueryCallError, QueryValidationError } from '@authtrail/filter-list';
import { GateBusyError } from './heavy-gate';

/** An RPC failure with the body the caller receives (contract §5). */
export class RpcError extends RpcException {
  constructor(readonly body: RpcErrorBody) {
    super(body);
  }

  static badRequest(message: string, errors?: ValidationItem[]): RpcError {
    return new RpcError(
      errors
        ? { code: RpcErrorCode.BadRequest, message, errors }
        : { code: RpcErrorCode.BadRequest, message },
    );
  }

  static notFound(message: string): RpcError {
    return new RpcError({ code: RpcErrorCode.NotFound, message });
  }

  /** The 503 of a request refused because the service holds as many heavy ones as it takes. */
  static busy(message: string): RpcError {
    return new RpcError({ code: RpcErrorCode.Unavailable, message });
  }
}

/** Whether a value is an error body produced by RpcError (or the framework's generic one). */
export function toErrorBody(error: unknown): RpcErrorBody {
  if (typeof error === 'object' && error !== null) {
    const candidate = error as Partial<RpcErrorBody>;
    if (typeof candidate.code === 'number' && typeof candidate.message === 'string') {
      return candidate as RpcErrorBody;
    }
  }
  return { code: RpcErrorCode.Internal, message: 'internal error: see the service log' };
}

/** The errors below the RPC edge that have an answer of their own; anything else is a 500. */
export const ANSWERED_ERRORS = [
  QueryValidationError,
  QueryCallError,
  HostRequiredError,
  ReadPoolBusyError,
  GateBusyError,
] as const;

/**
 * What the caller receives for a failure (REF §3.6; contract §5): query engine errors as 400 or
 * 404, a full read pool or replay gate as 503, an RpcError as it is; undefined for an unexpected
 * error (answered with the 500 that points to the service log).
 */
export function toRpcError(error: unknown): RpcError | undefined {
  if (error instanceof RpcError) return error;
  if (error instanceof QueryValidationError)
    return RpcError.badRequest(error.message, error.errors);
  if (error instanceof MatchNotFoundError) return RpcError.notFound(error.message);
  if (error instanceof QueryCallError || error instanceof HostRequiredError) {
    return RpcError.badRequest(error.message);
  }
  if (error instanceof ReadPoolBusyError || error instanceof GateBusyError) {
    return RpcError.busy(error.message);
  }
  return undefined;
}
