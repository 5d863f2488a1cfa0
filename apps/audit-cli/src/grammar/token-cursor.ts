import { QuerySyntaxError } from './errors';
import { type Token, tokenize } from './tokenizer';

/** Python's reserved words; `True`, `False`, `None` are literals, `and`/`or`/`not`/`in`/`is` operators. */
export const KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except ' +
    'finally for from global if import in is lambda nonlocal not or pass raise return try while ' +
    'with yield'
  ).split(' '),
);
const LITERAL_NAMES = new Set(['True', 'False', 'None']);

/** Reads tokens on demand and offers the look-ahead helpers of the parser. */
export class TokenCursor {
  protected index = 0;
  private readonly tokens: Token[] = [];
  private readonly pending: Iterator<Token, void, undefined>;

  constructor(protected readonly source: string) {
    this.pending = tokenize(source);
  }

  /** The token `offset` places ahead, read from the tokenizer only when needed. */
  protected peek(offset = 0): Token {
    while (this.tokens.length <= this.index + offset) {
      const next = this.pending.next();
      if (next.done) break;
      this.tokens.push(next.value);
    }
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  protected next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  protected isOp(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'op' && token.text === text;
  }

  protected isWord(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'name' && token.text === text;
  }

  protected expectOp(text: string): void {
    if (!this.isOp(text)) throw this.error();
    this.next();
  }

  protected skipNewlines(): void {
    while (this.peek().kind === 'newline') this.next();
  }

  protected error(message = 'invalid syntax', at = this.peek().start): QuerySyntaxError {
    return new QuerySyntaxError(message, at, this.source);
  }

  protected startsExpression(token: Token = this.peek()): boolean {
    if (token.kind === 'number' || token.kind === 'string') return true;
    if (token.kind === 'name')
      return !KEYWORDS.has(token.text) || LITERAL_NAMES.has(token.text) || token.text === 'not';
    return token.kind === 'op' && '([{-+~'.includes(token.text);
  }
}
