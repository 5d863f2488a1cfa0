export * from './audit-path';
export * from './check-receipt';
export * from './fetch-receipt';
export * from './receipt-errors';
export * from './receipt-text';
export * from './replay-message';
export * from './replay-stream';
export * from './rpc-call';
