import { Subjects, type StatsReply } from '@authtrail/contracts';
import { renderResult } from '../render';
import { CliError } from '../errors/cli-error';
import { EXIT_USAGE } from '../errors/exit-codes';
import { RemoteError } from '../rpc/rpc-client';
import type { CliContext } from './cli-context';

/** A value of the flattened stats: what the service sent for that key. */
export type StatValue = string | number | boolean | null;

function sortedEntries<T>(record: Record<string, T> | null | undefined): [string, T][] {
  return Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Top-level keys placed by {@link flattenStats}; any other key is appended generically. */
const PLACED = new Set([
  ...['last_seq', 'last_stream_seq', 'entries', 'log_bytes', 'dead_letters', 'snapshot_seq'],
  ...['consumer', 'live_sessions', 'per_kind', 'per_host', 'ignored', 'healthy', 'ingest'],
]);

/** Appends `value` under `key`, objects as dotted keys, lists as JSON text. */
function flattenInto(flat: [string, StatValue | undefined][], key: string, value: unknown): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [name, inner] of Object.entries(value)) flattenInto(flat, `${key}.${name}`, inner);
  } else if (Array.isArray(value)) {
    flat.push([key, JSON.stringify(value)]);
  } else {
    flat.push([key, value as StatValue | undefined]);
  }
}

/**
 * The stats as one level of dotted keys, in a fixed order: the totals, `consumer.*`,
 * `live_sessions.<host>`, `per_kind.<kind>`, `per_host.<host>.<kind>`, `ignored.<name>`, the
 * health (`healthy`, `ingest.*`), then whatever else the service sends (e.g. `memory.*`). Keys
 * the service did not send are left out; a missing consumer shows as null.
 */
export function flattenStats(stats: Partial<StatsReply>): Record<string, StatValue> {
  const flat: [string, StatValue | undefined][] = [
    ['last_seq', stats.last_seq],
    ['last_stream_seq', stats.last_stream_seq],
    ['entries', stats.entries],
    ['log_bytes', stats.log_bytes],
    ['dead_letters', stats.dead_letters],
    ['snapshot_seq', stats.snapshot_seq],
  ];
  if (stats.consumer !== undefined) {
    flat.push(['consumer.pending', stats.consumer?.pending ?? null]);
    flat.push(['consumer.ack_pending', stats.consumer?.ack_pending ?? null]);
  }
  for (const [host, count] of sortedEntries(stats.live_sessions)) {
    flat.push([`live_sessions.${host}`, count]);
  }
  for (const [kind, count] of sortedEntries(stats.per_kind)) flat.push([`per_kind.${kind}`, count]);
  for (const [host, kinds] of sortedEntries(stats.per_host)) {
    for (const [kind, count] of sortedEntries(kinds))
      flat.push([`per_host.${host}.${kind}`, count]);
  }
  for (const [name, count] of sortedEntries<number>(stats.ignored)) {
    flat.push([`ignored.${name}`, count]);
  }
  flat.push(['healthy', stats.healthy]);
  if (stats.ingest) {
    flat.push(['ingest.failing', stats.ingest.failing]);
    flat.push(['ingest.since', stats.ingest.since]);
    flat.push(['ingest.last_error', stats.ingest.last_error]);
  }
  for (const [key, value] of Object.entries(stats)) {
    if (!PLACED.has(key)) flattenInto(flat, key, value);
  }
  return Object.fromEntries(
    flat.filter((pair): pair is [string, StatValue] => pair[1] !== undefined),
  );
}

/** One CSV field, quoted when it holds a comma, quote or line break. */
function csvField(value: StatValue): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The flattened stats as `key,value` lines. */
export function statsCsv(flat: Record<string, StatValue>): string {
  return Object.entries(flat)
    .map(([key, value]) => `${csvField(key)},${csvField(value)}`)
    .join('\n');
}

/** Hosts asked for in one page when the whole reply is over the message limit. */
const STATS_PAGE = 1000;

/**
 * audit.stats: in one reply, or, when that is over the message limit (the 400 that says to page),
 * page by page of hosts, merged into the same reply.
 */
async function fetchStats(context: CliContext): Promise<StatsReply> {
  try {
    return await context.rpc.request(Subjects.stats, {});
  } catch (error) {
    if (
      !(error instanceof RemoteError) ||
      error.body.code !== 400 ||
      !/page it/.test(error.message)
    )
      throw error;
  }
  let merged: StatsReply | undefined;
  for (let offset = 0; ; offset += STATS_PAGE) {
    const page = await context.rpc.request(Subjects.stats, {
      options: { limit: STATS_PAGE, offset },
    });
    const { page: where, ...rest } = page;
    if (!merged) merged = rest;
    else {
      Object.assign(merged.per_host, rest.per_host);
      Object.assign(merged.live_sessions, rest.live_sessions);
    }
    if (!where || offset + STATS_PAGE >= where.hosts) return merged;
  }
}

/** `audit stats`: audit.stats, as key/value rows (table, csv) or the raw reply (json). */
export async function auditStatsCommand(args: string, context: CliContext): Promise<void> {
  if (args.trim() !== '') {
    throw new CliError(`audit stats: takes no arguments, got "${args.trim()}"`, EXIT_USAGE);
  }
  const stats = await fetchStats(context);
  if (context.mode === 'json') context.out(renderResult(stats, 'json'));
  else if (context.mode === 'csv') context.out(statsCsv(flattenStats(stats)));
  else context.out(renderResult(flattenStats(stats), 'table'));
}

export const AUDIT_STATS_MANUAL = `Shows counters of the audit service.

last_seq and entries (the log), last_stream_seq (the newest JetStream message
stored), log_bytes, dead_letters (rejected events), snapshot_seq (the
newest projection snapshot), consumer.pending and consumer.ack_pending (the
ingest lag), live_sessions.<host>, per_kind.<kind>, per_host.<host>.<kind>,
ignored.<name> (logouts of unknown sessions, duplicate logins, stale events,
logins after their logout), healthy and ingest.* (whether events are being
committed), and any other
counter the service reports (e.g. memory.*).

Usage: stats

Examples:
  stats
  .mode json
  stats`;
