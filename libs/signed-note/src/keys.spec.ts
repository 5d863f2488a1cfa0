import { GO_NOTE } from '../../../test/fixtures/note-vectors';
import {
  KeyIdMismatchError,
  MalformedKeyError,
  UnknownKeyAlgorithmError,
  InvalidKeyNameError,
} from './errors';
import { generateKey, keyPairOf, parsePrivateKey, parseVerifierKey, verifierKeyOf } from './keys';

const message = new Uint8Array(Buffer.from('hi'));

/** Every proper substring of `text` and every one-character bump of it, as Go's key tests try. */
function manglings(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i <= text.length; i++) {
    for (let j = i + 1; j <= text.length; j++)
      if (i !== 0 || j !== text.length) out.push(text.slice(i, j));
  }
  for (let i = 0; i < text.length; i++) {
    out.push(text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) + 1) + text.slice(i + 1));
  }
  return out;
}

/** The keys `parse` accepts. */
function accepted(parse: (key: string) => unknown, keys: string[]): string[] {
  return keys.filter((key) => {
    try {
      parse(key);
      return true;
    } catch {
      return false;
    }
  });
}

describe('parseVerifierKey', () => {
  it("reads Go's PeterNeumann verifier key", () => {
    const verifier = parseVerifierKey(GO_NOTE.peterVerifierKey);
    expect(verifier.name).toBe('PeterNeumann');
    expect(verifier.keyId).toBe(GO_NOTE.peterKeyId);
  });

  it('refuses every substring and every one-character change of it, as Go does', () => {
    expect(accepted(parseVerifierKey, manglings(GO_NOTE.peterVerifierKey))).toEqual([]);
  });

  it('refuses a key of the wrong length and an unknown algorithm even with a matching key id', () => {
    expect(() => parseVerifierKey(GO_NOTE.wrongLengthVerifierKey)).toThrow(MalformedKeyError);
    expect(() => parseVerifierKey(GO_NOTE.unknownAlgorithmVerifierKey)).toThrow(
      UnknownKeyAlgorithmError,
    );
  });

  it('refuses a key id that does not match the key', () => {
    expect(() =>
      parseVerifierKey(GO_NOTE.peterVerifierKey.replace('c74f20a3', 'c74f20a4')),
    ).toThrow(KeyIdMismatchError);
  });

  it('reads an upper-case key id as Go does', () => {
    expect(parseVerifierKey(GO_NOTE.peterVerifierKey.replace('c74f20a3', 'C74F20A3')).keyId).toBe(
      GO_NOTE.peterKeyId,
    );
  });

  it.each([
    ['no key data', 'PeterNeumann+c74f20a3+'],
    ['a short key id', 'PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['url-safe base64', 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq_LDE4izWy10TW'],
    ['a space in the name', 'Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
  ])('refuses %s', (_what, key) => {
    expect(() => parseVerifierKey(key)).toThrow(MalformedKeyError);
  });
});

describe('parsePrivateKey', () => {
  it("reads Go's PeterNeumann private key, with the verifier key's id", () => {
    const signer = parsePrivateKey(GO_NOTE.peterPrivateKey);
    expect(signer.name).toBe('PeterNeumann');
    expect(signer.keyId).toBe(GO_NOTE.peterKeyId);
    const verifier = parseVerifierKey(GO_NOTE.peterVerifierKey);
    expect(verifier.verify(message, signer.sign(message))).toBe(true);
  });

  it('refuses every substring and every one-character change of it, as Go does', () => {
    expect(accepted(parsePrivateKey, manglings(GO_NOTE.peterPrivateKey))).toEqual([]);
  });

  it('refuses a verifier key, and a key id that its seed does not give', () => {
    expect(() => parsePrivateKey(GO_NOTE.peterVerifierKey)).toThrow(MalformedKeyError);
    expect(() => parsePrivateKey(GO_NOTE.peterPrivateKey.replace('c74f20a3', '00000000'))).toThrow(
      KeyIdMismatchError,
    );
  });
});

describe('generateKey', () => {
  it('makes a private key and a verifier key that belong together', () => {
    const { privateKey, verifierKey } = generateKey('EnochRoot');
    const signer = parsePrivateKey(privateKey);
    const verifier = parseVerifierKey(verifierKey);
    expect([signer.name, verifier.name]).toEqual(['EnochRoot', 'EnochRoot']);
    expect(signer.keyId).toBe(verifier.keyId);
    expect(verifierKey).toMatch(/^EnochRoot\+[0-9a-f]{8}\+/);
    const signature = signer.sign(message);
    expect(verifier.verify(message, signature)).toBe(true);
    signature[0] ^= 1;
    expect(verifier.verify(message, signature)).toBe(false);
    signature[0] ^= 1;
    expect(verifier.verify(new Uint8Array(Buffer.from('ho')), signature)).toBe(false);
  });

  it('makes a different key each time', () => {
    expect(generateKey('a').privateKey).not.toBe(generateKey('a').privateKey);
  });

  it.each([
    '',
    'a b',
    'a+b',
    'tab\there',
    'nbsp\u00a0',
    'ideographic\u3000space',
    'line\u2028sep',
    'lone\ud800',
  ])('refuses the key name %j', (name) => {
    expect(() => generateKey(name)).toThrow(InvalidKeyNameError);
  });

  it("gives Go's PeterNeumann keys from its seed", () => {
    const seed = Buffer.from(GO_NOTE.peterPrivateKey.split('+').slice(4).join('+'), 'base64');
    expect(keyPairOf('PeterNeumann', seed.subarray(1))).toEqual({
      privateKey: GO_NOTE.peterPrivateKey,
      verifierKey: GO_NOTE.peterVerifierKey,
    });
  });
});

describe('verifierKeyOf', () => {
  it("gives Go's PeterNeumann verifier key from its private key", () => {
    expect(verifierKeyOf(GO_NOTE.peterPrivateKey)).toBe(GO_NOTE.peterVerifierKey);
  });

  it('gives the verifier key made with a fresh private key', () => {
    const { privateKey, verifierKey } = generateKey('EnochRoot');
    expect(verifierKeyOf(privateKey)).toBe(verifierKey);
  });

  it('refuses what parsePrivateKey refuses', () => {
    expect(() => verifierKeyOf(GO_NOTE.peterVerifierKey)).toThrow(MalformedKeyError);
    expect(() => verifierKeyOf(GO_NOTE.peterPrivateKey.replace('c74f20a3', '00000000'))).toThrow(
      KeyIdMismatchError,
    );
  });
});
