import { ALERT_RULES, type Filter } from '@authtrail/contracts';

/**
 * The console's forms, turned into the query language (filter_list filters and options): what a
 * person types is only ever a value in a filter, never SQL or markup. Pure.
 */

/** Longest text a form field may hold. */
export const MAX_FIELD_LENGTH = 200;
/** Largest page the console asks for. */
export const MAX_PAGE = 500;

/** A form's fields, as read from the query string (already bounded). */
export type Form = Partial<Record<string, string>>;

/** A form value that cannot be used, with the field it is in. */
export class FormError extends Error {
  override readonly name = 'FormError';
}

const LOG_KINDS = ['login', 'logout', 'login_failed', 'boot', 'terminate'];
const NAIVE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

/** A page size: 1 to MAX_PAGE, `fallback` when not given. */
export function pageSize(form: Form, fallback: number): number {
  return wholeNumber(form, 'limit', fallback, 1, MAX_PAGE);
}

export function wholeNumber(
  form: Form,
  field: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = form[field];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new FormError(`${field}: a whole number from ${min} to ${max}`);
  }
  return value;
}

/** A UTC time of a datetime-local field ("2026-01-31T12:00"), as the log's naive ISO text. */
function naiveTime(form: Form, field: string): string | undefined {
  const raw = form[field];
  if (raw === undefined || raw === '') return undefined;
  if (!NAIVE_TIME.test(raw) || Number.isNaN(Date.parse(`${raw}Z`))) {
    throw new FormError(`${field}: a UTC time like 2026-01-31T12:00`);
  }
  return raw.length === 16 ? `${raw}:00` : raw;
}

/** The Hosts page: a name part (case-insensitive), sorted by a column, paged. */
export function hostsQuery(form: Form): { filters: Filter[]; options: Record<string, unknown> } {
  const columns = [
    'host',
    'live_sessions',
    'boot_since',
    'entries',
    'last_change_seq',
    'open_alerts',
  ];
  const sort = form.sort || 'host';
  if (!columns.includes(sort)) throw new FormError(`sort: one of ${columns.join(', ')}`);
  const descending = form.dir === 'desc';
  const filters: Filter[] = form.q ? [['host', 'Crin', form.q]] : [];
  return {
    filters,
    options: {
      order_by: [descending ? `-${sort}` : sort, ...(sort === 'host' ? [] : ['host'])],
      limit: pageSize(form, 50),
      offset: wholeNumber(form, 'offset', 0, 0, 1_000_000_000),
    },
  };
}

/**
 * The History page's filters: user, address (exact, or a part of it), kind, host, a UTC time
 * range and free text (a part of any of the entry's names, case-insensitive).
 */
export function historyFilters(form: Form): Filter[] {
  const filters: Filter[] = [];
  if (form.user) filters.push(['credentials_data.username', '=', form.user]);
  if (form.address) filters.push(['origin', 'Crin', form.address]);
  if (form.kind) {
    if (!LOG_KINDS.includes(form.kind)) throw new FormError(`kind: one of ${LOG_KINDS.join(', ')}`);
    filters.push(['kind', '=', form.kind]);
  }
  if (form.host) filters.push(['host', '=', form.host]);
  const from = naiveTime(form, 'from');
  const to = naiveTime(form, 'to');
  if (from) filters.push(['occurred_at.$date', '>=', from]);
  if (to) filters.push(['occurred_at.$date', '<', to]);
  if (form.text) {
    const fields = [
      'host',
      'kind',
      'origin',
      'credentials_data.username',
      'session.id',
      'event_id',
      'event.error',
    ];
    filters.push(['OR', fields.map((field): Filter => [field, 'Crin', form.text!])]);
  }
  return filters;
}

/**
 * One page of the history, newest first: before seq `before` (older), after seq `after` (newer:
 * read oldest first, then turned round by the caller), or the newest page. One row more than
 * the page is asked for, to tell whether there is another page that way.
 */
export function historyPage(form: Form): {
  filters: Filter[];
  options: Record<string, unknown>;
  newerFirst: boolean;
  limit: number;
} {
  const limit = pageSize(form, 50);
  const filters = historyFilters(form);
  const before = wholeNumber(form, 'before', 0, 1, Number.MAX_SAFE_INTEGER);
  const after = wholeNumber(form, 'after', 0, 0, Number.MAX_SAFE_INTEGER);
  if (before && form.after) throw new FormError('give "before" or "after", not both');
  if (before) filters.push(['seq', '<', before]);
  if (form.after) filters.push(['seq', '>', after]);
  const newerFirst = !form.after;
  return {
    filters,
    options: { order_by: [newerFirst ? '-seq' : 'seq'], limit: limit + 1 },
    newerFirst,
    limit,
  };
}

/** An alert's id: `<rule>:<seq of the entry that opened it>` (docs/detections.md). */
const ALERT_ID = /^[a-z_]{1,40}:[1-9]\d{0,15}$/;

/**
 * The Alerts page: a rule, a host (exact), open or closed, sorted by when they opened or last
 * grew (newest first unless asked; ties by id, unique, so pages never overlap), paged.
 */
export function alertsQuery(form: Form): { filters: Filter[]; options: Record<string, unknown> } {
  const filters: Filter[] = [];
  if (form.rule) {
    if (!(ALERT_RULES as readonly string[]).includes(form.rule)) {
      throw new FormError(`rule: one of ${ALERT_RULES.join(', ')}`);
    }
    filters.push(['rule', '=', form.rule]);
  }
  if (form.host) filters.push(['host', '=', form.host]);
  if (form.state === 'open') filters.push(['closed_at', '=', null]);
  else if (form.state === 'closed') filters.push(['closed_at', '!=', null]);
  else if (form.state) throw new FormError('state: open or closed');
  const columns = ['opened_at', 'last_at'];
  const sort = form.sort || 'opened_at';
  if (!columns.includes(sort)) throw new FormError(`sort: one of ${columns.join(', ')}`);
  if (form.dir && form.dir !== 'asc' && form.dir !== 'desc') {
    throw new FormError('dir: asc or desc');
  }
  const sign = form.dir === 'asc' ? '' : '-';
  return {
    filters,
    options: {
      order_by: [`${sign}${sort}`, 'id'],
      limit: pageSize(form, 50),
      offset: wholeNumber(form, 'offset', 0, 0, 1_000_000_000),
    },
  };
}

/** An alert's id as given in a path: checked for its shape before it is looked up. */
export function alertId(raw: string): string {
  if (!ALERT_ID.test(raw)) throw new FormError('id: an alert id like brute_force:42');
  return raw;
}
