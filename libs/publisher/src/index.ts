export * from './uuid-v7';
export * from './boot-id';
export * from './event-builders';
export * from './event-publisher';
