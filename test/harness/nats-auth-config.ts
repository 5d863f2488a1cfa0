/**
 * The nats-server configuration of docs/nats-security.md: who may publish and subscribe to
 * what. The e2e test (test/e2e/nats-auth.e2e-spec.ts) starts nats-server with the text these
 * functions return, and checks that the document shows that same text.
 */
import {
  DEADLETTER_STREAM,
  STREAM_DEFAULT,
  CONSUMER_DEFAULT,
  Subjects,
  APPENDED_WILDCARD,
  DEADLETTER_WILDCARD,
  CHECKPOINT_BUCKET,
  CHECKPOINT_FEED_PREFIX,
  eventSubject,
  hostCommandSubject,
  hostCommandsWildcard,
  SESSIONS_CHANGED_WILDCARD,
  ALERTS_WILDCARD,
} from '@authtrail/contracts';

/** How a client proves who it is: a user name and password, or an NKey (its public key, `U...`). */
export type NatsPrincipal = { user: string; password: string } | { nkey: string };

export interface NatsPermissions {
  publish: { allow: string[]; deny?: string[] };
  subscribe: { allow: string[]; deny?: string[] };
  /** May answer the requests it receives (publish to their reply subjects, once each). */
  allow_responses?: boolean;
}

export interface AuthtrailNatsAuth {
  /** The audit service (one identity, however many replicas). */
  service: NatsPrincipal;
  /** Each publishing host by its short name (the `<host>` of `auth.events.<host>.<kind>`). */
  hosts: Record<string, NatsPrincipal>;
  /** People and programs that query (`authtrail auth sessions`, `audit ...`). */
  readers: NatsPrincipal[];
  /** Those who may also end sessions (`auth terminate_session`, `terminate_other_sessions`). */
  operators?: NatsPrincipal[];
  /** AUTHTRAIL_STREAM and AUTHTRAIL_CONSUMER of the service, if not the defaults. */
  stream?: string;
  consumer?: string;
  /** Server certificate and key (PEM): clients then connect with tls:// and NATS_TLS_CA. */
  tls?: { certFile: string; keyFile: string };
}

const INBOX = '_INBOX.>';
/** The stream behind the checkpoints' key-value bucket. */
const KV_STREAM = `KV_${CHECKPOINT_BUCKET}`;
const CHECKPOINT_FEED = `${CHECKPOINT_FEED_PREFIX}.>`;
/** Reading the bucket: its stream's info and the last value of a key (direct get or by API). */
const KV_READ = [
  `$JS.API.STREAM.INFO.${KV_STREAM}`,
  `$JS.API.DIRECT.GET.${KV_STREAM}.>`,
  `$JS.API.STREAM.MSG.GET.${KV_STREAM}`,
];

/**
 * The service: the JetStream API calls it makes on its own two streams and its consumer (look
 * up, create if missing, pull, ack, and read an events message by sequence: what the consumer
 * delivered beyond the log's position, e.g. after a restore), dead letters and append notifications, answers to requests
 * (replies go to the requester's `_INBOX`), a peer's replay when it joins after the stream dropped
 * history, and its query subjects. It cannot delete or purge a stream, read other streams, or
 * publish events.
 */
export function servicePermissions(
  stream = STREAM_DEFAULT,
  consumer = CONSUMER_DEFAULT,
): NatsPermissions {
  return {
    publish: {
      allow: [
        '$JS.API.INFO',
        `$JS.API.STREAM.INFO.${stream}`,
        `$JS.API.STREAM.CREATE.${stream}`,
        `$JS.API.STREAM.INFO.${DEADLETTER_STREAM}`,
        `$JS.API.STREAM.CREATE.${DEADLETTER_STREAM}`,
        `$JS.API.CONSUMER.INFO.${stream}.${consumer}`,
        `$JS.API.CONSUMER.CREATE.${stream}.${consumer}`,
        `$JS.API.CONSUMER.CREATE.${stream}.${consumer}.>`,
        `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.${consumer}`,
        `$JS.API.CONSUMER.MSG.NEXT.${stream}.${consumer}`,
        `$JS.API.STREAM.MSG.GET.${stream}`,
        `$JS.ACK.${stream}.${consumer}.>`,
        ...KV_READ,
        `$JS.API.STREAM.CREATE.${KV_STREAM}`,
        `$KV.${CHECKPOINT_BUCKET}.>`,
        DEADLETTER_WILDCARD,
        APPENDED_WILDCARD,
        SESSIONS_CHANGED_WILDCARD,
        ALERTS_WILDCARD,
        CHECKPOINT_FEED,
        Subjects.replay,
        hostCommandSubject('*', 'terminate'),
        eventSubject('*', 'terminate'),
        INBOX,
      ],
    },
    subscribe: {
      allow: [
        INBOX,
        Subjects.sessions,
        Subjects.sessionsField,
        'audit.>',
        '$SRV.>',
        Subjects.terminateSession,
        Subjects.terminateOtherSessions,
      ],
    },
  };
}

/**
 * A host: publish its own events (`auth.events.<host>.<kind>`, exactly four tokens) but never a
 * `terminate` record (the service's), and nothing else; the JetStream publish acknowledgement
 * comes back on its `_INBOX`. It receives its own commands only, and may answer them.
 */
export function hostPermissions(host: string): NatsPermissions {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(host)) throw new Error(`not a host name: ${host}`);
  return {
    publish: { allow: [`auth.events.${host}.*`], deny: [eventSubject(host, 'terminate')] },
    subscribe: { allow: [INBOX, hostCommandsWildcard(host)] },
    allow_responses: true,
  };
}

/**
 * A reader: requests to the query subjects (contract §5), replies on its `_INBOX`, the live
 * `audit.log.appended.>`, `auth.sessions.changed.>`, `audit.alert.>` and `audit.checkpoint.>`
 * feeds, and reading the checkpoints' bucket; it cannot publish events, fake append
 * notifications, session changes, alerts or checkpoints, or write the bucket.
 */
export function readerPermissions(): NatsPermissions {
  return {
    publish: {
      allow: [Subjects.sessions, Subjects.sessionsField, 'audit.>', '$SRV.>', ...KV_READ],
      deny: [APPENDED_WILDCARD, SESSIONS_CHANGED_WILDCARD, ALERTS_WILDCARD, CHECKPOINT_FEED],
    },
    subscribe: {
      allow: [
        INBOX,
        APPENDED_WILDCARD,
        SESSIONS_CHANGED_WILDCARD,
        ALERTS_WILDCARD,
        CHECKPOINT_FEED,
      ],
    },
  };
}

/** An operator: everything a reader may, and asking the service to end sessions. */
export function operatorPermissions(): NatsPermissions {
  const reader = readerPermissions();
  return {
    ...reader,
    publish: {
      ...reader.publish,
      allow: [...reader.publish.allow, Subjects.terminateSession, Subjects.terminateOtherSessions],
    },
  };
}

type ConfValue = string | number | boolean | ConfValue[] | { [key: string]: ConfValue };

function render(value: ConfValue, indent: string): string {
  const inner = `${indent}  `;
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === 'string') && value.join('').length <= 60) {
      return `[${value.map((item) => render(item, inner)).join(', ')}]`;
    }
    return `[\n${value.map((item) => `${inner}${render(item, inner)}`).join(',\n')}\n${indent}]`;
  }
  const lines = Object.entries(value).map(
    ([key, item]) => `${inner}${key}: ${render(item, inner)}`,
  );
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function principalEntry(principal: NatsPrincipal, permissions: NatsPermissions): ConfValue {
  if ('nkey' in principal && !/^U[A-Z2-7]{55}$/.test(principal.nkey)) {
    throw new Error(`not an NKey user public key (U...): ${principal.nkey}`);
  }
  const identity: Record<string, ConfValue> =
    'nkey' in principal
      ? { nkey: principal.nkey }
      : { user: principal.user, password: principal.password };
  return { ...identity, permissions: permissions as unknown as ConfValue };
}

function tlsBlock(tls: { certFile: string; keyFile: string } | undefined): string {
  if (!tls) return '';
  return `\ntls ${render({ cert_file: tls.certFile, key_file: tls.keyFile, timeout: 2 }, '')}\n`;
}

/** nats-server configuration text: authtrail's users and their permissions (and TLS, if given). */
export function natsAuthConfig(auth: AuthtrailNatsAuth): string {
  const users: ConfValue[] = [
    principalEntry(auth.service, servicePermissions(auth.stream, auth.consumer)),
    ...Object.entries(auth.hosts).map(([host, principal]) =>
      principalEntry(principal, hostPermissions(host)),
    ),
    ...auth.readers.map((principal) => principalEntry(principal, readerPermissions())),
    ...(auth.operators ?? []).map((principal) => principalEntry(principal, operatorPermissions())),
  ];
  return (
    `# authtrail: NATS users and permissions (docs/nats-security.md)\n` +
    `authorization ${render({ timeout: 2, users }, '')}\n` +
    tlsBlock(auth.tls)
  );
}

/** nats-server configuration text for one shared token (no per-user permissions). */
export function natsTokenConfig(
  token: string,
  tls?: { certFile: string; keyFile: string },
): string {
  return (
    `# authtrail: one shared token, full access (docs/nats-security.md)\n` +
    `authorization ${render({ token, timeout: 2 }, '')}\n` +
    tlsBlock(tls)
  );
}
