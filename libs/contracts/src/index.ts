export * from './subjects';
export * from './auth-events';
export * from './log-entry';
export * from './sessions-query';
export * from './errors';
export * from './audit-rpc';
export * from './event-time';
export * from './dead-letters';
