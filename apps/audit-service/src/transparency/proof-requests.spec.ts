import { RpcError } from '../rpc/rpc-error';
import {
  parseCheckpointRequest,
  parseConsistencyRequest,
  parseInclusionRequest,
} from './proof-requests';

/** The 400 body a parse throws. */
function refusal(parse: () => unknown): unknown {
  try {
    parse();
  } catch (error) {
    if (error instanceof RpcError) return error.body;
    throw error;
  }
  throw new Error('accepted');
}

describe('proof requests', () => {
  it('read the sizes and seqs they are given', () => {
    expect(parseCheckpointRequest({})).toEqual({ size: undefined });
    expect(parseCheckpointRequest({ size: 7 })).toEqual({ size: 7 });
    expect(parseInclusionRequest({ seq: 3 })).toEqual({ seq: 3, size: undefined });
    expect(parseInclusionRequest({ seq: 3, size: 3 })).toEqual({ seq: 3, size: 3 });
    expect(parseConsistencyRequest({ from_size: 2, to_size: 2 })).toEqual({
      fromSize: 2,
      toSize: 2,
    });
  });

  it.each([
    [{ size: 0 }, 'size'],
    [{ size: 1.5 }, 'size'],
    [{ size: '3' }, 'size'],
    [{ size: -1 }, 'size'],
    [{ size: 2 ** 53 }, 'size'],
  ])('refuses a checkpoint size %j', (body, field) => {
    expect(refusal(() => parseCheckpointRequest(body))).toEqual({
      code: 400,
      message: 'Invalid params',
      errors: [[field, 'Input should be a positive integer', 22]],
    });
  });

  it('refuses an inclusion request without a seq, or with another key', () => {
    expect(refusal(() => parseInclusionRequest({}))).toMatchObject({
      errors: [['seq', 'Field required', 22]],
    });
    expect(refusal(() => parseInclusionRequest({ seq: 0, index: 1 }))).toMatchObject({
      errors: expect.arrayContaining([
        ['seq', 'Input should be a positive integer', 22],
        ['index', 'Extra inputs are not permitted', 22],
      ]),
    });
  });

  it('refuses a consistency request going backwards or without from_size', () => {
    expect(refusal(() => parseConsistencyRequest({ from_size: 5, to_size: 4 }))).toEqual({
      code: 400,
      message: 'from_size 5 is larger than to_size 4',
    });
    expect(refusal(() => parseConsistencyRequest({ to_size: 4 }))).toMatchObject({
      errors: [['from_size', 'Field required', 22]],
    });
  });

  it('refuses a body that is not an object', () => {
    expect(refusal(() => parseCheckpointRequest([]))).toEqual({
      code: 400,
      message: 'the request must be a JSON object',
    });
  });
});
