export * from './key-file-error';
export * from './read-private-key';
export * from './write-key-pair';
