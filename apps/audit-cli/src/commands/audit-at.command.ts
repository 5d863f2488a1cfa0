import { Subjects } from '@authtrail/contracts';
import { CliError } from '../errors/cli-error';
import { EXIT_USAGE } from '../errors/exit-codes';
import type { CliContext } from './cli-context';
import { runSessionsQuery } from './run-query';

const USAGE = 'Usage: at <time> sessions [<columns>|*] [WHERE <expression>]';
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;

/** The point in history of `audit at`: a time (`{at}`) or "after log entry N" (`{seq}`). */
export type PointInTime = { at: string } | { seq: number };

/** True when the fields of an RFC 3339 time name a real calendar date and clock time. */
function validFields(match: RegExpExecArray): boolean {
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  const offsetOk = match[9] === undefined || (Number(match[9]) <= 23 && Number(match[10]) <= 59);
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetOk
  );
}

/** Parses `<time>`: an RFC 3339 time with `Z` or an offset, or `seq=<N>`. Bad text: exit 2. */
export function parsePointInTime(text: string): PointInTime {
  const seq = /^seq=(\d+)$/i.exec(text);
  if (seq) {
    const value = Number(seq[1]);
    if (Number.isSafeInteger(value)) return { seq: value };
  } else {
    const match = RFC3339.exec(text);
    if (match && validFields(match)) return { at: text };
  }
  throw new CliError(
    `at: "${text}" is not a time: give an RFC 3339 time with Z or an offset ` +
      `(e.g. 2025-01-15T09:30:00Z) or seq=<N> (after log entry N)`,
    EXIT_USAGE,
  );
}

/** The first word of `text` and the rest. */
function splitWord(text: string): [string, string] {
  const match = /^\s*(\S*)\s*([\s\S]*)$/.exec(text);
  return match ? [match[1], match[2]] : ['', ''];
}

/** Splits `<time> sessions <query>` into the point in time and the query text. */
export function parseAtArgs(args: string): { point: PointInTime; query: string } {
  const [time, afterTime] = splitWord(args);
  if (time === '') throw new CliError(`at: give a time\n${USAGE}`, EXIT_USAGE);
  const point = parsePointInTime(time);
  const [what, query] = splitWord(afterTime);
  if (what !== 'sessions') {
    throw new CliError(
      `at: expected "sessions" after the time, ${what ? `not "${what}"` : 'found nothing'}\n${USAGE}`,
      EXIT_USAGE,
    );
  }
  return { point, query };
}

/** `audit at <time> sessions [<columns>|*] [WHERE <expr>]`: audit.sessions.at. */
export async function auditAtCommand(args: string, context: CliContext): Promise<void> {
  const { point, query } = parseAtArgs(args);
  await runSessionsQuery(context, Subjects.sessionsAt, query, point);
}

export const AUDIT_AT_MANUAL = `Returns the sessions as they stood at a point in the past.

<time> is an RFC 3339 time with Z or an offset (the projection after every
entry that occurred at or before then), or seq=<N> (the projection right
after log entry N). The rest is the query of "auth sessions": the same
columns, WHERE expressions, --host and --session.

${USAGE}

Examples:
  at 2025-01-15T09:30:00Z sessions
  at 2025-01-15T10:30:00+01:00 sessions id,origin
  at seq=1200 sessions id WHERE internal == false
  at seq=42 sessions * WHERE credentials in ['API_KEY', 'TOKEN']`;
