import { QuerySyntaxError } from './errors';
import { parseQueryArgs } from './query-args';

function syntaxError(text: string): QuerySyntaxError {
  try {
    parseQueryArgs(text);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error;
    throw error;
  }
  throw new Error(`no error for ${text}`);
}

describe('parseQueryArgs: columns', () => {
  it.each<[string, string[] | undefined]>([
    ['', undefined],
    ['   ', undefined],
    ['*', undefined],
    ['id', ['id']],
    ['id,origin', ['id', 'origin']],
    ['id, origin,  credentials', ['id', 'origin', 'credentials']],
    [' id , origin ', ['id', 'origin']],
    ['credentials_data.username', ['credentials_data.username']],
    ['a1_b.c2', ['a1_b.c2']],
    ['where', ['where']],
  ])('%p selects %p', (text, select) => {
    expect(parseQueryArgs(text)).toEqual(select ? { select, filters: [] } : { filters: [] });
  });

  it('needs a column list before WHERE, like pyparsing', () => {
    const error = syntaxError('WHERE internal == false');
    expect(error.message).toBe("Expected end of text, found 'i'");
    expect(error.position).toBe(6);
    expect(error.format()).toBe(
      "Expected end of text, found 'i'\n WHERE internal == false\n       ^",
    );
  });

  it.each<[string, string, number]>([
    [',id', "Expected {column [, column]... | '*'}, found ','", 0],
    ['  -x', "Expected {column [, column]... | '*'}, found '-'", 2],
    ['1abc', "Expected {column [, column]... | '*'}, found '1'", 0],
    ['_x', "Expected {column [, column]... | '*'}, found '_'", 0],
    ['id,', "Expected end of text, found ','", 2],
    ['id origin', "Expected end of text, found 'o'", 3],
    ['id WHERE', "Expected end of text, found 'W'", 3],
    ['id WHEREx == 1', "Expected end of text, found 'W'", 3],
    ['* ,id', "Expected end of text, found ','", 2],
    ["id 'x'", 'Expected end of text, found "\'"', 3],
    ['id \\', "Expected end of text, found '\\'", 3],
  ])('%p fails with %p at %p', (text, message, position) => {
    const error = syntaxError(text);
    expect(error.message).toBe(message);
    expect(error.position).toBe(position);
  });

  it('expands tabs as pyparsing does before placing the caret', () => {
    const error = syntaxError('id\torigin');
    expect(error.format()).toBe("Expected end of text, found 'o'\n id      origin\n         ^");
  });
});

describe('parseQueryArgs: WHERE', () => {
  it('case 28: sessions id,origin WHERE internal == false', () => {
    expect(parseQueryArgs('id,origin WHERE internal == false')).toEqual({
      select: ['id', 'origin'],
      filters: [['internal', '=', false]],
    });
  });

  it.each(['WHERE', 'where', 'Where', 'wHeRe'])('accepts the keyword %p in any case', (keyword) => {
    expect(parseQueryArgs(`* ${keyword} current == true`)).toEqual({
      filters: [['current', '=', true]],
    });
  });

  it('allows WHERE right after *, and an empty clause', () => {
    expect(parseQueryArgs('*WHERE a == 1')).toEqual({ filters: [['a', '=', 1]] });
    expect(parseQueryArgs('id WHERE    ')).toEqual({ select: ['id'], filters: [] });
  });

  it('case 30 (adapted): `and` gives two implicit-AND filters', () => {
    expect(parseQueryArgs('id WHERE internal == false and current == false')).toEqual({
      select: ['id'],
      filters: [
        ['internal', '=', false],
        ['current', '=', false],
      ],
    });
  });

  it('case 30: translation errors carry midcli’s texts and no caret', () => {
    expect(syntaxError('id WHERE internal').format()).toBe('Unsupported filter expression: Name');
    expect(syntaxError("id WHERE credentials_data.username == 'root'").format()).toBe(
      'Unsupported left operand Attribute',
    );
    expect(syntaxError('id WHERE internal is None').format()).toBe(
      'Unsupported comparison operator: Is',
    );
  });

  it('places a Python syntax error caret in the WHERE text', () => {
    const error = syntaxError('id WHERE  (internal == false ');
    expect(error.source).toBe('(internal == false');
    expect(error.format()).toBe("'(' was never closed\n (internal == false\n ^");
  });
});
