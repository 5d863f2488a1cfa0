import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { Subjects } from '@authtrail/contracts';
import type { QueryResult } from '@authtrail/filter-list';
import { AlertsQueryService } from './alerts-query.service';
import { parseAlertsAtRequest, parseAlertsRequest } from './audit-requests';

/** `audit.alerts` and `audit.alerts.at` (docs/detections.md). */
@Controller()
export class AlertsController {
  constructor(private readonly alertsQuery: AlertsQueryService) {}

  @MessagePattern(Subjects.alerts, Transport.NATS)
  alerts(@Payload() data: unknown): Promise<QueryResult> {
    return this.alertsQuery.alerts(parseAlertsRequest(data));
  }

  @MessagePattern(Subjects.alertsAt, Transport.NATS)
  alertsAt(@Payload() data: unknown): Promise<QueryResult> {
    return this.alertsQuery.alertsAt(parseAlertsAtRequest(data));
  }
}
