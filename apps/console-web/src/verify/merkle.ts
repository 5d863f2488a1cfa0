import { concat, equalBytes, sha256, utf8 } from './bytes.js';

/** RFC 6962 leaf hash: SHA-256(0x00 || leaf text). */
export function leafHash(leaf: string): Promise<Uint8Array> {
  return sha256(concat(new Uint8Array([0]), utf8(leaf)));
}

const nodeHash = (left: Uint8Array, right: Uint8Array) =>
  sha256(concat(new Uint8Array([1]), left, right));

/**
 * The root an inclusion proof leads to (RFC 9162 §2.1.3.2), or undefined when the proof has
 * the wrong length for the index and size.
 */
export async function rootFromInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  path: readonly Uint8Array[],
): Promise<Uint8Array | undefined> {
  if (index < 0 || index >= size) return undefined;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
}

/** Whether `path` proves that `leaf` is entry `index` of the tree of `size` whose root is `root`. */
export async function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  path: readonly Uint8Array[],
  root: Uint8Array,
): Promise<boolean> {
  const computed = await rootFromInclusion(index, size, leaf, path);
  return computed !== undefined && equalBytes(computed, root);
}
