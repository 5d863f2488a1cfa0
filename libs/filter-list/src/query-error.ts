import type { ValidationItem } from '@authtrail/contracts';

/** Base of every error thrown by the query engine. */
export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request failed parameter validation (JSON-RPC -32602 `Invalid params`). */
export class QueryValidationError extends QueryError {
  readonly errors: ValidationItem[];

  constructor(errors: ValidationItem[]) {
    super('Invalid params');
    this.errors = errors;
  }
}

/** The query failed while running (JSON-RPC -32001 `Method call error`); the message is the reason. */
export class QueryCallError extends QueryError {}

/** `get` was requested and no row matched. */
export class MatchNotFoundError extends QueryCallError {
  constructor() {
    super('MatchNotFound()');
  }
}
