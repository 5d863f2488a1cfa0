import { inclusionProof, MemoryHashStore, treeHash } from '@authtrail/merkle';
import { formatCheckpoint, generateKey, parsePrivateKey, signNote } from '@authtrail/signed-note';
import { toHex } from './bytes';
import { leafHash, verifyInclusion } from './merkle';
import { noteSignedBy, parseVerifierKey, readCheckpoint, splitNote } from './note';

/** The page's checks (Web Crypto) against the service's own proofs and signatures. */
describe("the console page's proof checks", () => {
  const leaves = Array.from({ length: 14 }, (_, i) => `{"seq":${i + 1}}`);
  const store = new MemoryHashStore();
  for (const leaf of leaves) store.append(leaf);

  it('hashes a leaf as RFC 6962 does', async () => {
    const { leafHash: nodeLeafHash } =
      jest.requireActual<typeof import('@authtrail/merkle')>('@authtrail/merkle');
    expect(toHex(await leafHash(leaves[4]))).toBe(
      Buffer.from(nodeLeafHash(leaves[4])).toString('hex'),
    );
  });

  it('accepts every proof the service makes, and refuses a changed hash, leaf, index or root', async () => {
    for (const size of [1, 2, 5, 8, 13]) {
      const root = treeHash(size, store.read);
      for (let index = 0; index < size; index++) {
        const path = inclusionProof(index, size, store.read);
        const leaf = await leafHash(leaves[index]);
        expect(await verifyInclusion(index, size, leaf, path, root)).toBe(true);
        if (path.length > 0) {
          const bent = path.map((hash, i) =>
            i === 0 ? hash.map((b, j) => (j === 0 ? b ^ 1 : b)) : hash,
          );
          expect(await verifyInclusion(index, size, leaf, bent, root)).toBe(false);
          expect(await verifyInclusion(index, size, leaf, path.slice(1), root)).toBe(false);
        }
        const other = await leafHash(`${leaves[index]} `);
        expect(await verifyInclusion(index, size, other, path, root)).toBe(false);
        if (size > 1) {
          expect(await verifyInclusion((index + 1) % size, size, leaf, path, root)).toBe(false);
        }
        const later = treeHash(size + 1, store.read);
        expect(await verifyInclusion(index, size, leaf, path, later)).toBe(false);
      }
    }
  });

  it("checks a checkpoint's Ed25519 signature against the verifier key", async () => {
    const key = generateKey('log.example/console');
    const other = generateKey('log.example/console');
    const root = treeHash(13, store.read);
    const note = signNote(
      formatCheckpoint({ origin: 'log.example/console', size: 13, rootHash: root }),
      [parsePrivateKey(key.privateKey)],
    );
    const verifier = await parseVerifierKey(key.verifierKey);
    expect(await noteSignedBy(note, verifier)).toBe(true);
    expect(await noteSignedBy(note, await parseVerifierKey(other.verifierKey))).toBe(false);
    const body = readCheckpoint(splitNote(note).text);
    expect(body.size).toBe(13);
    expect(toHex(body.root)).toBe(Buffer.from(root).toString('hex'));
    const changedText = note.replace('\n13\n', '\n12\n');
    expect(await noteSignedBy(changedText, verifier)).toBe(false);
  });

  it('refuses a verifier key whose hash does not match, and a note without signatures', async () => {
    const { verifierKey } = generateKey('log.example/console');
    // The key's base64 may hold '+' itself: it is everything after the hash.
    const [name, hash, ...data] = verifierKey.split('+');
    const key = data.join('+');
    const wrongHash = `${name}+${hash === '00000000' ? '00000001' : '00000000'}+${key}`;
    await expect(parseVerifierKey(wrongHash)).rejects.toThrow("the key's hash does not match");
    await expect(parseVerifierKey('not a key')).rejects.toThrow('not a verifier key');
    expect(() => splitNote('origin\n1\nroot\n')).toThrow('no blank line');
  });
});
