import { Module } from '@nestjs/common';
import { CheckpointPublisher } from './checkpoint-publisher';
import { CheckpointSigner } from './checkpoint-signer';
import { TransparencyController } from './transparency.controller';

/**
 * The verifiable log: signed checkpoints, kept and published, and the proof RPCs. The log's signer
 * comes from the global SigningModule.
 */
@Module({
  controllers: [TransparencyController],
  providers: [CheckpointSigner, CheckpointPublisher],
  exports: [CheckpointSigner],
})
export class TransparencyModule {}
