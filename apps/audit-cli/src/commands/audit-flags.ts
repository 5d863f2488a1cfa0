import { EVENT_KINDS, HOST_PATTERN } from '@authtrail/contracts';
import { CliError } from '../errors/cli-error';
import { EXIT_USAGE } from '../errors/exit-codes';

/** The `--from N` / `--to N` flags of `audit verify` and `audit replay`. */
export interface SeqRangeFlags {
  from?: number;
  to?: number;
}

/** The flags of `audit verify`. */
export interface VerifyFlags extends SeqRangeFlags {
  /** The verifier key (text or file) of the log's signed checkpoints. */
  key?: string;
  /** How many of the given witnesses must have cosigned the checkpoint. */
  witnesses?: number;
  /** The witnesses' verifier keys, each `--witness-key` given (key texts or files). */
  witnessKeys?: string[];
  /** A file holding the checkpoint to compare with, instead of the bucket's newest. */
  checkpoint?: string;
}

/** The flags of `audit monitor`. */
export interface MonitorFlags {
  /** The dir keeping the last verified checkpoint. */
  state: string;
  key?: string;
  follow: boolean;
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
 * flag name to the placeholder shown in errors (`{from: 'N'}`), or to null for a switch, which
 * takes no value and reads as ''. Other words are collected into `positional` when it is given,
 * in order; anything else is a usage error. A flag may be given once, but those named in
 * `repeatable`, whose values are kept in order, one a line (a value never holds white space).
 */
export function readFlags(
  command: string,
  text: string,
  allowed: Readonly<Record<string, string | null>>,
  positional?: string[],
  repeatable: readonly string[] = [],
): Map<string, string> {
  const hint = Object.entries(allowed)
    .map(([name, placeholder]) => (placeholder === null ? `--${name}` : `--${name} ${placeholder}`))
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
    const before = flags.get(name);
    if (before !== undefined && !repeatable.includes(name)) {
      throw usage(`${command}: --${name} given twice`);
    }
    const placeholder = allowed[name];
    if (placeholder === null) {
      if (inline !== undefined) throw usage(`${command}: --${name} takes no value`);
      flags.set(name, '');
      continue;
    }
    const value = inline ?? words[index + 1];
    if (inline === undefined) index++;
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
      throw usage(`${command}: --${name} needs a value (${placeholder})`);
    }
    flags.set(name, before === undefined ? value : `${before}\n${value}`);
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

const RANGE_FLAGS = { from: 'N', to: 'N' } as const;

/** Parses `[--from N] [--to N]` (log seqs, inclusive). */
export function parseRangeFlags(command: string, text: string): SeqRangeFlags {
  return rangeOf(command, readFlags(command, text, RANGE_FLAGS));
}

/** The seq range of `--from` and `--to` among flags already read. */
function rangeOf(command: string, flags: Map<string, string>): SeqRangeFlags {
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

/**
 * Parses `[--from N] [--to N] [--key K] [--witnesses N] [--witness-key W]... [--checkpoint FILE]`
 * of `audit verify`.
 */
export function parseVerifyFlags(text: string): VerifyFlags {
  const command = 'audit verify';
  const flags = readFlags(
    command,
    text,
    { ...RANGE_FLAGS, key: 'K', witnesses: 'N', 'witness-key': 'W', checkpoint: 'FILE' },
    undefined,
    ['witness-key'],
  );
  const verify: VerifyFlags = rangeOf(command, flags);
  const key = flags.get('key');
  const witnesses = flags.get('witnesses');
  const witnessKey = flags.get('witness-key');
  const checkpoint = flags.get('checkpoint');
  if (key !== undefined) verify.key = key;
  if (witnesses !== undefined) verify.witnesses = integerFlag(command, 'witnesses', witnesses, 1);
  if (witnessKey !== undefined) verify.witnessKeys = witnessKey.split('\n');
  if (checkpoint !== undefined) verify.checkpoint = checkpoint;
  return verify;
}

/** Parses `--state DIR [--key K] [--follow]` of `audit monitor`. */
export function parseMonitorFlags(text: string): MonitorFlags {
  const command = 'audit monitor';
  const flags = readFlags(command, text, { state: 'DIR', key: 'K', follow: null });
  const state = flags.get('state');
  if (state === undefined) {
    throw usage(`${command}: --state DIR is required: where the last verified checkpoint is kept`);
  }
  const key = flags.get('key');
  return { state, ...(key === undefined ? {} : { key }), follow: flags.has('follow') };
}
