import type { NatsConnection } from 'nats';
import {
  Subjects,
  type CheckpointReply,
  type ConsistencyProofReply,
  type InclusionProofReply,
} from '@authtrail/contracts';
import { SqliteEventLog } from '@authtrail/event-log';
import { leafHash, treeHash, verifyConsistency, verifyInclusion } from '@authtrail/merkle';
import { waitFor } from '../test/harness/wait-for';
import { timedCall } from './rpc';
import { percentile } from './stats';

/** Requests of each proof per round, after WARMUP of each that are not counted. */
export const PROOF_REQUESTS = 2_000;
const WARMUP = 100;

const hashes = (base64: string[]) => base64.map((h) => new Uint8Array(Buffer.from(h, 'base64')));

/** The service's latest signed checkpoint, once it covers the whole log of `size` entries. */
export function checkpointOfWholeLog(nc: NatsConnection, size: number): Promise<CheckpointReply> {
  return waitFor(
    `a checkpoint of size ${size}`,
    async () => {
      const { result } = await timedCall<CheckpointReply>(nc, Subjects.checkpoint, {});
      return result.size === size ? result : undefined;
    },
    10_000,
  );
}

export interface ProofRound {
  inclusion: { p50: number; p99: number };
  consistency: { p50: number; p99: number };
  /** `audit.checkpoint` asked as often: an answer from memory, the floor of the RPC path. */
  checkpoint: { p50: number; p99: number };
}

const p50p99 = (ms: number[]) => ({ p50: percentile(ms, 50), p99: percentile(ms, 99) });

/**
 * One round of `audit.proof.inclusion` for random seqs and `audit.proof.consistency` from random
 * sizes, both to the latest checkpoint (`checkpoint`, the whole log of the file at `db`), and of
 * `audit.checkpoint` for comparison: p50 and p99 of PROOF_REQUESTS round trips each. Every proof
 * is then checked against the checkpoint's root (and, for consistency, the root the file's tree
 * gives at from_size), outside the timing.
 */
export async function proofRound(
  nc: NatsConnection,
  db: string,
  checkpoint: CheckpointReply,
  random: () => number,
): Promise<ProofRound> {
  const pick = () => 1 + Math.floor(random() * checkpoint.size);
  const inclusions: InclusionProofReply[] = [];
  const consistencies: ConsistencyProofReply[] = [];
  const inclusionMs: number[] = [];
  const consistencyMs: number[] = [];
  const checkpointMs: number[] = [];
  for (let i = 0; i < WARMUP + PROOF_REQUESTS; i++) {
    const inclusion = await timedCall<InclusionProofReply>(nc, Subjects.inclusionProof, {
      seq: pick(),
    });
    const consistency = await timedCall<ConsistencyProofReply>(nc, Subjects.consistencyProof, {
      from_size: pick(),
    });
    const latest = await timedCall<CheckpointReply>(nc, Subjects.checkpoint, {});
    if (i < WARMUP) continue;
    inclusionMs.push(inclusion.ms);
    inclusions.push(inclusion.result);
    consistencyMs.push(consistency.ms);
    consistencies.push(consistency.result);
    checkpointMs.push(latest.ms);
  }
  checkProofs(db, checkpoint, inclusions, consistencies);
  return {
    inclusion: p50p99(inclusionMs),
    consistency: p50p99(consistencyMs),
    checkpoint: p50p99(checkpointMs),
  };
}

/** Throws unless every proof holds for the checkpoint (a fast wrong answer is no figure). */
function checkProofs(
  db: string,
  checkpoint: CheckpointReply,
  inclusions: InclusionProofReply[],
  consistencies: ConsistencyProofReply[],
): void {
  const root = new Uint8Array(Buffer.from(checkpoint.root, 'base64'));
  for (const proof of inclusions) {
    const ok =
      proof.size === checkpoint.size &&
      verifyInclusion(leafHash(proof.leaf), proof.index, proof.size, hashes(proof.hashes), root);
    if (!ok) throw new Error(`the inclusion proof of seq ${proof.seq} does not verify`);
  }
  const log = new SqliteEventLog(db, { readonly: true });
  try {
    for (const proof of consistencies) {
      const from = treeHash(proof.from_size, log.treeReader());
      const ok =
        proof.to_size === checkpoint.size &&
        verifyConsistency(proof.from_size, proof.to_size, from, root, hashes(proof.hashes));
      if (!ok) throw new Error(`the consistency proof from ${proof.from_size} does not verify`);
    }
  } finally {
    log.close();
  }
}
