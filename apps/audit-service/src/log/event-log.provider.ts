import type { EventLog } from '@authtrail/event-log';

/** Injection token of the service's append-only log. */
export const EVENT_LOG = Symbol('EVENT_LOG');
export type { EventLog };
