import { Controller } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { Subjects } from '@authtrail/contracts';
import { alertRowJson } from '@authtrail/detections';
import type { QueryResult } from '@authtrail/filter-list';
import { KnownTextRows } from '../rpc/known-text-rows';
import { AlertsQueryService } from './alerts-query.service';
import { parseAlertsAtRequest, parseAlertsRequest } from './audit-requests';

/** `audit.alerts` and `audit.alerts.at` (docs/detections.md). */
@Controller()
export class AlertsController {
  constructor(private readonly alertsQuery: AlertsQueryService) {}

  /** A list of rows is replied with each row's JSON text as kept with the row (alertRowJson). */
  @MessagePattern(Subjects.alerts, Transport.NATS)
  async alerts(@Payload() data: unknown): Promise<QueryResult | KnownTextRows> {
    const result = await this.alertsQuery.alerts(parseAlertsRequest(data));
    return Array.isArray(result) ? new KnownTextRows(result, alertRowJson) : result;
  }

  @MessagePattern(Subjects.alertsAt, Transport.NATS)
  alertsAt(@Payload() data: unknown): Promise<QueryResult> {
    return this.alertsQuery.alertsAt(parseAlertsAtRequest(data));
  }
}
