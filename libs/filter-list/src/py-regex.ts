import RE2 from 're2';
import { PatternError, UnsupportedConstruct } from './py-regex-errors';
import { PatternParser, type Flags, type Node } from './py-regex-parse';
import { pyRepr } from './py-repr';

/**
 * A Python `re` pattern compiled for RE2 (linear time in the input, whatever the pattern):
 * `regex` and the estimated size of its program (instructions, counted repetitions expanded);
 * or Python's error for an invalid pattern; or the construct RE2 cannot run.
 */
export type CompiledRegex =
  | {
      readonly kind: 'ok';
      /** `re.match(pattern, s) is not None`. */
      readonly test: (s: string) => boolean;
      readonly source: string;
      readonly size: number;
    }
  | { readonly kind: 'invalid'; readonly error: string }
  | { readonly kind: 'unsupported'; readonly error: string };

/** Case-insensitivity RE2 applies itself (under `(?a)` ASCII letters are folded in the text). */
const foldsUnicode = (flags: Flags): boolean => flags.i && !flags.a;

/** A set that matches nothing. */
const NOTHING = '[^\\x00-\\x{10ffff}]';

class Renderer {
  size = 0;
  /** Whether the pattern has `\B`, which Python never matches in an empty string. */
  nonBoundary = false;

  /** Renders for the empty string only (`\B` then fails, as in Python). */
  constructor(private readonly emptyInput = false) {}

  alternatives(alts: readonly Node[][], flags: Flags, final: boolean): string {
    return alts.map((items) => this.sequence(items, flags, final)).join('|');
  }

  private sequence(items: readonly Node[], flags: Flags, final: boolean): string {
    let out = '';
    let lastConsuming = -1;
    items.forEach((n, k) => {
      if (n.t !== 'eol') lastConsuming = k;
    });
    items.forEach((n, k) => {
      out += this.node(n, flags, final && k >= lastConsuming);
    });
    return out;
  }

  /**
   * One node; `final` when nothing after it in the pattern can consume a character (only the
   * ends of enclosing groups and alternatives, and other `$`, may follow).
   */
  private node(n: Node, flags: Flags, final: boolean): string {
    switch (n.t) {
      case 'atom':
        this.size += 1;
        if (n.text !== '\\B') return n.text;
        this.nonBoundary = true;
        return this.emptyInput ? NOTHING : n.text;
      case 'eol':
        this.size += 2;
        if (n.multiline) return '(?m:$)';
        // Python's `$`: at the end, or before a newline that ends the string. Where nothing
        // follows, taking that newline is the same; anywhere else it would need a lookahead.
        if (final) return '(?:\\n?\\z)';
        throw new UnsupportedConstruct(
          "'$' followed by more of the pattern (without the m flag) is not supported",
        );
      case 'group': {
        const opener =
          foldsUnicode(n.flags) === foldsUnicode(flags)
            ? '(?:'
            : foldsUnicode(n.flags)
              ? '(?i:'
              : '(?-i:';
        this.size += 1;
        return `${opener}${this.alternatives(n.alts, n.flags, final)})`;
      }
      case 'repeat': {
        const before = this.size;
        const body = this.node(n.body, flags, final && n.max <= 1);
        const bodySize = this.size - before;
        const copies = n.max === Infinity ? n.min + 1 : Math.max(n.max, 1);
        this.size = before + bodySize * copies + 1;
        return body + quantifier(n.min, n.max) + (n.lazy ? '?' : '');
      }
    }
  }
}

function quantifier(min: number, max: number): string {
  if (max === Infinity) return min === 0 ? '*' : min === 1 ? '+' : `{${min},}`;
  if (min === 0 && max === 1) return '?';
  return min === max ? `{${min}}` : `{${min},${max}}`;
}

function unsupportedText(pattern: string, construct: string): string {
  return `regular expression ${pyRepr(pattern)}: ${construct} (patterns run in linear time)`;
}

export interface Translation {
  readonly source: string;
  /** The source for an empty input, when it differs. */
  readonly emptySource?: string;
  readonly size: number;
}

/** Python `re` syntax and `re.match` semantics (anchored at the start) as an RE2 source. */
export function translatePythonRegex(pattern: string): Translation {
  const parser = new PatternParser(pattern);
  const alts = parser.parse();
  const root = parser.flags;
  const wrap = (body: string): string =>
    foldsUnicode(root) ? `\\A(?i:${body})` : `\\A(?:${body})`;
  const renderer = new Renderer();
  const source = wrap(renderer.alternatives(alts, root, true));
  if (!renderer.nonBoundary) return { source, size: renderer.size };
  const emptySource = wrap(new Renderer(true).alternatives(alts, root, true));
  return { source, emptySource, size: renderer.size };
}

function compileTranslation(t: Translation): (s: string) => boolean {
  const regex = new RE2(t.source, 'u');
  if (t.emptySource === undefined) return (s) => regex.test(s);
  const empty = new RE2(t.emptySource, 'u').test('');
  return (s) => (s === '' ? empty : regex.test(s));
}

/**
 * Compiles a Python `re` pattern for `re.match` semantics in RE2: flags `(?aimsu)` global or
 * scoped, `(?P<name>...)`, comments, Python's escapes, classes, `^`, `$`, `\A`, `\Z` and `.`.
 * Backreferences, lookaround, conditionals, atomic groups, possessive quantifiers, `(?x)` and
 * counts above 1000 cannot run in linear time (or here) and come back as `unsupported`.
 */
export function compilePythonRegex(pattern: string): CompiledRegex {
  let translated: Translation;
  try {
    translated = translatePythonRegex(pattern);
  } catch (e) {
    if (e instanceof PatternError) {
      return {
        kind: 'invalid',
        error: `invalid regular expression ${pyRepr(pattern)}: ${e.message}`,
      };
    }
    if (e instanceof UnsupportedConstruct) {
      return { kind: 'unsupported', error: unsupportedText(pattern, e.message) };
    }
    throw e;
  }
  try {
    const test = compileTranslation(translated);
    return { kind: 'ok', test, source: translated.source, size: translated.size };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const construct = /repetition/i.test(reason)
      ? 'repetition counts above 1000 are not supported (nested counts multiply)'
      : /too large|too big/i.test(reason)
        ? 'the pattern is too large'
        : `the pattern cannot be compiled (${reason})`;
    return { kind: 'unsupported', error: unsupportedText(pattern, construct) };
  }
}
