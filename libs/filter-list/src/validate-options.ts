import { EINVAL, type ValidationItem } from '@authtrail/contracts';
import { pyStr } from './py-repr';
import { isObjectLike } from './py-types';
import { QueryCallError } from './query-error';

export const MAX_LIMIT = 10_000;
const MAX_STRING_LENGTH = 1024;

/** Options after type validation, with defaults filled in. */
export interface NormalizedOptions {
  readonly select: readonly (string | unknown[])[];
  readonly orderBy: readonly string[];
  readonly offset: number;
  readonly limit: number;
  readonly count: boolean;
  readonly get: boolean;
}

export const DEFAULT_OPTIONS: NormalizedOptions = {
  select: [],
  orderBy: [],
  offset: 0,
  limit: 0,
  count: false,
  get: false,
};

const MSG = {
  dict: 'Input should be a valid dictionary',
  list: 'Input should be a valid list',
  string: 'Input should be a valid string',
  bool: 'Input should be a valid boolean',
  int: 'Input should be a valid integer',
  tooLong: `String should have at most ${MAX_STRING_LENGTH} characters`,
  extra: 'Extra inputs are not permitted',
  model: 'Input should be a valid dictionary or instance of QueryOptions',
};

type Issues = ValidationItem[];

function tooLong(s: string): boolean {
  return s.length > MAX_STRING_LENGTH && Array.from(s).length > MAX_STRING_LENGTH;
}

function checkStringList(v: unknown, at: string, issues: Issues): v is string[] {
  if (!Array.isArray(v)) {
    issues.push([at, MSG.list, EINVAL]);
    return false;
  }
  const before = issues.length;
  v.forEach((item: unknown, i) => {
    if (typeof item !== 'string') issues.push([`${at}.${i}`, MSG.string, EINVAL]);
    else if (tooLong(item)) issues.push([`${at}.${i}`, MSG.tooLong, EINVAL]);
  });
  return issues.length === before;
}

function checkSelect(v: unknown, at: string, issues: Issues): v is (string | unknown[])[] {
  if (!Array.isArray(v)) {
    issues.push([at, MSG.list, EINVAL]);
    return false;
  }
  const before = issues.length;
  v.forEach((item: unknown, i) => {
    if (Array.isArray(item) || (typeof item === 'string' && !tooLong(item))) return;
    issues.push([`${at}.${i}.str`, typeof item === 'string' ? MSG.tooLong : MSG.string, EINVAL]);
    issues.push([`${at}.${i}.list[any]`, MSG.list, EINVAL]);
  });
  return issues.length === before;
}

function checkInt(v: unknown, at: string, max: number | undefined, issues: Issues): v is number {
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    issues.push([at, MSG.int, EINVAL]);
    return false;
  }
  if (v < 0) issues.push([at, 'Input should be greater than or equal to 0', EINVAL]);
  else if (max !== undefined && v > max) {
    issues.push([at, `Input should be less than or equal to ${max}`, EINVAL]);
  } else return true;
  return false;
}

function checkBool(v: unknown, at: string, issues: Issues): v is boolean {
  if (typeof v === 'boolean') return true;
  issues.push([at, MSG.bool, EINVAL]);
  return false;
}

const FIELDS = [
  'extra',
  'order_by',
  'select',
  'count',
  'get',
  'offset',
  'limit',
  'force_sql_filters',
] as const;
const FIELD_SET: ReadonlySet<string> = new Set(FIELDS);

/**
 * Validates `options` as the strict pydantic `QueryOptions` model does: appends
 * [attribute, message, EINVAL] items to `issues` and returns the normalized options.
 */
export function parseOptions(options: unknown, issues: Issues): NormalizedOptions {
  if (options === undefined) return DEFAULT_OPTIONS;
  if (!isObjectLike(options)) {
    issues.push(['options', MSG.model, EINVAL]);
    return DEFAULT_OPTIONS;
  }
  const out = { ...DEFAULT_OPTIONS };
  const has = (key: string): boolean => Object.prototype.hasOwnProperty.call(options, key);
  for (const field of FIELDS) {
    if (!has(field)) continue;
    const v = options[field];
    const at = `options.${field}`;
    switch (field) {
      case 'extra':
        if (!isObjectLike(v)) issues.push([at, MSG.dict, EINVAL]);
        break;
      case 'order_by':
        if (checkStringList(v, at, issues)) out.orderBy = v;
        break;
      case 'select':
        if (checkSelect(v, at, issues)) out.select = v;
        break;
      case 'count':
        if (checkBool(v, at, issues)) out.count = v;
        break;
      case 'get':
        if (checkBool(v, at, issues)) out.get = v;
        break;
      case 'offset':
        if (checkInt(v, at, undefined, issues)) out.offset = v;
        break;
      case 'limit':
        if (checkInt(v, at, MAX_LIMIT, issues)) out.limit = v;
        break;
      case 'force_sql_filters':
        checkBool(v, at, issues);
        break;
    }
  }
  for (const key of Object.keys(options)) {
    if (!FIELD_SET.has(key)) issues.push([`options.${key}`, MSG.extra, EINVAL]);
  }
  return out;
}

const PAIR_LENGTH_TEXT =
  'A select as list may only contain two parameters: the name of the parameter being selected, ' +
  'and the name to which to assign it in resulting data.';

/** MW-26's `validate_options`, run by `filter_list` itself: its failures are call errors. */
export function checkOptionCombination(options: NormalizedOptions): void {
  if (options.get && (options.limit > 1 || options.offset)) {
    throw new QueryCallError('Invalid options combination. `get` implies a single result.');
  }
  for (const s of options.select) {
    if (!Array.isArray(s)) continue;
    if (s.length !== 2) throw new QueryCallError(`${pyStr(s)}: ${PAIR_LENGTH_TEXT}`);
    s.forEach((item: unknown, idx) => {
      if (typeof item !== 'string') {
        throw new QueryCallError(
          `${pyStr(s)}: ${idx === 0 ? 'first' : 'second'} item must be a string.`,
        );
      }
    });
  }
}
