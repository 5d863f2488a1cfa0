import {
  encodeBase64,
  formatProof,
  generateKey,
  parseProof,
  parseVerifierKey,
} from '@authtrail/signed-note';
import { entryTextOf, ReceiptLog } from '../../../test/fixtures/receipt-log';
import { checkReceipt } from './check-receipt';
import { MalformedReceiptError, ReceiptError } from './receipt-errors';
import { receiptText } from './receipt-text';

const log = new ReceiptLog('example.com/authtrail', 6);
const verifier = parseVerifierKey(log.key.verifierKey);
const receipt = receiptText(log.inclusion(3), log.checkpoint());
const proof = parseProof(receipt);
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

/** The receipt with its parts replaced. */
const remade = (parts: Partial<typeof proof>) => formatProof({ ...proof, ...parts });

const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ReceiptError);
    expect(error).not.toBeInstanceOf(MalformedReceiptError);
    return (error as Error).message;
  }
  throw new Error('the receipt was accepted');
};

describe('checkReceipt', () => {
  it('accepts a receipt with its own entry text, or the same text given', () => {
    const expected = { seq: 3, origin: 'example.com/authtrail', size: 6 };
    expect(checkReceipt(receipt, verifier)).toMatchObject(expected);
    expect(checkReceipt(receipt, verifier, entryTextOf(3))).toMatchObject(expected);
    const bare = remade({ extra: undefined });
    expect(bare).not.toContain('extra');
    expect(checkReceipt(bare, verifier, entryTextOf(3))).toMatchObject(expected);
  });

  it('refuses a tampered entry: in the receipt, or given beside it', () => {
    const tampered = entryTextOf(3).replace('nas-1', 'nas-9');
    expect(refusal(() => checkReceipt(remade({ extra: utf8(tampered) }), verifier))).toMatch(
      /^the audit path \(3 hashes\) does not lead from the entry at index 2 to the root of the checkpoint at size 6/,
    );
    expect(refusal(() => checkReceipt(receipt, verifier, tampered))).toBe(
      "the entry text differs from the receipt's",
    );
    expect(refusal(() => checkReceipt(remade({ extra: undefined }), verifier, tampered))).toMatch(
      /^the audit path .* does not lead/,
    );
  });

  it('refuses a receipt checked with another key, even one of the same name', () => {
    for (const name of ['example.com/authtrail', 'another-log']) {
      const other = parseVerifierKey(generateKey(name).verifierKey);
      expect(refusal(() => checkReceipt(receipt, other))).toMatch(
        new RegExp(
          `^the checkpoint is not signed by ${name}\\+[0-9a-f]{8} \\(its signatures are by example\\.com/authtrail\\+[0-9a-f]{8}\\)$`,
        ),
      );
    }
  });

  it('refuses a checkpoint whose signature does not verify', () => {
    const root = log.checkpoint().root;
    const forgedRoot = encodeBase64(new Uint8Array(32).fill(1));
    const forged = remade({ checkpoint: proof.checkpoint.replace(root, forgedRoot) });
    expect(refusal(() => checkReceipt(forged, verifier))).toMatch(
      /^the checkpoint's signature by example\.com\/authtrail\+[0-9a-f]{8} does not verify$/,
    );
  });

  it('refuses a checkpoint the key signed for another origin', () => {
    const checkpoint = log.checkpoint(6, 'example.com/other').checkpoint;
    expect(refusal(() => checkReceipt(remade({ checkpoint }), verifier))).toBe(
      'the checkpoint\'s origin "example.com/other" is not the key\'s name "example.com/authtrail"',
    );
  });

  it('refuses a truncated path, a path of another tree size, and an index outside the tree', () => {
    expect(
      refusal(() => checkReceipt(remade({ hashes: proof.hashes.slice(0, -1) }), verifier)),
    ).toMatch(/^the audit path \(2 hashes\) does not lead/);
    const smaller = parseProof(receiptText(log.inclusion(3, 5), log.checkpoint(5)));
    expect(refusal(() => checkReceipt(remade({ hashes: smaller.hashes }), verifier))).toMatch(
      /^the audit path \(3 hashes\) does not lead .* or the path is of another tree size$/,
    );
    expect(refusal(() => checkReceipt(remade({ index: 6 }), verifier))).toBe(
      "index 6 is not in the checkpoint's tree of size 6",
    );
  });

  it('refuses a receipt whose index is another entry’s', () => {
    expect(refusal(() => checkReceipt(remade({ index: 3 }), verifier))).toMatch(
      /^the audit path .* from the entry at index 3/,
    );
  });

  it('refuses an entry the log holds under another seq than its place', () => {
    const odd = new ReceiptLog('odd', 0);
    odd.append(entryTextOf(1));
    odd.append(entryTextOf(7));
    odd.append('not json');
    const key = parseVerifierKey(odd.key.verifierKey);
    expect(checkReceipt(receiptText(odd.inclusion(1), odd.checkpoint()), key).seq).toBe(1);
    expect(refusal(() => checkReceipt(receiptText(odd.inclusion(2), odd.checkpoint()), key))).toBe(
      "the entry text's seq is 7, but index 1 is seq 2",
    );
    expect(refusal(() => checkReceipt(receiptText(odd.inclusion(3), odd.checkpoint()), key))).toBe(
      "the entry text's seq is missing (the entry text is not JSON), but index 2 is seq 3",
    );
  });

  it('calls a text that is no receipt, or one without entry text, malformed', () => {
    const malformed = (run: () => unknown) => expect(run).toThrow(MalformedReceiptError);
    malformed(() => checkReceipt('', verifier));
    malformed(() => checkReceipt(receipt.replace('c2sp.org/tlog-proof@v1', 'proof'), verifier));
    malformed(() => checkReceipt(receipt.replace(/\n\u2014 .*\n$/, '\n\u2014 x\n'), verifier));
    malformed(() => checkReceipt(remade({ extra: Uint8Array.of(0xff) }), verifier));
    expect(() => checkReceipt(remade({ extra: undefined }), verifier)).toThrow(
      new MalformedReceiptError('the receipt holds no entry text (extra): give the entry text'),
    );
  });
});
