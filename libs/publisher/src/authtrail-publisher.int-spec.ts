import { connect, nanos, type JetStreamManager, type NatsConnection } from 'nats';
import { EVENTS_WILDCARD, STREAM_DEFAULT } from '@authtrail/contracts';
import { startNatsServer, type NatsServerHandle } from '../../../test/harness/nats-server';
import { AuthtrailPublisher, type LoginInput } from './authtrail-publisher';
import { readBootId } from './boot-id';
import { InvalidEventError } from './invalid-event.error';

const BOOT = '6d1c1e4e-8a3f-4b7e-9c2d-0e1f2a3b4c5d';
const AT = new Date('2023-07-25T17:54:49.000Z');

/** The stored message at `seq`: subject, Nats-Msg-Id and the parsed body. */
async function stored(jsm: JetStreamManager, seq: number) {
  const message = await jsm.streams.getMessage(STREAM_DEFAULT, { seq });
  return {
    subject: message.subject,
    msgId: message.header.get('Nats-Msg-Id'),
    body: message.json<Record<string, unknown>>(),
  };
}

const timestampOf = (uuid: string) => parseInt(uuid.replace(/-/g, '').slice(0, 12), 16);

describe('AuthtrailPublisher against nats-server', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let publisher: AuthtrailPublisher;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    jsm = await nc.jetstreamManager();
    await jsm.streams.add({
      name: STREAM_DEFAULT,
      subjects: [EVENTS_WILDCARD],
      duplicate_window: nanos(5 * 60_000),
    });
    publisher = new AuthtrailPublisher(nc, { host: 'nas-1', bootId: BOOT });
  });

  afterAll(async () => {
    await nc?.close();
    await server?.dispose();
  });

  const messageCount = async () => (await jsm.streams.info(STREAM_DEFAULT)).state.messages;

  it('publishes each kind to auth.events.<host>.<kind> with Nats-Msg-Id = event_id', async () => {
    const receipts = [
      await publisher.login({
        sessionId: 's1',
        internal: false,
        origin: '10.0.0.9:50000',
        credentials: 'LOGIN_PASSWORD',
        credentialsData: { username: 'alice' },
        occurredAt: AT,
      }),
      await publisher.loginFailed({
        origin: '10.0.0.9:50001',
        credentials: 'LOGIN_PASSWORD',
        error: 'bad password',
        occurredAt: AT,
      }),
      await publisher.logout({ sessionId: 's1', reason: 'EXPIRED', occurredAt: AT }),
      await publisher.boot({ occurredAt: AT }),
    ];
    const start = receipts[0].seq;
    expect(receipts.map((r) => r.seq)).toEqual([start, start + 1, start + 2, start + 3]);
    expect(receipts.every((r) => !r.duplicate)).toBe(true);
    expect(receipts.every((r) => timestampOf(r.eventId) === AT.getTime())).toBe(true);

    const envelope = (eventId: string) => ({
      event_id: eventId,
      version: 1,
      occurred_at: '2023-07-25T17:54:49.000Z',
      host: 'nas-1',
      boot_id: BOOT,
    });
    const expected = [
      {
        ...envelope(receipts[0].eventId),
        kind: 'login',
        session: {
          id: 's1',
          internal: false,
          origin: '10.0.0.9:50000',
          credentials: 'LOGIN_PASSWORD',
          credentials_data: { username: 'alice' },
        },
      },
      {
        ...envelope(receipts[1].eventId),
        kind: 'login_failed',
        origin: '10.0.0.9:50001',
        credentials: 'LOGIN_PASSWORD',
        credentials_data: {},
        error: 'bad password',
      },
      {
        ...envelope(receipts[2].eventId),
        kind: 'logout',
        session: { id: 's1' },
        reason: 'EXPIRED',
      },
      { ...envelope(receipts[3].eventId), kind: 'boot' },
    ];
    for (const [index, receipt] of receipts.entries()) {
      const kind = expected[index].kind;
      expect(await stored(jsm, receipt.seq)).toEqual({
        subject: `auth.events.nas-1.${kind}`,
        msgId: receipt.eventId,
        body: expected[index],
      });
    }
  });

  it('gives a duplicate the sequence of the stored event, and stores it once', async () => {
    const before = await messageCount();
    const eventId = '018f3a2b-0000-7000-8000-00000000d0b1';
    const first = await publisher.logout({ sessionId: 's2', eventId });
    const again = await publisher.logout({ sessionId: 's2', eventId });
    expect(first).toEqual({ eventId, seq: before + 1, duplicate: false });
    expect(again).toEqual({ eventId, seq: before + 1, duplicate: true });
    expect(await messageCount()).toBe(before + 1);
  });

  it('refuses an invalid event before sending anything', async () => {
    const before = await messageCount();
    await expect(
      publisher.login({
        sessionId: '',
        internal: false,
        origin: 'o',
        credentials: 'TOKEN',
      }),
    ).rejects.toThrow(
      new InvalidEventError(
        ['session.id must be longer than or equal to 1 characters'],
        'login event',
      ),
    );
    // What a JavaScript caller could pass: missing and mistyped fields.
    const sloppy = { sessionId: 's3', credentials: 'PASSWORD' } as unknown as LoginInput;
    await expect(publisher.login(sloppy)).rejects.toMatchObject({
      problems: [
        'session.internal must be a boolean value',
        'session.origin must be a string',
        expect.stringMatching(/^session\.credentials must be one of /),
      ],
    });
    await expect(publisher.boot({ occurredAt: new Date('yesterday') })).rejects.toThrow(
      'invalid event: occurredAt must be a valid Date',
    );
    await expect(publisher.boot({ eventId: 'e-1' })).rejects.toThrow(
      'invalid boot event: event_id must be a UUID',
    );
    expect(await messageCount()).toBe(before);
  });

  it('checks its host and boot id, and reads this machine boot id when none is given', () => {
    expect(() => new AuthtrailPublisher(nc, { host: 'nas.example', bootId: BOOT })).toThrow(
      /^invalid publisher options: host must be 1-64 of \[A-Za-z0-9_-\], not "nas.example"$/,
    );
    expect(() => new AuthtrailPublisher(nc, { host: 'nas', bootId: 'b' })).toThrow(
      'invalid publisher options: bootId must be a UUID, not "b"',
    );
    const local = readBootId();
    if (local === undefined) {
      expect(() => new AuthtrailPublisher(nc, { host: 'nas' })).toThrow(/bootId is required/);
    } else {
      expect(new AuthtrailPublisher(nc, { host: 'nas' }).bootId).toBe(local);
    }
  });
});
