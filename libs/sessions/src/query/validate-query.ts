import { EINVAL, type ValidationItem } from '@authtrail/contracts';
import { filterProblem } from './validate-filters';
import { DEFAULT_OPTIONS, parseOptions, type NormalizedOptions } from './validate-options';

export interface ParsedQuery {
  readonly errors: ValidationItem[];
  readonly filters: readonly unknown[];
  readonly options: NormalizedOptions;
}

/** Parameter validation of `QueryArgs` (filters, then options), collecting every error. */
export function parseQuery(filters: unknown, options: unknown): ParsedQuery {
  const errors: ValidationItem[] = [];
  let list: readonly unknown[] = [];
  if (Array.isArray(filters)) {
    const problem = filterProblem(filters);
    if (problem === undefined) list = filters;
    else errors.push(['filters', `Value error, ${problem}`, EINVAL]);
  } else if (filters !== undefined) {
    errors.push(['filters', 'Input should be a valid list', EINVAL]);
  }
  const parsed = parseOptions(options, errors);
  return { errors, filters: list, options: errors.length ? DEFAULT_OPTIONS : parsed };
}

/**
 * Validates `filters` and `options` as the TrueNAS parameter model does, before any row is
 * read. Returns [] when the request is valid, else [attribute, message, EINVAL] items.
 */
export function validateQuery(filters: unknown, options: unknown): ValidationItem[] {
  return parseQuery(filters, options).errors;
}
