import { Module } from '@nestjs/common';
import { StatusModule } from '../status/status.module';
import { CheckpointPublisher } from './checkpoint-publisher';
import { CheckpointSigner } from './checkpoint-signer';
import { InclusionProofs } from './inclusion-proofs';
import { TransparencyController } from './transparency.controller';

/**
 * The verifiable log: signed checkpoints, kept and published, and the proof RPCs. The log's signer
 * comes from the global SigningModule; the bucket is shared with the witness (WitnessModule).
 */
@Module({
  imports: [StatusModule],
  controllers: [TransparencyController],
  providers: [CheckpointSigner, CheckpointPublisher, InclusionProofs],
  exports: [CheckpointSigner, CheckpointPublisher, InclusionProofs],
})
export class TransparencyModule {}
