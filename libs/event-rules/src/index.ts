export * from './auth-event.dto';
export * from './calendar-time';
export * from './event-nesting';
export * from './event-problems';
