export * from './checkpoint';
export * from './errors';
export * from './key-name';
export * from './keys';
export * from './open-note';
export * from './sign-note';
