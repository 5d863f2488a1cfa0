import type { BoolOp, Call, CmpOp, Compare, Expr } from './ast';
import { QuerySyntaxError } from './errors';

/**
 * Translation of a WHERE expression into TrueNAS filters, after midcli `parse_filter`
 * (`midcli/command/query/parse.py`, REF §4.2), with the error texts midcli uses. Deviations:
 * - `and` works (contract §6): at the top level `x and y` is the implicit-AND filter list
 *   `[x, y]`; inside an `or` branch it is an AND group (a list of conditions). midcli sends an
 *   `["AND", ...]` node that the middleware rejects.
 * - `not x` is refused here with `Unsupported filter expression: UnaryOp`; midcli sends a
 *   `["NOT", x]` node that the middleware rejects anyway (REF §3.1).
 * - Nested `or` / `and` of the same kind are flattened: `(a or b) or c` is one OR of three.
 * - A negative (or `+`) number literal is accepted as a value; midcli refuses the UnaryOp.
 * - A chained comparison (`a < b < c`) is refused with an `Unsupported chained comparison` text
 *   instead of midcli's `Too many comparators (expected 1, found 2`.
 */

const FILTER_OPERATORS: Partial<Record<CmpOp, string>> = {
  Eq: '=',
  NotEq: '!=',
  Gt: '>',
  GtE: '>=',
  Lt: '<',
  LtE: '<=',
  In: 'in',
  NotIn: 'nin',
};
const CALL_OPERATORS = new Map([
  ['match', '~'],
  ['startswith', '^'],
  ['endswith', '$'],
]);
const NAMED_VALUES = new Map<string, boolean | null>([
  ['false', false],
  ['true', true],
  ['null', null],
]);

function unsupported(message: string): QuerySyntaxError {
  return new QuerySyntaxError(message);
}

/** The operands of a chain of one boolean operator: `a or (b or c)` gives a, b, c. */
function flatten(expression: Expr, op: BoolOp['op']): Expr[] {
  if (expression.type !== 'BoolOp' || expression.op !== op) return [expression];
  return expression.values.flatMap((value) => flatten(value, op));
}

/** Python's `repr()` of a string, for midcli's `Unknown function name 'x'`. */
function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const escaped = text.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

/** Python `str()` of a literal value, as midcli's f-strings show it. */
function pythonStr(value: unknown): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

/** midcli `handle_filter_constant`: a literal, a list/tuple/set of them, or true/false/null. */
function filterValue(expression: Expr): unknown {
  switch (expression.type) {
    case 'Constant':
      return expression.value;
    case 'List':
    case 'Tuple':
    case 'Set':
      return expression.elts.map(filterValue);
    case 'Name':
      if (NAMED_VALUES.has(expression.id)) return NAMED_VALUES.get(expression.id);
      break;
    case 'UnaryOp': {
      const operand =
        expression.op === 'USub' || expression.op === 'UAdd' ? expression.operand : undefined;
      const value = operand && filterValue(operand);
      if (typeof value === 'number') return expression.op === 'USub' ? -value : value;
      break;
    }
  }
  throw unsupported(`Unsupported right operand ${expression.type}`);
}

function compareFilter(expression: Compare): unknown[] {
  if (expression.comparators.length !== 1) {
    const count = expression.comparators.length;
    throw unsupported(`Unsupported chained comparison (expected 1 comparator, found ${count})`);
  }
  const [comparator] = expression.comparators;
  const [op] = expression.ops;
  const filterOp = FILTER_OPERATORS[op];
  if (filterOp === undefined) throw unsupported(`Unsupported comparison operator: ${op}`);
  const { left } = expression;
  if ((op === 'In' || op === 'NotIn') && left.type === 'Constant') {
    if (comparator.type !== 'Name') {
      throw unsupported(`Unsupported right operand for \`${pythonStr(left.value)} ${filterOp}\``);
    }
    return [comparator.id, `r${filterOp}`, left.value];
  }
  if (left.type !== 'Name') throw unsupported(`Unsupported left operand ${left.type}`);
  return [left.id, filterOp, filterValue(comparator)];
}

function callFilter(expression: Call): unknown[] {
  const { func, args, keywords } = expression;
  if (func.type !== 'Attribute') throw unsupported(`Unsupported callee type: ${func.type}`);
  if (func.value.type !== 'Name') throw unsupported(`Unsupported callee ${func.value.type}`);
  const filterOp = CALL_OPERATORS.get(func.attr);
  if (filterOp === undefined) throw unsupported(`Unknown function name ${pythonRepr(func.attr)}`);
  if (args.length !== 1) {
    throw unsupported(`Function ${func.attr} accepts 1 argument, given ${args.length}`);
  }
  if (keywords.length > 0) {
    throw unsupported(`Function ${func.attr} does not accept keyword arguments`);
  }
  return [func.value.id, filterOp, filterValue(args[0])];
}

/** One condition: a leaf `[field, op, value]` or an `["OR", [...branches]]` node. */
function condition(expression: Expr): unknown[] {
  switch (expression.type) {
    case 'Compare':
      return compareFilter(expression);
    case 'Call':
      return callFilter(expression);
    case 'BoolOp':
      if (expression.op === 'Or') return ['OR', flatten(expression, 'Or').map(orBranch)];
      break;
    case 'UnaryOp':
      if (expression.op !== 'Not') throw unsupported(`Unknown unary expression ${expression.op}`);
      break;
  }
  throw unsupported(`Unsupported filter expression: ${expression.type}`);
}

/** An OR branch: a single condition, or an AND group (a list of conditions) for `x and y`. */
function orBranch(expression: Expr): unknown[] {
  if (expression.type === 'BoolOp' && expression.op === 'And') {
    return flatten(expression, 'And').map(condition);
  }
  return condition(expression);
}

/** Translates a WHERE expression into the `filters` list of a query (implicit AND). */
export function toFilters(expression: Expr): unknown[][] {
  return flatten(expression, 'And').map(condition);
}
