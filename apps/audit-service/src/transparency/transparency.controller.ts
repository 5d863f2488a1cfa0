import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import {
  Subjects,
  type CheckpointReply,
  type ConsistencyProofReply,
  type InclusionProofReply,
} from '@authtrail/contracts';
import type { StoredCheckpoint } from '@authtrail/event-log';
import { EVENT_LOG } from '../log/event-log.provider';
import { RpcError } from '../rpc/rpc-error';
import { CheckpointSigner } from './checkpoint-signer';
import {
  parseCheckpointRequest,
  parseConsistencyRequest,
  parseInclusionRequest,
} from './proof-requests';
import { consistencyAnswer, inclusionAnswer, type ProvableTree } from './tree-answers';
import type { TreeLog } from './tree-log';

/** How long an inclusion proof waits for the checkpoint of an entry just committed. */
const COVERING_WAIT_MS = 2_000;

const reply = (checkpoint: StoredCheckpoint): CheckpointReply => ({
  checkpoint: checkpoint.note,
  size: checkpoint.size,
  root: Buffer.from(checkpoint.root).toString('base64'),
});

/**
 * `audit.checkpoint`, `audit.proof.inclusion` and `audit.proof.consistency`: signed tree heads and
 * RFC 6962 proofs, read from the tree's stored hashes (O(log n) rows each).
 */
@Controller()
export class TransparencyController {
  constructor(
    private readonly signer: CheckpointSigner,
    @Inject(EVENT_LOG) private readonly log: TreeLog,
  ) {}

  @MessagePattern(Subjects.checkpoint, Transport.NATS)
  checkpoint(@Payload() data: unknown): CheckpointReply {
    const { size } = parseCheckpointRequest(data);
    const checkpoint = this.signer.checkpoint(size);
    if (!checkpoint) {
      throw RpcError.notFound(
        size === undefined
          ? 'no checkpoint signed yet: the log is empty'
          : `no checkpoint was signed at size ${size}`,
      );
    }
    return reply(checkpoint);
  }

  @MessagePattern(Subjects.inclusionProof, Transport.NATS)
  async inclusion(@Payload() data: unknown): Promise<InclusionProofReply> {
    const { seq, size } = parseInclusionRequest(data);
    if (size !== undefined) return inclusionAnswer(this.tree(), seq, size);
    const latest = await this.signer.covering(seq, COVERING_WAIT_MS);
    if (seq > this.log.lastSeq()) throw RpcError.notFound(`the log has no entry ${seq}`);
    if (!latest || latest.size < seq) {
      throw RpcError.notFound(`entry ${seq} is in no signed checkpoint yet: ask again in a second`);
    }
    return inclusionAnswer(this.tree(), seq, latest.size);
  }

  @MessagePattern(Subjects.consistencyProof, Transport.NATS)
  consistency(@Payload() data: unknown): ConsistencyProofReply {
    const { fromSize, toSize } = parseConsistencyRequest(data);
    const latest = this.signer.checkpoint();
    if (toSize === undefined && !latest) {
      throw RpcError.notFound('no checkpoint signed yet: the log is empty');
    }
    return consistencyAnswer(this.tree(), fromSize, toSize ?? latest!.size);
  }

  private tree(): ProvableTree {
    return {
      read: this.log.treeReader(),
      size: this.log.lastSeq(),
      leafText: (seq) => this.log.leafText(seq),
    };
  }
}
