import { pyRepr } from './py-repr';

export type CompiledRegex = { ok: true; regex: RegExp } | { ok: false; error: string };

const GLOBAL_FLAGS = /^\(\?([aiLmsux]+)\)/;

interface Flags {
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
}

function readFlags(letters: string, flags: Flags): string | undefined {
  for (const letter of letters) {
    if (letter === 'i') flags.ignoreCase = true;
    else if (letter === 'm') flags.multiline = true;
    else if (letter === 's') flags.dotAll = true;
    else if (letter !== 'u' && letter !== 'a') return `unsupported inline flag '${letter}'`;
  }
  return undefined;
}

/** Rewrites the Python-only syntax of a pattern into JavaScript syntax. */
function translate(pattern: string, flags: Flags): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      i++;
      if (!inClass && next === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && next === 'Z') out += '(?![\\s\\S])';
      else out += ch + next;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      if (pattern[i + 1] === '^') out += pattern[++i];
      if (pattern[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (pattern.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    const backref = /^\(\?P=(\w+)\)/.exec(pattern.slice(i));
    if (backref) {
      out += `\\k<${backref[1]}>`;
      i += backref[0].length - 1;
      continue;
    }
    const comment = /^\(\?#[^)]*\)/.exec(pattern.slice(i));
    if (comment) {
      i += comment[0].length - 1;
      continue;
    }
    if (ch === '.') out += flags.dotAll ? '[\\s\\S]' : '[^\\n]';
    else if (ch === '^') out += flags.multiline ? '(?:(?<![\\s\\S])|(?<=\\n))' : '(?<![\\s\\S])';
    else if (ch === '$') out += flags.multiline ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))';
    else out += ch;
  }
  return out;
}

/**
 * Compiles a Python `re` pattern for `re.match` semantics (anchored at the start): global inline
 * flags `(?ims)`, `(?P<name>...)`, `(?P=name)`, `\A`, `\Z`, Python's `^`, `$` and `.`.
 */
export function compilePythonRegex(pattern: string): CompiledRegex {
  const flags: Flags = { ignoreCase: false, multiline: false, dotAll: false };
  let body = pattern;
  const leading = GLOBAL_FLAGS.exec(body);
  if (leading) {
    const problem = readFlags(leading[1], flags);
    if (problem) return { ok: false, error: `${problem} in regular expression ${pyRepr(pattern)}` };
    body = body.slice(leading[0].length);
  }
  const misplaced = /\(\?[aiLmsux]+\)/.exec(body);
  if (misplaced) {
    const at = pattern.length - body.length + misplaced.index;
    return {
      ok: false,
      error: `global flags not at the start of the expression at position ${at}`,
    };
  }
  try {
    return { ok: true, regex: new RegExp(translate(body, flags), flags.ignoreCase ? 'iy' : 'y') };
  } catch (e) {
    const reason = e instanceof Error ? e.message.replace(/^.*: /, '') : String(e);
    return { ok: false, error: `invalid regular expression ${pyRepr(pattern)}: ${reason}` };
  }
}

/** `re.match(regex, s) is not None`. */
export function matchesAtStart(regex: RegExp, s: string): boolean {
  regex.lastIndex = 0;
  return regex.test(s);
}
