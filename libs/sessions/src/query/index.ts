export { filterList, type QueryResult, type Row } from './filter-list';
export { validateQuery } from './validate-query';
export {
  MatchNotFoundError,
  QueryCallError,
  QueryError,
  QueryValidationError,
} from './query-error';
