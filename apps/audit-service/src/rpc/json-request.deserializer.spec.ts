import { JsonRequestDeserializer, MalformedRequest, parseBody } from './json-request.deserializer';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('request bodies', () => {
  it('refuses a body over the byte limit before decoding it', () => {
    const body = bytes(JSON.stringify({ filters: [['username', 'Cin', 'x'.repeat(2_000)]] }));
    expect(parseBody(body, 1_000)).toEqual(
      new MalformedRequest(
        `the request body of ${body.length} bytes is too large (query limit maxRequestBytes = 1000)`,
      ),
    );
    expect(parseBody(body, body.length)).toEqual({
      filters: [['username', 'Cin', 'x'.repeat(2_000)]],
    });
  });

  it('parses deeply nested JSON without overflowing (depth is judged by the query engine)', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(Array.isArray(parseBody(bytes(deep), 1 << 20))).toBe(true);
  });

  it('applies its limit to every request', () => {
    const deserializer = new JsonRequestDeserializer(10);
    const request = deserializer.deserialize(bytes('{"host": "truenas"}'), {
      channel: 'auth.sessions',
      replyTo: '_INBOX.1',
    });
    expect(request.data).toBeInstanceOf(MalformedRequest);
    expect(new JsonRequestDeserializer().deserialize(bytes('{}')).data).toEqual({});
  });
});
