export * from './checkpoint';
export * from './errors';
export * from './key-name';
export * from './keys';
export * from './open-note';
export * from './proof';
export * from './sign-note';
export * from './witness-keys';
