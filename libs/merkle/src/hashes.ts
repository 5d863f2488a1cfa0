import { createHash, hash } from 'node:crypto';
import { MerkleArgumentError } from './merkle-errors';

/** A tree hash: 32 bytes of SHA-256. */
export type Hash = Uint8Array;

/** Every hash of the tree is a SHA-256 digest. */
export const HASH_SIZE = 32;

// RFC 6962 §2.1 puts a different first byte before leaf and node input, so that no leaf's data
// can be passed off as an interior node (a second-preimage defence).
const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/**
 * The hash of one leaf: SHA-256(0x00 ‖ data); text is hashed as its UTF-8 bytes (U+0000 is the
 * byte 0x00). One-shot hashing: every appended entry pays for this.
 */
export function leafHash(data: Uint8Array | string): Hash {
  return typeof data === 'string'
    ? Buffer.from(hash('sha256', `\u0000${data}`, 'binary'), 'latin1')
    : hash('sha256', Buffer.concat([LEAF_PREFIX, data]), 'buffer');
}

// A digest asked for as a 'binary' (latin1) string, one character per byte, and written into a
// buffer costs about half of one asked for as a Buffer, which gets a backing store of its own:
// the hashes every append computes are made this way.

/** Writes leafHash(text) into `out` at `offset`. */
export function writeLeafHash(text: string, out: Buffer, offset: number): void {
  out.write(hash('sha256', `\u0000${text}`, 'binary'), offset, 'latin1');
}

/**
 * Writes the leaf hash of data given with its leaf prefix already before it (`prefixed[0]` is
 * 0x00, the data follows): SHA-256 of those bytes, with no copy to join the prefix.
 */
export function writePrefixedLeafHash(prefixed: Uint8Array, out: Buffer, offset: number): void {
  if (prefixed.length === 0 || prefixed[0] !== LEAF_PREFIX[0]) {
    throw new MerkleArgumentError('prefixed leaf data must begin with the leaf prefix 0x00');
  }
  out.write(hash('sha256', prefixed, 'binary'), offset, 'latin1');
}

/** The input of a node hash of two 32-byte children, reused: appends compute one per leaf. */
const NODE_INPUT = Buffer.alloc(1 + 2 * HASH_SIZE, NODE_PREFIX);

/** The hash of an interior node: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Hash, right: Hash): Hash {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    return hash('sha256', Buffer.concat([NODE_PREFIX, left, right]), 'buffer');
  }
  return Buffer.from(nodeInputHash(left, right), 'latin1');
}

/**
 * Writes the node hash of the 32-byte hashes at `leftAt` of `left` and `rightAt` of `row` into
 * `row` at `outAt`: what a tree's appender computes for each subtree a leaf closes, with no view
 * made of either child.
 */
export function writeNodeHashAt(
  left: Buffer,
  leftAt: number,
  row: Buffer,
  rightAt: number,
  outAt: number,
): void {
  left.copy(NODE_INPUT, 1, leftAt, leftAt + HASH_SIZE);
  row.copy(NODE_INPUT, 1 + HASH_SIZE, rightAt, rightAt + HASH_SIZE);
  row.write(hash('sha256', NODE_INPUT, 'binary'), outAt, 'latin1');
}

/** SHA-256(0x01 ‖ left ‖ right) of two 32-byte hashes, as a latin1 string. */
function nodeInputHash(left: Hash, right: Hash): string {
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 1 + HASH_SIZE);
  return hash('sha256', NODE_INPUT, 'binary');
}

/** The root of the tree with no leaves: SHA-256 of the empty string (RFC 6962 §2.1). */
export function emptyRoot(): Hash {
  return createHash('sha256').digest();
}

/** Whether two hashes hold the same bytes. */
export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Whether `value` is a tree hash: 32 bytes (anything else, from a store or a proof, is forged). */
export const isHash = (value: unknown): boolean =>
  value instanceof Uint8Array && value.length === HASH_SIZE;
