import {
  MemoryHashStore,
  leafHash,
  treeHash,
  verifyConsistency,
  verifyInclusion,
} from '@authtrail/merkle';
import { RpcError } from '../rpc/rpc-error';
import { consistencyAnswer, inclusionAnswer, type ProvableTree } from './tree-answers';

const texts = Array.from({ length: 13 }, (_, i) => `{"seq":${i + 1}}`);
const store = new MemoryHashStore();
texts.forEach((text) => store.append(text));
const tree: ProvableTree = {
  read: store.read,
  size: texts.length,
  leafText: (seq) => texts[seq - 1],
};
const fromBase64 = (hashes: string[]) =>
  hashes.map((h) => new Uint8Array(Buffer.from(h, 'base64')));

function message(answer: () => unknown): string {
  try {
    answer();
  } catch (error) {
    if (error instanceof RpcError) return `${error.body.code} ${error.body.message}`;
    throw error;
  }
  throw new Error('answered');
}

describe('tree answers', () => {
  it('give inclusion proofs that verify against the root of their size', () => {
    for (const size of [1, 5, 13]) {
      for (let seq = 1; seq <= size; seq++) {
        const answer = inclusionAnswer(tree, seq, size);
        expect(answer).toMatchObject({ seq, index: seq - 1, size, leaf: texts[seq - 1] });
        const ok = verifyInclusion(
          leafHash(answer.leaf),
          answer.index,
          size,
          fromBase64(answer.hashes),
          treeHash(size, store.read),
        );
        expect(ok).toBe(true);
      }
    }
  });

  it('give consistency proofs that verify between the two roots', () => {
    for (const [from, to] of [
      [1, 13],
      [4, 13],
      [7, 8],
      [13, 13],
    ]) {
      const answer = consistencyAnswer(tree, from, to);
      expect(answer).toMatchObject({ from_size: from, to_size: to });
      const ok = verifyConsistency(
        from,
        to,
        treeHash(from, store.read),
        treeHash(to, store.read),
        fromBase64(answer.hashes),
      );
      expect(ok).toBe(true);
    }
  });

  it('refuse sizes the tree does not have and seqs outside the size, with a 400', () => {
    expect(message(() => inclusionAnswer(tree, 1, 14))).toBe(
      '400 size 14 is beyond the tree, which has 13 entries',
    );
    expect(message(() => inclusionAnswer(tree, 6, 5))).toBe(
      '400 seq 6 is not in the tree of size 5',
    );
    expect(message(() => consistencyAnswer(tree, 2, 20))).toBe(
      '400 to_size 20 is beyond the tree, which has 13 entries',
    );
    expect(message(() => consistencyAnswer(tree, 9, 8))).toBe(
      '400 from_size 9 is larger than to_size 8',
    );
  });
});
