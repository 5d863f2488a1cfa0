/** The query command grammar of the TrueNAS CLI: `[<columns>|*] [WHERE <expr>]` to filters. */
export { parseQueryArgs } from './query-args';
export type { ParsedQuery } from './query-args';
export { QuerySyntaxError } from './errors';
export { parseExpression } from './parser';
export { toFilters } from './to-filters';
export type * from './ast';
export { parseCallArgs } from './call-args';
export type { CallArgs } from './call-args';
