import type { LoggerService } from '@nestjs/common';
import { connect, type ConnectionOptions, type NatsConnection } from 'nats';

export interface NatsWaitOptions {
  logger: LoggerService;
  /** Silence before the first "waiting" line (a reachable server answers well within it). */
  firstAfterMs?: number;
  /** Between the following ones. */
  everyMs?: number;
}

/**
 * Connects, retrying for as long as it takes (the connection options say so), and meanwhile says
 * which servers it waits for: once, then again every `everyMs`. A refusal (credentials, TLS) ends
 * the wait with the error, naming the servers.
 */
export async function connectWaitingForNats(
  options: ConnectionOptions,
  { logger, firstAfterMs = 1_000, everyMs = 10_000 }: NatsWaitOptions,
): Promise<NatsConnection> {
  const servers = ([] as string[]).concat(options.servers ?? []).join(', ');
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const say = (next: number) => {
    timer = setTimeout(() => {
      const seconds = Math.round((Date.now() - started) / 1000);
      logger.warn(
        seconds * 1000 < everyMs
          ? `waiting for NATS at ${servers}: not reachable yet, retrying (SIGTERM stops)`
          : `still waiting for NATS at ${servers} (${seconds} s)`,
        'authtrail',
      );
      say(everyMs);
    }, next);
  };
  say(firstAfterMs);
  try {
    return await connect(options);
  } catch (error) {
    throw new Error(
      `cannot connect to NATS at ${servers}: ${(error as Error).message.replace(/^'|'$/g, '')}`,
    );
  } finally {
    clearTimeout(timer);
  }
}
