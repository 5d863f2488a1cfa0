import { QueryCallError } from './query-error';
import { dateKind, dateMs, hasOwn, NOT_A_DATE, PyDateTime, pyTypeName } from './py-types';

export type OrderOp = '<' | '<=' | '>' | '>=';

export const NAIVE_VS_AWARE = "can't compare offset-naive and offset-aware datetimes";

function codeUnitRank(c: number): number {
  if (c >= 0xe000) return c - 0x800;
  if (c >= 0xd800) return c + 0x2000;
  return c;
}

/** Compares strings by code point, as Python does (UTF-16 order differs for astral characters). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) {
      if (ca >= 0xd800 && cb >= 0xd800) return codeUnitRank(ca) - codeUnitRank(cb);
      return ca - cb;
    }
  }
  return a.length - b.length;
}

/** Whether a three-way comparison result satisfies op. */
export function holds(sign: number, op: OrderOp): boolean {
  switch (op) {
    case '<':
      return sign < 0;
    case '<=':
      return sign <= 0;
    case '>':
      return sign > 0;
    case '>=':
      return sign >= 0;
  }
}

/** Python `==` on JSON values: deep for lists and dicts; a naive datetime never equals an aware one. */
export function pyEq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = dateKind(a);
  const kb = dateKind(b);
  if (ka !== NOT_A_DATE || kb !== NOT_A_DATE) {
    return ka === kb && dateMs(a) === dateMs(b);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!pyEq(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const da = a as Record<string, unknown>;
  const db = b as Record<string, unknown>;
  let count = 0;
  for (const key in da) {
    if (!hasOwn(da, key)) continue;
    count++;
    if (!hasOwn(db, key) || !pyEq(da[key], db[key])) return false;
  }
  for (const key in db) if (hasOwn(db, key)) count--;
  return count === 0;
}

function isNumeric(v: unknown): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

/** Python's TypeError text for an unsupported ordered comparison. */
export function unorderable(op: OrderOp, a: unknown, b: unknown): QueryCallError {
  return new QueryCallError(
    `'${op}' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`,
  );
}

/** Python `a <op> b`; throws QueryCallError with Python's TypeError text across types. */
export function pyCompare(a: unknown, b: unknown, op: OrderOp): boolean {
  if (typeof a === 'string' && typeof b === 'string') return holds(compareStrings(a, b), op);
  if (isNumeric(a) && isNumeric(b)) return holds(Number(a) - Number(b), op);
  if (a instanceof PyDateTime && b instanceof PyDateTime && a.aware === b.aware) {
    return holds(a.ms - b.ms, op);
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (!pyEq(a[i], b[i])) return pyCompare(a[i], b[i], op);
    return holds(a.length - b.length, op);
  }
  const ka = dateKind(a);
  const kb = dateKind(b);
  if (ka !== NOT_A_DATE && kb !== NOT_A_DATE) {
    if (ka !== kb) throw new QueryCallError(NAIVE_VS_AWARE);
    return holds(dateMs(a) - dateMs(b), op);
  }
  throw unorderable(op, a, b);
}

/** Python `a < b`, the only comparison `sorted()` makes. */
export function pyLess(a: unknown, b: unknown): boolean {
  return pyCompare(a, b, '<');
}
