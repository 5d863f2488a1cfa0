import { Inject, Injectable } from '@nestjs/common';
import type { VerifyReply } from '@authtrail/contracts';
import { treeHash } from '@authtrail/merkle';
import { AUDIT_READER, EVENT_LOG, type AuditReader } from '../log/event-log.provider';
import type { TreeLog } from '../transparency/tree-log';
import type { SeqRange } from './audit-requests';

/** A verify that ran: when it ended, the range it covered and what it found. */
export interface VerifyRun {
  /** RFC 3339 time the run ended. */
  at: string;
  fromSeq: number;
  toSeq: number;
  result: VerifyReply;
}

/**
 * `audit.log.verify` (and the console's verify): the hash chain over a range, on the read pool,
 * with the tree's root at a size on request. Remembers the last run, for the console to show.
 */
@Injectable()
export class VerifyService {
  private last?: VerifyRun;

  constructor(
    @Inject(AUDIT_READER) private readonly reader: AuditReader,
    @Inject(EVENT_LOG) private readonly log: TreeLog,
  ) {}

  /** The last run's record, if any ran since start. */
  get lastRun(): VerifyRun | undefined {
    return this.last;
  }

  lastSeq(): number {
    return this.reader.lastSeq();
  }

  async verify({ fromSeq, toSeq, rootAt }: SeqRange & { rootAt?: number }): Promise<VerifyReply> {
    const result = await this.reader.verify(fromSeq, toSeq);
    const from = fromSeq ?? 1;
    this.record(
      from,
      Math.min(toSeq ?? Number.MAX_SAFE_INTEGER, from + result.checked - 1),
      result,
    );
    if (rootAt === undefined || !result.ok) return result;
    const root = treeHash(rootAt, this.log.treeReader());
    return { ...result, root: Buffer.from(root).toString('base64') };
  }

  /** Notes a run (one verify, or the console's run of several ranges, as one). */
  record(fromSeq: number, toSeq: number, result: VerifyReply): void {
    this.last = { at: new Date().toISOString(), fromSeq, toSeq, result };
  }
}
