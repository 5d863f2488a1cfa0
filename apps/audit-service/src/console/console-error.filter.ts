import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { RpcErrorCode } from '@authtrail/contracts';
import { toRpcError } from '../rpc/rpc-error';
import { FormError } from './console-queries';
import type { ConsoleResponse } from './console-http';

/** The console's error body: the same message as the RPC's (and the CLI's) for the same fault. */
export interface ConsoleErrorBody {
  error: string;
  errors?: [string, string, number][];
}

/** HttpException's message, whatever shape Nest gave its response. */
function httpMessage(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : String(message ?? error.message);
}

/**
 * Answers every failure of a console request with a status and `{"error": message}`: a bad form
 * field or query 400, an unknown entry 404, a busy read pool 503 (each as the RPC says it), and
 * anything unexpected a 500 that points to the service log, never a stack trace.
 */
@Catch()
export class ConsoleErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('console');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<ConsoleResponse>();
    const [status, body] = this.answer(exception);
    if (response.headersSent) {
      response.end();
      return;
    }
    response.statusCode = status;
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.setHeader('Cache-Control', 'no-store');
    response.end(JSON.stringify(body));
  }

  private answer(exception: unknown): [number, ConsoleErrorBody] {
    if (exception instanceof HttpException) {
      return [exception.getStatus(), { error: httpMessage(exception) }];
    }
    if (exception instanceof FormError) return [400, { error: exception.message }];
    const rpc = toRpcError(exception);
    if (rpc) {
      const { code, message, errors } = rpc.body;
      return [code, errors ? { error: message, errors } : { error: message }];
    }
    this.logger.error(
      `console request failed: ${exception instanceof Error ? exception.stack : String(exception)}`,
    );
    return [RpcErrorCode.Internal, { error: 'internal error: see the service log' }];
  }
}
