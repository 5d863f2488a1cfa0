import type { Msg, NatsConnection, Subscription } from 'nats';
import { errorReply, resultReply } from '@authtrail/audit-client';
import {
  hostCommandSubject,
  RpcErrorCode,
  type LogoutReason,
  type TerminateCommandResult,
} from '@authtrail/contracts';
import type { PublishReceipt } from './event-publisher';
import { readTerminateCommand, type TerminateRequest } from './terminate-command';

/**
 * Ends the session `sessionId` on this host: true when it did, false when the host has no such
 * session. A rejection is answered as the command's error (the service records it).
 */
export type TerminateHandler = (sessionId: string, request: TerminateRequest) => Promise<boolean>;

export interface CommandHandlers {
  terminate: TerminateHandler;
}

/** Serving a host's commands; `stop()` ends it (commands being handled are still answered). */
export interface CommandServer {
  readonly subject: string;
  /** Settles once the server has the subscription: commands sent from then on reach it. */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

/** What serving needs of the publisher: the host, and publishing the logout that follows. */
export interface CommandHost {
  readonly host: string;
  logout(input: { sessionId: string; reason: LogoutReason }): Promise<PublishReceipt>;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

function parse(data: Uint8Array): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(decoder.decode(data)) as unknown };
  } catch (error) {
    return { ok: false, problem: `the command is not JSON text: ${describe(error)}` };
  }
}

/** Runs one terminate command to the end: the handler, the logout, the reply. Never throws. */
async function terminate(host: CommandHost, handler: TerminateHandler, msg: Msg): Promise<void> {
  const respond = (reply: { data: Uint8Array; headers?: Msg['headers'] }) => {
    try {
      msg.respond(reply.data, reply.headers ? { headers: reply.headers } : undefined);
    } catch {
      // The connection is closing: the service sees no answer and records that.
    }
  };
  const fail = (code: RpcErrorCode, message: string) => respond(errorReply({ code, message }));
  const parsed = parse(msg.data);
  if (!parsed.ok) return fail(RpcErrorCode.BadRequest, parsed.problem);
  const command = readTerminateCommand(parsed.value);
  if (!command.ok) {
    return fail(
      RpcErrorCode.BadRequest,
      `invalid terminate command: ${command.problems.join('; ')}`,
    );
  }
  const { sessionId } = command.request;
  let ended: unknown;
  try {
    ended = await handler(sessionId, command.request);
  } catch (error) {
    return fail(RpcErrorCode.Internal, describe(error));
  }
  if (ended !== true) {
    const result: TerminateCommandResult = { terminated: false };
    return respond(resultReply(result));
  }
  try {
    const receipt = await host.logout({ sessionId, reason: 'TERMINATED' });
    const result: TerminateCommandResult = { terminated: true, stream_seq: receipt.seq };
    respond(resultReply(result));
  } catch (error) {
    fail(
      RpcErrorCode.Internal,
      `the session was ended, but its logout was not published: ${describe(error)}`,
    );
  }
}

/**
 * Answers `auth.commands.<host>.terminate` for this host only: each command is checked (a bad
 * one is answered with a 400, never a crash), handed to `handlers.terminate`, and when the session
 * was ended its logout (reason TERMINATED, this publisher's boot) is published before the reply
 * `{terminated: true, stream_seq}`. Commands are handled concurrently; one without a reply
 * subject is ignored (nobody could learn its outcome).
 */
export function serveHostCommands(
  connection: NatsConnection,
  host: CommandHost,
  handlers: CommandHandlers,
): CommandServer {
  if (typeof handlers?.terminate !== 'function') {
    throw new TypeError('serveCommands needs a terminate(sessionId, request) handler');
  }
  const subject = hostCommandSubject(host.host, 'terminate');
  const pending = new Set<Promise<void>>();
  const subscription: Subscription = connection.subscribe(subject, {
    callback: (error, msg) => {
      if (error || !msg.reply) return;
      const run = terminate(host, handlers.terminate, msg);
      pending.add(run);
      void run.finally(() => pending.delete(run));
    },
  });
  return {
    subject,
    ready: connection.flush(),
    async stop() {
      if (!subscription.isClosed()) subscription.unsubscribe();
      await Promise.all(pending);
    },
  };
}
