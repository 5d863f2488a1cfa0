import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { openAlertCounts } from '@authtrail/detections';
import { liveSessionCounts } from '@authtrail/sessions';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { DetectionsProjection } from '../detections/detections.projection';
import { NATS_CONNECTION } from '../nats/nats-connection';
import { SessionsProjection } from '../projection/sessions.projection';
import { IngestStatus, type BatchFigures } from '../status/ingest-status';
import { WitnessStatus } from '../status/witness-status';

/** Prometheus metrics of the service (scraped at GET /metrics); ingest's come from its status. */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  readonly registry = new Registry();
  /** Event-loop delay, sampled every 10 ms; read and reset by each scrape. */
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });
  private readonly ingested = new Counter({
    name: 'authtrail_events_ingested_total',
    help: 'Events appended to the log, by kind',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  private readonly deadLetters = new Counter({
    name: 'authtrail_dead_letters_total',
    help: 'Messages sent to the dead-letter stream',
    registers: [this.registry],
  });
  private readonly duplicateEvents = new Counter({
    name: 'authtrail_duplicate_events_total',
    help: 'Events whose event_id the log already held with the same event (not stored again)',
    registers: [this.registry],
  });
  private readonly batchSize = new Histogram({
    name: 'authtrail_batch_size',
    help: 'Messages per ingest batch',
    buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
    registers: [this.registry],
  });
  private readonly commitSeconds = new Histogram({
    name: 'authtrail_batch_commit_seconds',
    help: 'Time to validate and commit one ingest batch',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly querySeconds = new Histogram({
    name: 'authtrail_query_seconds',
    help: 'RPC handling time, by subject',
    labelNames: ['subject'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  private readonly witnessDisagreements = new Counter({
    name: 'authtrail_witness_disagreements_total',
    help: "Checkpoints of the log whose root is not the witness's own tree's at their size",
    registers: [this.registry],
  });
  private readonly witnessCosignatures = new Counter({
    name: 'authtrail_witness_cosignatures_total',
    help: 'Checkpoints of the log the witness cosigned and published',
    registers: [this.registry],
  });

  private readonly alertsOpened = new Counter({
    name: 'authtrail_alerts_opened_total',
    help: 'Alerts opened by the detections since start, by rule',
    labelNames: ['rule'],
    registers: [this.registry],
  });
  private readonly alertsClosed = new Counter({
    name: 'authtrail_alerts_closed_total',
    help: 'Alerts closed by the detections since start, by rule',
    labelNames: ['rule'],
    registers: [this.registry],
  });

  constructor(
    projection: SessionsProjection,
    status: IngestStatus,
    witness: WitnessStatus,
    @Inject(NATS_CONNECTION) connection: NatsConnection,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    detections: DetectionsProjection,
  ) {
    detections.onAlertChanges((changes) => {
      for (const { change, alert } of changes) {
        (change === 'opened' ? this.alertsOpened : this.alertsClosed).inc({ rule: alert.rule });
      }
    });
    new Gauge({
      name: 'authtrail_alerts_open',
      help: 'Open alerts, by rule',
      labelNames: ['rule'],
      registers: [this.registry],
      collect() {
        for (const [rule, n] of Object.entries(openAlertCounts(detections.state)))
          this.set({ rule }, n);
      },
    });
    new Gauge({
      name: 'authtrail_live_sessions',
      help: 'Live sessions per host',
      labelNames: ['host'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [host, n] of Object.entries(liveSessionCounts(projection.state)))
          this.set({ host }, n);
      },
    });
    status.onBatch((figures) => this.batch(figures));
    witness.onDisagreement(() => this.witnessDisagreements.inc());
    witness.onCosignature(() => this.witnessCosignatures.inc());
    const loopDelay = this.loopDelay;
    loopDelay.enable();
    new Gauge({
      name: 'authtrail_event_loop_delay_max_seconds',
      help: 'Longest event-loop stall since the previous scrape (since start for the first)',
      registers: [this.registry],
      collect() {
        // The histogram is in ns; without a sample yet its max is 0.
        this.set(loopDelay.count > 0 ? loopDelay.max / 1e9 : 0);
        loopDelay.reset();
      },
    });
    new Gauge({
      name: 'authtrail_consumer_lag',
      help: 'Messages in the stream not yet delivered to the durable consumer',
      registers: [this.registry],
      async collect() {
        try {
          const jsm = await connection.jetstreamManager();
          this.set((await jsm.consumers.info(config.stream, config.consumer)).num_pending);
        } catch {
          this.reset();
        }
      },
    });
  }

  onModuleDestroy(): void {
    this.loopDelay.disable();
  }

  private batch({ size, seconds, appended, deadLetters, duplicates }: BatchFigures): void {
    this.batchSize.observe(size);
    this.commitSeconds.observe(seconds);
    // One increment per kind and batch: a labelled increment per entry cost more than the count.
    const perKind = new Map<string, number>();
    for (const { kind } of appended) perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
    for (const [kind, n] of perKind) this.ingested.inc({ kind }, n);
    if (deadLetters > 0) this.deadLetters.inc(deadLetters);
    // Repeats of logged events (identical ones; a conflicting one is a dead letter).
    if (duplicates > 0) this.duplicateEvents.inc(duplicates);
  }

  query(subject: string, seconds: number): void {
    this.querySeconds.observe({ subject }, seconds);
  }
}
