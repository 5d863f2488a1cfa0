export * from './event-log';
export * from './sqlite-event-log';
export * from './sqlite-checkpoints';
export * from './chain-verifier';
export * from './entry-hash';
export * from './canonical-json';
export * from './log-schema';
export * from './search-columns';
