import { KeyObject, randomBytes } from 'node:crypto';
import { decodeBase64, encodeBase64 } from './base64';
import { privateKeyOf, PUBLIC_KEY_SIZE, publicKeyOf, rawPublicKeyOf, SEED_SIZE } from './ed25519';
import { hex32, KeyIdMismatchError, MalformedKeyError, UnknownKeyAlgorithmError } from './errors';
import { keyIdOf } from './key-id';
import { checkKeyName, isValidKeyName } from './key-name';

/**
 * The text forms of Ed25519 keys, whatever signature type they are for: private
 * `PRIVATE+KEY+<name>+<hex key id>+<base64(type ‖ seed)>`, verifier
 * `<name>+<hex key id>+<base64(type ‖ public key)>`, the key id naming the typed public key.
 */

/** A new key pair: the private key (to keep secret) and the verifier key (to publish). */
export interface KeyPair {
  readonly privateKey: string;
  readonly verifierKey: string;
}

/** The parts of a key's text. */
export interface KeyParts {
  readonly name: string;
  readonly keyId: number;
  readonly algorithm: number;
  /** The key without its type byte. */
  readonly key: Uint8Array;
}

const PRIVATE_PREFIX = 'PRIVATE+KEY+';
/** Eight hex digits; upper case is read as Go reads it, though the keys written use lower case. */
const KEY_ID = /^[0-9a-fA-F]{8}$/;

/** A fresh key pair of type `type` named `name`. */
export const randomKeyPair = (type: number, name: string): KeyPair =>
  formatKeyPair(type, name, new Uint8Array(randomBytes(SEED_SIZE)));

/** The key pair of type `type` of a 32-byte Ed25519 seed named `name`. */
export function formatKeyPair(type: number, name: string, seed: Uint8Array): KeyPair {
  checkKeyName(name);
  if (seed.length !== SEED_SIZE)
    throw new MalformedKeyError(`an Ed25519 seed is ${SEED_SIZE} bytes`);
  const typedPublic = typed(type, rawPublicKeyOf(privateKeyOf(seed)));
  const id = hex32(keyIdOf(name, typedPublic));
  return {
    privateKey: `${PRIVATE_PREFIX}${name}+${id}+${encodeBase64(typed(type, seed))}`,
    verifierKey: `${name}+${id}+${encodeBase64(typedPublic)}`,
  };
}

/**
 * A private key's text in parts with its Ed25519 private key, once its type is one of `types`
 * (`expected` names them in the error), its seed of the right size and its id the one the seed
 * gives (the id names the public key, which only the seed gives).
 */
export function readPrivateKey(
  text: string,
  types: readonly number[],
  expected: string,
): KeyParts & { privateKey: KeyObject } {
  if (!text.startsWith(PRIVATE_PREFIX)) {
    throw new MalformedKeyError('a private key starts with PRIVATE+KEY+');
  }
  const parts = splitKey(text.slice(PRIVATE_PREFIX.length));
  if (!types.includes(parts.algorithm)) {
    throw new UnknownKeyAlgorithmError(parts.algorithm, expected);
  }
  if (parts.key.length !== SEED_SIZE)
    throw new MalformedKeyError(`an Ed25519 seed is ${SEED_SIZE} bytes`);
  const privateKey = privateKeyOf(parts.key);
  checkKeyId(parts, typed(parts.algorithm, rawPublicKeyOf(privateKey)));
  return { ...parts, privateKey };
}

/** The Ed25519 public key of a verifier key's text, which must be of type `type`. */
export function readVerifierKey(
  text: string,
  type: number,
  expected: string,
): KeyParts & { publicKey: KeyObject } {
  const parts = splitKey(text);
  checkKeyId(parts, typed(parts.algorithm, parts.key));
  if (parts.algorithm !== type) throw new UnknownKeyAlgorithmError(parts.algorithm, expected);
  if (parts.key.length !== PUBLIC_KEY_SIZE) {
    throw new MalformedKeyError(`an Ed25519 public key is ${PUBLIC_KEY_SIZE} bytes`);
  }
  return { ...parts, publicKey: importPublicKey(parts.key) };
}

/** `<name>+<hex id>+<base64(type ‖ key)>` in parts; the base64 may itself hold '+'. */
function splitKey(text: string): KeyParts {
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) throw new MalformedKeyError('a key is <name>+<key id>+<key data>');
  const name = text.slice(0, first);
  const id = text.slice(first + 1, second);
  const typedKey = decodeBase64(text.slice(second + 1));
  if (!isValidKeyName(name))
    throw new MalformedKeyError(`invalid key name ${JSON.stringify(name)}`);
  if (!KEY_ID.test(id)) throw new MalformedKeyError('a key id is eight hex digits');
  if (typedKey === undefined || typedKey.length === 0) {
    throw new MalformedKeyError('key data is non-empty standard base64');
  }
  return { name, keyId: parseInt(id, 16), algorithm: typedKey[0], key: typedKey.subarray(1) };
}

/** A KeyIdMismatchError unless the parts' id is the id of `typedPublic` under their name. */
function checkKeyId(parts: KeyParts, typedPublic: Uint8Array): void {
  const actual = keyIdOf(parts.name, typedPublic);
  if (actual !== parts.keyId) throw new KeyIdMismatchError(parts.name, parts.keyId, actual);
}

/** node:crypto's public key of 32 raw bytes; bytes it cannot import make a malformed key. */
function importPublicKey(raw: Uint8Array): KeyObject {
  try {
    return publicKeyOf(raw);
  } catch {
    throw new MalformedKeyError('not an Ed25519 public key');
  }
}

/** The type byte followed by `key`. */
export const typed = (type: number, key: Uint8Array): Uint8Array => Uint8Array.of(type, ...key);
