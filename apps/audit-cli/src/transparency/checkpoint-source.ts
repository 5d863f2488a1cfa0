import type { NatsConnection } from 'nats';
import { CHECKPOINT_BUCKET, originToken, Subjects } from '@authtrail/contracts';
import { CliError } from '../errors/cli-error';
import type { RpcClient } from '../rpc/rpc-client';
import type { ConsistencyFetcher } from './monitor-step';

/** The newest signed note of an origin in the bucket, or why there is none to check against. */
export type NewestCheckpoint = { note: string } | { missing: string };

/**
 * The newest checkpoint `origin` published in the key-value bucket AUTH_CHECKPOINTS (key
 * originToken(origin)), as signed note text; not checked here. A bucket that does not exist, or
 * holds no value (or a deleted one) for the origin, is `missing`, with a sentence saying which.
 */
export async function newestCheckpoint(
  nc: NatsConnection,
  origin: string,
): Promise<NewestCheckpoint> {
  const key = originToken(origin);
  try {
    // a reader may read the bucket's stream without being let ask for the account's info
    const js = nc.jetstream({ checkAPI: false });
    const kv = await js.views.kv(CHECKPOINT_BUCKET, { bindOnly: true });
    const entry = await kv.get(key);
    if (entry === null) {
      // get answers null for a bucket that does not exist too: its status tells them apart
      const exists = await kv.status().then(
        () => true,
        (error: Error) => {
          if (error.message === 'stream not found') return false;
          throw error;
        },
      );
      return exists
        ? { missing: `no checkpoint of ${origin} in ${CHECKPOINT_BUCKET} yet` }
        : { missing: `no bucket ${CHECKPOINT_BUCKET}` };
    }
    if (entry.operation !== 'PUT') {
      return { missing: `the checkpoint of ${origin} in ${CHECKPOINT_BUCKET} was deleted` };
    }
    return { note: entry.string() };
  } catch (error) {
    throw new CliError(
      `cannot read ${CHECKPOINT_BUCKET} (key ${key}): ${(error as Error).message}`,
    );
  }
}

/** Asks the service (`audit.proof.consistency`) for the proof between two tree sizes. */
export function consistencyFetcher(rpc: RpcClient): ConsistencyFetcher {
  return async (fromSize, toSize) => {
    const reply = await rpc.request(Subjects.consistencyProof, {
      from_size: fromSize,
      to_size: toSize,
    });
    if (reply.from_size !== fromSize || reply.to_size !== toSize) {
      throw new CliError(
        `${Subjects.consistencyProof}: asked for sizes ${fromSize} to ${toSize}, the service ` +
          `answered for ${reply.from_size} to ${reply.to_size}`,
      );
    }
    return reply.hashes.map((hash) => new Uint8Array(Buffer.from(hash, 'base64')));
  };
}
