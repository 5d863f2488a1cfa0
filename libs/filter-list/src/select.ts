import { PARTITION_ERROR, parsePath, type FieldPath } from './field-path';
import { hasOwn, isDateObject, isDict, pyTypeName, type PyDict } from './py-types';
import { QueryCallError } from './query-error';

interface Selection {
  readonly path: FieldPath;
  readonly as: string | undefined;
}

const MISSING = Symbol('MatchNotFound');

function setKey(obj: PyDict, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    obj[key] = value;
  }
}

/** Dict components walked by the last selectPath() call (kept here to avoid allocating). */
let walkedKeys = 0;

/** MW-26's `select_path`: the value, with the count of leading dict keys in walkedKeys. */
function selectPath(row: unknown, path: FieldPath): unknown {
  if (path.errorAt >= 0) throw new QueryCallError(PARTITION_ERROR);
  let cur: unknown = row;
  let depth = 0;
  for (const c of path.components) {
    if (Array.isArray(cur)) throw new QueryCallError('Selecting by list index is not supported');
    if (cur === MISSING || typeof cur !== 'object' || cur === null) continue;
    if (isDateObject(cur as PyDict)) continue;
    cur = hasOwn(cur, c.key) ? (cur as PyDict)[c.key] : MISSING;
    if (cur === undefined) cur = MISSING;
    depth++;
  }
  walkedKeys = depth;
  return cur;
}

function assignmentError(existing: unknown): QueryCallError {
  if (Array.isArray(existing)) {
    return new QueryCallError('list indices must be integers or slices, not str');
  }
  return new QueryCallError(`'${pyTypeName(existing)}' object does not support item assignment`);
}

/** `obj.setdefault(key, {})`, copying a dict that belongs to the input instead of mutating it. */
function childDict(obj: PyDict, key: string, owned: Set<object>): PyDict {
  if (!hasOwn(obj, key)) {
    const created: PyDict = {};
    setKey(obj, key, created);
    owned.add(created);
    return created;
  }
  const existing = obj[key];
  if (!isDict(existing)) throw assignmentError(existing);
  if (owned.has(existing)) return existing;
  const copy: PyDict = { ...existing };
  setKey(obj, key, copy);
  owned.add(copy);
  return copy;
}

/** Selects one path into entry; returns the set of dicts entry owns (created on first need). */
function selectInto(
  entry: PyDict,
  row: unknown,
  s: Selection,
  owned: Set<object> | undefined,
): Set<object> | undefined {
  const value = selectPath(row, s.path);
  const depth = walkedKeys;
  if (value === MISSING) return owned;
  if (s.as !== undefined) {
    setKey(entry, s.as, value);
    return owned;
  }
  if (depth === 0) throw new QueryCallError('pop from empty list');
  const components = s.path.components;
  let obj = entry;
  if (depth > 1) {
    owned ??= new Set<object>([entry]);
    for (let i = 0; i < depth - 1; i++) obj = childDict(obj, components[i].key, owned);
  }
  setKey(obj, components[depth - 1].key, value);
  return owned;
}

export type RowSelector = (row: unknown) => PyDict;

/**
 * Compiles a validated `select` list: a path string rebuilds nested dicts, a `[path, name]` pair
 * stores the value flat under `name`, an absent path leaves its key out. Input rows are never
 * mutated; selected values may share structure with them.
 */
export function compileSelect(select: readonly (string | unknown[])[]): RowSelector {
  const selections: Selection[] = select.map((s) =>
    typeof s === 'string'
      ? { path: parsePath(s), as: undefined }
      : { path: parsePath(s[0] as string), as: s[1] as string },
  );
  return (row) => {
    const entry: PyDict = {};
    let owned: Set<object> | undefined;
    for (const s of selections) owned = selectInto(entry, row, s, owned);
    return entry;
  };
}
