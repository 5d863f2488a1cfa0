import { Controller, Get, Header, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { NatsConnection } from 'nats';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config';
import { NATS_CONNECTION } from '../nats/nats-connection';
import { NatsStatusLogger } from '../nats/nats-status.logger';
import { SessionsProjection } from '../projection/sessions.projection';
import { IngestStatus } from '../status/ingest-status';
import { WitnessStatus } from '../status/witness-status';
import { MetricsService } from './metrics.service';

/** HTTP liveness, readiness and Prometheus metrics (only served when AUTHTRAIL_HTTP_PORT is set). */
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly natsStatus: NatsStatusLogger,
    private readonly ingest: IngestStatus,
    private readonly witness: WitnessStatus,
    private readonly projection: SessionsProjection,
    private readonly metrics: MetricsService,
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Get('health/live')
  @HealthCheck()
  live() {
    return this.health.check([() => this.indicator.check('process').up()]);
  }

  @Get('health/ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => {
        const nats = this.indicator.check('nats');
        return this.natsStatus.connected ? nats.up() : nats.down({ message: 'not connected' });
      },
      async () => {
        const jetstream = this.indicator.check('jetstream');
        try {
          const jsm = await this.connection.jetstreamManager();
          await jsm.consumers.info(this.config.stream, this.config.consumer);
          return jetstream.up({ stream: this.config.stream, consumer: this.config.consumer });
        } catch (error) {
          return jetstream.down({ message: (error as Error).message });
        }
      },
      () => {
        const log = this.indicator.check('log');
        const { failing, lastError } = this.ingest.health;
        return failing ? log.down({ message: lastError ?? 'batches fail to commit' }) : log.up();
      },
      () => this.indicator.check('projection').up({ last_seq: this.projection.state.lastSeq }),
      () => {
        const witness = this.indicator.check('witness');
        const { disagrees, reason, since, cosignedSize } = this.witness.health;
        return disagrees
          ? witness.down({ message: reason, since })
          : witness.up({ cosigned_size: cosignedSize });
      },
    ]);
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
