import { appendedSubject } from '@authtrail/contracts';
import { CliError } from '../errors/cli-error';
import type { CliContext } from './cli-context';
import { parseTailFlags, type TailFlags } from './audit-flags';
import { stdoutLines } from './json-lines';

const decoder = new TextDecoder();
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** `audit.log.appended.<host or *>.<kind or *>` for the tail flags. */
export function tailSubject(flags: TailFlags): string {
  return appendedSubject(flags.host ?? '*', flags.kind ?? '*');
}

/** One appended notification as a JSON line; undefined when the body is not a JSON object. */
export function entryLine(data: Uint8Array): string | undefined {
  try {
    const entry = JSON.parse(decoder.decode(data)) as unknown;
    if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
      return `${JSON.stringify(entry)}\n`;
    }
  } catch {
    // reported by the caller
  }
  return undefined;
}

/**
 * `audit tail [--host H] [--kind K] [--count N]`: prints each new log entry as a JSON line as it
 * is committed, until interrupted (SIGINT/SIGTERM), N entries are printed, or the reader goes away.
 */
export async function auditTailCommand(args: string, context: CliContext): Promise<void> {
  const flags = parseTailFlags(args);
  await followSubject(context, tailSubject(flags), 'audit tail', flags.count);
}

/**
 * Prints each JSON object published on `subject` as a JSON line, until interrupted
 * (SIGINT/SIGTERM), `count` are printed, or the reader goes away. A lost connection is waited
 * out (said on stderr); one that closes for good is an error.
 */
export async function followSubject(
  context: CliContext,
  subject: string,
  command: string,
  count?: number,
): Promise<void> {
  context.rpc.keepReconnecting((line) =>
    process.stderr.write(`${command}: ${line} (what is published meanwhile is not shown)\n`),
  );
  const nc = await context.rpc.nats();
  const sub = nc.subscribe(subject);
  await nc.flush();
  const out = stdoutLines();
  /** Why following ended on purpose: a signal, --count, or a closed reader. */
  let finished = false;
  const stop = () => {
    finished = true;
    if (!sub.isClosed()) sub.unsubscribe();
  };
  for (const signal of STOP_SIGNALS) process.once(signal, stop);
  if (process.stderr.isTTY) process.stderr.write(`following ${subject} (Ctrl-C to stop)\n`);
  let printed = 0;
  try {
    for await (const msg of sub) {
      const line = entryLine(msg.data);
      if (line === undefined) {
        process.stderr.write(`${command}: skipped a message on ${msg.subject} that is not JSON\n`);
        continue;
      }
      printed++;
      const reading = await out.write(line);
      if (!reading || (count !== undefined && printed >= count)) {
        finished = true;
        break;
      }
    }
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, stop);
    if (!sub.isClosed()) sub.unsubscribe();
  }
  if (!finished) throw new CliError(`${command}: the connection to NATS closed`);
}

export const AUDIT_TAIL_MANUAL = `Follows the audit log: prints each new entry as a JSON line as soon as it is
committed, until Ctrl-C. Only entries appended after the start are shown (use
"replay" for the history). If the connection to NATS is lost, it says so and goes
on once NATS is back; entries committed meanwhile are in "replay".

Usage: tail [--host H] [--kind K] [--count N]

  --host H   only entries of host H (authtrail's own --host does not apply)
  --kind K   only entries of kind K (login, logout, login_failed, boot, terminate)
  --count N  stop after N entries

Examples:
  tail
  tail --host nas-1
  tail --kind login_failed
  tail --host nas-1 --kind login --count 1`;
