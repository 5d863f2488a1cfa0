import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Msg, NatsConnection, Subscription } from 'nats';
import { QUEUE_GROUP, Subjects, type LogEntry } from '@authtrail/contracts';
import { filterList, validateQuery, QueryValidationError } from '@authtrail/sessions';
import { AUDIT_READER, type AuditReader } from '../log/event-log.provider';
import { NATS_CONNECTION } from '../nats/nats-connection';
import { errorReply } from '../rpc/json-reply.serializer';
import { parseBody } from '../rpc/json-request.deserializer';
import { RpcError, toErrorBody, toRpcError } from '../rpc/rpc-error';
import { parseReplayRequest } from './audit-requests';
import { toLogEntryView } from './log-entry-view';
import { sqlPrefilter } from './sql-prefilter';

const MAX_ENTRIES_PER_MESSAGE = 1000;
/** Messages between flushes: a flush waits until the server has taken what was sent. */
const FLUSH_EVERY = 8;
const EMPTY = new Uint8Array();

/**
 * `audit.replay`: streams entries in log order as several reply messages closed by an empty
 * message. It reads the log lazily and waits for the server to take each few messages, so a slow
 * reader holds the stream back instead of filling the service's memory.
 */
@Injectable()
export class ReplayResponder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReplayResponder.name);
  private subscription?: Subscription;

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(AUDIT_READER) private readonly reader: AuditReader,
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
      await this.stream(reply, parseReplayRequest(parseBody(msg.data)));
    } catch (error) {
      const failure = toRpcError(error);
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
  ): Promise<void> {
    const errors = validateQuery(request.filters, {});
    if (errors.length > 0) throw new QueryValidationError(errors);
    const condition = sqlPrefilter(request.filters);
    condition.sql.push('seq >= ?', 'seq <= ?');
    condition.params.push(request.fromSeq ?? 1, request.toSeq ?? Number.MAX_SAFE_INTEGER);
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
    if (!filtered) {
      for (const text of this.reader.streamJson(condition)) await add(text);
    } else {
      let batch: LogEntry[] = [];
      const drain = async () => {
        for (const entry of this.matching(batch, request.filters)) await add(JSON.stringify(entry));
        batch = [];
      };
      for (const entry of this.reader.stream(condition)) {
        batch.push(entry);
        if (batch.length >= MAX_ENTRIES_PER_MESSAGE) await drain();
      }
      await drain();
    }
    await send();
    await this.connection.flush();
  }

  /** The entries whose query view matches the filters (the same language as audit.log.query). */
  private matching(entries: LogEntry[], filters: unknown): LogEntry[] {
    const byView = new Map(entries.map((entry) => [toLogEntryView(entry), entry]));
    const kept = filterList(byView.keys(), filters, {}) as object[];
    return kept.map((view) => byView.get(view as never) as LogEntry);
  }
}
