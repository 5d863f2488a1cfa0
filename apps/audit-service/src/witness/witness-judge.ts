import { sameHash } from '@authtrail/merkle';
import type { LogCheckpoint } from '../transparency/log-checkpoint';

/** The witnessing replica's own log: how many entries it holds, and its root at a size up to it. */
export interface OwnTree {
  readonly size: number;
  rootAt(size: number): Uint8Array;
}

/** What the witness does with a checkpoint of its log. */
export type WitnessStep =
  /** The own tree has its size and root, and no checkpoint as large was cosigned: cosign it. */
  | { readonly action: 'cosign'; readonly checkpoint: LogCheckpoint }
  /** The own tree has its size with another root: say so; nothing is cosigned from now on. */
  | {
      readonly action: 'disagree';
      readonly checkpoint: LogCheckpoint;
      readonly ownRoot: Uint8Array;
    }
  /** Beyond the own log: kept, the newest one only, until the log reaches its size. */
  | { readonly action: 'wait'; readonly checkpoint: LogCheckpoint }
  /** Nothing to do, and why. */
  | { readonly action: 'none'; readonly why: string };

/**
 * Decides, checkpoint by checkpoint, what a witness of its own log's copy does (pure: the caller
 * opens the notes, reads the tree, cosigns and publishes). A checkpoint within the own log is
 * compared with the own tree at its size: the same root is cosigned, unless a checkpoint of that
 * size or a larger one was cosigned already (a witness vouches for the largest tree it has seen,
 * once); another root is a disagreement, after which nothing is cosigned again. A checkpoint
 * beyond the own log waits until the log reaches its size: only the newest one received (of the
 * largest size) is kept, since the tree that agrees with it agrees with every smaller checkpoint
 * of the same log.
 */
export class WitnessJudge {
  private cosignedSize = 0;
  private waiting?: LogCheckpoint;
  private disagreed = false;
  private lastReported?: string;

  /** A checkpoint signed by the log's key, received from its feed or its bucket. */
  seen(checkpoint: LogCheckpoint, own: OwnTree): WitnessStep {
    if (checkpoint.size <= own.size) return this.judge(checkpoint, own);
    if (this.waiting && this.waiting.size > checkpoint.size) {
      return { action: 'none', why: `a checkpoint of size ${this.waiting.size} waits already` };
    }
    this.waiting = checkpoint;
    return { action: 'wait', checkpoint };
  }

  /** The own log grew: the checkpoint waiting for it, once the log reaches its size. */
  grown(own: OwnTree): WitnessStep | undefined {
    const waiting = this.waiting;
    if (!waiting || waiting.size > own.size) return undefined;
    this.waiting = undefined;
    return this.judge(waiting, own);
  }

  /** Whether a checkpoint disagreed with the own tree: then nothing is cosigned again. */
  get disagrees(): boolean {
    return this.disagreed;
  }

  private judge(checkpoint: LogCheckpoint, own: OwnTree): WitnessStep {
    const ownRoot = own.rootAt(checkpoint.size);
    if (!sameHash(ownRoot, checkpoint.root)) {
      this.disagreed = true;
      // The same checkpoint again (from the bucket and the feed, or two replicas): said once.
      if (checkpoint.text === this.lastReported) return { action: 'none', why: 'reported already' };
      this.lastReported = checkpoint.text;
      return { action: 'disagree', checkpoint, ownRoot };
    }
    if (this.disagreed) return { action: 'none', why: 'cosigning stopped at a disagreement' };
    if (checkpoint.size <= this.cosignedSize) {
      return { action: 'none', why: `cosigned size ${this.cosignedSize} already` };
    }
    this.cosignedSize = checkpoint.size;
    return { action: 'cosign', checkpoint };
  }
}
