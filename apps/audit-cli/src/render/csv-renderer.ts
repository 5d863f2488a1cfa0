import { csvText } from './cell-format';
import { isPlainObject, ownValue } from './ejson';
import { prepareHeader } from './rows';

const LINE_END = '\r\n';
const NEEDS_QUOTES = /[",\r\n]/;

/** One field, quoted as Python's `csv` QUOTE_MINIMAL does. */
function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record with its CRLF; a record of a single empty field is written `""`. */
function csvRecord(fields: readonly string[]): string {
  const record = fields.length === 1 && fields[0] === '' ? '""' : fields.map(csvField).join(',');
  return record + LINE_END;
}

function displayList(items: readonly unknown[]): string {
  if (items.length === 0) return '';
  if (!isPlainObject(items[0])) return items.map(csvText).join('\n');
  const header = prepareHeader(items);
  if (header.length === 0)
    return `None of the specified fields found among ${items.length} object(s)`;
  const rows = items.map((item) =>
    header.map((key) => csvText(isPlainObject(item) ? ownValue(item, key) : undefined)),
  );
  return [header, ...rows].map(csvRecord).join('');
}

/**
 * midcli CSV mode (`CsvDisplayMode`) for a decoded, select-processed result: a header record and
 * one record per object, CRLF after each; an object is a one-row list; a scalar is its text.
 */
export function renderCsv(value: unknown): string {
  if (Array.isArray(value)) return displayList(value);
  if (isPlainObject(value)) return Object.keys(value).length === 0 ? '' : displayList([value]);
  return csvText(value);
}
