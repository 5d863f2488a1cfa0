import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import {
  Subjects,
  type CheckpointReply,
  type ConsistencyProofReply,
  type InclusionProofReply,
} from '@authtrail/contracts';
import type { StoredCheckpoint } from '@authtrail/event-log';
import { RpcError } from '../rpc/rpc-error';
import { CheckpointSigner } from './checkpoint-signer';
import {
  parseCheckpointRequest,
  parseConsistencyRequest,
  parseInclusionRequest,
} from './proof-requests';
import { InclusionProofs } from './inclusion-proofs';
import { consistencyAnswer } from './tree-answers';

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
    private readonly proofs: InclusionProofs,
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
  inclusion(@Payload() data: unknown): Promise<InclusionProofReply> {
    const { seq, size } = parseInclusionRequest(data);
    return this.proofs.prove(seq, size);
  }

  @MessagePattern(Subjects.consistencyProof, Transport.NATS)
  consistency(@Payload() data: unknown): ConsistencyProofReply {
    const { fromSize, toSize } = parseConsistencyRequest(data);
    const latest = this.signer.checkpoint();
    if (toSize === undefined && !latest) {
      throw RpcError.notFound('no checkpoint signed yet: the log is empty');
    }
    return consistencyAnswer(this.proofs.tree(), fromSize, toSize ?? latest!.size);
  }
}
