import { Module, type DynamicModule } from '@nestjs/common';
import { LOG_SIGNER, WITNESS_SIGNER, type Signers } from './signers.provider';

/** The log's signer and the witness's (or null), to every module (main.ts reads their keys). */
@Module({})
export class SigningModule {
  static forRoot(signers: Signers): DynamicModule {
    return {
      module: SigningModule,
      global: true,
      providers: [
        { provide: LOG_SIGNER, useValue: signers.log },
        { provide: WITNESS_SIGNER, useValue: signers.witness },
      ],
      exports: [LOG_SIGNER, WITNESS_SIGNER],
    };
  }
}
