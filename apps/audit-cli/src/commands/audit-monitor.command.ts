import { checkpointFeedSubject } from '@authtrail/contracts';
import type { Verifier } from '@authtrail/signed-note';
import { CliError } from '../errors/cli-error';
import { EXIT_ERROR, EXIT_USAGE } from '../errors/exit-codes';
import { claimedCheckpoint } from '../transparency/checkpoint-note';
import { consistencyFetcher, newestCheckpoint } from '../transparency/checkpoint-source';
import { LogMonitor } from '../transparency/log-monitor';
import { MonitorState } from '../transparency/monitor-state';
import type { CliContext } from './cli-context';
import { parseMonitorFlags } from './audit-flags';
import { loadVerifierKey, verifierKeyValue } from './verifier-key';

const COMMAND = 'audit monitor';
const decoder = new TextDecoder();
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

const logLine = (text: string) => process.stderr.write(`${text}\n`);

/**
 * `audit monitor --state DIR [--key K] [--follow]`: checks that the log's newest signed checkpoint
 * extends the last one verified (kept in DIR), with the log's consistency proof. Once: the newest
 * checkpoint in the key-value bucket, exit 1 when it is inconsistent. Following: then each
 * checkpoint the log publishes on its feed, each inconsistency a line on stderr, until
 * SIGINT/SIGTERM.
 */
export async function auditMonitorCommand(args: string, context: CliContext): Promise<void> {
  const flags = parseMonitorFlags(args);
  const key = verifierKeyValue(flags.key, context.verifyKey);
  if (!key) {
    throw new CliError(
      `${COMMAND}: give the verifier key of the log's checkpoints (--key or AUTHTRAIL_VERIFY_KEY)`,
      EXIT_USAGE,
    );
  }
  const verifier = loadVerifierKey(COMMAND, key);
  const monitor = new LogMonitor(
    new MonitorState(flags.state),
    verifier,
    consistencyFetcher(context.rpc),
  );
  // A missed checkpoint is no gap: the next one is checked against the last verified.
  if (flags.follow) context.rpc.keepReconnecting((line) => logLine(`${COMMAND}: ${line}`));
  const nc = await context.rpc.nats();
  const newest = await newestCheckpoint(nc, verifier.name);
  if (!flags.follow) {
    if ('missing' in newest) throw new CliError(`${COMMAND}: nothing to check: ${newest.missing}`);
    const outcome = await monitor.check(newest.note);
    if (outcome.kind === 'inconsistent') throw new CliError(outcome.message, EXIT_ERROR);
    context.out(outcome.message);
    return;
  }
  const check = async (note: string) => {
    try {
      const outcome = await monitor.check(note);
      if (outcome.kind === 'inconsistent') logLine(outcome.message);
      else context.out(outcome.message);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      // e.g. the service is restarting: the next checkpoint is checked against the same state
      const claim = claimedCheckpoint(note);
      logLine(
        `${COMMAND}: skipped the checkpoint${claim ? ` (${claim})` : ''}: ${error.message}; ` +
          'the next one is checked against the last verified',
      );
    }
  };
  if ('missing' in newest) logLine(`${COMMAND}: ${newest.missing}: waiting for the feed`);
  else await check(newest.note);
  await follow(context, verifier, check);
}

/** Hands each note of the origin's feed to `check`, in order, until SIGINT/SIGTERM. */
async function follow(
  context: CliContext,
  verifier: Verifier,
  check: (note: string) => Promise<void>,
): Promise<void> {
  const subject = checkpointFeedSubject(verifier.name);
  const nc = await context.rpc.nats();
  const sub = nc.subscribe(subject);
  await nc.flush();
  let stopped = false;
  const stop = () => {
    stopped = true;
    if (!sub.isClosed()) sub.unsubscribe();
  };
  for (const signal of STOP_SIGNALS) process.once(signal, stop);
  logLine(`following ${subject} (Ctrl-C to stop)`);
  try {
    for await (const msg of sub) {
      await check(decoder.decode(msg.data));
      if (stopped) break;
    }
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, stop);
    if (!sub.isClosed()) sub.unsubscribe();
  }
  if (!stopped) throw new CliError(`${COMMAND}: the connection to NATS closed`);
}

export const AUDIT_MONITOR_MANUAL = `Checks that the log only grows: each checkpoint the log signs must extend the
one verified before, which a consistency proof from the log shows.

The last verified checkpoint (a signed note) is kept in DIR/checkpoint. The
newest checkpoint of the key's origin is read from the key-value bucket
AUTH_CHECKPOINTS and opened with the verifier key; the first one seen is
trusted and stored. When the size grew, audit.proof.consistency proves that the
new tree extends the old one, and the new checkpoint is stored. A smaller size,
another root at the same size, a failed proof or a note the key does not open
is an inconsistency: its line names both sizes and roots, on stderr, exit 1.

Prints one line: "first checkpoint: ...", "unchanged: ..." or "advanced: ...".
With --follow it then checks each checkpoint the log publishes, logging an
inconsistency and going on, until Ctrl-C (exit 0). A lost connection to NATS is
logged and waited out; the first checkpoint after it is checked against the last
verified, so none is skipped unchecked.

Usage: monitor --state DIR [--key K] [--follow]

  --state DIR  where the last verified checkpoint is kept (created owner-only)
  --key K      the log's verifier key, or a file holding it
               (default: AUTHTRAIL_VERIFY_KEY)
  --follow     keep checking each new checkpoint as the log signs it

Examples:
  monitor --state /var/lib/authtrail-monitor --key log.key.pub
  monitor --state /var/lib/authtrail-monitor --follow`;
