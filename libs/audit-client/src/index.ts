export * from './replay-message';
export * from './replay-stream';
