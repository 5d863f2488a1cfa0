import { GO_NOTE } from '../../../test/fixtures/note-vectors';
import { InvalidSignerError, MalformedNoteError } from './errors';
import { parsePrivateKey, Signer } from './keys';
import { signNote } from './sign-note';

const peter = () => parsePrivateKey(GO_NOTE.peterPrivateKey);

describe('signNote', () => {
  it("writes Go's signed note byte for byte (Ed25519 signatures are deterministic)", () => {
    expect(signNote(GO_NOTE.text, [peter()])).toBe(`${GO_NOTE.text}\n${GO_NOTE.peterSig}`);
  });

  it('writes one line per signer, in the order given', () => {
    const other: Signer = { name: 'Other', keyId: 0x01020304, sign: () => new Uint8Array([9]) };
    expect(signNote(GO_NOTE.text, [peter(), other])).toBe(
      `${GO_NOTE.text}\n${GO_NOTE.peterSig}\u2014 Other AQIDBAk=\n`,
    );
  });

  it('refuses a text without its final newline, as Go does', () => {
    expect(() => signNote('abc', [peter()])).toThrow(MalformedNoteError);
  });

  it('refuses a text no reader could open', () => {
    expect(() => signNote('a\u0001b\n', [peter()])).toThrow(MalformedNoteError);
    expect(() => signNote('\ud800\n', [peter()])).toThrow(MalformedNoteError);
  });

  it('refuses a signer whose name breaks the key-name rules, as Go does', () => {
    const bad: Signer = { ...peter(), name: 'bad name', sign: peter().sign };
    expect(() => signNote(GO_NOTE.text, [bad])).toThrow(InvalidSignerError);
  });

  it("passes a signer's failure on", () => {
    const failing: Signer = {
      name: 'Failing',
      keyId: 1,
      sign: () => {
        throw new Error('surprise!');
      },
    };
    expect(() => signNote(GO_NOTE.text, [failing])).toThrow('surprise!');
  });
});
