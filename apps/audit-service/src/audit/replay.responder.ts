import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Msg, NatsConnection, Subscription } from 'nats';
import { QUEUE_GROUP, Subjects, type LogEntry } from '@authtrail/contracts';
import { compileQuery, type CompiledQuery } from '@authtrail/sessions';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { AUDIT_READER, type AuditReader } from '../log/event-log.provider';
import { NATS_CONNECTION } from '../nats/nats-connection';
import { errorReply } from '../rpc/json-reply.serializer';
import { parseBody } from '../rpc/json-request.deserializer';
import { RpcError, toErrorBody, toRpcError } from '../rpc/rpc-error';
import { parseReplayRequest } from './audit-requests';
import { toLogEntryView } from './log-entry-view';
import { sqlPrefilter } from './sql-prefilter';
import { busyError } from './heavy-read';
import { GateBusyError, HeavyGate } from './heavy-gate';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

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
 * with a turn of the event loop between windows (a window reads at most its seqs whatever the
 * filters, so no step holds the loop long), and waits for the server to take each few messages,
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
      // Compiled once for the whole replay (it throws the 400s of a bad query before anything).
      const query = compileQuery(request.filters, {}, limits);
      const release = await this.gate.enter();
      try {
        await this.stream(reply, request, query);
      } finally {
        release();
      }
    } catch (error) {
      const failure = error instanceof GateBusyError ? busyError(error.message) : toRpcError(error);
      if (!(failure instanceof RpcError))
        this.logger.error(`replay failed: ${(error as Error).stack}`);
      const { data, headers } = errorReply(
        failure instanceof RpcError ? failure.body : toErrorBody(undefined),
      );
      this.connection.publish(reply, data, { headers });
    }
    this.connection.publish(reply, EMPTY);
  }

  private async stream(
    reply: string,
    request: ReturnType<typeof parseReplayRequest>,
    query: CompiledQuery,
  ): Promise<void> {
    const prefilter = sqlPrefilter(request.filters);
    const from = Math.max(request.fromSeq ?? 1, 1);
    const to = Math.min(request.toSeq ?? Number.MAX_SAFE_INTEGER, this.reader.lastSeq());
    const limit = this.connection.info?.max_payload ?? 1024 * 1024;
    const filtered = Array.isArray(request.filters) && request.filters.length > 0;
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
      const window = {
        sql: [...prefilter.sql, 'seq >= ?', 'seq <= ?'],
        params: [...prefilter.params, start, Math.min(to, start + WINDOW - 1)],
        bySeq: true,
      };
      // Each window is read whole before anything is awaited: no cursor stays open across turns.
      const texts = filtered
        ? this.matching([...this.reader.select(window)], query).map((entry) =>
            JSON.stringify(entry),
          )
        : [...this.reader.selectJson(window)];
      for (const text of texts) await add(text);
      await nextTurn();
    }
    await send();
    await this.connection.flush();
  }

  /** The entries whose query view matches the filters (the same language as audit.log.query). */
  private matching(entries: LogEntry[], query: CompiledQuery): LogEntry[] {
    const byView = new Map(entries.map((entry) => [toLogEntryView(entry), entry]));
    const kept = query.run(byView.keys()) as object[];
    return kept.map((view) => byView.get(view as never) as LogEntry);
  }
}
