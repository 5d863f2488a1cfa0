import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { OutputMode } from '../render';
import { BUILTIN_HELP, BUILTIN_NAMES, padList } from './builtins';
import type { CliContext } from '../commands/cli-context';
import { formatError } from './format-error';
import { CliError } from '../errors/cli-error';
import { completeNames, type Completion } from './completion';
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

  /** Candidates for tab completion of `line`, and the end of the line they replace. */
  complete(line: string): Completion {
    let ns = this.current;
    let rest = line.trimStart();
    for (;;) {
      const word = /^(\S+)\s+/.exec(rest);
      if (!word) return completeNames([...ns.children.keys(), ...BUILTIN_NAMES], rest);
      rest = rest.slice(word[0].length);
      if (word[1] === 'man') return completeNames(this.commandNames(ns), rest);
      const child = ns.children.get(word[1]);
      if (child?.kind === 'command') return child.complete(rest);
      if (!child) return [[], rest];
      ns = child;
    }
  }

  /**
   * Reads lines until `exit` or the end of input. On a terminal, Ctrl-C drops the line being
   * typed and gives a fresh prompt (or reaches a running command that listens for SIGINT, such
   * as `audit tail`), and Ctrl-D on an empty line ends the shell on a new line.
   */
  async run(
    input: NodeJS.ReadableStream,
    output: NodeJS.WritableStream,
    terminal: boolean,
    historyFile = historyPath(process.env),
  ): Promise<void> {
    const rl = createInterface({
      input,
      output,
      terminal,
      history: loadHistory(historyFile),
      historySize: HISTORY_LIMIT,
      completer: (line: string) => this.complete(line),
    }) as Interface & { clearLine?: () => void };
    let busy = false;
    rl.on('SIGINT', () => {
      if (process.listenerCount('SIGINT') > 0) process.emit('SIGINT', 'SIGINT');
      else if (busy) rl.close();
      else {
        // readline's own clearLine moves past the typed text to a new line and empties it
        if (rl.clearLine) rl.clearLine();
        else output.write('\n');
        rl.prompt();
      }
    });
    this.context.out(this.banner());
    rl.setPrompt(this.prompt());
    rl.prompt();
    let exited = false;
    for await (const line of rl) {
      if (line.trim()) saveHistory(historyFile, line.trim());
      busy = true;
      try {
        exited = !(await this.handle(line));
      } catch (error) {
        process.stderr.write(`${formatError(error)}\n\n`);
      }
      busy = false;
      if (exited) break;
      rl.setPrompt(this.prompt());
      rl.prompt();
    }
    rl.close();
    if (!exited && terminal) output.write('\n');
  }

  private commandNames(ns: Namespace): string[] {
    return [...ns.children.values()].filter((c) => c.kind === 'command').map((c) => c.name);
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
