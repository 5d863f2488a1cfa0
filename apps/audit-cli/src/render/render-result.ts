import { renderCsv } from './csv-renderer';
import { decodeEjson } from './ejson';
import { applySelect } from './rows';
import { renderTable } from './table-renderer';

/** The CLI's output modes: midcli's `table` and `csv`, plus `json` (contract §6). */
export type OutputMode = 'table' | 'csv' | 'json';

/** Options of {@link renderResult}. */
export interface RenderOptions {
  /** The column list the user typed; only keys literally in it are kept. */
  select?: readonly string[];
}

/**
 * Renders a query RPC result for the terminal as the TrueNAS CLI does (REF §4.3). Returns the text
 * to print without the newline the caller adds: tables end with their bottom rule, CSV output with
 * its last CRLF; `json` is the select-processed result, pretty-printed.
 */
export function renderResult(result: unknown, mode: OutputMode, opts: RenderOptions = {}): string {
  if (mode === 'json') return JSON.stringify(applySelect(result, opts.select), null, 2) ?? 'null';
  const value = applySelect(decodeEjson(result), opts.select);
  return mode === 'csv' ? renderCsv(value) : renderTable(value);
}
