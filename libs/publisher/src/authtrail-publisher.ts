import type { NatsConnection } from 'nats';
import {
  fetchReceipt,
  logSeqOfEvent,
  natsRpcCall,
  type ReceiptWait,
} from '@authtrail/audit-client';
import {
  eventSubject,
  HOST_PATTERN,
  type AuthEvent,
  type CredentialType,
  type JsonObject,
  type LogoutReason,
} from '@authtrail/contracts';
import { readBootId } from './boot-id';
import { serveHostCommands, type CommandHandlers, type CommandServer } from './command-server';
import {
  bootEvent,
  loginEvent,
  loginFailedEvent,
  logoutEvent,
  type EventOrigin,
} from './event-builders';
import { EventPublisher, type PublishReceipt } from './event-publisher';
import { encodeValidEvent, isUuid } from './event-checks';
import { InvalidEventError } from './invalid-event.error';
import type { RetryOptions } from './retry-policy';

export interface AuthtrailPublisherOptions extends RetryOptions {
  /** This host's short name, the `<host>` of `auth.events.<host>.<kind>`: 1-64 of [A-Za-z0-9_-]. */
  host: string;
  /** The host's boot; default: this machine's (/proc/sys/kernel/random/boot_id). */
  bootId?: string;
}

/** When and under which id; both default (now, a new UUIDv7 of that time). */
export interface EventTiming {
  occurredAt?: Date;
  /** A UUID; pass the same id again to re-send an event (JetStream and the log store it once). */
  eventId?: string;
}

export interface LoginInput extends EventTiming {
  sessionId: string;
  internal: boolean;
  /** The connection origin, e.g. `10.0.0.9:50000` or `UNIX socket (pid=1 uid=0 gid=0)`. */
  origin: string;
  credentials: CredentialType;
  /** Default `{}`. Secret-looking keys are redacted by the service, never stored. */
  credentialsData?: JsonObject;
}

export interface LogoutInput extends EventTiming {
  sessionId: string;
  /** Default `LOGOUT`. */
  reason?: LogoutReason;
}

export interface LoginFailedInput extends EventTiming {
  origin: string;
  credentials: CredentialType;
  /** Default `{}`. */
  credentialsData?: JsonObject;
  error: string;
}

export type BootInput = EventTiming;

/**
 * Which log entry a receipt is for: the event's id (a PublishReceipt will do), or the entry's log
 * seq. The log seq is not the `seq` of a PublishReceipt, which is the JetStream stream sequence.
 */
export type ReceiptTarget = { eventId: string } | { logSeq: number };

export interface ReceiptOptions extends ReceiptWait {
  /**
   * How long to wait, in all, for the event to be logged and a signed checkpoint to cover it;
   * default 5,000 ms.
   */
  waitMs?: number;
  /** How long each request waits for the service's answer; default 5,000 ms. */
  requestTimeoutMs?: number;
}

/**
 * Publishes one host's login, logout, login_failed and boot events to authtrail (contract §2).
 * Each event is checked against the service's rules before it is sent (InvalidEventError), and
 * retried on timeouts, lost connections and 503s until the deadline (PublishFailedError); a
 * permissions or other error is thrown at once. The receipt's `seq` is the stream sequence to
 * pass as `after_seq` to read your own writes.
 */
export class AuthtrailPublisher {
  readonly host: string;
  readonly bootId: string;
  private readonly publisher: EventPublisher;

  constructor(
    private readonly connection: NatsConnection,
    options: AuthtrailPublisherOptions,
  ) {
    const bootId = options.bootId ?? readBootId();
    const problems: string[] = [];
    if (typeof options.host !== 'string' || !HOST_PATTERN.test(options.host)) {
      problems.push(`host must be 1-64 of [A-Za-z0-9_-], not ${JSON.stringify(options.host)}`);
    }
    if (bootId === undefined) {
      problems.push('bootId is required: this system has no /proc/sys/kernel/random/boot_id');
    } else if (!isUuid(bootId)) {
      problems.push(`bootId must be a UUID, not ${JSON.stringify(bootId)}`);
    }
    if (problems.length > 0) throw new InvalidEventError(problems, 'publisher options');
    this.host = options.host;
    this.bootId = bootId as string;
    this.publisher = new EventPublisher(connection, options);
  }

  /** A session opened; its `created_at` is `occurredAt`. */
  login(input: LoginInput): Promise<PublishReceipt> {
    return this.send(() =>
      loginEvent(this.origin(input), {
        sessionId: input.sessionId,
        internal: input.internal,
        origin: input.origin,
        credentials: input.credentials,
        credentialsData: input.credentialsData ?? {},
      }),
    );
  }

  /** A session ended. */
  logout(input: LogoutInput): Promise<PublishReceipt> {
    return this.send(() =>
      logoutEvent(this.origin(input), input.sessionId, input.reason ?? 'LOGOUT'),
    );
  }

  /** A login attempt that failed (logged; it opens no session). */
  loginFailed(input: LoginFailedInput): Promise<PublishReceipt> {
    return this.send(() =>
      loginFailedEvent(this.origin(input), {
        origin: input.origin,
        credentials: input.credentials,
        credentialsData: input.credentialsData ?? {},
        error: input.error,
      }),
    );
  }

  /** The host started (this publisher's boot id): sessions of earlier boots end. */
  boot(input: BootInput = {}): Promise<PublishReceipt> {
    return this.send(() => bootEvent(this.origin(input)));
  }

  /**
   * A receipt that an event is in the log: its c2sp.org/tlog-proof text (index, audit path, the
   * service's signed checkpoint, and the entry's canonical text as extra data), which anyone with
   * the log's verifier key can check offline (`authtrail audit verify-proof`). `{ eventId }`
   * finds the entry's log seq with audit.log.query (`[["event_id", "=", id]]`, `get`), waiting
   * for an event just published to be logged; `{ logSeq }` names the entry directly. Either way
   * it waits for a checkpoint that covers the entry (the service signs within a second), up to
   * `waitMs` in all, then fails with a ReceiptError saying which was missing.
   */
  async receipt(target: ReceiptTarget, options: ReceiptOptions = {}): Promise<string> {
    const { waitMs = 5_000, requestTimeoutMs = 5_000, pollMs } = options;
    const call = natsRpcCall(this.connection, requestTimeoutMs);
    const deadline = Date.now() + waitMs;
    let seq: number;
    if ('logSeq' in target) {
      if (!Number.isSafeInteger(target.logSeq) || target.logSeq < 1) {
        throw new RangeError(`logSeq must be a positive integer, not ${String(target.logSeq)}`);
      }
      seq = target.logSeq;
    } else {
      if (!isUuid(target.eventId)) {
        throw new RangeError(`eventId must be a UUID, not ${JSON.stringify(target.eventId)}`);
      }
      seq = await logSeqOfEvent(call, target.eventId, { waitMs, pollMs });
    }
    return fetchReceipt(call, seq, { waitMs: Math.max(deadline - Date.now(), 0), pollMs });
  }

  /**
   * Serves this host's commands from authtrail (`auth.commands.<host>.terminate`): `terminate`
   * ends a session and says whether it did; the logout (reason TERMINATED) is then published here
   * and its stream sequence returned to the service, which answers once the log has it.
   * Serve from one process per host. `stop()` on the result ends it.
   */
  serveCommands(handlers: CommandHandlers): CommandServer {
    return serveHostCommands(this.connection, this, handlers);
  }

  private origin(timing: EventTiming): EventOrigin {
    const at = timing.occurredAt;
    if (at !== undefined && !(at instanceof Date && !Number.isNaN(at.getTime()))) {
      throw new InvalidEventError(['occurredAt must be a valid Date']);
    }
    return { host: this.host, bootId: this.bootId, occurredAt: at, eventId: timing.eventId };
  }

  /** Builds and checks the event (throwing before anything is sent), then publishes it. */
  private async send(build: () => AuthEvent): Promise<PublishReceipt> {
    const event = build();
    const data = encodeValidEvent(event);
    return this.publisher.publishRaw(eventSubject(event.host, event.kind), data, event.event_id);
  }
}
