/**
 * The verifiable log's part of the contract: signed checkpoints (C2SP tlog-checkpoint in a C2SP
 * signed note) and RFC 6962 proofs. Hashes travel as standard base64, sizes and indexes as numbers.
 */

/** `audit.checkpoint`: the latest checkpoint, or the one signed at `size`. */
export interface CheckpointRequest {
  size?: number;
}

export interface CheckpointReply {
  /** The signed note: checkpoint text, a blank line, one signature line per signer. */
  checkpoint: string;
  size: number;
  /** The tree's root hash at `size`, base64. */
  root: string;
}

/** `audit.proof.inclusion`: the audit path of entry `seq` (leaf `seq - 1`) in the tree of `size`. */
export interface InclusionProofRequest {
  seq: number;
  size?: number;
}

export interface InclusionProofReply {
  seq: number;
  index: number;
  size: number;
  /** The entry's canonical text: the leaf data. */
  leaf: string;
  hashes: string[];
}

/** `audit.proof.consistency`: the tree of `to_size` extends the tree of `from_size`. */
export interface ConsistencyProofRequest {
  from_size: number;
  to_size?: number;
}

export interface ConsistencyProofReply {
  from_size: number;
  to_size: number;
  hashes: string[];
}

/** The JetStream key-value bucket holding each origin's signed checkpoints, with history. */
export const CHECKPOINT_BUCKET = 'AUTH_CHECKPOINTS';

/** The subject prefix on which each new checkpoint is published for live followers. */
export const CHECKPOINT_FEED_PREFIX = 'audit.checkpoint';

const TOKEN_SAFE = /[A-Za-z0-9_-]/;

/**
 * An origin (a key name: any printable text without spaces or `+`) as one subject token and a
 * key-value key: letters, digits, `_` and `-` stay, every other UTF-8 byte becomes `=XX` (upper
 * hex). The mapping is one-to-one, so two origins never share a key or a subject.
 */
export function originToken(origin: string): string {
  let token = '';
  for (const char of origin) {
    if (TOKEN_SAFE.test(char)) {
      token += char;
      continue;
    }
    for (const byte of Buffer.from(char, 'utf8')) {
      token += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return token;
}

/** `audit.checkpoint.<origin token>`: each checkpoint the origin's log signs, as note text. */
export function checkpointFeedSubject(origin: string): string {
  return `${CHECKPOINT_FEED_PREFIX}.${originToken(origin)}`;
}

/**
 * The key-value key of the newest checkpoint of `origin` a witness named `witness` cosigned:
 * `<origin token>.witness.<witness token>`, in CHECKPOINT_BUCKET beside the origin's own key. Its
 * value is the log's signed note with the witness's cosignature line added.
 */
export function cosignedCheckpointKey(origin: string, witness: string): string {
  return `${originToken(origin)}.witness.${originToken(witness)}`;
}
