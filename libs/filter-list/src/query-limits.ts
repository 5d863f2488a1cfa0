import { EINVAL, type ValidationItem } from '@authtrail/contracts';
import { parsePath } from './field-path';

/**
 * What one query may ask. Each bound keeps the work of one request small whatever its content;
 * the defaults are far above what a TrueNAS client sends (a few conditions, keys and paths).
 * Exceeding one is a QueryValidationError naming the limit and its value.
 */
export interface QueryLimits {
  /** Deepest nesting of lists and objects in `filters`, and in `options`. */
  readonly maxDepth: number;
  /** Conditions in `filters`: every `[field, op, value]` leaf and every OR node (so each branch). */
  readonly maxConditions: number;
  /** Characters of one `~` pattern. */
  readonly maxPatternLength: number;
  /** Estimated RE2 program size of all the patterns of one query (counted repetitions expanded). */
  readonly maxRegexSize: number;
  /** Characters of any string in `filters` (field names and values). */
  readonly maxStringLength: number;
  /** Items of any list in `filters` (the value of `in`, `nin`, `Cin`, ...). */
  readonly maxListLength: number;
  /** Keys of `order_by`. */
  readonly maxOrderBy: number;
  /** Paths of `select`. */
  readonly maxSelect: number;
  /** Components of one field path (`a.b.c` has 3), in filters, `order_by` and `select`. */
  readonly maxPathDepth: number;
  /** Bytes of one request body (checked where requests are read, before parsing). */
  readonly maxRequestBytes: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = Object.freeze({
  maxDepth: 32,
  maxConditions: 256,
  maxPatternLength: 1_000,
  maxRegexSize: 500,
  maxStringLength: 4_096,
  maxListLength: 1_000,
  maxOrderBy: 8,
  maxSelect: 64,
  maxPathDepth: 16,
  maxRequestBytes: 256 * 1024,
});

type Name = keyof QueryLimits;

/** What compiling one query's filters has used of its limits so far. */
export interface CompileBudget {
  readonly limits: QueryLimits;
  regexSize: number;
}

export const compileBudget = (limits: QueryLimits = DEFAULT_QUERY_LIMITS): CompileBudget => ({
  limits,
  regexSize: 0,
});

/** The text of a limit's violation: what is wrong, then the limit's name and value. */
export function limitText(problem: string, limits: QueryLimits, name: Name): string {
  return `${problem} (query limit ${name} = ${limits[name]})`;
}

/** Query depth is checked by the same walk as an event's nesting. */
export { nestsDeeperThan } from '@authtrail/contracts';

/** The first string or list in `value` longer than the limits (`value` is not too deep). */
function sizeProblem(value: unknown, limits: QueryLimits): string | undefined {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.length > limits.maxStringLength) {
        return limitText(
          `a string of ${v.length} characters is too long`,
          limits,
          'maxStringLength',
        );
      }
    } else if (Array.isArray(v)) {
      if (v.length > limits.maxListLength) {
        return limitText(`a list of ${v.length} items is too long`, limits, 'maxListLength');
      }
      for (const item of v) stack.push(item);
    } else if (typeof v === 'object' && v !== null) {
      for (const item of Object.values(v as Record<string, unknown>)) stack.push(item);
    }
  }
  return undefined;
}

/** The problem with a field path, or undefined. */
export function pathProblem(path: string, limits: QueryLimits): string | undefined {
  const depth = parsePath(path).components.length;
  if (depth <= limits.maxPathDepth) return undefined;
  return limitText(`the field path of ${depth} components is too deep`, limits, 'maxPathDepth');
}

function leafProblem(leaf: readonly unknown[], limits: QueryLimits): string | undefined {
  const [field, op, value] = leaf;
  if (typeof field === 'string') {
    const problem = pathProblem(field, limits);
    if (problem) return problem;
  }
  if (op === '~' && typeof value === 'string' && value.length > limits.maxPatternLength) {
    return limitText(
      `a regular expression of ${value.length} characters is too long`,
      limits,
      'maxPatternLength',
    );
  }
  return undefined;
}

/**
 * The limits that concern validated filters (OR nodes at most 3 deep): conditions, paths and
 * patterns, then strings and lists. Undefined when none is exceeded.
 */
export function filtersLimitProblem(
  filters: readonly unknown[],
  limits: QueryLimits,
): string | undefined {
  let conditions = 0;
  const pending: (readonly unknown[])[] = [filters];
  while (pending.length > 0) {
    const list = pending.pop() as readonly unknown[];
    for (const f of list as (readonly unknown[])[]) {
      const branches = f.length === 3 ? [] : (f[1] as unknown[][]);
      conditions++;
      if (conditions > limits.maxConditions) {
        const text = `more than ${limits.maxConditions} conditions (every leaf and every OR counts)`;
        return limitText(text, limits, 'maxConditions');
      }
      if (f.length === 3) {
        const problem = leafProblem(f, limits);
        if (problem) return problem;
      }
      for (const branch of branches) pending.push(Array.isArray(branch[0]) ? branch : [branch]);
    }
  }
  return sizeProblem(filters, limits);
}

/** The limits that concern validated options: `order_by` keys, `select` paths, path depth. */
export function optionsLimitProblems(
  orderBy: readonly string[],
  select: readonly (string | unknown[])[],
  limits: QueryLimits,
): ValidationItem[] {
  const items: ValidationItem[] = [];
  if (orderBy.length > limits.maxOrderBy) {
    const text = limitText(`${orderBy.length} keys are too many`, limits, 'maxOrderBy');
    items.push(['options.order_by', text, EINVAL]);
  }
  if (select.length > limits.maxSelect) {
    const text = limitText(`${select.length} paths are too many`, limits, 'maxSelect');
    items.push(['options.select', text, EINVAL]);
  }
  if (items.length > 0) return items;
  orderBy.forEach((key, i) => {
    const problem = pathProblem(key.replace(/^(nulls_first:|nulls_last:)?-?/, ''), limits);
    if (problem) items.push([`options.order_by.${i}`, problem, EINVAL]);
  });
  select.forEach((s, i) => {
    const path = typeof s === 'string' ? s : s[0];
    const problem = typeof path === 'string' ? pathProblem(path, limits) : undefined;
    if (problem) items.push([`options.select.${i}`, problem, EINVAL]);
  });
  return items;
}
