export * from './event-log';
export * from './sqlite-event-log';
export * from './entry-hash';
export * from './canonical-json';
export * from './log-schema';
