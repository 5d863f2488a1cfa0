/** Rendering of query results exactly as the TrueNAS CLI (midcli) prints them. */
export { renderResult } from './render-result';
export type { OutputMode, RenderOptions } from './render-result';
export { drawPrettyTable } from './pretty-table';
export type { Align, PrettyTableSpec } from './pretty-table';
export { displayWidth } from './display-width';
