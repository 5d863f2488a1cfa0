/**
 * Deepest object/array nesting accepted in an event (credentials_data is free-form): deeper
 * payloads are dead-lettered, and the publisher refuses them before sending.
 */
export const MAX_EVENT_NESTING = 32;

/** The one walk that measures nesting, for events and queries alike. */
export { nestsDeeperThan } from '@authtrail/contracts';
