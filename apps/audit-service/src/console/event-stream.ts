import type { ConsoleRequest, ConsoleResponse } from './console-http';

/** Between two comments that keep an idle stream open through proxies. */
const KEEP_ALIVE_MS = 15_000;

/** A Server-Sent Events stream on a response; `closed` once the client has gone. */
export class EventStream {
  private ended = false;
  private readonly keepAlive: NodeJS.Timeout;

  constructor(
    request: ConsoleRequest,
    private readonly response: ConsoleResponse,
    onClose: () => void,
  ) {
    response.statusCode = 200;
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    this.keepAlive = setInterval(() => this.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    request.on('close', () => {
      this.finish();
      onClose();
    });
  }

  get closed(): boolean {
    return this.ended;
  }

  /** One event named `name` whose data is `data` as JSON. */
  send(name: string, data: unknown): void {
    this.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  end(): void {
    this.finish();
    this.response.end();
  }

  private write(text: string): void {
    if (!this.ended) this.response.write(text);
  }

  private finish(): void {
    this.ended = true;
    clearInterval(this.keepAlive);
  }
}
