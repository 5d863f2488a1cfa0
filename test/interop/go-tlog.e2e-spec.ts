import { randomBytes, randomInt } from 'node:crypto';
import {
  consistencyProof,
  type Hash,
  inclusionProof,
  MemoryHashStore,
  treeHash,
} from '@authtrail/merkle';
import {
  addSignatureLines,
  cosign,
  formatCheckpoint,
  generateKey,
  generateWitnessKey,
  openNote,
  parsePrivateKey,
  parseVerifierKey,
  parseWitnessPrivateKey,
  parseWitnessVerifierKey,
  signNote,
  verifyCosignatures,
  witnessKeyPairOf,
} from '@authtrail/signed-note';
import { buildTlogCheck, type TlogCheck, type Verdict } from './go-tlog-check';

/**
 * What authtrail signs and proves must hold for Go's reference code, golang.org/x/mod/sumdb/note
 * and golang.org/x/mod/sumdb/tlog, which witnesses and auditors of the log may use: checkpoints,
 * inclusion and consistency proofs, the stored-hash layout, and note keys both ways.
 */

const ORIGIN = 'authtrail.example/audit-log';
const LEAVES = 1_000;
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

let go: TlogCheck;
const store = new MemoryHashStore();
const leaves: Uint8Array[] = [];
const keys = generateKey('authtrail.example');
const signer = parsePrivateKey(keys.privateKey);

/** The checkpoint text of the first `size` leaves. */
const checkpointText = (size: number, origin = ORIGIN): string =>
  formatCheckpoint({ origin, size, rootHash: treeHash(size, store.read) });

/** A checkpoint of the first `size` leaves, signed by the log's key. */
const checkpoint = (size: number, origin = ORIGIN): string =>
  signNote(checkpointText(size, origin), [signer]);

/** That Go verifies `note`, a checkpoint of all the leaves, with the log's key and reads it. */
function expectGoReadsAllLeaves(id: string, note: string): void {
  const { checkpoints } = go.run({ verifierKeys: [keys.verifierKey], checkpoints: [{ id, note }] });
  const root = b64(treeHash(LEAVES, store.read));
  expect(checkpoints).toEqual([{ id, ok: true, origin: ORIGIN, size: LEAVES, root }]);
}

/** Random tree sizes from 1 to LEAVES. */
const randomSize = (): number => randomInt(1, LEAVES + 1);

const refused = (verdicts: Verdict[]): Verdict[] => verdicts.filter((v) => !v.ok);

beforeAll(() => {
  go = buildTlogCheck();
  for (let i = 0; i < LEAVES; i++) {
    // Leaves of any length, the empty one included.
    const data = new Uint8Array(randomBytes(i === 0 ? 0 : randomInt(1, 200)));
    leaves.push(data);
    store.append(data);
  }
});

afterAll(() => go?.remove());

describe('Go reads what authtrail writes', () => {
  it('lays out the stored hashes of 1,000 leaves as MemoryHashStore does', () => {
    const { storedHashes } = go.run({ leaves: leaves.map(b64) });
    const ours = store.read(Array.from({ length: store.hashCount }, (_, i) => i));
    expect(storedHashes).toEqual(ours.map(b64));
  });

  it('verifies a checkpoint signed here and reads its origin, size and root', () => {
    expectGoReadsAllLeaves('all', checkpoint(LEAVES));
  });

  it('checks inclusion proofs of 50 random leaves in random trees', () => {
    const sizes = [LEAVES, 317, ...Array.from({ length: 4 }, randomSize)];
    const inclusion = Array.from({ length: 50 }, (_, i) => {
      const size = sizes[i % sizes.length];
      const index = i === 0 ? size - 1 : randomInt(0, size);
      return {
        id: `${index}@${size}`,
        checkpoint: `cp${size}`,
        index,
        proof: inclusionProof(index, size, store.read).map(b64),
      };
    });
    const result = go.run({
      verifierKeys: [keys.verifierKey],
      checkpoints: sizes.map((size) => ({ id: `cp${size}`, note: checkpoint(size) })),
      leaves: leaves.map(b64),
      inclusion,
    });
    expect(refused(result.checkpoints)).toEqual([]);
    expect(result.inclusion).toHaveLength(50);
    expect(refused(result.inclusion)).toEqual([]);
  });

  it('checks consistency proofs from 317 to 1,000 leaves and between random sizes', () => {
    const pairs: [number, number][] = [
      [317, LEAVES],
      [1, LEAVES],
      [512, LEAVES],
      [LEAVES, LEAVES],
      ...Array.from({ length: 20 }, (): [number, number] => {
        const [a, b] = [randomSize(), randomSize()];
        return a <= b ? [a, b] : [b, a];
      }),
    ];
    const sizes = [...new Set(pairs.flat())];
    const result = go.run({
      verifierKeys: [keys.verifierKey],
      checkpoints: sizes.map((size) => ({ id: `cp${size}`, note: checkpoint(size) })),
      consistency: pairs.map(([from, to]) => ({
        id: `${from}->${to}`,
        from: `cp${from}`,
        to: `cp${to}`,
        proof: consistencyProof(from, to, store.read).map(b64),
      })),
    });
    expect(refused(result.checkpoints)).toEqual([]);
    expect(result.consistency).toHaveLength(pairs.length);
    expect(refused(result.consistency)).toEqual([]);
  });
});

describe('Go refuses what was tampered with', () => {
  /** `hash` with one bit flipped. */
  const flipped = (hash: Hash): string => {
    const copy = Uint8Array.from(hash);
    copy[randomInt(0, copy.length)] ^= 1 << randomInt(0, 8);
    return b64(copy);
  };

  it('refuses inclusion proofs with a changed hash, a missing hash, or for another leaf', () => {
    const [size, index] = [LEAVES, 421];
    const proof = inclusionProof(index, size, store.read);
    const at = randomInt(0, proof.length);
    const result = go.run({
      verifierKeys: [keys.verifierKey],
      checkpoints: [{ id: 'cp', note: checkpoint(size) }],
      leaves: leaves.map(b64),
      inclusion: [
        {
          id: 'changed hash',
          checkpoint: 'cp',
          index,
          proof: proof.map((h, i) => (i === at ? flipped(h) : b64(h))),
        },
        { id: 'missing hash', checkpoint: 'cp', index, proof: proof.slice(1).map(b64) },
        { id: 'other leaf', checkpoint: 'cp', index: index + 1, proof: proof.map(b64) },
      ],
    });
    expect(result.inclusion.map((v) => [v.id, v.ok])).toEqual([
      ['changed hash', false],
      ['missing hash', false],
      ['other leaf', false],
    ]);
  });

  it('refuses a consistency proof with a changed hash, or between other trees', () => {
    const proof = consistencyProof(317, LEAVES, store.read);
    const at = randomInt(0, proof.length);
    const result = go.run({
      verifierKeys: [keys.verifierKey],
      checkpoints: [316, 317, LEAVES].map((size) => ({ id: `cp${size}`, note: checkpoint(size) })),
      consistency: [
        {
          id: 'changed hash',
          from: 'cp317',
          to: `cp${LEAVES}`,
          proof: proof.map((h, i) => (i === at ? flipped(h) : b64(h))),
        },
        { id: 'other tree', from: 'cp316', to: `cp${LEAVES}`, proof: proof.map(b64) },
      ],
    });
    expect(result.consistency.map((v) => [v.id, v.ok])).toEqual([
      ['changed hash', false],
      ['other tree', false],
    ]);
  });

  it('refuses a checkpoint whose size or root was changed, or signed by another key', () => {
    const note = checkpoint(LEAVES);
    const grown = note.replace(`\n${LEAVES}\n`, `\n${LEAVES + 1}\n`);
    const rootLine = b64(treeHash(LEAVES, store.read));
    const otherRoot = note.replace(rootLine, b64(treeHash(LEAVES - 1, store.read)));
    const stranger = parsePrivateKey(generateKey('authtrail.example').privateKey);
    const foreign = signNote(
      formatCheckpoint({ origin: ORIGIN, size: 1, rootHash: treeHash(1, store.read) }),
      [stranger],
    );
    const result = go.run({
      verifierKeys: [keys.verifierKey],
      checkpoints: [
        { id: 'grown', note: grown },
        { id: 'other root', note: otherRoot },
        { id: 'other key', note: foreign },
      ],
    });
    expect(grown).not.toBe(note);
    expect(otherRoot).not.toBe(note);
    expect(result.checkpoints.map((v) => [v.id, v.ok])).toEqual([
      ['grown', false],
      ['other root', false],
      ['other key', false],
    ]);
    expect(result.checkpoints[0].error).toMatch(/invalid signature/);
    expect(result.checkpoints[2].error).toMatch(/no verifiable signatures/);
  });
});

describe('note keys work both ways', () => {
  it("takes a key pair made by Go's note.GenerateKey, signs with it, and Go verifies", () => {
    const [made] = go.run({
      sign: [
        {
          id: 'go',
          text: `${ORIGIN}\n1\n${b64(treeHash(1, store.read))}\n`,
          keyName: 'go.example',
        },
      ],
    }).signed;
    const goSigner = parsePrivateKey(made.privateKey);
    const goVerifier = parseVerifierKey(made.verifierKey);
    expect([goSigner.name, goSigner.keyId]).toEqual([goVerifier.name, goVerifier.keyId]);

    // A note Go signed opens here with Go's verifier key.
    const opened = openNote(made.note, [goVerifier]);
    expect(opened.text).toBe(`${ORIGIN}\n1\n${b64(treeHash(1, store.read))}\n`);
    expect(opened.verifiedSignatures).toHaveLength(1);

    // A checkpoint signed here with Go's private key, and by the log's key too, verifies in Go.
    const both = signNote(
      formatCheckpoint({ origin: ORIGIN, size: LEAVES, rootHash: treeHash(LEAVES, store.read) }),
      [signer, goSigner],
    );
    const result = go.run({
      verifierKeys: [made.verifierKey],
      checkpoints: [{ id: 'signed here', note: both }],
    });
    expect(result.checkpoints).toEqual([expect.objectContaining({ ok: true, size: LEAVES })]);
  });

  it('gives Go a private key made here; the note Go signs with it opens here', () => {
    const text = checkpoint(317).split('\n\n')[0] + '\n';
    const [made] = go.run({ sign: [{ id: 'ours', text, privateKey: keys.privateKey }] }).signed;
    const opened = openNote(made.note, [parseVerifierKey(keys.verifierKey)]);
    expect(opened.text).toBe(text);
    // Ed25519 signatures are deterministic: Go's signature is the one made here.
    expect(made.note).toBe(checkpoint(317));
  });
});

/**
 * golang.org/x/mod/sumdb/note has no cosignature/v1 verifier (it reads Ed25519 note keys only),
 * so Go cannot check a cosignature; what it must do is open a cosigned checkpoint with the log's
 * key, ignoring the witnesses' lines as signatures of keys it does not know.
 */
describe('cosigned checkpoints', () => {
  it('open in Go with the log’s key, the cosignatures of two witnesses beside its signature', () => {
    const text = checkpointText(LEAVES);
    const witnesses = ['witness.example/a', 'witness.example/b'].map(generateWitnessKey);
    const lines = witnesses.map((w, i) => cosign(text, parseWitnessPrivateKey(w.privateKey), i));
    const note = addSignatureLines(checkpoint(LEAVES), lines);
    const verifiers = witnesses.map((w) => parseWitnessVerifierKey(w.verifierKey));
    expect(verifyCosignatures(note, verifiers).map((c) => c.timestamp)).toEqual([0, 1]);
    expectGoReadsAllLeaves('cosigned', note);
  });

  it('take a witness key made by Go’s note.GenerateKey, as transparency-dev’s witness tools make them', () => {
    const text = checkpointText(317);
    const [made] = go.run({ sign: [{ id: 'go', text, keyName: 'witness.go.example' }] }).signed;
    const witness = parseWitnessPrivateKey(made.privateKey);
    const seed = Buffer.from(made.privateKey.replace(/^([^+]*\+){4}/, ''), 'base64').subarray(1);
    const verifier = parseWitnessVerifierKey(
      witnessKeyPairOf('witness.go.example', seed).verifierKey,
    );
    const note = addSignatureLines(checkpoint(317), [cosign(text, witness, 1_700_000_000)]);
    expect(verifyCosignatures(note, [verifier])).toEqual([
      expect.objectContaining({ name: 'witness.go.example', timestamp: 1_700_000_000 }),
    ]);
    expect(witness.keyId).not.toBe(parseVerifierKey(made.verifierKey).keyId);
  });
});
