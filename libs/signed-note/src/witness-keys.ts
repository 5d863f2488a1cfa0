import { rawPublicKeyOf, signEd25519, verifyEd25519 } from './ed25519';
import { cosignedMessage, readTimestamped } from './cosigned-message';
import { COSIGNATURE_V1, ED25519, keyIdOf } from './key-id';
import {
  formatKeyPair,
  KeyPair,
  randomKeyPair,
  readPrivateKey,
  readVerifierKey,
  typed,
} from './key-text';
import { Verifier } from './keys';

/**
 * Witness keys (c2sp.org/tlog-cosignature, Ed25519 cosignature/v1): Ed25519 keys of type 0x04,
 * whose id is SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key)[:4]. The verifier key is
 * `<name>+<hex key id>+<base64(0x04 ‖ public key)>`, as witnesses publish them. The private key
 * is written `PRIVATE+KEY+<name>+<hex key id>+<base64(0x04 ‖ seed)>`, so that it can never sign
 * as a log's note key; a note private key (`0x01 ‖ seed`, as transparency-dev's witness tools
 * write them) is read too, as those tools read both.
 */

/** Cosigns checkpoints with one witness key: signs a cosigned message (see cosign). */
export interface WitnessSigner {
  readonly keyType: typeof COSIGNATURE_V1;
  readonly name: string;
  readonly keyId: number;
  sign(cosignedMessage: Uint8Array): Uint8Array;
}

/**
 * Checks one witness's cosignatures. As a Verifier, it takes the note text and the signature
 * bytes after the key id (timestamp ‖ Ed25519 signature), so openNote can check them too.
 */
export interface WitnessVerifier extends Verifier {
  readonly keyType: typeof COSIGNATURE_V1;
}

/** What a witness key's type byte must be, in the words of the errors. */
const WITNESS_KEY = 'Ed25519 cosignature/v1 (0x04)';

/** A fresh witness key pair named `name`. */
export const generateWitnessKey = (name: string): KeyPair => randomKeyPair(COSIGNATURE_V1, name);

/** The witness key pair of a 32-byte Ed25519 seed named `name`. */
export const witnessKeyPairOf = (name: string, seed: Uint8Array): KeyPair =>
  formatKeyPair(COSIGNATURE_V1, name, seed);

/** The witness signer of a private key's text, of type 0x04 or a note key's 0x01. */
export function parseWitnessPrivateKey(text: string): WitnessSigner {
  const { name, privateKey } = readWitnessPrivateKey(text);
  return {
    keyType: COSIGNATURE_V1,
    name,
    keyId: keyIdOf(name, typed(COSIGNATURE_V1, rawPublicKeyOf(privateKey))),
    sign: (message) => signEd25519(privateKey, message),
  };
}

/**
 * The witness verifier key (type 0x04) of a private key's text, of type 0x04 or a note key's
 * 0x01: the key to publish for the witness's cosignatures.
 */
export function witnessVerifierKeyOf(text: string): string {
  const { name, key } = readWitnessPrivateKey(text);
  return witnessKeyPairOf(name, key).verifierKey;
}

/** A witness's private key text in parts, its key id checked against its seed. */
const readWitnessPrivateKey = (text: string) =>
  readPrivateKey(text, [COSIGNATURE_V1, ED25519], WITNESS_KEY);

/** The witness verifier of a witness verifier key's text (type 0x04). */
export function parseWitnessVerifierKey(text: string): WitnessVerifier {
  const { name, keyId, publicKey } = readVerifierKey(text, COSIGNATURE_V1, WITNESS_KEY);
  return {
    keyType: COSIGNATURE_V1,
    name,
    keyId,
    verify(text, signature) {
      const parts = readTimestamped(signature);
      return (
        parts !== undefined &&
        verifyEd25519(publicKey, cosignedMessage(text, parts.timestamp), parts.signature)
      );
    },
  };
}
