import fc from 'fast-check';
import { QuerySyntaxError } from './errors';
import { parseQueryArgs } from './query-args';

/** Pieces that make near-valid query text more likely than plain random strings do. */
const FRAGMENTS = [
  'id',
  'a.b',
  '*',
  ',',
  ' ',
  '\t',
  '\n',
  'WHERE',
  'where',
  '==',
  '!=',
  '<',
  '>=',
  'in',
  'not',
  'is',
  'and',
  'or',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ':',
  '.',
  '-',
  '~',
  '1',
  '1.5e3',
  '0x1',
  '012',
  "'s'",
  '"d"',
  "r'\\d'",
  "'\\x4'",
  "'",
  '"',
  '"""',
  '\\',
  '#',
  '=',
  '$',
  '日',
  '😀',
  'True',
  'null',
  '.match(',
  '.startswith(',
  'k=',
  'lambda',
  'if',
  "b'x'",
  '1j',
];

function onlyQuerySyntaxErrors(text: string): boolean {
  try {
    parseQueryArgs(text);
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) throw error;
    expect(typeof error.format()).toBe('string');
  }
  return true;
}

describe('parseQueryArgs robustness', () => {
  it('throws nothing but QuerySyntaxError for arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), onlyQuerySyntaxErrors), {
      numRuns: 3000,
    });
  });

  it('throws nothing but QuerySyntaxError for WHERE clauses made of Python-ish tokens', () => {
    const clause = fc
      .array(fc.constantFrom(...FRAGMENTS), { maxLength: 25 })
      .map((parts) => parts.join(' '));
    const joined = fc
      .array(fc.constantFrom(...FRAGMENTS), { maxLength: 25 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(clause, joined), (text) => onlyQuerySyntaxErrors(`id WHERE ${text}`)),
      { numRuns: 3000 },
    );
  });

  it('translates every generated comparison tree to the filters it stands for', () => {
    const leaf = fc
      .tuple(
        fc.constantFrom('a', 'id', 'origin'),
        fc.constantFrom(['==', '='], ['!=', '!='], ['<', '<'], ['>=', '>=']),
        fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.boolean(), fc.string({ maxLength: 8 })),
      )
      .map(([field, [op, filterOp], value]) => ({
        text: `${field} ${op} ${JSON.stringify(value)}`,
        filter: [field, filterOp, value] as unknown,
      }));
    fc.assert(
      fc.property(
        fc.array(leaf, { minLength: 1, maxLength: 4 }),
        fc.array(leaf, { minLength: 1, maxLength: 3 }),
        (ands, ors) => {
          const text = `${ands.map((item) => item.text).join(' and ')} or ${ors.map((item) => item.text).join(' or ')}`;
          const andBranch = ands.length === 1 ? ands[0].filter : ands.map((item) => item.filter);
          expect(parseQueryArgs(`* WHERE ${text}`).filters).toEqual([
            ['OR', [andBranch, ...ors.map((item) => item.filter)]],
          ]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
