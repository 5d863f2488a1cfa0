import type { Filter } from '@authtrail/contracts';

/** One entry as the plots read it (the fields they select from audit.log.query). */
export interface PlotEntry {
  kind: string;
  occurred_at: { $date: number };
  origin?: string;
}

/** Logins and failures per hour, and the addresses with the most failures. */
export interface PlotSeries {
  /** Start of the first hour, ms; hour i starts at from + i hours. */
  from: number;
  hours: number;
  logins: number[];
  failures: number[];
  topAddresses: { address: string; failures: number }[];
}

export const HOUR_MS = 3_600_000;
/** How many addresses the failures chart shows. */
export const TOP_ADDRESSES = 10;

/** The log query of the plots: logins and failures from `from` (ms) on, of one host or all. */
export function plotFilters(from: number, host?: string): Filter[] {
  const since = new Date(from).toISOString().slice(0, 19);
  const filters: Filter[] = [
    ['kind', 'in', ['login', 'login_failed']],
    ['occurred_at.$date', '>=', since],
  ];
  if (host) filters.push(['host', '=', host]);
  return filters;
}

/** An origin's address: without the port of "a.b.c.d:port" or "[v6]:port". */
export function addressOf(origin: string): string {
  const bracketed = /^\[([^\]]+)\]:\d+$/.exec(origin);
  if (bracketed) return bracketed[1];
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(origin);
  return v4 ? v4[1] : origin;
}

/**
 * Counts per hour over `hours` hours from `from` (ms, at an hour's start) and the TOP_ADDRESSES
 * addresses with the most failures (ties by address). Entries outside the hours are left out.
 */
export function plotSeries(entries: Iterable<PlotEntry>, from: number, hours: number): PlotSeries {
  const logins = new Array<number>(hours).fill(0);
  const failures = new Array<number>(hours).fill(0);
  const perAddress = new Map<string, number>();
  for (const entry of entries) {
    const hour = Math.floor((entry.occurred_at.$date - from) / HOUR_MS);
    if (hour < 0 || hour >= hours) continue;
    if (entry.kind === 'login') logins[hour]++;
    else if (entry.kind === 'login_failed') {
      failures[hour]++;
      const address = addressOf(entry.origin ?? '');
      perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
    }
  }
  const topAddresses = [...perAddress]
    .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, TOP_ADDRESSES)
    .map(([address, count]) => ({ address, failures: count }));
  return { from, hours, logins, failures, topAddresses };
}
