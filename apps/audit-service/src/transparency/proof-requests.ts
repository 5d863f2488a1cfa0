import { RpcError } from '../rpc/rpc-error';
import { RequestReader } from '../rpc/request-reader';

/** A tree size or seq in a request: a whole number from 1 (JSON numbers only). */
const isPositive = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1;
const POSITIVE_MESSAGE = 'Input should be a positive integer';

/** `audit.checkpoint`: `{ size? }`. */
export function parseCheckpointRequest(data: unknown): { size?: number } {
  const reader = new RequestReader(data, ['size']);
  const size = reader.optional('size', isPositive, POSITIVE_MESSAGE);
  reader.done();
  return { size };
}

/** `audit.proof.inclusion`: `{ seq, size? }`. */
export function parseInclusionRequest(data: unknown): { seq: number; size?: number } {
  const reader = new RequestReader(data, ['seq', 'size']);
  const seq = reader.optional('seq', isPositive, POSITIVE_MESSAGE);
  if (reader.raw('seq') === undefined) reader.fail('seq', 'Field required');
  const size = reader.optional('size', isPositive, POSITIVE_MESSAGE);
  reader.done();
  return { seq: seq!, size };
}

/** `audit.proof.consistency`: `{ from_size, to_size? }`; from_size may not exceed to_size. */
export function parseConsistencyRequest(data: unknown): { fromSize: number; toSize?: number } {
  const reader = new RequestReader(data, ['from_size', 'to_size']);
  const fromSize = reader.optional('from_size', isPositive, POSITIVE_MESSAGE);
  if (reader.raw('from_size') === undefined) reader.fail('from_size', 'Field required');
  const toSize = reader.optional('to_size', isPositive, POSITIVE_MESSAGE);
  reader.done();
  if (toSize !== undefined && fromSize! > toSize) {
    throw RpcError.badRequest(`from_size ${fromSize} is larger than to_size ${toSize}`);
  }
  return { fromSize: fromSize!, toSize };
}
