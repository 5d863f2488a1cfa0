import { tableText } from './cell-format';
import { isPlainObject, ownValue } from './ejson';
import { drawPrettyTable } from './pretty-table';
import { prepareHeader } from './rows';

function displayList(items: readonly unknown[]): string {
  if (items.length === 0) return '(empty list)';
  if (!isPlainObject(items[0])) return items.map(tableText).join('\n');
  const header = prepareHeader(items);
  if (header.length === 0) {
    return `(none of the specified fields found among ${items.length} object(s))`;
  }
  const rows = items.map((item) =>
    header.map((key) => tableText(isPlainObject(item) ? ownValue(item, key) : undefined)),
  );
  return drawPrettyTable({ header, rows, align: header.map(() => 'l') });
}

/** A single object: key/value rows, keys right-aligned, no header row. */
function displayObject(object: Record<string, unknown>): string {
  const keys = Object.keys(object);
  if (keys.length === 0) return '(empty object)';
  const rows = keys.map((key) => [key, tableText(object[key])]);
  return drawPrettyTable({ rows, align: ['r', 'l'] });
}

/**
 * midcli table mode (`TableDisplayMode`) for a decoded, select-processed result: a list of
 * objects as a table, other lists one value per line, an object as key/value rows, a scalar as is.
 */
export function renderTable(value: unknown): string {
  if (Array.isArray(value)) return displayList(value);
  if (isPlainObject(value)) return displayObject(value);
  return tableText(value);
}
