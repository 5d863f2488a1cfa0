/** A size, index or level no tree has: refused before any hash is read or compared. */
export class MerkleArgumentError extends Error {
  override readonly name = 'MerkleArgumentError';
}

/** The hash store answered a read with the wrong number of hashes, or with something not a hash. */
export class HashReadError extends Error {
  override readonly name = 'HashReadError';
}
