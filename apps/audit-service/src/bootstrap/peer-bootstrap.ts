import type { LoggerService } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { Subjects } from '@authtrail/contracts';
import { ImportRefusedError, type EventLog } from '@authtrail/event-log';
import type { BootstrapSource } from '../config/service-config';
import { missingHistory } from '../transport/resume-point';
import { streamFirstSeq } from '../transport/stream-positions';
import { BootstrapError } from './bootstrap-error';
import { NoPeerError, PeerBusyError, replayWindow } from './peer-replay';

export interface PeerBootstrapOptions {
  connection: NatsConnection;
  log: EventLog;
  /** The log's file, for messages. */
  dbPath: string;
  stream: string;
  source: BootstrapSource;
  logger: LoggerService;
  /** Seqs asked for in one audit.replay request (each may go to another replica). */
  window?: number;
  /** How long a replica may stay silent in the middle of a replay. */
  idleMs?: number;
  /** Delays between asking again while the peers answer that they are busy (503). */
  busyRetryMs?: readonly number[];
}

const CONTEXT = 'PeerBootstrap';
const WINDOW = 20_000;
const IDLE_MS = 10_000;
/** About a minute of asking again, with backoff, before a busy peer counts as none. */
const BUSY_RETRY_MS = [500, 1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

/**
 * Run at start, before the service answers any RPC or pulls from the stream. When the stream's
 * limits have dropped messages the log never had, the log takes them from a peer replica (its
 * `audit.replay`, entries verbatim, each checked against the chain) so that it continues exactly
 * as the peer's log, then the consumer goes on from the stream. Refuses to start (BootstrapError)
 * when no peer answers, when peers are forbidden, or when a peer's entries do not hold together;
 * what was imported before stays, so the next start goes on from there. Returns the count imported.
 */
export async function bootstrapFromPeer(options: PeerBootstrapOptions): Promise<number> {
  const { connection, log, stream, logger } = options;
  const jsm = await connection.jetstreamManager();
  const first = await streamFirstSeq(jsm, stream);
  if (first === undefined) return 0;
  // The log's own ingest position says what it has handled; a durable consumer's state is not
  // consulted (it may be ahead of a restored log, or belong to another log).
  const gap = missingHistory(log.handledStreamSeq(), first);
  if (!gap) return 0;
  const lacking = `the log ${options.dbPath} lacks stream seqs ${gap.from}-${gap.to} of ${stream}, which the stream no longer holds`;
  if (options.source === 'off') {
    throw new BootstrapError(
      `${lacking}, and AUTHTRAIL_BOOTSTRAP=off forbids taking them from a peer`,
    );
  }
  const fromSeq = log.lastSeq() + 1;
  logger.log(
    `${lacking}: importing entries from seq ${fromSeq} from a peer's ${Subjects.replay}`,
    CONTEXT,
  );
  const started = performance.now();
  try {
    await importFromPeers(options);
  } catch (error) {
    if (error instanceof PeerBusyError) {
      throw new BootstrapError(
        `${lacking}, and the peers answering ${Subjects.replay} stayed busy (${error.message}): start this replica again later`,
      );
    }
    if (error instanceof NoPeerError) {
      throw new BootstrapError(
        `${lacking}, and no peer answered ${Subjects.replay}: start this replica while one that holds them runs`,
      );
    }
    if (error instanceof ImportRefusedError) {
      throw new BootstrapError(
        `refused the log a peer sent on ${Subjects.replay}: ${error.message}`,
      );
    }
    throw error;
  }
  const imported = log.lastSeq() - fromSeq + 1;
  logger.log(
    `imported ${imported} entries from a peer (seq ${fromSeq}-${log.lastSeq()}, up to stream seq ${log.lastStreamSeq()}) in ${Math.round(performance.now() - started)} ms`,
    CONTEXT,
  );
  return imported;
}

/**
 * Asks for window after window until one comes back short: the peer's log ends there. A window
 * a busy peer refused (503, before sending any entry) is asked again after a pause.
 */
async function importFromPeers(options: PeerBootstrapOptions): Promise<void> {
  const { connection, log, logger } = options;
  const size = options.window ?? WINDOW;
  const pauses = options.busyRetryMs ?? BUSY_RETRY_MS;
  for (let busy = 0; ;) {
    const from = log.lastSeq() + 1;
    const to = from + size - 1;
    try {
      await replayWindow(
        connection,
        { from, to },
        (entries) => log.importEntries(entries),
        options.idleMs ?? IDLE_MS,
      );
    } catch (error) {
      if (!(error instanceof PeerBusyError) || busy >= pauses.length) throw error;
      logger.warn(`a peer is busy (${error.message}); asking again in ${pauses[busy]} ms`, CONTEXT);
      await new Promise((resolve) => setTimeout(resolve, pauses[busy++]));
      continue;
    }
    busy = 0;
    if (log.lastSeq() < to) return;
  }
}
