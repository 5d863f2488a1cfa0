import { headers } from 'nats';
import { RpcErrorCode } from '@authtrail/contracts';
import { HeadedResult } from './headed-result';
import { KnownTextRows } from './known-text-rows';
import { RpcError } from './rpc-error';
import { errorReply, JsonReplySerializer, replySize, type Reply } from './json-reply.serializer';

const decoder = new TextDecoder();
const body = (reply: Reply) =>
  JSON.parse(decoder.decode(reply.data)) as {
    result?: unknown;
    error?: { code: number; message: string };
  };

function serializer(maxPayload: number): JsonReplySerializer {
  const s = new JsonReplySerializer();
  s.maxPayload = maxPayload;
  return s;
}

describe('JsonReplySerializer', () => {
  it('writes a result that fits as it is, without headers', () => {
    const reply = serializer(4096).serialize({ response: [{ id: 'a' }] });
    expect(body(reply)).toEqual({ result: [{ id: 'a' }] });
    expect(reply.headers).toBeUndefined();
  });

  it('writes a headed result as the plain result, with its headers', () => {
    const response = new HeadedResult([{ id: 'a' }], { 'Authtrail-Log-Seq': '42' });
    const reply = serializer(4096).serialize({ response });
    expect(body(reply)).toEqual({ result: [{ id: 'a' }] });
    expect(reply.headers?.get('Authtrail-Log-Seq')).toBe('42');
  });

  it('counts the headers of a headed result against the max payload', () => {
    const response = new HeadedResult('x'.repeat(40), { 'Authtrail-Log-Seq': '1'.repeat(30) });
    const fits = serializer(replySize(serializer(4096).serialize({ response })));
    expect(body(fits.serialize({ response })).result).toBe('x'.repeat(40));
    const tooSmall = serializer(replySize(serializer(4096).serialize({ response })) - 1);
    expect(body(tooSmall.serialize({ response })).error?.code).toBe(RpcErrorCode.BadRequest);
  });

  it('turns a result over the max payload into a 400 advising to page', () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ id: `session-${i}` }));
    const reply = serializer(4096).serialize({ response: rows });
    expect(body(reply).error?.code).toBe(RpcErrorCode.BadRequest);
    expect(body(reply).error?.message).toMatch(
      /^the result is \d+ bytes, over the 4096-byte message limit: page it with options.limit and options.offset$/,
    );
    expect(reply.headers?.get('Nats-Service-Error-Code')).toBe('400');
    expect(replySize(reply)).toBeLessThanOrEqual(4096);
  });

  it('writes rows of known text as the same bytes as the rows themselves', () => {
    const rows: unknown[] = [{ id: 'a', at: { $date: 1000 } }, { id: 'b', n: [1, 2] }, undefined];
    const texts = new Map<unknown, string>([[rows[0], JSON.stringify(rows[0])]]);
    const textOf = jest.fn((row: unknown) => texts.get(row));
    const known = serializer(4096).serialize({ response: new KnownTextRows(rows, textOf) });
    expect(decoder.decode(known.data)).toBe(
      decoder.decode(serializer(4096).serialize({ response: rows }).data),
    );
    expect(textOf).toHaveBeenCalledTimes(3);
    const headed = new HeadedResult(new KnownTextRows(rows, textOf), { 'Authtrail-Log-Seq': '7' });
    const reply = serializer(4096).serialize({ response: headed });
    expect(reply.data).toEqual(known.data);
    expect(reply.headers?.get('Authtrail-Log-Seq')).toBe('7');
  });

  it('takes a known text as it is, and turns rows over the max payload into a 400', () => {
    const rows = [{ id: 'a' }];
    const reply = serializer(4096).serialize({
      response: new KnownTextRows(rows, () => '{"id":"kept"}'),
    });
    expect(body(reply)).toEqual({ result: [{ id: 'kept' }] });
    const none = serializer(4096).serialize({ response: new KnownTextRows([], () => 'x') });
    expect(decoder.decode(none.data)).toBe('{"result":[]}');
    const many = Array.from({ length: 500 }, (_, i) => ({ id: `alert-${i}` }));
    const tooLarge = serializer(4096).serialize({
      response: new KnownTextRows(many, (row) => JSON.stringify(row)),
    });
    expect(body(tooLarge).error?.message).toMatch(/^the result is \d+ bytes, over the 4096-byte/);
  });

  it('writes an error that fits as it is', () => {
    const reply = serializer(4096).serialize({ err: RpcError.notFound('no such row').body });
    expect(body(reply)).toEqual({ error: { code: 404, message: 'no such row' } });
  });

  it('turns an error reply over the max payload (headers counted) into a 400 quoting its start', () => {
    // 2,400 characters: over 4,800 bytes in body and header together, under 4096 in the body alone.
    const message = `several hosts are known (${'h, '.repeat(800)})`;
    const reply = serializer(4096).serialize({ err: RpcError.badRequest(message).body });
    const error = body(reply).error!;
    expect(error.code).toBe(400);
    expect(error.message).toMatch(
      /^the error reply \(code 400\) is \d+ bytes, over the 4096-byte message limit; it began: several hosts are known \(h, h, /,
    );
    expect(error.message.length).toBeLessThan(400);
    expect(reply.headers?.get('Nats-Service-Error')).toBe(error.message);
    expect(replySize(reply)).toBeLessThanOrEqual(4096);
  });

  it('drops the quote when even that would not fit', () => {
    const reply = serializer(300).serialize({
      err: RpcError.badRequest('x'.repeat(1_000)).body,
    });
    expect(body(reply).error?.message).toMatch(
      /^the error reply \(code 400\) is \d+ bytes, over the 300-byte message limit$/,
    );
    expect(replySize(reply)).toBeLessThanOrEqual(300);
  });

  it('counts the bytes NATS counts: data plus the encoded header block', () => {
    const reply = errorReply({ code: RpcErrorCode.BadRequest, message: 'bad … request' });
    const encoded = (reply.headers as unknown as { encode(): Uint8Array }).encode();
    expect(replySize(reply)).toBe(reply.data.length + encoded.length);
    const plain = { data: new Uint8Array(10), headers: undefined };
    expect(replySize(plain)).toBe(10);
    expect(headers()).toBeDefined();
  });
});
