/**
 * Tab completion of the shell, as pure functions of the text typed. Each returns readline's pair:
 * the candidates and the end of the line they replace. A completed command word, flag, `WHERE`
 * or column of a WHERE expression ends with a space; a column of the select list does not (a
 * comma may follow).
 */
export type Completion = [string[], string];

/** Completes the words after a command. */
export type Completer = (args: string) => Completion;

const WHERE = 'WHERE ';
/** The column name being typed at the end of the text (possibly empty). */
const STEM = /[A-Za-z0-9_.]*$/;
/** A standalone WHERE keyword, the way the query grammar finds it. */
const WHERE_WORD = /(^|[^A-Za-z0-9_$])WHERE(?![A-Za-z0-9_$])/i;

function matching(words: readonly string[], stem: string, suffix = ''): string[] {
  return words.filter((word) => word.startsWith(stem)).map((word) => `${word}${suffix}`);
}

/** Names of namespaces, commands and built-ins: a unique hit completes the word and its space. */
export function completeNames(names: readonly string[], stem: string): Completion {
  return [matching([...new Set(names)].sort(), stem, ' '), stem];
}

/** `[<columns>|*] [WHERE <expression>]`: columns, then WHERE, then columns inside WHERE. */
export function queryCompleter(columns: readonly string[]): Completer {
  return (args) => {
    const stem = STEM.exec(args)?.[0] ?? '';
    const before = args.slice(0, args.length - stem.length);
    if (WHERE_WORD.test(before)) return [matching(columns, stem, ' '), stem];
    const typed = before.trim();
    // WHERE comes after the columns or `*` (the grammar reads a first word as a column)
    if (typed === '' || typed.endsWith(',')) return [matching(columns, stem), stem];
    return [matching([WHERE], stem), stem];
  };
}

/** Commands that take only flags (`--from N`): the flags, each with its space. */
export function flagCompleter(flags: readonly string[]): Completer {
  return (args) => {
    const stem = /\S*$/.exec(args)?.[0] ?? '';
    return [matching(flags, stem, ' '), stem];
  };
}

/**
 * Call commands (`terminate_session id="…"`): the argument names not given yet, each as `name=`
 * with no space, as midcli completes them.
 */
export function kwargCompleter(names: readonly string[]): Completer {
  return (args) => {
    const stem = /[A-Za-z0-9_]*$/.exec(args)?.[0] ?? '';
    const given = new Set([...args.matchAll(/([A-Za-z][A-Za-z0-9_]*)\s*=/g)].map((m) => m[1]));
    const open = names.filter((name) => !given.has(name));
    return [matching(open, stem, '='), stem];
  };
}

/** `<word> ...`: `first` completes the first word, `rest` what follows it. */
export function afterWord(first: Completer, rest: Completer): Completer {
  return (args) => {
    const match = /^\s*\S+\s+/.exec(args);
    return match ? rest(args.slice(match[0].length)) : first(args.trimStart());
  };
}

/** `audit at <time> sessions [<columns>|*] [WHERE ...]`. */
export function atCompleter(columns: readonly string[]): Completer {
  const time: Completer = (args) => [matching(['seq='], args), args];
  const sessions: Completer = (args) => [matching(['sessions'], args, ' '), args];
  return afterWord(time, afterWord(sessions, queryCompleter(columns)));
}
