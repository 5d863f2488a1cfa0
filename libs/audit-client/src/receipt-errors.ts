/**
 * Why a receipt (an entry's c2sp.org/tlog-proof) could not be made or does not hold. The message
 * names the check that failed, so that it can be shown as it is.
 */
export class ReceiptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A receipt, key or entry text that cannot be read at all: not a check that failed. */
export class MalformedReceiptError extends ReceiptError {}
