import { Inject, Injectable, Logger } from '@nestjs/common';
import type { KV } from 'nats';
import {
  CHECKPOINT_BUCKET,
  checkpointFeedSubject,
  cosignedCheckpointKey,
  originToken,
} from '@authtrail/contracts';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { NATS_CONNECTION, type NatsConnection } from '../nats/nats-connection';

/** How many checkpoints of each origin the bucket keeps (JetStream's most). */
const HISTORY = 64;

/**
 * Where signed checkpoints are published outside the log: the key-value bucket AUTH_CHECKPOINTS
 * (key: the origin's token, history kept) and `audit.checkpoint.<origin token>` for live
 * followers. Puts happen one at a time, in the order signed. A witness's cosigned checkpoints go
 * to the bucket only, under their own key (cosignedCheckpointKey).
 */
@Injectable()
export class CheckpointPublisher {
  private readonly logger = new Logger('checkpoints');
  private bucket?: KV;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** Binds the bucket, creating it on first use. */
  async open(): Promise<void> {
    this.bucket = await this.connection.jetstream().views.kv(CHECKPOINT_BUCKET, {
      history: HISTORY,
      replicas: this.config.streamReplicas,
    });
  }

  /** The newest note the bucket holds for `origin`, if any. */
  async newest(origin: string): Promise<string | undefined> {
    const entry = await this.bucket?.get(originToken(origin));
    return entry && entry.operation === 'PUT' ? entry.string() : undefined;
  }

  /**
   * Each witness's newest cosigned checkpoint of `origin` the bucket holds, by key (at most
   * `max`); none when the bucket cannot be read.
   */
  async cosignedNotes(origin: string, max = 20): Promise<{ key: string; note: string }[]> {
    const notes: { key: string; note: string }[] = [];
    if (!this.bucket) return notes;
    try {
      const prefix = `${originToken(origin)}.witness.`;
      const keys: string[] = [];
      for await (const key of await this.bucket.keys(`${prefix}>`)) {
        if (keys.length < max) keys.push(key);
      }
      for (const key of keys.sort()) {
        const entry = await this.bucket.get(key);
        if (entry?.operation === 'PUT') notes.push({ key, note: entry.string() });
      }
    } catch (error) {
      this.logger.warn(`cosigned checkpoints not read: ${(error as Error).message}`);
    }
    return notes;
  }

  /**
   * Publishes `note` of `origin` after the ones before it; resolves whether the bucket took it. A
   * failure is logged: the next checkpoint (or the next start) publishes the newest again.
   */
  publish(origin: string, note: string, size: number): Promise<boolean> {
    const put = this.queue.then(async () => {
      this.connection.publish(checkpointFeedSubject(origin), note);
      await this.bucket!.put(originToken(origin), note);
    });
    this.queue = put.catch(() => undefined);
    return this.taken(put, `checkpoint of size ${size}`);
  }

  /**
   * Puts `note`, a checkpoint of `origin` cosigned by `witness`, under the witness's key (not on
   * the feed); resolves whether the bucket took it. A failure is logged: the next cosignature
   * replaces it.
   */
  publishCosigned(origin: string, witness: string, note: string, size: number): Promise<boolean> {
    const put = this.bucket!.put(cosignedCheckpointKey(origin, witness), note);
    return this.taken(put, `cosigned checkpoint of size ${size}`);
  }

  /** Whether `put` succeeded; a failure is logged, naming `what`. */
  private taken(put: Promise<unknown>, what: string): Promise<boolean> {
    return put.then(
      () => true,
      (error: unknown) => {
        this.logger.warn(
          `${what} not published to ${CHECKPOINT_BUCKET}: ${(error as Error).message}`,
        );
        return false;
      },
    );
  }
}
