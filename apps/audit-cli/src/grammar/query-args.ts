import type { Filter } from '@authtrail/contracts';
import { parseExpression } from './parser';
import { expandTabs, expected, skipWhitespace } from './pyparsing-text';
import { toFilters } from './to-filters';

/** The parsed arguments of a query command. */
export interface ParsedQuery {
  /** The columns typed; undefined for all (`*` or nothing). */
  select?: string[];
  /** The TrueNAS filters of the WHERE clause; empty without one. */
  filters: Filter[];
}

const COLUMN = /[A-Za-z][A-Za-z0-9_.]*/y;
/** pyparsing `Keyword` identifier characters: the keyword must not touch one. */
const KEYWORD_CHARS = /[A-Za-z0-9_$]/;
const COLUMNS_EXPECTED = "Expected {column [, column]... | '*'}";

function columnAt(text: string, index: number): string | undefined {
  COLUMN.lastIndex = index;
  return COLUMN.exec(text)?.[0];
}

/** The columns part (`*` or `a, b.c`); returns the select list and where parsing stopped. */
function parseColumns(text: string): { select?: string[]; end: number } {
  const start = skipWhitespace(text, 0);
  if (text[start] === '*') return { end: start + 1 };
  const first = columnAt(text, start);
  if (first === undefined) throw expected(COLUMNS_EXPECTED, text, start);
  const select = [first];
  let end = start + first.length;
  for (;;) {
    const comma = skipWhitespace(text, end);
    if (text[comma] !== ',') break;
    const columnStart = skipWhitespace(text, comma + 1);
    const column = columnAt(text, columnStart);
    if (column === undefined) break;
    select.push(column);
    end = columnStart + column.length;
  }
  return { select, end };
}

/** The optional `WHERE <anything>` part; undefined when it does not match at `index`. */
function parseWhere(text: string, index: number): { where: string; end: number } | undefined {
  const start = skipWhitespace(text, index);
  const keywordEnd = start + 'WHERE'.length;
  if (text.slice(start, keywordEnd).toUpperCase() !== 'WHERE') return undefined;
  if (KEYWORD_CHARS.test(text[keywordEnd] ?? '') || KEYWORD_CHARS.test(text[start - 1] ?? '')) {
    return undefined;
  }
  if (keywordEnd >= text.length) return undefined;
  return { where: text.slice(keywordEnd), end: text.length };
}

/**
 * Parses the arguments of a query command, `[<columns>|*] [WHERE <expr>]` (REF §4.2), as midcli's
 * pyparsing grammar does, and translates the WHERE expression into TrueNAS filters.
 * Throws QuerySyntaxError.
 */
export function parseQueryArgs(input: string): ParsedQuery {
  if (input.trim() === '') return { filters: [] };
  const text = expandTabs(input);
  const columns = parseColumns(text);
  const where = parseWhere(text, columns.end);
  const end = skipWhitespace(text, where ? where.end : columns.end);
  if (end < text.length) throw expected('Expected end of text', text, end);
  const expression = where?.where.trim() ?? '';
  const filters = expression === '' ? [] : toFilters(parseExpression(expression));
  return columns.select ? { select: columns.select, filters } : { filters };
}
