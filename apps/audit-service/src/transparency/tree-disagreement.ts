import { sameHash } from '@authtrail/merkle';

/** A checkpoint the log must extend, and where it was found (for the message). */
export interface SignedSize {
  size: number;
  root: Uint8Array;
  /** e.g. `kept in the log file`, `published in AUTH_CHECKPOINTS` */
  where: string;
}

const base64 = (hash: Uint8Array): string => Buffer.from(hash).toString('base64');

/**
 * Why a log of `logSize` entries, whose root at the checkpoint's size is `rootAt(size)`, is not an
 * extension of `checkpoint`; undefined when it is. Pure.
 */
export function treeDisagreement(
  checkpoint: SignedSize,
  logSize: number,
  rootAt: (size: number) => Uint8Array,
): string | undefined {
  if (logSize < checkpoint.size) {
    return (
      `the log holds ${logSize} entries, fewer than the ${checkpoint.size} of the checkpoint ` +
      `${checkpoint.where}: it was cut or replaced`
    );
  }
  const root = rootAt(checkpoint.size);
  if (!sameHash(root, checkpoint.root)) {
    return (
      `the log's root at size ${checkpoint.size} is ${base64(root)}, the checkpoint ` +
      `${checkpoint.where} says ${base64(checkpoint.root)}: entries were changed or the file replaced`
    );
  }
  return undefined;
}

/** The log is not an extension of a checkpoint its key signed: the service refuses to start. */
export class TreeDisagreesError extends Error {
  override readonly name = 'TreeDisagreesError';

  constructor(reason: string) {
    super(
      `${reason}; refusing to sign a tree that does not extend it (restore the log from a backup)`,
    );
  }
}
