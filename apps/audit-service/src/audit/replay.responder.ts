import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Msg, NatsConnection, Subscription } from 'nats';
import { QUEUE_GROUP, Subjects } from '@authtrail/contracts';
import { compileQuery } from '@authtrail/filter-list';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { AUDIT_READER, type AuditReader } from '../log/event-log.provider';
import { NATS_CONNECTION } from '../nats/nats-connection';
import { HeavyGate } from '../rpc/heavy-gate';
import { errorReply } from '../rpc/json-reply.serializer';
import { parseBody } from '../rpc/json-request.deserializer';
import { toErrorBody, toRpcError } from '../rpc/rpc-error';
import { parseReplayRequest } from './audit-requests';
import { auditReadJob } from './audit-read-jobs';
import type { ReplayWindowJob } from './replay-window';
import { unwrap, type Settled } from './query-failure';

const MAX_ENTRIES_PER_MESSAGE = 1000;
/** Seqs read in one synchronous step: a few milliseconds, then the event loop turns. */
const WINDOW = 1000;
/** Replays streaming at once, and waiting behind them; beyond that a replay gets the 503. */
const ACTIVE_REPLAYS = 2;
const QUEUED_REPLAYS = 16;
/** Messages between flushes: a flush waits until the server has taken what was sent. */
const FLUSH_EVERY = 8;
const EMPTY = new Uint8Array();

/**
 * `audit.replay`: streams entries in log order as several reply messages closed by an empty
 * message. It reads the log up to its last seq when the replay starts, a window of seqs at a time
 * on the read pool's threads (a window reads at most its seqs whatever the filters; reading and
 * filtering never run on the event loop, which only sends), and waits for the server to take each
 * few messages,
 * so a slow reader holds the stream back instead of filling the service's memory. A few replays
 * stream at once; the next ones wait, and beyond a bound they are refused with a 503.
 */
@Injectable()
export class ReplayResponder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReplayResponder.name);
  private subscription?: Subscription;
  private readonly gate = new HeavyGate('replays', ACTIVE_REPLAYS, QUEUED_REPLAYS);

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(AUDIT_READER) private readonly reader: AuditReader,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.connection.subscribe(Subjects.replay, {
      queue: QUEUE_GROUP,
      callback: (error, msg) => {
        if (error) return this.logger.error(`replay subscription: ${error.message}`);
        this.respond(msg).catch((failure: unknown) =>
          this.logger.error(`replay to ${msg.reply ?? '?'} failed: ${(failure as Error).message}`),
        );
      },
    });
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }

  private async respond(msg: Msg): Promise<void> {
    const reply = msg.reply;
    if (!reply) return;
    try {
      const limits = this.config.queryLimits;
      const request = parseReplayRequest(parseBody(msg.data, limits.maxRequestBytes));
      // Checked here: a bad query is a 400 before anything is read.
      compileQuery(request.filters, {}, limits);
      const release = await this.gate.enter();
      try {
        await this.stream(reply, request);
      } finally {
        release();
      }
    } catch (error) {
      // Not the exception filter's: the stream may fail after its first messages are sent.
      const failure = toRpcError(error);
      if (!failure) this.logger.error(`replay failed: ${(error as Error).stack}`);
      const { data, headers } = errorReply(failure?.body ?? toErrorBody(undefined));
      this.connection.publish(reply, data, { headers });
    }
    this.connection.publish(reply, EMPTY);
  }

  private async stream(
    reply: string,
    request: ReturnType<typeof parseReplayRequest>,
  ): Promise<void> {
    const from = Math.max(request.fromSeq ?? 1, 1);
    const to = Math.min(request.toSeq ?? Number.MAX_SAFE_INTEGER, this.reader.lastSeq());
    const limit = this.connection.info?.max_payload ?? 1024 * 1024;
    let chunk: string[] = [];
    let bytes = 0;
    let sent = 0;
    const send = async () => {
      if (chunk.length === 0) return;
      this.connection.publish(reply, `{"result":[${chunk.join(',')}]}`);
      chunk = [];
      bytes = 0;
      if (++sent % FLUSH_EVERY === 0) await this.connection.flush();
    };
    const add = async (text: string) => {
      const size = Buffer.byteLength(text) + 1;
      if (bytes + size + 64 > limit || chunk.length >= MAX_ENTRIES_PER_MESSAGE) await send();
      chunk.push(text);
      bytes += size;
    };
    for (let start = from; start <= to; start += WINDOW) {
      // Read on the read pool (reserved: the gate bounds replays, and a window must not be
      // refused half-way through a stream), so the event loop only sends.
      const job: ReplayWindowJob = {
        fromSeq: start,
        toSeq: Math.min(to, start + WINDOW - 1),
        filters: request.filters,
        limits: this.config.queryLimits,
      };
      const texts = unwrap(
        await this.reader.run<Settled<string[]>>(auditReadJob('replayWindow', job), 'reserved'),
      );
      for (const text of texts) await add(text);
    }
    await send();
    await this.connection.flush();
  }
}
