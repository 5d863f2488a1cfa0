import { MemoryHashStore, treeHash } from '@authtrail/merkle';
import { treeDisagreement } from './tree-disagreement';

function treeOf(texts: string[]): (size: number) => Uint8Array {
  const store = new MemoryHashStore();
  texts.forEach((text) => store.append(text));
  return (size) => treeHash(size, store.read);
}

describe('treeDisagreement', () => {
  const texts = Array.from({ length: 10 }, (_, i) => `entry ${i + 1}`);
  const rootAt = treeOf(texts);
  const signed = { size: 8, root: rootAt(8), where: 'kept in the log file' };

  it('finds nothing wrong with the tree signed or any extension of it', () => {
    expect(treeDisagreement(signed, 8, rootAt)).toBeUndefined();
    expect(treeDisagreement(signed, 10, rootAt)).toBeUndefined();
  });

  it('names a log shorter than the checkpoint', () => {
    expect(treeDisagreement(signed, 7, rootAt)).toBe(
      'the log holds 7 entries, fewer than the 8 of the checkpoint kept in the log file: it was cut or replaced',
    );
  });

  it('names both roots when an entry under the checkpoint differs', () => {
    const edited = treeOf(texts.map((t, i) => (i === 3 ? 'forged' : t)));
    const reason = treeDisagreement(signed, 10, edited);
    expect(reason).toContain(
      `the log's root at size 8 is ${Buffer.from(edited(8)).toString('base64')}`,
    );
    expect(reason).toContain(`says ${Buffer.from(rootAt(8)).toString('base64')}`);
  });
});
