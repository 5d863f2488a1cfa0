import type { Serializer } from '@nestjs/microservices';
import { headers, type MsgHdrs } from 'nats';
import { errorReply } from '@authtrail/audit-client';
import { RpcErrorCode, type RpcErrorBody } from '@authtrail/contracts';
import { HeadedResult } from './headed-result';
import { KnownTextRows } from './known-text-rows';
import { toErrorBody } from './rpc-error';

export { errorReply };

interface OutgoingPacket {
  response?: unknown;
  err?: unknown;
  isDisposed?: boolean;
}

export interface Reply {
  data: Uint8Array;
  headers?: MsgHdrs;
}

const encoder = new TextEncoder();
/** How much of an oversized error's message its replacement quotes. */
const QUOTED_CHARS = 200;

/**
 * Writes `{"result": ...}` or `{"error": {...}}` with the NATS service error headers, never the
 * framework envelope. Any reply larger than the connection's max payload (headers included, error
 * replies too) becomes a 400 that says so, so the connection is never broken by an oversized
 * publish: a result tells the caller to page, an error is quoted in part.
 */
export class JsonReplySerializer implements Serializer {
  /** Set from the server INFO once connected (and by the transport before each reply). */
  maxPayload = 1024 * 1024;

  serialize(packet: OutgoingPacket): Reply {
    let reply: Reply;
    try {
      reply =
        packet.err !== undefined
          ? errorReply(toErrorBody(packet.err))
          : resultReply(packet.response);
    } catch (error) {
      // A result whose JSON text is longer than V8 allows a string to be.
      if (error instanceof RangeError) return this.tooLarge(undefined);
      throw error;
    }
    const size = replySize(reply);
    if (size <= this.maxPayload) return reply;
    return packet.err !== undefined
      ? this.tooLarge(size, toErrorBody(packet.err))
      : this.tooLarge(size);
  }

  /** The 400 that replaces a reply of `size` bytes (undefined: too large to be counted). */
  tooLarge(size: number | undefined, error?: RpcErrorBody): Reply {
    const what = size === undefined ? 'over' : `${size} bytes, over`;
    const limit = `the ${this.maxPayload}-byte message limit`;
    if (error === undefined) {
      return errorReply({
        code: RpcErrorCode.BadRequest,
        message: `the result is ${what} ${limit}: page it with options.limit and options.offset`,
      });
    }
    const start = `the error reply (code ${error.code}) is ${what} ${limit}`;
    const quoted =
      error.message.length > QUOTED_CHARS
        ? `${error.message.slice(0, QUOTED_CHARS)}…`
        : error.message;
    const withQuote = errorReply({
      code: RpcErrorCode.BadRequest,
      message: `${start}; it began: ${quoted}`,
    });
    return replySize(withQuote) <= this.maxPayload
      ? withQuote
      : errorReply({ code: RpcErrorCode.BadRequest, message: start });
  }
}

/** `JSON.stringify({ result })`, a KnownTextRows' known texts taken as they are. */
function resultJson(result: unknown): string {
  if (result instanceof KnownTextRows) return result.json('{"result":', '}');
  return JSON.stringify({ result: result ?? null });
}

function resultReply(response: unknown): Reply {
  if (!(response instanceof HeadedResult)) return { data: encoder.encode(resultJson(response)) };
  const h = headers();
  for (const [key, value] of Object.entries(response.headers)) h.set(key, value);
  return { data: encoder.encode(resultJson(response.result)), headers: h };
}

/** The bytes NATS counts against max_payload: the data and the encoded header block. */
export function replySize(reply: Reply): number {
  if (!reply.headers) return reply.data.length;
  let text = 'NATS/1.0\r\n';
  for (const [key, values] of reply.headers) {
    for (const value of values) text += `${key}: ${value}\r\n`;
  }
  return reply.data.length + encoder.encode(`${text}\r\n`).length;
}
