import { parseIsoDateTime } from './iso-datetime';
import { isOperator } from './operators';
import { pyStr } from './py-repr';
import { pyTruthy } from './py-types';

export const MAX_FILTERS_DEPTH = 3;
export const TIMESTAMP_SUFFIX = '.$date';
const TIMESTAMP_OPERATORS: ReadonlySet<string> = new Set(['=', '!=', '>', '>=', '<', '<=']);

class FilterError extends Error {}

function checkLeaf(f: readonly unknown[]): void {
  const op = f[1];
  if (typeof op !== 'string') throw new FilterError(`Invalid operation: ${pyStr(op)}`);
  let base = op;
  if (op.startsWith('C')) {
    base = op.slice(1);
    if (base === '~') throw new FilterError(`Invalid case-insensitive operation: ${op}`);
  }
  if (!isOperator(base)) throw new FilterError(`Invalid operation: ${op}`);
  for (const operand of [f[0], f[2]]) {
    if (typeof operand !== 'string' || !operand.endsWith(TIMESTAMP_SUFFIX)) continue;
    if (!TIMESTAMP_OPERATORS.has(base)) {
      throw new FilterError(`${base}: invalid timestamp operation.`);
    }
    const other = operand === f[0] ? f[2] : f[0];
    if (typeof other !== 'string' || !parseIsoDateTime(other)) {
      throw new FilterError(`${pyStr(other)}: must be an ISO-8601 formatted timestamp string`);
    }
  }
}

function checkOr(f: readonly unknown[], depth: number): void {
  const [op, branches] = f;
  if (op !== 'OR') throw new FilterError(`Invalid operation: ${pyStr(op)}`);
  if (!pyTruthy(branches)) throw new FilterError('OR filter requires at least one branch.');
  if (!Array.isArray(branches)) throw new FilterError(`Invalid filter ${pyStr(f)}`);
  for (const branch of branches) {
    if (!Array.isArray(branch) || branch.length === 0) {
      throw new FilterError(`Invalid filter ${pyStr(branch)}`);
    }
    checkList(Array.isArray(branch[0]) ? branch : [branch], depth + 1);
  }
}

function checkList(filters: readonly unknown[], depth: number): void {
  if (depth > MAX_FILTERS_DEPTH)
    throw new FilterError('query-filters max recursion depth exceeded');
  for (const f of filters) {
    if (!Array.isArray(f)) throw new FilterError(`Invalid filter ${pyStr(f)}`);
    if (f.length === 2) checkOr(f, depth);
    else if (f.length !== 3) throw new FilterError(`Invalid filter ${pyStr(f)}`);
    else checkLeaf(f);
  }
}

/**
 * MW-26's `validate_filters`: the text of the first problem (without pydantic's `Value error, `
 * prefix), or undefined when the filter list is valid.
 */
export function filterProblem(filters: readonly unknown[]): string | undefined {
  try {
    checkList(filters, 0);
    return undefined;
  } catch (e) {
    if (e instanceof FilterError) return e.message;
    throw e;
  }
}
