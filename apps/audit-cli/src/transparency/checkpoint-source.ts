import type { NatsConnection } from 'nats';
import {
  CHECKPOINT_BUCKET,
  cosignedCheckpointKey,
  originToken,
  Subjects,
} from '@authtrail/contracts';
import type { Verifier } from '@authtrail/signed-note';
import { CliError } from '../errors/cli-error';
import type { RpcClient } from '../rpc/rpc-client';
import type { ConsistencyFetcher } from './monitor-step';
import type { CosignedNote } from './witnessed';

/** The newest signed note of an origin in the bucket, or why there is none to check against. */
export type NewestCheckpoint = { note: string } | { missing: string };

/** What a key of the bucket holds: a note, no value (`absent`), a deleted one, or no bucket. */
type BucketValue = { note: string } | { absent: 'none' | 'deleted' | 'no bucket' };

/**
 * The value of `key` in the key-value bucket AUTH_CHECKPOINTS, bound without asking for the
 * account's JetStream info (a reader may read the bucket's stream without being let ask it).
 */
async function bucketValue(nc: NatsConnection, key: string): Promise<BucketValue> {
  try {
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
      return { absent: exists ? 'none' : 'no bucket' };
    }
    return entry.operation === 'PUT' ? { note: entry.string() } : { absent: 'deleted' };
  } catch (error) {
    throw new CliError(
      `cannot read ${CHECKPOINT_BUCKET} (key ${key}): ${(error as Error).message}`,
    );
  }
}

/**
 * The newest checkpoint `origin` published in the key-value bucket AUTH_CHECKPOINTS (key
 * originToken(origin)), as signed note text; not checked here. A bucket that does not exist, or
 * holds no value (or a deleted one) for the origin, is `missing`, with a sentence saying which.
 */
export async function newestCheckpoint(
  nc: NatsConnection,
  origin: string,
): Promise<NewestCheckpoint> {
  const value = await bucketValue(nc, originToken(origin));
  if ('note' in value) return value;
  const missing = {
    none: `no checkpoint of ${origin} in ${CHECKPOINT_BUCKET} yet`,
    deleted: `the checkpoint of ${origin} in ${CHECKPOINT_BUCKET} was deleted`,
    'no bucket': `no bucket ${CHECKPOINT_BUCKET}`,
  }[value.absent];
  return { missing };
}

/**
 * Each witness's newest cosigned checkpoint of `origin` in AUTH_CHECKPOINTS (key
 * cosignedCheckpointKey(origin, witness name)), in the witnesses' order; not checked here.
 */
export async function cosignedCheckpoints(
  nc: NatsConnection,
  origin: string,
  witnesses: readonly Pick<Verifier, 'name'>[],
): Promise<CosignedNote[]> {
  const key = (witness: string) => cosignedCheckpointKey(origin, witness);
  const values = await Promise.all(witnesses.map((w) => bucketValue(nc, key(w.name))));
  return values.map((value, i) =>
    'note' in value
      ? value
      : {
          missing:
            value.absent === 'no bucket'
              ? `no bucket ${CHECKPOINT_BUCKET}`
              : `no cosigned checkpoint of ${origin} in ${CHECKPOINT_BUCKET} (key ` +
                `${key(witnesses[i].name)}${value.absent === 'deleted' ? ', deleted' : ''})`,
        },
  );
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
