import { streamReplay } from '@authtrail/audit-client';
import type { LogEntry } from '@authtrail/contracts';
import type { CliContext } from './cli-context';
import { parseRangeFlags, type SeqRangeFlags } from './audit-flags';
import { CLEAR_LINE, stdoutLines } from './json-lines';
import { REPLAY_IDLE_MS, replayError } from './replay-failure';

/**
 * Seqs asked for in one audit.replay request. The CLI asks for the next window only once the
 * previous one is written out, so a slow reader bounds what is buffered to one window.
 */
export const REPLAY_WINDOW = 20_000;

/** The seqs (inclusive) of one audit.replay request. */
export interface SeqWindow {
  from: number;
  to: number;
}

/** The first window of a replay of `range`; undefined when the range is empty. */
export function firstWindow(range: SeqRangeFlags, size = REPLAY_WINDOW): SeqWindow | undefined {
  const from = Math.max(range.from ?? 1, 1);
  if (range.to !== undefined && range.to < from) return undefined;
  return { from, to: Math.min(from + size - 1, range.to ?? Number.MAX_SAFE_INTEGER) };
}

/**
 * The window after `window`, given the last seq it returned; undefined when the replay is over:
 * `--to` is reached, or the window came back short (the log has no gaps, so that is its end).
 */
export function nextWindow(
  window: SeqWindow,
  lastSeq: number | undefined,
  range: SeqRangeFlags,
  size = REPLAY_WINDOW,
): SeqWindow | undefined {
  if (range.to !== undefined && window.to >= range.to) return undefined;
  if (lastSeq === undefined || lastSeq < window.to) return undefined;
  return firstWindow({ from: window.to + 1, to: range.to }, size);
}

/**
 * `audit replay [--from N] [--to N]`: the log's entries as JSON lines on stdout, from audit.replay.
 * Stops quietly when the reader goes away (`| head`).
 */
export async function auditReplayCommand(args: string, context: CliContext): Promise<void> {
  const range = parseRangeFlags('audit replay', args);
  const nc = await context.rpc.nats();
  const out = stdoutLines();
  const progress = Boolean(process.stderr.isTTY);
  let replayed = 0;
  try {
    let window = firstWindow(range);
    while (window) {
      let lastSeq: number | undefined;
      const write = async (entries: LogEntry[]): Promise<boolean> => {
        if (entries.length === 0) return true;
        lastSeq = entries[entries.length - 1].seq;
        const text = entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
        if (!(await out.write(text))) return false;
        replayed += entries.length;
        if (progress) process.stderr.write(`\rreplayed ${replayed} entries`);
        return true;
      };
      await streamReplay(nc, { from_seq: window.from, to_seq: window.to }, write, {
        idleMs: REPLAY_IDLE_MS,
        failure: replayError,
      });
      if (out.closed) return;
      window = nextWindow(window, lastSeq, range);
    }
  } finally {
    if (progress) process.stderr.write(CLEAR_LINE);
  }
}

export const AUDIT_REPLAY_MANUAL = `Writes the audit log's entries as JSON lines, in log order.

Each line is one entry as stored: seq, event_id, kind, host, boot_id,
occurred_at, recorded_at, event, stream_seq, redacted, hash. The output is
meant for pipes: it follows the reader's pace and stops quietly when the reader
closes (e.g. "| head").

Usage: replay [--from N] [--to N]

Examples:
  replay
  replay --from 1000
  replay --from 10 --to 20
  authtrail audit replay | jq -c 'select(.kind == "login_failed")'`;
