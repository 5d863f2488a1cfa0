import { EINVAL } from '@authtrail/contracts';
import {
  casefoldValue,
  foldedEndsWith,
  foldedEquals,
  foldedIncludes,
  foldedStartsWith,
} from './casefold';
import { pyCompare, pyEq, type OrderOp } from './py-compare';
import { compilePythonRegex } from './py-regex';
import { compileBudget, limitText, type CompileBudget } from './query-limits';
import { hasOwn, isDict, pyTruthy, pyTypeName } from './py-types';
import { QueryCallError, QueryValidationError } from './query-error';

export const OPERATORS = [
  '=',
  '!=',
  '>',
  '>=',
  '<',
  '<=',
  '~',
  'in',
  'nin',
  'rin',
  'rnin',
  '^',
  '!^',
  '$',
  '!$',
] as const;
export type Operator = (typeof OPERATORS)[number];

const OPERATOR_SET: ReadonlySet<string> = new Set(OPERATORS);

/** Whether op is one of the fifteen MW-26 operators (without a `C` prefix). */
export function isOperator(op: string): op is Operator {
  return OPERATOR_SET.has(op);
}

export type ValueTest = (x: unknown) => boolean;

/** Python `item in container` (`operator.contains(container, item)`). */
export function pyContains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') {
      throw new QueryCallError(
        `'in <string>' requires string as left operand, not ${pyTypeName(item)}`,
      );
    }
    return container.includes(item);
  }
  if (Array.isArray(container)) {
    for (let i = 0; i < container.length; i++) if (pyEq(container[i], item)) return true;
    return false;
  }
  if (isDict(container)) {
    if (Array.isArray(item) || isDict(item)) {
      throw new QueryCallError(`unhashable type: '${pyTypeName(item)}'`);
    }
    return typeof item === 'string' && hasOwn(container, item);
  }
  throw new QueryCallError(`argument of type '${pyTypeName(container)}' is not iterable`);
}

function affix(x: unknown, y: unknown, method: 'startswith' | 'endswith'): boolean {
  if (typeof x !== 'string') {
    throw new QueryCallError(`'${pyTypeName(x)}' object has no attribute '${method}'`);
  }
  if (typeof y !== 'string') {
    throw new QueryCallError(
      `${method} first arg must be str or a tuple of str, not ${pyTypeName(y)}`,
    );
  }
  return method === 'startswith' ? x.startsWith(y) : x.endsWith(y);
}

/** Distinct values whose match a regex filter remembers (per query). */
const REGEX_MEMO_SIZE = 4_096;

function regexTest(pattern: unknown, budget: CompileBudget): ValueTest {
  if (typeof pattern !== 'string') {
    return () => {
      throw new QueryCallError('first argument must be string or compiled pattern');
    };
  }
  const compiled = compilePythonRegex(pattern);
  if (compiled.kind === 'unsupported') {
    throw new QueryValidationError([['filters', `Value error, ${compiled.error}`, EINVAL]]);
  }
  if (compiled.kind === 'invalid') {
    const error = compiled.error;
    return () => {
      throw new QueryCallError(error);
    };
  }
  budget.regexSize += compiled.size;
  if (budget.regexSize > budget.limits.maxRegexSize) {
    const problem = `the regular expressions are too large together (size ${budget.regexSize} or more)`;
    const text = limitText(problem, budget.limits, 'maxRegexSize');
    throw new QueryValidationError([['filters', `Value error, ${text}`, EINVAL]]);
  }
  const test = compiled.test;
  // Rows repeat values (usernames, origins, credentials): each distinct one is matched once.
  const seen = new Map<string, boolean>();
  return (x) => {
    const s = pyTruthy(x) ? x : '';
    if (typeof s !== 'string') {
      throw new QueryCallError(`expected string or bytes-like object, got '${pyTypeName(s)}'`);
    }
    let matched = seen.get(s);
    if (matched === undefined) {
      matched = test(s);
      if (seen.size < REGEX_MEMO_SIZE) seen.set(s, matched);
    }
    return matched;
  };
}

/**
 * `=`, `!=` and the orderings against a number or a value that is no list, dict or datetime:
 * the cases pyEq and pyCompare settle at their first step, written out so that a filter such as
 * `['count', '>=', 5]` or `['closed_at', '=', null]` costs a comparison per row.
 */
function scalarTest(op: Operator, y: unknown): ValueTest | undefined {
  if (typeof y === 'object' && y !== null) return undefined;
  // pyEq(x, y) for such a y: x === y, or false (it recurses only when both are objects).
  if (op === '=') return (x) => x === y;
  if (op === '!=') return (x) => x !== y;
  if (typeof y !== 'number') return undefined;
  // pyCompare(x, y, op) for numbers x and y: holds(x - y, op).
  switch (op) {
    case '>':
      return (x) => (typeof x === 'number' ? x - y > 0 : pyCompare(x, y, op));
    case '>=':
      return (x) => (typeof x === 'number' ? x - y >= 0 : pyCompare(x, y, op));
    case '<':
      return (x) => (typeof x === 'number' ? x - y < 0 : pyCompare(x, y, op));
    case '<=':
      return (x) => (typeof x === 'number' ? x - y <= 0 : pyCompare(x, y, op));
    default:
      return undefined;
  }
}

/** `opmap[op](x, y)` of MW-26, with y fixed. */
export function plainTest(op: Operator, y: unknown, budget = compileBudget()): ValueTest {
  const scalar = scalarTest(op, y);
  if (scalar) return scalar;
  switch (op) {
    case '=':
      return (x) => pyEq(x, y);
    case '!=':
      return (x) => !pyEq(x, y);
    case '>':
    case '>=':
    case '<':
    case '<=':
      return (x) => pyCompare(x, y, op as OrderOp);
    case '~':
      return regexTest(y, budget);
    case 'in':
      return (x) => pyContains(y, x);
    case 'nin':
      return (x) => x !== null && !pyContains(y, x);
    case 'rin':
      return (x) => x !== null && pyContains(x, y);
    case 'rnin':
      return (x) => x !== null && !pyContains(x, y);
    case '^':
      return (x) => x !== null && affix(x, y, 'startswith');
    case '!^':
      return (x) => x !== null && !affix(x, y, 'startswith');
    case '$':
      return (x) => x !== null && affix(x, y, 'endswith');
    case '!$':
      return (x) => x !== null && !affix(x, y, 'endswith');
  }
}

/** Allocation-free variants for a string x against a folded string (or string list) y. */
function foldedStringTest(op: Operator, y: unknown): ((x: string) => boolean) | undefined {
  const allStrings = Array.isArray(y) && y.every((item) => typeof item === 'string');
  if (typeof y !== 'string') {
    if (!allStrings || (op !== 'in' && op !== 'nin')) return undefined;
    const list = y as string[];
    const member = (x: string): boolean => list.some((item) => foldedEquals(x, item));
    return op === 'in' ? member : (x) => !member(x);
  }
  switch (op) {
    case '=':
      return (x) => foldedEquals(x, y);
    case '!=':
      return (x) => !foldedEquals(x, y);
    case '^':
      return (x) => foldedStartsWith(x, y);
    case '!^':
      return (x) => !foldedStartsWith(x, y);
    case '$':
      return (x) => foldedEndsWith(x, y);
    case '!$':
      return (x) => !foldedEndsWith(x, y);
    case 'in':
      return (x) => foldedIncludes(y, true, x, false);
    case 'nin':
      return (x) => !foldedIncludes(y, true, x, false);
    case 'rin':
      return (x) => foldedIncludes(x, false, y, true);
    case 'rnin':
      return (x) => !foldedIncludes(x, false, y, true);
    default:
      return undefined;
  }
}

/** The `C<op>` form: x and y are case-folded first (x per row, y once). */
export function caselessTest(op: Operator, y: unknown): ValueTest {
  let folded: unknown;
  let foldError: QueryCallError | undefined;
  try {
    folded = casefoldValue(y);
  } catch (e) {
    if (!(e instanceof QueryCallError)) throw e;
    foldError = e;
  }
  if (foldError) {
    const error = foldError;
    return (x) => {
      casefoldValue(x);
      throw error;
    };
  }
  const generic = plainTest(op, folded);
  const fast = foldedStringTest(op, folded);
  if (!fast) return (x) => generic(casefoldValue(x));
  return (x) => (typeof x === 'string' ? fast(x) : generic(casefoldValue(x)));
}

/** The test for one `[field, op, value]` leaf, op with or without its `C` prefix. */
export function valueTest(op: string, y: unknown, budget = compileBudget()): ValueTest {
  const caseless = op.startsWith('C');
  const base = (caseless ? op.slice(1) : op) as Operator;
  return caseless ? caselessTest(base, y) : plainTest(base, y, budget);
}
