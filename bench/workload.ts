import type { AuthEvent } from '@authtrail/contracts';
import { eventStream } from '../test/fixtures/event-history';

/** The benchmarks' events: 20 hosts, at most 500 live sessions each, in publish order. */
export function history(count: number): AuthEvent[] {
  return [...eventStream(count, 20, 3, 0, 500)];
}
