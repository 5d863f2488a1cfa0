import { randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Subjects,
  type CheckpointReply,
  type ConsistencyProofReply,
  type InclusionProofReply,
} from '@authtrail/contracts';
import { eventHistory } from '../fixtures/event-history';
import { publishPaced } from '../harness/paced-publisher';
import { TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';
import { buildTlogCheck, type TlogCheck } from './go-tlog-check';

/**
 * The running service, signing with a key made by Go's note.GenerateKey: Go's reference code
 * (golang.org/x/mod/sumdb/note and sumdb/tlog) verifies the checkpoints it signs and the
 * inclusion and consistency proofs it answers, over the entries' canonical texts as leaves.
 */

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

let go: TlogCheck;
let stack: TestStack;
let goKey: { privateKey: string; verifierKey: string };

beforeAll(async () => {
  go = buildTlogCheck();
  [goKey] = go.run({ sign: [{ id: 'key', text: 'x\n', keyName: 'go.example/authtrail' }] }).signed;
  stack = await TestStack.start();
  const keyFile = join(stack.dir, 'go-made.key');
  writeFileSync(keyFile, `${goKey.privateKey}\n`, { mode: 0o600 });
  await stack.service.stop();
  stack.service.env.AUTHTRAIL_SIGNING_KEY_FILE = keyFile;
  await stack.service.start();
});

afterAll(async () => {
  await stack?.dispose();
  go?.remove();
});

async function checkpointOfSize(size: number): Promise<CheckpointReply> {
  return waitFor(`a checkpoint of size ${size}`, async () => {
    const reply = (await stack.request(Subjects.checkpoint, {})).body.result as
      CheckpointReply | undefined;
    return reply?.size === size ? reply : undefined;
  });
}

it('signs checkpoints Go verifies, with proofs Go checks, under a key Go made', async () => {
  const events = eventHistory(700, 5, 31);
  await publishPaced(stack.nc, events.slice(0, 333), 10_000);
  const first = await checkpointOfSize(333);
  await publishPaced(stack.nc, events.slice(333), 10_000);
  const second = await checkpointOfSize(700);

  const seqs = Array.from({ length: 40 }, () => randomInt(1, 701));
  const inclusion: InclusionProofReply[] = [];
  for (const seq of seqs) {
    inclusion.push((await stack.request(Subjects.inclusionProof, { seq })).body.result as never);
  }
  const early = (await stack.request(Subjects.inclusionProof, { seq: 100, size: 333 })).body
    .result as InclusionProofReply;
  const consistency = (
    await stack.request(Subjects.consistencyProof, { from_size: 333, to_size: 700 })
  ).body.result as ConsistencyProofReply;
  const leaves: string[] = [];
  for (let seq = 1; seq <= 700; seq++) {
    const proof = inclusion.find((p) => p.seq === seq);
    leaves.push(
      proof?.leaf ??
        (
          (await stack.request(Subjects.inclusionProof, { seq, size: 700 })).body
            .result as never as InclusionProofReply
        ).leaf,
    );
  }

  const result = go.run({
    verifierKeys: [goKey.verifierKey],
    checkpoints: [
      { id: '333', note: first.checkpoint },
      { id: '700', note: second.checkpoint },
    ],
    leaves: leaves.map(b64),
    inclusion: [
      ...inclusion.map((p) => ({
        id: `seq ${p.seq}`,
        checkpoint: '700',
        index: p.index,
        proof: p.hashes,
      })),
      { id: 'seq 100 at 333', checkpoint: '333', index: early.index, proof: early.hashes },
    ],
    consistency: [{ id: '333 to 700', from: '333', to: '700', proof: consistency.hashes }],
  });
  expect(result.checkpoints).toEqual([
    expect.objectContaining({ ok: true, origin: 'go.example/authtrail', size: 333 }),
    expect.objectContaining({ ok: true, origin: 'go.example/authtrail', size: 700 }),
  ]);
  expect(result.inclusion.filter((v) => !v.ok)).toEqual([]);
  expect(result.inclusion).toHaveLength(41);
  expect(result.consistency).toEqual([{ id: '333 to 700', ok: true }]);

  // A proof of one entry does not pass for another: Go is really checking.
  const wrong = go.run({
    verifierKeys: [goKey.verifierKey],
    checkpoints: [{ id: '700', note: second.checkpoint }],
    leaves: leaves.map(b64),
    inclusion: [
      {
        id: 'shifted',
        checkpoint: '700',
        index: (inclusion[0].index + 1) % 700,
        proof: inclusion[0].hashes,
      },
    ],
  });
  expect(wrong.inclusion[0].ok).toBe(false);
});
