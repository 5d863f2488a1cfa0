import { blockWidth, displayWidth } from './display-width';

/** Column alignment: left or right. */
export type Align = 'l' | 'r';

/** What to draw: optional header row, the cell texts row by row, one alignment per column. */
export interface PrettyTableSpec {
  /** Column names; when left out, no header row is drawn (PrettyTable `header=False`). */
  header?: readonly string[];
  rows: readonly (readonly string[])[];
  align: readonly Align[];
}

/** PrettyTable `_justify` for left/right: pads by the display width of the whole text. */
function justify(text: string, width: number, align: Align): string {
  const padding = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'l' ? text + padding : padding + text;
}

function columnWidths(spec: PrettyTableSpec, columns: number): number[] {
  const widths = Array.from({ length: columns }, (_, index) =>
    spec.header ? blockWidth(spec.header[index]) : 0,
  );
  for (const row of spec.rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index], blockWidth(cell));
    });
  }
  return widths;
}

function drawLine(cells: readonly string[], widths: readonly number[], align: readonly Align[]) {
  return `|${cells.map((cell, index) => ` ${justify(cell, widths[index], align[index])} `).join('|')}|`;
}

/** The lines of one row: multi-line cells make it taller, the other cells get blank lines. */
function drawRow(row: readonly string[], widths: readonly number[], align: readonly Align[]) {
  const cellLines = row.map((cell) => cell.split('\n'));
  const height = Math.max(1, ...cellLines.map((lines) => lines.length));
  const lines: string[] = [];
  for (let y = 0; y < height; y += 1) {
    lines.push(
      drawLine(
        cellLines.map((cell) => cell[y] ?? ''),
        widths,
        align,
      ),
    );
  }
  return lines;
}

/**
 * Draws a table byte for byte like PrettyTable's default style (`+---+` rules, `|` bars, padding 1,
 * no rules between rows, no trailing newline). Widths count East Asian wide characters as 2.
 */
export function drawPrettyTable(spec: PrettyTableSpec): string {
  const columns = spec.align.length;
  const widths = columnWidths(spec, columns);
  const rule = `+${widths.map((width) => '-'.repeat(width + 2)).join('+')}+`;
  const lines = [rule];
  if (spec.header) lines.push(drawLine(spec.header, widths, spec.align), rule);
  for (const row of spec.rows) lines.push(...drawRow(row, widths, spec.align));
  lines.push(rule);
  return lines.join('\n');
}
