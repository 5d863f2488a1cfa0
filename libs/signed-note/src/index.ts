export { decodeBase64, encodeBase64 } from './base64';
export * from './checkpoint';
export * from './errors';
export * from './key-name';
export * from './keys';
export * from './open-note';
export * from './proof';
export * from './sign-note';
