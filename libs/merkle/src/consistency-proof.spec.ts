import { consistencyProof, verifyConsistency } from './consistency-proof';
import { leafHash } from './hashes';
import { MemoryHashStore } from './memory-hash-store';
import { MerkleArgumentError } from './merkle-errors';
import { treeHash } from './tree-hash';

const store = new MemoryHashStore();
for (let i = 0; i < 7; i++) store.append(`entry ${i}`);
const root = (size: number) => treeHash(size, store.read);

describe('consistency proofs', () => {
  it('proves every earlier tree a prefix of every later one', () => {
    for (let to = 1; to <= 7; to++) {
      for (let from = 1; from <= to; from++) {
        const proof = consistencyProof(from, to, store.read);
        expect(verifyConsistency(from, to, root(from), root(to), proof)).toBe(true);
      }
    }
  });

  it('needs no proof between a tree and itself, and then proves only equal roots', () => {
    expect(consistencyProof(5, 5, store.read)).toEqual([]);
    expect(verifyConsistency(5, 5, root(5), root(5), [])).toBe(true);
    expect(verifyConsistency(5, 5, root(5), root(4), [])).toBe(false);
  });

  it('does not prove a tree that rewrote history, nor with swapped roots or a damaged proof', () => {
    const rewritten = new MemoryHashStore();
    for (let i = 0; i < 7; i++) rewritten.append(i === 1 ? 'rewritten' : `entry ${i}`);
    const proof = consistencyProof(3, 7, rewritten.read);
    expect(verifyConsistency(3, 7, root(3), treeHash(7, rewritten.read), proof)).toBe(false);
    const honest = consistencyProof(3, 7, store.read);
    expect(verifyConsistency(3, 7, root(7), root(3), honest)).toBe(false);
    expect(verifyConsistency(3, 7, root(3), root(7), [leafHash('x'), ...honest.slice(1)])).toBe(
      false,
    );
    expect(verifyConsistency(3, 7, root(3), root(7), [...honest, new Uint8Array(32)])).toBe(false);
  });

  it('refuses an empty tree, a shrinking log, and sizes that are no counts', () => {
    expect(() => consistencyProof(0, 7, store.read)).toThrow(
      new MerkleArgumentError('from size must be an integer from 1 to 2^51, got 0'),
    );
    expect(() => consistencyProof(5, 4, store.read)).toThrow(
      'from size 5 is larger than to size 4: a log only grows',
    );
    expect(() => verifyConsistency(1, 2.5, root(1), root(2), [])).toThrow(MerkleArgumentError);
  });
});
