import { EINVAL, type ValidationItem } from '@authtrail/contracts';
import {
  DEFAULT_QUERY_LIMITS,
  filtersLimitProblem,
  limitText,
  nestsDeeperThan,
  optionsLimitProblems,
  type QueryLimits,
} from './query-limits';
import { filterProblem } from './validate-filters';
import { DEFAULT_OPTIONS, parseOptions, type NormalizedOptions } from './validate-options';

export interface ParsedQuery {
  readonly errors: ValidationItem[];
  readonly filters: readonly unknown[];
  readonly options: NormalizedOptions;
}

function tooDeep(at: string, limits: QueryLimits): ValidationItem {
  const text = limitText(`${at} are nested too deeply`, limits, 'maxDepth');
  return [at, at === 'filters' ? `Value error, ${text}` : text, EINVAL];
}

function parseFilters(filters: unknown, limits: QueryLimits, errors: ValidationItem[]) {
  if (!Array.isArray(filters)) {
    if (filters !== undefined) errors.push(['filters', 'Input should be a valid list', EINVAL]);
    return [];
  }
  if (nestsDeeperThan(filters, limits.maxDepth)) {
    errors.push(tooDeep('filters', limits));
    return [];
  }
  const problem = filterProblem(filters) ?? filtersLimitProblem(filters, limits);
  if (problem === undefined) return filters;
  errors.push(['filters', `Value error, ${problem}`, EINVAL]);
  return [];
}

/**
 * Parameter validation of `QueryArgs` (filters, then options), collecting every error, and the
 * query limits: depth first (before anything walks the values), then TrueNAS's rules, then the
 * other limits.
 */
export function parseQuery(
  filters: unknown,
  options: unknown,
  limits: QueryLimits = DEFAULT_QUERY_LIMITS,
): ParsedQuery {
  const errors: ValidationItem[] = [];
  const list = parseFilters(filters, limits, errors);
  if (nestsDeeperThan(options, limits.maxDepth)) {
    errors.push(tooDeep('options', limits));
    return { errors, filters: list, options: DEFAULT_OPTIONS };
  }
  const before = errors.length;
  const parsed = parseOptions(options, errors);
  if (errors.length === before) {
    errors.push(...optionsLimitProblems(parsed.orderBy, parsed.select, limits));
  }
  return { errors, filters: list, options: errors.length ? DEFAULT_OPTIONS : parsed };
}

/**
 * Validates `filters` and `options` as the TrueNAS parameter model does, before any row is
 * read. Returns [] when the request is valid, else [attribute, message, EINVAL] items.
 */
export function validateQuery(
  filters: unknown,
  options: unknown,
  limits: QueryLimits = DEFAULT_QUERY_LIMITS,
): ValidationItem[] {
  return parseQuery(filters, options, limits).errors;
}
