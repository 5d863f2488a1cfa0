import { CHECKPOINT_BUCKET, Subjects, type VerifyReply } from '@authtrail/contracts';
import type { Checkpoint, Verifier, WitnessVerifier } from '@authtrail/signed-note';
import { CliError } from '../errors/cli-error';
import { EXIT_ERROR, EXIT_USAGE } from '../errors/exit-codes';
import {
  CheckpointNoteError,
  describeCheckpoint,
  openCheckpoint,
  refusedCheckpoint,
  rootText,
  type SignedCheckpoint,
} from '../transparency/checkpoint-note';
import { CheckpointFileError, checkpointInFile } from '../transparency/checkpoint-file';
import { cosignedCheckpoints, newestCheckpoint } from '../transparency/checkpoint-source';
import {
  type LogRoot,
  witnessCheck,
  type WitnessCheck,
  witnessEvidence,
} from '../transparency/witnessed';
import { RemoteError } from '../rpc/rpc-client';
import type { CliContext } from './cli-context';
import type { VerifyFlags } from './audit-flags';
import {
  loadAllWitnessKeys,
  loadVerifierKey,
  verifierKeyValue,
  witnessKeysValues,
} from './verifier-key';

const COMMAND = 'audit verify';

/** The text of a failed check, e.g. `broken: entry 42: hash mismatch`. */
export function brokenMessage(reply: VerifyReply): string {
  return `broken: entry ${reply.first_bad_seq ?? '?'}: ${reply.reason ?? 'the hash chain does not match'}`;
}

/**
 * The part of `audit verify` that concerns the log's signed checkpoint. Before the range checks:
 * the newest checkpoint of the key's origin (or the one in `--checkpoint FILE`), opened with the
 * key, and with `--witnesses` the witnesses' cosignatures of it (witnessesOf); a note the key
 * refuses, or too few cosignatures, is exit 1 at once. The function it returns runs after the
 * range checks: it compares the log with the checkpoint, or says why it cannot.
 */
export async function checkpointCheck(
  flags: VerifyFlags,
  context: CliContext,
): Promise<() => Promise<void>> {
  const key = verifierKeyValue(flags.key, context.verifyKey);
  const verifier = key && loadVerifierKey(COMMAND, key);
  const witnesses = witnessesRequired(flags, verifier, context);
  const signed =
    flags.checkpoint === undefined
      ? await newestToCompare(verifier, context)
      : keptToCompare(flags.checkpoint, verifier);
  if ('skipped' in signed) {
    if (witnesses) {
      throw new CliError(
        `${COMMAND}: --witnesses ${witnesses.required}: no checkpoint to count cosignatures on: ` +
          signed.skipped,
      );
    }
    return () => {
      context.out(`not checked against a signed checkpoint: ${signed.skipped}`);
      return Promise.resolve();
    };
  }
  const witnessed = witnesses && (await witnessesOf(signed, verifier!, witnesses, context));
  if (witnessed && !witnessed.ok) throw new CliError(witnessed.message, EXIT_ERROR);
  return async () => {
    await compareWithCheckpoint(signed.checkpoint, context);
    if (witnessed) context.out(witnessed.message);
  };
}

/**
 * `--witnesses N` with the witness keys of `--witness-key` or AUTHTRAIL_WITNESS_KEYS; undefined
 * without `--witnesses`. Cosignatures count only on a checkpoint the log's key opened, so the log's
 * key is needed too, and at least N witness keys.
 */
function witnessesRequired(
  flags: VerifyFlags,
  verifier: Verifier | undefined,
  context: CliContext,
): { required: number; keys: WitnessVerifier[] } | undefined {
  const required = flags.witnesses;
  if (required === undefined) {
    if (flags.witnessKeys === undefined) return undefined;
    throw new CliError(`${COMMAND}: --witness-key needs --witnesses N`, EXIT_USAGE);
  }
  if (!verifier) {
    throw new CliError(
      `${COMMAND}: --witnesses needs the log's verifier key (--key or AUTHTRAIL_VERIFY_KEY): ` +
        'cosignatures count only on a checkpoint the log signed',
      EXIT_USAGE,
    );
  }
  const keys = loadAllWitnessKeys(
    COMMAND,
    witnessKeysValues(flags.witnessKeys, context.witnessKeys),
  );
  if (keys.length < required) {
    throw new CliError(
      `${COMMAND}: --witnesses ${required} needs the verifier keys of at least ${required} ` +
        `witnesses (--witness-key or AUTHTRAIL_WITNESS_KEYS); ${keys.length} given`,
      EXIT_USAGE,
    );
  }
  return { required, keys };
}

/**
 * Whether enough witnesses cosigned `signed`: on its note itself, or on their newest cosigned
 * checkpoint in the bucket (key cosignedCheckpointKey) when that is the same checkpoint, or a later
 * one of the log's key whose root the log has at its size (asked with `root_at`).
 */
async function witnessesOf(
  signed: SignedCheckpoint,
  log: Verifier,
  { keys, required }: { keys: WitnessVerifier[]; required: number },
  context: CliContext,
): Promise<WitnessCheck> {
  const notes = await cosignedCheckpoints(await context.rpc.nats(), log.name, keys);
  const evidence = keys.map((key, i) => witnessEvidence(signed, key, notes[i], log));
  const rootsAt = new Map<number, LogRoot>();
  for (const item of evidence) {
    const size = 'later' in item ? item.later?.size : undefined;
    if (size !== undefined && !rootsAt.has(size)) rootsAt.set(size, await logRootAt(size, context));
  }
  return witnessCheck(signed, evidence, rootsAt, required);
}

/** `audit.log.verify` of entry `size` with the root of the tree of that size. */
const verifyWithRootAt = (size: number, context: CliContext) =>
  context.rpc.request(Subjects.logVerify, { from_seq: size, to_seq: size, root_at: size });

/** The log's root at `size`, or why the service did not give it. */
async function logRootAt(size: number, context: CliContext): Promise<LogRoot> {
  try {
    const reply = await verifyWithRootAt(size, context);
    if (!reply.ok) return { problem: brokenMessage(reply) };
    return reply.root ?? { problem: `the service gave no root at size ${size}` };
  } catch (error) {
    if (!(error instanceof RemoteError)) throw error;
    return { problem: `the log's root at size ${size}: ${error.message}` };
  }
}

/** The newest checkpoint the key signed, or why the log is not compared with one. */
async function newestToCompare(
  verifier: Verifier | undefined,
  context: CliContext,
): Promise<SignedCheckpoint | { skipped: string }> {
  if (!verifier) return { skipped: 'no verifier key (--key or AUTHTRAIL_VERIFY_KEY)' };
  const newest = await newestCheckpoint(await context.rpc.nats(), verifier.name);
  if ('missing' in newest) return { skipped: newest.missing };
  return opened(
    newest.note,
    verifier,
    `the newest checkpoint of ${verifier.name} in ${CHECKPOINT_BUCKET}`,
  );
}

/** `--checkpoint FILE`: a checkpoint kept (a monitor's state, a receipt), opened with the key. */
function keptToCompare(file: string, verifier: Verifier | undefined): SignedCheckpoint {
  if (!verifier) {
    throw new CliError(
      `${COMMAND}: --checkpoint needs the log's verifier key (--key or AUTHTRAIL_VERIFY_KEY)`,
      EXIT_USAGE,
    );
  }
  let note: string;
  try {
    note = checkpointInFile(file);
  } catch (error) {
    if (!(error instanceof CheckpointFileError)) throw error;
    throw new CliError(`${COMMAND}: --checkpoint: ${error.message}`, EXIT_USAGE);
  }
  return opened(note, verifier, `the checkpoint in ${file}`);
}

/** The checkpoint `note` holds, signed by the key; exit 1 naming it (`what`) otherwise. */
function opened(note: string, verifier: Verifier, what: string): SignedCheckpoint {
  try {
    return openCheckpoint(note, verifier);
  } catch (error) {
    if (!(error instanceof CheckpointNoteError)) throw error;
    throw new CliError(`broken: ${refusedCheckpoint(what, note, verifier, error)}`, EXIT_ERROR);
  }
}

/** The log holds the checkpoint's entries and has its root at its size; exit 1 otherwise. */
async function compareWithCheckpoint(checkpoint: Checkpoint, context: CliContext): Promise<void> {
  const { size } = checkpoint;
  const signed = `the checkpoint of ${describeCheckpoint(checkpoint)}`;
  const lastSeq = (await context.rpc.request(Subjects.stats, {})).last_seq;
  if (lastSeq < size) {
    throw new CliError(
      `broken: the log has ${lastSeq} entries, fewer than the ${size} signed in ${signed}`,
      EXIT_ERROR,
    );
  }
  if (size > 0) {
    const reply = await verifyWithRootAt(size, context);
    if (!reply.ok) throw new CliError(brokenMessage(reply), EXIT_ERROR);
    if (reply.root === undefined) {
      throw new CliError(
        `${COMMAND}: the service gave no root at size ${size}, so the log cannot be compared ` +
          `with ${signed}`,
      );
    }
    if (reply.root !== rootText(checkpoint.rootHash)) {
      throw new CliError(
        `broken: the log's root at size ${size} is ${reply.root}, not that of ${signed}`,
        EXIT_ERROR,
      );
    }
  }
  context.out(`ok: the log matches ${signed}`);
}
