import { parseProof, parseVerifierKey } from '@authtrail/signed-note';
import { entryTextOf, ReceiptLog } from '../../../test/fixtures/receipt-log';
import { checkReceipt } from './check-receipt';
import { ReceiptError } from './receipt-errors';
import { receiptText } from './receipt-text';

const log = new ReceiptLog('example.com/authtrail', 7);

describe('receiptText', () => {
  it('writes index seq - 1, the audit path, the checkpoint verbatim and the entry text as extra', () => {
    const inclusion = log.inclusion(3, 7);
    const checkpoint = log.checkpoint(7);
    const proof = parseProof(receiptText(inclusion, checkpoint));
    expect(proof.index).toBe(2);
    expect(proof.hashes.map((hash) => Buffer.from(hash).toString('base64'))).toEqual(
      inclusion.hashes,
    );
    expect(proof.checkpoint).toBe(checkpoint.checkpoint);
    expect(Buffer.from(proof.extra!).toString('utf8')).toBe(entryTextOf(3));
  });

  it('makes a receipt that checks for every entry of every tree size', () => {
    const verifier = parseVerifierKey(log.key.verifierKey);
    for (let size = 1; size <= 7; size++) {
      const checkpoint = log.checkpoint(size);
      for (let seq = 1; seq <= size; seq++) {
        const checked = checkReceipt(receiptText(log.inclusion(seq, size), checkpoint), verifier);
        expect(checked).toMatchObject({ seq, size, origin: 'example.com/authtrail' });
        expect(checked.entryText).toBe(entryTextOf(seq));
      }
    }
  });

  it('keeps entry text outside ASCII as UTF-8', () => {
    const wide = new ReceiptLog('wide', 0);
    const text = JSON.stringify({ origin: 'Zürich ✓ 東京', seq: 1 });
    wide.append(text);
    const receipt = receiptText(wide.inclusion(1), wide.checkpoint());
    expect(Buffer.from(parseProof(receipt).extra!).toString('utf8')).toBe(text);
    expect(checkReceipt(receipt, parseVerifierKey(wide.key.verifierKey)).entryText).toBe(text);
  });

  it('refuses a proof and a checkpoint of different tree sizes', () => {
    expect(() => receiptText(log.inclusion(3, 5), log.checkpoint(6))).toThrow(
      new ReceiptError('the proof of entry 3 is for tree size 5, the checkpoint for size 6'),
    );
  });

  it('refuses a checkpoint reply whose size is not its note’s', () => {
    const checkpoint = { ...log.checkpoint(6), size: 5 };
    expect(() => receiptText(log.inclusion(3, 5), checkpoint)).toThrow(
      'the checkpoint reply gives size 5 but its note size 6',
    );
  });

  it('refuses an index that is not seq - 1, a bad hash, and a path that misses the root', () => {
    const checkpoint = log.checkpoint(7);
    expect(() => receiptText({ ...log.inclusion(3), index: 3 }, checkpoint)).toThrow(
      'the proof of entry 3 is for index 3, not 2',
    );
    const badHash = { ...log.inclusion(3), hashes: ['AAAA', ...log.inclusion(3).hashes.slice(1)] };
    expect(() => receiptText(badHash, checkpoint)).toThrow(
      'the proof of entry 3 holds a bad hash "AAAA"',
    );
    const otherLeaf = { ...log.inclusion(3), leaf: entryTextOf(3, 'nas-2') };
    expect(() => receiptText(otherLeaf, checkpoint)).toThrow(
      'the proof of entry 3 does not lead to the root of the checkpoint at size 7',
    );
    const beyond = { ...log.inclusion(7), seq: 8, index: 7 };
    expect(() => receiptText(beyond, checkpoint)).toThrow(
      'the proof of entry 8 does not lead to the root of the checkpoint at size 7',
    );
  });

  it('refuses a checkpoint that is not a signed checkpoint', () => {
    expect(() =>
      receiptText(log.inclusion(1), { checkpoint: 'hello\n\n', size: 7, root: '' }),
    ).toThrow(/^the checkpoint is not a signed checkpoint: malformed checkpoint/);
  });
});
