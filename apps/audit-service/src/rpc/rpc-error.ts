import { RpcException } from '@nestjs/microservices';
import { RpcErrorCode, type RpcErrorBody, type ValidationItem } from '@authtrail/contracts';
import { HostRequiredError } from '@authtrail/sessions';
import { MatchNotFoundError, QueryCallError, QueryValidationError } from '@authtrail/filter-list';

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

/** Maps query engine failures to RPC errors (REF §3.6; contract §5). */
export function toRpcError(error: unknown): unknown {
  if (error instanceof QueryValidationError)
    return RpcError.badRequest(error.message, error.errors);
  if (error instanceof MatchNotFoundError) return RpcError.notFound(error.message);
  if (error instanceof QueryCallError || error instanceof HostRequiredError) {
    return RpcError.badRequest(error.message);
  }
  return error;
}
