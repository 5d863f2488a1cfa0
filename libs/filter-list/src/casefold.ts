import { QueryCallError } from './query-error';
import { pyTypeName } from './py-types';

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Python's `str.casefold()`: upper- then lower-casing gives the full case folding for all but a
 * few characters, fixed up here (dotless i stays, sharp s and final sigma fold further).
 */
export function casefoldString(s: string): string {
  if (!NON_ASCII.test(s)) return s.toLowerCase();
  return s
    .split('ı')
    .map((part) => part.toUpperCase().toLowerCase())
    .join('ı')
    .replace(/ß/g, 'ss')
    .replace(/ς/g, 'σ');
}

/** MW-26's `casefold()`: strings and lists of strings fold, null stays null, the rest fails. */
export function casefoldValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return casefoldString(v);
  if (Array.isArray(v)) {
    return v.map((item: unknown) => {
      if (typeof item !== 'string') {
        throw new QueryCallError(`'${pyTypeName(item)}' object has no attribute 'casefold'`);
      }
      return casefoldString(item);
    });
  }
  throw new QueryCallError(
    `<class '${pyTypeName(v)}'>: support for casefolding object type not implemented.`,
  );
}

function lowerAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** `casefold(x) == folded` without allocating when x is ASCII. */
export function foldedEquals(x: string, folded: string): boolean {
  for (let i = 0; i < x.length; i++) {
    const c = x.charCodeAt(i);
    if (c >= 0x80) return casefoldString(x) === folded;
    if (i >= folded.length || lowerAscii(c) !== folded.charCodeAt(i)) return false;
  }
  return x.length === folded.length;
}

/** `casefold(x).startswith(folded)` without allocating when x is ASCII. */
export function foldedStartsWith(x: string, folded: string): boolean {
  for (let i = 0; i < folded.length; i++) {
    if (i >= x.length) return false;
    const c = x.charCodeAt(i);
    if (c >= 0x80) return casefoldString(x).startsWith(folded);
    if (lowerAscii(c) !== folded.charCodeAt(i)) return false;
  }
  return true;
}

/** `casefold(x).endswith(folded)` without allocating when x is ASCII. */
export function foldedEndsWith(x: string, folded: string): boolean {
  for (let i = 1; i <= folded.length; i++) {
    if (i > x.length) return false;
    const c = x.charCodeAt(x.length - i);
    if (c >= 0x80) return casefoldString(x).endsWith(folded);
    if (lowerAscii(c) !== folded.charCodeAt(folded.length - i)) return false;
  }
  return true;
}

/**
 * Substring test where either side may still need folding. ASCII text folds by `toLowerCase`,
 * then the engine's own search does the rest: linear in the haystack, and about twice as fast
 * as a character loop over short fields (a free-text filter tests four fields of each of
 * 100,000 sessions).
 */
export function foldedIncludes(
  haystack: string,
  haystackFolded: boolean,
  needle: string,
  needleFolded: boolean,
): boolean {
  if ((!haystackFolded && NON_ASCII.test(haystack)) || (!needleFolded && NON_ASCII.test(needle))) {
    const h = haystackFolded ? haystack : casefoldString(haystack);
    return h.includes(needleFolded ? needle : casefoldString(needle));
  }
  if (needle.length > haystack.length) return false;
  const h = haystackFolded ? haystack : haystack.toLowerCase();
  return h.includes(needleFolded ? needle : needle.toLowerCase());
}
