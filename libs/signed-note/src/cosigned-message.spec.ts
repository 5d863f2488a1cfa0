import { C2SP_COSIGNATURE } from '../../../test/fixtures/cosignature-vectors';
import { cosignedMessage, readTimestamped, timestamped } from './cosigned-message';
import { parseSignatureLine } from './note-lines';
import { utf8 } from './note-text';

const { checkpointText, witnessLine, timestamp } = C2SP_COSIGNATURE;
/** The bytes of the spec's example cosignature after its key id. */
const exampleBytes = parseSignatureLine(witnessLine.slice(0, -1)).bytes;

describe('the cosignature/v1 message and signature layout', () => {
  it('is the signed message the spec spells out for its example', () => {
    const message = cosignedMessage(utf8(checkpointText), timestamp);
    expect(Buffer.from(message).toString('utf8')).toBe(C2SP_COSIGNATURE.signedMessage);
  });

  it("reads the spec example's key id, timestamp and 64-byte signature", () => {
    expect(parseSignatureLine(witnessLine.slice(0, -1)).signature.keyId).toBe(
      C2SP_COSIGNATURE.witnessKeyId,
    );
    const read = readTimestamped(exampleBytes.subarray(4));
    expect(read?.timestamp).toBe(timestamp);
    expect(read?.signature).toEqual(exampleBytes.subarray(12));
  });

  it('writes the timestamp big-endian before the signature, as the example holds them', () => {
    const signature = exampleBytes.subarray(12);
    expect(timestamped(timestamp, signature)).toEqual(exampleBytes.subarray(4));
  });

  it.each([
    ['71 bytes', 71, 0],
    ['73 bytes', 73, 0],
    ['a timestamp of 2^53 seconds', 72, 2 ** 53],
  ])('refuses %s', (_what, size, time) => {
    const bytes = new Uint8Array(size);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(time));
    expect(readTimestamped(bytes)).toBeUndefined();
  });

  it('reads the largest timestamp it holds exactly, 2^53 - 1', () => {
    const bytes = timestamped(Number.MAX_SAFE_INTEGER, new Uint8Array(64));
    expect(readTimestamped(bytes)?.timestamp).toBe(Number.MAX_SAFE_INTEGER);
    expect(Buffer.from(cosignedMessage(new Uint8Array(), 2 ** 53 - 1)).toString()).toBe(
      'cosignature/v1\ntime 9007199254740991\n',
    );
  });
});
