import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import {
  CHECKPOINT_BUCKET,
  checkpointFeedSubject,
  originToken,
  Subjects,
  type CheckpointReply,
  type ConsistencyProofReply,
  type InclusionProofReply,
} from '@authtrail/contracts';
import { leafHash, verifyConsistency, verifyInclusion } from '@authtrail/merkle';
import { openNote, parseCheckpoint } from '@authtrail/signed-note';
import { eventHistory } from '../fixtures/event-history';
import { checkpointOfSize, verifierKeyFile, verifierOf } from '../harness/checkpoints';
import { publishPaced } from '../harness/paced-publisher';
import { forgeEntryAndTree } from '../harness/forged-log';
import { TestStack } from '../harness/test-stack';
import { waitFor } from '../harness/wait-for';

const hashes = (list: string[]) => list.map((h) => new Uint8Array(Buffer.from(h, 'base64')));

describe('signed checkpoints and proofs', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start();
  });

  afterAll(() => stack.dispose());

  it('signs the tree within a second of a commit, keeps it, publishes it, and proves entries and growth', async () => {
    const verifier = verifierOf(stack);
    expect(stack.service.output).toContain(
      `verifier key: ${readFileSync(verifierKeyFile(stack), 'utf8').trim()}`,
    );
    expect((await stack.request(Subjects.checkpoint, {})).body.error).toEqual({
      code: 404,
      message: 'no checkpoint signed yet: the log is empty',
    });

    const events = eventHistory(400, 4, 21);
    await publishPaced(stack.nc, events.slice(0, 150), 10_000);
    const first = await checkpointOfSize(stack, 150);
    const opened = openNote(first.checkpoint, [verifier]);
    const body = parseCheckpoint(opened.text);
    expect(body.origin).toBe(verifier.name);
    expect(body.size).toBe(150);
    expect(Buffer.from(body.rootHash).toString('base64')).toBe(first.root);

    const kv = await stack.nc.jetstream().views.kv(CHECKPOINT_BUCKET);
    expect((await kv.get(originToken(verifier.name)))?.string()).toBe(first.checkpoint);

    const feed = stack.nc.subscribe(checkpointFeedSubject(verifier.name), { max: 1 });
    await publishPaced(stack.nc, events.slice(150), 10_000);
    const second = await checkpointOfSize(stack, 400);
    for await (const message of feed) {
      expect(parseCheckpoint(openNote(message.string(), [verifier]).text).size).toBeGreaterThan(
        150,
      );
    }
    expect((await stack.request(Subjects.checkpoint, { size: 150 })).body.result).toEqual(first);

    const root = new Uint8Array(Buffer.from(second.root, 'base64'));
    for (const seq of [1, 2, 99, 150, 256, 400]) {
      const proof = (await stack.request(Subjects.inclusionProof, { seq })).body
        .result as InclusionProofReply;
      expect(proof).toMatchObject({ seq, index: seq - 1, size: 400 });
      expect(JSON.parse(proof.leaf)).toMatchObject({ seq, event_id: events[seq - 1].event_id });
      expect(verifyInclusion(leafHash(proof.leaf), seq - 1, 400, hashes(proof.hashes), root)).toBe(
        true,
      );
    }
    const consistency = (await stack.request(Subjects.consistencyProof, { from_size: 150 })).body
      .result as ConsistencyProofReply;
    expect(consistency).toMatchObject({ from_size: 150, to_size: 400 });
    const oldRoot = new Uint8Array(Buffer.from(first.root, 'base64'));
    expect(verifyConsistency(150, 400, oldRoot, root, hashes(consistency.hashes))).toBe(true);
  });

  it.each([
    [Subjects.checkpoint, { size: 0 }, 'Invalid params'],
    [Subjects.checkpoint, { size: 5000 }, 'no checkpoint was signed at size 5000'],
    [
      Subjects.inclusionProof,
      { seq: 1, size: 401 },
      'size 401 is beyond the tree, which has 400 entries',
    ],
    [Subjects.inclusionProof, { seq: 9, size: 8 }, 'seq 9 is not in the tree of size 8'],
    [Subjects.inclusionProof, { seq: 1.5 }, 'Invalid params'],
    [Subjects.inclusionProof, { seq: 401 }, 'the log has no entry 401'],
    [
      Subjects.consistencyProof,
      { from_size: 3, to_size: 2 },
      'from_size 3 is larger than to_size 2',
    ],
    [
      Subjects.consistencyProof,
      { from_size: 3, to_size: 500 },
      'to_size 500 is beyond the tree, which has 400 entries',
    ],
    [Subjects.consistencyProof, { from_size: '3' }, 'Invalid params'],
  ])('answers %s %j with a clear error', async (subject, body, message) => {
    const error = (await stack.request(subject, body)).body.error;
    expect(error?.message).toBe(message);
    expect([400, 404]).toContain(error?.code);
  });

  it('signs at most once a second, keeps every checkpoint in the log file, and one more at shutdown', async () => {
    const receipts = await publishPaced(stack.nc, eventHistory(3400, 4, 21).slice(400), 1_000, 50);
    await stack.waitUntilApplied(receipts.at(-1)!.seq, 30_000);
    const last = ((await stack.request(Subjects.stats, {})).body.result as { last_seq: number })
      .last_seq;
    expect(last).toBe(3400);
    await checkpointOfSize(stack, last);
    await stack.service.stop();
    const db = new Database(stack.dbPath, { readonly: true });
    const rows = db
      .prepare('SELECT size, signed_at FROM signed_checkpoints ORDER BY size')
      .all() as { size: number; signed_at: string }[];
    db.close();
    expect(rows.at(-1)?.size).toBe(last);
    expect(rows.length).toBeGreaterThan(2);
    const gaps = rows
      .slice(1)
      .map((row, i) => Date.parse(row.signed_at) - Date.parse(rows[i].signed_at));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(999);

    await stack.service.start();
    const again = (await stack.request(Subjects.checkpoint, {})).body.result as CheckpointReply;
    expect(again.size).toBe(last);
    expect(again.checkpoint).toContain(`\n${last}\n`);
  });

  it('stops signing when the file is changed under it, and says so', async () => {
    forgeEntryAndTree(stack.dbPath, 10);
    const receipts = await publishPaced(stack.nc, eventHistory(3450, 4, 21).slice(3400), 1_000);
    await stack.waitUntilApplied(receipts.at(-1)!.seq, 30_000);
    await waitFor('the signer to stop', () =>
      /the log's root at size 3400 is .* the checkpoint this service signed last says .*: signing stopped until restart/.test(
        stack.service.output,
      )
        ? true
        : undefined,
    );
    const latest = (await stack.request(Subjects.checkpoint, {})).body.result as CheckpointReply;
    expect(latest.size).toBe(3400);
  });
});
