import { join } from 'node:path';
import { freePort } from './free-port';
import { lastStreamSeqIn } from './log-file';
import { ServiceProcess } from './service-process';
import { waitFor } from './wait-for';

/** One service process of a replica set: its own durable consumer, log file and HTTP port. */
export class Replica {
  private constructor(
    readonly name: string,
    readonly service: ServiceProcess,
    readonly httpPort: number,
  ) {}

  /** A replica named `name` (its consumer too) with its log in `dir`; not started yet. */
  static async create(
    natsUrl: string,
    dir: string,
    name: string,
    extraEnv: Record<string, string> = {},
  ): Promise<Replica> {
    const httpPort = await freePort();
    const service = new ServiceProcess({
      NATS_URL: natsUrl,
      AUTHTRAIL_DB: join(dir, `${name}.db`),
      AUTHTRAIL_CONSUMER: name,
      AUTHTRAIL_HTTP_PORT: String(httpPort),
      ...extraEnv,
    });
    return new Replica(name, service, httpPort);
  }

  get env(): Record<string, string> {
    return this.service.env;
  }

  get dbPath(): string {
    return this.service.env.AUTHTRAIL_DB;
  }

  /** Waits until its log holds stream sequence `seq` (or a later one). */
  async waitForStreamSeq(seq: number, timeoutMs = 30_000): Promise<void> {
    await waitFor(
      `${this.name} to store stream sequence ${seq}`,
      () => (lastStreamSeqIn(this.dbPath) >= seq ? true : undefined),
      timeoutMs,
    );
  }

  /** How many `subject` requests this replica has answered (its own metrics). */
  async answered(subject: string): Promise<number> {
    const text = await (await fetch(`http://127.0.0.1:${this.httpPort}/metrics`)).text();
    const pattern = new RegExp(
      `^authtrail_query_seconds_count\\{subject="${subject.replace(/\./g, '\\.')}"\\} (\\d+)$`,
      'm',
    );
    return Number(pattern.exec(text)?.[1] ?? 0);
  }
}
