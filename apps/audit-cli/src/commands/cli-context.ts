import type { OutputMode } from '../render';
import type { RpcClient } from '../rpc/rpc-client';

/** What a command needs to run: where to send requests, for whom, and how to print. */
export interface CliContext {
  rpc: RpcClient;
  host?: string;
  sessionId?: string;
  mode: OutputMode;
  out: (text: string) => void;
}
