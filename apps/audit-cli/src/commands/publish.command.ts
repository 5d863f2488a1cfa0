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
  bootEvent,
  EventPublisher,
  loginEvent,
  logoutEvent,
  readBootId,
  type EventOrigin,
  type PublishableEvent,
} from '@authtrail/publisher';
import { CliError, type RpcClient } from '../rpc/rpc-client';

/** Reads a JSON-lines file of events; every line must be an object with event_id, host and kind. */
export function readEventsFile(path: string): PublishableEvent[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`, 2);
  }
  const events: PublishableEvent[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new CliError(`${path}:${index + 1}: not JSON (${(error as Error).message})`, 2);
    }
    const event = value as Partial<PublishableEvent>;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new CliError(`${path}:${index + 1}: an event must be a JSON object`, 2);
    }
    for (const key of ['event_id', 'host', 'kind'] as const) {
      if (typeof event[key] !== 'string' || event[key] === '') {
        throw new CliError(`${path}:${index + 1}: "${key}" must be a non-empty string`, 2);
      }
    }
    events.push(event as PublishableEvent);
  });
  return events;
}

interface OriginFlags {
  host?: string;
  bootId?: string;
  at?: string;
  eventId?: string;
}

function originFrom(flags: OriginFlags): EventOrigin {
  const host = flags.host ?? hostname().split('.')[0];
  const bootId = flags.bootId ?? readBootId();
  if (!bootId) throw new CliError('--boot-id is required where the kernel has no boot_id', 2);
  const occurredAt = flags.at ? new Date(flags.at) : undefined;
  if (occurredAt && Number.isNaN(occurredAt.getTime())) {
    throw new CliError(`--at ${flags.at}: not an RFC 3339 time`, 2);
  }
  return { host, bootId, occurredAt, eventId: flags.eventId };
}

function parseJsonObject(text: string): JsonObject {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as JsonObject;
  } catch {
    // reported below
  }
  throw new CliError(`--credentials-data: ${text} is not a JSON object`, 2);
}

function withOrigin(command: Command): Command {
  return command
    .option('--host <name>', 'short host name (default: this machine)')
    .option('--boot-id <uuid>', 'boot id (default: this machine)')
    .option('--at <time>', 'when it happened, RFC 3339 (default: now)')
    .option('--event-id <uuid>', 'event id (default: a new UUIDv7)');
}

/** `authtrail publish ...`: publishes events for testing and scripting. */
export function publishCommand(rpc: RpcClient, print: (text: string) => void): Command {
  const send = async (events: PublishableEvent[]) => {
    const publisher = new EventPublisher(await rpc.nats());
    const progress = process.stderr.isTTY && events.length > 100;
    const receipts = await publisher.publishAll(events, 256, (done) => {
      if (progress && done % 100 === 0)
        process.stderr.write(`\rpublished ${done}/${events.length}`);
    });
    if (progress) process.stderr.write('\n');
    const duplicates = receipts.filter((r) => r.duplicate).length;
    const last = receipts.at(-1)?.seq ?? 0;
    print(
      `published ${receipts.length - duplicates} event(s), ${duplicates} duplicate(s), last stream seq ${last}`,
    );
  };

  const publish = new Command('publish')
    .description('publish events (a JSON-lines file, or one login/logout/boot)')
    .option('--file <path>', 'JSON-lines file of events')
    .action(async (flags: { file?: string }) => {
      if (!flags.file)
        throw new CliError('publish: give --file <path>, or one of login, logout, boot', 2);
      await send(readEventsFile(flags.file));
    });

  withOrigin(publish.command('login').description('publish a login'))
    .requiredOption('--session-id <id>', 'session id')
    .option('--origin <text>', 'connection origin', 'UNIX socket (pid=0 uid=0 gid=0)')
    .addOption(
      new Option('--credentials <type>', 'credential type')
        .choices(CREDENTIAL_TYPES)
        .default('UNIX_SOCKET'),
    )
    .option('--username <name>', 'credentials_data.username')
    .option('--credentials-data <json>', 'credentials_data as a JSON object')
    .option('--internal', 'an internal session', false)
    .action(
      async (
        flags: OriginFlags & {
          sessionId: string;
          origin: string;
          credentials: CredentialType;
          username?: string;
          credentialsData?: string;
          internal: boolean;
        },
      ) => {
        const data = flags.credentialsData ? parseJsonObject(flags.credentialsData) : {};
        if (flags.username !== undefined) data.username = flags.username;
        await send([
          loginEvent(originFrom(flags), {
            sessionId: flags.sessionId,
            internal: flags.internal,
            origin: flags.origin,
            credentials: flags.credentials,
            credentialsData: data,
          }),
        ]);
      },
    );

  withOrigin(publish.command('logout').description('publish a logout'))
    .requiredOption('--session-id <id>', 'session id')
    .addOption(
      new Option('--reason <reason>', 'why it ended').choices(LOGOUT_REASONS).default('LOGOUT'),
    )
    .action(async (flags: OriginFlags & { sessionId: string; reason: LogoutReason }) => {
      await send([logoutEvent(originFrom(flags), flags.sessionId, flags.reason)]);
    });

  withOrigin(publish.command('boot').description('publish a boot')).action(
    async (flags: OriginFlags) => {
      await send([bootEvent(originFrom(flags))]);
    },
  );

  return publish;
}
