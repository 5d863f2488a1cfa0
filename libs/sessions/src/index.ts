export * from './sessions-state';
export * from './evolve';
export * from './active-sessions';
export * from './sessions-snapshot';
export * from './session-list';
export * from './session-changes';
