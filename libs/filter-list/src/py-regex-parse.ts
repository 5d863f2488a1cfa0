import { classEscape, DOTTED_AND_DOTLESS_I, literal, parseSet } from './py-regex-class';
import { PatternError, UnsupportedConstruct } from './py-regex-errors';

/**
 * A Python `re` pattern parsed into a small tree, with Python's error texts for what it refuses
 * (`re.error` messages with their positions) and the constructs RE2 cannot run named.
 */

export interface Flags {
  readonly i: boolean;
  readonly m: boolean;
  readonly s: boolean;
  readonly a: boolean;
}

export type Node =
  | { readonly t: 'atom'; readonly text: string; readonly anchor: boolean }
  | { readonly t: 'eol'; readonly multiline: boolean }
  | { readonly t: 'group'; readonly flags: Flags; readonly alts: readonly Node[][] }
  | {
      readonly t: 'repeat';
      readonly body: Node;
      readonly min: number;
      readonly max: number;
      readonly lazy: boolean;
    };

export const MAX_GROUP_DEPTH = 100;
const MAX_REPEAT = 1000;
const PY_MAXREPEAT = 4294967295;
const FLAG_LETTERS = 'aiLmsux';
const OCTAL = /^[0-7]$/;
/** Python's `{m,n}` (a `{` not followed by this, or `{}`, is a literal). */
const QUANTIFIER = /\{(?!\})(\d*)(?:(,)(\d*))?\}/y;
const HEX = /^[0-9a-fA-F]$/;
const IDENTIFIER = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };

export type Escape =
  | { readonly kind: 'char'; readonly code: number }
  | { readonly kind: 'class'; readonly letter: string }
  | { readonly kind: 'anchor'; readonly letter: string };

export class PatternParser {
  private i = 0;
  private groupNames = new Set<string>();
  private topItems = 0;
  flags: Flags;

  constructor(private readonly p: string) {
    this.flags = { i: false, m: false, s: false, a: false };
  }

  private error(text: string, at: number): PatternError {
    return new PatternError(`${text} at position ${at}`);
  }

  /** The whole pattern: the top-level alternatives. */
  parse(): Node[][] {
    const alts = this.alternatives(this.flags, 0);
    if (this.i < this.p.length) throw this.error('unbalanced parenthesis', this.i);
    return alts;
  }

  private alternatives(flags: Flags, depth: number): Node[][] {
    // Global flags (only at the very start) apply to every top-level alternative.
    const alts: Node[][] = [this.sequence(depth === 0 ? this.flags : flags, depth)];
    while (this.p[this.i] === '|') {
      this.i++;
      if (depth === 0) this.topItems++;
      alts.push(this.sequence(depth === 0 ? this.flags : flags, depth));
    }
    return alts;
  }

  private sequence(outer: Flags, depth: number): Node[] {
    const items: Node[] = [];
    let flags = outer;
    for (;;) {
      const at = this.i;
      const ch = this.p[at];
      if (ch === undefined || ch === '|' || ch === ')') return items;
      if (ch === '*' || ch === '+' || ch === '?' || (ch === '{' && this.quantifierAhead())) {
        this.quantify(items, at);
        continue;
      }
      this.i++;
      let node: Node | undefined;
      if (ch === '(') {
        const opened = this.group(flags, depth, at, items.length === 0 && depth === 0);
        if (opened === 'global') {
          flags = this.flags;
          continue;
        }
        node = opened;
      } else if (ch === '[') node = { t: 'atom', text: parseSet(this, flags, at), anchor: false };
      else if (ch === '\\') node = this.escapeNode(flags, at);
      else if (ch === '.') node = { t: 'atom', text: flags.s ? '(?s:.)' : '.', anchor: false };
      else if (ch === '^') node = { t: 'atom', text: flags.m ? '(?m:^)' : '\\A', anchor: true };
      else if (ch === '$') node = { t: 'eol', multiline: flags.m };
      else node = this.charNode(this.codeAt(at), flags);
      if (node === undefined) continue;
      items.push(node);
      if (depth === 0) this.topItems++;
    }
  }

  /** The code point at `at` (advancing past a surrogate pair's second half). */
  private codeAt(at: number): number {
    const code = this.p.codePointAt(at) ?? 0;
    if (code > 0xffff) this.i++;
    else if (code >= 0xd800 && code <= 0xdfff) {
      throw new UnsupportedConstruct('unpaired surrogate characters are not supported');
    }
    return code;
  }

  charNode(code: number, flags: Flags): Node {
    const isLetter = (code | 32) >= 0x61 && (code | 32) <= 0x7a;
    if (flags.a && flags.i && isLetter) {
      return { t: 'atom', text: `[${literal(code | 32)}${literal(code & ~32)}]`, anchor: false };
    }
    if (flags.i && !flags.a && DOTTED_AND_DOTLESS_I.includes(code)) {
      return { t: 'atom', text: `[${DOTTED_AND_DOTLESS_I.map(literal).join('')}]`, anchor: false };
    }
    return { t: 'atom', text: literal(code), anchor: false };
  }

  private quantifierAhead(): boolean {
    QUANTIFIER.lastIndex = this.i;
    return QUANTIFIER.test(this.p);
  }

  private quantify(items: Node[], at: number): void {
    const ch = this.p[this.i++];
    let min = 0;
    let max = Infinity;
    if (ch === '+') min = 1;
    else if (ch === '?') max = 1;
    else if (ch === '{') {
      QUANTIFIER.lastIndex = at;
      const m = QUANTIFIER.exec(this.p) as RegExpExecArray;
      this.i = at;
      this.i += m[0].length;
      const lo = m[1];
      const hi = m[2] === undefined ? lo : m[3];
      if (lo) min = Number(lo);
      if (hi) max = Number(hi);
      if (min >= PY_MAXREPEAT || (max !== Infinity && max >= PY_MAXREPEAT)) {
        throw new PatternError('the repetition number is too large');
      }
      if (max < min) throw this.error('min repeat greater than max repeat', at + 1);
    }
    const last = items[items.length - 1];
    if (last === undefined || (last.t === 'atom' && last.anchor) || last.t === 'eol') {
      throw this.error('nothing to repeat', at);
    }
    if (last.t === 'repeat') throw this.error('multiple repeat', at);
    let lazy = false;
    if (this.p[this.i] === '?') {
      lazy = true;
      this.i++;
    } else if (this.p[this.i] === '+') {
      throw new UnsupportedConstruct('possessive quantifiers are not supported');
    }
    if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) {
      throw new UnsupportedConstruct(`repetition counts above ${MAX_REPEAT} are not supported`);
    }
    items[items.length - 1] = { t: 'repeat', body: last, min, max, lazy };
  }

  /** After `(`: a group node, 'global' for leading global flags, undefined for a comment. */
  private group(flags: Flags, depth: number, at: number, atStart: boolean) {
    if (depth + 1 > MAX_GROUP_DEPTH) {
      throw new UnsupportedConstruct(
        `groups nested deeper than ${MAX_GROUP_DEPTH} are not supported`,
      );
    }
    let inner = flags;
    if (this.p[this.i] === '?') {
      this.i++;
      const c = this.p[this.i];
      if (c === undefined) throw this.error('unexpected end of pattern', this.i);
      if (c === ':') this.i++;
      else if (c === 'P') {
        this.i++;
        const d = this.p[this.i];
        if (d === '<') {
          this.i++;
          this.groupName();
        } else if (d === '=') {
          throw new UnsupportedConstruct('backreferences are not supported');
        } else if (d === undefined) throw this.error('unexpected end of pattern', this.i);
        else throw this.error(`unknown extension ?P${d}`, at + 1);
      } else if (c === '#') {
        const end = this.p.indexOf(')', this.i);
        if (end < 0) throw this.error('missing ), unterminated comment', at);
        this.i = end + 1;
        return undefined;
      } else if (c === '=' || c === '!') {
        throw new UnsupportedConstruct('lookahead assertions are not supported');
      } else if (c === '<') {
        const d = this.p[this.i + 1];
        if (d === '=' || d === '!') {
          throw new UnsupportedConstruct('lookbehind assertions are not supported');
        }
        if (d === undefined) throw this.error('unexpected end of pattern', this.i + 1);
        throw this.error(`unknown extension ?<${d}`, at + 1);
      } else if (c === '(') {
        throw new UnsupportedConstruct('conditional groups are not supported');
      } else if (c === '>') {
        throw new UnsupportedConstruct('atomic groups are not supported');
      } else if (FLAG_LETTERS.includes(c) || c === '-') {
        const scoped = this.inlineFlags(flags, at, atStart && this.topItems === 0);
        if (scoped === 'global') return 'global';
        inner = scoped;
      } else throw this.error(`unknown extension ?${c}`, at + 1);
    } else {
      this.groupCount++;
    }
    const alts = this.alternatives(inner, depth + 1);
    if (this.p[this.i] !== ')') throw this.error('missing ), unterminated subpattern', at);
    this.i++;
    return { t: 'group', flags: inner, alts } as const;
  }

  private groupCount = 0;

  private groupName(): void {
    const start = this.i;
    const end = this.p.indexOf('>', start);
    if (end < 0) throw this.error('missing >, unterminated name', start);
    const name = this.p.slice(start, end);
    if (name === '') throw this.error('missing group name', start);
    if (!IDENTIFIER.test(name)) throw this.error(`bad character in group name '${name}'`, start);
    this.groupCount++;
    if (this.groupNames.has(name)) {
      throw this.error(`redefinition of group name '${name}' as group ${this.groupCount}`, start);
    }
    this.groupNames.add(name);
    this.i = end + 1;
  }

  /** `(?flags)` or `(?flags-flags:`: the group's flags, or 'global' after setting them. */
  private inlineFlags(flags: Flags, at: number, mayBeGlobal: boolean): Flags | 'global' {
    const on = new Set<string>();
    const off = new Set<string>();
    let target = on;
    for (;;) {
      const c = this.p[this.i];
      if (c === undefined) throw this.error('missing -, : or )', this.i);
      this.i++;
      if (c === ')' || c === ':') {
        if (c === ')' && off.size > 0) throw this.error('missing :', this.i - 1);
        if (c === ':' && target === off && off.size === 0) {
          throw this.error('missing flag', this.i - 1);
        }
        return this.applyFlags(flags, on, off, c === ')', mayBeGlobal, at);
      }
      if (c === '-') {
        if (target === off) throw this.error('unknown flag', this.i - 1);
        target = off;
        continue;
      }
      if (!FLAG_LETTERS.includes(c)) {
        throw this.error(c.match(/[a-zA-Z]/) ? 'unknown flag' : 'missing -, : or )', this.i - 1);
      }
      if (target === off && 'auL'.includes(c)) {
        throw this.error("bad inline flags: cannot turn off flags 'a', 'u' and 'L'", this.i);
      }
      target.add(c);
    }
  }

  private applyFlags(
    flags: Flags,
    on: Set<string>,
    off: Set<string>,
    global: boolean,
    mayBeGlobal: boolean,
    at: number,
  ): Flags | 'global' {
    for (const c of on) {
      if (off.has(c)) throw this.error('bad inline flags: flag turned on and off', this.i - 1);
    }
    if (on.has('L')) {
      throw this.error("bad inline flags: cannot use 'L' flag with a str pattern", this.i - 1);
    }
    if (on.has('a') && on.has('u')) {
      throw this.error("bad inline flags: flags 'a', 'u' and 'L' are incompatible", this.i - 1);
    }
    if (on.has('x') || (global && off.has('x'))) {
      throw new UnsupportedConstruct('the verbose flag (?x) is not supported');
    }
    if (global && !mayBeGlobal) {
      throw this.error('global flags not at the start of the expression', at);
    }
    const pick = (c: 'i' | 'm' | 's', current: boolean): boolean =>
      on.has(c) ? true : off.has(c) ? false : current;
    const next: Flags = {
      i: pick('i', flags.i),
      m: pick('m', flags.m),
      s: pick('s', flags.s),
      a: on.has('a') ? true : on.has('u') ? false : flags.a,
    };
    if (!global) return next;
    if (on.has('u') && this.flags.a)
      throw new PatternError('ASCII and UNICODE flags are incompatible');
    if (on.has('a') && this.sawUnicodeFlag) {
      throw new PatternError('ASCII and UNICODE flags are incompatible');
    }
    if (on.has('u')) this.sawUnicodeFlag = true;
    this.flags = next;
    return 'global';
  }

  private sawUnicodeFlag = false;

  private escapeNode(flags: Flags, at: number): Node {
    const e = this.escape(at, false);
    if (e.kind === 'class')
      return { t: 'atom', text: classEscape(e.letter, flags.a), anchor: false };
    if (e.kind === 'anchor') {
      const text = e.letter === 'Z' ? '\\z' : `\\${e.letter}`;
      return { t: 'atom', text, anchor: true };
    }
    return this.charNode(e.code, flags);
  }

  /** The escape after a backslash at `at` (this.i is past the backslash). */
  escape(at: number, inSet: boolean): Escape {
    const c = this.p[this.i];
    if (c === undefined) throw this.error('bad escape (end of pattern)', at);
    this.i++;
    if ('dDwWsS'.includes(c)) return { kind: 'class', letter: c };
    if (c in SIMPLE_ESCAPES) return { kind: 'char', code: SIMPLE_ESCAPES[c] };
    if (c === 'b' && inSet) return { kind: 'char', code: 8 };
    if (!inSet && 'AZbB'.includes(c)) return { kind: 'anchor', letter: c };
    if (c === 'x' || c === 'u' || c === 'U') {
      const width = c === 'x' ? 2 : c === 'u' ? 4 : 8;
      const digits = this.p.slice(this.i, this.i + width);
      if (digits.length < width || ![...digits].every((d) => HEX.test(d))) {
        let shown = '';
        while (shown.length < digits.length && HEX.test(digits[shown.length])) {
          shown += digits[shown.length];
        }
        throw this.error(`incomplete escape \\${c}${shown}`, at);
      }
      this.i += width;
      const code = parseInt(digits, 16);
      if (code > 0x10ffff) throw this.error(`bad escape \\${c}${digits}`, at);
      if (code >= 0xd800 && code <= 0xdfff) {
        throw new UnsupportedConstruct('unpaired surrogate characters are not supported');
      }
      return { kind: 'char', code };
    }
    if (c === 'N') throw new UnsupportedConstruct('named characters \\N{...} are not supported');
    if (c >= '0' && c <= '9') return this.digitEscape(c, at, inSet);
    if (/[a-zA-Z]/.test(c)) throw this.error(`bad escape \\${c}`, at);
    this.i--;
    return { kind: 'char', code: this.codeAt(this.i++) };
  }

  private digitEscape(c: string, at: number, inSet: boolean): Escape {
    const next = this.p[this.i] ?? '';
    const third = this.p[this.i + 1] ?? '';
    if (c === '0' || (inSet && OCTAL.test(c))) {
      let digits = c;
      while (digits.length < 3 && OCTAL.test(this.p[this.i] ?? '')) digits += this.p[this.i++];
      return this.octal(digits, at);
    }
    if (inSet) throw this.error(`bad escape \\${c}`, at);
    if (OCTAL.test(c) && OCTAL.test(next) && OCTAL.test(third)) {
      this.i += 2;
      return this.octal(c + next + third, at);
    }
    throw new UnsupportedConstruct('backreferences are not supported');
  }

  private octal(digits: string, at: number): Escape {
    const code = parseInt(digits, 8);
    if (code > 0o377) {
      throw this.error(`octal escape value \\${digits} outside of range 0-0o377`, at);
    }
    return { kind: 'char', code };
  }

  /** Exposed for the set parser. */
  get source(): string {
    return this.p;
  }

  get position(): number {
    return this.i;
  }

  set position(at: number) {
    this.i = at;
  }

  fail(text: string, at: number): PatternError {
    return this.error(text, at);
  }

  readCode(): number {
    const at = this.i++;
    return this.codeAt(at);
  }
}
