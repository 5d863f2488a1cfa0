import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseRpcExceptionFilter } from '@nestjs/microservices';
import type { Observable } from 'rxjs';
import { ANSWERED_ERRORS, toRpcError } from './rpc-error';

/**
 * Answers the errors the query engine and the read side throw with the RpcError body each stands
 * for, so handlers and services throw them as they are. RpcErrors and unexpected errors go on to
 * the framework's handling (which logs the unexpected ones; the serializer makes them a 500).
 */
@Catch(...ANSWERED_ERRORS)
export class RpcErrorFilter extends BaseRpcExceptionFilter<unknown, unknown> {
  override catch(exception: unknown, host: ArgumentsHost): Observable<unknown> {
    return super.catch(toRpcError(exception) ?? exception, host);
  }
}
