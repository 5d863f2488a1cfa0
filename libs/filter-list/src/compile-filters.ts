import { casefoldValue } from './casefold';
import { compilePathTest, parsePath, type FieldPath } from './field-path';
import { parseIsoDateTime } from './iso-datetime';
import { valueTest, type ValueTest } from './operators';
import { holds, NAIVE_VS_AWARE, pyCompare, type OrderOp } from './py-compare';
import {
  decodeFilterValue,
  isDateObject,
  isObjectLike,
  PyDateTime,
  pyTruthy,
  pyTypeName,
  type PyDict,
} from './py-types';
import { QueryCallError } from './query-error';
import {
  compileBudget,
  DEFAULT_QUERY_LIMITS,
  type CompileBudget,
  type QueryLimits,
} from './query-limits';
import { TIMESTAMP_SUFFIX } from './validate-filters';

export type RowPredicate = (row: unknown) => boolean;

const EMPTY_PATH: FieldPath = { source: '', components: [], errorAt: -1 };

function failing(message: string): RowPredicate {
  return () => {
    throw new QueryCallError(message);
  };
}

/** Milliseconds of a row datetime (a `$date` object, or a raw number), else undefined. */
function naiveMs(x: unknown): number | undefined {
  if (typeof x === 'number') return x;
  if (typeof x === 'object' && x !== null && typeof (x as PyDict).$date === 'number') {
    if (isObjectLike(x) && isDateObject(x)) return x.$date as number;
  }
  return undefined;
}

function dateTest(op: string, when: PyDateTime): ValueTest {
  if (op.startsWith('C')) {
    return (x) => {
      const ms = naiveMs(x);
      casefoldValue(ms === undefined ? x : new PyDateTime(ms, false));
      casefoldValue(when);
      return false;
    };
  }
  const whenMs = when.ms;
  const comparable = !when.aware;
  const same = (x: unknown): boolean => comparable && naiveMs(x) === whenMs;
  switch (op) {
    case '=':
      return same;
    case '!=':
      return (x) => !same(x);
    default:
      return (x) => {
        const ms = naiveMs(x);
        if (ms === undefined) return pyCompare(x, when, op as OrderOp);
        if (!comparable) throw new QueryCallError(NAIVE_VS_AWARE);
        return holds(ms - whenMs, op as OrderOp);
      };
  }
}

/**
 * Resolves `<parent>.$date` by reading `$date` from the parent directly: a `$date` datetime then
 * yields its milliseconds, which dateTest() reads as the same naive datetime.
 */
function datePathTest(path: FieldPath, test: ValueTest): RowPredicate {
  const components = path.components;
  const last = components[components.length - 1];
  if (path.errorAt >= 0 || last?.key !== '$date') return compilePathTest(path, test);
  const parent: FieldPath = { ...path, components: components.slice(0, -1) };
  return compilePathTest(parent, (p) => {
    if (typeof p !== 'object' || p === null) return test(p);
    if (Array.isArray(p))
      throw new QueryCallError('$date: must be array index or wildcard character');
    const v = (p as PyDict).$date;
    return v === undefined ? false : test(v);
  });
}

function compileLeaf(
  field: unknown,
  op: string,
  value: unknown,
  budget: CompileBudget,
): RowPredicate {
  if (typeof value === 'string' && value.endsWith(TIMESTAMP_SUFFIX) && typeof field === 'string') {
    if (!field.endsWith(TIMESTAMP_SUFFIX)) {
      return failing("'datetime.datetime' object has no attribute 'partition'");
    }
  }
  let path: FieldPath;
  if (typeof field === 'string') path = parsePath(field);
  else if (!pyTruthy(field)) path = EMPTY_PATH;
  else return failing(`'${pyTypeName(field)}' object has no attribute 'partition'`);

  if (typeof field === 'string' && field.endsWith(TIMESTAMP_SUFFIX)) {
    const when = parseIsoDateTime(value as string);
    if (!when) throw new Error(`unvalidated timestamp ${String(value)}`);
    return datePathTest(path, dateTest(op, when));
  }
  return compilePathTest(path, valueTest(op, decodeFilterValue(value), budget));
}

function allOf(predicates: RowPredicate[]): RowPredicate {
  if (predicates.length === 1) return predicates[0];
  return (row) => {
    for (let i = 0; i < predicates.length; i++) if (!predicates[i](row)) return false;
    return true;
  };
}

function compileCondition(condition: readonly unknown[], budget: CompileBudget): RowPredicate {
  if (condition.length === 3)
    return compileLeaf(condition[0], condition[1] as string, condition[2], budget);
  const branches = (condition[1] as unknown[][]).map((branch) =>
    Array.isArray(branch[0])
      ? allOf((branch as unknown[][]).map((c) => compileCondition(c, budget)))
      : compileCondition(branch, budget),
  );
  return (row) => {
    for (let i = 0; i < branches.length; i++) if (branches[i](row)) return true;
    return false;
  };
}

/**
 * Compiles validated filters into one predicate (implicit AND, OR nodes, leaves); null when
 * there is no filter. Paths, folded values and regexes are prepared here, once per call; a
 * pattern that cannot run, or patterns too large together for `limits`, are refused here.
 */
export function compileFilters(
  filters: readonly unknown[],
  limits: QueryLimits = DEFAULT_QUERY_LIMITS,
): RowPredicate | null {
  if (filters.length === 0) return null;
  const budget = compileBudget(limits);
  return allOf(filters.map((f) => compileCondition(f as unknown[], budget)));
}
