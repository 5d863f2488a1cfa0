import { connect, type NatsConnection } from 'nats';
import { natsConnectionOptions } from '@authtrail/nats-config';
import {
  AuthtrailPublisher,
  type CommandServer,
  EventPublisher,
  readBootId,
} from '@authtrail/publisher';
import { spoolBootOnce } from './boot-once';
import { EventSpool } from './event-spool';
import type { HostSettings } from './host-config';
import { SessionRecords } from './session-records';
import { sendSpool, type SpoolReport } from './spool-sender';
import { terminatePamSession } from './terminate-pam-session';

/** How long one spooled event may take, retries included, before the agent tries again later. */
const EVENT_DEADLINE_MS = 10_000;

/**
 * `authtrail agent`: this host's side of authtrail as a daemon. It spools the `boot` event once
 * per boot, sends the spool at start and every interval (and as soon as NATS is reached), and
 * ends PAM sessions on terminate commands.
 */
export class HostAgent {
  private nc?: NatsConnection;
  private readonly timer: NodeJS.Timeout;
  private draining?: Promise<void>;
  private stopped = false;
  private lastProblem?: string;
  private commands?: CommandServer;

  private constructor(
    private readonly settings: HostSettings,
    private readonly bootId: string,
    private readonly spool: EventSpool,
    private readonly log: (line: string) => void,
  ) {
    const options = natsConnectionOptions(settings.natsEnv, `authtrail-agent-${settings.host}`);
    void connect({ ...options, waitOnFirstConnect: true, maxReconnectAttempts: -1 })
      .then(async (nc) => {
        if (this.stopped) {
          await nc.close();
          return;
        }
        this.nc = nc;
        this.log(`connected to ${nc.getServer()}`);
        this.serveCommands(nc);
        void this.drainSoon();
      })
      .catch((error: Error) => {
        this.log(`cannot connect to NATS at ${String(options.servers)}: ${error.message}`);
      });
    this.timer = setInterval(() => void this.drainSoon(), settings.agentIntervalMs);
  }

  /**
   * Starts the agent: the state and spool folders are checked (owner-only), the boot is spooled
   * when this boot has not been, and the spool is sent once NATS answers. Throws when the
   * folders, the boot id or the NATS settings are unusable.
   */
  static start(settings: HostSettings, log: (line: string) => void): HostAgent {
    const bootId = readBootId(settings.bootIdFile);
    if (bootId === undefined) throw new Error(`no boot id in ${settings.bootIdFile}`);
    new SessionRecords(settings.stateDir); // checks the state folder now, not at the first terminate
    const spool = new EventSpool(settings.spoolDir);
    const boot = spoolBootOnce(settings.stateDir, spool, settings.host, bootId, new Date());
    log(
      boot.spooled
        ? `boot ${bootId} of ${settings.host} spooled as event ${boot.event.event_id}`
        : `boot ${bootId} of ${settings.host} was announced before (event ${boot.event.event_id})`,
    );
    return new HostAgent(settings, bootId, spool, log);
  }

  /**
   * The terminate handler: ends the PAM session `sessionId` of this host (terminatePamSession);
   * false when it has no such live session.
   */
  readonly terminate = (sessionId: string): Promise<boolean> =>
    terminatePamSession(this.settings.stateDir, sessionId, {
      graceMs: this.settings.terminateGraceMs,
      bootIdFile: this.settings.bootIdFile,
    });

  /**
   * Answers `auth.commands.<host>.terminate` on this connection with the SDK's serveCommands:
   * terminate ends the PAM session, then the SDK publishes its logout (TERMINATED) and replies.
   * (Where systemd-logind runs, `loginctl terminate-session` is the alternative: docs/hosts.md.)
   */
  private serveCommands(nc: NatsConnection): void {
    const publisher = new AuthtrailPublisher(nc, {
      host: this.settings.host,
      bootId: this.bootId,
    });
    const commands = publisher.serveCommands({ terminate: this.terminate });
    this.commands = commands;
    void commands.ready.then(() => this.log(`answering terminate commands on ${commands.subject}`));
  }

  /** Sends the spool now unless a send is under way; the result is logged. */
  drainSoon(): Promise<void> {
    if (this.stopped || this.nc === undefined) return Promise.resolve();
    if (this.draining) return this.draining;
    const nc = this.nc;
    this.draining = sendSpool(
      this.spool,
      (subject, data, eventId) =>
        new EventPublisher(nc, { deadlineMs: EVENT_DEADLINE_MS }).publishRaw(
          subject,
          data,
          eventId,
        ),
      () => this.stopped,
    )
      .then((report) => this.report(report))
      .catch((error: Error) => this.problem(`the spool: ${error.message}`))
      .finally(() => {
        this.draining = undefined;
      });
    return this.draining;
  }

  private report(report: SpoolReport): void {
    for (const rejected of report.rejected) this.log(`moved aside, not an event: ${rejected}`);
    if (report.sent > 0) {
      this.log(
        `sent ${report.sent} spooled event(s) (${report.duplicates} already in the stream), ${report.left} left`,
      );
    }
    if (report.failure) this.problem(`${report.left} event(s) wait: ${report.failure.message}`);
    else this.lastProblem = undefined;
  }

  /** Logs a problem once, not at every interval while it lasts. */
  private problem(text: string): void {
    if (text !== this.lastProblem) this.log(text);
    this.lastProblem = text;
  }

  /** Stops the timer, lets a send under way finish its current event, and closes the connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.commands?.stop();
    await this.draining;
    const nc = this.nc;
    if (nc) await nc.drain().catch(() => nc.close());
  }
}
