/** Keys JavaScript orders before all others (array-index-like), which a sorted copy cannot place. */
const INDEX_LIKE = /^(0|[1-9]\d{0,9})$/;

class IndexLikeKey extends Error {}

/** A copy of `value` whose object keys are in sorted order at every depth (undefined members dropped). */
function sortedDeep(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sortedDeep);
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    if (INDEX_LIKE.test(key)) throw new IndexLikeKey();
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
