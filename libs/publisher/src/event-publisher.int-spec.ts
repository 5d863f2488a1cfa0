import { connect, nanos, NatsError, type JetStreamManager, type NatsConnection } from 'nats';
import { EVENTS_WILDCARD, STREAM_DEFAULT } from '@authtrail/contracts';
import { booted, loggedIn } from '../../../test/fixtures/auth-events';
import { natsAuthConfig } from '../../../test/harness/nats-auth-config';
import { startConfiguredNats } from '../../../test/harness/nats-auth-server';
import { startNatsServer, type NatsServerHandle } from '../../../test/harness/nats-server';
import { AuthtrailPublisher } from './authtrail-publisher';
import { EventPublisher } from './event-publisher';
import { PublishFailedError } from './publish-failed.error';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function addStream(jsm: JetStreamManager) {
  return jsm.streams.add({
    name: STREAM_DEFAULT,
    subjects: [EVENTS_WILDCARD],
    duplicate_window: nanos(5 * 60_000),
  });
}

/** Every stored message's Nats-Msg-Id, in stream order. */
async function storedIds(jsm: JetStreamManager): Promise<string[]> {
  const { state } = await jsm.streams.info(STREAM_DEFAULT);
  const ids: string[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
    const message = await jsm.streams.getMessage(STREAM_DEFAULT, { seq });
    ids.push(message.header.get('Nats-Msg-Id'));
  }
  return ids;
}

describe('EventPublisher retries', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;

  beforeEach(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  });

  afterEach(async () => {
    await nc?.close();
    await server?.dispose();
  });

  it('retries while no stream answers (503) and stores the event once the stream exists', async () => {
    const publisher = new EventPublisher(nc, { retryDelayMs: 50 });
    const event = booted();
    const started = Date.now();
    const receipt = publisher.publish(event);
    await sleep(700);
    const jsm = await nc.jetstreamManager();
    await addStream(jsm);
    expect(await receipt).toEqual({ eventId: event.event_id, seq: 1, duplicate: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(await storedIds(jsm)).toEqual([event.event_id]);
  });

  it('retries through a server restart, and the event is stored exactly once', async () => {
    const jsm = await nc.jetstreamManager();
    await addStream(jsm);
    const publisher = new EventPublisher(nc, { timeoutMs: 400, retryDelayMs: 50 });
    const first = loggedIn();
    expect((await publisher.publish(first)).seq).toBe(1);

    await server.stop();
    const event = loggedIn();
    const started = Date.now();
    const receipt = publisher.publish(event);
    // Longer than several attempt timeouts: every attempt until the restart fails.
    await sleep(1_500);
    await server.start();
    expect(await receipt).toMatchObject({ eventId: event.event_id, seq: 2 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
    expect(await storedIds(await nc.jetstreamManager())).toEqual([first.event_id, event.event_id]);
  });

  it('gives up at the deadline with the last error, and says the event may be stored', async () => {
    const publisher = new EventPublisher(nc, { deadlineMs: 600, retryDelayMs: 50 });
    const started = Date.now();
    const error = (await publisher
      .publish(booted())
      .catch((e: unknown) => e)) as PublishFailedError;
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(PublishFailedError);
    expect(error.attempts).toBeGreaterThan(2);
    expect((error.cause as NatsError).code).toBe('503');
    expect(error.message).toMatch(/no stream answered on auth\.events\.truenas\.boot/);
    expect(error.message).toMatch(/publish it again with the same event id$/);
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(1_500);

    const once = new EventPublisher(nc, { attempts: 1 });
    await expect(once.publish(booted())).rejects.toMatchObject({ attempts: 1 });
  });
});

describe('EventPublisher and permissions', () => {
  const passwords = { authtrail: 'service-pw', 'host-truenas': 'truenas-pw' };
  let server: Awaited<ReturnType<typeof startConfiguredNats>>;
  let nc: NatsConnection;

  beforeAll(async () => {
    server = await startConfiguredNats(
      natsAuthConfig({
        service: { user: 'authtrail', password: passwords.authtrail },
        hosts: { truenas: { user: 'host-truenas', password: passwords['host-truenas'] } },
        readers: [],
      }),
    );
    const service = await connect({
      servers: server.url,
      user: 'authtrail',
      pass: passwords.authtrail,
    });
    await addStream(await service.jetstreamManager());
    await service.close();
    nc = await connect({
      servers: server.url,
      user: 'host-truenas',
      pass: passwords['host-truenas'],
    });
  });

  afterAll(async () => {
    await nc?.close();
    await server?.dispose();
  });

  it('never retries a permissions error: one attempt, thrown as NATS gave it', async () => {
    const own = new AuthtrailPublisher(nc, { host: 'truenas', retryDelayMs: 2_000 });
    expect((await own.boot()).seq).toBe(1);

    const other = new AuthtrailPublisher(nc, { host: 'nas2', retryDelayMs: 2_000 });
    const started = Date.now();
    const error = (await other.boot().catch((e: unknown) => e)) as NatsError;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(NatsError);
    expect(error.isPermissionError()).toBe(true);
    expect(error.message).toMatch(
      /Permissions Violation for Publish to "auth\.events\.nas2\.boot"/,
    );
    await sleep(200);
    expect(server.violations()).toEqual([
      expect.stringMatching(/Publish Violation .*auth\.events\.nas2\.boot/),
    ]);
  });

  it('stops a bulk publish at the first refused event', async () => {
    const publisher = new EventPublisher(nc);
    const events = [booted(), booted({ host: 'nas2' }), booted()];
    await expect(publisher.publishAll(events, 1)).rejects.toThrow(/Permissions Violation/);
    const service = await connect({
      servers: server.url,
      user: 'authtrail',
      pass: passwords.authtrail,
    });
    try {
      const { state } = await (await service.jetstreamManager()).streams.info(STREAM_DEFAULT);
      // The boot of the test before, and the first of these three.
      expect(state.messages).toBe(2);
    } finally {
      await service.close();
    }
  });
});
