export * from './errors';
export * from './key-name';
export * from './keys';
