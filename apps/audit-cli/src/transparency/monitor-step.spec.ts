import { consistencyProof, MemoryHashStore, treeHash } from '@authtrail/merkle';
import {
  formatCheckpoint,
  generateKey,
  parsePrivateKey,
  parseVerifierKey,
  signNote,
  type Signer,
} from '@authtrail/signed-note';
import { keyLabel, openCheckpoint, rootText, type SignedCheckpoint } from './checkpoint-note';
import { type ConsistencyFetcher, monitorStep, type MonitorOutcome } from './monitor-step';

const ORIGIN = 'authtrail-test.example/log';
const pair = generateKey(ORIGIN);
const signer = parsePrivateKey(pair.privateKey);
const verifier = parseVerifierKey(pair.verifierKey);

/** A log of `leaves` entries whose texts start with `prefix` (another prefix: another history). */
function treeOf(leaves: number, prefix = 'entry'): MemoryHashStore {
  const store = new MemoryHashStore();
  for (let i = 1; i <= leaves; i++) store.append(`${prefix} ${i}`);
  return store;
}

/** The signed note of `store`'s tree at `size`. */
function noteOf(store: MemoryHashStore, size: number, by: Signer = signer, origin = ORIGIN) {
  const text = formatCheckpoint({ origin, size, rootHash: treeHash(size, store.read) });
  return signNote(text, [by]);
}

const verified = (note: string): SignedCheckpoint => openCheckpoint(note, verifier);

/** A fetcher answering from `store`, recording what it was asked. */
function fetcherOf(store: MemoryHashStore): ConsistencyFetcher & { asked: [number, number][] } {
  const asked: [number, number][] = [];
  const fetch = (from: number, to: number) => {
    asked.push([from, to]);
    return Promise.resolve(consistencyProof(from, to, store.read));
  };
  return Object.assign(fetch, { asked });
}

const rootOf = (store: MemoryHashStore, size: number) => rootText(treeHash(size, store.read));

function inconsistent(outcome: MonitorOutcome): string {
  expect(outcome.kind).toBe('inconsistent');
  return outcome.message;
}

describe('monitorStep', () => {
  const log = treeOf(40);

  it('trusts the first checkpoint it sees and says so, without asking for a proof', async () => {
    const proof = fetcherOf(log);
    const note = noteOf(log, 9);
    const outcome = await monitorStep({ stored: undefined, note, verifier, proof });
    expect(outcome).toMatchObject({ kind: 'first', current: { note } });
    if (outcome.kind !== 'first') return;
    expect(outcome.current.checkpoint.size).toBe(9);
    expect(outcome.message).toBe(
      `first checkpoint: ${ORIGIN} at size 9, root ${rootOf(log, 9)}, trusted on first use and stored`,
    );
    expect(proof.asked).toEqual([]);
  });

  it('finds the same size and root unchanged, without asking for a proof', async () => {
    const proof = fetcherOf(log);
    const note = noteOf(log, 9);
    const outcome = await monitorStep({ stored: verified(note), note, verifier, proof });
    expect(outcome).toEqual({
      kind: 'unchanged',
      current: verified(note),
      message: `unchanged: ${ORIGIN} at size 9, root ${rootOf(log, 9)}`,
    });
    expect(proof.asked).toEqual([]);
  });

  it.each([
    [1, 2],
    [9, 40],
    [16, 32],
    [31, 33],
  ])('advances from size %i to %i when the proof verifies', async (from, to) => {
    const proof = fetcherOf(log);
    const note = noteOf(log, to);
    const outcome = await monitorStep({
      stored: verified(noteOf(log, from)),
      note,
      verifier,
      proof,
    });
    expect(outcome).toEqual({
      kind: 'advanced',
      current: verified(note),
      message:
        `advanced: ${ORIGIN} from size ${from} (root ${rootOf(log, from)}) to size ${to} ` +
        `(root ${rootOf(log, to)}), consistency proof verified`,
    });
    expect(proof.asked).toEqual([[from, to]]);
  });

  it('advances from the empty tree without asking for a proof', async () => {
    const empty = signNote(
      formatCheckpoint({ origin: ORIGIN, size: 0, rootHash: treeHash(0, log.read) }),
      [signer],
    );
    const proof = fetcherOf(log);
    const outcome = await monitorStep({
      stored: verified(empty),
      note: noteOf(log, 3),
      verifier,
      proof,
    });
    expect(outcome.kind).toBe('advanced');
    expect(proof.asked).toEqual([]);
  });

  it('finds a smaller size inconsistent, naming both sizes and roots', async () => {
    const proof = fetcherOf(log);
    const outcome = await monitorStep({
      stored: verified(noteOf(log, 20)),
      note: noteOf(log, 19),
      verifier,
      proof,
    });
    expect(inconsistent(outcome)).toBe(
      `inconsistent: ${ORIGIN} signed size 19 (root ${rootOf(log, 19)}) after size 20 ` +
        `(root ${rootOf(log, 20)}): a log only grows`,
    );
    expect(proof.asked).toEqual([]);
  });

  it('finds another root at the same size inconsistent, naming both roots', async () => {
    const fork = treeOf(20, 'forged');
    const outcome = await monitorStep({
      stored: verified(noteOf(log, 20)),
      note: noteOf(fork, 20),
      verifier,
      proof: fetcherOf(fork),
    });
    expect(inconsistent(outcome)).toBe(
      `inconsistent: ${ORIGIN} signed two roots at size 20: ${rootOf(log, 20)} (verified ` +
        `before) and ${rootOf(fork, 20)}`,
    );
  });

  it('finds a larger tree that does not extend the verified one inconsistent', async () => {
    // the same first 9 entries, then another 10th: the log rewrote its history from entry 10 on
    const fork = treeOf(9);
    for (let i = 10; i <= 30; i++) fork.append(`rewritten ${i}`);
    const stored = verified(noteOf(log, 12));
    const proof = fetcherOf(fork);
    const outcome = await monitorStep({ stored, note: noteOf(fork, 30), verifier, proof });
    expect(inconsistent(outcome)).toBe(
      `inconsistent: ${ORIGIN}'s proof that size 30 (root ${rootOf(fork, 30)}) extends ` +
        `size 12 (root ${rootOf(log, 12)}) does not verify`,
    );
    expect(proof.asked).toEqual([[12, 30]]);
  });

  it('finds a proof with a changed or missing hash inconsistent', async () => {
    const stored = verified(noteOf(log, 12));
    const note = noteOf(log, 30);
    const honest = consistencyProof(12, 30, log.read);
    const flipped = honest.map((hash, i) => (i === 1 ? hash.map((b, j) => (j ? b : b ^ 1)) : hash));
    for (const hashes of [flipped, honest.slice(1), [...honest, honest[0]], []]) {
      const proof = () => Promise.resolve(hashes);
      const outcome = await monitorStep({ stored, note, verifier, proof });
      expect(inconsistent(outcome)).toContain('does not verify');
    }
  });

  it('finds a note signed by another key of the same name inconsistent, with both claims', async () => {
    const other = parsePrivateKey(generateKey(ORIGIN).privateKey);
    const fork = treeOf(25, 'forged');
    for (const stored of [verified(noteOf(log, 20)), undefined]) {
      const outcome = await monitorStep({
        stored,
        note: noteOf(fork, 25, other),
        verifier,
        proof: fetcherOf(fork),
      });
      expect(inconsistent(outcome)).toBe(
        `inconsistent: the newest checkpoint (claiming size 25, root ${rootOf(fork, 25)}) is not ` +
          `one the key ${keyLabel(verifier)} signed: note has no verifiable signatures (signed ` +
          `only by unknown keys: ${keyLabel(other)}); ` +
          (stored
            ? `the last verified is size 20 (root ${rootOf(log, 20)})`
            : 'none was verified before'),
      );
    }
  });

  it('finds a note whose text was changed after signing inconsistent', async () => {
    const note = noteOf(log, 20).replace(`\n20\n`, '\n21\n');
    const outcome = await monitorStep({
      stored: verified(noteOf(log, 20)),
      note,
      verifier,
      proof: fetcherOf(log),
    });
    expect(inconsistent(outcome)).toContain(
      `(claiming size 21, root ${rootOf(log, 20)}) is not one the key ${keyLabel(verifier)} signed: invalid signature for key ${keyLabel(verifier)}; `,
    );
  });

  it('finds a note that is no checkpoint, or of another origin, inconsistent', async () => {
    const stored = verified(noteOf(log, 20));
    const origin = 'authtrail-other.example/log';
    const otherOrigin = await monitorStep({
      stored,
      note: noteOf(log, 30, signer, origin),
      verifier,
      proof: fetcherOf(log),
    });
    expect(inconsistent(otherOrigin)).toContain(
      `: its origin "${origin}" is not the key's name "${ORIGIN}"; the last verified is size 20`,
    );
    const garbage = await monitorStep({ stored, note: 'hello\n', verifier, proof: fetcherOf(log) });
    expect(inconsistent(garbage)).toBe(
      `inconsistent: the newest checkpoint is not one the key ${keyLabel(verifier)} signed: ` +
        `malformed note: no blank line before the signatures; the last verified is size 20 ` +
        `(root ${rootOf(log, 20)})`,
    );
  });

  it('lets a failed proof request through: not being able to check is no inconsistency', async () => {
    const proof = () => Promise.reject(new Error('no authtrail service is answering'));
    await expect(
      monitorStep({ stored: verified(noteOf(log, 3)), note: noteOf(log, 5), verifier, proof }),
    ).rejects.toThrow('no authtrail service is answering');
  });
});
