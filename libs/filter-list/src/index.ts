export { filterList, type QueryResult, type Row } from './filter-list';
export {
  compileQuery,
  SORT_WORK_PER_ROW,
  type CompiledQuery,
  type Projected,
  type QueryCursor,
} from './compile-query';
export { validateQuery } from './validate-query';
export type { NormalizedOptions } from './validate-options';
export { DEFAULT_QUERY_LIMITS, limitText, nestsDeeperThan, type QueryLimits } from './query-limits';
export {
  MatchNotFoundError,
  QueryCallError,
  QueryError,
  QueryValidationError,
} from './query-error';
