import type { ConsistencyProofReply, InclusionProofReply } from '@authtrail/contracts';
import { consistencyProof, inclusionProof, type HashReader } from '@authtrail/merkle';
import { RpcError } from '../rpc/rpc-error';

const base64 = (hash: Uint8Array): string => Buffer.from(hash).toString('base64');

/** What a proof is made from: the stored tree, its size, and each entry's leaf text. */
export interface ProvableTree {
  read: HashReader;
  /** The tree's size: the log's last seq. */
  size: number;
  leafText(seq: number): string | undefined;
}

/** Refuses a size the tree does not have (yet). */
export function checkSize(name: string, size: number, treeSize: number): void {
  if (size > treeSize) {
    throw RpcError.badRequest(
      `${name} ${size} is beyond the tree, which has ${treeSize} ${treeSize === 1 ? 'entry' : 'entries'}`,
    );
  }
}

/** The RFC 6962 audit path of entry `seq` (leaf seq - 1) in the tree of `size`. */
export function inclusionAnswer(
  tree: ProvableTree,
  seq: number,
  size: number,
): InclusionProofReply {
  checkSize('size', size, tree.size);
  if (seq > size) {
    throw RpcError.badRequest(`seq ${seq} is not in the tree of size ${size}`);
  }
  const leaf = tree.leafText(seq);
  if (leaf === undefined) throw RpcError.notFound(`the log has no entry ${seq}`);
  return {
    seq,
    index: seq - 1,
    size,
    leaf,
    hashes: inclusionProof(seq - 1, size, tree.read).map(base64),
  };
}

/** The RFC 6962 consistency proof from the tree of `fromSize` to the tree of `toSize`. */
export function consistencyAnswer(
  tree: ProvableTree,
  fromSize: number,
  toSize: number,
): ConsistencyProofReply {
  checkSize('to_size', toSize, tree.size);
  if (fromSize > toSize) {
    throw RpcError.badRequest(`from_size ${fromSize} is larger than to_size ${toSize}`);
  }
  return {
    from_size: fromSize,
    to_size: toSize,
    hashes: consistencyProof(fromSize, toSize, tree.read).map(base64),
  };
}
