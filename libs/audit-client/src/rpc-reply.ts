import { headers, type MsgHdrs } from 'nats';
import { ERROR_CODE_HEADER, ERROR_HEADER, type RpcErrorBody } from '@authtrail/contracts';

const encoder = new TextEncoder();

/**
 * An error reply as every responder of the contract sends it: `{"error": {...}}` and the NATS
 * service error headers (the message on one line).
 */
export function errorReply(body: RpcErrorBody): { data: Uint8Array; headers: MsgHdrs } {
  const h = headers();
  h.set(ERROR_CODE_HEADER, String(body.code));
  h.set(ERROR_HEADER, body.message.replace(/[\r\n]+/g, ' '));
  return { data: encoder.encode(JSON.stringify({ error: body })), headers: h };
}

/** A result reply: `{"result": ...}`. */
export function resultReply(result: unknown): { data: Uint8Array } {
  return { data: encoder.encode(JSON.stringify({ result })) };
}
