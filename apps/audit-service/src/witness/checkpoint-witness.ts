import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Subscription } from 'nats';
import {
  CHECKPOINT_BUCKET,
  checkpointFeedSubject,
  cosignedCheckpointKey,
} from '@authtrail/contracts';
import type { KeyFileSigner, KeyFileWitnessSigner } from '@authtrail/key-files';
import { treeHash } from '@authtrail/merkle';
import { addSignatureLines, cosign, parseVerifierKey, type Verifier } from '@authtrail/signed-note';
import { EVENT_LOG } from '../log/event-log.provider';
import { NATS_CONNECTION, type NatsConnection } from '../nats/nats-connection';
import { LOG_SIGNER, WITNESS_SIGNER } from '../signing/signers.provider';
import { IngestStatus } from '../status/ingest-status';
import { WitnessStatus } from '../status/witness-status';
import { CheckpointPublisher } from '../transparency/checkpoint-publisher';
import type { TreeLog } from '../transparency/tree-log';
import { readLogCheckpoint } from '../transparency/log-checkpoint';
import { WitnessJudge, type OwnTree, type WitnessStep } from './witness-judge';

const base64 = (hash: Uint8Array): string => Buffer.from(hash).toString('base64');

/**
 * With a witness key (AUTHTRAIL_WITNESS_KEY_FILE), this replica witnesses its log's checkpoints,
 * its own and its peers' alike (replicas share the log's key and sign the same text): each one the
 * log's key signed is compared with the own tree at its size (WitnessJudge decides), and one that
 * agrees is cosigned and published, the log's note with the cosignature line added, to
 * AUTH_CHECKPOINTS under cosignedCheckpointKey. It reads the bucket's newest at start, then the
 * feed; a checkpoint beyond the own log waits for ingest to reach it. A disagreement is an error
 * line naming the size and both roots, a metric, and readiness down (WitnessStatus); nothing is
 * cosigned after it until restart. Work is done one checkpoint at a time, in the order received.
 */
@Injectable()
export class CheckpointWitness implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('witness');
  private readonly judge = new WitnessJudge();
  private readonly logVerifier: Verifier;
  private subscription?: Subscription;
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    @Inject(WITNESS_SIGNER) private readonly witness: KeyFileWitnessSigner | null,
    @Inject(LOG_SIGNER) logSigner: KeyFileSigner,
    @Inject(EVENT_LOG) private readonly log: TreeLog,
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    private readonly publisher: CheckpointPublisher,
    private readonly ingest: IngestStatus,
    private readonly status: WitnessStatus,
  ) {
    this.logVerifier = parseVerifierKey(logSigner.verifierKey);
  }

  private get origin(): string {
    return this.logVerifier.name;
  }

  /** After every module's init: the bucket is open (CheckpointPublisher) and the tree current. */
  async onApplicationBootstrap(): Promise<void> {
    const witness = this.witness;
    if (!witness) return;
    const feed = checkpointFeedSubject(this.origin);
    // Subscribed before the bucket is read: a checkpoint signed in between is not missed.
    this.subscription = this.connection.subscribe(feed, {
      callback: (error, message) => {
        if (error) this.logger.warn(`${feed}: ${error.message}`);
        else this.enqueue(() => this.received(message.string(), feed));
      },
    });
    this.ingest.onBatch(({ appended }) => {
      if (appended.length > 0) this.enqueue(() => this.step(this.judge.grown(this.ownTree())));
    });
    this.logger.log(
      `witness ${witness.name} cosigns the checkpoints of ${this.origin} its log agrees with ` +
        `(${CHECKPOINT_BUCKET} key ${cosignedCheckpointKey(this.origin, witness.name)})`,
    );
    const newest = await this.publisher.newest(this.origin).catch((error: unknown) => {
      this.logger.warn(`${CHECKPOINT_BUCKET}: ${(error as Error).message}`);
      return undefined;
    });
    if (newest !== undefined) this.enqueue(() => this.received(newest, CHECKPOINT_BUCKET));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.subscription?.unsubscribe();
    await this.queue;
  }

  private enqueue(work: () => Promise<void> | void): void {
    if (this.stopped) return;
    this.queue = this.queue
      .then(work)
      .catch((error: unknown) => this.logger.error(`witness: ${(error as Error).message}`));
  }

  private ownTree(): OwnTree {
    return {
      size: this.log.lastSeq(),
      rootAt: (size) => treeHash(size, this.log.treeReader()),
    };
  }

  /** A note from the feed or the bucket: judged once the log's key opens it as a checkpoint. */
  private async received(note: string, where: string): Promise<void> {
    const checkpoint = readLogCheckpoint(note, this.logVerifier);
    if ('refused' in checkpoint) {
      this.logger.warn(
        `a note from ${where} is not a checkpoint signed by the key of ${this.origin}, not cosigned: ${checkpoint.refused}`,
      );
      return;
    }
    await this.step(this.judge.seen(checkpoint, this.ownTree()));
  }

  private async step(step: WitnessStep | undefined): Promise<void> {
    if (step?.action === 'cosign') {
      const { checkpoint } = step;
      const line = cosign(checkpoint.text, this.witness!, Math.floor(Date.now() / 1000));
      const note = addSignatureLines(checkpoint.note, [line]);
      const name = this.witness!.name;
      if (await this.publisher.publishCosigned(this.origin, name, note, checkpoint.size)) {
        this.status.cosigned(checkpoint.size);
        this.logger.debug(`cosigned the checkpoint of ${this.origin} at size ${checkpoint.size}`);
      }
    } else if (step?.action === 'disagree') {
      const { checkpoint, ownRoot } = step;
      const reason =
        `the checkpoint of ${this.origin} at size ${checkpoint.size} has root ` +
        `${base64(checkpoint.root)}, this log's root at size ${checkpoint.size} is ` +
        `${base64(ownRoot)}: this log or the one that signed the checkpoint was changed`;
      this.logger.error(`${reason}; cosigning stopped until restart`);
      this.status.disagreed(reason);
    }
  }
}
