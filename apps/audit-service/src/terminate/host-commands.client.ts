import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { hostCommandSubject, type TerminateCommand } from '@authtrail/contracts';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { NATS_CONNECTION } from '../nats/nats-connection';
import { errorText, readCommandReply, type CommandOutcome } from './command-outcome';

const decoder = new TextDecoder();

/**
 * Sends commands to hosts (`auth.commands.<host>.terminate`) and waits at most the configured
 * bound for the answer; no handler listening, no answer in time or a lost connection are each a
 * NO_ANSWER naming the host, never a hang.
 */
@Injectable()
export class HostCommandsClient {
  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async terminate(host: string, command: TerminateCommand): Promise<CommandOutcome> {
    const subject = hostCommandSubject(host, 'terminate');
    const timeout = this.config.terminateTimeoutMs;
    let data: Uint8Array;
    try {
      const reply = await this.connection.request(subject, JSON.stringify(command), { timeout });
      data = reply.data;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const why =
        code === '503'
          ? `no command handler of host "${host}" is listening on ${subject}`
          : code === 'TIMEOUT'
            ? `host "${host}" did not answer within ${timeout} ms`
            : `host "${host}" could not be asked: ${(error as Error).message}`;
      return { outcome: 'NO_ANSWER', error: errorText(why) };
    }
    let reply: unknown;
    try {
      reply = JSON.parse(decoder.decode(data));
    } catch {
      reply = undefined;
    }
    return readCommandReply(host, reply);
  }
}
