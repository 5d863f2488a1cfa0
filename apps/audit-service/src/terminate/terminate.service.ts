import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { activeSessions, resolveHost, type HostSessions } from '@authtrail/sessions';
import { untilApplied } from '../projection/read-your-writes';
import { SessionsProjection } from '../projection/sessions.projection';
import { RpcError } from '../rpc/rpc-error';
import type { SessionOutcome } from './command-outcome';
import { HostCommandsClient } from './host-commands.client';
import { othersFailure, terminateAnswer, type SessionResult } from './terminate-answers';
import { TerminateRecordPublisher } from './terminate-record.publisher';
import type { Requester, TerminateOthersQuery, TerminateSessionQuery } from './terminate-requests';

/** Commands in flight at once for terminate_other_sessions. */
const COMMANDS_AT_ONCE = 8;

/** One session's outcome, and the stream sequences its answer waits for. */
interface Ended extends SessionResult {
  streamSeqs: number[];
  /** Why its record could not be published, if it could not. */
  unrecorded?: string;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Ends sessions on their hosts (REF §2): a command to the host's handler, then a `terminate`
 * record of who asked and what came of it, then the answer once the host's logout and the record
 * are in the log and the projection (read-your-writes). All of it is asynchronous I/O: other
 * requests are answered meanwhile.
 */
@Injectable()
export class TerminateService {
  constructor(
    private readonly projection: SessionsProjection,
    private readonly commands: HostCommandsClient,
    private readonly records: TerminateRecordPublisher,
  ) {}

  /** `auth.terminate_session`: false when no live session has the id (the host is not asked). */
  async terminateSession(query: TerminateSessionQuery): Promise<boolean> {
    const target = this.hostOf(query.host);
    if (!target) return false;
    const live = target.sessions.sessions.has(query.id);
    const ended = await this.end(
      target,
      query.id,
      query,
      live ? undefined : { outcome: 'NOT_LIVE' },
    );
    await this.applied(ended.streamSeqs);
    if (ended.unrecorded) throw RpcError.busy(ended.unrecorded);
    const answer = terminateAnswer(ended.result);
    if (typeof answer !== 'boolean') throw new RpcError(answer);
    return answer;
  }

  /**
   * `auth.terminate_other_sessions`: every live session of the host but the caller's and the
   * internal ones. After a command the host did not answer, the rest are not sent (each is then
   * a NO_ANSWER), so a host that hangs costs one bound, not one per session.
   */
  async terminateOthers(query: TerminateOthersQuery): Promise<true> {
    const target = this.hostOf(query.host);
    const caller = query.callerSessionId;
    if (!target?.sessions.sessions.has(caller)) {
      const where = target ? ` on host "${target.host}"` : '';
      throw RpcError.notFound(
        `no live session "${caller}"${where}: caller_session_id must be the caller's own session`,
      );
    }
    const others = [...activeSessions(this.projection.state, target.host)]
      .filter((row) => !row.internal && row.id !== caller)
      .map((row) => row.id);
    let unanswered: string | undefined;
    // In the order of the sessions, whatever order the hosts answer in.
    const results: Ended[] = new Array(others.length);
    await eachAtOnce(others.keys(), COMMANDS_AT_ONCE, async (index) => {
      const skip: SessionOutcome | undefined = unanswered
        ? { outcome: 'NO_ANSWER', error: `not sent: ${unanswered}` }
        : undefined;
      const ended = await this.end(target, others[index], query, skip);
      if (ended.result.outcome === 'NO_ANSWER') unanswered ??= ended.result.error;
      results[index] = ended;
    });
    await this.applied(results.flatMap((ended) => ended.streamSeqs));
    const failure = othersFailure(
      results.map(({ sessionId, result, unrecorded }) =>
        unrecorded
          ? { sessionId, result: { outcome: 'FAILED', error: unrecorded } }
          : { sessionId, result },
      ),
    );
    if (failure) throw new RpcError(failure);
    return true;
  }

  /** The host named (or the only one known) and its boot, if the projection knows it. */
  private hostOf(name: string | undefined): { host: string; sessions: HostSessions } | undefined {
    const state = this.projection.state;
    const host = resolveHost(state, name);
    const sessions = host === undefined ? undefined : state.hosts.get(host);
    return host === undefined || sessions === undefined ? undefined : { host, sessions };
  }

  /** Asks the host to end one session (unless `outcome` is already known), then records it. */
  private async end(
    target: { host: string; sessions: HostSessions },
    sessionId: string,
    requester: Requester,
    outcome?: SessionOutcome,
  ): Promise<Ended> {
    const { host } = target;
    const bootId = target.sessions.bootId;
    const requestId = randomUUID();
    const result =
      outcome ??
      (await this.commands.terminate(host, {
        request_id: requestId,
        session_id: sessionId,
        ...(requester.requestedBy !== undefined && { requested_by: requester.requestedBy }),
      }));
    const streamSeqs =
      result.outcome === 'TERMINATED' && result.streamSeq ? [result.streamSeq] : [];
    try {
      const { requestedBy, callerSessionId } = requester;
      const record = { host, bootId, sessionId, requestId, result, requestedBy, callerSessionId };
      streamSeqs.push(await this.records.publish(record));
      return { sessionId, result, streamSeqs };
    } catch (error) {
      const unrecorded =
        `the request to end session "${sessionId}" on host "${host}" came to ` +
        `${result.outcome}, but its record was not published: ${describe(error)}`;
      return { sessionId, result, streamSeqs, unrecorded };
    }
  }

  /** Waits until the projection has applied every one of `streamSeqs` (a 504 after the bound). */
  private async applied(streamSeqs: readonly number[]): Promise<void> {
    const last = streamSeqs.reduce((max, seq) => Math.max(max, seq), 0);
    if (last > 0) await untilApplied(this.projection, last);
  }
}

/** Runs `run` over `items`, at most `limit` at once. */
async function eachAtOnce<T>(
  items: Iterable<T>,
  limit: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  const iterator = items[Symbol.iterator]();
  const worker = async () => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) await run(next.value);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}
