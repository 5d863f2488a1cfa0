import { EVENT_KINDS, HOST_PATTERN } from '@authtrail/contracts';
import { CliError } from '../errors/cli-error';
import { EXIT_USAGE } from '../errors/exit-codes';

/** The `--from N` / `--to N` flags of `audit verify` and `audit replay`. */
export interface SeqRangeFlags {
  from?: number;
  to?: number;
}

/** The flags of `audit tail`. */
export interface TailFlags {
  host?: string;
  kind?: string;
  count?: number;
}

function usage(message: string): CliError {
  return new CliError(message, EXIT_USAGE);
}

/**
 * Reads `--name value` and `--name=value` pairs from a command's argument text. `allowed` maps each
 * flag name to the placeholder shown in errors (`{from: 'N'}`). Other words are collected into
 * `positional` when it is given, in order; anything else is a usage error.
 */
export function readFlags(
  command: string,
  text: string,
  allowed: Readonly<Record<string, string>>,
  positional?: string[],
): Map<string, string> {
  const hint = Object.entries(allowed)
    .map(([name, placeholder]) => `--${name} ${placeholder}`)
    .join(', ');
  const words = text.trim() === '' ? [] : text.trim().split(/\s+/);
  const flags = new Map<string, string>();
  for (let index = 0; index < words.length; index++) {
    const match = /^--([^=\s]+)(?:=(.*))?$/.exec(words[index]);
    if (!match && positional) {
      positional.push(words[index]);
      continue;
    }
    if (!match) throw usage(`${command}: unexpected argument "${words[index]}" (options: ${hint})`);
    const [, name, inline] = match;
    if (!Object.hasOwn(allowed, name)) {
      throw usage(`${command}: unknown option --${name} (options: ${hint})`);
    }
    if (flags.has(name)) throw usage(`${command}: --${name} given twice`);
    const value = inline ?? words[index + 1];
    if (inline === undefined) index++;
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
      throw usage(`${command}: --${name} needs a value (${allowed[name]})`);
    }
    flags.set(name, value);
  }
  return flags;
}

/** A whole number ≥ `min` given to `--name`; a usage error otherwise. */
export function integerFlag(command: string, name: string, text: string, min: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min) {
    const what = min > 0 ? 'a positive integer' : 'a non-negative integer';
    throw usage(`${command}: --${name} must be ${what}, not "${text}"`);
  }
  return value;
}

/** Parses `[--from N] [--to N]` (log seqs, inclusive). */
export function parseRangeFlags(command: string, text: string): SeqRangeFlags {
  const flags = readFlags(command, text, { from: 'N', to: 'N' });
  const range: SeqRangeFlags = {};
  const from = flags.get('from');
  const to = flags.get('to');
  if (from !== undefined) range.from = integerFlag(command, 'from', from, 0);
  if (to !== undefined) range.to = integerFlag(command, 'to', to, 0);
  if (range.from !== undefined && range.to !== undefined && range.to < range.from) {
    throw usage(`${command}: --to ${range.to} is before --from ${range.from}`);
  }
  return range;
}

/** Parses `[--host H] [--kind K] [--count N]` of `audit tail`. */
export function parseTailFlags(text: string): TailFlags {
  const command = 'audit tail';
  const flags = readFlags(command, text, { host: 'H', kind: 'K', count: 'N' });
  const tail: TailFlags = {};
  const host = flags.get('host');
  const kind = flags.get('kind');
  const count = flags.get('count');
  if (host !== undefined) {
    if (!HOST_PATTERN.test(host)) {
      throw usage(`${command}: --host "${host}" is not a host name ([A-Za-z0-9_-], 1-64)`);
    }
    tail.host = host;
  }
  if (kind !== undefined) {
    if (!(EVENT_KINDS as readonly string[]).includes(kind)) {
      throw usage(`${command}: --kind must be one of ${EVENT_KINDS.join(', ')}, not "${kind}"`);
    }
    tail.kind = kind;
  }
  if (count !== undefined) tail.count = integerFlag(command, 'count', count, 1);
  return tail;
}
