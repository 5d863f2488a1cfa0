import { HostRequiredError } from '@authtrail/sessions';
import { MatchNotFoundError, QueryCallError, QueryValidationError } from '@authtrail/filter-list';
import type { ValidationItem } from '@authtrail/contracts';

/** A query engine error as a worker sends it back (errors cross threads as plain data). */
export type QueryFailure =
  | { type: 'validation'; errors: ValidationItem[] }
  | { type: 'notFound' }
  | { type: 'call'; message: string }
  | { type: 'hostRequired'; message: string };

/** What a read job answers: its result, or the query engine error it threw. */
export type Settled<T> = { result: T } | { failure: QueryFailure };

/** Runs `work`, turning the query engine's errors into data; anything else is thrown. */
export function settle<T>(work: () => T): Settled<T> {
  try {
    return { result: work() };
  } catch (error) {
    if (error instanceof QueryValidationError)
      return { failure: { type: 'validation', errors: error.errors } };
    if (error instanceof MatchNotFoundError) return { failure: { type: 'notFound' } };
    if (error instanceof QueryCallError)
      return { failure: { type: 'call', message: error.message } };
    if (error instanceof HostRequiredError)
      return { failure: { type: 'hostRequired', message: error.message } };
    throw error;
  }
}

/** The result, or the query engine error rebuilt on this thread. */
export function unwrap<T>(settled: Settled<T>): T {
  if ('result' in settled) return settled.result;
  const failure = settled.failure;
  switch (failure.type) {
    case 'validation':
      throw new QueryValidationError(failure.errors);
    case 'notFound':
      throw new MatchNotFoundError();
    case 'call':
      throw new QueryCallError(failure.message);
    case 'hostRequired':
      throw new HostRequiredError(failure.message);
  }
}
