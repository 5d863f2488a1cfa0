import { SESSIONS_MANUAL, sessionsCommand } from '../commands/sessions.command';
import type { CliContext } from './cli-context';

export interface Command {
  kind: 'command';
  name: string;
  description: string;
  /** What `man <command>` prints. */
  manual?: string;
  run: (args: string, context: CliContext) => Promise<void>;
}

export interface Namespace {
  kind: 'namespace';
  name: string;
  description: string;
  children: Map<string, Namespace | Command>;
}

function namespace(
  name: string,
  description: string,
  children: (Namespace | Command)[],
): Namespace {
  return {
    kind: 'namespace',
    name,
    description,
    children: new Map(children.map((c) => [c.name, c])),
  };
}

/** The command tree, after TrueNAS midcli (REF §4.1). */
export function commandTree(): Namespace {
  return namespace('', '', [
    namespace('auth', 'Authentication sessions', [
      {
        kind: 'command',
        name: 'sessions',
        description: 'Returns a list of active auth sessions',
        manual: SESSIONS_MANUAL,
        run: sessionsCommand,
      },
    ]),
  ]);
}

/** Splits off the first word of a line. */
export function firstWord(line: string): [string, string] {
  const trimmed = line.trim();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  return match ? [match[1], match[2]] : ['', ''];
}
