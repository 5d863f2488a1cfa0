import { Module } from '@nestjs/common';
import { StatusModule } from '../status/status.module';
import { TransparencyModule } from '../transparency/transparency.module';
import { CheckpointWitness } from './checkpoint-witness';

/**
 * The replica as a witness of its log's checkpoints (with a witness key; idle without one). The
 * signers come from the global SigningModule, the bucket from TransparencyModule.
 */
@Module({
  imports: [StatusModule, TransparencyModule],
  providers: [CheckpointWitness],
})
export class WitnessModule {}
