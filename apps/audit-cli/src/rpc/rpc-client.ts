import { connect, Events, type NatsConnection } from 'nats';
import type { RpcErrorBody, RpcMap, SingleReplySubject } from '@authtrail/contracts';
import { natsConnectionOptions, type Env } from '@authtrail/nats-config';
import { CliError } from '../errors/cli-error';

/** No service answered a request: none is running, or it did not answer in time. */
export class NoAnswerError extends CliError {
  constructor(
    message: string,
    /** What happened, without the subject: "no authtrail service is answering". */
    readonly reason: string,
  ) {
    super(message);
  }
}

/** The service answered with an error body. */
export class RemoteError extends CliError {
  constructor(readonly body: RpcErrorBody) {
    super(body.message);
  }
}

const decoder = new TextDecoder();

/** A NATS connection opened on first use, for request-reply calls to the service. */
export class RpcClient {
  private connection?: Promise<NatsConnection>;
  /** Set by a command that follows until stopped: where it says the connection was lost. */
  private reportLoss?: (line: string) => void;

  constructor(
    private readonly env: Env,
    private readonly timeoutMs = 10_000,
  ) {}

  /**
   * For a command that follows until it is stopped (`tail`, `--follow`): its connection, once
   * made, reconnects for as long as NATS is away instead of giving up after two tries, and each
   * loss and return is told to `report` (a line for stderr). Called before the first request.
   */
  keepReconnecting(report: (line: string) => void): void {
    if (this.connection) throw new Error('keepReconnecting() must come before the first request');
    this.reportLoss = report;
  }

  nats(): Promise<NatsConnection> {
    if (!this.connection) {
      const options = natsConnectionOptions(this.env, 'authtrail-cli');
      const report = this.reportLoss;
      this.connection = connect({
        ...options,
        waitOnFirstConnect: false,
        maxReconnectAttempts: report ? -1 : 2,
        timeout: 3_000,
      }).then(
        (nc) => {
          if (report) void reportLosses(nc, report);
          return nc;
        },
        (error: Error) => {
          throw new CliError(
            `cannot connect to NATS at ${String(options.servers)}: ${error.message}`,
          );
        },
      );
    }
    return this.connection;
  }

  /**
   * One request-reply call: the reply's `result`, or its error body as a RemoteError. It waits
   * `timeoutMs` (default: the client's) for the answer.
   */
  async request<S extends SingleReplySubject>(
    subject: S,
    body: RpcMap[S]['request'],
    timeoutMs = this.timeoutMs,
  ): Promise<RpcMap[S]['reply']> {
    const nc = await this.nats();
    let reply;
    try {
      reply = await nc.request(subject, JSON.stringify(body), { timeout: timeoutMs });
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === '503') {
        const reason = 'no authtrail service is answering';
        throw new NoAnswerError(`${reason} on ${subject}`, reason);
      }
      if (code === 'TIMEOUT') {
        const within = `within ${timeoutMs} ms`;
        throw new NoAnswerError(
          `the authtrail service did not answer ${subject} ${within}`,
          `the authtrail service did not answer ${within}`,
        );
      }
      throw new CliError(`${subject}: ${(error as Error).message}`);
    }
    const answer = JSON.parse(decoder.decode(reply.data)) as {
      result: RpcMap[S]['reply'];
      error?: RpcErrorBody;
    };
    if (answer.error) throw new RemoteError(answer.error);
    return answer.result;
  }

  async close(): Promise<void> {
    if (!this.connection) return;
    const nc = await this.connection.catch(() => undefined);
    await nc?.close();
  }
}

/** Tells `report` each time the connection is lost and each time it is back. */
async function reportLosses(nc: NatsConnection, report: (line: string) => void): Promise<void> {
  for await (const status of nc.status()) {
    if (status.type === Events.Disconnect) {
      report('the connection to NATS was lost; reconnecting until it is back');
    } else if (status.type === Events.Reconnect) {
      report('the connection to NATS is back');
    }
  }
}
