import { isPlainObject, PyDateTime } from './ejson';
import { pythonJsonDumps, pythonNumber } from './py-json';

/** Longest line a table cell shows whole; longer ones are cut (midcli `TableDisplayMode`). */
const MAX_LINE = 64;
const CUT_LINE = 61;

/**
 * midcli `TextMixin._value_to_readable_text`: the text of a value that has a readable form, or
 * null for objects and for lists holding one. `undefined` stands for a key missing in the row.
 */
export function readableText(value: unknown): string | null {
  if (value === undefined) return '<undefined>';
  if (value === null) return '<null>';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return value;
  if (value instanceof PyDateTime) return value.isoformat();
  if (Array.isArray(value)) {
    if (value.length === 0) return '<empty list>';
    const texts = value.map(readableText);
    return texts.every((text) => text !== null) ? texts.join('\n') : null;
  }
  return null;
}

/** Python's type name for the `<dict>` / `<list>` placeholders. */
function pythonTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (isPlainObject(value)) return 'dict';
  return typeof value;
}

/** Cuts a line longer than 64 code points to its first 61 and `...`. */
export function cutLongLine(line: string): string {
  const codePoints = Array.from(line);
  return codePoints.length > MAX_LINE ? `${codePoints.slice(0, CUT_LINE).join('')}...` : line;
}

/** A value as a table cell (midcli `TableDisplayMode.value_to_text`). */
export function tableText(value: unknown): string {
  const text = readableText(value);
  if (text === null) return `<${pythonTypeName(value)}>`;
  return text.split('\n').map(cutLongLine).join('\n');
}

/** A value as a CSV field (midcli `TextMixin.value_to_text`): objects become JSON text, uncut. */
export function csvText(value: unknown): string {
  return readableText(value) ?? pythonJsonDumps(value);
}
