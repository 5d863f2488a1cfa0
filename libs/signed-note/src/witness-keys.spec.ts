import { ARCHE_COSIGNED } from '../../../test/fixtures/cosignature-vectors';
import {
  hex32,
  InvalidKeyNameError,
  KeyIdMismatchError,
  MalformedKeyError,
  UnknownKeyAlgorithmError,
} from './errors';
import { cosignedMessage, timestamped } from './cosigned-message';
import { keyIdOf } from './key-id';
import { keyPairOf, parsePrivateKey, parseVerifierKey } from './keys';
import { utf8 } from './note-text';
import {
  generateWitnessKey,
  parseWitnessPrivateKey,
  parseWitnessVerifierKey,
  witnessKeyPairOf,
  witnessVerifierKeyOf,
} from './witness-keys';

const seed = new Uint8Array(32).fill(7);
const text = utf8('example.com/log\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n');

/** A key's text before its base64 part (which may hold '+' too). */
const KEY_HEAD = /^(?:PRIVATE\+KEY\+)?[^+]+\+[0-9a-f]{8}\+/;
/** The key's base64 part, where the type byte is. */
const keyData = (key: string): Buffer => Buffer.from(key.replace(KEY_HEAD, ''), 'base64');

describe('parseWitnessVerifierKey', () => {
  it.each(ARCHE_COSIGNED.witnesses.map((w) => [w.verifierKey, w.keyId] as const))(
    'reads the published witness key %s',
    (key, keyId) => {
      const verifier = parseWitnessVerifierKey(key);
      expect(verifier.name).toBe(key.slice(0, key.indexOf('+')));
      expect(verifier.keyId).toBe(keyId);
      expect(verifier.keyType).toBe(0x04);
    },
  );

  it('refuses a note key (type 0x01), even of the same public key', () => {
    expect(() => parseWitnessVerifierKey(ARCHE_COSIGNED.littleGardenNoteKey)).toThrow(
      UnknownKeyAlgorithmError,
    );
    expect(() => parseWitnessVerifierKey(ARCHE_COSIGNED.littleGardenNoteKey)).toThrow(
      'key algorithm 0x01 where Ed25519 cosignature/v1 (0x04) is expected',
    );
  });

  it('is refused as a note key, so a witness cannot pass for a log', () => {
    const [{ verifierKey }] = ARCHE_COSIGNED.witnesses;
    expect(() => parseVerifierKey(verifierKey)).toThrow(
      'key algorithm 0x04 where Ed25519 (0x01) is expected',
    );
  });

  it('refuses a key id the key does not give, and a key of the wrong size', () => {
    const [{ verifierKey }] = ARCHE_COSIGNED.witnesses;
    expect(() => parseWitnessVerifierKey(verifierKey.replace('+d8042a87+', '+d8042a88+'))).toThrow(
      KeyIdMismatchError,
    );
    const short = Uint8Array.of(0x04, ...new Uint8Array(31).fill(1));
    const shortKey = `w+${hex32(keyIdOf('w', short))}+${Buffer.from(short).toString('base64')}`;
    expect(() => parseWitnessVerifierKey(shortKey)).toThrow(MalformedKeyError);
  });

  it('verifies only timestamped signatures of exactly 72 bytes over the cosigned message', () => {
    const signer = parseWitnessPrivateKey(witnessKeyPairOf('w', seed).privateKey);
    const verifier = parseWitnessVerifierKey(witnessKeyPairOf('w', seed).verifierKey);
    const signature = signer.sign(cosignedMessage(text, 1700000000));
    expect(verifier.verify(text, timestamped(1700000000, signature))).toBe(true);
    expect(verifier.verify(text, timestamped(1700000001, signature))).toBe(false);
    expect(verifier.verify(text, signature)).toBe(false);
    expect(verifier.verify(text, timestamped(1700000000, signature.subarray(1)))).toBe(false);
  });
});

describe('generateWitnessKey and witnessKeyPairOf', () => {
  it('make a type 0x04 key pair whose private and verifier keys share name and id', () => {
    const { privateKey, verifierKey } = generateWitnessKey('witness.example/w1');
    expect(privateKey).toMatch(/^PRIVATE\+KEY\+witness\.example\/w1\+[0-9a-f]{8}\+/);
    expect(keyData(privateKey)[0]).toBe(0x04);
    expect(keyData(verifierKey)[0]).toBe(0x04);
    const signer = parseWitnessPrivateKey(privateKey);
    const verifier = parseWitnessVerifierKey(verifierKey);
    expect([signer.name, signer.keyId]).toEqual([verifier.name, verifier.keyId]);
    expect(privateKey.split('+')[3]).toBe(verifierKey.split('+')[1]);
  });

  it('make a different key each time', () => {
    expect(generateWitnessKey('w').privateKey).not.toBe(generateWitnessKey('w').privateKey);
  });

  it('give the same public key as the note key of the same seed, under another key id', () => {
    const witness = witnessKeyPairOf('w', seed).verifierKey;
    const note = keyPairOf('w', seed).verifierKey;
    expect(keyData(witness).subarray(1)).toEqual(keyData(note).subarray(1));
    expect(witness.split('+')[1]).not.toBe(note.split('+')[1]);
  });

  it('refuse a name a key cannot have', () => {
    expect(() => generateWitnessKey('a b')).toThrow(InvalidKeyNameError);
  });
});

describe('parseWitnessPrivateKey', () => {
  it('reads a note private key (type 0x01), signing under the cosignature key id', () => {
    const signer = parseWitnessPrivateKey(keyPairOf('w', seed).privateKey);
    expect(signer.keyId).toBe(
      parseWitnessVerifierKey(witnessKeyPairOf('w', seed).verifierKey).keyId,
    );
  });

  it('gives the witness verifier key of a 0x04 or a 0x01 private key, the one that checks it', () => {
    const pair = witnessKeyPairOf('w', seed);
    expect(witnessVerifierKeyOf(pair.privateKey)).toBe(pair.verifierKey);
    expect(witnessVerifierKeyOf(keyPairOf('w', seed).privateKey)).toBe(pair.verifierKey);
    expect(() => witnessVerifierKeyOf(pair.verifierKey)).toThrow(MalformedKeyError);
  });

  it('is not read as a note private key', () => {
    expect(() => parsePrivateKey(witnessKeyPairOf('w', seed).privateKey)).toThrow(
      UnknownKeyAlgorithmError,
    );
  });

  it('refuses a key id the seed does not give, another type and a verifier key', () => {
    const { privateKey, verifierKey } = witnessKeyPairOf('w', seed);
    const id = verifierKey.split('+')[1];
    expect(() => parseWitnessPrivateKey(privateKey.replace(`+${id}+`, '+00000000+'))).toThrow(
      KeyIdMismatchError,
    );
    const typed = keyData(privateKey);
    typed[0] = 0x02;
    const otherType = `${KEY_HEAD.exec(privateKey)![0]}${typed.toString('base64')}`;
    expect(() => parseWitnessPrivateKey(otherType)).toThrow(UnknownKeyAlgorithmError);
    expect(() => parseWitnessPrivateKey(verifierKey)).toThrow(MalformedKeyError);
  });
});
