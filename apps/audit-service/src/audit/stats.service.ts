import { Inject, Injectable } from '@nestjs/common';
import type { JetStreamManager, NatsConnection } from 'nats';
import { DEADLETTER_STREAM, type StatsReply } from '@authtrail/contracts';
import { openAlertCounts } from '@authtrail/detections';
import { liveSessionCounts } from '@authtrail/sessions';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { DetectionsProjection } from '../detections/detections.projection';
import {
  AUDIT_READER,
  EVENT_LOG,
  type AuditReader,
  type EventLog,
} from '../log/event-log.provider';
import { NATS_CONNECTION } from '../nats/nats-connection';
import { SessionsProjection } from '../projection/sessions.projection';
import { IngestStatus } from '../status/ingest-status';
import { NatsStatusLogger } from '../nats/nats-status.logger';
import type { StatsPage } from './audit-requests';

const byName = (a: string, b: string) => a.localeCompare(b);

/**
 * `audit.stats`: counts from the projection, sizes from the log, lag from JetStream. With a page,
 * `per_host` and `live_sessions` hold only the page's hosts (all hosts sorted by name, from its
 * offset), the totals stay those of every host, and `page` says where the page is.
 */
@Injectable()
export class StatsService {
  constructor(
    @Inject(EVENT_LOG) private readonly log: EventLog,
    @Inject(AUDIT_READER) private readonly reader: AuditReader,
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly projection: SessionsProjection,
    private readonly ingest: IngestStatus,
    private readonly natsStatus: NatsStatusLogger,
    private readonly detections: DetectionsProjection,
  ) {}

  async stats(page?: StatsPage): Promise<StatsReply> {
    const state = this.projection.state;
    const perHost: Record<string, Record<string, number>> = {};
    const perKind: Record<string, number> = {};
    let entries = 0;
    let live = liveSessionCounts(state);
    let pageInfo: StatsReply['page'];
    let onPage = (_host: string) => true;
    if (page) {
      const hosts = [...new Set([...state.entryCounts.keys(), ...state.hosts.keys()])].sort(byName);
      const end = page.limit === undefined ? undefined : page.offset + page.limit;
      const shown = new Set(hosts.slice(page.offset, end));
      onPage = (host) => shown.has(host);
      live = Object.fromEntries(Object.entries(live).filter(([host]) => shown.has(host)));
      pageInfo = { offset: page.offset, limit: page.limit ?? null, hosts: hosts.length };
    }
    for (const [host, counts] of [...state.entryCounts].sort(([a], [b]) => byName(a, b))) {
      if (onPage(host)) perHost[host] = { ...counts };
      for (const [kind, n] of Object.entries(counts)) {
        perKind[kind] = (perKind[kind] ?? 0) + n;
        entries += n;
      }
    }
    const jsm = await this.connection.jetstreamManager().catch(() => undefined);
    const [consumer, deadLetters] = jsm
      ? await Promise.all([this.consumer(jsm), this.deadLetters(jsm)])
      : [null, null];
    return {
      last_seq: this.log.lastSeq(),
      last_stream_seq: this.log.lastStreamSeq(),
      log_bytes: this.reader.sizeBytes(),
      entries,
      per_kind: perKind,
      per_host: perHost,
      live_sessions: live,
      ignored: {
        duplicate_logins: state.counters.duplicateLogins,
        unknown_logouts: state.counters.unknownLogouts,
        stale_events: state.counters.staleEvents,
        logins_after_logout: state.counters.loginsAfterLogout,
      },
      consumer,
      dead_letters: deadLetters,
      snapshot_seq: this.projection.lastSnapshotSeq,
      healthy: !this.ingest.health.failing && this.natsStatus.connected,
      memory: {
        rss_bytes: process.memoryUsage.rss(),
        heap_used_bytes: process.memoryUsage().heapUsed,
      },
      ingest: {
        failing: this.ingest.health.failing,
        ...(this.ingest.health.since && { since: this.ingest.health.since }),
        ...(this.ingest.health.lastError && { last_error: this.ingest.health.lastError }),
      },
      alerts: this.openAlerts(),
      ...(pageInfo && { page: pageInfo }),
    };
  }

  private openAlerts(): NonNullable<StatsReply['alerts']> {
    const perRule = openAlertCounts(this.detections.state);
    const open = Object.values(perRule).reduce((sum, n) => sum + n, 0);
    return { open, open_per_rule: perRule };
  }

  private async consumer(jsm: JetStreamManager): Promise<StatsReply['consumer']> {
    try {
      const info = await jsm.consumers.info(this.config.stream, this.config.consumer);
      return {
        name: info.name,
        pending: info.num_pending,
        ack_pending: info.num_ack_pending,
        redelivered: info.num_redelivered,
      };
    } catch {
      return null;
    }
  }

  private async deadLetters(jsm: JetStreamManager): Promise<number | null> {
    try {
      return (await jsm.streams.info(DEADLETTER_STREAM)).state.messages;
    } catch {
      return null;
    }
  }
}
