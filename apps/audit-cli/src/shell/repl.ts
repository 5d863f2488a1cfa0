import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { SESSION_FIELDS } from '@authtrail/contracts';
import type { OutputMode } from '../render';
import { BUILTIN_HELP, BUILTIN_NAMES, padList } from './builtins';
import type { CliContext } from './cli-context';
import { formatError } from './format-error';
import { CliError } from '../rpc/rpc-client';
import { commandTree, firstWord, type Namespace } from './namespaces';

const MODES: OutputMode[] = ['csv', 'json', 'table'];
const HISTORY_LIMIT = 1000;

/** Where command history is kept: $AUTHTRAIL_HISTORY, else ~/.authtrail_history. */
export function historyPath(env: NodeJS.ProcessEnv): string {
  return env.AUTHTRAIL_HISTORY ?? join(homedir(), '.authtrail_history');
}

function loadHistory(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n').filter(Boolean).reverse().slice(0, HISTORY_LIMIT);
  } catch {
    return [];
  }
}

function saveHistory(path: string, line: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    appendFileSync(path, `${line}\n`, { mode: 0o600 });
  } catch {
    // history is a convenience; a read-only home must not break the shell
  }
}

/** The interactive shell: prompt, namespaces, built-ins, history and tab completion (REF §4.1). */
export class Repl {
  private readonly root: Namespace = commandTree();
  private path: Namespace[] = [];

  constructor(
    private readonly context: CliContext,
    private readonly hostLabel: string,
  ) {}

  get current(): Namespace {
    return this.path.at(-1) ?? this.root;
  }

  prompt(): string {
    const names = this.path.map((ns) => ns.name).join(' ');
    return `[${this.hostLabel}]${names ? ` ${names}` : ''}> `;
  }

  banner(): string {
    if (this.path.length === 0)
      return 'Type "ls" (followed by Enter) to list available configuration options';
    const first =
      [...this.current.children.values()].find((c) => c.kind === 'command')?.name ?? 'ls';
    return [
      `Type "ls" (followed by Enter) to list available ${this.path.map((n) => n.name).join(' ')} configuration options`,
      'Type "man" (followed by Action) to get help on how to use the specific Action.',
      '',
      'i.e.',
      `\tman ${first}`,
    ].join('\n');
  }

  /** Runs one line; returns false when the shell should end. */
  async handle(line: string): Promise<boolean> {
    const [word, rest] = firstWord(line);
    const out = this.context.out;
    switch (word) {
      case '':
        return true;
      case 'exit':
      case 'quit':
        return false;
      case '..':
        if (this.path.length > 0) {
          this.path.pop();
          out(this.banner());
        }
        return true;
      case '/':
        this.path = [];
        out(this.banner());
        return true;
      case 'ls':
        out(
          padList(
            [...this.current.children.values()]
              .map((c) => [c.name, c.description] as const)
              .sort(([a], [b]) => a.localeCompare(b)),
          ),
        );
        return true;
      case '?':
      case 'help':
        out(padList(BUILTIN_HELP));
        return true;
      case 'man':
        out(this.manual(rest.trim()));
        return true;
      case '.mode':
        this.setMode(rest.trim());
        return true;
    }
    const child = this.current.children.get(word);
    if (!child) throw new CliError(`Namespace ${word} not found`);
    if (child.kind === 'command') {
      await child.run(rest, this.context);
      return true;
    }
    this.path.push(child);
    if (rest.trim() === '') {
      out(this.banner());
      return true;
    }
    try {
      return await this.handle(rest);
    } finally {
      this.path.pop();
    }
  }

  /** Candidates for tab completion of `line`. */
  complete(line: string): [string[], string] {
    const words = line.split(/\s+/);
    const last = words.at(-1) ?? '';
    let ns = this.current;
    for (const word of words.slice(0, -1)) {
      const child = ns.children.get(word);
      if (child?.kind === 'namespace') ns = child;
      else if (child?.kind === 'command') {
        const columns = last.split(',');
        const stem = columns.at(-1) ?? '';
        const prefix = columns.slice(0, -1).join(',');
        const hits = (child.completions ?? [...SESSION_FIELDS, 'WHERE'])
          .filter((f) => f.startsWith(stem))
          .map((f) => (prefix ? `${prefix},${f}` : f));
        return [hits, last];
      } else return [[], last];
    }
    const names =
      words.length === 1 ? [...ns.children.keys(), ...BUILTIN_NAMES] : [...ns.children.keys()];
    return [names.filter((n) => n.startsWith(last)).sort(), last];
  }

  async run(
    input: NodeJS.ReadableStream,
    output: NodeJS.WritableStream,
    terminal: boolean,
  ): Promise<void> {
    const file = historyPath(process.env);
    const rl: Interface = createInterface({
      input,
      output,
      terminal,
      history: loadHistory(file),
      historySize: HISTORY_LIMIT,
      completer: (line: string) => this.complete(line),
    });
    // Ctrl-C reaches a running command that listens for SIGINT (audit tail); else it ends the shell.
    rl.on('SIGINT', () => {
      if (process.listenerCount('SIGINT') > 0) process.emit('SIGINT', 'SIGINT');
      else rl.close();
    });
    this.context.out(this.banner());
    rl.setPrompt(this.prompt());
    rl.prompt();
    for await (const line of rl) {
      if (line.trim()) saveHistory(file, line.trim());
      let go = true;
      try {
        go = await this.handle(line);
      } catch (error) {
        process.stderr.write(`${formatError(error)}\n\n`);
      }
      if (!go) break;
      rl.setPrompt(this.prompt());
      rl.prompt();
    }
    rl.close();
  }

  private manual(name: string): string {
    if (!name) return 'Usage: man <command>';
    const child = this.current.children.get(name);
    if (!child || child.kind !== 'command') return `Command ${name} not found`;
    return child.manual ?? child.description;
  }

  private setMode(mode: string): void {
    if (!mode) {
      this.context.out(`Current output mode: ${this.context.mode}`);
    } else if ((MODES as string[]).includes(mode)) {
      this.context.mode = mode as OutputMode;
    } else {
      this.context.out(`Error: Mode should be one of: ${MODES.join(', ')}`);
    }
  }
}
