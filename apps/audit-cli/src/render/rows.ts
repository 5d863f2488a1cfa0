import { isPlainObject } from './ejson';

/** The keys of a list element; an element that is not an object has none. */
function keysOf(row: unknown): string[] {
  return isPlainObject(row) ? Object.keys(row) : [];
}

/**
 * The table header: the union of the rows' keys in first-seen order, a key missing from earlier
 * rows going right after the key that precedes it in its own row (midcli `_prepare_header`).
 */
export function prepareHeader(rows: readonly unknown[]): string[] {
  const header: string[] = [];
  for (const row of rows) {
    const keys = keysOf(row);
    keys.forEach((key, index) => {
      if (header.includes(key)) return;
      if (index === 0) header.push(key);
      else header.splice(header.indexOf(keys[index - 1]) + 1, 0, key);
    });
  }
  return header;
}

/**
 * midcli `output_processor`: with a select list, keeps only the keys of each object that are
 * literally in it, so a dotted column (`credentials_data.username`) keeps nothing.
 */
export function applySelect(value: unknown, select: readonly string[] | undefined): unknown {
  if (select === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => applySelect(item, select));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).filter(([key]) => select.includes(key)));
  }
  return value;
}
