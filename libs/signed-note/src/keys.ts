import { KeyObject, randomBytes } from 'node:crypto';
import { decodeBase64, encodeBase64 } from './base64';
import { ED25519, keyIdOf } from './key-id';
import {
  privateKeyOf,
  PUBLIC_KEY_SIZE,
  publicKeyOf,
  rawPublicKeyOf,
  SEED_SIZE,
  signEd25519,
  verifyEd25519,
} from './ed25519';
import { hex32, KeyIdMismatchError, MalformedKeyError, UnknownKeyAlgorithmError } from './errors';
import { checkKeyName, isValidKeyName } from './key-name';

/**
 * Note keys in their text forms (c2sp.org/signed-note, as golang.org/x/mod/sumdb/note):
 * private `PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ seed)>`, verifier
 * `<name>+<hex key id>+<base64(0x01 ‖ public key)>`.
 */

/** Signs note texts with one key. */
export interface Signer {
  readonly name: string;
  readonly keyId: number;
  sign(message: Uint8Array): Uint8Array;
}

/** Checks signatures by one key. */
export interface Verifier {
  readonly name: string;
  readonly keyId: number;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** A new key pair: the private key (to keep secret) and the verifier key (to publish). */
export interface KeyPair {
  readonly privateKey: string;
  readonly verifierKey: string;
}

const PRIVATE_PREFIX = 'PRIVATE+KEY+';
/** Eight hex digits; upper case is read as Go reads it, though the keys written use lower case. */
const KEY_ID = /^[0-9a-fA-F]{8}$/;

/** A fresh Ed25519 key pair named `name`. */
export function generateKey(name: string): KeyPair {
  return keyPairOf(name, new Uint8Array(randomBytes(SEED_SIZE)));
}

/** The key pair of a 32-byte Ed25519 seed named `name`. */
export function keyPairOf(name: string, seed: Uint8Array): KeyPair {
  checkKeyName(name);
  if (seed.length !== SEED_SIZE)
    throw new MalformedKeyError(`an Ed25519 seed is ${SEED_SIZE} bytes`);
  const typedPublic = typed(rawPublicKeyOf(privateKeyOf(seed)));
  const id = hex32(keyIdOf(name, typedPublic));
  return {
    privateKey: `${PRIVATE_PREFIX}${name}+${id}+${encodeBase64(typed(seed))}`,
    verifierKey: `${name}+${id}+${encodeBase64(typedPublic)}`,
  };
}

/** The signer of a private key's text. */
export function parsePrivateKey(text: string): Signer {
  const { name, keyId, privateKey } = readPrivateKey(text);
  return { name, keyId, sign: (message) => signEd25519(privateKey, message) };
}

/** The verifier key of a private key's text: the one written beside it when it was made. */
export function verifierKeyOf(text: string): string {
  const { name, seed } = readPrivateKey(text);
  return keyPairOf(name, seed).verifierKey;
}

/** A private key's text in parts, its key id checked against its seed. */
function readPrivateKey(text: string) {
  if (!text.startsWith(PRIVATE_PREFIX)) {
    throw new MalformedKeyError('a private key starts with PRIVATE+KEY+');
  }
  const { name, keyId, algorithm, key } = splitKey(text.slice(PRIVATE_PREFIX.length));
  if (algorithm !== ED25519) throw new UnknownKeyAlgorithmError(algorithm);
  if (key.length !== SEED_SIZE)
    throw new MalformedKeyError(`an Ed25519 seed is ${SEED_SIZE} bytes`);
  const privateKey = privateKeyOf(key);
  // The id names the public key, which only the seed gives: checked once it is derived.
  const actual = keyIdOf(name, typed(rawPublicKeyOf(privateKey)));
  if (actual !== keyId) throw new KeyIdMismatchError(name, keyId, actual);
  return { name, keyId, seed: key, privateKey };
}

/** The verifier of a verifier key's text. */
export function parseVerifierKey(text: string): Verifier {
  const { name, keyId, algorithm, key, typedKey } = splitKey(text);
  const actual = keyIdOf(name, typedKey);
  if (actual !== keyId) throw new KeyIdMismatchError(name, keyId, actual);
  if (algorithm !== ED25519) throw new UnknownKeyAlgorithmError(algorithm);
  if (key.length !== PUBLIC_KEY_SIZE) {
    throw new MalformedKeyError(`an Ed25519 public key is ${PUBLIC_KEY_SIZE} bytes`);
  }
  const publicKey = importPublicKey(key);
  return {
    name,
    keyId,
    verify: (message, signature) => verifyEd25519(publicKey, message, signature),
  };
}

interface KeyParts {
  name: string;
  keyId: number;
  algorithm: number;
  key: Uint8Array;
  typedKey: Uint8Array;
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
  return {
    name,
    keyId: parseInt(id, 16),
    algorithm: typedKey[0],
    key: typedKey.subarray(1),
    typedKey,
  };
}

/** node:crypto's public key of 32 raw bytes; bytes it cannot import make a malformed key. */
function importPublicKey(raw: Uint8Array): KeyObject {
  try {
    return publicKeyOf(raw);
  } catch {
    throw new MalformedKeyError('not an Ed25519 public key');
  }
}

/** The Ed25519 type byte followed by `key`. */
const typed = (key: Uint8Array): Uint8Array => Uint8Array.of(ED25519, ...key);
