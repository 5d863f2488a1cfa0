export * from './uuid-v7';
export * from './boot-id';
export * from './event-builders';
export * from './event-checks';
export * from './invalid-event.error';
export * from './retry-policy';
export * from './publish-failed.error';
export * from './event-publisher';
export * from './authtrail-publisher';
export * from './command-server';
export * from './terminate-command';
export {
  checkReceipt,
  MalformedReceiptError,
  ReceiptError,
  type CheckedReceipt,
} from '@authtrail/audit-client';
export { parseVerifierKey } from '@authtrail/signed-note';
