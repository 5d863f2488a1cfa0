import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { Command, Option } from 'commander';
import {
  CREDENTIAL_TYPES,
  LOGOUT_REASONS,
  type CredentialType,
  type JsonObject,
  type LogoutReason,
} from '@authtrail/contracts';
import {
  AuthtrailPublisher,
  eventProblems,
  EventPublisher,
  InvalidEventError,
  readBootId,
  type EventTiming,
  type PublishableEvent,
  type PublishReceipt,
} from '@authtrail/publisher';
import { CliError } from '../errors/cli-error';
import { EXIT_USAGE } from '../errors/exit-codes';
import type { RpcClient } from '../rpc/rpc-client';
import { logReport, publishSummary } from './publish-report';

/** The kinds `publish` sends one of, as commands. */
const KINDS = ['login', 'logout', 'login-failed', 'boot'];
const STDIN = '-';

/**
 * Reads a JSON-lines file of events (`-`: standard input); every line must be an event the
 * service accepts.
 */
export function readEventsFile(path: string, stdin: number | string = 0): PublishableEvent[] {
  let text: string;
  const name = path === STDIN ? 'standard input' : path;
  try {
    text = readFileSync(path === STDIN ? stdin : path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${name}: ${(error as Error).message}`, EXIT_USAGE);
  }
  const events: PublishableEvent[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new CliError(
        `${name}:${index + 1}: not JSON (${(error as Error).message})`,
        EXIT_USAGE,
      );
    }
    const problems = eventProblems(value);
    if (problems.length > 0) {
      throw new CliError(`${name}:${index + 1}: ${problems.join('; ')}`, EXIT_USAGE);
    }
    events.push(value as PublishableEvent);
  });
  return events;
}

interface OriginFlags {
  host?: string;
  bootId?: string;
  at?: string;
  eventId?: string;
}

/** The publisher for the host and boot of the flags (this machine's by default). */
async function publisherFor(
  rpc: RpcClient,
  kind: string,
  flags: OriginFlags,
): Promise<AuthtrailPublisher> {
  const host = hostOf(flags);
  const bootId = flags.bootId ?? readBootId();
  if (!bootId)
    throw new CliError('--boot-id is required where the kernel has no boot_id', EXIT_USAGE);
  try {
    return new AuthtrailPublisher(await rpc.nats(), { host, bootId });
  } catch (error) {
    throw usageError(kind, error);
  }
}

function hostOf(flags: OriginFlags): string {
  return flags.host ?? hostname().split('.')[0];
}

function timingFrom(flags: OriginFlags): EventTiming {
  const occurredAt = flags.at ? new Date(flags.at) : undefined;
  if (occurredAt && Number.isNaN(occurredAt.getTime())) {
    throw new CliError(`--at ${flags.at}: not an RFC 3339 time`, EXIT_USAGE);
  }
  return { occurredAt, eventId: flags.eventId };
}

/** The flag of each field or SDK option that a problem of InvalidEventError starts with. */
const FLAG_OF: Record<string, string> = {
  host: '--host',
  bootId: '--boot-id',
  boot_id: '--boot-id',
  occurredAt: '--at',
  occurred_at: '--at',
  event_id: '--event-id',
  'session.id': '--session-id',
  'session.internal': '--internal',
  'session.origin': '--origin',
  'session.credentials': '--credentials',
  'session.credentials_data': '--credentials-data',
  origin: '--origin',
  credentials: '--credentials',
  credentials_data: '--credentials-data',
  reason: '--reason',
  error: '--error',
};

/** A problem of the SDK (`bootId must be a UUID`) in the words of the flag typed (`--boot-id`). */
export function inFlagWords(problem: string): string {
  const [field, ...rest] = problem.split(' ');
  const flag = FLAG_OF[field];
  return flag ? [flag, ...rest].join(' ') : problem;
}

/**
 * An event the service would refuse is bad usage (exit 2), named by its flags (`publish
 * logout: --session-id must be ...`); anything else is passed on.
 */
function usageError(kind: string, error: unknown): unknown {
  if (!(error instanceof InvalidEventError)) return error;
  return new CliError(`publish ${kind}: ${error.problems.map(inFlagWords).join('; ')}`, EXIT_USAGE);
}

function parseJsonObject(text: string): JsonObject {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as JsonObject;
  } catch {
    // reported below
  }
  throw new CliError(`--credentials-data: ${text} is not a JSON object`, EXIT_USAGE);
}

function withOrigin(command: Command): Command {
  return command
    .option('--host <name>', 'short host name (default: this machine)')
    .option('--boot-id <uuid>', 'boot id (default: this machine)')
    .option('--at <time>', 'when it happened, RFC 3339 (default: now)')
    .option('--event-id <uuid>', 'event id (default: a new UUIDv7)');
}

function withCredentials(command: Command): Command {
  return command
    .option('--origin <text>', 'connection origin', 'UNIX socket (pid=0 uid=0 gid=0)')
    .addOption(
      new Option('--credentials <type>', 'credential type')
        .choices(CREDENTIAL_TYPES)
        .default('UNIX_SOCKET'),
    )
    .option('--username <name>', 'credentials_data.username')
    .option('--credentials-data <json>', 'credentials_data as a JSON object');
}

interface CredentialFlags {
  origin: string;
  credentials: CredentialType;
  username?: string;
  credentialsData?: string;
}

function credentialsDataFrom(flags: CredentialFlags): JsonObject {
  const data = flags.credentialsData ? parseJsonObject(flags.credentialsData) : {};
  if (flags.username !== undefined) data.username = flags.username;
  return data;
}

/** `authtrail publish ...`: publishes events for testing and scripting. */
export function publishCommand(rpc: RpcClient, print: (text: string) => void): Command {
  const report = async (host: string, receipts: PublishReceipt[]) => {
    print(publishSummary(receipts));
    const stored = await logReport(rpc, host, receipts);
    if (stored) print(stored);
  };
  const sendOne = async (
    kind: string,
    flags: OriginFlags,
    publish: (publisher: AuthtrailPublisher, timing: EventTiming) => Promise<PublishReceipt>,
  ) => {
    const timing = timingFrom(flags);
    const publisher = await publisherFor(rpc, kind, flags);
    let receipt: PublishReceipt;
    try {
      receipt = await publish(publisher, timing);
    } catch (error) {
      throw usageError(kind, error);
    }
    await report(hostOf(flags), [receipt]);
  };

  // Set before the subcommands are made: they take it from here (bad usage ends in a
  // CommanderError, which the CLI answers with exit 2, instead of process.exit(1)).
  const publish = new Command('publish')
    .exitOverride()
    .description('publish events (a JSON-lines file, or one login/logout/login-failed/boot)')
    .option('--file <path>', 'JSON-lines file of events (- for standard input)')
    .argument('[kind]', `one of ${KINDS.join(', ')}`)
    .action(async (kind: string | undefined, flags: { file?: string }) => {
      if (kind !== undefined)
        throw new CliError(
          `publish: unknown kind "${kind}": give one of ${KINDS.join(', ')}, or --file <path>`,
          EXIT_USAGE,
        );
      if (!flags.file)
        throw new CliError(
          `publish: give --file <path>, or one of ${KINDS.join(', ')}`,
          EXIT_USAGE,
        );
      const events = readEventsFile(flags.file);
      const publisher = new EventPublisher(await rpc.nats());
      const progress = process.stderr.isTTY && events.length > 100;
      const receipts = await publisher.publishAll(events, 256, (done) => {
        if (progress && done % 100 === 0)
          process.stderr.write(`\rpublished ${done}/${events.length}`);
      });
      if (progress) process.stderr.write('\n');
      await report(events.at(-1)?.host ?? hostOf({}), receipts);
    });

  withCredentials(withOrigin(publish.command('login').description('publish a login')))
    .requiredOption('--session-id <id>', 'session id')
    .option('--internal', 'an internal session', false)
    .action(
      async (flags: OriginFlags & CredentialFlags & { sessionId: string; internal: boolean }) => {
        const credentialsData = credentialsDataFrom(flags);
        await sendOne('login', flags, (publisher, timing) =>
          publisher.login({
            ...timing,
            sessionId: flags.sessionId,
            internal: flags.internal,
            origin: flags.origin,
            credentials: flags.credentials,
            credentialsData,
          }),
        );
      },
    );

  withOrigin(publish.command('logout').description('publish a logout'))
    .requiredOption('--session-id <id>', 'session id')
    .addOption(
      new Option('--reason <reason>', 'why it ended').choices(LOGOUT_REASONS).default('LOGOUT'),
    )
    .action(async (flags: OriginFlags & { sessionId: string; reason: LogoutReason }) => {
      await sendOne('logout', flags, (publisher, timing) =>
        publisher.logout({ ...timing, sessionId: flags.sessionId, reason: flags.reason }),
      );
    });

  withCredentials(
    withOrigin(publish.command('login-failed').description('publish a failed login attempt')),
  )
    .requiredOption('--error <text>', 'why the login failed')
    .action(async (flags: OriginFlags & CredentialFlags & { error: string }) => {
      const credentialsData = credentialsDataFrom(flags);
      await sendOne('login-failed', flags, (publisher, timing) =>
        publisher.loginFailed({
          ...timing,
          origin: flags.origin,
          credentials: flags.credentials,
          credentialsData,
          error: flags.error,
        }),
      );
    });

  withOrigin(publish.command('boot').description('publish a boot')).action(
    async (flags: OriginFlags) => {
      await sendOne('boot', flags, (publisher, timing) => publisher.boot(timing));
    },
  );

  return publish;
}
