import { Inject, Injectable } from '@nestjs/common';
import type { InclusionProofReply } from '@authtrail/contracts';
import { EVENT_LOG } from '../log/event-log.provider';
import { RpcError } from '../rpc/rpc-error';
import { CheckpointSigner } from './checkpoint-signer';
import { inclusionAnswer, type ProvableTree } from './tree-answers';
import type { TreeLog } from './tree-log';

/** How long an inclusion proof waits for the checkpoint of an entry just committed. */
const COVERING_WAIT_MS = 2_000;

/**
 * Inclusion proofs of entries (`audit.proof.inclusion`, and the console's entry detail): in the
 * tree of a given size, or of the newest checkpoint, waiting a moment for one that covers it.
 */
@Injectable()
export class InclusionProofs {
  constructor(
    private readonly signer: CheckpointSigner,
    @Inject(EVENT_LOG) private readonly log: TreeLog,
  ) {}

  async prove(seq: number, size?: number): Promise<InclusionProofReply> {
    if (size !== undefined) return inclusionAnswer(this.tree(), seq, size);
    const latest = await this.signer.covering(seq, COVERING_WAIT_MS);
    if (seq > this.log.lastSeq()) throw RpcError.notFound(`the log has no entry ${seq}`);
    if (!latest || latest.size < seq) {
      throw RpcError.notFound(`entry ${seq} is in no signed checkpoint yet: ask again in a second`);
    }
    return inclusionAnswer(this.tree(), seq, latest.size);
  }

  tree(): ProvableTree {
    return {
      read: this.log.treeReader(),
      size: this.log.lastSeq(),
      leafText: (seq) => this.log.leafText(seq),
    };
  }
}
