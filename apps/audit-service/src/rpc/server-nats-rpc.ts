import { ServerNats, type NatsContext } from '@nestjs/microservices';
import type { Msg, NatsConnection } from 'nats';
import { ERROR_CODE_HEADER, ERROR_HEADER, type RpcErrorCode } from '@authtrail/contracts';
import { errorReply, JsonReplySerializer, replySize, type Reply } from './json-reply.serializer';
import { toErrorBody } from './rpc-error';

type OutgoingPacket = Record<string, unknown>;

/**
 * The framework's NATS server for the query RPCs, minus its per-event status logging (the
 * service's NatsStatusLogger reports outages once, for the whole process), and with replies that
 * can never fail unhandled: the serializer is told the connection's current max payload before
 * each reply, and a publish that still fails is logged (and, when the reply was too large,
 * replaced by the serializer's 400) instead of becoming an unhandled rejection.
 */
export class ServerNatsRpc extends ServerNats {
  override async handleStatusUpdates(): Promise<void> {}

  override getPublisher(natsMsg: Msg, id: string, ctx: NatsContext): (response: unknown) => void {
    if (!natsMsg.reply) return () => undefined;
    return (response: unknown) => {
      const packet = Object.assign(response as OutgoingPacket, { id });
      const serializer = this.serializer;
      if (serializer instanceof JsonReplySerializer) {
        serializer.maxPayload = this.maxPayload() ?? serializer.maxPayload;
      }
      let reply: Reply;
      try {
        reply = serializer.serialize(packet) as Reply;
      } catch (error) {
        this.logger.error(`reply to ${natsMsg.subject} not serialized: ${describe(error)}`);
        reply = errorReply(toErrorBody(undefined));
      }
      this.onProcessingEndHook?.(this.transportId, ctx);
      this.respond(natsMsg, reply);
    };
  }

  private respond(natsMsg: Msg, reply: Reply): void {
    try {
      natsMsg.respond(reply.data, { headers: reply.headers });
    } catch (error) {
      const size = replySize(reply);
      this.logger.error(`reply to ${natsMsg.subject} (${size} bytes) not sent: ${describe(error)}`);
      const serializer = this.serializer;
      if (!(serializer instanceof JsonReplySerializer) || !isMaxPayload(error)) return;
      try {
        const code = reply.headers?.get(ERROR_CODE_HEADER);
        const refusal = code
          ? serializer.tooLarge(size, {
              code: Number(code) as RpcErrorCode,
              message: reply.headers?.get(ERROR_HEADER) ?? '',
            })
          : serializer.tooLarge(size);
        natsMsg.respond(refusal.data, { headers: refusal.headers });
      } catch (again) {
        this.logger.error(`reply to ${natsMsg.subject} not sent: ${describe(again)}`);
      }
    }
  }

  private maxPayload(): number | undefined {
    try {
      return this.unwrap<NatsConnection>().info?.max_payload;
    } catch {
      return undefined;
    }
  }
}

function isMaxPayload(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'MAX_PAYLOAD_EXCEEDED';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
