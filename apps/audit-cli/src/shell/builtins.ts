/** Built-in commands of every namespace (REF §4.1), hidden from `ls`. */
export const BUILTIN_HELP: readonly [string, string][] = [
  ['..', 'Go one level up'],
  ['exit', 'Exit CLI'],
  ['ls', 'List available directories and commands'],
  ['man', 'Show help and examples for specific command'],
  ['?', 'List available built-in commands'],
  ['/', 'Go to the root level'],
  ['.mode', 'Get/set output mode'],
];

export const BUILTIN_NAMES = ['..', '/', 'exit', 'quit', 'ls', 'man', '?', 'help', '.mode'];

/** Name column padded to the longest name, then ` - `, then the description. */
export function padList(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...rows.map(([name]) => name.length));
  return rows.map(([name, text]) => `${name.padEnd(width)} - ${text}`).join('\n');
}
