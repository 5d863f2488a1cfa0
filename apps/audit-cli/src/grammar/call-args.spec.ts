import { QuerySyntaxError } from './errors';
import { parseCallArgs } from './call-args';

const UUID = '5c0f9f3e-2b8a-4d6e-9f1a-0c2d4e6f8a10';

function failure(text: string): string {
  try {
    parseCallArgs(text);
  } catch (error) {
    expect(error).toBeInstanceOf(QuerySyntaxError);
    return (error as QuerySyntaxError).format();
  }
  throw new Error(`${text} parsed`);
}

describe('parseCallArgs', () => {
  it('reads a quoted value as a positional argument or as id=', () => {
    expect(parseCallArgs(`"${UUID}"`)).toEqual({ args: [UUID], kwargs: new Map() });
    expect(parseCallArgs(`id="${UUID}"`)).toEqual({ args: [], kwargs: new Map([['id', UUID]]) });
    expect(parseCallArgs(`  id = "${UUID}"  `).kwargs.get('id')).toBe(UUID);
    expect(parseCallArgs('')).toEqual({ args: [], kwargs: new Map() });
  });

  it('reads numbers, keywords, bare words and comma lists as midcli does', () => {
    expect(parseCallArgs('0o17 0x1F 12 -1.5e3 true null word.a/b_c@d a,b,3').args).toEqual([
      15,
      31,
      12,
      -1500,
      true,
      null,
      'word.a/b_c@d',
      ['a', 'b', 3],
    ]);
    // the quotes are removed and nothing is unescaped (pyparsing removeQuotes)
    expect(parseCallArgs('"a\\"b" "x""y"').args).toEqual(['a\\"b', 'x""y']);
    expect(parseCallArgs('a x=1 y="2"').kwargs).toEqual(
      new Map<string, unknown>([
        ['x', 1],
        ['y', '2'],
      ]),
    );
  });

  it('refuses a bare hyphenated UUID where it starts, with the caret', () => {
    expect(failure(UUID)).toBe(`Expected end of text, found '5'\n ${UUID}\n ^`);
    expect(failure('a1b2c3d4-0000-4000-8000-000000000001')).toBe(
      "Expected end of text, found 'a'\n a1b2c3d4-0000-4000-8000-000000000001\n ^",
    );
    expect(failure(`id=${UUID}`)).toBe(`Expected end of text, found 'i'\n id=${UUID}\n ^`);
    expect(failure(`"x"  ${UUID}`)).toBe(`Expected end of text, found '5'\n "x"  ${UUID}\n      ^`);
  });

  it('refuses a positional value after a keyword one, an unclosed quote and JSON lists', () => {
    expect(failure('id="x" y')).toBe(`Expected end of text, found 'y'\n id="x" y\n        ^`);
    expect(failure('"abc')).toBe(`Expected end of text, found '"'\n "abc\n ^`);
    expect(failure('["a"]')).toBe(`Expected end of text, found '['\n ["a"]\n ^`);
  });
});
