import { BaseRpcContext } from '@nestjs/microservices';

type JetStreamContextArgs = [stream: string, firstStreamSeq: number, size: number];

/** Context of one ingest batch as the handler sees it. */
export class JetStreamContext extends BaseRpcContext<JetStreamContextArgs> {
  getStream(): string {
    return this.args[0];
  }

  getFirstStreamSeq(): number {
    return this.args[1];
  }

  getBatchSize(): number {
    return this.args[2];
  }
}
