import type { CmpOp, ConstantValue, Expr, Keyword, UnaryOperator } from './ast';
import { KEYWORDS, TokenCursor } from './token-cursor';

const LITERALS = new Map<string, ConstantValue>([
  ['True', true],
  ['False', false],
  ['None', null],
]);
const COMPARISONS = new Map<string, CmpOp>([
  ['==', 'Eq'],
  ['!=', 'NotEq'],
  ['<', 'Lt'],
  ['<=', 'LtE'],
  ['>', 'Gt'],
  ['>=', 'GtE'],
]);
const UNARY = new Map<string, UnaryOperator>([
  ['-', 'USub'],
  ['+', 'UAdd'],
  ['~', 'Invert'],
]);
const OPENERS = new Set(['(', '[', '{']);
/** Longest chain of prefix operators (`not not ...`, `- - ...`) accepted. */
const MAX_PREFIX_CHAIN = 1000;

/**
 * Recursive-descent parser for the subset of Python expressions a WHERE clause uses, by
 * precedence from loosest to tightest: `or`, `and`, `not`, comparisons, unary `- + ~`, attribute
 * access and calls, atoms (names, literals, parenthesised expressions, lists, tuples, sets, dicts).
 */
class Parser extends TokenCursor {
  private prefixDepth = 0;

  parse(): Expr {
    this.skipNewlines();
    const expression = this.parseTopLevel();
    this.skipNewlines();
    if (this.peek().kind !== 'end') throw this.error();
    return expression;
  }

  /** An expression, or a bare tuple `a, b` as Python's eval mode allows. */
  private parseTopLevel(): Expr {
    const first = this.parseTest();
    if (!this.isOp(',')) return first;
    const elts = [first];
    while (this.isOp(',')) {
      this.next();
      if (!this.startsExpression()) break;
      elts.push(this.parseTest());
    }
    return { type: 'Tuple', elts, start: first.start };
  }

  private parseTest(): Expr {
    return this.parseBoolOp('Or', 'or', () =>
      this.parseBoolOp('And', 'and', () => this.parseNot()),
    );
  }

  private parseBoolOp(op: 'And' | 'Or', word: string, operand: () => Expr): Expr {
    const first = operand();
    const values = [first];
    while (this.isWord(word)) {
      this.next();
      values.push(operand());
    }
    return values.length === 1 ? first : { type: 'BoolOp', op, values, start: first.start };
  }

  private parseNot(): Expr {
    if (!this.isWord('not')) return this.parseComparison();
    const start = this.next().start;
    return { type: 'UnaryOp', op: 'Not', operand: this.prefixed(() => this.parseNot()), start };
  }

  /** Consumes a comparison operator (`==`, `in`, `not in`, `is not`, ...) if one comes next. */
  private comparisonOperator(): CmpOp | undefined {
    const token = this.peek();
    let op: CmpOp | undefined;
    let length = 1;
    if (token.kind === 'op') op = COMPARISONS.get(token.text);
    else if (this.isWord('in')) op = 'In';
    else if (this.isWord('not') && this.isWord('in', 1)) [op, length] = ['NotIn', 2];
    else if (this.isWord('is') && this.isWord('not', 1)) [op, length] = ['IsNot', 2];
    else if (this.isWord('is')) op = 'Is';
    if (op !== undefined) this.index += length;
    return op;
  }

  private parseComparison(): Expr {
    const left = this.parseUnary();
    const ops: CmpOp[] = [];
    const comparators: Expr[] = [];
    for (let op = this.comparisonOperator(); op; op = this.comparisonOperator()) {
      ops.push(op);
      comparators.push(this.parseUnary());
    }
    return ops.length === 0 ? left : { type: 'Compare', left, ops, comparators, start: left.start };
  }

  /** Parses the operand of a prefix operator, refusing absurdly long chains. */
  private prefixed(operand: () => Expr): Expr {
    this.prefixDepth += 1;
    if (this.prefixDepth > MAX_PREFIX_CHAIN) throw this.error('expression too deeply nested');
    try {
      return operand();
    } finally {
      this.prefixDepth -= 1;
    }
  }

  private parseUnary(): Expr {
    const token = this.peek();
    const op = token.kind === 'op' ? UNARY.get(token.text) : undefined;
    if (op === undefined) return this.parsePostfix();
    this.next();
    return {
      type: 'UnaryOp',
      op,
      operand: this.prefixed(() => this.parseUnary()),
      start: token.start,
    };
  }

  private parsePostfix(): Expr {
    let expression = this.parseAtom();
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        const name = this.next();
        if (name.kind !== 'name' || KEYWORDS.has(name.text))
          throw this.error(undefined, name.start);
        expression = {
          type: 'Attribute',
          value: expression,
          attr: name.text,
          start: expression.start,
        };
      } else if (this.isOp('(')) {
        this.next();
        const { args, keywords } = this.parseArguments();
        expression = { type: 'Call', func: expression, args, keywords, start: expression.start };
      } else return expression;
    }
  }

  /** Call arguments up to and including `)`: positional ones, then `name=value` keywords. */
  private parseArguments(): { args: Expr[]; keywords: Keyword[] } {
    const args: Expr[] = [];
    const keywords: Keyword[] = [];
    while (!this.isOp(')')) {
      const token = this.peek();
      if (token.kind === 'name' && !KEYWORDS.has(token.text) && this.isOp('=', 1)) {
        this.index += 2;
        keywords.push({ arg: token.text, value: this.parseTest() });
      } else if (keywords.length > 0) {
        throw this.error('positional argument follows keyword argument');
      } else args.push(this.parseTest());
      if (!this.isOp(',')) break;
      this.next();
    }
    this.closeSequence(')', [...args, ...keywords.map((keyword) => keyword.value)]);
    return { args, keywords };
  }

  /** Expects the closing bracket; two adjacent elements get Python's "forgot a comma" hint. */
  private closeSequence(closer: string, elements: Expr[]): void {
    if (this.isOp(closer)) {
      this.next();
      return;
    }
    const last = elements.at(-1);
    if (last && this.startsExpression()) {
      throw this.error('invalid syntax. Perhaps you forgot a comma?', last.start);
    }
    throw this.error();
  }

  private parseElements(closer: string): { elts: Expr[]; trailingComma: boolean } {
    const elts: Expr[] = [];
    let trailingComma = false;
    while (!this.isOp(closer)) {
      elts.push(this.parseTest());
      trailingComma = this.isOp(',');
      if (!trailingComma) break;
      this.next();
    }
    this.closeSequence(closer, elts);
    return { elts, trailingComma };
  }

  /** `{}` and `{k: v, ...}` are dicts, `{a, ...}` is a set. */
  private parseBraces(start: number): Expr {
    if (this.isOp('}')) {
      this.next();
      return { type: 'Dict', keys: [], values: [], start };
    }
    const first = this.parseTest();
    if (!this.isOp(':')) {
      const elts = [first];
      while (this.isOp(',') && !this.isOp('}', 1)) {
        this.next();
        elts.push(this.parseTest());
      }
      if (this.isOp(',')) this.next();
      this.closeSequence('}', elts);
      return { type: 'Set', elts, start };
    }
    const keys = [first];
    const values: Expr[] = [];
    for (;;) {
      this.expectOp(':');
      values.push(this.parseTest());
      if (!this.isOp(',') || this.isOp('}', 1)) break;
      this.next();
      keys.push(this.parseTest());
    }
    if (this.isOp(',')) this.next();
    this.closeSequence('}', values);
    return { type: 'Dict', keys, values, start };
  }

  private parseAtom(): Expr {
    const token = this.peek();
    if (token.kind === 'number' || token.kind === 'string') return this.parseLiteral();
    const literal = token.kind === 'name' ? LITERALS.get(token.text) : undefined;
    if (literal !== undefined) {
      this.next();
      return { type: 'Constant', value: literal, start: token.start };
    }
    if (token.kind === 'name' && !KEYWORDS.has(token.text)) {
      this.next();
      return { type: 'Name', id: token.text, start: token.start };
    }
    if (token.kind !== 'op' || !OPENERS.has(token.text)) throw this.error();
    this.next();
    if (token.text === '[')
      return { type: 'List', elts: this.parseElements(']').elts, start: token.start };
    if (token.text === '{') return this.parseBraces(token.start);
    const { elts, trailingComma } = this.parseElements(')');
    return elts.length === 1 && !trailingComma
      ? elts[0]
      : { type: 'Tuple', elts, start: token.start };
  }

  /** A number, or adjacent string literals joined into one (`'a' 'b'` is `'ab'`). */
  private parseLiteral(): Expr {
    const first = this.next();
    if (first.kind === 'number')
      return { type: 'Constant', value: first.value ?? 0, start: first.start };
    let value = String(first.value ?? '');
    while (this.peek().kind === 'string') value += String(this.next().value ?? '');
    return { type: 'Constant', value, start: first.start };
  }
}

/** Parses one Python expression (a WHERE clause) into its AST; throws QuerySyntaxError. */
export function parseExpression(source: string): Expr {
  return new Parser(source).parse();
}
