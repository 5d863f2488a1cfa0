import { GO_NOTE } from '../../../test/fixtures/note-vectors';
import { ED25519, keyIdOf } from './key-id';

describe('keyIdOf', () => {
  it("gives Go's key id of the PeterNeumann public key", () => {
    const typedKey = Buffer.from(GO_NOTE.peterVerifierKey.split('+')[2], 'base64');
    expect(typedKey[0]).toBe(ED25519);
    expect(keyIdOf('PeterNeumann', typedKey)).toBe(GO_NOTE.peterKeyId);
  });

  it('depends on the name', () => {
    const typedKey = Buffer.from(GO_NOTE.peterVerifierKey.split('+')[2], 'base64');
    expect(keyIdOf('PeterNeuman', typedKey)).not.toBe(GO_NOTE.peterKeyId);
  });
});
