import { WIDE_RANGES } from './wide-chars';

/** Characters wcwidth gives width 0 outright (NUL, joiners, directional marks, separators). */
const ZERO_WIDTH_FORMAT = new Set<number>([
  0x0000, 0x034f, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c,
  0x202d, 0x202e, 0x2060, 0x2061, 0x2062, 0x2063,
]);
const COMBINING = /^[\p{Mn}\p{Me}]$/u;
const ESC = String.fromCharCode(0x1b);
/** The colour codes PrettyTable strips before measuring (`_re` in prettytable.py). */
const ANSI_CODES = new RegExp(`${ESC}\\[[0-9;]*m|${ESC}\\(B`, 'g');

function isWide(codePoint: number): boolean {
  let low = 0;
  let high = WIDE_RANGES.length / 2 - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (codePoint < WIDE_RANGES[middle * 2]) high = middle - 1;
    else if (codePoint > WIDE_RANGES[middle * 2 + 1]) low = middle + 1;
    else return true;
  }
  return false;
}

/**
 * Terminal columns of one code point, as wcwidth's `wcwidth()`: -1 for C0/C1 control characters
 * and DEL, 0 for combining marks and zero-width format characters, 2 for East Asian wide ones.
 */
export function charWidth(codePoint: number): number {
  if (ZERO_WIDTH_FORMAT.has(codePoint)) return 0;
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) return -1;
  if (COMBINING.test(String.fromCodePoint(codePoint))) return 0;
  return isWide(codePoint) ? 2 : 1;
}

/**
 * Display width of a line as PrettyTable measures it (`_str_block_width`: wcwidth's `wcswidth()`
 * after stripping colour codes), including its quirk: -1 when the line holds a control character.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text.replace(ANSI_CODES, '')) {
    const charColumns = charWidth(char.codePointAt(0) ?? 0);
    if (charColumns < 0) return -1;
    width += charColumns;
  }
  return width;
}

/** Width of a possibly multi-line text: its widest line (PrettyTable `_get_size`). */
export function blockWidth(text: string): number {
  return Math.max(...text.split('\n').map(displayWidth));
}
