import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { alertSubject } from '@authtrail/contracts';
import type { AlertChange } from '@authtrail/detections';
import { NATS_CONNECTION } from '../nats/nats-connection';
import { DetectionsProjection } from './detections.projection';

/**
 * Publishes each alert opened or closed on `audit.alert.<rule>.<host>` (core NATS), as
 * `{"change": "opened"|"closed", "alert": <row>}`, once the entries that made the change are
 * committed and folded: what a restart folds again is not published again.
 */
@Injectable()
export class AlertNotifier {
  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    detections: DetectionsProjection,
  ) {
    detections.onAlertChanges((changes) => this.publish(changes));
  }

  private publish(changes: readonly AlertChange[]): void {
    for (const change of changes) {
      const { rule, host } = change.alert;
      this.connection.publish(alertSubject(rule, host), JSON.stringify(change));
    }
  }
}
