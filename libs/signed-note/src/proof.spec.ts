import fc from 'fast-check';
import { C2SP_PROOF } from '../../../test/fixtures/note-vectors';
import { formatCheckpoint } from './checkpoint';
import { MalformedProofError } from './errors';
import { generateKey, parsePrivateKey, parseVerifierKey } from './keys';
import { openNote } from './open-note';
import { formatProof, parseProof } from './proof';
import { signNote } from './sign-note';

const specCheckpoint = C2SP_PROOF.text.slice(C2SP_PROOF.text.indexOf('\n\n') + 2);
const hash = new Uint8Array(32).fill(7);

describe('parseProof', () => {
  it('reads the example of c2sp.org/tlog-proof', () => {
    const proof = parseProof(C2SP_PROOF.text);
    expect(proof.index).toBe(C2SP_PROOF.index);
    expect(proof.hashes).toHaveLength(C2SP_PROOF.hashCount);
    expect(Buffer.from(proof.hashes[0]).toString('base64')).toBe(
      'gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=',
    );
    expect(Buffer.from(proof.extra!).toString('base64')).toBe(C2SP_PROOF.extra);
    expect(proof.checkpoint).toBe(specCheckpoint);
  });

  it('writes the example back as it was', () => {
    expect(formatProof(parseProof(C2SP_PROOF.text))).toBe(C2SP_PROOF.text);
  });

  it('reads a proof without extra data or hashes', () => {
    expect(parseProof(`c2sp.org/tlog-proof@v1\nindex 0\n\n${specCheckpoint}`)).toEqual({
      index: 0,
      hashes: [],
      checkpoint: specCheckpoint,
    });
  });

  const header = 'c2sp.org/tlog-proof@v1\n';
  const hashLine = Buffer.from(hash).toString('base64');
  it.each([
    ['another header', `c2sp.org/tlog-proof@v2\nindex 0\n\n${specCheckpoint}`],
    ['no index line', `${header}${hashLine}\n\n${specCheckpoint}`],
    ['a leading zero in the index', `${header}index 01\n\n${specCheckpoint}`],
    ['extra data after the index', `${header}index 1\nextra AAAA\n\n${specCheckpoint}`],
    ['extra data not in base64', `${header}extra !!\nindex 1\n\n${specCheckpoint}`],
    ['a short hash', `${header}index 1\nAAAA\n\n${specCheckpoint}`],
    ['no checkpoint', `${header}index 1\n${hashLine}\n`],
    ['a checkpoint without signatures', `${header}index 1\n\nlog\n1\n${hashLine}\n`],
    ['a malformed checkpoint', `${header}index 1\n\nlog\n01\n${hashLine}\n\n\u2014 log AAAA\n`],
  ])('refuses %s', (_what, text) => {
    expect(() => parseProof(text)).toThrow(MalformedProofError);
  });
});

describe('formatProof', () => {
  it('refuses a bad index, a hash that is not 32 bytes, a checkpoint that is not signed', () => {
    expect(() => formatProof({ index: -1, hashes: [], checkpoint: specCheckpoint })).toThrow(
      MalformedProofError,
    );
    expect(() =>
      formatProof({ index: 0, hashes: [hash.subarray(1)], checkpoint: specCheckpoint }),
    ).toThrow(MalformedProofError);
    expect(() => formatProof({ index: 0, hashes: [], checkpoint: 'log\n1\n' })).toThrow(
      MalformedProofError,
    );
  });

  it('carries a signed checkpoint that opens after the round trip', () => {
    const pair = generateKey('example.com/log');
    const checkpoint = signNote(
      formatCheckpoint({ origin: 'example.com/log', size: 3, rootHash: hash }),
      [parsePrivateKey(pair.privateKey)],
    );
    fc.assert(
      fc.property(
        fc.maxSafeNat(),
        fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { maxLength: 8 }),
        fc.option(fc.uint8Array({ maxLength: 40 }), { nil: undefined }),
        (index, hashes, extra) => {
          const proof =
            extra === undefined
              ? { index, hashes, checkpoint }
              : { index, hashes, checkpoint, extra };
          const read = parseProof(formatProof(proof));
          expect(read).toEqual(proof);
          expect(
            openNote(read.checkpoint, [parseVerifierKey(pair.verifierKey)]).verifiedSignatures,
          ).toHaveLength(1);
        },
      ),
      { numRuns: 50 },
    );
  });
});
