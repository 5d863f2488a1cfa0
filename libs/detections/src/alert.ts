import type { AlertRow, AlertRule } from '@authtrail/contracts';

/** The seqs an alert lists (its count goes on): the ones that opened it come first. */
export const ALERT_SEQS_KEPT = 100;

/** An alert as the fold keeps it (times in ms); `alertRow` is what queries and subjects see. */
export interface Alert {
  id: string;
  rule: AlertRule;
  host: string;
  key: string;
  address: string | null;
  username: string | null;
  openedAt: number;
  lastAt: number;
  closedAt: number | null;
  count: number;
  seqs: number[];
  /** The row last made of it, until it changes (never saved). */
  row?: AlertRow;
}

/** What opens an alert: which rule found what, when, and the entries that made it so far. */
export interface AlertOpening {
  rule: AlertRule;
  host: string;
  key: string;
  address: string | null;
  username: string | null;
  at: number;
  /** The seq of the entry that opened it: the alert's id. */
  seq: number;
  seqs: readonly number[];
}

export function newAlert(opening: AlertOpening): Alert {
  const { rule, host, key, address, username, at, seq, seqs } = opening;
  return {
    id: `${rule}:${seq}`,
    rule,
    host,
    key,
    address,
    username,
    openedAt: at,
    lastAt: at,
    closedAt: null,
    count: seqs.length,
    seqs: seqs.slice(0, ALERT_SEQS_KEPT),
  };
}

/** One more entry of an open alert: counted, listed while there is room, its time the last. */
export function addToAlert(alert: Alert, seq: number, at: number): void {
  alert.count++;
  alert.lastAt = Math.max(alert.lastAt, at);
  if (alert.seqs.length < ALERT_SEQS_KEPT) alert.seqs.push(seq);
  alert.row = undefined;
}

/** Whole seconds, as every time of a result (contract §5). */
const dateValue = (ms: number) => ({ $date: Math.floor(ms / 1000) * 1000 });

/**
 * The JSON text of each row alertRow made: '' until a reply first needs it, then kept as long as
 * the row (rows never change once made). Other objects have no entry.
 */
const rowTexts = new WeakMap<object, string>();

/** The alert as a row: made once per change, so the same row serves every query meanwhile. */
export function alertRow(alert: Alert): AlertRow {
  if (alert.row !== undefined) return alert.row;
  const row: AlertRow = {
    id: alert.id,
    rule: alert.rule,
    host: alert.host,
    key: alert.key,
    address: alert.address,
    username: alert.username,
    opened_at: dateValue(alert.openedAt),
    last_at: dateValue(alert.lastAt),
    closed_at: alert.closedAt === null ? null : dateValue(alert.closedAt),
    count: alert.count,
    seqs: [...alert.seqs],
  };
  rowTexts.set(row, '');
  return (alert.row = row);
}

/**
 * `JSON.stringify(row)` for a row alertRow made, made at the first call and kept with the row,
 * so that a reply that lists the row again costs no second serialisation; undefined for any other
 * value (a row of a `select`, for one).
 */
export function alertRowJson(row: unknown): string | undefined {
  if (typeof row !== 'object' || row === null) return undefined;
  const text = rowTexts.get(row);
  if (text !== '') return text;
  const made = JSON.stringify(row);
  rowTexts.set(row, made);
  return made;
}

/**
 * Reads the alerts of one list as rows, as an array's iterator reads it: its length anew at
 * each step (an alert pushed meanwhile is read), done for good once past the end. A query reads
 * every alert through it, so it costs no object per row: not a generator (whose resumption costs
 * several times a method call), and `next()` returns the same result object each time, updated
 * (as the iterator protocol allows): read its `value` before the next call, as `for...of`,
 * spreading and the query cursors do.
 */
class AlertRowIterator implements IterableIterator<AlertRow> {
  private at = 0;
  private alerts: readonly Alert[] | undefined;
  private readonly result: { done: boolean; value: AlertRow | undefined } = {
    done: false,
    value: undefined,
  };

  constructor(alerts: readonly Alert[]) {
    this.alerts = alerts;
  }

  next(): IteratorResult<AlertRow, undefined> {
    const { alerts, result } = this;
    if (alerts !== undefined && this.at < alerts.length) {
      result.value = alertRow(alerts[this.at++]);
    } else {
      this.alerts = undefined;
      result.done = true;
      result.value = undefined;
    }
    return result as IteratorResult<AlertRow, undefined>;
  }

  [Symbol.iterator](): this {
    return this;
  }
}

/** The rows of every alert kept, in the order they opened, read lazily. */
export function alertRows(state: { alerts: readonly Alert[] }): IterableIterator<AlertRow> {
  return new AlertRowIterator(state.alerts);
}
