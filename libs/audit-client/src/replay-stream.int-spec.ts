import { connect, type Msg, type NatsConnection } from 'nats';
import { Subjects, type ReplayChunk } from '@authtrail/contracts';
import { startNatsServer, type NatsServerHandle } from '../../../test/harness/nats-server';
import type { ReplayFailure } from './replay-message';
import { streamReplay } from './replay-stream';

/** The failure itself, as the error a caller would word it into. */
class Failed extends Error {
  constructor(readonly failure: ReplayFailure) {
    super(failure.type);
  }
}

const options = { idleMs: 2_000, failure: (failure: ReplayFailure) => new Failed(failure) };

describe('streamReplay', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  let responder: NatsConnection;

  beforeAll(async () => {
    server = await startNatsServer([], { jetstream: false });
    nc = await connect({ servers: server.url });
    responder = await connect({ servers: server.url });
  });

  afterAll(async () => {
    await nc?.close();
    await responder?.close();
    await server?.dispose();
  });

  /** Answers the next audit.replay request with `answer` and returns the request body. */
  function answerWith(answer: (msg: Msg) => void): Promise<unknown> {
    return new Promise((resolve) => {
      responder.subscribe(Subjects.replay, {
        max: 1,
        callback: (_, msg) => {
          resolve(msg.json());
          answer(msg);
        },
      });
    });
  }

  const failureOf = (run: Promise<void>) =>
    run.then(
      () => undefined,
      (error: unknown) => (error as Failed).failure,
    );

  it('hands over each message until the closing empty one, awaiting each', async () => {
    const asked = answerWith((msg) => {
      msg.respond(JSON.stringify({ result: [{ seq: 1 }, { seq: 2 }] }));
      msg.respond(JSON.stringify({ result: [{ seq: 3 }] }));
      msg.respond(new Uint8Array());
    });
    await responder.flush();
    const seen: ReplayChunk[] = [];
    await streamReplay(
      nc,
      { from_seq: 1, to_seq: 3 },
      async (entries) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        seen.push(entries);
      },
      options,
    );
    expect(await asked).toEqual({ from_seq: 1, to_seq: 3 });
    expect(seen.map((chunk) => chunk.map((entry) => entry.seq))).toEqual([[1, 2], [3]]);
  });

  it('stops when the consumer returns false', async () => {
    void answerWith((msg) => {
      msg.respond(JSON.stringify({ result: [{ seq: 1 }] }));
      msg.respond(JSON.stringify({ result: [{ seq: 2 }] }));
      msg.respond(new Uint8Array());
    });
    await responder.flush();
    let calls = 0;
    await streamReplay(nc, {}, () => ++calls > 1, options);
    expect(calls).toBe(1);
  });

  it('fails with the error body the service sent', async () => {
    void answerWith((msg) => {
      msg.respond(JSON.stringify({ error: { code: 503, message: 'busy' } }));
      msg.respond(new Uint8Array());
    });
    await responder.flush();
    expect(await failureOf(streamReplay(nc, {}, () => true, options))).toEqual({
      type: 'error',
      error: { code: 503, message: 'busy' },
    });
  });

  it('fails when nobody listens, and when the service goes silent', async () => {
    expect(await failureOf(streamReplay(nc, {}, () => true, options))).toEqual({
      type: 'noResponders',
    });
    void answerWith((msg) => msg.respond(JSON.stringify({ result: [] })));
    await responder.flush();
    const idle = { ...options, idleMs: 300 };
    expect(await failureOf(streamReplay(nc, {}, () => true, idle))).toEqual({
      type: 'idle',
      idleMs: 300,
    });
  });
});
