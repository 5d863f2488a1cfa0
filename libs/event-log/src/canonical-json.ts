/** Keys JavaScript orders before all others (array-index-like), which a sorted copy cannot place. */
const INDEX_LIKE = /^(0|[1-9]\d{0,9})$/;

class IndexLikeKey extends Error {}

/**
 * `value` with object keys in sorted order at every depth (undefined members dropped): the value
 * itself where it already is so, else a copy. Values built in key order (the normalised events)
 * are then serialised without being copied.
 */
function sortedDeep(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const sorted = sortedDeep(item);
      if (sorted !== item) (copy ??= value.slice())[i] = sorted;
    }
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const proto: unknown = Object.getPrototypeOf(record);
  let inOrder = proto === Object.prototype || proto === null;
  for (let i = 0; i < keys.length; i++) {
    const first = keys[i].charCodeAt(0); // a digit first is rare: test the pattern only then
    if (first >= 48 && first <= 57 && INDEX_LIKE.test(keys[i])) throw new IndexLikeKey();
    if ((i > 0 && keys[i - 1] > keys[i]) || record[keys[i]] === undefined) inOrder = false;
    // Copied as it always was: assigning "__proto__" to the copy sets its prototype instead.
    if (keys[i] === '__proto__') inOrder = false;
  }
  if (inOrder) {
    let i = 0;
    for (; i < keys.length; i++) {
      const member = record[keys[i]];
      if (sortedDeep(member) !== member) break;
    }
    if (i === keys.length) return record;
  }
  const out: Record<string, unknown> = {};
  for (const key of keys.sort()) {
    if (record[key] !== undefined) out[key] = sortedDeep(record[key]);
  }
  return out;
}

/** The same text written member by member: slower, but right for index-like keys too. */
function writeCanonical(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`not representable in JSON: ${typeof value}`);
    return text;
  }
  if (Array.isArray(value)) return `[${value.map(writeCanonical).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${writeCanonical(record[key])}`).join(',')}}`;
}

/**
 * Canonical JSON: object keys sorted by code unit, no white space, numbers and strings as
 * JSON.stringify writes them (the subset of RFC 8785 that log entries need). A sorted copy written
 * by the native serialiser is several times faster than writing by hand, which remains the way
 * for objects with index-like keys ("10" would be written before "9" otherwise).
 */
export function canonicalJson(value: unknown): string {
  try {
    const text = JSON.stringify(sortedDeep(value));
    if (text === undefined) throw new TypeError(`not representable in JSON: ${typeof value}`);
    return text;
  } catch (error) {
    if (error instanceof IndexLikeKey) return writeCanonical(value);
    throw error;
  }
}
