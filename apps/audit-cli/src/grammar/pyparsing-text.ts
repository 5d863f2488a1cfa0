import { QuerySyntaxError } from './errors';

/** How midcli's pyparsing grammars read their text and word their failures. */

/** pyparsing's default whitespace. */
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/** Python `str.expandtabs()` (tab stops every 8 columns), which pyparsing applies to its input. */
export function expandTabs(text: string): string {
  let column = 0;
  let out = '';
  for (const char of text) {
    if (char === '\t') {
      const spaces = 8 - (column % 8);
      out += ' '.repeat(spaces);
      column += spaces;
    } else {
      out += char;
      column = char === '\n' || char === '\r' ? 0 : column + 1;
    }
  }
  return out;
}

export function isWhitespace(char: string | undefined): boolean {
  return char !== undefined && WHITESPACE.has(char);
}

export function skipWhitespace(text: string, index: number): number {
  let position = index;
  while (position < text.length && WHITESPACE.has(text[position])) position += 1;
  return position;
}

/** Python `repr()` of one character, as pyparsing's "found %r" shows it (after midcli's fix-up). */
function foundCharacter(char: string): string {
  if (char === "'") return `"'"`;
  if (char === '\\') return "'\\'";
  if (!/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u.test(char) || char === ' ')
    return `'${char}'`;
  const codePoint = char.codePointAt(0) ?? 0;
  const [prefix, digits] = codePoint < 0x100 ? ['x', 2] : codePoint < 0x10000 ? ['u', 4] : ['U', 8];
  return `'\\${prefix}${codePoint.toString(16).padStart(digits, '0')}'`;
}

/** A pyparsing failure as midcli formats it: `<expected>, found 'c'` plus the caret. */
export function expected(what: string, text: string, index: number): QuerySyntaxError {
  if (index >= text.length) return new QuerySyntaxError(`${what}, found end of text`);
  const char = String.fromCodePoint(text.codePointAt(index) ?? 0);
  return new QuerySyntaxError(`${what}, found ${foundCharacter(char)}`, index, text);
}
