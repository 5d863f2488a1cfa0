import { leafHash } from './hashes';
import { type HashReader, readHashes } from './hash-reader';
import { HashReadError } from './merkle-errors';

describe('readHashes', () => {
  const stored = [leafHash('a'), leafHash('b'), leafHash('c')];

  it('asks once, for sorted distinct indexes, and answers in the order asked', () => {
    const asked: number[][] = [];
    const read: HashReader = (indexes) => {
      asked.push([...indexes]);
      return indexes.map((i) => stored[i]);
    };
    expect(readHashes(read, [2, 0, 2])).toEqual([stored[2], stored[0], stored[2]]);
    expect(asked).toEqual([[0, 2]]);
  });

  it('does not call the reader for nothing', () => {
    expect(
      readHashes(() => {
        throw new Error('read');
      }, []),
    ).toEqual([]);
  });

  it('refuses an answer with a hash missing or not 32 bytes', () => {
    expect(() => readHashes(() => [stored[0]], [0, 1])).toThrow(
      new HashReadError('asked for 2 stored hashes, got 1'),
    );
    expect(() => readHashes(() => [new Uint8Array(3)], [7])).toThrow(
      new HashReadError('stored hash 7 is 3 bytes, not 32'),
    );
  });

  it('refuses a store that answers something other than bytes with its own error', () => {
    const broken = (() => [undefined]) as unknown as HashReader;
    expect(() => readHashes(broken, [7])).toThrow(new HashReadError('stored hash 7 is not a hash'));
  });
});
