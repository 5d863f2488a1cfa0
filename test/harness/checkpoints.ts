import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CHECKPOINT_BUCKET,
  originToken,
  Subjects,
  type CheckpointReply,
} from '@authtrail/contracts';
import { openNote, parseCheckpoint, parseVerifierKey, type Verifier } from '@authtrail/signed-note';
import type { TestStack } from './test-stack';
import { waitFor } from './wait-for';

/** The verifier key file the service wrote beside its log at first start. */
export const verifierKeyFile = (stack: TestStack): string =>
  join(dirname(stack.dbPath), 'signing.key.pub');

/** The private key file the service created beside its log at first start. */
export const signingKeyFile = (stack: TestStack): string =>
  join(dirname(stack.dbPath), 'signing.key');

/** The service's verifier key. */
export const verifierOf = (stack: TestStack): Verifier =>
  parseVerifierKey(readFileSync(verifierKeyFile(stack), 'utf8').trim());

/** The service's newest checkpoint (audit.checkpoint), once it is of `size`. */
export async function checkpointOfSize(stack: TestStack, size: number): Promise<CheckpointReply> {
  return waitFor(`a checkpoint of size ${size}`, async () => {
    const reply = (await stack.request(Subjects.checkpoint, {})).body.result as
      CheckpointReply | undefined;
    return reply?.size === size ? reply : undefined;
  });
}

/** The newest note of the service's origin in AUTH_CHECKPOINTS, once it is of `size`. */
export async function publishedCheckpoint(stack: TestStack, size: number): Promise<string> {
  const verifier = verifierOf(stack);
  const kv = await stack.nc.jetstream().views.kv(CHECKPOINT_BUCKET, { bindOnly: true });
  return waitFor(`the bucket to hold a checkpoint of size ${size}`, async () => {
    const note = (await kv.get(originToken(verifier.name)))?.string();
    if (note === undefined) return undefined;
    return parseCheckpoint(openNote(note, [verifier]).text).size === size ? note : undefined;
  });
}
