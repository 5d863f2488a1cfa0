import { EINVAL, HOST_PATTERN, type ValidationItem } from '@authtrail/contracts';
import { MalformedRequest } from './json-request.deserializer';
import { RpcError } from './rpc-error';

export const isHost = (v: unknown): v is string => typeof v === 'string' && HOST_PATTERN.test(v);
export const isString = (v: unknown): v is string => typeof v === 'string';
export const isSeq = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/**
 * Reads an RPC request body field by field, collecting every problem, then throws one 400 with
 * all of them (TrueNAS validation style). Unknown keys are refused.
 */
export class RequestReader {
  private readonly body: Record<string, unknown>;
  private readonly errors: ValidationItem[] = [];

  constructor(data: unknown, allowed: readonly string[]) {
    if (data instanceof MalformedRequest) throw RpcError.badRequest(data.reason);
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw RpcError.badRequest('the request must be a JSON object');
    }
    this.body = data as Record<string, unknown>;
    for (const key of Object.keys(this.body)) {
      if (!allowed.includes(key)) this.errors.push([key, 'Extra inputs are not permitted', EINVAL]);
    }
  }

  /** The raw value (checked later by the query engine). */
  raw(key: string): unknown {
    return this.body[key];
  }

  optional<T>(key: string, accept: (value: unknown) => value is T, message: string): T | undefined {
    const value = this.body[key];
    if (value === undefined) return undefined;
    if (accept(value)) return value;
    this.errors.push([key, message, EINVAL]);
    return undefined;
  }

  /** As `optional`, and a missing member is an error of its own (pydantic's `Field required`). */
  required<T>(key: string, accept: (value: unknown) => value is T, message: string): T | undefined {
    if (this.body[key] !== undefined) return this.optional(key, accept, message);
    this.errors.push([key, 'Field required', EINVAL]);
    return undefined;
  }

  fail(key: string, message: string): void {
    this.errors.push([key, message, EINVAL]);
  }

  /** Throws the collected errors, if any. */
  done(): void {
    if (this.errors.length > 0) throw RpcError.badRequest('Invalid params', this.errors);
  }
}

export const HOST_MESSAGE = 'Input should be a host name of 1-64 of [A-Za-z0-9_-]';
export const SEQ_MESSAGE = 'Input should be a non-negative integer';
export const STRING_MESSAGE = 'Input should be a valid string';
