import type { ArgumentsHost, Logger } from '@nestjs/common';
import { BaseRpcExceptionFilter } from '@nestjs/microservices';
import { firstValueFrom, type Observable } from 'rxjs';
import { ReadPoolBusyError } from '@authtrail/event-log';
import { HostRequiredError } from '@authtrail/sessions';
import { MatchNotFoundError, QueryCallError, QueryValidationError } from '@authtrail/filter-list';
import { GateBusyError } from './heavy-gate';
import { RpcError, toErrorBody, toRpcError } from './rpc-error';
import { RpcErrorFilter } from './rpc-error.filter';

/** What the filter hands the transport: the error its observable fails with. */
async function answered(exception: unknown): Promise<unknown> {
  const reply = new RpcErrorFilter().catch(exception, {} as ArgumentsHost) as Observable<unknown>;
  return firstValueFrom(reply).then(
    () => 'no error',
    (error: unknown) => error,
  );
}

describe('toRpcError', () => {
  it('maps query engine errors to 400 and 404 bodies', () => {
    const errors: [string, string, number][] = [['filters', 'bad', 22]];
    expect(toRpcError(new QueryValidationError(errors))?.body).toEqual({
      code: 400,
      message: 'Invalid params',
      errors,
    });
    expect(toRpcError(new MatchNotFoundError())?.body).toEqual({
      code: 404,
      message: new MatchNotFoundError().message,
    });
    expect(toRpcError(new QueryCallError('no such column'))?.body).toEqual({
      code: 400,
      message: 'no such column',
    });
    expect(toRpcError(new HostRequiredError('give host'))?.body).toEqual({
      code: 400,
      message: 'give host',
    });
  });

  it('maps a full read pool and a full replay gate to 503', () => {
    const pool = new ReadPoolBusyError(4, 4);
    expect(toRpcError(pool)?.body).toEqual({ code: 503, message: pool.message });
    expect(toRpcError(new GateBusyError('busy with replays'))?.body).toEqual({
      code: 503,
      message: 'busy with replays',
    });
  });

  it('keeps an RpcError, and knows no answer for anything else', () => {
    const refusal = RpcError.notFound('no field');
    expect(toRpcError(refusal)).toBe(refusal);
    expect(toRpcError(new Error('disk I/O error'))).toBeUndefined();
    expect(toRpcError('text')).toBeUndefined();
  });
});

describe('RpcErrorFilter', () => {
  it('answers a query engine error with its body, as the serializer writes it', async () => {
    const body = await answered(new QueryValidationError([['options', 'bad', 22]]));
    expect(toErrorBody(body)).toEqual({
      code: 400,
      message: 'Invalid params',
      errors: [['options', 'bad', 22]],
    });
    expect(JSON.stringify({ error: body })).toBe(
      '{"error":{"code":400,"message":"Invalid params","errors":[["options","bad",22]]}}',
    );
    expect(await answered(new ReadPoolBusyError(2, 2))).toEqual({
      code: 503,
      message: new ReadPoolBusyError(2, 2).message,
    });
  });

  it('leaves anything else to the framework: logged, and a 500 for the caller', async () => {
    const logger = (BaseRpcExceptionFilter as unknown as { logger: Logger }).logger;
    const logged = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    try {
      expect(toErrorBody(await answered(new Error('disk I/O error')))).toEqual({
        code: 500,
        message: 'internal error: see the service log',
      });
      expect(logged).toHaveBeenCalledTimes(1);
    } finally {
      logged.mockRestore();
    }
  });
});
