import { MemoryHashStore, treeHash } from '@authtrail/merkle';
import { formatCheckpoint, generateKey, parsePrivateKey, signNote } from '@authtrail/signed-note';
import type { LogCheckpoint } from '../transparency/log-checkpoint';
import { WitnessJudge, type OwnTree } from './witness-judge';

const ORIGIN = 'example.com/log';
const logKey = parsePrivateKey(generateKey(ORIGIN).privateKey);
const texts = Array.from({ length: 12 }, (_, i) => `entry ${i + 1}`);
const forgedTexts = texts.map((text, i) => (i === 3 ? 'forged entry 4' : text));

/** The log of `entries` as a witness holds it, cut at `size`. */
function treeOf(entries: string[], size: number): OwnTree {
  const store = new MemoryHashStore();
  entries.slice(0, size).forEach((text) => store.append(text));
  return { size, rootAt: (n) => treeHash(n, store.read) };
}

/** The log's signed checkpoint of the first `size` of `entries`. */
function checkpointOf(entries: string[], size: number): LogCheckpoint {
  const root = treeOf(entries, size).rootAt(size);
  const text = formatCheckpoint({ origin: ORIGIN, size, rootHash: root });
  return { note: signNote(text, [logKey]), text, size, root };
}

describe('WitnessJudge', () => {
  it('cosigns a checkpoint within its log whose root is its own', () => {
    const judge = new WitnessJudge();
    const checkpoint = checkpointOf(texts, 5);
    expect(judge.seen(checkpoint, treeOf(texts, 9))).toEqual({ action: 'cosign', checkpoint });
    expect(judge.disagrees).toBe(false);
  });

  it('never cosigns a size twice, nor a smaller one after a larger', () => {
    const judge = new WitnessJudge();
    const own = treeOf(texts, 12);
    expect(judge.seen(checkpointOf(texts, 6), own).action).toBe('cosign');
    expect(judge.seen(checkpointOf(texts, 6), own)).toEqual({
      action: 'none',
      why: 'cosigned size 6 already',
    });
    expect(judge.seen(checkpointOf(texts, 4), own).action).toBe('none');
    expect(judge.seen(checkpointOf(texts, 7), own).action).toBe('cosign');
  });

  it('keeps the newest checkpoint beyond its log until the log reaches it', () => {
    const judge = new WitnessJudge();
    const eight = checkpointOf(texts, 8);
    expect(judge.seen(eight, treeOf(texts, 5))).toEqual({ action: 'wait', checkpoint: eight });
    expect(judge.seen(checkpointOf(texts, 7), treeOf(texts, 5)).action).toBe('none');
    expect(judge.grown(treeOf(texts, 7))).toBeUndefined();
    expect(judge.grown(treeOf(texts, 9))).toEqual({ action: 'cosign', checkpoint: eight });
    expect(judge.grown(treeOf(texts, 10))).toBeUndefined();
  });

  it('keeps the one received last of two checkpoints of one size beyond its log', () => {
    const judge = new WitnessJudge();
    judge.seen(checkpointOf(texts, 8), treeOf(texts, 5));
    const forged = checkpointOf(forgedTexts, 8);
    expect(judge.seen(forged, treeOf(texts, 5)).action).toBe('wait');
    expect(judge.grown(treeOf(texts, 8))).toMatchObject({ action: 'disagree', checkpoint: forged });
  });

  it('disagrees with a checkpoint whose root is not its own, naming its own root', () => {
    const judge = new WitnessJudge();
    const own = treeOf(forgedTexts, 10);
    const honest = checkpointOf(texts, 6);
    expect(judge.seen(honest, own)).toEqual({
      action: 'disagree',
      checkpoint: honest,
      ownRoot: own.rootAt(6),
    });
    expect(judge.disagrees).toBe(true);
  });

  it('cosigns nothing after a disagreement, and says each other disagreeing checkpoint once', () => {
    const judge = new WitnessJudge();
    const own = treeOf(forgedTexts, 10);
    expect(judge.seen(checkpointOf(texts, 6), own).action).toBe('disagree');
    expect(judge.seen(checkpointOf(forgedTexts, 8), own)).toEqual({
      action: 'none',
      why: 'cosigning stopped at a disagreement',
    });
    expect(judge.seen(checkpointOf(forgedTexts, 3), own).action).toBe('none');
    expect(judge.seen(checkpointOf(texts, 6), own)).toEqual({
      action: 'none',
      why: 'reported already',
    });
    expect(judge.seen(checkpointOf(texts, 9), own).action).toBe('disagree');
  });

  it('disagrees with a checkpoint it waited for once its log reaches it with another root', () => {
    const judge = new WitnessJudge();
    expect(judge.seen(checkpointOf(forgedTexts, 4), treeOf(texts, 4)).action).toBe('disagree');
    const other = new WitnessJudge();
    expect(other.seen(checkpointOf(texts, 9), treeOf(forgedTexts, 2)).action).toBe('wait');
    expect(other.grown(treeOf(forgedTexts, 3))).toBeUndefined();
    expect(other.grown(treeOf(forgedTexts, 11))).toMatchObject({ action: 'disagree' });
    expect(other.seen(checkpointOf(forgedTexts, 11), treeOf(forgedTexts, 11)).action).toBe('none');
  });
});
