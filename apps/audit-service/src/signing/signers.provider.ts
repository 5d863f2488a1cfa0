import type { KeyFileSigner } from '@authtrail/key-files';

/** Injection token of the log's signer (a Signer): it signs the checkpoints, its name their origin. */
export const LOG_SIGNER = Symbol('LOG_SIGNER');
/** Injection token of the witness's signer (a Signer), or null when no witness key is configured. */
export const WITNESS_SIGNER = Symbol('WITNESS_SIGNER');

/** The keys the service signs with, read (and the log's created) at start. */
export interface Signers {
  readonly log: KeyFileSigner;
  readonly witness: KeyFileSigner | null;
}
