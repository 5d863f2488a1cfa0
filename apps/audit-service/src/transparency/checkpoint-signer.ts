import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { CHECKPOINT_BUCKET } from '@authtrail/contracts';
import type { StoredCheckpoint } from '@authtrail/event-log';
import { treeHash } from '@authtrail/merkle';
import type { KeyFileSigner } from '@authtrail/key-files';
import { formatCheckpoint, parseVerifierKey, signNote } from '@authtrail/signed-note';
import { EXIT_TREE_DISAGREES } from '../exit-codes';
import { EVENT_LOG } from '../log/event-log.provider';
import { LOG_SIGNER } from '../signing/signers.provider';
import { WitnessStatus } from '../status/witness-status';
import { CheckpointPublisher } from './checkpoint-publisher';
import { readLogCheckpoint } from './log-checkpoint';
import type { TreeLog } from './tree-log';
import { TreeDisagreesError, treeDisagreement, type SignedSize } from './tree-disagreement';

/** At most one checkpoint a second: the most a follower or the bucket is asked to take. */
const MIN_INTERVAL_MS = 1_000;

/**
 * Signs the log's tree head (a C2SP checkpoint in a signed note) within a second of each commit
 * that grew it, at most once a second, and once more at shutdown; keeps every checkpoint in the
 * log file and publishes each (CheckpointPublisher). At start it refuses a log that is not an
 * extension of the last checkpoint signed, as kept in the file and as published: it never signs a
 * cut, edited or replaced log.
 */
@Injectable()
export class CheckpointSigner implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('checkpoints');
  private latestSigned?: StoredCheckpoint;
  private lastSignedAt = Number.NEGATIVE_INFINITY;
  private timer?: NodeJS.Timeout;
  private waiters: { size: number; resolve: () => void }[] = [];
  /** The size of the newest checkpoint the bucket took. */
  private publishedSize = 0;
  /**
   * A published checkpoint the log is behind (a replica that was down, a restored backup): the
   * log must reach it, and agree with it, before anything is signed.
   */
  private catchingUpTo?: SignedSize;
  /** Set once the log was found to extend what was signed: before that, nothing is signed. */
  private checked = false;
  /** Why signing stopped (the tree no longer extends a checkpoint of the log): until restart. */
  private halted?: string;

  constructor(
    @Inject(EVENT_LOG) private readonly log: TreeLog,
    @Inject(LOG_SIGNER) private readonly signer: KeyFileSigner,
    private readonly publisher: CheckpointPublisher,
    private readonly witness: WitnessStatus,
  ) {}

  get origin(): string {
    return this.signer.name;
  }

  async onModuleInit(): Promise<void> {
    // A peer's checkpoint this tree disagrees with (found by the witness) stops signing too.
    this.witness.onDisagreement(() => this.halt(this.witness.health.reason ?? 'disagreement'));
    await this.publisher.open();
    const kept = this.log.signedCheckpoints().latest();
    const published = await this.publishedCheckpoint();
    // The file's own checkpoints it must extend now: it once held them. One published by a
    // replica, or before a backup was restored, it may still have to reach.
    for (const checkpoint of [kept && { ...kept, where: 'kept in the log file' }, published]) {
      if (!checkpoint) continue;
      if (checkpoint === published && checkpoint.size > this.log.lastSeq()) {
        this.catchingUpTo = checkpoint;
        continue;
      }
      const reason = this.disagreement(checkpoint);
      if (reason) throw new TreeDisagreesError(reason);
    }
    if (this.catchingUpTo) {
      this.logger.warn(
        `the log (${this.log.lastSeq()} entries) is behind the checkpoint of size ` +
          `${this.catchingUpTo.size} ${this.catchingUpTo.where}: nothing is signed until ingest ` +
          `has brought it there and its root agrees`,
      );
    }
    this.latestSigned = kept;
    this.publishedSize = published?.size ?? 0;
    this.checked = true;
    this.signIfGrown();
    if (this.latestSigned && this.latestSigned.size > this.publishedSize) {
      void this.publish(this.latestSigned);
    }
  }

  /** After a commit that appended entries: a checkpoint within a second, at most one a second. */
  committed(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastSignedAt + MIN_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.signIfGrown();
    }, wait);
  }

  /** The newest checkpoint, or the one signed at exactly `size`. */
  checkpoint(size?: number): StoredCheckpoint | undefined {
    return size === undefined ? this.latestSigned : this.log.signedCheckpoints().atSize(size);
  }

  /** The newest checkpoint once it covers `size` (or after `ms`, whatever it is then). */
  async covering(size: number, ms: number): Promise<StoredCheckpoint | undefined> {
    if ((this.latestSigned?.size ?? 0) < size && size <= this.log.lastSeq()) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ms);
        this.waiters.push({ size, resolve });
      });
      clearTimeout(timer);
    }
    return this.latestSigned;
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const last = this.signIfGrown();
    if (last) await this.publish(last);
  }

  private disagreement(checkpoint: SignedSize): string | undefined {
    return treeDisagreement(checkpoint, this.log.lastSeq(), (size) =>
      treeHash(size, this.log.treeReader()),
    );
  }

  /**
   * Whether the log has caught up with the published checkpoint it must reach (true when there
   * is none). One that reaches it with another root stops the service (exit 3): it signs nothing.
   */
  private caughtUp(): boolean {
    const target = this.catchingUpTo;
    if (!target) return true;
    if (this.log.lastSeq() < target.size) return false;
    const reason = this.disagreement(target);
    if (reason) {
      this.catchingUpTo = { ...target, size: Number.POSITIVE_INFINITY };
      this.logger.error(`${new TreeDisagreesError(reason).message}: stopping`);
      process.exitCode = EXIT_TREE_DISAGREES;
      process.kill(process.pid, 'SIGTERM');
      return false;
    }
    this.logger.log(
      `the log caught up with the checkpoint of size ${target.size} ${target.where}: roots agree`,
    );
    this.catchingUpTo = undefined;
    return true;
  }

  /** Signs, keeps and publishes the tree's head if the tree grew since the last checkpoint. */
  private signIfGrown(): StoredCheckpoint | undefined {
    const size = this.log.lastSeq();
    if (!this.checked || this.halted || size === 0 || size <= (this.latestSigned?.size ?? 0)) {
      return undefined;
    }
    if (!this.caughtUp() || !this.extendsLatest()) return undefined;
    const root = treeHash(size, this.log.treeReader());
    const text = formatCheckpoint({ origin: this.signer.name, size, rootHash: root });
    const checkpoint: StoredCheckpoint = {
      size,
      root,
      note: signNote(text, [this.signer]),
      signedAt: new Date().toISOString(),
    };
    this.lastSignedAt = Date.now();
    try {
      this.log.signedCheckpoints().add(checkpoint);
    } catch (error) {
      // Not kept, so not published either (the file is full or locked, as ingest will find
      // too): signed again, a second on, for whatever size the log has then.
      this.logger.warn(
        `checkpoint of size ${size} not kept in the log file: ${(error as Error).message}; trying again`,
      );
      this.committed();
      return undefined;
    }
    this.latestSigned = checkpoint;
    this.waiters = this.waiters.filter((waiter) => waiter.size > size || (waiter.resolve(), false));
    void this.publish(checkpoint);
    return checkpoint;
  }

  /**
   * Whether the tree still has the root of the last checkpoint signed (O(log n) reads, at most once
   * a second). A file changed under the running service is a disagreement: loud, unready, and no
   * signature again until restart (where the start check refuses the file).
   */
  private extendsLatest(): boolean {
    if (!this.latestSigned) return true;
    const reason = this.disagreement({ ...this.latestSigned, where: 'this service signed last' });
    if (reason === undefined) return true;
    this.witness.disagreed(reason);
    this.halt(reason);
    return false;
  }

  private halt(reason: string): void {
    if (this.halted) return;
    this.halted = reason;
    clearTimeout(this.timer);
    this.logger.error(`${reason}: signing stopped until restart`);
  }

  private async publish(checkpoint: StoredCheckpoint): Promise<void> {
    if (checkpoint.size <= this.publishedSize) return;
    const ok = await this.publisher.publish(this.origin, checkpoint.note, checkpoint.size);
    if (ok) this.publishedSize = Math.max(this.publishedSize, checkpoint.size);
  }

  /**
   * The newest checkpoint of this origin in the bucket, when this key signed it (readLogCheckpoint);
   * a note signed by another key under the same name is said and set aside.
   */
  private async publishedCheckpoint(): Promise<SignedSize | undefined> {
    const note = await this.publisher.newest(this.origin);
    if (note === undefined) return undefined;
    const read = readLogCheckpoint(note, parseVerifierKey(this.signer.verifierKey));
    if ('refused' in read) {
      this.logger.warn(
        `the newest checkpoint of ${this.origin} in ${CHECKPOINT_BUCKET} is not signed by this service's key (${read.refused}): not compared`,
      );
      return undefined;
    }
    return { size: read.size, root: read.root, where: `published in ${CHECKPOINT_BUCKET}` };
  }
}
