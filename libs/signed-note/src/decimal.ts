/** ASCII decimal with no leading zero (but `0` itself), as tree sizes and indexes are written. */
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

/** The value of `text` when it is such a decimal and a safe integer; undefined otherwise. */
export function parseDecimal(text: string): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Whether `value` can be written as such a decimal and read back exactly. */
export const isCount = (value: number): boolean => Number.isSafeInteger(value) && value >= 0;
