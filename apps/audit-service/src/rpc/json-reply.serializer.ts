import type { Serializer } from '@nestjs/microservices';
import { headers, type MsgHdrs } from 'nats';
import {
  ERROR_CODE_HEADER,
  ERROR_HEADER,
  RpcErrorCode,
  type RpcErrorBody,
} from '@authtrail/contracts';
import { toErrorBody } from './rpc-error';

interface OutgoingPacket {
  response?: unknown;
  err?: unknown;
  isDisposed?: boolean;
}

const encoder = new TextEncoder();

/**
 * Writes `{"result": ...}` or `{"error": {...}}` with the NATS service error headers, never the
 * framework envelope. A reply larger than the connection's max payload becomes an error that tells
 * the caller to page, so the connection is never broken by an oversized publish.
 */
export class JsonReplySerializer implements Serializer {
  /** Set from the server INFO once connected. */
  maxPayload = 1024 * 1024;

  serialize(packet: OutgoingPacket): { data: Uint8Array; headers?: MsgHdrs } {
    if (packet.err !== undefined) return errorReply(toErrorBody(packet.err));
    const data = encoder.encode(JSON.stringify({ result: packet.response ?? null }));
    if (data.length > this.maxPayload) {
      return errorReply({
        code: RpcErrorCode.BadRequest,
        message:
          `the result is ${data.length} bytes, over the ${this.maxPayload}-byte message limit: ` +
          'page it with options.limit and options.offset',
      });
    }
    return { data };
  }
}

export function errorReply(body: RpcErrorBody): { data: Uint8Array; headers: MsgHdrs } {
  const h = headers();
  h.set(ERROR_CODE_HEADER, String(body.code));
  h.set(ERROR_HEADER, body.message.replace(/[\r\n]+/g, ' '));
  return { data: encoder.encode(JSON.stringify({ error: body })), headers: h };
}
