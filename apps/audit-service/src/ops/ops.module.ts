import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DetectionsModule } from '../detections/detections.module';
import { ProjectionModule } from '../projection/projection.module';
import { StatusModule } from '../status/status.module';
import { HealthController } from './health.controller';
import { MetricsService } from './metrics.service';
import { ServiceDiscovery } from './service-discovery';

/**
 * Liveness, readiness, Prometheus metrics and NATS service discovery. The metrics are exported
 * for the query timing interceptor, which the root module registers for every handler.
 */
@Module({
  imports: [
    TerminusModule.forRoot({ logger: false }),
    ProjectionModule,
    StatusModule,
    DetectionsModule,
  ],
  controllers: [HealthController],
  providers: [MetricsService, ServiceDiscovery],
  exports: [MetricsService],
})
export class OpsModule {}
