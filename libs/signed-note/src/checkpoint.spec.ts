import fc from 'fast-check';
import { C2SP_CHECKPOINT } from '../../../test/fixtures/note-vectors';
import { formatCheckpoint, parseCheckpoint } from './checkpoint';
import { MalformedCheckpointError } from './errors';
import { noteCharsProblem } from './note-text';

const ROOT = C2SP_CHECKPOINT.rootHash;
const rootHash = new Uint8Array(Buffer.from(ROOT, 'base64'));
const specText = C2SP_CHECKPOINT.note.slice(0, C2SP_CHECKPOINT.note.lastIndexOf('\n\n') + 1);

describe('parseCheckpoint', () => {
  it('reads the example of c2sp.org/tlog-checkpoint', () => {
    expect(parseCheckpoint(specText)).toEqual({
      origin: C2SP_CHECKPOINT.origin,
      size: C2SP_CHECKPOINT.size,
      rootHash,
    });
  });

  it('reads extension lines and a tree size of zero', () => {
    expect(parseCheckpoint(`log\n0\n${ROOT}\next one\next two\n`)).toEqual({
      origin: 'log',
      size: 0,
      rootHash,
      extensions: ['ext one', 'ext two'],
    });
  });

  it.each([
    ['no final newline', `log\n1\n${ROOT}`],
    ['two lines', `log\n1\n`],
    ['an empty origin', `\n1\n${ROOT}\n`],
    ['a leading zero', `log\n01\n${ROOT}\n`],
    ['a negative size', `log\n-1\n${ROOT}\n`],
    ['a size past the safe integers', `log\n9007199254740992\n${ROOT}\n`],
    ['a short root hash', `log\n1\nAAAA\n`],
    ['a root hash in url-safe base64', `log\n1\n${ROOT.replace('/', '_')}\n`],
    ['an empty extension line', `log\n1\n${ROOT}\n\next\n`],
    ['a control character', `lo\tg\n1\n${ROOT}\n`],
    ['a carriage return', `log\r\n1\r\n${ROOT}\r\n`],
  ])('refuses %s', (_what, text) => {
    expect(() => parseCheckpoint(text)).toThrow(MalformedCheckpointError);
  });
});

describe('formatCheckpoint', () => {
  it('writes the example of c2sp.org/tlog-checkpoint', () => {
    expect(
      formatCheckpoint({ origin: C2SP_CHECKPOINT.origin, size: C2SP_CHECKPOINT.size, rootHash }),
    ).toBe(specText);
  });

  it.each([
    ['an empty origin', { origin: '', size: 1, rootHash }],
    ['a two-line origin', { origin: 'a\nb', size: 1, rootHash }],
    ['a fractional size', { origin: 'log', size: 1.5, rootHash }],
    ['a negative size', { origin: 'log', size: -1, rootHash }],
    ['a 31-byte root', { origin: 'log', size: 1, rootHash: rootHash.subarray(1) }],
    ['an empty extension', { origin: 'log', size: 1, rootHash, extensions: [''] }],
  ])('refuses %s', (_what, checkpoint) => {
    expect(() => formatCheckpoint(checkpoint)).toThrow(MalformedCheckpointError);
  });

  it('reads back what it writes', () => {
    const line = fc
      .string({ minLength: 1, maxLength: 30 })
      .filter((text) => !text.includes('\n') && noteCharsProblem(text) === undefined);
    fc.assert(
      fc.property(
        line,
        fc.maxSafeNat(),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.array(line, { maxLength: 3 }),
        (origin, size, root, extensions) => {
          const checkpoint =
            extensions.length > 0
              ? { origin, size, rootHash: root, extensions }
              : { origin, size, rootHash: root };
          expect(parseCheckpoint(formatCheckpoint(checkpoint))).toEqual(checkpoint);
        },
      ),
      { numRuns: 100 },
    );
  });
});
