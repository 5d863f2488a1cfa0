import { QueryCallError } from './query-error';
import { hasOwn, isDateObject, type PyDict } from './py-types';

/** One component of a dotted path. */
export interface PathComponent {
  readonly key: string;
  /** List index when the component is all digits, else -1. */
  readonly index: number;
  readonly wildcard: boolean;
  /** The key also names an Object.prototype member, so an own-property check is needed. */
  readonly guarded: boolean;
}

/** A dotted path split once, as MW-26's `partition()` would split it while walking. */
export interface FieldPath {
  readonly source: string;
  readonly components: readonly PathComponent[];
  /**
   * Index at which `partition()` fails (an empty component before a dot raises IndexError in
   * MW-26), or -1.
   */
  readonly errorAt: number;
}

export const PARTITION_ERROR = 'string index out of range';

function component(key: string): PathComponent {
  return {
    key,
    index: /^[0-9]+$/.test(key) ? Number(key) : -1,
    wildcard: key === '*',
    guarded: key in Object.prototype,
  };
}

/** Splits on dots; `\.` is a literal dot. */
export function parsePath(source: string): FieldPath {
  const components: PathComponent[] = [];
  let right = source;
  while (right) {
    let prefix = '';
    let s = right;
    for (;;) {
      const dot = s.indexOf('.');
      if (dot < 0) {
        components.push(component(prefix + s));
        right = '';
        break;
      }
      const left = s.slice(0, dot);
      if (left === '') return { source, components, errorAt: components.length };
      if (left.endsWith('\\')) {
        prefix += `${left.slice(0, -1)}.`;
        s = s.slice(dot + 1);
        continue;
      }
      components.push(component(prefix + left));
      right = s.slice(dot + 1);
      break;
    }
  }
  return { source, components, errorAt: -1 };
}

function notIndexable(c: PathComponent): QueryCallError {
  return new QueryCallError(`${c.key}: must be array index or wildcard character`);
}

function dictValue(dict: PyDict, c: PathComponent): unknown {
  if (c.guarded && !hasOwn(dict, c.key)) return undefined;
  return dict[c.key];
}

/**
 * MW-26's filter lookup: walks `path` from component `start` and applies `test` to the value
 * found. A missing key gives false; `*` on a list is true if any element passes; a scalar
 * (including a `$date` datetime) ends the walk and is tested itself.
 */
export function testPath(
  root: unknown,
  path: FieldPath,
  start: number,
  test: (value: unknown) => boolean,
): boolean {
  const components = path.components;
  let cur = root;
  for (let i = start; i < components.length; i++) {
    const c = components[i];
    if (typeof cur !== 'object' || cur === null) continue;
    if (Array.isArray(cur)) {
      if (c.index >= 0) {
        cur = c.index < cur.length ? cur[c.index] : null;
      } else if (c.wildcard) {
        for (let j = 0; j < cur.length; j++) {
          if (testPath(cur[j], path, i + 1, test)) return true;
        }
        return false;
      } else {
        throw notIndexable(c);
      }
      continue;
    }
    if (isDateObject(cur as PyDict)) continue;
    const next = dictValue(cur as PyDict, c);
    if (next === undefined) {
      if (path.errorAt >= 0) throw new QueryCallError(PARTITION_ERROR);
      return false;
    }
    cur = next;
  }
  if (path.errorAt >= 0) throw new QueryCallError(PARTITION_ERROR);
  return test(cur);
}

/** MW-26's `get()`, used for sort keys: missing gives null, `*` gives the list itself. */
export function getPath(root: unknown, path: FieldPath): unknown {
  let cur = root;
  for (const c of path.components) {
    if (typeof cur !== 'object' || cur === null) continue;
    if (Array.isArray(cur)) {
      if (c.wildcard) return cur;
      if (c.index < 0) throw notIndexable(c);
      cur = c.index < cur.length ? cur[c.index] : null;
      continue;
    }
    if (isDateObject(cur as PyDict)) continue;
    cur = dictValue(cur as PyDict, c);
    if (cur === undefined) break;
  }
  if (path.errorAt >= 0) throw new QueryCallError(PARTITION_ERROR);
  return cur ?? null;
}

/** `entry.get(key)` on the top level only (MW-26's nulls partition). */
export function topLevel(row: unknown, key: string): unknown {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return null;
  return hasOwn(row, key) ? ((row as PyDict)[key] ?? null) : null;
}

/** A dict that is neither a list nor (cheaply ruled out) a `$date` datetime. */
function isPlainDict(v: unknown): v is PyDict {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    typeof (v as PyDict).$date !== 'number'
  );
}

function isSimple(c: PathComponent): boolean {
  return !c.guarded && !c.wildcard;
}

/**
 * `row => testPath(row, path, 0, test)`, with allocation-free fast paths for one- and
 * two-component paths through plain dicts (the common `field` and `field.sub` filters).
 */
export function compilePathTest(
  path: FieldPath,
  test: (value: unknown) => boolean,
): (row: unknown) => boolean {
  const generic = (row: unknown): boolean => testPath(row, path, 0, test);
  const [first, second] = path.components;
  if (path.errorAt >= 0 || path.components.length > 2 || !first || !isSimple(first)) {
    return generic;
  }
  const k0 = first.key;
  if (!second) {
    return (row) => {
      if (!isPlainDict(row)) return generic(row);
      const v = row[k0];
      return v === undefined ? false : test(v);
    };
  }
  if (!isSimple(second)) return generic;
  const k1 = second.key;
  return (row) => {
    if (!isPlainDict(row)) return generic(row);
    const mid = row[k0];
    if (mid === undefined) return false;
    if (!isPlainDict(mid)) return generic(row);
    const v = mid[k1];
    return v === undefined ? false : test(v);
  };
}

/**
 * `row => getPath(row, path)`, with an allocation-free fast path for a one-component path
 * through a plain dict (the common `order_by` key): its value, or null when missing.
 */
export function compilePathGet(path: FieldPath): (row: unknown) => unknown {
  const generic = (row: unknown): unknown => getPath(row, path);
  const [first] = path.components;
  if (path.errorAt >= 0 || path.components.length !== 1 || !isSimple(first)) return generic;
  const k0 = first.key;
  return (row) => (isPlainDict(row) ? (row[k0] ?? null) : generic(row));
}
