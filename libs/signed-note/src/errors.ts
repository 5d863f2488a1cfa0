/**
 * The errors of the signed-note formats. Each names what was wrong, so that a caller can tell a
 * note it must refuse (malformed, badly signed) from one it merely cannot check (no known key).
 */

/** Every error this library throws. */
export class SignedNoteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A key name that is empty, not well-formed text, or holds a space or a plus. */
export class InvalidKeyNameError extends SignedNoteError {
  constructor(readonly keyName: string) {
    super(
      `invalid key name ${JSON.stringify(keyName)}: it must be non-empty, without spaces or '+'`,
    );
  }
}

/** A private or verifier key whose text is not of the key format. */
export class MalformedKeyError extends SignedNoteError {}

/**
 * A key of another signature type than the one asked for: a note key is Ed25519 (0x01), a
 * witness key Ed25519 cosignature/v1 (0x04).
 */
export class UnknownKeyAlgorithmError extends SignedNoteError {
  constructor(
    readonly algorithm: number,
    readonly expected: string,
  ) {
    super(
      `key algorithm 0x${algorithm.toString(16).padStart(2, '0')} where ${expected} is expected`,
    );
  }
}

/** A key whose stated key id is not the one its name and public key give. */
export class KeyIdMismatchError extends SignedNoteError {
  constructor(
    readonly keyName: string,
    readonly statedKeyId: number,
    readonly actualKeyId: number,
  ) {
    super(
      `key id ${hex32(statedKeyId)} of ${keyName} does not match its public key (${hex32(actualKeyId)})`,
    );
  }
}

/** A signed note that does not follow the format; nothing in it can be trusted. */
export class MalformedNoteError extends SignedNoteError {
  constructor(reason: string) {
    super(`malformed note: ${reason}`);
  }
}

/** A signature line in the note whose key is known but whose signature does not verify. */
export class InvalidSignatureError extends SignedNoteError {
  constructor(
    readonly keyName: string,
    readonly keyId: number,
  ) {
    super(`invalid signature for key ${keyName}+${hex32(keyId)}`);
  }
}

/** Two verifiers given for the same key name and id: which one to trust is unknowable. */
export class AmbiguousVerifierError extends SignedNoteError {
  constructor(
    readonly keyName: string,
    readonly keyId: number,
  ) {
    super(`ambiguous key ${keyName}+${hex32(keyId)}`);
  }
}

/** A signature of a note, verified or not: the key's name and id, and the base64 of id ‖ signature. */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  readonly base64: string;
}

/** A well-formed note signed by none of the known keys: its text must be ignored. */
export class UnverifiedNoteError extends SignedNoteError {
  constructor(
    readonly text: string,
    readonly unverifiedSignatures: readonly NoteSignature[],
  ) {
    const keys = unverifiedSignatures.map((sig) => `${sig.name}+${hex32(sig.keyId)}`);
    super(`note has no verifiable signatures (signed only by unknown keys: ${keys.join(', ')})`);
  }
}

/** A signer that cannot sign: its name breaks the key-name rules. */
export class InvalidSignerError extends SignedNoteError {}

/** A cosignature time that is not a whole number of seconds from 0 to 2^53 − 1. */
export class InvalidTimestampError extends SignedNoteError {
  constructor(readonly timestamp: number) {
    super(
      `invalid cosignature timestamp ${timestamp}: it is whole seconds since the epoch, 0 to 2^53 - 1`,
    );
  }
}

/** A checkpoint text that does not follow c2sp.org/tlog-checkpoint. */
export class MalformedCheckpointError extends SignedNoteError {
  constructor(reason: string) {
    super(`malformed checkpoint: ${reason}`);
  }
}

/** A proof text that does not follow c2sp.org/tlog-proof. */
export class MalformedProofError extends SignedNoteError {
  constructor(reason: string) {
    super(`malformed proof: ${reason}`);
  }
}

/** A key id as the formats write it: eight lowercase hex digits. */
export const hex32 = (value: number): string => value.toString(16).padStart(8, '0');
