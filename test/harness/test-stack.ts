import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, headers, type Msg, type NatsConnection } from 'nats';
import { eventSubject, Subjects } from '@authtrail/contracts';
import { startNatsServer, type NatsServerHandle } from './nats-server';
import { ServiceProcess } from './service-process';
import { waitFor } from './wait-for';

export interface RpcReply {
  body: { result?: unknown; error?: { code: number; message: string; errors?: unknown[] } };
  headers: Record<string, string>;
}

const encoder = new TextEncoder();

/** A nats-server, the service as a process, a SQLite file in a temporary dir and a client. */
export class TestStack {
  private constructor(
    readonly nats: NatsServerHandle,
    readonly service: ServiceProcess,
    readonly nc: NatsConnection,
    readonly dir: string,
  ) {}

  static async start(
    extraEnv: Record<string, string> = {},
    natsArgs: string[] = [],
  ): Promise<TestStack> {
    const nats = await startNatsServer(natsArgs);
    const dir = mkdtempSync(join(tmpdir(), 'authtrail-test-'));
    const service = new ServiceProcess({
      NATS_URL: nats.url,
      AUTHTRAIL_DB: join(dir, 'authtrail.db'),
      ...extraEnv,
    });
    try {
      await service.start();
      const nc = await connect({
        servers: nats.url,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 200,
      });
      return new TestStack(nats, service, nc, dir);
    } catch (error) {
      // Nothing it started outlives a failed start: a leftover nats-server would keep the test
      // run from ending.
      await service.stop('SIGKILL');
      await nats.dispose();
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  get dbPath(): string {
    return this.service.env.AUTHTRAIL_DB;
  }

  /** Environment for the CLI pointing at this stack. */
  get cliEnv(): Record<string, string> {
    return { NATS_URL: this.nats.url };
  }

  /** Publishes an event object (or raw bytes) with Nats-Msg-Id; returns the stream sequence. */
  async publish(
    event: { event_id: string; host: string; kind: string } | Uint8Array,
    subject?: string,
    msgId?: string,
  ): Promise<number> {
    const data = event instanceof Uint8Array ? event : encoder.encode(JSON.stringify(event));
    const target =
      subject ?? (event instanceof Uint8Array ? undefined : eventSubject(event.host, event.kind));
    if (!target) throw new Error('raw bytes need a subject');
    const id = msgId ?? (event instanceof Uint8Array ? undefined : event.event_id);
    const ack = await this.nc.jetstream().publish(target, data, id ? { msgID: id } : undefined);
    return ack.seq;
  }

  async request(subject: string, body: unknown | Uint8Array, timeout = 10_000): Promise<RpcReply> {
    const data = body instanceof Uint8Array ? body : encoder.encode(JSON.stringify(body));
    const msg: Msg = await this.nc.request(subject, data, { timeout });
    const h: Record<string, string> = {};
    for (const [key, values] of msg.headers ?? headers()) h[key] = values[0];
    return { body: JSON.parse(new TextDecoder().decode(msg.data)) as RpcReply['body'], headers: h };
  }

  /** auth.sessions after the projection has applied `afterSeq`. */
  async sessions(request: Record<string, unknown> = {}, afterSeq?: number): Promise<RpcReply> {
    return this.request(
      Subjects.sessions,
      afterSeq === undefined ? request : { ...request, after_seq: afterSeq },
    );
  }

  /** Waits (polling read-your-writes) until the service has applied stream sequence `seq`. */
  async waitUntilApplied(seq: number, timeoutMs: number, host = 'host-0'): Promise<void> {
    await waitFor(
      `stream sequence ${seq} to be applied`,
      async () => ((await this.sessions({ host }, seq)).body.error ? undefined : true),
      timeoutMs,
    );
  }

  async dispose(): Promise<void> {
    await this.nc.close().catch(() => undefined);
    await this.service.stop();
    await this.nats.dispose();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
