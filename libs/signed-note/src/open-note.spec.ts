import { C2SP_CHECKPOINT, C2SP_NOTE, GO_NOTE } from '../../../test/fixtures/note-vectors';
import {
  AmbiguousVerifierError,
  InvalidSignatureError,
  MalformedNoteError,
  UnverifiedNoteError,
} from './errors';
import { parseVerifierKey } from './keys';
import { MAX_SIGNATURES, openNote } from './open-note';

const { text, peterSig, enochSig } = GO_NOTE;
const peterVerifier = parseVerifierKey(GO_NOTE.peterVerifierKey);
const enochVerifier = parseVerifierKey(GO_NOTE.enochVerifierKey);
const peter = { name: 'PeterNeumann', keyId: GO_NOTE.peterKeyId, base64: GO_NOTE.peterSignature };
const enoch = { name: 'EnochRoot', keyId: GO_NOTE.enochKeyId, base64: GO_NOTE.enochSignature };

/** `text` with `insert` put at UTF-8 byte offset `at`, as Go's tests slice their byte strings. */
function insertAtByte(line: string, at: number, insert: string): string {
  const bytes = Buffer.from(line, 'utf8');
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(insert), bytes.subarray(at)]).toString();
}

/** The error `open` throws. */
function thrown(open: () => unknown): unknown {
  try {
    open();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('openNote on the notes of Go’s tests', () => {
  it('verifies one signature and lists the other as unverified', () => {
    expect(openNote(`${text}\n${peterSig}${enochSig}`, [peterVerifier])).toEqual({
      text,
      verifiedSignatures: [peter],
      unverifiedSignatures: [enoch],
    });
  });

  it('verifies both', () => {
    expect(openNote(`${text}\n${peterSig}${enochSig}`, [peterVerifier, enochVerifier])).toEqual({
      text,
      verifiedSignatures: [peter, enoch],
      unverifiedSignatures: [],
    });
  });

  it('refuses a note signed by no known key, naming the unknown keys', () => {
    const error = thrown(() => openNote(`${text}\n${peterSig}${enochSig}`, []));
    expect(error).toBeInstanceOf(UnverifiedNoteError);
    expect((error as UnverifiedNoteError).unverifiedSignatures).toEqual([peter, enoch]);
    expect((error as UnverifiedNoteError).text).toBe(text);
    expect((error as Error).message).toMatch(/PeterNeumann\+c74f20a3, EnochRoot\+af0cfe78/);
  });

  it('refuses a key given by two verifiers, once a signature needs it', () => {
    const verifiers = [enochVerifier, peterVerifier, enochVerifier];
    expect(() => openNote(`${text}\n${enochSig}`, verifiers)).toThrow(AmbiguousVerifierError);
    expect(openNote(`${text}\n${peterSig}`, verifiers).verifiedSignatures).toEqual([peter]);
  });

  it(`refuses more than ${MAX_SIGNATURES} signatures, known or not`, () => {
    const many = `${text}\n${peterSig.repeat(MAX_SIGNATURES + 1)}`;
    expect(() => openNote(many, [peterVerifier])).toThrow(MalformedNoteError);
    expect(() => openNote(many, [])).toThrow(MalformedNoteError);
    expect(
      openNote(`${text}\n${peterSig.repeat(MAX_SIGNATURES)}`, [peterVerifier]).verifiedSignatures,
    ).toEqual([peter]);
  });

  it('refuses a known key’s signature that does not verify', () => {
    const tampered = insertAtByte(peterSig, 60, 'ABCD');
    const error = thrown(() => openNote(`${text}\n${tampered}`, [peterVerifier]));
    expect(error).toBeInstanceOf(InvalidSignatureError);
    expect((error as Error).message).toBe('invalid signature for key PeterNeumann+c74f20a3');
  });

  it('counts repeated signatures once, and repeated unknown lines once', () => {
    const enochABCD = insertAtByte(enochSig, 60, 'ABCD');
    const note = `${text}\n${peterSig}${peterSig}${enochSig}${enochSig}${enochABCD}`;
    expect(openNote(note, [peterVerifier])).toEqual({
      text,
      verifiedSignatures: [peter],
      unverifiedSignatures: [enoch, { ...enoch, base64: enochABCD.split(' ')[2].trimEnd() }],
    });
  });

  it.each([
    ['only the text', text],
    ['no signature line', `${text}\n`],
    ['no final newline', `${text}\n${peterSig.slice(0, -1)}`],
    ['a control character', `\u0001${text}\n${peterSig}`],
    ['a space in a signer’s name', `${text}\n${peterSig.replace('PeterNeumann', 'Bad Name')}`],
    ['a line after the signatures', `${text}\n${peterSig}Unexpected line.\n`],
    ['a hyphen for the em dash', `${text}\n${peterSig.replace('\u2014', '-')}`],
    ['a signature of four bytes', `${text}\n\u2014 PeterNeumann x08gow==\n`],
    ['a signature without base64', `${text}\n\u2014 PeterNeumann\n`],
  ])('refuses a note with %s as malformed', (_what, note) => {
    expect(() => openNote(note, [peterVerifier])).toThrow(MalformedNoteError);
  });

  it('refuses bytes that are not UTF-8', () => {
    const note = Buffer.concat([Buffer.from([0xff]), Buffer.from(`${text}\n${peterSig}`)]);
    expect(() => openNote(note, [peterVerifier])).toThrow(MalformedNoteError);
  });

  it('opens the same note given as UTF-8 bytes', () => {
    const note = new Uint8Array(Buffer.from(`${text}\n${peterSig}`));
    expect(openNote(note, [peterVerifier]).text).toBe(text);
  });

  it('ignores a signature by an unknown key that shares a known key’s name', () => {
    const otherId = peterSig.replace('x08g', 'AAAA');
    expect(
      openNote(`${text}\n${otherId}${peterSig}`, [peterVerifier]).unverifiedSignatures,
    ).toHaveLength(1);
  });
});

describe('openNote on the examples of the C2SP specs', () => {
  it('verifies the signed-note example with its verifier key', () => {
    const opened = openNote(C2SP_NOTE.note, [parseVerifierKey(C2SP_NOTE.verifierKey)]);
    expect(opened.text).toBe('This is an example message.\n');
    expect(opened.verifiedSignatures.map((sig) => sig.keyId)).toEqual([0x530d903a]);
  });

  it('reads the checkpoint example as well-formed, signed by a key it does not know', () => {
    const error = thrown(() => openNote(C2SP_CHECKPOINT.note, [peterVerifier]));
    expect(error).toBeInstanceOf(UnverifiedNoteError);
    expect((error as UnverifiedNoteError).unverifiedSignatures[0].name).toBe(
      C2SP_CHECKPOINT.origin,
    );
  });

  it('splits the text from the signatures at the last blank line', () => {
    const note = `a\n\nb\n\n${C2SP_NOTE.note.split('\n\n')[1]}`;
    const error = thrown(() => openNote(note, []));
    expect((error as UnverifiedNoteError).text).toBe('a\n\nb\n');
  });
});
