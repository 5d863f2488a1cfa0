import { leafHash } from './hashes';
import { MemoryHashStore } from './memory-hash-store';
import { HashReadError } from './merkle-errors';
import { storedHashCount } from './stored-index';

describe('MemoryHashStore', () => {
  it('grows by one leaf per append, by data or by leaf hash, storing storedHashCount hashes', () => {
    const store = new MemoryHashStore();
    expect(store.size).toBe(0);
    expect(store.append('a')).toBe(1);
    expect(store.appendLeafHash(leafHash('b'))).toBe(2);
    expect(store.append(Uint8Array.of(1, 2))).toBe(3);
    expect(store.hashCount).toBe(storedHashCount(3));
    expect(store.read([0, 1])).toEqual([leafHash('a'), leafHash('b')]);
  });

  it('refuses to read a hash not yet stored', () => {
    const store = new MemoryHashStore();
    store.append('a');
    expect(() => store.read([1])).toThrow(new HashReadError('no hash stored at 1'));
  });
});
