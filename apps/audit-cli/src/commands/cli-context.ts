import type { OutputMode } from '../render';
import type { RpcClient } from '../rpc/rpc-client';

/** What a command needs to run: where to send requests, for whom, and how to print. */
export interface CliContext {
  rpc: RpcClient;
  host?: string;
  sessionId?: string;
  /** The log's verifier key, or a file holding it (AUTHTRAIL_VERIFY_KEY): `--key`'s default. */
  verifyKey?: string;
  /** The witnesses' verifier keys, or a file holding them (AUTHTRAIL_WITNESS_KEYS). */
  witnessKeys?: string;
  mode: OutputMode;
  out: (text: string) => void;
}
